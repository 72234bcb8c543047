use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use super::*;
use crate::domain::model::{ATTENDEES, DEVICES, IDEAS, WORKSHOPS};

/// A wall clock a test can set.
pub struct FakeWall(pub Arc<AtomicI64>);

impl FakeWall {
    pub fn new(ms: i64) -> FakeWall {
        FakeWall(Arc::new(AtomicI64::new(ms)))
    }
    pub fn clock(&self) -> WallClock {
        let t = self.0.clone();
        Arc::new(move || t.load(Ordering::SeqCst))
    }
    pub fn set(&self, ms: i64) {
        self.0.store(ms, Ordering::SeqCst);
    }
}

pub fn reference() -> Arc<Reference> {
    Arc::new(crate::paths::builtin_reference())
}

fn memory(wall: &FakeWall) -> Store {
    Store::in_memory(reference(), wall.clock()).unwrap()
}

fn idea(id: &str, title: &str) -> Edit {
    Edit::new(&IDEAS, id).set("title", title)
}

/// (site, seq, clock, field, value, seen) of a record's changes, in seq order.
fn changes_of(store: &Store, record: &str) -> Vec<(Vec<u8>, i64, i64, String, Value, i64)> {
    let mut stmt = store
        .conn()
        .prepare(
            "SELECT site, seq, clock, field, value, seen FROM changes WHERE record = ?1 ORDER BY seq",
        )
        .unwrap();
    stmt.query_map([record], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            derive::from_sql(r.get_ref(4)?),
            r.get(5)?,
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn one_change_per_changed_field_with_clock_and_value_seen() {
    let wall = FakeWall::new(1_000);
    let mut store = memory(&wall);
    let id = new_id();
    let w1 = store
        .write(&[idea(&id, "Jardin partagé").set("summary", "Un potager au pied des immeubles")])
        .unwrap();
    assert_eq!(w1.changes, 2);
    assert_eq!(w1.clock, 1_000 << 16);

    wall.set(2_000);
    // Title unchanged, summary changed: one change only.
    let w2 = store
        .write(&[idea(&id, "Jardin partagé").set("summary", "Un potager partagé")])
        .unwrap();
    assert_eq!(w2.changes, 1);
    assert_eq!(w2.clock, 2_000 << 16);

    let changes = changes_of(&store, &id);
    assert_eq!(changes.len(), 3);
    let site = store.site().bytes().to_vec();
    assert!(changes.iter().all(|c| c.0 == site));
    assert_eq!(changes.iter().map(|c| c.1).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(changes[0].3, "title");
    assert_eq!(changes[0].5, 0, "a new field replaces nothing");
    assert_eq!(changes[2].3, "summary");
    assert_eq!(changes[2].2, 2_000 << 16);
    assert_eq!(changes[2].4, Value::text("Un potager partagé"));
    assert_eq!(
        changes[2].5,
        1_000 << 16,
        "it saw the first summary's clock"
    );

    let row = derive::read_row(store.conn(), &IDEAS, &id)
        .unwrap()
        .unwrap();
    assert_eq!(row["summary"], Value::text("Un potager partagé"));
    let (created, updated): (i64, i64) = store
        .conn()
        .query_row(
            "SELECT created, updated FROM ideas WHERE id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((created, updated), (1_000 << 16, 2_000 << 16));
}

#[test]
fn writing_the_same_values_again_appends_nothing() {
    let wall = FakeWall::new(1_000);
    let mut store = memory(&wall);
    let id = new_id();
    store.write(&[idea(&id, "Repair café")]).unwrap();
    let before = count(&store, "SELECT count(*) FROM changes");
    let w = store.write(&[idea(&id, "  Repair café ")]).unwrap();
    assert_eq!(w, Written::default());
    assert_eq!(count(&store, "SELECT count(*) FROM changes"), before);
}

#[test]
fn a_refused_edit_leaves_the_database_unchanged() {
    let wall = FakeWall::new(1_000);
    let mut store = memory(&wall);
    let id = new_id();
    store.write(&[idea(&id, "Ciné-débat")]).unwrap();
    let clock = store.clock().unwrap();
    let before = store.dump_derived().unwrap();
    let changes = count(&store, "SELECT count(*) FROM changes");

    // The first edit is fine, the second breaks a rule: neither may land.
    let person = new_id();
    let err = store
        .write(&[
            idea(&id, "Ciné-débat au centre social"),
            Edit::new(&ATTENDEES, &person)
                .set("first_name", "Léa")
                .set("last_name", "Martin")
                .set("age_bracket", "8-10"),
        ])
        .unwrap_err();
    assert!(matches!(
        err,
        WriteError::Invalid {
            field: "age_bracket",
            ..
        }
    ));
    assert_eq!(err.to_string(), "Tranche d'âge : choix inconnu : « 8-10 ».");

    // A required field missing on a new record.
    let err = store
        .write(&[Edit::new(&ATTENDEES, new_id())
            .set("first_name", "Léa")
            .set("age_bracket", "11-14")])
        .unwrap_err();
    assert_eq!(err.to_string(), "Nom : obligatoire.");

    // Clearing a required field of an existing record.
    let err = store.write(&[idea(&id, "")]).unwrap_err();
    assert_eq!(err.to_string(), "Titre : obligatoire.");

    assert_eq!(store.dump_derived().unwrap(), before);
    assert_eq!(count(&store, "SELECT count(*) FROM changes"), changes);
    assert_eq!(store.clock().unwrap(), clock);
}

#[test]
fn a_set_once_field_cannot_be_unset() {
    let wall = FakeWall::new(1_000);
    let mut store = memory(&wall);
    let id = new_id();
    store
        .write(&[Edit::new(&WORKSHOPS, &id)
            .set("date", "2026-03-04")
            .set("territory", "Calaisis")
            .set("deleted", true)])
        .unwrap();
    let err = store
        .write(&[Edit::new(&WORKSHOPS, &id).set("deleted", false)])
        .unwrap_err();
    assert!(matches!(
        err,
        WriteError::Invalid {
            field: "deleted",
            ..
        }
    ));
}

#[test]
fn the_clock_never_goes_back_across_reopenings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("base.sqlite");
    let wall = FakeWall::new(50_000);
    let id = new_id();
    let first = {
        let mut store = Store::open_with_clock(&path, reference(), wall.clock()).unwrap();
        store
            .write(&[idea(&id, "Fresque du climat")])
            .unwrap()
            .clock
    };
    // The laptop's clock is set back by an hour, and the program restarted.
    wall.set(50_000 - 3_600_000);
    let mut store = Store::open_with_clock(&path, reference(), wall.clock()).unwrap();
    assert!(store.clock().unwrap() >= first);
    let second = store
        .write(&[idea(&id, "Fresque du climat géante")])
        .unwrap()
        .clock;
    assert_eq!(second, first + 1);
    let third = store.write(&[idea(&id, "Fresque")]).unwrap().clock;
    assert_eq!(third, first + 2);
    // The last change saw the second one.
    let changes = changes_of(&store, &id);
    assert_eq!(changes.last().unwrap().5, second);
}

#[test]
fn rebuilding_from_the_changes_equals_the_live_tables() {
    let wall = FakeWall::new(10_000);
    let mut store = memory(&wall);
    let mut ids = Vec::new();
    for i in 0..20 {
        wall.set(10_000 + i * 7);
        let id = new_id();
        store
            .write(&[idea(&id, &format!("Idée {i}")).set("summary", format!("Résumé {i}"))])
            .unwrap();
        ids.push(id);
    }
    for (i, id) in ids.iter().enumerate().step_by(3) {
        store
            .write(&[idea(id, &format!("Idée revue {i}"))
                .set("summary", "")
                .set("archived", true)])
            .unwrap();
    }
    let w = new_id();
    store
        .write(&[Edit::new(&WORKSHOPS, &w)
            .set("date", "2026-02-12")
            .set("territory", "Artois")
            .set("deleted", true)])
        .unwrap();
    let live = store.dump_derived().unwrap();
    assert!(live.len() > 20);
    store.rebuild_derived().unwrap();
    assert_eq!(store.dump_derived().unwrap(), live);
}

#[test]
fn the_database_file_is_private() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sous-dossier").join("base.sqlite");
    let _store = Store::open(&path, reference()).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let wal = dir.path().join("sous-dossier").join("base.sqlite-wal");
        if wal.exists() {
            let mode = std::fs::metadata(&wal).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode & 0o077, 0, "the WAL is private too");
        }
    }
}

