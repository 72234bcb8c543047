//! The conflicts list: keep the value shown, take the other, or type a new one.

use crate::domain::model::{self, Value};
use crate::domain::typed::{TypedValueError, typed_value};
use crate::i18n::tr;
use crate::strings::field_label;
use crate::tui::app::{App, ConflictsView, Editing, Tone};
use crate::tui::form::{Field, Form};
use crate::tui::keys::{Action, BACK, Binding, HELP, b, ch, down, key, up};
use crate::tui::layers::{Layer, LayerKind};
use crate::tui::msg::Cmd;
use crate::tui::widgets::cards::{self, Card};
use crossterm::event::KeyCode::Enter;
use ratatui::Frame;
use ratatui::layout::Rect;

/// A key of the conflicts view, once `lists::sub_view_action` has taken ↑, ↓ and F1.
pub(crate) fn conflicts_action(app: &mut App, action: Action) -> Vec<Cmd> {
    let Some(view) = app.layers.conflicts_mut() else {
        return Vec::new();
    };
    let n = view.rows.len();
    let action = Some(action);
    match action {
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

fn when(ms: i64) -> String {
    crate::strings::moment(ms)
}

fn entity(table: &str) -> &'static str {
    match table {
        "ideas" => tr("Idée"),
        "attendees" => tr("Participant"),
        "workshops" => tr("Comptoir"),
        "budget_lines" => tr("Ligne de budget"),
        "holders" => tr("Porteur"),
        "attendance" => tr("Présence"),
        "reviews" => tr("Revue"),
        "criterion_checks" => tr("Critère"),
        "devices" => tr("Ordinateur"),
        _ => tr("Fiche"),
    }
}

/// One side of a conflict: the value whole, wrapped (two values that differ late are never
/// shown alike), then who wrote it and when, under it.
fn side(label: &str, value: Option<&str>, device: &str, ms: i64, width: usize) -> Vec<String> {
    let value = value.unwrap_or(tr("vide")).replace('\n', " ⏎ ");
    let line = format!("    {}", crate::t!("{label} : « {value} »", label, value));
    let mut lines = crate::tui::widgets::wrap(&line, width, "              ");
    lines.push(crate::tui::widgets::fit(
        &format!("              {device}, {}", when(ms)),
        width,
    ));
    lines
}

pub fn draw(app: &App, view: &ConflictsView, frame: &mut Frame, body: Rect) {
    let width = body.width.saturating_sub(6) as usize;
    let cards = view
        .rows
        .iter()
        .map(|c| {
            let shown = side(
                tr("affiché"),
                c.shown.as_deref(),
                &c.shown_device,
                c.shown_ms,
                width,
            );
            let other = side(
                tr("autre  "),
                c.other.as_deref(),
                &c.other_device,
                c.other_ms,
                width,
            );
            Card {
                head: match &c.subject {
                    Some(subject) => crate::t!(
                        "{what} « {subject} » · {field}",
                        what = entity(&c.table),
                        subject,
                        field = field_label(&c.table, &c.field)
                    ),
                    None => format!("{} · {}", entity(&c.table), field_label(&c.table, &c.field)),
                },
                lines: shown.into_iter().chain(other).collect(),
            }
        })
        .collect();
    cards::draw(
        &app.theme,
        frame,
        body,
        tr("Conflits à régler"),
        tr("Aucun conflit : toutes les modifications s'accordent."),
        cards,
        view.selected,
    );
}

/// Its keys.
pub const KEYS: &[Binding] = &[
    HELP,
    up("conflit précédent"),
    down("conflit suivant"),
    b(
        &[ch('g')],
        Action::KeepShown,
        "g",
        "garder la valeur affichée",
        true,
    ),
    b(
        &[ch('a')],
        Action::TakeOther,
        "a",
        "prendre l'autre valeur",
        true,
    ),
    b(
        &[ch('m'), key(Enter)],
        Action::EditValue,
        "m",
        "écrire une autre valeur",
        true,
    ),
    BACK,
];

/// `Msg::ConflictsLoaded`: what the store read, shown.
pub(crate) fn conflicts_loaded(app: &mut App, rows: Vec<crate::store::Conflict>) -> Vec<Cmd> {
    if !app.layers.is_open(LayerKind::Conflicts) {
        app.layers.open(Layer::Conflicts(Default::default()));
    }
    let Some(view) = app.layers.conflicts_mut() else {
        return Vec::new();
    };
    view.selected = view.selected.min(rows.len().saturating_sub(1));
    view.rows = rows;
    Vec::new()
}
