//! The one form component: every form of the program is a `Form` of typed fields.
//!
//! It takes a key first and says what became of it ([`Outcome`]), as gitui's components do: the
//! focused input uses what it understands (characters, arrows inside a text, Space on a box),
//! then the form's own table (`keys::Context::Form`) moves between fields, saves or goes back.
//! Leaving a field that changed is reported, so the caller can save it at once (autosave).

mod field;
mod input;
mod render;
#[cfg(test)]
mod tests;

pub use field::{Field, Input, several_match};

use crate::domain::model::Value;
use crate::tui::keys::{self, Action, Context, alt};
use crate::tui::keys::{Binding, b, ctrl, key, shift_tab};
use crossterm::event::KeyCode::{Down, Enter, Esc, F, Tab, Up};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use std::sync::Arc;

/// Suggestions for a completion field: (code, label) pairs for what was typed.
pub type Completer = Arc<dyn Fn(&str) -> Vec<(String, String)> + Send + Sync>;

/// A number typed in a choice read as one of its codes (an age as its bracket's code), or the
/// sentence saying why it cannot be (an age under 11).
pub type NumberRule = fn(u32) -> Result<&'static str, &'static str>;

/// What the form did with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Used inside the form; nothing for the caller to do.
    Used,
    /// Not for the form (F1, for instance).
    Ignored,
    /// Focus left this field, which had changed: save it now.
    Left(usize),
    /// Save the whole form (Ctrl+S, F2, or Entrée on the last field).
    Submit,
    /// Back (Échap).
    Cancel,
}

pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A field on which Entrée saves the whole form though others follow it (the quick
    /// capture's summary, with its optional co-holders after it); otherwise only the last one.
    pub submit_at: Option<&'static str>,
}

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<Field>) -> Form {
        Form {
            title: title.into(),
            fields,
            focus: 0,
            submit_at: None,
        }
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn field_mut(&mut self, name: &str) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.name == name)
    }

    /// Puts an error (from the store's rules) under a field and moves the focus there.
    pub fn set_error(&mut self, name: &str, message: String) {
        if let Some(i) = self.fields.iter().position(|f| f.name == name) {
            self.fields[i].error = Some(message);
            self.focus = i;
        }
    }

    /// Puts an error under a field and leaves the focus where it is: an autosave refused while
    /// the user moves on says why without pulling them back (a box would hold the focus).
    pub fn put_error(&mut self, name: &str, message: String) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.name == name) {
            f.error = Some(message);
        }
    }

    /// Checks every field; true when all can be read. Errors are shown under the fields, and
    /// the focus goes to the first one.
    pub fn validate(&mut self) -> bool {
        let mut first = None;
        for (i, f) in self.fields.iter_mut().enumerate() {
            f.error = f.value().err();
            if f.error.is_some() && first.is_none() {
                first = Some(i);
            }
        }
        if let Some(i) = first {
            self.focus = i;
        }
        first.is_none()
    }

    /// Every field's value (call `validate` first).
    pub fn values(&self) -> Vec<(&'static str, Value)> {
        self.fields
            .iter()
            .filter_map(|f| f.value().ok().map(|v| (f.name, v)))
            .collect()
    }

    pub fn mark_saved(&mut self) {
        for f in &mut self.fields {
            f.dirty = false;
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.fields.iter().any(|f| f.dirty)
    }

    /// Moves the focus to field `to` as Tab would (the field left is checked and reported).
    pub fn go_to(&mut self, to: usize) -> Outcome {
        self.leave(to.min(self.fields.len().saturating_sub(1)))
    }

    fn leave(&mut self, to: usize) -> Outcome {
        let from = self.focus;
        let field = &mut self.fields[from];
        field.error = field.value().err();
        match &mut field.input {
            Input::Completion { suggestions, .. } => suggestions.clear(),
            Input::Choice {
                typed,
                fresh,
                selected,
                ..
            } => {
                // Coming back starts a new text; a text that chose stays chosen.
                *fresh = true;
                if selected.is_some() {
                    typed.clear();
                }
            }
            Input::Checkbox { on, typed, before } => {
                typed.clear();
                *before = *on;
            }
            _ => {}
        }
        self.focus = to;
        if field.dirty {
            Outcome::Left(from)
        } else {
            Outcome::Used
        }
    }

    pub fn handle_key(&mut self, ev: &KeyEvent) -> Outcome {
        if self.fields.is_empty() {
            return Outcome::Ignored;
        }
        if self.fields[self.focus].input_key(ev) {
            let f = &mut self.fields[self.focus];
            f.dirty = true;
            let typed_choice = matches!(&f.input, Input::Choice { typed, .. } if !typed.trim().is_empty())
                || (ev.code == KeyCode::Enter
                    && matches!(&f.input, Input::Completion { free: false, .. }));
            if f.error.is_some() || typed_choice {
                // Say the error until it is fixed, not a moment longer.
                f.error = f.value().err();
            }
            return Outcome::Used;
        }
        let last = self.fields.len() - 1;
        match keys::action(Context::Form, ev) {
            Some(Action::NextField)
                if ev.code == KeyCode::Enter
                    && ((self.focus + 1..=last).all(|i| self.fields[i].disabled)
                        || self.submit_at == Some(self.fields[self.focus].name)) =>
            {
                let _ = self.leave(self.focus);
                Outcome::Submit
            }
            Some(Action::NextField) => {
                // Tab never sits still: past the last field it goes round to the first.
                let wrap = ev.code == KeyCode::Tab;
                let to = (self.focus + 1..=last)
                    .chain((0..self.focus).filter(|_| wrap))
                    .find(|&i| !self.fields[i].disabled)
                    .unwrap_or(self.focus);
                self.leave(to)
            }
            Some(Action::PrevField) => {
                let to = (0..self.focus)
                    .rev()
                    .find(|&i| !self.fields[i].disabled)
                    .unwrap_or(self.focus);
                self.leave(to)
            }
            Some(Action::Save) => {
                let _ = self.leave(self.focus);
                Outcome::Submit
            }
            Some(Action::Back) => Outcome::Cancel,
            _ => Outcome::Ignored,
        }
    }

    pub fn paste(&mut self, text: &str) -> Outcome {
        self.paste_cut(text).0
    }

    /// Pastes into the focused field; the second value is the length it was cut at, when
    /// the text was longer than the field holds.
    pub fn paste_cut(&mut self, text: &str) -> (Outcome, Option<usize>) {
        if self.fields.is_empty() {
            return (Outcome::Ignored, None);
        }
        let f = &mut self.fields[self.focus];
        match f.paste(text) {
            Some(cut) => {
                f.dirty = true;
                (Outcome::Used, cut)
            }
            None => (Outcome::Ignored, None),
        }
    }

    /// Focus the field under a click at row `y` of a form drawn at `area`.
    pub fn click(&mut self, area: Rect, y: u16) -> Outcome {
        let mut top = area.y;
        for i in 0..self.fields.len() {
            let h = self.fields[i].rows();
            if y >= top && y < top + h {
                return if i == self.focus {
                    Outcome::Used
                } else {
                    self.leave(i)
                };
            }
            top += h;
        }
        Outcome::Ignored
    }
}

/// Every form: the first-run questions, record forms, the one-field editor.
pub const KEYS: &[Binding] = &[
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
        &[alt(Enter), ctrl('j')],
        Action::NewLine,
        "Alt+Entrée",
        "nouvelle ligne (texte long)",
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
