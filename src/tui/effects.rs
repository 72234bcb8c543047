//! Carries out `update`'s commands on the store and turns the answers into messages. This is
//! the interface's only door to the database; it calls store functions and runs no SQL.

use super::app::{Data, ListKind, ListView, WINDOW};
use super::msg::{Cmd, Msg, SaveError};
use crate::store::ideas::IdeaFilter;
use crate::store::queries::{AttendeeRow, IdeaRow, PeopleFilter, WorkshopRow};
use crate::store::{Store, WriteError};

pub fn run(store: &mut Store, cmd: Cmd, current: &Data) -> Msg {
    match cmd {
        Cmd::Reload => match load(store, current) {
            Ok(data) => Msg::Loaded(Box::new(data)),
            Err(e) => Msg::LoadFailed(crate::t!("Lecture de la base impossible : {e}", e)),
        },
        Cmd::LoadWindow { list, offset } => match window(store, list, offset, current) {
            Ok(data) => Msg::Window(list, Box::new(data)),
            Err(e) => Msg::LoadFailed(crate::t!("Lecture de la base impossible : {e}", e)),
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
        Cmd::SetSetting { key, value } => match store.set_setting(key, &value) {
            Ok(()) => run(store, Cmd::Reload, current),
            Err(e) => Msg::LoadFailed(crate::strings::user_error(&e)),
        },
        Cmd::Sync { target, phrase } => {
            if let Some(p) = phrase {
                store.use_phrase(p);
            }
            let mut last = None;
            sync_worker(store, &target, &mut |msg| last = Some(msg));
            last.unwrap_or(Msg::SyncDone(Err(String::new())))
        }
        Cmd::Preview { target, phrase } => {
            if let Some(p) = phrase {
                store.use_phrase(p);
            }
            let report = crate::sync::sync(store, &expand(&target), true, &mut |_, _| {});
            phrase_needed(&report, false).unwrap_or_else(|| {
                Msg::Previewed(
                    report
                        .map(|r| (r.sent, r.received))
                        .map_err(|e| crate::strings::user_error(&e)),
                )
            })
        }
        Cmd::AttendanceSheet { workshop } => {
            let path = crate::export::sheet_path(store, &workshop);
            Msg::Done(
                crate::export::attendance_sheet(store, &workshop, &path)
                    .map(|n| {
                        crate::t!(
                            "Feuille d'émargement ({n} personne(s)) : {path}",
                            n,
                            path = path.display()
                        )
                    })
                    .map_err(|e| crate::strings::user_error(&e)),
            )
        }
        Cmd::Import { file } => Msg::Done(
            crate::import::registrations(store, &expand(&file))
                .map(|r| r.sentence())
                .map_err(|e| crate::strings::user_error(&e)),
        ),
        Cmd::LookAlikes(like) => match store.look_alikes(&like) {
            Ok(found) => Msg::LookAlikes(
                found
                    .into_iter()
                    .map(|(p, l)| (p, l.label().to_string()))
                    .collect(),
            ),
            Err(e) => Msg::LoadFailed(crate::strings::user_error(&e)),
        },
        Cmd::OpenIdea { id } => {
            match (
                store.row_seen(&crate::domain::model::IDEAS, &id),
                store.holders(&id),
            ) {
                (Ok(found), Ok(holders)) => {
                    let (row, seen) = found.unzip();
                    Msg::IdeaLoaded {
                        id,
                        row,
                        holders,
                        seen: seen.unwrap_or_default(),
                    }
                }
                (Err(e), _) | (_, Err(e)) => Msg::LoadFailed(crate::strings::user_error(&e)),
            }
        }
        Cmd::OpenQuickIdea { workshop } => {
            // Those checked in at the workshop first, then everyone else (a co-holder who
            // came to another workshop).
            let people = match &workshop {
                Some(w) => store.checked_in(w).and_then(|mut here| {
                    let everyone = store.attendees(0, usize::MAX >> 1)?;
                    let known: std::collections::HashSet<String> =
                        here.iter().map(|p| p.id.clone()).collect();
                    here.extend(everyone.into_iter().filter(|p| !known.contains(&p.id)));
                    Ok(here)
                }),
                None => store.attendees(0, usize::MAX >> 1),
            };
            let labelled = match workshop {
                Some(w) => store
                    .workshop_label(&w)
                    .map(|label| Some((w, label.unwrap_or_default()))),
                None => Ok(None),
            };
            match people.and_then(|p| Ok((p, labelled?))) {
                Ok((people, workshop)) => Msg::QuickIdeaReady {
                    workshop,
                    people: people
                        .into_iter()
                        .map(|p| (p.id, format!("{} {}", p.first_name, p.last_name)))
                        .collect(),
                },
                Err(e) => Msg::LoadFailed(crate::strings::user_error(&e)),
            }
        }
        Cmd::PickWorkshop => {
            // Labelled from the rows read: one query, not one more per workshop.
            let labelled = store.workshops(0, 500).map(|rows| {
                rows.iter()
                    .map(|w| (w.id.clone(), store.workshop_row_label(w)))
                    .collect::<Vec<_>>()
            });
            match labelled {
                Ok(list) => Msg::WorkshopsToPick(list),
                Err(e) => Msg::LoadFailed(crate::strings::user_error(&e)),
            }
        }
        Cmd::LoadBudget { idea } => match (store.budget(&idea), store.idea_row(&idea)) {
            (Ok(lines), Ok(row)) => Msg::BudgetLoaded {
                idea,
                title: row.title,
                lines,
            },
            (Err(e), _) | (_, Err(e)) => Msg::LoadFailed(crate::strings::user_error(&e)),
        },
        Cmd::LoadHistory { idea } => match (store.history(&idea), store.idea_row(&idea)) {
            (Ok(entries), Ok(row)) => Msg::HistoryLoaded {
                title: row.title,
                entries,
            },
            (Err(e), _) | (_, Err(e)) => Msg::LoadFailed(crate::strings::user_error(&e)),
        },
        Cmd::LoadHolders { idea } => {
            let people = store
                .attendees(0, usize::MAX >> 1)
                .map(|rows| {
                    rows.into_iter()
                        .map(|p| (p.id, format!("{} {}", p.first_name, p.last_name)))
                        .collect()
                })
                .unwrap_or_default();
            match (store.holders(&idea), store.idea_row(&idea)) {
                (Ok(holders), Ok(row)) => Msg::HoldersLoaded {
                    idea,
                    title: row.title,
                    holders,
                    people,
                },
                (Err(e), _) | (_, Err(e)) => Msg::LoadFailed(crate::strings::user_error(&e)),
            }
        }
        Cmd::LoadReview { idea } => match store.review(&idea) {
            Ok(r) => Msg::ReviewLoaded(r),
            Err(e) => Msg::LoadFailed(crate::strings::user_error(&e)),
        },
        Cmd::ProjectSheet { idea } => Msg::Done(
            crate::export::sheet::write(store, &idea, &crate::export::exports_folder(store))
                .map(|p| format!("Fiche projet : {}", p.display()))
                .map_err(|e| crate::strings::user_error(&e)),
        ),
        Cmd::CheckSimilar { id, title } => {
            let territory = store
                .row(&crate::domain::model::IDEAS, &id)
                .ok()
                .flatten()
                .and_then(|r| r.get("commune").and_then(|c| c.as_str().map(String::from)))
                .and_then(|c| store.reference().territory_of(&c).map(String::from));
            Msg::Similar(
                store
                    .similar_ideas(&title, territory.as_deref(), &id)
                    .unwrap_or_default(),
            )
        }
        Cmd::LoadDuplicates => match store.probable_duplicates() {
            Ok(pairs) => Msg::Duplicates(
                pairs
                    .into_iter()
                    .map(|(a, b, l)| (a, b, l.label().to_string()))
                    .collect(),
            ),
            Err(e) => Msg::LoadFailed(crate::strings::user_error(&e)),
        },
        Cmd::PrepareMerge { keep, other } => Msg::MergePreview(
            store
                .merge_preview(&keep, &other)
                .map_err(|e| crate::strings::user_error(&e)),
        ),
        Cmd::MergePeople { keep, other } => {
            let names = store.merge_preview(&keep, &other).map(|p| {
                let (mut merged, mut kept) = (p.other_name.clone(), p.keep_name.clone());
                if crate::domain::text::fold(&merged) == crate::domain::text::fold(&kept) {
                    // Two people of one name: which record went where.
                    merged = format!("{merged} ({})", told_apart(store, &p, false));
                    kept = format!("{kept} ({})", told_apart(store, &p, true));
                }
                crate::t!("{merged} fusionné(e) dans {kept}", merged, kept)
            });
            match (names, store.merge_people(&keep, &other)) {
                (Ok(said), Ok(undo)) => Msg::Merged(Ok((undo, said))),
                (Err(e), _) => Msg::Merged(Err(crate::strings::user_error(&e))),
                (_, Err(e)) => Msg::Merged(Err(e.to_string())),
            }
        }
        Cmd::ReadOnly => match store.set_read_only() {
            Ok(()) => Msg::Done(Ok(crate::i18n::tr(
                "Ouvert en lecture seule : consultez, rien n'est enregistré ici.",
            )
            .to_string())),
            Err(e) => Msg::LoadFailed(crate::strings::user_error(&e)),
        },
        Cmd::LocatePerson { id, filter } => match store.person_position(&filter, &id) {
            Ok(at) => Msg::PersonAt(at),
            Err(e) => Msg::LoadFailed(crate::strings::user_error(&e)),
        },
        Cmd::LoadMergeCandidates { id } => {
            let people = store
                .attendees(0, usize::MAX >> 1)
                .map(|rows| {
                    rows.into_iter()
                        .filter(|p| p.id != id)
                        .map(|p| {
                            let label = format!(
                                "{} {} · {}",
                                p.first_name,
                                p.last_name,
                                p.age_bracket.as_deref().unwrap_or("?")
                            );
                            (p.id, label)
                        })
                        .collect()
                })
                .unwrap_or_default();
            Msg::MergeCandidates { id, people }
        }
        Cmd::OpenRecord { kind, id } => match store.row_seen(kind.table(), &id) {
            Ok(found) => {
                let (row, seen) = found.unzip();
                Msg::RecordLoaded {
                    kind,
                    id,
                    row,
                    seen: seen.unwrap_or_default(),
                }
            }
            Err(e) => Msg::LoadFailed(crate::strings::user_error(&e)),
        },
        Cmd::Forget { id, name } => {
            let erased = store.forget(&id).map_err(|e| e.to_string()).and_then(|_| {
                // A backup left unscrubbed is tried again at every sync.
                crate::sync::scrub_backups(store)
                    .map(|_| ())
                    .map_err(|e| crate::strings::user_error(&e))
            });
            Msg::Erased(erased.map(|_| name))
        }
        Cmd::LoadConflicts => match store.conflicts() {
            Ok(rows) => Msg::ConflictsLoaded(rows),
            Err(e) => Msg::LoadFailed(crate::strings::user_error(&e)),
        },
        Cmd::Settle {
            table,
            record,
            field,
            value,
        } => Msg::Settled(
            store
                .settle(table, &record, field, value)
                .map(|_| ())
                .map_err(|e| e.to_string()),
        ),
    }
}

/// A typed path: `~` stands for the home folder.
pub fn expand(typed: &str) -> std::path::PathBuf {
    let typed = typed.trim();
    match typed.strip_prefix('~') {
        Some(rest) => directories::BaseDirs::new()
            .map(|d| d.home_dir().join(rest.trim_start_matches('/')))
            .unwrap_or_else(|| typed.into()),
        None => typed.into(),
    }
}

/// A sync as the worker thread runs it (and the tests, through `tui::settle`): its steps as
/// [`Msg::SyncProgress`], then [`Msg::SyncDone`] (or [`Msg::PhraseNeeded`]).
pub fn sync_worker(store: &mut Store, target: &str, send: &mut dyn FnMut(Msg)) {
    let report = crate::sync::sync(store, &expand(target), false, &mut |label, fraction| {
        send(Msg::SyncProgress(label.to_string(), fraction))
    })
    // A sync with nothing to do wrote nothing: noted in the history all the same, which the
    // facilitator reads on this screen.
    .and_then(|r| {
        if r.unchanged {
            store.record_sync(&r.target, 0, 0, r.conflicts)?;
        }
        Ok(r)
    });
    send(
        phrase_needed(&report, true)
            .unwrap_or_else(|| Msg::SyncDone(report.map_err(|e| crate::strings::user_error(&e)))),
    );
}

/// A sync (or preview) refused for want of the right passphrase: asked for.
pub fn phrase_needed<T>(result: &anyhow::Result<T>, then_sync: bool) -> Option<Msg> {
    let e = result.as_ref().err()?;
    e.downcast_ref::<crate::store::Refusal>()
        .filter(|r| r.is_about_phrase())
        .map(|r| Msg::PhraseNeeded {
            wrong: matches!(r, crate::store::Refusal::Wrong(_)),
            then_sync,
        })
}

/// Completion for a path field: the entries of the typed folder that start with the typed
/// name, folders ending with `/`, comptoir files.
pub fn complete_path(typed: &str) -> Vec<(String, String)> {
    complete_files(typed, &["sqlite"])
}

/// Completion for a path: folders, and files with one of `extensions`. The separators are the
/// system's (on Windows `\` and `/`, so `E:\` and `\\serveur\partage\` complete; elsewhere
/// `/`), and a folder is offered with the system's own at its end.
pub fn complete_files(typed: &str, extensions: &[&str]) -> Vec<(String, String)> {
    let (folder, prefix) = match typed.rfind(std::path::is_separator) {
        Some(i) => (&typed[..=i], &typed[i + 1..]),
        None => ("", typed),
    };
    let dir = expand(if folder.is_empty() { "." } else { folder });
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || !name.starts_with(prefix) {
                return None;
            }
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
            let full = if is_dir {
                format!("{folder}{name}{}", std::path::MAIN_SEPARATOR)
            } else {
                format!("{folder}{name}")
            };
            let wanted = extensions
                .iter()
                .any(|x| name.to_lowercase().ends_with(&format!(".{x}")));
            (is_dir || wanted).then(|| (full.clone(), full))
        })
        .collect();
    out.sort();
    out
}

