//! The timing of a real campaign, on the real binary: a sync paused mid-way (a laptop whose
//! lid closed), a sync killed, a central merge while a laptop syncs, two merges at once, a
//! shared file behind a symbolic link, a backup copied back over the base, a form open while a
//! sync brought a new value, clocks far ahead or in 1970, backups of two bases in one folder.
//! Each test fails on the version before owned locks (0.1.0 of 2026-11-24).
#![cfg(unix)]

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

use common::*;
use comptoir::domain::model::{DEVICES, IDEAS};
use comptoir::store::{Edit, Store, new_id};
use crossterm::event::KeyCode;

fn bin() -> Command {
    comptoir_bin()
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

fn laptop(dir: &Path, name: &str, ideas: usize, seed: u64) -> PathBuf {
    let path = dir.join(format!("{name}.sqlite"));
    demo_base(&path, ideas, seed);
    path
}

/// Gives a laptop's device a name of its own, as the first-run screen does.
fn name_device(db: &Path, label: &str) {
    let mut st = Store::open(db, reference()).unwrap();
    let id = st.device_id();
    st.write(&[Edit::new(&DEVICES, id).set("label", label)])
        .unwrap();
}

/// The titles of the ideas a file holds.
fn titles(path: &Path) -> Vec<String> {
    let copy = comptoir::sync::private_copy(path, &std::env::temp_dir(), Some(&phrase())).unwrap();
    let conn = connect(&copy);
    let mut stmt = conn
        .prepare("SELECT value FROM changes WHERE tbl = 'ideas' AND field = 'title'")
        .unwrap();
    stmt.query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn sync(db: &Path, target: &Path) -> Output {
    run(&["--db", s(db), "sync", s(target)])
}

/// Starts `comptoir` with `env`, to be stopped at a fault point.
fn spawn(args: &[&str], env: &[(&str, &str)]) -> Child {
    let mut c = bin();
    c.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    for (k, v) in env {
        c.env(k, v);
    }
    c.spawn().unwrap()
}

/// Waits until the process has stopped itself (state T), failing if it ends first.
fn wait_stopped(child: &mut Child) {
    let stat = format!("/proc/{}/stat", child.id());
    let start = Instant::now();
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("the process ended instead of pausing: {status}");
        }
        let state = std::fs::read_to_string(&stat).unwrap_or_default();
        let after = state.rsplit(')').next().unwrap_or("");
        if after.split_whitespace().next() == Some("T") {
            return;
        }
        assert!(start.elapsed() < Duration::from_secs(120), "never paused");
        std::thread::yield_now();
    }
}

fn resume(child: &Child) {
    // SAFETY: kill(2) on a child we started.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGCONT);
    }
}

/// Makes a file look as if it had last been written `secs` seconds ago.
fn age(path: &Path, secs: u64) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(secs))
        .unwrap();
}

fn lock_of(target: &Path) -> PathBuf {
    PathBuf::from(format!("{}.verrou", target.display()))
}

fn temporaries(folder: &Path) -> Vec<String> {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect()
}

#[test]
fn a_paused_sync_keeps_its_lock_however_old_and_publishes_after() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a", 3, 1);
    let b = laptop(dir.path(), "b", 3, 2);
    let key = dir.path().join("partage.sqlite");
    assert!(sync(&b, &key).status.success());

    // a's lid closes after it copied the key; its lock grows ten minutes old.
    let mut paused = spawn(
        &["--db", s(&a), "sync", s(&key)],
        &[("COMPTOIR_TEST_PAUSE", "copie")],
    );
    wait_stopped(&mut paused);
    age(&lock_of(&key), 600);
    let before = std::fs::read(&key).unwrap();
    let out = sync(&b, &key);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(said(&out).contains("en cours"), "{}", said(&out));
    assert_eq!(std::fs::read(&key).unwrap(), before, "key untouched");
    assert_eq!(temporaries(dir.path()).len(), 1, "a's copy is still there");

    resume(&paused);
    let out = paused.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains("Vous pouvez retirer la clé"));
    assert!(sync(&b, &key).status.success());
    assert_eq!(file_digest(&a), file_digest(&b));
    assert_eq!(file_digest(&key), file_digest(&b));
    assert!(!lock_of(&key).exists());
    assert!(temporaries(dir.path()).is_empty());
}

