//! The quick capture: an idea noted in a few keys, the next one at once.

use crate::domain::codes::HolderRole;
use crate::domain::model::{self, Value};
use crate::i18n::tr;
use crate::store::{Edit, derived_id};
use crate::tui::app::App;
use crate::tui::components::record::record_edit;
use crate::tui::msg::{Cmd, Purpose};
use crate::tui::screens::attendees::walk_in::check_in;
use crate::tui::screens::ideas::form::QUICK_HOLDERS;

pub(crate) fn save_quick_idea(app: &mut App) -> Vec<Cmd> {
    let Some(record) = app.layers.record() else {
        return Vec::new();
    };
    // The workshop chosen when the capture opened (none: an idea of no workshop).
    let workshop = record.extra.iter().find_map(|(name, value)| {
        (*name == "workshop")
            .then(|| value.as_str().map(String::from))
            .flatten()
    });
    let Some(mut idea) = record_edit(record) else {
        return Vec::new();
    };
    idea = idea.set(
        "campaign",
        derived_id("campagne", &app.reference.campaign.year.to_string()),
    );
    let mut edits = vec![idea];
    let mut people: Vec<String> = Vec::new();
    for (holder, age) in QUICK_HOLDERS {
        let field = record.form.field(holder);
        let person = match (field, field.and_then(|f| f.value().ok())) {
            // Someone new, typed « Prénom Nom »: registered and checked in, as a walk-in.
            (Some(f), Some(Value::Text(typed))) if f.is_free_text() => {
                let Some((first, last)) = typed.trim().split_once(' ') else {
                    if let Some(r) = app.layers.record_mut() {
                        r.form.set_error(
                            holder,
                            tr("tapez le prénom puis le nom, ou choisissez dans la liste.").into(),
                        );
                    }
                    return Vec::new();
                };
                let age = record.form.field(age).and_then(|f| f.value().ok());
                let id = app.env.new_id();
                edits.push(
                    Edit::new(&model::ATTENDEES, &id)
                        .set("first_name", first.trim())
                        .set("last_name", last.trim())
                        .set("age_bracket", age.unwrap_or(Value::Null)),
                );
                if let Some(workshop) = &workshop {
                    edits.push(check_in(workshop, &id, app.env.now_ms()).1);
                }
                id
            }
            (_, Some(Value::Text(known))) => known,
            _ => continue,
        };
        if people.contains(&person) {
            continue;
        }
        let role = if people.is_empty() {
            HolderRole::Holder
        } else {
            HolderRole::CoHolder
        };
        edits.push(
            Edit::new(&model::HOLDERS, derived_id(&record.id, &person))
                .set("idea", record.id.as_str())
                .set("attendee", person.as_str())
                .set("role", role),
        );
        people.push(person);
    }
    app.pending_saves += 1;
    vec![Cmd::Save {
        edits,
        purpose: Purpose::QuickIdea,
    }]
}
