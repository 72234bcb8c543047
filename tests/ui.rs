//! The interface driven by messages, with no terminal: keys in, state and commands out.

mod common;

use common::*;
use comptoir::tui::app::{Popup, Screen};
use comptoir::tui::keys::Context;
use comptoir::tui::msg::{Cmd, Msg};
use comptoir::tui::theme::Theme;
use comptoir::tui::update::update;
use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers, MouseButton, MouseEvent,
    MouseEventKind,
};

const COLOUR: Theme = Theme { colour: true };

#[test]
fn number_keys_and_tab_go_through_the_screens() {
    let mut store = demo_store();
    let mut app = app_on(&mut store, (80, 24), COLOUR);
    assert_eq!(app.screen, Screen::Accueil);
    tap(&mut app, &mut store, "4");
    assert_eq!(app.screen, Screen::Idees);
    tap(&mut app, &mut store, "<Tab><Tab>");
    assert_eq!(app.screen, Screen::Synchro);
    tap(&mut app, &mut store, "<Tab>");
    assert_eq!(app.screen, Screen::Accueil, "Tab wraps around");
    press(
        &mut app,
        &mut store,
        &[KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)],
    );
    assert_eq!(app.screen, Screen::Synchro);
}

#[test]
fn only_key_presses_count() {
    let mut store = demo_store();
    let mut app = app_on(&mut store, (80, 24), COLOUR);
    let release = KeyEvent {
        code: KeyCode::Char('3'),
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Release,
        state: KeyEventState::NONE,
    };
    press(&mut app, &mut store, &[release]);
    assert_eq!(app.screen, Screen::Accueil);
}

#[test]
fn lists_move_and_stay_in_bounds() {
    let mut store = demo_store();
    let mut app = app_on(&mut store, (80, 24), COLOUR);
    tap(&mut app, &mut store, "3");
    assert_eq!(app.data.attendees.total, 80);
    tap(&mut app, &mut store, "<Up>");
    assert_eq!(app.data.attendees.selected, 0);
    tap(&mut app, &mut store, "<Down><Down>");
    assert_eq!(app.data.attendees.selected, 2);
    tap(&mut app, &mut store, "<End>");
    assert_eq!(app.data.attendees.selected, 79);
    // The selection is on screen: 24 rows less the tab line, the two bars, title and header.
    let visible = 24 - 5;
    assert_eq!(app.data.attendees.top, 80 - visible);
    tap(&mut app, &mut store, "<PageUp>");
    assert_eq!(app.data.attendees.selected, 79 - visible);
    tap(&mut app, &mut store, "<Home>");
    assert_eq!(
        (app.data.attendees.selected, app.data.attendees.top),
        (0, 0)
    );
}

#[test]
fn a_long_list_is_read_by_windows() {
    let mut store = empty_store();
    comptoir::demo::build(&mut store, 300, 7).unwrap();
    let mut app = app_on(&mut store, (80, 24), COLOUR);
    tap(&mut app, &mut store, "3");
    assert_eq!(app.data.attendees.total, 600);
    assert!(app.data.attendees.rows.len() < 600, "not loaded whole");
    let cmds = update(&mut app, Msg::Key(key(KeyCode::End)));
    assert!(
        matches!(cmds.as_slice(), [Cmd::LoadWindow { offset, .. }] if *offset > 0),
        "the end of the list is asked for"
    );
    comptoir::tui::settle(&mut app, &mut store, cmds);
    let last = app.data.attendees.row(599).expect("the last row is loaded");
    let text = screen_text(&app);
    assert!(text.contains(&last.last_name), "the last row is drawn");
}

#[test]
fn help_opens_from_the_key_table_and_closes() {
    let mut store = demo_store();
    let mut app = app_on(&mut store, (80, 24), COLOUR);
    press(
        &mut app,
        &mut store,
        &[KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT)],
    );
    assert!(matches!(app.layers.popup(), Some(Popup::Help { .. })));
    assert_eq!(app.context(), Context::Help);
    let text = screen_text(&app);
    // Every binding of the screen's table (Accueil's) is in the help.
    for b in comptoir::tui::keys::bindings(Context::Home) {
        // The six screen keys share one entry, « 1 à 6 ».
        if !matches!(b.action, comptoir::tui::keys::Action::GoTo(_)) {
            assert!(text.contains(b.does), "help lacks « {} »", b.does);
        }
    }
    assert!(text.contains("1 à 6"));
    tap(&mut app, &mut store, "3");
    assert_eq!(
        app.screen,
        Screen::Accueil,
        "keys do not reach the list under the help"
    );
    tap(&mut app, &mut store, "<Esc>");
    assert!(app.layers.popup().is_none());
    tap(&mut app, &mut store, "<F1>");
    assert!(app.layers.popup().is_some());
}

