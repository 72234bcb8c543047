//! What is on top: the stack of layers over the current screen. The screen is at the bottom;
//! sub-views (an idea's budget, the conflicts), forms and popups are pushed over it. The key
//! context, the help, the hints and the drawing order all read this one stack; Échap pops it.

use super::app::{
    App, ConflictsView, DuplicatesView, Editing, HistoryView, HoldersView, Popup, ReviewView,
    Screen,
};
use super::form::Form;
use super::keys::Context;
use crate::tui::components::record::Record;

/// The one-field editor in a box (the sync target, a filter, a comment): its form and what it
/// is for.
pub type Editor = (Form, Editing);

/// One layer over the screen.
pub enum Layer {
    /// The first-run questions, while this laptop has no device record.
    Setup(Form),
    /// A one-field editor in a box over what is below.
    Editor(Editor),
    /// A record form (a workshop, a person, a walk-in, an idea, a budget line).
    Record(Record),
    Conflicts(ConflictsView),
    Duplicates(DuplicatesView),
    Budget(super::app::BudgetView),
    Holders(HoldersView),
    Review(ReviewView),
    History(HistoryView),
    /// A question or the help, in a box over everything.
    Popup(Popup),
}

/// A layer's kind, to open or close one without its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerKind {
    Setup,
    Editor,
    Record,
    Conflicts,
    Duplicates,
    Budget,
    Holders,
    Review,
    History,
    Popup,
}

impl Layer {
    pub fn kind(&self) -> LayerKind {
        match self {
            Layer::Setup(_) => LayerKind::Setup,
            Layer::Editor(_) => LayerKind::Editor,
            Layer::Record(_) => LayerKind::Record,
            Layer::Conflicts(_) => LayerKind::Conflicts,
            Layer::Duplicates(_) => LayerKind::Duplicates,
            Layer::Budget(_) => LayerKind::Budget,
            Layer::Holders(_) => LayerKind::Holders,
            Layer::Review(_) => LayerKind::Review,
            Layer::History(_) => LayerKind::History,
            Layer::Popup(_) => LayerKind::Popup,
        }
    }

    /// The key context while this layer is on top.
    fn context(&self) -> Context {
        match self {
            Layer::Setup(_) | Layer::Editor(_) | Layer::Record(_) => Context::Form,
            Layer::Conflicts(_) => Context::Conflicts,
            Layer::Duplicates(_) => Context::Duplicates,
            Layer::Budget(_) => Context::Budget,
            Layer::Holders(_) => Context::Holders,
            Layer::Review(_) => Context::Review,
            Layer::History(_) => Context::History,
            Layer::Popup(popup) => match popup {
                Popup::Help { .. } => Context::Help,
                Popup::Confirm { .. } => Context::Confirm,
                Popup::LookAlike { .. } => Context::LookAlike,
                Popup::Merge(_) => Context::Merge,
                Popup::AlreadyOpen { .. } => Context::AlreadyOpen,
                Popup::PickWorkshop(_) => Context::PickWorkshop,
            },
        }
    }

    /// Whether the layer fills the body (drawn instead of the screen) rather than a box over it.
    pub fn fills_body(&self) -> bool {
        !matches!(self, Layer::Editor(_) | Layer::Popup(_))
    }
}

/// The layers over the screen, bottom to top.
#[derive(Default)]
pub struct Layers(Vec<Layer>);

impl Layers {
    /// Opens a layer: on top (under any popup), or in the place of an open layer of the same kind (one
    /// record form, one editor, one popup at a time).
    pub fn open(&mut self, layer: Layer) {
        let kind = layer.kind();
        match self.0.iter().rposition(|l| l.kind() == kind) {
            Some(i) => self.0[i] = layer,
            // Popups stay over everything: a layer opened under a question goes below it.
            None if kind != LayerKind::Popup => {
                let below_popups = self
                    .0
                    .iter()
                    .rposition(|l| l.kind() != LayerKind::Popup)
                    .map_or(0, |i| i + 1);
                self.0.insert(below_popups, layer);
            }
            None => self.0.push(layer),
        }
    }

    /// Closes the layer of this kind, wherever it is.
    pub fn close(&mut self, kind: LayerKind) {
        if let Some(i) = self.0.iter().rposition(|l| l.kind() == kind) {
            self.0.remove(i);
        }
    }

    pub fn is_open(&self, kind: LayerKind) -> bool {
        self.0.iter().any(|l| l.kind() == kind)
    }

    pub fn top(&self) -> Option<&Layer> {
        self.0.last()
    }

