//! The interface's state. Only `update` changes it; views only read it.

use std::sync::Arc;

use super::form::Form;
use super::theme::Theme;
use crate::domain::reference::Reference;
use crate::store::queries::{AttendeeRow, Counts, Device, IdeaRow, WorkshopRow};
use crate::store::{Conflict, SyncEntry};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    Accueil,
    Comptoirs,
    Participants,
    Idees,
    Maturite,
    Synchro,
}

impl Screen {
    pub const ALL: [Screen; 6] = [
        Screen::Accueil,
        Screen::Comptoirs,
        Screen::Participants,
        Screen::Idees,
        Screen::Maturite,
        Screen::Synchro,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Screen::Accueil => "Accueil",
            Screen::Comptoirs => "Comptoirs",
            Screen::Participants => "Participants",
            Screen::Idees => "Idées",
            Screen::Maturite => "Maturité",
            Screen::Synchro => "Synchronisation",
        }
    }

    pub fn index(self) -> usize {
        Screen::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    pub fn next(self) -> Screen {
        Screen::ALL[(self.index() + 1) % Screen::ALL.len()]
    }

    pub fn prev(self) -> Screen {
        Screen::ALL[(self.index() + Screen::ALL.len() - 1) % Screen::ALL.len()]
    }

    /// The list a screen scrolls, if it has one.
    pub fn list(self) -> Option<ListKind> {
        match self {
            Screen::Comptoirs => Some(ListKind::Workshops),
            Screen::Participants => Some(ListKind::Attendees),
            Screen::Idees | Screen::Maturite => Some(ListKind::Ideas),
            Screen::Accueil | Screen::Synchro => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListKind {
    Workshops,
    Attendees,
    Ideas,
}

/// A window of a long list: `rows` are the rows from `offset` on; `top` is the first row on
/// screen, `selected` the highlighted one (both absolute).
#[derive(Debug, Clone, PartialEq)]
pub struct ListView<R> {
    pub total: usize,
    /// More rows match than `total` says: a search's count stops at a cap.
    pub more: bool,
    pub offset: usize,
    pub rows: Vec<R>,
    pub top: usize,
    pub selected: usize,
}

impl<R> Default for ListView<R> {
    fn default() -> Self {
        ListView {
            total: 0,
            more: false,
            offset: 0,
            rows: Vec::new(),
            top: 0,
            selected: 0,
        }
    }
}

impl<R> ListView<R> {
    pub fn row(&self, index: usize) -> Option<&R> {
        index
            .checked_sub(self.offset)
            .and_then(|i| self.rows.get(i))
    }

    /// Whether rows `top..top + height` are all loaded.
    pub fn covers(&self, top: usize, height: usize) -> bool {
        let end = (top + height).min(self.total);
        top >= self.offset && end <= self.offset + self.rows.len()
    }
}

/// How many rows one window read brings at least (more on a tall terminal: `App::window_len`).
pub const WINDOW: usize = 64;

/// Everything the screens show, read from the store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Data {
    pub counts: Counts,
    /// Ideas per stage (`Store::stage_counts`): the four levels, then the committee's two
    /// decisions.
    pub stages: [i64; 6],
    pub territories: Vec<(String, i64)>,
    /// Requested from the Budget citoyen by all ideas, in cents.
    pub requested_total: i64,
    pub device: Option<Device>,
    pub last_sync: Option<String>,
    pub sync_target: Option<String>,
    /// This laptop's device record id, for its edits.
    pub device_id: String,
    /// The site id, as shown (eight hex digits).
    pub site_short: String,
    pub db_path: String,
    /// The list the current screen shows: the one a reload reads (the others are read when
    /// their screen is opened), so a save or the start-up costs the same in any size of base.
    pub shown: Option<ListKind>,
    pub workshops: ListView<WorkshopRow>,
    pub attendees: ListView<AttendeeRow>,
    pub ideas: ListView<IdeaRow>,
    pub conflicts: i64,
    pub sync_log: Vec<SyncEntry>,
    /// The people search and filters in force (empty: everyone).
    pub people_filter: crate::store::queries::PeopleFilter,
    /// The ideas search, and whether archived ideas are shown instead.
    pub idea_filter: crate::store::ideas::IdeaFilter,
    /// The workshop under way on this laptop: id and label.
    pub current_workshop: Option<(String, String)>,
    /// Its people checked in and its ideas.
    pub current_counts: (i64, i64),
    /// Its commune, the walk-in's by default.
    pub current_commune: Option<String>,
    /// The ids of the people checked in to it, marked in the people list.
    pub here: std::collections::HashSet<String>,
    /// How many rows one window read brings ([`App::window_len`]), 0 until the size is known.
    pub window: usize,
}

/// The Synchronisation screen's own state.
#[derive(Debug, Clone, Default)]
pub struct SyncView {
    /// What would move: (to send, to receive).
    pub preview: Option<(i64, i64)>,
    /// The sync under way: what it is doing and how far.
    pub running: Option<(String, f64)>,
    /// The last result, as said to the user.
    pub result: Option<(Tone, String)>,
}

/// The conflicts list.
#[derive(Debug, Clone, Default)]
pub struct ConflictsView {
    pub rows: Vec<Conflict>,
    pub selected: usize,
}

/// What the open one-field editor is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Editing {
    SyncTarget,
    /// The file of people to import.
    Import,
    /// The people list's filters.
    Filters,
    /// A person to add as a holder of the idea.
    AddHolder,
    /// The ideas list's filters and order.
    IdeaFilters,
    /// A facilitator criterion's comment.
    CriterionComment(String),
    Recommendation,
    Decision,
    /// A new value for the conflict at this index.
    Conflict(usize),
    /// Another person to merge with this one (its id).
    MergeWith(String),
    /// The campaign's passphrase, then a sync (or a preview).
    Phrase {
        then_sync: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Success,
    Warning,
    Error,
}

/// What a yes to a question does.
#[derive(Debug, Clone)]
pub enum OnYes {
    Quit,
    /// Close the record form, dropping what was typed.
    DropRecord,
    /// Erase a person for good.
    Erase {
        id: String,
        name: String,
    },
    /// Archive an idea, or bring an archived one back (`archived: false`).
    Archive {
        id: String,
        title: String,
        archived: bool,
    },
    /// Record a committee decision on an idea that is not ready.
    Decide(Vec<crate::store::Edit>),
}

/// The people search: the query, and whether keys still go to it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    pub query: String,
    pub typing: bool,
}

pub enum Popup {
    Help {
        scroll: u16,
    },
    Confirm {
        question: String,
        on_yes: OnYes,
    },
    /// A new person looks like a known one: same person, or another?
    LookAlike {
        known: AttendeeRow,
        why: String,
    },
    /// Two people side by side, and what a merge keeps: confirm, swap or cancel.
    Merge(crate::store::people::MergePreview),
    /// Another interface has the base open: read-only, or quit.
    AlreadyOpen {
        who: String,
    },
    /// No current workshop: which one does the quick idea go to?
    PickWorkshop(crate::tui::popups::pick_workshop::PickWorkshop),
}

/// An idea's budget, being edited.
#[derive(Debug, Clone, Default)]
pub struct BudgetView {
    pub idea: String,
    pub title: String,
    pub lines: Vec<crate::store::ideas::BudgetLineRow>,
    pub selected: usize,
}

/// The people holding an idea.
#[derive(Debug, Clone, Default)]
pub struct HoldersView {
    pub idea: String,
    pub title: String,
    pub holders: Vec<crate::store::ideas::HolderRow>,
    pub selected: usize,
}

/// An idea's maturity review.
#[derive(Debug, Clone)]
pub struct ReviewView {
    pub review: crate::store::review::Review,
    pub selected: usize,
}

/// An idea's history.
#[derive(Debug, Clone, Default)]
pub struct HistoryView {
    pub title: String,
    pub entries: Vec<crate::store::ideas::HistoryEntry>,
    pub scroll: usize,
}

/// Pairs of people who look like one.
#[derive(Debug, Clone, Default)]
pub struct DuplicatesView {
    pub pairs: Vec<(AttendeeRow, AttendeeRow, String)>,
    pub selected: usize,
}

pub struct App {
    pub screen: Screen,
    pub data: Data,
    /// What is over the screen, bottom to top ([`super::layers`]).
    pub layers: super::layers::Layers,
    pub search: Option<Search>,
    /// The last check-in, so it can be undone: attendance id and the person's name.
    pub last_check_in: Option<(String, String)>,
    /// The last merge of two people, so it can be undone: the edits that undo it and what
    /// to say (« Léa Martin et Lea Martin »).
    pub last_merge: Option<(Vec<crate::store::Edit>, String)>,
    /// The new person of the full form: the record id whose look-alikes were looked for
    /// (asked once), what to do once they are (save the field left, or save and close), and
    /// the person to select in the list when the form closes.
    pub look_alikes_done: Option<String>,
    pub look_alike_then: Option<super::msg::Purpose>,
    pub new_person: Option<String>,
    /// Opened read-only (another interface has the base open): nothing is written.
    pub read_only: bool,
    pub sync: SyncView,
    /// The field to focus when the idea form opens (a jump from the review).
    pub focus_on_open: Option<&'static str>,
    /// Everyone who can be added as a holder: (id, name).
    pub holder_candidates: Vec<(String, String)>,
    pub status: Option<(Tone, String)>,
    /// Saves sent to the store and not yet acknowledged.
    pub pending_saves: usize,
    pub size: (u16, u16),
    pub mouse: bool,
    pub theme: Theme,
    pub quit: bool,
    pub reference: Arc<Reference>,
    /// The clock, the ids and the file system, as `update` is given them.
    pub env: super::env::Env,
}

impl App {
    pub fn new(reference: Arc<Reference>, theme: Theme, mouse: bool, size: (u16, u16)) -> App {
        let mut app = App {
            screen: Screen::Accueil,
            data: Data::default(),
            layers: Default::default(),
            search: None,
            last_check_in: None,
            last_merge: None,
            look_alikes_done: None,
            look_alike_then: None,
            new_person: None,
            read_only: false,
            sync: SyncView::default(),
            focus_on_open: None,
            holder_candidates: Vec::new(),
            status: None,
            pending_saves: 0,
            size,
            mouse,
            theme,
            quit: false,
            reference,
            env: super::env::Env::system(),
        };
        app.data.window = app.window_len();
        app
    }

    /// How many rows one window read brings: the list's visible rows and half a window more,
    /// never fewer than [`WINDOW`], so a tall terminal's list is read whole.
    pub fn window_len(&self) -> usize {
        let body = super::layout::areas(self.size.0, self.size.1).body;
        let visible = super::layout::list_rows(body).height as usize;
        WINDOW.max(visible + WINDOW / 2)
    }

    pub fn too_small(&self) -> bool {
        self.size.0 < 80 || self.size.1 < 24
    }

    /// Whether everything typed has reached the database.
    pub fn all_saved(&self) -> bool {
        self.pending_saves == 0
            && !self.layers.setup().is_some_and(Form::is_dirty)
            && !self.layers.record().is_some_and(|r| r.form.is_dirty())
    }
}
