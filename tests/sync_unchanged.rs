//! A sync with nothing new (issue 23): the whole command takes the shortcut only when the key
//! is the very file this laptop verified after its last sync (its size, dates, place on the
//! disk and first page) and the base has not changed; a key changed in any way, even by hand
//! with the same size and modification date, or damaged, goes the whole way with every check.
//! A sync that takes nothing in makes no backup; the derived key of the key is kept.

mod common;

use std::path::Path;

use common::*;

fn sync(base: &Path, key: &Path) -> std::process::Output {
    comptoir_bin()
        .args(["sync", "--db", s(base), s(key)])
        .output()
        .unwrap()
}

fn backups(base: &Path) -> usize {
    std::fs::read_dir(comptoir::paths::backup_dir(base))
        .map(|d| {
            d.flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with("sauvegarde-"))
                .count()
        })
        .unwrap_or(0)
}

/// The laptop registers Léa `last_name` (a list of one row imported, as at a workshop).
fn register(base: &Path, last_name: &str) {
    let list = base.with_file_name("liste.csv");
    std::fs::write(
        &list,
        format!("Prénom;Nom;Âge;Commune\nLéa;{last_name};34;Arras\n"),
    )
    .unwrap();
    let out = comptoir_bin()
        .args(["import", "--db", s(base), s(&list)])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", said(&out));
}

/// A laptop's base synced once with its key.
fn synced(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let base = dir.join("portable.sqlite");
    let key = dir.join("cle.sqlite");
    demo_base(&base, 8, 3);
    let out = sync(&base, &key);
    assert!(
        said(&out).contains("Vous pouvez retirer la clé"),
        "{}",
        said(&out)
    );
    // A first sync onto a new key only sends: the base takes nothing in, nothing to back up.
    assert_eq!(backups(&base), 0);
    // Its backups' folder (where it notes what it published) is the owner's alone all the same.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let folder = comptoir::paths::backup_dir(&base);
        let mode = std::fs::metadata(&folder).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "{folder:?}");
    }
    (base, key)
}

/// Changes the key's bytes with `change`, then puts back its modification date; its size
/// must not have changed.
fn by_hand(key: &Path, change: impl FnOnce(&Path)) {
    let before = std::fs::metadata(key).unwrap();
    change(key);
    std::fs::OpenOptions::new()
        .write(true)
        .open(key)
        .unwrap()
        .set_modified(before.modified().unwrap())
        .unwrap();
    let after = std::fs::metadata(key).unwrap();
    assert_eq!(after.len(), before.len(), "same size");
    assert_eq!(
        after.modified().unwrap(),
        before.modified().unwrap(),
        "same date"
    );
}

#[test]
fn nothing_new_makes_no_backup_and_leaves_the_key_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let (base, key) = synced(dir.path());
    let bytes = std::fs::read(&key).unwrap();
    let date = std::fs::metadata(&key).unwrap().modified().unwrap();
    let base_bytes = std::fs::read(&base).unwrap();
    let out = sync(&base, &key);
    assert!(out.status.success(), "{}", said(&out));
    assert!(
        said(&out).contains("0 modification envoyée, 0 reçue. Vous pouvez retirer la clé."),
        "{}",
        said(&out)
    );
    assert_eq!(backups(&base), 0, "no backup when nothing comes in");
    assert_eq!(std::fs::read(&key).unwrap(), bytes, "the key not rewritten");
    assert_eq!(std::fs::metadata(&key).unwrap().modified().unwrap(), date);
    // Nor the base: the command line writes nothing for nothing (the interface notes such a
    // sync in the history: tests/ui.rs).
    assert_eq!(
        std::fs::read(&base).unwrap(),
        base_bytes,
        "the base not written"
    );
    let store = comptoir::store::Store::open(&base, reference()).unwrap();
    assert_eq!(store.sync_log(10).unwrap().len(), 1);
}

#[test]
fn a_write_on_the_laptop_since_goes_the_whole_way_and_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let (base, key) = synced(dir.path());
    register(&base, "Nouvelle");
    let out = sync(&base, &key);
    assert!(
        said(&out).contains("Vous pouvez retirer la clé"),
        "{}",
        said(&out)
    );
    assert!(
        !said(&out).contains(" 0 modification envoyée"),
        "{}",
        said(&out)
    );
    // It only sent: the base took nothing in, so it was not backed up again.
    assert_eq!(backups(&base), 0, "no backup when nothing comes in");
}