#[test]
fn the_status_bar_hints_come_from_the_key_table() {
    let mut store = demo_store();
    let app = app_on(&mut store, (120, 40), COLOUR);
    let text = screen_text(&app);
    let last = text.lines().last().unwrap();
    assert_eq!(app.context(), Context::Home);
    for (keys, does) in comptoir::tui::keys::hints(Context::Home) {
        assert!(
            last.contains(keys) && last.contains(does),
            "{keys} {does} missing in « {last} »"
        );
    }
}

#[test]
fn q_quits() {
    let mut store = demo_store();
    let mut app = app_on(&mut store, (80, 24), COLOUR);
    tap(&mut app, &mut store, "q");
    assert!(app.quit);
}

#[test]
fn the_first_run_asks_three_questions_and_stores_the_device() {
    let mut store = empty_store();
    let mut app = app_on(&mut store, (80, 24), COLOUR);
    assert!(
        app.layers.setup().is_some(),
        "no device yet: the questions are asked"
    );
    assert_eq!(app.context(), Context::Form);
    // Enter on an empty required field moves on; Ctrl+S then points at what is missing.
    press(&mut app, &mut store, &[ctrl('s')]);
    let form = app.layers.setup().unwrap();
    assert_eq!(form.focus, 0);
    assert_eq!(form.fields[0].error.as_deref(), Some("obligatoire."));
    assert!(store.device().unwrap().is_none());

    type_text(&mut app, &mut store, "Zoé Lefèvre");
    tap(&mut app, &mut store, "<Tab>");
    type_text(&mut app, &mut store, "Portable 3");
    tap(&mut app, &mut store, "<Tab>");
    // Both required fields valid: the record is already saved (autosave of a new record).
    let device = store
        .device()
        .unwrap()
        .expect("saved when the field was left");
    assert_eq!(device.facilitator, "Zoé Lefèvre");
    assert_eq!(device.territory, None);
    // « C » picks the first territory starting with C: Calaisis.
    type_text(&mut app, &mut store, "c");
    tap(&mut app, &mut store, "<Enter>");
    assert!(app.layers.setup().is_none(), "done");
    let device = store.device().unwrap().unwrap();
    assert_eq!(device.label, "Portable 3");
    assert_eq!(device.territory.as_deref(), Some("Calaisis"));
    assert_eq!(app.data.device.as_ref(), Some(&device));
    assert!(screen_text(&app).contains("Bonjour Zoé Lefèvre"));
}

#[test]
fn leaving_the_first_run_asks_first() {
    let mut store = empty_store();
    let mut app = app_on(&mut store, (80, 24), COLOUR);
    tap(&mut app, &mut store, "<Esc>");
    assert!(matches!(app.layers.popup(), Some(Popup::Confirm { .. })));
    assert!(screen_text(&app).contains("Abandonner la saisie ?"));
    tap(&mut app, &mut store, "n");
    assert!(app.layers.popup().is_none() && !app.quit);
    tap(&mut app, &mut store, "<Esc>o");
    assert!(app.quit);
    // « y » answers yes as well, for whoever reads the English box.
    let mut app = app_on(&mut store, (80, 24), COLOUR);
    tap(&mut app, &mut store, "<Esc>y");
    assert!(app.quit);
}

#[test]
fn a_bad_value_is_refused_in_french_and_nothing_is_saved() {
    let mut store = empty_store();
    let mut app = app_on(&mut store, (80, 24), COLOUR);
    // Typed, not pasted: a paste is cut at the field's maximum.
    type_text(&mut app, &mut store, &"x".repeat(300));
    tap(&mut app, &mut store, "<Tab>");
    type_text(&mut app, &mut store, "Portable");
    press(&mut app, &mut store, &[ctrl('s')]);
    assert!(store.device().unwrap().is_none());
    let form = app.layers.setup().unwrap();
    assert_eq!(form.focus, 0, "the focus goes to the field at fault");
    assert_eq!(
        form.fields[0].error.as_deref(),
        Some("trop long (300 caractères, 200 au plus).")
    );
    assert!(screen_text(&app).contains("✗ trop long"));
}

