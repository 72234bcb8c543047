//! Benchmarks (criterion): cost per key and per frame as the base grows, start-up, merge
//! against a plain SQLite copy of the same rows, a sync with nothing new.
//!
//! Sizes: 100 and 10 000 ideas; 100 000 too with `COMPTOIR_BENCH_FULL=1` (building it takes
//! minutes). `COMPTOIR_BENCH_SKIP_MERGE=1` leaves the merge out. `scripts/bench.sh` runs
//! everything and prints the ratios.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use comptoir::store::Store;
use comptoir::tui::app::App;
use comptoir::tui::msg::{Cmd, Msg};
use comptoir::tui::theme::Theme;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn sizes() -> Vec<usize> {
    if std::env::var_os("COMPTOIR_BENCH_FULL").is_some() {
        vec![100, 10_000, 100_000]
    } else {
        vec![100, 10_000]
    }
}

fn reference() -> Arc<comptoir::domain::reference::Reference> {
    Arc::new(comptoir::paths::builtin_reference())
}

/// A demo base of `ideas` ideas, built once and kept in `target/bench-data`.
fn base(ideas: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("demo-{ideas}.sqlite"));
    if !path.exists() {
        let tmp = dir.join(format!("demo-{ideas}.tmp.sqlite"));
        let _ = std::fs::remove_file(&tmp);
        let mut store = Store::open(&tmp, reference()).unwrap();
        comptoir::demo::build(&mut store, ideas, 2026).unwrap();
        store.backup_to(&path).unwrap();
    }
    path
}

/// A private copy of a base, opened as a laptop's database.
fn open_copy(ideas: usize, dir: &Path) -> Store {
    let path = dir.join("base.sqlite");
    std::fs::copy(base(ideas), &path).unwrap();
    Store::open(&path, reference()).unwrap()
}

fn app(store: &mut Store) -> App {
    let mut app = App::new(
        store.reference_arc(),
        Theme { colour: true },
        true,
        (120, 40),
    );
    comptoir::tui::settle(&mut app, store, vec![Cmd::Reload]);
    app
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// One key through `update` and the store, then one frame.
fn key_and_frame(
    app: &mut App,
    store: &mut Store,
    term: &mut Terminal<TestBackend>,
    code: KeyCode,
) {
    let cmds = comptoir::tui::update::update(app, key(code));
    comptoir::tui::settle(app, store, cmds);
    term.draw(|f| comptoir::tui::view::view(app, f)).unwrap();
}

/// Search as you type on the people screen: `typed` written, then `next` and its removal in
/// turn, one key and one frame each.
fn search(
    group: &mut criterion::BenchmarkGroup<criterion::measurement::WallTime>,
    store: &mut Store,
    name: &str,
    n: usize,
    typed: &str,
    next: char,
) {
    // A terminal of its own: what the previous benchmark left on screen is not compared with.
    let term = &mut Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut a = app(store);
    for c in ['3', '/'].into_iter().chain(typed.chars()) {
        key_and_frame(&mut a, store, term, KeyCode::Char(c));
    }
    // The toggle outlives each call of the closure (criterion makes several): reset at each,
    // an odd number of keys would leave the extra letter typed, and the query would grow into
    // one that finds nobody, measuring an empty list.
    let mut typing = true;
    group.bench_function(format!("{name}/{n}"), |b| {
        b.iter(|| {
            let key = if typing {
                KeyCode::Char(next)
            } else {
                KeyCode::Backspace
            };
            key_and_frame(&mut a, store, term, key);
            typing = !typing;
        })
    });
}

fn per_key(c: &mut Criterion) {
    let mut group = c.benchmark_group("per_key");
    group.sample_size(20);
    for n in sizes() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open_copy(n, dir.path());
        let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
        // The ideas list: move down and up.
        let mut a = app(&mut store);
        key_and_frame(&mut a, &mut store, &mut term, KeyCode::Char('4'));
        let mut down = true;
        group.bench_function(format!("ideas_list/{n}"), |b| {
            b.iter(|| {
                key_and_frame(
                    &mut a,
                    &mut store,
                    &mut term,
                    if down { KeyCode::Down } else { KeyCode::Up },
                );
                down = !down;
            })
        });
        // Search as you type in the people list: « ex » typed, then a third letter and its
        // removal, in turn: « ex » goes along the words (prefixes), « exe » through the trigram
        // index. Every e-mail of the demo is at exemple.fr, so the list is full at every size
        // and the frames compared draw as many rows: what differs is the base alone.
        search(&mut group, &mut store, "people_search", n, "ex", 'e');
        // A name search, « ma » then « mar »: at 100 ideas it finds 19 people, then 2, where
        // larger bases fill the list, so this row compares unequal screens (shown, not a goal).
        search(&mut group, &mut store, "people_search_ma", n, "ma", 'r');
        // The budget editor of the first idea with lines.
        let mut a = app(&mut store);
        key_and_frame(&mut a, &mut store, &mut term, KeyCode::Char('4'));
        while a
            .data
            .ideas
            .row(a.data.ideas.selected)
            .is_some_and(|r| r.requested.0 == 0)
        {
            key_and_frame(&mut a, &mut store, &mut term, KeyCode::Down);
        }
        key_and_frame(&mut a, &mut store, &mut term, KeyCode::Char('b'));
        let mut down = true;
        group.bench_function(format!("budget_editor/{n}"), |b| {
            b.iter(|| {
                key_and_frame(
                    &mut a,
                    &mut store,
                    &mut term,
                    if down { KeyCode::Down } else { KeyCode::Up },
                );
                down = !down;
            })
        });
        // The review board.
        let mut a = app(&mut store);
        key_and_frame(&mut a, &mut store, &mut term, KeyCode::Char('5'));
        let mut down = true;
        group.bench_function(format!("review_board/{n}"), |b| {
            b.iter(|| {
                key_and_frame(
                    &mut a,
                    &mut store,
                    &mut term,
                    if down { KeyCode::Down } else { KeyCode::Up },
                );
                down = !down;
            })
        });
    }
    group.finish();
}

