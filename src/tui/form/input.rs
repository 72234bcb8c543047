//! A field taking a key or a paste: text, amounts, dates, choices, boxes, completions.

use super::field::{choose, exact_suggestion, text_area};
use super::*;
use crate::tui::keys::{self};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};

impl Field {
    /// Gives the focused input a key; true when it used it.
    pub(super) fn input_key(&mut self, ev: &KeyEvent) -> bool {
        if self.replace_on_type && keys::typed_char(ev).is_some() {
            self.clear();
        }
        let used = self.input_key_inner(ev);
        if used {
            self.replace_on_type = false;
        }
        used
    }

    fn input_key_inner(&mut self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL)
            && !ev.modifiers.contains(KeyModifiers::ALT);
        match &mut self.input {
            Input::Line(area) | Input::Amount(area) | Input::Date(area) => {
                edit_text(area, ev, false, ctrl)
            }
            Input::Multi { area, .. } => edit_text(area, ev, true, ctrl),
            Input::Completion {
                area,
                source,
                suggestions,
                pick,
                chosen,
                free,
            } => match ev.code {
                KeyCode::Down if !suggestions.is_empty() => {
                    *pick = Some(pick.map_or(0, |p| (p + 1).min(suggestions.len() - 1)));
                    true
                }
                KeyCode::Up if !suggestions.is_empty() && pick.is_some_and(|p| p > 0) => {
                    *pick = pick.map(|p| p - 1);
                    true
                }
                // Typed text that fits several suggestions, or only looks like one (« Lille »
                // is not « Lillers »), chooses nothing: Entrée says why, Tab moves on.
                KeyCode::Enter if !suggestions.is_empty() && pick.is_none() => true,
                KeyCode::Enter | KeyCode::Tab if pick.is_some() && !suggestions.is_empty() => {
                    let p = pick.unwrap_or(0).min(suggestions.len() - 1);
                    let (code, label) = suggestions[p].clone();
                    // Entrée on a suggestion that is already what was typed (a whole path)
                    // has nothing to take: it goes on as Entrée does.
                    let same = Field::text(area).trim() == label.trim();
                    *area = text_area(&label);
                    *chosen = Some((code, label));
                    suggestions.clear();
                    // Tab both accepts and moves on; Entrée only accepts.
                    ev.code == KeyCode::Enter && !same
                }
                KeyCode::Esc if !suggestions.is_empty() => {
                    suggestions.clear();
                    true
                }
                _ => {
                    let used = edit_text(area, ev, false, ctrl);
                    if used {
                        let typed = Field::text(area);
                        *suggestions = if typed.trim().is_empty() {
                            Vec::new()
                        } else {
                            source(&typed)
                        };
                        suggestions.truncate(8);
                        *pick = if *free {
                            (!suggestions.is_empty()).then_some(0)
                        } else {
                            exact_suggestion(suggestions, &typed)
                        };
                        if chosen
                            .as_ref()
                            .is_some_and(|(_, l)| l.trim() != typed.trim())
                        {
                            *chosen = None;
                        }
                    }
                    used
                }
            },
            Input::Choice {
                options,
                selected,
                typed,
                fresh,
                numbers,
            } => match ev.code {
                KeyCode::Char(' ') if typed.is_empty() || *fresh => {
                    typed.clear();
                    *fresh = false;
                    if options.is_empty() {
                        return false;
                    }
                    *selected = Some(selected.map_or(0, |s| (s + 1) % options.len()));
                    true
                }
                KeyCode::Right if !options.is_empty() => {
                    typed.clear();
                    *selected = Some(selected.map_or(0, |s| (s + 1) % options.len()));
                    true
                }
                KeyCode::Left if !options.is_empty() => {
                    typed.clear();
                    *selected = Some(selected.map_or(options.len() - 1, |s| {
                        (s + options.len() - 1) % options.len()
                    }));
                    true
                }
                KeyCode::Backspace if !typed.is_empty() && !*fresh => {
                    typed.pop();
                    *selected = if typed.is_empty() {
                        None
                    } else {
                        choose(options, typed, *numbers).ok()
                    };
                    true
                }
                KeyCode::Delete | KeyCode::Backspace => {
                    typed.clear();
                    *selected = None;
                    true
                }
                KeyCode::Char('u') if ctrl => {
                    typed.clear();
                    *selected = None;
                    true
                }
                KeyCode::Char(_) if keys::typed_char(ev).is_some() => {
                    // What is typed narrows by label (or reads as a number): never a jump
                    // on a first character alone.
                    if *fresh {
                        typed.clear();
                        *fresh = false;
                    }
                    if typed.chars().count() < 40 {
                        typed.extend(keys::typed_char(ev));
                    }
                    *selected = choose(options, typed, *numbers).ok();
                    true
                }
                _ => false,
            },
            Input::Several {
                options,
                checked,
                cursor,
            } => match ev.code {
                KeyCode::Right if *cursor + 1 < options.len() => {
                    *cursor += 1;
                    true
                }
                KeyCode::Left if *cursor > 0 => {
                    *cursor -= 1;
                    true
                }
                KeyCode::Char(' ') if !options.is_empty() => {
                    checked[*cursor] = !checked[*cursor];
                    true
                }
                KeyCode::Left | KeyCode::Right => true,
                _ => false,
            },
            Input::Checkbox { on, typed, before } => match ev.code {
                KeyCode::Char(' ') if ev.modifiers - KeyModifiers::SHIFT == KeyModifiers::NONE => {
                    *on = !*on;
                    typed.clear();
                    *before = *on;
                    true
                }
                KeyCode::Char(_) if keys::typed_char(ev).is_some() => {
                    // « o », « oui », « n », « non » (and « y », « yes ») answer; any other
                    // word goes nowhere and leaves the box as it was when entered: « Olivier »
                    // typed in the wrong place does not tick a consent.
                    let answers = ["oui", "yes", "non", "no"];
                    if typed.is_empty() {
                        // A first letter that starts no answer goes nowhere: it is not kept,
                        // so « o » typed after it still ticks.
                        let first = crate::domain::text::fold(
                            &keys::typed_char(ev).map(String::from).unwrap_or_default(),
                        );
                        if first.is_empty() || !answers.iter().any(|w| w.starts_with(&first)) {
                            return true;
                        }
                        *before = *on;
                    }
                    if typed.chars().count() < 8 {
                        typed.extend(keys::typed_char(ev));
                    }
                    let word = crate::domain::text::fold(typed);
                    let answer = |words: &[&str]| words.iter().any(|w| w.starts_with(&word));
                    *on = if word.is_empty() {
                        *before
                    } else if answer(&["oui", "yes"]) {
                        true
                    } else if answer(&["non", "no"]) {
                        false
                    } else {
                        // Not an answer (« Olivier »): the box goes back to what it was, and
                        // the word is forgotten, so that « o » or « n » typed next answers.
                        typed.clear();
                        *before
                    };
                    true
                }
                KeyCode::Backspace => {
                    typed.clear();
                    *on = *before;
                    true
                }
                _ => false,
            },
        }
    }

    /// Pastes `text` at the cursor, cut to what the field can hold: `None` when the field
    /// takes no text, else whether it was cut (and at how many characters).
    pub(super) fn paste(&mut self, text: &str) -> Option<Option<usize>> {
        use crate::domain::rules::{MAX_LINE, MAX_TEXT};
        if !matches!(
            self.input,
            Input::Line(_)
                | Input::Amount(_)
                | Input::Date(_)
                | Input::Completion { .. }
                | Input::Multi { .. }
        ) {
            return None;
        }
        if std::mem::take(&mut self.replace_on_type) {
            self.clear();
        }
        let (area, text, max) = match &mut self.input {
            Input::Line(a)
            | Input::Amount(a)
            | Input::Date(a)
            | Input::Completion { area: a, .. } => {
                (a, crate::domain::text::clean_line(text), MAX_LINE)
            }
            Input::Multi { area, .. } => (
                area,
                text.replace("\r\n", "\n").replace('\r', "\n"),
                MAX_TEXT,
            ),
            _ => return None,
        };
        let held: usize = area.lines().iter().map(|l| l.chars().count()).sum();
        let room = max.saturating_sub(held);
        if text.chars().count() > room {
            let kept: String = text.chars().take(room).collect();
            area.insert_str(kept);
            Some(Some(max))
        } else {
            area.insert_str(text);
            Some(None)
        }
    }
}

