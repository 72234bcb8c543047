//! Comptoirs: the workshops, the current one, its attendance sheet.

use crate::i18n::tr;
use crossterm::event::KeyEvent;

use crate::tui::app::{App, Tone};
use crate::tui::keys::{self, Action, Context};
use crate::tui::lists::{list_key, selected_id};
use crate::tui::msg::Cmd;

pub(crate) fn workshops_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
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