#[test]
fn clicks_pick_tabs_and_rows_unless_the_mouse_is_off() {
    let mut store = demo_store();
    let mut app = app_on(&mut store, (80, 24), COLOUR);
    let click = |column, row| MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    let (_, start, _) = comptoir::tui::layout::tab_spans(80)[2];
    let cmds = update(&mut app, Msg::Mouse(click(start + 1, 0)));
    comptoir::tui::settle(&mut app, &mut store, cmds);
    assert_eq!(app.screen, Screen::Participants);
    // Rows start under the title and the header.
    let cmds = update(&mut app, Msg::Mouse(click(10, 1 + 2 + 4)));
    comptoir::tui::settle(&mut app, &mut store, cmds);
    assert_eq!(app.data.attendees.selected, 4);
    let wheel = MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 10,
        row: 10,
        modifiers: KeyModifiers::NONE,
    };
    let _ = update(&mut app, Msg::Mouse(wheel));
    assert_eq!(app.data.attendees.selected, 7);

    app.mouse = false;
    let _ = update(&mut app, Msg::Mouse(click(1, 0)));
    assert_eq!(
        app.screen,
        Screen::Participants,
        "--no-mouse: clicks ignored"
    );
}

#[test]
fn too_small_shows_one_message_and_recovers() {
    let mut store = demo_store();
    let mut app = app_on(&mut store, (80, 24), COLOUR);
    let _ = update(&mut app, Msg::Resize(60, 20));
    let text = screen_text(&app);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].trim(), "Fenêtre trop petite : 80×24 minimum");
    tap(&mut app, &mut store, "3");
    assert_eq!(app.screen, Screen::Accueil, "keys wait for a usable size");
    // Tiny sizes draw without panicking.
    for (w, h) in [(1, 1), (0, 0), (79, 24), (80, 23), (5, 30)] {
        let _ = update(&mut app, Msg::Resize(w, h));
        let _ = render(&app);
    }
    let _ = update(&mut app, Msg::Resize(80, 24));
    assert!(screen_text(&app).contains("Bonjour"));
}

#[test]
fn focus_and_selection_stay_visible_without_colour() {
    use ratatui::style::{Color, Modifier};
    let mut store = demo_store();
    let mut app = app_on(&mut store, (80, 24), Theme { colour: false });
    tap(&mut app, &mut store, "4");
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    // The selected row (first row of the list) is in reverse video, its colours reset.
    let cell = &buf[(5, 3)];
    assert!(cell.modifier.contains(Modifier::REVERSED), "{cell:?}");
    assert_eq!(buf[(0, 3)].symbol(), "▶");
    assert!(
        buf.content
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset)
    );
    // The active tab too.
    let (_, start, _) = comptoir::tui::layout::tab_spans(80)[3];
    assert!(buf[(start + 1, 0)].modifier.contains(Modifier::REVERSED));

    // A form's focused field, on the first run.
    let mut empty = empty_store();
    let app = app_on(&mut empty, (80, 24), Theme { colour: false });
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let text = screen_text(&app);
    let row = text
        .lines()
        .position(|l| l.contains("▶ Votre nom"))
        .unwrap() as u16;
    let col = text
        .lines()
        .nth(row as usize)
        .unwrap()
        .chars()
        .position(|c| c == 'V')
        .unwrap() as u16;
    assert!(buf[(col, row)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn every_screen_draws_at_both_sizes_with_what_the_store_holds() {
    let mut store = demo_store();
    let counts = store.counts().unwrap();
    for size in [(80, 24), (120, 40)] {
        let mut app = app_on(&mut store, size, COLOUR);
        for s in Screen::ALL {
            app.screen = s;
            let text = screen_text(&app);
            assert!(text.contains("Comptoirs"), "tabs on {s:?}");
            if s == Screen::Accueil {
                assert!(text.contains(&format!("{} idées", counts.ideas)), "{text}");
            }
        }
    }
}

#[test]
fn the_sync_screen_asks_for_a_target_then_syncs_and_says_the_key_can_go() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portable.sqlite");
    let mut store = comptoir::store::Store::open(&db, reference()).unwrap();
    comptoir::demo::build(&mut store, 4, 1).unwrap();
    let mut app = app_on(&mut store, (80, 24), COLOUR);
    tap(&mut app, &mut store, "6");
    assert_eq!(app.context(), Context::SyncScreen);
    // No target yet: « s » asks for one.
    tap(&mut app, &mut store, "s");
    assert!(app.layers.editor().is_some());
    assert!(screen_text(&app).contains("Fichier ou dossier partagé"));
    let target = dir.path().join("cle.sqlite");
    app.layers
        .editor_mut()
        .unwrap()
        .0
        .paste(target.to_str().unwrap());
    tap(&mut app, &mut store, "<Enter>");
    assert!(app.layers.editor().is_none());
    assert_eq!(app.data.sync_target.as_deref(), target.to_str());
    let changes = store.counts().unwrap().changes;
    assert_eq!(
        app.sync.preview,
        Some((changes, 0)),
        "the preview counts what would go"
    );
    assert!(!target.exists(), "a preview writes nothing");

    tap(&mut app, &mut store, "s");
    // The first sync asks for the campaign's passphrase (more in tests/encryption.rs).
    assert!(screen_text(&app).contains("Phrase secrète de la campagne"));
    type_text(&mut app, &mut store, PHRASE);
    tap(&mut app, &mut store, "<Enter>");
    let text = screen_text(&app);
    // Read as a person does, across the wrap.
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("Vous pouvez retirer la clé"), "{text}");
    assert!(target.exists());
    assert_eq!(app.data.sync_log.len(), 1);
    assert_eq!(app.data.sync_log[0].sent, changes);
    assert!(app.data.last_sync.is_some());

    // Again at once: nothing to do, and the screen's history says when all the same.
    tap(&mut app, &mut store, "s");
    let words = screen_text(&app)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(words.contains("0 modification envoyée, 0 reçue"), "{words}");
    assert_eq!(app.data.sync_log.len(), 2);
    assert_eq!(app.data.sync_log[0].sent, 0);
}

