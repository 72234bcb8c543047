//! Messages into `update`, commands out of it.

use crossterm::event::{KeyEvent, MouseEvent};

use super::app::{Data, ListKind};
use crate::domain::model::{Table, Value};
use crate::store::{Conflict, Edit};
use crate::sync::SyncReport;

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// Fresh data from the store.
    Loaded(Box<Data>),
    /// A window of one list.
    Window(ListKind, Box<Data>),
    /// A save came back.
    Saved {
        purpose: Purpose,
        result: Result<usize, SaveError>,
    },
    /// Reading the store failed.
    LoadFailed(String),
    /// A sync under way says where it is.
    SyncProgress(String, f64),
    SyncDone(Result<SyncReport, String>),
    Previewed(Result<(i64, i64), String>),
    /// The campaign's passphrase is missing (or `wrong`): asked, then the sync (or the
    /// preview) is run again with it.
    PhraseNeeded {
        wrong: bool,
        then_sync: bool,
    },
    ConflictsLoaded(Vec<Conflict>),
    Settled(Result<(), String>),
    /// A record to edit, read from the store (`None`: it no longer exists).
    RecordLoaded {
        kind: crate::tui::components::record::Kind,
        id: String,
        row: Option<crate::tui::components::record::Row>,
        /// The clock of each value shown, which the edit is decided on.
        seen: crate::store::Seen,
    },
    Erased(Result<String, String>),
    /// A file was written or read: what to tell the user.
    Done(Result<String, String>),
    /// Known people like the one being registered (empty: none).
    LookAlikes(Vec<(crate::store::queries::AttendeeRow, String)>),
    /// An idea to edit, with its holders.
    IdeaLoaded {
        id: String,
        row: Option<crate::tui::components::record::Row>,
        holders: Vec<crate::store::ideas::HolderRow>,
        seen: crate::store::Seen,
    },
    /// The quick capture's workshop (none: an idea of no workshop) and the people to pick
    /// its holders from: those checked in there, or everyone.
    QuickIdeaReady {
        /// (id, label).
        workshop: Option<(String, String)>,
        people: Vec<(String, String)>,
    },
    /// The workshops to choose from, (id, label), newest first.
    WorkshopsToPick(Vec<(String, String)>),
    BudgetLoaded {
        idea: String,
        title: String,
        lines: Vec<crate::store::ideas::BudgetLineRow>,
    },
    HistoryLoaded {
        title: String,
        entries: Vec<crate::store::ideas::HistoryEntry>,
    },
    HoldersLoaded {
        idea: String,
        title: String,
        holders: Vec<crate::store::ideas::HolderRow>,
        /// Everyone who could be added: (id, name).
        people: Vec<(String, String)>,
    },
    ReviewLoaded(crate::store::review::Review),
    /// Titles of ideas very close to one just saved.
    Similar(Vec<String>),
    /// Two people side by side before a merge.
    MergePreview(Result<crate::store::people::MergePreview, String>),
    /// A merge was made: the edits that undo it, and what to say.
    Merged(Result<(Vec<Edit>, String), String>),
    /// Where a person stands in the people list (`None`: not shown by its filters).
    PersonAt(Option<usize>),
    /// Everyone a person can be merged with: (id, name).
    MergeCandidates {
        id: String,
        people: Vec<(String, String)>,
    },
    Duplicates(
        Vec<(
            crate::store::queries::AttendeeRow,
            crate::store::queries::AttendeeRow,
            String,
        )>,
    ),
}

/// Why a save was asked, so its answer goes to the right place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A field of the first-run form was left.
    SetupField,
    /// The first-run form was completed.
    SetupDone,
    /// A record form's fields were saved on leaving one.
    RecordField,
    /// A record form was saved and closes.
    RecordDone,
    /// A walk-in was registered and checked in.
    WalkIn,
    /// A known person was checked in, or a check-in undone.
    CheckIn,
    /// A quick idea was noted.
    QuickIdea,
    /// A budget line was removed.
    BudgetLine,
    /// An idea was archived.
    Archived,
    /// A holder was added, removed or changed.
    Holder,
    /// A criterion, the recommendation or the decision was recorded.
    Review,
    /// A merge of two people was undone.
    MergeUndone,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveError {
    /// The field the message is about, with what to say under it.
    pub field: Option<(&'static str, String)>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    /// Read everything the screens show (after a save, at start).
    Reload,
    /// Read rows of a list from `offset`.
    LoadWindow {
        list: ListKind,
        offset: usize,
    },
    Save {
        edits: Vec<Edit>,
        purpose: Purpose,
    },
    /// Remember a local setting (the sync target).
    SetSetting {
        key: &'static str,
        value: String,
    },
    /// Sync with the target; the runtime runs it on a worker thread.
    Sync {
        target: String,
        /// The campaign's passphrase just typed (else the one kept).
        phrase: Option<crate::store::Phrase>,
    },
    /// What a sync would move, changing nothing.
    Preview {
        target: String,
        phrase: Option<crate::store::Phrase>,
    },
    LoadConflicts,
    /// Write a workshop's attendance sheet (CSV for French Excel).
    AttendanceSheet {
        workshop: String,
    },
    /// Import a registration list.
    Import {
        file: String,
    },
    OpenRecord {
        kind: crate::tui::components::record::Kind,
        id: String,
    },
    /// Look for known people like this one before registering it.
    LookAlikes(crate::store::people::NewPerson),
    LoadDuplicates,
    OpenIdea {
        id: String,
    },
    OpenQuickIdea {
        workshop: Option<String>,
    },
    /// Read the workshops, to ask which one a quick idea goes to.
    PickWorkshop,
    LoadBudget {
        idea: String,
    },
    LoadHistory {
        idea: String,
    },
    LoadHolders {
        idea: String,
    },
    LoadReview {
        idea: String,
    },
    /// Write an idea's project sheet (HTML and Markdown).
    ProjectSheet {
        idea: String,
    },
    CheckSimilar {
        id: String,
        title: String,
    },
    /// Read two people side by side before merging `other` into `keep`.
    PrepareMerge {
        keep: String,
        other: String,
    },
    MergePeople {
        keep: String,
        other: String,
    },
    /// From now on the store refuses every write (opened read-only).
    ReadOnly,
    /// Find a person's place in the people list, to select them.
    LocatePerson {
        id: String,
        filter: crate::store::queries::PeopleFilter,
    },
    /// Everyone `id` could be merged with, for the merge by hand.
    LoadMergeCandidates {
        id: String,
    },
    /// Erase a person for good (the forget set).
    Forget {
        id: String,
        name: String,
    },
    /// Settle a conflict with this value (a new change).
    Settle {
        table: &'static Table,
        record: String,
        field: &'static str,
        value: Value,
    },
}
