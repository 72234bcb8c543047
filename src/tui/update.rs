//! `update`: the only place the interface's state changes. It takes a message and returns the
//! commands for the store.

use crossterm::event::{KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::app::{App, ConflictsView, Editing, ListKind, ListView, OnYes, Overlay, Screen, Tone};
use super::form::{Field, Form, Outcome};
use super::keys::{self, Action, Context};
use super::layout;
use super::msg::{Cmd, Msg, Purpose};
use crate::domain::model::{DEVICES, Kind, Value};
use crate::store::Edit;

/// How many rows one window read brings.
pub const WINDOW: usize = 200;

pub fn update(app: &mut App, msg: Msg) -> Vec<Cmd> {
    match msg {
        Msg::Key(ev) => key(app, ev),
        Msg::Paste(text) => {
            if let Some(form) = &mut app.setup {
                form.paste(&text);
            } else if let Some((form, _)) = &mut app.editor {
                form.paste(&text);
            }
            Vec::new()
        }
        Msg::Mouse(ev) => mouse(app, ev),
        Msg::Resize(w, h) => {
            app.size = (w, h);
            follow_selection(app)
        }
        Msg::Loaded(data) => {
            let first_run = data.device.is_none();
            let keep = std::mem::take(&mut app.data);
            app.data = *data;
            // Keep each list's position across reloads.
            restore_position(&mut app.data.workshops, &keep.workshops);
            restore_position(&mut app.data.attendees, &keep.attendees);
            restore_position(&mut app.data.ideas, &keep.ideas);
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
                    let brief = format!(
                        "Synchronisé : {} envoyée(s), {} reçue(s)",
                        report.sent, report.received
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
                "Conflit réglé : la valeur retenue ira à tous les ordinateurs.".into(),
            ));
            vec![Cmd::LoadConflicts, Cmd::Reload]
        }
        Msg::Settled(Err(e)) => {
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

fn restore_position<R>(list: &mut ListView<R>, old: &ListView<R>) {
    list.selected = old.selected.min(list.total.saturating_sub(1));
    list.top = old.top.min(list.selected);
}

fn take_window<R>(list: &mut ListView<R>, window: ListView<R>) {
    list.total = window.total;
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
            let on_yes = *on_yes;
            match keys::action(Context::Confirm, &ev) {
                Some(Action::Yes) => {
                    app.overlay = None;
                    match on_yes {
                        OnYes::Quit => app.quit = true,
                    }
                }
                Some(Action::No) => app.overlay = None,
                _ => {}
            }
            Vec::new()
        }
        Context::Form if app.setup.is_some() => setup_key(app, &ev),
        Context::Form => editor_key(app, &ev),
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
        Action::Open | Action::New | Action::Search => {
            let what = match action {
                Action::Open => "L'ouverture d'une fiche",
                Action::New => "La création d'une fiche",
                _ => "La recherche",
            };
            app.status = Some((
                Tone::Info,
                format!("{what} arrive dans la prochaine version."),
            ));
        }
        _ => {}
    }
    Vec::new()
}

fn go_to(app: &mut App, screen: Screen) -> Vec<Cmd> {
    app.screen = screen;
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
        "Premier lancement",
        vec![
            Field::line("facilitator", "Votre nom", "").required(),
            Field::line("label", "Nom de cet ordinateur", "").required(),
            Field::choice("territory", "Territoire par défaut", territories, None),
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
                app.status = Some((Tone::Warning, "Complétez les champs marqués ✗.".into()));
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
                question: "Abandonner la saisie ? comptoir se fermera sans rien enregistrer."
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
                app.status = Some((Tone::Success, format!("Bienvenue, {name} !")));
            } else {
                app.status = Some((Tone::Success, "Enregistré.".into()));
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
                app.status = Some((Tone::Info, "Une synchronisation est déjà en cours.".into()));
                return Vec::new();
            }
            let Some(target) = app.data.sync_target.clone() else {
                app.status = Some((
                    Tone::Info,
                    "Choisissez d'abord le fichier ou le dossier partagé.".into(),
                ));
                open_target_editor(app);
                return Vec::new();
            };
            app.sync.running = Some(("Préparation".into(), 0.0));
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
    let mut field = Field::path("target", "Fichier ou dossier partagé", complete, "");
    match &app.data.sync_target {
        Some(current) => field.placeholder(current),
        None => {
            field = field.required();
            field.placeholder("par exemple /media/cle/budget-citoyen.sqlite");
        }
    }
    app.editor = Some((
        Form::new("Cible de synchronisation", vec![field]),
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
    match keys::action(Context::Conflicts, ev) {
        Some(Action::Help) => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Some(Action::Up) => view.selected = view.selected.saturating_sub(1),
        Some(Action::Down) => view.selected = (view.selected + 1).min(n.saturating_sub(1)),
        Some(Action::Back) => app.conflicts = None,
        Some(Action::KeepShown | Action::TakeOther) if n > 0 => {
            let c = &view.rows[view.selected];
            let text = if keys::action(Context::Conflicts, ev) == Some(Action::KeepShown) {
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
                Some(Kind::Money) => Field::amount(
                    "value",
                    label,
                    c.shown.as_deref().and_then(|v| v.parse().ok()),
                ),
                Some(Kind::Text) => {
                    Field::multi("value", label, c.shown.as_deref().unwrap_or(""), 4)
                }
                _ => Field::line("value", label, c.shown.as_deref().unwrap_or("")),
            };
            app.editor = Some((
                Form::new("Nouvelle valeur", vec![field]),
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
        .ok_or_else(|| "Champ inconnu.".to_string())?;
    Ok(match (kind, text) {
        (_, None) => Value::Null,
        (Kind::Int | Kind::Money | Kind::Bool | Kind::SetOnce, Some(t)) => Value::Int(
            t.trim()
                .parse()
                .map_err(|_| format!("« {t} » n'est pas un nombre."))?,
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
