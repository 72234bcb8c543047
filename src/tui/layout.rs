//! Where things are on screen. Views draw there; `update` maps mouse clicks with the same
//! functions, so a click always lands on what is drawn.

use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use super::app::Screen;
use crate::i18n::tr;

pub struct Areas {
    pub tabs: Rect,
    pub body: Rect,
    pub status: Rect,
    pub hints: Rect,
}

pub fn areas(width: u16, height: u16) -> Areas {
    let body_h = height.saturating_sub(3);
    Areas {
        tabs: Rect::new(0, 0, width, 1),
        body: Rect::new(0, 1, width, body_h),
        status: Rect::new(0, 1 + body_h, width, 1),
        hints: Rect::new(0, 2 + body_h, width, 1),
    }
}

/// The label of a tab: « 1 Accueil ». Below 90 columns the last tab says « Synchro ».
pub fn tab_label(screen: Screen, width: u16) -> String {
    let title = match screen {
        Screen::Synchro if width < 90 => tr("Synchro"),
        s => tr(s.title()),
    };
    format!(" {} {} ", screen.index() + 1, title)
}

/// Each tab's columns `[start, end)` on the tab line of a terminal `width` wide.
pub fn tab_spans(width: u16) -> Vec<(Screen, u16, u16)> {
    let mut x = 0u16;
    Screen::ALL
        .iter()
        .map(|&s| {
            let w = tab_label(s, width).width() as u16;
            let span = (s, x, x + w);
            x += w + 1;
            span
        })
        .collect()
}

/// A list's header row and its rows' area inside a screen's body (under the screen's title
/// line).
pub fn list_rows(body: Rect) -> Rect {
    Rect::new(
        body.x,
        body.y + 2,
        body.width,
        body.height.saturating_sub(2),
    )
}

/// The first-run form's area.
pub fn setup_form(body: Rect) -> Rect {
    let w = body.width.min(76);
    Rect::new(
        body.x + (body.width - w) / 2,
        body.y + 6,
        w,
        body.height.saturating_sub(6),
    )
}