/// A base holding one conflict on an idea's title: « Ciné-débat » changed to `ours` on the
/// Arras laptop and to `theirs` on the Calais one, merged into Arras's base.
fn conflicting_titles(ours: &str, theirs: &str) -> (tempfile::TempDir, comptoir::store::Store) {
    use comptoir::domain::model::{DEVICES, IDEAS};
    use comptoir::store::{Edit, Store, new_id};
    let dir = tempfile::tempdir().unwrap();
    let (wall_a, clock_a) = fixed_wall(MORNING_MS);
    let (wall_b, _) = fixed_wall(MORNING_MS + 5_000);
    let mut a = Store::open_with_clock(&dir.path().join("a.sqlite"), reference(), wall_a).unwrap();
    let mut b = Store::open_with_clock(&dir.path().join("b.sqlite"), reference(), wall_b).unwrap();
    for (s, name) in [(&mut a, "Portable Arras"), (&mut b, "Portable Calais")] {
        let id = s.device_id();
        s.write(&[Edit::new(&DEVICES, id)
            .set("label", name)
            .set("facilitator", "Camille")])
            .unwrap();
    }
    let idea = new_id();
    a.write(&[Edit::new(&IDEAS, &idea).set("title", "Ciné-débat")])
        .unwrap();
    b.merge_from(&dir.path().join("a.sqlite")).unwrap();
    clock_a.fetch_add(1_000, std::sync::atomic::Ordering::SeqCst);
    a.write(&[Edit::new(&IDEAS, &idea).set("title", ours)])
        .unwrap();
    b.write(&[Edit::new(&IDEAS, &idea).set("title", theirs)])
        .unwrap();
    a.merge_from(&dir.path().join("b.sqlite")).unwrap();
    (dir, a)
}

