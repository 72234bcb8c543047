//! The tab line, the status line and the key hints.

use crate::i18n::tr;
use crate::tui::app::{App, Tone};
use crate::tui::keys;
use crate::tui::layout;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub fn tabs(app: &App, frame: &mut Frame, area: Rect) {
    let mut spans = Vec::new();
    for (i, (screen, _, _)) in layout::tab_spans(area.width).into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        let style = if screen == app.screen && app.layers.setup().is_none() {
            app.theme.tab_active()
        } else {
            app.theme.normal()
        };
        spans.push(Span::styled(layout::tab_label(screen, area.width), style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The status line: where one is, whether everything is saved, and the message of the moment
/// (which never takes the key line below; a long one takes lines above).
pub fn status(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let place = if app.layers.setup().is_some() {
        tr("Premier lancement").to_string()
    } else if app.layers.conflicts().is_some() {
        tr("Synchronisation › Conflits").to_string()
    } else {
        tr(app.screen.title()).to_string()
    };
    // A message that says a save went through says it for the indicator too: « ✓ » once.
    let said_saved = matches!(&app.status, Some((Tone::Success, _)));
    let saved = if app.read_only {
        Some(Span::styled(tr("lecture seule"), t.warning()))
    } else if app.all_saved() {
        (!said_saved).then(|| Span::styled(tr("✓ enregistré"), t.success()))
    } else {
        Some(Span::styled(tr("● saisie en cours"), t.warning()))
    };
    let sync = match &app.data.last_sync {
        Some(when) => crate::t!("synchro : {when}", when),
        None => tr("synchro : jamais").to_string(),
    };
    let mut left = vec![Span::styled(format!(" {place} "), t.bar()), Span::raw(" ")];
    let mut first = true;
    if let Some(saved) = saved {
        left.push(saved);
        first = false;
    }
    if app.data.conflicts > 0 {
        let conflicts = format!(
            "! {}",
            crate::i18n::plural(app.data.conflicts, tr("conflit"), tr("conflits"))
        );
        let sep = if first { "" } else { " · " };
        left.push(Span::styled(format!("{sep}{conflicts}"), t.warning()));
        first = false;
    }
    // A message, when there is one, comes before the rest (it is what the user needs now).
    if let Some((tone, message)) = &app.status {
        let style = match tone {
            Tone::Info => t.normal(),
            Tone::Success => t.success(),
            Tone::Warning => t.warning(),
            Tone::Error => t.error(),
        };
        let mark = match tone {
            Tone::Error => "✗ ",
            Tone::Warning => "! ",
            Tone::Success => "✓ ",
            Tone::Info => "",
        };
        let text = format!("{mark}{message}");
        let sep = if first { "" } else { " · " };
        let before: usize = left.iter().map(|s| s.content.width()).sum::<usize>() + sep.width();
        if before + text.width() > area.width as usize {
            // Too long for what precedes it: the message alone, whole, on as many lines as
            // it takes, growing upwards over the bottom of the body (a message cut short is
            // a message not read); the key line below stays.
            let text = format!(" {text}");
            let rows = crate::tui::popups::wrapped_height(&text, area.width).clamp(1, 4);
            let up = (rows - 1).min(area.y.saturating_sub(1));
            let lines = Rect::new(area.x, area.y - up, area.width, up + 1);
            frame.render_widget(ratatui::widgets::Clear, lines);
            frame.render_widget(
                Paragraph::new(Span::styled(text, style))
                    .wrap(ratatui::widgets::Wrap { trim: false }),
                lines,
            );
            return;
        }
        left.push(Span::raw(sep));
        left.push(Span::styled(text, style));
    } else {
        let sep = if first { "" } else { " · " };
        left.push(Span::styled(format!("{sep}{sync}"), t.muted()));
        if let Some((_, label)) = &app.data.current_workshop {
            left.push(Span::styled(
                crate::t!(" · comptoir {label}", label),
                t.muted(),
            ));
        }
    }
    // The last piece (the current workshop's name) ends with « … » when the line is full.
    let before: usize = left[..left.len() - 1]
        .iter()
        .map(|s| s.content.width())
        .sum();
    if let Some(last) = left.last_mut() {
        let room = (area.width as usize).saturating_sub(before);
        last.content = super::fit(&last.content, room).into();
    }
    frame.render_widget(Paragraph::new(Line::from(left)), area);
}

/// How many rows the list under the keys shows, for the screens and views that have one.
fn rows_shown(app: &App) -> Option<usize> {
    use keys::Context;
    Some(match app.context() {
        Context::Workshops => app.data.workshops.total,
        Context::Attendees => app.data.attendees.total,
        Context::Ideas | Context::Maturity => app.data.ideas.total,
        Context::Conflicts => app.layers.conflicts()?.rows.len(),
        Context::Holders => app.layers.holders()?.holders.len(),
        Context::Budget => app.layers.budget()?.lines.len(),
        _ => return None,
    })
}

/// Whether an action works on the selected row (and so does nothing on an empty list).
fn on_a_row(action: keys::Action) -> bool {
    use keys::Action::*;
    matches!(
        action,
        Open | ShowBudget
            | ShowHistory
            | ShowHolders
            | ShowReview
            | Archive
            | CheckIn
            | Erase
            | KeepShown
            | TakeOther
            | EditValue
            | Remove
            | ToggleRole
            | MakeCurrent
            | AttendanceSheet
    )
}

pub fn hints(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let mut spans = Vec::new();
    let mut width = 0usize;
    // Only what works now: the keys of a row are not offered over an empty list.
    let empty = rows_shown(app) == Some(0);
    let offered = keys::bindings(app.context())
        .into_iter()
        .filter(|b| b.hint && !(empty && on_a_row(b.action)))
        .map(|b| (b.keys, b.does));
    for (keys, does) in offered {
        let (keys, does) = (tr(keys), tr(does));
        let w = keys.width() + does.width() + 3;
        if width + w > area.width as usize {
            break;
        }
        width += w;
        spans.push(Span::styled(format!(" {keys}"), t.title()));
        spans.push(Span::styled(format!(" {does} "), t.muted()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
