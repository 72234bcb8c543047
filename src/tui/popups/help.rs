//! The help popup, written from the key tables of `keys`: what it lists is what the keys do.

use crate::i18n::tr;
use crate::tui::app::{App, Popup};
use crate::tui::keys::{self, Action, Binding, Context, b, ch, down, key, up};
use crate::tui::layers::LayerKind;
use crate::tui::msg::Cmd;
use crate::tui::popups::centred;
use crossterm::event::KeyCode::{Esc, F};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

pub fn draw(app: &App, scroll: u16, frame: &mut Frame, body: Rect) {
    let t = &app.theme;
    let context = app.base_context();
    let title = match context {
        Context::Form => tr("Aide : formulaire"),
        Context::Conflicts => tr("Aide : conflits"),
        Context::SyncScreen => tr("Aide : synchronisation"),
        Context::Duplicates => tr("Aide : doublons"),
        Context::Ideas => tr("Aide : idées"),
        Context::Maturity => tr("Aide : maturité"),
        Context::Home => tr("Aide : accueil"),
        Context::Budget => tr("Aide : budget"),
        Context::History => tr("Aide : historique"),
        Context::Holders => tr("Aide : porteurs"),
        Context::Review => tr("Aide : maturité d'une idée"),
        Context::Attendees => tr("Aide : participants"),
        Context::Workshops => tr("Aide : comptoirs"),
        _ => tr("Aide : listes"),
    };
    let mut lines = vec![Line::from(Span::styled(
        tr("Écran : {screen}").replace(
            "{screen}",
            if app.layers.setup().is_some() {
                tr("Premier lancement")
            } else {
                tr(app.screen.title())
            },
        ),
        t.title(),
    ))];
    lines.push(Line::raw(""));
    // The screen keys (1 to 6) take one entry together.
    let screens: Vec<&keys::Binding> = keys::bindings(context)
        .into_iter()
        .filter(|b| matches!(b.action, Action::GoTo(_)))
        .collect();
    let mut entries: Vec<(String, String)> = Vec::new();
    let mut screens_at: Option<usize> = None;
    for binding in keys::bindings(context) {
        if matches!(binding.action, Action::GoTo(_)) {
            if entries.len() == screens_at.unwrap_or(usize::MAX) {
                continue;
            }
            if screens_at.is_none() {
                screens_at = Some(entries.len());
                let first = screens.first().map_or("", |b| b.keys);
                let last = screens.last().map_or("", |b| b.keys);
                entries.push((
                    crate::t!("{first} à {last}", first, last),
                    tr("changer d'écran").into(),
                ));
            }
            continue;
        }
        entries.push((tr(binding.keys).to_string(), tr(binding.does).to_string()));
    }
    // Two columns when one would not fit: the help is read whole, without scrolling.
    let room = body.height.saturating_sub(6) as usize;
    let columns = if entries.len() > room && body.width >= 76 {
        2
    } else {
        1
    };
    let per_column = entries.len().div_ceil(columns);
    for i in 0..per_column {
        let mut spans = Vec::new();
        for c in 0..columns {
            if let Some((k, d)) = entries.get(c * per_column + i) {
                spans.push(Span::styled(format!("  {k:<10} "), t.title()));
                let width = if columns == 2 { 23 } else { 60 };
                let d = crate::tui::widgets::fit(d, width);
                spans.push(Span::raw(format!("{d:<width$}")));
            }
        }
        lines.push(Line::from(spans));
    }
    if context == Context::Form {
        lines.push(Line::raw(""));
        lines.push(Line::raw(tr(
            "  Dans un texte : Ctrl+U vider, Ctrl+Z annuler, Ctrl+Y rétablir.",
        )));
        lines.push(Line::raw(tr(
            "  Dans un texte long : Alt+Entrée ou Ctrl+J va à la ligne.",
        )));
        lines.push(Line::raw(tr(
            "  Dans un choix : ← →, ou le début du libellé, ou un âge. Case : Espace.",
        )));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        tr("Échap ferme l'aide."),
        t.muted(),
    )));
    let width = 76u16.min(body.width);
    let inner = width.saturating_sub(2).max(1) as usize;
    let rows: usize = lines.iter().map(|l| l.width().div_ceil(inner).max(1)).sum();
    let boxed = centred(body, width, (rows as u16 + 2).min(body.height));
    crate::tui::popups::clear_behind(frame, body, boxed);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(Block::bordered().title(format!(" {title} "))),
        boxed,
    );
}

/// Its keys.
pub const KEYS: &[Binding] = &[
    b(
        &[key(Esc), key(F(1)), ch('?'), ch('q')],
        Action::Back,
        "Échap",
        "fermer l'aide",
        true,
    ),
    up("monter"),
    down("descendre"),
];

/// ↑ and ↓ scroll the help; Échap closes it.
pub(crate) fn help_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    if let Some(Popup::Help { scroll }) = app.layers.popup_mut() {
        match keys::action(Context::Help, ev) {
            Some(Action::Back) => app.layers.close(LayerKind::Popup),
            Some(Action::Up) => *scroll = scroll.saturating_sub(1),
            Some(Action::Down) => *scroll = scroll.saturating_add(1),
            _ => {}
        }
    }
    Vec::new()
}
