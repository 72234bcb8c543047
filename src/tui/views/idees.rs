//! Idées: the ideas, newest first, with their level.

use crate::i18n::tr;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};

use super::table;
use crate::domain::money;
use crate::tui::app::App;

pub fn draw(app: &App, frame: &mut Frame, body: Rect) {
    let wide = body.width >= 110;
    let mut widths = vec![
        Constraint::Fill(3),
        Constraint::Length(13),
        Constraint::Fill(2),
        Constraint::Length(11),
        Constraint::Length(10),
    ];
    let mut headers = vec![
        tr("Titre"),
        tr("Territoire"),
        tr("Porteurs"),
        tr("Demandé"),
        tr("Niveau"),
    ];
    if !wide {
        widths[1] = Constraint::Length(11);
    }
    if wide {
        widths.push(Constraint::Fill(2));
        headers.push(tr("Ce qui manque"));
    }
    let mut title = if app.data.idea_filter.archived {
        tr("Idées archivées (v : retour)").to_string()
    } else {
        tr("Idées").to_string()
    };
    if let Some(s) = &app.search {
        title.push_str(&crate::t!(" · recherche : {query}", query = s.query));
    }
    let f = &app.data.idea_filter;
    if f.count() > 0 {
        title.push_str(&crate::t!(" · {n} filtre(s)", n = f.count()));
    }
    if f.sort != crate::store::ideas::IdeaSort::Date {
        title.push_str(tr(" · triées (f)"));
    }
    table::draw(
        app,
        frame,
        body,
        table::Columns {
            title: &title,
            headers: &headers,
            widths: &widths,
            empty: tr("Aucune idée pour l'instant."),
        },
        &app.data.ideas,
        |i| {
            let territory = i
                .commune
                .as_deref()
                .and_then(|c| app.reference.territory_of(c))
                .map(String::from)
                .unwrap_or_else(|| "—".into());
            let holders = if i.holders.is_empty() {
                "—".to_string()
            } else {
                i.holders.clone()
            };
            let requested = if i.requested.0 == 0 {
                "—".to_string()
            } else {
                money::format(i.requested)
            };
            let mut cells = vec![
                i.title.clone(),
                territory,
                holders,
                requested,
                match i.decision {
                    Some(crate::domain::codes::Decision::Labelled) => tr("Labellisée").to_string(),
                    Some(_) => tr("Non lab.").to_string(),
                    None => i.level.short().to_string(),
                },
            ];
            if wide {
                cells.push(i.missing.clone().unwrap_or_default());
            }
            cells
        },
    );
}
