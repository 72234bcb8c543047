//! The real binary in a real terminal (tmux, 80x24): first run, screens, help, quit, and the
//! terminal given back as it was.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    /// A tmux server of its own (tests run in parallel), named after the test.
    fn start(name: &str, command: &str) -> Tmux {
        let socket = format!("comptoir-{name}-{}", std::process::id());
        let ok = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "new-session",
                "-d",
                "-x",
                "80",
                "-y",
                "24",
                "-s",
                "t",
            ])
            .arg(command)
            .env_remove("NO_COLOR")
            .status()
            .expect("tmux is installed (.ci/run installs it)")
            .success();
        assert!(ok, "tmux started");
        Tmux { socket }
    }

    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "t"])
    }

    fn flag(&self, name: &str) -> String {
        self.run(&["display", "-p", "-t", "t", &format!("#{{{name}}}")])
            .trim()
            .to_string()
    }

    /// Waits until the screen shows `text` (the program answers at its own pace).
    fn wait_for(&self, text: &str) -> String {
        self.wait_for_all(&[text])
    }

    /// Waits until the screen shows every one of `texts` (a frame may reach tmux in pieces).
    fn wait_for_all(&self, texts: &[&str]) -> String {
        let text = texts.join(" + ");
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if texts.iter().all(|t| screen.contains(t)) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "« {text} » never appeared; screen:\n{screen}"
            );
            std::thread::yield_now();
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

fn device(db: &Path) -> (String, String, String) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT facilitator, label, territory FROM devices",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .unwrap()
}

#[test]
fn first_run_screens_help_and_quit_in_a_real_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("base.sqlite");
    let command = format!(
        "{} --db '{}'; echo FIN=$?; read",
        env!("CARGO_BIN_EXE_comptoir"),
        db.display()
    );
    let tmux = Tmux::start("premier", &command);
    tmux.wait_for("Bienvenue dans comptoir");
    assert_eq!(tmux.flag("alternate_on"), "1");
    assert_eq!(tmux.flag("mouse_any_flag"), "1", "the mouse is captured");

    tmux.keys(&["Camille Dubœuf", "Tab", "Portable 7", "Tab", "h", "Enter"]);
    tmux.wait_for_all(&[
        "Bonjour Camille Dubœuf",
        "Portable 7 · Hénin-Carvin",
        "✓ enregistré",
    ]);

    tmux.keys(&["4"]);
    tmux.wait_for("Aucune idée pour l'instant.");
    tmux.keys(&["F1"]);
    tmux.wait_for("Aide : idées");
    // Échap alone: a key right behind it would arrive as Alt+key, as in any terminal.
    tmux.keys(&["Escape"]);
    tmux.wait_for("Aucune idée pour l'instant.");
    tmux.keys(&["Tab"]);
    tmux.wait_for("Maturité des idées");

    tmux.keys(&["q"]);
    let screen = tmux.wait_for("FIN=0");
    assert!(
        !screen.contains("Maturité des idées"),
        "back to the shell's screen"
    );
    assert_eq!(tmux.flag("alternate_on"), "0", "alternate screen left");
    assert_eq!(tmux.flag("mouse_any_flag"), "0", "mouse capture released");
    assert_eq!(
        device(&db),
        (
            "Camille Dubœuf".into(),
            "Portable 7".into(),
            "Hénin-Carvin".into()
        )
    );
}

#[test]
fn a_panic_gives_the_terminal_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    let out = Command::new(env!("CARGO_BIN_EXE_comptoir"))
        .args(["demo", "--no-open", "--ideas", "4", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success());
    let command = format!(
        "COMPTOIR_TEST_PANIQUE=1 {} --db '{}'; echo FIN=$?; read",
        env!("CARGO_BIN_EXE_comptoir"),
        db.display()
    );
    let tmux = Tmux::start("panique", &command);
    tmux.wait_for("Bonjour Animatrice démo");
    assert_eq!(tmux.flag("mouse_any_flag"), "1");
    tmux.keys(&["2"]);
    // 101: the exit status of a Rust panic.
    tmux.wait_for("FIN=101");
    assert_eq!(tmux.flag("alternate_on"), "0", "alternate screen left");
    assert_eq!(tmux.flag("mouse_any_flag"), "0", "mouse capture released");
}

#[test]
fn an_error_before_the_interface_is_one_french_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("pas-une-base.sqlite");
    std::fs::write(&bad, "bonjour\n".repeat(200)).unwrap();
    let command = format!(
        "{} --db '{}'; echo FIN=$?; read",
        env!("CARGO_BIN_EXE_comptoir"),
        bad.display()
    );
    let tmux = Tmux::start("erreur", &command);
    let screen = tmux.wait_for("FIN=1");
    assert!(
        screen.contains("n'est pas une base SQLite lisible"),
        "{screen}"
    );
    assert_eq!(tmux.flag("alternate_on"), "0");
}
