//! One idea's maturity: each criterion met or not and what is missing, the facilitator's
//! ticks and recommendation, the committee's decision.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::i18n::tr;
use crate::strings::Labelled;
use crate::tui::app::{App, ReviewView};

pub fn draw(app: &App, view: &ReviewView, frame: &mut Frame, body: Rect) {
    let t = &app.theme;
    let r = &view.review;
    let width = body.width.saturating_sub(4) as usize;
    let clip = |s: String| -> String { s.chars().take(width).collect() };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(r.title.clone(), t.title()),
            Span::styled(format!("  · {}", r.level.label()), t.focus_marker()),
        ]),
        Line::raw(""),
    ];
    // The selected criterion in full when its row had to be cut, so that at 80 columns the
    // reason (the amount against the campaign's range, a long comment) can still be read.
    let mut selected_cut = None;
    for (i, v) in r.verdicts.iter().enumerate() {
        let selected = i == view.selected;
        let mark = if v.met { "✓" } else { "✗" };
        let who = if v.computed { "" } else { tr(" (animateur)") };
        let style = match (selected, v.met) {
            (true, _) => t.selection(),
            (false, true) => t.success(),
            (false, false) => t.error(),
        };
        let mut text = format!("{mark} {}{who}", v.label);
        let comment = r
            .comments
            .iter()
            .find(|(c, _)| *c == v.code)
            .map(|(_, c)| c.clone());
        match (&v.missing, comment) {
            (_, Some(c)) => text.push_str(&format!(" — {c}")),
            (Some(m), None) if v.computed => text.push_str(&format!(" — {m}")),
            _ => {}
        }
        let shown = clip(text.clone());
        if selected && shown != text {
            selected_cut = Some(text);
        }
        lines.push(Line::from(vec![
            Span::styled(if selected { "▶ " } else { "  " }, t.focus_marker()),
            Span::styled(shown, style),
        ]));
    }
    lines.push(Line::raw(""));
    let rec = r
        .recommendation
        .map_or(tr("pas encore (r)"), Labelled::label);
    let mut rec_line = crate::t!("Recommandation : {rec}", rec);
    if let Some(c) = &r.comment {
        rec_line.push_str(&format!(" — {}", c.replace('\n', " ")));
    }
    lines.push(Line::raw(clip(rec_line)));
    let decision = match r.decision.map(Labelled::label) {
        Some(d) => format!(
            "{}{}{}",
            crate::t!("Comité : {d}", d),
            r.decision_date
                .as_deref()
                .map(|d| crate::t!(" le {d}", d))
                .unwrap_or_default(),
            r.decision_reason
                .as_deref()
                .map(|m| format!(" — {}", m.replace('\n', " ")))
                .unwrap_or_default()
        ),
        None => tr("Comité : pas encore de décision (d)").to_string(),
    };
    lines.push(Line::raw(clip(decision)));
    let area = Rect::new(
        body.x + 1,
        body.y,
        body.width.saturating_sub(2),
        body.height,
    );
    let used = (lines.len() as u16 + 1).min(area.height);
    frame.render_widget(Paragraph::new(lines), area);
    if let Some(full) = selected_cut {
        let below = Rect::new(area.x, area.y + used, area.width, area.height - used);
        frame.render_widget(
            Paragraph::new(full)
                .style(t.muted())
                .wrap(Wrap { trim: true }),
            below,
        );
    }
}
