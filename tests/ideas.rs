//! Ideas and budgets: the quick capture, the idea form, the budget editor and its rules, the
//! history, archiving, the search and similar titles.

mod common;

use common::*;
use comptoir::domain::codes::Code;
use comptoir::domain::model::{IDEAS, Value};
use comptoir::tui::app::Popup;
use comptoir::tui::keys::Context;
use comptoir::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const COLOUR: Theme = Theme { colour: true };

/// Selects the idea titled `title` in the ideas list.
fn select(app: &mut comptoir::tui::app::App, store: &mut comptoir::store::Store, title: &str) {
    press(app, store, &[key(KeyCode::Char('4')), key(KeyCode::Home)]);
    for _ in 0..app.data.ideas.total {
        if app
            .data
            .ideas
            .row(app.data.ideas.selected)
            .is_some_and(|r| r.title == title)
        {
            return;
        }
        press(app, store, &[key(KeyCode::Down)]);
    }
    panic!("{title} not in the list");
}

#[test]
fn ten_ideas_captured_in_a_row_at_the_table() {
    let (mut store, mut app) = demo_app();
    let (workshop, _) = app.data.current_workshop.clone().unwrap();
    let holder = store.checked_in(&workshop).unwrap()[0].clone();
    let before = store.idea_count().unwrap();
    tap(&mut app, &mut store, "4a");
    assert_eq!(
        app.layers.record().map(|r| r.kind),
        Some(comptoir::tui::components::record::Kind::QuickIdea)
    );
    let mut keys = 0;
    let titles = [
        "Boîte à dons",
        "Atelier couture",
        "Tournoi de pétanque",
        "Marché de Noël solidaire",
        "Bibliothèque de rue",
        "Poulailler collectif",
        "Chorale intergénérationnelle",
        "Jardin sensoriel",
        "Fête de la soupe",
        "Radio de quartier",
    ];
    for (i, title) in titles.iter().enumerate() {
        type_text(&mut app, &mut store, title);
        tap(&mut app, &mut store, "<Tab>");
        type_text(&mut app, &mut store, &holder.last_name);
        tap(&mut app, &mut store, "<Enter><Tab>");
        type_text(&mut app, &mut store, "Une phrase pour s'en souvenir");
        tap(&mut app, &mut store, "<Enter>");
        keys += 4;
        let status = &app.status.as_ref().unwrap().1;
        assert!(
            status.contains(&format!("Idée « {title} » notée")),
            "{i}: {status}"
        );
        assert!(
            app.layers
                .record()
                .unwrap()
                .form
                .fields
                .iter()
                .all(|f| f.is_blank())
        );
    }
    assert_eq!(keys / 10, 4, "four keys beyond the text per idea");
    assert_eq!(store.idea_count().unwrap(), before + 10);
    let ideas = store.ideas(0, 10).unwrap();
    let last = &ideas[0];
    assert_eq!(last.title, "Radio de quartier");
    assert!(last.holders.contains(&holder.last_name), "{last:?}");
    let row = store.row(&IDEAS, &last.id).unwrap().unwrap();
    assert_eq!(row["workshop"], Value::text(workshop));
    assert_eq!(row["summary"], Value::text("Une phrase pour s'en souvenir"));
}

