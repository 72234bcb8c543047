//! Idées: the ideas list, its search, filters and order, archiving.

pub mod budget;
pub mod form;
pub mod history;
pub mod holders;
pub mod quick;

use crate::domain::money;
use crate::i18n::tr;
use crate::store::ideas::Stage;
use crate::tui::app::{App, Editing, ListKind, OnYes, Popup, Tone};
use crate::tui::components::record::{Kind, Record};
use crate::tui::form::{Field, Form};
use crate::tui::keys::{self, Action, Binding, b, ch};
use crate::tui::layers::Layer;
use crate::tui::lists::list_key;
use crate::tui::msg::Cmd;
use crate::tui::widgets::table;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};

pub(crate) fn ideas_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let selected = || {
        let d = &app.data.ideas;
        d.row(d.selected).cloned()
    };
    match keys::action(app.context(), ev) {
        Some(Action::ShowBudget) => match selected() {
            Some(i) => vec![Cmd::LoadBudget { idea: i.id }],
            None => Vec::new(),
        },
        Some(Action::ShowReview) => match selected() {
            Some(i) => vec![Cmd::LoadReview { idea: i.id }],
            None => Vec::new(),
        },
        Some(Action::ShowHolders) => match selected() {
            Some(i) => vec![Cmd::LoadHolders { idea: i.id }],
            None => Vec::new(),
        },
        Some(Action::ShowHistory) => match selected() {
            Some(i) => vec![Cmd::LoadHistory { idea: i.id }],
            None => Vec::new(),
        },
        Some(Action::Archive) => {
            if let Some(i) = selected() {
                // In the archives, the same key brings an idea back.
                let archived = !app.data.idea_filter.archived;
                let question = if archived {
                    crate::t!(
                        "Archiver l'idée « {title} » ? Elle disparaît des listes mais reste dans l'historique (v : voir les archives).",
                        title = i.title
                    )
                } else {
                    crate::t!(
                        "Restaurer l'idée « {title} » ? Elle revient dans la liste des idées.",
                        title = i.title
                    )
                };
                app.layers.open(Layer::Popup(Popup::Confirm {
                    question,
                    on_yes: OnYes::Archive {
                        id: i.id,
                        title: i.title,
                        archived,
                    },
                }));
            }
            Vec::new()
        }
        Some(Action::Filter) => {
            open_idea_filters(app);
            Vec::new()
        }
        Some(Action::ShowArchived) => {
            app.data.idea_filter.archived = !app.data.idea_filter.archived;
            app.data.ideas.selected = 0;
            app.data.ideas.top = 0;
            vec![Cmd::LoadWindow {
                list: ListKind::Ideas,
                offset: 0,
            }]
        }
        _ => list_key(app, ev),
    }
}

/// What narrows or orders the ideas list, for its title: « · 2 filtres · triées (f) ».
pub(crate) fn narrowed(app: &App) -> String {
    let mut said = String::new();
    if let Some(s) = &app.search {
        said.push_str(&crate::t!(" · recherche : {query}", query = s.query));
    }
    let f = &app.data.idea_filter;
    if f.count() > 0 {
        said.push_str(&crate::t!(" · {n} filtre(s)", n = f.count()));
    }
    if f.sort != crate::store::ideas::IdeaSort::Date {
        said.push_str(tr(" · triées (f)"));
    }
    said
}

pub(crate) fn open_idea_filters(app: &mut App) {
    use crate::store::ideas::IdeaSort;
    let f = &app.data.idea_filter;
    let territories = app
        .reference
        .territory_names()
        .into_iter()
        .map(|t| (t.to_string(), t.to_string()))
        .collect();
    let workshops = app
        .data
        .workshops
        .rows
        .iter()
        .map(|w| {
            (
                w.id.clone(),
                format!("{} · {}", crate::domain::date::french(&w.date), w.territory),
            )
        })
        .collect();
    let themes = app
        .reference
        .themes
        .iter()
        .map(|t| (t.code.clone(), t.label().to_string()))
        .collect();
    // The stages as the Maturité screen counts them: a decided idea at its decision only.
    let stages = Stage::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| (i.to_string(), s.label().to_string()))
        .collect();
    let sorts = IdeaSort::ALL
        .iter()
        .map(|(_, code, label)| (code.to_string(), tr(label).to_string()))
        .collect();
    let sort = IdeaSort::ALL
        .iter()
        .find(|(s, _, _)| *s == f.sort)
        .map(|(_, c, _)| *c);
    let form = Form::new(
        tr("Filtrer et trier les idées (Suppr : aucun filtre)"),
        vec![
            Field::choice(
                "territory",
                tr("Territoire"),
                territories,
                f.territory.as_deref(),
            ),
            Field::choice("workshop", tr("Comptoir"), workshops, f.workshop.as_deref()),
            Field::choice("theme", tr("Thème"), themes, f.theme.as_deref()),
            Field::choice(
                "level",
                tr("Niveau"),
                stages,
                f.stage
                    .and_then(|s| Stage::ALL.iter().position(|x| *x == s))
                    .map(|i| i.to_string())
                    .as_deref(),
            ),
            Field::choice("sort", tr("Trier par"), sorts, sort),
        ],
    );
    app.layers.open(Layer::Editor((form, Editing::IdeaFilters)));
}

