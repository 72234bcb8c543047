//! The terminal interface, in The Elm Architecture: events become messages, `update` changes
//! the state and returns commands, `effects` carries them out on the store, `views` draw.

pub mod app;
pub mod effects;
pub mod form;
pub mod keys;
pub mod layout;
pub mod msg;
pub mod theme;
pub mod update;
pub mod views;

use std::io::stdout;

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
}

/// Turns off what `ratatui::restore` does not: mouse capture and bracketed paste.
fn release_terminal() {
    let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
}

/// Runs the interface on `store` until the user quits. The terminal is restored on every way
/// out: quit, error and panic.
pub fn run(store: &mut Store, options: Options) -> Result<()> {
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
            let msg = effects::run(store, cmd, &app.data);
            next.extend(update::update(app, msg));
        }
        cmds = next;
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
    settle(&mut app, store, vec![Cmd::Reload]);
    while !app.quit {
        terminal.draw(|frame| views::view(&app, frame))?;
        let msg = match event::read()? {
            Event::Key(k) => Msg::Key(k),
            Event::Paste(text) => Msg::Paste(text),
            Event::Mouse(m) => Msg::Mouse(m),
            Event::Resize(w, h) => Msg::Resize(w, h),
            _ => continue,
        };
        let cmds = update::update(&mut app, msg);
        settle(&mut app, store, cmds);
    }
    Ok(())
}