#[test]
fn the_idea_form_saves_as_it_goes_with_themes_and_partners() {
    let (mut store, mut app) = demo_app();
    tap(&mut app, &mut store, "4n");
    type_text(&mut app, &mut store, "Grainothèque de quartier");
    tap(&mut app, &mut store, "<Tab>");
    let id = app.layers.record().unwrap().id.clone();
    assert!(
        store.row(&IDEAS, &id).unwrap().is_some(),
        "saved as soon as the title is there"
    );
    // Summary, description (two lines), themes: the first and the third.
    type_text(&mut app, &mut store, "Échanger des graines");
    tap(&mut app, &mut store, "<Tab>");
    type_text(&mut app, &mut store, "Une boîte à graines");
    // A new line in a long text: Alt+Entrée (Entrée alone goes to the next field).
    press(
        &mut app,
        &mut store,
        &[KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT)],
    );
    type_text(&mut app, &mut store, "à la médiathèque.");
    tap(&mut app, &mut store, "<Tab> <Right><Right> <Tab>");
    let row = store.row(&IDEAS, &id).unwrap().unwrap();
    assert_eq!(
        row["description"],
        Value::text("Une boîte à graines\nà la médiathèque.")
    );
    assert_eq!(row["themes"], Value::text(r#"["alimentation","reemploi"]"#));
    // Commune, public, frame, then partners typed with commas.
    type_text(&mut app, &mut store, "Béthune");
    tap(&mut app, &mut store, "<Enter><Tab>");
    type_text(&mut app, &mut store, "habitants");
    tap(&mut app, &mut store, "<Tab><Right><Tab>");
    assert_eq!(
        app.layers.record().unwrap().form.fields[app.layers.record().unwrap().form.focus].name,
        "partners",
        "the referent is skipped: no minor holder"
    );
    type_text(
        &mut app,
        &mut store,
        "Médiathèque, Jardins familiaux ;  Mairie",
    );
    tap(&mut app, &mut store, "<Tab>");
    let row = store.row(&IDEAS, &id).unwrap().unwrap();
    assert_eq!(
        row["partners"],
        Value::text(r#"["Médiathèque","Jardins familiaux","Mairie"]"#)
    );
    assert_eq!(row["commune"], Value::text("62119"));
    assert_eq!(row["legal_frame"], Value::text("association"));
    // Reopened, the form shows what was saved.
    tap(&mut app, &mut store, "<Esc>");
    assert!(app.layers.record().is_none());
    select(&mut app, &mut store, "Grainothèque de quartier");
    tap(&mut app, &mut store, "<Enter>");
    let text = screen_text(&app);
    assert!(
        text.contains("Médiathèque, Jardins familiaux, Mairie"),
        "{text}"
    );
    assert!(
        text.contains("Alimentation et circuits courts, Réemploi"),
        "{text}"
    );
}

#[test]
fn the_budget_editor_adds_edits_and_removes_lines_with_live_totals_and_rules() {
    let (mut store, mut app) = demo_app();
    tap(&mut app, &mut store, "4n");
    type_text(&mut app, &mut store, "Boîte à vélos");
    tap(&mut app, &mut store, "<Tab><Esc>");
    select(&mut app, &mut store, "Boîte à vélos");
    tap(&mut app, &mut store, "b");
    assert_eq!(app.context(), Context::Budget);
    assert!(screen_text(&app).contains("aucune ligne de dépense"));

    // An expense of 3 200 €: under the minimum.
    let add = |app: &mut comptoir::tui::app::App,
               store: &mut comptoir::store::Store,
               income: bool,
               label: &str,
               amount: &str| {
        press(app, store, &[key(KeyCode::Char('n'))]);
        if income {
            press(app, store, &[key(KeyCode::Right)]);
        }
        press(app, store, &[key(KeyCode::Tab), key(KeyCode::Tab)]);
        type_text(app, store, label);
        press(app, store, &[key(KeyCode::Tab)]);
        type_text(app, store, amount);
        if income {
            // « co »: Commune (« c » alone fits CAF too).
            press(
                app,
                store,
                &[
                    key(KeyCode::Tab),
                    key(KeyCode::Char('c')),
                    key(KeyCode::Char('o')),
                ],
            );
        }
        press(app, store, &[key(KeyCode::Enter)]);
    };
    add(&mut app, &mut store, false, "Abri et arceaux", "3 200");
    assert!(app.layers.record().is_none(), "{:?}", app.status);
    let text = screen_text(&app);
    assert!(
        text.contains("Demandé au Budget citoyen : 3\u{a0}200\u{a0}€"),
        "{text}"
    );
    assert!(
        text.contains("✗ montant demandé 3\u{a0}200\u{a0}€ : sous le minimum de 4\u{a0}500\u{a0}€"),
        "{text}"
    );
    add(&mut app, &mut store, false, "Pose", "2 500,50");
    add(&mut app, &mut store, true, "Commune", "700");
    let text = screen_text(&app);
    assert!(
        text.contains("Dépenses 5\u{a0}700,50\u{a0}€ · cofinancements 700\u{a0}€"),
        "{text}"
    );
    assert!(
        text.contains("Demandé au Budget citoyen : 5\u{a0}000,50\u{a0}€"),
        "{text}"
    );
    assert!(text.contains("✓ Budget équilibré"), "{text}");
    let idea = app.layers.budget().unwrap().idea.clone();
    let lines = store.budget(&idea).unwrap();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[2].source.map(Code::code), Some("commune"));

    // A bad amount stays typed, said in French, and nothing is saved.
    tap(&mut app, &mut store, "n<Tab><Tab>");
    type_text(&mut app, &mut store, "Peinture");
    tap(&mut app, &mut store, "<Tab>");
    type_text(&mut app, &mut store, "12.500,50");
    tap(&mut app, &mut store, "<Enter>");
    assert!(screen_text(&app).contains("✗ Un seul séparateur de centimes"));
    assert_eq!(store.budget(&idea).unwrap().len(), 3);
    tap(&mut app, &mut store, "<Esc>o");

    // Edit the second line's amount, then remove the first.
    tap(&mut app, &mut store, "<Home><Down><Enter>");
    tap(&mut app, &mut store, "<Tab><Tab><Tab>");
    for _ in 0..10 {
        tap(&mut app, &mut store, "<Backspace>");
    }
    type_text(&mut app, &mut store, "4 000");
    tap(&mut app, &mut store, "<Esc>");
    assert_eq!(
        store.budget(&idea).unwrap()[1].amount,
        Some(comptoir::domain::money::Cents(400_000))
    );
    tap(&mut app, &mut store, "<Up>x");
    let lines = store.budget(&idea).unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].label.as_deref(), Some("Pose"));
    assert_eq!(
        store.idea_row(&idea).unwrap().requested,
        comptoir::domain::money::Cents(330_000)
    );
}

