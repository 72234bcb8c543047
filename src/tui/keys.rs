//! The key contexts and actions, the rows the tables share, and the lookup over the tables
//! that each screen and popup keeps beside its code (`KEYS`): one table of actions per
//! context. Key handling, the status bar hints and the help screen all read these tables, so
//! the help cannot say anything the keys do not do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::Screen;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Every list key together: what `n`, `Entrée` and `/` mean where they do nothing.
    List,
    /// Accueil: no list, the screen keys only.
    Home,
    /// Maturité: the ideas' keys, without a search.
    Maturity,
    /// The Synchronisation screen: the list keys and its own.
    SyncScreen,
    /// The list of conflicts.
    Conflicts,
    /// Comptoirs: the list keys and its own.
    Workshops,
    /// Participants: the list keys and its own.
    Attendees,
    /// Typing a search.
    Search,
    /// « Is this the same person? »
    LookAlike,
    /// The list of probable duplicates.
    Duplicates,
    /// Two people side by side before a merge.
    Merge,
    /// The base is open in another interface.
    AlreadyOpen,
    /// Idées: the list keys and its own.
    Ideas,
    /// An idea's budget lines.
    Budget,
    /// An idea's history.
    History,
    /// An idea's holders.
    Holders,
    /// An idea's maturity review.
    Review,
    /// A form (the first-run form, record forms).
    Form,
    /// The help popup.
    Help,
    /// A yes/no question.
    Confirm,
    /// Which workshop a quick idea goes to.
    PickWorkshop,
}

/// Every context, for what reads all the tables (the translations' test).
pub const ALL_CONTEXTS: &[Context] = &[
    Context::List,
    Context::Home,
    Context::Maturity,
    Context::SyncScreen,
    Context::Conflicts,
    Context::Workshops,
    Context::Attendees,
    Context::Search,
    Context::LookAlike,
    Context::Duplicates,
    Context::Merge,
    Context::AlreadyOpen,
    Context::Ideas,
    Context::Budget,
    Context::History,
    Context::Holders,
    Context::Review,
    Context::Form,
    Context::Help,
    Context::Confirm,
    Context::PickWorkshop,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Help,
    Quit,
    GoTo(Screen),
    NextScreen,
    PrevScreen,
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    Open,
    New,
    Search,
    NextField,
    PrevField,
    Save,
    Back,
    Yes,
    No,
    Sync,
    EditTarget,
    Preview,
    ShowConflicts,
    KeepShown,
    TakeOther,
    EditValue,
    MakeCurrent,
    AttendanceSheet,
    WalkIn,
    CheckIn,
    UndoCheckIn,
    Erase,
    Import,
    EndSearch,
    ClearSearch,
    SamePerson,
    OtherPerson,
    ShowDuplicates,
    Filter,
    MergeKeepFirst,
    MergeKeepSecond,
    MergeWith,
    ConfirmMerge,
    SwapMerge,
    UndoMerge,
    ShowHere,
    ContactStep,
    /// A new line in a long text.
    NewLine,
    OpenReadOnly,
    QuickIdea,
    ShowBudget,
    ShowHistory,
    Archive,
    ShowArchived,
    Remove,
    ShowHolders,
    ToggleRole,
    ShowReview,
    Tick,
    Comment,
    Recommend,
    Decide,
    ProjectSheet,
}

impl Action {
    /// Whether the action writes to the base, or opens a form to write: refused at once in
    /// read-only mode, before anything is typed.
    pub fn writes(self) -> bool {
        use Action::*;
        matches!(
            self,
            Open | New
                | Sync
                | EditTarget
                | KeepShown
                | TakeOther
                | EditValue
                | MakeCurrent
                | WalkIn
                | CheckIn
                | UndoCheckIn
                | Erase
                | Import
                | MergeKeepFirst
                | MergeKeepSecond
                | MergeWith
                | ConfirmMerge
                | SwapMerge
                | UndoMerge
                | QuickIdea
                | Archive
                | Remove
                | ToggleRole
                | Tick
                | Comment
                | Recommend
                | Decide
        )
    }
}

