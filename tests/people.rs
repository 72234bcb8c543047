//! Workshops and attendees: the record forms with autosave, the walk-in fast path, check-ins,
//! the search, erasure, the import of registration lists and the attendance sheet.

mod common;

use common::*;
use comptoir::domain::model::Value;
use comptoir::tui::app::{Popup, Screen};
use comptoir::tui::keys::Context;
use comptoir::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const COLOUR: Theme = Theme { colour: true };

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn count(store: &comptoir::store::Store, sql: &str) -> i64 {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("c.sqlite");
    store.backup_to(&copy).unwrap();
    connect(&copy).query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn ten_walk_ins_in_a_row_each_registered_and_checked_in() {
    let (mut store, mut app) = demo_app();
    let (workshop, _) = app.data.current_workshop.clone().expect("current workshop");
    let before_people = store.attendee_count().unwrap();
    let before_here = store.checked_in(&workshop).unwrap().len();
    tap(&mut app, &mut store, "3i");
    assert_eq!(
        app.layers.record().map(|r| r.kind),
        Some(comptoir::tui::components::record::Kind::WalkIn)
    );
    let mut extra_keys = 0;
    let names = [
        ("Aïcha", "Bouazza"),
        ("Bruno", "Carlier"),
        ("Céline", "Dewailly"),
        ("Dylan", "Evrard"),
        ("Éloïse", "Fauquembergue"),
        ("Farid", "Ghazouani"),
        ("Gaëlle", "Hochart"),
        ("Hugo", "Isaert"),
        ("Inès", "Jovenet"),
        ("Jules", "Kaczmarek"),
    ];
    for (first, last) in names.iter() {
        type_text(&mut app, &mut store, first);
        tap(&mut app, &mut store, "<Tab>");
        type_text(&mut app, &mut store, last);
        // Tab, the age in years, Tab, the commune's first letters, ↓ and Entrée pick it,
        // Entrée saves: eight keys beyond the text.
        let keys = [
            key(KeyCode::Tab),
            key(KeyCode::Char('3')),
            key(KeyCode::Char('0')),
            key(KeyCode::Tab),
        ];
        press(&mut app, &mut store, &keys);
        type_text(&mut app, &mut store, "arra");
        tap(&mut app, &mut store, "<Down><Enter><Enter>");
        extra_keys += 1 + keys.len() + 3;
        assert!(
            app.status
                .as_ref()
                .unwrap()
                .1
                .contains(&format!("{first} {last} inscrit(e)")),
            "{:?}",
            app.status
        );
        let form = &app.layers.record().unwrap().form;
        assert!(
            form.fields.iter().all(|f| f.is_untouched()),
            "cleared for the next person"
        );
        assert_eq!(form.focus, 0);
    }
    assert!(
        extra_keys / 10 <= 25,
        "{} keys per person beyond the text",
        extra_keys / 10
    );
    assert_eq!(store.attendee_count().unwrap(), before_people + 10);
    let here = store.checked_in(&workshop).unwrap();
    assert_eq!(here.len(), before_here + 10);
    let p = here.iter().find(|p| p.first_name == "Hugo").unwrap();
    assert_eq!(p.age_bracket.as_deref(), Some("26-64"));
    assert_eq!(
        p.commune.as_deref(),
        Some("62041"),
        "Arras, picked from the suggestions"
    );

    // The last check-in can be undone from the list.
    tap(&mut app, &mut store, "<Esc>");
    assert!(app.layers.record().is_none());
    tap(&mut app, &mut store, "u");
    assert_eq!(store.checked_in(&workshop).unwrap().len(), before_here + 9);
    assert!(
        !store
            .checked_in(&workshop)
            .unwrap()
            .iter()
            .any(|p| p.last_name == "Kaczmarek")
    );
    assert_eq!(
        store.attendee_count().unwrap(),
        before_people + 10,
        "the person stays registered"
    );
}

#[test]
fn a_walk_in_needs_a_current_workshop_and_says_so() {
    let mut store = demo_store();
    let mut app = app_on(&mut store, (80, 24), COLOUR);
    tap(&mut app, &mut store, "3i");
    assert!(app.layers.record().is_none());
    assert!(app.status.as_ref().unwrap().1.contains("comptoir en cours"));
}

#[test]
fn a_known_person_is_found_as_you_type_and_checked_in_with_one_key() {
    let (mut store, mut app) = demo_app();
    let (workshop, _) = app.data.current_workshop.clone().unwrap();
    // Someone not yet at this workshop.
    let all = store.attendees(0, 1000).unwrap();
    let here: Vec<String> = store
        .checked_in(&workshop)
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    let target = all.iter().find(|p| !here.contains(&p.id)).unwrap().clone();
    tap(&mut app, &mut store, "3/");
    assert_eq!(app.context(), Context::Search);
    // Accents and case do not matter; the first name then the last.
    let query = format!(
        "{} {}",
        comptoir::domain::text::fold(&target.first_name).to_uppercase(),
        comptoir::domain::text::fold(&target.last_name)
    );
    type_text(&mut app, &mut store, &query);
    let shown = app.data.attendees.row(0).unwrap();
    assert_eq!(
        (shown.first_name.as_str(), shown.last_name.as_str()),
        (target.first_name.as_str(), target.last_name.as_str())
    );
    assert!(app.data.attendees.total < all.len());
    tap(&mut app, &mut store, "<Enter>");
    assert_eq!(app.context(), Context::Attendees);
    let rows: Vec<_> = (0..app.data.attendees.total)
        .filter_map(|i| app.data.attendees.row(i).cloned())
        .collect();
    let index = rows.iter().position(|r| r.id == target.id).unwrap();
    for _ in 0..index {
        tap(&mut app, &mut store, "<Down>");
    }
    tap(&mut app, &mut store, "p");
    assert!(store.is_checked_in(&workshop, &target.id).unwrap());
    // Checking in twice is one presence, not two.
    tap(&mut app, &mut store, "p");
    assert_eq!(
        store
            .checked_in(&workshop)
            .unwrap()
            .iter()
            .filter(|p| p.id == target.id)
            .count(),
        1
    );
    // Échap in the search clears it.
    tap(&mut app, &mut store, "/<Esc>");
    assert!(app.search.is_none());
    assert_eq!(app.data.attendees.total, all.len());
}

#[test]
fn a_commune_name_finds_its_people() {
    let store = demo_store();
    let n = store.attendee_count_matching("arras").unwrap();
    let direct = store
        .attendees(0, 1000)
        .unwrap()
        .iter()
        .filter(|p| p.commune.as_deref() == Some("62041"))
        .count() as i64;
    assert!(n >= direct);
    assert_eq!(store.attendee_count_matching("zzzz").unwrap(), 0);
    assert_eq!(store.attendee_count_matching("").unwrap(), 80);
}

#[test]
fn the_person_form_saves_each_field_when_left_and_follows_consent() {
    let (mut store, mut app) = demo_app();
    tap(&mut app, &mut store, "3n");
    type_text(&mut app, &mut store, "Anaïs");
    tap(&mut app, &mut store, "<Tab>");
    type_text(&mut app, &mut store, "Wattez");
    tap(&mut app, &mut store, "<Tab>");
    let id = app.layers.record().unwrap().id.clone();
    assert!(
        store
            .row(&comptoir::domain::model::ATTENDEES, &id)
            .unwrap()
            .is_none(),
        "not valid yet"
    );
    // 11-14: the parent's consent becomes askable.
    tap(&mut app, &mut store, "12<Tab>");
    let row = store
        .row(&comptoir::domain::model::ATTENDEES, &id)
        .unwrap()
        .expect("saved once valid");
    assert_eq!(row["age_bracket"], Value::text("11-14"));
    let form = &app.layers.record().unwrap().form;
    assert!(!form.field("parent_consent").unwrap().disabled);
    assert!(
        form.field("email").unwrap().disabled,
        "no consent: no e-mail field"
    );
    assert!(screen_text(&app).contains("gardé seulement avec son accord"));
    // Tick consent, and the parent's: the e-mail opens and the date fills itself.
    tap(&mut app, &mut store, "<Tab> <Tab> ");
    let form = &app.layers.record().unwrap().form;
    assert!(!form.field("email").unwrap().disabled);
    assert!(!form.field("consent_date").unwrap().is_blank());
    tap(&mut app, &mut store, "<Tab><Tab>");
    type_text(&mut app, &mut store, "anais@exemple.fr");
    tap(&mut app, &mut store, "<Tab>");
    let row = store
        .row(&comptoir::domain::model::ATTENDEES, &id)
        .unwrap()
        .unwrap();
    assert_eq!(row["email"], Value::text("anais@exemple.fr"));
    assert_eq!(row["parent_consent"], Value::Int(1));
    // A bad phone is said in French, under the field, and not saved.
    type_text(&mut app, &mut store, "12");
    tap(&mut app, &mut store, "<Tab>");
    let phone = app.layers.record().unwrap().form.field("phone").unwrap();
    assert!(
        phone
            .error
            .as_deref()
            .unwrap()
            .contains("numéro de téléphone invalide"),
        "{:?}",
        phone.error
    );
    assert!(app.status.as_ref().unwrap().1.contains("champ marqué ✗"));
    assert_eq!(
        store
            .row(&comptoir::domain::model::ATTENDEES, &id)
            .unwrap()
            .unwrap()["phone"],
        Value::Null
    );
}

#[test]
fn dropping_a_new_unsaved_person_asks_first() {
    let (mut store, mut app) = demo_app();
    tap(&mut app, &mut store, "3n");
    type_text(&mut app, &mut store, "Jo");
    tap(&mut app, &mut store, "<Esc>");
    assert!(matches!(app.layers.popup(), Some(Popup::Confirm { .. })));
    tap(&mut app, &mut store, "o");
    assert!(app.layers.record().is_none());
    // An untouched form just closes.
    tap(&mut app, &mut store, "n<Esc>");
    assert!(app.layers.record().is_none() && app.layers.popup().is_none());
}

#[test]
fn a_new_workshop_becomes_current_and_shows_in_the_status_bar() {
    let mut store = demo_store();
    let mut app = app_on(&mut store, (100, 30), COLOUR);
    tap(&mut app, &mut store, "2n");
    type_text(&mut app, &mut store, "14/03/2026");
    tap(&mut app, &mut store, "<Tab>");
    // The territory starts at the laptop's default (Arrageois for the demo): keep it.
    tap(&mut app, &mut store, "<Tab>");
    type_text(&mut app, &mut store, "Bapaume");
    press(
        &mut app,
        &mut store,
        &[
            key(KeyCode::Enter),
            KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
        ],
    );
    assert!(app.layers.record().is_none(), "{:?}", app.status);
    let rows = store.workshops(0, 100).unwrap();
    let new = rows.iter().find(|w| w.date == "2026-03-14").expect("saved");
    assert_eq!(new.territory, "Arrageois");
    let index = rows.iter().position(|w| w.id == new.id).unwrap();
    tap(&mut app, &mut store, "<Home>");
    for _ in 0..index {
        tap(&mut app, &mut store, "<Down>");
    }
    tap(&mut app, &mut store, "c");
    app.status = None;
    assert!(screen_text(&app).contains("comptoir 14/03/2026 · Bapaume"));
    assert_eq!(app.screen, Screen::Comptoirs);
}

#[test]
fn erasing_a_person_asks_then_erases_for_good_and_keeps_an_anonymous_count() {
    let (mut store, mut app) = demo_app();
    tap(&mut app, &mut store, "3");
    let person = app.data.attendees.row(0).unwrap().clone();
    let attendance = count(
        &store,
        &format!(
            "SELECT count(*) FROM attendance WHERE attendee = '{}' AND removed IS NOT 1",
            person.id
        ),
    );
    assert!(attendance > 0);
    tap(&mut app, &mut store, "x");
    assert!(screen_text(&app).contains(&format!(
        "Effacer définitivement {} {}",
        person.first_name, person.last_name
    )));
    tap(&mut app, &mut store, "n");
    assert!(
        store
            .row(&comptoir::domain::model::ATTENDEES, &person.id)
            .unwrap()
            .is_some()
    );
    tap(&mut app, &mut store, "xo");
    assert!(
        store
            .row(&comptoir::domain::model::ATTENDEES, &person.id)
            .unwrap()
            .is_none()
    );
    assert!(store.is_forgotten(&person.id).unwrap());
    assert_eq!(
        count(
            &store,
            &format!(
                "SELECT count(*) FROM attendance WHERE attendee = '{}' AND removed IS NOT 1",
                person.id
            )
        ),
        attendance,
        "the presence stays counted, anonymous"
    );
    assert_eq!(
        count(
            &store,
            &format!(
                "SELECT count(*) FROM changes WHERE record = '{}'",
                person.id
            )
        ),
        0
    );
}

#[test]
fn a_windows_1252_semicolon_list_is_imported_once_with_its_bad_lines_named() {
    let mut store = empty_store();
    let report =
        comptoir::import::registrations(&mut store, &fixture("inscriptions-excel-1252.csv"))
            .unwrap();
    assert_eq!(report.added, 4, "{report:?}");
    assert_eq!(report.matched, 1, "the repeated row");
    let lines: Vec<usize> = report.refused.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [6, 7, 8, 9], "{report:?}");
    assert!(report.refused[0].1.contains("nom ou prénom manquant"));
    assert!(report.refused[1].1.contains("11 ans"));
    assert!(report.refused[2].1.contains("Lille"));
    assert!(report.refused[3].1.contains("E-mail"));
    let people = store.attendees(0, 100).unwrap();
    let helene = people.iter().find(|p| p.first_name == "Hélène").unwrap();
    assert_eq!(helene.last_name, "Lefèvre");
    assert_eq!(helene.commune.as_deref(), Some("62427"), "Hénin-Beaumont");
    let row = store
        .row(&comptoir::domain::model::ATTENDEES, &helene.id)
        .unwrap()
        .unwrap();
    assert_eq!(row["email"], Value::text("helene.lefevre@exemple.fr"));
    let ines = people.iter().find(|p| p.first_name == "Inès").unwrap();
    let row = store
        .row(&comptoir::domain::model::ATTENDEES, &ines.id)
        .unwrap()
        .unwrap();
    assert_eq!(
        row["consent"],
        Value::Null,
        "no consent: no contact details kept"
    );
    let noe = people.iter().find(|p| p.first_name == "Noé").unwrap();
    assert_eq!(noe.age_bracket.as_deref(), Some("11-14"));
    let paul = people.iter().find(|p| p.first_name == "Paul").unwrap();
    assert_eq!(
        paul.commune.as_deref(),
        Some("62193"),
        "Calais, from its postal code alone"
    );

    // The same file again: nothing added.
    let again =
        comptoir::import::registrations(&mut store, &fixture("inscriptions-excel-1252.csv"))
            .unwrap();
    assert_eq!((again.added, again.matched), (0, 5));
    assert_eq!(store.attendee_count().unwrap(), 4);
}

