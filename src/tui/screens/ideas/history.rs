//! An idea's history: every change, who and when.

use crossterm::event::KeyEvent;

use crate::tui::app::App;
use crate::tui::keys::{self, Action, Context};
use crate::tui::layers::LayerKind;
use crate::tui::msg::Cmd;

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
