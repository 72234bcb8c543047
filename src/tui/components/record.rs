//! A record form on the whole body (a workshop, a person, a walk-in, an idea, a budget line):
//! its keys, saving a field when it is left, saving and closing, and what the save said.

use crate::domain::age::AgeBracket;
use crate::domain::codes::{BudgetKind, Code};
use crate::domain::model::{ATTENDEES, BUDGET_LINES, IDEAS, Table, Value, WORKSHOPS};
use crate::i18n::tr;
use crate::store::{Edit, derived_id};
use crate::tui::app::{App, OnYes, Popup, Tone};
use crate::tui::form::{Field, Form, Outcome};
use crate::tui::keys::{self, Action, Context};
use crate::tui::layers::{Layer, LayerKind};
use crate::tui::msg::{Cmd, Purpose, SaveError};
use crate::tui::screens::attendees::duplicates::after_merge;
use crate::tui::screens::attendees::walk_in::{check_in, look_for_look_alikes, select_new_person};
use crate::tui::screens::ideas::quick::save_quick_idea;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::collections::BTreeMap;

/// Which form is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Workshop,
    Attendee,
    /// The walk-in fast path: four fields, saved with a check-in, then cleared.
    WalkIn,
    Idea,
    /// The quick capture: three fields, saved into the current workshop, then cleared.
    QuickIdea,
    BudgetLine,
}

impl Kind {
    pub fn table(self) -> &'static Table {
        match self {
            Kind::Workshop => &WORKSHOPS,
            Kind::Attendee | Kind::WalkIn => &ATTENDEES,
            Kind::Idea | Kind::QuickIdea => &IDEAS,
            Kind::BudgetLine => &BUDGET_LINES,
        }
    }
}