#[test]
fn a_killed_syncs_lock_is_broken_at_once_with_its_copy() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a", 3, 1);
    let b = laptop(dir.path(), "b", 3, 2);
    let key = dir.path().join("partage.sqlite");
    assert!(sync(&b, &key).status.success());
    let out = bin()
        .args(["--db", s(&a), "sync", s(&key)])
        .env("COMPTOIR_TEST_ARRET", "copie")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(lock_of(&key).exists());
    assert_eq!(temporaries(dir.path()).len(), 1);
    // Seconds later, not five minutes: its owner is gone.
    let out = sync(&b, &key);
    assert!(out.status.success(), "{}", said(&out));
    assert!(temporaries(dir.path()).is_empty());
    assert!(sync(&a, &key).status.success());
    assert_eq!(file_digest(&a), file_digest(&key));
}

#[test]
fn a_sync_whose_lock_was_taken_over_publishes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a", 3, 1);
    let b = laptop(dir.path(), "b", 3, 2);
    let key = dir.path().join("partage.sqlite");
    assert!(sync(&a, &key).status.success());
    {
        let mut st = Store::open(&b, reference()).unwrap();
        st.write(&[Edit::new(&IDEAS, new_id()).set("title", "Idée de Bruno")])
            .unwrap();
    }
    // Something new on a too (a sync with nothing new takes no lock: issue 23).
    name_device(&a, "Portable A");
    // Two laptops on one network folder: a sleeps mid-sync for more than five minutes.
    let mut paused = spawn(
        &["--db", s(&a), "sync", s(&key)],
        &[
            ("COMPTOIR_TEST_PAUSE", "copie"),
            ("COMPTOIR_TEST_HOTE", "portable-a"),
        ],
    );
    wait_stopped(&mut paused);
    age(&lock_of(&key), 600);
    let out = bin()
        .args(["--db", s(&b), "sync", s(&key)])
        .env("COMPTOIR_TEST_HOTE", "portable-b")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", said(&out));
    let published = file_digest(&key);
    assert!(titles(&key).contains(&"Idée de Bruno".to_string()));

    // a wakes up: its lock is gone, so it publishes nothing over b's file.
    resume(&paused);
    let out = paused.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(said(&out).contains("rien n'a été publié"), "{}", said(&out));
    assert!(!said(&out).contains("retirer la clé"));
    assert_eq!(file_digest(&key), published, "b's publication stands");
    assert!(temporaries(dir.path()).is_empty());
    // The next sync of a brings both together.
    assert!(sync(&a, &key).status.success());
    assert!(titles(&key).contains(&"Idée de Bruno".to_string()));
    assert_eq!(file_digest(&a), file_digest(&key));
}

/// Four laptops' files for the Mission ESS.
fn four_files(dir: &Path) -> Vec<PathBuf> {
    (0..4)
        .map(|i| {
            let db = laptop(dir, &format!("portable-{i}"), 2, 10 + i);
            let file = dir.join(format!("envoi-{i}.sqlite"));
            assert!(sync(&db, &file).status.success());
            file
        })
        .collect()
}

