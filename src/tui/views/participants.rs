//! Participants: the attendees, by last name.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};

use super::table;
use crate::tui::app::App;

pub fn draw(app: &App, frame: &mut Frame, body: Rect) {
    let wide = body.width >= 110;
    let mut widths = vec![
        Constraint::Fill(2),
        Constraint::Fill(2),
        Constraint::Length(5),
        Constraint::Fill(2),
        Constraint::Length(9),
    ];
    let mut headers = vec!["Nom", "Prénom", "Âge", "Commune", "Comptoirs"];
    if wide {
        widths.insert(4, Constraint::Fill(2));
        headers.insert(4, "Structure");
    }
    table::draw(
        app,
        frame,
        body,
        table::Columns {
            title: "Participants",
            headers: &headers,
            widths: &widths,
            empty: "Aucun participant pour l'instant.",
        },
        &app.data.attendees,
        |p| {
            let commune = table::commune_name(app, p.commune.as_deref());
            let mut cells = vec![
                p.last_name.clone(),
                p.first_name.clone(),
                p.age_bracket.clone().unwrap_or_default(),
                commune,
                p.workshops.to_string(),
            ];
            if wide {
                cells.insert(4, p.structure.clone().unwrap_or_default());
            }
            cells
        },
    );
}
