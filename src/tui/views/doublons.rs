//! Doublons probables: pairs of people who look like one, to merge.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::table::commune_name;
use crate::store::queries::AttendeeRow;
use crate::tui::app::{App, DuplicatesView};

fn describe(app: &App, p: &AttendeeRow) -> String {
    format!(
        "{} {} · {} · {} · {} comptoir(s)",
        p.first_name,
        p.last_name,
        p.age_bracket.as_deref().unwrap_or("âge ?"),
        commune_name(app, p.commune.as_deref()),
        p.workshops
    )
}

pub fn draw(app: &App, view: &DuplicatesView, frame: &mut Frame, body: Rect) {
    let t = &app.theme;
    let mut lines = vec![Line::from(vec![
        Span::styled("Doublons probables", t.title()),
        Span::styled(format!("  {}", view.pairs.len()), t.muted()),
    ])];
    if view.pairs.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            "  Aucun doublon probable.",
            t.muted(),
        )));
    }
    for (i, (a, b, why)) in view.pairs.iter().enumerate() {
        let selected = i == view.selected;
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled(if selected { "▶ " } else { "  " }, t.focus_marker()),
            Span::styled(
                why.clone(),
                if selected { t.selection() } else { t.title() },
            ),
        ]));
        lines.push(Line::raw(format!("    1re : {}", describe(app, a))));
        lines.push(Line::raw(format!("    2de : {}", describe(app, b))));
    }
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
