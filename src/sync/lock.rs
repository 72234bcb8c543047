//! The lock file beside a shared file, so two laptops (or a laptop and the central merge) never
//! publish at once.
//!
//! A lock names its owner: host, process id, the process's start time and a random token. It
//! is broken only when its owner is gone:
//! - on the same host, at once when the owner process no longer exists (a killed sync does not
//!   block the next one);
//! - from another host, when the owner has not refreshed it for [`STALE`] (a live owner touches
//!   it every [`HEARTBEAT`]; a laptop whose lid closed mid-sync stops doing so).
//!
//! Breaking a lock is never trusted alone: a sync checks, just before its rename, that the lock
//! is still its own, and publishes nothing otherwise. The temporary copy of a sync carries its
//! lock's token in its name, so it belongs to that lock and is removed only with it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Result, bail};

/// A lock from another host not refreshed for this long was left by a laptop that is gone
/// (dead, or asleep mid-sync: if it wakes up, its pre-rename check stops it).
pub const STALE: Duration = Duration::from_secs(5 * 60);
/// How often a live owner refreshes its lock.
pub const HEARTBEAT: Duration = Duration::from_secs(20);
/// A lock file still empty after this long was left by a writer killed between creating it
/// and writing its text (the two follow each other at once): it is broken. A sync finding an
/// empty lock waits that long rather than failing.
const EMPTY_GRACE: Duration = Duration::from_secs(2);

pub fn lock_path(target: &Path) -> PathBuf {
    let mut p = target.as_os_str().to_owned();
    p.push(".verrou");
    PathBuf::from(p)
}

/// Who holds a lock, as written in the lock file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub host: String,
    pub pid: u32,
    /// The process's start time as the system counts it (Linux: clock ticks since boot), so a
    /// recycled process id is not taken for the owner.
    pub started: Option<u64>,
    pub token: String,
}

impl Owner {
    fn me(token: String) -> Owner {
        let pid = std::process::id();
        Owner {
            host: crate::paths::host_name(),
            pid,
            started: process_start(pid),
            token,
        }
    }

    fn text(&self) -> String {
        format!(
            "comptoir-verrou 2\nhote={}\npid={}\ndebut={}\njeton={}\n",
            self.host,
            self.pid,
            self.started.map(|s| s.to_string()).unwrap_or_default(),
            self.token
        )
    }

    /// Reads a lock file's text: this version's, or the earlier `host\npid` one.
    pub fn parse(text: &str) -> Option<Owner> {
        let mut lines = text.lines();
        let first = lines.next()?;
        if first.starts_with("comptoir-verrou") {
            let mut owner = Owner {
                host: String::new(),
                pid: 0,
                started: None,
                token: String::new(),
            };
            for line in lines {
                match line.split_once('=') {
                    Some(("hote", v)) => owner.host = v.to_string(),
                    Some(("pid", v)) => owner.pid = v.parse().ok()?,
                    Some(("debut", v)) => owner.started = v.parse().ok(),
                    Some(("jeton", v)) => owner.token = v.to_string(),
                    _ => {}
                }
            }
            (owner.pid != 0 || !owner.host.is_empty()).then_some(owner)
        } else {
            // The earlier version's `host` then `pid`; anything else is no lock of comptoir's.
            let pid = lines.next().and_then(|p| p.trim().parse().ok())?;
            Some(Owner {
                host: first.to_string(),
                pid,
                started: None,
                token: String::new(),
            })
        }
    }
}

/// What a lock found in place tells of its owner.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    /// The owner may still be at work: wait, or refuse.
    Held(String),
    /// No text yet: its writer is writing it, or was killed before it could.
    Empty,
    /// The owner is gone: the lock (and its temporary file) may be removed.
    Gone(Option<Owner>),
}

fn judge(path: &Path) -> Verdict {
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    // A lock written by a computer whose clock is ahead is dated in the future: it counts as
    // old as it is far ahead, so that a wrong clock cannot hold a key for a year.
    let age = modified
        .map(|t| match SystemTime::now().duration_since(t) {
            Ok(age) => age,
            Err(ahead) => ahead.duration(),
        })
        .unwrap_or_default();
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let Some(owner) = Owner::parse(&text) else {
        // Created but never written: its writer died between two system calls.
        return if age > EMPTY_GRACE {
            Verdict::Gone(None)
        } else {
            Verdict::Empty
        };
    };
    if owner.host == crate::paths::host_name() && owner.pid != 0 {
        // A lock of an earlier version gives no start time: its pid may have been given to
        // another process since, so after five minutes it counts as gone too.
        if owner.started.is_none() && age > STALE {
            return Verdict::Gone(Some(owner));
        }
        return match alive(owner.pid, owner.started) {
            Some(false) => Verdict::Gone(Some(owner)),
            Some(true) => Verdict::Held(owner.host),
            // No way to tell on this system: the heartbeat decides.
            None if age > STALE => Verdict::Gone(Some(owner)),
            None => Verdict::Held(owner.host),
        };
    }
    if age > STALE {
        Verdict::Gone(Some(owner))
    } else {
        Verdict::Held(owner.host)
    }
}

