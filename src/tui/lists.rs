//! What every list shares: moving the selection, pages, scrolling the window read from the
//! store, the mouse, and the keys of a screen that only shows a list.

use crate::domain::model::Value;
use crate::i18n::tr;
use crate::tui::app::{App, ListKind, ListView, Popup, Screen, Search, Tone, WINDOW};
use crate::tui::components::record::Kind;
use crate::tui::components::record::open_new;
use crate::tui::keys::{
    self, Action, Binding, Context, HELP, PAGE_DOWN, PAGE_UP, b, ch, down, first, key, last,
    shift_tab, up,
};
use crate::tui::layers::Layer;
use crate::tui::layout;
use crate::tui::msg::Cmd;
use crate::tui::screens::setup::setup_outcome;
use crossterm::event::KeyCode::{Enter, Tab};
use crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};

/// After a reload: a list that was read keeps its position; one that was not is the old one.
pub(crate) fn settle_list<R>(list: &mut ListView<R>, old: &mut ListView<R>, read: bool) {
    if read {
        list.selected = old.selected.min(list.total.saturating_sub(1));
        list.top = old.top.min(list.selected);
    } else {
        *list = std::mem::take(old);
    }
}

pub(crate) fn take_window<R>(list: &mut ListView<R>, window: ListView<R>) {
    list.total = window.total;
    list.more = window.more;
    list.offset = window.offset;
    list.rows = window.rows;
}

pub(crate) fn list_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    // The screen's own table; Entrée, n and / where they do nothing say where they work
    // (they are neither in its hints nor in its help).
    let elsewhere = || {
        keys::action(Context::List, ev)
            .filter(|a| matches!(a, Action::Open | Action::New | Action::Search))
    };
    let Some(action) = keys::action(app.context(), ev).or_else(elsewhere) else {
        return Vec::new();
    };
    app.status = None;
    match action {
        Action::Help => app.layers.open(Layer::Popup(Popup::Help { scroll: 0 })),
        Action::Quit => app.quit = true,
        Action::GoTo(s) => return go_to(app, s),
        Action::NextScreen => return go_to(app, app.screen.next()),
        Action::PrevScreen => return go_to(app, app.screen.prev()),
        Action::Up => return move_selection(app, -1),
        Action::Down => return move_selection(app, 1),
        Action::PageUp => return move_selection(app, -(page(app) as i64)),
        Action::PageDown => return move_selection(app, page(app) as i64),
        Action::First => return move_selection(app, i64::MIN / 2),
        Action::Last => return move_selection(app, i64::MAX / 2),
        Action::Open => match (app.screen, selected_id(app)) {
            (Screen::Comptoirs, Some(id)) => {
                return vec![Cmd::OpenRecord {
                    kind: Kind::Workshop,
                    id,
                }];
            }
            (Screen::Participants, Some(id)) => {
                return vec![Cmd::OpenRecord {
                    kind: Kind::Attendee,
                    id,
                }];
            }
            (Screen::Maturite, Some(id)) => return vec![Cmd::LoadReview { idea: id }],
            (Screen::Idees, Some(id)) => return vec![Cmd::OpenIdea { id }],
            (Screen::Comptoirs | Screen::Participants | Screen::Idees | Screen::Maturite, None) => {
            }
            _ => app.status = Some((Tone::Info, tr("Rien à ouvrir sur cet écran.").into())),
        },
        Action::New => match app.screen {
            Screen::Comptoirs => {
                let territory = app.data.device.as_ref().and_then(|d| d.territory.clone());
                let form = crate::tui::screens::workshops::form::workshop(
                    &app.reference,
                    None,
                    territory.as_deref(),
                    &app.env.today(),
                );
                open_new(app, Kind::Workshop, form);
            }
            Screen::Participants => {
                let form = crate::tui::screens::attendees::form::attendee(&app.reference, None);
                open_new(app, Kind::Attendee, form);
            }
            Screen::Idees | Screen::Maturite => {
                let form = crate::tui::screens::ideas::form::idea(&app.reference, None, false, "");
                open_new(app, Kind::Idea, form);
                if let (Some(r), Some((w, _))) =
                    (app.layers.record_mut(), &app.data.current_workshop)
                {
                    r.extra.push(("workshop", Value::text(w.clone())));
                }
            }
            _ => {
                app.status = Some((
                    Tone::Info,
                    tr("Rien à créer sur cet écran : n sur les écrans 2, 3 et 4.").into(),
                ))
            }
        },
        Action::QuickIdea => {
            return match &app.data.current_workshop {
                Some((id, _)) => vec![Cmd::OpenQuickIdea {
                    workshop: Some(id.clone()),
                }],
                // Asked in a box, so that the title typed next is not taken for commands.
                None => vec![Cmd::PickWorkshop],
            };
        }
        Action::Search if app.screen == Screen::Idees => {
            app.search.get_or_insert_with(Search::default).typing = true;
        }
        Action::Search if app.screen == Screen::Participants => {
            app.search.get_or_insert_with(Search::default).typing = true;
        }
        Action::Search => {
            app.status = Some((
                Tone::Info,
                tr("Pas de recherche sur cet écran : / sur les écrans 3 et 4.").into(),
            ));
        }
        _ => {}
    }
    Vec::new()
}

