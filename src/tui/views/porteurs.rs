//! The people holding an idea, with their role; a minor needs an adult referent.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::age::AgeBracket;
use crate::i18n::tr;
use crate::tui::app::{App, HoldersView};

pub fn draw(app: &App, view: &HoldersView, frame: &mut Frame, body: Rect) {
    let t = &app.theme;
    let mut lines = vec![
        Line::from(vec![
            Span::styled(tr("Porteurs · "), t.title()),
            Span::styled(view.title.clone(), t.title()),
        ]),
        Line::raw(""),
    ];
    if view.holders.is_empty() {
        lines.push(Line::from(Span::styled(
            tr("  Aucun porteur : n pour en ajouter un."),
            t.muted(),
        )));
    }
    for (i, h) in view.holders.iter().enumerate() {
        let selected = i == view.selected;
        let minor = h
            .age_bracket
            .as_deref()
            .and_then(AgeBracket::from_code)
            .is_some_and(AgeBracket::is_minor);
        let role = if h.role == Some(crate::domain::codes::HolderRole::CoHolder) {
            tr("co-porteur")
        } else {
            tr("porteur")
        };
        let mut spans = vec![
            Span::styled(if selected { "▶ " } else { "  " }, t.focus_marker()),
            Span::styled(
                format!("{:<30}", h.name),
                if selected { t.selection() } else { t.normal() },
            ),
            Span::raw(format!(
                " {role:<11} {}",
                h.age_bracket.as_deref().unwrap_or("")
            )),
        ];
        if minor {
            spans.push(Span::styled(
                tr("  mineur : adulte référent dans la fiche"),
                t.warning(),
            ));
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(
        Paragraph::new(lines),
        Rect::new(
            body.x + 1,
            body.y,
            body.width.saturating_sub(2),
            body.height,
        ),
    );
}
