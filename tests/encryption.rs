//! Shared files encrypted at rest (SQLCipher 4, the campaign's passphrase): held-out keys,
//! central files, temporary copies and backups read byte by byte for the names they hold; a
//! wrong or missing passphrase at every command (status 1, one French sentence, nothing
//! touched); a plaintext key of an earlier version synced into an encrypted one; the
//! settings DB Browser for SQLite uses; the passphrase kept, changed, and asked again.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;
use comptoir::store::{Content, Phrase, Store, cipher};
use rusqlite::Connection;

fn run(args: &[&str]) -> Output {
    comptoir_bin().args(args).output().unwrap()
}

fn run_with(args: &[&str], phrase: Option<&str>) -> Output {
    let mut c = comptoir_bin();
    match phrase {
        Some(p) => c.env("COMPTOIR_PHRASE", p),
        None => c.env_remove("COMPTOIR_PHRASE"),
    };
    c.args(args).output().unwrap()
}

fn ok(args: &[&str]) -> Output {
    let out = run(args);
    assert!(out.status.success(), "{args:?}: {}", said(&out));
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Names, e-mails and idea titles held in a laptop's (plaintext) base: what must not be read
/// in a file that leaves it.
fn known_words(base: &Path) -> Vec<String> {
    let conn = Connection::open(base).unwrap();
    let mut words = Vec::new();
    for sql in [
        "SELECT last_name FROM attendees",
        "SELECT email FROM attendees WHERE email IS NOT NULL",
        "SELECT title FROM ideas",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
        words.extend(rows.map(Result::unwrap).filter(|w| w.len() >= 6));
    }
    words.sort();
    words.dedup();
    assert!(words.len() >= 10, "too few words to look for: {words:?}");
    words
}

/// The words of `words` found in the bytes of `file`.
fn found_in(file: &Path, words: &[String]) -> Vec<String> {
    let bytes = std::fs::read(file).unwrap();
    words
        .iter()
        .filter(|w| contains(&bytes, w.as_bytes()))
        .cloned()
        .collect()
}

fn sha(path: &Path) -> Option<Vec<u8>> {
    use sha2::Digest;
    std::fs::read(path)
        .ok()
        .map(|b| sha2::Sha256::digest(b).to_vec())
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The readable content of an encrypted file, decrypted into a plaintext file (SQLCipher's
/// `sqlcipher_export`), as bytes.
fn decrypted(path: &Path, phrase: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("clair.sqlite");
    let conn = Connection::open(path).unwrap();
    conn.pragma_update(None, "key", phrase).unwrap();
    conn.execute(
        "ATTACH DATABASE ?1 AS clair KEY ''",
        [plain.to_str().unwrap()],
    )
    .unwrap();
    conn.query_row("SELECT sqlcipher_export('clair')", [], |_| Ok(()))
        .unwrap();
    conn.execute("DETACH DATABASE clair", []).unwrap();
    std::fs::read(&plain).unwrap()
}

/// A person registered on the laptop whose base is at `base`.
fn register(base: &Path, first: &str, last: &str) {
    let mut store = Store::open(base, reference()).unwrap();
    store
        .write(&[comptoir::store::Edit::new(
            &comptoir::domain::model::ATTENDEES,
            comptoir::store::new_id(),
        )
        .set("first_name", first)
        .set("last_name", last)
        .set("age_bracket", "26-64")])
        .unwrap();
}

struct Campaign {
    _dir: tempfile::TempDir,
    root: PathBuf,
    a: PathBuf,
    b: PathBuf,
    key: PathBuf,
    central: PathBuf,
}

/// Two laptops that met through an encrypted key, merged into an encrypted central file.
fn campaign() -> Campaign {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let a = root.join("a").join("base.sqlite");
    let b = root.join("b").join("base.sqlite");
    demo_base(&a, 6, 1);
    demo_base(&b, 6, 2);
    let key = root.join("cle").join("budget-citoyen.sqlite");
    std::fs::create_dir_all(key.parent().unwrap()).unwrap();
    let central = root.join("mission").join("centrale.sqlite");
    ok(&["--db", s(&a), "sync", s(&key)]);
    ok(&["--db", s(&b), "sync", s(&key)]);
    ok(&["merge", "--into", s(&central), s(&key)]);
    Campaign {
        _dir: dir,
        root,
        a,
        b,
        key,
        central,
    }
}

#[test]
fn held_out_files_hold_no_name_email_or_title() {
    let c = campaign();
    let words: Vec<String> = [known_words(&c.a), known_words(&c.b)].concat();
    // The grep can fail: the laptop's own base, plaintext, holds the words.
    assert!(!found_in(&c.a, &words).is_empty());
    for file in [&c.key, &c.central] {
        assert_eq!(
            cipher::content(file),
            Content::Encrypted,
            "{}",
            file.display()
        );
        assert_eq!(
            found_in(file, &words),
            Vec::<String>::new(),
            "{}",
            file.display()
        );
        // …and they are all there, for whoever has the passphrase.
        let clear = decrypted(file, PHRASE);
        assert!(words.iter().all(|w| contains(&clear, w.as_bytes())));
    }

    // A laptop's own file in a shared folder.
    let folder = c.root.join("partage");
    std::fs::create_dir_all(&folder).unwrap();
    ok(&["--db", s(&c.a), "sync", s(&folder)]);
    let own: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(own.len(), 1, "{own:?}");
    assert_eq!(found_in(&own[0], &words), Vec::<String>::new());

    // The temporary copy beside the key, caught as a sync is killed just before its rename
    // (laptop B registered someone since, so it has something to publish).
    register(&c.b, "Zébulonne", "Chiffrovitch");
    let killed = comptoir_bin()
        .env("COMPTOIR_TEST_ARRET", "avant-renommage")
        .args(["--db", s(&c.b), "sync", s(&c.key)])
        .output()
        .unwrap();
    assert!(!killed.status.success());
    let b_words = known_words(&c.b);
    assert!(b_words.iter().any(|w| w == "Chiffrovitch"));
    let folder = c.key.parent().unwrap();
    let tmp: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".tmp-"))
        .collect();
    assert_eq!(tmp.len(), 1, "{:?}", entries(folder));
    assert_eq!(cipher::content(&tmp[0]), Content::Encrypted);
    assert_eq!(found_in(&tmp[0], &b_words), Vec::<String>::new());

    // The backups of an encrypted base (the central file, opened as one and synced). A base is
    // backed up before it takes anything in: laptop A registers someone and publishes it on
    // the key first, so the key brings the central file something.
    register(&c.a, "Anatole", "Sauvegardin");
    ok(&["--db", s(&c.a), "sync", s(&c.key)]);
    ok(&["--db", s(&c.central), "sync", s(&c.key)]);
    let backups = c.root.join("mission").join("sauvegardes");
    let made: Vec<PathBuf> = std::fs::read_dir(backups.join("centrale.sqlite"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!made.is_empty());
    for backup in made {
        assert_eq!(cipher::content(&backup), Content::Encrypted);
        assert_eq!(found_in(&backup, &words), Vec::<String>::new());
    }
}

#[test]
fn a_wrong_or_missing_passphrase_touches_nothing_at_any_command() {
    let c = campaign();
    let folder = c.root.join("partage");
    std::fs::create_dir_all(&folder).unwrap();
    ok(&["--db", s(&c.a), "sync", s(&folder)]);
    let out_dir = c.root.join("exports");
    let files = [c.a.clone(), c.b.clone(), c.key.clone(), c.central.clone()];
    let before: Vec<_> = files.iter().map(|f| sha(f)).collect();
    let listed = |p: &Path| entries(p.parent().unwrap());
    let around: Vec<_> = files.iter().map(|f| listed(f)).collect();
    let folder_before = entries(&folder);
    let wrong = "ce n'est pas la bonne phrase";
    let commands: Vec<Vec<&str>> = vec![
        vec!["--db", s(&c.b), "sync", s(&c.key)],
        vec!["--db", s(&c.b), "sync", s(&folder)],
        vec!["--db", s(&c.b), "sync", s(&c.key), "--dry-run"],
        vec!["--db", s(&c.b), "merge", "--into", s(&c.central), s(&c.key)],
        vec!["--db", s(&c.b), "check", s(&c.key)],
        vec!["--db", s(&c.central), "report"],
        vec![
            "--db",
            s(&c.central),
            "export",
            "--format",
            "csv",
            "--out",
            s(&out_dir),
        ],
        vec!["--db", s(&c.b), "phrase", "--changer", s(&c.central)],
    ];
    for args in &commands {
        for (phrase, expected) in [
            (Some(wrong), "La phrase secrète ne correspond pas à"),
            (None, "La phrase secrète de la campagne est nécessaire"),
        ] {
            // Laptop B's kept passphrase aside: only the one given counts.
            let kept = Connection::open(&c.b)
                .unwrap()
                .execute("DELETE FROM settings WHERE key = 'campaign_phrase'", [])
                .unwrap();
            let _ = kept;
            let mut cmd = comptoir_bin();
            match phrase {
                Some(p) => cmd.env("COMPTOIR_PHRASE", p),
                None => cmd.env_remove("COMPTOIR_PHRASE"),
            };
            cmd.env("COMPTOIR_NOUVELLE_PHRASE", "une toute nouvelle phrase");
            let out = cmd.args(args).output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(
                out.status.code(),
                Some(1),
                "{args:?} {phrase:?}: {}",
                said(&out)
            );
            assert!(err.contains(expected), "{args:?} {phrase:?}: {err}");
            let sentences = err.lines().filter(|l| l.starts_with("comptoir : ")).count();
            assert_eq!(sentences, 1, "one sentence: {err}");
            assert!(
                err.lines()
                    .all(|l| l.starts_with("comptoir : ") || l.contains(" % ")),
                "{err}"
            );
            assert!(!err.contains(wrong), "the passphrase is never printed");
        }
    }
    // B's base lost only its kept passphrase (the test took it away): its content is the same.
    let after: Vec<_> = files.iter().map(|f| sha(f)).collect();
    assert_eq!(after[0], before[0], "laptop A");
    assert_eq!(after[2], before[2], "the key");
    assert_eq!(after[3], before[3], "the central file");
    assert_eq!(file_digest(&c.b).len(), 64);
    for (f, was) in files.iter().zip(&around) {
        // The base's work folder (`travail`) may have been made by a command that needed it:
        // it is kept, empty; nothing else appears.
        let now: Vec<String> = listed(f).into_iter().filter(|n| n != "travail").collect();
        let was: Vec<String> = was.iter().filter(|n| *n != "travail").cloned().collect();
        assert_eq!(now, was, "no lock or copy left beside {}", f.display());
        let work = f.parent().unwrap().join("travail");
        if work.exists() {
            for sub in std::fs::read_dir(&work).unwrap() {
                let sub = sub.unwrap().path();
                assert_eq!(entries(&sub), Vec::<String>::new(), "{}", sub.display());
            }
        }
    }
    assert_eq!(entries(&folder), folder_before);
    assert!(!out_dir.exists(), "no export written");
}

#[test]
fn a_file_that_is_not_comptoir_or_is_damaged_is_not_called_a_wrong_passphrase() {
    let c = campaign();
    let dir = c.root.join("essais");
    std::fs::create_dir_all(&dir).unwrap();
    let text = dir.join("liste.sqlite");
    std::fs::write(&text, "une liste de courses\n".repeat(400)).unwrap();
    let bytes = std::fs::read(&c.key).unwrap();
    assert!(bytes.len() >= 4 * 4096);
    // Page 3 written over: the passphrase opens the file, a page does not check out.
    let mut inner = bytes.clone();
    inner[2 * 4096..3 * 4096].fill(0xA5);
    let inner_file = dir.join("page3.sqlite");
    std::fs::write(&inner_file, &inner).unwrap();
    // Page 1 written over (after its salt): no passphrase opens it, but the other pages do.
    let mut first = bytes.clone();
    first[100..200].fill(0x5A);
    let first_file = dir.join("page1.sqlite");
    std::fs::write(&first_file, &first).unwrap();
    let cut = dir.join("coupe.sqlite");
    std::fs::write(&cut, &bytes[..bytes.len() - 1000]).unwrap();

    for (file, expected) in [
        (&text, "n'est pas une base SQLite lisible"),
        (&cut, "n'est pas une base SQLite lisible"),
        (&inner_file, "abîmé"),
        (&first_file, "est abîmé : la phrase secrète est la bonne"),
    ] {
        let out = run(&["--db", s(&c.a), "check", s(file)]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}: {}",
            file.display(),
            said(&out)
        );
        assert!(err.contains(expected), "{}: {err}", file.display());
        assert!(!err.contains("ne correspond pas"), "{err}");
        let target = sha(file);
        let out = run(&["--db", s(&c.a), "sync", s(file)]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{}", said(&out));
        assert!(!err.contains("ne correspond pas"), "{err}");
        assert_eq!(sha(file), target);
    }
    // The same damaged page 1 under a wrong passphrase is a wrong passphrase.
    let out = run_with(
        &["--db", s(&c.a), "check", s(&first_file)],
        Some("une autre phrase"),
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("ne correspond pas"));
}

#[test]
fn a_plaintext_key_of_an_earlier_version_is_read_and_published_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.sqlite");
    let b = dir.path().join("b.sqlite");
    demo_base(&a, 4, 1);
    demo_base(&b, 4, 2);
    let key_dir = dir.path().join("cle");
    std::fs::create_dir_all(&key_dir).unwrap();
    let key = key_dir.join("budget-citoyen.sqlite");
    // The key as the earlier version wrote it: a plaintext shared file with B's changes.
    {
        let mut shared =
            Store::open_shared(&key, reference(), fixed_wall(MORNING_MS).0, None).unwrap();
        shared.merge_from(&b).unwrap();
    }
    let b_words = known_words(&b);
    assert_eq!(cipher::content(&key), Content::Plain);
    assert!(!found_in(&key, &b_words).is_empty(), "plaintext before");
    let central = dir.path().join("centrale.sqlite");
    std::fs::copy(&key, &central).unwrap();

    // Laptop A, with no passphrase kept yet, syncs: it takes B's changes and publishes all.
    let out = ok(&["--db", s(&a), "sync", s(&key)]);
    assert!(
        said(&out).contains("Vous pouvez retirer la clé"),
        "{}",
        said(&out)
    );
    assert_eq!(cipher::content(&key), Content::Encrypted);
    assert_eq!(found_in(&key, &b_words), Vec::<String>::new());
    assert_eq!(
        entries(&key_dir),
        ["budget-citoyen.sqlite"],
        "no plaintext copy left"
    );
    assert_eq!(file_digest(&key), file_digest(&a));

    // A plaintext key that brings nothing new is published encrypted all the same.
    std::fs::remove_file(&key).unwrap();
    {
        let mut shared =
            Store::open_shared(&key, reference(), fixed_wall(MORNING_MS).0, None).unwrap();
        shared.merge_from(&a).unwrap();
    }
    assert_eq!(cipher::content(&key), Content::Plain);
    ok(&["--db", s(&a), "sync", s(&key)]);
    assert_eq!(cipher::content(&key), Content::Encrypted);

    // A plaintext key in WAL mode, its last pages still in its WAL (another tool wrote it):
    // read whole, published encrypted, and no plaintext WAL left beside it.
    let wal_dir = dir.path().join("cle-wal");
    std::fs::create_dir_all(&wal_dir).unwrap();
    let plain = wal_dir.join("modele.sqlite");
    {
        let mut shared =
            Store::open_shared(&plain, reference(), fixed_wall(MORNING_MS).0, None).unwrap();
        shared.merge_from(&b).unwrap();
    }
    let walled = wal_dir.join("budget-citoyen.sqlite");
    {
        let conn = rusqlite::Connection::open(&plain).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;
             UPDATE attendees SET first_name = first_name;",
        )
        .unwrap();
        // Copied while the WAL still holds the pages: the file and its WAL together.
        std::fs::copy(&plain, &walled).unwrap();
        std::fs::copy(
            wal_dir.join("modele.sqlite-wal"),
            wal_dir.join("budget-citoyen.sqlite-wal"),
        )
        .unwrap();
    }
    std::fs::remove_file(&plain).unwrap();
    assert!(!found_in(&wal_dir.join("budget-citoyen.sqlite-wal"), &b_words).is_empty());
    let out = ok(&["--db", s(&a), "sync", s(&walled)]);
    assert!(
        said(&out).contains("Vous pouvez retirer la clé"),
        "{}",
        said(&out)
    );
    assert_eq!(cipher::content(&walled), Content::Encrypted);
    assert_eq!(
        entries(&wal_dir),
        ["budget-citoyen.sqlite"],
        "no plaintext WAL left"
    );
    assert_eq!(found_in(&walled, &b_words), Vec::<String>::new());
    assert_eq!(file_digest(&walled), file_digest(&a));

    // A plaintext central file: read, and published encrypted by the next merge.
    ok(&["merge", "--into", s(&central), s(&key)]);
    assert_eq!(cipher::content(&central), Content::Encrypted);
    assert_eq!(file_digest(&central), file_digest(&a));
    assert_eq!(found_in(&central, &b_words), Vec::<String>::new());
}

