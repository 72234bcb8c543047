//! The sheets a person reads: the project sheets (HTML, and Markdown as a renderer that lets
//! HTML through shows it), read back with an HTML parser, and the attendance sheet
//! (*feuille d'émargement*) as HTML for print and CSV for French Excel.

mod common;

use common::*;
use comptoir::domain::model::{ATTENDANCE, ATTENDEES, BUDGET_LINES, IDEAS, REVIEWS, WORKSHOPS};
use comptoir::export::{attendance, sheet};
use comptoir::store::{Edit, Store, derived_id, new_id};
use scraper::{Html, Selector};

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn text_of(e: &scraper::ElementRef) -> String {
    e.text().collect::<String>()
}

/// What the person typed: markup, links to scripts and Markdown syntax in every field.
const TITLE: &str = "<script>alert(\"t\")</script> [clic](javascript:alert(1)) **gras** # titre";
const SUMMARY: &str = "<img src=x onerror=alert(2)> _souligné_ `code`";
const DESCRIPTION: &str = "ligne 1\n<iframe src=\"javascript:alert(3)\"></iframe>\n- liste\n1. un\n> cité\n<a href=\"javascript:alert(4)\">lien</a>\n---";
const NEXT: &str = "![image](javascript:alert(5)) <javascript:alert(6)> &lt;b&gt;";
const LINE: &str = "| cassé | <b>x</b>";

/// A workshop of 4 March 2026 in Calais and an idea captured there whose every text is hostile.
fn hostile_idea(store: &mut Store) -> String {
    let w = new_id();
    let i = new_id();
    store
        .write(&[
            Edit::new(&WORKSHOPS, &w)
                .set("date", "2026-03-04")
                .set("territory", "Calaisis")
                .set("commune", "62193"),
            Edit::new(&IDEAS, &i)
                .set("title", TITLE)
                .set("summary", SUMMARY)
                .set("description", DESCRIPTION)
                .set("next_steps", NEXT)
                .set("workshop", w.as_str())
                .set("themes", r#"["alimentation","culture"]"#)
                .set("commune", "62193"),
        ])
        .unwrap();
    store
        .write(&[
            Edit::new(&BUDGET_LINES, new_id())
                .set("idea", i.as_str())
                .set("kind", "depense")
                .set("label", LINE)
                .set("amount", 500_000i64),
            Edit::new(&REVIEWS, derived_id(&i, "revue"))
                .set("idea", i.as_str())
                .set("decision", "labellisee")
                .set("decision_reason", "<script>alert(7)</script>")
                .set("decision_date", "2026-06-15"),
        ])
        .unwrap();
    i
}

/// No element that runs, loads or links anything, and no attribute that names a script.
fn assert_inert(doc: &Html, what: &str) {
    for tag in [
        "script",
        "img",
        "iframe",
        "a",
        "code",
        "blockquote",
        "ol",
        "hr",
    ] {
        assert!(select(doc, tag).is_empty(), "{what}: a <{tag}> element");
    }
    for e in select(doc, "*") {
        for (name, value) in e.value().attrs() {
            assert!(
                !value.to_lowercase().contains("javascript") && !name.starts_with("on"),
                "{what}: {name}=\"{value}\""
            );
        }
    }
}

#[test]
fn a_project_sheet_shows_what_was_typed_as_text_in_html_and_in_rendered_markdown() {
    let mut store = empty_store();
    let idea = hostile_idea(&mut store);

    let page = Html::parse_document(&sheet::html(&store, &idea).unwrap());
    assert_inert(&page, "HTML");
    let h1 = select(&page, "h1");
    assert_eq!(h1.len(), 1);
    assert_eq!(text_of(&h1[0]), TITLE);
    assert_eq!(text_of(&select(&page, "title")[0]), TITLE);
    let body = text_of(&select(&page, "body")[0]);
    for typed in [SUMMARY, LINE, "<script>alert(7)</script>", NEXT] {
        assert!(body.contains(typed), "« {typed} » as text in {body}");
    }
    // Each line of the description, as typed, one <br> between lines.
    for line in DESCRIPTION.lines() {
        assert!(body.contains(line), "« {line} »");
    }

    // The Markdown, rendered by a renderer that lets HTML through (CommonMark, with tables).
    let md = sheet::markdown(&store, &idea).unwrap();
    let mut rendered = String::new();
    pulldown_cmark::html::push_html(
        &mut rendered,
        pulldown_cmark::Parser::new_ext(&md, pulldown_cmark::Options::ENABLE_TABLES),
    );
    let doc = Html::parse_fragment(&rendered);
    assert_inert(&doc, "Markdown");
    let h1 = select(&doc, "h1");
    assert_eq!(h1.len(), 1, "{rendered}");
    assert_eq!(text_of(&h1[0]), TITLE, "{md}");
    // The budget table keeps its five columns: the typed « | » is a character in a cell.
    let cells: Vec<String> = select(&doc, "tbody tr td").iter().map(text_of).collect();
    assert_eq!(cells.len(), 5, "{rendered}");
    assert_eq!(cells[2], LINE);
    let text = text_of(&select(&doc, "*")[0]);
    for typed in [SUMMARY, "<script>alert(7)</script>", NEXT] {
        assert!(text.contains(typed), "« {typed} » as text in {text}");
    }
    for line in DESCRIPTION.lines() {
        assert!(text.contains(line), "« {line} » in {text}");
    }
}

#[test]
fn a_project_sheet_gives_its_workshop_themes_and_dates_the_french_way() {
    let mut store = empty_store();
    let idea = hostile_idea(&mut store);
    let html = sheet::html(&store, &idea).unwrap();
    let page = Html::parse_document(&html);
    let body = text_of(&select(&page, "body")[0]);
    let md = sheet::markdown(&store, &idea).unwrap();
    assert!(body.contains("Comptoir : 04/03/2026 · Calais"), "{body}");
    assert!(md.contains("**Comptoir** : 04/03/2026 · Calais"), "{md}");
    for text in [&body, &md] {
        assert!(
            text.contains("Alimentation et circuits courts, Culture et patrimoine"),
            "{text}"
        );
        assert!(text.contains("15/06/2026"), "{text}");
        assert!(!text.contains("2026-06-15") && !text.contains("2026-03-04"));
    }
}

#[test]
fn every_idea_has_its_own_sheet_files_whatever_its_title() {
    let mut store = empty_store();
    let same: Vec<String> = (0..3).map(|_| new_id()).collect();
    let long = "œ".repeat(200);
    let mut edits: Vec<Edit> = same
        .iter()
        .map(|id| Edit::new(&IDEAS, id).set("title", "Jardin partagé"))
        .collect();
    edits.push(Edit::new(&IDEAS, new_id()).set("title", long.as_str()));
    // One write: the ideas are made in the same millisecond, their ids alike at the start.
    store.write(&edits).unwrap();
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(sheet::write_all(&store, dir.path()).unwrap(), 4);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 8, "{names:?}");
    for n in &names {
        assert!(n.len() < 100, "{n}");
    }
    let html = names.iter().filter(|n| n.ends_with(".html"));
    let titles: Vec<String> = html
        .map(|n| {
            let page = Html::parse_document(&std::fs::read_to_string(dir.path().join(n)).unwrap());
            text_of(&select(&page, "h1")[0])
        })
        .collect();
    assert_eq!(titles.iter().filter(|t| *t == "Jardin partagé").count(), 3);
    assert!(titles.contains(&long));
}