#[test]
fn the_history_shows_each_change_with_what_it_replaced() {
    let (mut store, mut app) = demo_app();
    tap(&mut app, &mut store, "4n");
    type_text(&mut app, &mut store, "Ciné plein air");
    tap(&mut app, &mut store, "<Tab><Esc>");
    select(&mut app, &mut store, "Ciné plein air");
    tap(&mut app, &mut store, "<Enter>");
    for _ in 0.."Ciné plein air".chars().count() {
        tap(&mut app, &mut store, "<Backspace>");
    }
    type_text(&mut app, &mut store, "Cinéma en plein air");
    tap(&mut app, &mut store, "<Tab><Esc>");
    let _ = comptoir::tui::update::update(&mut app, comptoir::tui::msg::Msg::Resize(120, 40));
    tap(&mut app, &mut store, "h");
    assert_eq!(app.context(), Context::History);
    let text = screen_text(&app);
    assert!(text.contains("Idée · Titre"), "{text}");
    assert!(
        text.contains("« Ciné plein air » → « Cinéma en plein air »"),
        "{text}"
    );
    assert!(text.contains("Portable de démonstration"));
    assert!(
        !text.contains("Comptoir :"),
        "links to other records are not shown"
    );
}

#[test]
fn archived_ideas_leave_the_list_and_can_be_seen_again() {
    let (mut store, mut app) = demo_app();
    let total = store.idea_count().unwrap() as usize;
    tap(&mut app, &mut store, "4");
    let title = app.data.ideas.row(0).unwrap().title.clone();
    tap(&mut app, &mut store, "x");
    assert!(matches!(app.layers.popup(), Some(Popup::Confirm { .. })));
    tap(&mut app, &mut store, "o");
    assert_eq!(app.data.ideas.total, total - 1);
    tap(&mut app, &mut store, "v");
    assert_eq!(app.data.ideas.total, 1);
    assert_eq!(app.data.ideas.row(0).unwrap().title, title);
    assert!(screen_text(&app).contains("Idées archivées"));
}

#[test]
fn ideas_are_found_as_you_type_and_a_close_title_is_pointed_out() {
    let (mut store, mut app) = demo_app();
    tap(&mut app, &mut store, "4/");
    type_text(&mut app, &mut store, "REPAIR");
    assert!(app.data.ideas.total >= 1);
    for i in 0..app.data.ideas.total {
        let row = app.data.ideas.row(i).unwrap();
        assert!(row.title.to_lowercase().contains("repair"), "{}", row.title);
    }
    tap(&mut app, &mut store, "<Esc>");
    assert_eq!(app.data.ideas.total as i64, store.idea_count().unwrap());
    // A new idea titled like an existing one is pointed out on saving.
    tap(&mut app, &mut store, "a");
    type_text(&mut app, &mut store, "Repair café mensuel !");
    tap(&mut app, &mut store, "<Tab><Tab><Enter>");
    let status = &app.status.as_ref().unwrap().1;
    assert!(status.contains("Idée proche déjà notée"), "{status}");
    assert!(status.contains("Repair café mensuel"), "{status}");
}

#[test]
fn holders_are_added_changed_and_removed_and_a_minor_asks_for_a_referent() {
    let (mut store, mut app) = demo_app();
    let minor = store
        .attendees(0, 1000)
        .unwrap()
        .into_iter()
        .find(|p| p.age_bracket.as_deref() == Some("15-17"))
        .unwrap();
    tap(&mut app, &mut store, "4n");
    type_text(&mut app, &mut store, "Studio de musique");
    tap(&mut app, &mut store, "<Tab><Esc>");
    select(&mut app, &mut store, "Studio de musique");
    tap(&mut app, &mut store, "p");
    assert_eq!(app.context(), Context::Holders);
    tap(&mut app, &mut store, "n");
    type_text(&mut app, &mut store, &minor.last_name);
    // Pick the right person among the suggestions.
    let suggestions = match &app.layers.editor().unwrap().0.fields[0].input {
        comptoir::tui::form::Input::Completion { suggestions, .. } => suggestions.clone(),
        _ => unreachable!(),
    };
    let index = suggestions
        .iter()
        .position(|(id, _)| *id == minor.id)
        .unwrap();
    // ↓ goes to the first suggestion (none is taken before), then down to it.
    for _ in 0..=index {
        tap(&mut app, &mut store, "<Down>");
    }
    tap(&mut app, &mut store, "<Enter><Enter>");
    let view = app.layers.holders().unwrap();
    assert_eq!(view.holders.len(), 1);
    assert_eq!(view.holders[0].role.map(Code::code), Some("porteur"));
    // Whole at 80 columns, under the row when it does not fit beside it.
    assert!(screen_text(&app).contains("mineur : adulte référent dans la fiche"));
    tap(&mut app, &mut store, "r");
    assert_eq!(
        app.layers.holders().unwrap().holders[0]
            .role
            .map(Code::code),
        Some("co-porteur")
    );
    // The idea form now asks for the referent.
    tap(&mut app, &mut store, "<Esc><Enter>");
    let form = &app.layers.record().unwrap().form;
    assert!(!form.field("referent").unwrap().disabled);
    tap(&mut app, &mut store, "<Esc>px");
    assert!(app.layers.holders().unwrap().holders.is_empty());
}

