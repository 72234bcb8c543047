//! The first-run questions: who facilitates, on which laptop, in which territory.

use crate::domain::model::DEVICES;
use crate::i18n::tr;
use crate::store::Edit;
use crate::tui::app::{App, OnYes, Popup, Tone};
use crate::tui::form::{Field, Form, Outcome};
use crate::tui::keys::{self, Action, Context};
use crate::tui::layers::{Layer, LayerKind};
use crate::tui::layout;
use crate::tui::msg::{Cmd, Purpose};
use crossterm::event::{KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The first-run questions.
pub(crate) fn setup_form(app: &App) -> Form {
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

pub(crate) fn setup_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let Some(form) = app.layers.setup_mut() else {
        return Vec::new();
    };
    let outcome = form.handle_key(ev);
    if outcome == Outcome::Ignored && keys::action(Context::Form, ev) == Some(Action::Help) {
        app.layers.open(Layer::Popup(Popup::Help { scroll: 0 }));
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

pub(crate) fn device_edit(app: &App, form: &Form) -> Edit {
    let id = app.data.device_id.clone();
    let mut edit = Edit::new(&DEVICES, id);
    for (name, value) in form.values() {
        if let Some(f) = DEVICES.field(name) {
            edit = edit.set(f.name, value);
        }
    }
    edit
}

pub(crate) fn setup_outcome(app: &mut App, outcome: Outcome) -> Vec<Cmd> {
    let Some(form) = app.layers.setup_mut() else {
        return Vec::new();
    };
    match outcome {
        Outcome::Used | Outcome::Ignored => Vec::new(),
        // A new record is saved as soon as its required fields are valid.
        Outcome::Left(_) if form.fields.iter().all(|f| f.value().is_ok()) => {
            let edit = device_edit(app, app.layers.setup().expect("checked above"));
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
            let edit = device_edit(app, app.layers.setup().expect("checked above"));
            app.pending_saves += 1;
            vec![Cmd::Save {
                edits: vec![edit],
                purpose: Purpose::SetupDone,
            }]
        }
        Outcome::Cancel => {
            app.layers.open(Layer::Popup(Popup::Confirm {
                question: tr("Abandonner la saisie ? comptoir se fermera sans rien enregistrer.")
                    .into(),
                on_yes: OnYes::Quit,
            }));
            Vec::new()
        }
    }
}

pub fn draw(app: &App, form: &Form, frame: &mut Frame, body: Rect) {
    let t = &app.theme;
    let intro = vec![
        Line::from(Span::styled(tr("Bienvenue dans comptoir"), t.title())),
        Line::raw(""),
        Line::raw(tr(
            "Trois questions pour présenter cet ordinateur ; elles accompagneront",
        )),
        Line::raw(tr(
            "chaque saisie lors des synchronisations. Les champs * sont obligatoires.",
        )),
    ];
    let area = layout::setup_form(body);
    frame.render_widget(
        Paragraph::new(intro),
        Rect::new(area.x, body.y + 1, area.width, 4),
    );
    form.render(frame, area, t);
}

/// A save of the first-run form came back: the next question, or welcome.
pub(crate) fn setup_saved(
    app: &mut App,
    purpose: Purpose,
    result: Result<usize, crate::tui::msg::SaveError>,
) -> Vec<Cmd> {
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
