//! One interface on a base: a mark beside the base file says which program has it open, so a
//! second interface opened on it (a second terminal, a double click) says so and offers to
//! open read-only or quit, instead of two people typing into one base unawares.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Sender, channel};
use std::time::{Duration, SystemTime};

/// How often a running interface renews its mark's time.
const BEAT: Duration = Duration::from_secs(30);
/// A mark not renewed for this long was left by a program that ended without removing it
/// (killed, a power cut), whatever its process number says (numbers are reused; on Windows,
/// or from another computer, they cannot be checked at all).
pub const STALE: Duration = Duration::from_secs(120);

/// The mark of the interface that has the base open; renewed while it runs, removed when it
/// ends.
pub struct InterfaceMark {
    path: PathBuf,
    /// Dropped with the mark: the thread renewing it stops.
    _beat: Sender<()>,
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

/// Whether the program that left a mark is still running: its mark was renewed lately, and,
/// on Linux for this computer, its process is there.
fn running(path: &Path, host: &str, pid: u32) -> bool {
    let age = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .unwrap_or_default();
    if age > STALE {
        return false;
    }
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
                let (beat, stop) = channel::<()>();
                let renewed = path.clone();
                std::thread::spawn(move || {
                    // Until the mark is dropped (the sender with it): its time renewed.
                    while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                        stop.recv_timeout(BEAT)
                    {
                        if let Ok(f) = std::fs::OpenOptions::new().write(true).open(&renewed) {
                            let _ = f.set_modified(SystemTime::now());
                        }
                    }
                });
                return Opening::Alone(Some(InterfaceMark { path, _beat: beat }));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let mut lines = text.lines();
                let host = lines.next().unwrap_or("").to_string();
                let pid = lines.next().and_then(|p| p.trim().parse().ok());
                match pid {
                    Some(pid) if running(&path, &host, pid) => {
                        return Opening::Elsewhere { host, pid };
                    }
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
