//! An open record form, over the whole body.

use crate::i18n::tr;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::App;
use crate::tui::records::{Kind, Record};

pub fn draw(app: &App, record: &Record, frame: &mut Frame, body: Rect) {
    let t = &app.theme;
    let state = if record.exists {
        tr("enregistré à chaque champ quitté")
    } else {
        tr("pas encore enregistré")
    };
    let mut title = vec![
        Span::styled(record.form.title.clone(), t.title()),
        Span::styled(format!("  ({state})"), t.muted()),
    ];
    if matches!(record.kind, Kind::WalkIn | Kind::QuickIdea)
        && let Some((_, label)) = &app.data.current_workshop
    {
        title = vec![
            Span::styled(record.form.title.clone(), t.title()),
            Span::styled(crate::t!("  → comptoir du {label}", label), t.muted()),
        ];
    }
    frame.render_widget(
        Paragraph::new(Line::from(title)),
        Rect::new(body.x + 1, body.y, body.width.saturating_sub(2), 1),
    );
    let hint = match record.kind {
        Kind::WalkIn if record.form.field("email").is_none() => {
            tr("Entrée à la fin : inscrire et pointer. Ctrl+E : e-mail, téléphone, accord.")
        }
        Kind::WalkIn => tr("Entrée sur le dernier champ : inscrire, pointer, personne suivante."),
        Kind::QuickIdea => {
            tr("Entrée sur le dernier champ : noter l'idée et passer à la suivante.")
        }
        _ => tr("Chaque champ est enregistré dès qu'on le quitte. Échap : revenir à la liste."),
    };
    frame.render_widget(
        Paragraph::new(Span::styled(hint, t.muted())),
        Rect::new(body.x + 1, body.y + 1, body.width.saturating_sub(2), 1),
    );
    let area = Rect::new(
        body.x + 1,
        body.y + 3,
        body.width.saturating_sub(2),
        body.height.saturating_sub(3),
    );
    record.form.render(frame, area, t);
}
