//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use comptoir::store::{Store, WallClock};
use comptoir::tui::app::App;
use comptoir::tui::msg::Cmd;
use comptoir::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// 2026-03-04 10:00 UTC, a workshop morning.
pub const MORNING_MS: i64 = 1_772_618_400_000;

pub fn fixed_wall(ms: i64) -> (WallClock, Arc<AtomicI64>) {
    let t = Arc::new(AtomicI64::new(ms));
    let c = t.clone();
    (Arc::new(move || c.load(Ordering::SeqCst)), t)
}

pub fn reference() -> Arc<comptoir::domain::reference::Reference> {
    Arc::new(comptoir::paths::builtin_reference())
}

pub fn empty_store() -> Store {
    Store::in_memory(reference(), fixed_wall(MORNING_MS).0).unwrap()
}

/// The default demo (40 ideas, seed 2026) in memory.
pub fn demo_store() -> Store {
    let mut store = empty_store();
    comptoir::demo::build(&mut store, 40, 2026).unwrap();
    store
}

/// An app loaded from `store`, as the runtime starts it, with the values that differ from one
/// database to another (site id, path) replaced by fixed ones.
pub fn app_on(store: &mut Store, size: (u16, u16), theme: Theme) -> App {
    let mut app = App::new(store.reference_arc(), theme, true, size);
    comptoir::tui::settle(&mut app, store, vec![Cmd::Reload]);
    pin(&mut app);
    app
}

pub fn pin(app: &mut App) {
    app.data.site_short = "5175e1d0".into();
    app.data.db_path = "/home/animatrice/.local/share/comptoir/demo.sqlite".into();
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// Sends keys through `update` and carries out the commands on the store.
pub fn press(app: &mut App, store: &mut Store, keys: &[KeyEvent]) {
    for k in keys {
        let cmds = comptoir::tui::update::update(app, comptoir::tui::msg::Msg::Key(*k));
        comptoir::tui::settle(app, store, cmds);
    }
}

pub fn type_text(app: &mut App, store: &mut Store, text: &str) {
    let keys: Vec<KeyEvent> = text.chars().map(|c| key(KeyCode::Char(c))).collect();
    press(app, store, &keys);
}

pub fn render(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    terminal
        .draw(|f| comptoir::tui::view::view(app, f))
        .unwrap();
    terminal
}

/// The screen as text, one line per row.
pub fn screen_text(app: &App) -> String {
    let terminal = render(app);
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// The demo in memory, on an 80x24 screen, its first workshop made the current one.
pub fn demo_app() -> (Store, App) {
    let mut store = demo_store();
    let mut app = app_on(&mut store, (80, 24), Theme { colour: true });
    press(
        &mut app,
        &mut store,
        &[key(KeyCode::Char('2')), key(KeyCode::Char('c'))],
    );
    pin(&mut app);
    (store, app)
}

/// The campaign's passphrase the tests' shared files are encrypted with.
pub const PHRASE: &str = "phrase de test des comptoirs";

pub fn phrase() -> comptoir::store::Phrase {
    comptoir::store::Phrase::new(PHRASE).unwrap()
}

/// The real binary, without the variables a test sets for one run only (base, fault points,
/// host name, clock offset), with the campaign's passphrase of the tests.
pub fn comptoir_bin() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_comptoir"));
    c.env("COMPTOIR_PHRASE", PHRASE);
    for v in [
        "COMPTOIR_NOUVELLE_PHRASE",
        "COMPTOIR_DB",
        "COMPTOIR_TEST_ARRET",
        "COMPTOIR_TEST_PAUSE",
        "COMPTOIR_TEST_ATTENTE",
        "COMPTOIR_TEST_HOTE",
        "COMPTOIR_DECALAGE_HORLOGE_MS",
    ] {
        c.env_remove(v);
    }
    c
}

pub fn s(p: &std::path::Path) -> &str {
    p.to_str().unwrap()
}

/// What a command printed, standard output then error.
pub fn said(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A demo base at `path` (`ideas` ideas, people and budgets in proportion), made by the binary.
pub fn demo_base(path: &std::path::Path, ideas: usize, seed: u64) {
    let out = comptoir_bin()
        .args(["demo", "--no-open", "--ideas", &ideas.to_string()])
        .args(["--seed", &seed.to_string(), "--db", s(path)])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", said(&out));
}

/// A connection to a comptoir file, keyed with the tests' passphrase when it is encrypted.
pub fn connect(path: &std::path::Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).unwrap();
    if comptoir::store::cipher::content(path) == comptoir::store::Content::Encrypted {
        conn.pragma_update(None, "key", PHRASE).unwrap();
    }
    conn
}

/// The content digest of a comptoir file, read on a private copy (the file is not touched).
pub fn file_digest(path: &std::path::Path) -> String {
    let copy = comptoir::sync::private_copy(path, &std::env::temp_dir(), Some(&phrase())).unwrap();
    Store::open_shared(
        &copy,
        reference(),
        fixed_wall(MORNING_MS).0,
        Some(&phrase()),
    )
    .unwrap()
    .digest()
    .unwrap()
}

/// Presses keys written as a facilitator reads them: characters as typed, and named keys
/// between angle brackets, e.g. `"4a"` or `"d<Right><Tab><Tab><Enter>"`.
pub fn tap(app: &mut App, store: &mut Store, script: &str) {
    let mut events = Vec::new();
    let mut rest = script;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
            && end > 1
        {
            let code = match &rest[1..end] {
                "Tab" => KeyCode::Tab,
                "BackTab" => KeyCode::BackTab,
                "Enter" => KeyCode::Enter,
                "Esc" => KeyCode::Esc,
                "Up" => KeyCode::Up,
                "Down" => KeyCode::Down,
                "Left" => KeyCode::Left,
                "Right" => KeyCode::Right,
                "Home" => KeyCode::Home,
                "End" => KeyCode::End,
                "PageUp" => KeyCode::PageUp,
                "PageDown" => KeyCode::PageDown,
                "Delete" => KeyCode::Delete,
                "Backspace" => KeyCode::Backspace,
                "F1" => KeyCode::F(1),
                "F2" => KeyCode::F(2),
                other => panic!("unknown key <{other}> in {script:?}"),
            };
            events.push(key(code));
            rest = &rest[end + 1..];
        } else {
            events.push(key(KeyCode::Char(c)));
            rest = &rest[c.len_utf8()..];
        }
    }
    press(app, store, &events);
}
