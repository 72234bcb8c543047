//! Registration at the table (issue 19): typed ages, consent boxes, look-alikes without a
//! commune, merging two people, who is here today, counts that agree. Each test drives the
//! interface with keys, as a facilitator would.

mod common;

use common::*;
use comptoir::domain::model::{ATTENDEES, Value};
use comptoir::store::Store;
use comptoir::tui::app::{App, Popup};
use comptoir::tui::components::record::Kind;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn field_value(app: &App, name: &str) -> Result<Value, String> {
    app.layers
        .record()
        .expect("a form is open")
        .form
        .field(name)
        .expect("the field")
        .value()
}

fn focused(app: &App) -> &'static str {
    let form = &app.layers.record().expect("a form is open").form;
    form.fields[form.focus].name
}

/// The walk-in form opened on the Participants screen, the focus on the age field.
fn walk_in_at_age(app: &mut App, store: &mut Store) {
    press(
        app,
        store,
        &[key(KeyCode::Char('3')), key(KeyCode::Char('i'))],
    );
    assert_eq!(app.layers.record().map(|r| r.kind), Some(Kind::WalkIn));
    type_text(app, store, "Inès");
    press(app, store, &[key(KeyCode::Tab)]);
    type_text(app, store, "Bouchez");
    press(app, store, &[key(KeyCode::Tab)]);
    assert_eq!(focused(app), "age_bracket");
}

#[test]
fn a_typed_age_lands_in_the_bracket_that_holds_it() {
    let (mut store, mut app) = demo_app();
    walk_in_at_age(&mut app, &mut store);
    let cases = [
        ("16", "15-17"),
        ("12", "11-14"),
        ("26", "26-64"),
        ("70", "65+"),
        ("14", "11-14"),
        ("25", "18-25"),
        ("64", "26-64"),
        // The start of a label still picks it, and so do the list's own codes.
        ("65 a", "65+"),
        ("26 à", "26-64"),
        ("18-25", "18-25"),
        ("65+", "65+"),
        ("16 ans", "15-17"),
        ("65", "65+"),
        ("18", "18-25"),
        ("15 à", "15-17"),
    ];
    for (typed, code) in cases {
        type_text(&mut app, &mut store, typed);
        assert_eq!(
            field_value(&app, "age_bracket"),
            Ok(Value::text(code)),
            "« {typed} »"
        );
        // Out and back in: the next text starts afresh.
        press(
            &mut app,
            &mut store,
            &[
                key(KeyCode::Tab),
                KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
            ],
        );
        assert_eq!(focused(&app), "age_bracket");
    }
    let screen = screen_text(&app);
    assert!(screen.contains("◀ 15 à 17 ans ▶"), "{screen}");
}

#[test]
fn an_age_under_11_or_past_110_gets_a_french_message_and_nothing_is_saved() {
    let (mut store, mut app) = demo_app();
    let before = store.attendee_count().unwrap();
    walk_in_at_age(&mut app, &mut store);
    for (typed, said) in [
        ("9", "ouvert à partir de 11 ans"),
        ("10", "ouvert à partir de 11 ans"),
        ("120", "Âge invraisemblable"),
    ] {
        type_text(&mut app, &mut store, typed);
        let err = field_value(&app, "age_bracket").unwrap_err();
        assert!(err.contains(said), "« {typed} »: {err}");
        assert!(screen_text(&app).contains(said), "shown in the form");
        // Entrée on through the commune saves nothing.
        press(
            &mut app,
            &mut store,
            &[key(KeyCode::Tab), key(KeyCode::Enter), ctrl('s')],
        );
        assert_eq!(store.attendee_count().unwrap(), before, "« {typed} »");
        assert_eq!(focused(&app), "age_bracket", "the save points at the age");
    }
    // Fixed, it saves.
    type_text(&mut app, &mut store, "13");
    press(&mut app, &mut store, &[ctrl('s')]);
    assert_eq!(store.attendee_count().unwrap(), before + 1);
}

#[test]
fn every_choice_narrows_by_the_label_typed_not_by_a_first_letter() {
    let (mut store, mut app) = demo_app();
    // A new workshop: its territory is a choice.
    tap(&mut app, &mut store, "2n");
    tap(&mut app, &mut store, "<Tab>");
    assert_eq!(focused(&app), "territory");
    // « ar » fits Arrageois and Artois: nothing yet; « art »: Artois; back to « arr »:
    // Arrageois (a jump by first letter made « r » nothing or another territory).
    type_text(&mut app, &mut store, "ar");
    assert!(field_value(&app, "territory").is_err());
    type_text(&mut app, &mut store, "t");
    assert_eq!(field_value(&app, "territory"), Ok(Value::text("Artois")));
    tap(&mut app, &mut store, "<Backspace>");
    type_text(&mut app, &mut store, "r");
    assert_eq!(field_value(&app, "territory"), Ok(Value::text("Arrageois")));
    // A word inside the label counts too; a text matching none says so.
    press(
        &mut app,
        &mut store,
        &[
            key(KeyCode::Tab),
            KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
        ],
    );
    type_text(&mut app, &mut store, "lievin");
    assert_eq!(
        field_value(&app, "territory"),
        Ok(Value::text("Lens-Liévin"))
    );
    type_text(&mut app, &mut store, "x");
    assert!(
        field_value(&app, "territory")
            .unwrap_err()
            .contains("aucun choix ne correspond")
    );
}

/// The full person form, focus on its consent box, with the names and an age typed.
fn person_form_at_consent(app: &mut App, store: &mut Store, age: &str) {
    press(
        app,
        store,
        &[key(KeyCode::Char('3')), key(KeyCode::Char('n'))],
    );
    type_text(app, store, "Léo");
    press(app, store, &[key(KeyCode::Tab)]);
    type_text(app, store, "Petit");
    press(app, store, &[key(KeyCode::Tab)]);
    type_text(app, store, age);
    press(app, store, &[key(KeyCode::Tab), key(KeyCode::Tab)]);
    assert_eq!(focused(app), "consent");
}

#[test]
fn a_consent_box_ticks_only_with_space_or_a_plain_yes() {
    let (mut store, mut app) = demo_app();
    person_form_at_consent(&mut app, &mut store, "30");
    // An e-mail typed in the wrong place: « olivier… » starts with « o » and ticked the box.
    type_text(&mut app, &mut store, "olivier@exemple.fr");
    assert_eq!(field_value(&app, "consent"), Ok(Value::Int(0)));
    type_text(&mut app, &mut store, "nathalie");
    assert_eq!(field_value(&app, "consent"), Ok(Value::Int(0)));
    tap(&mut app, &mut store, " ");
    assert_eq!(field_value(&app, "consent"), Ok(Value::Int(1)));
    // A name typed on a ticked box leaves it ticked.
    type_text(&mut app, &mut store, "Nadia");
    assert_eq!(field_value(&app, "consent"), Ok(Value::Int(1)));
    tap(&mut app, &mut store, " ");
    assert_eq!(field_value(&app, "consent"), Ok(Value::Int(0)));
    // « oui » and « non », typed alone, answer.
    type_text(&mut app, &mut store, "oui");
    assert_eq!(field_value(&app, "consent"), Ok(Value::Int(1)));
    press(
        &mut app,
        &mut store,
        &[
            key(KeyCode::Tab),
            KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
        ],
    );
    type_text(&mut app, &mut store, "n");
    assert_eq!(field_value(&app, "consent"), Ok(Value::Int(0)));
}

