//! Exports read as their real readers read them: Decidim's proposals importer (CSV with `;`,
//! JSON, XLSX), spreadsheets (no formula injection, phones as text, typed dates), JavaScript
//! (clocks as strings), the strict JSON import, a central file read by `report` and `export`,
//! and output piped into a reader that went away.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::*;
use comptoir::domain::codes::Decision;
use comptoir::export::{decidim, json, tables};
use comptoir::store::Store;

/// The demo's labelled ideas, not archived: what Decidim must receive.
fn labelled(store: &Store) -> Vec<(String, String)> {
    store
        .ideas(0, 10_000)
        .unwrap()
        .into_iter()
        .filter(|i| i.decision == Some(Decision::Labelled))
        .map(|i| (i.id, i.title))
        .collect()
}

#[test]
fn the_demo_holds_committee_decisions_both_ways_with_reasons() {
    let store = demo_store();
    let ideas = store.ideas(0, 10_000).unwrap();
    let yes = ideas
        .iter()
        .filter(|i| i.decision == Some(Decision::Labelled))
        .count();
    let no = ideas
        .iter()
        .filter(|i| i.decision == Some(Decision::NotLabelled))
        .count();
    assert!(yes >= 3 && no >= 3, "{yes} labelled, {no} not");
    assert!(yes + no < ideas.len(), "some ideas wait for the committee");
    for i in ideas.iter().filter(|i| i.decision.is_some()) {
        let review = store
            .row(
                &comptoir::domain::model::REVIEWS,
                &comptoir::store::review::review_id(&i.id),
            )
            .unwrap()
            .unwrap();
        let reason = review["decision_reason"].as_str().unwrap_or("");
        assert!(reason.len() > 10, "{}", i.title);
    }
}

#[test]
fn decidim_csv_is_read_with_semicolons_as_decidims_importer_reads_it() {
    let store = demo_store();
    let expected = labelled(&store);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("decidim.csv");
    let layout = decidim::Layout::of(&path, b';');
    assert_eq!(
        decidim::decidim(&store, &path, layout, None).unwrap(),
        expected.len()
    );
    let bytes = std::fs::read(&path).unwrap();
    // Ruby's `encoding: "BOM|UTF-8"` drops the mark; the csv crate is told the same.
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap()).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        headers,
        [
            "id",
            "title/fr",
            "body/fr",
            "address",
            "latitude",
            "longitude"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), expected.len());
    for (row, (id, title)) in rows.iter().zip(&expected) {
        assert_eq!(row.len(), headers.len(), "one cell per header");
        assert_eq!(&row[0], id);
        assert_eq!(&row[1], title);
        let body = &row[2];
        assert!(
            body.contains("Montant demandé au Budget citoyen : "),
            "{body}"
        );
        assert!(body.contains("Budget du projet : "), "{body}");
        assert!(body.starts_with("<p>"), "{body}");
        // Commune, postal code, department: geocodable.
        let address = &row[3];
        assert!(
            address.ends_with(", Pas-de-Calais, France") && address.starts_with("62"),
            "{address}"
        );
    }
    // A comma-separated file for a platform set to `,`.
    let comma = dir.path().join("virgules.csv");
    decidim::decidim(
        &store,
        &comma,
        decidim::Layout::Csv { separator: b',' },
        None,
    )
    .unwrap();
    let text = std::fs::read_to_string(&comma).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b',')
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    assert_eq!(&reader.headers().unwrap()[1], "title/fr");
    assert_eq!(reader.records().count(), expected.len());
}

