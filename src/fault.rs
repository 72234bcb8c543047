//! Test hooks that stand for a pulled plug: the program killed at a named point.

/// A test hook: `COMPTOIR_TEST_ARRET=<point>` kills this process with SIGKILL when it reaches
/// that point (the sync's steps, a save's commit), as a pulled plug would;
/// `COMPTOIR_TEST_PAUSE=<point>` stops it there (SIGSTOP), as a laptop whose lid closed, until
/// the test sends SIGCONT; `COMPTOIR_TEST_ATTENTE=<point>` says « attente <point> » on stderr
/// and waits there, running, until its standard input closes (a test then sends it a signal).
/// Inert otherwise.
pub fn fault_point(point: &str) {
    if std::env::var("COMPTOIR_TEST_ATTENTE").is_ok_and(|p| p == point) {
        eprintln!("attente {point}");
        let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut Vec::new());
    }
    // A pause needs SIGSTOP: the tests that pause a process are Unix-only, and on Windows this
    // point does nothing.
    if std::env::var("COMPTOIR_TEST_PAUSE").is_ok_and(|p| p == point) {
        #[cfg(unix)]
        // SAFETY: kill(2) on our own pid, with no memory involved.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGSTOP);
        }
    }
    // SIGKILL on Unix (no handler runs, as with a pulled plug); abort elsewhere.
    if std::env::var("COMPTOIR_TEST_ARRET").is_ok_and(|p| p == point) {
        #[cfg(unix)]
        // SAFETY: kill(2) on our own pid, with no memory involved.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGKILL);
        }
        std::process::abort();
    }
}