#[test]
fn a_copied_database_gets_a_new_site_id_and_keeps_its_device() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.sqlite");
    let (site, clock) = {
        let mut store = Store::open(&path, reference()).unwrap();
        let device = store.device_id();
        store
            .write(&[Edit::new(&DEVICES, device)
                .set("label", "Portable 1")
                .set("facilitator", "Camille")])
            .unwrap();
        (store.site(), store.clock().unwrap())
    };
    // Reopened in place: same site.
    assert_eq!(Store::open(&path, reference()).unwrap().site(), site);

    let copy = dir.path().join("copie.sqlite");
    {
        // Checkpoint the WAL first, as a careful copy would.
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")
            .unwrap();
    }
    std::fs::copy(&path, &copy).unwrap();
    let store = Store::open(&copy, reference()).unwrap();
    assert_ne!(store.site(), site);
    let renewal = store.renewal().expect("renewal reported");
    assert_eq!(renewal.previous, site);
    assert!(store.clock().unwrap() > clock, "the clock carries on");
    let row = derive::read_row(store.conn(), &DEVICES, &store.device_id())
        .unwrap()
        .expect("the copy has a device record of its own");
    assert_eq!(row["facilitator"], Value::text("Camille"));
}

#[test]
fn a_file_that_is_not_a_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.sqlite");
    std::fs::write(&path, "ceci n'est pas une base\n".repeat(100)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path, reference()).err().unwrap().to_string();
    assert!(err.contains("n'est pas une base SQLite"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);

    let err = Store::open(dir.path(), reference())
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("est un dossier"), "{err}");
}

