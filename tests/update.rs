//! `update` on its own: a message in, the state and the commands out. The store only makes
//! the messages a screen starts from (a list read, a budget loaded); every step under test is
//! one call to `update`, whose commands are compared whole and never carried out, so what the
//! interface asks of the store is what is checked. The clock and the ids are fixed (`Env`), so
//! the same message always gives the same commands.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::*;
use comptoir::domain::model::{ATTENDANCE, BUDGET_LINES, CRITERION_CHECKS, HOLDERS, IDEAS, Value};
use comptoir::store::{Edit, Store, derived_id};
use comptoir::tui::app::App;
use comptoir::tui::components::record::Kind;
use comptoir::tui::env::Env;
use comptoir::tui::keys::Context;
use comptoir::tui::msg::{Cmd, Msg, Purpose};
use comptoir::tui::theme::Theme;
use comptoir::tui::update::update;
use crossterm::event::{KeyCode, KeyEvent};

/// Ids `id-1`, `id-2`… and a clock stopped on a workshop morning.
fn fixed_env() -> Env {
    let next = Arc::new(AtomicUsize::new(0));
    Env {
        clock: Arc::new(|| MORNING_MS),
        ids: Arc::new(move || format!("id-{}", next.fetch_add(1, Ordering::SeqCst) + 1)),
        files: Arc::new(|_, _| Vec::new()),
    }
}

/// The demo on an 80x24 screen with the fixed clock and ids, its first workshop the current
/// one, on `screen`.
fn app_at(screen: char) -> (Store, App) {
    let mut store = demo_store();
    let mut app = app_on(&mut store, (80, 24), Theme { colour: true });
    app.env = fixed_env();
    tap(&mut app, &mut store, "2c");
    tap(&mut app, &mut store, &screen.to_string());
    (store, app)
}

/// Carries out one command on the store and gives its answer to `update`, as the runtime does.
fn answer(app: &mut App, store: &mut Store, cmd: Cmd) -> Vec<Cmd> {
    let msg = comptoir::tui::effects::run(store, cmd, &app.data);
    update(app, msg)
}

fn send(app: &mut App, k: KeyEvent) -> Vec<Cmd> {
    update(app, Msg::Key(k))
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        assert_eq!(send(app, key(KeyCode::Char(c))), Vec::new(), "typing {c:?}");
    }
}

fn the_save(cmds: &[Cmd]) -> (&Vec<Edit>, Purpose) {
    match cmds {
        [Cmd::Save { edits, purpose }] => (edits, *purpose),
        other => panic!("one save expected, got {other:?}"),
    }
}

#[test]
fn a_walk_in_is_looked_up_then_registered_and_checked_in_at_the_given_clock() {
    let (_store, mut app) = app_at('3');
    let (workshop, _) = app.data.current_workshop.clone().unwrap();
    assert_eq!(send(&mut app, key(KeyCode::Char('i'))), Vec::new());
    let record = app.layers.record().expect("the walk-in form");
    assert_eq!((record.kind, record.id.as_str()), (Kind::WalkIn, "id-1"));
    typed(&mut app, "Léa");
    send(&mut app, key(KeyCode::Tab));
    typed(&mut app, "Martin");
    send(&mut app, key(KeyCode::Tab));
    typed(&mut app, "16");

    // Saving asks first for known people like her, and writes nothing yet.
    let cmds = send(&mut app, ctrl('s'));
    match cmds.as_slice() {
        [Cmd::LookAlikes(p)] => assert_eq!((p.first.as_str(), p.last.as_str()), ("Léa", "Martin")),
        other => panic!("a look-up first, got {other:?}"),
    }
    assert_eq!(app.pending_saves, 0);

    // Nobody like her: the person and her presence, in one save, at the clock given.
    let cmds = update(&mut app, Msg::LookAlikes(Vec::new()));
    let (edits, purpose) = the_save(&cmds);
    assert_eq!(purpose, Purpose::WalkIn);
    assert_eq!(edits.len(), 2);
    assert_eq!(edits[0].id, "id-1");
    let presence = derived_id(&workshop, "id-1");
    assert_eq!(
        edits[1],
        Edit::new(&ATTENDANCE, &presence)
            .set("workshop", workshop.as_str())
            .set("attendee", "id-1")
            .set("checked_in", MORNING_MS)
            .set("removed", false)
    );
    assert_eq!(app.pending_saves, 1);

    // Acknowledged: the form is empty again under a new id, and u can undo this presence.
    let cmds = update(
        &mut app,
        Msg::Saved {
            purpose: Purpose::WalkIn,
            result: Ok(2),
        },
    );
    assert_eq!(cmds, vec![Cmd::Reload]);
    assert_eq!(app.pending_saves, 0);
    assert_eq!(
        app.last_check_in,
        Some((presence, "Léa Martin".to_string()))
    );
    let record = app.layers.record().unwrap();
    assert_eq!(record.id, "id-2");
    assert!(record.form.field("first_name").unwrap().is_blank());
}