fn sites(path: &Path) -> i64 {
    let copy = comptoir::sync::private_copy(path, &std::env::temp_dir(), Some(&phrase())).unwrap();
    let conn = connect(&copy);
    conn.query_row("SELECT count(DISTINCT site) FROM changes", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_central_merge_waits_for_a_sync_of_the_central_file_and_both_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let files = four_files(dir.path());
    let laptop_db = laptop(dir.path(), "mission", 2, 99);
    let central = dir.path().join("centrale.sqlite");
    assert!(sync(&laptop_db, &central).status.success());
    // Something new to publish (a sync with nothing new takes no lock: issue 23).
    name_device(&laptop_db, "Portable de la Mission");

    // A laptop syncs with the central file and pauses after copying it.
    let mut paused = spawn(
        &["--db", s(&laptop_db), "sync", s(&central)],
        &[("COMPTOIR_TEST_PAUSE", "copie")],
    );
    wait_stopped(&mut paused);
    let mut args = vec!["merge", "--into", s(&central)];
    args.extend(files.iter().map(|f| s(f)));
    let mut merge = spawn(&args, &[]);
    // The merge says it waits (or, without a shared lock, ends at once).
    let mut err = BufReader::new(merge.stderr.take().unwrap());
    let mut line = String::new();
    while err.read_line(&mut line).unwrap() > 0 && !line.contains("En attente") {
        line.clear();
    }
    resume(&paused);
    let out = paused.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", said(&out));
    let status = merge.wait().unwrap();
    assert!(status.success());
    // The central file holds the four laptops and the one that synced.
    assert_eq!(sites(&central), 5);
    assert!(!lock_of(&central).exists());
}

#[test]
fn two_first_merges_into_a_central_that_does_not_exist_both_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let files = four_files(dir.path());
    let central = dir.path().join("mission").join("centrale.sqlite");
    let children: Vec<Child> = [&files[..2], &files[2..]]
        .iter()
        .map(|half| {
            let mut args = vec!["merge", "--into", s(&central)];
            args.extend(half.iter().map(|f| s(f)));
            spawn(&args, &[])
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", said(&out));
    }
    assert_eq!(sites(&central), 4);
}

#[test]
fn a_shared_file_behind_a_symbolic_link_is_updated_through_it() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a", 3, 1);
    let real = dir.path().join("reel");
    std::fs::create_dir(&real).unwrap();
    let file = real.join("budget-citoyen.sqlite");
    assert!(sync(&a, &file).status.success());
    let link = dir.path().join("cle.sqlite");
    std::os::unix::fs::symlink(&file, &link).unwrap();
    {
        let mut st = Store::open(&a, reference()).unwrap();
        st.write(&[Edit::new(&IDEAS, new_id()).set("title", "Par le lien")])
            .unwrap();
    }
    let out = sync(&a, &link);
    assert!(out.status.success(), "{}", said(&out));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link is still a link"
    );
    assert!(titles(&file).contains(&"Par le lien".to_string()));
    assert_eq!(file_digest(&file), file_digest(&a));

    // The local base itself, named through a link or another spelling, is refused.
    let to_base = dir.path().join("lien-vers-a.sqlite");
    std::os::unix::fs::symlink(&a, &to_base).unwrap();
    let other_spelling = real.join("..").join("a.sqlite");
    for target in [&to_base, &other_spelling] {
        let out = sync(&a, target);
        assert_eq!(out.status.code(), Some(1), "{}", said(&out));
        assert!(
            said(&out).contains("base locale elle-même"),
            "{}",
            said(&out)
        );
    }
}

/// The backups of base `name` in `dir`, in creation order.
fn backups_of(dir: &Path, name: &str) -> Vec<PathBuf> {
    let folder = dir.join("sauvegardes").join(name);
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|d| {
            d.map(|e| e.unwrap().path())
                .filter(|p| {
                    let n = p.file_name().unwrap().to_string_lossy();
                    n.starts_with("sauvegarde-") && n.ends_with(".sqlite")
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// a syncs (with a key where b published first, so that a's base is backed up before it takes
/// b's changes in), types an idea, syncs again, then its first backup is copied back over it
/// (the same path, the same inode) and it types again.
fn restored_laptop(dir: &Path) -> (PathBuf, PathBuf) {
    let a = laptop(dir, "a", 3, 1);
    let b = laptop(dir, "b", 2, 2);
    let key = dir.join("partage.sqlite");
    assert!(sync(&b, &key).status.success());
    assert!(sync(&a, &key).status.success());
    {
        let mut st = Store::open(&a, reference()).unwrap();
        st.write(&[Edit::new(&IDEAS, new_id()).set("title", "Avant la restauration")])
            .unwrap();
    }
    assert!(sync(&a, &key).status.success());
    let first = backups_of(dir, "a.sqlite").remove(0);
    let inode = std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&a).unwrap());
    std::fs::copy(&first, &a).unwrap();
    assert_eq!(
        std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&a).unwrap()),
        inode
    );
    (a, key)
}