#[test]
fn a_laptop_keeps_the_key_derived_for_its_key_and_drops_it_with_its_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let (base, key) = synced(dir.path());
    let derived = |base: &Path| -> Vec<String> {
        let conn = rusqlite::Connection::open(base).unwrap();
        let mut stmt = conn
            .prepare("SELECT key FROM settings WHERE key LIKE 'derived!_key:%' ESCAPE '!'")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    // One key, named by the key file's salt (its first 16 bytes).
    let salt: String = std::fs::read(&key).unwrap()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let kept = derived(&base);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(kept[0].ends_with(&format!(":{salt}")), "{kept:?}");
    // The campaign changes its passphrase: the key derived from the old one goes.
    let new = dir.path().join("nouvelle.txt");
    std::fs::write(&new, "la nouvelle phrase de la campagne").unwrap();
    let out = comptoir_bin()
        .args(["--db", s(&base), "phrase", "--changer", s(&key)])
        .arg("--nouvelle-phrase-file")
        .arg(&new)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", said(&out));
    assert_eq!(derived(&base), Vec::<String>::new());
}

#[test]
fn a_key_changed_by_hand_with_the_same_size_and_date_is_not_taken_as_seen() {
    let dir = tempfile::tempdir().unwrap();
    let (base, key) = synced(dir.path());
    // The last change of the laptop, one character changed in place on the key (a value still
    // valid: the committee's date, the 20th made the 21st).
    by_hand(&key, |key| {
        let conn = connect(key);
        let changed = conn
            .execute(
                "UPDATE changes SET value = substr(value, 1, length(value) - 1)
                     || CASE WHEN substr(value, -1) = '0' THEN '1' ELSE '0' END
                 WHERE typeof(value) = 'text'
                   AND (site, seq) = (SELECT site, max(seq) FROM changes WHERE typeof(value) = 'text')",
                [],
            )
            .unwrap();
        assert_eq!(changed, 1);
        // The last change of all is a text: the one both files hold last differs.
        let last_is_text: bool = conn
            .query_row(
                "SELECT typeof(value) = 'text' FROM changes ORDER BY seq DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(last_is_text);
    });
    let out = sync(&base, &key);
    let text = said(&out);
    assert!(!text.contains("Vous pouvez retirer la clé"), "{text}");
    assert!(text.contains("mises de côté"), "{text}");
}

#[test]
fn a_key_damaged_with_the_same_size_and_date_is_refused_and_the_base_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (base, key) = synced(dir.path());
    let before = file_digest(&base);
    by_hand(&key, |key| {
        use std::io::{Seek, SeekFrom, Write};
        let len = std::fs::metadata(key).unwrap().len();
        let mut f = std::fs::OpenOptions::new().write(true).open(key).unwrap();
        // Whole pages in the middle of the file overwritten.
        f.seek(SeekFrom::Start((len / 2) & !4095)).unwrap();
        f.write_all(&[0xA5; 8192]).unwrap();
    });
    let out = sync(&base, &key);
    assert!(!out.status.success(), "{}", said(&out));
    assert!(said(&out).contains("abîmé"), "{}", said(&out));
    assert!(!said(&out).contains("Vous pouvez retirer la clé"));
    assert_eq!(file_digest(&base), before, "nothing of the key taken in");
}

#[test]
fn a_wal_planted_beside_the_key_is_no_part_of_it_for_any_command_and_goes_at_the_next_sync() {
    let dir = tempfile::tempdir().unwrap();
    let (base, key) = synced(dir.path());
    let old = dir.path().join("ancienne.sqlite");
    std::fs::copy(&key, &old).unwrap();
    // The laptop registers someone and publishes her.
    register(&base, "Walbeside");
    assert!(sync(&base, &key).status.success());
    // A valid WAL of the old key (same key, same salt), written by SQLite itself: every page
    // rewritten as it was before, the WAL kept while the connection is open.
    let planted = {
        let conn = connect(&old);
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        conn.execute_batch(
            "UPDATE changes SET value = value; UPDATE attendees SET last_name = last_name;",
        )
        .unwrap();
        let wal = dir.path().join("ancienne.sqlite-wal");
        std::fs::read(&wal).unwrap()
    };
    assert!(planted.len() > 4096);
    let key_wal = dir.path().join("cle.sqlite-wal");
    std::fs::write(&key_wal, &planted).unwrap();
    // What sync publishes is what check and the central merge read: the file alone.
    let central = dir.path().join("centrale.sqlite");
    let out = comptoir_bin()
        .args(["merge", "--into", s(&central), s(&key)])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", said(&out));
    let names: Vec<String> = {
        let conn = connect(&central);
        let mut stmt = conn
            .prepare("SELECT last_name FROM attendees WHERE last_name = 'Walbeside'")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(
        names,
        vec!["Walbeside".to_string()],
        "the key's own content"
    );
    let out = comptoir_bin().args(["check", s(&key)]).output().unwrap();
    assert!(out.status.success(), "{}", said(&out));
    // The next sync takes the whole way (a journal lies beside the key) and removes it.
    let out = sync(&base, &key);
    assert!(
        said(&out).contains("Vous pouvez retirer la clé"),
        "{}",
        said(&out)
    );
    assert!(!key_wal.exists(), "the planted WAL is gone");
    assert_eq!(file_digest(&key), file_digest(&base));
}