#[test]
fn ideas_are_filtered_by_level_theme_and_territory_and_sorted() {
    use comptoir::store::ideas::{IdeaFilter, IdeaSort, Stage};
    let store = demo_store();
    let all = store.idea_count().unwrap();
    // By stage, as the Maturité screen counts: a decided idea at its decision only.
    let stages = store.stage_counts().unwrap();
    for (i, stage) in Stage::ALL.iter().enumerate() {
        let f = IdeaFilter {
            stage: Some(*stage),
            ..IdeaFilter::default()
        };
        assert_eq!(
            store.idea_count_filtered(&f).unwrap(),
            stages[i],
            "{stage:?}"
        );
        assert!(store.ideas_filtered(&f, 0, 100).unwrap().iter().all(|r| {
            match stage {
                Stage::Undecided(level) => r.level == *level && r.decision.is_none(),
                Stage::Decided(d) => r.decision == Some(*d),
            }
        }));
    }
    assert!(stages[4] > 0, "the demo has labelled ideas");
    let by_title = store
        .ideas_filtered(
            &IdeaFilter {
                sort: IdeaSort::Title,
                ..IdeaFilter::default()
            },
            0,
            100,
        )
        .unwrap();
    let titles: Vec<String> = by_title.iter().map(|r| r.title.to_lowercase()).collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted);
    let by_amount = store
        .ideas_filtered(
            &IdeaFilter {
                sort: IdeaSort::Requested,
                ..IdeaFilter::default()
            },
            0,
            100,
        )
        .unwrap();
    assert!(
        by_amount
            .windows(2)
            .all(|w| w[0].requested >= w[1].requested)
    );
    let by_level = store
        .ideas_filtered(
            &IdeaFilter {
                sort: IdeaSort::Level,
                ..IdeaFilter::default()
            },
            0,
            100,
        )
        .unwrap();
    assert!(by_level.windows(2).all(|w| w[0].level >= w[1].level));
    assert_eq!(by_level.len() as i64, all);
    let culture = IdeaFilter {
        theme: Some("culture".into()),
        ..IdeaFilter::default()
    };
    let n = store.idea_count_filtered(&culture).unwrap();
    assert!(n > 0 && n < all);
    let artois = IdeaFilter {
        territory: Some("Artois".into()),
        ..IdeaFilter::default()
    };
    for r in store.ideas_filtered(&artois, 0, 100).unwrap() {
        // By its commune, or without one, by its workshop.
        assert_eq!(r.territory.as_deref(), Some("Artois"), "{r:?}");
        if let Some(c) = r.commune.as_deref() {
            assert_eq!(store.reference().territory_of(c), Some("Artois"));
        }
    }

    // The same from the keyboard: f, then the last stage « Non labellisée », then Entrée.
    let mut store = store;
    let mut app = app_on(&mut store, (80, 24), COLOUR);
    tap(&mut app, &mut store, "4f");
    tap(&mut app, &mut store, "<Tab><Tab><Tab><Left><Tab><Enter>");
    assert_eq!(app.data.ideas.total as i64, stages[5]);
    assert!(screen_text(&app).contains("1 filtre "));
}

#[test]
fn a_quick_idea_from_someone_new_registers_them_as_a_walk_in() {
    let (mut store, mut app) = demo_app();
    let (workshop, _) = app.data.current_workshop.clone().unwrap();
    let people = store.attendee_count().unwrap();
    tap(&mut app, &mut store, "a");
    type_text(&mut app, &mut store, "Troc de plantes");
    tap(&mut app, &mut store, "<Tab>");
    type_text(&mut app, &mut store, "Yasmine Zerrouki");
    // The age bracket is asked only now, for this new person.
    assert!(
        !app.layers
            .record()
            .unwrap()
            .form
            .field("new_age")
            .unwrap()
            .disabled
    );
    tap(&mut app, &mut store, "<Tab><Tab><Enter>");
    assert!(
        app.status.as_ref().unwrap().1.contains("Complétez"),
        "the age is missing"
    );
    // The focus went to the field at fault.
    assert_eq!(
        app.layers.record().unwrap().form.fields[app.layers.record().unwrap().form.focus].name,
        "new_age"
    );
    tap(&mut app, &mut store, "12<Tab><Enter>");
    assert!(
        app.status.as_ref().unwrap().1.contains("Troc de plantes"),
        "{:?}",
        app.status
    );
    assert_eq!(store.attendee_count().unwrap(), people + 1);
    let yasmine = store
        .checked_in(&workshop)
        .unwrap()
        .into_iter()
        .find(|p| p.last_name == "Zerrouki")
        .expect("checked in as a walk-in");
    assert_eq!(yasmine.age_bracket.as_deref(), Some("11-14"));
    let idea = store.ideas(0, 1).unwrap()[0].clone();
    assert_eq!(idea.title, "Troc de plantes");
    assert_eq!(idea.holders, "Yasmine Zerrouki");
}