#[test]
fn conflicts_are_shown_side_by_side_and_settled_with_one_key() {
    let (_dir, mut a) = conflicting_titles("Ciné-débat du jeudi", "Ciné-plein-air");
    let mut app = app_on(&mut a, (80, 24), COLOUR);
    assert_eq!(app.data.conflicts, 1);
    assert!(
        screen_text(&app).contains("! 1 conflit "),
        "counted in the status bar"
    );
    press(
        &mut app,
        &mut a,
        &[key(KeyCode::Char('6')), key(KeyCode::Char('c'))],
    );
    assert_eq!(app.context(), Context::Conflicts);
    let text = screen_text(&app);
    assert!(text.contains("Idée « Ciné-plein-air » · Titre"), "{text}");
    // Each value, whole, with the laptop that wrote it on the line under it, even at 80 columns.
    let lines: Vec<&str> = text.lines().collect();
    for (value, device) in [
        (": « Ciné-plein-air »", "Portable Calais"),
        (": « Ciné-débat du jeudi »", "Portable Arras"),
    ] {
        let at = lines.iter().position(|l| l.contains(value));
        let under = at.and_then(|i| lines.get(i + 1));
        assert!(under.is_some_and(|l| l.contains(device)), "{text}");
    }
    // « a »: take the other value.
    press(&mut app, &mut a, &[key(KeyCode::Char('a'))]);
    assert_eq!(app.data.conflicts, 0);
    assert!(app.layers.conflicts().unwrap().rows.is_empty());
    assert!(screen_text(&app).contains("Aucun conflit"));
    assert_eq!(a.ideas(0, 10).unwrap()[0].title, "Ciné-débat du jeudi");
    press(&mut app, &mut a, &[key(KeyCode::Esc)]);
    assert_eq!(app.context(), Context::SyncScreen);
}

#[test]
fn with_english_chosen_the_tabs_status_keys_and_help_speak_english() {
    use comptoir::i18n::{Lang, with_lang};
    let (mut store, mut app) = demo_app();
    tap(&mut app, &mut store, "4");
    let french = screen_text(&app);
    let english = with_lang(Lang::En, || screen_text(&app));
    assert!(
        french.contains("2 Comptoirs") && french.contains("F1 ? aide"),
        "{french}"
    );
    for words in [
        "1 Home",
        "2 Workshops",
        "3 Attendees",
        "4 Ideas",
        "F1 ? help",
        "✓ saved",
        "q quit",
    ] {
        assert!(english.contains(words), "« {words} » in\n{english}");
    }
    app.layers.open(comptoir::tui::layers::Layer::Popup(
        comptoir::tui::app::Popup::Help { scroll: 0 },
    ));
    let help = with_lang(Lang::En, || screen_text(&app));
    for words in ["Help: ideas", "Screen: Ideas", "Esc closes the help."] {
        assert!(help.contains(words), "« {words} » in\n{help}");
    }
}

#[test]
fn the_accueil_counts_the_current_workshop_without_its_list_being_read() {
    let (mut store, mut app) = demo_app();
    let (id, _) = app
        .data
        .current_workshop
        .clone()
        .expect("demo_app makes one current");
    let (people, ideas) = store.workshop_counts(&id).unwrap();
    assert!(people > 0 && ideas > 0);
    // Back on Accueil after a reload (a save does one): only the counts are read.
    tap(&mut app, &mut store, "1");
    comptoir::tui::settle(&mut app, &mut store, vec![comptoir::tui::msg::Cmd::Reload]);
    let screen = screen_text(&app);
    assert!(
        screen.contains(&format!(
            "· {} · {}",
            comptoir::i18n::plural(people, "participant", "participants"),
            comptoir::i18n::plural(ideas, "idée", "idées")
        )),
        "{screen}"
    );
}

#[test]
fn a_search_key_where_there_is_no_search_says_where_it_is() {
    let (mut store, mut app) = demo_app();
    tap(&mut app, &mut store, "2/");
    let said = app.status.clone().map(|(_, m)| m).unwrap_or_default();
    assert!(said.contains("/ sur les écrans 3 et 4"), "« {said} »");
    assert!(app.search.is_none());
}

