//! Drawing: the tabs, the screen under every layer (or the topmost layer that fills the
//! body), the boxes over it, the bars, the popups. Views read `App` and change nothing.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::widgets::Paragraph;

use super::app::{App, Screen};
use super::components::record;
use super::layers::Layer;
use super::layout;
use super::popups;
use super::screens::{attendees, home, ideas, review, setup, sync, workshops};
use super::theme::strip_colours;
use super::widgets::bars;

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
            Some(Layer::Conflicts(view)) => sync::conflicts::draw(app, view, frame, areas.body),
            Some(Layer::Duplicates(view)) => {
                attendees::duplicates::draw(app, view, frame, areas.body)
            }
            Some(Layer::History(view)) => ideas::history::draw(app, view, frame, areas.body),
            Some(Layer::Budget(view)) => ideas::budget::draw(app, view, frame, areas.body),
            Some(Layer::Holders(view)) => ideas::holders::draw(app, view, frame, areas.body),
            Some(Layer::Review(view)) => review::draw(app, view, frame, areas.body),
            _ => screen(app, frame, areas.body),
        }
        let above = &layers[base.map_or(0, |i| i + 1)..];
        for layer in above {
            if let Layer::Editor((form, _)) = layer {
                popups::editor::draw(app, form, frame, areas.body);
            }
        }
        bars::status(app, frame, areas.status);
        bars::hints(app, frame, areas.hints);
        for layer in above {
            if let Layer::Popup(popup) = layer {
                popups::draw(app, popup, frame, areas.body);
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
        Screen::Accueil => home::draw(app, frame, body),
        Screen::Comptoirs => workshops::draw(app, frame, body),
        Screen::Participants => {
            attendees::draw(app, frame, body);
            if let Some(p) = attendees::search_cursor(app, body) {
                frame.set_cursor_position(p);
            }
        }
        Screen::Idees => ideas::draw(app, frame, body),
        Screen::Maturite => review::draw_screen(app, frame, body),
        Screen::Synchro => sync::draw(app, frame, body),
    }
}
