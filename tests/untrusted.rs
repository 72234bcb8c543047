//! Files from elsewhere are untrusted input, erasure reaches everything, and commands say what
//! is wrong instead of crashing: planted values in a key or a JSON export, an idea's id in the
//! forget set, an erased person's merged duplicate, a purge of people who only registered,
//! temporary copies, missing bases, closed pipes, special files, mixed encodings.
#![cfg(unix)]

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::*;
use comptoir::domain::model::{ATTENDEES, BUDGET_LINES, IDEAS};
use comptoir::store::{Edit, Store, new_id};

fn bin(tmp: &Path) -> Command {
    let mut c = comptoir_bin();
    // The system's temporary folder, watched: comptoir must leave nothing there.
    c.env("TMPDIR", tmp);
    c
}

fn run(tmp: &Path, args: &[&str]) -> Output {
    bin(tmp).args(args).output().unwrap()
}

/// Registers an adult under `id` in the base at `db`, as a form would.
fn register(db: &Path, id: &str, first: &str, last: &str) {
    let mut st = Store::open(db, reference()).unwrap();
    st.write(&[Edit::new(&ATTENDEES, id)
        .set("first_name", first)
        .set("last_name", last)
        .set("age_bracket", "26-64")])
        .unwrap();
}

struct Bench {
    dir: tempfile::TempDir,
    tmp: PathBuf,
}