#[test]
fn in_english_no_screen_shows_the_french_of_the_interface() {
    use comptoir::i18n::{Lang, with_lang};
    let (mut store, mut app) = demo_app();
    // Words of the interface's French that the demo's own content (French names, titles and
    // summaries typed by people) never holds.
    let french = [
        "Comptoirs",
        "Idées",
        "Maturité",
        "Aucun",
        "Recommandation",
        "Comité",
        "Dépenses",
        "Cet ordinateur",
        "Fichier partagé",
        "(animateur)",
        "pas encore",
        "Échap",
        "Entrée",
        "enregistr",
        "Porteurs",
        "Doublons",
        "Demandé",
    ];
    let mut seen = Vec::new();
    for (keys, what) in [
        (vec![key(KeyCode::Char('1'))], "Home"),
        (vec![key(KeyCode::Char('2'))], "Workshops"),
        (vec![key(KeyCode::Char('3'))], "Attendees"),
        (vec![key(KeyCode::Char('d'))], "Duplicates"),
        (vec![key(KeyCode::Esc), key(KeyCode::Char('4'))], "Ideas"),
        (vec![key(KeyCode::Char('5'))], "Maturity"),
        (vec![key(KeyCode::Enter)], "a review"),
        (
            vec![key(KeyCode::Esc), key(KeyCode::Char('6'))],
            "Synchronisation",
        ),
    ] {
        let text = with_lang(Lang::En, || {
            press(&mut app, &mut store, &keys);
            screen_text(&app)
        });
        for word in french {
            assert!(!text.contains(word), "« {word} » on {what}:\n{text}");
        }
        seen.push(text);
    }
    // The same screens in French hold those words: the list can catch a leak.
    assert!(screen_text(&app).contains("Cet ordinateur"));
    assert!(
        seen[6].contains("Holder known and reachable"),
        "{}",
        seen[6]
    );
    assert!(
        seen[7].contains("This laptop") && seen[7].contains("Previous syncs"),
        "{}",
        seen[7]
    );
}

#[test]
fn a_long_question_keeps_its_answer_keys_in_view_at_80_columns() {
    use comptoir::i18n::{Lang, with_lang};
    let (mut store, mut app) = demo_app();
    // Archiving an idea asks a question of two or three lines at 80x24.
    tap(&mut app, &mut store, "4x");
    assert!(matches!(app.layers.popup(), Some(Popup::Confirm { .. })));
    let french = screen_text(&app);
    assert!(
        french.contains("voir les archives") && french.contains("[o] oui"),
        "{french}"
    );
    tap(&mut app, &mut store, "n");
    let english = with_lang(Lang::En, || {
        tap(&mut app, &mut store, "x");
        screen_text(&app)
    });
    assert!(
        english.contains("see the archive") && english.contains("[y] yes"),
        "{english}"
    );
}

#[test]
fn a_tall_terminal_shows_its_whole_list_after_a_resize_too() {
    let mut store = demo_store();
    // 80 people, more than the 64 rows a window read brought whatever the terminal's height.
    for size in [(120, 100), (80, 24)] {
        let mut app = app_on(&mut store, size, Theme { colour: true });
        tap(&mut app, &mut store, "3");
        if size.1 == 24 {
            let cmds = comptoir::tui::update::update(&mut app, Msg::Resize(120, 100));
            comptoir::tui::settle(&mut app, &mut store, cmds);
        }
        let screen = screen_text(&app);
        let listed = screen
            .lines()
            .filter(|l| l.starts_with("   ") || l.starts_with('▶'))
            .count();
        assert!(listed > 64, "{listed} rows listed\n{screen}");
        assert!(!screen.contains("   …"), "rows left unread\n{screen}");
    }
}

/// Every row a box covers shows the box alone: nothing of the screen behind it beside its
/// border (a word cut by the box left « ée » of « Labellisée » at its side).
fn nothing_beside_the_box(screen: &str) {
    let rows: Vec<&str> = screen.lines().collect();
    let top = rows.iter().position(|l| l.contains('┌')).expect("a box");
    let bottom = top + rows[top..].iter().position(|l| l.contains('└')).unwrap();
    for row in &rows[top..=bottom] {
        let chars: Vec<char> = row.chars().collect();
        let left = chars.iter().position(|c| "┌│└".contains(*c)).unwrap();
        let right = chars.iter().rposition(|c| "┐│┘".contains(*c)).unwrap();
        assert!(
            chars[..left]
                .iter()
                .chain(&chars[right + 1..])
                .all(|c| *c == ' '),
            "« {row} » shows the screen beside the box\n{screen}"
        );
    }
}

#[test]
fn popups_hide_the_whole_rows_they_cover() {
    for size in [(80, 24), (120, 40)] {
        let mut store = demo_store();
        let mut app = app_on(&mut store, size, COLOUR);
        tap(&mut app, &mut store, "4?");
        nothing_beside_the_box(&screen_text(&app));
        tap(&mut app, &mut store, "<Esc>x");
        assert!(matches!(app.layers.popup(), Some(Popup::Confirm { .. })));
        nothing_beside_the_box(&screen_text(&app));
        tap(&mut app, &mut store, "<Esc>f");
        nothing_beside_the_box(&screen_text(&app));
    }
}

