//! Doublons probables: pairs of people who look like one, to merge.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::cards::{self, Card};
use super::table::commune_name;
use crate::i18n::tr;
use crate::store::queries::AttendeeRow;
use crate::tui::app::{App, DuplicatesView};

fn describe(app: &App, p: &AttendeeRow) -> String {
    crate::t!(
        "{first} {last} · {age} · {commune} · {n} comptoir(s)",
        first = p.first_name,
        last = p.last_name,
        age = p.age_bracket.as_deref().unwrap_or(tr("âge ?")),
        commune = commune_name(app, p.commune.as_deref()),
        n = p.workshops
    )
}

pub fn draw(app: &App, view: &DuplicatesView, frame: &mut Frame, body: Rect) {
    let cards = view
        .pairs
        .iter()
        .map(|(a, b, why)| Card {
            head: why.clone(),
            lines: vec![
                format!("    {}", crate::t!("1re : {who}", who = describe(app, a))),
                format!("    {}", crate::t!("2de : {who}", who = describe(app, b))),
            ],
        })
        .collect();
    cards::draw(
        &app.theme,
        frame,
        body,
        tr("Doublons probables"),
        tr("Aucun doublon probable."),
        cards,
        view.selected,
    );
}
