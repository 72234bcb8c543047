//! The first-run questions.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::i18n::tr;
use crate::tui::app::App;
use crate::tui::form::Form;
use crate::tui::layout;

pub fn draw(app: &App, form: &Form, frame: &mut Frame, body: Rect) {
    let t = &app.theme;
    let intro = vec![
        Line::from(Span::styled(tr("Bienvenue dans comptoir"), t.title())),
        Line::raw(""),
        Line::raw(tr(
            "Trois questions pour présenter cet ordinateur ; elles accompagneront",
        )),
        Line::raw(tr(
            "chaque saisie lors des synchronisations. Les champs * sont obligatoires.",
        )),
    ];
    let area = layout::setup_form(body);
    frame.render_widget(
        Paragraph::new(intro),
        Rect::new(area.x, body.y + 1, area.width, 4),
    );
    form.render(frame, area, t);
}
