//! The merge, scenario by scenario, through the store's one write path and real files.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use common::*;
use comptoir::domain::model::{ATTENDEES, BUDGET_LINES, DEVICES, HOLDERS, IDEAS, WORKSHOPS};
use comptoir::store::{Edit, Store, new_id};

struct Laptop {
    store: Store,
    path: PathBuf,
    clock: Arc<AtomicI64>,
}

impl Laptop {
    fn new(dir: &Path, name: &str, ms: i64) -> Laptop {
        let path = dir.join(format!("{name}.sqlite"));
        let (wall, clock) = fixed_wall(ms);
        let mut store = Store::open_with_clock(&path, reference(), wall).unwrap();
        let id = store.device_id();
        store
            .write(&[Edit::new(&DEVICES, id)
                .set("label", name)
                .set("facilitator", "Camille")])
            .unwrap();
        Laptop { store, path, clock }
    }
    fn at(&mut self, ms: i64) -> &mut Self {
        self.clock.store(ms, Ordering::SeqCst);
        self
    }
    fn write(&mut self, edit: Edit) {
        self.store.write(&[edit]).unwrap();
    }
    fn pull(&mut self, other: &Laptop) -> comptoir::store::MergeStats {
        self.store.merge_from(&other.path).unwrap()
    }
    fn field(&self, table: &str, id: &str, field: &str) -> Option<String> {
        let conn = rusqlite::Connection::open(&self.path).unwrap();
        conn.query_row(
            &format!("SELECT CAST({field} AS TEXT) FROM {table} WHERE id = ?1"),
            [id],
            |r| r.get(0),
        )
        .unwrap_or(None)
    }
}

fn idea(id: &str) -> Edit {
    Edit::new(&IDEAS, id)
}

#[test]
fn different_fields_of_one_idea_are_both_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Laptop::new(dir.path(), "a", MORNING_MS);
    let mut b = Laptop::new(dir.path(), "b", MORNING_MS);
    let id = new_id();
    a.write(idea(&id).set("title", "Jardin partagé"));
    b.pull(&a);
    a.at(MORNING_MS + 10_000)
        .write(idea(&id).set("summary", "Des légumes entre voisins"));
    b.at(MORNING_MS + 20_000)
        .write(idea(&id).set("target_public", "habitants"));
    a.pull(&b);
    b.pull(&a);
    for l in [&a, &b] {
        assert_eq!(
            l.field("ideas", &id, "summary").as_deref(),
            Some("Des légumes entre voisins")
        );
        assert_eq!(
            l.field("ideas", &id, "target_public").as_deref(),
            Some("habitants")
        );
    }
    assert_eq!(a.store.open_conflicts().unwrap(), 0);
    assert_eq!(a.store.digest().unwrap(), b.store.digest().unwrap());
}

#[test]
fn a_conflict_says_which_idea_or_person_it_concerns() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Laptop::new(dir.path(), "Portable Arras", MORNING_MS);
    let mut b = Laptop::new(dir.path(), "Portable Calais", MORNING_MS);
    let (idea_id, line, person) = (new_id(), new_id(), new_id());
    a.write(idea(&idea_id).set("title", "Repair café"));
    a.write(
        Edit::new(&BUDGET_LINES, &line)
            .set("idea", idea_id.as_str())
            .set("kind", "depense")
            .set("label", "Outillage"),
    );
    a.write(
        Edit::new(&ATTENDEES, &person)
            .set("first_name", "Inès")
            .set("last_name", "Caron")
            .set("age_bracket", "18-25"),
    );
    b.pull(&a);
    a.at(MORNING_MS + 60_000);
    a.write(Edit::new(&BUDGET_LINES, &line).set("label", "Outils"));
    a.write(Edit::new(&ATTENDEES, &person).set("structure", "MJC"));
    b.at(MORNING_MS + 120_000);
    b.write(Edit::new(&BUDGET_LINES, &line).set("label", "Établis"));
    b.write(Edit::new(&ATTENDEES, &person).set("structure", "Centre social"));
    a.pull(&b);
    let mut subjects: Vec<(String, Option<String>)> = a
        .store
        .conflicts()
        .unwrap()
        .into_iter()
        .map(|c| (c.table, c.subject))
        .collect();
    subjects.sort();
    assert_eq!(
        subjects,
        [
            ("attendees".to_string(), Some("Inès Caron".to_string())),
            ("budget_lines".to_string(), Some("Repair café".to_string())),
        ]
    );
}

