//! Reports and exports: CSV bytes for French Excel, XLSX read back, JSON export → import →
//! export identical, public exports free of personal data, Decidim's CSV, the report.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::*;
use comptoir::domain::model::{ATTENDEES, BUDGET_LINES, IDEAS, REVIEWS, WORKSHOPS};
use comptoir::export::{decidim, json, report, tables};
use comptoir::store::{Edit, Store, derived_id, new_id};

/// A small base whose every value is known.
fn known(store: &mut Store) -> (String, String) {
    let w = new_id();
    let p = new_id();
    let i = new_id();
    store
        .write(&[
            Edit::new(&WORKSHOPS, &w)
                .set("date", "2026-03-04")
                .set("territory", "Calaisis")
                .set("commune", "62193"),
            Edit::new(&ATTENDEES, &p)
                .set("first_name", "Ophélie")
                .set("last_name", "Quennehen")
                .set("age_bracket", "26-64")
                .set("consent", true)
                .set("email", "ophelie.quennehen@exemple.fr")
                .set("phone", "06 98 76 54 32"),
            Edit::new(&IDEAS, &i)
                .set("title", "Jardin « partagé »; côté mer")
                .set("referent", "Maître Grégoire Vandenbussche")
                .set("commune", "62193"),
        ])
        .unwrap();
    store
        .write(&[
            Edit::new(&comptoir::domain::model::HOLDERS, derived_id(&i, &p))
                .set("idea", i.as_str())
                .set("attendee", p.as_str()),
            Edit::new(&BUDGET_LINES, new_id())
                .set("idea", i.as_str())
                .set("kind", "depense")
                .set("nature", "investissement")
                .set("label", "Bacs ; terre")
                .set("amount", 1_250_050i64),
            Edit::new(&REVIEWS, derived_id(&i, "revue"))
                .set("idea", i.as_str())
                .set("decision", "labellisee")
                .set("decision_reason", "Utile")
                .set("decision_date", "2026-06-15"),
        ])
        .unwrap();
    (p, i)
}

#[test]
fn csv_files_are_for_french_excel_byte_for_byte() {
    let mut store = empty_store();
    let (_, idea) = known(&mut store);
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(tables::csv(&store, dir.path(), false).unwrap(), 7);
    let bytes = std::fs::read(dir.path().join("budget.csv")).unwrap();
    let line = store.budget(&idea).unwrap()[0].id.clone();
    let expected = format!(
        "\u{feff}Identifiant;Idée;Titre de l'idée;Type;Nature;Libellé;Montant;Financeur;Retiré\n{line};{idea};\"Jardin « partagé »; côté mer\";Dépense;Investissement;\"Bacs ; terre\";12500,50;;\n"
    );
    assert_eq!(String::from_utf8(bytes).unwrap(), expected);
    let workshops = std::fs::read_to_string(dir.path().join("comptoirs.csv")).unwrap();
    assert!(
        workshops.contains(";04/03/2026;Calaisis;Calais;"),
        "{workshops}"
    );
}

#[test]
fn xlsx_sheets_hold_numbers_dates_and_headers() {
    let mut store = empty_store();
    known(&mut store);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.xlsx");
    tables::xlsx(&store, &path, false).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Comptoirs",
            "Participants",
            "Présences",
            "Idées",
            "Porteurs",
            "Budget",
            "Revues"
        ]
    );
    let budget = book.worksheet_range("Budget").unwrap();
    assert_eq!(budget.get((0, 6)), Some(&Data::String("Montant".into())));
    assert_eq!(budget.get((1, 6)), Some(&Data::Float(12500.5)));
    let workshops = book.worksheet_range("Comptoirs").unwrap();
    match workshops.get((1, 2)) {
        // Excel counts days from 1899-12-30: 4 March 2026 is day 46085.
        Some(Data::DateTime(d)) => assert_eq!(d.as_f64(), 46085.0),
        other => panic!("a date, not {other:?}"),
    }
}

#[test]
fn json_export_import_export_is_identical_and_an_import_is_a_merge() {
    let mut store = demo_store();
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("un.json");
    json::json(&store, &first, false).unwrap();
    let db = dir.path().join("autre.sqlite");
    let mut other = Store::open(&db, reference()).unwrap();
    let received = json::import_json(&mut other, &first).unwrap();
    assert_eq!(received as i64, store.counts().unwrap().changes);
    assert_eq!(other.digest().unwrap(), store.digest().unwrap());
    let second = dir.path().join("deux.json");
    json::json(&other, &second, false).unwrap();
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap()
    );
    // Importing again changes nothing.
    assert_eq!(json::import_json(&mut other, &first).unwrap(), 0);
    let _ = &mut store;
}

