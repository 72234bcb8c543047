//! `comptoir sync`, `merge` and `check` on real files: the happy paths, every bad file and
//! folder (each a French message, both databases unchanged), and processes killed mid-sync.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;
use comptoir::domain::model::DEVICES;
#[cfg(unix)]
use comptoir::domain::model::IDEAS;
#[cfg(unix)]
use comptoir::store::new_id;
use comptoir::store::{Edit, Store};
use rusqlite::Connection;

fn comptoir(args: &[&str]) -> Output {
    comptoir_bin()
        .args(args)
        .env_remove("COMPTOIR_DB")
        .env_remove("COMPTOIR_TEST_ARRET")
        .env("COMPTOIR_PHRASE", PHRASE)
        .output()
        .unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A laptop database with a device and `ideas` demo ideas.
fn laptop(dir: &Path, name: &str, ideas: usize, seed: u64) -> PathBuf {
    let path = dir.join(format!("{name}.sqlite"));
    let out = comptoir(&[
        "demo",
        "--no-open",
        "--ideas",
        &ideas.to_string(),
        "--seed",
        &seed.to_string(),
        "--db",
        s(&path),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    path
}

/// Integrity and digest of a file, read on a copy.
fn state(path: &Path) -> (String, String) {
    let copy = comptoir::sync::private_copy(path, &std::env::temp_dir(), Some(&phrase())).unwrap();
    let store = Store::open_shared(
        &copy,
        reference(),
        fixed_wall(MORNING_MS).0,
        Some(&phrase()),
    )
    .unwrap();
    (
        store.file_info().unwrap().integrity,
        store.digest().unwrap(),
    )
}

fn digest(path: &Path) -> String {
    state(path).1
}

fn sync(local: &Path, target: &Path) -> Output {
    comptoir(&["--db", s(local), "sync", s(target)])
}

#[test]
fn two_laptops_meet_through_a_key_and_a_check_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a", 6, 1);
    let b = laptop(dir.path(), "b", 6, 2);
    let key = dir.path().join("cle");
    std::fs::create_dir(&key).unwrap();
    let shared = key.join("budget-citoyen.sqlite");

    let out = sync(&a, &shared);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(", 0 reçue.") && text.contains("Vous pouvez retirer la clé"),
        "{text}"
    );
    assert!(sync(&b, &shared).status.success());
    assert!(sync(&a, &shared).status.success());
    assert_eq!(digest(&a), digest(&b));
    assert_eq!(digest(&a), digest(&shared));
    // No lock, no temporary file left on the key.
    let left: Vec<String> = std::fs::read_dir(&key)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["budget-citoyen.sqlite"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&shared).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    // check, in French and in JSON.
    let out = comptoir(&["check", s(&shared)]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Intégrité    : intacte"), "{text}");
    assert!(text.contains(&digest(&a)));
    let out = comptoir(&["check", s(&shared), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "integrity",
        "schema_version",
        "counts",
        "sites",
        "open_conflicts",
        "digest",
    ] {
        assert!(v.get(key).is_some(), "{key} missing");
    }
    assert_eq!(v["integrity"], "ok");
    assert_eq!(v["counts"]["ideas"], 12);
    assert_eq!(v["sites"].as_array().unwrap().len(), 2);
    assert_eq!(v["sites"][0]["device"], "Portable de démonstration");
    assert_eq!(v["digest"], digest(&a));

    // Backups: one per sync that takes something in (another laptop wrote since), private,
    // at most ten kept. A sync with nothing new makes none (issue 23): tests/sync_unchanged.rs.
    for i in 0..10 {
        let list = dir.path().join(format!("liste-{i}.csv"));
        std::fs::write(
            &list,
            format!("Prénom;Nom;Âge;Commune\nLéa;Venue-{i};34;Arras\n"),
        )
        .unwrap();
        assert!(
            comptoir(&["--db", s(&b), "import", s(&list)])
                .status
                .success()
        );
        assert!(sync(&b, &shared).status.success());
        assert!(sync(&a, &shared).status.success());
    }
    // Each base has its own folder of backups, named after it.
    let backups = dir.path().join("sauvegardes").join("a.sqlite");
    let count = std::fs::read_dir(&backups)
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            let name = name.to_string_lossy();
            name.starts_with("sauvegarde-") && name.ends_with(".sqlite")
        })
        .count();
    assert_eq!(count, 10);
}

#[test]
fn a_dry_run_says_what_would_move_and_moves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a", 4, 1);
    let b = laptop(dir.path(), "b", 4, 2);
    let shared = dir.path().join("partage.sqlite");
    assert!(sync(&a, &shared).status.success());
    let (before_b, before_shared) = (digest(&b), std::fs::read(&shared).unwrap());
    let out = comptoir(&["--db", s(&b), "sync", s(&shared), "--dry-run", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let conn = connect(&a);
    let a_changes: i64 = conn
        .query_row("SELECT count(*) FROM changes", [], |r| r.get(0))
        .unwrap();
    let conn = connect(&b);
    let b_changes: i64 = conn
        .query_row("SELECT count(*) FROM changes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v["dry_run"], true);
    assert_eq!(v["sent"], b_changes);
    assert_eq!(v["received"], a_changes);
    assert_eq!(digest(&b), before_b);
    assert_eq!(std::fs::read(&shared).unwrap(), before_shared);
}

#[test]
fn a_shared_folder_lets_each_laptop_publish_its_own_file() {
    let dir = tempfile::tempdir().unwrap();
    let laptops: Vec<PathBuf> = (0..3)
        .map(|i| laptop(dir.path(), &format!("l{i}"), 3, i))
        .collect();
    let folder = dir.path().join("dossier-partage");
    std::fs::create_dir(&folder).unwrap();
    for _ in 0..2 {
        for l in &laptops {
            let out = sync(l, &folder);
            assert!(out.status.success(), "{}", stderr(&out));
        }
    }
    let d: Vec<String> = laptops.iter().map(|l| digest(l)).collect();
    assert!(d.iter().all(|x| *x == d[0]), "{d:?}");
    assert_eq!(
        std::fs::read_dir(&folder).unwrap().count(),
        3,
        "one file per laptop"
    );
    // The central merge of the folder gives the same content, in any order, duplicates allowed.
    let central = dir.path().join("centrale.sqlite");
    let out = comptoir(&[
        "merge",
        "--into",
        s(&central),
        s(&folder),
        s(&laptops[2]),
        s(&laptops[0]),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(digest(&central), d[0]);
}

#[test]
fn the_central_merge_skips_a_damaged_file_and_reports_it() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a", 3, 1);
    let bad = dir.path().join("abime.sqlite");
    std::fs::write(&bad, b"SQLite format 3\0 but not really").unwrap();
    let central = dir.path().join("centrale.sqlite");
    let out = comptoir(&["merge", "--into", s(&central), s(&bad), s(&a), "--json"]);
    // The rest is merged, and the status says a file was left out.
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["files"][0]["error"]
            .as_str()
            .unwrap()
            .contains("abime.sqlite"),
        "{v}"
    );
    assert!(v["files"][1]["error"].is_null());
    assert_eq!(digest(&central), digest(&a));
}

/// Runs `sync` expecting a refusal whose message contains `expected`; both databases unchanged.
fn refused(local: &Path, target: &Path, expected: &str) {
    let before_local = digest(local);
    let before_target = std::fs::read(target).ok();
    let out = sync(local, target);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = stderr(&out);
    assert!(err.contains(expected), "« {expected} » not in « {err} »");
    // One sentence, after the progress lines a sync prints once it has taken a second.
    let said: Vec<&str> = err
        .lines()
        .filter(|l| !(l.trim_start().split(' ').nth(1) == Some("%") && l.ends_with('…')))
        .collect();
    assert_eq!(said.len(), 1, "one line: {err}");
    assert_eq!(digest(local), before_local, "local changed");
    assert_eq!(std::fs::read(target).ok(), before_target, "target changed");
}

#[test]
fn bad_shared_files_are_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a", 3, 1);
    let good = dir.path().join("bonne.sqlite");
    let b = laptop(dir.path(), "b", 3, 2);
    assert!(sync(&b, &good).status.success());

    let text = dir.path().join("texte.sqlite");
    std::fs::write(&text, "ceci est une liste de courses\n".repeat(50)).unwrap();
    refused(&a, &text, "n'est pas une base SQLite lisible");

    let truncated = dir.path().join("coupe.sqlite");
    let bytes = std::fs::read(&good).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    refused(&a, &truncated, "coupe.sqlite");

    let corrupt = dir.path().join("abime.sqlite");
    let mut bytes = std::fs::read(&good).unwrap();
    let page = 4096;
    for b in &mut bytes[2 * page..3 * page] {
        *b = 0xA5;
    }
    std::fs::write(&corrupt, &bytes).unwrap();
    refused(&a, &corrupt, "abime.sqlite");

    let other = dir.path().join("autre.sqlite");
    connect(&other)
        .execute_batch("CREATE TABLE courses (article TEXT)")
        .unwrap();
    refused(&a, &other, "n'est pas une base comptoir");

    let newer = dir.path().join("future.sqlite");
    std::fs::copy(&good, &newer).unwrap();
    connect(&newer)
        .pragma_update(None, "user_version", 99)
        .unwrap();
    refused(&a, &newer, "version plus récente");
}

#[test]
fn an_older_shared_file_is_upgraded_on_the_copy_never_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a", 3, 1);
    let old = dir.path().join("ancien.sqlite");
    let b = laptop(dir.path(), "b", 3, 2);
    assert!(sync(&b, &old).status.success());
    // Make it a schema-1 file, as an older comptoir wrote it.
    {
        let conn = connect(&old);
        for t in ["workshops", "attendees", "budget_lines"] {
            for on in ["insert", "delete", "update"] {
                conn.execute_batch(&format!("DROP TRIGGER {t}_tally_{on}"))
                    .unwrap();
            }
        }
        conn.execute_batch(
            "DROP INDEX workshops_by_order;
             DROP TRIGGER people_fts_insert; DROP TRIGGER people_fts_delete; DROP TABLE people_fts;
             DROP TABLE people_words;
             DROP TABLE idea_levels; DROP TABLE idea_totals; DROP TABLE tallies;
             ALTER TABLE attendees DROP COLUMN merged_into; DROP TABLE people_text;
             DROP TABLE conflicts; DROP TABLE sync_log; PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let before = std::fs::read(&old).unwrap();
    let out = comptoir(&["check", s(&old)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(&old).unwrap(),
        before,
        "check upgrades a copy only"
    );
    let central = dir.path().join("centrale.sqlite");
    assert!(
        comptoir(&["merge", "--into", s(&central), s(&old)])
            .status
            .success()
    );
    assert_eq!(
        std::fs::read(&old).unwrap(),
        before,
        "merge upgrades a copy only"
    );
    // A sync publishes a new file at the current schema.
    assert!(sync(&a, &old).status.success());
    let v: i64 = connect(&old)
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, comptoir::store::schema::LATEST);
}

// Unix only: a read-only folder is made with mode bits or chattr.
#[cfg(unix)]
#[test]
fn missing_and_read_only_folders_and_a_held_lock() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a", 3, 1);
    refused(
        &a,
        &dir.path().join("cle-absente").join("partage.sqlite"),
        "la clé USB est-elle branchée",
    );

    let shared = dir.path().join("partage.sqlite");
    let lock = dir.path().join("partage.sqlite.verrou");
    std::fs::write(&lock, "portable-de-lucie\n4242\n").unwrap();
    refused(&a, &shared, "« portable-de-lucie »");
    // A lock left by a laptop that died long ago is taken over.
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&lock)
        .unwrap()
        .set_modified(old)
        .unwrap();
    assert!(sync(&a, &shared).status.success());
    assert!(!lock.exists());

    let ro = dir.path().join("lecture-seule");
    std::fs::create_dir(&ro).unwrap();
    let _guard = ReadOnly::make(&ro);
    refused(&a, &ro.join("partage.sqlite"), "lecture seule");
}

/// A folder nobody can write into, root included (chmod, else the immutable attribute).
#[cfg(unix)]
struct ReadOnly(PathBuf, bool);

#[cfg(unix)]
impl ReadOnly {
    fn make(dir: &Path) -> ReadOnly {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        if std::fs::write(dir.join("essai"), "x").is_err() {
            return ReadOnly(dir.to_path_buf(), false);
        }
        let _ = std::fs::remove_file(dir.join("essai"));
        let ok = std::process::Command::new("chattr")
            .arg("+i")
            .arg(dir)
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            ok && std::fs::write(dir.join("essai"), "x").is_err(),
            "cannot make a read-only folder here"
        );
        ReadOnly(dir.to_path_buf(), true)
    }
}