/// A person for the attendance sheet.
fn person(first: &str, last: &str, bracket: &str) -> Edit {
    let mut e = Edit::new(&ATTENDEES, new_id())
        .set("first_name", first)
        .set("last_name", last)
        .set("age_bracket", bracket)
        .set("commune", "62041");
    if bracket == "11-14" {
        e = e.set("consent", true).set("parent_consent", true);
    }
    e
}

fn check_in(store: &mut Store, workshop: &str, person: &str) {
    store
        .write(&[Edit::new(&ATTENDANCE, derived_id(workshop, person))
            .set("workshop", workshop)
            .set("attendee", person)
            .set("checked_in", MORNING_MS)
            .set("removed", false)])
        .unwrap();
}

/// A workshop in Calais on 4 March 2026, three people checked in, four registered for it
/// through `import --comptoir`, one registered for another workshop.
fn workshop_with_people(store: &mut Store, dir: &std::path::Path) -> String {
    let w = new_id();
    let other = new_id();
    let walk_ins = [
        person("Elisa", "Martin", "26-64"),
        person("Zoé", "Éluard", "18-25"),
        person("<script>alert(1)</script>", "Martin", "65+"),
    ];
    let ids: Vec<String> = walk_ins.iter().map(|e| e.id.clone()).collect();
    let mut edits = vec![
        Edit::new(&WORKSHOPS, &w)
            .set("date", "2026-03-04")
            .set("territory", "Calaisis")
            .set("commune", "62193")
            .set("host", "Médiathèque"),
        Edit::new(&WORKSHOPS, &other)
            .set("date", "2026-03-05")
            .set("territory", "Arrageois"),
    ];
    edits.extend(walk_ins);
    store.write(&edits).unwrap();
    for id in &ids {
        check_in(store, &w, id);
    }
    let list = dir.join("inscrits.csv");
    std::fs::write(
        &list,
        "prénom;nom;tranche d'âge;ville;consentement;accord parental\n\
         Élisabeth;Martin;11-14;Arras;oui;oui\n\
         Emma;martin;15-17;Arras;oui;\n\
         Adam;Elias;26-64;Arras;oui;\n\
         Zoé;Éluard;18-25;Arras;oui;\n",
    )
    .unwrap();
    let report = comptoir::import::registrations_for(store, &list, Some(&w)).unwrap();
    // Zoé Éluard was there already (same name and commune): known, and checked in already.
    assert_eq!(
        (report.added, report.matched, report.expected),
        (3, 1, Some(3))
    );
    let elsewhere = dir.join("ailleurs.csv");
    std::fs::write(&elsewhere, "prénom;nom;âge\nYves;Ailleurs;40\n").unwrap();
    comptoir::import::registrations_for(store, &elsewhere, Some(&other)).unwrap();
    w
}

