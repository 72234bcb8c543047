//! What `update` needs from the world, handed to it rather than read by it: the time, new ids
//! and the files that complete a typed path. The program uses the system's; a test gives fixed
//! ones, so a message always gives the same state and commands.

use std::sync::Arc;

use super::form::Completer;
use crate::store::WallClock;

pub type Files = Arc<dyn Fn(&str, &[&str]) -> Vec<(String, String)> + Send + Sync>;

#[derive(Clone)]
pub struct Env {
    /// The wall clock, in milliseconds since 1970 (UTC).
    pub clock: WallClock,
    /// A new record id (a UUID v7 in the program).
    pub ids: Arc<dyn Fn() -> String + Send + Sync>,
    /// The folders, and the files with one of the extensions, that a typed path may go on
    /// with: (what to type, what to show).
    pub files: Files,
}

impl Env {
    /// The system's clock (with the test offset the store honours too), UUID v7 ids and the
    /// real file system.
    pub fn system() -> Env {
        Env {
            clock: crate::store::system_wall_clock(),
            ids: Arc::new(crate::store::new_id),
            files: Arc::new(super::effects::complete_files),
        }
    }

    pub fn now_ms(&self) -> i64 {
        (self.clock)()
    }

    pub fn new_id(&self) -> String {
        (self.ids)()
    }

    /// The completion of a path field: folders and files with one of `extensions`.
    pub fn path_completer(&self, extensions: &'static [&'static str]) -> Completer {
        let files = self.files.clone();
        Arc::new(move |typed: &str| files(typed, extensions))
    }

    /// Today on this laptop's calendar, `aaaa-mm-jj`.
    pub fn today(&self) -> String {
        chrono::DateTime::from_timestamp_millis(self.now_ms())
            .map(|d| {
                d.with_timezone(&chrono::Local)
                    .format("%Y-%m-%d")
                    .to_string()
            })
            .unwrap_or_default()
    }
}

impl std::fmt::Debug for Env {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Env")
            .field("now_ms", &self.now_ms())
            .finish()
    }
}
