//! Colours by meaning, on the 16 ANSI colours so the user's palette applies. State is never said
//! by colour alone: `*` marks required fields, `▶` the selection, `✗` an error, reverse video the
//! focus.
//!
//! With `NO_COLOR`, crossterm 0.29 writes a full attribute reset whenever a colour changes,
//! which drops bold and reverse; so the draw loop calls [`strip_colours`] on the finished buffer,
//! and every cell keeps its modifiers with `Reset` colours.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub colour: bool,
}

impl Theme {
    pub fn from_env() -> Theme {
        Theme {
            colour: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.colour {
            Style::default().fg(c)
        } else {
            Style::default()
        }
    }

    pub fn normal(&self) -> Style {
        Style::default()
    }
    pub fn focus(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }
    pub fn focus_marker(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn selection(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::REVERSED)
    }
    pub fn input(&self) -> Style {
        Style::default().add_modifier(Modifier::UNDERLINED)
    }
    pub fn input_focus(&self) -> Style {
        Style::default().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
    }
    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub fn warning(&self) -> Style {
        self.fg(Color::Yellow)
    }
    pub fn success(&self) -> Style {
        self.fg(Color::Green)
    }
    pub fn muted(&self) -> Style {
        self.fg(Color::DarkGray)
    }
    pub fn title(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }
    pub fn tab_active(&self) -> Style {
        self.fg(Color::Cyan)
            .add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }
    pub fn bar(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }
}

/// Sets every cell's colours to `Reset`, keeping bold, reverse and underline.
pub fn strip_colours(buf: &mut Buffer) {
    for cell in buf.content.iter_mut() {
        cell.set_fg(Color::Reset);
        cell.set_bg(Color::Reset);
    }
}