/// The names in the sheet's order, « LAST first ».
const ORDER: [&str; 6] = [
    "Elias Adam",
    "Éluard Zoé",
    "Martin <script>alert(1)</script>",
    "Martin Elisa",
    "Martin Élisabeth",
    "martin Emma",
];

#[test]
fn the_attendance_sheet_prints_expected_and_present_people_by_french_name_order() {
    let mut store = empty_store();
    let dir = tempfile::tempdir().unwrap();
    let w = workshop_with_people(&mut store, dir.path());
    let path = dir.path().join("emargement.html");
    assert_eq!(attendance::write(&store, &w, &path).unwrap(), 6);
    let html = std::fs::read_to_string(&path).unwrap();
    let page = Html::parse_document(&html);
    assert!(select(&page, "script").is_empty());
    // The header browsers repeat on every printed page: workshop, date, place, columns.
    let head = text_of(&select(&page, "table > thead")[0]);
    for part in ["04/03/2026", "Calais", "Médiathèque", "Signature", "parent"] {
        assert!(head.contains(part), "« {part} » in {head}");
    }
    assert_eq!(select(&page, "table").len(), 1);
    let style = text_of(&select(&page, "style")[0]);
    assert!(style.contains("size: A4"), "{style}");
    let rows = select(&page, "table > tbody > tr");
    assert_eq!(rows.len(), ORDER.len() + attendance::BLANK_ROWS);
    let names: Vec<String> = rows[..ORDER.len()]
        .iter()
        .map(|r| text_of(&r.child_elements().next().unwrap()))
        .collect();
    assert_eq!(names, ORDER);
    for (row, name) in rows.iter().zip(ORDER) {
        let cells: Vec<_> = row.child_elements().collect();
        assert_eq!(cells.len(), 6);
        // The parent's signature is open for the under-15s only.
        let parent_open = !cells[5].value().classes().any(|c| c == "none");
        assert_eq!(parent_open, name == "Martin Élisabeth", "{name}");
        assert_eq!(text_of(&cells[4]), "", "signature left to sign");
    }
    assert_eq!(text_of(&rows[4].child_elements().nth(1).unwrap()), "11-14");
    assert_eq!(text_of(&rows[0].child_elements().nth(2).unwrap()), "Arras");
    for blank in &rows[ORDER.len()..] {
        assert_eq!(text_of(blank).trim(), "");
        assert_eq!(blank.child_elements().count(), 6);
    }
    // Nobody of the other workshop; the expected are not counted as present.
    assert!(!html.contains("Ailleurs"));
    assert_eq!(store.people_counts().unwrap(), (7, 3));
    assert_eq!(store.checked_in(&w).unwrap().len(), 3);
}