#[test]
fn public_exports_hold_no_personal_value() {
    let mut store = demo_store();
    let (person, _) = known(&mut store);
    let row = store.row(&ATTENDEES, &person).unwrap().unwrap();
    let mut personal: Vec<String> = vec![
        "Maître Grégoire Vandenbussche".into(),
        "Animatrice démo".into(),
    ];
    for p in store.attendees(0, 10_000).unwrap() {
        personal.push(p.last_name.clone());
        if let Some(r) = store.row(&ATTENDEES, &p.id).unwrap() {
            for f in ["email", "phone"] {
                if let Some(v) = r[f].as_str() {
                    personal.push(v.to_string());
                }
            }
        }
    }
    assert!(personal.contains(&row["email"].as_str().unwrap().to_string()));
    let dir = tempfile::tempdir().unwrap();
    tables::csv(&store, &dir.path().join("csv"), true).unwrap();
    json::json(&store, &dir.path().join("public.json"), true).unwrap();
    tables::xlsx(&store, &dir.path().join("public.xlsx"), true).unwrap();
    let decidim_csv = dir.path().join("decidim.csv");
    decidim::decidim(
        &store,
        &decidim_csv,
        decidim::Layout::of(&decidim_csv, b';'),
        None,
    )
    .unwrap();
    let mut texts = vec![std::fs::read_to_string(dir.path().join("public.json")).unwrap()];
    texts.push(std::fs::read_to_string(dir.path().join("decidim.csv")).unwrap());
    for e in std::fs::read_dir(dir.path().join("csv")).unwrap() {
        texts.push(std::fs::read_to_string(e.unwrap().path()).unwrap());
    }
    let mut book: Xlsx<_> = open_workbook(dir.path().join("public.xlsx")).unwrap();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        texts.push(
            range
                .rows()
                .flatten()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    for text in &texts {
        for value in &personal {
            assert!(
                !text.contains(value.as_str()),
                "« {value} » in a public export"
            );
        }
    }
    assert!(
        texts[0].contains("O.Q."),
        "a holder without structure appears by initials"
    );
}

#[test]
fn decidim_gets_the_labelled_projects_only() {
    let mut store = empty_store();
    let (_, idea) = known(&mut store);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("decidim.csv");
    assert_eq!(
        decidim::decidim(&store, &path, decidim::Layout::of(&path, b';'), None).unwrap(),
        1
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec![
            "id",
            "title/fr",
            "body/fr",
            "address",
            "latitude",
            "longitude"
        ]
    );
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[0], idea.as_str());
    assert_eq!(&row[1], "Jardin « partagé »; côté mer");
    assert!(
        row[2].contains("Montant demandé au Budget citoyen : 12 500,50 €"),
        "{}",
        &row[2]
    );
    assert!(row[2].contains("Porté par : O.Q."), "{}", &row[2]);
    assert_eq!(&row[3], "62100 Calais, Pas-de-Calais, France");
}

