//! Maturity review and labelling: criteria ticked, recommendation, the committee's decision,
//! jumps to what fixes a criterion, project sheets, criteria as data.

mod common;

use common::*;
use comptoir::domain::codes::Code;
use comptoir::domain::maturity::{self, Level};
use comptoir::tui::app::Popup;
use comptoir::tui::keys::Context;
use comptoir::tui::theme::Theme;
use crossterm::event::KeyCode;

const COLOUR: Theme = Theme { colour: true };

/// The Maturité screen with the first idea of `level` selected.
fn at_level(level: Level) -> (comptoir::store::Store, comptoir::tui::app::App, String) {
    let mut store = demo_store();
    let mut app = app_on(&mut store, (100, 30), COLOUR);
    tap(&mut app, &mut store, "5");
    let index = (0..app.data.ideas.total)
        .find(|&i| app.data.ideas.row(i).unwrap().level == level)
        .unwrap();
    for _ in 0..index {
        tap(&mut app, &mut store, "<Down>");
    }
    let id = app.data.ideas.row(index).unwrap().id.clone();
    (store, app, id)
}

fn select_criterion(
    app: &mut comptoir::tui::app::App,
    store: &mut comptoir::store::Store,
    code: &str,
) {
    let index = app
        .layers
        .review()
        .unwrap()
        .review
        .verdicts
        .iter()
        .position(|v| v.code == code)
        .unwrap();
    for _ in 0..app.layers.review().unwrap().selected {
        press(app, store, &[key(KeyCode::Up)]);
    }
    assert_eq!(
        app.layers.review().unwrap().selected,
        0,
        "↑ reached the review"
    );
    for _ in 0..index {
        press(app, store, &[key(KeyCode::Down)]);
    }
}

#[test]
fn a_mature_idea_becomes_ready_once_ticked_and_recommended_then_labelled() {
    let (mut store, mut app, id) = at_level(Level::Mature);
    tap(&mut app, &mut store, "<Enter>");
    assert_eq!(app.context(), Context::Review);
    let text = screen_text(&app);
    assert!(text.contains("· Mature"), "{text}");
    assert!(text.contains("✗ Calendrier réaliste (animateur)"), "{text}");
    for code in ["cadre-adapte", "valeurs-ess", "calendrier"] {
        select_criterion(&mut app, &mut store, code);
        if !app.layers.review().unwrap().review.verdicts[app.layers.review().unwrap().selected].met
        {
            tap(&mut app, &mut store, " ");
        }
    }
    // A comment on the timeline.
    select_criterion(&mut app, &mut store, "calendrier");
    tap(&mut app, &mut store, "m");
    type_text(&mut app, &mut store, "Ouverture prévue en septembre");
    tap(&mut app, &mut store, "<Enter>");
    assert!(
        screen_text(&app)
            .contains("Calendrier réaliste (animateur) — Ouverture prévue en septembre")
    );
    assert_eq!(
        store.review(&id).unwrap().level,
        Level::Mature,
        "not recommended yet"
    );
    // Recommend: « prête » is the third choice.
    tap(&mut app, &mut store, "r<Left><Tab>");
    type_text(&mut app, &mut store, "Dossier solide");
    // Entrée makes a new line in a comment: Ctrl+S saves.
    press(&mut app, &mut store, &[ctrl('s')]);
    assert_eq!(store.review(&id).unwrap().level, Level::Ready);
    assert!(screen_text(&app).contains("Prête pour la labellisation"));
    // The committee: labelled, a reason is required.
    tap(&mut app, &mut store, "d<Right><Tab><Tab><Enter>");
    assert!(app.layers.editor().is_some(), "no reason: not saved");
    // The focus is on the missing reason.
    type_text(
        &mut app,
        &mut store,
        "Projet d'utilité sociale, budget clair",
    );
    tap(&mut app, &mut store, "<Tab><Enter>");
    assert!(app.layers.editor().is_none(), "{:?}", app.status);
    let review = store.review(&id).unwrap();
    assert_eq!(review.decision.map(Code::code), Some("labellisee"));
    assert_eq!(
        review.decision_reason.as_deref(),
        Some("Projet d'utilité sociale, budget clair")
    );
    tap(&mut app, &mut store, "<Esc>");
    let row = (0..app.data.ideas.total)
        .map(|i| app.data.ideas.row(i).unwrap())
        .find(|r| r.id == id)
        .unwrap();
    assert_eq!(row.decision.map(Code::code), Some("labellisee"));
    assert!(screen_text(&app).contains("Labellisée"));
}

