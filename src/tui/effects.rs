//! Carries out `update`'s commands on the store and turns the answers into messages. This is
//! the interface's only door to the database; it calls store functions and runs no SQL.

use super::app::{Data, ListKind, ListView};
use super::msg::{Cmd, Msg, SaveError};
use super::update::WINDOW;
use crate::store::{Store, WriteError};

pub fn run(store: &mut Store, cmd: Cmd, current: &Data) -> Msg {
    match cmd {
        Cmd::Reload => match load(store, current) {
            Ok(data) => Msg::Loaded(Box::new(data)),
            Err(e) => Msg::LoadFailed(format!("Lecture de la base impossible : {e}")),
        },
        Cmd::LoadWindow { list, offset } => match window(store, list, offset) {
            Ok(data) => Msg::Window(list, Box::new(data)),
            Err(e) => Msg::LoadFailed(format!("Lecture de la base impossible : {e}")),
        },
        Cmd::Save { edits, purpose } => {
            let result = store.write(&edits).map(|w| w.changes).map_err(|e| {
                let field = match &e {
                    WriteError::Invalid { field, message, .. } => Some((*field, message.clone())),
                    _ => None,
                };
                SaveError {
                    field,
                    message: e.to_string(),
                }
            });
            Msg::Saved { purpose, result }
        }
    }
}

/// Reads what every screen shows; each list from the offset it is at now.
pub fn load(store: &Store, current: &Data) -> anyhow::Result<Data> {
    let offset_of = |o: usize, top: usize| {
        if top >= o {
            o
        } else {
            top.saturating_sub(WINDOW / 4)
        }
    };
    let w = offset_of(current.workshops.offset, current.workshops.top);
    let a = offset_of(current.attendees.offset, current.attendees.top);
    let i = offset_of(current.ideas.offset, current.ideas.top);
    let counts = store.counts()?;
    Ok(Data {
        levels: store.level_counts()?,
        device: store.device()?,
        last_sync: store.last_sync()?,
        sync_target: store.setting("sync_target")?,
        device_id: store.device_id(),
        site_short: store.site().short(),
        db_path: store
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        workshops: ListView {
            total: counts.workshops as usize,
            offset: w,
            rows: store.workshops(w, WINDOW)?,
            ..ListView::default()
        },
        attendees: ListView {
            total: counts.attendees as usize,
            offset: a,
            rows: store.attendees(a, WINDOW)?,
            ..ListView::default()
        },
        ideas: ListView {
            total: counts.ideas as usize,
            offset: i,
            rows: store.ideas(i, WINDOW)?,
            ..ListView::default()
        },
        counts,
    })
}

fn window(store: &Store, list: ListKind, offset: usize) -> anyhow::Result<Data> {
    let mut data = Data::default();
    match list {
        ListKind::Workshops => {
            data.workshops = ListView {
                total: store.workshop_count()? as usize,
                offset,
                rows: store.workshops(offset, WINDOW)?,
                ..ListView::default()
            }
        }
        ListKind::Attendees => {
            data.attendees = ListView {
                total: store.attendee_count()? as usize,
                offset,
                rows: store.attendees(offset, WINDOW)?,
                ..ListView::default()
            }
        }
        ListKind::Ideas => {
            data.ideas = ListView {
                total: store.idea_count()? as usize,
                offset,
                rows: store.ideas(offset, WINDOW)?,
                ..ListView::default()
            }
        }
    }
    Ok(data)
}
