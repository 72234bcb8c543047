//! A form's field: its kind of input, its value, its checks.

use super::{Completer, NumberRule};
use crate::domain::model::Value;
use crate::domain::money;
use crate::i18n::tr;
use chrono::NaiveDate;
use ratatui::style::Style;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

/// The option a typed text stands for, only when it stands for one: a label or a code typed
/// whole; with `numbers`, a number (« 16 », « 16 ans ») read as what it is, an age; else the
/// one label starting with the text, else the one with a word starting with it. Text that
/// several labels start with chooses nothing: `Err` names them and asks for more letters;
/// `Err` also says why no option fits.
pub(super) fn choose(
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
pub(super) fn exact_suggestion(suggestions: &[(String, String)], typed: &str) -> Option<usize> {
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
pub(super) fn not_picked(suggestions: &[(String, String)], typed: &str) -> String {
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

pub(super) fn text_area(initial: &str) -> TextArea<'static> {
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
    /// One line shown as `•`, one per character typed (a passphrase).
    pub fn secret(name: &'static str, label: &str) -> Field {
        let mut area = text_area("");
        area.set_mask_char('•');
        Field::new(name, label, Input::Line(area))
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

    /// Where a completion's suggestions come from, to give a new field the same ones.
    pub fn completer(&self) -> Option<Completer> {
        match &self.input {
            Input::Completion { source, .. } => Some(source.clone()),
            _ => None,
        }
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

    pub(super) fn text(area: &TextArea<'_>) -> String {
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
                // A required amount is one to count: 0 € says nothing (a budget line of
                // nothing).
                Ok(Some(c)) if c.0 == 0 && self.required => {
                    return Err(tr(
                        "Montant nul : une ligne à 0 € ne compte pas ; tapez son montant.",
                    )
                    .into());
                }
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
}