#[test]
fn a_utf8_comma_list_with_other_columns_is_imported() {
    let mut store = empty_store();
    let report =
        comptoir::import::registrations(&mut store, &fixture("inscriptions-plateforme.csv"))
            .unwrap();
    assert_eq!(
        (report.added, report.matched, report.refused.len()),
        (3, 0, 0),
        "{report:?}"
    );
    let people = store.attendees(0, 10).unwrap();
    let jp = people.iter().find(|p| p.last_name == "Vasseur").unwrap();
    assert_eq!(jp.first_name, "Jean-Pierre, dit JP");
    assert_eq!(
        jp.commune.as_deref(),
        Some("62588"),
        "Montreuil-sur-Mer from « Montreuil »"
    );
    assert_eq!(jp.age_bracket.as_deref(), Some("65+"));
}

#[test]
fn the_import_command_and_a_file_without_names() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("base.sqlite");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_comptoir"))
        .args(["--db", db.to_str().unwrap(), "import"])
        .arg(fixture("inscriptions-excel-1252.csv"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("4 personnes ajoutées, 1 déjà connue, 4 lignes refusées"),
        "{text}"
    );
    assert!(
        text.contains("ligne 7 : Le Budget citoyen est ouvert à partir de 11 ans."),
        "{text}"
    );
    let bad = dir.path().join("sans-noms.csv");
    std::fs::write(&bad, "a;b;c\n1;2;3\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_comptoir"))
        .args(["--db", db.to_str().unwrap(), "import"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("« nom » et « prénom » introuvables"));
}