fn type_after_restore(a: &Path) {
    let mut st = Store::open(a, reference()).unwrap();
    st.write(&[Edit::new(&IDEAS, new_id()).set("title", "Après la restauration")])
        .unwrap();
}

#[test]
fn a_backup_copied_back_over_the_base_does_not_block_the_laptop() {
    let dir = tempfile::tempdir().unwrap();
    let (a, key) = restored_laptop(dir.path());
    type_after_restore(&a);
    let out = sync(&a, &key);
    assert!(out.status.success(), "{}", said(&out));
    let both = titles(&key);
    for t in ["Avant la restauration", "Après la restauration"] {
        assert!(both.contains(&t.to_string()), "{t} missing: {both:?}");
    }
    assert_eq!(file_digest(&a), file_digest(&key));
    // And again, as every later sync.
    assert!(sync(&a, &key).status.success());
}

#[test]
fn a_laptop_already_blocked_by_a_restore_gets_out_with_renumber() {
    let dir = tempfile::tempdir().unwrap();
    let (a, key) = restored_laptop(dir.path());
    // What an earlier version left: no note of what was published.
    let _ = std::fs::remove_file(
        dir.path()
            .join("sauvegardes")
            .join("a.sqlite")
            .join("publie"),
    );
    type_after_restore(&a);
    let before = file_digest(&key);
    // Not blocked: what collides is set aside and named, with the way out.
    let out = sync(&a, &key);
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains("comptoir renumber"), "{}", said(&out));
    assert!(!said(&out).contains("retirer la clé"), "{}", said(&out));
    assert_eq!(
        file_digest(&key),
        before,
        "nothing of the other version published"
    );

    let out = run(&["--db", s(&a), "renumber"]);
    assert!(out.status.success(), "{}", said(&out));
    let out = sync(&a, &key);
    assert!(out.status.success(), "{}", said(&out));
    let both = titles(&key);
    for t in ["Avant la restauration", "Après la restauration"] {
        assert!(both.contains(&t.to_string()), "{t} missing: {both:?}");
    }
    assert_eq!(file_digest(&a), file_digest(&key));
}

#[test]
fn an_edit_in_a_form_open_while_a_sync_brought_a_value_keeps_both() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a", 3, 1);
    let b = laptop(dir.path(), "b", 3, 2);
    let shared = dir.path().join("partage.sqlite");
    assert!(sync(&a, &shared).status.success());
    assert!(sync(&b, &shared).status.success());

    // On a, the facilitator opens an idea's form.
    let mut store = Store::open(&a, reference()).unwrap();
    let mut app = app_on(
        &mut store,
        (100, 30),
        comptoir::tui::theme::Theme { colour: true },
    );
    press(&mut app, &mut store, &[key_of('4'), key(KeyCode::Enter)]);
    let record = app.layers.record().expect("the idea's form is open");
    let id = record.id.clone();

    // Meanwhile b retitles the same idea, and a sync (another process) brings it to a.
    {
        let mut st = Store::open(&b, reference()).unwrap();
        st.write(&[Edit::new(&IDEAS, &id).set("title", "Titre venu de b")])
            .unwrap();
    }
    assert!(sync(&b, &shared).status.success());
    assert!(sync(&a, &shared).status.success());

    // The form still shows the old title; the facilitator adds to it and saves.
    type_text(&mut app, &mut store, " (corrigé)");
    press(&mut app, &mut store, &[ctrl('s')]);
    let conflicts = store.conflicts().unwrap();
    let c = conflicts
        .iter()
        .find(|c| c.record == id && c.field == "title")
        .expect("the overwrite is a conflict, with both values");
    assert!(
        c.shown.as_deref().unwrap_or("").ends_with(" (corrigé)"),
        "{c:?}"
    );
    assert_eq!(c.other.as_deref(), Some("Titre venu de b"));
}