#[cfg(unix)]
impl Drop for ReadOnly {
    fn drop(&mut self) {
        if self.1 {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(&self.0)
                .status();
        }
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o755));
    }
}

// Unix only: the full disk is a file size limit (RLIMIT_FSIZE).
#[cfg(unix)]
#[test]
fn a_full_disk_leaves_both_databases_as_they_were() {
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a", 30, 1);
    let b = laptop(dir.path(), "b", 30, 2);
    let shared = dir.path().join("partage.sqlite");
    assert!(sync(&b, &shared).status.success());
    let (before_a, before_shared) = (digest(&a), std::fs::read(&shared).unwrap());
    let limit = 64 * 1024; // bytes a file may grow to: far less than the shared file.
    let mut cmd = comptoir_bin();
    cmd.args(["--db", s(&a), "sync", s(&shared)])
        .env_remove("COMPTOIR_TEST_ARRET");
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let lim = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            libc::setrlimit(libc::RLIMIT_FSIZE, &lim);
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = stderr(&out);
    assert!(
        err.contains("Rien n'a été modifié") || err.contains("disque"),
        "{err}"
    );
    assert_eq!(digest(&a), before_a);
    assert_eq!(std::fs::read(&shared).unwrap(), before_shared);
    // Room again: the sync goes through.
    assert!(sync(&a, &shared).status.success());
    assert_eq!(digest(&a), digest(&shared));
}

