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

/// The status line; true when a long message took the key line below it too.
pub fn status(app: &App, frame: &mut Frame, area: Rect) -> bool {
    let t = &app.theme;
    let place = if app.layers.setup().is_some() {
        tr("Premier lancement").to_string()
    } else if app.layers.conflicts().is_some() {
        tr("Synchronisation › Conflits").to_string()
    } else {
        tr(app.screen.title()).to_string()
    };
    let saved = if app.read_only {
        Span::styled(tr("lecture seule"), t.warning())
    } else if app.all_saved() {
        Span::styled(tr("✓ enregistré"), t.success())
    } else {
        Span::styled(tr("● saisie en cours"), t.warning())
    };
    let sync = match &app.data.last_sync {
        Some(when) => crate::t!("synchro : {when}", when),
        None => tr("synchro : jamais").to_string(),
    };
    let mut left = vec![
        Span::styled(format!(" {place} "), t.bar()),
        Span::raw(" "),
        saved,
    ];
    if app.data.conflicts > 0 {
        left.push(Span::styled(
            crate::t!(" · ! {n} conflit(s)", n = app.data.conflicts),
            t.warning(),
        ));
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
        let before: usize = left.iter().map(|s| s.content.width()).sum::<usize>() + 3;
        if before + text.width() > area.width as usize {
            // Too long for what precedes it: the message alone, on this line and the key
            // line below (a message cut short is a message not read).
            let two = Rect::new(area.x, area.y, area.width, 2);
            frame.render_widget(ratatui::widgets::Clear, two);
            frame.render_widget(
                Paragraph::new(Line::from(Span::styled(format!(" {text}"), style)))
                    .wrap(ratatui::widgets::Wrap { trim: false }),
                two,
            );
            return true;
        }
        left.push(Span::raw(" · "));
        left.push(Span::styled(text, style));
    } else {
        left.push(Span::styled(format!(" · {sync}"), t.muted()));
        if let Some((_, label)) = &app.data.current_workshop {
            left.push(Span::styled(
                crate::t!(" · comptoir {label}", label),
                t.muted(),
            ));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(left)), area);
    false
}

pub fn hints(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let mut spans = Vec::new();
    let mut width = 0usize;
    for (keys, does) in keys::hints(app.context()) {
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