/// A key with its modifiers, as written in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Combo {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

pub const fn key(code: KeyCode) -> Combo {
    Combo {
        code,
        mods: KeyModifiers::NONE,
    }
}
pub const fn ctrl(c: char) -> Combo {
    Combo {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}
pub const fn ch(c: char) -> Combo {
    key(KeyCode::Char(c))
}
pub const fn alt(code: KeyCode) -> Combo {
    Combo {
        code,
        mods: KeyModifiers::ALT,
    }
}
pub const fn shift_tab() -> Combo {
    Combo {
        code: KeyCode::BackTab,
        mods: KeyModifiers::SHIFT,
    }
}

pub struct Binding {
    pub combos: &'static [Combo],
    pub action: Action,
    /// How the keys are written for people: « Ctrl+S », « Échap ».
    pub keys: &'static str,
    /// What the action does, in a few words.
    pub does: &'static str,
    /// Shown in the status bar (the rest only in the help).
    pub hint: bool,
}

pub const fn b(
    combos: &'static [Combo],
    action: Action,
    keys: &'static str,
    does: &'static str,
    hint: bool,
) -> Binding {
    Binding {
        combos,
        action,
        keys,
        does,
        hint,
    }
}

use KeyCode::*;

/// The rows most tables share: the help, going back, pages, ↑ and ↓ (said for what they move).
pub const HELP: Binding = b(&[key(F(1)), ch('?')], Action::Help, "F1 ?", "aide", true);
pub const BACK: Binding = b(&[key(Esc), ch('q')], Action::Back, "Échap", "retour", true);
pub const PAGE_UP: Binding = b(
    &[key(PageUp)],
    Action::PageUp,
    "Pg↑",
    "page précédente",
    false,
);
pub const PAGE_DOWN: Binding = b(
    &[key(PageDown)],
    Action::PageDown,
    "Pg↓",
    "page suivante",
    false,
);

const UP: &[Combo] = &[key(Up), ch('k')];
const DOWN: &[Combo] = &[key(Down), ch('j')];

pub const fn up(does: &'static str) -> Binding {
    b(UP, Action::Up, "↑", does, false)
}

pub const fn down(does: &'static str) -> Binding {
    b(DOWN, Action::Down, "↓", does, false)
}

const FIRST: &[Combo] = &[key(Home)];
const LAST: &[Combo] = &[key(End)];

pub const fn first(does: &'static str) -> Binding {
    b(FIRST, Action::First, "Début", does, false)
}

pub const fn last(does: &'static str) -> Binding {
    b(LAST, Action::Last, "Fin", does, false)
}

/// The bindings of a context, the most specific first.
pub fn bindings(ctx: Context) -> Vec<&'static Binding> {
    use super::popups::{self, help};
    use super::screens::attendees::{self, duplicates, walk_in};
    use super::screens::ideas::{self, budget, history, holders};
    use super::screens::sync::{self, conflicts};
    use super::screens::{review, workshops};
    use super::{form, lists};
    let tables: &[&'static [Binding]] = match ctx {
        Context::List => &[
            lists::SCREEN_KEYS,
            lists::ROW_KEYS,
            lists::SEARCH_KEYS,
            lists::QUICK_KEYS,
        ],
        Context::Home => &[lists::SCREEN_KEYS, lists::QUICK_KEYS],
        Context::SyncScreen => &[sync::KEYS, lists::SCREEN_KEYS, lists::QUICK_KEYS],
        Context::Workshops => &[
            workshops::KEYS,
            lists::SCREEN_KEYS,
            lists::ROW_KEYS,
            lists::QUICK_KEYS,
        ],
        Context::Attendees => &[
            attendees::KEYS,
            lists::SCREEN_KEYS,
            lists::ROW_KEYS,
            lists::SEARCH_KEYS,
            lists::QUICK_KEYS,
        ],
        Context::Search => &[attendees::SEARCH_KEYS],
        Context::LookAlike => &[walk_in::LOOK_ALIKE_KEYS],
        Context::Duplicates => &[duplicates::KEYS],
        Context::Merge => &[duplicates::MERGE_KEYS],
        Context::AlreadyOpen => &[popups::ALREADY_OPEN_KEYS],
        Context::Ideas => &[
            ideas::KEYS,
            lists::SCREEN_KEYS,
            lists::ROW_KEYS,
            lists::SEARCH_KEYS,
            lists::QUICK_KEYS,
        ],
        Context::Maturity => &[
            ideas::KEYS,
            lists::SCREEN_KEYS,
            lists::ROW_KEYS,
            lists::QUICK_KEYS,
        ],
        Context::Budget => &[budget::KEYS],
        Context::History => &[history::KEYS],
        Context::Holders => &[holders::KEYS],
        Context::Review => &[review::KEYS],
        Context::Conflicts => &[conflicts::KEYS],
        Context::Form => &[form::KEYS],
        Context::Help => &[help::KEYS],
        Context::Confirm => &[popups::CONFIRM_KEYS],
        Context::PickWorkshop => &[popups::pick_workshop::KEYS],
    };
    tables.iter().flat_map(|t| t.iter()).collect()
}

