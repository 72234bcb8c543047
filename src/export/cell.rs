//! One cell of a spreadsheet export (CSV or XLSX), typed, and the guards every text goes
//! through: no formula injection (OWASP « CSV injection »), phone numbers kept as text.

use std::borrow::Cow;

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::money::{self, Cents};

/// A value as a spreadsheet shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// Integer cents, shown in euros.
    Money(i64),
    Int(i64),
    /// A decimal number written with a point (coordinates).
    Float(f64),
    Date(NaiveDate),
    /// A local date and time (a check-in).
    Moment(NaiveDateTime),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    /// The cell in a French CSV: decimal comma, jj/mm/aaaa, every text guarded.
    pub fn csv(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => guarded(t).into_owned(),
            Cell::Money(c) => money::format_number(Cents(*c)).replace('\u{a0}', ""),
            Cell::Int(i) => i.to_string(),
            Cell::Float(x) => x.to_string(),
            Cell::Date(d) => d.format("%d/%m/%Y").to_string(),
            Cell::Moment(t) => t.format("%d/%m/%Y %H:%M").to_string(),
        }
    }
}

/// A CSV file for French Excel and LibreOffice: UTF-8 with a byte-order mark (so accents
/// show), `separator` between fields (`;` for French Excel; Decidim may want `,`), every cell
/// written by [`Cell::csv`] (decimal comma, jj/mm/aaaa, texts guarded against formulas). Lines
/// may differ in length (a title line above the headers). The one CSV writer of the exports.
pub fn csv_bytes<'a>(
    separator: u8,
    lines: impl IntoIterator<Item = &'a [Cell]>,
) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::from(b"\xEF\xBB\xBF".as_slice());
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(separator)
            .flexible(true)
            .from_writer(&mut out);
        for line in lines {
            w.write_record(line.iter().map(Cell::csv))?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// Whether a spreadsheet would read `text` as a formula (or as a number it then changes): its
/// first character, or its first one after spaces, is `=`, `+`, `-` or `@`, or it starts with a
/// tab or a carriage return.
pub fn is_formula_like(text: &str) -> bool {
    if text.starts_with(['\t', '\r']) {
        return true;
    }
    text.trim_start().starts_with([
        '=', '+', '-', '@', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
    ])
}

/// A text for a CSV cell: one a spreadsheet would take for a formula gets a leading
/// apostrophe, so Excel and LibreOffice show it as the text it is (OWASP's advice; Decidim's own
/// exports do the same).
pub fn guarded(text: &str) -> Cow<'_, str> {
    if is_formula_like(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A phone number as people write it, in pairs (`06 12 34 56 78`, `+33 6 12 34 56 78`): never
/// a run of digits that a spreadsheet turns into a number losing its leading 0 or `+`.
pub fn phone(typed: &str) -> String {
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    let pairs = |d: &str| {
        d.as_bytes()
            .chunks(2)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    };
    if typed.trim_start().starts_with('+') {
        if let Some(national) = digits.strip_prefix("33")
            && national.len() == 9
        {
            return format!("+33 {} {}", &national[..1], pairs(&national[1..]));
        }
        return typed.trim().to_string();
    }
    if digits.len() == 10 && digits.starts_with('0') {
        return pairs(&digits);
    }
    typed.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_texts_are_guarded_and_others_kept() {
        for t in [
            "=1+1",
            "+33 6",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "  =HYPERLINK(\"x\")",
        ] {
            assert!(is_formula_like(t), "{t:?}");
            assert_eq!(guarded(t), format!("'{t}"));
        }
        for t in ["Jardin", "06 12 34 56 78", "a=b", "", "L'atelier"] {
            assert!(!is_formula_like(t), "{t:?}");
            assert_eq!(guarded(t), t);
        }
    }

    #[test]
    fn phones_are_written_in_pairs() {
        assert_eq!(phone("0612345678"), "06 12 34 56 78");
        assert_eq!(phone("06.12.34.56.78"), "06 12 34 56 78");
        assert_eq!(phone("+33612345678"), "+33 6 12 34 56 78");
        assert_eq!(phone("+32 470 12 34 56"), "+32 470 12 34 56");
    }
}
