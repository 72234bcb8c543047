//! `update`: the only place the interface's state changes. It takes a message and returns the
//! commands for the store.

use crate::i18n::tr;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::app::{
    App, ConflictsView, Editing, HistoryView, ListKind, ListView, OnYes, Overlay, ReviewView,
    Screen, Search, Tone, WINDOW,
};
use super::form::{Field, Form, Outcome};
use super::keys::{self, Action, Context};
use super::layout;
use super::msg::{Cmd, Msg, Purpose};
use super::records::{self, Kind, Record};
use crate::domain::codes::{Code, Decision, HolderRole, Rule};
use crate::domain::model::{self, ATTENDANCE, DEVICES, Value};
use crate::store::Edit;
use crate::store::{derived_id, new_id};

pub fn update(app: &mut App, msg: Msg) -> Vec<Cmd> {
    match msg {
        Msg::Key(ev) => key(app, ev),
        Msg::Paste(text) => {
            let form = if let Some(form) = &mut app.setup {
                Some(form)
            } else if let Some((form, _)) = &mut app.editor {
                Some(form)
            } else if let Some(record) = &mut app.record {
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
            if first_run && app.setup.is_none() {
                app.setup = Some(setup_form(app));
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
            if app.conflicts.is_some() {
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
            let view = app.conflicts.get_or_insert_with(Default::default);
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
                Kind::Workshop => records::workshop(&app.reference, Some(&row), None),
                Kind::BudgetLine => records::budget_line(Some(&row)),
                _ => records::attendee(&app.reference, Some(&row)),
            };
            app.record = Some(Record {
                kind,
                id,
                exists: true,
                form,
                extra: Vec::new(),
                seen,
            });
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
                app.overlay = Some(Overlay::LookAlike { known, why });
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
            let mut form = records::idea(&app.reference, Some(&row), minor, &names.join(", "));
            if let Some(field) = app.focus_on_open.take()
                && let Some(i) = form
                    .fields
                    .iter()
                    .position(|f| f.name == field && !f.disabled)
            {
                form.focus = i;
            }
            app.record = Some(Record {
                kind: Kind::Idea,
                id,
                exists: true,
                form,
                extra: Vec::new(),
                seen,
            });
            Vec::new()
        }
        Msg::QuickIdeaReady(people) => {
            open_new(app, Kind::QuickIdea, records::quick_idea(people));
            Vec::new()
        }
        Msg::BudgetLoaded { idea, title, lines } => {
            let view = app.budget.get_or_insert_with(Default::default);
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
            app.history = Some(HistoryView {
                title,
                entries,
                scroll: 0,
            });
            Vec::new()
        }
        Msg::HoldersLoaded {
            idea,
            title,
            holders,
            people,
        } => {
            let view = app.holders.get_or_insert_with(Default::default);
            view.idea = idea;
            view.title = title;
            view.selected = view.selected.min(holders.len().saturating_sub(1));
            view.holders = holders;
            app.holder_candidates = people;
            Vec::new()
        }
        Msg::ReviewLoaded(review) => {
            let selected = app.review.as_ref().map_or(0, |v| v.selected);
            let selected = selected.min(review.verdicts.len().saturating_sub(1));
            app.review = Some(ReviewView { review, selected });
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
            app.overlay = Some(Overlay::Merge(preview));
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
            let source = records::people_completer(people);
            let field = Field::completion("person", tr("Fusionner avec"), source, None).required();
            let d = &app.data.attendees;
            let title = match (0..d.total).filter_map(|i| d.row(i)).find(|p| p.id == id) {
                Some(p) => {
                    let name = format!("{} {}", p.first_name, p.last_name);
                    crate::t!("Fusionner {name} avec une autre personne", name)
                }
                None => tr("Fusionner avec une autre personne").to_string(),
            };
            app.editor = Some((Form::new(title, vec![field]), Editing::MergeWith(id)));
            Vec::new()
        }
        Msg::Duplicates(pairs) => {
            let view = app.duplicates.get_or_insert_with(Default::default);
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
fn short(text: &str) -> String {
    text.split_inclusive(". ")
        .next()
        .unwrap_or(text)
        .trim()
        .to_string()
}

/// After a reload: a list that was read keeps its position; one that was not is the old one.
fn settle_list<R>(list: &mut ListView<R>, old: &mut ListView<R>, read: bool) {
    if read {
        list.selected = old.selected.min(list.total.saturating_sub(1));
        list.top = old.top.min(list.selected);
    } else {
        *list = std::mem::take(old);
    }
}

fn take_window<R>(list: &mut ListView<R>, window: ListView<R>) {
    list.total = window.total;
    list.more = window.more;
    list.offset = window.offset;
    list.rows = window.rows;
}

fn key(app: &mut App, ev: KeyEvent) -> Vec<Cmd> {
    if ev.kind != crossterm::event::KeyEventKind::Press {
        return Vec::new();
    }
    if app.too_small() {
        // Only quitting makes sense on a screen too small to show anything.
        if ev.code == crossterm::event::KeyCode::Char('q') && app.setup.is_none() {
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
    match app.context() {
        Context::Help => {
            if let Some(Overlay::Help { scroll }) = &mut app.overlay {
                match keys::action(Context::Help, &ev) {
                    Some(Action::Back) => app.overlay = None,
                    Some(Action::Up) => *scroll = scroll.saturating_sub(1),
                    Some(Action::Down) => *scroll = scroll.saturating_add(1),
                    _ => {}
                }
            }
            Vec::new()
        }
        Context::Confirm => {
            let Some(Overlay::Confirm { on_yes, .. }) = &app.overlay else {
                return Vec::new();
            };
            let on_yes = on_yes.clone();
            match keys::action(Context::Confirm, &ev) {
                Some(Action::Yes) => {
                    app.overlay = None;
                    match on_yes {
                        OnYes::Quit => app.quit = true,
                        OnYes::DropRecord => app.record = None,
                        OnYes::Erase { id, name } => return vec![Cmd::Forget { id, name }],
                        OnYes::Decide(edits) => {
                            app.pending_saves += 1;
                            return vec![Cmd::Save {
                                edits,
                                purpose: Purpose::Review,
                            }];
                        }
                        OnYes::Archive { id, title } => {
                            app.status = Some((
                                Tone::Success,
                                crate::t!(
                                    "Idée « {title} » archivée (v : voir les archives).",
                                    title
                                ),
                            ));
                            app.pending_saves += 1;
                            return vec![Cmd::Save {
                                edits: vec![Edit::new(&model::IDEAS, id).set("archived", true)],
                                purpose: Purpose::Archived,
                            }];
                        }
                    }
                }
                Some(Action::No) => app.overlay = None,
                _ => {}
            }
            Vec::new()
        }
        Context::Form if app.setup.is_some() => setup_key(app, &ev),
        Context::Form if app.record.is_some() => record_key(app, &ev),
        Context::Form => editor_key(app, &ev),
        Context::Search => search_key(app, &ev),
        Context::LookAlike => look_alike_key(app, &ev),
        Context::Merge => merge_key(app, &ev),
        Context::AlreadyOpen => match keys::action(Context::AlreadyOpen, &ev) {
            Some(Action::OpenReadOnly) => {
                app.overlay = None;
                app.read_only = true;
                vec![Cmd::ReadOnly]
            }
            Some(Action::Quit) => {
                app.quit = true;
                Vec::new()
            }
            _ => Vec::new(),
        },
        Context::Duplicates => duplicates_key(app, &ev),
        Context::Ideas => ideas_key(app, &ev),
        Context::Budget => budget_key(app, &ev),
        Context::History => history_key(app, &ev),
        Context::Holders => holders_key(app, &ev),
        Context::Review => review_key(app, &ev),
        Context::Workshops => workshops_key(app, &ev),
        Context::Attendees => attendees_key(app, &ev),
        Context::Conflicts => conflicts_key(app, &ev),
        Context::SyncScreen => sync_key(app, &ev),
        Context::List => list_key(app, &ev),
    }
}

fn list_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let Some(action) = keys::action(Context::List, ev) else {
        return Vec::new();
    };
    app.status = None;
    match action {
        Action::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Quit => app.quit = true,
        Action::GoTo(s) => return go_to(app, s),
        Action::NextScreen => return go_to(app, app.screen.next()),
        Action::PrevScreen => return go_to(app, app.screen.prev()),
        Action::Up => return move_selection(app, -1),
        Action::Down => return move_selection(app, 1),
        Action::PageUp => return move_selection(app, -(page(app) as i64)),
        Action::PageDown => return move_selection(app, page(app) as i64),
        Action::First => return move_selection(app, i64::MIN / 2),
        Action::Last => return move_selection(app, i64::MAX / 2),
        Action::Open => match (app.screen, selected_id(app)) {
            (Screen::Comptoirs, Some(id)) => {
                return vec![Cmd::OpenRecord {
                    kind: Kind::Workshop,
                    id,
                }];
            }
            (Screen::Participants, Some(id)) => {
                return vec![Cmd::OpenRecord {
                    kind: Kind::Attendee,
                    id,
                }];
            }
            (Screen::Maturite, Some(id)) => return vec![Cmd::LoadReview { idea: id }],
            (Screen::Idees, Some(id)) => return vec![Cmd::OpenIdea { id }],
            (Screen::Comptoirs | Screen::Participants | Screen::Idees | Screen::Maturite, None) => {
            }
            _ => app.status = Some((Tone::Info, tr("Rien à ouvrir sur cet écran.").into())),
        },
        Action::New => match app.screen {
            Screen::Comptoirs => {
                let territory = app.data.device.as_ref().and_then(|d| d.territory.clone());
                let form = records::workshop(&app.reference, None, territory.as_deref());
                open_new(app, Kind::Workshop, form);
            }
            Screen::Participants => {
                let form = records::attendee(&app.reference, None);
                open_new(app, Kind::Attendee, form);
            }
            Screen::Idees | Screen::Maturite => {
                let form = records::idea(&app.reference, None, false, "");
                open_new(app, Kind::Idea, form);
                if let (Some(r), Some((w, _))) = (&mut app.record, &app.data.current_workshop) {
                    r.extra.push(("workshop", Value::text(w.clone())));
                }
            }
            _ => {
                app.status = Some((
                    Tone::Info,
                    tr("Rien à créer sur cet écran : n sur les écrans 2, 3 et 4.").into(),
                ))
            }
        },
        Action::QuickIdea => {
            if app.data.current_workshop.is_none() {
                app.status = Some((
                    Tone::Warning,
                    tr("Choisissez d'abord le comptoir en cours (écran 2, touche c).").into(),
                ));
                return Vec::new();
            }
            return vec![Cmd::OpenQuickIdea];
        }
        Action::Search if app.screen == Screen::Idees => {
            app.search.get_or_insert_with(Search::default).typing = true;
        }
        Action::Search if app.screen == Screen::Participants => {
            app.search.get_or_insert_with(Search::default).typing = true;
        }
        Action::Search => {
            app.status = Some((
                Tone::Info,
                tr("Pas de recherche sur cet écran : / sur les écrans 3 et 4.").into(),
            ));
        }
        _ => {}
    }
    Vec::new()
}

fn go_to(app: &mut App, screen: Screen) -> Vec<Cmd> {
    if app.screen != screen && app.search.take().is_some() {
        // A search belongs to its screen.
        app.data.people_filter.query.clear();
        app.data.idea_filter.query.clear();
    }
    let changed = app.screen != screen;
    app.screen = screen;
    app.data.shown = screen.list();
    if changed && (screen.list().is_some() || screen == Screen::Accueil) {
        // Its list (or Accueil's counts) is read now: not kept up to date while another
        // screen was shown.
        let mut cmds = vec![Cmd::Reload];
        cmds.extend(follow_selection(app));
        return cmds;
    }
    follow_selection(app)
}

/// Rows visible in the current list.
fn page(app: &App) -> usize {
    let body = layout::areas(app.size.0, app.size.1).body;
    layout::list_rows(body).height.max(1) as usize
}

fn move_selection(app: &mut App, delta: i64) -> Vec<Cmd> {
    let Some(kind) = app.screen.list() else {
        return Vec::new();
    };
    let total = total_of(app, kind);
    if total == 0 {
        return Vec::new();
    }
    let set = |sel: &mut usize| {
        *sel = (*sel as i64 + delta).clamp(0, total as i64 - 1) as usize;
    };
    match kind {
        ListKind::Workshops => set(&mut app.data.workshops.selected),
        ListKind::Attendees => set(&mut app.data.attendees.selected),
        ListKind::Ideas => set(&mut app.data.ideas.selected),
    }
    follow_selection(app)
}

fn total_of(app: &App, kind: ListKind) -> usize {
    match kind {
        ListKind::Workshops => app.data.workshops.total,
        ListKind::Attendees => app.data.attendees.total,
        ListKind::Ideas => app.data.ideas.total,
    }
}

/// Scrolls the current list so the selection is on screen, and asks for the rows when the
/// visible part is not loaded.
fn follow_selection(app: &mut App) -> Vec<Cmd> {
    let Some(kind) = app.screen.list() else {
        return Vec::new();
    };
    let height = page(app);
    fn scroll<R>(list: &mut ListView<R>, height: usize, kind: ListKind) -> Vec<Cmd> {
        if list.selected < list.top {
            list.top = list.selected;
        } else if list.selected >= list.top + height {
            list.top = list.selected + 1 - height;
        }
        if list.total > 0 && !list.covers(list.top, height) {
            let offset = list.top.saturating_sub(WINDOW / 4);
            vec![Cmd::LoadWindow { list: kind, offset }]
        } else {
            Vec::new()
        }
    }
    match kind {
        ListKind::Workshops => scroll(&mut app.data.workshops, height, kind),
        ListKind::Attendees => scroll(&mut app.data.attendees, height, kind),
        ListKind::Ideas => scroll(&mut app.data.ideas, height, kind),
    }
}

fn mouse(app: &mut App, ev: MouseEvent) -> Vec<Cmd> {
    if !app.mouse || app.too_small() || app.overlay.is_some() {
        return Vec::new();
    }
    let areas = layout::areas(app.size.0, app.size.1);
    match ev.kind {
        MouseEventKind::ScrollDown if app.setup.is_none() => move_selection(app, 3),
        MouseEventKind::ScrollUp if app.setup.is_none() => move_selection(app, -3),
        MouseEventKind::Down(MouseButton::Left) => {
            if let Some(form) = &mut app.setup {
                let outcome = form.click(layout::setup_form(areas.body), ev.row);
                return setup_outcome(app, outcome);
            }
            if ev.row == areas.tabs.y {
                if let Some((s, _, _)) = layout::tab_spans(app.size.0)
                    .into_iter()
                    .find(|(_, a, b)| ev.column >= *a && ev.column < *b)
                {
                    return go_to(app, s);
                }
                return Vec::new();
            }
            let rows = layout::list_rows(areas.body);
            if let Some(kind) = app.screen.list()
                && ev.row >= rows.y
                && ev.row < rows.bottom()
            {
                let top = match kind {
                    ListKind::Workshops => app.data.workshops.top,
                    ListKind::Attendees => app.data.attendees.top,
                    ListKind::Ideas => app.data.ideas.top,
                };
                let target = top + (ev.row - rows.y) as usize;
                if target < total_of(app, kind) {
                    let current = match kind {
                        ListKind::Workshops => app.data.workshops.selected,
                        ListKind::Attendees => app.data.attendees.selected,
                        ListKind::Ideas => app.data.ideas.selected,
                    };
                    return move_selection(app, target as i64 - current as i64);
                }
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// The first-run questions.
pub fn setup_form(app: &App) -> Form {
    let territories = app
        .reference
        .territory_names()
        .into_iter()
        .map(|t| (t.to_string(), t.to_string()))
        .collect();
    Form::new(
        tr("Premier lancement"),
        vec![
            Field::line("facilitator", tr("Votre nom"), "").required(),
            Field::line("label", tr("Nom de cet ordinateur"), "").required(),
            Field::choice("territory", tr("Territoire par défaut"), territories, None),
        ],
    )
}

fn setup_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let Some(form) = &mut app.setup else {
        return Vec::new();
    };
    let outcome = form.handle_key(ev);
    if outcome == Outcome::Ignored && keys::action(Context::Form, ev) == Some(Action::Help) {
        app.overlay = Some(Overlay::Help { scroll: 0 });
        return Vec::new();
    }
    if outcome == Outcome::Ignored
        && ev.code == crossterm::event::KeyCode::Char('c')
        && ev.modifiers == KeyModifiers::CONTROL
    {
        return setup_outcome(app, Outcome::Cancel);
    }
    setup_outcome(app, outcome)
}

fn device_edit(app: &App, form: &Form) -> Edit {
    let id = app.data.device_id.clone();
    let mut edit = Edit::new(&DEVICES, id);
    for (name, value) in form.values() {
        if let Some(f) = DEVICES.field(name) {
            edit = edit.set(f.name, value);
        }
    }
    edit
}

fn setup_outcome(app: &mut App, outcome: Outcome) -> Vec<Cmd> {
    let Some(form) = &mut app.setup else {
        return Vec::new();
    };
    match outcome {
        Outcome::Used | Outcome::Ignored => Vec::new(),
        // A new record is saved as soon as its required fields are valid.
        Outcome::Left(_) if form.fields.iter().all(|f| f.value().is_ok()) => {
            let edit = device_edit(app, app.setup.as_ref().expect("checked above"));
            app.pending_saves += 1;
            vec![Cmd::Save {
                edits: vec![edit],
                purpose: Purpose::SetupField,
            }]
        }
        Outcome::Left(_) => Vec::new(),
        Outcome::Submit => {
            if !form.validate() {
                app.status = Some((Tone::Warning, tr("Complétez les champs marqués ✗.").into()));
                return Vec::new();
            }
            let edit = device_edit(app, app.setup.as_ref().expect("checked above"));
            app.pending_saves += 1;
            vec![Cmd::Save {
                edits: vec![edit],
                purpose: Purpose::SetupDone,
            }]
        }
        Outcome::Cancel => {
            app.overlay = Some(Overlay::Confirm {
                question: tr("Abandonner la saisie ? comptoir se fermera sans rien enregistrer.")
                    .into(),
                on_yes: OnYes::Quit,
            });
            Vec::new()
        }
    }
}

fn saved(
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
            if let Some(form) = &mut app.setup {
                form.mark_saved();
            }
            if purpose == Purpose::SetupDone {
                let name = app
                    .setup
                    .as_ref()
                    .and_then(|f| f.field("facilitator"))
                    .and_then(|f| f.value().ok())
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default();
                app.setup = None;
                app.status = Some((Tone::Success, crate::t!("Bienvenue, {name} !", name)));
            } else {
                app.status = Some((Tone::Success, tr("Enregistré.").into()));
            }
            vec![Cmd::Reload]
        }
        Err(e) => {
            if let (Some(form), Some((field, message))) = (&mut app.setup, e.field) {
                form.set_error(field, message);
            }
            app.status = Some((Tone::Error, e.message));
            Vec::new()
        }
    }
}

fn sync_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    match keys::action(Context::SyncScreen, ev) {
        Some(Action::Sync) => {
            if app.sync.running.is_some() {
                app.status = Some((
                    Tone::Info,
                    tr("Une synchronisation est déjà en cours.").into(),
                ));
                return Vec::new();
            }
            let Some(target) = app.data.sync_target.clone() else {
                app.status = Some((
                    Tone::Info,
                    tr("Choisissez d'abord le fichier ou le dossier partagé.").into(),
                ));
                open_target_editor(app);
                return Vec::new();
            };
            app.sync.running = Some((tr("Préparation").into(), 0.0));
            app.sync.result = None;
            vec![Cmd::Sync { target }]
        }
        Some(Action::EditTarget) => {
            open_target_editor(app);
            Vec::new()
        }
        Some(Action::Preview) => match app.data.sync_target.clone() {
            Some(target) => vec![Cmd::Preview { target }],
            None => {
                open_target_editor(app);
                Vec::new()
            }
        },
        Some(Action::ShowConflicts) => {
            app.conflicts = Some(ConflictsView::default());
            vec![Cmd::LoadConflicts]
        }
        _ => list_key(app, ev),
    }
}

fn open_target_editor(app: &mut App) {
    let complete: super::form::Completer =
        std::sync::Arc::new(|typed: &str| super::effects::complete_path(typed));
    // The field starts empty, the current target shown in grey: typing replaces it, Entrée
    // alone keeps it.
    let mut field = Field::path("target", tr("Fichier ou dossier partagé"), complete, "");
    match &app.data.sync_target {
        Some(current) => field.placeholder(current),
        None => {
            field = field.required();
            field.placeholder(tr("par exemple /media/cle/budget-citoyen.sqlite"));
        }
    }
    app.editor = Some((
        Form::new(tr("Cible de synchronisation"), vec![field]),
        Editing::SyncTarget,
    ));
}

fn editor_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let Some((form, editing)) = &mut app.editor else {
        return Vec::new();
    };
    match form.handle_key(ev) {
        Outcome::Submit => {
            if !form.validate() {
                return Vec::new();
            }
            let typed = form.fields[0]
                .value()
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .or_else(|| app.data.sync_target.clone());
            let editing = editing.clone();
            let raw = form.fields[0].value().unwrap_or(Value::Null);
            let picks: Vec<Option<String>> = form
                .fields
                .iter()
                .map(|f| f.value().ok().and_then(|v| v.as_str().map(String::from)))
                .collect();
            app.editor = None;
            match editing {
                Editing::SyncTarget => {
                    let target = typed.unwrap_or_default();
                    app.sync.result = None;
                    vec![
                        Cmd::SetSetting {
                            key: "sync_target",
                            value: target.clone(),
                        },
                        Cmd::Preview { target },
                    ]
                }
                Editing::Conflict(i) => settle_with(app, i, raw),
                Editing::Filters => {
                    let f = &mut app.data.people_filter;
                    f.workshop = picks[0].clone();
                    f.territory = picks[1].clone();
                    f.age_bracket = picks[2].clone();
                    reload_attendees(app)
                }
                Editing::IdeaFilters => {
                    use crate::domain::maturity::Level;
                    use crate::store::ideas::IdeaSort;
                    let f = &mut app.data.idea_filter;
                    f.territory = picks[0].clone();
                    f.workshop = picks[1].clone();
                    f.theme = picks[2].clone();
                    f.level = picks[3]
                        .as_deref()
                        .and_then(|code| Level::ALL.into_iter().find(|l| l.short() == code));
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
                Editing::CriterionComment(code) => {
                    let Some(v) = &app.review else {
                        return Vec::new();
                    };
                    let idea = v.review.idea.clone();
                    app.pending_saves += 1;
                    vec![Cmd::Save {
                        edits: vec![
                            Edit::new(
                                &model::CRITERION_CHECKS,
                                crate::store::review::check_id(&idea, &code),
                            )
                            .set("idea", idea.as_str())
                            .set("criterion", code.as_str())
                            .set("comment", picks[0].clone().unwrap_or_default()),
                        ],
                        purpose: Purpose::Review,
                    }]
                }
                Editing::Recommendation => {
                    let Some(v) = &app.review else {
                        return Vec::new();
                    };
                    let idea = v.review.idea.clone();
                    app.pending_saves += 1;
                    vec![Cmd::Save {
                        edits: vec![
                            Edit::new(&model::REVIEWS, crate::store::review::review_id(&idea))
                                .set("idea", idea.as_str())
                                .set(
                                    "recommendation",
                                    picks[0].clone().map(Value::Text).unwrap_or(Value::Null),
                                )
                                .set("comment", picks[1].clone().unwrap_or_default()),
                        ],
                        purpose: Purpose::Review,
                    }]
                }
                Editing::Decision => {
                    let Some(v) = &app.review else {
                        return Vec::new();
                    };
                    let idea = v.review.idea.clone();
                    let edits = vec![
                        Edit::new(&model::REVIEWS, crate::store::review::review_id(&idea))
                            .set("idea", idea.as_str())
                            .set(
                                "decision",
                                picks[0].clone().map(Value::Text).unwrap_or(Value::Null),
                            )
                            .set("decision_reason", picks[1].clone().unwrap_or_default())
                            .set(
                                "decision_date",
                                picks[2].clone().map(Value::Text).unwrap_or(Value::Null),
                            ),
                    ];
                    let labelled = picks[0].as_deref() == Some(Decision::Labelled.code());
                    if labelled && v.review.level != crate::domain::maturity::Level::Ready {
                        app.overlay = Some(Overlay::Confirm {
                            question: crate::t!(
                                "Cette idée est au niveau « {level} », pas « Prête pour la labellisation ». Enregistrer quand même la labellisation ?",
                                level = v.review.level.label()
                            ),
                            on_yes: OnYes::Decide(edits),
                        });
                        return Vec::new();
                    }
                    app.pending_saves += 1;
                    vec![Cmd::Save {
                        edits,
                        purpose: Purpose::Review,
                    }]
                }
                Editing::AddHolder => {
                    let Some(view) = &app.holders else {
                        return Vec::new();
                    };
                    let Some(person) = picks[0].clone() else {
                        return Vec::new();
                    };
                    if view.holders.iter().any(|h| h.attendee == person) {
                        app.status =
                            Some((Tone::Info, tr("Cette personne porte déjà l'idée.").into()));
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
                Editing::MergeWith(keep) => match picks[0].clone() {
                    Some(other) => vec![Cmd::PrepareMerge { keep, other }],
                    None => Vec::new(),
                },
                Editing::Import => match typed {
                    Some(file) => vec![Cmd::Import { file }],
                    None => Vec::new(),
                },
            }
        }
        Outcome::Cancel => {
            app.editor = None;
            Vec::new()
        }
        Outcome::Ignored if keys::action(Context::Form, ev) == Some(Action::Help) => {
            app.overlay = Some(Overlay::Help { scroll: 0 });
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn conflicts_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let Some(view) = &mut app.conflicts else {
        return Vec::new();
    };
    let n = view.rows.len();
    let action = keys::action(Context::Conflicts, ev);
    if step(&mut view.selected, n, action) {
        return Vec::new();
    }
    match action {
        Some(Action::Help) => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Some(Action::Back) => app.conflicts = None,
        Some(Action::KeepShown | Action::TakeOther) if n > 0 => {
            let c = &view.rows[view.selected];
            let text = if action == Some(Action::KeepShown) {
                c.shown.clone()
            } else {
                c.other.clone()
            };
            let i = view.selected;
            return match typed_value(&c.table, &c.field, text.as_deref()) {
                Ok(value) => settle_with(app, i, value),
                Err(e) => {
                    app.status = Some((Tone::Error, e));
                    Vec::new()
                }
            };
        }
        Some(Action::EditValue) if n > 0 => {
            let c = &view.rows[view.selected];
            let label = crate::strings::field_label(&c.table, &c.field);
            let field = match crate::domain::model::table(&c.table)
                .and_then(|t| t.field(&c.field))
                .map(|f| f.kind)
            {
                Some(model::Kind::Money) => Field::amount(
                    "value",
                    label,
                    c.shown.as_deref().and_then(|v| v.parse().ok()),
                ),
                Some(model::Kind::Text) => {
                    Field::multi("value", label, c.shown.as_deref().unwrap_or(""), 4)
                }
                _ => Field::line("value", label, c.shown.as_deref().unwrap_or("")),
            };
            app.editor = Some((
                Form::new(tr("Nouvelle valeur"), vec![field]),
                Editing::Conflict(view.selected),
            ));
        }
        _ => {}
    }
    Vec::new()
}

/// A conflict's value as stored: numbers for number fields, text otherwise.
fn typed_value(table: &str, field: &str, text: Option<&str>) -> Result<Value, String> {
    let kind = crate::domain::model::table(table)
        .and_then(|t| t.field(field))
        .map(|f| f.kind)
        .ok_or_else(|| tr("Champ inconnu.").to_string())?;
    Ok(match (kind, text) {
        (_, None) => Value::Null,
        (
            model::Kind::Int | model::Kind::Money | model::Kind::Bool | model::Kind::SetOnce,
            Some(t),
        ) => Value::Int(
            t.trim()
                .parse()
                .map_err(|_| crate::t!("« {t} » n'est pas un nombre.", t))?,
        ),
        (_, Some(t)) => Value::Text(t.to_string()),
    })
}

fn settle_with(app: &mut App, index: usize, value: Value) -> Vec<Cmd> {
    let Some(c) = app.conflicts.as_ref().and_then(|v| v.rows.get(index)) else {
        return Vec::new();
    };
    let Some(table) = crate::domain::model::table(&c.table) else {
        return Vec::new();
    };
    let Some(field) = table.field(&c.field) else {
        return Vec::new();
    };
    vec![Cmd::Settle {
        table,
        record: c.record.clone(),
        field: field.name,
        value,
    }]
}

/// Today, `AAAA-MM-JJ`, on this laptop's clock.
fn today() -> String {
    chrono::Local::now().format("%Y-%m-%d").to_string()
}

fn open_new(app: &mut App, kind: Kind, form: Form) {
    // What the bar said of the form before (a refused save) is not about this one.
    if matches!(app.status, Some((Tone::Error | Tone::Warning, _))) {
        app.status = None;
    }
    app.record = Some(Record {
        kind,
        id: new_id(),
        exists: false,
        form,
        extra: Vec::new(),
        seen: Default::default(),
    });
}

/// The id of the selected row of the current list.
fn selected_id(app: &App) -> Option<String> {
    let d = &app.data;
    match app.screen.list()? {
        ListKind::Workshops => d.workshops.row(d.workshops.selected).map(|r| r.id.clone()),
        ListKind::Attendees => d.attendees.row(d.attendees.selected).map(|r| r.id.clone()),
        ListKind::Ideas => d.ideas.row(d.ideas.selected).map(|r| r.id.clone()),
    }
}

fn workshops_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
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

fn attendees_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
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
                records::walk_in(&app.reference, app.data.current_commune.as_deref()),
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
            let (id, edit) = check_in(&workshop, &person.id);
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
                app.overlay = Some(Overlay::Confirm {
                    question: crate::t!(
                        "Effacer définitivement {name} ? Ses données personnelles disparaissent de cet ordinateur, \
                         puis de tous les autres à la synchronisation. Les présences restent comptées, anonymes.",
                        name
                    ),
                    on_yes: OnYes::Erase {
                        id: person.id.clone(),
                        name,
                    },
                });
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
            app.duplicates = Some(Default::default());
            vec![Cmd::LoadDuplicates]
        }
        _ => list_key(app, ev),
    }
}

fn open_import_editor(app: &mut App) {
    let complete: super::form::Completer =
        std::sync::Arc::new(|typed: &str| super::effects::complete_files(typed, &["csv", "json"]));
    let mut field = Field::path("file", tr("Fichier CSV d'inscriptions"), complete, "").required();
    field.placeholder(tr("par exemple ~/Téléchargements/inscriptions.csv"));
    app.editor = Some((
        Form::new(tr("Importer une liste"), vec![field]),
        Editing::Import,
    ));
}

/// Reads the people list again for the current search.
fn reload_attendees(app: &mut App) -> Vec<Cmd> {
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

fn search_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
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

fn record_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let Some(record) = &mut app.record else {
        return Vec::new();
    };
    let outcome = record.form.handle_key(ev);
    records::apply_rules(record.kind, &mut record.form, &today());
    match outcome {
        Outcome::Used => Vec::new(),
        Outcome::Ignored => {
            match keys::action(Context::Form, ev) {
                Some(Action::Help) => app.overlay = Some(Overlay::Help { scroll: 0 }),
                Some(Action::ContactStep) if record.kind == Kind::WalkIn => {
                    records::add_contact_step(&mut record.form, &today());
                }
                _ => {}
            }
            Vec::new()
        }
        // Autosave: a field of an existing record when it is left; a new record as soon as
        // its required fields are valid. The walk-in form saves on Entrée, with its check-in.
        Outcome::Left(_) if matches!(record.kind, Kind::WalkIn | Kind::QuickIdea) => Vec::new(),
        // A new person is compared with the known ones before their first save.
        Outcome::Left(_)
            if record.kind == Kind::Attendee
                && !record.exists
                && app.look_alikes_done.as_deref() != Some(record.id.as_str())
                && record_edit(record).is_some() =>
        {
            app.look_alike_then = Some(Purpose::RecordField);
            look_for_look_alikes(app)
        }
        Outcome::Left(_) => save_record(app, Purpose::RecordField),
        Outcome::Submit => {
            if !record.form.validate() {
                app.status = Some((Tone::Warning, tr("Complétez les champs marqués ✗.").into()));
                return Vec::new();
            }
            if record.kind == Kind::WalkIn
                || (record.kind == Kind::Attendee
                    && !record.exists
                    && app.look_alikes_done.as_deref() != Some(record.id.as_str()))
            {
                app.look_alike_then = Some(Purpose::RecordDone);
                return look_for_look_alikes(app);
            }
            if record.kind == Kind::QuickIdea {
                return save_quick_idea(app);
            }
            if record.exists && !record.form.is_dirty() {
                let id = record.id.clone();
                app.record = None;
                let mut cmds = vec![Cmd::Reload];
                cmds.extend(select_new_person(app, &id));
                return cmds;
            }
            save_record(app, Purpose::RecordDone)
        }
        Outcome::Cancel => {
            let typed = record.form.fields.iter().any(|f| !f.is_untouched());
            if !record.exists && typed {
                app.overlay = Some(Overlay::Confirm {
                    question: tr("Abandonner la saisie ? Rien n'a encore été enregistré.").into(),
                    on_yes: OnYes::DropRecord,
                });
            } else if record.exists && record.form.is_dirty() {
                // Leaving saves what was typed, as leaving a field does.
                let cmds = save_record(app, Purpose::RecordDone);
                return cmds;
            } else {
                let id = record.id.clone();
                app.record = None;
                let mut cmds = vec![Cmd::Reload];
                cmds.extend(select_new_person(app, &id));
                return cmds;
            }
            Vec::new()
        }
    }
}

/// After the full form of a new person closes: the people list, without its search, with
/// that person selected.
fn select_new_person(app: &mut App, id: &str) -> Option<Cmd> {
    if app.new_person.as_deref() != Some(id) {
        return None;
    }
    app.new_person = None;
    if app.search.take().is_some() {
        app.data.people_filter.query.clear();
    }
    Some(Cmd::LocatePerson {
        id: id.to_string(),
        filter: app.data.people_filter.clone(),
    })
}

/// The edit that saves a record form: every field of a new record, the changed ones of an
/// existing record. `None` while a new record lacks a required field or a value is unreadable.
fn record_edit(record: &Record) -> Option<Edit> {
    let table = record.kind.table();
    let mut edit = Edit::new(table, &record.id);
    for f in &record.form.fields {
        let value = records::to_model(record.kind, f.name, f.value().ok()?);
        if f.required && value.is_empty() {
            return None;
        }
        // Form-only fields (the quick capture's holder) are not the record's.
        let Some(field) = table.field(f.name) else {
            continue;
        };
        if (!record.exists && !value.is_empty()) || (record.exists && f.dirty) {
            edit = edit.set(field.name, value);
        }
    }
    if record.exists {
        edit.seen = Some(record.seen.clone());
    } else {
        for (name, value) in &record.extra {
            edit = edit.set(name, value.clone());
        }
    }
    Some(edit)
}

fn save_record(app: &mut App, purpose: Purpose) -> Vec<Cmd> {
    let Some(record) = &app.record else {
        return Vec::new();
    };
    let Some(edit) = record_edit(record) else {
        return Vec::new();
    };
    if edit.fields.is_empty() {
        if purpose == Purpose::RecordDone {
            app.record = None;
            return vec![Cmd::Reload];
        }
        return Vec::new();
    }
    let mut edits = vec![edit];
    if record.kind == Kind::Attendee && !record.exists {
        // A person registered with the full form is here too: checked in with their first
        // save, and selected in the list when the form closes.
        app.new_person = Some(record.id.clone());
        if let Some((workshop, _)) = &app.data.current_workshop {
            edits.push(check_in(workshop, &record.id).1);
        }
    }
    app.pending_saves += 1;
    vec![Cmd::Save { edits, purpose }]
}

fn save_walk_in(app: &mut App) -> Vec<Cmd> {
    let (Some(record), Some((workshop, _))) = (&app.record, &app.data.current_workshop) else {
        return Vec::new();
    };
    let Some(mut person) = record_edit(record) else {
        return Vec::new();
    };
    let consent = record.form.field("consent").and_then(|f| f.value().ok());
    if consent == Some(Value::Int(1)) {
        person = person.set("consent_date", today());
    }
    let (_, check_in) = check_in(workshop, &record.id);
    app.pending_saves += 1;
    vec![Cmd::Save {
        edits: vec![person, check_in],
        purpose: Purpose::WalkIn,
    }]
}

fn record_saved(
    app: &mut App,
    purpose: Purpose,
    result: Result<usize, super::msg::SaveError>,
) -> Vec<Cmd> {
    match result {
        Err(e) => {
            let mut said = false;
            if let (Some(record), Some((field, message))) = (&mut app.record, e.field.clone())
                && record.form.field(field).is_some()
            {
                if purpose == Purpose::RecordField {
                    // Refused on leaving a field: said there, the focus goes on.
                    record.form.put_error(field, message);
                } else {
                    record.form.set_error(field, message);
                }
                said = true;
            }
            // The sentence is under its field; the status bar points at it, once.
            let message = if said {
                tr("Pas encore enregistré : voyez le champ marqué ✗.").to_string()
            } else {
                e.message
            };
            app.status = Some((Tone::Error, message));
            Vec::new()
        }
        Ok(_) => {
            match purpose {
                Purpose::RecordField => {
                    if let Some(r) = &mut app.record {
                        r.exists = true;
                        r.form.mark_saved();
                    }
                    app.status = Some((Tone::Success, tr("Enregistré.").into()));
                }
                Purpose::RecordDone => {
                    let closed = app.record.take();
                    app.status = Some((Tone::Success, tr("Fiche enregistrée.").into()));
                    if let Some(r) = closed {
                        let mut cmds = vec![Cmd::Reload];
                        cmds.extend(select_new_person(app, &r.id));
                        match r.kind {
                            Kind::BudgetLine => {
                                if let Some(b) = &app.budget {
                                    cmds.push(Cmd::LoadBudget {
                                        idea: b.idea.clone(),
                                    });
                                }
                            }
                            Kind::Idea if !r.exists => {
                                let title = r
                                    .form
                                    .field("title")
                                    .and_then(|f| f.value().ok())
                                    .and_then(|v| v.as_str().map(String::from))
                                    .unwrap_or_default();
                                cmds.push(Cmd::CheckSimilar {
                                    id: r.id.clone(),
                                    title,
                                });
                            }
                            _ => {}
                        }
                        return cmds;
                    }
                }
                Purpose::QuickIdea => {
                    if let Some(r) = &mut app.record {
                        let title = r
                            .form
                            .field("title")
                            .and_then(|f| f.value().ok())
                            .and_then(|v| v.as_str().map(String::from))
                            .unwrap_or_default();
                        app.status = Some((
                            Tone::Success,
                            crate::t!("Idée « {title} » notée. Suivante ?", title),
                        ));
                        let id = std::mem::replace(&mut r.id, new_id());
                        r.exists = false;
                        for f in &mut r.form.fields {
                            f.clear();
                            f.dirty = false;
                            f.error = None;
                        }
                        r.form.focus = 0;
                        return vec![Cmd::Reload, Cmd::CheckSimilar { id, title }];
                    }
                }
                Purpose::MergeUndone => return after_merge(app),
                Purpose::Review => {
                    if let Some(v) = &app.review {
                        return vec![
                            Cmd::Reload,
                            Cmd::LoadReview {
                                idea: v.review.idea.clone(),
                            },
                        ];
                    }
                }
                Purpose::Holder => {
                    if let Some(h) = &app.holders {
                        return vec![
                            Cmd::Reload,
                            Cmd::LoadHolders {
                                idea: h.idea.clone(),
                            },
                        ];
                    }
                }
                Purpose::BudgetLine => {
                    if let Some(b) = &app.budget {
                        return vec![
                            Cmd::Reload,
                            Cmd::LoadBudget {
                                idea: b.idea.clone(),
                            },
                        ];
                    }
                }
                Purpose::WalkIn => {
                    if let Some(r) = &mut app.record {
                        let name = r
                            .form
                            .values()
                            .iter()
                            .filter(|(n, _)| *n == "first_name" || *n == "last_name")
                            .filter_map(|(_, v)| v.as_str().map(String::from))
                            .collect::<Vec<_>>()
                            .join(" ");
                        let attendance = app
                            .data
                            .current_workshop
                            .as_ref()
                            .map(|(w, _)| derived_id(w, &r.id));
                        app.last_check_in = attendance.map(|a| (a, name.clone()));
                        app.last_merge = None;
                        app.status = Some((
                            Tone::Success,
                            crate::t!("{name} inscrit(e) et pointé(e). Personne suivante ?", name),
                        ));
                        // The form stays open, empty, for the next person.
                        r.id = new_id();
                        r.exists = false;
                        r.form =
                            records::walk_in(&app.reference, app.data.current_commune.as_deref());
                    }
                }
                _ => {}
            }
            vec![Cmd::Reload]
        }
    }
}

/// Before registering a new person, asks the store for known people like them.
fn look_for_look_alikes(app: &mut App) -> Vec<Cmd> {
    let Some(record) = &app.record else {
        return Vec::new();
    };
    let text = |name: &str| {
        record
            .form
            .field(name)
            .and_then(|f| f.value().ok())
            .and_then(|v| v.as_str().map(String::from))
    };
    vec![Cmd::LookAlikes(crate::store::people::NewPerson {
        first: text("first_name").unwrap_or_default(),
        last: text("last_name").unwrap_or_default(),
        email: text("email").unwrap_or_default(),
        phone: text("phone").unwrap_or_default(),
        age: text("age_bracket"),
        commune: text("commune"),
    })]
}

/// Registers the person of the open form: a walk-in with its check-in, or a full record (the
/// field just left, or the whole form closing).
fn register_new_person(app: &mut App) -> Vec<Cmd> {
    let then = app.look_alike_then.take().unwrap_or(Purpose::RecordDone);
    match app.record.as_ref().map(|r| (r.kind, r.id.clone())) {
        Some((Kind::WalkIn, _)) => save_walk_in(app),
        Some((Kind::Attendee, id)) => {
            app.look_alikes_done = Some(id);
            save_record(app, then)
        }
        _ => Vec::new(),
    }
}

fn look_alike_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let Some(Overlay::LookAlike { known, .. }) = &app.overlay else {
        return Vec::new();
    };
    let known = known.clone();
    match keys::action(Context::LookAlike, ev) {
        Some(Action::SamePerson) => {
            app.overlay = None;
            let kind = app.record.as_ref().map(|r| r.kind);
            match (kind, app.data.current_workshop.clone()) {
                (Some(Kind::WalkIn), Some((workshop, label))) => {
                    // The known person is checked in; the form is cleared for the next one.
                    let name = format!("{} {}", known.first_name, known.last_name);
                    if let Some(r) = &mut app.record {
                        r.id = new_id();
                        r.form =
                            records::walk_in(&app.reference, app.data.current_commune.as_deref());
                    }
                    if app.data.here.contains(&known.id) {
                        // Already here: nothing to write, nothing for u to undo.
                        app.last_check_in = None;
                        app.status = Some((
                            Tone::Info,
                            crate::t!(
                                "{name}, déjà connu(e) : déjà pointé(e) au comptoir du {label}.",
                                name,
                                label
                            ),
                        ));
                        return Vec::new();
                    }
                    let (id, edit) = check_in(&workshop, &known.id);
                    app.last_check_in = Some((id, name.clone()));
                    app.last_merge = None;
                    app.status = Some((
                        Tone::Success,
                        crate::t!(
                            "{name}, déjà connu(e) : pointé(e) au comptoir du {label}.",
                            name,
                            label
                        ),
                    ));
                    app.pending_saves += 1;
                    vec![Cmd::Save {
                        edits: vec![edit],
                        purpose: Purpose::CheckIn,
                    }]
                }
                _ => {
                    // The full form: open the known person's record instead.
                    app.record = None;
                    vec![Cmd::OpenRecord {
                        kind: Kind::Attendee,
                        id: known.id,
                    }]
                }
            }
        }
        Some(Action::OtherPerson) => {
            app.overlay = None;
            register_new_person(app)
        }
        Some(Action::Back) => {
            app.overlay = None;
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn duplicates_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let Some(view) = &mut app.duplicates else {
        return Vec::new();
    };
    let n = view.pairs.len();
    let action = keys::action(Context::Duplicates, ev);
    if step(&mut view.selected, n, action) {
        return Vec::new();
    }
    // A page: the pairs a screen holds (four lines each, under the title).
    let page = (usize::from(app.size.1).saturating_sub(5) / 4).max(1);
    match action {
        Some(Action::PageDown) => {
            view.selected = (view.selected + page).min(n.saturating_sub(1));
            return Vec::new();
        }
        Some(Action::PageUp) => {
            view.selected = view.selected.saturating_sub(page);
            return Vec::new();
        }
        _ => {}
    }
    match action {
        Some(Action::Help) => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Some(Action::Back) => app.duplicates = None,
        Some(a @ (Action::MergeKeepFirst | Action::MergeKeepSecond)) if n > 0 => {
            let (first, second, _) = &view.pairs[view.selected];
            let (keep, other) = if a == Action::MergeKeepFirst {
                (first, second)
            } else {
                (second, first)
            };
            // Both records side by side first; the merge waits for a yes.
            return vec![Cmd::PrepareMerge {
                keep: keep.id.clone(),
                other: other.id.clone(),
            }];
        }
        Some(Action::UndoMerge) => return undo_merge(app),
        _ => {}
    }
    Vec::new()
}

/// Two people side by side: o merges, i keeps the other record, Échap cancels.
fn merge_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let Some(Overlay::Merge(preview)) = &app.overlay else {
        return Vec::new();
    };
    let (keep, other) = (preview.keep.clone(), preview.other.clone());
    match keys::action(Context::Merge, ev) {
        Some(Action::ConfirmMerge) => {
            app.overlay = None;
            vec![Cmd::MergePeople { keep, other }]
        }
        Some(Action::SwapMerge) => vec![Cmd::PrepareMerge {
            keep: other,
            other: keep,
        }],
        Some(Action::Back) => {
            app.overlay = None;
            app.status = Some((Tone::Info, tr("Fusion annulée : rien n'a changé.").into()));
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Undoes the last merge: every field it wrote goes back to its value before.
fn undo_merge(app: &mut App) -> Vec<Cmd> {
    let Some((edits, said)) = app.last_merge.take() else {
        app.status = Some((Tone::Info, tr("Aucune fusion à annuler.").into()));
        return Vec::new();
    };
    app.status = Some((
        Tone::Success,
        crate::t!(
            "Fusion annulée ({said}) : les deux fiches sont revenues.",
            said
        ),
    ));
    app.pending_saves += 1;
    vec![Cmd::Save {
        edits,
        purpose: Purpose::MergeUndone,
    }]
}

/// After a merge or its undoing: the lists, and the duplicates if they are shown.
fn after_merge(app: &App) -> Vec<Cmd> {
    let mut cmds = vec![Cmd::Reload];
    if app.duplicates.is_some() {
        cmds.push(Cmd::LoadDuplicates);
    }
    cmds
}

fn open_filters(app: &mut App) {
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
                format!("{} · {place}", super::views::french_date(&w.date)),
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
            records::age_field("age_bracket", f.age_bracket.as_deref()),
        ],
    );
    app.editor = Some((form, Editing::Filters));
}

fn save_quick_idea(app: &mut App) -> Vec<Cmd> {
    let Some(record) = &app.record else {
        return Vec::new();
    };
    let Some((workshop, _)) = app.data.current_workshop.clone() else {
        return Vec::new();
    };
    let Some(mut idea) = record_edit(record) else {
        return Vec::new();
    };
    idea = idea.set("workshop", workshop.as_str()).set(
        "campaign",
        derived_id("campagne", &app.reference.campaign.year.to_string()),
    );
    let mut edits = vec![idea];
    let holder = record.form.field("holder");
    let person = match (holder, holder.and_then(|f| f.value().ok())) {
        // Someone new, typed « Prénom Nom »: registered and checked in, as a walk-in.
        (Some(f), Some(Value::Text(typed))) if f.is_free_text() => {
            let Some((first, last)) = typed.trim().split_once(' ') else {
                if let Some(r) = &mut app.record {
                    r.form.set_error(
                        "holder",
                        tr("tapez le prénom puis le nom, ou choisissez dans la liste.").into(),
                    );
                }
                return Vec::new();
            };
            let age = record.form.field("new_age").and_then(|f| f.value().ok());
            let id = new_id();
            edits.push(
                Edit::new(&model::ATTENDEES, &id)
                    .set("first_name", first.trim())
                    .set("last_name", last.trim())
                    .set("age_bracket", age.unwrap_or(Value::Null)),
            );
            edits.push(check_in(&workshop, &id).1);
            Some(id)
        }
        (_, Some(Value::Text(known))) => Some(known),
        _ => None,
    };
    if let Some(person) = person {
        edits.push(
            Edit::new(&model::HOLDERS, derived_id(&record.id, &person))
                .set("idea", record.id.as_str())
                .set("attendee", person)
                .set("role", HolderRole::Holder),
        );
    }
    app.pending_saves += 1;
    vec![Cmd::Save {
        edits,
        purpose: Purpose::QuickIdea,
    }]
}

fn ideas_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let selected = || {
        let d = &app.data.ideas;
        d.row(d.selected).cloned()
    };
    match keys::action(Context::Ideas, ev) {
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
                if app.data.idea_filter.archived {
                    app.status = Some((Tone::Info, tr("Cette idée est déjà archivée.").into()));
                } else {
                    app.overlay = Some(Overlay::Confirm {
                        question: crate::t!(
                            "Archiver l'idée « {title} » ? Elle disparaît des listes mais reste dans l'historique (v : voir les archives).",
                            title = i.title
                        ),
                        on_yes: OnYes::Archive {
                            id: i.id,
                            title: i.title,
                        },
                    });
                }
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

fn budget_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let Some(view) = &mut app.budget else {
        return Vec::new();
    };
    let n = view.lines.len();
    let action = keys::action(Context::Budget, ev);
    if step(&mut view.selected, n, action) {
        return Vec::new();
    }
    match action {
        Some(Action::Help) => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Some(Action::Back) => {
            app.budget = None;
            return vec![Cmd::Reload];
        }
        Some(Action::New) => {
            let idea = view.idea.clone();
            open_new(app, Kind::BudgetLine, records::budget_line(None));
            if let Some(r) = &mut app.record {
                r.extra.push(("idea", Value::text(idea)));
            }
        }
        Some(Action::Open) if n > 0 => {
            return vec![Cmd::OpenRecord {
                kind: Kind::BudgetLine,
                id: view.lines[view.selected].id.clone(),
            }];
        }
        Some(Action::Remove) if n > 0 => {
            let line = view.lines[view.selected].id.clone();
            app.status = Some((
                Tone::Success,
                tr("Ligne retirée (elle reste dans l'historique).").into(),
            ));
            app.pending_saves += 1;
            return vec![Cmd::Save {
                edits: vec![Edit::new(&model::BUDGET_LINES, line).set("removed", true)],
                purpose: Purpose::BudgetLine,
            }];
        }
        _ => {}
    }
    Vec::new()
}

fn history_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let Some(view) = &mut app.history else {
        return Vec::new();
    };
    let last = view.entries.len().saturating_sub(1);
    match keys::action(Context::History, ev) {
        Some(Action::Up) => view.scroll = view.scroll.saturating_sub(1),
        Some(Action::Down) => view.scroll = (view.scroll + 1).min(last),
        Some(Action::PageUp) => view.scroll = view.scroll.saturating_sub(10),
        Some(Action::PageDown) => view.scroll = (view.scroll + 10).min(last),
        Some(Action::Back) => app.history = None,
        _ => {}
    }
    Vec::new()
}

fn holders_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let Some(view) = &mut app.holders else {
        return Vec::new();
    };
    let n = view.holders.len();
    let action = keys::action(Context::Holders, ev);
    if step(&mut view.selected, n, action) {
        return Vec::new();
    }
    match action {
        Some(Action::Help) => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Some(Action::Back) => {
            app.holders = None;
            return vec![Cmd::Reload];
        }
        Some(Action::New) => {
            let source = records::people_completer(app.holder_candidates.clone());
            let field = Field::completion("person", tr("Personne"), source, None).required();
            app.editor = Some((
                Form::new(tr("Ajouter un porteur"), vec![field]),
                Editing::AddHolder,
            ));
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

fn open_idea_filters(app: &mut App) {
    use crate::domain::maturity::Level;
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
                format!("{} · {}", super::views::french_date(&w.date), w.territory),
            )
        })
        .collect();
    let themes = app
        .reference
        .themes
        .iter()
        .map(|t| (t.code.clone(), t.label().to_string()))
        .collect();
    let levels = Level::ALL
        .iter()
        .map(|l| (l.short().to_string(), l.label().to_string()))
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
            Field::choice("level", tr("Niveau"), levels, f.level.map(|l| l.short())),
            Field::choice("sort", tr("Trier par"), sorts, sort),
        ],
    );
    app.editor = Some((form, Editing::IdeaFilters));
}

fn review_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    use crate::domain::codes::Recommendation;
    let Some(view) = &mut app.review else {
        return Vec::new();
    };
    let n = view.review.verdicts.len();
    let idea = view.review.idea.clone();
    let action = keys::action(Context::Review, ev);
    if step(&mut view.selected, n, action) {
        return Vec::new();
    }
    match action {
        Some(a @ (Action::PrevScreen | Action::NextScreen)) => {
            // The next or previous idea of the list, reviewed in turn.
            let d = &mut app.data.ideas;
            let next = if a == Action::NextScreen {
                (d.selected + 1).min(d.total.saturating_sub(1))
            } else {
                d.selected.saturating_sub(1)
            };
            d.selected = next;
            let mut cmds = follow_selection(app);
            if let Some(row) = app.data.ideas.row(next) {
                cmds.push(Cmd::LoadReview {
                    idea: row.id.clone(),
                });
            }
            return cmds;
        }
        Some(Action::Help) => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Some(Action::Back) => {
            app.review = None;
            return vec![Cmd::Reload];
        }
        Some(Action::Tick) if n > 0 => {
            let v = &view.review.verdicts[view.selected];
            if v.computed {
                app.status = Some((
                    Tone::Info,
                    tr("Ce critère se calcule à partir des fiches : Entrée pour aller corriger.")
                        .into(),
                ));
                return Vec::new();
            }
            app.pending_saves += 1;
            return vec![Cmd::Save {
                edits: vec![
                    Edit::new(
                        &model::CRITERION_CHECKS,
                        crate::store::review::check_id(&idea, &v.code),
                    )
                    .set("idea", idea.as_str())
                    .set("criterion", v.code.as_str())
                    .set("met", !v.met),
                ],
                purpose: Purpose::Review,
            }];
        }
        Some(Action::Comment) if n > 0 => {
            let v = &view.review.verdicts[view.selected];
            if !v.computed {
                let current = view
                    .review
                    .comments
                    .iter()
                    .find(|(c, _)| *c == v.code)
                    .map(|(_, t)| t.clone())
                    .unwrap_or_default();
                let field = Field::line("comment", tr("Commentaire"), &current);
                app.editor = Some((
                    Form::new(v.label.clone(), vec![field]),
                    Editing::CriterionComment(v.code.clone()),
                ));
            }
        }
        Some(Action::Recommend) => {
            let r = &view.review;
            let form = Form::new(
                tr("Recommandation de l'animateur"),
                vec![
                    Field::choice(
                        "recommendation",
                        tr("Recommandation"),
                        crate::strings::choices::<Recommendation>(),
                        r.recommendation.map(Recommendation::code),
                    ),
                    Field::multi(
                        "comment",
                        tr("Commentaire"),
                        r.comment.as_deref().unwrap_or(""),
                        3,
                    ),
                ],
            );
            app.editor = Some((form, Editing::Recommendation));
        }
        Some(Action::Decide) => {
            let r = &view.review;
            let today = chrono::Local::now().format("%Y-%m-%d").to_string();
            let form = Form::new(
                tr("Décision du comité de labellisation"),
                vec![
                    Field::choice(
                        "decision",
                        tr("Décision"),
                        crate::strings::choices::<Decision>(),
                        r.decision.map(Decision::code),
                    )
                    .required(),
                    Field::multi(
                        "decision_reason",
                        tr("Motif"),
                        r.decision_reason.as_deref().unwrap_or(""),
                        3,
                    )
                    .required(),
                    Field::date(
                        "decision_date",
                        tr("Date"),
                        Some(r.decision_date.as_deref().unwrap_or(&today)),
                    )
                    .required(),
                ],
            );
            app.editor = Some((form, Editing::Decision));
        }
        Some(Action::ProjectSheet) => return vec![Cmd::ProjectSheet { idea }],
        Some(Action::Open) if n > 0 => {
            // Jump to what fixes the selected criterion.
            let code = view.review.verdicts[view.selected].code.clone();
            let rule = app
                .reference
                .criteria
                .iter()
                .find(|c| c.code == code)
                .and_then(|c| c.rule.clone())
                .unwrap_or_default();
            app.review = None;
            return match (rule.as_str(), Rule::from_code(&rule)) {
                (_, Some(Rule::BalancedBudget | Rule::AmountInRange)) => {
                    vec![Cmd::LoadBudget { idea }]
                }
                (_, Some(Rule::HolderReachable | Rule::WorkshopAttended)) => {
                    vec![Cmd::LoadHolders { idea }]
                }
                ("", _) => {
                    app.status = Some((
                        Tone::Info,
                        tr("Critère de l'animateur : Espace pour le cocher.").into(),
                    ));
                    vec![Cmd::LoadReview { idea }]
                }
                (_, other) => {
                    app.focus_on_open = Some(match other {
                        Some(Rule::InPasDeCalais) => "commune",
                        Some(Rule::Partners) => "partners",
                        Some(Rule::AgeFrame) => "referent",
                        _ => "summary",
                    });
                    vec![Cmd::OpenIdea { id: idea }]
                }
            };
        }
        _ => {}
    }
    Vec::new()
}

/// A person's presence at a workshop, now: its id (the same on every laptop for this person
/// and workshop, so checking in twice is one presence) and the edit.
fn check_in(workshop: &str, person: &str) -> (String, Edit) {
    let id = derived_id(workshop, person);
    let edit = Edit::new(&ATTENDANCE, &id)
        .set("workshop", workshop)
        .set("attendee", person)
        .set("checked_in", chrono::Utc::now().timestamp_millis())
        .set("removed", false);
    (id, edit)
}

/// ↑ and ↓ in a list of `len` items: moves `selected` and says whether the key was that.
fn step(selected: &mut usize, len: usize, action: Option<Action>) -> bool {
    match action {
        Some(Action::Up) => *selected = selected.saturating_sub(1),
        Some(Action::Down) => *selected = (*selected + 1).min(len.saturating_sub(1)),
        _ => return false,
    }
    true
}