/// The points where a sync can be killed, in protocol order.
#[cfg(unix)]
const POINTS: [&str; 7] = [
    "verrou",
    "copie",
    "avant-fusion",
    "apres-fusion",
    "avant-renommage",
    "apres-renommage",
    "apres-reception",
];

// Unix only: the kill is a SIGKILL the process sends itself.
#[cfg(unix)]
#[test]
fn a_sync_killed_anywhere_leaves_old_or_new_and_converges_after() {
    // 20 runs at points drawn from a seeded generator (scripts/sync-kill.sh does 1 000 with
    // kills at random times).
    let mut seed = 0x5eed_u64;
    for run in 0..20 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let point = POINTS[(seed >> 33) as usize % POINTS.len()];
        let dir = tempfile::tempdir().unwrap();
        let a = laptop(dir.path(), "a", 3, run);
        let b = laptop(dir.path(), "b", 3, run + 100);
        let shared = dir.path().join("partage.sqlite");
        assert!(sync(&b, &shared).status.success());
        // a types something more, then syncs and is killed.
        {
            let mut store = Store::open(&a, reference()).unwrap();
            store
                .write(&[Edit::new(&IDEAS, new_id()).set("title", format!("Idée tapée {run}"))])
                .unwrap();
        }
        let (old_local, old_shared) = (digest(&a), digest(&shared));
        let new = {
            let merged = dir.path().join("attendu.sqlite");
            std::fs::copy(
                comptoir::sync::private_copy(&shared, &std::env::temp_dir(), Some(&phrase()))
                    .unwrap(),
                &merged,
            )
            .unwrap();
            let mut st = Store::open_shared(
                &merged,
                reference(),
                fixed_wall(MORNING_MS).0,
                Some(&phrase()),
            )
            .unwrap();
            st.merge_from(&comptoir::sync::private_copy(&a, &std::env::temp_dir(), None).unwrap())
                .unwrap();
            st.digest().unwrap()
        };
        let out = comptoir_bin()
            .args(["--db", s(&a), "sync", s(&shared)])
            .env("COMPTOIR_TEST_ARRET", point)
            .output()
            .unwrap();
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(
            out.status.signal(),
            Some(libc::SIGKILL),
            "run {run} at {point}: {}",
            stderr(&out)
        );

        let (integrity, now_shared) = state(&shared);
        assert_eq!(integrity, "ok", "run {run} at {point}");
        assert!(
            now_shared == old_shared || now_shared == new,
            "run {run} at {point}: shared file neither old nor new"
        );
        let (integrity, now_local) = state(&a);
        assert_eq!(integrity, "ok");
        assert!(
            now_local == old_local || now_local == new,
            "run {run} at {point}: local neither old nor new"
        );
        // Only the .sqlite file, without its WAL, is still a sound database.
        let bare = dir.path().join("sans-journal.sqlite");
        std::fs::copy(&a, &bare).unwrap();
        let conn = connect(&bare);
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");

        // The next sync (the lock is taken over once stale; here we remove it as the
        // facilitator would be told to) converges with nothing lost.
        let _ = std::fs::remove_file(dir.path().join("partage.sqlite.verrou"));
        let out = sync(&a, &shared);
        assert!(
            out.status.success(),
            "run {run} at {point}: {}",
            stderr(&out)
        );
        assert_eq!(digest(&a), new, "run {run} at {point}");
        assert_eq!(digest(&shared), new);
        let leftovers = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .contains(".tmp-")
            })
            .count();
        assert_eq!(leftovers, 0, "stale temporary files cleaned up");
    }
}