#[test]
fn decidim_json_and_xlsx_carry_the_same_columns() {
    let store = demo_store();
    let expected = labelled(&store);
    let dir = tempfile::tempdir().unwrap();
    let mapping: decidim::Mapping = serde_json::from_str(
        r#"{"themes": {"alimentation": 1, "reemploi": 2, "culture": 3, "mobilite": 4,
            "environnement": 5, "numerique": 6, "sport": 7, "lien-social": 8, "sante": 9,
            "jeunesse": 10, "Citoyenneté et démocratie": 11},
            "territoires": {"Arrageois": 21, "Artois": 22, "Audomarois": 23, "Boulonnais": 24,
            "Calaisis": 25, "Lens-Liévin": 26, "Montreuillois-Ternois": 27, "Hénin-Carvin": 28}}"#,
    )
    .unwrap();
    let path = dir.path().join("decidim.json");
    decidim::decidim(&store, &path, decidim::Layout::Json, Some(&mapping)).unwrap();
    let rows: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(rows.len(), expected.len());
    // Decidim's JSON reader takes the first object's keys as headers and every object's
    // values in order: the same keys, in the same order, everywhere.
    let keys: Vec<&String> = rows[0].keys().collect();
    for k in [
        "title/fr",
        "body/fr",
        "address",
        "taxonomies/ids",
        "scope/id",
    ] {
        assert!(keys.iter().any(|x| *x == k), "{k} in {keys:?}");
    }
    for (row, (_, title)) in rows.iter().zip(&expected) {
        assert_eq!(row.keys().collect::<Vec<_>>(), keys);
        assert_eq!(row["title/fr"], *title);
        let ids = row["taxonomies/ids"].as_str().unwrap();
        assert!(
            ids.split(',')
                .all(|i| i.parse::<u32>().is_ok_and(|n| n <= 11)),
            "{ids}"
        );
        assert!((21..=28).contains(&row["scope/id"].as_u64().unwrap()));
    }
    let xlsx = dir.path().join("decidim.xlsx");
    decidim::decidim(&store, &xlsx, decidim::Layout::Xlsx, Some(&mapping)).unwrap();
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let first = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&first).unwrap();
    let head: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(&head[..4], ["id", "title/fr", "body/fr", "address"]);
    assert_eq!(head[6], "taxonomies/ids");
    assert_eq!(head[7], "scope/id");
    assert_eq!(range.height(), expected.len() + 1);
    // A mapping that misses a territory is said, and nothing is written.
    let mut partial = mapping.clone();
    partial.territoires.remove("Calaisis");
    partial.territoires.remove("Arrageois");
    let refused = dir.path().join("refus.csv");
    let err = decidim::decidim(
        &store,
        &refused,
        decidim::Layout::Csv { separator: b';' },
        Some(&partial),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("territoire"), "{err}");
    assert!(!refused.exists());
}

/// A registration list whose names and phones a spreadsheet would take for formulas or
/// numbers.
const HOSTILE: &str = "prenom;nom;email;telephone;ville;tranche d'age;consentement
\"=HYPERLINK(\"\"http://x.invalid\"\";\"\"clic\"\")\";Martin;a@exemple.fr;0612345678;Arras;26-64;oui
+Léa;-2+3;b@exemple.fr;+33612345678;Arras;26-64;oui
@SOMME(A1);Dupont;c@exemple.fr;06 11 22 33 44;Arras;18-25;oui
";

fn hostile_base(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("base.sqlite");
    demo_base(&db, 8, 7);
    let list = dir.join("inscriptions.csv");
    std::fs::write(&list, HOSTILE).unwrap();
    let out = comptoir_bin()
        .args(["import", s(&list), "--db", s(&db)])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", said(&out));
    db
}

#[test]
fn no_cell_of_any_csv_or_xlsx_export_is_a_formula_and_phones_stay_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = hostile_base(dir.path());
    let export = |format: &str, out: &std::path::Path| {
        let o = comptoir_bin()
            .args([
                "export",
                "--format",
                format,
                "--out",
                s(out),
                "--db",
                s(&db),
            ])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", said(&o));
    };
    export("csv", &dir.path().join("csv"));
    export("xlsx", &dir.path().join("tout.xlsx"));
    let mut seen_hostile = 0;
    for e in std::fs::read_dir(dir.path().join("csv")).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        for row in reader.records() {
            for cell in row.unwrap().iter() {
                let first = cell.trim_start().chars().next();
                assert!(
                    !matches!(first, Some('=' | '+' | '-' | '@')),
                    "« {cell} » would be a formula"
                );
                if cell.starts_with("'=HYPERLINK") || cell == "'-2+3" || cell == "'+Léa" {
                    seen_hostile += 1;
                }
            }
        }
    }
    assert_eq!(seen_hostile, 3, "the hostile names are there, as text");
    let people = std::fs::read_to_string(dir.path().join("csv/participants.csv")).unwrap();
    assert!(people.contains(";06 12 34 56 78;"), "{people}");
    assert!(people.contains(";'+33 6 12 34 56 78;"), "{people}");

    let mut book: Xlsx<_> = open_workbook(dir.path().join("tout.xlsx")).unwrap();
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "a formula in {name}"
        );
    }
    let range = book.worksheet_range("Participants").unwrap();
    let cells: Vec<&Data> = range.used_cells().map(|(_, _, c)| c).collect();
    for text in [
        "=HYPERLINK(\"http://x.invalid\";\"clic\")",
        "-2+3",
        "06 12 34 56 78",
        "+33 6 12 34 56 78",
    ] {
        assert!(
            cells.contains(&&Data::String(text.into())),
            "« {text} » as a text cell"
        );
    }
}