fn startup(c: &mut Criterion) {
    let mut group = c.benchmark_group("startup");
    group.sample_size(10);
    let mut all = vec![0];
    all.extend(sizes());
    for n in all {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("base.sqlite");
        if n == 0 {
            let mut s = Store::open(&path, reference()).unwrap();
            let id = s.device_id();
            s.write(&[
                comptoir::store::Edit::new(&comptoir::domain::model::DEVICES, id)
                    .set("label", "Portable")
                    .set("facilitator", "Camille"),
            ])
            .unwrap();
        } else {
            std::fs::copy(base(n), &path).unwrap();
        }
        group.bench_function(format!("first_frame/{n}"), |b| {
            b.iter(|| {
                let mut store = Store::open(&path, reference()).unwrap();
                let a = app(&mut store);
                let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
                term.draw(|f| comptoir::tui::view::view(&a, f)).unwrap();
            })
        });
    }
    group.finish();
}

#[path = "support/merge.rs"]
mod support;
use support::{encrypted_files, phrase, plain_copy, shared_files};

fn merge(c: &mut Criterion) {
    // Building the eight 12 500-idea files takes minutes: left out when only keys are measured.
    if std::env::var_os("COMPTOIR_BENCH_SKIP_MERGE").is_some() {
        return;
    }
    let mut group = c.benchmark_group("merge");
    group.sample_size(10);
    let per_file = if std::env::var_os("COMPTOIR_BENCH_FULL").is_some() {
        12_500
    } else {
        125
    };
    let dir = tempfile::tempdir().unwrap();
    let files = shared_files(per_file, dir.path());
    let encrypted = encrypted_files(&files, dir.path());
    let empty = dir.path().join("vide.sqlite");
    let clock = comptoir::store::system_wall_clock;
    drop(Store::open_shared(&empty, reference(), clock(), None).unwrap());
    let empty_encrypted = dir.path().join("vide-chiffre.sqlite");
    drop(Store::open_shared(&empty_encrypted, reference(), clock(), Some(&phrase())).unwrap());
    // The same merge on plaintext files (an earlier version's) and on encrypted ones (the
    // files of a campaign now: the eight inputs and the central file), side by side.
    for (name, inputs, template, key) in [
        ("comptoir_merge", &files, &empty, None),
        (
            "comptoir_merge_encrypted",
            &encrypted,
            &empty_encrypted,
            Some(phrase()),
        ),
    ] {
        group.bench_function(format!("{name}/8x{per_file}"), |b| {
            b.iter_batched(
                || {
                    let central = dir.path().join("centrale.sqlite");
                    let _ = std::fs::remove_file(&central);
                    std::fs::copy(template, &central).unwrap();
                    central
                },
                |central| {
                    let mut s =
                        Store::open_shared(&central, reference(), clock(), key.as_ref()).unwrap();
                    for f in inputs.iter() {
                        s.merge_from(f).unwrap();
                    }
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.bench_function(format!("plain_sqlite_copy/8x{per_file}"), |b| {
        b.iter_batched(
            || {
                let into = dir.path().join("copie.sqlite");
                let _ = std::fs::remove_file(&into);
                into
            },
            |into| plain_copy(&files, &empty, &into, None),
            BatchSize::PerIteration,
        )
    });
    // A first full sync, then a sync with nothing new.
    let central = dir.path().join("synchro.sqlite");
    std::fs::copy(&empty, &central).unwrap();
    let mut s = Store::open_shared(&central, reference(), clock(), None).unwrap();
    group.bench_function(format!("first_sync/{per_file}"), |b| {
        b.iter_batched(
            || {
                let fresh = dir.path().join("premiere.sqlite");
                let _ = std::fs::remove_file(&fresh);
                std::fs::copy(&empty, &fresh).unwrap();
                Store::open_shared(&fresh, reference(), clock(), None).unwrap()
            },
            |mut fresh| fresh.merge_from(&files[0]).unwrap(),
            BatchSize::PerIteration,
        )
    });
    s.merge_from(&files[0]).unwrap();
    group.bench_function(format!("nothing_new/{per_file}"), |b| {
        b.iter(|| s.merge_from(&files[0]).unwrap())
    });
    group.finish();
}

criterion_group!(benches, per_key, startup, merge);
criterion_main!(benches);