#[test]
fn tab_moves_on_from_a_box_even_when_a_rule_refuses_the_save() {
    let (mut store, mut app) = demo_app();
    // Under 15, consent given: the parent's consent is missing, so each autosave is refused.
    person_form_at_consent(&mut app, &mut store, "12");
    tap(&mut app, &mut store, " ");
    tap(&mut app, &mut store, "<Tab>");
    assert_eq!(focused(&app), "parent_consent");
    tap(&mut app, &mut store, "<Tab>");
    assert_eq!(focused(&app), "consent_date", "not pulled back to the box");
    tap(&mut app, &mut store, "<Tab>");
    assert_eq!(focused(&app), "email");
    type_text(&mut app, &mut store, "leo@exemple.fr");
    assert_eq!(
        field_value(&app, "email"),
        Ok(Value::text("leo@exemple.fr")),
        "typed where the focus is"
    );
    assert_eq!(field_value(&app, "parent_consent"), Ok(Value::Int(0)));
    // Tab goes round past the last field (phone, structure, role, then the first).
    for _ in 0..4 {
        tap(&mut app, &mut store, "<Tab>");
    }
    assert_eq!(focused(&app), "first_name");
    // Saving says what is missing, whole at 80 columns, once.
    press(&mut app, &mut store, &[ctrl('s')]);
    assert_eq!(focused(&app), "parent_consent");
    let screen = screen_text(&app);
    let sentence = "moins de 15 ans : l'accord d'un parent est aussi nécessaire.";
    assert_eq!(screen.matches(sentence).count(), 1, "{screen}");
    press(&mut app, &mut store, &[key(KeyCode::Char(' ')), ctrl('s')]);
    assert!(app.layers.record().is_none(), "saved and closed");
    let id = store
        .attendees(0, 1000)
        .unwrap()
        .into_iter()
        .find(|p| p.first_name == "Léo" && p.last_name == "Petit")
        .unwrap()
        .id;
    let row = store.row(&ATTENDEES, &id).unwrap().unwrap();
    assert_eq!(row["email"], Value::text("leo@exemple.fr"));
    assert_eq!(row["parent_consent"], Value::Int(1));
    assert_eq!(row["age_bracket"], Value::text("11-14"));
}

/// A walk-in typed as at the table: names, an age, an optional commune, Entrée.
fn walk_in(app: &mut App, store: &mut Store, first: &str, last: &str, age: &str, commune: &str) {
    if app.layers.record().map(|r| r.kind) != Some(Kind::WalkIn) {
        press(
            app,
            store,
            &[key(KeyCode::Char('3')), key(KeyCode::Char('i'))],
        );
    }
    type_text(app, store, first);
    press(app, store, &[key(KeyCode::Tab)]);
    type_text(app, store, last);
    press(app, store, &[key(KeyCode::Tab)]);
    type_text(app, store, age);
    press(app, store, &[key(KeyCode::Tab)]);
    if !commune.is_empty() {
        type_text(app, store, commune);
        press(app, store, &[key(KeyCode::Enter)]);
    }
    press(app, store, &[key(KeyCode::Enter)]);
}

fn look_alike_shown(app: &App) -> Option<String> {
    match app.layers.popup() {
        Some(Popup::LookAlike { known, why }) => {
            Some(format!("{} {} : {why}", known.first_name, known.last_name))
        }
        _ => None,
    }
}

#[test]
fn look_alikes_are_caught_without_a_commune() {
    let (mut store, mut app) = demo_app();
    let before = store.attendee_count().unwrap();
    walk_in(&mut app, &mut store, "Karim", "Haddad", "34", "");
    assert_eq!(look_alike_shown(&app), None);
    assert_eq!(store.attendee_count().unwrap(), before + 1);
    // Typed again, no commune either time: the question is asked.
    walk_in(&mut app, &mut store, "karim", "HADDAD", "34", "");
    assert_eq!(
        look_alike_shown(&app).as_deref(),
        Some("Karim Haddad : même nom")
    );
    assert!(screen_text(&app).contains("ressemble à Karim Haddad"));
    tap(&mut app, &mut store, "<Esc>");
    // First and last name the other way round.
    tap(&mut app, &mut store, "<Esc>o");
    walk_in(&mut app, &mut store, "Haddad", "Karim", "34", "");
    assert_eq!(
        look_alike_shown(&app).as_deref(),
        Some("Karim Haddad : même nom")
    );
    tap(&mut app, &mut store, "<Esc>");
    tap(&mut app, &mut store, "<Esc>o");
    // A slip of a letter, the same age bracket: caught; another bracket: not.
    walk_in(&mut app, &mut store, "Karim", "Hadad", "40", "");
    assert_eq!(
        look_alike_shown(&app).as_deref(),
        Some("Karim Haddad : noms très proches, même tranche d'âge")
    );
    tap(&mut app, &mut store, "<Esc>");
    tap(&mut app, &mut store, "<Esc>o");
    walk_in(&mut app, &mut store, "Karim", "Hadad", "70", "");
    assert_eq!(look_alike_shown(&app), None, "65 and over: someone else");
    assert_eq!(store.attendee_count().unwrap(), before + 2);

    // Accents, case and a commune on one side only.
    walk_in(&mut app, &mut store, "Élodie", "Lefèvre", "30", "arras");
    assert_eq!(look_alike_shown(&app), None);
    walk_in(&mut app, &mut store, "elodie", "LEFEVRE", "30", "");
    assert_eq!(
        look_alike_shown(&app).as_deref(),
        Some("Élodie Lefèvre : même nom")
    );
    // « m »: the same person, checked in, not registered twice.
    tap(&mut app, &mut store, "m");
    assert_eq!(store.attendee_count().unwrap(), before + 3);
}

