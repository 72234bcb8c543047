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

use super::app::{App, Popup, Screen};
use super::layers::Layer;
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
        // The stack, read once: the topmost layer that fills the body (or the screen), then
        // the boxes over it, the bars, and the popups over everything.
        let layers: Vec<&Layer> = app.layers.iter().collect();
        let base = layers.iter().rposition(|l| l.fills_body());
        match base.map(|i| layers[i]) {
            Some(Layer::Setup(form)) => setup::draw(app, form, frame, areas.body),
            Some(Layer::Record(rec)) => record::draw(app, rec, frame, areas.body),
            Some(Layer::Conflicts(view)) => conflits::draw(app, view, frame, areas.body),
            Some(Layer::Duplicates(view)) => doublons::draw(app, view, frame, areas.body),
            Some(Layer::History(view)) => historique::draw(app, view, frame, areas.body),
            Some(Layer::Budget(view)) => budget::draw(app, view, frame, areas.body),
            Some(Layer::Holders(view)) => porteurs::draw(app, view, frame, areas.body),
            Some(Layer::Review(view)) => revue::draw(app, view, frame, areas.body),
            _ => screen(app, frame, areas.body),
        }
        let above = &layers[base.map_or(0, |i| i + 1)..];
        for layer in above {
            if let Layer::Editor((form, _)) = layer {
                editor(app, form, frame, areas.body);
            }
        }
        if !bars::status(app, frame, areas.status) {
            bars::hints(app, frame, areas.hints);
        }
        for layer in above {
            if let Layer::Popup(popup) = layer {
                self::popup(app, popup, frame, areas.body);
            }
        }
    }
    if !app.theme.colour {
        strip_colours(frame.buffer_mut());
    }
}

/// The current screen, under every layer.
fn screen(app: &App, frame: &mut Frame, body: Rect) {
    match app.screen {
        Screen::Accueil => accueil::draw(app, frame, body),
        Screen::Comptoirs => comptoirs::draw(app, frame, body),
        Screen::Participants => {
            participants::draw(app, frame, body);
            if let Some(p) = participants::search_cursor(app, body) {
                frame.set_cursor_position(p);
            }
        }
        Screen::Idees => idees::draw(app, frame, body),
        Screen::Maturite => maturite::draw(app, frame, body),
        Screen::Synchro => synchro::draw(app, frame, body),
    }
}

fn popup(app: &App, popup: &Popup, frame: &mut Frame, body: Rect) {
    match popup {
        Popup::Help { scroll } => help::draw(app, *scroll, frame, body),
        Popup::Confirm { question, .. } => confirm(app, question, frame, body),
        Popup::LookAlike { known, why } => look_alike(app, known, why, frame, body),
        Popup::Merge(preview) => doublons::merge(app, preview, frame, body),
        Popup::AlreadyOpen { who } => {
            let text = crate::t!(
                "Cette base est déjà ouverte dans une autre fenêtre de comptoir ({who}). Deux fenêtres qui écrivent dans la même base se marchent dessus.\n\n[l] ouvrir en lecture seule    [q] quitter",
                who
            );
            question_box(app, tr(" Base déjà ouverte "), &text, 70, frame, body);
        }
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