/// The action a key press stands for in a context.
pub fn action(ctx: Context, ev: &KeyEvent) -> Option<Action> {
    // Shift is part of the character for letters and symbols ('?' is Shift+, on AZERTY), so it
    // is ignored for characters; for other keys it must match.
    let mods = match ev.code {
        KeyCode::Char(_) => ev.modifiers - KeyModifiers::SHIFT,
        KeyCode::BackTab => KeyModifiers::SHIFT,
        _ => ev.modifiers,
    };
    bindings(ctx)
        .into_iter()
        .find(|b| {
            b.combos.iter().any(|c| {
                c.code == ev.code
                    && (c.mods == mods
                        || (c.code == KeyCode::BackTab && c.mods == KeyModifiers::SHIFT))
            })
        })
        .map(|b| b.action)
}

/// The status bar's hints for a context: « F1 aide · q quitter ».
pub fn hints(ctx: Context) -> Vec<(&'static str, &'static str)> {
    bindings(ctx)
        .into_iter()
        .filter(|b| b.hint)
        .map(|b| (b.keys, b.does))
        .collect()
}

/// Whether a key event is text to insert: a character typed alone, with Shift, or through AltGr
/// (which terminals send as Ctrl+Alt). Ctrl alone or Alt alone is a shortcut, not text.
pub fn typed_char(ev: &KeyEvent) -> Option<char> {
    let KeyCode::Char(c) = ev.code else {
        return None;
    };
    let m = ev.modifiers - KeyModifiers::SHIFT;
    let altgr = KeyModifiers::CONTROL | KeyModifiers::ALT;
    (m.is_empty() || m == altgr).then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn every_context_maps_its_own_keys() {
        let all = ALL_CONTEXTS.iter().copied();
        for ctx in all {
            for binding in bindings(ctx) {
                for combo in binding.combos {
                    let found = action(ctx, &ev(combo.code, combo.mods));
                    assert_eq!(
                        found,
                        Some(binding.action),
                        "{ctx:?} {combo:?} means two things"
                    );
                }
            }
        }
    }

    #[test]
    fn question_mark_with_shift_opens_help_and_altgr_is_text() {
        assert_eq!(
            action(Context::List, &ev(KeyCode::Char('?'), KeyModifiers::SHIFT)),
            Some(Action::Help)
        );
        let altgr = KeyModifiers::CONTROL | KeyModifiers::ALT;
        assert_eq!(typed_char(&ev(KeyCode::Char('@'), altgr)), Some('@'));
        assert_eq!(
            typed_char(&ev(KeyCode::Char('s'), KeyModifiers::CONTROL)),
            None
        );
        assert_eq!(
            typed_char(&ev(KeyCode::Char('É'), KeyModifiers::SHIFT)),
            Some('É')
        );
        assert_eq!(
            action(
                Context::Form,
                &ev(KeyCode::Char('s'), KeyModifiers::CONTROL)
            ),
            Some(Action::Save)
        );
    }
}