/// Two « Karim Haddad » registered (the second said to be another person), and the
/// duplicates screen open.
fn two_karims(app: &mut App, store: &mut Store) {
    walk_in(app, store, "Karim", "Haddad", "34", "");
    // The second with an e-mail (the optional step, consent ticked).
    type_text(app, store, "Karim");
    press(app, store, &[key(KeyCode::Tab)]);
    type_text(app, store, "Haddad");
    press(app, store, &[key(KeyCode::Tab)]);
    type_text(app, store, "34");
    press(app, store, &[ctrl('e')]);
    type_text(app, store, "karim@exemple.fr");
    press(
        app,
        store,
        &[
            key(KeyCode::Tab),
            key(KeyCode::Tab),
            key(KeyCode::Char(' ')),
            key(KeyCode::Enter),
        ],
    );
    assert!(look_alike_shown(app).is_some());
    press(app, store, &[key(KeyCode::Char('d'))]);
    press(app, store, &[key(KeyCode::Esc), key(KeyCode::Char('d'))]);
    let view = app.layers.duplicates().expect("the duplicates screen");
    let index = view
        .pairs
        .iter()
        .position(|(a, b, _)| a.last_name == "Haddad" && b.last_name == "Haddad")
        .expect("the two Karims are a pair");
    assert_eq!(view.pairs[index].2, "même nom", "the look-alike rule");
    for _ in 0..index {
        press(app, store, &[key(KeyCode::Down)]);
    }
}

fn karims(store: &Store) -> Vec<comptoir::store::queries::AttendeeRow> {
    store
        .attendees(0, 10_000)
        .unwrap()
        .into_iter()
        .filter(|p| p.last_name == "Haddad")
        .collect()
}

#[test]
fn a_merge_shows_both_records_asks_first_and_can_be_undone() {
    let (mut store, mut app) = demo_app();
    let (workshop, _) = app.data.current_workshop.clone().unwrap();
    two_karims(&mut app, &mut store);
    let people = store.attendee_count().unwrap();
    tap(&mut app, &mut store, "f");
    let Some(Popup::Merge(preview)) = app.layers.popup() else {
        panic!("no side-by-side view: {:?}", app.status);
    };
    let email = preview.lines.iter().find(|l| l.field == "email").unwrap();
    assert_eq!(email.keep, Value::Null);
    assert_eq!(
        email.result,
        Value::text("karim@exemple.fr"),
        "the empty field is filled"
    );
    let screen = screen_text(&app);
    for said in [
        "Gardée",
        "Fusionnée",
        "Résultat",
        "karim@exemple.fr",
        "[o] fusionner",
    ] {
        assert!(screen.contains(said), "« {said} » in\n{screen}");
    }
    // Échap: nothing merged.
    tap(&mut app, &mut store, "<Esc>");
    assert!(app.layers.popup().is_none());
    assert_eq!(store.attendee_count().unwrap(), people);
    // « i » keeps the other record instead; « o » merges.
    tap(&mut app, &mut store, "fi");
    let Some(Popup::Merge(preview)) = app.layers.popup() else {
        panic!("the view stays after « i »");
    };
    let kept = preview.keep.clone();
    let merged = preview.other.clone();
    assert_eq!(
        preview
            .lines
            .iter()
            .find(|l| l.field == "email")
            .unwrap()
            .keep,
        Value::text("karim@exemple.fr")
    );
    tap(&mut app, &mut store, "o");
    assert_eq!(store.attendee_count().unwrap(), people - 1);
    assert_eq!(karims(&store).len(), 1);
    assert_eq!(karims(&store)[0].id, kept);
    assert!(store.is_checked_in(&workshop, &kept).unwrap());
    assert!(!store.is_checked_in(&workshop, &merged).unwrap());
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .1
            .contains("u : annuler la fusion")
    );
    // « u »: both are back as they were.
    tap(&mut app, &mut store, "u");
    assert_eq!(store.attendee_count().unwrap(), people);
    assert_eq!(karims(&store).len(), 2);
    assert!(store.is_checked_in(&workshop, &merged).unwrap());
    assert!(store.is_checked_in(&workshop, &kept).unwrap());
    let row = store.row(&ATTENDEES, &merged).unwrap().unwrap();
    assert_eq!(row["merged_into"], Value::Null);
    assert!(
        app.layers
            .duplicates()
            .unwrap()
            .pairs
            .iter()
            .any(|(a, b, _)| a.last_name == "Haddad" && b.last_name == "Haddad"),
        "the pair is listed again"
    );
}

#[test]
fn a_person_is_merged_by_hand_with_one_chosen_from_the_list() {
    let (mut store, mut app) = demo_app();
    walk_in(&mut app, &mut store, "Salomé", "Wimetz", "19", "");
    walk_in(&mut app, &mut store, "Salome", "Wimez", "52", "");
    assert_eq!(look_alike_shown(&app), None, "another age bracket");
    let people = store.attendee_count().unwrap();
    // On the list, « Wimetz » selected through the search, then « m ».
    tap(&mut app, &mut store, "<Esc>/");
    type_text(&mut app, &mut store, "wimetz");
    tap(&mut app, &mut store, "<Enter>");
    assert_eq!(app.data.attendees.row(0).unwrap().last_name, "Wimetz");
    tap(&mut app, &mut store, "m");
    assert!(app.layers.editor().is_some(), "{:?}", app.status);
    type_text(&mut app, &mut store, "wimez");
    tap(&mut app, &mut store, "<Enter><Enter>");
    let Some(Popup::Merge(preview)) = app.layers.popup() else {
        panic!("no side-by-side view: {:?}", app.status);
    };
    assert_eq!(preview.keep_name, "Salomé Wimetz");
    assert_eq!(preview.other_name, "Salome Wimez");
    tap(&mut app, &mut store, "<Enter>");
    assert_eq!(store.attendee_count().unwrap(), people - 1);
    // « u » on the list undoes it too.
    tap(&mut app, &mut store, "u");
    assert_eq!(store.attendee_count().unwrap(), people);
    assert!(app.status.as_ref().unwrap().1.contains("Fusion annulée"));
}

fn number_before(text: &str, word: &str) -> i64 {
    let at = text
        .find(word)
        .unwrap_or_else(|| panic!("« {word} » in\n{text}"));
    text[..at]
        .trim_end()
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a number before « {word} » in\n{text}"))
}

fn number_after(text: &str, word: &str) -> i64 {
    let at = text
        .find(word)
        .unwrap_or_else(|| panic!("« {word} » in\n{text}"));
    text[at + word.len()..]
        .trim_start()
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a number after « {word} » in\n{text}"))
}

