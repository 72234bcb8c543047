//! Keys and paths as on Windows. Keys as the Windows console sends them: every key twice (a press, then a release), and
//! AltGr as Ctrl+Alt with the character it makes on an AZERTY keyboard (« @ », « # », « € »,
//! « { », « \ »). Only presses count, and AltGr inserts its character once.

mod common;

use common::*;
use comptoir::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};

/// What the Windows console reports for one key: its press and its release.
fn windows_key(c: char, modifiers: KeyModifiers) -> [KeyEvent; 2] {
    let with = |kind| KeyEvent {
        code: KeyCode::Char(c),
        modifiers,
        kind,
        state: KeyEventState::NONE,
    };
    [with(KeyEventKind::Press), with(KeyEventKind::Release)]
}

#[test]
fn presses_count_once_and_altgr_inserts_its_character() {
    let mut store = demo_store();
    let mut app = app_on(&mut store, (80, 24), Theme { colour: true });
    for k in windows_key('3', KeyModifiers::NONE)
        .into_iter()
        .chain(windows_key('/', KeyModifiers::NONE))
    {
        press(&mut app, &mut store, &[k]);
    }
    let altgr = KeyModifiers::CONTROL | KeyModifiers::ALT;
    let typed: Vec<(char, KeyModifiers)> = vec![
        ('é', KeyModifiers::NONE),
        ('@', altgr),
        ('#', altgr),
        ('€', altgr),
        ('{', altgr),
        ('\\', altgr),
        ('E', KeyModifiers::SHIFT),
        // Ctrl alone is a shortcut, never text.
        ('q', KeyModifiers::CONTROL),
    ];
    for (c, m) in typed {
        for k in windows_key(c, m) {
            press(&mut app, &mut store, &[k]);
        }
    }
    let search = app.search.as_ref().expect("the search is open");
    assert_eq!(search.query, "é@#€{\\E");
}

#[test]
fn path_completion_follows_the_systems_separators() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("cle")).unwrap();
    std::fs::write(dir.path().join("budget-citoyen.sqlite"), b"").unwrap();
    std::fs::write(dir.path().join("notes.txt"), b"").unwrap();
    let sep = std::path::MAIN_SEPARATOR;
    // `E:\`, `\\serveur\partage\` on Windows: the folder as typed, its entries after it.
    let typed = format!("{}{sep}", dir.path().display());
    let found: Vec<String> = comptoir::tui::effects::complete_path(&typed)
        .into_iter()
        .map(|(full, _)| full)
        .collect();
    assert_eq!(
        found,
        [
            format!("{typed}budget-citoyen.sqlite"),
            format!("{typed}cle{sep}")
        ]
    );
    let found = comptoir::tui::effects::complete_path(&format!("{typed}bu"));
    assert_eq!(found.len(), 1);
}

/// `//serveur/partage/…` is how a Windows share is often written with forward slashes; on Linux
/// a path starting with `//` is the same file, and must not be read as a host either.
#[cfg(unix)]
#[test]
fn a_path_written_with_a_double_slash_syncs_and_merges() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_comptoir"))
            .args(args)
            .env_remove("COMPTOIR_DB")
            .env("COMPTOIR_PHRASE", PHRASE)
            .output()
            .unwrap()
    };
    let out = run(&[
        "demo",
        "--no-open",
        "--ideas",
        "2",
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let key = format!("/{}", dir.path().join("cle.sqlite").display());
    let central = format!("/{}", dir.path().join("centrale.sqlite").display());
    for args in [
        vec!["--db", db.to_str().unwrap(), "sync", key.as_str()],
        vec!["--db", db.to_str().unwrap(), "sync", key.as_str()],
        vec!["merge", "--into", central.as_str(), key.as_str()],
    ] {
        let out = run(&args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
