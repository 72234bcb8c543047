//! Property tests of the merge on generated histories of three laptops: field edits, holders
//! removed and added again, budget lines, archives, deletions, erasures, wall clocks going back,
//! merges in any order, syncs through a shared file, old copies of files coming back.
//!
//! After every step an in-memory reference model (sets of changes and of forgotten ids, winners
//! by `(clock, site)`) must agree with what SQLite holds; at the end, merge must be commutative,
//! associative and idempotent (compared by digest), every laptop equal after all-to-all syncs,
//! no forgotten id anywhere, no deleted record back, the derived tables equal to a rebuild.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use common::*;
use comptoir::domain::model::{
    self, ATTENDEES, BUDGET_LINES, HOLDERS, IDEAS, Kind, TABLES, Value, WORKSHOPS,
};
use comptoir::store::{Edit, Store, WriteError, new_id};
use proptest::prelude::*;

const LAPTOPS: usize = 3;

#[derive(Debug, Clone)]
enum Op {
    Title {
        l: usize,
        idea: usize,
        v: u8,
    },
    Summary {
        l: usize,
        idea: usize,
        v: u8,
    },
    Archive {
        l: usize,
        idea: usize,
        on: bool,
    },
    Phone {
        l: usize,
        person: usize,
        v: u8,
    },
    Holder {
        l: usize,
        link: usize,
        removed: bool,
    },
    Amount {
        l: usize,
        line: usize,
        euros: u16,
    },
    DeleteWorkshop {
        l: usize,
        w: usize,
    },
    Host {
        l: usize,
        w: usize,
        v: u8,
    },
    Forget {
        l: usize,
        person: usize,
    },
    Clock {
        l: usize,
        delta: i32,
    },
    Merge {
        into: usize,
        from: usize,
    },
    Sync {
        l: usize,
    },
    Snapshot {
        l: usize,
    },
    MergeOld {
        into: usize,
        old: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let l = 0..LAPTOPS;
    prop_oneof![
        4 => (l.clone(), 0..4usize, 0..4u8).prop_map(|(l, idea, v)| Op::Title { l, idea, v }),
        2 => (l.clone(), 0..4usize, 0..3u8).prop_map(|(l, idea, v)| Op::Summary { l, idea, v }),
        1 => (l.clone(), 0..4usize, any::<bool>()).prop_map(|(l, idea, on)| Op::Archive { l, idea, on }),
        2 => (l.clone(), 0..3usize, 0..3u8).prop_map(|(l, person, v)| Op::Phone { l, person, v }),
        2 => (l.clone(), 0..3usize, any::<bool>()).prop_map(|(l, link, removed)| Op::Holder { l, link, removed }),
        2 => (l.clone(), 0..2usize, 1..20_000u16).prop_map(|(l, line, euros)| Op::Amount { l, line, euros }),
        1 => (l.clone(), 0..2usize).prop_map(|(l, w)| Op::DeleteWorkshop { l, w }),
        1 => (l.clone(), 0..2usize, 0..3u8).prop_map(|(l, w, v)| Op::Host { l, w, v }),
        1 => (l.clone(), 0..3usize).prop_map(|(l, person)| Op::Forget { l, person }),
        2 => (l.clone(), -60_000..60_000i32).prop_map(|(l, delta)| Op::Clock { l, delta }),
        4 => (l.clone(), 0..LAPTOPS).prop_map(|(into, from)| Op::Merge { into, from }),
        1 => l.clone().prop_map(|l| Op::Sync { l }),
        1 => l.clone().prop_map(|l| Op::Snapshot { l }),
        1 => (l, 0..8usize).prop_map(|(into, old)| Op::MergeOld { into, old }),
    ]
}

/// One change as the model keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Change {
    clock: i64,
    tbl: String,
    record: String,
    field: String,
    value: Value,
    seen: i64,
}

type Key = (Vec<u8>, i64);

/// The reference: what a laptop must hold, computed without SQL.
#[derive(Debug, Clone, Default, PartialEq)]
struct Model {
    changes: BTreeMap<Key, Change>,
    forgotten: BTreeMap<String, i64>,
}