/// The start time of a process, where the system tells it (Linux's `/proc`, Windows's
/// process times).
fn process_start(pid: u32) -> Option<u64> {
    #[cfg(target_os = "linux")]
    {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // The command name may hold spaces and parentheses: fields are counted after the last
        // ')'; the start time is field 22 of the line, the 20th after the name.
        let rest = &stat[stat.rfind(')')? + 1..];
        rest.split_whitespace().nth(19)?.parse().ok()
    }
    #[cfg(windows)]
    {
        windows::process(pid).ok().flatten().map(|(start, _)| start)
    }
    #[cfg(not(any(target_os = "linux", windows)))]
    {
        let _ = pid;
        None
    }
}

/// Whether the process `pid` (started at `started`, when known) still runs; `None` when this
/// system gives no way to tell.
pub(super) fn alive(pid: u32, started: Option<u64>) -> Option<bool> {
    #[cfg(target_os = "linux")]
    {
        match process_start(pid) {
            None => Some(false),
            Some(now) => Some(started.is_none_or(|s| s == now)),
        }
    }
    #[cfg(windows)]
    {
        match windows::process(pid) {
            Ok(None) => Some(false),
            Ok(Some((now, running))) => Some(running && started.is_none_or(|s| s == now)),
            // Another user's process: it exists.
            Err(()) => Some(true),
        }
    }
    #[cfg(all(unix, not(target_os = "linux")))]
    {
        let _ = started;
        // SAFETY: kill(2) with signal 0 only checks that the process exists.
        let r = unsafe { libc::kill(pid as libc::pid_t, 0) };
        Some(r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH))
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = (pid, started);
        None
    }
}

#[cfg(windows)]
mod windows {
    use windows_sys::Win32::Foundation::{
        CloseHandle, ERROR_ACCESS_DENIED, FILETIME, GetLastError, STILL_ACTIVE,
    };
    use windows_sys::Win32::System::Threading::{
        GetExitCodeProcess, GetProcessTimes, OpenProcess, PROCESS_QUERY_LIMITED_INFORMATION,
    };

    /// A process's creation time (100 ns since 1601) and whether it still runs; `None` when no
    /// such process exists; `Err` when it exists but cannot be asked (another user's).
    pub fn process(pid: u32) -> Result<Option<(u64, bool)>, ()> {
        // SAFETY: plain Win32 calls on a handle this function opens and closes; the out
        // parameters are locals.
        unsafe {
            let handle = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
            if handle.is_null() {
                return if GetLastError() == ERROR_ACCESS_DENIED {
                    Err(())
                } else {
                    Ok(None)
                };
            }
            let zero = FILETIME {
                dwLowDateTime: 0,
                dwHighDateTime: 0,
            };
            let (mut created, mut exited, mut kernel, mut user) = (zero, zero, zero, zero);
            let mut code = 0u32;
            let timed = GetProcessTimes(handle, &mut created, &mut exited, &mut kernel, &mut user);
            let coded = GetExitCodeProcess(handle, &mut code);
            CloseHandle(handle);
            if timed == 0 {
                return Ok(None);
            }
            let start = ((created.dwHighDateTime as u64) << 32) | created.dwLowDateTime as u64;
            Ok(Some((start, coded != 0 && code == STILL_ACTIVE as u32)))
        }
    }
}

/// A held lock: refreshed while it lives, removed when dropped (only if it is still ours).
pub struct Lock {
    path: PathBuf,
    owner: Owner,
    stop: Arc<AtomicBool>,
    heartbeat: Option<std::thread::JoinHandle<()>>,
}

