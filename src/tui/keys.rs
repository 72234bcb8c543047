//! One table of actions per context. Key handling, the status bar hints and the help screen all
//! read these tables, so the help cannot say anything the keys do not do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::Screen;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// A list screen.
    List,
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
}

/// Every context, for what reads all the tables (the translations' test).
pub const ALL_CONTEXTS: &[Context] = &[
    Context::List,
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

const fn key(code: KeyCode) -> Combo {
    Combo {
        code,
        mods: KeyModifiers::NONE,
    }
}
const fn ctrl(c: char) -> Combo {
    Combo {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}
const fn ch(c: char) -> Combo {
    key(KeyCode::Char(c))
}
const fn shift_tab() -> Combo {
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

const fn b(
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

const LIST: &[Binding] = &[
    b(&[key(F(1)), ch('?')], Action::Help, "F1 ?", "aide", true),
    b(&[ch('q')], Action::Quit, "q", "quitter", true),
    b(
        &[ch('1')],
        Action::GoTo(Screen::Accueil),
        "1",
        "Accueil",
        false,
    ),
    b(
        &[ch('2')],
        Action::GoTo(Screen::Comptoirs),
        "2",
        "Comptoirs",
        false,
    ),
    b(
        &[ch('3')],
        Action::GoTo(Screen::Participants),
        "3",
        "Participants",
        false,
    ),
    b(&[ch('4')], Action::GoTo(Screen::Idees), "4", "Idées", false),
    b(
        &[ch('5')],
        Action::GoTo(Screen::Maturite),
        "5",
        "Maturité",
        false,
    ),
    b(
        &[ch('6')],
        Action::GoTo(Screen::Synchro),
        "6",
        "Synchronisation",
        false,
    ),
    b(
        &[key(Tab)],
        Action::NextScreen,
        "Tab",
        "écran suivant",
        true,
    ),
    b(
        &[shift_tab()],
        Action::PrevScreen,
        "Maj+Tab",
        "écran précédent",
        false,
    ),
    b(
        &[key(Up), ch('k')],
        Action::Up,
        "↑",
        "ligne précédente",
        false,
    ),
    b(
        &[key(Down), ch('j')],
        Action::Down,
        "↓",
        "ligne suivante",
        false,
    ),
    b(
        &[key(PageUp)],
        Action::PageUp,
        "Pg↑",
        "page précédente",
        false,
    ),
    b(
        &[key(PageDown)],
        Action::PageDown,
        "Pg↓",
        "page suivante",
        false,
    ),
    b(
        &[key(Home)],
        Action::First,
        "Début",
        "première ligne",
        false,
    ),
    b(&[key(End)], Action::Last, "Fin", "dernière ligne", false),
    b(&[key(Enter)], Action::Open, "Entrée", "ouvrir", true),
    b(&[ch('n')], Action::New, "n", "nouveau", true),
    b(&[ch('/')], Action::Search, "/", "chercher", true),
    b(&[ch('a')], Action::QuickIdea, "a", "idée rapide", true),
];

const IDEAS_SCREEN: &[Binding] = &[
    b(&[ch('b')], Action::ShowBudget, "b", "budget", true),
    b(&[ch('h')], Action::ShowHistory, "h", "historique", false),
    b(&[ch('p')], Action::ShowHolders, "p", "porteurs", false),
    b(&[ch('m')], Action::ShowReview, "m", "maturité", false),
    b(&[ch('x')], Action::Archive, "x", "archiver", false),
    b(
        &[ch('v')],
        Action::ShowArchived,
        "v",
        "voir les archives",
        false,
    ),
    b(&[ch('f')], Action::Filter, "f", "filtrer et trier", false),
];

const BUDGET: &[Binding] = &[
    b(&[key(F(1)), ch('?')], Action::Help, "F1 ?", "aide", true),
    b(
        &[key(Up), ch('k')],
        Action::Up,
        "↑",
        "ligne précédente",
        false,
    ),
    b(
        &[key(Down), ch('j')],
        Action::Down,
        "↓",
        "ligne suivante",
        false,
    ),
    b(
        &[ch('n'), ch('a')],
        Action::New,
        "n",
        "nouvelle ligne",
        true,
    ),
    b(&[key(Enter)], Action::Open, "Entrée", "modifier", true),
    b(
        &[ch('x'), key(Delete)],
        Action::Remove,
        "x Suppr",
        "retirer la ligne",
        true,
    ),
    b(&[key(Esc), ch('q')], Action::Back, "Échap", "retour", true),
];

const HOLDERS: &[Binding] = &[
    b(&[key(F(1)), ch('?')], Action::Help, "F1 ?", "aide", true),
    b(
        &[key(Up), ch('k')],
        Action::Up,
        "↑",
        "porteur précédent",
        false,
    ),
    b(
        &[key(Down), ch('j')],
        Action::Down,
        "↓",
        "porteur suivant",
        false,
    ),
    b(
        &[ch('n'), ch('a')],
        Action::New,
        "n",
        "ajouter un porteur",
        true,
    ),
    b(
        &[ch('r')],
        Action::ToggleRole,
        "r",
        "porteur / co-porteur",
        true,
    ),
    b(
        &[ch('x'), key(Delete)],
        Action::Remove,
        "x Suppr",
        "retirer",
        true,
    ),
    b(&[key(Esc), ch('q')], Action::Back, "Échap", "retour", true),
];

const REVIEW: &[Binding] = &[
    b(&[key(F(1)), ch('?')], Action::Help, "F1 ?", "aide", true),
    b(
        &[key(Up), ch('k')],
        Action::Up,
        "↑",
        "critère précédent",
        false,
    ),
    b(
        &[key(Left)],
        Action::PrevScreen,
        "←",
        "idée précédente",
        false,
    ),
    b(
        &[key(Right)],
        Action::NextScreen,
        "→",
        "idée suivante",
        false,
    ),
    b(
        &[key(Down), ch('j')],
        Action::Down,
        "↓",
        "critère suivant",
        false,
    ),
    b(&[ch(' ')], Action::Tick, "Espace", "cocher", true),
    b(
        &[key(Enter)],
        Action::Open,
        "Entrée",
        "aller corriger",
        true,
    ),
    b(&[ch('m')], Action::Comment, "m", "commenter", false),
    b(&[ch('r')], Action::Recommend, "r", "recommandation", true),
    b(&[ch('d')], Action::Decide, "d", "décision du comité", true),
    b(&[ch('e')], Action::ProjectSheet, "e", "fiche projet", false),
    b(&[key(Esc), ch('q')], Action::Back, "Échap", "retour", true),
];

const HISTORY: &[Binding] = &[
    b(&[key(Up), ch('k')], Action::Up, "↑", "monter", false),
    b(&[key(Down), ch('j')], Action::Down, "↓", "descendre", false),
    b(
        &[key(PageUp)],
        Action::PageUp,
        "Pg↑",
        "page précédente",
        false,
    ),
    b(
        &[key(PageDown)],
        Action::PageDown,
        "Pg↓",
        "page suivante",
        false,
    ),
    b(&[key(Esc), ch('q')], Action::Back, "Échap", "retour", true),
];

const SYNC_SCREEN: &[Binding] = &[
    b(&[ch('s')], Action::Sync, "s", "synchroniser", true),
    b(
        &[ch('e')],
        Action::EditTarget,
        "e",
        "changer de fichier",
        true,
    ),
    b(&[ch('p')], Action::Preview, "p", "aperçu", false),
    b(&[ch('c')], Action::ShowConflicts, "c", "conflits", true),
];

const WORKSHOPS: &[Binding] = &[
    b(
        &[ch('c')],
        Action::MakeCurrent,
        "c",
        "comptoir en cours",
        true,
    ),
    b(
        &[ch('e')],
        Action::AttendanceSheet,
        "e",
        "feuille d'émargement",
        false,
    ),
];

const ATTENDEES: &[Binding] = &[
    b(&[ch('i')], Action::WalkIn, "i", "inscription rapide", true),
    b(&[ch('p')], Action::CheckIn, "p", "pointer", true),
    b(
        &[ch('c')],
        Action::ShowHere,
        "c",
        "présents au comptoir en cours",
        false,
    ),
    b(
        &[ch('u')],
        Action::UndoCheckIn,
        "u",
        "annuler le dernier pointage ou la dernière fusion",
        false,
    ),
    b(
        &[ch('m')],
        Action::MergeWith,
        "m",
        "fusionner avec une autre personne",
        false,
    ),
    b(
        &[ch('x'), key(Delete)],
        Action::Erase,
        "x Suppr",
        "effacer la personne",
        false,
    ),
    b(&[ch('o')], Action::Import, "o", "importer une liste", false),
    b(
        &[ch('d')],
        Action::ShowDuplicates,
        "d",
        "doublons probables",
        false,
    ),
    b(&[ch('f')], Action::Filter, "f", "filtrer", false),
];

const LOOK_ALIKE: &[Binding] = &[
    b(&[ch('m')], Action::SamePerson, "m", "même personne", true),
    b(
        &[ch('d')],
        Action::OtherPerson,
        "d",
        "personne différente",
        true,
    ),
    b(
        &[key(Esc)],
        Action::Back,
        "Échap",
        "revenir au formulaire",
        true,
    ),
];

const DUPLICATES: &[Binding] = &[
    b(&[key(F(1)), ch('?')], Action::Help, "F1 ?", "aide", true),
    b(
        &[key(Up), ch('k')],
        Action::Up,
        "↑",
        "paire précédente",
        false,
    ),
    b(
        &[key(Down), ch('j')],
        Action::Down,
        "↓",
        "paire suivante",
        false,
    ),
    b(
        &[key(PageUp)],
        Action::PageUp,
        "Pg↑",
        "page précédente",
        false,
    ),
    b(
        &[key(PageDown)],
        Action::PageDown,
        "Pg↓",
        "page suivante",
        false,
    ),
    b(
        &[ch('f')],
        Action::MergeKeepFirst,
        "f",
        "fusionner, garder la 1re",
        true,
    ),
    b(
        &[ch('g')],
        Action::MergeKeepSecond,
        "g",
        "fusionner, garder la 2de",
        true,
    ),
    b(
        &[ch('u')],
        Action::UndoMerge,
        "u",
        "annuler la dernière fusion",
        false,
    ),
    b(&[key(Esc), ch('q')], Action::Back, "Échap", "retour", true),
];

const ALREADY_OPEN: &[Binding] = &[
    b(
        &[ch('l'), ch('L')],
        Action::OpenReadOnly,
        "l",
        "ouvrir en lecture seule",
        true,
    ),
    b(
        &[ch('q'), key(Esc)],
        Action::Quit,
        "q Échap",
        "quitter",
        true,
    ),
];

const MERGE: &[Binding] = &[
    b(
        &[ch('o'), ch('O'), key(Enter)],
        Action::ConfirmMerge,
        "o Entrée",
        "fusionner",
        true,
    ),
    b(
        &[ch('i')],
        Action::SwapMerge,
        "i",
        "garder l'autre fiche",
        true,
    ),
    b(
        &[ch('n'), key(Esc)],
        Action::Back,
        "n Échap",
        "annuler",
        true,
    ),
];

const SEARCH: &[Binding] = &[
    b(
        &[key(Enter), key(Down)],
        Action::EndSearch,
        "Entrée ↓",
        "aller à la liste",
        true,
    ),
    b(
        &[key(Esc)],
        Action::ClearSearch,
        "Échap",
        "effacer la recherche",
        true,
    ),
];

const CONFLICTS: &[Binding] = &[
    b(&[key(F(1)), ch('?')], Action::Help, "F1 ?", "aide", true),
    b(
        &[key(Up), ch('k')],
        Action::Up,
        "↑",
        "conflit précédent",
        false,
    ),
    b(
        &[key(Down), ch('j')],
        Action::Down,
        "↓",
        "conflit suivant",
        false,
    ),
    b(
        &[ch('g')],
        Action::KeepShown,
        "g",
        "garder la valeur affichée",
        true,
    ),
    b(
        &[ch('a')],
        Action::TakeOther,
        "a",
        "prendre l'autre valeur",
        true,
    ),
    b(
        &[ch('m'), key(Enter)],
        Action::EditValue,
        "m",
        "écrire une autre valeur",
        true,
    ),
    b(&[key(Esc), ch('q')], Action::Back, "Échap", "retour", true),
];

const FORM: &[Binding] = &[
    b(&[key(F(1))], Action::Help, "F1", "aide", true),
    b(
        &[key(Tab), key(Down)],
        Action::NextField,
        "Tab ↓",
        "champ suivant",
        true,
    ),
    b(
        &[shift_tab(), key(Up)],
        Action::PrevField,
        "Maj+Tab ↑",
        "champ précédent",
        false,
    ),
    b(
        &[key(Enter)],
        Action::NextField,
        "Entrée",
        "valider le champ",
        false,
    ),
    b(
        &[ctrl('s'), key(F(2))],
        Action::Save,
        "Ctrl+S F2",
        "enregistrer",
        true,
    ),
    b(
        &[ctrl('e')],
        Action::ContactStep,
        "Ctrl+E",
        "e-mail, téléphone et accord (inscription rapide)",
        false,
    ),
    b(&[key(Esc)], Action::Back, "Échap", "retour", true),
];

const HELP: &[Binding] = &[
    b(
        &[key(Esc), key(F(1)), ch('?'), ch('q')],
        Action::Back,
        "Échap",
        "fermer l'aide",
        true,
    ),
    b(&[key(Up), ch('k')], Action::Up, "↑", "monter", false),
    b(&[key(Down), ch('j')], Action::Down, "↓", "descendre", false),
];

const CONFIRM: &[Binding] = &[
    b(
        // « y » too, for whoever reads the English.
        &[ch('o'), ch('O'), ch('y'), ch('Y'), key(Enter)],
        Action::Yes,
        "o Entrée",
        "oui",
        true,
    ),
    b(
        &[ch('n'), ch('N'), key(Esc)],
        Action::No,
        "n Échap",
        "non",
        true,
    ),
];

/// The bindings of a context, the most specific first.
pub fn bindings(ctx: Context) -> Vec<&'static Binding> {
    let tables: &[&'static [Binding]] = match ctx {
        Context::List => &[LIST],
        Context::SyncScreen => &[SYNC_SCREEN, LIST],
        Context::Workshops => &[WORKSHOPS, LIST],
        Context::Attendees => &[ATTENDEES, LIST],
        Context::Search => &[SEARCH],
        Context::LookAlike => &[LOOK_ALIKE],
        Context::Duplicates => &[DUPLICATES],
        Context::Merge => &[MERGE],
        Context::AlreadyOpen => &[ALREADY_OPEN],
        Context::Ideas => &[IDEAS_SCREEN, LIST],
        Context::Budget => &[BUDGET],
        Context::History => &[HISTORY],
        Context::Holders => &[HOLDERS],
        Context::Review => &[REVIEW],
        Context::Conflicts => &[CONFLICTS],
        Context::Form => &[FORM],
        Context::Help => &[HELP],
        Context::Confirm => &[CONFIRM],
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
