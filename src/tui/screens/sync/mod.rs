//! Synchronisation: the shared file or folder, what a sync would move, the sync itself.

pub mod conflicts;

use crate::i18n::tr;
use crate::tui::app::{App, ConflictsView, Editing, Tone};
use crate::tui::form::{Field, Form};
use crate::tui::keys::{self, Action, Context};
use crate::tui::layers::Layer;
use crate::tui::lists::list_key;
use crate::tui::msg::Cmd;
use crossterm::event::KeyEvent;

pub(crate) fn sync_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
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
            app.layers.open(Layer::Conflicts(ConflictsView::default()));
            vec![Cmd::LoadConflicts]
        }
        _ => list_key(app, ev),
    }
}

pub(crate) fn open_target_editor(app: &mut App) {
    let complete: crate::tui::form::Completer = app.env.path_completer(&["sqlite"]);
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
    app.layers.open(Layer::Editor((
        Form::new(tr("Cible de synchronisation"), vec![field]),
        Editing::SyncTarget,
    )));
}

/// The shared file or folder typed in the editor: remembered, and what a sync would move
/// is shown.
pub(crate) fn target_chosen(app: &mut App, typed: Option<String>) -> Vec<Cmd> {
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