impl Bench {
    fn new() -> Bench {
        let dir = tempfile::tempdir().unwrap();
        let tmp = dir.path().join("tmp-systeme");
        std::fs::create_dir(&tmp).unwrap();
        Bench { dir, tmp }
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn run(&self, args: &[&str]) -> Output {
        run(&self.tmp, args)
    }
    fn ok(&self, args: &[&str]) -> Output {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?}: {}", said(&out));
        out
    }
    fn laptop(&self, name: &str, ideas: usize, seed: u64) -> PathBuf {
        let db = self.path(name).join("base.sqlite");
        self.ok(&[
            "--db",
            s(&db),
            "demo",
            "--no-open",
            "--ideas",
            &ideas.to_string(),
            "--seed",
            &seed.to_string(),
        ]);
        db
    }
    fn system_temp_is_empty(&self) {
        let left: Vec<_> = std::fs::read_dir(&self.tmp)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(
            left.is_empty(),
            "left in the system's temporary folder: {left:?}"
        );
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// The id of one budget line's amount change in a shared file, and its site and seq.
fn amount_change(file: &Path) -> (Vec<u8>, i64, String) {
    let conn = connect(file);
    conn.query_row(
        "SELECT site, seq, record FROM changes WHERE tbl = 'budget_lines' AND field = 'amount' LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .unwrap()
}

#[test]
fn a_key_with_a_planted_value_is_refused_whole_and_names_file_record_and_field() {
    let b = Bench::new();
    let c = b.laptop("c", 3, 2);
    let key = b.path("cle.sqlite");
    b.ok(&["--db", s(&c), "sync", s(&key)]);
    for (n, (label, planted)) in [
        ("texte", "'12 500'"),
        ("décimal", "1250.5"),
        ("trop grand", "99999999999999999999"),
        ("négatif", "-500"),
    ]
    .into_iter()
    .enumerate()
    {
        // A laptop that has not seen this key yet.
        let a = b.laptop(&format!("a{n}"), 2, 10 + n as u64);
        let bad = b.path(&format!("cle-{n}.sqlite"));
        std::fs::copy(&key, &bad).unwrap();
        let (site, seq, record) = amount_change(&bad);
        {
            let conn = connect(&bad);
            conn.execute(
                &format!("UPDATE changes SET value = {planted} WHERE site = ?1 AND seq = ?2"),
                rusqlite::params![site, seq],
            )
            .unwrap();
        }
        let (a_before, bad_before) = (file_digest(&a), std::fs::read(&bad).unwrap());
        let out = b.run(&["--db", s(&a), "sync", s(&bad)]);
        assert_eq!(out.status.code(), Some(1), "{label}: {}", said(&out));
        let text = said(&out);
        for part in [s(&bad), record.as_str(), "budget_lines.amount"] {
            assert!(
                text.contains(part),
                "{label}: « {part} » missing from {text}"
            );
        }
        assert!(!text.contains("Invalid column type"), "{text}");
        assert_eq!(file_digest(&a), a_before, "{label}: local base untouched");
        assert_eq!(
            std::fs::read(&bad).unwrap(),
            bad_before,
            "{label}: key untouched"
        );
        // The central merge skips it, says why, ends with status 1, and can still report.
        let central = b.path(&format!("centrale-{n}.sqlite"));
        let out = b.run(&["merge", "--into", s(&central), s(&bad)]);
        assert_eq!(out.status.code(), Some(1), "{label}: {}", said(&out));
        assert!(said(&out).contains("budget_lines.amount"), "{}", said(&out));
        b.ok(&["--db", s(&central), "report"]);
        // And the laptop goes on syncing with a sound key.
        b.ok(&["--db", s(&a), "sync", s(&key)]);
    }
    b.system_temp_is_empty();
}

#[test]
fn the_forget_set_takes_people_only() {
    let b = Bench::new();
    let a = b.laptop("a", 3, 1);
    let c = b.laptop("c", 3, 2);
    let key = b.path("cle.sqlite");
    b.ok(&["--db", s(&c), "sync", s(&key)]);
    b.ok(&["--db", s(&a), "sync", s(&key)]);
    // Someone plants every idea id of the key in its forget set.
    {
        let conn = connect(&key);
        conn.execute(
            "INSERT INTO forgotten (id, clock) SELECT DISTINCT record, 1 FROM changes WHERE tbl = 'ideas'",
            [],
        )
        .unwrap();
    }
    let ideas_before = Store::open(&a, reference())
        .unwrap()
        .record_ids("ideas")
        .unwrap();
    let out = b.run(&["--db", s(&a), "sync", s(&key)]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(
        said(&out).contains("n'est pas une personne"),
        "{}",
        said(&out)
    );
    let store = Store::open(&a, reference()).unwrap();
    assert_eq!(store.record_ids("ideas").unwrap(), ideas_before);
    assert!(!ideas_before.is_empty());
}

#[test]
fn a_json_export_with_bad_values_is_refused_naming_record_and_field() {
    let b = Bench::new();
    let a = b.laptop("a", 3, 1);
    let c = b.laptop("c", 2, 2);
    let json = b.path("export.json");
    b.ok(&[
        "--db",
        s(&a),
        "export",
        "--format",
        "json",
        "--out",
        s(&json),
    ]);
    let original: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let cases: [(&str, serde_json::Value, &str); 4] = [
        ("amount", serde_json::json!("12 500"), "budget_lines.amount"),
        ("amount", serde_json::json!(-1), "budget_lines.amount"),
        ("amount", serde_json::json!(12.5), "budget_lines.amount"),
        ("kind", serde_json::json!("cadeau"), "budget_lines.kind"),
    ];
    for (field, value, named) in cases {
        let mut v = original.clone();
        let changes = v["changes"].as_array_mut().unwrap();
        let change = changes
            .iter_mut()
            .find(|c| c["table"] == "budget_lines" && c["field"] == field)
            .expect("a budget line change");
        let record = change["record"].as_str().unwrap().to_string();
        change["value"] = value.clone();
        let bad = b.path("mauvais.json");
        std::fs::write(&bad, serde_json::to_string(&v).unwrap()).unwrap();
        let before = file_digest(&c);
        let out = b.run(&["--db", s(&c), "import", s(&bad)]);
        assert_eq!(out.status.code(), Some(1), "{value}: {}", said(&out));
        let text = said(&out);
        assert!(
            text.contains(named) && text.contains(&record),
            "{value}: {text}"
        );
        assert!(text.contains(s(&bad)), "{value}: the file is named: {text}");
        assert_eq!(file_digest(&c), before, "{value}: nothing merged");
    }
    // Broken JSON: French, with the file.
    let broken = b.path("casse.json");
    std::fs::write(&broken, "{\"changes\": [").unwrap();
    let out = b.run(&["--db", s(&c), "import", s(&broken)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(said(&out).contains("JSON illisible") && said(&out).contains(s(&broken)));
    let wrong = b.path("forme.json");
    std::fs::write(&wrong, "{\"changes\": [{\"site\": 3}]}").unwrap();
    let out = b.run(&["--db", s(&c), "import", s(&wrong)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        said(&out).contains("modification n° 1 : clé « seq » manquante"),
        "{}",
        said(&out)
    );
    b.system_temp_is_empty();
}

#[test]
fn erasing_a_person_erases_her_merged_duplicate_everywhere() {
    let b = Bench::new();
    let a = b.laptop("a", 3, 1);
    let key = b.path("cle").join("partage.sqlite");
    std::fs::create_dir_all(key.parent().unwrap()).unwrap();
    let central = b.path("central").join("centrale.sqlite");
    let (keep, twin) = (new_id(), new_id());
    {
        let mut st = Store::open(&a, reference()).unwrap();
        for (id, email) in [
            (&keep, "zephyrine@exemple.fr"),
            (&twin, "z.quasimodo-double@exemple.fr"),
        ] {
            st.write(&[Edit::new(&ATTENDEES, id)
                .set("first_name", "Zéphyrine")
                .set("last_name", "Quasimodo")
                .set("age_bracket", "11-14")
                .set("consent", 1i64)
                .set("parent_consent", 1i64)
                .set("email", email)])
                .unwrap();
        }
        st.merge_people(&keep, &twin).unwrap();
    }
    b.ok(&["--db", s(&a), "sync", s(&key)]);
    b.ok(&["merge", "--into", s(&central), s(&key)]);
    {
        let mut st = Store::open(&a, reference()).unwrap();
        st.forget(&keep).unwrap();
        assert!(
            st.is_forgotten(&twin).unwrap(),
            "the duplicate goes with her"
        );
        comptoir::sync::scrub_backups(&mut st).unwrap();
    }
    b.ok(&["--db", s(&a), "sync", s(&key)]);
    b.ok(&["merge", "--into", s(&central), s(&key)]);
    b.ok(&[
        "--db",
        s(&central),
        "export",
        "--format",
        "csv",
        "--out",
        s(&b.path("exports")),
    ]);
    for file in files_under(b.dir.path()) {
        let bytes = std::fs::read(&file).unwrap();
        for needle in [
            "Zéphyrine".as_bytes(),
            b"Quasimodo",
            b"quasimodo-double",
            b"zephyrine@",
        ] {
            assert!(
                !contains(&bytes, needle),
                "{} holds « {} »",
                file.display(),
                String::from_utf8_lossy(needle)
            );
        }
    }
}

#[test]
fn a_duplicate_merged_on_another_laptop_is_erased_when_the_erasure_arrives() {
    // a erases her; b, which merged her duplicate into her without knowing, receives the
    // erasure: the duplicate goes too.
    let b = Bench::new();
    let la = b.laptop("a", 2, 1);
    let lb = b.laptop("b", 2, 2);
    let key = b.path("cle.sqlite");
    let keep = new_id();
    register(&la, &keep, "Ysaline", "Zabulon");
    b.ok(&["--db", s(&la), "sync", s(&key)]);
    b.ok(&["--db", s(&lb), "sync", s(&key)]);
    let twin = new_id();
    {
        let mut st = Store::open(&lb, reference()).unwrap();
        st.write(&[Edit::new(&ATTENDEES, &twin)
            .set("first_name", "Ysaline")
            .set("last_name", "Zabulon-Double")
            .set("age_bracket", "26-64")])
            .unwrap();
        st.merge_people(&keep, &twin).unwrap();
    }
    {
        let mut st = Store::open(&la, reference()).unwrap();
        st.forget(&keep).unwrap();
    }
    b.ok(&["--db", s(&la), "sync", s(&key)]);
    b.ok(&["--db", s(&lb), "sync", s(&key)]);
    let st = Store::open(&lb, reference()).unwrap();
    assert!(st.is_forgotten(&twin).unwrap());
    drop(st);
    for file in files_under(&b.path("b")) {
        assert!(
            !contains(&std::fs::read(&file).unwrap(), b"Zabulon-Double"),
            "{}",
            file.display()
        );
    }
}

#[test]
fn an_unreadable_backup_does_not_stop_the_scrub_which_is_tried_again() {
    let b = Bench::new();
    let a = b.laptop("a", 2, 1);
    let key = b.path("cle.sqlite");
    let person = new_id();
    register(&a, &person, "Ulrique", "Vandamme");
    b.ok(&["--db", s(&a), "sync", s(&key)]);
    b.ok(&["--db", s(&a), "sync", s(&key)]);
    let backups = b.path("a").join("sauvegardes").join("base.sqlite");
    let junk = backups.join("sauvegarde-000000-illisible.sqlite");
    std::fs::write(&junk, b"pas une base").unwrap();
    {
        let mut st = Store::open(&a, reference()).unwrap();
        st.forget(&person).unwrap();
        let failed = comptoir::sync::scrub_backups(&mut st).unwrap();
        assert_eq!(failed.len(), 1, "{failed:?}");
    }
    // The readable backups were scrubbed all the same.
    for file in files_under(&backups) {
        assert!(
            !contains(&std::fs::read(&file).unwrap(), b"Vandamme"),
            "{}",
            file.display()
        );
    }
    // Every sync tries again, and says so, until it is done.
    let out = b.ok(&["--db", s(&a), "sync", s(&key)]);
    assert!(said(&out).contains("pas encore nettoyée"), "{}", said(&out));
    std::fs::remove_file(&junk).unwrap();
    let out = b.ok(&["--db", s(&a), "sync", s(&key)]);
    assert!(
        !said(&out).contains("pas encore nettoyée"),
        "{}",
        said(&out)
    );
}

#[test]
fn a_received_erasure_leaves_nothing_in_the_wal_of_an_open_base() {
    let b = Bench::new();
    let la = b.laptop("a", 2, 1);
    let lb = b.laptop("b", 2, 2);
    let key = b.path("cle.sqlite");
    let person = new_id();
    register(&la, &person, "Théodulphe", "Wallaert");
    b.ok(&["--db", s(&la), "sync", s(&key)]);
    b.ok(&["--db", s(&lb), "sync", s(&key)]);
    // b's interface stays open while a sync brings the erasure.
    let mut open = Store::open(&lb, reference()).unwrap();
    let mut app = app_on(
        &mut open,
        (80, 24),
        comptoir::tui::theme::Theme { colour: false },
    );
    {
        let mut st = Store::open(&la, reference()).unwrap();
        st.forget(&person).unwrap();
    }
    b.ok(&["--db", s(&la), "sync", s(&key)]);
    b.ok(&["--db", s(&lb), "sync", s(&key)]);
    press(&mut app, &mut open, &[key_of('3')]);
    for file in files_under(&b.path("b")) {
        assert!(
            !contains(&std::fs::read(&file).unwrap(), b"Wallaert"),
            "{}",
            file.display()
        );
    }
}

fn key_of(c: char) -> crossterm::event::KeyEvent {
    key(crossterm::event::KeyCode::Char(c))
}

#[test]
fn a_renewed_laptop_removes_its_old_file_from_a_shared_folder() {
    let b = Bench::new();
    let a = b.laptop("a", 2, 1);
    let folder = b.path("partage");
    std::fs::create_dir(&folder).unwrap();
    b.ok(&["--db", s(&a), "sync", s(&folder)]);
    let first: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(first.len(), 1);
    // The base moves (a new laptop, a restored copy): it gets a new site id.
    let moved = b.path("ailleurs").join("base.sqlite");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::copy(&a, &moved).unwrap();
    b.ok(&["--db", s(&moved), "sync", s(&folder)]);
    let now: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(now.len(), 1, "{now:?}");
    assert_ne!(now, first, "the old file is gone, the new one is there");
}

#[test]
fn purge_reaches_people_who_only_registered() {
    let b = Bench::new();
    let a = b.laptop("a", 2, 1);
    let list = b.path("inscrits.csv");
    std::fs::write(
        &list,
        "Prénom;Nom;Âge\nXavière;Inscrite-Seulement;16\nYolande;Jamais-Venue;40\n",
    )
    .unwrap();
    b.ok(&["--db", s(&a), "import", s(&list)]);
    let tomorrow = (chrono::Local::now() + chrono::Duration::days(1))
        .format("%d/%m/%Y")
        .to_string();
    let out = b.ok(&["--db", s(&a), "purge", "--before", &tomorrow, "--oui"]);
    assert!(said(&out).contains("anonymisée"), "{}", said(&out));
    for file in files_under(&b.path("a")) {
        for needle in [b"Inscrite-Seulement".as_slice(), b"Jamais-Venue"] {
            assert!(
                !contains(&std::fs::read(&file).unwrap(), needle),
                "{}",
                file.display()
            );
        }
    }
}

#[test]
fn no_copy_is_left_in_the_system_temporary_folder_nor_after_a_kill_or_sigterm() {
    let b = Bench::new();
    let a = b.laptop("a", 2, 1);
    let c = b.laptop("c", 2, 2);
    let key = b.path("cle.sqlite");
    b.ok(&["--db", s(&c), "sync", s(&key)]);
    b.ok(&["--db", s(&a), "sync", s(&key), "--dry-run"]);
    b.ok(&["--db", s(&a), "sync", s(&key)]);
    b.ok(&["check", s(&key)]);
    let central = b.path("central").join("centrale.sqlite");
    b.ok(&["merge", "--into", s(&central), s(&key)]);
    b.system_temp_is_empty();

    // A merge killed while it holds a private copy: the next command clears it.
    let work = b.path("central").join("travail").join("centrale.sqlite");
    let out = bin(&b.tmp)
        .args(["merge", "--into", s(&central), s(&key)])
        .env("COMPTOIR_TEST_ARRET", "copie-privee")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_eq!(
        std::fs::read_dir(&work).unwrap().count(),
        1,
        "the copy of the killed merge"
    );
    b.ok(&["merge", "--into", s(&central), s(&key)]);
    assert_eq!(
        std::fs::read_dir(&work).unwrap().count(),
        0,
        "cleared at the next start"
    );

    // SIGTERM (and Ctrl+C) while it holds one: removed before it ends, lock too.
    for signal in [libc::SIGTERM, libc::SIGINT] {
        let mut child = bin(&b.tmp)
            .args(["merge", "--into", s(&central), s(&key)])
            .env("COMPTOIR_TEST_ATTENTE", "copie-privee")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        while std::io::BufRead::read_line(&mut err, &mut line).unwrap() > 0
            && !line.contains("attente")
        {
            line.clear();
        }
        assert_eq!(std::fs::read_dir(&work).unwrap().count(), 1);
        // Held open until it has ended (`wait` would close it, letting it go on).
        let _stdin = child.stdin.take();
        // SAFETY: a signal to a child we started.
        unsafe {
            libc::kill(child.id() as libc::pid_t, signal);
        }
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(130), "{signal}");
        assert_eq!(
            std::fs::read_dir(&work).unwrap().count(),
            0,
            "removed on signal {signal}"
        );
        assert!(!b.path("central").join("centrale.sqlite.verrou").exists());
        assert!(
            !std::fs::read_dir(b.path("central")).unwrap().any(|e| e
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains(".tmp-")),
            "the copy beside the central file too"
        );
    }
}

#[test]
fn read_commands_on_a_missing_base_create_nothing() {
    let b = Bench::new();
    let missing = b.path("absent").join("x.sqlite");
    for args in [
        vec!["--db", s(&missing), "report"],
        vec![
            "--db",
            s(&missing),
            "export",
            "--format",
            "json",
            "--out",
            "x.json",
        ],
        vec![
            "--db",
            s(&missing),
            "purge",
            "--before",
            "01/01/2020",
            "--oui",
        ],
        vec!["check", s(&missing)],
    ] {
        let out = b.run(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", said(&out));
        assert!(said(&out).contains("n'existe pas") || said(&out).contains("introuvable"));
        assert!(!b.path("absent").exists(), "{args:?} created something");
    }
}

#[test]
fn a_closed_pipe_ends_quietly_and_special_files_are_refused() {
    let b = Bench::new();
    let a = b.laptop("a", 30, 1);
    for args in [
        vec!["--db", s(&a), "report"],
        vec!["--db", s(&a), "report", "--json"],
        vec!["check", s(&a)],
        vec![
            "--db",
            s(&a),
            "export",
            "--format",
            "json",
            "--out",
            "/dev/stdout",
        ],
        vec!["--help"],
    ] {
        let mut child = bin(&b.tmp)
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader takes nothing and goes away (`| head -0`).
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_ne!(out.status.code(), Some(101), "{args:?}");
    }
    // A named pipe as the export's target: refused, in French, its mode untouched.
    let fifo = b.path("tube");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&fifo, std::fs::Permissions::from_mode(0o644)).unwrap();
    // A reader, so that a writer opening it would not wait for ever.
    let reader = std::thread::spawn({
        let fifo = fifo.clone();
        move || {
            let _ = std::fs::read(&fifo);
        }
    });
    let out = b.run(&[
        "--db",
        s(&a),
        "export",
        "--format",
        "json",
        "--out",
        s(&fifo),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(
        said(&out).contains("pas un fichier ordinaire"),
        "{}",
        said(&out)
    );
    assert_eq!(
        std::fs::metadata(&fifo).unwrap().permissions().mode() & 0o777,
        0o644
    );
    // Let the reader go.
    let _ = std::fs::OpenOptions::new()
        .write(true)
        .open(&fifo)
        .map(|mut f| f.write_all(b""));
    reader.join().unwrap();
}

#[test]
fn a_list_with_one_windows_1252_line_imports_the_rest_and_names_it() {
    let b = Bench::new();
    let a = b.laptop("a", 2, 1);
    let list = b.path("inscrits.csv");
    let mut bytes = "Prénom;Nom;Âge\nRenée;Élisabeth-Utf;30\n"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(b"L\xe9a;Cp-Mille-Deux-Cent;30\n");
    // A second file pasted after the first: its byte-order mark inside a row.
    bytes.extend_from_slice("\u{feff}Zoé;Apres-Bom;30\n".as_bytes());
    std::fs::write(&list, bytes).unwrap();
    let out = b.ok(&["--db", s(&a), "import", s(&list)]);
    let text = said(&out);
    assert!(text.contains("2 personnes ajoutées"), "{text}");
    assert!(text.contains("ligne 3"), "{text}");
    let st = Store::open(&a, reference()).unwrap();
    let names: Vec<String> = st
        .record_ids("attendees")
        .unwrap()
        .iter()
        .filter_map(|id| st.row(&ATTENDEES, id).unwrap())
        .filter_map(|r| {
            r.get("first_name")
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        })
        .collect();
    assert!(names.contains(&"Renée".to_string()), "{names:?}");
    assert!(
        names.contains(&"Zoé".to_string()),
        "the BOM is dropped: {names:?}"
    );
}

#[test]
fn merge_ends_with_status_1_when_it_skipped_a_damaged_file() {
    let b = Bench::new();
    let a = b.laptop("a", 2, 1);
    let key = b.path("cle.sqlite");
    b.ok(&["--db", s(&a), "sync", s(&key)]);
    let junk = b.path("abime.sqlite");
    std::fs::write(&junk, b"SQLite format 3\0 mais pas vraiment").unwrap();
    let central = b.path("centrale.sqlite");
    let out = b.run(&["merge", "--into", s(&central), s(&key), s(&junk)]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(said(&out).contains(s(&junk)));
    // What could be merged was.
    assert_eq!(file_digest(&central), file_digest(&key));
    let _ = (IDEAS.name, BUDGET_LINES.name);
}

/// A copy of a sound key with one change added under a new laptop's id (and its watermark).
fn plant_change(key: &Path, to: &Path, table: &str, record: &str, field: &str, value: &str) {
    std::fs::copy(key, to).unwrap();
    let conn = connect(to);
    let site = uuid::Uuid::new_v4();
    conn.execute(
        &format!(
            "INSERT INTO changes (site, seq, clock, tbl, record, field, value, seen)
             VALUES (?1, 1, (SELECT max(clock) FROM changes), ?2, ?3, ?4, {value}, 0)"
        ),
        rusqlite::params![site.as_bytes().to_vec(), table, record, field],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO sites (site, max_seq, max_clock) VALUES (?1, 1, (SELECT max(clock) FROM changes))",
        [site.as_bytes().to_vec()],
    )
    .unwrap();
}

#[test]
fn control_characters_from_a_key_are_refused_as_a_typed_value_would_lose_them() {
    let b = Bench::new();
    let c = b.laptop("c", 2, 2);
    let key = b.path("cle.sqlite");
    b.ok(&["--db", s(&c), "sync", s(&key)]);
    let a = b.laptop("a", 2, 1);
    let idea = new_id();
    for (n, value) in [
        "'Fresque'||char(27)||'[31mROUGE'",
        "'Fresque'||char(7)",
        "'Fresque '||char(8238)||'enrevers'",
    ]
    .iter()
    .enumerate()
    {
        let bad = b.path(&format!("ctrl-{n}.sqlite"));
        plant_change(&key, &bad, "ideas", &idea, "title", value);
        let before = file_digest(&a);
        let out = b.run(&["--db", s(&a), "sync", s(&bad)]);
        assert_eq!(out.status.code(), Some(1), "{value}: {}", said(&out));
        assert!(said(&out).contains("ideas.title"), "{}", said(&out));
        assert!(!said(&out).contains('\u{1b}'), "no escape printed");
        assert_eq!(file_digest(&a), before);
    }
}

/// A table, a trigger copying every change into it, and a view, planted in `key` by hand.
fn plant_objects(key: &Path) {
    connect(key)
        .execute_batch(
            "CREATE TABLE pwn (x);
             CREATE TRIGGER espion AFTER INSERT ON changes BEGIN INSERT INTO pwn VALUES (new.value); END;
             CREATE VIEW vue AS SELECT * FROM changes;",
        )
        .unwrap();
}

/// How many of the objects [`plant_objects`] makes are in `key`.
fn planted(key: &Path) -> i64 {
    connect(key)
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name IN ('pwn', 'espion', 'vue')",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn triggers_and_tables_planted_in_a_key_never_run_nor_stay() {
    let b = Bench::new();
    let c = b.laptop("c", 2, 2);
    let key = b.path("cle.sqlite");
    b.ok(&["--db", s(&c), "sync", s(&key)]);
    plant_objects(&key);
    let a = b.laptop("a", 2, 1);
    b.ok(&["--db", s(&a), "sync", s(&key)]);
    assert_eq!(planted(&key), 0, "the published key is clean");
    // A table of comptoir's name made otherwise: the file is refused, not read.
    let odd = b.path("bizarre.sqlite");
    std::fs::copy(&key, &odd).unwrap();
    {
        let conn = connect(&odd);
        conn.execute_batch(
            "DROP TABLE forgotten; CREATE TABLE forgotten (id TEXT, clock INTEGER, x);",
        )
        .unwrap();
    }
    let out = b.run(&["--db", s(&a), "sync", s(&odd)]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(said(&out).contains("forgotten"), "{}", said(&out));
}

#[test]
fn a_key_planted_with_objects_is_published_clean_even_with_nothing_to_send() {
    let b = Bench::new();
    let c = b.laptop("c", 2, 2);
    let key = b.path("cle.sqlite");
    b.ok(&["--db", s(&c), "sync", s(&key)]);
    plant_objects(&key);
    assert_eq!(planted(&key), 3);
    // The laptop has nothing to send: the key is rewritten all the same, without them, and
    // what the laptop notes as verified is that clean file.
    b.ok(&["--db", s(&c), "sync", s(&key)]);
    assert_eq!(planted(&key), 0, "the published key is clean");
    // The next sync finds the very bytes it verified (nothing more to check), and they are
    // still clean.
    let out = b.ok(&["--db", s(&c), "sync", s(&key)]);
    assert!(
        said(&out).contains("0 modification envoyée, 0 reçue"),
        "{}",
        said(&out)
    );
    assert_eq!(planted(&key), 0);
}

#[test]
fn a_file_erasing_many_people_at_once_is_refused_unless_asked_for() {
    let b = Bench::new();
    let a = b.laptop("a", 20, 1);
    let key = b.path("cle.sqlite");
    b.ok(&["--db", s(&a), "sync", s(&key)]);
    let c = b.laptop("c", 2, 2);
    b.ok(&["--db", s(&c), "sync", s(&key)]);
    let people = |db: &Path| -> i64 {
        connect(db)
            .query_row("SELECT count(*) FROM attendees", [], |r| r.get(0))
            .unwrap()
    };
    let before = people(&c);
    assert!(before > 20);
    {
        let conn = connect(&key);
        conn.execute(
            "INSERT OR IGNORE INTO forgotten SELECT id, (SELECT max(clock) FROM changes) FROM attendees",
            [],
        )
        .unwrap();
    }
    let out = b.run(&["--db", s(&c), "sync", s(&key)]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(
        said(&out).contains("--accepter-effacements"),
        "{}",
        said(&out)
    );
    assert_eq!(people(&c), before, "nobody erased");
    let out = b.run(&["--db", s(&c), "sync", s(&key), "--accepter-effacements"]);
    assert!(out.status.success(), "{}", said(&out));
    assert!(people(&c) < before);
}

#[test]
fn devices_pipes_and_huge_inputs_are_refused_before_reading() {
    let b = Bench::new();
    let a = b.laptop("a", 2, 1);
    let before = file_digest(&a);
    // Devices are only read here: a test that wrote to one would harm the machine if the
    // check it guards were lost. The targets written to are a named pipe of the test's own.
    for args in [
        vec!["--db", s(&a), "import", "/dev/zero"],
        vec!["--db", s(&a), "import", "/dev/null"],
    ] {
        let out = b.run(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", said(&out));
        assert!(
            said(&out).contains("pas un fichier ordinaire"),
            "{args:?}: {}",
            said(&out)
        );
    }
    let fifo = b.path("tube.sqlite");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for args in [
        vec!["--db", s(&a), "sync", s(&fifo)],
        vec!["merge", "--into", s(&fifo), s(&a)],
        vec!["--db", s(&a), "import", s(&fifo)],
        vec!["check", s(&fifo)],
    ] {
        let out = b.run(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", said(&out));
        assert!(
            said(&out).contains("pas un fichier ordinaire"),
            "{args:?}: {}",
            said(&out)
        );
    }
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::metadata(&fifo).unwrap().file_type().is_fifo(),
        "the pipe is still a pipe"
    );
    assert_eq!(file_digest(&a), before);
}

#[test]
fn the_central_keeps_its_identity_and_a_refused_or_empty_merge_leaves_it_untouched() {
    let b = Bench::new();
    let a = b.laptop("a", 2, 1);
    let key = b.path("cle.sqlite");
    b.ok(&["--db", s(&a), "sync", s(&key)]);
    let central = b.path("centrale.sqlite");
    let site_of = |db: &Path| -> Vec<u8> {
        connect(db)
            .query_row("SELECT site FROM local", [], |r| r.get(0))
            .unwrap()
    };
    b.ok(&["merge", "--into", s(&central), s(&key)]);
    b.ok(&["--db", s(&central), "report"]);
    let site = site_of(&central);
    for _ in 0..2 {
        let c = b.laptop(&format!("c{}", site.len()), 2, 7);
        b.ok(&["--db", s(&c), "sync", s(&key)]);
        b.ok(&["merge", "--into", s(&central), s(&key)]);
        b.ok(&["--db", s(&central), "report"]);
        assert_eq!(
            site_of(&central),
            site,
            "opened again after a merge, it is not a move"
        );
    }
    // Nothing new, or a refused file: not a byte of the central file changes.
    let bytes = std::fs::read(&central).unwrap();
    b.ok(&["merge", "--into", s(&central), s(&key)]);
    let bad = b.path("mauvais.sqlite");
    plant_change(&key, &bad, "budget_lines", &new_id(), "amount", "'douze'");
    let out = b.run(&["merge", "--into", s(&central), s(&bad)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&central).unwrap(), bytes);
}

#[test]
fn a_refused_sync_takes_its_backup_back() {
    let b = Bench::new();
    let a = b.laptop("a", 2, 1);
    let key = b.path("cle.sqlite");
    b.ok(&["--db", s(&a), "sync", s(&key)]);
    let backups = b.path("a").join("sauvegardes").join("base.sqlite");
    let count = || {
        std::fs::read_dir(&backups)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with("sauvegarde-")
            })
            .count()
    };
    let before = count();
    let bad = b.path("mauvais.sqlite");
    plant_change(&key, &bad, "budget_lines", &new_id(), "amount", "'douze'");
    for _ in 0..3 {
        assert_eq!(
            b.run(&["--db", s(&a), "sync", s(&bad)]).status.code(),
            Some(1)
        );
    }
    assert_eq!(count(), before);
}

#[test]
fn an_erasure_that_empties_a_laptops_new_changes_is_no_clock_in_1970() {
    let b = Bench::new();
    let la = b.laptop("a", 2, 1);
    let lb = b.laptop("b", 2, 2);
    let key = b.path("cle.sqlite");
    b.ok(&["--db", s(&la), "sync", s(&key)]);
    b.ok(&["--db", s(&lb), "sync", s(&key)]);
    // a registers someone and erases her before its next sync: its new changes are all gone.
    {
        let mut st = Store::open(&la, reference()).unwrap();
        let id = new_id();
        st.write(&[Edit::new(&ATTENDEES, &id)
            .set("first_name", "Éphémère")
            .set("last_name", "Passante")
            .set("age_bracket", "26-64")])
            .unwrap();
        st.forget(&id).unwrap();
    }
    b.ok(&["--db", s(&la), "sync", s(&key)]);
    let out = b.ok(&["--db", s(&lb), "sync", s(&key)]);
    assert!(!said(&out).contains("avant 2020"), "{}", said(&out));
}

#[test]
fn a_copy_left_by_a_killed_sync_goes_at_the_next_start_of_any_command() {
    let b = Bench::new();
    let a = b.laptop("a", 2, 1);
    let c = b.laptop("c", 2, 2);
    let folder = b.path("partage");
    std::fs::create_dir(&folder).unwrap();
    b.ok(&["--db", s(&c), "sync", s(&folder)]);
    let out = bin(&b.tmp)
        .args(["--db", s(&a), "sync", s(&folder)])
        .env("COMPTOIR_TEST_ARRET", "copie-privee")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let work = b.path("a").join("travail").join("base.sqlite");
    assert_eq!(std::fs::read_dir(&work).unwrap().count(), 1);
    b.ok(&["--db", s(&a), "report"]);
    assert_eq!(std::fs::read_dir(&work).unwrap().count(), 0);
}

#[test]
fn names_read_from_a_file_never_print_escape_sequences() {
    let b = Bench::new();
    let a = b.laptop("a", 2, 1);
    let key = b.path("cle.sqlite");
    b.ok(&["--db", s(&a), "sync", s(&key)]);
    // A device name planted in the file's rows (not its changes).
    {
        let conn = connect(&key);
        conn.execute(
            "UPDATE devices SET label = 'D' || char(27) || '[31mROUGE' || char(7)",
            [],
        )
        .unwrap();
    }
    let out = b.run(&["check", s(&key)]);
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains("D[31mROUGE"), "{}", said(&out));
    assert!(!said(&out).contains('\u{1b}') && !said(&out).contains('\u{7}'));
    // A merge source that is a named pipe is refused, not waited on.
    let fifo = b.path("tube.sqlite");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let out = b.run(&["merge", "--into", s(&b.path("c.sqlite")), s(&fifo)]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(
        said(&out).contains("pas un fichier ordinaire"),
        "{}",
        said(&out)
    );
}

#[test]
fn a_folder_export_to_the_standard_output_is_refused_and_writes_nothing() {
    let b = Bench::new();
    let a = b.laptop("a", 5, 1);
    for format in ["csv", "sheet"] {
        for target in ["-", "/dev/stdout"] {
            let out = bin(&b.tmp)
                .current_dir(&b.tmp)
                .args(["--db", s(&a), "export", "--format", format, "--out", target])
                .output()
                .unwrap();
            assert_eq!(
                out.status.code(),
                Some(1),
                "{format} {target}: {}",
                said(&out)
            );
            assert!(said(&out).contains("donnez un dossier"), "{}", said(&out));
            assert!(!b.tmp.join("-").exists(), "a folder named « - » was made");
        }
    }
}
