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

pub fn draw(app: &App, view: &ConflictsView, frame: &mut Frame, body: Rect) {
    let width = body.width.saturating_sub(6) as usize;
    let clip = |s: String| -> String { s.chars().take(width).collect() };
    let cards = view
        .rows
        .iter()
        .map(|c| Card {
            head: format!("{} · {}", entity(&c.table), field_label(&c.table, &c.field)),
            lines: [
                clip(format!(
                    "    affiché : « {} » ({}, {})",
                    c.shown.as_deref().unwrap_or("vide"),
                    c.shown_device,
                    when(c.shown_ms)
                )),
                clip(format!(
                    "    autre   : « {} » ({}, {})",
                    c.other.as_deref().unwrap_or("vide"),
                    c.other_device,
                    when(c.other_ms)
                )),
            ],
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
