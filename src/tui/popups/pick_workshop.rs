//! « Which workshop? »: asked by the quick capture (`a`) when no workshop is the current one,
//! so that the letters typed next go to the idea, never to the screen behind.

use crate::i18n::tr;
use crate::tui::app::{App, Popup};
use crate::tui::keys::{self, Action, Binding, Context, b, down, first, key, last, up};
use crate::tui::layers::LayerKind;
use crate::tui::msg::Cmd;
use crate::tui::popups::{centred, clear_behind};
use crate::tui::widgets::fit;
use crossterm::event::KeyCode::{Enter, Esc};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

/// The workshops offered, newest first, and the last choice: none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickWorkshop {
    /// (id, « 12/11/2026 · Arras »).
    pub workshops: Vec<(String, String)>,
    /// An index into `workshops`; `workshops.len()` is « sans comptoir ».
    pub selected: usize,
}

pub const KEYS: &[Binding] = &[
    up("comptoir précédent"),
    down("comptoir suivant"),
    first("le plus récent"),
    last("sans comptoir"),
    b(&[key(Enter)], Action::Open, "Entrée", "choisir", true),
    b(&[key(Esc)], Action::Back, "Échap", "annuler", true),
];

pub(crate) fn key_pressed(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let Some(Popup::PickWorkshop(pick)) = app.layers.popup_mut() else {
        return Vec::new();
    };
    let last = pick.workshops.len();
    match keys::action(Context::PickWorkshop, ev) {
        Some(Action::Up) => pick.selected = pick.selected.saturating_sub(1),
        Some(Action::Down) => pick.selected = (pick.selected + 1).min(last),
        Some(Action::First) => pick.selected = 0,
        Some(Action::Last) => pick.selected = last,
        Some(Action::Back) => app.layers.close(LayerKind::Popup),
        Some(Action::Open) => {
            let chosen = pick.workshops.get(pick.selected).cloned();
            app.layers.close(LayerKind::Popup);
            // For this capture only: the current workshop (where walk-ins are checked in)
            // stays as it is, chosen on screen 2.
            return vec![Cmd::OpenQuickIdea {
                workshop: chosen.map(|(id, _)| id),
            }];
        }
        _ => {}
    }
    Vec::new()
}

pub fn draw(app: &App, pick: &PickWorkshop, frame: &mut Frame, body: Rect) {
    let t = &app.theme;
    let width = 60.min(body.width);
    let inner = usize::from(width.saturating_sub(4));
    let rows = pick.workshops.len() + 1;
    // The question, a blank line, the choices (as many as fit), a blank line, the keys.
    let room = usize::from(body.height.saturating_sub(7)).max(1);
    let shown = rows.min(room);
    let top = pick.selected.saturating_sub(shown - 1);
    let boxed = centred(body, width, shown as u16 + 7);
    clear_behind(frame, body, boxed);
    let none = tr("Sans comptoir (l'idée n'est rattachée à aucun)");
    let mut lines = vec![
        Line::from(fit(tr("Pas de comptoir en cours."), inner + 2)),
        Line::from(fit(tr("Pour quel comptoir noter cette idée ?"), inner + 2)),
        Line::default(),
    ];
    for i in top..top + shown {
        let label = pick.workshops.get(i).map_or(none, |(_, l)| l.as_str());
        let (marker, style) = if i == pick.selected {
            ("▶ ", t.selection())
        } else {
            ("  ", t.normal())
        };
        lines.push(Line::from(Span::styled(
            format!("{marker}{}", fit(label, inner)),
            style,
        )));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        tr("↑ ↓ choisir · Entrée valider · Échap annuler"),
        t.muted(),
    )));
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(tr(" Idée rapide : quel comptoir ? "))
                .border_style(t.warning()),
        ),
        boxed,
    );
}