#[test]
fn the_attendance_sheet_is_csv_for_french_excel() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("base.sqlite");
    let mut store = comptoir::store::Store::open(&db, reference()).unwrap();
    comptoir::demo::build(&mut store, 8, 1).unwrap();
    let mut app = app_on(&mut store, (80, 24), COLOUR);
    let workshops = store.workshops(0, 100).unwrap();
    let index = workshops.iter().position(|w| w.attendees > 0).unwrap();
    tap(&mut app, &mut store, "2");
    for _ in 0..index {
        tap(&mut app, &mut store, "<Down>");
    }
    tap(&mut app, &mut store, "e");
    let message = app.status.clone().unwrap().1;
    assert!(message.starts_with("Feuille d'émargement ("), "{message}");
    let path = message.split(" : ").last().unwrap().to_string();
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("Feuille d'émargement : comptoir du "));
    // Under the title, the workshop's host, territory and theme; then the headers.
    assert_eq!(
        lines[2],
        "Nom;Prénom;Tranche d'âge;Commune;Structure;Signature;Signature d'un parent (moins de 15 ans)"
    );
    let people = store.checked_in(&workshops[index].id).unwrap();
    assert!(!people.is_empty());
    assert_eq!(
        lines.len(),
        3 + people.len() + comptoir::export::attendance::BLANK_ROWS
    );
    assert!(lines[3].starts_with(&format!(
        "{};{};",
        people[0].last_name, people[0].first_name
    )));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

