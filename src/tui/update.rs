//! `update`: the only place the interface's state changes. It takes a message, gives it to
//! the layer on top (or the screen under them), and returns the commands for the store.

use crate::i18n::tr;
use crate::tui::app::{App, Editing, HistoryView, ListKind, Popup, ReviewView, Tone};
use crate::tui::components::record::Kind;
use crate::tui::components::record::Record;
use crate::tui::components::record::{open_new, record_key, record_saved};
use crate::tui::form::{Field, Form};
use crate::tui::keys::{self, Action, Context};
use crate::tui::layers::{Layer, LayerKind};
use crate::tui::lists::{
    follow_selection, list_key, mouse, settle_list, sub_view_action, take_window,
};
use crate::tui::msg::{Cmd, Msg, Purpose};
use crate::tui::popups::editor::editor_key;
use crate::tui::popups::{self, help};
use crate::tui::screens::attendees::duplicates::{after_merge, duplicates_action, merge_key};
use crate::tui::screens::attendees::walk_in::{look_alike_key, register_new_person};
use crate::tui::screens::attendees::{attendees_key, reload_attendees, search_key};
use crate::tui::screens::ideas::budget::budget_action;
use crate::tui::screens::ideas::history::history_key;
use crate::tui::screens::ideas::holders::holders_action;
use crate::tui::screens::ideas::ideas_key;
use crate::tui::screens::review::review_action;
use crate::tui::screens::setup::{setup_form, setup_key};
use crate::tui::screens::sync::conflicts::conflicts_action;
use crate::tui::screens::sync::sync_key;
use crate::tui::screens::workshops::workshops_key;
use crossterm::event::KeyEvent;