#[test]
fn a_resize_keeps_the_selection_in_view_and_a_list_that_fits_from_its_first_row() {
    let mut store = demo_store();
    let mut app = app_on(&mut store, (80, 24), COLOUR);
    tap(&mut app, &mut store, "4<End>");
    assert_eq!(app.data.ideas.selected, 39);
    assert!(app.data.ideas.top > 0);
    // Taller than the list: all of it, from the first idea.
    let cmds = update(&mut app, Msg::Resize(120, 60));
    comptoir::tui::settle(&mut app, &mut store, cmds);
    assert_eq!(app.data.ideas.top, 0);
    let screen = screen_text(&app);
    let first: String = app
        .data
        .ideas
        .row(0)
        .unwrap()
        .title
        .chars()
        .take(10)
        .collect();
    assert!(screen.contains(&first), "{screen}");
    assert!(screen.contains('▶'), "{screen}");
    // Smaller again: the selection (the last idea) stays on screen.
    let cmds = update(&mut app, Msg::Resize(80, 24));
    comptoir::tui::settle(&mut app, &mut store, cmds);
    let screen = screen_text(&app);
    let marked = screen
        .lines()
        .find(|l| l.starts_with('▶'))
        .unwrap_or_default();
    let last: String = app
        .data
        .ideas
        .row(39)
        .unwrap()
        .title
        .chars()
        .take(10)
        .collect();
    assert!(marked.contains(&last), "{screen}");
}

#[test]
fn hints_and_help_offer_only_what_works_on_the_screen() {
    let mut store = demo_store();
    let mut app = app_on(&mut store, (120, 40), COLOUR);
    // (screen key, what it offers, what it must not offer)
    let screens = [
        (
            "1",
            &[][..],
            &["Entrée ouvrir", "n nouveau", "/ chercher"][..],
        ),
        (
            "6",
            &["s synchroniser"][..],
            &["Entrée ouvrir", "n nouveau", "/ chercher"][..],
        ),
        (
            "2",
            &["Entrée ouvrir", "n nouveau"][..],
            &["/ chercher"][..],
        ),
        (
            "5",
            &["Entrée ouvrir", "n nouveau"][..],
            &["/ chercher"][..],
        ),
        (
            "4",
            &["Entrée ouvrir", "n nouveau", "/ chercher"][..],
            &[][..],
        ),
        (
            "3",
            &["Entrée ouvrir", "n nouveau", "/ chercher"][..],
            &[][..],
        ),
    ];
    for (digit, offered, not_offered) in screens {
        tap(&mut app, &mut store, digit);
        let screen = screen_text(&app);
        let hints = screen.lines().last().unwrap().to_string();
        tap(&mut app, &mut store, "?");
        let help = screen_text(&app);
        tap(&mut app, &mut store, "<Esc>");
        for o in offered {
            assert!(hints.contains(o), "{digit}: « {o} » not offered: {hints}");
        }
        for o in not_offered {
            assert!(!hints.contains(o), "{digit}: « {o} » offered: {hints}");
            let (k, does) = o.split_once(' ').unwrap();
            let in_help = help
                .lines()
                .any(|l| l.contains(&format!("  {k:<10}{does}")));
            assert!(!in_help, "{digit}: « {o} » in the help\n{help}");
        }
    }
    // Where they do nothing, they still say where they work.
    tap(&mut app, &mut store, "1n");
    let said = app.status.clone().map(|(_, m)| m).unwrap_or_default();
    assert!(said.contains("n sur les écrans"), "« {said} »");
}