#[test]
fn a_laptop_a_year_ahead_is_named_by_sync_merge_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a", 2, 1);
    let future = dir.path().join("futur.sqlite");
    let out = comptoir_bin()
        .args(["demo", "--no-open", "--ideas", "2", "--db", s(&future)])
        .env(
            "COMPTOIR_DECALAGE_HORLOGE_MS",
            (365i64 * 86_400_000).to_string(),
        )
        .output()
        .unwrap();
    assert!(out.status.success());
    {
        let mut st = Store::open(&future, reference()).unwrap();
        let id = st.device_id();
        st.write(&[Edit::new(&DEVICES, id).set("label", "Portable 2099")])
            .unwrap();
    }
    let shared = dir.path().join("partage.sqlite");
    let out = comptoir_bin()
        .args(["--db", s(&future), "sync", s(&shared)])
        .env(
            "COMPTOIR_DECALAGE_HORLOGE_MS",
            (365i64 * 86_400_000).to_string(),
        )
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = sync(&a, &shared);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("« Portable 2099 » est en avance de 365 jours"),
        "{text}"
    );
    let out = comptoir(&["check", s(&shared)]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Portable 2099"));
    let central = dir.path().join("c.sqlite");
    let out = comptoir(&["merge", "--into", s(&central), s(&shared)]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("en avance de 365 jours"));
}