#[test]
fn db_browser_s_sqlcipher_4_settings_open_an_encrypted_file() {
    let c = campaign();
    let titles = |conn: &Connection| -> rusqlite::Result<i64> {
        conn.query_row("SELECT count(*) FROM ideas", [], |r| r.get(0))
    };
    // DB Browser for SQLite, « SQLCipher 4 defaults », every setting spelled out.
    let conn = Connection::open(&c.central).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA key = '{}';
         PRAGMA cipher_page_size = 4096;
         PRAGMA kdf_iter = 256000;
         PRAGMA cipher_hmac_algorithm = HMAC_SHA512;
         PRAGMA cipher_kdf_algorithm = PBKDF2_HMAC_SHA512;
         PRAGMA cipher_plaintext_header_size = 0;",
        PHRASE.replace('\'', "''")
    ))
    .unwrap();
    assert_eq!(titles(&conn).unwrap(), 12);
    // The `sqlcipher` shell: the key, then the compatibility with SQLCipher 4.
    let conn = Connection::open(&c.central).unwrap();
    conn.pragma_update(None, "key", PHRASE).unwrap();
    conn.pragma_update(None, "cipher_compatibility", 4).unwrap();
    assert_eq!(titles(&conn).unwrap(), 12);
    // SQLCipher 3's settings, or no key at all, read nothing.
    let conn = Connection::open(&c.central).unwrap();
    conn.pragma_update(None, "key", PHRASE).unwrap();
    conn.pragma_update(None, "cipher_compatibility", 3).unwrap();
    assert!(titles(&conn).is_err());
    assert!(titles(&Connection::open(&c.central).unwrap()).is_err());
}

