//! Probable duplicates, and merging two people (and undoing it).

use crate::i18n::tr;
use crate::tui::app::{App, Popup, Tone};
use crate::tui::keys::{self, Action, Context};
use crate::tui::layers::{Layer, LayerKind};
use crate::tui::lists::step;
use crate::tui::msg::{Cmd, Purpose};
use crossterm::event::KeyEvent;

pub(crate) fn duplicates_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let Some(view) = app.layers.duplicates_mut() else {
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
        Some(Action::Help) => app.layers.open(Layer::Popup(Popup::Help { scroll: 0 })),
        Some(Action::Back) => app.layers.close(LayerKind::Duplicates),
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
pub(crate) fn merge_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let Some(Popup::Merge(preview)) = app.layers.popup() else {
        return Vec::new();
    };
    let (keep, other) = (preview.keep.clone(), preview.other.clone());
    match keys::action(Context::Merge, ev) {
        Some(Action::ConfirmMerge) => {
            app.layers.close(LayerKind::Popup);
            vec![Cmd::MergePeople { keep, other }]
        }
        Some(Action::SwapMerge) => vec![Cmd::PrepareMerge {
            keep: other,
            other: keep,
        }],
        Some(Action::Back) => {
            app.layers.close(LayerKind::Popup);
            app.status = Some((Tone::Info, tr("Fusion annulée : rien n'a changé.").into()));
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Undoes the last merge: every field it wrote goes back to its value before.
pub(crate) fn undo_merge(app: &mut App) -> Vec<Cmd> {
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
pub(crate) fn after_merge(app: &App) -> Vec<Cmd> {
    let mut cmds = vec![Cmd::Reload];
    if app.layers.duplicates().is_some() {
        cmds.push(Cmd::LoadDuplicates);
    }
    cmds
}

/// The other person of a merge by hand, picked in the editor: the two side by side first.
pub(crate) fn merge_with_chosen(keep: String, picks: &[Option<String>]) -> Vec<Cmd> {
    match picks[0].clone() {
        Some(other) => vec![Cmd::PrepareMerge { keep, other }],
        None => Vec::new(),
    }
}
