//! The terminal interface, in The Elm Architecture: events become messages, `update` changes
//! the state and returns commands, `effects` carries them out on the store, `views` draw.

pub mod app;
pub mod components;
pub mod effects;
pub mod env;
pub mod form;
pub mod instance;
pub mod keys;
pub mod layers;
pub mod layout;
pub mod lists;
pub mod msg;
pub mod popups;
pub mod screens;
pub mod theme;
pub mod update;
pub mod view;
pub mod widgets;

use std::io::stdout;
use std::sync::mpsc::{Sender, channel};
use std::time::Duration;

use anyhow::Result;
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use crossterm::execute;

use app::App;
use msg::{Cmd, Msg};
use theme::Theme;

use crate::store::Store;

pub struct Options {
    pub mouse: bool,
    /// Another interface has the base open: on which computer (and process).
    pub elsewhere: Option<String>,
}

/// Another interface has the base open: the question comes first, read-only or quit.
pub fn opened_elsewhere(app: &mut App, who: String) {
    app.layers
        .open(layers::Layer::Popup(app::Popup::AlreadyOpen { who }));
}

/// Turns off what `ratatui::restore` does not: mouse capture and bracketed paste.
fn release_terminal() {
    let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
}

/// Runs the interface on `store` until the user quits. The terminal is restored on every way
/// out: quit, error and panic.
pub fn run(store: &mut Store, options: Options) -> Result<()> {
    use std::io::IsTerminal;
    // Started from a script or a pipe: said in French, not a crash.
    if !std::io::stdin().is_terminal() || !stdout().is_terminal() {
        anyhow::bail!(crate::t!(
            "L'interface a besoin d'un terminal : lancez comptoir dans une fenêtre de terminal (la base {path} est prête).",
            path = store
                .path()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        ));
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        release_terminal();
        previous(info);
    }));
    let mut terminal = ratatui::init();
    let setup = if options.mouse {
        execute!(stdout(), EnableBracketedPaste, EnableMouseCapture)
    } else {
        execute!(stdout(), EnableBracketedPaste)
    };
    let result = setup
        .map_err(anyhow::Error::from)
        .and_then(|_| event_loop(&mut terminal, store, options));
    release_terminal();
    ratatui::restore();
    result
}

/// Feeds commands to the store and their answers back to `update` until none are left.
pub fn settle(app: &mut App, store: &mut Store, mut cmds: Vec<Cmd>) {
    while !cmds.is_empty() {
        let mut next = Vec::new();
        for cmd in cmds {
            let msgs = match (refused_read_only(app, &cmd), cmd) {
                (Some(msg), _) => vec![msg],
                // The worker's code, run here to its end: every step comes back as a message.
                (None, Cmd::Sync { target, phrase }) => {
                    if let Some(p) = phrase {
                        store.use_phrase(p);
                    }
                    let mut msgs = Vec::new();
                    effects::sync_worker(store, &target, &mut |msg| msgs.push(msg));
                    msgs
                }
                (None, cmd) => vec![effects::run(store, cmd, &app.data)],
            };
            for msg in msgs {
                next.extend(update::update(app, msg));
            }
        }
        cmds = next;
    }
}

/// Opened read-only, a command that would write is answered with why it was not carried out
/// (the store, set read-only too, would refuse it anyway, in words about file rights).
fn refused_read_only(app: &App, cmd: &Cmd) -> Option<Msg> {
    if !app.read_only {
        return None;
    }
    let why = || {
        crate::i18n::tr("Lecture seule : rien n'est enregistré ici (base ouverte ailleurs).")
            .to_string()
    };
    match cmd {
        Cmd::Save { purpose, .. } => Some(Msg::Saved {
            purpose: *purpose,
            result: Err(msg::SaveError {
                field: None,
                message: why(),
            }),
        }),
        Cmd::SetSetting { .. }
        | Cmd::Sync { .. }
        | Cmd::Import { .. }
        | Cmd::MergePeople { .. }
        | Cmd::Forget { .. }
        | Cmd::Settle { .. } => Some(Msg::Done(Err(why()))),
        _ => None,
    }
}

/// Carries out commands as the real program does: a sync goes to a worker thread, which
/// reports progress and its end as messages; everything else is quick and runs here.
fn dispatch(app: &mut App, store: &mut Store, cmds: Vec<Cmd>, worker: &Sender<Msg>) {
    let (syncs, others): (Vec<Cmd>, Vec<Cmd>) = cmds
        .into_iter()
        .partition(|c| matches!(c, Cmd::Sync { .. }));
    settle(app, store, others);
    for cmd in syncs {
        let Cmd::Sync { target, phrase } = cmd else {
            continue;
        };
        let Some(path) = store.path().map(std::path::Path::to_path_buf) else {
            continue;
        };
        // The passphrase just typed is this interface's from now on (for a preview); the
        // worker's connection is given it, or the one kept.
        if let Some(p) = &phrase {
            store.use_phrase(p.clone());
        }
        let phrase = phrase.or_else(|| store.phrase().cloned());
        let reference = store.reference_arc();
        let tx = worker.clone();
        std::thread::spawn(move || {
            // Its own connection: the interface keeps reading and writing meanwhile (WAL).
            let opened = match &phrase {
                Some(p) => Store::open_keyed(&path, reference, p),
                None => Store::open(&path, reference),
            };
            match opened {
                Ok(mut local) => effects::sync_worker(&mut local, &target, &mut |msg| {
                    let _ = tx.send(msg);
                }),
                Err(e) => {
                    let _ = tx.send(Msg::SyncDone(Err(crate::strings::user_error(&e))));
                }
            }
        });
    }
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    store: &mut Store,
    options: Options,
) -> Result<()> {
    let size = terminal.size()?;
    let mut app = App::new(
        store.reference_arc(),
        Theme::from_env(),
        options.mouse,
        (size.width, size.height),
    );
    let (worker, replies) = channel();
    settle(&mut app, store, vec![Cmd::Reload]);
    if let Some(who) = options.elsewhere {
        opened_elsewhere(&mut app, who);
    }
    // A test hook: proves the terminal is given back after a panic (tests/terminal.rs).
    let panic_on_key = std::env::var_os("COMPTOIR_TEST_PANIQUE").is_some();
    while !app.quit {
        terminal.draw(|frame| view::view(&app, frame))?;
        if event::poll(Duration::from_millis(100))? {
            let msg = match event::read()? {
                Event::Key(k) => Msg::Key(k),
                Event::Paste(text) => Msg::Paste(text),
                Event::Mouse(m) => Msg::Mouse(m),
                Event::Resize(w, h) => Msg::Resize(w, h),
                _ => continue,
            };
            if panic_on_key && matches!(msg, Msg::Key(_)) {
                panic!("panique de test demandée par COMPTOIR_TEST_PANIQUE");
            }
            let cmds = update::update(&mut app, msg);
            dispatch(&mut app, store, cmds, &worker);
        }
        while let Ok(msg) = replies.try_recv() {
            let cmds = update::update(&mut app, msg);
            dispatch(&mut app, store, cmds, &worker);
        }
    }
    Ok(())
}
