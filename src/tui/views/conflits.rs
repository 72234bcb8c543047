//! Conflits: each field two laptops changed without seeing each other's value, both values side
//! by side, with the devices and times.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::cards::{self, Card};
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
        "ideas" => "Idée",
        "attendees" => "Participant",
        "workshops" => "Comptoir",
        "budget_lines" => "Ligne de budget",
        "holders" => "Porteur",
        "attendance" => "Présence",
        "reviews" => "Revue",
        "criterion_checks" => "Critère",
        "devices" => "Ordinateur",
        _ => "Fiche",
    }
}

/// One side of a conflict: the value on its own line, then who wrote it and when, under it, so
/// that at 80 columns neither is cut off by the other.
fn side(label: &str, value: Option<&str>, device: &str, ms: i64, width: usize) -> [String; 2] {
    let value = value.unwrap_or("vide");
    let line = format!("    {label} : « {value} »");
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
                "affiché",
                c.shown.as_deref(),
                &c.shown_device,
                c.shown_ms,
                width,
            );
            let other = side(
                "autre  ",
                c.other.as_deref(),
                &c.other_device,
                c.other_ms,
                width,
            );
            Card {
                head: match &c.subject {
                    Some(subject) => format!(
                        "{} « {subject} » · {}",
                        entity(&c.table),
                        field_label(&c.table, &c.field)
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
        "Conflits à régler",
        "Aucun conflit : toutes les modifications s'accordent.",
        cards,
        view.selected,
    );
}
