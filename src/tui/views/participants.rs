//! Participants: the attendees, by last name.

use crate::i18n::tr;
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
        Constraint::Length(4),
    ];
    let mut headers = vec![
        tr("Nom"),
        tr("Prénom"),
        tr("Âge"),
        tr("Commune"),
        tr("Comptoirs"),
        tr("Ici"),
    ];
    if wide {
        widths.insert(4, Constraint::Fill(2));
        headers.insert(4, tr("Structure"));
    }
    let f = &app.data.people_filter;
    let current = app.data.current_workshop.as_ref().map(|(id, _)| id);
    let only_here = f.workshop.is_some() && f.workshop.as_ref() == current;
    let mut title = match &app.search {
        Some(s) => crate::t!("Participants · recherche : {query}", query = s.query),
        None => tr("Participants").to_string(),
    };
    if only_here {
        title.push_str(tr(" · présents au comptoir en cours (c)"));
    }
    let filters = [
        f.workshop.is_some() && !only_here,
        f.territory.is_some(),
        f.age_bracket.is_some(),
    ]
    .iter()
    .filter(|x| **x)
    .count();
    if filters > 0 && app.search.as_ref().is_none_or(|s| !s.typing) {
        title.push_str(&format!(" · {filters} filtre(s) (f)"));
    }
    table::draw(
        app,
        frame,
        body,
        table::Columns {
            title: &title,
            headers: &headers,
            widths: &widths,
            empty: if app.search.is_some() || !app.data.people_filter.is_empty() {
                tr("Personne ne correspond à cette recherche.")
            } else {
                tr(
                    "Aucun participant pour l'instant : i pour une inscription rapide, n pour une fiche complète.",
                )
            },
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
                // Checked in to the current workshop.
                if app.data.here.contains(&p.id) {
                    "✓"
                } else {
                    ""
                }
                .to_string(),
            ];
            if wide {
                cells.insert(4, p.structure.clone().unwrap_or_default());
            }
            cells
        },
    );
}

/// Where the search cursor goes: after the query on the title line.
pub fn search_cursor(app: &App, body: Rect) -> Option<ratatui::layout::Position> {
    use unicode_width::UnicodeWidthStr;
    let s = app.search.as_ref().filter(|s| s.typing)?;
    let x = body.x
        + 1
        + crate::t!("Participants · recherche : {query}", query = s.query).width() as u16;
    Some(ratatui::layout::Position::new(
        x.min(body.right().saturating_sub(1)),
        body.y,
    ))
}