#[test]
fn a_message_leaves_the_key_hints_and_says_saved_once() {
    use comptoir::tui::app::Tone;
    let mut store = demo_store();
    let mut app = app_on(&mut store, (80, 24), COLOUR);
    tap(&mut app, &mut store, "4");
    let hints = screen_text(&app).lines().last().unwrap().to_string();
    assert!(hints.contains("F1 ? aide"), "{hints}");
    app.status = Some((Tone::Success, "Fiche enregistrée.".into()));
    let screen = screen_text(&app);
    let lines: Vec<&str> = screen.lines().collect();
    let status = lines[lines.len() - 2];
    assert_eq!(status.matches('✓').count(), 1, "« {status} »");
    assert!(status.contains("✓ Fiche enregistrée."), "« {status} »");
    assert!(!status.contains("✓ enregistré "), "« {status} »");
    // A message longer than the line: whole, on the lines above; the hints stay below.
    let long = "Le montant demandé dépasse le plafond de la campagne : réduisez une dépense ou ajoutez un cofinancement avant le comité.";
    app.status = Some((Tone::Error, long.into()));
    let screen = screen_text(&app);
    let lines: Vec<&str> = screen.lines().collect();
    assert_eq!(lines[lines.len() - 1], hints, "{screen}");
    let said = lines[lines.len() - 4..lines.len() - 1].join(" ");
    let said = said.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(said.contains(&format!("✗ {long}")), "« {said} »\n{screen}");
    // Not a success: the indicator stays.
    app.status = Some((Tone::Info, "Rien à ouvrir.".into()));
    let screen = screen_text(&app);
    assert!(screen.contains("✓ enregistré · Rien à ouvrir."), "{screen}");
}

#[test]
fn cut_names_end_with_an_ellipsis_and_the_themes_picker_shows_its_cursor_at_80_columns() {
    let mut store = demo_store();
    let mut app = app_on(&mut store, (80, 24), COLOUR);
    tap(&mut app, &mut store, "4");
    let screen = screen_text(&app);
    // « Épicerie solidaire mobile (3) » is longer than the title column at 80 columns.
    let row = screen
        .lines()
        .find(|l| l.contains("Épicerie solidaire"))
        .unwrap_or_default();
    assert!(
        row.contains("Épicerie solidaire mobil…"),
        "« {row} »\n{screen}"
    );
    // The themes: every option ticked, the one under the cursor still seen between ◀ ▶.
    tap(&mut app, &mut store, "<Enter><Tab><Tab><Tab>");
    for _ in 0..8 {
        tap(&mut app, &mut store, "<Right> ");
    }
    let screen = screen_text(&app);
    let row = screen
        .lines()
        .find(|l| l.contains("Thèmes"))
        .unwrap_or_default();
    assert!(
        row.contains("◀ [") && row.trim_end().ends_with('▶'),
        "« {row} »\n{screen}"
    );
    assert!(
        row.contains('…'),
        "the ticked ones cut with a sign: « {row} »"
    );
}

/// At 80 columns a long shared path wraps on the Synchronisation screen (its file name, at
/// the end, is what tells keys apart), and a long rule error under a field is read whole.
#[test]
fn long_paths_and_field_errors_wrap_at_80_columns() {
    let mut store = demo_store();
    let long = "/media/animatrice/CLE-BUDGET-CITOYEN/Territoire-Montreuillois-Ternois/comptoirs-2026/cle-du-territoire.sqlite";
    store.set_setting("sync_target", long).unwrap();
    let mut app = app_on(&mut store, (80, 24), Theme { colour: true });
    tap(&mut app, &mut store, "6");
    let text = screen_text(&app);
    let joined: String = text.lines().map(str::trim).collect::<Vec<_>>().join("");
    assert!(joined.contains("cle-du-territoire.sqlite"), "{text}");

    // A budget line of 0 € is refused with a sentence longer than the field.
    tap(&mut app, &mut store, "4b");
    tap(&mut app, &mut store, "n<Tab><Tab>Affiches<Tab>0<Enter>");
    let record = app.layers.record().expect("the line stays open");
    let error = record
        .form
        .fields
        .iter()
        .find_map(|f| f.error.clone())
        .expect("an error");
    let text = screen_text(&app);
    let words: Vec<&str> = text.split_whitespace().collect();
    let said = words.join(" ");
    assert!(said.contains(&error), "« {error} » not whole in\n{text}");
}

/// Two long values that differ only at their end are both shown whole at 80 columns.
#[test]
fn conflicting_values_are_shown_whole_however_long() {
    let start =
        "Ciné-débat itinérant dans les villages du Montreuillois avec des films choisis par";
    let (_dir, mut a) = conflicting_titles(
        &format!("{start} les jeunes du conseil"),
        &format!("{start} les habitants eux-mêmes"),
    );
    let mut app = app_on(&mut a, (80, 24), COLOUR);
    tap(&mut app, &mut a, "6c");
    let text = screen_text(&app);
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for end in ["les jeunes du conseil »", "les habitants eux-mêmes »"] {
        assert!(words.contains(&format!("{start} {end}")), "{text}");
    }
}
