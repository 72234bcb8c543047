//! The people holding an idea.

use crate::domain::age::AgeBracket;
use crate::domain::codes::HolderRole;
use crate::domain::model;
use crate::i18n::tr;
use crate::store::{Edit, derived_id};
use crate::tui::app::{App, Editing, HoldersView, Tone};
use crate::tui::components::record::Kind;
use crate::tui::form::{Field, Form};
use crate::tui::keys::{Action, BACK, Binding, HELP, b, ch, down, key, up};
use crate::tui::layers::{Layer, LayerKind};
use crate::tui::msg::{Cmd, Purpose};
use crossterm::event::KeyCode::{Delete, Enter};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// A key of the holders view, once `lists::sub_view_action` has taken ↑, ↓ and F1.
pub(crate) fn holders_action(app: &mut App, action: Action) -> Vec<Cmd> {
    let Some(view) = app.layers.holders_mut() else {
        return Vec::new();
    };
    let n = view.holders.len();
    let action = Some(action);
    match action {
        Some(Action::Back) => {
            app.layers.close(LayerKind::Holders);
            return vec![Cmd::Reload];
        }
        Some(Action::New) => {
            let source =
                crate::tui::components::fields::people_completer(app.holder_candidates.clone());
            let field = Field::completion("person", tr("Personne"), source, None).required();
            app.layers.open(Layer::Editor((
                Form::new(tr("Ajouter un porteur"), vec![field]),
                Editing::AddHolder,
            )));
        }
        Some(Action::Open) if n > 0 => {
            // The holder's own record, on the contact details a review asks for.
            app.focus_on_open = Some("email");
            return vec![Cmd::OpenRecord {
                kind: Kind::Attendee,
                id: view.holders[view.selected].attendee.clone(),
            }];
        }
        Some(a @ (Action::Remove | Action::ToggleRole)) if n > 0 => {
            let h = &view.holders[view.selected];
            let edit = if a == Action::Remove {
                Edit::new(&model::HOLDERS, &h.id).set("removed", true)
            } else {
                let role = if h.role == Some(HolderRole::CoHolder) {
                    HolderRole::Holder
                } else {
                    HolderRole::CoHolder
                };
                Edit::new(&model::HOLDERS, &h.id).set("role", role)
            };
            app.pending_saves += 1;
            return vec![Cmd::Save {
                edits: vec![edit],
                purpose: Purpose::Holder,
            }];
        }
        _ => {}
    }
    Vec::new()
}

/// A person picked in the editor becomes a holder of the idea (its first holder: « porteur »).
pub(crate) fn holder_chosen(app: &mut App, picks: &[Option<String>]) -> Vec<Cmd> {
    let Some(view) = app.layers.holders() else {
        return Vec::new();
    };
    let Some(person) = picks[0].clone() else {
        return Vec::new();
    };
    if view.holders.iter().any(|h| h.attendee == person) {
        app.status = Some((Tone::Info, tr("Cette personne porte déjà l'idée.").into()));
        return Vec::new();
    }
    let role = if view.holders.is_empty() {
        HolderRole::Holder
    } else {
        HolderRole::CoHolder
    };
    app.pending_saves += 1;
    vec![Cmd::Save {
        edits: vec![
            Edit::new(&model::HOLDERS, derived_id(&view.idea, &person))
                .set("idea", view.idea.as_str())
                .set("attendee", person.as_str())
                .set("role", role)
                .set("removed", false),
        ],
        purpose: Purpose::Holder,
    }]
}

