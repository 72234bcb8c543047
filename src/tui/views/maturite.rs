//! Maturité: how many ideas stand at each level, and each idea with what it still lacks.

use crate::i18n::tr;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::table;
use crate::domain::maturity::Level;
use crate::tui::app::App;

pub fn draw(app: &App, frame: &mut Frame, body: Rect) {
    let t = &app.theme;
    let total: i64 = app.data.levels.iter().sum();
    let bar_width = body.width.saturating_sub(40) as i64;
    let mut lines = vec![Line::from(Span::styled(
        tr("Maturité des idées"),
        t.title(),
    ))];
    for (level, n) in Level::ALL.iter().zip(app.data.levels) {
        let filled = if total == 0 {
            0
        } else {
            (n * bar_width / total) as usize
        };
        lines.push(Line::from(vec![
            Span::raw(format!("  {:<29}", level.label())),
            Span::styled(format!("{n:>4} "), t.title()),
            Span::styled("█".repeat(filled), t.focus_marker()),
        ]));
    }
    let per_territory: Vec<String> = app
        .data
        .territories
        .iter()
        .map(|(t, n)| format!("{t} {n}"))
        .collect();
    lines.push(Line::from(Span::styled(
        per_territory.join(" · "),
        t.muted(),
    )));
    let head_h = 7;
    let head = Rect::new(body.x + 1, body.y, body.width.saturating_sub(1), head_h);
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
        head,
    );
    let rest = Rect::new(
        body.x,
        body.y + head_h,
        body.width,
        body.height.saturating_sub(head_h),
    );
    table::draw(
        app,
        frame,
        rest,
        table::Columns {
            title: tr("Idées et ce qui leur manque"),
            headers: &[tr("Niveau"), tr("Titre"), tr("Ce qui manque")],
            widths: &[
                Constraint::Length(10),
                Constraint::Fill(2),
                Constraint::Fill(3),
            ],
            empty: tr("Aucune idée pour l'instant."),
        },
        &app.data.ideas,
        |i| {
            vec![
                match i.decision {
                    Some(crate::domain::codes::Decision::Labelled) => tr("Labellisée").to_string(),
                    Some(_) => tr("Non lab.").to_string(),
                    None => i.level.short().to_string(),
                },
                i.title.clone(),
                i.missing.clone().unwrap_or_else(|| tr("rien").into()),
            ]
        },
    );
}