/// The ideas filters and order picked in the editor: the list read again from its top.
pub(crate) fn filters_chosen(app: &mut App, picks: &[Option<String>]) -> Vec<Cmd> {
    use crate::store::ideas::IdeaSort;
    let f = &mut app.data.idea_filter;
    f.territory = picks[0].clone();
    f.workshop = picks[1].clone();
    f.theme = picks[2].clone();
    f.stage = picks[3]
        .as_deref()
        .and_then(|i| i.parse::<usize>().ok())
        .and_then(|i| Stage::ALL.get(i).copied());
    f.sort = picks[4]
        .as_deref()
        .and_then(|code| IdeaSort::ALL.iter().find(|(_, c, _)| *c == code))
        .map(|(s, _, _)| *s)
        .unwrap_or_default();
    app.data.ideas.selected = 0;
    app.data.ideas.top = 0;
    vec![Cmd::LoadWindow {
        list: ListKind::Ideas,
        offset: 0,
    }]
}

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
        tr("Idées archivées (x : restaurer, v : retour)").to_string()
    } else {
        tr("Idées").to_string()
    };
    title.push_str(&narrowed(app));
    table::draw(
        app,
        frame,
        body,
        table::Columns {
            title: &title,
            headers: &headers,
            widths: &widths,
            empty: if app.data.idea_filter.archived {
                tr("Aucune idée archivée.")
            } else {
                tr("Aucune idée pour l'instant.")
            },
        },
        &app.data.ideas,
        |i| {
            let territory = i.territory.clone().unwrap_or_else(|| "—".into());
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

/// Idées and Maturité, over the list keys.
pub const KEYS: &[Binding] = &[
    b(&[ch('b')], Action::ShowBudget, "b", "budget", true),
    b(&[ch('h')], Action::ShowHistory, "h", "historique", false),
    b(&[ch('p')], Action::ShowHolders, "p", "porteurs", false),
    b(&[ch('m')], Action::ShowReview, "m", "maturité", false),
    b(
        &[ch('x')],
        Action::Archive,
        "x",
        "archiver ou restaurer",
        false,
    ),
    b(
        &[ch('v')],
        Action::ShowArchived,
        "v",
        "voir les archives",
        false,
    ),
    b(&[ch('f')], Action::Filter, "f", "filtrer et trier", false),
];

/// `Msg::IdeaLoaded`: what the store read, shown.
pub(crate) fn idea_loaded(
    app: &mut App,
    id: String,
    row: Option<crate::tui::components::record::Row>,
    holders: Vec<crate::store::ideas::HolderRow>,
    seen: crate::store::Seen,
) -> Vec<Cmd> {
    let Some(row) = row else {
        app.status = Some((Tone::Error, tr("Cette idée n'existe plus.").into()));
        return Vec::new();
    };
    let minor = holders.iter().any(|h| {
        h.age_bracket
            .as_deref()
            .and_then(crate::domain::age::AgeBracket::from_code)
            .is_some_and(|b| b.is_minor())
    });
    let names: Vec<String> = holders.iter().map(|h| h.name.clone()).collect();
    let mut form = crate::tui::screens::ideas::form::idea(
        &app.reference,
        Some(&row),
        minor,
        &names.join(", "),
    );
    if let Some(field) = app.focus_on_open.take()
        && let Some(i) = form
            .fields
            .iter()
            .position(|f| f.name == field && !f.disabled)
    {
        form.focus = i;
    }
    app.layers.open(Layer::Record(Record {
        kind: Kind::Idea,
        id,
        exists: true,
        form,
        extra: Vec::new(),
        seen,
    }));
    Vec::new()
}
