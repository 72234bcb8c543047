//! Snapshots of every screen on the demo data (seed 2026), at 80x24 and 120x40, drawn on
//! ratatui's TestBackend. They catch regressions; the screens themselves are tried in a real
//! terminal (tests/terminal.rs and by hand).

mod common;

use common::*;
use comptoir::tui::app::{Popup, Screen};
use comptoir::tui::theme::Theme;

fn snapshot_screens(size: (u16, u16)) {
    let mut store = demo_store();
    let mut app = app_on(&mut store, size, Theme { colour: true });
    for (i, s) in Screen::ALL.into_iter().enumerate() {
        // As a facilitator goes there: the screen's number, which reads its list.
        let digit = char::from_digit(i as u32 + 1, 10).unwrap();
        press(
            &mut app,
            &mut store,
            &[key(crossterm::event::KeyCode::Char(digit))],
        );
        pin(&mut app);
        assert_eq!(app.screen, s);
        let name = format!("{}_{}x{}", s.title().to_lowercase(), size.0, size.1);
        insta::assert_snapshot!(name, render(&app).backend());
    }
    press(
        &mut app,
        &mut store,
        &[key(crossterm::event::KeyCode::Char('4'))],
    );
    pin(&mut app);
    app.layers
        .open(comptoir::tui::layers::Layer::Popup(Popup::Help {
            scroll: 0,
        }));
    insta::assert_snapshot!(
        format!("aide_{}x{}", size.0, size.1),
        render(&app).backend()
    );
}

#[test]
fn screens_at_80x24() {
    snapshot_screens((80, 24));
}

#[test]
fn screens_at_120x40() {
    snapshot_screens((120, 40));
}

#[test]
fn first_run_and_too_small() {
    let mut store = empty_store();
    let app = app_on(&mut store, (80, 24), Theme { colour: true });
    insta::assert_snapshot!("premier_lancement_80x24", render(&app).backend());
    let mut store = demo_store();
    let app = app_on(&mut store, (60, 20), Theme { colour: true });
    insta::assert_snapshot!("trop_petit_60x20", render(&app).backend());
}

#[test]
fn forms_at_80x24() {
    use crossterm::event::KeyCode;
    let mut store = demo_store();
    let mut app = app_on(&mut store, (80, 24), Theme { colour: true });
    press(
        &mut app,
        &mut store,
        &[key(KeyCode::Char('2')), key(KeyCode::Char('c'))],
    );
    pin(&mut app);
    press(
        &mut app,
        &mut store,
        &[key(KeyCode::Char('3')), key(KeyCode::Char('i'))],
    );
    type_text(&mut app, &mut store, "Léa");
    app.status = None;
    insta::assert_snapshot!("inscription_rapide_80x24", render(&app).backend());
    press(
        &mut app,
        &mut store,
        &[
            key(KeyCode::Esc),
            key(KeyCode::Char('o')),
            key(KeyCode::Char('n')),
        ],
    );
    app.status = None;
    insta::assert_snapshot!("participant_nouveau_80x24", render(&app).backend());
}