#[test]
fn a_walk_in_who_is_already_known_is_checked_in_not_registered_twice() {
    let (mut store, mut app) = demo_app();
    let (workshop, _) = app.data.current_workshop.clone().unwrap();
    let known = store.attendees(0, 1).unwrap()[0].clone();
    let commune = store
        .reference()
        .commune_by_insee(known.commune.as_deref().unwrap())
        .unwrap()
        .name
        .clone();
    let people = store.attendee_count().unwrap();
    tap(&mut app, &mut store, "3i");
    let walk_in = |app: &mut comptoir::tui::app::App, store: &mut comptoir::store::Store| {
        // Typed without accents and in capitals, as people do in a hurry.
        type_text(
            app,
            store,
            &comptoir::domain::text::fold(&known.first_name).to_uppercase(),
        );
        press(app, store, &[key(KeyCode::Tab)]);
        type_text(app, store, &known.last_name);
        press(
            app,
            store,
            &[
                key(KeyCode::Tab),
                key(KeyCode::Char('3')),
                key(KeyCode::Char('0')),
                key(KeyCode::Tab),
            ],
        );
        type_text(app, store, &commune);
        press(app, store, &[key(KeyCode::Enter), key(KeyCode::Enter)]);
    };
    walk_in(&mut app, &mut store);
    assert!(
        matches!(app.layers.popup(), Some(Popup::LookAlike { .. })),
        "{:?}",
        app.status
    );
    assert!(screen_text(&app).contains(&format!(
        "ressemble à {} {}",
        known.first_name, known.last_name
    )));
    tap(&mut app, &mut store, "m");
    assert_eq!(store.attendee_count().unwrap(), people, "nobody added");
    assert!(store.is_checked_in(&workshop, &known.id).unwrap());
    assert!(
        app.layers
            .record()
            .unwrap()
            .form
            .fields
            .iter()
            .all(|f| f.is_untouched())
    );
    // « d »: another person of the same name, registered.
    walk_in(&mut app, &mut store);
    tap(&mut app, &mut store, "d");
    assert_eq!(store.attendee_count().unwrap(), people + 1);

    // Now they are a probable pair; merging leaves one.
    tap(&mut app, &mut store, "<Esc>d");
    assert_eq!(app.context(), Context::Duplicates);
    let pairs = app.layers.duplicates().unwrap().pairs.len();
    assert!(pairs >= 1);
    let index = app
        .layers
        .duplicates()
        .unwrap()
        .pairs
        .iter()
        .position(|(a, _, _)| a.id == known.id)
        .unwrap();
    for _ in 0..index {
        tap(&mut app, &mut store, "<Down>");
    }
    tap(&mut app, &mut store, "f");
    // Both records side by side first; the merge waits for « o ».
    assert!(matches!(app.layers.popup(), Some(Popup::Merge(_))));
    assert_eq!(store.attendee_count().unwrap(), people + 1);
    tap(&mut app, &mut store, "o");
    assert_eq!(store.attendee_count().unwrap(), people);
    assert_eq!(app.layers.duplicates().unwrap().pairs.len(), pairs - 1);
    assert!(store.is_checked_in(&workshop, &known.id).unwrap());
}