pub fn update(app: &mut App, msg: Msg) -> Vec<Cmd> {
    match msg {
        Msg::Key(ev) => key(app, ev),
        Msg::Paste(text) => {
            let form = if let Some(form) = app.layers.setup_mut() {
                Some(form)
            } else if let Some((form, _)) = app.layers.editor_mut() {
                Some(form)
            } else if let Some(record) = app.layers.record_mut() {
                Some(&mut record.form)
            } else {
                None
            };
            if let Some(form) = form {
                if let (_, Some(max)) = form.paste_cut(&text) {
                    app.status = Some((
                        Tone::Warning,
                        crate::t!("Collage coupé à {max} caractères.", max),
                    ));
                }
            } else if let Some(search) = app.search.as_mut().filter(|s| s.typing) {
                let room =
                    crate::domain::rules::MAX_LINE.saturating_sub(search.query.chars().count());
                search
                    .query
                    .extend(crate::domain::text::clean_line(&text).chars().take(room));
                return reload_attendees(app);
            }
            Vec::new()
        }
        Msg::Mouse(ev) => mouse(app, ev),
        Msg::Resize(w, h) => {
            app.size = (w, h);
            app.data.window = app.window_len();
            follow_selection(app)
        }
        Msg::Loaded(data) => {
            let first_run = data.device.is_none();
            let mut keep = std::mem::take(&mut app.data);
            app.data = *data;
            // The list read keeps its position; the others, not read, stay as they were until
            // their screen is opened again.
            let read = |kind| app.data.shown == Some(kind);
            let (w, a, i) = (
                read(ListKind::Workshops),
                read(ListKind::Attendees),
                read(ListKind::Ideas),
            );
            settle_list(&mut app.data.workshops, &mut keep.workshops, w);
            settle_list(&mut app.data.attendees, &mut keep.attendees, a);
            settle_list(&mut app.data.ideas, &mut keep.ideas, i);
            if first_run && app.layers.setup().is_none() {
                app.layers.open(Layer::Setup(setup_form(app)));
            }
            follow_selection(app)
        }
        Msg::Window(kind, data) => {
            match kind {
                ListKind::Workshops => take_window(&mut app.data.workshops, data.workshops),
                ListKind::Attendees => take_window(&mut app.data.attendees, data.attendees),
                ListKind::Ideas => take_window(&mut app.data.ideas, data.ideas),
            }
            Vec::new()
        }
        Msg::Saved { purpose, result } => saved(app, purpose, result),
        Msg::LoadFailed(message) => {
            app.status = Some((Tone::Error, message));
            Vec::new()
        }
        Msg::SyncProgress(label, fraction) => {
            app.sync.running = Some((label, fraction));
            Vec::new()
        }
        Msg::SyncDone(result) => {
            app.sync.running = None;
            app.sync.preview = None;
            let (said, brief) = match result {
                Ok(report) => {
                    let tone = if report.conflicts > 0
                        || !report.ahead.is_empty()
                        || !report.skipped.is_empty()
                    {
                        Tone::Warning
                    } else {
                        Tone::Success
                    };
                    let brief = crate::t!(
                        "Synchronisé : {sent} envoyée(s), {received} reçue(s)",
                        sent = report.sent,
                        received = report.received
                    );
                    ((tone, report.sentence()), brief)
                }
                Err(e) => {
                    let brief = short(&e);
                    ((Tone::Error, e), brief)
                }
            };
            app.status = Some((said.0, brief));
            app.sync.result = Some(said);
            let mut cmds = vec![Cmd::Reload];
            if app.layers.conflicts().is_some() {
                cmds.push(Cmd::LoadConflicts);
            }
            cmds
        }
        Msg::Previewed(Ok(counts)) => {
            app.sync.preview = Some(counts);
            Vec::new()
        }
        Msg::Previewed(Err(e)) => {
            app.sync.preview = None;
            app.sync.result = Some((Tone::Error, e));
            Vec::new()
        }
        Msg::ConflictsLoaded(rows) => {
            if !app.layers.is_open(LayerKind::Conflicts) {
                app.layers.open(Layer::Conflicts(Default::default()));
            }
            let Some(view) = app.layers.conflicts_mut() else {
                return Vec::new();
            };
            view.selected = view.selected.min(rows.len().saturating_sub(1));
            view.rows = rows;
            Vec::new()
        }
        Msg::Settled(Ok(())) => {
            app.status = Some((
                Tone::Success,
                tr("Conflit réglé : la valeur retenue ira à tous les ordinateurs.").into(),
            ));
            vec![Cmd::LoadConflicts, Cmd::Reload]
        }
        Msg::Settled(Err(e)) => {
            app.status = Some((Tone::Error, e));
            Vec::new()
        }
        Msg::RecordLoaded {
            kind,
            id,
            row,
            seen,
        } => {
            let Some(row) = row else {
                app.status = Some((Tone::Error, tr("Cette fiche n'existe plus.").into()));
                return Vec::new();
            };
            let form = match kind {
                Kind::Workshop => {
                    crate::tui::screens::workshops::form::workshop(&app.reference, Some(&row), None)
                }
                Kind::BudgetLine => crate::tui::screens::ideas::form::budget_line(Some(&row)),
                _ => crate::tui::screens::attendees::form::attendee(&app.reference, Some(&row)),
            };
            app.layers.open(Layer::Record(Record {
                kind,
                id,
                exists: true,
                form,
                extra: Vec::new(),
                seen,
            }));
            Vec::new()
        }
        Msg::Erased(Ok(name)) => {
            app.status = Some((
                Tone::Success,
                crate::t!(
                    "{name} : données effacées ; la prochaine synchronisation les efface partout.",
                    name
                ),
            ));
            app.last_check_in = None;
            app.last_merge = None;
            vec![Cmd::Reload]
        }
        Msg::LookAlikes(found) => match found.into_iter().next() {
            Some((known, why)) => {
                app.layers
                    .open(Layer::Popup(Popup::LookAlike { known, why }));
                Vec::new()
            }
            None => register_new_person(app),
        },
        Msg::IdeaLoaded {
            id,
            row,
            holders,
            seen,
        } => {
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
        Msg::QuickIdeaReady(people) => {
            open_new(
                app,
                Kind::QuickIdea,
                crate::tui::screens::ideas::form::quick_idea(people),
            );
            Vec::new()
        }
        Msg::BudgetLoaded { idea, title, lines } => {
            if !app.layers.is_open(LayerKind::Budget) {
                app.layers.open(Layer::Budget(Default::default()));
            }
            let Some(view) = app.layers.budget_mut() else {
                return Vec::new();
            };
            if view.idea != idea {
                view.selected = 0;
            }
            view.idea = idea;
            view.title = title;
            view.selected = view.selected.min(lines.len().saturating_sub(1));
            view.lines = lines;
            Vec::new()
        }
        Msg::HistoryLoaded { title, entries } => {
            app.layers.open(Layer::History(HistoryView {
                title,
                entries,
                scroll: 0,
            }));
            Vec::new()
        }
        Msg::HoldersLoaded {
            idea,
            title,
            holders,
            people,
        } => {
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
            Vec::new()
        }
        Msg::ReviewLoaded(review) => {
            let selected = app.layers.review().map_or(0, |v| v.selected);
            let selected = selected.min(review.verdicts.len().saturating_sub(1));
            app.layers
                .open(Layer::Review(ReviewView { review, selected }));
            Vec::new()
        }
        Msg::Similar(titles) => {
            if let Some(first) = titles.first() {
                app.status = Some((
                    Tone::Warning,
                    crate::t!(
                        "Idée proche déjà notée dans ce territoire : « {first} ».",
                        first
                    ),
                ));
            }
            Vec::new()
        }
        Msg::MergePreview(Ok(preview)) => {
            app.layers.open(Layer::Popup(Popup::Merge(preview)));
            Vec::new()
        }
        Msg::MergePreview(Err(e)) | Msg::Merged(Err(e)) => {
            app.status = Some((Tone::Error, e));
            Vec::new()
        }
        Msg::Merged(Ok((undo, said))) => {
            app.status = Some((
                Tone::Success,
                crate::t!("{said}. u : annuler la fusion.", said),
            ));
            app.last_merge = Some((undo, said));
            app.last_check_in = None;
            after_merge(app)
        }
        Msg::PersonAt(at) => {
            if let Some(at) = at {
                app.data.attendees.selected = at.min(app.data.attendees.total.saturating_sub(1));
                return follow_selection(app);
            }
            Vec::new()
        }
        Msg::MergeCandidates { id, people } => {
            let source = crate::tui::components::fields::people_completer(people);
            let field = Field::completion("person", tr("Fusionner avec"), source, None).required();
            let d = &app.data.attendees;
            let title = match (0..d.total).filter_map(|i| d.row(i)).find(|p| p.id == id) {
                Some(p) => {
                    let name = format!("{} {}", p.first_name, p.last_name);
                    crate::t!("Fusionner {name} avec une autre personne", name)
                }
                None => tr("Fusionner avec une autre personne").to_string(),
            };
            app.layers.open(Layer::Editor((
                Form::new(title, vec![field]),
                Editing::MergeWith(id),
            )));
            Vec::new()
        }
        Msg::Duplicates(pairs) => {
            if !app.layers.is_open(LayerKind::Duplicates) {
                app.layers.open(Layer::Duplicates(Default::default()));
            }
            let Some(view) = app.layers.duplicates_mut() else {
                return Vec::new();
            };
            view.selected = view.selected.min(pairs.len().saturating_sub(1));
            view.pairs = pairs;
            vec![Cmd::Reload]
        }
        Msg::Done(Ok(text)) => {
            // The first line for the status bar; reports of refused lines stay in the result.
            let first = text.lines().next().unwrap_or("").to_string();
            app.status = Some((Tone::Success, first));
            app.sync.result = None;
            vec![Cmd::Reload]
        }
        Msg::Done(Err(e)) => {
            app.status = Some((Tone::Error, e));
            Vec::new()
        }
        Msg::Erased(Err(e)) => {
            app.status = Some((Tone::Error, e));
            Vec::new()
        }
    }
}

/// The first sentence of a message, for the status bar.
pub(crate) fn short(text: &str) -> String {
    text.split_inclusive(". ")
        .next()
        .unwrap_or(text)
        .trim()
        .to_string()
}

pub(crate) fn key(app: &mut App, ev: KeyEvent) -> Vec<Cmd> {
    if ev.kind != crossterm::event::KeyEventKind::Press {
        return Vec::new();
    }
    if app.too_small() {
        // Only quitting makes sense on a screen too small to show anything.
        if ev.code == crossterm::event::KeyCode::Char('q') && app.layers.setup().is_none() {
            app.quit = true;
        }
        return Vec::new();
    }
    if app.read_only {
        // Read-only: a key that would write or open a form to write says so at once.
        let context = app.context();
        let lists = matches!(
            context,
            Context::Workshops
                | Context::Attendees
                | Context::Ideas
                | Context::Budget
                | Context::Holders
                | Context::Review
                | Context::Duplicates
                | Context::Conflicts
                | Context::SyncScreen
                | Context::List
                | Context::Home
                | Context::Maturity
                | Context::Merge
        );
        if lists && keys::action(context, &ev).is_some_and(Action::writes) {
            app.status = Some((
                Tone::Warning,
                tr("Lecture seule : rien ne peut être modifié ici (base ouverte dans une autre fenêtre).")
                    .into(),
            ));
            return Vec::new();
        }
    }
    // The layer on top takes the key; under no layer, the screen.
    let context = app.context();
    match context {
        Context::Help => help::help_key(app, &ev),
        Context::Confirm => popups::confirm_key(app, &ev),
        Context::AlreadyOpen => popups::already_open_key(app, &ev),
        Context::LookAlike => look_alike_key(app, &ev),
        Context::Merge => merge_key(app, &ev),
        Context::Form => match app.layers.under_popups() {
            Some(LayerKind::Setup) => setup_key(app, &ev),
            Some(LayerKind::Record) => record_key(app, &ev),
            _ => editor_key(app, &ev),
        },
        Context::Duplicates
        | Context::Budget
        | Context::Holders
        | Context::Conflicts
        | Context::Review => {
            let Some(action) = sub_view_action(app, context, &ev) else {
                return Vec::new();
            };
            match context {
                Context::Duplicates => duplicates_action(app, action),
                Context::Budget => budget_action(app, action),
                Context::Holders => holders_action(app, action),
                Context::Conflicts => conflicts_action(app, action),
                _ => review_action(app, action),
            }
        }
        Context::History => history_key(app, &ev),
        Context::Search => search_key(app, &ev),
        Context::Ideas | Context::Maturity => ideas_key(app, &ev),
        Context::Workshops => workshops_key(app, &ev),
        Context::Attendees => attendees_key(app, &ev),
        Context::SyncScreen => sync_key(app, &ev),
        Context::List | Context::Home => list_key(app, &ev),
    }
}

pub(crate) fn saved(
    app: &mut App,
    purpose: Purpose,
    result: Result<usize, super::msg::SaveError>,
) -> Vec<Cmd> {
    app.pending_saves = app.pending_saves.saturating_sub(1);
    if matches!(
        purpose,
        Purpose::RecordField
            | Purpose::RecordDone
            | Purpose::WalkIn
            | Purpose::CheckIn
            | Purpose::QuickIdea
            | Purpose::BudgetLine
            | Purpose::Archived
            | Purpose::Holder
            | Purpose::Review
            | Purpose::MergeUndone
    ) {
        return record_saved(app, purpose, result);
    }
    match result {
        Ok(_) => {
            if let Some(form) = app.layers.setup_mut() {
                form.mark_saved();
            }
            if purpose == Purpose::SetupDone {
                let name = app
                    .layers
                    .setup()
                    .and_then(|f| f.field("facilitator"))
                    .and_then(|f| f.value().ok())
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default();
                app.layers.close(LayerKind::Setup);
                app.status = Some((Tone::Success, crate::t!("Bienvenue, {name} !", name)));
            } else {
                app.status = Some((Tone::Success, tr("Enregistré.").into()));
            }
            vec![Cmd::Reload]
        }
        Err(e) => {
            if let (Some(form), Some((field, message))) = (app.layers.setup_mut(), e.field) {
                form.set_error(field, message);
            }
            app.status = Some((Tone::Error, e.message));
            Vec::new()
        }
    }
}