#[test]
fn the_same_field_edited_twice_keeps_the_latest_and_shows_the_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Laptop::new(dir.path(), "Portable Arras", MORNING_MS);
    let mut b = Laptop::new(dir.path(), "Portable Calais", MORNING_MS);
    let id = new_id();
    a.write(idea(&id).set("title", "Repair café"));
    b.pull(&a);
    a.at(MORNING_MS + 60_000)
        .write(idea(&id).set("title", "Repair café mensuel"));
    b.at(MORNING_MS + 120_000)
        .write(idea(&id).set("title", "Repair café du samedi"));
    a.pull(&b);
    assert_eq!(
        a.field("ideas", &id, "title").as_deref(),
        Some("Repair café du samedi")
    );
    let conflicts = a.store.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    let c = &conflicts[0];
    assert_eq!((c.table.as_str(), c.field.as_str()), ("ideas", "title"));
    assert_eq!(c.shown.as_deref(), Some("Repair café du samedi"));
    assert_eq!(c.shown_device, "Portable Calais");
    assert_eq!(c.other.as_deref(), Some("Repair café mensuel"));
    assert_eq!(c.other_device, "Portable Arras");
    assert_eq!(c.other_ms, MORNING_MS + 60_000);
    // b has not seen a's title yet: no conflict there until it does.
    b.pull(&a);
    assert_eq!(b.store.open_conflicts().unwrap(), 1);

    // A person settles it on a, keeping the losing value; it reaches b.
    a.at(MORNING_MS + 180_000);
    a.store
        .settle(
            &IDEAS,
            &id,
            "title",
            comptoir::domain::model::Value::text("Repair café mensuel"),
        )
        .unwrap();
    assert_eq!(a.store.open_conflicts().unwrap(), 0);
    b.pull(&a);
    assert_eq!(b.store.open_conflicts().unwrap(), 0);
    assert_eq!(
        b.field("ideas", &id, "title").as_deref(),
        Some("Repair café mensuel")
    );
    // Nothing is lost: every value stays in the change set.
    let conn = rusqlite::Connection::open(&b.path).unwrap();
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM changes WHERE record = ?1 AND field = 'title'",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 4);
}

#[test]
fn keeping_the_shown_value_also_settles() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Laptop::new(dir.path(), "a", MORNING_MS);
    let mut b = Laptop::new(dir.path(), "b", MORNING_MS);
    let id = new_id();
    a.write(idea(&id).set("title", "Ciné"));
    b.at(MORNING_MS + 5).write(idea(&id).set("title", "Cinéma"));
    a.pull(&b);
    assert_eq!(a.store.open_conflicts().unwrap(), 1);
    a.at(MORNING_MS + 10);
    a.store
        .settle(
            &IDEAS,
            &id,
            "title",
            comptoir::domain::model::Value::text("Cinéma"),
        )
        .unwrap();
    assert_eq!(a.store.open_conflicts().unwrap(), 0);
}

