//! An idea's history: every change, who and when.

use crate::i18n::tr;
use crate::tui::app::{App, HistoryView};
use crate::tui::keys::{self, Action, BACK, Binding, Context, PAGE_DOWN, PAGE_UP, down, up};
use crate::tui::layers::LayerKind;
use crate::tui::msg::Cmd;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub(crate) fn history_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let Some(view) = app.layers.history_mut() else {
        return Vec::new();
    };
    let last = view.entries.len().saturating_sub(1);
    match keys::action(Context::History, ev) {
        Some(Action::Up) => view.scroll = view.scroll.saturating_sub(1),
        Some(Action::Down) => view.scroll = (view.scroll + 1).min(last),
        Some(Action::PageUp) => view.scroll = view.scroll.saturating_sub(10),
        Some(Action::PageDown) => view.scroll = (view.scroll + 10).min(last),
        Some(Action::Back) => app.layers.close(LayerKind::History),
        _ => {}
    }
    Vec::new()
}

pub fn draw(app: &App, view: &HistoryView, frame: &mut Frame, body: Rect) {
    let t = &app.theme;
    let mut lines = vec![Line::from(vec![
        Span::styled(tr("Historique · "), t.title()),
        Span::styled(view.title.clone(), t.title()),
        Span::styled(
            crate::t!("  {n} modification(s)", n = view.entries.len()),
            t.muted(),
        ),
    ])];
    // Each change whole: its heading, then the values on the lines under it, wrapped, so two
    // values that differ late are never shown alike.
    for e in view.entries.iter().skip(view.scroll) {
        let when = crate::strings::moment(e.at_ms);
        let value = |v: &Option<String>| -> String {
            let v = v.clone().unwrap_or_else(|| tr("vide").into());
            // A line break of the value, marked where it was.
            let v = v.replace('\n', " ↵ ");
            crate::t!("« {v} »", v)
        };
        let change = match &e.before {
            Some(_) => format!("{} → {}", value(&e.before), value(&e.after)),
            None => value(&e.after),
        };
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled(when, t.muted()),
            Span::styled(format!("  {} · {}", e.what, e.field), t.title()),
            Span::styled(format!("  ({})", e.device), t.muted()),
        ]));
        lines.push(Line::raw(format!("  {change}")));
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }),
        Rect::new(
            body.x + 1,
            body.y,
            body.width.saturating_sub(2),
            body.height,
        ),
    );
}

/// Its keys.
pub const KEYS: &[Binding] = &[up("monter"), down("descendre"), PAGE_UP, PAGE_DOWN, BACK];