#[test]
fn contact_details_need_consent_and_under_15s_a_parent_too() {
    let wall = FakeWall::new(1_000);
    let mut store = memory(&wall);
    let id = new_id();
    let person = || {
        Edit::new(&ATTENDEES, &id)
            .set("first_name", "Noé")
            .set("last_name", "Lemaire")
            .set("age_bracket", "11-14")
    };
    let err = store
        .write(&[person().set("email", "noe@exemple.fr")])
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "E-mail : sans l'accord de la personne, ses coordonnées ne sont pas gardées."
    );
    let err = store
        .write(&[person().set("email", "noe@exemple.fr").set("consent", true)])
        .unwrap_err();
    assert!(
        matches!(
            err,
            WriteError::Invalid {
                field: "parent_consent",
                ..
            }
        ),
        "{err}"
    );
    assert!(
        store.row(&ATTENDEES, &id).unwrap().is_none(),
        "nothing half-saved"
    );
    store
        .write(&[person()
            .set("email", "noe@exemple.fr")
            .set("consent", true)
            .set("parent_consent", true)])
        .unwrap();
    // Withdrawing consent while keeping the e-mail is refused; withdrawing both is fine.
    assert!(
        store
            .write(&[Edit::new(&ATTENDEES, &id).set("consent", false)])
            .is_err()
    );
    store
        .write(&[Edit::new(&ATTENDEES, &id)
            .set("consent", false)
            .set("email", "")])
        .unwrap();
    assert_eq!(
        store.row(&ATTENDEES, &id).unwrap().unwrap()["email"],
        Value::Null
    );
}

#[test]
fn the_facts_of_many_ideas_read_together_are_each_idea_s_own() {
    let wall = FakeWall::new(1_780_000_000_000);
    let mut s = memory(&wall);
    crate::demo::build(&mut s, 60, 7).unwrap();
    let ids: Vec<String> = s
        .conn()
        .prepare("SELECT id FROM ideas")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let together = queries::facts_of(s.conn(), &ids).unwrap();
    assert_eq!(together.len(), ids.len());
    let mut with_holders = 0;
    for id in &ids {
        let alone = queries::facts_on(s.conn(), id).unwrap();
        with_holders += usize::from(!alone.holders.is_empty());
        assert_eq!(together[id], alone, "{id}");
    }
    // The demo gives most ideas holders, lines and checks: the comparison means something.
    assert!(with_holders > ids.len() / 2);
    assert!(
        together
            .values()
            .any(|f| f.expense_lines > 1 && !f.checks.is_empty())
    );
    // An unknown id has the facts of nothing.
    let none = queries::facts_on(s.conn(), "inconnue").unwrap();
    assert_eq!(none, crate::domain::maturity::IdeaFacts::default());
}

