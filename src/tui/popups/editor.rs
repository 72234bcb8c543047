//! The one-field editor in a box: its keys, and where what it asked for goes.

use crate::domain::model::Value;
use crate::i18n::tr;
use crate::tui::app::{App, Editing, Popup};
use crate::tui::form::Outcome;
use crate::tui::keys::{self, Action, Context};
use crate::tui::layers::{Layer, LayerKind};
use crate::tui::msg::Cmd;
use crate::tui::popups::centred;
use crate::tui::screens::attendees::{self, duplicates};
use crate::tui::screens::ideas::{self, holders};
use crate::tui::screens::review;
use crate::tui::screens::sync::{self, conflicts};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

pub(crate) fn editor_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let Some((form, editing)) = app.layers.editor_mut() else {
        return Vec::new();
    };
    // « Suppr : aucun filtre », as the filters' title says: every filter cleared at once.
    if matches!(editing, Editing::Filters | Editing::IdeaFilters)
        && ev.code == KeyCode::Delete
        && ev.modifiers.is_empty()
    {
        for f in form.fields.iter_mut().filter(|f| f.name != "sort") {
            f.clear();
        }
        return Vec::new();
    }
    let before = form.focus;
    let outcome = form.handle_key(ev);
    // « Entrée : valider », as the box says: Entrée that would only go to the next field
    // saves the box (Entrée taking a suggestion still only takes it).
    let outcome = match outcome {
        Outcome::Used | Outcome::Left(_)
            if ev.code == KeyCode::Enter && ev.modifiers.is_empty() && form.focus != before =>
        {
            Outcome::Submit
        }
        other => other,
    };
    match outcome {
        Outcome::Submit => {
            if !form.validate() {
                return Vec::new();
            }
            if let Editing::Phrase { then_sync } = *editing {
                return sync::phrase_typed(app, then_sync);
            }
            let typed = form.fields[0]
                .value()
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .or_else(|| app.data.sync_target.clone());
            let editing = editing.clone();
            let raw = form.fields[0].value().unwrap_or(Value::Null);
            let picks: Vec<Option<String>> = form
                .fields
                .iter()
                .map(|f| f.value().ok().and_then(|v| v.as_str().map(String::from)))
                .collect();
            app.layers.close(LayerKind::Editor);
            match editing {
                Editing::SyncTarget => sync::target_chosen(app, typed),
                Editing::Conflict(i) => conflicts::settle_with(app, i, raw),
                Editing::Filters => attendees::filters_chosen(app, &picks),
                Editing::IdeaFilters => ideas::filters_chosen(app, &picks),
                Editing::CriterionComment(code) => review::comment_chosen(app, &code, &picks),
                Editing::Recommendation => review::recommendation_chosen(app, &picks),
                Editing::Decision => review::decision_chosen(app, &picks),
                Editing::AddHolder => holders::holder_chosen(app, &picks),
                Editing::MergeWith(keep) => duplicates::merge_with_chosen(keep, &picks),
                Editing::Import => attendees::import_chosen(typed),
                // Answered above, before the form is closed.
                Editing::Phrase { .. } => Vec::new(),
            }
        }
        Outcome::Cancel => {
            app.layers.close(LayerKind::Editor);
            Vec::new()
        }
        Outcome::Ignored if keys::action(Context::Form, ev) == Some(Action::Help) => {
            app.layers.open(Layer::Popup(Popup::Help { scroll: 0 }));
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// A one-field form in a box over the screen.
pub fn draw(app: &App, form: &crate::tui::form::Form, frame: &mut Frame, body: Rect) {
    let height = form.fields.iter().map(|f| f.rows()).sum::<u16>() + 6;
    let boxed = centred(body, 76, height);
    crate::tui::popups::clear_behind(frame, body, boxed);
    let block = ratatui::widgets::Block::bordered()
        .title(format!(" {} ", form.title))
        .border_style(app.theme.focus_marker());
    let inner = block.inner(boxed);
    frame.render_widget(block, boxed);
    let multi = form
        .fields
        .iter()
        .any(|f| matches!(f.input, crate::tui::form::Input::Multi { .. }));
    let hint = Paragraph::new(if multi {
        tr("Entrée : valider · Alt+Entrée, Ctrl+J : à la ligne · Échap : annuler")
    } else {
        tr("Entrée ou Ctrl+S : valider · Échap : annuler")
    })
    .style(app.theme.muted());
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
