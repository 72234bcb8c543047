//! A titled list of cards, one selected: the shape shared by the conflicts and the duplicates,
//! where each entry needs a heading and two lines side by side rather than a table row.

use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

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
    let area = Rect::new(
        body.x + 1,
        body.y,
        body.width.saturating_sub(2),
        body.height,
    );
    // The title stays on its line; the cards scroll under it, whole.
    let title_line = Line::from(vec![
        Span::styled(title.to_string(), t.title()),
        Span::styled(format!("  {}", cards.len()), t.muted()),
    ]);
    frame.render_widget(Paragraph::new(title_line), Rect { height: 1, ..area });
    let below = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    };
    if cards.is_empty() {
        frame.render_widget(
            Paragraph::new(vec![
                Line::raw(""),
                Line::from(Span::styled(format!("  {empty}"), t.muted())),
            ]),
            below,
        );
        return;
    }
    // The first card shown: the latest from which the selected one still fits whole.
    let height = |c: &Card| 2 + c.lines.len();
    let room = below.height as usize;
    let mut first = selected.min(cards.len() - 1);
    let mut used = height(&cards[first]);
    while first > 0 && used + height(&cards[first - 1]) <= room {
        first -= 1;
        used += height(&cards[first]);
    }
    let mut lines = Vec::new();
    for (i, card) in cards.into_iter().enumerate().skip(first) {
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
    }
    frame.render_widget(Paragraph::new(lines), below);
}
