//! The one form component: every form of the program is a `Form` of typed fields.
//!
//! It takes a key first and says what became of it ([`Outcome`]), as gitui's components do: the
//! focused input uses what it understands (characters, arrows inside a text, Space on a box),
//! then the form's own table (`keys::Context::Form`) moves between fields, saves or goes back.
//! Leaving a field that changed is reported, so the caller can save it at once (autosave).

use crate::i18n::tr;
use std::sync::Arc;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};
use unicode_width::UnicodeWidthStr;

use super::keys::{self, Action, Context};
use super::theme::Theme;
use crate::domain::model::Value;
use crate::domain::money;

/// Suggestions for a completion field: (code, label) pairs for what was typed.
pub type Completer = Arc<dyn Fn(&str) -> Vec<(String, String)> + Send + Sync>;

/// A number typed in a choice read as one of its codes (an age as its bracket's code), or the
/// sentence saying why it cannot be (an age under 11).
pub type NumberRule = fn(u32) -> Result<&'static str, &'static str>;

/// The option a typed text stands for, only when it stands for one: a label or a code typed
/// whole; with `numbers`, a number (« 16 », « 16 ans ») read as what it is, an age; else the
/// one label starting with the text, else the one with a word starting with it. Text that
/// several labels start with chooses nothing: `Err` names them and asks for more letters;
/// `Err` also says why no option fits.
fn choose(
    options: &[(String, String)],
    typed: &str,
    numbers: Option<NumberRule>,
) -> Result<usize, String> {
    use crate::domain::text::fold;
    let want = fold(typed);
    if want.is_empty() {
        return Err(tr("obligatoire.").into());
    }
    let labels: Vec<String> = options.iter().map(|(_, l)| fold(l)).collect();
    // A label or a code typed whole wins over the labels it starts.
    if let Some(i) = labels
        .iter()
        .zip(options)
        .position(|(l, (code, _))| *l == want || fold(code) == want)
    {
        return Ok(i);
    }
    if let Some(rule) = numbers {
        let number = want
            .strip_suffix(" ans")
            .or_else(|| want.strip_suffix(" an"))
            .unwrap_or(&want);
        if !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()) {
            // « 6 » is six years old, not the start of « 65 ans et plus ».
            let n = number.parse::<u32>().unwrap_or(u32::MAX);
            return match rule(n) {
                Ok(code) => options
                    .iter()
                    .position(|(c, _)| c == code)
                    .ok_or_else(|| tr("aucun choix ne correspond.").to_string()),
                Err(why) => Err(why.to_string()),
            };
        }
    }
    let starting: Vec<usize> = (0..labels.len())
        .filter(|&i| labels[i].starts_with(&want))
        .collect();
    let found = if starting.is_empty() {
        (0..labels.len())
            .filter(|&i| labels[i].split(' ').any(|w| w.starts_with(&want)))
            .collect()
    } else {
        starting
    };
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(crate::t!(
            "« {typed} » : aucun choix ne correspond (← → pour les voir).",
            typed
        )),
        several => Err(several_match(
            typed,
            several.iter().map(|&i| options[i].1.as_str()),
        )),
    }
}