/// Reads the counts every screen shows and the one list on screen, from the offset it is at
/// now (the other lists are read when their screen is opened).
pub fn load(store: &Store, current: &Data) -> anyhow::Result<Data> {
    let offset_of = |o: usize, top: usize| {
        if top >= o {
            o
        } else {
            top.saturating_sub(WINDOW / 4)
        }
    };
    let lists = match current.shown {
        Some(list) => {
            let offset = match list {
                ListKind::Workshops => offset_of(current.workshops.offset, current.workshops.top),
                ListKind::Attendees => offset_of(current.attendees.offset, current.attendees.top),
                ListKind::Ideas => offset_of(current.ideas.offset, current.ideas.top),
            };
            window(store, list, offset, current)?
        }
        None => Data::default(),
    };
    let current_workshop = store.setting("current_workshop")?;
    Ok(Data {
        stages: store.stage_counts()?,
        territories: store.territory_counts()?,
        requested_total: store.requested_total()?,
        device: store.device()?,
        last_sync: store.last_sync()?,
        sync_target: store.setting("sync_target")?,
        device_id: store.device_id(),
        site_short: store.site().short(),
        db_path: store
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        shown: current.shown,
        window: current.window,
        people_filter: current.people_filter.clone(),
        idea_filter: current.idea_filter.clone(),
        // The present people are read through the check-ins: only for the screens that say
        // them (Accueil, Comptoirs).
        counts: store.counts_with(matches!(current.shown, None | Some(ListKind::Workshops)))?,
        conflicts: store.open_conflicts()?,
        sync_log: store.sync_log(8)?,
        current_commune: match &current_workshop {
            Some(id) => store
                .row(&crate::domain::model::WORKSHOPS, id)?
                .and_then(|r| r.get("commune").and_then(|v| v.as_str()).map(String::from)),
            None => None,
        },
        here: match &current_workshop {
            Some(id) => store.checked_in(id)?.into_iter().map(|p| p.id).collect(),
            None => Default::default(),
        },
        current_counts: match &current_workshop {
            Some(id) => store.workshop_counts(id)?,
            None => (0, 0),
        },
        current_workshop: match current_workshop {
            Some(id) => store.workshop_label(&id)?.map(|label| (id, label)),
            None => None,
        },
        ..lists
    })
}