#[test]
fn the_central_merge_skips_a_file_with_damaged_pages_checked_once() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a", 3, 1);
    let b = laptop(dir.path(), "b", 3, 2);
    // A laptop's file whose pages past the first few are scribbled over: it still opens, and
    // only a check of its pages finds the damage (the merge reads the copy it checked).
    let bad = dir.path().join("abime.sqlite");
    let mut bytes = std::fs::read(&b).unwrap();
    let page = 4096;
    for p in (3..bytes.len() / page).step_by(2) {
        for i in 0..64 {
            bytes[p * page + 100 + i] ^= 0x5a;
        }
    }
    std::fs::write(&bad, &bytes).unwrap();
    let damaged = Connection::open(&bad)
        .and_then(|c| c.query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0)))
        .map_or(true, |v| v != "ok");
    assert!(damaged, "the scribbles must be seen by quick_check");
    let central = dir.path().join("centrale.sqlite");
    let out = comptoir(&["merge", "--into", s(&central), s(&a), s(&bad), "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["files"][0]["error"].is_null(), "{v}");
    assert!(
        v["files"][1]["error"]
            .as_str()
            .unwrap()
            .contains("abime.sqlite"),
        "{v}"
    );
    assert_eq!(digest(&central), digest(&a));
}

#[test]
fn the_central_file_is_merged_as_a_shared_file_and_prepared_at_its_next_opening() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a", 600, 1);
    let b = laptop(dir.path(), "b", 600, 2);
    let central = dir.path().join("centrale.sqlite");
    let out = comptoir(&["merge", "--into", s(&central), s(&a), s(&b)]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Rollback journal, as the keys' files: WAL is unsafe on the network folder it may live on.
    let mode: String = connect(&central)
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
    assert!(!dir.path().join("centrale.sqlite-wal").exists());
    // The first opening as a base says it prepares the search and the levels, then does; the
    // next one has nothing to prepare.
    let first = comptoir(&["--db", s(&central), "report"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("Préparation de la base"),
        "{}",
        stderr(&first)
    );
    let report = String::from_utf8_lossy(&first.stdout).into_owned();
    assert!(report.contains("idées : 1200"), "{report}");
    // Every idea has its level.
    let levels = report
        .lines()
        .find(|l| l.starts_with("Maturité :"))
        .unwrap();
    let judged: i64 = levels
        .split(" · ")
        .map(|part| {
            part.rsplit(": ")
                .next()
                .unwrap()
                .trim()
                .parse::<i64>()
                .unwrap()
        })
        .sum();
    assert_eq!(judged, 1200, "{levels}");
    let again = comptoir(&["--db", s(&central), "report"]);
    assert!(
        !stderr(&again).contains("Préparation"),
        "{}",
        stderr(&again)
    );
    assert_eq!(String::from_utf8_lossy(&again.stdout), report);
}

/// The interface's base keeps its locks while a sync opens it a second time in the same
/// program: another program opening and closing the base then sees it in use and leaves its
/// WAL alone (when the locks were lost, `sqlite3` deleted the WAL and the base was damaged).
#[test]
#[cfg(target_os = "linux")]
fn a_second_opening_of_the_base_keeps_the_first_ones_locks() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("portable.sqlite");
    demo_base(&base, 2, 7);
    let inode = std::fs::metadata(&base).unwrap().ino();
    let locks = || {
        std::fs::read_to_string("/proc/locks")
            .unwrap()
            .lines()
            .filter(|l| l.contains(&format!(":{inode} ")))
            .count()
    };
    let first = comptoir::store::Store::open(&base, reference()).unwrap();
    assert!(first.idea_count().unwrap() > 0);
    let held = locks();
    assert!(held > 0, "the open base is locked");
    // The sync worker's own connection, opened and closed.
    drop(comptoir::store::Store::open(&base, reference()).unwrap());
    assert_eq!(
        locks(),
        held,
        "the first connection's locks are still there"
    );
    // Another program opens and closes the base: the WAL stays.
    let wal = dir.path().join("portable.sqlite-wal");
    assert!(wal.exists());
    rusqlite::Connection::open(&base)
        .unwrap()
        .execute_batch("SELECT 1")
        .unwrap();
    assert!(wal.exists(), "the WAL of a base in use is left alone");
    drop(first);
}