#[test]
fn xlsx_holds_real_dates_labels_and_what_an_analyst_needs() {
    let store = demo_store();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tout.xlsx");
    tables::xlsx(&store, &path, false).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let header = |range: &calamine::Range<Data>| -> Vec<String> {
        range
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect()
    };
    let presence = book.worksheet_range("Présences").unwrap();
    let col = header(&presence)
        .iter()
        .position(|h| h == "Pointé le")
        .unwrap();
    match presence.get((1, col)) {
        Some(Data::DateTime(d)) => {
            // A demo check-in is 10:00 UTC on a day of 2026.
            let days = d.as_f64();
            assert!((46_000.0..46_400.0).contains(&days), "{days}");
        }
        other => panic!("a date and time, not {other:?}"),
    }
    let ideas = book.worksheet_range("Idées").unwrap();
    let head = header(&ideas);
    for h in [
        "Territoire",
        "Date du comptoir",
        "Porteurs",
        "Dépenses totales",
        "Recettes",
        "Montant demandé",
        "Niveau",
        "Décision",
    ] {
        assert!(head.contains(&h.to_string()), "{h} in {head:?}");
    }
    let at = |h: &str| head.iter().position(|x| x == h).unwrap();
    let rows: Vec<&[Data]> = ideas.rows().skip(1).collect();
    assert!(
        rows.iter()
            .any(|r| r[at("Décision")] == Data::String("Labellisée".into()))
    );
    assert!(
        rows.iter()
            .any(|r| matches!(r[at("Date du comptoir")], Data::DateTime(_)))
    );
    assert!(
        rows.iter()
            .any(|r| matches!(r[at("Montant demandé")], Data::Float(x) if x > 1000.0))
    );
    assert!(
        rows.iter()
            .all(|r| !r[at("Thèmes")].to_string().contains("lien-social")),
        "themes by their names"
    );
    for sheet in ["Budget", "Porteurs"] {
        let range = book.worksheet_range(sheet).unwrap();
        let head = header(&range);
        let idea = head.iter().position(|h| h == "Idée").unwrap();
        assert_eq!(head[idea + 1], "Titre de l'idée", "{sheet}");
        let budget_kind = range.rows().nth(1).unwrap()[idea + 1].to_string();
        assert!(!budget_kind.is_empty(), "{sheet}");
    }
    let budget = book.worksheet_range("Budget").unwrap();
    assert!(
        budget
            .rows()
            .skip(1)
            .all(|r| r.iter().all(|c| *c != Data::String("depense".into()))),
        "kinds by their labels"
    );
}

/// What JavaScript does to a JSON file: every number through a double.
fn through_javascript(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Number(n) => {
            let x = n.as_f64().unwrap();
            *v = serde_json::json!(x as i64);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(through_javascript),
        serde_json::Value::Object(o) => o.values_mut().for_each(through_javascript),
        _ => {}
    }
}

#[test]
fn json_clocks_survive_javascript_and_the_file_names_its_version() {
    let store = demo_store();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.json");
    json::json(&store, &path, false).unwrap();
    let mut root: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(root["format"], "comptoir");
    assert_eq!(root["version"], 2);
    let changes = root["changes"].as_array().unwrap();
    assert!(
        changes
            .iter()
            .all(|c| c["clock"].is_string() && c["seen"].is_string())
    );
    assert!(
        changes
            .iter()
            .any(|c| c["clock"].as_str().unwrap().parse::<u64>().unwrap() > 1 << 53),
        "clocks past 2^53 exist, written as strings"
    );
    through_javascript(&mut root);
    let mangled = dir.path().join("js.json");
    std::fs::write(&mangled, serde_json::to_string(&root).unwrap()).unwrap();
    let mut other = Store::open(&dir.path().join("autre.sqlite"), reference()).unwrap();
    json::import_json(&mut other, &mangled).unwrap();
    assert_eq!(other.digest().unwrap(), store.digest().unwrap());
}

