//! `update`: the only place the interface's state changes. It takes a message, gives it to
//! the layer on top (or the screen under them), and returns the commands for the store.

use crate::domain::model::Value;
use crate::i18n::tr;
use crate::tui::app::{App, HistoryView, ListKind, Popup, Tone};
use crate::tui::components::record::Kind;
use crate::tui::components::record::{open_new, record_key, record_saved};
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
use crate::tui::screens::setup::{setup_form, setup_key, setup_saved};
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
        Msg::Saved { purpose, result } => {
            let written = result.is_ok();
            let mut cmds = saved(app, purpose, result);
            if written {
                // One rule for every write: what the open layers show is read again.
                for cmd in std::iter::once(Cmd::Reload).chain(app.layers.reloads()) {
                    if !cmds.contains(&cmd) {
                        cmds.push(cmd);
                    }
                }
            }
            cmds
        }
        Msg::LoadFailed(message) => {
            app.status = Some((Tone::Error, message));
            Vec::new()
        }
        Msg::SyncProgress(label, fraction) => {
            app.sync.running = Some((label, fraction));
            Vec::new()
        }
        Msg::SyncDone(result) => crate::tui::screens::sync::sync_done(app, result),
        Msg::PhraseNeeded { wrong, then_sync } => {
            crate::tui::screens::sync::ask_phrase(app, wrong, then_sync)
        }
        Msg::Previewed(Ok(counts)) => {
            app.sync.preview = Some(counts);
            Vec::new()
        }
        Msg::Previewed(Err(e)) => {
            app.sync.preview = None;
            // The bar says it too: an earlier « ✓ Synchronisé » is not left standing.
            app.status = Some((Tone::Error, e.clone()));
            app.sync.result = Some((Tone::Error, e));
            Vec::new()
        }
        Msg::ConflictsLoaded(rows) => {
            crate::tui::screens::sync::conflicts::conflicts_loaded(app, rows)
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
        } => crate::tui::components::record::record_loaded(app, kind, id, row, seen),
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
        } => crate::tui::screens::ideas::idea_loaded(app, id, row, holders, seen),
        Msg::QuickIdeaReady { workshop, people } => {
            let mut form = crate::tui::screens::ideas::form::quick_idea(people);
            // Where the ideas go, in the title: the workshop chosen, or none.
            form.title = match &workshop {
                Some((_, label)) => crate::t!("Idée rapide  → comptoir du {label}", label),
                None => tr("Idée rapide  → sans comptoir").to_string(),
            };
            open_new(app, Kind::QuickIdea, form);
            if let (Some(r), Some((w, _))) = (app.layers.record_mut(), workshop) {
                r.extra.push(("workshop", Value::text(w)));
            }
            Vec::new()
        }
        Msg::WorkshopsToPick(workshops) if workshops.is_empty() => {
            vec![Cmd::OpenQuickIdea { workshop: None }]
        }
        Msg::WorkshopsToPick(workshops) => {
            app.layers.open(Layer::Popup(Popup::PickWorkshop(
                crate::tui::popups::pick_workshop::PickWorkshop {
                    workshops,
                    selected: 0,
                },
            )));
            Vec::new()
        }
        Msg::BudgetLoaded { idea, title, lines } => {
            crate::tui::screens::ideas::budget::budget_loaded(app, idea, title, lines)
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
        } => crate::tui::screens::ideas::holders::holders_loaded(app, idea, title, holders, people),
        Msg::ReviewLoaded(review) => crate::tui::screens::review::review_loaded(app, review),
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
            crate::tui::screens::attendees::duplicates::merge_candidates_loaded(app, id, people)
        }
        Msg::Duplicates(pairs) => {
            crate::tui::screens::attendees::duplicates::duplicates_loaded(app, pairs)
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
        Context::PickWorkshop => popups::pick_workshop::key_pressed(app, &ev),
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
    setup_saved(app, purpose, result)
}