impl Model {
    fn merge(&mut self, other: &Model) {
        for (id, clock) in &other.forgotten {
            let e = self.forgotten.entry(id.clone()).or_insert(*clock);
            *e = (*e).min(*clock);
        }
        for (k, c) in &other.changes {
            self.changes.entry(k.clone()).or_insert_with(|| c.clone());
        }
        let forgotten = &self.forgotten;
        self.changes
            .retain(|_, c| !forgotten.contains_key(&c.record));
    }

    /// (table, record, field) → winning value.
    fn winners(&self) -> BTreeMap<(String, String, String), Value> {
        let mut best: BTreeMap<(String, String, String), (&Key, &Change)> = BTreeMap::new();
        for (k, c) in &self.changes {
            let kind = model::table(&c.tbl)
                .and_then(|t| t.field(&c.field))
                .map(|f| f.kind);
            let rank = |k: &Key, c: &Change| {
                let v = if kind == Some(Kind::SetOnce) {
                    c.value.as_int().unwrap_or(0)
                } else {
                    0
                };
                (v, c.clock, k.0.clone())
            };
            let slot = (c.tbl.clone(), c.record.clone(), c.field.clone());
            match best.get(&slot) {
                Some((bk, bc)) if rank(bk, bc) >= rank(k, c) => {}
                _ => {
                    best.insert(slot, (k, c));
                }
            }
        }
        best.into_iter()
            .map(|(s, (_, c))| (s, c.value.clone()))
            .collect()
    }
}

fn read_model(path: &Path) -> Model {
    let conn = connect(path);
    let mut m = Model::default();
    let mut stmt = conn
        .prepare("SELECT site, seq, clock, tbl, record, field, value, seen FROM changes")
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            let value = match r.get_ref(6)? {
                rusqlite::types::ValueRef::Null => Value::Null,
                rusqlite::types::ValueRef::Integer(i) => Value::Int(i),
                rusqlite::types::ValueRef::Text(t) => {
                    Value::Text(String::from_utf8_lossy(t).into_owned())
                }
                _ => Value::Null,
            };
            Ok((
                (r.get::<_, Vec<u8>>(0)?, r.get::<_, i64>(1)?),
                Change {
                    clock: r.get(2)?,
                    tbl: r.get(3)?,
                    record: r.get(4)?,
                    field: r.get(5)?,
                    value,
                    seen: r.get(7)?,
                },
            ))
        })
        .unwrap();
    for row in rows {
        let (k, c) = row.unwrap();
        m.changes.insert(k, c);
    }
    let mut stmt = conn.prepare("SELECT id, clock FROM forgotten").unwrap();
    for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap() {
        let (id, clock) = row.unwrap();
        m.forgotten.insert(id, clock);
    }
    m
}

/// The derived tables as (table, record, field) → value, from SQLite.
fn read_derived(path: &Path) -> BTreeMap<(String, String, String), Value> {
    let conn = connect(path);
    let mut out = BTreeMap::new();
    for t in TABLES {
        for f in t.fields {
            let mut stmt = conn
                .prepare(&format!("SELECT id, {} FROM {}", f.name, t.name))
                .unwrap();
            let rows = stmt
                .query_map([], |r| {
                    let v = match r.get_ref(1)? {
                        rusqlite::types::ValueRef::Integer(i) => Value::Int(i),
                        rusqlite::types::ValueRef::Text(s) => {
                            Value::Text(String::from_utf8_lossy(s).into_owned())
                        }
                        _ => Value::Null,
                    };
                    Ok((r.get::<_, String>(0)?, v))
                })
                .unwrap();
            for row in rows {
                let (id, v) = row.unwrap();
                out.insert((t.name.to_string(), id, f.name.to_string()), v);
            }
        }
    }
    out
}