fn key_of(c: char) -> crossterm::event::KeyEvent {
    key(KeyCode::Char(c))
}

/// Plants a clock in the last change of a shared file (one laptop's).
fn plant_clock(file: &Path, clock: i64) {
    let conn = connect(file);
    let n = conn
        .execute(
            "UPDATE changes SET clock = ?1
             WHERE seq = (SELECT max(seq) FROM changes WHERE tbl != 'devices')",
            [clock],
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn a_clock_beyond_any_sane_date_is_set_aside_with_file_and_device_named() {
    let dir = tempfile::tempdir().unwrap();
    let b = laptop(dir.path(), "b", 2, 2);
    name_device(&b, "Portable de Bruno");
    let key = dir.path().join("partage.sqlite");
    assert!(sync(&b, &key).status.success());
    for clock in [i64::MAX, (4_102_444_800_000i64) << 16] {
        // A laptop that has not met b yet.
        let a = laptop(dir.path(), &format!("a-{}", clock % 997), 2, 1);
        let planted = dir.path().join(format!("plante-{clock}.sqlite"));
        std::fs::copy(&key, &planted).unwrap();
        plant_clock(&planted, clock);
        // The planted change is set aside, named with its file and laptop; the rest of the
        // file is taken, and a's own changes are published (a is not blocked).
        let out = sync(&a, &planted);
        assert!(out.status.success(), "{}", said(&out));
        let printed = said(&out);
        assert!(printed.contains("Portable de Bruno"), "{printed}");
        assert!(printed.contains(s(&planted)), "{printed}");
        assert!(printed.contains("mises de côté"), "{printed}");
        assert!(printed.contains("retirer la clé"), "{printed}");
        let conn = connect(&a);
        let taken: i64 = conn
            .query_row(
                "SELECT count(*) FROM changes WHERE clock = ?1",
                [clock],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(taken, 0, "the impossible clock is not taken");
        let biggest: i64 = conn
            .query_row("SELECT max(clock) FROM local", [], |r| r.get(0))
            .unwrap();
        assert!(biggest < clock, "a's clock did not follow it");
        drop(conn);
        let (ta, tb) = (titles(&a), titles(&b));
        assert!(
            tb.iter().filter(|t| ta.contains(t)).count() + 1 >= tb.len(),
            "b's ideas came, all but the planted change"
        );
        // Another laptop after a is not blocked either; the central merge names it too.
        let c = laptop(dir.path(), &format!("c-{}", clock % 1000), 2, 3);
        let out = sync(&c, &planted);
        assert!(out.status.success(), "{}", said(&out));
        let central = dir.path().join(format!("c-{clock}.sqlite"));
        let out = run(&["merge", "--into", s(&central), s(&planted)]);
        assert!(out.status.success(), "{}", said(&out));
        assert!(said(&out).contains("Portable de Bruno"), "{}", said(&out));
        let out = run(&["check", s(&planted)]);
        assert!(
            said(&out).contains("datées de façon impossible"),
            "{}",
            said(&out)
        );
    }
}

#[test]
fn the_laptop_whose_clock_is_ahead_is_named_not_those_that_carried_its_clocks() {
    let dir = tempfile::tempdir().unwrap();
    let ahead = 300i64 * 86_400_000;
    let f = dir.path().join("f.sqlite");
    let out = bin()
        .args(["demo", "--no-open", "--ideas", "2", "--db", s(&f)])
        .env("COMPTOIR_DECALAGE_HORLOGE_MS", ahead.to_string())
        .output()
        .unwrap();
    assert!(out.status.success());
    name_device(&f, "Portable en avance");
    let h = laptop(dir.path(), "h", 2, 2);
    name_device(&h, "Portable honnête");
    let a = laptop(dir.path(), "a", 2, 3);
    let key = dir.path().join("partage.sqlite");
    let out = bin()
        .args(["--db", s(&f), "sync", s(&key)])
        .env("COMPTOIR_DECALAGE_HORLOGE_MS", ahead.to_string())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", said(&out));
    // h takes f's clocks and writes after them.
    assert!(sync(&h, &key).status.success());
    {
        let mut st = Store::open(&h, reference()).unwrap();
        st.write(&[Edit::new(&IDEAS, new_id()).set("title", "Écrite par h")])
            .unwrap();
    }
    assert!(sync(&h, &key).status.success());
    let out = sync(&a, &key);
    let printed = said(&out);
    assert!(
        printed.contains("« Portable en avance » est en avance"),
        "{printed}"
    );
    assert!(!printed.contains("Portable honnête"), "{printed}");
    let out = run(&["check", s(&key)]);
    let printed = said(&out);
    assert!(printed.contains("Portable en avance"), "{printed}");
    assert!(
        !printed.contains("« Portable honnête » est en avance"),
        "{printed}"
    );
}

#[test]
fn a_clock_in_1970_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let back = -(chrono::Utc::now().timestamp_millis() - 86_400_000);
    let z = dir.path().join("z.sqlite");
    let out = bin()
        .args(["demo", "--no-open", "--ideas", "2", "--db", s(&z)])
        .env("COMPTOIR_DECALAGE_HORLOGE_MS", back.to_string())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", said(&out));
    let a = laptop(dir.path(), "a", 2, 3);
    let key = dir.path().join("partage.sqlite");
    let out = bin()
        .args(["--db", s(&z), "sync", s(&key)])
        .env("COMPTOIR_DECALAGE_HORLOGE_MS", back.to_string())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", said(&out));
    let out = sync(&a, &key);
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains("avant 2020"), "{}", said(&out));
}

#[test]
fn backups_of_two_bases_in_one_folder_and_a_clock_set_back_keep_what_they_should() {
    let dir = tempfile::tempdir().unwrap();
    let real = laptop(dir.path(), "comptoir", 2, 1);
    let demo = laptop(dir.path(), "demo", 2, 2);
    let other = laptop(dir.path(), "autre", 2, 3);
    let key = dir.path().join("partage.sqlite");
    let demo_key = dir.path().join("demo-partage.sqlite");
    // A base is backed up when a sync brings it something: another laptop publishes first.
    assert!(sync(&other, &key).status.success());
    assert!(sync(&real, &key).status.success());
    assert_eq!(backups_of(dir.path(), "comptoir.sqlite").len(), 1);
    // Each sync of the demo base brings it what the other laptop published just before (one
    // that only sends, or finds nothing new, makes no backup).
    let bring = |label: &str| {
        name_device(&other, label);
        assert!(sync(&other, &demo_key).status.success());
    };
    for i in 0..10 {
        bring(&format!("Autre portable {i}"));
        assert!(sync(&demo, &demo_key).status.success());
    }
    assert_eq!(
        backups_of(dir.path(), "comptoir.sqlite").len(),
        1,
        "the real base's backup stays"
    );
    assert_eq!(backups_of(dir.path(), "demo.sqlite").len(), 10);

    // The laptop's clock set back a year: the backup just made is kept, the oldest goes.
    let oldest = backups_of(dir.path(), "demo.sqlite").remove(0);
    bring("Autre portable à l'heure d'hiver");
    let out = bin()
        .args(["--db", s(&demo), "sync", s(&demo_key)])
        .env(
            "COMPTOIR_DECALAGE_HORLOGE_MS",
            (-365i64 * 86_400_000).to_string(),
        )
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", said(&out));
    let now = backups_of(dir.path(), "demo.sqlite");
    assert_eq!(now.len(), 10);
    assert!(!now.contains(&oldest));
    let newest = now.last().unwrap();
    assert!(
        newest.to_string_lossy().contains(
            &(chrono::Utc::now()
                .format("%Y")
                .to_string()
                .parse::<i32>()
                .unwrap()
                - 1)
            .to_string()
        ),
        "the newest is the one made with the clock set back: {newest:?}"
    );
}

#[test]
fn a_lock_dated_in_the_future_by_a_wrong_clock_does_not_hold_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a", 2, 1);
    let key = dir.path().join("partage.sqlite");
    let lock = lock_of(&key);
    std::fs::write(
        &lock,
        "comptoir-verrou 2\nhote=portable-en-avance\npid=1\ndebut=5\njeton=abc\n",
    )
    .unwrap();
    std::fs::File::options()
        .write(true)
        .open(&lock)
        .unwrap()
        .set_modified(SystemTime::now() + Duration::from_secs(365 * 86_400))
        .unwrap();
    let out = sync(&a, &key);
    assert!(out.status.success(), "{}", said(&out));
}