pub(crate) fn go_to(app: &mut App, screen: Screen) -> Vec<Cmd> {
    if app.screen != screen && app.search.take().is_some() {
        // A search belongs to its screen.
        app.data.people_filter.query.clear();
        app.data.idea_filter.query.clear();
    }
    let changed = app.screen != screen;
    app.screen = screen;
    app.data.shown = screen.list();
    if changed && (screen.list().is_some() || screen == Screen::Accueil) {
        // Its list (or Accueil's counts) is read now: not kept up to date while another
        // screen was shown.
        let mut cmds = vec![Cmd::Reload];
        cmds.extend(follow_selection(app));
        return cmds;
    }
    follow_selection(app)
}

/// Rows visible in the current list.
pub(crate) fn page(app: &App) -> usize {
    let body = layout::areas(app.size.0, app.size.1).body;
    layout::list_rows(body).height.max(1) as usize
}

pub(crate) fn move_selection(app: &mut App, delta: i64) -> Vec<Cmd> {
    let Some(kind) = app.screen.list() else {
        return Vec::new();
    };
    let total = total_of(app, kind);
    if total == 0 {
        return Vec::new();
    }
    let set = |sel: &mut usize| {
        *sel = (*sel as i64 + delta).clamp(0, total as i64 - 1) as usize;
    };
    match kind {
        ListKind::Workshops => set(&mut app.data.workshops.selected),
        ListKind::Attendees => set(&mut app.data.attendees.selected),
        ListKind::Ideas => set(&mut app.data.ideas.selected),
    }
    follow_selection(app)
}

pub(crate) fn total_of(app: &App, kind: ListKind) -> usize {
    match kind {
        ListKind::Workshops => app.data.workshops.total,
        ListKind::Attendees => app.data.attendees.total,
        ListKind::Ideas => app.data.ideas.total,
    }
}

/// Scrolls the current list so the selection is on screen, and asks for the rows when the
/// visible part is not loaded.
pub(crate) fn follow_selection(app: &mut App) -> Vec<Cmd> {
    let Some(kind) = app.screen.list() else {
        return Vec::new();
    };
    let height = page(app);
    fn scroll<R>(list: &mut ListView<R>, height: usize, kind: ListKind) -> Vec<Cmd> {
        if list.selected < list.top {
            list.top = list.selected;
        } else if list.selected >= list.top + height {
            list.top = list.selected + 1 - height;
        }
        // No row hidden above while there is room below (a terminal made taller): a list
        // that fits whole starts at its first row.
        list.top = list.top.min(list.total.saturating_sub(height));
        if list.total > 0 && !list.covers(list.top, height) {
            let offset = list.top.saturating_sub(WINDOW / 4);
            vec![Cmd::LoadWindow { list: kind, offset }]
        } else {
            Vec::new()
        }
    }
    match kind {
        ListKind::Workshops => scroll(&mut app.data.workshops, height, kind),
        ListKind::Attendees => scroll(&mut app.data.attendees, height, kind),
        ListKind::Ideas => scroll(&mut app.data.ideas, height, kind),
    }
}