#[test]
fn a_check_in_then_u_writes_the_presence_then_removes_it() {
    let (_store, mut app) = app_at('3');
    let (workshop, _) = app.data.current_workshop.clone().unwrap();
    let d = &app.data.attendees;
    let (index, person) = (0..d.total)
        .filter_map(|i| d.row(i).map(|r| (i, r.clone())))
        .find(|(_, r)| !app.data.here.contains(&r.id))
        .expect("someone not checked in yet");
    app.data.attendees.selected = index;

    let cmds = send(&mut app, key(KeyCode::Char('p')));
    let presence = derived_id(&workshop, &person.id);
    assert_eq!(
        cmds,
        vec![Cmd::Save {
            edits: vec![
                Edit::new(&ATTENDANCE, &presence)
                    .set("workshop", workshop.as_str())
                    .set("attendee", person.id.as_str())
                    .set("checked_in", MORNING_MS)
                    .set("removed", false)
            ],
            purpose: Purpose::CheckIn,
        }]
    );
    update(
        &mut app,
        Msg::Saved {
            purpose: Purpose::CheckIn,
            result: Ok(1),
        },
    );

    let cmds = send(&mut app, key(KeyCode::Char('u')));
    assert_eq!(
        cmds,
        vec![Cmd::Save {
            edits: vec![Edit::new(&ATTENDANCE, &presence).set("removed", true)],
            purpose: Purpose::CheckIn,
        }]
    );
    // Nothing left to undo.
    assert_eq!(send(&mut app, key(KeyCode::Char('u'))), Vec::new());
    assert!(app.last_check_in.is_none());
}

