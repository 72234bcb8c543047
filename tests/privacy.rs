//! Personal data as the law asks: files readable by their owner only, no personal data in what
//! the program prints, and an erasure that follows the data everywhere it went (laptop, its
//! backups, the key, the central base, another laptop).

mod common;

#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;
use comptoir::tui::theme::Theme;
use crossterm::event::KeyCode;

fn comptoir(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_comptoir"))
        .args(args)
        .env_remove("COMPTOIR_DB")
        .env("COMPTOIR_PHRASE", PHRASE)
        .output()
        .unwrap()
}

fn ok(args: &[&str]) -> Output {
    let out = comptoir(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

// File modes are Unix's; Windows gives a user's files to that user by their folder's rights.
#[cfg(unix)]
#[test]
fn every_file_the_program_writes_is_readable_by_its_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portable").join("base.sqlite");
    ok(&["--db", s(&db), "demo", "--no-open", "--ideas", "6"]);
    let exports = dir.path().join("exports");
    std::fs::create_dir_all(&exports).unwrap();
    for (format, out) in [
        ("csv", "idees.csv"),
        ("xlsx", "idees.xlsx"),
        ("json", "idees.json"),
        ("sheet", "fiches"),
        ("decidim", "decidim.csv"),
    ] {
        ok(&[
            "--db",
            s(&db),
            "export",
            "--format",
            format,
            "--out",
            s(&exports.join(out)),
        ]);
    }
    // An export over an older file made by someone else's tool, readable by all: made private.
    let old = exports.join("ancien");
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(old.join("comptoirs.csv"), "x").unwrap();
    std::fs::set_permissions(
        old.join("comptoirs.csv"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    ok(&[
        "--db",
        s(&db),
        "export",
        "--format",
        "csv",
        "--out",
        s(&old),
    ]);
    let key = dir.path().join("cle");
    std::fs::create_dir_all(&key).unwrap();
    ok(&["--db", s(&db), "sync", s(&key.join("partage.sqlite"))]);
    ok(&["--db", s(&db), "sync", s(&key.join("partage.sqlite"))]);
    ok(&[
        "merge",
        "--into",
        s(&dir.path().join("central").join("centrale.sqlite")),
        s(&key.join("partage.sqlite")),
    ]);
    let files = files_under(dir.path());
    assert!(files.len() >= 12, "{files:?}");
    assert!(
        files
            .iter()
            .any(|f| f.to_string_lossy().contains("sauvegardes"))
    );
    for f in files {
        let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o077, 0, "{} is {mode:o}", f.display());
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Every file under `dir` (bases, their logs, backups, exports), as bytes.
/// An encrypted file's pages are unreadable without the passphrase: for one, what it holds is
/// read decrypted (SQLCipher's `sqlcipher_export` into a plaintext file); after an erasure
/// (`scrubbed`), it must also keep no free page where an old record could linger.
fn bytes_under(dir: &Path, scrubbed: bool) -> Vec<(PathBuf, Vec<u8>)> {
    files_under(dir)
        .into_iter()
        .map(|f| {
            let b = if comptoir::store::cipher::content(&f) == comptoir::store::Content::Encrypted {
                decrypted(&f, scrubbed)
            } else {
                std::fs::read(&f).unwrap()
            };
            (f, b)
        })
        .collect()
}

fn decrypted(path: &Path, scrubbed: bool) -> Vec<u8> {
    let out = tempfile::tempdir().unwrap();
    let plain = out.path().join("clair.sqlite");
    let conn = connect(path);
    let free: i64 = conn
        .query_row("PRAGMA freelist_count", [], |r| r.get(0))
        .unwrap();
    assert!(
        !scrubbed || free == 0,
        "{} keeps free pages",
        path.display()
    );
    conn.execute("ATTACH DATABASE ?1 AS clair KEY ''", [s(&plain)])
        .unwrap();
    conn.query_row("SELECT sqlcipher_export('clair')", [], |_| Ok(()))
        .unwrap();
    conn.execute("DETACH DATABASE clair", []).unwrap();
    std::fs::read(&plain).unwrap()
}

#[test]
fn an_erasure_on_one_laptop_follows_the_person_to_the_key_the_centre_and_another_laptop() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a").join("base.sqlite");
    let b = dir.path().join("b").join("base.sqlite");
    let usb = dir.path().join("cle").join("partage.sqlite");
    std::fs::create_dir_all(usb.parent().unwrap()).unwrap();
    let central = dir.path().join("central").join("centrale.sqlite");
    ok(&[
        "--db",
        s(&a),
        "demo",
        "--no-open",
        "--ideas",
        "4",
        "--seed",
        "1",
    ]);
    ok(&[
        "--db",
        s(&b),
        "demo",
        "--no-open",
        "--ideas",
        "4",
        "--seed",
        "2",
    ]);
    // Laptop A registers Zéphyrine (with her consent: her e-mail is kept), and everyone meets.
    let person;
    {
        let mut store = comptoir::store::Store::open(&a, reference()).unwrap();
        person = comptoir::store::new_id();
        store
            .write(&[
                comptoir::store::Edit::new(&comptoir::domain::model::ATTENDEES, &person)
                    .set("first_name", "Zéphyrine")
                    .set("last_name", "Quasimodo")
                    .set("age_bracket", "26-64")
                    .set("consent", 1i64)
                    .set("email", "zephyrine.quasimodo@exemple.fr"),
            ])
            .unwrap();
    }
    ok(&["--db", s(&a), "sync", s(&usb)]);
    ok(&["--db", s(&b), "sync", s(&usb)]);
    ok(&["merge", "--into", s(&central), s(&usb)]);
    let needles: [&[u8]; 4] = [
        "Zéphyrine".as_bytes(),
        b"Quasimodo",
        b"zephyrine.quasimodo",
        b"zephyrine quasimodo",
    ];
    let seen = bytes_under(dir.path(), false);
    for file in [&usb, &central] {
        assert_eq!(
            comptoir::store::cipher::content(file),
            comptoir::store::Content::Encrypted
        );
        assert!(
            seen.iter()
                .any(|(f, b)| f == file && contains(b, b"Quasimodo")),
            "she is in {} before",
            file.display()
        );
    }

    // On laptop A, through the interface: screen 3, find her, erase, confirm.
    {
        let mut store = comptoir::store::Store::open(&a, reference()).unwrap();
        let mut app = app_on(&mut store, (100, 30), Theme { colour: false });
        press(
            &mut app,
            &mut store,
            &[key(KeyCode::Char('3')), key(KeyCode::Char('/'))],
        );
        type_text(&mut app, &mut store, "quasimodo");
        press(&mut app, &mut store, &[key(KeyCode::Enter)]);
        assert_eq!(app.data.attendees.total, 1);
        press(&mut app, &mut store, &[key(KeyCode::Char('x'))]);
        assert!(
            screen_text(&app).contains("Effacer définitivement Zéphyrine Quasimodo"),
            "{}",
            screen_text(&app)
        );
        press(&mut app, &mut store, &[key(KeyCode::Char('o'))]);
        assert!(store.is_forgotten(&person).unwrap());
    }
    // A → key → centre; B syncs with the key.
    ok(&["--db", s(&a), "sync", s(&usb)]);
    ok(&["merge", "--into", s(&central), s(&usb)]);
    ok(&["--db", s(&b), "sync", s(&usb)]);
    for (file, bytes) in bytes_under(dir.path(), true) {
        for needle in needles {
            assert!(
                !contains(&bytes, needle),
                "{} still holds « {} »",
                file.display(),
                String::from_utf8_lossy(needle)
            );
        }
    }
    // What the commands printed never named anyone either.
    let out = ok(&["--db", s(&b), "sync", s(&usb), "--json"]);
    let printed = [out.stdout, out.stderr].concat();
    assert!(!contains(&printed, b"Quasimodo"));
}