pub fn draw(app: &App, view: &HoldersView, frame: &mut Frame, body: Rect) {
    let t = &app.theme;
    let mut lines = vec![
        Line::from(vec![
            Span::styled(tr("Porteurs · "), t.title()),
            Span::styled(
                crate::tui::widgets::fit(
                    &view.title,
                    usize::from(body.width.saturating_sub(2)).saturating_sub(11),
                ),
                t.title(),
            ),
        ]),
        Line::raw(""),
    ];
    if view.holders.is_empty() {
        lines.push(Line::from(Span::styled(
            tr("  Aucun porteur : n pour en ajouter un."),
            t.muted(),
        )));
    }
    for (i, h) in view.holders.iter().enumerate() {
        let selected = i == view.selected;
        let minor = h
            .age_bracket
            .as_deref()
            .and_then(AgeBracket::from_code)
            .is_some_and(AgeBracket::is_minor);
        let role = if h.role == Some(HolderRole::CoHolder) {
            tr("co-porteur")
        } else {
            tr("porteur")
        };
        let mut spans = vec![
            Span::styled(if selected { "▶ " } else { "  " }, t.focus_marker()),
            Span::styled(
                format!("{:<30}", crate::tui::widgets::fit(&h.name, 30)),
                if selected { t.selection() } else { t.normal() },
            ),
            Span::raw(format!(
                " {role:<11} {}",
                h.age_bracket.as_deref().unwrap_or("")
            )),
        ];
        let warning = tr("mineur : adulte référent dans la fiche");
        // The warning beside the row when it fits, else under it: never cut.
        let beside = usize::from(body.width.saturating_sub(2))
            >= Line::from(spans.clone()).width() + 2 + warning.chars().count();
        if minor && beside {
            spans.push(Span::styled(format!("  {warning}"), t.warning()));
        }
        lines.push(Line::from(spans));
        if minor && !beside {
            lines.push(Line::from(Span::styled(
                format!("      {warning}"),
                t.warning(),
            )));
        }
    }
    frame.render_widget(
        Paragraph::new(lines),
        Rect::new(
            body.x + 1,
            body.y,
            body.width.saturating_sub(2),
            body.height,
        ),
    );
}

/// Its keys.
pub const KEYS: &[Binding] = &[
    HELP,
    up("porteur précédent"),
    down("porteur suivant"),
    b(
        &[ch('n'), ch('a')],
        Action::New,
        "n",
        "ajouter un porteur",
        true,
    ),
    b(
        &[key(Enter)],
        Action::Open,
        "Entrée",
        "coordonnées du porteur",
        true,
    ),
    b(
        &[ch('r')],
        Action::ToggleRole,
        "r",
        "porteur / co-porteur",
        true,
    ),
    b(
        &[ch('x'), key(Delete)],
        Action::Remove,
        "x Suppr",
        "retirer",
        true,
    ),
    BACK,
];

/// `Msg::HoldersLoaded`: what the store read, shown.
pub(crate) fn holders_loaded(
    app: &mut App,
    idea: String,
    title: String,
    holders: Vec<crate::store::ideas::HolderRow>,
    people: Vec<(String, String)>,
) -> Vec<Cmd> {
    if !app.layers.is_open(LayerKind::Holders) {
        app.layers.open(Layer::Holders(Default::default()));
    }
    let Some(view) = app.layers.holders_mut() else {
        return Vec::new();
    };
    view.idea = idea;
    view.title = title;
    view.selected = view.selected.min(holders.len().saturating_sub(1));
    view.holders = holders;
    app.holder_candidates = people;
    // Come from the review to make a holder reachable: her record opens on the contact
    // details (the main holder's, else the first one's).
    if app.focus_on_open == Some("email") {
        let Some(i) = view
            .holders
            .iter()
            .position(|h| h.role == Some(HolderRole::Holder))
            .or((!view.holders.is_empty()).then_some(0))
        else {
            app.focus_on_open = None;
            app.status = Some((
                Tone::Info,
                tr("  Aucun porteur : n pour en ajouter un.").trim().into(),
            ));
            return Vec::new();
        };
        view.selected = i;
        return vec![Cmd::OpenRecord {
            kind: Kind::Attendee,
            id: view.holders[i].attendee.clone(),
        }];
    }
    Vec::new()
}
