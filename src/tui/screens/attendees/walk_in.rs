//! Registering a person at the table: the walk-in form, the look-alike question, the
//! check-in.

use crate::domain::model::{ATTENDANCE, Value};
use crate::store::{Edit, derived_id};
use crate::tui::app::{App, Popup, Tone};
use crate::tui::components::record::Kind;
use crate::tui::components::record::{record_edit, save_record};
use crate::tui::keys::{self, Action, Binding, Context, b, ch, key};
use crate::tui::layers::LayerKind;
use crate::tui::msg::{Cmd, Purpose};
use crossterm::event::KeyCode::Esc;
use crossterm::event::KeyEvent;

pub(crate) fn save_walk_in(app: &mut App) -> Vec<Cmd> {
    let (Some(record), Some((workshop, _))) = (app.layers.record(), &app.data.current_workshop)
    else {
        return Vec::new();
    };
    let Some(mut person) = record_edit(record) else {
        return Vec::new();
    };
    let consent = record.form.field("consent").and_then(|f| f.value().ok());
    if consent == Some(Value::Int(1)) {
        person = person.set("consent_date", app.env.today());
    }
    let (_, check_in) = check_in(workshop, &record.id, app.env.now_ms());
    app.pending_saves += 1;
    vec![Cmd::Save {
        edits: vec![person, check_in],
        purpose: Purpose::WalkIn,
    }]
}

/// Before registering a new person, asks the store for known people like them.
pub(crate) fn look_for_look_alikes(app: &mut App) -> Vec<Cmd> {
    let Some(record) = app.layers.record() else {
        return Vec::new();
    };
    let text = |name: &str| {
        record
            .form
            .field(name)
            .and_then(|f| f.value().ok())
            .and_then(|v| v.as_str().map(String::from))
    };
    vec![Cmd::LookAlikes(crate::store::people::NewPerson {
        first: text("first_name").unwrap_or_default(),
        last: text("last_name").unwrap_or_default(),
        email: text("email").unwrap_or_default(),
        phone: text("phone").unwrap_or_default(),
        age: text("age_bracket"),
        commune: text("commune"),
    })]
}

/// Registers the person of the open form: a walk-in with its check-in, or a full record (the
/// field just left, or the whole form closing).
pub(crate) fn register_new_person(app: &mut App) -> Vec<Cmd> {
    let then = app.look_alike_then.take().unwrap_or(Purpose::RecordDone);
    match app.layers.record().map(|r| (r.kind, r.id.clone())) {
        Some((Kind::WalkIn, _)) => save_walk_in(app),
        Some((Kind::Attendee, id)) => {
            app.look_alikes_done = Some(id);
            save_record(app, then)
        }
        _ => Vec::new(),
    }
}

pub(crate) fn look_alike_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let Some(Popup::LookAlike { known, .. }) = app.layers.popup() else {
        return Vec::new();
    };
    let known = known.clone();
    match keys::action(Context::LookAlike, ev) {
        Some(Action::SamePerson) => {
            app.layers.close(LayerKind::Popup);
            let kind = app.layers.record().map(|r| r.kind);
            match (kind, app.data.current_workshop.clone()) {
                (Some(Kind::WalkIn), Some((workshop, label))) => {
                    // The known person is checked in; the form is cleared for the next one.
                    let name = format!("{} {}", known.first_name, known.last_name);
                    next_walk_in(app);
                    if app.data.here.contains(&known.id) {
                        // Already here: nothing to write, nothing for u to undo.
                        app.last_check_in = None;
                        app.status = Some((
                            Tone::Info,
                            crate::t!(
                                "{name}, déjà connu(e) : déjà pointé(e) au comptoir du {label}.",
                                name,
                                label
                            ),
                        ));
                        return Vec::new();
                    }
                    let (id, edit) = check_in(&workshop, &known.id, app.env.now_ms());
                    app.last_check_in = Some((id, name.clone()));
                    app.last_merge = None;
                    app.status = Some((
                        Tone::Success,
                        crate::t!(
                            "{name}, déjà connu(e) : pointé(e) au comptoir du {label}.",
                            name,
                            label
                        ),
                    ));
                    app.pending_saves += 1;
                    vec![Cmd::Save {
                        edits: vec![edit],
                        purpose: Purpose::CheckIn,
                    }]
                }
                _ => {
                    // The full form: open the known person's record instead.
                    app.layers.close(LayerKind::Record);
                    vec![Cmd::OpenRecord {
                        kind: Kind::Attendee,
                        id: known.id,
                    }]
                }
            }
        }
        Some(Action::OtherPerson) => {
            app.layers.close(LayerKind::Popup);
            register_new_person(app)
        }
        Some(Action::Back) => {
            app.layers.close(LayerKind::Popup);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// After the full form of a new person closes: the people list, without its search, with
/// that person selected.
pub(crate) fn select_new_person(app: &mut App, id: &str) -> Option<Cmd> {
    if app.new_person.as_deref() != Some(id) {
        return None;
    }
    app.new_person = None;
    if app.search.take().is_some() {
        app.data.people_filter.query.clear();
    }
    Some(Cmd::LocatePerson {
        id: id.to_string(),
        filter: app.data.people_filter.clone(),
    })
}

/// A person's presence at a workshop, now: its id (the same on every laptop for this person
/// and workshop, so checking in twice is one presence) and the edit.
pub(crate) fn check_in(workshop: &str, person: &str, at_ms: i64) -> (String, Edit) {
    let id = derived_id(workshop, person);
    let edit = Edit::new(&ATTENDANCE, &id)
        .set("workshop", workshop)
        .set("attendee", person)
        .set("checked_in", at_ms)
        .set("removed", false);
    (id, edit)
}

/// « Is this the same person? »
pub const LOOK_ALIKE_KEYS: &[Binding] = &[
    b(&[ch('m')], Action::SamePerson, "m", "même personne", true),
    b(
        &[ch('d')],
        Action::OtherPerson,
        "d",
        "personne différente",
        true,
    ),
    b(
        &[key(Esc)],
        Action::Back,
        "Échap",
        "revenir au formulaire",
        true,
    ),
];

/// The walk-in form stays open, empty, under a new id, for the next person.
pub(crate) fn next_walk_in(app: &mut App) {
    if let Some(r) = app.layers.record_mut() {
        r.id = app.env.new_id();
        r.exists = false;
        r.form = super::form::walk_in(&app.reference, app.data.current_commune.as_deref());
    }
}