/// A sync killed between creating its lock and writing its text leaves an empty lock: the
/// next one waits the moment a live writer would need to write it (its text follows at once),
/// then breaks it, and goes through, without « une synchronisation est en cours ».
#[test]
fn an_empty_lock_left_by_a_killed_sync_is_broken_by_the_next_one() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a", 2, 1);
    let key = dir.path().join("partage.sqlite");
    assert!(sync(&a, &key).status.success());
    let lock = lock_of(&key);
    std::fs::write(&lock, "").unwrap();
    let out = sync(&a, &key);
    assert!(out.status.success(), "{}", said(&out));
    assert!(
        said(&out).contains("Vous pouvez retirer la clé"),
        "{}",
        said(&out)
    );
    assert!(!lock.exists());
}

#[test]
fn sqlites_own_files_beside_the_base_are_not_targets() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a", 2, 1);
    for suffix in ["-wal", "-shm", "-journal"] {
        let target = PathBuf::from(format!("{}{suffix}", a.display()));
        let out = sync(&a, &target);
        assert_eq!(out.status.code(), Some(1), "{}", said(&out));
        assert!(
            said(&out).contains("fichier de travail de SQLite"),
            "{}",
            said(&out)
        );
    }
    assert!(sync(&a, &dir.path().join("cle.sqlite")).status.success());
}