struct World {
    dir: tempfile::TempDir,
    paths: Vec<PathBuf>,
    stores: Vec<Store>,
    clocks: Vec<Arc<AtomicI64>>,
    models: Vec<Model>,
    olds: Vec<(PathBuf, Model)>,
    ideas: Vec<String>,
    people: Vec<String>,
    links: Vec<String>,
    lines: Vec<String>,
    workshops: Vec<String>,
    deleted: BTreeSet<String>,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let mut w = World {
            paths: Vec::new(),
            stores: Vec::new(),
            clocks: Vec::new(),
            models: Vec::new(),
            olds: Vec::new(),
            ideas: (0..4).map(|_| new_id()).collect(),
            people: (0..3).map(|_| new_id()).collect(),
            links: (0..3).map(|_| new_id()).collect(),
            lines: (0..2).map(|_| new_id()).collect(),
            workshops: (0..2).map(|_| new_id()).collect(),
            deleted: BTreeSet::new(),
            dir,
        };
        for l in 0..LAPTOPS {
            let path = w.dir.path().join(format!("portable-{l}.sqlite"));
            let (wall, clock) = fixed_wall(MORNING_MS);
            let mut store = Store::open_with_clock(&path, reference(), wall).unwrap();
            // The key and the frozen files below are encrypted, as a campaign's are.
            store.use_phrase(phrase());
            w.stores.push(store);
            w.paths.push(path);
            w.clocks.push(clock);
            w.models.push(Model::default());
        }
        // Laptop 0 creates the records; everyone starts from its file.
        let mut edits = Vec::new();
        for (i, id) in w.ideas.iter().enumerate() {
            edits.push(Edit::new(&IDEAS, id).set("title", format!("Idée {i}")));
        }
        for (i, id) in w.people.iter().enumerate() {
            edits.push(
                Edit::new(&ATTENDEES, id)
                    .set("first_name", format!("Prénom{i}"))
                    .set("last_name", format!("Nom{i}"))
                    .set("age_bracket", "15-17")
                    .set("consent", true),
            );
        }
        for (i, id) in w.links.iter().enumerate() {
            edits.push(
                Edit::new(&HOLDERS, id)
                    .set("idea", w.ideas[i].as_str())
                    .set("attendee", w.people[i].as_str()),
            );
        }
        for (i, id) in w.lines.iter().enumerate() {
            edits.push(
                Edit::new(&BUDGET_LINES, id)
                    .set("idea", w.ideas[i].as_str())
                    .set("kind", "depense")
                    .set("amount", 100_000i64),
            );
        }
        for id in &w.workshops {
            edits.push(
                Edit::new(&WORKSHOPS, id)
                    .set("date", "2026-03-04")
                    .set("territory", "Calaisis"),
            );
        }
        w.stores[0].write(&edits).unwrap();
        w.models[0] = read_model(&w.paths[0]);
        for l in 1..LAPTOPS {
            w.merge(l, 0);
        }
        w
    }

    fn write(&mut self, l: usize, edit: Edit) {
        match self.stores[l].write(&[edit]) {
            Ok(_) | Err(WriteError::Forgotten) => {}
            Err(e) => panic!("refused: {e}"),
        }
        // Local writes are the write path's business (tested elsewhere): the model takes them.
        self.models[l] = read_model(&self.paths[l]);
    }

    fn merge(&mut self, into: usize, from: usize) {
        let from_path = self.paths[from].clone();
        self.stores[into].merge_from(&from_path).unwrap();
        let other = self.models[from].clone();
        self.models[into].merge(&other);
    }

    fn check(&self, l: usize) -> Result<(), TestCaseError> {
        let held = read_model(&self.paths[l]);
        prop_assert_eq!(
            &held.forgotten,
            &self.models[l].forgotten,
            "forget set of laptop {}",
            l
        );
        prop_assert!(
            held.changes == self.models[l].changes,
            "changes of laptop {} differ from the model",
            l
        );
        let derived = read_derived(&self.paths[l]);
        let winners = self.models[l].winners();
        for (slot, v) in &winners {
            prop_assert_eq!(derived.get(slot), Some(v), "laptop {} field {:?}", l, slot);
        }
        for ((_, id, _), v) in &derived {
            prop_assert!(!self.models[l].forgotten.contains_key(id) || *v == Value::Null);
            prop_assert!(
                !self.models[l].forgotten.contains_key(id),
                "forgotten {} still has a row",
                id
            );
        }
        Ok(())
    }

    fn apply(&mut self, op: &Op) -> Result<(), TestCaseError> {
        match *op {
            Op::Title { l, idea, v } => {
                let id = self.ideas[idea].clone();
                self.write(l, Edit::new(&IDEAS, id).set("title", format!("Titre {v}")));
            }
            Op::Summary { l, idea, v } => {
                let id = self.ideas[idea].clone();
                let value = if v == 0 {
                    String::new()
                } else {
                    format!("Résumé {v}")
                };
                self.write(l, Edit::new(&IDEAS, id).set("summary", value));
            }
            Op::Archive { l, idea, on } => {
                let id = self.ideas[idea].clone();
                self.write(l, Edit::new(&IDEAS, id).set("archived", on));
            }
            Op::Phone { l, person, v } => {
                let id = self.people[person].clone();
                self.write(
                    l,
                    Edit::new(&ATTENDEES, id).set("phone", format!("06 00 00 00 0{v}")),
                );
            }
            Op::Holder { l, link, removed } => {
                let id = self.links[link].clone();
                self.write(l, Edit::new(&HOLDERS, id).set("removed", removed));
            }
            Op::Amount { l, line, euros } => {
                let id = self.lines[line].clone();
                self.write(
                    l,
                    Edit::new(&BUDGET_LINES, id).set("amount", euros as i64 * 100),
                );
            }
            Op::DeleteWorkshop { l, w } => {
                let id = self.workshops[w].clone();
                self.deleted.insert(id.clone());
                self.write(l, Edit::new(&WORKSHOPS, id).set("deleted", true));
            }
            Op::Host { l, w, v } => {
                let id = self.workshops[w].clone();
                self.write(
                    l,
                    Edit::new(&WORKSHOPS, id).set("host", format!("Structure {v}")),
                );
            }
            Op::Forget { l, person } => {
                let id = self.people[person].clone();
                self.stores[l].forget(&id).unwrap();
                self.models[l] = read_model(&self.paths[l]);
            }
            Op::Clock { l, delta } => {
                self.clocks[l].fetch_add(delta as i64, Ordering::SeqCst);
            }
            Op::Merge { into, from } => self.merge(into, from),
            Op::Sync { l } => {
                let shared = self.dir.path().join("cle").join("partage.sqlite");
                std::fs::create_dir_all(shared.parent().unwrap()).unwrap();
                let before_shared = if shared.exists() {
                    read_model(&shared)
                } else {
                    Model::default()
                };
                comptoir::sync::sync(&mut self.stores[l], &shared, false, &mut |_, _| {}).unwrap();
                let mut expected = before_shared;
                expected.merge(&self.models[l]);
                let published = read_model(&shared);
                prop_assert!(
                    published.changes == expected.changes,
                    "published file differs from the model"
                );
                self.models[l].merge(&expected);
            }
            Op::Snapshot { l } => {
                let path = self
                    .dir
                    .path()
                    .join(format!("ancienne-{}.sqlite", self.olds.len()));
                self.stores[l].backup_to(&path).unwrap();
                self.olds.push((path, self.models[l].clone()));
            }
            Op::MergeOld { into, old } => {
                if let Some((path, m)) = self.olds.get(old).cloned() {
                    let copy =
                        comptoir::sync::private_copy(&path, &std::env::temp_dir(), Some(&phrase()))
                            .unwrap();
                    self.stores[into].merge_from(&copy).unwrap();
                    self.models[into].merge(&m);
                }
            }
        }
        for l in 0..LAPTOPS {
            self.check(l)?;
        }
        Ok(())
    }
}

