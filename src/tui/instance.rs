//! One interface on a base: a mark beside the base file says which program has it open, so a
//! second interface opened on it (a second terminal, a double click) says so and offers to
//! open read-only or quit, instead of two people typing into one base unawares.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The mark of the interface that has the base open; removed when it ends.
pub struct InterfaceMark {
    path: PathBuf,
}

/// What was found when opening the interface on a base.
pub enum Opening {
    /// No other interface: this one holds the mark.
    Alone(Option<InterfaceMark>),
    /// Another interface has it open: its computer and process number.
    Elsewhere { host: String, pid: u32 },
}

pub fn mark_path(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(".interface");
    PathBuf::from(p)
}

fn this_host() -> String {
    hostname::get()
        .map(|h| h.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Whether the process that left a mark is still running. Known on Linux for this computer;
/// elsewhere (another computer on a shared folder, another system) it is taken as running,
/// and the person chooses.
fn running(host: &str, pid: u32) -> bool {
    if host != this_host() {
        return true;
    }
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

/// Takes the mark of `db`, or says who holds it. A mark left by a program that ended without
/// removing it (killed, a power cut) is taken over. Whatever cannot be read or written (a
/// read-only folder) does not stop the interface: it opens as before.
pub fn claim(db: &Path) -> Opening {
    let path = mark_path(db);
    for _ in 0..2 {
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                let _ = writeln!(f, "{}\n{}", this_host(), std::process::id());
                return Opening::Alone(Some(InterfaceMark { path }));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let mut lines = text.lines();
                let host = lines.next().unwrap_or("").to_string();
                let pid = lines.next().and_then(|p| p.trim().parse().ok());
                match pid {
                    Some(pid) if running(&host, pid) => return Opening::Elsewhere { host, pid },
                    // Left by a program that is gone, or half written: taken over.
                    _ => {
                        let _ = std::fs::remove_file(&path);
                    }
                }
            }
            Err(_) => return Opening::Alone(None),
        }
    }
    Opening::Alone(None)
}

impl Drop for InterfaceMark {
    fn drop(&mut self) {
        // Only our own mark: another interface may have taken over a mark thought stale.
        let ours = std::fs::read_to_string(&self.path)
            .ok()
            .and_then(|t| t.lines().nth(1).and_then(|p| p.trim().parse::<u32>().ok()))
            == Some(std::process::id());
        if ours {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}