fn window(store: &Store, list: ListKind, offset: usize, current: &Data) -> anyhow::Result<Data> {
    let mut data = Data::default();
    let rows = current.window.max(WINDOW);
    match list {
        ListKind::Workshops => data.workshops = workshops(store, offset, rows)?,
        ListKind::Attendees => {
            data.attendees = attendees(store, offset, rows, &current.people_filter)?
        }
        ListKind::Ideas => data.ideas = ideas(store, offset, rows, &current.idea_filter)?,
    }
    Ok(data)
}

fn list_view<R>(total: i64, offset: usize, rows: Vec<R>) -> ListView<R> {
    ListView {
        total: total as usize,
        offset,
        rows,
        ..ListView::default()
    }
}

fn workshops(store: &Store, offset: usize, rows: usize) -> anyhow::Result<ListView<WorkshopRow>> {
    Ok(list_view(
        store.workshop_count()?,
        offset,
        store.workshops(offset, rows)?,
    ))
}

fn attendees(
    store: &Store,
    offset: usize,
    rows: usize,
    filter: &PeopleFilter,
) -> anyhow::Result<ListView<AttendeeRow>> {
    let (total, more) = store.people_total(filter)?;
    let mut list = list_view(total, offset, store.people(filter, offset, rows)?);
    list.more = more;
    Ok(list)
}

fn ideas(
    store: &Store,
    offset: usize,
    rows: usize,
    filter: &IdeaFilter,
) -> anyhow::Result<ListView<IdeaRow>> {
    Ok(list_view(
        store.idea_count_filtered(filter)?,
        offset,
        store.ideas_filtered(filter, offset, rows)?,
    ))
}

/// What tells a person's record from another of the same name: age bracket, commune, e-mail.
fn told_apart(store: &Store, p: &crate::store::people::MergePreview, keep: bool) -> String {
    let value = |field: &str| {
        p.lines
            .iter()
            .find(|l| l.field == field)
            .and_then(|l| if keep { &l.keep } else { &l.other }.as_str())
            .filter(|v| !v.is_empty())
            .map(String::from)
    };
    let commune = value("commune").map(|c| {
        store
            .reference()
            .commune_by_insee(&c)
            .map_or(c, |c| c.name.clone())
    });
    let parts: Vec<String> = [value("age_bracket"), commune, value("email")]
        .into_iter()
        .flatten()
        .collect();
    if parts.is_empty() {
        crate::i18n::tr("sans âge ni commune").to_string()
    } else {
        parts.join(", ")
    }
}
