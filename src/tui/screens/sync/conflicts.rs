//! The conflicts list: keep the value shown, take the other, or type a new one.

use crate::i18n::tr;
use crossterm::event::KeyEvent;

use crate::domain::model::{self, Value};
use crate::domain::typed::{TypedValueError, typed_value};
use crate::tui::app::{App, Editing, Popup, Tone};
use crate::tui::form::{Field, Form};
use crate::tui::keys::{self, Action, Context};
use crate::tui::layers::{Layer, LayerKind};
use crate::tui::lists::step;
use crate::tui::msg::Cmd;

pub(crate) fn conflicts_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let Some(view) = app.layers.conflicts_mut() else {
        return Vec::new();
    };
    let n = view.rows.len();
    let action = keys::action(Context::Conflicts, ev);
    if step(&mut view.selected, n, action) {
        return Vec::new();
    }
    match action {
        Some(Action::Help) => app.layers.open(Layer::Popup(Popup::Help { scroll: 0 })),
        Some(Action::Back) => app.layers.close(LayerKind::Conflicts),
        Some(Action::KeepShown | Action::TakeOther) if n > 0 => {
            let c = &view.rows[view.selected];
            let text = if action == Some(Action::KeepShown) {
                c.shown.clone()
            } else {
                c.other.clone()
            };
            let i = view.selected;
            return match typed_value(&c.table, &c.field, text.as_deref()) {
                Ok(value) => settle_with(app, i, value),
                Err(e) => {
                    let said = match e {
                        TypedValueError::UnknownField => tr("Champ inconnu.").to_string(),
                        TypedValueError::NotANumber(t) => {
                            crate::t!("« {t} » n'est pas un nombre.", t)
                        }
                    };
                    app.status = Some((Tone::Error, said));
                    Vec::new()
                }
            };
        }
        Some(Action::EditValue) if n > 0 => {
            let c = &view.rows[view.selected];
            let label = crate::strings::field_label(&c.table, &c.field);
            let field = match crate::domain::model::table(&c.table)
                .and_then(|t| t.field(&c.field))
                .map(|f| f.kind)
            {
                Some(model::Kind::Money) => Field::amount(
                    "value",
                    label,
                    c.shown.as_deref().and_then(|v| v.parse().ok()),
                ),
                Some(model::Kind::Text) => {
                    Field::multi("value", label, c.shown.as_deref().unwrap_or(""), 4)
                }
                _ => Field::line("value", label, c.shown.as_deref().unwrap_or("")),
            };
            let editing = Editing::Conflict(view.selected);
            app.layers.open(Layer::Editor((
                Form::new(tr("Nouvelle valeur"), vec![field]),
                editing,
            )));
        }
        _ => {}
    }
    Vec::new()
}

pub(crate) fn settle_with(app: &mut App, index: usize, value: Value) -> Vec<Cmd> {
    let Some(c) = app.layers.conflicts().and_then(|v| v.rows.get(index)) else {
        return Vec::new();
    };
    let Some(table) = crate::domain::model::table(&c.table) else {
        return Vec::new();
    };
    let Some(field) = table.field(&c.field) else {
        return Vec::new();
    };
    vec![Cmd::Settle {
        table,
        record: c.record.clone(),
        field: field.name,
        value,
    }]
}