#[test]
fn an_erased_person_stays_erased_whatever_file_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Laptop::new(dir.path(), "a", MORNING_MS);
    let mut b = Laptop::new(dir.path(), "b", MORNING_MS);
    let person = new_id();
    b.write(
        Edit::new(&ATTENDEES, &person)
            .set("first_name", "Zéphyrine")
            .set("last_name", "Quasimodo")
            .set("age_bracket", "11-14")
            .set("email", "zephyrine.quasimodo@exemple.fr")
            .set("consent", true)
            .set("parent_consent", true),
    );
    let link = new_id();
    let idea_id = new_id();
    b.write(idea(&idea_id).set("title", "Skatepark"));
    b.write(
        Edit::new(&HOLDERS, &link)
            .set("idea", idea_id.as_str())
            .set("attendee", person.as_str()),
    );
    a.pull(&b);
    // An old copy of b's file, as a USB key forgotten in a drawer.
    let old = dir.path().join("vieille-copie.sqlite");
    b.store.backup_to(&old).unwrap();

    a.at(MORNING_MS + 1_000);
    let erased = a.store.forget(&person).unwrap();
    assert!(erased >= 5);
    assert!(a.field("attendees", &person, "first_name").is_none());
    // b, unaware, edits the person again; then everything meets.
    b.at(MORNING_MS + 2_000)
        .write(Edit::new(&ATTENDEES, &person).set("phone", "06 12 34 56 78"));
    a.pull(&b);
    a.store.merge_from(&old).unwrap();
    assert!(a.field("attendees", &person, "first_name").is_none());
    b.pull(&a);
    assert!(b.field("attendees", &person, "first_name").is_none());
    let err = b
        .store
        .write(&[Edit::new(&ATTENDEES, &person).set("phone", "06 00 00 00 00")])
        .unwrap_err();
    assert!(err.to_string().contains("effacée"), "{err}");
    // The link stays (an anonymous trace), the person's data is gone from the files' bytes.
    assert_eq!(
        b.field("holders", &link, "attendee").as_deref(),
        Some(person.as_str())
    );
    drop(b.store);
    drop(a.store);
    for file in [&a.path, &b.path] {
        let bytes = std::fs::read(file).unwrap();
        let wal = std::fs::read(format!("{}-wal", file.display())).unwrap_or_default();
        // The folded forms too: the people's search text and its trigram index.
        for needle in [
            "Zéphyrine",
            "Quasimodo",
            "zephyrine.quasimodo",
            "zephyrine quasimodo",
        ] {
            assert!(
                !contains(&bytes, needle.as_bytes()),
                "{needle} in {}",
                file.display()
            );
            assert!(
                !contains(&wal, needle.as_bytes()),
                "{needle} in the WAL of {}",
                file.display()
            );
        }
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_deleted_record_never_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Laptop::new(dir.path(), "a", MORNING_MS);
    let mut b = Laptop::new(dir.path(), "b", MORNING_MS);
    let w = new_id();
    a.write(
        Edit::new(&WORKSHOPS, &w)
            .set("date", "2026-03-04")
            .set("territory", "Artois"),
    );
    b.pull(&a);
    a.at(MORNING_MS + 10)
        .write(Edit::new(&WORKSHOPS, &w).set("deleted", true));
    // b, later by the clock, edits the workshop without knowing.
    b.at(MORNING_MS + 99_000)
        .write(Edit::new(&WORKSHOPS, &w).set("host", "MJC"));
    b.pull(&a);
    a.pull(&b);
    for l in [&a, &b] {
        assert_eq!(l.field("workshops", &w, "deleted").as_deref(), Some("1"));
    }
    assert_eq!(a.store.workshop_count().unwrap(), 0);
}

#[test]
fn a_merge_of_what_is_held_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Laptop::new(dir.path(), "a", MORNING_MS);
    let mut b = Laptop::new(dir.path(), "b", MORNING_MS);
    comptoir::demo::build(&mut b.store, 8, 3).unwrap();
    let first = a.pull(&b);
    assert!(first.received > 100);
    let digest = a.store.digest().unwrap();
    let again = a.pull(&b);
    assert_eq!(again.received, 0);
    assert_eq!(a.store.digest().unwrap(), digest);
    // Merging a file into itself, too.
    let path = a.path.clone();
    assert_eq!(a.store.merge_from(&path).unwrap().received, 0);
    assert_eq!(a.store.digest().unwrap(), digest);
    // And the derived tables are what a rebuild gives.
    let live = a.store.dump_derived().unwrap();
    a.store.rebuild_derived().unwrap();
    assert_eq!(a.store.dump_derived().unwrap(), live);
}

#[test]
fn a_copied_laptop_database_stops_the_merge() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Laptop::new(dir.path(), "Portable 4", MORNING_MS);
    let id = new_id();
    a.write(idea(&id).set("title", "Fresque"));
    // A raw copy that escaped the site renewal (same path recorded: a cloned disk).
    let twin_path = dir.path().join("jumeau.sqlite");
    a.store.backup_to(&twin_path).unwrap();
    {
        let conn = rusqlite::Connection::open(&twin_path).unwrap();
        conn.execute("UPDATE local SET path = 'x'", []).unwrap();
    }
    let mut twin = Laptop {
        store: Store::open_with_clock(&twin_path, reference(), fixed_wall(MORNING_MS).0).unwrap(),
        path: twin_path.clone(),
        clock: Arc::new(AtomicI64::new(0)),
    };
    // Force the twin back onto a's site, as if the renewal had not happened.
    drop(twin.store);
    {
        let conn = rusqlite::Connection::open(&twin_path).unwrap();
        let site: Vec<u8> = rusqlite::Connection::open(&a.path)
            .unwrap()
            .query_row("SELECT site FROM local", [], |r| r.get(0))
            .unwrap();
        let canonical = std::fs::canonicalize(&twin_path).unwrap();
        conn.execute(
            "UPDATE local SET site = ?1, path = ?2",
            rusqlite::params![site, canonical.display().to_string()],
        )
        .unwrap();
    }
    twin.store =
        Store::open_with_clock(&twin_path, reference(), fixed_wall(MORNING_MS + 5).0).unwrap();
    assert!(twin.store.renewal().is_none());
    a.at(MORNING_MS + 3)
        .write(idea(&id).set("summary", "au collège"));
    twin.write(idea(&id).set("summary", "à la médiathèque"));
    // The twin's history of the site is set aside, named; a is not blocked, and its own
    // version stands (only the twin's own new device record comes in).
    let stats = a.store.merge_from(&twin_path).unwrap();
    assert_eq!(stats.held_back.len(), 1, "{stats:?}");
    assert_eq!(stats.held_back[0].device, "Portable 4");
    assert!(matches!(
        stats.held_back[0].why,
        comptoir::store::HoldReason::Restored { .. }
    ));
    assert_eq!(
        a.field("ideas", &id, "summary").as_deref(),
        Some("au collège")
    );
}