#[test]
fn a_quick_idea_goes_to_the_current_workshop_with_its_holder() {
    let (mut store, mut app) = app_at('4');
    let (workshop, _) = app.data.current_workshop.clone().unwrap();
    assert_eq!(
        send(&mut app, key(KeyCode::Char('a'))),
        vec![Cmd::OpenQuickIdea {
            workshop: Some(workshop.clone())
        }]
    );
    // The store's answer: the people of the workshop, for the holder.
    let ready = comptoir::tui::effects::run(
        &mut store,
        Cmd::OpenQuickIdea {
            workshop: Some(workshop.clone()),
        },
        &app.data,
    );
    let Msg::QuickIdeaReady { people, .. } = &ready else {
        panic!("{ready:?}");
    };
    let (holder_id, holder_name) = people[0].clone();
    assert_eq!(update(&mut app, ready), Vec::new());
    let record = app.layers.record().expect("the quick capture");
    assert_eq!((record.kind, record.id.as_str()), (Kind::QuickIdea, "id-1"));
    typed(&mut app, "Boîte à dons");
    send(&mut app, key(KeyCode::Tab));
    typed(&mut app, &holder_name);
    send(&mut app, key(KeyCode::Enter));

    let cmds = send(&mut app, ctrl('s'));
    let (edits, purpose) = the_save(&cmds);
    assert_eq!(purpose, Purpose::QuickIdea);
    let idea = &edits[0];
    assert_eq!((idea.table.name, idea.id.as_str()), (IDEAS.name, "id-1"));
    let value = |e: &Edit, f: &str| {
        e.fields
            .iter()
            .find(|(n, _)| *n == f)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(value(idea, "title"), Some(Value::text("Boîte à dons")));
    assert_eq!(value(idea, "workshop"), Some(Value::text(workshop)));
    assert_eq!(
        edits[1],
        Edit::new(&HOLDERS, derived_id("id-1", &holder_id))
            .set("idea", "id-1")
            .set("attendee", holder_id.as_str())
            .set("role", "porteur")
    );

    // Noted: the form is ready for the next idea, under a new id; the similar titles are
    // looked for.
    let cmds = update(
        &mut app,
        Msg::Saved {
            purpose: Purpose::QuickIdea,
            result: Ok(3),
        },
    );
    assert_eq!(
        cmds,
        vec![
            Cmd::Reload,
            Cmd::CheckSimilar {
                id: "id-1".into(),
                title: "Boîte à dons".into()
            }
        ]
    );
    assert_eq!(app.layers.record().unwrap().id, "id-2");
}

#[test]
fn a_budget_line_is_saved_in_cents_under_its_idea_then_the_budget_is_read_again() {
    let (mut store, mut app) = app_at('4');
    let idea = app.data.ideas.row(0).unwrap().id.clone();
    assert_eq!(
        send(&mut app, key(KeyCode::Char('b'))),
        vec![Cmd::LoadBudget { idea: idea.clone() }]
    );
    answer(&mut app, &mut store, Cmd::LoadBudget { idea: idea.clone() });
    assert_eq!(app.context(), Context::Budget);

    send(&mut app, key(KeyCode::Char('n')));
    let record = app.layers.record().expect("the budget line form");
    assert_eq!(
        (record.kind, record.id.as_str()),
        (Kind::BudgetLine, "id-1")
    );
    // Type (dépense by default), nature, label, amount.
    send(&mut app, key(KeyCode::Tab));
    send(&mut app, key(KeyCode::Tab));
    typed(&mut app, "Peinture");
    send(&mut app, key(KeyCode::Tab));
    typed(&mut app, "1 250,50");
    let cmds = send(&mut app, ctrl('s'));
    let (edits, purpose) = the_save(&cmds);
    assert_eq!(purpose, Purpose::RecordDone);
    let line = &edits[0];
    assert_eq!(
        (line.table.name, line.id.as_str()),
        (BUDGET_LINES.name, "id-1")
    );
    let value = |f: &str| {
        line.fields
            .iter()
            .find(|(n, _)| *n == f)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(value("idea"), Some(Value::text(idea.clone())));
    assert_eq!(value("amount"), Some(Value::Int(125_050)));
    assert_eq!(value("label"), Some(Value::text("Peinture")));

    let cmds = update(
        &mut app,
        Msg::Saved {
            purpose: Purpose::RecordDone,
            result: Ok(4),
        },
    );
    assert!(app.layers.record().is_none());
    assert!(cmds.contains(&Cmd::LoadBudget { idea }), "{cmds:?}");
}

#[test]
fn a_conflict_is_settled_with_the_other_value_and_the_list_read_again() {
    let mut store = demo_store();
    let mut app = app_on(&mut store, (80, 24), Theme { colour: true });
    app.env = fixed_env();
    let idea = app_on_ideas_first(&mut store, &mut app);
    let conflict = comptoir::store::Conflict {
        table: "ideas".into(),
        record: idea.clone(),
        subject: Some("Jardin partagé".into()),
        field: "title".into(),
        shown: Some("Jardin partagé".into()),
        shown_device: "Portable 1".into(),
        shown_ms: MORNING_MS,
        other: Some("Jardin collectif".into()),
        other_device: "Portable 2".into(),
        other_ms: MORNING_MS + 1,
    };
    tap(&mut app, &mut store, "6");
    assert_eq!(
        send(&mut app, key(KeyCode::Char('c'))),
        vec![Cmd::LoadConflicts]
    );
    update(&mut app, Msg::ConflictsLoaded(vec![conflict]));
    assert_eq!(app.context(), Context::Conflicts);

    // « a »: the other laptop's value becomes a new change that every laptop will take.
    let cmds = send(&mut app, key(KeyCode::Char('a')));
    assert_eq!(
        cmds,
        vec![Cmd::Settle {
            table: &IDEAS,
            record: idea,
            field: "title",
            value: Value::text("Jardin collectif"),
        }]
    );
    let cmds = update(&mut app, Msg::Settled(Ok(())));
    assert_eq!(cmds, vec![Cmd::LoadConflicts, Cmd::Reload]);
    // Échap leaves the list.
    send(&mut app, key(KeyCode::Esc));
    assert_eq!(app.context(), Context::SyncScreen);
}

/// The first idea of the Idées list.
fn app_on_ideas_first(store: &mut Store, app: &mut App) -> String {
    tap(app, store, "4");
    app.data.ideas.row(0).unwrap().id.clone()
}

#[test]
fn a_criterion_ticked_in_the_review_is_saved_and_the_review_read_again() {
    let (mut store, mut app) = app_at('5');
    let idea = app.data.ideas.row(0).unwrap().id.clone();
    assert_eq!(
        send(&mut app, key(KeyCode::Enter)),
        vec![Cmd::LoadReview { idea: idea.clone() }]
    );
    answer(&mut app, &mut store, Cmd::LoadReview { idea: idea.clone() });
    assert_eq!(app.context(), Context::Review);
    // ↓ to the first criterion the facilitator ticks by hand.
    let first = app
        .layers
        .review()
        .unwrap()
        .review
        .verdicts
        .iter()
        .position(|v| !v.computed)
        .expect("a facilitator criterion");
    for _ in 0..first {
        assert_eq!(send(&mut app, key(KeyCode::Down)), Vec::new());
    }
    let v = app.layers.review().unwrap().review.verdicts[first].clone();
    let cmds = send(&mut app, key(KeyCode::Char(' ')));
    assert_eq!(
        cmds,
        vec![Cmd::Save {
            edits: vec![
                Edit::new(
                    &CRITERION_CHECKS,
                    comptoir::store::review::check_id(&idea, &v.code)
                )
                .set("idea", idea.as_str())
                .set("criterion", v.code.as_str())
                .set("met", !v.met)
            ],
            purpose: Purpose::Review,
        }]
    );
    let cmds = update(
        &mut app,
        Msg::Saved {
            purpose: Purpose::Review,
            result: Ok(1),
        },
    );
    assert_eq!(cmds, vec![Cmd::Reload, Cmd::LoadReview { idea }]);
}

#[test]
fn echap_pops_the_layer_on_top_and_only_it() {
    let (mut store, mut app) = app_at('4');
    let idea = app.data.ideas.row(0).unwrap().id.clone();
    answer(&mut app, &mut store, Cmd::LoadBudget { idea });
    send(&mut app, key(KeyCode::Char('n')));
    assert_eq!(app.context(), Context::Form);
    send(&mut app, key(KeyCode::F(1)));
    assert_eq!(app.context(), Context::Help);
    assert_eq!(app.base_context(), Context::Form);
    send(&mut app, key(KeyCode::Esc));
    assert_eq!(app.context(), Context::Form);
    // A new line not saved yet: leaving it asks first, over the form.
    typed(&mut app, "x");
    send(&mut app, key(KeyCode::Esc));
    assert_eq!(app.context(), Context::Confirm);
    assert_eq!(app.base_context(), Context::Form);
    send(&mut app, key(KeyCode::Char('o')));
    assert_eq!(app.context(), Context::Budget);
    assert_eq!(send(&mut app, key(KeyCode::Esc)), vec![Cmd::Reload]);
    assert_eq!(app.context(), Context::Ideas);
}

#[test]
fn a_budget_line_edited_in_place_has_the_budget_read_again_once_saved() {
    let (mut store, mut app) = app_at('4');
    let idea = app.data.ideas.row(0).unwrap().id.clone();
    answer(&mut app, &mut store, Cmd::LoadBudget { idea: idea.clone() });
    let line = app.layers.budget().unwrap().lines[0].id.clone();
    let open = send(&mut app, key(KeyCode::Enter));
    assert_eq!(
        open,
        vec![Cmd::OpenRecord {
            kind: Kind::BudgetLine,
            id: line.clone()
        }]
    );
    answer(&mut app, &mut store, open[0].clone());
    // The label, changed, then left: saved at once.
    send(&mut app, key(KeyCode::Tab));
    send(&mut app, key(KeyCode::Tab));
    typed(&mut app, " bis");
    let cmds = send(&mut app, key(KeyCode::Tab));
    let (edits, purpose) = the_save(&cmds);
    assert_eq!(
        (purpose, edits[0].id.as_str()),
        (Purpose::RecordField, line.as_str())
    );
    // Acknowledged: the budget under the form (its lines, totals and rule) is read again.
    let cmds = update(
        &mut app,
        Msg::Saved {
            purpose: Purpose::RecordField,
            result: Ok(1),
        },
    );
    assert!(cmds.contains(&Cmd::LoadBudget { idea }), "{cmds:?}");
    assert!(cmds.contains(&Cmd::Reload), "{cmds:?}");
    // A refused write reads nothing again.
    let cmds = update(
        &mut app,
        Msg::Saved {
            purpose: Purpose::RecordField,
            result: Err(comptoir::tui::msg::SaveError {
                field: None,
                message: "non".into(),
            }),
        },
    );
    assert_eq!(cmds, Vec::new());
}

/// Selects the review's criterion whose rule is `rule`.
fn select_rule(app: &mut App, rule: comptoir::domain::codes::Rule) {
    use comptoir::domain::codes::Code;
    let code = app
        .reference
        .criteria
        .iter()
        .find(|c| c.rule.as_deref() == Some(rule.code()))
        .map(|c| c.code.clone())
        .expect("a criterion with that rule");
    let at = app
        .layers
        .review()
        .unwrap()
        .review
        .verdicts
        .iter()
        .position(|v| v.code == code)
        .unwrap();
    while app.layers.review().unwrap().selected < at {
        send(app, key(KeyCode::Down));
    }
    while app.layers.review().unwrap().selected > at {
        send(app, key(KeyCode::Up));
    }
}

#[test]
fn aller_corriger_opens_over_the_review_and_echap_comes_back_to_it() {
    use comptoir::domain::codes::Rule;
    let (mut store, mut app) = app_at('5');
    let idea = app.data.ideas.row(0).unwrap().id.clone();
    answer(&mut app, &mut store, Cmd::LoadReview { idea: idea.clone() });

    // The budget rule: the budget opens over the review; Échap comes back to the review.
    select_rule(&mut app, Rule::AmountInRange);
    assert_eq!(
        send(&mut app, key(KeyCode::Enter)),
        vec![Cmd::LoadBudget { idea: idea.clone() }]
    );
    answer(&mut app, &mut store, Cmd::LoadBudget { idea: idea.clone() });
    assert_eq!(app.context(), Context::Budget);
    send(&mut app, key(KeyCode::Esc));
    assert_eq!(app.context(), Context::Review);
    assert_eq!(app.layers.review().unwrap().review.idea, idea);

    // A holder to reach: the holders are read, and the main holder's record opens at once
    // on her contact details (or the consent that allows them), the holders under it.
    select_rule(&mut app, Rule::HolderReachable);
    assert_eq!(
        send(&mut app, key(KeyCode::Enter)),
        vec![Cmd::LoadHolders { idea: idea.clone() }]
    );
    let open = answer(
        &mut app,
        &mut store,
        Cmd::LoadHolders { idea: idea.clone() },
    );
    let holders = &app.layers.holders().unwrap().holders;
    let main = holders
        .iter()
        .find(|h| h.role == Some(comptoir::domain::codes::HolderRole::Holder))
        .unwrap_or(&holders[0]);
    assert_eq!(
        open,
        vec![Cmd::OpenRecord {
            kind: Kind::Attendee,
            id: main.attendee.clone()
        }]
    );
    answer(&mut app, &mut store, open[0].clone());
    let form = &app.layers.record().unwrap().form;
    assert!(
        ["email", "consent"].contains(&form.fields[form.focus].name),
        "{}",
        form.fields[form.focus].name
    );
    send(&mut app, key(KeyCode::Esc));
    send(&mut app, key(KeyCode::Esc));
    assert_eq!(app.context(), Context::Review);
}
