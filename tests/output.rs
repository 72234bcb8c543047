//! What the program writes to the terminal: a key that moves the cursor in a list sends only
//! what changed on screen, not the whole screen again (ratatui compares each frame with the
//! last one; a view that redrew everything, or a clear per frame, would break this).

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::*;
use comptoir::tui::theme::Theme;
use crossterm::event::KeyCode;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

/// A terminal's input: counts the bytes written to it.
#[derive(Clone, Default)]
struct Counted(Arc<Mutex<usize>>);

impl Write for Counted {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        *self.0.lock().unwrap() += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Counted {
    fn take(&self) -> usize {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

/// Bytes of the first full frame of a screen, then of the frame after one ↓, at 120x40.
fn bytes_for_a_move(screen: char) -> (usize, usize) {
    let mut store = empty_store();
    comptoir::demo::build(&mut store, 200, 3).unwrap();
    let mut app = app_on(&mut store, (120, 40), Theme { colour: true });
    press(&mut app, &mut store, &[key(KeyCode::Char(screen))]);
    let out = Counted::default();
    let mut terminal = Terminal::with_options(
        CrosstermBackend::new(out.clone()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, 120, 40)),
        },
    )
    .unwrap();
    terminal
        .draw(|f| comptoir::tui::view::view(&app, f))
        .unwrap();
    let full = out.take();
    press(&mut app, &mut store, &[key(KeyCode::Down)]);
    terminal
        .draw(|f| comptoir::tui::view::view(&app, f))
        .unwrap();
    (full, out.take())
}

#[test]
fn a_cursor_move_in_a_list_writes_at_most_five_percent_of_a_full_redraw() {
    let measured: Vec<_> = [('3', "participants"), ('4', "idées"), ('5', "maturité")]
        .into_iter()
        .map(|(screen, name)| (name, bytes_for_a_move(screen)))
        .collect();
    for (name, (full, moved)) in &measured {
        let ratio = *moved as f64 / *full as f64;
        println!("{name}: full frame {full} bytes, one ↓ {moved} bytes ({ratio:.3})");
    }
    for (name, (full, moved)) in measured {
        let ratio = moved as f64 / full as f64;

        assert!(
            full > 2_000,
            "{name}: a full 120x40 frame is written whole ({full})"
        );
        assert!(moved > 0, "{name}: the move is drawn");
        assert!(
            ratio <= 0.05,
            "{name}: one ↓ wrote {moved} bytes, {:.1} % of a full frame ({full})",
            ratio * 100.0
        );
    }
}