    /// The selection of the layer on top, if it is a list (a budget's lines, the conflicts…):
    /// the selected row and how many rows there are.
    pub fn selection_mut(&mut self) -> Option<(&mut usize, usize)> {
        match self.0.last_mut()? {
            Layer::Budget(v) => Some((&mut v.selected, v.lines.len())),
            Layer::Holders(v) => Some((&mut v.selected, v.holders.len())),
            Layer::Duplicates(v) => Some((&mut v.selected, v.pairs.len())),
            Layer::Conflicts(v) => Some((&mut v.selected, v.rows.len())),
            Layer::Review(v) => Some((&mut v.selected, v.review.verdicts.len())),
            _ => None,
        }
    }

    /// The kind of the topmost layer that is not a popup.
    pub fn under_popups(&self) -> Option<LayerKind> {
        self.0
            .iter()
            .rev()
            .map(Layer::kind)
            .find(|k| *k != LayerKind::Popup)
    }

    /// What the layers that show the store's data read to show it again: after a write is
    /// acknowledged, each of them is read anew, so no screen shows what was true before it.
    pub fn reloads(&self) -> Vec<super::msg::Cmd> {
        use super::msg::Cmd;
        self.0
            .iter()
            .filter_map(|l| match l {
                Layer::Budget(v) => Some(Cmd::LoadBudget {
                    idea: v.idea.clone(),
                }),
                Layer::Holders(v) => Some(Cmd::LoadHolders {
                    idea: v.idea.clone(),
                }),
                Layer::Review(v) => Some(Cmd::LoadReview {
                    idea: v.review.idea.clone(),
                }),
                Layer::Conflicts(_) => Some(Cmd::LoadConflicts),
                _ => None,
            })
            .collect()
    }

    /// Bottom to top.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Layer> {
        self.0.iter()
    }
}

impl App {
    /// The key context in force: it picks the key table, the hints and the help.
    pub fn context(&self) -> Context {
        match self.layers.top() {
            Some(layer @ Layer::Popup(_)) => layer.context(),
            _ => self.base_context(),
        }
    }

    /// The context under any popup: the one the help explains.
    pub fn base_context(&self) -> Context {
        if let Some(layer) = self
            .layers
            .iter()
            .rev()
            .find(|l| !matches!(l, Layer::Popup(_)))
        {
            return layer.context();
        }
        if self.search.as_ref().is_some_and(|s| s.typing) {
            return Context::Search;
        }
        match self.screen {
            Screen::Synchro => Context::SyncScreen,
            Screen::Comptoirs => Context::Workshops,
            Screen::Participants => Context::Attendees,
            Screen::Idees => Context::Ideas,
            Screen::Maturite => Context::Maturity,
            Screen::Accueil => Context::Home,
        }
    }
}

/// `layers.record()`, `layers.record_mut()` and `layers.take_record()` for each kind of layer: the
/// topmost one of that kind.
macro_rules! access {
    ($($get:ident, $get_mut:ident, $take:ident, $variant:ident, $ty:ty;)*) => {
        impl Layers {
            $(
                pub fn $get(&self) -> Option<&$ty> {
                    self.0.iter().rev().find_map(|l| match l {
                        Layer::$variant(v) => Some(v),
                        _ => None,
                    })
                }

                pub fn $get_mut(&mut self) -> Option<&mut $ty> {
                    self.0.iter_mut().rev().find_map(|l| match l {
                        Layer::$variant(v) => Some(v),
                        _ => None,
                    })
                }

                pub fn $take(&mut self) -> Option<$ty> {
                    let i = self
                        .0
                        .iter()
                        .rposition(|l| matches!(l, Layer::$variant(_)))?;
                    match self.0.remove(i) {
                        Layer::$variant(v) => Some(v),
                        _ => None,
                    }
                }
            )*
        }
    };
}

access! {
    setup, setup_mut, take_setup, Setup, Form;
    editor, editor_mut, take_editor, Editor, Editor;
    record, record_mut, take_record, Record, Record;
    conflicts, conflicts_mut, take_conflicts, Conflicts, ConflictsView;
    duplicates, duplicates_mut, take_duplicates, Duplicates, DuplicatesView;
    budget, budget_mut, take_budget, Budget, super::app::BudgetView;
    holders, holders_mut, take_holders, Holders, HoldersView;
    review, review_mut, take_review, Review, ReviewView;
    history, history_mut, take_history, History, HistoryView;
    popup, popup_mut, take_popup, Popup, Popup;
}