#[test]
fn a_bad_json_file_is_refused_whole_naming_the_change_record_and_field() {
    let store = demo_store();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.json");
    json::json(&store, &path, false).unwrap();
    let good: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let first = |field: &str| {
        good["changes"]
            .as_array()
            .unwrap()
            .iter()
            .position(|c| c["field"] == field)
            .unwrap()
    };
    let cases: Vec<(usize, &str, serde_json::Value, &str)> = vec![
        (
            first("amount"),
            "value",
            serde_json::json!("douze"),
            "nombre entier attendu",
        ),
        (first("amount"), "value", serde_json::json!(-500), "négatif"),
        (
            first("kind"),
            "value",
            serde_json::json!("bogus"),
            "choix inconnu",
        ),
        (
            first("date"),
            "value",
            serde_json::json!("2026-13-45"),
            "date invalide",
        ),
        (
            first("title"),
            "clock",
            serde_json::json!(123456),
            "horloge écrite en nombre",
        ),
        (
            first("title"),
            "table",
            serde_json::json!("nope"),
            "table inconnue",
        ),
    ];
    let mut other = Store::open(&dir.path().join("autre.sqlite"), reference()).unwrap();
    let before = other.counts().unwrap().changes;
    for (i, key, value, why) in cases {
        let mut bad = good.clone();
        bad["changes"][i][key] = value;
        let file = dir.path().join("mauvais.json");
        std::fs::write(&file, serde_json::to_string(&bad).unwrap()).unwrap();
        let err = json::import_json(&mut other, &file)
            .unwrap_err()
            .to_string();
        let record = good["changes"][i]["record"].as_str().unwrap();
        assert!(err.contains(why), "{why}: {err}");
        assert!(err.contains(&format!("modification n° {}", i + 1)), "{err}");
        if key != "table" {
            assert!(err.contains(record), "{err}");
        }
        assert!(err.contains("Rien n'a été importé"), "{err}");
        assert_eq!(other.counts().unwrap().changes, before, "nothing merged");
    }
}

/// A comptoir file opened read-only, keyed with the tests' passphrase when it is encrypted
/// (its header then says nothing readable).
fn read_only(path: &std::path::Path) -> rusqlite::Connection {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    if comptoir::store::cipher::content(path) == comptoir::store::Content::Encrypted {
        conn.pragma_update(None, "key", PHRASE).unwrap();
    }
    conn
}

/// The journal mode of a SQLite file: `wal` when its header says so, else `delete`.
fn journal_mode(path: &std::path::Path) -> String {
    read_only(path)
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn report_and_export_leave_a_central_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let laptop = dir.path().join("portable.sqlite");
    demo_base(&laptop, 8, 3);
    let central = dir.path().join("centrale.sqlite");
    let o = comptoir_bin()
        .args(["merge", "--into", s(&central), s(&laptop)])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", said(&o));
    assert_eq!(
        comptoir::store::cipher::content(&central),
        comptoir::store::Content::Encrypted
    );
    assert_eq!(
        journal_mode(&central),
        "delete",
        "a central file in rollback mode"
    );
    let place = || {
        read_only(&central)
            .query_row("SELECT path, host, hex(site) FROM local", [], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .unwrap()
    };
    let before = place();
    let digest = file_digest(&central);
    let o = comptoir_bin()
        .args(["report", "--db", s(&central)])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", said(&o));
    assert!(said(&o).contains("Comptoirs : "), "{}", said(&o));
    let out = dir.path().join("centrale.json");
    let o = comptoir_bin()
        .args([
            "export",
            "--format",
            "json",
            "--out",
            s(&out),
            "--db",
            s(&central),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", said(&o));
    assert_eq!(journal_mode(&central), "delete", "still in rollback mode");
    assert!(!dir.path().join("centrale.sqlite-wal").exists());
    assert_eq!(
        place(),
        before,
        "no host, path or site of this laptop recorded"
    );
    assert_eq!(file_digest(&central), digest);
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("base.sqlite");
    demo_base(&db, 8, 5);
    let runs: [&[&str]; 3] = [
        &["report"],
        &["report", "--json"],
        &["export", "--format", "json", "--out", "/dev/stdout"],
    ];
    for args in runs {
        // The reading end closed before the program writes a byte: every write fails.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let o = comptoir_bin()
            .args(args)
            .args(["--db", s(&db)])
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        // Ended as a Unix tool ends (SIGPIPE) or quietly with success; never a panic (101).
        #[cfg(unix)]
        let by_sigpipe = {
            use std::os::unix::process::ExitStatusExt;
            o.status.signal() == Some(libc::SIGPIPE)
        };
        #[cfg(not(unix))]
        let by_sigpipe = false;
        assert!(
            o.status.success() || by_sigpipe,
            "{args:?}: {:?} {err}",
            o.status
        );
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}