fn run(args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_comptoir"))
        .args(args)
        .env_remove("COMPTOIR_DB")
        .env("COMPTOIR_LANG", "fr")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn check_report_accueil_and_comptoirs_give_the_same_counts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("base.sqlite");
    let (registered, present, screens) = {
        let mut store = Store::open(&db, reference()).unwrap();
        comptoir::demo::build(&mut store, 40, 2026).unwrap();
        let mut app = app_on(
            &mut store,
            (80, 24),
            comptoir::tui::theme::Theme { colour: true },
        );
        tap(&mut app, &mut store, "2c");
        // A day at the table: two walk-ins, a merge, an erasure, a check-in undone.
        walk_in(&mut app, &mut store, "Karim", "Haddad", "34", "");
        walk_in(&mut app, &mut store, "Nora", "Benali", "17", "");
        tap(&mut app, &mut store, "<Esc>dfo<Esc>");
        assert!(app.status.as_ref().unwrap().1.contains("fusionné"));
        tap(&mut app, &mut store, "xo");
        assert!(app.status.as_ref().unwrap().1.contains("données effacées"));
        tap(&mut app, &mut store, "<End>pu");
        // The definition, counted from the records.
        let copy = dir.path().join("copy.sqlite");
        store.backup_to(&copy).unwrap();
        let conn = connect(&copy);
        let one = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        let registered = one("SELECT count(*) FROM attendees WHERE merged_into IS NULL");
        let present = one(
            "SELECT count(DISTINCT coalesce(p.merged_into, a.attendee)) FROM attendance a
             JOIN workshops w ON w.id = a.workshop AND w.deleted IS NOT 1
             LEFT JOIN attendees p ON p.id = a.attendee WHERE a.removed IS NOT 1",
        );
        let merged = one("SELECT count(*) FROM attendees WHERE merged_into IS NOT NULL");
        assert!(merged >= 1);
        tap(&mut app, &mut store, "1");
        let accueil = screen_text(&app);
        tap(&mut app, &mut store, "2");
        let comptoirs = screen_text(&app);
        (registered, present, [accueil, comptoirs])
    };
    let check = run(&["check", db.to_str().unwrap()]);
    let report = run(&["--db", db.to_str().unwrap(), "report"]);
    let said = [
        (
            "check",
            number_before(&check, "inscrit"),
            number_before(&check, "venu"),
        ),
        (
            "report",
            number_after(&report, "inscrits :"),
            number_after(&report, "venus :"),
        ),
        (
            "Accueil",
            number_before(&screens[0], "inscrits"),
            number_before(&screens[0], "venus"),
        ),
        (
            "Comptoirs",
            number_before(&screens[1], "inscrits"),
            number_before(&screens[1], "venus"),
        ),
    ];
    for (place, r, p) in said {
        assert_eq!((r, p), (registered, present), "{place}");
    }
    // The guide gives the definition.
    let guide = include_str!("../docs/guide-animateur.md");
    assert!(guide.contains("**inscrits**") && guide.contains("**venus**"));
}

fn list_ids(app: &App) -> Vec<String> {
    (0..app.data.attendees.total)
        .filter_map(|i| app.data.attendees.row(i).map(|r| r.id.clone()))
        .collect()
}

#[test]
fn the_people_list_marks_who_is_here_filters_to_them_and_u_undoes_a_check_in_visibly() {
    let (mut store, mut app) = demo_app();
    let (workshop, _) = app.data.current_workshop.clone().unwrap();
    let here_before = store.checked_in(&workshop).unwrap().len();
    tap(&mut app, &mut store, "3");
    // The first person of the list not at this workshop, checked in with p.
    let index = (0..app.data.attendees.total)
        .find(|&i| {
            let p = app.data.attendees.row(i).unwrap();
            !store.is_checked_in(&workshop, &p.id).unwrap()
        })
        .unwrap();
    for _ in 0..index {
        tap(&mut app, &mut store, "<Down>");
    }
    let person = app.data.attendees.row(index).unwrap().clone();
    let row_of = |app: &App, last: &str| -> String {
        screen_text(app)
            .lines()
            .find(|l| l.contains(last) && l.contains(&person.first_name))
            .unwrap_or_default()
            .to_string()
    };
    assert!(!row_of(&app, &person.last_name).contains('✓'));
    tap(&mut app, &mut store, "p");
    assert!(app.data.here.contains(&person.id));
    assert!(
        row_of(&app, &person.last_name).contains('✓'),
        "marked as here:\n{}",
        screen_text(&app)
    );
    assert!(screen_text(&app).contains("Ici"));
    // One key: only the people here.
    tap(&mut app, &mut store, "c");
    assert_eq!(app.data.attendees.total, here_before + 1);
    assert!(list_ids(&app).contains(&person.id));
    assert!(screen_text(&app).contains("présents au comptoir en cours"));
    // u: undone, said with the name, and the person leaves the list of those here.
    tap(&mut app, &mut store, "u");
    let said = &app.status.as_ref().unwrap().1;
    assert!(
        said.contains(&format!("{} {}", person.first_name, person.last_name)),
        "{said}"
    );
    assert!(!store.is_checked_in(&workshop, &person.id).unwrap());
    assert!(!list_ids(&app).contains(&person.id), "the list changed");
    assert_eq!(app.data.attendees.total, here_before);
    assert!(!app.data.here.contains(&person.id));
    // c again: everyone.
    tap(&mut app, &mut store, "c");
    assert_eq!(
        app.data.attendees.total as i64,
        store.attendee_count().unwrap()
    );
}

fn workshop_commune(store: &Store, workshop: &str) -> String {
    store
        .row(&comptoir::domain::model::WORKSHOPS, workshop)
        .unwrap()
        .unwrap()["commune"]
        .as_str()
        .unwrap()
        .to_string()
}

fn person_named(
    store: &Store,
    first: &str,
    last: &str,
) -> std::collections::BTreeMap<&'static str, Value> {
    let id = store
        .attendees(0, 10_000)
        .unwrap()
        .into_iter()
        .find(|p| p.first_name == first && p.last_name == last)
        .unwrap_or_else(|| panic!("{first} {last} registered"))
        .id;
    store.row(&ATTENDEES, &id).unwrap().unwrap()
}

#[test]
fn the_walk_in_takes_the_workshops_commune_by_default_and_typing_replaces_it() {
    let (mut store, mut app) = demo_app();
    let (workshop, _) = app.data.current_workshop.clone().unwrap();
    let commune = workshop_commune(&store, &workshop);
    tap(&mut app, &mut store, "3i");
    // Names, the age, and two Entrée: the commune is already there.
    type_text(&mut app, &mut store, "Yanis");
    tap(&mut app, &mut store, "<Tab>");
    type_text(&mut app, &mut store, "Ouali");
    tap(&mut app, &mut store, "<Tab>");
    type_text(&mut app, &mut store, "17");
    tap(&mut app, &mut store, "<Enter><Enter>");
    let row = person_named(&store, "Yanis", "Ouali");
    assert_eq!(row["commune"], Value::text(commune.clone()));
    assert_eq!(row["age_bracket"], Value::text("15-17"));
    // The next person's form has it again; typing replaces it.
    assert_eq!(
        field_value(&app, "commune"),
        Ok(Value::text(commune.clone()))
    );
    walk_in(&mut app, &mut store, "Zoé", "Ouali", "40", "arras");
    assert_eq!(
        person_named(&store, "Zoé", "Ouali")["commune"],
        Value::text("62041")
    );
}

