//! Search as you type, key + frame (120x40 `TestBackend`), on several bases in one process,
//! taking turns (15 rounds of 400 keys each), so that a shared, noisy machine drifts alike for
//! all of them: the median per base.
//!
//!     cargo run --release --example search_keys -- ex e base-100.sqlite base-10000.sqlite
//!
//! types `3`, `/` and `ex` on each base, then `e` and Backspace in turn: the benchmark's
//! `people_search`, the screen full of people at every size (every e-mail of the demo is at
//! exemple.fr). With `ma r`, its `people_search_ma` (19 then 2 people at 100 ideas, a full list
//! beyond). The bases are opened as laptops' databases (an older one is brought up to date
//! first).

use comptoir::store::Store;
use comptoir::tui::app::App;
use comptoir::tui::msg::{Cmd, Msg};
use comptoir::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::Arc;

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// One base, its interface and its screen.
struct Base {
    store: Store,
    app: App,
    term: Terminal<TestBackend>,
}

/// One key through `update` and the store, then one frame.
fn step(s: &mut Base, code: KeyCode) {
    let cmds = comptoir::tui::update::update(&mut s.app, key(code));
    comptoir::tui::settle(&mut s.app, &mut s.store, cmds);
    s.term
        .draw(|f| comptoir::tui::view::view(&s.app, f))
        .unwrap();
}

fn main() {
    let prefix: Vec<char> = std::env::args().nth(1).unwrap().chars().collect();
    let typed = std::env::args().nth(2).unwrap().chars().next().unwrap();
    let reference = Arc::new(comptoir::paths::builtin_reference());
    let mut all: Vec<(String, Base)> = std::env::args()
        .skip(3)
        .map(|p| {
            let mut store = Store::open(std::path::Path::new(&p), reference.clone()).unwrap();
            let mut app = App::new(
                store.reference_arc(),
                Theme { colour: true },
                true,
                (120, 40),
            );
            comptoir::tui::settle(&mut app, &mut store, vec![Cmd::Reload]);
            let mut s = Base {
                store,
                app,
                term: Terminal::new(TestBackend::new(120, 40)).unwrap(),
            };
            for c in ['3', '/'].into_iter().chain(prefix.iter().copied()) {
                step(&mut s, KeyCode::Char(c));
            }
            (p, s)
        })
        .collect();
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); all.len()];
    for _round in 0..15 {
        for (i, (_, s)) in all.iter_mut().enumerate() {
            let t = std::time::Instant::now();
            for k in 0..400 {
                step(
                    s,
                    if k % 2 == 0 {
                        KeyCode::Char(typed)
                    } else {
                        KeyCode::Backspace
                    },
                );
            }
            times[i].push(t.elapsed().as_secs_f64() * 1e6 / 400.0);
        }
    }
    for (i, (p, s)) in all.iter().enumerate() {
        let mut t = times[i].clone();
        t.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!(
            "{p}: median {:.0} us/key, rows {}",
            t[t.len() / 2],
            s.app.data.attendees.total
        );
    }
}