#[test]
fn filters_narrow_the_people_list_by_workshop_territory_and_age() {
    let mut store = demo_store();
    let mut app = app_on(&mut store, (80, 24), COLOUR);
    tap(&mut app, &mut store, "3f");
    assert!(screen_text(&app).contains("Filtrer les participants"));
    // No workshop; the first territory (Arrageois); the first bracket (11-14).
    tap(&mut app, &mut store, "<Tab><Right><Tab><Right><Enter>");
    assert!(app.layers.editor().is_none());
    let f = app.data.people_filter.clone();
    assert_eq!(
        (f.territory.as_deref(), f.age_bracket.as_deref()),
        (Some("Arrageois"), Some("11-14"))
    );
    let expected = store
        .attendees(0, 1000)
        .unwrap()
        .into_iter()
        .filter(|p| p.age_bracket.as_deref() == Some("11-14"))
        .filter(|p| {
            p.commune
                .as_deref()
                .and_then(|c| store.reference().commune_by_insee(c))
                .is_some_and(|c| c.territory == "Arrageois")
        })
        .count();
    assert_eq!(app.data.attendees.total, expected);
    assert!(screen_text(&app).contains("2 filtres"));
    // Delete clears a choice: back to everyone.
    tap(&mut app, &mut store, "f<Tab><Delete><Tab><Delete><Enter>");
    assert_eq!(app.data.attendees.total, 80);
}