#[test]
fn the_walk_ins_optional_step_takes_contact_details_with_consent_and_a_parents_under_15() {
    let (mut store, mut app) = demo_app();
    let (workshop, _) = app.data.current_workshop.clone().unwrap();
    let people = store.attendee_count().unwrap();
    let contact_step = |app: &mut App, store: &mut Store, first: &str, age: &str| {
        if app.layers.record().is_none() {
            press(
                app,
                store,
                &[key(KeyCode::Char('3')), key(KeyCode::Char('i'))],
            );
        }
        type_text(app, store, first);
        press(app, store, &[key(KeyCode::Tab)]);
        type_text(app, store, "Lemaire");
        press(app, store, &[key(KeyCode::Tab)]);
        type_text(app, store, age);
        // One key opens the step, the focus on the e-mail.
        press(app, store, &[ctrl('e')]);
        assert_eq!(focused(app), "email");
        // The age field was left as by Tab: it shows its bracket alone.
        assert!(!screen_text(app).contains("tapé"));
    };
    // An e-mail without consent: said under the e-mail, nothing saved.
    contact_step(&mut app, &mut store, "Tom", "30");
    type_text(&mut app, &mut store, "tom@exemple.fr");
    press(&mut app, &mut store, &[ctrl('s')]);
    assert_eq!(store.attendee_count().unwrap(), people);
    assert_eq!(focused(&app), "email");
    assert!(screen_text(&app).contains("ses coordonnées ne sont pas gardées"));
    // With consent (Tab, Tab, Space), saved and checked in.
    press(
        &mut app,
        &mut store,
        &[
            key(KeyCode::Tab),
            key(KeyCode::Tab),
            key(KeyCode::Char(' ')),
            ctrl('s'),
        ],
    );
    assert_eq!(store.attendee_count().unwrap(), people + 1);
    let tom = person_named(&store, "Tom", "Lemaire");
    assert_eq!(tom["email"], Value::text("tom@exemple.fr"));
    assert_eq!(tom["consent"], Value::Int(1));
    assert!(!tom["consent_date"].is_empty());
    assert!(
        store
            .checked_in(&workshop)
            .unwrap()
            .iter()
            .any(|p| p.first_name == "Tom")
    );
    // Under 15: the parent's consent is asked, and needed.
    contact_step(&mut app, &mut store, "Lina", "12");
    tap(&mut app, &mut store, "<Tab>");
    type_text(&mut app, &mut store, "06 12 34 56 78");
    tap(&mut app, &mut store, "<Tab> <Enter>");
    assert_eq!(focused(&app), "parent_consent");
    tap(&mut app, &mut store, "<Enter>");
    assert_eq!(
        store.attendee_count().unwrap(),
        people + 1,
        "nothing half-saved"
    );
    assert!(
        screen_text(&app).contains("moins de 15 ans : l'accord d'un parent est aussi nécessaire.")
    );
    tap(&mut app, &mut store, " <Enter>");
    assert_eq!(store.attendee_count().unwrap(), people + 2);
    let lina = person_named(&store, "Lina", "Lemaire");
    assert_eq!(lina["phone"], Value::text("06 12 34 56 78"));
    assert_eq!(lina["parent_consent"], Value::Int(1));
    assert_eq!(lina["age_bracket"], Value::text("11-14"));
}

#[test]
fn the_full_form_asks_about_look_alikes_checks_the_person_in_and_selects_them() {
    let (mut store, mut app) = demo_app();
    let (workshop, _) = app.data.current_workshop.clone().unwrap();
    // Someone known, typed again in the full form: asked on leaving the age, before any save.
    walk_in(&mut app, &mut store, "Karim", "Haddad", "34", "");
    tap(&mut app, &mut store, "<Esc>n");
    assert_eq!(app.layers.record().unwrap().kind, Kind::Attendee);
    type_text(&mut app, &mut store, "Karim");
    tap(&mut app, &mut store, "<Tab>");
    type_text(&mut app, &mut store, "Haddad");
    tap(&mut app, &mut store, "<Tab>");
    type_text(&mut app, &mut store, "34");
    let people = store.attendee_count().unwrap();
    tap(&mut app, &mut store, "<Tab>");
    assert_eq!(
        look_alike_shown(&app).as_deref(),
        Some("Karim Haddad : même nom")
    );
    assert_eq!(store.attendee_count().unwrap(), people, "not saved yet");
    // « d »: another person; saved, checked in, the form goes on.
    tap(&mut app, &mut store, "d");
    assert_eq!(store.attendee_count().unwrap(), people + 1);
    let id = app.layers.record().unwrap().id.clone();
    assert!(store.is_checked_in(&workshop, &id).unwrap());
    assert_eq!(focused(&app), "commune");
    // Closed: the list shows the new person selected.
    press(&mut app, &mut store, &[ctrl('s')]);
    assert!(app.layers.record().is_none());
    let selected = app
        .data
        .attendees
        .row(app.data.attendees.selected)
        .expect("the selected row is loaded");
    assert_eq!(selected.id, id);
    assert!(app.data.here.contains(&id));
}

#[test]
fn a_second_interface_on_a_base_is_told_and_offered_read_only_or_quit() {
    use comptoir::tui::instance::{Opening, claim, mark_path};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("base.sqlite");
    let Opening::Alone(Some(first)) = claim(&db) else {
        panic!("the first interface holds the mark");
    };
    let Opening::Elsewhere { pid, .. } = claim(&db) else {
        panic!("the second is told");
    };
    assert_eq!(pid, std::process::id());
    drop(first);
    assert!(!mark_path(&db).exists(), "removed when the interface ends");
    // A mark left by a program that is gone (killed) is taken over.
    std::fs::write(mark_path(&db), format!("{}\n4000000000\n", hostname())).unwrap();
    if cfg!(target_os = "linux") {
        assert!(matches!(claim(&db), Opening::Alone(Some(_))));
    }
    // A mark not renewed for minutes is taken over whatever its process number (reused,
    // or not checkable on Windows); a fresh one is not.
    let _ = std::fs::remove_file(mark_path(&db));
    std::fs::write(mark_path(&db), format!("{}\n1\n", hostname())).unwrap();
    assert!(matches!(claim(&db), Opening::Elsewhere { pid: 1, .. }));
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(600);
    std::fs::File::options()
        .write(true)
        .open(mark_path(&db))
        .unwrap()
        .set_modified(old)
        .unwrap();
    assert!(matches!(claim(&db), Opening::Alone(Some(_))));

    // The interface asks first; « l » opens read-only: nothing typed is saved.
    let mut store = demo_store();
    let mut app = app_on(
        &mut store,
        (80, 24),
        comptoir::tui::theme::Theme { colour: true },
    );
    comptoir::tui::opened_elsewhere(&mut app, "portable-2, programme n° 4242".into());
    let screen = screen_text(&app);
    assert!(
        screen.contains("déjà ouverte dans une autre fenêtre"),
        "{screen}"
    );
    assert!(screen.contains("[l] ouvrir en lecture seule"));
    tap(&mut app, &mut store, "3");
    assert_eq!(
        app.screen,
        comptoir::tui::app::Screen::Accueil,
        "the question first"
    );
    tap(&mut app, &mut store, "l");
    assert!(app.read_only && app.layers.popup().is_none());
    assert!(screen_text(&app).contains("lecture seule"));
    let people = store.attendee_count().unwrap();
    tap(&mut app, &mut store, "2c3n");
    // « n » opens nothing: said at once, before anything is typed.
    assert!(app.layers.record().is_none());
    assert_eq!(store.attendee_count().unwrap(), people);
    assert!(
        app.status.as_ref().unwrap().1.contains("Lecture seule"),
        "{:?}",
        app.status
    );
    // « q » quits instead.
    let mut app = app_on(
        &mut store,
        (80, 24),
        comptoir::tui::theme::Theme { colour: true },
    );
    comptoir::tui::opened_elsewhere(&mut app, "portable-2".into());
    tap(&mut app, &mut store, "q");
    assert!(app.quit);
}