#[test]
fn labelling_an_idea_that_is_not_ready_warns_but_is_possible() {
    let (mut store, mut app, id) = at_level(Level::InProgress);
    tap(&mut app, &mut store, "<Enter>d<Right><Tab>");
    type_text(&mut app, &mut store, "Choix du comité");
    tap(&mut app, &mut store, "<Tab><Enter>");
    assert!(matches!(app.layers.popup(), Some(Popup::Confirm { .. })));
    match app.layers.popup() {
        Some(Popup::Confirm { question, .. }) => {
            assert!(
                question.contains("pas « Prête pour la labellisation »"),
                "{question}"
            )
        }
        _ => unreachable!(),
    }
    tap(&mut app, &mut store, "o");
    assert_eq!(
        store.review(&id).unwrap().decision.map(Code::code),
        Some("labellisee")
    );
}

#[test]
fn enter_on_a_missing_criterion_jumps_to_what_fixes_it() {
    let (mut store, mut app, id) = at_level(Level::InProgress);
    tap(&mut app, &mut store, "<Enter>");
    select_criterion(&mut app, &mut store, "objectifs-public");
    tap(&mut app, &mut store, "<Enter>");
    let record = app.layers.record().expect("the idea form");
    assert_eq!(record.id, id);
    assert_eq!(record.form.fields[record.form.focus].name, "summary");
    // Échap comes back to the review of the same idea.
    tap(&mut app, &mut store, "<Esc>");
    assert_eq!(app.context(), Context::Review);
    assert_eq!(app.layers.review().unwrap().review.idea, id);
    select_criterion(&mut app, &mut store, "budget-equilibre");
    tap(&mut app, &mut store, "<Enter>");
    assert_eq!(app.context(), Context::Budget);
}

#[test]
fn the_project_sheet_has_the_idea_its_budget_and_criteria_and_no_contact_details() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("base.sqlite");
    let mut store = comptoir::store::Store::open(&db, reference()).unwrap();
    comptoir::demo::build(&mut store, 8, 1).unwrap();
    let idea = store
        .ideas(0, 100)
        .unwrap()
        .into_iter()
        .find(|i| i.level == Level::Ready)
        .unwrap();
    let md = comptoir::export::sheet::markdown(&store, &idea.id).unwrap();
    assert!(md.starts_with(&format!("# {}\n", idea.title)), "{md}");
    assert!(md.contains("| Type | Nature | Libellé | Montant | Financeur |"));
    assert!(md.contains(&format!(
        "**demandé au Budget citoyen : {}**",
        comptoir::domain::money::format(idea.requested)
    )));
    assert!(md.contains("- ✓ Porteur identifié et joignable"));
    assert!(!md.contains('@'), "no e-mail on a sheet taken home");
    let holder = store.holders(&idea.id).unwrap()[0].clone();
    let last = holder.name.split_whitespace().last().unwrap().to_string();
    assert!(
        !md.contains(&last),
        "holders by first name and initial only"
    );
    // From the interface: « e » on the review writes both files.
    let mut app = app_on(&mut store, (100, 30), COLOUR);
    tap(&mut app, &mut store, "5");
    let index = (0..app.data.ideas.total)
        .find(|&i| app.data.ideas.row(i).unwrap().id == idea.id)
        .unwrap();
    for _ in 0..index {
        tap(&mut app, &mut store, "<Down>");
    }
    tap(&mut app, &mut store, "<Enter>e");
    let message = app.status.clone().unwrap().1;
    let html_path = message.trim_start_matches("Fiche projet : ").to_string();
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.contains("<html lang=\"fr\">") && html.contains("@media print"));
    assert!(
        std::path::Path::new(&html_path)
            .with_extension("md")
            .exists()
    );
    // And every sheet from the command line.
    let out = dir.path().join("fiches");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_comptoir"))
        .args([
            "--db",
            db.to_str().unwrap(),
            "export",
            "--format",
            "sheet",
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 2 * 8);
}

#[test]
fn a_criterion_added_in_the_data_file_counts_with_no_code_change() {
    let reference = comptoir::domain::reference::Reference::parse(|name| {
        let text = comptoir::paths::builtin_data(name).unwrap().to_string();
        if name == "criteres-maturite.json" {
            text.replace(
                r#"{ "code": "calendrier", "libelle": "Calendrier réaliste", "libelle_en": "Realistic timetable", "mode": "animateur" }"#,
                r#"{ "code": "calendrier", "libelle": "Calendrier réaliste", "mode": "animateur" },
    { "code": "accessibilite", "libelle": "Accessible aux personnes handicapées", "mode": "animateur" }"#,
            )
        } else {
            text
        }
    })
    .unwrap();
    assert_eq!(reference.criteria.len(), 12);
    let mut facts = maturity::IdeaFacts::default();
    for c in ["cadre-adapte", "valeurs-ess", "calendrier"] {
        facts.checks.insert(c.into(), true);
    }
    let verdicts = maturity::evaluate(&facts, &reference);
    let added = verdicts.iter().find(|v| v.code == "accessibilite").unwrap();
    assert!(!added.met && !added.computed);
    facts.checks.insert("accessibilite".into(), true);
    assert!(
        maturity::evaluate(&facts, &reference)
            .iter()
            .find(|v| v.code == "accessibilite")
            .unwrap()
            .met
    );
}