#[test]
fn the_attendance_sheet_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("base.sqlite");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_comptoir"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap()
    };
    assert!(run(&["demo", "--no-open", "--ideas", "8"]).status.success());
    let out = dir.path().join("emargement.csv");
    let o = run(&[
        "export",
        "--format",
        "emargement",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Pas de comptoir en cours"));
    let store = comptoir::store::Store::open(&db, reference()).unwrap();
    let w = store
        .workshops(0, 100)
        .unwrap()
        .into_iter()
        .find(|w| w.attendees > 0)
        .unwrap();
    drop(store);
    let date = chrono::NaiveDate::parse_from_str(&w.date, "%Y-%m-%d")
        .unwrap()
        .format("%d/%m/%Y")
        .to_string();
    let o = run(&[
        "export",
        "--format",
        "emargement",
        "--out",
        out.to_str().unwrap(),
        "--comptoir",
        &date,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(std::fs::read(&out).unwrap()[3..].to_vec()).unwrap();
    // Title, details, headers, the people, the blank rows for walk-ins.
    assert_eq!(
        text.lines().count() as i64,
        3 + w.attendees + comptoir::export::attendance::BLANK_ROWS as i64
    );
}

/// The ids of the people a search means, read straight from the file without the indexes:
/// every word in the person's folded text; when every word has one or two letters, each the
/// start of a word of it.
fn plain_search(db: &std::path::Path, words: &[&str]) -> Vec<String> {
    let conn = connect(db);
    let mut stmt = conn
        .prepare("SELECT t.id FROM people_text t JOIN attendees p ON p.id = t.id WHERE p.merged_into IS NULL")
        .unwrap();
    let ids: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    ids.into_iter()
        .filter(|id| {
            let text: String = conn
                .query_row("SELECT text FROM people_text WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .unwrap();
            let short_only = words.iter().all(|w| w.chars().count() < 3);
            // Words as the index cuts them: at anything not a letter or a digit.
            let starts_a_word = |w: &&str| {
                text.split(|c: char| !c.is_alphanumeric())
                    .any(|t| t.starts_with(*w))
            };
            words.iter().all(|w| text.contains(w))
                && (!short_only || words.iter().all(starts_a_word))
        })
        .collect()
}

#[test]
fn search_finds_the_same_people_through_the_index_and_stops_counting_past_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("base.sqlite");
    let mut store = comptoir::store::Store::open(&db, reference()).unwrap();
    comptoir::demo::build(&mut store, 150, 7).unwrap();
    // Three letters or more go through the trigram index (anywhere in the text); one or two
    // letters alone, through the index of words (the start of a word); mixed, the long words
    // find and the short ones narrow. Accents and case do not matter.
    for (typed, words) in [
        ("mar", vec!["mar"]),
        ("ÉLI", vec!["eli"]),
        ("le", vec!["le"]),
        ("D", vec!["d"]),
        ("po e", vec!["po", "e"]),
        ("é ren", vec!["e", "ren"]),
        ("Exemple FR", vec!["exemple", "fr"]),
        ("del", vec!["del"]),
    ] {
        let mut found: Vec<String> = store
            .attendees_matching(typed, 0, 10_000)
            .unwrap()
            .into_iter()
            .map(|p| p.id)
            .collect();
        found.sort();
        let mut expected = plain_search(&db, &words);
        expected.sort();
        assert!(!expected.is_empty(), "{typed}: the demo has such people");
        let cap = comptoir::store::queries::SEARCH_COUNT_CAP as usize;
        if expected.len() <= cap {
            assert_eq!(found, expected, "{typed}");
        } else {
            // Past the cap, the list holds that many of the people found, no one else.
            assert_eq!(found.len(), cap, "{typed}");
            assert!(found.iter().all(|id| expected.contains(id)), "{typed}");
        }
        let (total, more) = store
            .people_total(&comptoir::store::queries::PeopleFilter::search(typed))
            .unwrap();
        assert_eq!(
            (total, more),
            (expected.len().min(cap) as i64, expected.len() > cap),
            "{typed}"
        );
    }
    // A word found in every text matches all 300 people: the count stops, the list says so.
    let (total, more) = store
        .people_total(&comptoir::store::queries::PeopleFilter::search("exemple"))
        .unwrap();
    assert_eq!(
        (total, more),
        (comptoir::store::queries::SEARCH_COUNT_CAP, true)
    );
    // What is typed is text, never the index's query language.
    for odd in [
        "mar\" OR *",
        "NEAR(a b)",
        "\"",
        "a:b",
        "'; DROP TABLE attendees; --",
    ] {
        store.attendees_matching(odd, 0, 50).unwrap();
        store.attendee_count_matching(odd).unwrap();
    }
    assert_eq!(store.attendee_count_matching("mar\" OR *").unwrap(), 0);
}

#[test]
fn a_search_sees_a_new_person_written_here_or_by_another_program() {
    use comptoir::domain::model::ATTENDEES;
    use comptoir::store::{Edit, Store, new_id};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("base.sqlite");
    let mut store = Store::open(&db, reference()).unwrap();
    let add = |store: &mut Store, first: &str| {
        store
            .write(&[Edit::new(&ATTENDEES, new_id())
                .set("first_name", first)
                .set("last_name", "Wattez")
                .set("age_bracket", "26-64")])
            .unwrap();
    };
    add(&mut store, "Inès");
    assert_eq!(store.attendee_count_matching("wat").unwrap(), 1);
    assert_eq!(store.attendees_matching("wat", 0, 10).unwrap().len(), 1);
    // A write on this connection is found at once,
    add(&mut store, "Noé");
    assert_eq!(store.attendee_count_matching("wat").unwrap(), 2);
    let names: Vec<String> = store
        .attendees_matching("wat", 0, 10)
        .unwrap()
        .into_iter()
        .map(|p| p.first_name)
        .collect();
    assert_eq!(names, ["Inès", "Noé"]);
    // and so is a commit by another program (a sync runs on its own connection).
    let mut other = Store::open(&db, reference()).unwrap();
    add(&mut other, "Zoé");
    assert_eq!(store.attendee_count_matching("wat").unwrap(), 3);
    assert_eq!(store.attendees_matching("wa", 0, 10).unwrap().len(), 3);
    // A window past the end is empty, not an error.
    assert!(store.attendees_matching("wat", 5, 10).unwrap().is_empty());
}

#[test]
fn a_search_lists_its_matches_by_name_even_when_many_names_start_alike() {
    use comptoir::domain::model::ATTENDEES;
    use comptoir::store::{Edit, new_id};
    let mut store = empty_store();
    // 1 500 people named alike share one place in the index: some draw the same number and
    // take the next free one; every one of them must still be found, once.
    let mut edits = Vec::new();
    for i in 0..1500 {
        edits.push(
            Edit::new(&ATTENDEES, new_id())
                .set("first_name", format!("Léa{i}"))
                .set("last_name", "Martinez")
                .set("age_bracket", "18-25"),
        );
    }
    for (last, first) in [
        ("Marchal", "Zoé"),
        ("Marchal", "Anne"),
        ("Maréchal", "Jules"),
        ("Amar", "Noé"),
    ] {
        edits.push(
            Edit::new(&ATTENDEES, new_id())
                .set("first_name", first)
                .set("last_name", last)
                .set("age_bracket", "26-64"),
        );
    }
    store.write(&edits).unwrap();
    let found = |query: &str, offset: usize| -> Vec<String> {
        store
            .attendees_matching(query, offset, 5)
            .unwrap()
            .into_iter()
            .map(|p| format!("{} {}", p.last_name, p.first_name))
            .collect()
    };
    // By folded name, last name first: « Amar » (« mar » inside) before « Marchal », and
    // « Maréchal » read as « Marechal ».
    let first = found("mar", 0);
    assert_eq!(
        first[..4],
        ["Amar Noé", "Marchal Anne", "Marchal Zoé", "Maréchal Jules"].map(String::from)
    );
    assert!(first[4].starts_with("Martinez Léa"), "{first:?}");
    // The next window goes on from there.
    assert!(found("mar", 4)[0] == first[4]);
    // The count stops past the cap; the ones named alike are all indexed, each once.
    assert_eq!(
        store.attendee_count_matching("martinez").unwrap(),
        comptoir::store::queries::SEARCH_COUNT_CAP + 1
    );
    for i in [0, 777, 1499] {
        let exact = store
            .attendees_matching(&format!("martinez lea{i}"), 0, 50)
            .unwrap();
        assert!(
            exact.iter().any(|p| p.first_name == format!("Léa{i}")),
            "Léa{i}"
        );
    }
    assert_eq!(
        count(&store, "SELECT count(DISTINCT id) FROM people_text"),
        1504
    );
    // One or two letters: the start of a word, so not « Amar ».
    assert_eq!(found("ma", 0)[0], "Marchal Anne");
}

#[test]
fn a_search_row_counts_the_workshops_as_the_check_ins_change() {
    use comptoir::domain::model::{ATTENDANCE, ATTENDEES, WORKSHOPS};
    use comptoir::store::{Edit, new_id};
    let mut store = empty_store();
    let person = new_id();
    store
        .write(&[Edit::new(&ATTENDEES, &person)
            .set("first_name", "Inès")
            .set("last_name", "Wattez")
            .set("age_bracket", "11-14")])
        .unwrap();
    let workshops = |store: &comptoir::store::Store| {
        let rows = store.attendees_matching("wattez", 0, 5).unwrap();
        assert_eq!(rows.len(), 1);
        rows[0].workshops
    };
    assert_eq!(workshops(&store), 0);
    let mut check_ins = Vec::new();
    for date in ["2026-11-02", "2026-11-09"] {
        let w = new_id();
        let a = new_id();
        store
            .write(&[
                Edit::new(&WORKSHOPS, &w)
                    .set("date", date)
                    .set("territory", "Arrageois"),
                Edit::new(&ATTENDANCE, &a)
                    .set("workshop", w.as_str())
                    .set("attendee", person.as_str())
                    .set("checked_in", 1_i64),
            ])
            .unwrap();
        check_ins.push(a);
    }
    assert_eq!(workshops(&store), 2);
    // A check-in undone counts no more; the plain list says the same.
    store
        .write(&[Edit::new(&ATTENDANCE, &check_ins[0]).set("removed", true)])
        .unwrap();
    assert_eq!(workshops(&store), 1);
    assert_eq!(store.attendees(0, 5).unwrap()[0].workshops, 1);
}

#[test]
fn a_long_list_in_batches_finds_its_own_repeats_and_keeps_going_past_refused_rows() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("liste.csv");
    // 2 500 people (more than one transaction of rows), each listed twice: by e-mail (with
    // consent) or by name and commune (without), a refused row among them.
    let mut text = String::from("Prénom;Nom;Courriel;Âge;Commune;Accord RGPD\n");
    for round in 0..2 {
        for i in 0..2500 {
            let consent = if i % 2 == 0 { "oui" } else { "non" };
            text.push_str(&format!(
                "Léa;Roux-{i};lea.roux{i}@exemple.fr;34;Arras;{consent}\n"
            ));
            if round == 0 && i == 1200 {
                text.push_str("Zoé;Sans-Âge;;;Arras;non\n");
            }
        }
    }
    std::fs::write(&list, text).unwrap();
    let mut store = empty_store();
    let report = comptoir::import::registrations(&mut store, &list).unwrap();
    assert_eq!(report.added, 2500, "{:?}", report.refused);
    assert_eq!(
        report.matched, 2500,
        "every repeat found, across transactions"
    );
    assert_eq!(report.refused.len(), 1);
    assert_eq!(
        report.refused[0].0, 1203,
        "the refused row, named by its line"
    );
    assert_eq!(store.attendee_count().unwrap(), 2500);
    assert_eq!(
        count(&store, "SELECT count(*) FROM people_text"),
        2500,
        "every person searchable"
    );
    // Once more: nobody added.
    let again = comptoir::import::registrations(&mut store, &list).unwrap();
    assert_eq!((again.added, again.matched), (0, 5000));
}
