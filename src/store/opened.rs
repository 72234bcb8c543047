//! The files this program has open through SQLite, and what they hold.
//!
//! On Linux and macOS, SQLite's locks on a file are POSIX record locks, which the system drops
//! for the whole process as soon as any descriptor of that file is closed. Opening the base a
//! second time (the sync worker beside the interface) must therefore not read its header or
//! try it for writing through the file system: the interface's connection would lose its
//! locks, and another program (DB Browser, `sqlite3`) could then take the base's WAL for
//! abandoned and delete it under it. What was learnt at the first opening is used instead.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};

use super::cipher::Content;

/// Open files: how many stores have each open, and what it holds.
static OPEN: LazyLock<Mutex<HashMap<PathBuf, (usize, Content)>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// The same file whatever the path given (relative, through a link).
fn key(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// What `path` holds, when a store of this program has it open now.
pub fn content(path: &Path) -> Option<Content> {
    let open = OPEN.lock().unwrap_or_else(|e| e.into_inner());
    open.get(&key(path)).map(|(_, content)| *content)
}

/// Notes `path` open until the returned value is dropped.
pub fn hold(path: &Path, content: Content) -> Held {
    let path = key(path);
    let mut open = OPEN.lock().unwrap_or_else(|e| e.into_inner());
    open.entry(path.clone()).or_insert((0, content)).0 += 1;
    Held(path)
}

/// A file noted open (`hold`).
pub struct Held(PathBuf);

impl Drop for Held {
    fn drop(&mut self) {
        let mut open = OPEN.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(entry) = open.get_mut(&self.0) {
            entry.0 -= 1;
            if entry.0 == 0 {
                open.remove(&self.0);
            }
        }
    }
}