fn hostname() -> String {
    std::process::Command::new("hostname")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

#[test]
fn bad_input_at_the_table_is_said_in_the_form_and_nothing_is_half_saved() {
    let (mut store, mut app) = demo_app();
    let (workshop, _) = app.data.current_workshop.clone().unwrap();
    let people = store.attendee_count().unwrap();
    let here = store.checked_in(&workshop).unwrap().len();
    tap(&mut app, &mut store, "3i");
    // A name typed past 200 characters (a paste is cut at 200).
    type_text(&mut app, &mut store, &"Jean-Baptiste ".repeat(16));
    tap(&mut app, &mut store, "<Tab>");
    type_text(&mut app, &mut store, "Vasseur");
    tap(&mut app, &mut store, "<Tab>");
    type_text(&mut app, &mut store, "30");
    press(&mut app, &mut store, &[ctrl('s')]);
    assert_eq!(store.attendee_count().unwrap(), people);
    assert_eq!(
        store.checked_in(&workshop).unwrap().len(),
        here,
        "no check-in either"
    );
    assert_eq!(focused(&app), "first_name");
    let screen = screen_text(&app);
    assert!(screen.contains("trop long"), "{screen}");
    // Control characters pasted with a name are dropped; the rest is kept.
    let form = &mut app.layers.record_mut().unwrap().form;
    form.fields[0].clear();
    let cmds = comptoir::tui::update::update(
        &mut app,
        comptoir::tui::msg::Msg::Paste("Jean\u{7}\u{1b}\u{202e}\nBaptiste".into()),
    );
    comptoir::tui::settle(&mut app, &mut store, cmds);
    press(&mut app, &mut store, &[ctrl('s')]);
    assert_eq!(store.attendee_count().unwrap(), people + 1);
    assert!(
        store
            .attendees(0, 10_000)
            .unwrap()
            .iter()
            .any(|p| p.first_name == "Jean Baptiste" && p.last_name == "Vasseur")
    );
}

/// The id of the one registered person with these names.
fn id_of(store: &Store, first: &str, last: &str) -> String {
    store
        .attendees(0, 10_000)
        .unwrap()
        .into_iter()
        .find(|p| p.first_name == first && p.last_name == last)
        .unwrap_or_else(|| panic!("{first} {last} registered"))
        .id
}

/// Back on the list from the walk-in form, the person found by a search and selected.
fn select_on_list(app: &mut App, store: &mut Store, search: &str) {
    press(app, store, &[key(KeyCode::Esc)]);
    assert!(app.layers.record().is_none() && app.layers.popup().is_none());
    press(app, store, &[key(KeyCode::Char('/'))]);
    type_text(app, store, search);
    press(app, store, &[key(KeyCode::Enter)]);
}

#[test]
fn p_on_someone_already_here_says_so_and_u_never_undoes_a_check_in_it_did_not_make() {
    let (mut store, mut app) = demo_app();
    let (workshop, _) = app.data.current_workshop.clone().unwrap();
    walk_in(&mut app, &mut store, "Zoé", "Quesnoy", "30", "");
    let id = id_of(&store, "Zoé", "Quesnoy");
    assert!(store.is_checked_in(&workshop, &id).unwrap());
    let present = store.checked_in(&workshop).unwrap().len();
    select_on_list(&mut app, &mut store, "quesnoy");
    assert_eq!(
        app.data
            .attendees
            .row(app.data.attendees.selected)
            .unwrap()
            .id,
        id
    );
    tap(&mut app, &mut store, "p");
    let said = app.status.as_ref().unwrap().1.clone();
    assert!(said.contains("déjà pointé(e)"), "{said}");
    // u after that p does not take away the check-in the walk-in made.
    tap(&mut app, &mut store, "u");
    assert!(store.is_checked_in(&workshop, &id).unwrap());
    assert_eq!(store.checked_in(&workshop).unwrap().len(), present);
    assert!(app.data.here.contains(&id), "still ✓");
}

#[test]
fn u_after_p_on_someone_already_here_leaves_them_here() {
    let (mut store, mut app) = demo_app();
    let (workshop, _) = app.data.current_workshop.clone().unwrap();
    // Someone of the demo already here, checked in in an earlier session.
    let here = store.checked_in(&workshop).unwrap();
    let person = here.first().unwrap().clone();
    tap(&mut app, &mut store, "3");
    let index = (0..app.data.attendees.total)
        .find(|&i| app.data.attendees.row(i).unwrap().id == person.id)
        .unwrap();
    for _ in 0..index {
        tap(&mut app, &mut store, "<Down>");
    }
    tap(&mut app, &mut store, "p");
    let said = app.status.as_ref().unwrap().1.clone();
    assert!(said.contains("déjà pointé(e)"), "{said}");
    tap(&mut app, &mut store, "u");
    assert!(store.is_checked_in(&workshop, &person.id).unwrap());
    assert_eq!(store.checked_in(&workshop).unwrap().len(), here.len());
    assert!(app.data.here.contains(&person.id));
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .1
            .contains("Aucun pointage à annuler")
    );
}

#[test]
fn u_undoes_the_check_in_of_the_walk_in_just_registered_who_stays_registered() {
    let (mut store, mut app) = demo_app();
    let (workshop, _) = app.data.current_workshop.clone().unwrap();
    let people = store.attendee_count().unwrap();
    walk_in(&mut app, &mut store, "Zoé", "Martin", "30", "");
    let said = app.status.as_ref().unwrap().1.clone();
    assert!(
        said.contains("Zoé Martin inscrit(e) et pointé(e)"),
        "{said}"
    );
    let id = id_of(&store, "Zoé", "Martin");
    assert!(app.data.here.contains(&id));
    tap(&mut app, &mut store, "<Esc>");
    assert!(app.layers.record().is_none() && app.layers.popup().is_none());
    tap(&mut app, &mut store, "u");
    let said = app.status.as_ref().unwrap().1.clone();
    assert!(said.contains("Pointage de Zoé Martin annulé"), "{said}");
    assert!(!store.is_checked_in(&workshop, &id).unwrap());
    assert!(!app.data.here.contains(&id), "the ✓ goes");
    assert_eq!(store.attendee_count().unwrap(), people + 1);
}

