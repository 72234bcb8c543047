//! A titled list of cards, one selected: the shape shared by the conflicts and the duplicates,
//! where each entry needs a heading and two lines side by side rather than a table row.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::theme::Theme;

/// One entry: a heading and the lines under it.
pub struct Card {
    pub head: String,
    pub lines: Vec<String>,
}

pub fn draw(
    theme: &Theme,
    frame: &mut Frame,
    body: Rect,
    title: &str,
    empty: &str,
    cards: Vec<Card>,
    selected: usize,
) {
    let t = theme;
    let mut lines = vec![Line::from(vec![
        Span::styled(title.to_string(), t.title()),
        Span::styled(format!("  {}", cards.len()), t.muted()),
    ])];
    if cards.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(format!("  {empty}"), t.muted())));
    }
    // Keep the selected card on screen: scroll so that its last line is at most the body's last.
    let mut selected_end = 0;
    for (i, card) in cards.into_iter().enumerate() {
        let is_selected = i == selected;
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled(if is_selected { "▶ " } else { "  " }, t.focus_marker()),
            Span::styled(
                card.head,
                if is_selected {
                    t.selection()
                } else {
                    t.title()
                },
            ),
        ]));
        lines.extend(card.lines.into_iter().map(Line::raw));
        if is_selected {
            selected_end = lines.len();
        }
    }
    let top = selected_end.saturating_sub(body.height as usize) as u16;
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