/// An open record form. A new record's id is made when the form opens; `exists` tells whether
/// it has been saved yet.
pub struct Record {
    pub kind: Kind,
    pub id: String,
    pub exists: bool,
    pub form: Form,
    /// Fields set on creation that the form does not show (the idea of a budget line).
    pub extra: Vec<(&'static str, Value)>,
    /// For an existing record, the clock of each value the form showed when opened.
    pub seen: crate::store::Seen,
}

pub type Row = BTreeMap<&'static str, Value>;

pub(crate) fn open_new(app: &mut App, kind: Kind, form: Form) {
    // What the bar said of the form before (a refused save) is not about this one.
    if matches!(app.status, Some((Tone::Error | Tone::Warning, _))) {
        app.status = None;
    }
    app.layers.open(Layer::Record(Record {
        kind,
        id: app.env.new_id(),
        exists: false,
        form,
        extra: Vec::new(),
        seen: Default::default(),
    }));
}

pub(crate) fn record_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let Some(record) = app.layers.record_mut() else {
        return Vec::new();
    };
    let outcome = record.form.handle_key(ev);
    crate::tui::components::record::apply_rules(record.kind, &mut record.form, &app.env.today());
    match outcome {
        Outcome::Used => Vec::new(),
        Outcome::Ignored => {
            match keys::action(Context::Form, ev) {
                Some(Action::Help) => app.layers.open(Layer::Popup(Popup::Help { scroll: 0 })),
                Some(Action::ContactStep) if record.kind == Kind::WalkIn => {
                    crate::tui::screens::attendees::form::add_contact_step(
                        &mut record.form,
                        &app.env.today(),
                    );
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
                app.layers.close(LayerKind::Record);
                let mut cmds = vec![Cmd::Reload];
                cmds.extend(select_new_person(app, &id));
                return cmds;
            }
            save_record(app, Purpose::RecordDone)
        }
        Outcome::Cancel => {
            // What the person typed or picked, not the values given by default (a new
            // workshop's date, a budget line's kind).
            let typed = record
                .form
                .fields
                .iter()
                .any(|f| f.dirty && !f.is_untouched());
            if !record.exists && typed {
                app.layers.open(Layer::Popup(Popup::Confirm {
                    question: tr("Abandonner la saisie ? Rien n'a encore été enregistré.").into(),
                    on_yes: OnYes::DropRecord,
                }));
            } else if record.exists && record.form.is_dirty() {
                // Leaving saves what was typed, as leaving a field does.
                let cmds = save_record(app, Purpose::RecordDone);
                return cmds;
            } else {
                let id = record.id.clone();
                app.layers.close(LayerKind::Record);
                let mut cmds = vec![Cmd::Reload];
                cmds.extend(select_new_person(app, &id));
                return cmds;
            }
            Vec::new()
        }
    }
}

/// The edit that saves a record form: every field of a new record, the changed ones of an
/// existing record. `None` while a new record lacks a required field or a value is unreadable.
pub(crate) fn record_edit(record: &Record) -> Option<Edit> {
    let table = record.kind.table();
    let mut edit = Edit::new(table, &record.id);
    for f in &record.form.fields {
        let value = crate::tui::components::record::to_model(record.kind, f.name, f.value().ok()?);
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

pub(crate) fn save_record(app: &mut App, purpose: Purpose) -> Vec<Cmd> {
    let Some(record) = app.layers.record() else {
        return Vec::new();
    };
    let Some(edit) = record_edit(record) else {
        return Vec::new();
    };
    if edit.fields.is_empty() {
        if purpose == Purpose::RecordDone {
            app.layers.close(LayerKind::Record);
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
            edits.push(check_in(workshop, &record.id, app.env.now_ms()).1);
        }
    }
    app.pending_saves += 1;
    vec![Cmd::Save { edits, purpose }]
}

pub(crate) fn record_saved(
    app: &mut App,
    purpose: Purpose,
    result: Result<usize, SaveError>,
) -> Vec<Cmd> {
    match result {
        Err(e) => {
            let mut said = false;
            if let (Some(record), Some((field, message))) =
                (app.layers.record_mut(), e.field.clone())
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
                    if let Some(r) = app.layers.record_mut() {
                        r.exists = true;
                        r.form.mark_saved();
                    }
                    app.status = Some((Tone::Success, tr("Enregistré.").into()));
                }
                Purpose::RecordDone => {
                    let closed = app.layers.take_record();
                    app.status = Some((Tone::Success, tr("Fiche enregistrée.").into()));
                    if let Some(r) = closed {
                        let mut cmds = vec![Cmd::Reload];
                        cmds.extend(select_new_person(app, &r.id));
                        match r.kind {
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
                    if let Some(r) = app.layers.record_mut() {
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
                        let id = std::mem::replace(&mut r.id, app.env.new_id());
                        r.exists = false;
                        for f in &mut r.form.fields {
                            f.clear();
                            f.dirty = false;
                            f.error = None;
                        }
                        crate::tui::screens::ideas::form::shrink_quick_holders(&mut r.form);
                        crate::tui::components::record::apply_rules(
                            Kind::QuickIdea,
                            &mut r.form,
                            "",
                        );
                        return vec![Cmd::Reload, Cmd::CheckSimilar { id, title }];
                    }
                }
                Purpose::MergeUndone => return after_merge(app),
                // A review, the holders or a budget under the form are read again by
                // `update` after every acknowledged write (`Layers::reloads`).
                Purpose::WalkIn => {
                    if let Some(r) = app.layers.record_mut() {
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
                    }
                    crate::tui::screens::attendees::walk_in::next_walk_in(app);
                }
                _ => {}
            }
            vec![Cmd::Reload]
        }
    }
}

pub fn draw(app: &App, record: &Record, frame: &mut Frame, body: Rect) {
    let t = &app.theme;
    let state = if record.exists {
        tr("enregistré à chaque champ quitté")
    } else {
        tr("pas encore enregistré")
    };
    let mut title = vec![
        Span::styled(record.form.title.clone(), t.title()),
        Span::styled(format!("  ({state})"), t.muted()),
    ];
    let to = match record.kind {
        Kind::WalkIn => app
            .data
            .current_workshop
            .as_ref()
            .map(|(_, label)| crate::t!("  → comptoir du {label}", label)),
        // The quick capture says where its ideas go in its title.
        Kind::QuickIdea => Some(String::new()),
        _ => None,
    };
    if let Some(to) = to {
        title = vec![
            Span::styled(record.form.title.clone(), t.title()),
            Span::styled(to, t.muted()),
        ];
    }
    frame.render_widget(
        Paragraph::new(Line::from(title)),
        Rect::new(body.x + 1, body.y, body.width.saturating_sub(2), 1),
    );
    let hint = match record.kind {
        Kind::WalkIn if record.form.field("email").is_none() => {
            tr("Entrée à la fin : inscrire et pointer. Ctrl+E : e-mail, téléphone, accord.")
        }
        Kind::WalkIn => tr("Entrée sur le dernier champ : inscrire, pointer, personne suivante."),
        Kind::QuickIdea => {
            tr("Entrée sur le résumé : noter l'idée. Tab après le résumé : des co-porteurs.")
        }
        _ => tr("Chaque champ est enregistré dès qu'on le quitte. Échap : revenir."),
    };
    // In a long text, Entrée goes on: the key for a new line is said where it is needed.
    let focused = record.form.fields.get(record.form.focus);
    let hint = if focused.is_some_and(|f| matches!(f.input, crate::tui::form::Input::Multi { .. }))
    {
        tr("Texte long : Alt+Entrée ou Ctrl+J va à la ligne ; Entrée, au champ suivant.")
    } else {
        hint
    };
    frame.render_widget(
        Paragraph::new(Span::styled(hint, t.muted())),
        Rect::new(body.x + 1, body.y + 1, body.width.saturating_sub(2), 1),
    );
    let area = Rect::new(
        body.x + 1,
        body.y + 3,
        body.width.saturating_sub(2),
        body.height.saturating_sub(3),
    );
    record.form.render(frame, area, t);
}

/// Makes fields follow each other: contact details only with consent (and say so), a parent's
/// consent only under 15, the consent's date filled in when it is given. `today` is
/// `AAAA-MM-JJ`.
pub fn apply_rules(kind: Kind, form: &mut Form, today: &str) {
    if kind == Kind::QuickIdea {
        crate::tui::screens::ideas::form::grow_quick_holders(form);
        // A holder typed but not found is a new person: their age bracket is asked.
        for (holder, age) in crate::tui::screens::ideas::form::QUICK_HOLDERS {
            let new_person = form.field(holder).is_some_and(Field::is_free_text);
            if let Some(f) = form.field_mut(age) {
                f.set_disabled(!new_person, Some(tr("pour une personne nouvelle")));
                f.required = new_person;
            }
        }
        return;
    }
    if kind == Kind::BudgetLine {
        // A funding source only for income.
        let income = form
            .field("kind")
            .is_some_and(|f| f.value() == Ok(Value::text(BudgetKind::Income.code())));
        if let Some(f) = form.field_mut("source") {
            f.set_disabled(!income, Some(tr("pour les recettes")));
        }
        return;
    }
    if kind == Kind::WalkIn {
        // The optional contact step: a parent's consent only under 15.
        let under_15 = form
            .field("age_bracket")
            .is_some_and(|f| f.value() == Ok(Value::text(AgeBracket::From11To14.code())));
        if let Some(f) = form.field_mut("parent_consent") {
            f.set_disabled(!under_15, Some(tr("pour les moins de 15 ans")));
        }
        return;
    }
    if kind != Kind::Attendee {
        return;
    }
    let consent = form
        .field("consent")
        .is_some_and(|f| f.value() == Ok(Value::Int(1)));
    let under_15 = form
        .field("age_bracket")
        .is_some_and(|f| f.value() == Ok(Value::text(AgeBracket::From11To14.code())));
    for name in ["email", "phone", "consent_date"] {
        if let Some(f) = form.field_mut(name) {
            f.set_disabled(!consent, Some(tr("gardé seulement avec son accord")));
        }
    }
    if let Some(f) = form.field_mut("parent_consent") {
        f.set_disabled(!under_15, Some(tr("pour les moins de 15 ans")));
    }
    if consent
        && !today.is_empty()
        && let Some(f) = form.field_mut("consent_date")
        && f.is_blank()
    {
        let shown = chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d")
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default();
        f.set_text(&shown);
    }
}

/// A form value as the model stores it: partners typed with commas become a list.
pub fn to_model(kind: Kind, field: &str, value: Value) -> Value {
    match (kind, field, &value) {
        (Kind::Idea, "partners", Value::Text(t)) => {
            let items: Vec<&str> = t
                .split([',', ';'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            if items.is_empty() {
                Value::Null
            } else {
                Value::Text(serde_json::to_string(&items).unwrap_or_default())
            }
        }
        _ => value,
    }
}

/// `Msg::RecordLoaded`: what the store read, shown.
pub(crate) fn record_loaded(
    app: &mut App,
    kind: Kind,
    id: String,
    row: Option<Row>,
    seen: crate::store::Seen,
) -> Vec<Cmd> {
    let Some(row) = row else {
        app.status = Some((Tone::Error, tr("Cette fiche n'existe plus.").into()));
        return Vec::new();
    };
    let form = match kind {
        Kind::Workshop => {
            crate::tui::screens::workshops::form::workshop(&app.reference, Some(&row), None, "")
        }
        Kind::BudgetLine => crate::tui::screens::ideas::form::budget_line(Some(&row)),
        _ => crate::tui::screens::attendees::form::attendee(&app.reference, Some(&row)),
    };
    let mut form = form;
    // A jump to what fixes something (a holder's contact details) lands on that field, or
    // on the consent that opens it.
    if let Some(field) = app.focus_on_open.take()
        && let Some(i) = [field, "consent"].iter().find_map(|name| {
            form.fields
                .iter()
                .position(|f| f.name == *name && !f.disabled)
        })
    {
        form.focus = i;
    }
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
