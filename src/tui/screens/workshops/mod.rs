//! Comptoirs: the workshops, the current one, its attendance sheet.

pub mod form;
use crate::domain::date::french as french_date;
use crate::i18n::tr;
use crate::tui::app::{App, Tone};
use crate::tui::keys::{self, Action, Binding, Context, b, ch};
use crate::tui::lists::{list_key, selected_id};
use crate::tui::msg::Cmd;
use crate::tui::widgets::table;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};

pub(crate) fn workshops_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    match keys::action(Context::Workshops, ev) {
        Some(Action::MakeCurrent) => match selected_id(app) {
            Some(id) => {
                app.status = Some((
                    Tone::Success,
                    tr("Comptoir en cours choisi : les inscriptions y seront pointées.").into(),
                ));
                vec![Cmd::SetSetting {
                    key: "current_workshop",
                    value: id,
                }]
            }
            None => Vec::new(),
        },
        Some(Action::AttendanceSheet) => match selected_id(app) {
            Some(id) => vec![Cmd::AttendanceSheet { workshop: id }],
            None => Vec::new(),
        },
        _ => list_key(app, ev),
    }
}

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
        "Comptoirs · {p} inscrit(s) · {a} venu(s)",
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

/// Comptoirs, over the list keys.
pub const KEYS: &[Binding] = &[
    b(
        &[ch('c')],
        Action::MakeCurrent,
        "c",
        "comptoir en cours",
        true,
    ),
    b(
        &[ch('e')],
        Action::AttendanceSheet,
        "e",
        "feuille d'émargement",
        false,
    ),
];