#[test]
fn a_check_in_completes_an_expected_person_who_stays_once_on_the_sheet() {
    let mut store = empty_store();
    let dir = tempfile::tempdir().unwrap();
    let w = workshop_with_people(&mut store, dir.path());
    let adam = store
        .on_attendance_sheet(&w)
        .unwrap()
        .into_iter()
        .find(|p| p.first_name == "Adam")
        .unwrap();
    assert!(!store.is_checked_in(&w, &adam.id).unwrap());
    check_in(&mut store, &w, &adam.id);
    assert!(store.is_checked_in(&w, &adam.id).unwrap());
    assert_eq!(store.people_counts().unwrap(), (7, 4));
    let (page, n) = attendance::html(&store, &w).unwrap();
    assert_eq!(n, 6);
    assert_eq!(page.matches("Adam").count(), 1);
    // Importing the list again records nobody twice, and leaves the check-in as it is.
    let list = dir.path().join("inscrits.csv");
    let again = comptoir::import::registrations_for(&mut store, &list, Some(&w)).unwrap();
    assert_eq!((again.added, again.expected), (0, Some(0)));
    assert!(store.is_checked_in(&w, &adam.id).unwrap());
}

#[test]
fn the_attendance_sheet_as_csv_is_the_same_sheet_for_french_excel() {
    let mut store = empty_store();
    let dir = tempfile::tempdir().unwrap();
    let w = workshop_with_people(&mut store, dir.path());
    let path = dir.path().join("emargement.csv");
    attendance::write(&store, &w, &path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap()).unwrap();
    let rows: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    assert!(rows[0][0].contains("04/03/2026") && rows[0][0].contains("Calais"));
    assert_eq!(
        rows[2].iter().collect::<Vec<_>>(),
        [
            "Nom",
            "Prénom",
            "Tranche d'âge",
            "Commune",
            "Structure",
            "Signature",
            "Signature d'un parent (moins de 15 ans)"
        ]
    );
    let people = &rows[3..3 + ORDER.len()];
    let names: Vec<String> = people
        .iter()
        .map(|r| format!("{} {}", &r[0], &r[1]))
        .collect();
    assert_eq!(names, ORDER);
    for r in people {
        let under_15 = &r[1] == "Élisabeth";
        assert_eq!(&r[6], if under_15 { "" } else { "—" }, "{r:?}");
    }
    let blank = &rows[3 + ORDER.len()..];
    assert_eq!(blank.len(), attendance::BLANK_ROWS);
    assert!(
        blank
            .iter()
            .all(|r| r.len() == 7 && r.iter().all(str::is_empty))
    );
}

#[test]
fn export_emargement_takes_a_workshop_by_date_or_id_and_refuses_an_unknown_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("base.sqlite");
    let w = {
        let mut store = Store::open(&db, reference()).unwrap();
        workshop_with_people(&mut store, dir.path())
    };
    let run = |comptoir: &str, out: &std::path::Path| {
        comptoir_bin()
            .args(["export", "--format", "emargement", "--comptoir", comptoir])
            .args(["--out", s(out), "--db", s(&db)])
            .output()
            .unwrap()
    };
    let by_date = dir.path().join("date.html");
    let o = run("04/03/2026", &by_date);
    assert!(o.status.success(), "{}", said(&o));
    assert!(said(&o).contains("6 personnes"), "{}", said(&o));
    let by_id = dir.path().join("id.html");
    let o = run(&w, &by_id);
    assert!(o.status.success(), "{}", said(&o));
    assert_eq!(
        std::fs::read(&by_date).unwrap(),
        std::fs::read(&by_id).unwrap()
    );
    let csv = dir.path().join("feuille.csv");
    assert!(run(&w, &csv).status.success());
    assert!(std::fs::read(&csv).unwrap().starts_with(b"\xEF\xBB\xBF"));
    for bad in ["06/03/2026", "pas-un-comptoir"] {
        let out = dir.path().join("non.html");
        let o = run(bad, &out);
        assert_eq!(o.status.code(), Some(1), "{}", said(&o));
        assert!(said(&o).contains(bad), "{}", said(&o));
        assert!(!said(&o).contains("panicked"));
        assert!(!out.exists());
    }
    // `import --comptoir` through the binary: the list's people expected there.
    let list = dir.path().join("nouveaux.csv");
    std::fs::write(&list, "prénom;nom;âge\nNoël;Abbeville;30\n").unwrap();
    let o = comptoir_bin()
        .args([
            "import",
            s(&list),
            "--comptoir",
            "04/03/2026",
            "--db",
            s(&db),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", said(&o));
    assert!(
        said(&o).contains("1 personne de plus attendue"),
        "{}",
        said(&o)
    );
    let o = run("04/03/2026", &by_date);
    assert!(said(&o).contains("7 personnes"), "{}", said(&o));
}