/// A merged copy of `a` with `b` (both left untouched), and its digest.
fn merged_digest(dir: &Path, a: &Path, b: &[&Path], name: &str) -> String {
    let path = dir.join(name);
    std::fs::copy(a, &path).unwrap();
    let mut store = Store::open_shared(
        &path,
        reference(),
        fixed_wall(MORNING_MS).0,
        Some(&phrase()),
    )
    .unwrap();
    for other in b {
        store.merge_from(other).unwrap();
    }
    store.digest().unwrap()
}

/// A checkpointed, journal-free copy of a laptop's file, encrypted as a shared file is, to
/// merge from.
fn frozen(store: &Store, dir: &Path, name: &str) -> PathBuf {
    let plain = dir.join(format!("clair-{name}"));
    store.backup_to(&plain).unwrap();
    let path = dir.join(name);
    comptoir::store::cipher::encrypt_copy(&plain, &path, &phrase()).unwrap();
    std::fs::remove_file(&plain).unwrap();
    path
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, max_shrink_iters: 200, ..ProptestConfig::default() })]

    #[test]
    fn merges_agree_with_the_model_and_converge(ops in proptest::collection::vec(op(), 1..30)) {
        let mut w = World::new();
        for op in &ops {
            w.apply(op)?;
        }
        let dir = w.dir.path().to_path_buf();
        let a = frozen(&w.stores[0], &dir, "fa.sqlite");
        let b = frozen(&w.stores[1], &dir, "fb.sqlite");
        let c = frozen(&w.stores[2], &dir, "fc.sqlite");
        // Commutative, associative, idempotent.
        prop_assert_eq!(merged_digest(&dir, &a, &[&b], "ab"), merged_digest(&dir, &b, &[&a], "ba"));
        let ab_c = merged_digest(&dir, &a, &[&b, &c], "ab_c");
        let bc = dir.join("bc.sqlite");
        std::fs::copy(&b, &bc).unwrap();
        {
            let mut s = Store::open_shared(&bc, reference(), fixed_wall(MORNING_MS).0, Some(&phrase())).unwrap();
            s.merge_from(&c).unwrap();
        }
        prop_assert_eq!(&ab_c, &merged_digest(&dir, &a, &[&bc], "a_bc"));
        let alone = Store::open_shared(&a, reference(), fixed_wall(MORNING_MS).0, Some(&phrase())).unwrap().digest().unwrap();
        prop_assert_eq!(&alone, &merged_digest(&dir, &a, &[&a], "aa"));

        // All-to-all: every laptop ends equal.
        for _ in 0..2 {
            for i in 0..LAPTOPS {
                for j in 0..LAPTOPS {
                    if i != j {
                        w.merge(i, j);
                    }
                }
            }
        }
        let digests: Vec<String> = w.stores.iter().map(|s| s.digest().unwrap()).collect();
        prop_assert!(digests.iter().all(|d| *d == digests[0]), "laptops differ: {:?}", digests);
        prop_assert_eq!(&digests[0], &ab_c, "all-to-all equals the merge of the three");
        for l in 0..LAPTOPS {
            w.check(l)?;
            let held = read_model(&w.paths[l]);
            for c in held.changes.values() {
                prop_assert!(!held.forgotten.contains_key(&c.record));
            }
            let derived = read_derived(&w.paths[l]);
            for id in &w.deleted {
                prop_assert_eq!(derived.get(&("workshops".to_string(), id.clone(), "deleted".to_string())), Some(&Value::Int(1)));
            }
            // The maintained levels are the levels a fresh judgement gives.
            let mut judged = [0i64; 4];
            for idea in w.stores[l].ideas(0, 1000).unwrap() {
                judged[w.stores[l].idea_maturity(&idea.id).unwrap().0 as usize] += 1;
            }
            prop_assert_eq!(w.stores[l].level_counts().unwrap(), judged);
            // The counts and totals kept by triggers are those of the records.
            prop_assert_eq!(w.stores[l].audit_totals().unwrap(), Vec::<String>::new());
            let live = w.stores[l].dump_derived().unwrap();
            w.stores[l].rebuild_derived().unwrap();
            prop_assert_eq!(w.stores[l].dump_derived().unwrap(), live);
        }
    }
}
