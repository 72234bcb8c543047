//! Participants: the people list, its search and filters, check-ins, the import of a
//! registration list.

pub mod duplicates;
pub mod form;
pub mod walk_in;

use crate::domain::model::ATTENDANCE;
use crate::i18n::tr;
use crate::store::Edit;
use crate::tui::app::{App, Editing, ListKind, OnYes, Popup, Screen, Tone};
use crate::tui::components::record::Kind;
use crate::tui::components::record::open_new;
use crate::tui::form::{Field, Form};
use crate::tui::keys::{self, Action, Binding, Context, b, ch, key};
use crate::tui::layers::Layer;
use crate::tui::lists::list_key;
use crate::tui::msg::{Cmd, Purpose};
use crate::tui::screens::attendees::duplicates::undo_merge;
use crate::tui::screens::attendees::walk_in::check_in;
use crate::tui::widgets::table;
use crossterm::event::KeyCode::{Delete, Down, Enter, Esc};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};

pub(crate) fn attendees_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    match keys::action(Context::Attendees, ev) {
        Some(Action::WalkIn) => {
            if app.data.current_workshop.is_none() {
                app.status = Some((
                    Tone::Warning,
                    tr("Choisissez d'abord le comptoir en cours (écran 2, touche c).").into(),
                ));
                return Vec::new();
            }
            open_new(
                app,
                Kind::WalkIn,
                crate::tui::screens::attendees::form::walk_in(
                    &app.reference,
                    app.data.current_commune.as_deref(),
                ),
            );
            Vec::new()
        }
        Some(Action::CheckIn) => {
            let Some((workshop, label)) = app.data.current_workshop.clone() else {
                app.status = Some((
                    Tone::Warning,
                    tr("Choisissez d'abord le comptoir en cours (écran 2, touche c).").into(),
                ));
                return Vec::new();
            };
            let d = &app.data.attendees;
            let Some(person) = d.row(d.selected) else {
                return Vec::new();
            };
            let name = format!("{} {}", person.first_name, person.last_name);
            if app.data.here.contains(&person.id) {
                // Already here: nothing is written, and nothing is left for u to undo.
                app.last_check_in = None;
                app.status = Some((
                    Tone::Info,
                    crate::t!("{name} déjà pointé(e) au comptoir du {label}.", name, label),
                ));
                return Vec::new();
            }
            let (id, edit) = check_in(&workshop, &person.id, app.env.now_ms());
            app.last_check_in = Some((id, name.clone()));
            app.last_merge = None;
            app.status = Some((
                Tone::Success,
                crate::t!("{name} pointé(e) au comptoir du {label}.", name, label),
            ));
            app.pending_saves += 1;
            vec![Cmd::Save {
                edits: vec![edit],
                purpose: Purpose::CheckIn,
            }]
        }
        Some(Action::UndoCheckIn) if app.last_merge.is_some() => undo_merge(app),
        Some(Action::ShowHere) => {
            let Some((workshop, _)) = app.data.current_workshop.clone() else {
                app.status = Some((
                    Tone::Warning,
                    tr("Choisissez d'abord le comptoir en cours (écran 2, touche c).").into(),
                ));
                return Vec::new();
            };
            // One key shows who is here, the same key everyone again.
            let f = &mut app.data.people_filter;
            let on = f.workshop.as_deref() != Some(workshop.as_str());
            f.workshop = on.then_some(workshop);
            app.status = Some((
                Tone::Info,
                if on {
                    tr("Présents au comptoir en cours (c : tout le monde).")
                } else {
                    tr("Tout le monde (c : les présents).")
                }
                .into(),
            ));
            app.data.attendees.selected = 0;
            app.data.attendees.top = 0;
            vec![Cmd::LoadWindow {
                list: ListKind::Attendees,
                offset: 0,
            }]
        }
        Some(Action::MergeWith) => {
            let d = &app.data.attendees;
            match d.row(d.selected) {
                Some(person) => vec![Cmd::LoadMergeCandidates {
                    id: person.id.clone(),
                }],
                None => Vec::new(),
            }
        }
        Some(Action::UndoCheckIn) => {
            let Some((id, name)) = app.last_check_in.take() else {
                app.status = Some((Tone::Info, tr("Aucun pointage à annuler.").into()));
                return Vec::new();
            };
            app.status = Some((Tone::Success, crate::t!("Pointage de {name} annulé.", name)));
            app.pending_saves += 1;
            vec![Cmd::Save {
                edits: vec![Edit::new(&ATTENDANCE, id).set("removed", true)],
                purpose: Purpose::CheckIn,
            }]
        }
        Some(Action::Erase) => {
            let d = &app.data.attendees;
            if let Some(person) = d.row(d.selected) {
                let name = format!("{} {}", person.first_name, person.last_name);
                app.layers.open(Layer::Popup(Popup::Confirm {
                    question: crate::t!(
                        "Effacer définitivement {name} ? Ses données personnelles disparaissent de cet ordinateur, \
                         puis de tous les autres à la synchronisation. Les présences restent comptées, anonymes.",
                        name
                    ),
                    on_yes: OnYes::Erase {
                        id: person.id.clone(),
                        name,
                    },
                }));
            }
            Vec::new()
        }
        Some(Action::Import) => {
            open_import_editor(app);
            Vec::new()
        }
        Some(Action::Filter) => {
            open_filters(app);
            Vec::new()
        }
        Some(Action::ShowDuplicates) => {
            app.layers.open(Layer::Duplicates(Default::default()));
            vec![Cmd::LoadDuplicates]
        }
        _ => list_key(app, ev),
    }
}