/// The suggestion whose name (the label before a « (code) ») is the text typed, folded.
fn exact_suggestion(suggestions: &[(String, String)], typed: &str) -> Option<usize> {
    use crate::domain::text::fold;
    let want = fold(typed);
    let name = |label: &str| fold(label.rsplit_once(" (").map_or(label, |(n, _)| n));
    if let Some(i) = suggestions
        .iter()
        .position(|(_, label)| name(label) == want || fold(label) == want)
    {
        return Some(i);
    }
    // Else the one suggestion naming every typed word whole (« wimez » for « Salomé Wimez »;
    // « Lille » does not name « Lillers »).
    let named: Vec<usize> = (0..suggestions.len())
        .filter(|&i| {
            let words = name(&suggestions[i].1);
            let words: Vec<&str> = words.split(' ').collect();
            want.split(' ').all(|w| words.contains(&w))
        })
        .collect();
    match named.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// Why a text typed in a completion is not a value yet.
fn not_picked(suggestions: &[(String, String)], typed: &str) -> String {
    match suggestions {
        [] => crate::t!(
            "« {typed} » n'est pas dans la liste : vérifiez l'orthographe.",
            typed = typed.trim()
        ),
        [(_, only)] => crate::t!(
            "« {typed} » n'est pas dans la liste ; ↓ puis Entrée pour « {only} ».",
            typed = typed.trim(),
            only
        ),
        several => format!(
            "{} {}",
            several_match(typed, several.iter().map(|(_, l)| l.as_str())),
            tr("(↓ puis Entrée pour choisir)")
        ),
    }
}

/// Says that a typed text matches several labels, naming the first few, and asks for more.
pub fn several_match<'a>(typed: &str, labels: impl ExactSizeIterator<Item = &'a str>) -> String {
    let n = labels.len();
    let mut list = labels.take(3).collect::<Vec<_>>().join(", ");
    if n > 3 {
        list.push('…');
    }
    crate::t!(
        "« {typed} » : {n} choix possibles ({list}), tapez la suite.",
        typed = typed.trim(),
        n,
        list
    )
}