#[test]
fn at_80_columns_the_selected_criterion_is_read_in_full_under_the_list() {
    let mut store = demo_store();
    let mut app = app_on(&mut store, (80, 24), COLOUR);
    tap(&mut app, &mut store, "5");
    // The first idea whose amount is under the campaign's minimum.
    let mut found = false;
    for _ in 0..app.data.ideas.total {
        tap(&mut app, &mut store, "<Enter>");
        let review = &app.layers.review().unwrap().review;
        let under = review
            .verdicts
            .iter()
            .any(|v| v.code == "montant-plage" && !v.met);
        if under {
            found = true;
            break;
        }
        tap(&mut app, &mut store, "<Esc><Down>");
    }
    assert!(found, "the demo has an idea outside the amount range");
    select_criterion(&mut app, &mut store, "montant-plage");
    let text = screen_text(&app);
    let row = text
        .lines()
        .find(|l| l.contains("▶ ✗ Montant demandé"))
        .unwrap();
    assert!(
        !row.contains("minimum") && !row.contains("maximum"),
        "cut at 80 columns: {row}"
    );
    assert!(
        text.contains("minimum de 4\u{a0}500\u{a0}€")
            || text.contains("maximum de 20\u{a0}000\u{a0}€"),
        "the whole reason is on screen: {text}"
    );
}

/// Once the committee has decided, an idea carries its decision as its one label: on its
/// review, in the Maturité counts and on the Accueil chart.
#[test]
fn a_decided_idea_is_counted_and_titled_by_its_decision_only() {
    use comptoir::domain::codes::Decision;
    let (mut store, mut app, _) = at_level(Level::Ready);
    let ideas = store.ideas(0, 1000).unwrap();
    let decided = |d: Decision| ideas.iter().filter(|i| i.decision == Some(d)).count() as i64;
    let (labelled, refused) = (decided(Decision::Labelled), decided(Decision::NotLabelled));
    assert!(labelled > 0 && refused > 0);
    let stages = store.stage_counts().unwrap();
    assert_eq!(stages[4..], [labelled, refused]);
    assert_eq!(
        stages.iter().sum::<i64>(),
        ideas.len() as i64,
        "each idea once"
    );
    let undecided_ready = ideas
        .iter()
        .filter(|i| i.decision.is_none() && i.level == Level::Ready)
        .count() as i64;
    assert_eq!(stages[Level::Ready as usize], undecided_ready);
    let screen = screen_text(&app);
    let count_of = |label: &str| {
        screen
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>())
            .find(|w| w.first() == Some(&label))
            .and_then(|w| w.get(1)?.parse::<i64>().ok())
    };
    assert_eq!(count_of("Labellisée"), Some(labelled), "{screen}");
    tap(&mut app, &mut store, "1");
    assert!(screen_text(&app).contains(&format!("Labellisée {labelled}")));
    // The review of a labelled idea says « Labellisée », not its level.
    let id = ideas
        .iter()
        .find(|i| i.decision == Some(Decision::Labelled))
        .unwrap()
        .id
        .clone();
    comptoir::tui::settle(
        &mut app,
        &mut store,
        vec![comptoir::tui::msg::Cmd::LoadReview { idea: id }],
    );
    let screen = screen_text(&app);
    let title = screen.lines().nth(1).unwrap();
    assert!(title.contains("· Labellisée"), "{screen}");
    assert!(!title.contains("Prête"), "{title}");
}

/// A decided idea's project sheet says its decision where it says the level.
#[test]
fn a_decided_ideas_sheet_carries_the_decision_as_its_label() {
    use comptoir::domain::codes::Decision;
    let store = demo_store();
    let ideas = store.ideas(0, 1000).unwrap();
    for (decision, label) in [
        (Decision::Labelled, "niveau : Labellisée"),
        (Decision::NotLabelled, "niveau : Non labellisée"),
    ] {
        let idea = ideas.iter().find(|i| i.decision == Some(decision)).unwrap();
        let md = comptoir::i18n::with_lang(comptoir::i18n::Lang::Fr, || {
            comptoir::export::sheet::markdown(&store, &idea.id).unwrap()
        });
        assert!(md.contains(label), "{md}");
    }
}