impl Lock {
    /// Takes the lock beside `target`, or says who holds it. A lock whose owner is gone is
    /// broken (with its temporary file); a held one is waited for up to `wait`, calling
    /// `waiting` once with the holder's host.
    pub fn take(target: &Path, wait: Duration, waiting: &mut dyn FnMut(&str)) -> Result<Lock> {
        let path = lock_path(target);
        let start = Instant::now();
        let mut told = false;
        // Made before the file, so that its text follows its creation at once.
        let owner = Owner::me(uuid::Uuid::new_v4().simple().to_string());
        let text = owner.text();
        loop {
            match crate::paths::create_new_private(&path) {
                Ok(mut f) => {
                    // Not flushed to the disk: creating the file is what excludes the others,
                    // and they read its text from the system at once. Only a kill between the
                    // two calls, or a power cut, leaves an empty lock, which is broken after
                    // `EMPTY_GRACE` (and one flush less on a slow key).
                    f.write_all(text.as_bytes()).map_err(|e| {
                        let _ = std::fs::remove_file(&path);
                        anyhow::anyhow!(crate::t!(
                            "Impossible de poser le verrou {path} : {why}. Rien n'a été modifié.",
                            path = path.display(),
                            why = crate::strings::io_error(&e)
                        ))
                    })?;
                    return Ok(Lock::hold(path, owner));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => match judge(&path) {
                    Verdict::Gone(owner) => {
                        if let Some(owner) = owner.filter(|o| !o.token.is_empty()) {
                            let _ = std::fs::remove_file(super::files::temporary_beside(
                                target,
                                &owner.token,
                            ));
                        }
                        let _ = std::fs::remove_file(&path);
                    }
                    // Judged by its date, and by this wait too (a date may not be readable).
                    Verdict::Empty if start.elapsed() > EMPTY_GRACE => {
                        let _ = std::fs::remove_file(&path);
                    }
                    Verdict::Empty => std::thread::sleep(Duration::from_millis(100)),
                    Verdict::Held(host) => {
                        if start.elapsed() >= wait {
                            bail!(crate::t!(
                                "Une synchronisation est en cours depuis « {host} » sur ce fichier : réessayez dans quelques minutes. Rien n'a été modifié.",
                                host
                            ));
                        }
                        if !told {
                            waiting(&host);
                            told = true;
                        }
                        std::thread::sleep(Duration::from_millis(200));
                    }
                },
                Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => bail!(crate::t!(
                    "Le dossier de {target} est en lecture seule : impossible d'y synchroniser. Rien n'a été modifié.",
                    target = target.display()
                )),
                Err(e) => bail!(crate::t!(
                    "Impossible de poser le verrou {path} : {why}. Rien n'a été modifié.",
                    path = path.display(),
                    why = crate::strings::io_error(&e)
                )),
            }
        }
    }

    fn hold(path: PathBuf, owner: Owner) -> Lock {
        super::files::register(&path);
        let stop = Arc::new(AtomicBool::new(false));
        let heartbeat = {
            let (path, token, stop) = (path.clone(), owner.token.clone(), stop.clone());
            std::thread::Builder::new()
                .name("verrou".into())
                .spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        std::thread::park_timeout(HEARTBEAT);
                        if stop.load(Ordering::Relaxed) {
                            break;
                        }
                        if holder_token(&path).as_deref() == Some(token.as_str()) {
                            let _ = std::fs::File::options()
                                .write(true)
                                .open(&path)
                                .and_then(|f| f.set_modified(SystemTime::now()));
                        }
                    }
                })
                .ok()
        };
        Lock {
            path,
            owner,
            stop,
            heartbeat,
        }
    }

    /// The random token of this lock, which its temporary file carries.
    pub fn token(&self) -> &str {
        &self.owner.token
    }

    /// Whether the lock file still names this lock (it was not broken and taken by another).
    pub fn still_ours(&self) -> bool {
        holder_token(&self.path).as_deref() == Some(self.owner.token.as_str())
    }

    /// Fails, publishing nothing, when the lock is no longer this sync's own.
    pub fn ensure_ours(&self, target: &Path) -> Result<()> {
        if self.still_ours() {
            return Ok(());
        }
        Err(lost(target))
    }
}

/// What a writer whose lock was taken over is told (nothing of its work was published).
pub fn lost(target: &Path) -> anyhow::Error {
    anyhow::anyhow!(crate::t!(
        "Le verrou de {path} a été repris par un autre ordinateur pendant que celui-ci était en pause (plus de cinq minutes) : rien n'a été publié dans ce fichier, et rien n'est perdu. Recommencez.",
        path = target.display()
    ))
}

fn holder_token(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    Owner::parse(&text).map(|o| o.token)
}

impl Drop for Lock {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(h) = self.heartbeat.take() {
            h.thread().unpark();
            let _ = h.join();
        }
        // Never remove a lock that another sync took over.
        if self.still_ours() {
            let _ = std::fs::remove_file(&self.path);
        }
        super::files::unregister(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_files_of_both_versions_are_read() {
        let me = Owner::me("abc".into());
        assert_eq!(Owner::parse(&me.text()), Some(me));
        let old = Owner::parse("portable-de-lucie\n4242\n").unwrap();
        assert_eq!((old.host.as_str(), old.pid), ("portable-de-lucie", 4242));
        assert_eq!(Owner::parse(""), None);
    }

    #[cfg(any(target_os = "linux", windows))]
    #[test]
    fn this_process_is_alive_and_a_recycled_pid_is_not_its_owner() {
        let pid = std::process::id();
        let start = process_start(pid);
        assert!(start.is_some());
        assert_eq!(alive(pid, start), Some(true));
        assert_eq!(alive(pid, start.map(|s| s + 1)), Some(false));
        assert_eq!(alive(u32::MAX - 1, None), Some(false));
    }
}