/// Office keys for a text: characters (AltGr included), ← → (Ctrl: by word), Début/Fin,
/// Retour arrière, Suppr (Ctrl: by word), Ctrl+Z / Ctrl+Y; in several lines, ↑ ↓ and Entrée too.
fn edit_text(area: &mut TextArea<'_>, ev: &KeyEvent, multi: bool, ctrl: bool) -> bool {
    if let Some(c) = keys::typed_char(ev) {
        area.insert_char(c);
        return true;
    }
    match ev.code {
        KeyCode::Backspace if ctrl => {
            area.delete_word();
        }
        KeyCode::Backspace => {
            area.delete_char();
        }
        KeyCode::Delete if ctrl => {
            area.delete_next_word();
        }
        KeyCode::Delete => {
            area.delete_next_char();
        }
        KeyCode::Left if ctrl => area.move_cursor(CursorMove::WordBack),
        KeyCode::Left => area.move_cursor(CursorMove::Back),
        KeyCode::Right if ctrl => area.move_cursor(CursorMove::WordForward),
        KeyCode::Right => area.move_cursor(CursorMove::Forward),
        KeyCode::Home => area.move_cursor(CursorMove::Head),
        KeyCode::End => area.move_cursor(CursorMove::End),
        // Ctrl+U empties the line (a long paste, a commune given by default).
        KeyCode::Char('u') if ctrl => {
            area.move_cursor(CursorMove::Head);
            area.delete_line_by_end();
        }
        KeyCode::Char('z') if ctrl => {
            area.undo();
        }
        KeyCode::Char('y') if ctrl => {
            area.redo();
        }
        KeyCode::Up if multi && area.cursor().0 > 0 => area.move_cursor(CursorMove::Up),
        KeyCode::Down if multi && area.cursor().0 + 1 < area.lines().len() => {
            area.move_cursor(CursorMove::Down)
        }
        // Entrée goes on (to the next field, or saves on the last one), as the hints say; a
        // new line has its own keys: Alt+Entrée, or Ctrl+J where a terminal keeps Alt.
        KeyCode::Enter
            if multi
                && ev
                    .modifiers
                    .intersects(KeyModifiers::ALT | KeyModifiers::SHIFT) =>
        {
            area.insert_newline()
        }
        KeyCode::Char('j') if multi && ctrl => area.insert_newline(),
        _ => return false,
    }
    true
}
