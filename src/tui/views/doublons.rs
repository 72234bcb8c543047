//! Doublons probables: pairs of people who look like one, to merge.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::cards::{self, Card};
use super::table::commune_name;
use crate::store::queries::AttendeeRow;
use crate::tui::app::{App, DuplicatesView};

fn describe(app: &App, p: &AttendeeRow) -> String {
    format!(
        "{} {} · {} · {} · {} comptoir(s)",
        p.first_name,
        p.last_name,
        p.age_bracket.as_deref().unwrap_or("âge ?"),
        commune_name(app, p.commune.as_deref()),
        p.workshops
    )
}

pub fn draw(app: &App, view: &DuplicatesView, frame: &mut Frame, body: Rect) {
    let cards = view
        .pairs
        .iter()
        .map(|(a, b, why)| Card {
            head: why.clone(),
            lines: vec![
                format!("    1re : {}", describe(app, a)),
                format!("    2de : {}", describe(app, b)),
            ],
        })
        .collect();
    cards::draw(
        &app.theme,
        frame,
        body,
        "Doublons probables",
        "Aucun doublon probable.",
        cards,
        view.selected,
    );
}