#[test]
fn a_typed_number_is_an_age_and_one_digit_never_picks_a_bracket_by_its_label() {
    let (mut store, mut app) = demo_app();
    let before = store.attendee_count().unwrap();
    walk_in_at_age(&mut app, &mut store);
    for typed in ["6", "1", "2", "3", "9"] {
        type_text(&mut app, &mut store, typed);
        let err = field_value(&app, "age_bracket").unwrap_err();
        assert!(
            err.contains("ouvert à partir de 11 ans"),
            "« {typed} »: {err}"
        );
        press(
            &mut app,
            &mut store,
            &[
                key(KeyCode::Tab),
                KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
            ],
        );
    }
    // « 6 » then Entrée, Entrée: nothing saved, the under-11 sentence on screen.
    type_text(&mut app, &mut store, "6");
    tap(&mut app, &mut store, "<Enter><Enter>");
    assert_eq!(store.attendee_count().unwrap(), before);
    assert!(screen_text(&app).contains("ouvert à partir de 11 ans"));
}

#[test]
fn text_that_fits_several_choices_chooses_none_and_names_them() {
    let (mut store, mut app) = demo_app();
    // Rôle « p »: Porteur d'idée and Partenaire.
    tap(&mut app, &mut store, "3n");
    let role = app
        .layers
        .record()
        .unwrap()
        .form
        .fields
        .iter()
        .position(|f| f.name == "role")
        .unwrap();
    app.layers.record_mut().unwrap().form.focus = role;
    type_text(&mut app, &mut store, "p");
    let err = field_value(&app, "role").unwrap_err();
    assert!(err.contains("choix possibles"), "{err}");
    assert!(screen_text(&app).contains("tapez la suite"));
    type_text(&mut app, &mut store, "a");
    assert_eq!(
        field_value(&app, "role").map(|v| v.as_str().map(String::from)),
        Ok(Some("partenaire".into()))
    );
    tap(&mut app, &mut store, "<Esc>");
    tap(&mut app, &mut store, "o");
    // Territoire « a ».
    tap(&mut app, &mut store, "2n<Tab>");
    assert_eq!(focused(&app), "territory");
    type_text(&mut app, &mut store, "a");
    assert!(field_value(&app, "territory").is_err());
}

#[test]
fn a_commune_is_taken_only_when_named_exactly_or_picked() {
    let (mut store, mut app) = demo_app();
    let before = store.attendee_count().unwrap();
    walk_in_at_age(&mut app, &mut store);
    type_text(&mut app, &mut store, "30");
    tap(&mut app, &mut store, "<Tab>");
    assert_eq!(focused(&app), "commune");
    // « Bou » then Tab: no Boubers-lès-Hesmond taken silently.
    type_text(&mut app, &mut store, "Bou");
    tap(&mut app, &mut store, "<Tab>");
    let form = &app.layers.record().unwrap().form;
    let err = form
        .field("commune")
        .unwrap()
        .error
        .clone()
        .unwrap_or_default();
    assert!(err.contains("choix possibles"), "{err}");
    assert!(field_value(&app, "commune").is_err());
    // Tab went round to the first field; three more come back to the commune.
    tap(&mut app, &mut store, "<Tab><Tab><Tab>");
    assert_eq!(focused(&app), "commune");
    // « Lille » then Entrée: not Lillers; said.
    press(&mut app, &mut store, &[ctrl('u')]);
    type_text(&mut app, &mut store, "Lille");
    tap(&mut app, &mut store, "<Enter>");
    let err = field_value(&app, "commune").unwrap_err();
    assert!(err.contains("n'est pas dans la liste"), "{err}");
    assert!(screen_text(&app).contains("n'est pas dans la liste"));
    tap(&mut app, &mut store, "<Enter>");
    assert_eq!(store.attendee_count().unwrap(), before, "nothing saved");
    // A name typed whole is taken.
    press(&mut app, &mut store, &[ctrl('u')]);
    type_text(&mut app, &mut store, "Arras");
    tap(&mut app, &mut store, "<Enter>");
    assert_eq!(field_value(&app, "commune"), Ok(Value::text("62041")));
}

#[test]
fn a_stray_letter_in_a_consent_box_is_not_kept_and_o_then_ticks_it() {
    let (mut store, mut app) = demo_app();
    person_form_at_consent(&mut app, &mut store, "30");
    type_text(&mut app, &mut store, "x");
    assert_eq!(field_value(&app, "consent"), Ok(Value::Int(0)));
    type_text(&mut app, &mut store, "o");
    assert_eq!(field_value(&app, "consent"), Ok(Value::Int(1)));
    // A name typed in the wrong place still ticks nothing.
    tap(&mut app, &mut store, " ");
    type_text(&mut app, &mut store, "zolivier");
    assert_eq!(field_value(&app, "consent"), Ok(Value::Int(0)));
    // A stray letter after « o » is no answer; « o » typed again answers again.
    type_text(&mut app, &mut store, "oa");
    assert_eq!(field_value(&app, "consent"), Ok(Value::Int(0)));
    type_text(&mut app, &mut store, "o");
    assert_eq!(field_value(&app, "consent"), Ok(Value::Int(1)));
}

#[test]
fn a_long_paste_is_cut_at_the_fields_maximum_and_ctrl_u_empties_a_field() {
    let (mut store, mut app) = demo_app();
    tap(&mut app, &mut store, "3i");
    let long = "a".repeat(5_000);
    press(&mut app, &mut store, &[]);
    let cmds = comptoir::tui::update::update(&mut app, comptoir::tui::msg::Msg::Paste(long));
    comptoir::tui::settle(&mut app, &mut store, cmds);
    assert_eq!(
        field_value(&app, "first_name"),
        Ok(Value::text("a".repeat(200)))
    );
    let said = &app.status.as_ref().unwrap().1;
    assert!(said.contains("Collage coupé à 200 caractères"), "{said}");
    press(&mut app, &mut store, &[ctrl('u')]);
    assert!(
        field_value(&app, "first_name")
            .unwrap_err()
            .contains("obligatoire")
    );
    // The commune given by default goes with one Ctrl+U too.
    tap(&mut app, &mut store, "<Tab><Tab><Tab>");
    assert_eq!(focused(&app), "commune");
    assert!(field_value(&app, "commune").unwrap().as_str().is_some());
    press(&mut app, &mut store, &[ctrl('u')]);
    assert_eq!(field_value(&app, "commune"), Ok(Value::Null));
    // The help says it.
    tap(&mut app, &mut store, "<F1>");
    assert!(screen_text(&app).contains("Ctrl+U vider"));
}

