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
    let command = shell_line("", &db);
    let tmux = Tmux::start("premier", &command);
    tmux.wait_for("Bienvenue dans comptoir");
    assert_eq!(tmux.flag("alternate_on"), "1");
    assert_eq!(tmux.flag("mouse_any_flag"), "1", "the mouse is captured");

    tmux.keys(&["Camille Dubœuf", "Tab", "Portable 7", "Tab", "h", "Enter"]);
    tmux.wait_for_all(&[
        "Bonjour Camille Dubœuf",
        "Portable 7 · Hénin-Carvin",
        "✓ Bienvenue, Camille Dubœuf",
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
    let command = shell_line("COMPTOIR_TEST_PANIQUE=1 ", &db);
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
    let command = shell_line("", &bad);
    let tmux = Tmux::start("erreur", &command);
    let screen = tmux.wait_for("FIN=1");
    assert!(
        screen.contains("n'est pas une base SQLite lisible"),
        "{screen}"
    );
    assert_eq!(tmux.flag("alternate_on"), "0");
}

/// The shell line a test terminal runs: `before` (variables, limits), the program on `db`,
/// then its exit status printed and the pane kept open.
fn shell_line(before: &str, db: &Path) -> String {
    format!(
        "{before}{} --db '{}'; echo FIN=$?; read",
        env!("CARGO_BIN_EXE_comptoir"),
        db.display()
    )
}

/// A demo base of a few ideas, made by the real binary.
fn demo_base(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("demo.sqlite");
    let out = Command::new(env!("CARGO_BIN_EXE_comptoir"))
        .args(["demo", "--no-open", "--ideas", "4", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success());
    db
}

fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Opens the new-person form and types a person, leaving each field (saved once valid).
fn type_a_person(tmux: &Tmux) {
    tmux.wait_for("Bonjour Animatrice démo");
    tmux.keys(&["3"]);
    tmux.wait_for("Participants");
    tmux.keys(&["n"]);
    tmux.wait_for("Prénom");
    tmux.keys(&["Anaïs", "Tab", "Wattez", "Tab", "30", "Tab"]);
}

#[test]
fn killed_while_typing_the_base_is_whole_and_holds_every_field_left() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_base(dir.path());
    let command = shell_line("", &db);
    let tmux = Tmux::start("tue-saisie", &command);
    type_a_person(&tmux);
    tmux.wait_for("✓ Enregistré.");
    // Typed into the next field, never left: this much may be lost, nothing else.
    tmux.keys(&["Mairie de Lens"]);
    tmux.wait_for("Mairie de Lens");
    let killed = Command::new("pkill")
        .args([
            "-KILL",
            "-f",
            // The program itself, not the shell that started it (its line holds the same words).
            &format!("^{} --db {}", env!("CARGO_BIN_EXE_comptoir"), db.display()),
        ])
        .status()
        .unwrap();
    assert!(killed.success(), "the program was running");
    tmux.wait_for("FIN=137");
    assert_eq!(integrity(&db), "ok");
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM attendees WHERE first_name = 'Anaïs' AND last_name = 'Wattez'
             AND age_bracket IS NOT NULL"
        ),
        1,
        "every field left before the kill is in the base"
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM changes WHERE value LIKE '%Mairie de Lens%'"
        ),
        0
    );
}