#[test]
fn the_report_counts_what_the_base_holds() {
    let store = demo_store();
    let r = report::build(&store).unwrap();
    assert_eq!(r.total.workshops, 12);
    assert_eq!(
        r.total.ideas_by_level[..],
        store.stage_counts().unwrap()[..4],
        "the undecided ideas by level, as the screens count them"
    );
    let stages = store.stage_counts().unwrap();
    assert_eq!([r.total.labelled, r.total.not_labelled], stages[4..]);
    assert_eq!(r.total.ideas(), store.idea_count().unwrap());
    // The text: one label per idea, its decision once taken.
    let text = comptoir::i18n::with_lang(comptoir::i18n::Lang::Fr, || report::text(&r));
    let line = text.lines().find(|l| l.starts_with("Maturité :")).unwrap();
    for (label, n) in [
        ("Prête pour la labellisation", stages[3]),
        ("Labellisée", stages[4]),
        ("Non labellisée", stages[5]),
    ] {
        assert!(line.contains(&format!("{label} : {n}")), "{line}");
    }
    assert_eq!(r.total.requested, store.requested_total().unwrap());
    assert_eq!(r.territories.len(), 8);
    assert_eq!(
        r.territories.iter().map(|(_, f)| f.workshops).sum::<i64>(),
        12
    );
    assert!(r.total.attendees <= 80 && r.total.attendees > 0);
    assert_eq!(r.total.by_age.iter().sum::<i64>(), r.total.attendees);
    let text = report::text(&r);
    assert!(text.contains("Comptoirs : 12"), "{text}");
    assert!(text.contains("Calaisis"));
    let json = serde_json::to_value(&r).unwrap();
    for key in [
        "campaign",
        "envelope",
        "total",
        "territories",
        "themes",
        "open_conflicts",
        "devices",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
}

#[test]
fn a_public_export_leaves_out_notes_committee_words_person_ids_and_archived_ideas() {
    let mut store = empty_store();
    let (person, idea) = known(&mut store);
    let workshop = store.record_ids("workshops").unwrap()[0].clone();
    let archived = new_id();
    let line = new_id();
    store
        .write(&[
            Edit::new(&IDEAS, &idea).set("notes", "NOTE-INTERNE-IDEE"),
            Edit::new(&WORKSHOPS, &workshop).set("notes", "NOTE-INTERNE-COMPTOIR"),
            Edit::new(&REVIEWS, derived_id(&idea, "revue"))
                .set("recommendation", "prete")
                .set("comment", "COMMENTAIRE-ANIMATEUR")
                .set("decision_reason", "MOTIF-DU-COMITE"),
            Edit::new(&IDEAS, &archived)
                .set("title", "IDEE-ARCHIVEE")
                .set("archived", true),
            Edit::new(&BUDGET_LINES, &line)
                .set("idea", archived.as_str())
                .set("kind", "depense")
                .set("label", "LIGNE-ARCHIVEE")
                .set("amount", 10_000i64),
            Edit::new(&REVIEWS, derived_id(&archived, "revue"))
                .set("idea", archived.as_str())
                .set("decision", "labellisee"),
            Edit::new(
                &comptoir::domain::model::HOLDERS,
                derived_id(&archived, &person),
            )
            .set("idea", archived.as_str())
            .set("attendee", person.as_str()),
            Edit::new(
                &comptoir::domain::model::ATTENDANCE,
                derived_id(&workshop, &person),
            )
            .set("workshop", workshop.as_str())
            .set("attendee", person.as_str())
            .set("checked_in", MORNING_MS),
        ])
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    tables::csv(&store, &dir.path().join("csv"), true).unwrap();
    json::json(&store, &dir.path().join("public.json"), true).unwrap();
    tables::xlsx(&store, &dir.path().join("public.xlsx"), true).unwrap();
    let mut texts = vec![std::fs::read_to_string(dir.path().join("public.json")).unwrap()];
    for e in std::fs::read_dir(dir.path().join("csv")).unwrap() {
        texts.push(std::fs::read_to_string(e.unwrap().path()).unwrap());
    }
    let mut book: Xlsx<_> = open_workbook(dir.path().join("public.xlsx")).unwrap();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        texts.push(
            range
                .rows()
                .flatten()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    let all = texts.join("\n");
    for hidden in [
        "NOTE-INTERNE-IDEE",
        "NOTE-INTERNE-COMPTOIR",
        "COMMENTAIRE-ANIMATEUR",
        "MOTIF-DU-COMITE",
        "Utile",
        "IDEE-ARCHIVEE",
        "LIGNE-ARCHIVEE",
        archived.as_str(),
        line.as_str(),
        person.as_str(),
    ] {
        assert!(!all.contains(hidden), "« {hidden} » in a public export");
    }
    // What is public stays: the idea, its decision, the attendance (without its person).
    let public: serde_json::Value = serde_json::from_str(&texts[0]).unwrap();
    assert_eq!(public["ideas"].as_array().unwrap().len(), 1);
    assert_eq!(public["reviews"].as_array().unwrap().len(), 1);
    assert_eq!(public["reviews"][0]["decision"], "labellisee");
    assert_eq!(public["attendance"].as_array().unwrap().len(), 1);
    assert!(public["attendance"][0].get("attendee").is_none());
    assert!(all.contains("Jardin « partagé »; côté mer"));
    // The same export, not public, holds them all: the words above are really in the base.
    json::json(&store, &dir.path().join("tout.json"), false).unwrap();
    let full = std::fs::read_to_string(dir.path().join("tout.json")).unwrap();
    for kept in [
        "NOTE-INTERNE-IDEE",
        "MOTIF-DU-COMITE",
        "IDEE-ARCHIVEE",
        person.as_str(),
    ] {
        assert!(full.contains(kept), "{kept}");
    }
}
