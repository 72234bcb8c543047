//! Boxes over the screen: the one-field editor, questions, the help. Each popup's keys are
//! with it; `draw` puts the one on top over everything.

pub mod editor;
pub mod help;
pub mod pick_workshop;

use super::app::{App, Popup};
use super::screens::attendees::duplicates;
use crate::domain::model;
use crate::i18n::tr;
use crate::store::Edit;
use crate::tui::app::{OnYes, Tone};
use crate::tui::keys::{self, Action, Binding, Context, b, ch, key};
use crate::tui::layers::LayerKind;
use crate::tui::msg::{Cmd, Purpose};
use crossterm::event::KeyCode::{Enter, Esc};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Paragraph};

pub fn draw(app: &App, popup: &Popup, frame: &mut Frame, body: Rect) {
    match popup {
        Popup::Help { scroll } => help::draw(app, *scroll, frame, body),
        Popup::Confirm { question, .. } => confirm(app, question, frame, body),
        Popup::LookAlike { known, why } => look_alike(app, known, why, frame, body),
        Popup::Merge(preview) => duplicates::merge(app, preview, frame, body),
        Popup::AlreadyOpen { who } => {
            let text = crate::t!(
                "Cette base est déjà ouverte dans une autre fenêtre de comptoir ({who}). Deux fenêtres qui écrivent dans la même base se marchent dessus.\n\n[l] ouvrir en lecture seule    [q] quitter",
                who
            );
            question_box(app, tr(" Base déjà ouverte "), &text, 70, frame, body);
        }
        Popup::PickWorkshop(pick) => pick_workshop::draw(app, pick, frame, body),
    }
}

/// A box in the middle of `area` (where it goes; `clear_behind` empties it).
pub(crate) fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Empties what a box hides: the box and the rest of its rows across the body, so that no
/// piece of a word cut by its border (« ée » of « Labellisée ») stays beside it.
pub(crate) fn clear_behind(frame: &mut Frame, body: Rect, boxed: Rect) {
    frame.render_widget(
        Clear,
        Rect::new(body.x, boxed.y, body.width, boxed.height).intersection(body),
    );
}

fn confirm(app: &App, question: &str, frame: &mut Frame, body: Rect) {
    let text = format!("{question}\n\n{}", tr("[o] oui    [n] non"));
    question_box(app, tr(" Confirmer "), &text, 64, frame, body);
}

/// A question in a box over the screen, as tall as its wrapped text, so that the keys that
/// answer it (its last line) are never cut off, in French or in English.
fn question_box(app: &App, title: &str, text: &str, width: u16, frame: &mut Frame, body: Rect) {
    let boxed = centred(
        body,
        width,
        wrapped_height(text, width.saturating_sub(2)) + 2,
    );
    clear_behind(frame, body, boxed);
    let block = ratatui::widgets::Block::bordered()
        .title(title)
        .border_style(app.theme.warning());
    frame.render_widget(
        Paragraph::new(text)
            .block(block)
            .wrap(ratatui::widgets::Wrap { trim: true }),
        boxed,
    );
}

/// The rows `text` takes wrapped word by word at `width` columns.
pub(crate) fn wrapped_height(text: &str, width: u16) -> u16 {
    use unicode_width::UnicodeWidthStr;
    let width = usize::from(width.max(1));
    let rows: usize = text
        .lines()
        .map(|line| {
            let (mut rows, mut used) = (1, 0);
            // Broken at spaces only: a no-break space (in « 12 500 € ») holds its word.
            for word in line.split(' ').filter(|w| !w.is_empty()) {
                let w = word.width();
                if used > 0 && used + 1 + w > width {
                    rows += 1;
                    used = 0;
                }
                used += if used > 0 { 1 + w } else { w };
                // A word longer than the line runs on.
                rows += used.saturating_sub(1) / width;
                used = (used.saturating_sub(1) % width) + 1;
            }
            rows
        })
        .sum();
    u16::try_from(rows).unwrap_or(u16::MAX)
}

fn look_alike(
    app: &App,
    known: &crate::store::queries::AttendeeRow,
    why: &str,
    frame: &mut Frame,
    body: Rect,
) {
    let commune = known
        .commune
        .as_deref()
        .and_then(|c| app.reference.commune_name(c))
        .map(String::from)
        .unwrap_or_else(|| tr("commune inconnue").into());
    let text = crate::t!(
        "Cette personne ressemble à {first} {last} ({age}, {commune}, {n} comptoir(s)) : {why}.\n\n\
         [m] même personne    [d] personne différente    [Échap] revenir",
        first = known.first_name,
        last = known.last_name,
        age = known.age_bracket.as_deref().unwrap_or(tr("âge ?")),
        commune,
        n = known.workshops,
        why
    );
    question_box(app, tr(" Déjà connu(e) ? "), &text, 70, frame, body);
}

/// The base is open in another interface.
pub const ALREADY_OPEN_KEYS: &[Binding] = &[
    b(
        &[ch('l'), ch('L')],
        Action::OpenReadOnly,
        "l",
        "ouvrir en lecture seule",
        true,
    ),
    b(
        &[ch('q'), key(Esc)],
        Action::Quit,
        "q Échap",
        "quitter",
        true,
    ),
];

/// A yes/no question.
pub const CONFIRM_KEYS: &[Binding] = &[
    b(
        // « y » too, for whoever reads the English.
        &[ch('o'), ch('O'), ch('y'), ch('Y'), key(Enter)],
        Action::Yes,
        "o Entrée",
        "oui",
        true,
    ),
    b(
        &[ch('n'), ch('N'), key(Esc)],
        Action::No,
        "n Échap",
        "non",
        true,
    ),
];

/// A yes/no question: yes does what was asked, no closes it.
pub(crate) fn confirm_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let Some(Popup::Confirm { on_yes, .. }) = app.layers.popup() else {
        return Vec::new();
    };
    let on_yes = on_yes.clone();
    match keys::action(Context::Confirm, ev) {
        Some(Action::Yes) => {
            app.layers.close(LayerKind::Popup);
            match on_yes {
                OnYes::Quit => app.quit = true,
                OnYes::DropRecord => app.layers.close(LayerKind::Record),
                OnYes::Erase { id, name } => return vec![Cmd::Forget { id, name }],
                OnYes::Decide(edits) => {
                    app.pending_saves += 1;
                    return vec![Cmd::Save {
                        edits,
                        purpose: Purpose::Review,
                    }];
                }
                OnYes::Archive {
                    id,
                    title,
                    archived,
                } => {
                    let said = if archived {
                        crate::t!("Idée « {title} » archivée (v : voir les archives).", title)
                    } else {
                        crate::t!(
                            "Idée « {title} » restaurée : elle revient dans les listes.",
                            title
                        )
                    };
                    app.status = Some((Tone::Success, said));
                    app.pending_saves += 1;
                    return vec![Cmd::Save {
                        edits: vec![Edit::new(&model::IDEAS, id).set("archived", archived)],
                        purpose: Purpose::Archived,
                    }];
                }
            }
        }
        Some(Action::No) => app.layers.close(LayerKind::Popup),
        _ => {}
    }
    Vec::new()
}

/// The base is open in another interface: read-only, or quit.
pub(crate) fn already_open_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    match keys::action(Context::AlreadyOpen, ev) {
        Some(Action::OpenReadOnly) => {
            app.layers.close(LayerKind::Popup);
            app.read_only = true;
            vec![Cmd::ReadOnly]
        }
        Some(Action::Quit) => {
            app.quit = true;
            Vec::new()
        }
        _ => Vec::new(),
    }
}
