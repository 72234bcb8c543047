//! Views: functions from state to a frame. They read `App` and draw; they change nothing.

mod accueil;
mod bars;
mod budget;
mod cards;
mod comptoirs;
mod conflits;
mod doublons;
mod help;
mod historique;
mod idees;
mod maturite;
mod participants;
mod porteurs;
mod record;
mod revue;
mod setup;
mod synchro;
mod table;

pub use table::french_date;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::widgets::{Clear, Paragraph};

use super::app::{App, Overlay, Screen};
use super::layout;
use super::theme::strip_colours;
use crate::i18n::tr;

pub fn view(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if app.too_small() {
        let y = area.height / 2;
        let msg = Paragraph::new(crate::i18n::tr("Fenêtre trop petite : 80×24 minimum"))
            .alignment(Alignment::Center)
            .style(app.theme.warning());
        frame.render_widget(msg, Rect::new(0, y, area.width, 1.min(area.height)));
    } else {
        let areas = layout::areas(area.width, area.height);
        bars::tabs(app, frame, areas.tabs);
        if let Some(form) = &app.setup {
            setup::draw(app, form, frame, areas.body);
        } else if let Some(rec) = &app.record {
            record::draw(app, rec, frame, areas.body);
        } else if let Some(view) = &app.conflicts {
            conflits::draw(app, view, frame, areas.body);
        } else if let Some(view) = &app.duplicates {
            doublons::draw(app, view, frame, areas.body);
        } else if let Some(view) = &app.history {
            historique::draw(app, view, frame, areas.body);
        } else if let Some(view) = &app.budget {
            budget::draw(app, view, frame, areas.body);
        } else if let Some(view) = &app.holders {
            porteurs::draw(app, view, frame, areas.body);
        } else if let Some(view) = &app.review {
            revue::draw(app, view, frame, areas.body);
        } else {
            match app.screen {
                Screen::Accueil => accueil::draw(app, frame, areas.body),
                Screen::Comptoirs => comptoirs::draw(app, frame, areas.body),
                Screen::Participants => {
                    participants::draw(app, frame, areas.body);
                    if let Some(p) = participants::search_cursor(app, areas.body) {
                        frame.set_cursor_position(p);
                    }
                }
                Screen::Idees => idees::draw(app, frame, areas.body),
                Screen::Maturite => maturite::draw(app, frame, areas.body),
                Screen::Synchro => synchro::draw(app, frame, areas.body),
            }
        }
        if let Some((form, _)) = &app.editor {
            editor(app, form, frame, areas.body);
        }
        if !bars::status(app, frame, areas.status) {
            bars::hints(app, frame, areas.hints);
        }
        match &app.overlay {
            Some(Overlay::Help { scroll }) => help::draw(app, *scroll, frame, areas.body),
            Some(Overlay::Confirm { question, .. }) => confirm(app, question, frame, areas.body),
            Some(Overlay::LookAlike { known, why }) => {
                look_alike(app, known, why, frame, areas.body)
            }
            Some(Overlay::Merge(preview)) => doublons::merge(app, preview, frame, areas.body),
            Some(Overlay::AlreadyOpen { who }) => {
                let text = crate::t!(
                    "Cette base est déjà ouverte dans une autre fenêtre de comptoir ({who}). Deux fenêtres qui écrivent dans la même base se marchent dessus.\n\n[l] ouvrir en lecture seule    [q] quitter",
                    who
                );
                question_box(app, tr(" Base déjà ouverte "), &text, 70, frame, areas.body);
            }
            None => {}
        }
    }
    if !app.theme.colour {
        strip_colours(frame.buffer_mut());
    }
}

/// A box in the middle of `area`, cleared.
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
    frame.render_widget(Clear, boxed);
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
fn wrapped_height(text: &str, width: u16) -> u16 {
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

/// A one-field form in a box over the screen.
fn editor(app: &App, form: &super::form::Form, frame: &mut Frame, body: Rect) {
    let height = form.fields.iter().map(|f| f.rows()).sum::<u16>() + 6;
    let boxed = centred(body, 76, height);
    frame.render_widget(Clear, boxed);
    let block = ratatui::widgets::Block::bordered()
        .title(format!(" {} ", form.title))
        .border_style(app.theme.focus_marker());
    let inner = block.inner(boxed);
    frame.render_widget(block, boxed);
    let hint =
        Paragraph::new(tr("Entrée ou Ctrl+S : valider · Échap : annuler")).style(app.theme.muted());
    frame.render_widget(
        hint,
        Rect::new(
            inner.x + 1,
            inner.bottom().saturating_sub(1),
            inner.width.saturating_sub(1),
            1,
        ),
    );
    form.render(
        frame,
        Rect::new(
            inner.x,
            inner.y + 1,
            inner.width,
            inner.height.saturating_sub(2),
        ),
        &app.theme,
    );
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