pub(crate) fn open_import_editor(app: &mut App) {
    let complete = app.env.path_completer(&["csv", "json"]);
    let mut field = Field::path("file", tr("Fichier CSV d'inscriptions"), complete, "").required();
    field.placeholder(tr("par exemple ~/Téléchargements/inscriptions.csv"));
    app.layers.open(Layer::Editor((
        Form::new(tr("Importer une liste"), vec![field]),
        Editing::Import,
    )));
}

/// Reads the people list again for the current search.
pub(crate) fn reload_attendees(app: &mut App) -> Vec<Cmd> {
    let query = app
        .search
        .as_ref()
        .map(|s| s.query.clone())
        .unwrap_or_default();
    if matches!(app.screen, Screen::Idees | Screen::Maturite) {
        app.data.idea_filter.query = query;
        app.data.ideas.selected = 0;
        app.data.ideas.top = 0;
        return vec![Cmd::LoadWindow {
            list: ListKind::Ideas,
            offset: 0,
        }];
    }
    app.data.people_filter.query = query;
    app.data.attendees.selected = 0;
    app.data.attendees.top = 0;
    vec![Cmd::LoadWindow {
        list: ListKind::Attendees,
        offset: 0,
    }]
}

pub(crate) fn search_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let Some(search) = &mut app.search else {
        return Vec::new();
    };
    if let Some(c) = keys::typed_char(ev) {
        search.query.push(c);
        return reload_attendees(app);
    }
    match (ev.code, keys::action(Context::Search, ev)) {
        (KeyCode::Backspace, _) => {
            search.query.pop();
            reload_attendees(app)
        }
        (_, Some(Action::EndSearch)) => {
            search.typing = false;
            if search.query.is_empty() {
                app.search = None;
            }
            Vec::new()
        }
        (_, Some(Action::ClearSearch)) => {
            app.search = None;
            reload_attendees(app)
        }
        _ => Vec::new(),
    }
}

pub(crate) fn open_filters(app: &mut App) {
    let f = &app.data.people_filter;
    let workshops = app
        .data
        .workshops
        .rows
        .iter()
        .map(|w| {
            let place = app
                .reference
                .commune_by_insee(w.commune.as_deref().unwrap_or(""))
                .map(|c| c.name.clone())
                .unwrap_or_else(|| w.territory.clone());
            (
                w.id.clone(),
                format!("{} · {place}", crate::domain::date::french(&w.date)),
            )
        })
        .collect();
    let territories = app
        .reference
        .territory_names()
        .into_iter()
        .map(|t| (t.to_string(), t.to_string()))
        .collect();
    let form = Form::new(
        tr("Filtrer les participants (Suppr : aucun filtre)"),
        vec![
            Field::choice("workshop", tr("Comptoir"), workshops, f.workshop.as_deref()),
            Field::choice(
                "territory",
                tr("Territoire"),
                territories,
                f.territory.as_deref(),
            ),
            crate::tui::components::fields::age_field("age_bracket", f.age_bracket.as_deref()),
        ],
    );
    app.layers.open(Layer::Editor((form, Editing::Filters)));
}

/// The people filters picked in the editor: the list read again.
pub(crate) fn filters_chosen(app: &mut App, picks: &[Option<String>]) -> Vec<Cmd> {
    let f = &mut app.data.people_filter;
    f.workshop = picks[0].clone();
    f.territory = picks[1].clone();
    f.age_bracket = picks[2].clone();
    reload_attendees(app)
}

/// The registration list to import, typed in the editor.
pub(crate) fn import_chosen(typed: Option<String>) -> Vec<Cmd> {
    match typed {
        Some(file) => vec![Cmd::Import { file }],
        None => Vec::new(),
    }
}

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
        title.push_str(&crate::t!(" · {filters} filtre(s) (f)", filters));
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

/// Participants, over the list keys.
pub const KEYS: &[Binding] = &[
    b(&[ch('i')], Action::WalkIn, "i", "inscription rapide", true),
    b(&[ch('p')], Action::CheckIn, "p", "pointer", true),
    b(
        &[ch('c')],
        Action::ShowHere,
        "c",
        "présents au comptoir en cours",
        false,
    ),
    b(
        &[ch('u')],
        Action::UndoCheckIn,
        "u",
        "annuler le dernier pointage ou la dernière fusion",
        false,
    ),
    b(
        &[ch('m')],
        Action::MergeWith,
        "m",
        "fusionner avec une autre personne",
        false,
    ),
    b(
        &[ch('x'), key(Delete)],
        Action::Erase,
        "x Suppr",
        "effacer la personne",
        false,
    ),
    b(&[ch('o')], Action::Import, "o", "importer une liste", false),
    b(
        &[ch('d')],
        Action::ShowDuplicates,
        "d",
        "doublons probables",
        false,
    ),
    b(&[ch('f')], Action::Filter, "f", "filtrer", false),
];

/// While a search is typed.
pub const SEARCH_KEYS: &[Binding] = &[
    b(
        &[key(Enter), key(Down)],
        Action::EndSearch,
        "Entrée ↓",
        "aller à la liste",
        true,
    ),
    b(
        &[key(Esc)],
        Action::ClearSearch,
        "Échap",
        "effacer la recherche",
        true,
    ),
];
