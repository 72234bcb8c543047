//! Comptoirs: the workshops, latest first.

use crate::i18n::tr;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};

use super::table::{self, french_date};
use crate::tui::app::App;

pub fn draw(app: &App, frame: &mut Frame, body: Rect) {
    let wide = body.width >= 110;
    let mut widths = vec![
        Constraint::Length(12),
        Constraint::Length(22),
        Constraint::Fill(1),
        Constraint::Length(6),
        Constraint::Length(5),
    ];
    let mut headers = vec![
        tr("Date"),
        tr("Territoire"),
        tr("Commune"),
        tr("Part."),
        tr("Idées"),
    ];
    if wide {
        widths.insert(3, Constraint::Fill(1));
        headers.insert(3, tr("Structure d'accueil"));
    }
    let title = crate::t!(
        "Comptoirs · {p} inscrits · {a} venus",
        p = app.data.counts.attendees,
        a = app
            .data
            .counts
            .present
            .map_or("…".to_string(), |n| n.to_string())
    );
    table::draw(
        app,
        frame,
        body,
        table::Columns {
            title: &title,
            headers: &headers,
            widths: &widths,
            empty: tr("Aucun comptoir pour l'instant."),
        },
        &app.data.workshops,
        |w| {
            let commune = table::commune_name(app, w.commune.as_deref());
            let current = app
                .data
                .current_workshop
                .as_ref()
                .is_some_and(|(id, _)| *id == w.id);
            let mut cells = vec![
                format!(
                    "{}{}",
                    french_date(&w.date),
                    if current { " ●" } else { "" }
                ),
                w.territory.clone(),
                commune,
                w.attendees.to_string(),
                w.ideas.to_string(),
            ];
            if wide {
                cells.insert(3, w.host.clone().unwrap_or_default());
            }
            cells
        },
    );
}
