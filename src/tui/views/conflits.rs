//! Conflits: each field two laptops changed without seeing each other's value, both values side
//! by side, with the devices and times.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::cards::{self, Card};
use crate::i18n::tr;
use crate::strings::field_label;
use crate::tui::app::{App, ConflictsView};

fn when(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| {
            d.with_timezone(&chrono::Local)
                .format("%d/%m/%Y %H:%M")
                .to_string()
        })
        .unwrap_or_default()
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

/// One side of a conflict: the value on its own line, then who wrote it and when, under it, so
/// that at 80 columns neither is cut off by the other.
fn side(label: &str, value: Option<&str>, device: &str, ms: i64, width: usize) -> [String; 2] {
    let value = value.unwrap_or(tr("vide"));
    let line = format!("    {}", crate::t!("{label} : « {value} »", label, value));
    let line = if line.chars().count() <= width {
        line
    } else {
        let kept: String = line.chars().take(width.saturating_sub(1)).collect();
        format!("{kept}…")
    };
    let from = format!("              {device}, {}", when(ms));
    [line, from.chars().take(width).collect()]
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
