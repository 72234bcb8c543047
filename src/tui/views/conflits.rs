//! Conflits: each field two laptops changed without seeing each other's value, both values side
//! by side, with the devices and times.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

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
    let t = &app.theme;
    let mut lines = vec![Line::from(vec![
        Span::styled("Conflits à régler", t.title()),
        Span::styled(format!("  {}", view.rows.len()), t.muted()),
    ])];
    if view.rows.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            "  Aucun conflit : toutes les modifications s'accordent.",
            t.muted(),
        )));
    }
    let width = body.width.saturating_sub(6) as usize;
    let clip = |s: &str| -> String { s.chars().take(width).collect() };
    for (i, c) in view.rows.iter().enumerate() {
        let selected = i == view.selected;
        let marker = if selected { "▶ " } else { "  " };
        let head_style = if selected { t.selection() } else { t.title() };
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled(marker, t.focus_marker()),
            Span::styled(
                format!("{} · {}", entity(&c.table), field_label(&c.table, &c.field)),
                head_style,
            ),
        ]));
        lines.push(Line::raw(clip(&format!(
            "    affiché : « {} » ({}, {})",
            c.shown.as_deref().unwrap_or("vide"),
            c.shown_device,
            when(c.shown_ms)
        ))));
        lines.push(Line::raw(clip(&format!(
            "    autre   : « {} » ({}, {})",
            c.other.as_deref().unwrap_or("vide"),
            c.other_device,
            when(c.other_ms)
        ))));
    }
    // Keep the selected conflict on screen: each takes four lines after the title.
    let top = (1 + view.selected * 4 + 4).saturating_sub(body.height as usize) as u16;
    frame.render_widget(
        Paragraph::new(lines).scroll((top, 0)),
        Rect::new(
            body.x + 1,
            body.y,
            body.width.saturating_sub(2),
            body.height,
        ),
    );
}
