//! An idea's budget lines.

use crate::i18n::tr;
use crossterm::event::KeyEvent;

use crate::domain::model::{self, Value};
use crate::store::Edit;
use crate::tui::app::{App, Popup, Tone};
use crate::tui::components::record::open_new;
use crate::tui::keys::{self, Action, Context};
use crate::tui::layers::{Layer, LayerKind};
use crate::tui::lists::step;
use crate::tui::msg::{Cmd, Purpose};
use crate::tui::records::{self, Kind};

pub(crate) fn budget_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let Some(view) = app.layers.budget_mut() else {
        return Vec::new();
    };
    let n = view.lines.len();
    let action = keys::action(Context::Budget, ev);
    if step(&mut view.selected, n, action) {
        return Vec::new();
    }
    match action {
        Some(Action::Help) => app.layers.open(Layer::Popup(Popup::Help { scroll: 0 })),
        Some(Action::Back) => {
            app.layers.close(LayerKind::Budget);
            return vec![Cmd::Reload];
        }
        Some(Action::New) => {
            let idea = view.idea.clone();
            open_new(app, Kind::BudgetLine, records::budget_line(None));
            if let Some(r) = app.layers.record_mut() {
                r.extra.push(("idea", Value::text(idea)));
            }
        }
        Some(Action::Open) if n > 0 => {
            return vec![Cmd::OpenRecord {
                kind: Kind::BudgetLine,
                id: view.lines[view.selected].id.clone(),
            }];
        }
        Some(Action::Remove) if n > 0 => {
            let line = view.lines[view.selected].id.clone();
            app.status = Some((
                Tone::Success,
                tr("Ligne retirée (elle reste dans l'historique).").into(),
            ));
            app.pending_saves += 1;
            return vec![Cmd::Save {
                edits: vec![Edit::new(&model::BUDGET_LINES, line).set("removed", true)],
                purpose: Purpose::BudgetLine,
            }];
        }
        _ => {}
    }
    Vec::new()
}
