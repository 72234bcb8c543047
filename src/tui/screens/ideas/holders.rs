//! The people holding an idea.

use crate::domain::model::{self};
use crate::i18n::tr;
use crate::store::{Edit, derived_id};
use crate::tui::app::{App, Editing, Popup, Tone};
use crate::tui::form::{Field, Form};
use crate::tui::keys::{self, Action, Context};
use crate::tui::layers::{Layer, LayerKind};
use crate::tui::lists::step;
use crate::tui::msg::{Cmd, Purpose};
use crate::tui::records;
use crossterm::event::KeyEvent;

pub(crate) fn holders_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let Some(view) = app.layers.holders_mut() else {
        return Vec::new();
    };
    let n = view.holders.len();
    let action = keys::action(Context::Holders, ev);
    if step(&mut view.selected, n, action) {
        return Vec::new();
    }
    match action {
        Some(Action::Help) => app.layers.open(Layer::Popup(Popup::Help { scroll: 0 })),
        Some(Action::Back) => {
            app.layers.close(LayerKind::Holders);
            return vec![Cmd::Reload];
        }
        Some(Action::New) => {
            let source = records::people_completer(app.holder_candidates.clone());
            let field = Field::completion("person", tr("Personne"), source, None).required();
            app.layers.open(Layer::Editor((
                Form::new(tr("Ajouter un porteur"), vec![field]),
                Editing::AddHolder,
            )));
        }
        Some(a @ (Action::Remove | Action::ToggleRole)) if n > 0 => {
            let h = &view.holders[view.selected];
            let edit = if a == Action::Remove {
                Edit::new(&model::HOLDERS, &h.id).set("removed", true)
            } else {
                let role = if h.role.as_deref() == Some("co-porteur") {
                    "porteur"
                } else {
                    "co-porteur"
                };
                Edit::new(&model::HOLDERS, &h.id).set("role", role)
            };
            app.pending_saves += 1;
            return vec![Cmd::Save {
                edits: vec![edit],
                purpose: Purpose::Holder,
            }];
        }
        _ => {}
    }
    Vec::new()
}

/// A person picked in the editor becomes a holder of the idea (its first holder: « porteur »).
pub(crate) fn holder_chosen(app: &mut App, picks: &[Option<String>]) -> Vec<Cmd> {
    let Some(view) = app.layers.holders() else {
        return Vec::new();
    };
    let Some(person) = picks[0].clone() else {
        return Vec::new();
    };
    if view.holders.iter().any(|h| h.attendee == person) {
        app.status = Some((Tone::Info, tr("Cette personne porte déjà l'idée.").into()));
        return Vec::new();
    }
    let role = if view.holders.is_empty() {
        "porteur"
    } else {
        "co-porteur"
    };
    app.pending_saves += 1;
    vec![Cmd::Save {
        edits: vec![
            Edit::new(&model::HOLDERS, derived_id(&view.idea, &person))
                .set("idea", view.idea.as_str())
                .set("attendee", person.as_str())
                .set("role", role)
                .set("removed", false),
        ],
        purpose: Purpose::Holder,
    }]
}