pub(crate) fn mouse(app: &mut App, ev: MouseEvent) -> Vec<Cmd> {
    if !app.mouse || app.too_small() || app.layers.popup().is_some() {
        return Vec::new();
    }
    let areas = layout::areas(app.size.0, app.size.1);
    match ev.kind {
        MouseEventKind::ScrollDown if app.layers.setup().is_none() => move_selection(app, 3),
        MouseEventKind::ScrollUp if app.layers.setup().is_none() => move_selection(app, -3),
        MouseEventKind::Down(MouseButton::Left) => {
            if let Some(form) = app.layers.setup_mut() {
                let outcome = form.click(layout::setup_form(areas.body), ev.row);
                return setup_outcome(app, outcome);
            }
            if ev.row == areas.tabs.y {
                if let Some((s, _, _)) = layout::tab_spans(app.size.0)
                    .into_iter()
                    .find(|(_, a, b)| ev.column >= *a && ev.column < *b)
                {
                    return go_to(app, s);
                }
                return Vec::new();
            }
            let rows = layout::list_rows(areas.body);
            if let Some(kind) = app.screen.list()
                && ev.row >= rows.y
                && ev.row < rows.bottom()
            {
                let top = match kind {
                    ListKind::Workshops => app.data.workshops.top,
                    ListKind::Attendees => app.data.attendees.top,
                    ListKind::Ideas => app.data.ideas.top,
                };
                let target = top + (ev.row - rows.y) as usize;
                if target < total_of(app, kind) {
                    let current = match kind {
                        ListKind::Workshops => app.data.workshops.selected,
                        ListKind::Attendees => app.data.attendees.selected,
                        ListKind::Ideas => app.data.ideas.selected,
                    };
                    return move_selection(app, target as i64 - current as i64);
                }
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// The id of the selected row of the current list.
pub(crate) fn selected_id(app: &App) -> Option<String> {
    let d = &app.data;
    match app.screen.list()? {
        ListKind::Workshops => d.workshops.row(d.workshops.selected).map(|r| r.id.clone()),
        ListKind::Attendees => d.attendees.row(d.attendees.selected).map(|r| r.id.clone()),
        ListKind::Ideas => d.ideas.row(d.ideas.selected).map(|r| r.id.clone()),
    }
}

/// What every sub-view over a screen does first with a key (a budget, the holders, the
/// conflicts, the duplicates, a review): ↑ and ↓ move its selection, F1 opens the help. The
/// action left, if any, is the view's own.
pub(crate) fn sub_view_action(app: &mut App, ctx: Context, ev: &KeyEvent) -> Option<Action> {
    let action = keys::action(ctx, ev)?;
    match action {
        Action::Help => app.layers.open(Layer::Popup(Popup::Help { scroll: 0 })),
        Action::Up | Action::Down => match app.layers.selection_mut() {
            Some((selected, len)) => {
                step(selected, len, Some(action));
            }
            None => return Some(action),
        },
        _ => return Some(action),
    }
    None
}

/// ↑ and ↓ in a list of `len` items: moves `selected` and says whether the key was that.
pub(crate) fn step(selected: &mut usize, len: usize, action: Option<Action>) -> bool {
    match action {
        Some(Action::Up) => *selected = selected.saturating_sub(1),
        Some(Action::Down) => *selected = (*selected + 1).min(len.saturating_sub(1)),
        _ => return false,
    }
    true
}

/// The keys of every screen (Accueil's and Synchronisation's too): help, quitting, the
/// screens.
pub const SCREEN_KEYS: &[Binding] = &[
    HELP,
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
];

/// The quick idea, on every screen (last in the hints: a list's own keys come first).
pub const QUICK_KEYS: &[Binding] = &[b(&[ch('a')], Action::QuickIdea, "a", "idée rapide", true)];

/// The keys of a screen that shows a list of records (Comptoirs, Participants, Idées,
/// Maturité): lines, pages, opening and making a record.
pub const ROW_KEYS: &[Binding] = &[
    up("ligne précédente"),
    down("ligne suivante"),
    PAGE_UP,
    PAGE_DOWN,
    first("première ligne"),
    last("dernière ligne"),
    b(&[key(Enter)], Action::Open, "Entrée", "ouvrir", true),
    b(&[ch('n')], Action::New, "n", "nouveau", true),
];

/// Searching a list (Participants, Idées).
pub const SEARCH_KEYS: &[Binding] = &[b(&[ch('/')], Action::Search, "/", "chercher", true)];