#[test]
fn a_laptop_a_year_and_more_ahead_does_not_block_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let ahead = (400i64 * 86_400_000).to_string();
    let h = laptop(dir.path(), "h", 2, 1);
    let f = laptop(dir.path(), "f", 2, 2);
    name_device(&f, "Portable 2028");
    let other = laptop(dir.path(), "o", 2, 3);
    let key = dir.path().join("partage.sqlite");
    assert!(sync(&h, &key).status.success());
    {
        let out = bin()
            .args(["--db", s(&f), "sync", s(&key)])
            .env("COMPTOIR_DECALAGE_HORLOGE_MS", &ahead)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", said(&out));
        // f types with its wrong clock, and syncs again.
        let out = bin()
            .args(["--db", s(&f), "import", s(&write_list(dir.path()))])
            .env("COMPTOIR_DECALAGE_HORLOGE_MS", &ahead)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", said(&out));
        let out = bin()
            .args(["--db", s(&f), "sync", s(&key)])
            .env("COMPTOIR_DECALAGE_HORLOGE_MS", &ahead)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", said(&out));
    }
    // The honest laptops go on: f's changes from the wrong date are set aside, named.
    for db in [&h, &other] {
        let out = sync(db, &key);
        assert!(out.status.success(), "{}", said(&out));
        assert!(said(&out).contains("Portable 2028"), "{}", said(&out));
        assert!(said(&out).contains("retirer la clé"), "{}", said(&out));
    }
    assert!(titles(&key).len() >= titles(&other).len());
    // Said again at each sync, but the base takes nothing in: no backup is kept for it, so
    // such a key synced again and again does not push the good backups out of the ten kept.
    // (h first takes what `other` published after it.)
    assert!(sync(&h, &key).status.success());
    let kept = backups_of(dir.path(), "h.sqlite");
    for _ in 0..3 {
        let out = sync(&h, &key);
        assert!(said(&out).contains("Portable 2028"), "{}", said(&out));
        assert!(said(&out).contains(" 0 reçue."), "{}", said(&out));
    }
    assert_eq!(backups_of(dir.path(), "h.sqlite"), kept);
    let central = dir.path().join("centrale.sqlite");
    let out = run(&["merge", "--into", s(&central), s(&key)]);
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains("Portable 2028"), "{}", said(&out));
}