#[test]
fn read_only_refuses_at_once_every_key_that_would_write() {
    let (mut store, mut app) = demo_app();
    tap(&mut app, &mut store, "3");
    app.read_only = true;
    let people = store.attendee_count().unwrap();
    for k in [
        key(KeyCode::Char('i')),
        key(KeyCode::Char('n')),
        key(KeyCode::Enter),
        key(KeyCode::Char('p')),
        key(KeyCode::Char('x')),
        key(KeyCode::Char('m')),
        key(KeyCode::Char('u')),
    ] {
        app.status = None;
        press(&mut app, &mut store, &[k]);
        assert!(
            app.layers.record().is_none()
                && app.layers.editor().is_none()
                && app.layers.popup().is_none(),
            "{k:?} opened something"
        );
        let said = app.status.as_ref().map(|s| s.1.clone()).unwrap_or_default();
        assert!(said.starts_with("Lecture seule : "), "{k:?}: {said}");
    }
    assert_eq!(store.attendee_count().unwrap(), people);
    // Looking around still works: a search, the help.
    tap(&mut app, &mut store, "/");
    assert!(app.search.is_some());
}

#[test]
fn the_merge_preview_counts_a_workshop_both_came_to_once() {
    let (mut store, mut app) = demo_app();
    // Both Karims checked in at the current workshop.
    two_karims(&mut app, &mut store);
    tap(&mut app, &mut store, "f");
    let Some(Popup::Merge(preview)) = app.layers.popup() else {
        panic!("no side-by-side view: {:?}", app.status);
    };
    assert_eq!(preview.workshops, (1, 1));
    assert_eq!(preview.together, 1);
    let screen = screen_text(&app);
    let line = screen
        .lines()
        .find(|l| l.contains("Comptoirs venus"))
        .unwrap();
    let numbers: Vec<&str> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| !w.is_empty())
        .collect();
    assert_eq!(numbers, ["1", "1", "1"], "{line}");
    // Merged, the list says the same.
    tap(&mut app, &mut store, "o");
    let karim = karims(&store);
    assert_eq!(karim.len(), 1);
    assert_eq!(karim[0].workshops, 1);
}

#[test]
fn messages_say_who_and_which_and_leave_the_next_form_alone() {
    let (mut store, mut app) = demo_app();
    // A refused save's sentence does not follow into the next form.
    walk_in_at_age(&mut app, &mut store);
    type_text(&mut app, &mut store, "6");
    press(&mut app, &mut store, &[ctrl('s')]);
    assert!(app.status.as_ref().unwrap().1.contains('✗'));
    tap(&mut app, &mut store, "<Esc>o");
    assert!(app.layers.record().is_none());
    tap(&mut app, &mut store, "i");
    assert!(app.layers.record().is_some());
    let bar = screen_text(&app);
    assert!(!bar.contains('✗'), "{bar}");
    tap(&mut app, &mut store, "<Esc>");
    // The merge box names the person merged.
    let first = app.data.attendees.row(0).unwrap().clone();
    tap(&mut app, &mut store, "m");
    let title = &app.layers.editor().unwrap().0.title;
    assert!(
        title.contains(&format!("{} {}", first.first_name, first.last_name)),
        "{title}"
    );
    tap(&mut app, &mut store, "<Esc>");
    // Two of one name merged: which record went into which.
    two_karims(&mut app, &mut store);
    tap(&mut app, &mut store, "fo");
    let said = app.status.as_ref().unwrap().1.clone();
    assert!(
        said.contains("Karim Haddad (26-64, Le Portel, karim@exemple.fr) fusionné(e) dans"),
        "{said}"
    );
    assert!(said.contains("karim@exemple.fr"), "{said}");
    // « 1 comptoir », not « 1 comptoirs ».
    tap(&mut app, &mut store, "<Esc>1");
    assert!(screen_text(&app).contains("12 comptoirs"));
    app.data.counts.workshops = 1;
    app.data.counts.ideas = 0;
    let screen = screen_text(&app);
    assert!(screen.contains("1 comptoir ·"), "{screen}");
    assert!(screen.contains("0 idée ·"), "{screen}");
}

#[test]
fn zero_width_characters_typed_in_a_name_are_dropped() {
    let (mut store, mut app) = demo_app();
    walk_in(
        &mut app,
        &mut store,
        "Zo\u{200b}é\u{feff}",
        "Mar\u{200d}tin\u{2060}\u{200c}",
        "30",
        "",
    );
    assert!(
        app.status.as_ref().unwrap().1.contains("inscrit(e)"),
        "{:?}",
        app.status
    );
    let row = person_named(&store, "Zoé", "Martin");
    assert_eq!(row["first_name"], Value::text("Zoé"));
    assert_eq!(row["last_name"], Value::text("Martin"));
}

#[test]
fn the_duplicates_screen_keeps_its_title_scrolls_whole_pairs_and_pages() {
    let (mut store, mut app) = demo_app();
    // Enough pairs for more than a screen: walk-ins of one name, different ages.
    for (first, age) in [
        ("Abel", "30"),
        ("Brice", "30"),
        ("Cyril", "30"),
        ("Denis", "30"),
        ("Emile", "30"),
        ("Fabien", "30"),
    ] {
        for _ in 0..2 {
            walk_in(&mut app, &mut store, first, "Quéval", age, "");
            if look_alike_shown(&app).is_some() {
                tap(&mut app, &mut store, "d");
            }
        }
    }
    tap(&mut app, &mut store, "<Esc>d");
    let n = app.layers.duplicates().unwrap().pairs.len();
    assert!(n >= 7, "{n} pairs");
    let check = |app: &App| {
        let screen = screen_text(app);
        let lines: Vec<&str> = screen.lines().collect();
        assert!(lines[1].contains("Doublons probables"), "{screen}");
        // Every pair shown is whole: a heading, then its two people.
        let heads: Vec<usize> = (2..lines.len() - 2)
            .filter(|&i| {
                lines[i].trim_start().starts_with("▶") || {
                    lines.get(i + 1).is_some_and(|l| l.contains("1re :"))
                }
            })
            .collect();
        assert!(!heads.is_empty(), "{screen}");
        let selected = lines
            .iter()
            .position(|l| l.contains('▶'))
            .expect("selected shown");
        assert!(lines[selected + 1].contains("1re :"), "{screen}");
        assert!(lines[selected + 2].contains("2de :"), "{screen}");
        assert!(
            !lines[2].contains("2de :"),
            "no half pair at the top:\n{screen}"
        );
    };
    for _ in 0..n {
        check(&app);
        tap(&mut app, &mut store, "<Down>");
    }
    check(&app);
    assert_eq!(app.layers.duplicates().unwrap().selected, n - 1);
    tap(&mut app, &mut store, "<PageUp>");
    let after_up = app.layers.duplicates().unwrap().selected;
    assert!(after_up < n - 2, "PgUp moves a page: {after_up}");
    check(&app);
    tap(&mut app, &mut store, "<PageDown>");
    assert_eq!(app.layers.duplicates().unwrap().selected, n - 1);
    check(&app);
}