#[test]
fn killed_during_a_save_the_base_is_as_before_the_save() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_base(dir.path());
    let changes = count(&db, "SELECT count(*) FROM changes");
    let command = shell_line("COMPTOIR_TEST_ARRET=avant-validation ", &db);
    let tmux = Tmux::start("tue-sauvegarde", &command);
    type_a_person(&tmux);
    // Killed inside the save's transaction, before its commit.
    tmux.wait_for("FIN=137");
    assert_eq!(integrity(&db), "ok");
    assert_eq!(count(&db, "SELECT count(*) FROM changes"), changes);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM attendees WHERE last_name = 'Wattez'"
        ),
        0
    );
    // And the next start goes on as usual.
    let out = Command::new(env!("CARGO_BIN_EXE_comptoir"))
        .args(["report", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn a_base_locked_by_another_program_is_said_and_the_typing_kept_until_it_is_free() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_base(dir.path());
    let command = shell_line("", &db);
    let tmux = Tmux::start("verrou", &command);
    tmux.wait_for("Bonjour Animatrice démo");
    // Another program holds the write lock for as long as this test wants.
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    type_a_person(&tmux);
    tmux.wait_for("occupée par un autre programme");
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM attendees WHERE last_name = 'Wattez'"
        ),
        0
    );
    holder.execute_batch("ROLLBACK").unwrap();
    // The form still holds what was typed: leaving a field again saves it.
    tmux.keys(&["BTab", "Tab"]);
    tmux.wait_for("✓ Enregistré.");
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM attendees WHERE last_name = 'Wattez'"
        ),
        1
    );
}

#[test]
fn a_full_disk_during_a_save_is_said_and_keeps_the_base_and_the_typing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_base(dir.path());
    // No file may grow past 48 KiB (the shell's limit; SIGXFSZ ignored, so a write past it
    // fails as on a full disk): the base, larger already, is rewritten in place, and the
    // write-ahead log fills up after a few saves.
    let command = shell_line("trap '' XFSZ; ulimit -f 48; ", &db);
    let people = count(&db, "SELECT count(*) FROM attendees");
    let changes = count(&db, "SELECT count(*) FROM changes");
    let tmux = Tmux::start("disque-plein", &command);
    type_a_person(&tmux);
    let screen = tmux.wait_for("n'accepte plus d'écriture");
    assert!(
        screen.contains("Ce qui était enregistré est intact"),
        "{screen}"
    );
    // What was typed is still in the form, to be saved once there is room.
    assert!(screen.contains("Wattez"), "{screen}");
    drop(tmux);
    assert_eq!(integrity(&db), "ok");
    assert_eq!(count(&db, "SELECT count(*) FROM attendees"), people);
    assert_eq!(count(&db, "SELECT count(*) FROM changes"), changes);
}

#[test]
fn a_second_interface_on_the_same_base_says_so_and_opens_read_only_or_quits() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_base(dir.path());
    let first = Tmux::start("premiere", &shell_line("", &db));
    first.wait_for("Bonjour Animatrice démo");
    let second = Tmux::start("seconde", &shell_line("", &db));
    let screen = second.wait_for("déjà ouverte dans une autre fenêtre");
    assert!(screen.contains("[l] ouvrir en lecture seule"), "{screen}");
    second.keys(&["l"]);
    second.wait_for("lecture seule");
    // « n » opens no form there: said at once, before anything is typed.
    second.keys(&["3"]);
    second.wait_for("Participants");
    second.keys(&["n"]);
    second.wait_for("Lecture seule : rien ne peut être modifié ici");
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM attendees WHERE last_name = 'Wattez'"
        ),
        0
    );
    // The first one writes as before (the field's own « Enregistré. », not the bar's
    // standing « ✓ enregistré »).
    type_a_person(&first);
    first.wait_for("✓ Enregistré.");
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM attendees WHERE last_name = 'Wattez'"
        ),
        1
    );
    // A third one quits with q; once the first has quit, the base opens as usual.
    let third = Tmux::start("troisieme", &shell_line("", &db));
    third.wait_for("déjà ouverte");
    third.keys(&["q"]);
    third.wait_for("FIN=0");
    // (One key at a time: Échap then a letter at once reads as Alt+letter.)
    first.keys(&["Escape"]);
    first.wait_for("Comptoirs Ici");
    first.keys(&["q"]);
    first.wait_for("FIN=0");
    second.keys(&["q"]);
    second.wait_for("FIN=0");
    let fourth = Tmux::start("quatrieme", &shell_line("", &db));
    let screen = fourth.wait_for("Bonjour Animatrice démo");
    assert!(!screen.contains("déjà ouverte"), "{screen}");
}