#[test]
fn a_clock_a_year_ahead_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Laptop::new(dir.path(), "a", MORNING_MS);
    let year = 365 * 86_400_000;
    let mut future = Laptop::new(dir.path(), "Portable en avance", MORNING_MS + year);
    future.write(idea(&new_id()).set("title", "Du futur"));
    let stats = a.pull(&future);
    assert_eq!(stats.ahead.len(), 1);
    assert_eq!(stats.ahead[0].device.as_deref(), Some("Portable en avance"));
    assert!(stats.ahead[0].ahead_ms >= year - 1_000);
    assert!(stats.ahead[0].sentence().contains("365 jour"));
    assert_eq!(a.store.clocks_ahead().unwrap().len(), 1);
    // The clock of a still only moves forward.
    let next = a
        .store
        .write(&[idea(&new_id()).set("title", "Après")])
        .unwrap();
    assert!(next.clock > (MORNING_MS + year) << 16);
}

#[test]
fn removing_and_adding_a_holder_again_merges_like_a_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Laptop::new(dir.path(), "a", MORNING_MS);
    let mut b = Laptop::new(dir.path(), "b", MORNING_MS);
    let link = new_id();
    let (i, p) = (new_id(), new_id());
    a.write(
        Edit::new(&HOLDERS, &link)
            .set("idea", i.as_str())
            .set("attendee", p.as_str()),
    );
    b.pull(&a);
    a.at(MORNING_MS + 10)
        .write(Edit::new(&HOLDERS, &link).set("removed", true));
    b.at(MORNING_MS + 20)
        .write(Edit::new(&HOLDERS, &link).set("role", "co-porteur"));
    a.pull(&b);
    b.pull(&a);
    assert_eq!(b.field("holders", &link, "removed").as_deref(), Some("1"));
    assert_eq!(
        b.field("holders", &link, "role").as_deref(),
        Some("co-porteur")
    );
    a.at(MORNING_MS + 30)
        .write(Edit::new(&HOLDERS, &link).set("removed", false));
    b.pull(&a);
    assert_eq!(b.field("holders", &link, "removed").as_deref(), Some("0"));
}

#[test]
fn a_copy_that_wrote_as_much_as_the_original_is_still_caught() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Laptop::new(dir.path(), "Portable 5", MORNING_MS);
    let id = new_id();
    a.write(idea(&id).set("title", "Fresque"));
    let twin_path = dir.path().join("jumeau.sqlite");
    a.store.backup_to(&twin_path).unwrap();
    {
        // The copy believes it was always there: no new site at its first opening.
        let canonical = std::fs::canonicalize(&twin_path).unwrap();
        #[cfg(unix)]
        let inode = {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(&twin_path).unwrap().ino() as i64
        };
        // What comptoir records on Windows, where it reads no inode.
        #[cfg(not(unix))]
        let inode = 0i64;
        let conn = rusqlite::Connection::open(&twin_path).unwrap();
        conn.execute(
            "UPDATE local SET path = ?1, inode = ?2",
            rusqlite::params![canonical.display().to_string(), inode],
        )
        .unwrap();
    }
    let mut twin =
        Store::open_with_clock(&twin_path, reference(), fixed_wall(MORNING_MS + 5).0).unwrap();
    assert!(twin.renewal().is_none());
    // One change each, under the same site and sequence number.
    a.at(MORNING_MS + 3)
        .write(idea(&id).set("summary", "au collège"));
    twin.write(&[idea(&id).set("summary", "à la médiathèque")])
        .unwrap();
    drop(twin);
    let before = a.store.digest().unwrap();
    let stats = a.store.merge_from(&twin_path).unwrap();
    assert!(
        matches!(
            stats.held_back.as_slice(),
            [comptoir::store::HeldBack {
                why: comptoir::store::HoldReason::Restored { .. },
                ..
            }]
        ),
        "{stats:?}"
    );
    assert_eq!(a.store.digest().unwrap(), before);
}