#[test]
fn bulk_writes_stay_whole_each_with_its_own_clock_and_the_rest_goes_on() {
    let wall = FakeWall::new(1_700_000_000_000);
    let mut store = memory(&wall);
    let ids: Vec<String> = (0..7).map(|_| new_id()).collect();
    let refused = store
        .bulk(3, |store| {
            let mut refused = 0;
            for (i, id) in ids.iter().enumerate() {
                // The fourth is refused after its first field was written (a required title
                // emptied by its second field): nothing of it may stay.
                let edit = if i == 3 {
                    idea(id, "brouillon").set("title", "")
                } else {
                    idea(id, &format!("idée {i}"))
                };
                if store.write(&[edit]).is_err() {
                    refused += 1;
                }
            }
            Ok(refused)
        })
        .unwrap();
    assert_eq!(refused, 1);
    assert!(store.row(&IDEAS, &ids[3]).unwrap().is_none());
    assert!(changes_of(&store, &ids[3]).is_empty());
    let clocks: std::collections::BTreeSet<i64> = ids
        .iter()
        .filter(|id| *id != &ids[3])
        .flat_map(|id| changes_of(&store, id).into_iter().map(|c| c.2))
        .collect();
    assert_eq!(
        clocks.len(),
        6,
        "one clock per write, as single writes have"
    );
    // The levels made at the end of the run are those a write one by one makes.
    assert_eq!(
        count(&store, "SELECT count(*) FROM idea_levels"),
        6,
        "every idea written has its level"
    );
    assert!(store.audit_totals().unwrap().is_empty());
    assert!(store.setting("levels_fingerprint").unwrap().is_some());
    let live = store.dump_derived().unwrap();
    store.rebuild_derived().unwrap();
    assert_eq!(live, store.dump_derived().unwrap());
    // Afterwards, writes are single transactions again.
    store.write(&[idea(&new_id(), "après")]).unwrap();
    assert!(store.conn().is_autocommit());
}

#[test]
fn a_bulk_run_stopped_midway_keeps_what_it_committed_and_the_next_opening_indexes_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("base.sqlite");
    let wall = FakeWall::new(1_700_000_000_000);
    let stopped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut store = Store::open_with_clock(&path, reference(), wall.clock()).unwrap();
        let _: Result<()> = store.bulk(2, |store| {
            for i in 0..5 {
                store
                    .write(&[Edit::new(&ATTENDEES, new_id())
                        .set("first_name", "Léa")
                        .set("last_name", format!("Zanzibar{i}"))
                        .set("age_bracket", "26-64")])
                    .unwrap();
            }
            // Killed here: the search text and levels are made only at the end of a run.
            panic!("arrêt au milieu");
        });
    }));
    assert!(stopped.is_err());
    let store = Store::open_with_clock(&path, reference(), wall.clock()).unwrap();
    // Two transactions of two were committed; the fifth write's was not.
    assert_eq!(count(&store, "SELECT count(*) FROM attendees"), 4);
    // Opening the base made their search text: they are found by name.
    assert_eq!(
        store
            .people_count(&super::queries::PeopleFilter::search("zanzibar"))
            .unwrap(),
        4
    );
    assert!(store.setting("levels_fingerprint").unwrap().is_some());
}

/// How many ideas stand at each level.
fn levels_of(store: &Store) -> Vec<(i64, i64)> {
    let mut stmt = store
        .conn()
        .prepare("SELECT level, count(*) FROM idea_levels GROUP BY level ORDER BY level")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_demo_written_in_batches_is_the_demo_written_one_record_at_a_time() {
    let wall = FakeWall::new(1_700_000_000_000);
    let mut batched = memory(&wall);
    crate::demo::build(&mut batched, 30, 7).unwrap();
    assert!(batched.audit_totals().unwrap().is_empty());
    let people = count(&batched, "SELECT count(*) FROM attendees");
    assert_eq!(count(&batched, "SELECT count(*) FROM people_text"), people);
    let levels = levels_of(&batched);
    let live = batched.dump_derived().unwrap();
    batched.rebuild_derived().unwrap();
    assert_eq!(live, batched.dump_derived().unwrap());
    // The same seed written with no batch (each write its own transaction) gives the same
    // levels.
    let mut single = memory(&wall);
    crate::demo::fill_for_tests(&mut single, 30, 7).unwrap();
    let single_levels = levels_of(&single);
    assert_eq!(levels, single_levels);
}