#[test]
fn the_history_names_themes_and_keeps_partners_as_typed() {
    use comptoir::store::{Edit, new_id};
    let mut store = common::demo_store();
    let id = new_id();
    store
        .write(&[Edit::new(&IDEAS, &id)
            .set("title", "Café numérique")
            .set("themes", r#"["numerique"]"#)
            // A partner whose name is a theme's code stays as typed.
            .set("partners", r#"["culture"]"#)])
        .unwrap();
    let history = store.history(&id).unwrap();
    let after = |field: &str| {
        history
            .iter()
            .find(|e| e.field == field)
            .and_then(|e| e.after.clone())
    };
    assert_eq!(after("Thèmes").as_deref(), Some("Inclusion numérique"));
    assert_eq!(after("Partenaires").as_deref(), Some("culture"));
}

/// Adds a budget line through its form: `n`, the type, the label, the amount, Entrée.
fn add_line(
    app: &mut comptoir::tui::app::App,
    store: &mut comptoir::store::Store,
    income: bool,
    label: &str,
    amount: &str,
) {
    tap(app, store, "n");
    if income {
        tap(app, store, "<Right>");
    }
    tap(app, store, "<Tab><Tab>");
    type_text(app, store, label);
    tap(app, store, "<Tab>");
    type_text(app, store, amount);
    if income {
        // « co »: Commune.
        tap(app, store, "<Tab>co");
    }
    tap(app, store, "<Enter>");
}

#[test]
fn budget_lines_are_grouped_paged_and_a_zero_line_refused() {
    let (mut store, mut app) = demo_app();
    tap(&mut app, &mut store, "4n");
    type_text(&mut app, &mut store, "Boîte à vélos");
    tap(&mut app, &mut store, "<Tab><Esc>");
    select(&mut app, &mut store, "Boîte à vélos");
    tap(&mut app, &mut store, "b");
    // Income typed first: still shown after the expenses.
    add_line(&mut app, &mut store, true, "Participation commune", "700");
    add_line(&mut app, &mut store, false, "Abri et arceaux", "3 200");
    add_line(&mut app, &mut store, false, "Pose", "2 500");
    let text = screen_text(&app);
    // The row of a group's title (alone on its row), or of a line.
    let at = |what: &str| {
        text.lines()
            .position(|l| l.trim() == what || (what.len() > 9 && l.contains(what)))
            .unwrap_or_else(|| panic!("« {what} » missing\n{text}"))
    };
    let order = [
        at("Dépenses"),
        at("Abri et arceaux"),
        text.lines().position(|l| l.contains(" Pose ")).unwrap(),
        at("Sous-total des dépenses"),
        at("Recettes"),
        at("Participation commune"),
        at("Sous-total des recettes"),
    ];
    assert!(order.is_sorted(), "{order:?}\n{text}");
    let subtotal = |name: &str| {
        text.lines()
            .find(|l| l.contains(name))
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        subtotal("Sous-total des dépenses").contains("5\u{a0}700\u{a0}€"),
        "{text}"
    );
    assert!(
        subtotal("Sous-total des recettes").contains("700\u{a0}€"),
        "{text}"
    );

    // Début, Fin, Pg↑, Pg↓ move in the order shown; Entrée opens the line marked.
    let marked = |app: &comptoir::tui::app::App| {
        screen_text(app)
            .lines()
            .find(|l| l.starts_with('▶'))
            .unwrap_or_default()
            .to_string()
    };
    tap(&mut app, &mut store, "<End>");
    assert!(
        marked(&app).contains("Participation commune"),
        "{}",
        marked(&app)
    );
    tap(&mut app, &mut store, "<PageUp>");
    assert!(marked(&app).contains("Abri et arceaux"), "{}", marked(&app));
    tap(&mut app, &mut store, "<PageDown>");
    assert!(marked(&app).contains("Participation commune"));
    tap(&mut app, &mut store, "<Home>");
    assert!(marked(&app).contains("Abri et arceaux"));
    tap(&mut app, &mut store, "<End><Enter>");
    let form = screen_text(&app);
    assert!(
        form.lines()
            .any(|l| l.contains("Libellé") && l.contains("Participation commune")),
        "{form}"
    );
    tap(&mut app, &mut store, "<Esc>");

    // 0 € is no line: refused in French, nothing saved.
    let idea = app.layers.budget().unwrap().idea.clone();
    add_line(&mut app, &mut store, false, "Rien", "0");
    assert!(
        screen_text(&app).contains("✗ Montant nul : une ligne à 0 € ne compte pas"),
        "{}",
        screen_text(&app)
    );
    assert_eq!(store.budget(&idea).unwrap().len(), 3);
    // An amount typed with its sign shows the sign once.
    for _ in 0..1 {
        tap(&mut app, &mut store, "<Backspace>");
    }
    type_text(&mut app, &mut store, "12 500 €");
    let form = screen_text(&app);
    let amount = form
        .lines()
        .find(|l| l.contains("Montant"))
        .unwrap_or_default();
    assert!(amount.contains("12 500 €"), "{form}");
    assert_eq!(amount.matches('€').count(), 1, "« {amount} »");
}

#[test]
fn the_history_shows_whole_values_wrapped() {
    let (mut store, mut app) = demo_app();
    select(&mut app, &mut store, "Café numérique (3)");
    let id = app
        .data
        .ideas
        .row(app.data.ideas.selected)
        .unwrap()
        .id
        .clone();
    // Two descriptions alike for their first 60 characters.
    let start = "Un café où les habitants apprennent ensemble à se servir d'un ordinateur";
    let before = format!("{start}, le mardi soir à la médiathèque.");
    let after = format!("{start}, le samedi matin au centre social.");
    for text in [&before, &after] {
        store
            .write(&[comptoir::store::Edit::new(&IDEAS, &id).set("description", text.as_str())])
            .unwrap();
    }
    tap(&mut app, &mut store, "h");
    let screen = screen_text(&app);
    let flat = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(&format!("« {before} » → « {after} »")),
        "{screen}"
    );
}

/// The idea titled `title`, from the store.
fn idea_titled(store: &comptoir::store::Store, title: &str) -> String {
    store
        .ideas(0, 100_000)
        .unwrap()
        .into_iter()
        .find(|i| i.title == title)
        .unwrap_or_else(|| panic!("no idea « {title} »"))
        .id
}

#[test]
fn a_quick_idea_takes_a_holder_and_co_holders_one_of_them_new() {
    let (mut store, mut app) = demo_app();
    let (workshop, _) = app.data.current_workshop.clone().unwrap();
    let here = store.checked_in(&workshop).unwrap();
    let (first, second) = (here[0].clone(), here[1].clone());
    tap(&mut app, &mut store, "4a");
    type_text(&mut app, &mut store, "Fresque du quartier");
    tap(&mut app, &mut store, "<Tab>");
    type_text(&mut app, &mut store, &first.last_name);
    tap(&mut app, &mut store, "<Enter><Tab>");
    type_text(&mut app, &mut store, "Un mur peint ensemble");
    // Tab after the summary: a co-holder, then another one (someone new, with her age).
    tap(&mut app, &mut store, "<Tab>");
    type_text(&mut app, &mut store, &second.last_name);
    tap(&mut app, &mut store, "<Enter><Tab>");
    type_text(&mut app, &mut store, "Inès Nouvelle");
    tap(&mut app, &mut store, "<Tab>14<Tab>");
    // The next slot is there, empty: Entrée on it notes the idea.
    let form = &app.layers.record().unwrap().form;
    assert_eq!(form.fields[form.focus].name, "holder_4", "{:?}", form.focus);
    tap(&mut app, &mut store, "<Enter>");
    let status = &app.status.as_ref().unwrap().1;
    assert!(
        status.contains("Idée « Fresque du quartier » notée"),
        "{status}"
    );

    let idea = idea_titled(&store, "Fresque du quartier");
    let holders = store.holders(&idea).unwrap();
    let role = |name: &str| {
        holders
            .iter()
            .find(|h| h.name.contains(name))
            .unwrap_or_else(|| panic!("{name} not a holder: {holders:?}"))
            .role
    };
    use comptoir::domain::codes::HolderRole;
    assert_eq!(holders.len(), 3, "{holders:?}");
    assert_eq!(role(&first.last_name), Some(HolderRole::Holder));
    assert_eq!(role(&second.last_name), Some(HolderRole::CoHolder));
    assert_eq!(role("Inès Nouvelle"), Some(HolderRole::CoHolder));
    // The new person is registered with her age bracket and checked in at the workshop.
    let ines = store
        .checked_in(&workshop)
        .unwrap()
        .into_iter()
        .find(|p| p.last_name == "Nouvelle")
        .expect("Inès checked in");
    assert_eq!(ines.age_bracket.as_deref(), Some("11-14"));
    // The form is back to one holder for the next idea.
    let form = &app.layers.record().unwrap().form;
    assert!(form.field("holder_2").is_none());
    assert_eq!(form.focus, 0);
}

#[test]
fn a_quick_idea_without_a_current_workshop_asks_which_one_first() {
    let mut store = demo_store();
    let mut app = app_on(&mut store, (80, 24), COLOUR);
    assert!(app.data.current_workshop.is_none());
    tap(&mut app, &mut store, "4a");
    let Some(Popup::PickWorkshop(pick)) = app.layers.popup() else {
        panic!("no question: {:?}", app.status);
    };
    let (chosen, label) = pick.workshops[1].clone();
    assert!(screen_text(&app).contains("quel comptoir"));
    // Letters typed now do not act on the screen behind.
    tap(&mut app, &mut store, "2x");
    assert!(matches!(app.layers.popup(), Some(Popup::PickWorkshop(_))));
    tap(&mut app, &mut store, "<Down><Enter>");
    assert!(screen_text(&app).contains(&format!("comptoir du {label}")));
    // For this capture only: walk-ins still go to no workshop until one is chosen on screen 2.
    assert!(app.data.current_workshop.is_none());
    type_text(&mut app, &mut store, "Cabane à livres");
    tap(&mut app, &mut store, "<Tab><Tab><Enter>");
    let idea = idea_titled(&store, "Cabane à livres");
    let row = store.row(&IDEAS, &idea).unwrap().unwrap();
    assert_eq!(row["workshop"], Value::text(chosen));

    // « Sans comptoir », the last choice: an idea of no workshop.
    let mut store = demo_store();
    let mut app = app_on(&mut store, (80, 24), COLOUR);
    tap(&mut app, &mut store, "4a");
    let Some(Popup::PickWorkshop(pick)) = app.layers.popup() else {
        panic!("no question");
    };
    assert!(!pick.workshops.is_empty());
    // Fin: the last choice, « Sans comptoir ».
    tap(&mut app, &mut store, "<End><Enter>");
    assert!(screen_text(&app).contains("sans comptoir"));
    type_text(&mut app, &mut store, "Troc de graines");
    tap(&mut app, &mut store, "<Tab><Tab><Enter>");
    let idea = idea_titled(&store, "Troc de graines");
    let row = store.row(&IDEAS, &idea).unwrap().unwrap();
    assert!(row["workshop"].is_empty(), "{row:?}");
    assert!(app.data.current_workshop.is_none());
    // Échap leaves the question and nothing else happens.
    tap(&mut app, &mut store, "<Esc><Esc>4a<Esc>");
    assert!(app.layers.popup().is_none());
    assert!(app.layers.record().is_none());
}

#[test]
fn an_archived_idea_can_be_restored_from_the_archives() {
    let (mut store, mut app) = demo_app();
    let total = store.idea_count().unwrap() as usize;
    tap(&mut app, &mut store, "4");
    let title = app.data.ideas.row(0).unwrap().title.clone();
    tap(&mut app, &mut store, "xo");
    assert_eq!(app.data.ideas.total, total - 1);
    tap(&mut app, &mut store, "v");
    assert!(screen_text(&app).contains("x : restaurer"));
    tap(&mut app, &mut store, "x");
    let Some(Popup::Confirm { question, .. }) = app.layers.popup() else {
        panic!("no question");
    };
    assert!(question.contains("Restaurer"), "{question}");
    tap(&mut app, &mut store, "o");
    assert_eq!(app.data.ideas.total, 0, "the archives are empty again");
    tap(&mut app, &mut store, "v");
    assert_eq!(app.data.ideas.total, total);
    let idea = idea_titled(&store, &title);
    let row = store.row(&IDEAS, &idea).unwrap().unwrap();
    assert_eq!(row["archived"], Value::Int(0));
}

#[test]
fn a_new_workshop_is_dated_today_and_an_untouched_new_line_closes_without_a_question() {
    let (mut store, mut app) = demo_app();
    app.env.clock = std::sync::Arc::new(|| MORNING_MS);
    let today = chrono::DateTime::from_timestamp_millis(MORNING_MS)
        .unwrap()
        .with_timezone(&chrono::Local)
        .format("%d/%m/%Y")
        .to_string();
    tap(&mut app, &mut store, "2n");
    let form = &app.layers.record().unwrap().form;
    assert_eq!(
        form.field("date").unwrap().value(),
        Ok(Value::text(
            chrono::DateTime::from_timestamp_millis(MORNING_MS)
                .unwrap()
                .with_timezone(&chrono::Local)
                .format("%Y-%m-%d")
                .to_string()
        ))
    );
    assert!(screen_text(&app).contains(&today));
    // Nothing typed: Échap closes at once.
    tap(&mut app, &mut store, "<Esc>");
    assert!(app.layers.record().is_none());
    assert!(app.layers.popup().is_none());
    // Another date typed replaces today's.
    tap(&mut app, &mut store, "n14/03/2026");
    let form = &app.layers.record().unwrap().form;
    assert_eq!(
        form.field("date").unwrap().value(),
        Ok(Value::text("2026-03-14"))
    );
    tap(&mut app, &mut store, "<Esc>o");
    assert!(app.layers.record().is_none());
    // The same for a budget line whose kind is given by default.
    tap(&mut app, &mut store, "4bn<Esc>");
    assert!(
        app.layers.record().is_none(),
        "{:?}",
        app.layers.popup().is_some()
    );
    assert!(app.layers.budget().is_some());
}

#[test]
fn an_idea_without_a_commune_counts_in_its_workshops_territory() {
    use comptoir::store::ideas::IdeaFilter;
    let (mut store, mut app) = demo_app();
    let (workshop, _) = app.data.current_workshop.clone().unwrap();
    let row = store
        .row(&comptoir::domain::model::WORKSHOPS, &workshop)
        .unwrap()
        .unwrap();
    let territory = row["territory"].as_str().unwrap().to_string();
    let count_in = |store: &comptoir::store::Store| {
        store
            .territory_counts()
            .unwrap()
            .into_iter()
            .find(|(t, _)| *t == territory)
            .unwrap()
            .1
    };
    let per_territory = |store: &comptoir::store::Store| {
        let r = comptoir::export::report::build(store).unwrap();
        r.territories
            .iter()
            .find(|(t, _)| *t == territory)
            .unwrap()
            .1
            .ideas()
    };
    let filtered = |store: &comptoir::store::Store| {
        let f = IdeaFilter {
            territory: Some(territory.clone()),
            ..IdeaFilter::default()
        };
        store.idea_count_filtered(&f).unwrap()
    };
    let (chart, report, list) = (count_in(&store), per_territory(&store), filtered(&store));
    // A quick idea: its workshop, no commune yet.
    tap(&mut app, &mut store, "4a");
    type_text(&mut app, &mut store, "Ruche pédagogique");
    tap(&mut app, &mut store, "<Tab><Tab><Enter><Esc>");
    let idea = idea_titled(&store, "Ruche pédagogique");
    assert!(store.row(&IDEAS, &idea).unwrap().unwrap()["commune"].is_empty());
    assert_eq!(count_in(&store), chart + 1, "the Accueil chart");
    assert_eq!(per_territory(&store), report + 1, "the report");
    assert_eq!(filtered(&store), list + 1, "the territory filter");
    assert_eq!(
        store.idea_row(&idea).unwrap().territory.as_deref(),
        Some(territory.as_str())
    );
    select(&mut app, &mut store, "Ruche pédagogique");
    let text = screen_text(&app);
    let line = text
        .lines()
        .find(|l| l.contains("Ruche pédagogique"))
        .unwrap();
    assert!(
        line.contains(&territory[..territory.len().min(9)]),
        "{line}"
    );
    // Given a commune of another territory, it moves there.
    let elsewhere = store
        .reference()
        .communes
        .iter()
        .find(|c| c.territory != territory)
        .unwrap()
        .clone();
    store
        .write(
            &[comptoir::store::Edit::new(&IDEAS, &idea).set("commune", elsewhere.insee.as_str())],
        )
        .unwrap();
    assert_eq!(count_in(&store), chart, "{territory}");
    assert_eq!(
        store.idea_row(&idea).unwrap().territory.as_deref(),
        Some(elsewhere.territory.as_str())
    );
}

#[test]
fn the_filters_box_saves_on_entree_from_any_field_and_suppr_clears_every_filter() {
    let (mut store, mut app) = demo_app();
    let all = store.idea_count().unwrap() as usize;
    // f, a territory (← : the last one), Entrée at once: applied, not the next field.
    tap(&mut app, &mut store, "4f<Left><Enter>");
    assert!(app.layers.editor().is_none(), "the box is closed");
    assert_eq!(app.data.idea_filter.count(), 1);
    assert!(app.data.ideas.total < all);
    // Suppr: every filter off, whichever field has the focus.
    tap(&mut app, &mut store, "f<Tab><Tab><Tab><Left><Delete>");
    let form = &app.layers.editor().unwrap().0;
    assert!(
        form.fields
            .iter()
            .filter(|f| f.name != "sort")
            .all(|f| f.is_blank())
    );
    tap(&mut app, &mut store, "<Enter>");
    assert_eq!(app.data.idea_filter.count(), 0);
    assert_eq!(app.data.ideas.total, all);
}

#[test]
fn over_an_empty_list_the_hints_offer_no_key_of_a_row() {
    let (mut store, mut app) = demo_app();
    tap(&mut app, &mut store, "4");
    let hints = |app: &comptoir::tui::app::App| {
        screen_text(app)
            .lines()
            .last()
            .unwrap_or_default()
            .to_string()
    };
    assert!(hints(&app).contains("Entrée ouvrir"), "{}", hints(&app));
    // The archives, empty: nothing to open, and said so.
    tap(&mut app, &mut store, "v");
    assert_eq!(app.data.ideas.total, 0);
    assert!(screen_text(&app).contains("Aucune idée archivée."));
    let last = hints(&app);
    assert!(
        !last.contains("Entrée ouvrir") && !last.contains("b budget"),
        "{last}"
    );
    assert!(last.contains("aide"), "{last}");
}