/// Three laptops' demos (40 ideas each, people named alike across them), as shared files.
fn three_demo_files(dir: &Path) -> Vec<PathBuf> {
    (0..3)
        .map(|i| {
            let mut laptop =
                Store::open(&dir.join(format!("laptop-{i}.sqlite")), reference()).unwrap();
            comptoir::demo::build(&mut laptop, 40, i).unwrap();
            let shared = dir.join(format!("portable-{i}.sqlite"));
            laptop.backup_to(&shared).unwrap();
            shared
        })
        .collect()
}

/// Every derived row of a base, table by table.
type Rows = Vec<(String, Vec<comptoir::domain::model::Value>)>;

/// What a base shows of people and levels: every derived row, the levels counted and the
/// people a few searches find.
type Shown = (Rows, [i64; 4], Vec<Vec<String>>);

fn shown(store: &Store) -> Shown {
    let found = ["ma", "e", "du"]
        .iter()
        .map(|q| {
            let f = comptoir::store::queries::PeopleFilter::search(q);
            let rows = store.people(&f, 0, 500).unwrap();
            // Counted up to 201 (« plus de 200 »), listed up to 200.
            let counted = store.people_count(&f).unwrap();
            assert_eq!(counted.min(200), rows.len() as i64);
            rows.into_iter().map(|p| p.id).collect()
        })
        .collect();
    (
        store.dump_derived().unwrap(),
        store.level_counts().unwrap(),
        found,
    )
}

/// What a base shows after merging `files` one by one, each merge making its people's search
/// text and its ideas' levels.
fn merged_one_by_one(dir: &Path, files: &[PathBuf]) -> Shown {
    let mut alone = Store::open(&dir.join("alone.sqlite"), reference()).unwrap();
    for f in files {
        alone.merge_from(f).unwrap();
    }
    shown(&alone)
}

#[test]
fn a_run_of_merges_makes_search_and_levels_once_as_merges_one_by_one_would() {
    let dir = tempfile::tempdir().unwrap();
    let files = three_demo_files(dir.path());
    let expected = merged_one_by_one(dir.path(), &files);
    assert!(
        expected.2.iter().all(|found| !found.is_empty()),
        "the searches find people"
    );
    assert!(expected.1.iter().sum::<i64>() >= 120);

    // `comptoir merge`: the three in a run, made once at its end.
    let run_path = dir.path().join("run.sqlite");
    let mut run = Store::open(&run_path, reference()).unwrap();
    let mut progress = |_: &str, _: f64| {};
    let outcomes =
        comptoir::sync::merge_files(&mut run, &files, dir.path(), &mut progress).unwrap();
    assert!(outcomes.iter().all(|o| o.error.is_none()));
    assert_eq!(shown(&run), expected);
    drop(run);
    // Nothing is left to be made at the next opening: the same, without a rebuild.
    assert_eq!(
        shown(&Store::open(&run_path, reference()).unwrap()),
        expected
    );

    // A shared file merged into leaves them; its first opening as a base makes them.
    let shared_path = dir.path().join("centrale.sqlite");
    let mut shared = Store::open_shared(
        &shared_path,
        reference(),
        comptoir::store::system_wall_clock(),
        None,
    )
    .unwrap();
    for f in &files {
        shared.merge_from(f).unwrap();
    }
    drop(shared);
    assert_eq!(
        shown(&Store::open(&shared_path, reference()).unwrap()),
        expected
    );
}

#[test]
fn a_run_of_merges_cut_short_is_made_whole_at_the_next_opening() {
    let dir = tempfile::tempdir().unwrap();
    let files = three_demo_files(dir.path());
    let expected = merged_one_by_one(dir.path(), &files);

    // The process stops after two files' transactions, before the run's end.
    let path = dir.path().join("central.sqlite");
    let mut central = Store::open(&path, reference()).unwrap();
    let stopped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        central.merge_run(|c| {
            c.merge_from(&files[0]).unwrap();
            c.merge_from(&files[1]).unwrap();
            panic!("arrêt");
        })
    }));
    assert!(stopped.is_err());
    drop(central);
    let mut central = Store::open(&path, reference()).unwrap();
    central.merge_from(&files[2]).unwrap();
    assert_eq!(shown(&central), expected);
}