#[test]
fn the_passphrase_is_kept_on_the_laptop_read_from_a_file_and_changed() {
    let c = campaign();
    let dir = c.root.join("phrases");
    std::fs::create_dir_all(&dir).unwrap();
    // Kept since the first sync: the next ones need nothing.
    register(&c.b, "Anatole", "Gardephrase");
    let out = run_with(&["--db", s(&c.b), "sync", s(&c.key)], None);
    assert!(out.status.success(), "{}", said(&out));
    // Not in the clear where it could leave the laptop: the key and the central file.
    for f in [&c.key, &c.central] {
        assert!(!contains(&std::fs::read(f).unwrap(), PHRASE.as_bytes()));
    }

    // A file that holds it, with the line end a text editor adds.
    let file = dir.join("phrase.txt");
    std::fs::write(&file, format!("{PHRASE}\r\n")).unwrap();
    let out = run_with(&["--phrase-file", s(&file), "check", s(&c.key)], None);
    assert!(out.status.success(), "{}", said(&out));
    let short = dir.join("courte.txt");
    std::fs::write(&short, "abc").unwrap();
    let out = run_with(&["--phrase-file", s(&short), "check", s(&c.key)], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        said(&out).contains("au moins 8 caractères"),
        "{}",
        said(&out)
    );

    // The Mission ESS changes the central file's passphrase, then the key's, from laptop A.
    let new = "nouvelle phrase de la campagne";
    let new_file = dir.join("nouvelle.txt");
    std::fs::write(&new_file, new).unwrap();
    let digest = file_digest(&c.central);
    for f in [&c.central, &c.key] {
        let around = entries(f.parent().unwrap());
        // The current one given: laptop A keeps the new one after the first change.
        let out = run_with(
            &[
                "--db",
                s(&c.a),
                "phrase",
                "--changer",
                s(f),
                "--nouvelle-phrase-file",
                s(&new_file),
            ],
            Some(PHRASE),
        );
        assert!(out.status.success(), "{}", said(&out));
        assert_eq!(entries(f.parent().unwrap()), around, "no lock or copy left");
    }
    assert!(cipher::try_phrase(&c.central, &Phrase::new(new).unwrap()).is_ok());
    assert!(cipher::try_phrase(&c.central, &phrase()).is_err());
    let out = run_with(&["check", s(&c.central)], Some(new));
    assert!(said(&out).contains(&digest), "same content: {}", said(&out));
    // Laptop A kept the new one; laptop B is told its own no longer opens the key.
    let out = run_with(&["--db", s(&c.a), "sync", s(&c.key)], None);
    assert!(out.status.success(), "{}", said(&out));
    let before = sha(&c.b);
    let out = run_with(&["--db", s(&c.b), "sync", s(&c.key)], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(said(&out).contains("ne correspond pas"), "{}", said(&out));
    assert_eq!(sha(&c.b), before);
    let out = run_with(&["--db", s(&c.b), "sync", s(&c.key)], Some(new));
    assert!(out.status.success(), "{}", said(&out));
    let out = run_with(&["--db", s(&c.b), "sync", s(&c.key)], None);
    assert!(out.status.success(), "kept: {}", said(&out));
}

#[test]
fn the_synchronisation_screen_asks_for_the_passphrase_once_in_a_masked_field() {
    use comptoir::tui::theme::Theme;
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("portable.sqlite");
    demo_base(&base, 2, 5);
    let usb = dir.path().join("budget-citoyen.sqlite");
    let mut store = Store::open(&base, reference()).unwrap();
    store.set_setting("sync_target", s(&usb)).unwrap();
    assert!(store.phrase().is_none());
    // The facilitators' smallest terminal.
    let mut app = app_on(&mut store, (80, 24), Theme { colour: false });
    tap(&mut app, &mut store, "6s");
    let screen = screen_text(&app);
    assert!(screen.contains("Phrase secrète de la campagne"), "{screen}");
    assert!(!usb.exists(), "nothing published without it");

    // Too short: said under the field, nothing run.
    type_text(&mut app, &mut store, "court");
    tap(&mut app, &mut store, "<Enter>");
    let screen = screen_text(&app);
    assert!(screen.contains("au moins 8 caractères"), "{screen}");
    assert!(!screen.contains("court"), "masked: {screen}");
    assert!(screen.contains("•••••"), "{screen}");
    assert!(!usb.exists());

    // The campaign's passphrase, typed masked: the sync runs and keeps it.
    tap(&mut app, &mut store, &"<Backspace>".repeat(5));
    type_text(&mut app, &mut store, PHRASE);
    let screen = screen_text(&app);
    assert!(!screen.contains(PHRASE), "masked: {screen}");
    tap(&mut app, &mut store, "<Enter>");
    assert!(app.layers.editor().is_none());
    assert_eq!(cipher::content(&usb), Content::Encrypted);
    // Read as a person does, across the wrap.
    let words = screen_text(&app)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        words.contains("Vous pouvez retirer la clé"),
        "{}",
        screen_text(&app)
    );
    drop(store);
    let reopened = Store::open(&base, reference()).unwrap();
    assert_eq!(reopened.phrase(), Some(&phrase()));
    let mut store = reopened;
    let mut app = app_on(&mut store, (80, 24), Theme { colour: false });
    tap(&mut app, &mut store, "6s");
    assert!(
        app.layers.editor().is_none(),
        "asked once: {}",
        screen_text(&app)
    );

    // A passphrase that does not open the key is said so, under the field asked again.
    store.use_phrase(Phrase::new("une tout autre phrase").unwrap());
    tap(&mut app, &mut store, "s");
    let screen = screen_text(&app);
    assert!(
        screen.contains("elle n'ouvre pas le fichier partagé : demandez-la à la Mission ESS."),
        "{screen}"
    );
}