pub enum Input {
    /// One line of text.
    Line(TextArea<'static>),
    /// Several lines, word-wrapped, `rows` high.
    Multi { area: TextArea<'static>, rows: u16 },
    /// An amount in euros, kept as typed; read by `money::parse_optional`.
    Amount(TextArea<'static>),
    /// A date typed `jj/mm/aaaa`.
    Date(TextArea<'static>),
    /// One among options (code, label); ← → change it, or type: the text narrows by label
    /// (and, with `numbers`, a number picks the option holding it: an age, its bracket).
    Choice {
        options: Vec<(String, String)>,
        selected: Option<usize>,
        /// What was typed since the field was entered.
        typed: String,
        /// The next character starts a new text (the field was just entered).
        fresh: bool,
        numbers: Option<NumberRule>,
    },
    /// Several among options; ← → move, Space ticks.
    Several {
        options: Vec<(String, String)>,
        checked: Vec<bool>,
        cursor: usize,
    },
    /// Text with suggestions; ↑ ↓ pick, Entrée accepts.
    Completion {
        area: TextArea<'static>,
        source: Completer,
        suggestions: Vec<(String, String)>,
        /// The suggestion Entrée would take: one the user moved to with ↑ ↓, or the one
        /// whose name is exactly what was typed; none while the text fits several.
        pick: Option<usize>,
        chosen: Option<(String, String)>,
        /// Whatever is typed is a value too (a path), not only a pick from the list.
        free: bool,
    },
    /// Yes or no; Space toggles; « o » (oui) and « n » (non) typed alone say it too.
    Checkbox {
        on: bool,
        /// Letters typed since the box was entered, and the value it had then: a word that
        /// is not « oui » or « non » (a name typed in the wrong place) leaves it as it was.
        typed: String,
        before: bool,
    },
}

pub struct Field {
    pub name: &'static str,
    pub label: String,
    pub required: bool,
    pub input: Input,
    pub error: Option<String>,
    /// Changed since it was last saved.
    pub dirty: bool,
    /// Skipped by the focus and shown greyed, with `note` saying why.
    pub disabled: bool,
    pub note: Option<String>,
    /// Holds a value given by default (the workshop's commune): the first character typed
    /// replaces it rather than adding to it.
    pub replace_on_type: bool,
}

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
}

fn text_area(initial: &str) -> TextArea<'static> {
    let mut area = TextArea::new(initial.split('\n').map(String::from).collect());
    area.set_cursor_line_style(Style::default());
    area.set_cursor_style(Style::default());
    area.move_cursor(CursorMove::Bottom);
    area.move_cursor(CursorMove::End);
    area
}

impl Field {
    fn new(name: &'static str, label: &str, input: Input) -> Field {
        Field {
            name,
            label: label.to_string(),
            required: false,
            input,
            error: None,
            dirty: false,
            disabled: false,
            note: None,
            replace_on_type: false,
        }
    }

    /// A value given by default: kept as it is, or replaced by what is typed.
    pub fn by_default(mut self) -> Field {
        self.replace_on_type = !self.is_blank();
        self
    }

    /// Turns the field off (its value is then empty) or on again, with why.
    pub fn set_disabled(&mut self, disabled: bool, note: Option<&str>) {
        if disabled && !self.disabled {
            self.clear();
        }
        self.disabled = disabled;
        self.note = note.map(String::from);
        if disabled {
            self.error = None;
        }
    }

    /// Empties the field.
    pub fn clear(&mut self) {
        match &mut self.input {
            Input::Line(a) | Input::Amount(a) | Input::Date(a) | Input::Multi { area: a, .. } => {
                if !a.is_empty() {
                    *a = text_area("");
                    self.dirty = true;
                }
            }
            Input::Completion {
                area,
                chosen,
                suggestions,
                ..
            } => {
                if !area.is_empty() {
                    *area = text_area("");
                    self.dirty = true;
                }
                *chosen = None;
                suggestions.clear();
            }
            Input::Choice {
                selected, typed, ..
            } => {
                if selected.take().is_some() || !typed.is_empty() {
                    self.dirty = true;
                }
                typed.clear();
            }
            Input::Several { checked, .. } => {
                if checked.iter().any(|c| *c) {
                    checked.iter_mut().for_each(|c| *c = false);
                    self.dirty = true;
                }
            }
            Input::Checkbox { on, typed, before } => {
                if *on {
                    *on = false;
                    self.dirty = true;
                }
                typed.clear();
                *before = false;
            }
        }
    }

    /// Puts a text in a text field (a date filled in for the user).
    pub fn set_text(&mut self, text: &str) {
        if let Input::Line(a) | Input::Amount(a) | Input::Date(a) | Input::Multi { area: a, .. } =
            &mut self.input
        {
            *a = text_area(text);
            self.dirty = true;
        }
    }

    /// Nothing typed: blank, or still holding its value by default.
    pub fn is_untouched(&self) -> bool {
        self.replace_on_type || self.is_blank()
    }

    /// Nothing typed, picked or ticked.
    pub fn is_blank(&self) -> bool {
        self.disabled
            || match &self.input {
                Input::Line(a)
                | Input::Amount(a)
                | Input::Date(a)
                | Input::Multi { area: a, .. } => Field::text(a).trim().is_empty(),
                Input::Completion { area, .. } => Field::text(area).trim().is_empty(),
                Input::Choice {
                    selected, typed, ..
                } => selected.is_none() && typed.trim().is_empty(),
                Input::Several { checked, .. } => !checked.iter().any(|c| *c),
                Input::Checkbox { on, .. } => !*on,
            }
    }
    pub fn line(name: &'static str, label: &str, value: &str) -> Field {
        Field::new(name, label, Input::Line(text_area(value)))
    }
    pub fn multi(name: &'static str, label: &str, value: &str, rows: u16) -> Field {
        let mut area = text_area(value);
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        Field::new(name, label, Input::Multi { area, rows })
    }
    pub fn amount(name: &'static str, label: &str, cents: Option<i64>) -> Field {
        let typed = cents
            .map(|c| money::format_number(money::Cents(c)))
            .unwrap_or_default();
        Field::new(name, label, Input::Amount(text_area(&typed)))
    }
    /// `iso` is `AAAA-MM-JJ`; it is shown `jj/mm/aaaa`.
    pub fn date(name: &'static str, label: &str, iso: Option<&str>) -> Field {
        let shown = iso
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default();
        Field::new(name, label, Input::Date(text_area(&shown)))
    }
    pub fn choice(
        name: &'static str,
        label: &str,
        options: Vec<(String, String)>,
        code: Option<&str>,
    ) -> Field {
        let selected = code.and_then(|c| options.iter().position(|(o, _)| o == c));
        Field::new(
            name,
            label,
            Input::Choice {
                options,
                selected,
                typed: String::new(),
                fresh: true,
                numbers: None,
            },
        )
    }

    /// A choice that also reads a typed number (an age) through `rule`.
    pub fn numbers(mut self, rule: NumberRule) -> Field {
        if let Input::Choice { numbers, .. } = &mut self.input {
            *numbers = Some(rule);
        }
        self
    }
    pub fn several(
        name: &'static str,
        label: &str,
        options: Vec<(String, String)>,
        codes: &[String],
    ) -> Field {
        let checked = options.iter().map(|(c, _)| codes.contains(c)).collect();
        Field::new(
            name,
            label,
            Input::Several {
                options,
                checked,
                cursor: 0,
            },
        )
    }
    pub fn completion(
        name: &'static str,
        label: &str,
        source: Completer,
        chosen: Option<(String, String)>,
    ) -> Field {
        let shown = chosen.as_ref().map(|(_, l)| l.clone()).unwrap_or_default();
        Field::new(
            name,
            label,
            Input::Completion {
                area: text_area(&shown),
                source,
                suggestions: Vec::new(),
                pick: None,
                chosen,
                free: false,
            },
        )
    }
    /// Text typed freely, with suggestions to pick from (a path, a person who may be new).
    pub fn free(name: &'static str, label: &str, source: Completer) -> Field {
        Field::path(name, label, source, "")
    }

    /// Whether a free completion holds typed text rather than a pick from its suggestions.
    pub fn is_free_text(&self) -> bool {
        match &self.input {
            Input::Completion { area, chosen, .. } => {
                let typed = Field::text(area);
                !typed.trim().is_empty()
                    && chosen
                        .as_ref()
                        .is_none_or(|(_, l)| l.trim() != typed.trim())
            }
            _ => false,
        }
    }

    /// A path, typed freely with the folder's entries as suggestions.
    pub fn path(name: &'static str, label: &str, source: Completer, value: &str) -> Field {
        Field::new(
            name,
            label,
            Input::Completion {
                area: text_area(value),
                source,
                suggestions: Vec::new(),
                pick: None,
                chosen: None,
                free: true,
            },
        )
    }
    pub fn checkbox(name: &'static str, label: &str, value: bool) -> Field {
        Field::new(
            name,
            label,
            Input::Checkbox {
                on: value,
                typed: String::new(),
                before: value,
            },
        )
    }
    /// Grey text shown while a text field is empty.
    pub fn placeholder(&mut self, text: &str) {
        if let Input::Line(a)
        | Input::Multi { area: a, .. }
        | Input::Amount(a)
        | Input::Date(a)
        | Input::Completion { area: a, .. } = &mut self.input
        {
            a.set_placeholder_text(text);
        }
    }

    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    /// How many rows the field takes on screen (its error line included).
    pub fn rows(&self) -> u16 {
        let body = match &self.input {
            Input::Multi { rows, .. } => *rows,
            Input::Completion { suggestions, .. } => 1 + suggestions.len().min(4) as u16,
            _ => 1,
        };
        body + u16::from(self.error.is_some())
    }

    fn text(area: &TextArea<'_>) -> String {
        area.lines().join("\n")
    }

    /// The value to store, or the sentence saying why it cannot be read.
    pub fn value(&self) -> Result<Value, String> {
        if self.disabled {
            return Ok(Value::Null);
        }
        let v = match &self.input {
            Input::Line(a) | Input::Multi { area: a, .. } => {
                Value::Text(Field::text(a).trim().to_string())
            }
            Input::Amount(a) => match money::parse_optional(&Field::text(a)) {
                Ok(Some(c)) => Value::Int(c.0),
                Ok(None) => Value::Null,
                Err(e) => return Err(e.to_string()),
            },
            Input::Date(a) => {
                let t = Field::text(a);
                let t = t.trim();
                if t.is_empty() {
                    Value::Null
                } else {
                    match crate::domain::date::parse_date(t) {
                        Some(d) => Value::Text(d.format("%Y-%m-%d").to_string()),
                        None => {
                            return Err(crate::t!("date illisible « {t} » : tapez jj/mm/aaaa.", t));
                        }
                    }
                }
            }
            Input::Choice {
                options,
                selected,
                typed,
                numbers,
                ..
            } => match selected {
                Some(i) => Value::Text(options[*i].0.clone()),
                None if typed.trim().is_empty() => Value::Null,
                // Typed but standing for no option: say why rather than keep nothing.
                None => return Err(choose(options, typed, *numbers).err().unwrap_or_default()),
            },
            Input::Several {
                options, checked, ..
            } => {
                let codes: Vec<&str> = options
                    .iter()
                    .zip(checked)
                    .filter(|(_, c)| **c)
                    .map(|((code, _), _)| code.as_str())
                    .collect();
                if codes.is_empty() {
                    Value::Null
                } else {
                    Value::Text(serde_json::to_string(&codes).unwrap_or_default())
                }
            }
            Input::Completion {
                area,
                chosen,
                free,
                suggestions,
                ..
            } => {
                let typed = Field::text(area);
                match chosen {
                    Some((code, label)) if label.trim() == typed.trim() => {
                        Value::Text(code.clone())
                    }
                    _ if typed.trim().is_empty() => Value::Null,
                    _ if *free => Value::Text(typed.trim().to_string()),
                    _ => return Err(not_picked(suggestions, &typed)),
                }
            }
            Input::Checkbox { on, .. } => Value::Int(i64::from(*on)),
        };
        if self.required && v.is_empty() {
            return Err(tr("obligatoire.").into());
        }
        Ok(v)
    }

    /// Gives the focused input a key; true when it used it.
    fn input_key(&mut self, ev: &KeyEvent) -> bool {
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
                    *area = text_area(&label);
                    *chosen = Some((code, label));
                    suggestions.clear();
                    // Tab both accepts and moves on; Entrée only accepts.
                    ev.code == KeyCode::Enter
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
    fn paste(&mut self, text: &str) -> Option<Option<usize>> {
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
        KeyCode::Enter if multi => area.insert_newline(),
        _ => return false,
    }
    true
}

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<Field>) -> Form {
        Form {
            title: title.into(),
            fields,
            focus: 0,
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
                    && (self.focus + 1..=last).all(|i| self.fields[i].disabled) =>
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

    /// Draws the fields in `area`: a label column, the input, and the error under it.
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let label_width = self
            .fields
            .iter()
            .map(|f| f.label.width() + 4)
            .max()
            .unwrap_or(10)
            .min(area.width as usize / 2) as u16;
        let mut y = area.y;
        for (i, f) in self.fields.iter().enumerate() {
            let h = f.rows();
            if y + h > area.bottom() {
                break;
            }
            let focused = i == self.focus;
            let marker = if focused { "▶ " } else { "  " };
            let star = if f.required { " *" } else { "" };
            let label_style = if focused {
                theme.focus()
            } else {
                theme.normal()
            };
            let label = Line::from(vec![
                Span::styled(marker, theme.focus_marker()),
                Span::styled(format!("{}{}", f.label, star), label_style),
            ]);
            frame.render_widget(Paragraph::new(label), Rect::new(area.x, y, label_width, 1));
            let input_x = area.x + label_width + 1;
            let input_w = area.width.saturating_sub(label_width + 1);
            let body_h = h - u16::from(f.error.is_some());
            let input_area = Rect::new(input_x, y, input_w, body_h.min(area.bottom() - y));
            if f.disabled {
                let note = f.note.as_deref().unwrap_or(tr("sans objet"));
                frame.render_widget(
                    Paragraph::new(Span::styled(format!("— {note}"), theme.muted())),
                    Rect::new(input_x, y, input_w, 1),
                );
            } else {
                self.render_input(frame, f, input_area, focused, theme);
            }
            if let Some(err) = &f.error {
                let text = format!("✗ {err}");
                // Under the input when it fits there, else from under the label: a rule's
                // sentence is read whole at 80 columns.
                let x = if text.width() <= input_w as usize {
                    input_x
                } else {
                    area.x + 3.min(area.width)
                };
                let line = Line::from(Span::styled(text, theme.error()));
                frame.render_widget(
                    Paragraph::new(line),
                    Rect::new(x, y + body_h, area.right().saturating_sub(x), 1),
                );
            }
            y += h;
        }
    }

    fn render_input(&self, frame: &mut Frame, f: &Field, area: Rect, focused: bool, theme: &Theme) {
        let field_style = if focused {
            theme.input_focus()
        } else {
            theme.input()
        };
        match &f.input {
            Input::Line(a) | Input::Amount(a) | Input::Date(a) | Input::Multi { area: a, .. } => {
                let mut shown = a.clone();
                shown.set_style(field_style);
                if !focused {
                    // A text not being edited is read from its beginning.
                    shown.move_cursor(CursorMove::Top);
                    shown.move_cursor(CursorMove::Head);
                }
                let text_area = Rect::new(area.x, area.y, area.width, area.height);
                frame.render_widget(&shown, text_area);
                // The whole field is underlined, so an empty one is visible too.
                frame.buffer_mut().set_style(text_area, field_style);
                if focused {
                    let (top, left) = shown.scroll_offset();
                    let c = shown.screen_cursor();
                    let x = area.x + (c.col as u16).saturating_sub(left);
                    let y = area.y + (c.row as u16).saturating_sub(top);
                    frame.set_cursor_position(Position::new(
                        x.min(area.right().saturating_sub(1)),
                        y,
                    ));
                }
                if matches!(f.input, Input::Amount(_)) && !a.is_empty() && f.value().is_ok() {
                    let hint = Span::styled(" €", theme.muted());
                    let w = UnicodeWidthStr::width(Field::text(a).as_str()) as u16;
                    if w + 3 < area.width {
                        frame.render_widget(
                            Paragraph::new(hint),
                            Rect::new(area.x + w, area.y, 2, 1),
                        );
                    }
                }
                if matches!(f.input, Input::Date(_)) && a.is_empty() {
                    frame.render_widget(
                        Paragraph::new(Span::styled(
                            tr("jj/mm/aaaa"),
                            theme.muted().patch(field_style),
                        )),
                        Rect::new(area.x, area.y, area.width, 1),
                    );
                }
            }
            Input::Completion {
                area: a,
                suggestions,
                pick,
                ..
            } => {
                let mut shown = a.clone();
                shown.set_style(field_style);
                frame.render_widget(&shown, Rect::new(area.x, area.y, area.width, 1));
                frame
                    .buffer_mut()
                    .set_style(Rect::new(area.x, area.y, area.width, 1), field_style);
                if focused {
                    let c = shown.screen_cursor();
                    let (_, left) = shown.scroll_offset();
                    let x = area.x + (c.col as u16).saturating_sub(left);
                    frame.set_cursor_position(Position::new(
                        x.min(area.right().saturating_sub(1)),
                        area.y,
                    ));
                }
                for (i, (_, label)) in suggestions.iter().take(4).enumerate() {
                    let y = area.y + 1 + i as u16;
                    if y >= area.bottom() {
                        break;
                    }
                    let (mark, style) = if Some(i) == *pick {
                        ("▶ ", theme.selection())
                    } else {
                        ("  ", theme.muted())
                    };
                    frame.render_widget(
                        Paragraph::new(Span::styled(format!("{mark}{label}"), style)),
                        Rect::new(area.x, y, area.width, 1),
                    );
                }
            }
            Input::Choice {
                options,
                selected,
                typed,
                ..
            } => {
                let text = match selected {
                    Some(i) => format!("◀ {} ▶", options[*i].1),
                    None if !typed.trim().is_empty() => format!("◀ {typed} ▶"),
                    None => tr("◀ (choisir avec ← →) ▶").to_string(),
                };
                let mut spans = vec![Span::styled(text, field_style)];
                if selected.is_some() && !typed.trim().is_empty() {
                    // What was typed, beside what it chose: « 16 » → 15 à 17 ans.
                    spans.push(Span::styled(
                        crate::t!("  tapé « {typed} »", typed),
                        theme.muted(),
                    ));
                }
                frame.render_widget(Paragraph::new(Line::from(spans)), area);
            }
            Input::Several {
                options,
                checked,
                cursor,
            } => {
                // The ticked ones, then the option under the cursor: one line, whatever the
                // number of options.
                let ticked: Vec<&str> = options
                    .iter()
                    .zip(checked)
                    .filter(|(_, c)| **c)
                    .map(|((_, l), _)| l.as_str())
                    .collect();
                let mut spans = vec![Span::styled(
                    if ticked.is_empty() {
                        tr("aucun").to_string()
                    } else {
                        ticked.join(", ")
                    },
                    field_style,
                )];
                if focused && let Some((_, label)) = options.get(*cursor) {
                    let mark = if checked[*cursor] { "[x]" } else { "[ ]" };
                    spans.push(Span::raw("   "));
                    spans.push(Span::styled(
                        format!("◀ {mark} {label} ▶"),
                        theme.selection(),
                    ));
                }
                frame.render_widget(Paragraph::new(Line::from(spans)), area);
            }
            Input::Checkbox { on, .. } => {
                let text = if *on { tr("[x] oui") } else { tr("[ ] non") };
                let mut spans = vec![Span::styled(text, field_style)];
                if focused {
                    spans.push(Span::styled(
                        format!("  {}", tr("Espace : cocher ou décocher")),
                        theme.muted(),
                    ));
                }
                frame.render_widget(Paragraph::new(Line::from(spans)), area);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(form: &mut Form, code: KeyCode) -> Outcome {
        form.handle_key(&KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn type_text(form: &mut Form, text: &str) {
        for c in text.chars() {
            assert_eq!(press(form, KeyCode::Char(c)), Outcome::Used);
        }
    }

    fn communes() -> Completer {
        Arc::new(|q: &str| {
            ["Arras", "Arques", "Calais"]
                .iter()
                .filter(|n| n.to_lowercase().starts_with(&q.to_lowercase()))
                .map(|n| (format!("code-{n}"), n.to_string()))
                .collect()
        })
    }

    fn sample() -> Form {
        Form::new(
            "Essai",
            vec![
                Field::line("name", "Nom", "").required(),
                Field::amount("amount", "Montant", None),
                Field::date("date", "Date", None),
                Field::choice(
                    "kind",
                    "Type",
                    vec![("a".into(), "Alpha".into()), ("b".into(), "Bravo".into())],
                    None,
                ),
                Field::several(
                    "themes",
                    "Thèmes",
                    vec![("x".into(), "X".into()), ("y".into(), "Y".into())],
                    &[],
                ),
                Field::completion("commune", "Commune", communes(), None),
                Field::checkbox("ok", "Accord", false),
                Field::multi("notes", "Notes", "", 3),
            ],
        )
    }

    #[test]
    fn typing_then_leaving_reports_the_changed_field() {
        let mut form = sample();
        type_text(&mut form, "Léa");
        assert_eq!(press(&mut form, KeyCode::Tab), Outcome::Left(0));
        assert_eq!(form.focus, 1);
        // Leaving an untouched field asks for nothing.
        assert_eq!(press(&mut form, KeyCode::Tab), Outcome::Used);
        assert_eq!(form.field("name").unwrap().value(), Ok(Value::text("Léa")));
    }

    #[test]
    fn an_amount_keeps_what_was_typed_and_says_the_error() {
        let mut form = sample();
        form.focus = 1;
        type_text(&mut form, "12.500,50");
        press(&mut form, KeyCode::Tab);
        let f = form.field("amount").unwrap();
        assert_eq!(
            f.error.as_deref(),
            Some(money::MoneyError::Marks.to_string().as_str())
        );
        assert_eq!(
            Field::text(match &f.input {
                Input::Amount(a) => a,
                _ => unreachable!(),
            }),
            "12.500,50"
        );
        // Fixing it clears the error as soon as it reads.
        form.focus = 1;
        for _ in 0..7 {
            press(&mut form, KeyCode::Backspace);
        }
        assert_eq!(form.field("amount").unwrap().error, None);
        assert_eq!(form.field("amount").unwrap().value(), Ok(Value::Int(1_200)));
    }

    #[test]
    fn dates_are_typed_the_french_way() {
        let mut form = sample();
        form.focus = 2;
        type_text(&mut form, "04/03/2026");
        assert_eq!(
            form.field("date").unwrap().value(),
            Ok(Value::text("2026-03-04"))
        );
        press(&mut form, KeyCode::Backspace);
        type_text(&mut form, "7");
        press(&mut form, KeyCode::Tab);
        assert_eq!(
            form.field("date").unwrap().value(),
            Ok(Value::text("2027-03-04"))
        );
        form.focus = 2;
        type_text(&mut form, "x");
        assert!(form.field("date").unwrap().value().is_err());
    }

    #[test]
    fn choices_boxes_and_several() {
        let mut form = sample();
        form.focus = 3;
        press(&mut form, KeyCode::Right);
        press(&mut form, KeyCode::Right);
        assert_eq!(form.field("kind").unwrap().value(), Ok(Value::text("b")));
        type_text(&mut form, "a");
        assert_eq!(form.field("kind").unwrap().value(), Ok(Value::text("a")));
        form.focus = 4;
        press(&mut form, KeyCode::Char(' '));
        press(&mut form, KeyCode::Right);
        press(&mut form, KeyCode::Char(' '));
        assert_eq!(
            form.field("themes").unwrap().value(),
            Ok(Value::text(r#"["x","y"]"#))
        );
        form.focus = 6;
        press(&mut form, KeyCode::Char(' '));
        assert_eq!(form.field("ok").unwrap().value(), Ok(Value::Int(1)));
    }

    #[test]
    fn completion_needs_a_pick_from_the_list() {
        let mut form = sample();
        form.focus = 5;
        type_text(&mut form, "ar");
        match &form.field("commune").unwrap().input {
            Input::Completion { suggestions, .. } => assert_eq!(suggestions.len(), 2),
            _ => unreachable!(),
        }
        assert!(
            form.field("commune").unwrap().value().is_err(),
            "typed but not picked"
        );
        // Entrée alone takes neither; ↓ goes to the first, ↓ again to the second.
        assert_eq!(press(&mut form, KeyCode::Enter), Outcome::Used);
        assert!(form.field("commune").unwrap().value().is_err());
        press(&mut form, KeyCode::Down);
        press(&mut form, KeyCode::Down);
        assert_eq!(press(&mut form, KeyCode::Enter), Outcome::Used);
        assert_eq!(
            form.field("commune").unwrap().value(),
            Ok(Value::text("code-Arques"))
        );
        assert_eq!(form.focus, 5, "Entrée accepts the suggestion and stays");
    }

    #[test]
    fn multi_line_text_takes_enter_and_arrows_and_undo() {
        let mut form = sample();
        form.focus = 7;
        type_text(&mut form, "ab");
        assert_eq!(press(&mut form, KeyCode::Enter), Outcome::Used);
        type_text(&mut form, "c");
        assert_eq!(
            form.field("notes").unwrap().value(),
            Ok(Value::text("ab\nc"))
        );
        press(&mut form, KeyCode::Up);
        assert_eq!(form.focus, 7, "↑ moves inside the text");
        let undo = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL);
        assert_eq!(form.handle_key(&undo), Outcome::Used);
        assert_eq!(form.field("notes").unwrap().value(), Ok(Value::text("ab")));
    }

    #[test]
    fn enter_on_the_last_field_submits_and_escape_cancels() {
        let mut form = Form::new(
            "x",
            vec![Field::line("a", "A", ""), Field::line("b", "B", "")],
        );
        assert_eq!(press(&mut form, KeyCode::Enter), Outcome::Used);
        assert_eq!(form.focus, 1);
        assert_eq!(press(&mut form, KeyCode::Enter), Outcome::Submit);
        assert_eq!(press(&mut form, KeyCode::Esc), Outcome::Cancel);
        let save = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(form.handle_key(&save), Outcome::Submit);
        assert_eq!(press(&mut form, KeyCode::F(1)), Outcome::Ignored);
    }

    #[test]
    fn required_fields_are_checked_and_paste_is_flattened() {
        let mut form = sample();
        assert!(!form.validate());
        assert_eq!(form.focus, 0);
        assert_eq!(
            form.field("name").unwrap().error.as_deref(),
            Some("obligatoire.")
        );
        assert_eq!(form.paste("Jean\nPierre\u{7}"), Outcome::Used);
        assert_eq!(
            form.field("name").unwrap().value(),
            Ok(Value::text("Jean Pierre"))
        );
        assert!(form.validate());
    }
}