fn write_list(dir: &Path) -> PathBuf {
    let list = dir.join("inscrits.csv");
    std::fs::write(&list, "Prénom;Nom;Âge\nOctave;Dudemain;30\n").unwrap();
    list
}

#[test]
fn a_laptop_in_1970_syncs_with_honest_files_and_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let back = (-(chrono::Utc::now().timestamp_millis() - 86_400_000)).to_string();
    let honest = laptop(dir.path(), "h", 2, 1);
    let key = dir.path().join("partage.sqlite");
    assert!(sync(&honest, &key).status.success());
    let z = dir.path().join("z.sqlite");
    let out = bin()
        .args(["demo", "--no-open", "--ideas", "2", "--db", s(&z)])
        .env("COMPTOIR_DECALAGE_HORLOGE_MS", &back)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", said(&out));
    let out = bin()
        .args(["--db", s(&z), "sync", s(&key)])
        .env("COMPTOIR_DECALAGE_HORLOGE_MS", &back)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains("retirer la clé"), "{}", said(&out));
    // The honest laptop is not taken for one ahead by the one whose clock reads 1970.
    assert!(!said(&out).contains("en avance"), "{}", said(&out));
    let out = sync(&honest, &key);
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains("avant 2020"), "{}", said(&out));
    assert_eq!(file_digest(&honest), file_digest(&key));
}

#[test]
fn a_restored_base_that_published_elsewhere_first_is_set_aside_at_the_centre_and_renumbered() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a", 2, 1);
    let key = dir.path().join("cle.sqlite");
    let key2 = dir.path().join("cle2.sqlite");
    assert!(sync(&a, &key).status.success());
    let kept = dir.path().join("copie-a-la-main.sqlite");
    std::fs::copy(&a, &kept).unwrap();
    {
        let mut st = Store::open(&a, reference()).unwrap();
        st.write(&[Edit::new(&IDEAS, new_id()).set("title", "Avant la restauration")])
            .unwrap();
    }
    assert!(sync(&a, &key).status.success());
    // Restored by hand, without comptoir's note of what was published.
    std::fs::copy(&kept, &a).unwrap();
    std::fs::remove_dir_all(dir.path().join("sauvegardes")).unwrap();
    type_after_restore(&a);
    assert!(sync(&a, &key2).status.success());
    let central = dir.path().join("centrale.sqlite");
    let out = run(&["merge", "--into", s(&central), s(&key), s(&key2)]);
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains("renumber --oui"), "{}", said(&out));
    // On the laptop: renumber (asked by the Mission ESS), then sync both keys.
    let out = run(&["--db", s(&a), "renumber"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "not without a reason: {}",
        said(&out)
    );
    let out = run(&["--db", s(&a), "renumber", "--oui"]);
    assert!(out.status.success(), "{}", said(&out));
    assert!(sync(&a, &key).status.success());
    assert!(sync(&a, &key2).status.success());
    let out = run(&["merge", "--into", s(&central), s(&key), s(&key2)]);
    assert!(out.status.success(), "{}", said(&out));
    let all = titles(&central);
    for t in ["Avant la restauration", "Après la restauration"] {
        assert!(all.contains(&t.to_string()), "{t}: {all:?}");
    }
}
