//! Money as an integer number of cents, typed and read the French way.
//!
//! Accepted: `12 500`, `12 500,50`, `12500.5`, `12 500 €`, `12 500,5 €`, `0,99`.
//! Thousands are grouped by spaces (ordinary, no-break or narrow no-break); the decimal mark is a
//! comma or a dot, followed by one or two digits.
//!
//! Refused, each with a French sentence: negative amounts, letters, several decimal marks
//! (`1,2,3`), both marks together (`12.500,50`: in French `.` is not a thousands separator here,
//! and guessing would turn 12 500,50 € into 12,50 €), and three digits after the mark (`12.500`
//! could mean 12 500 or 12,5: we ask rather than guess).

use std::fmt;

/// An amount in euro cents. Never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Cents(pub i64);

/// The largest amount accepted: one billion euros, far above any project, far below overflow.
pub const MAX_CENTS: i64 = 100_000_000_000;

impl Cents {
    pub fn euros(e: i64) -> Cents {
        Cents(e * 100)
    }
}

/// Why an amount was refused (its sentence, shown under the field, is its `Display`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyError {
    /// Nothing typed where an amount is required.
    Empty,
    Negative,
    /// Letters, or a mark with no digits around it.
    Unreadable,
    /// Several decimal marks, or both a comma and a dot.
    Marks,
    /// Three digits after the mark: thousands or cents?
    ThreeDigits,
    /// Spaces that do not group thousands.
    Groups,
    TooLarge,
}

impl MoneyError {
    pub const ALL: [MoneyError; 7] = [
        MoneyError::Empty,
        MoneyError::Negative,
        MoneyError::Unreadable,
        MoneyError::Marks,
        MoneyError::ThreeDigits,
        MoneyError::Groups,
        MoneyError::TooLarge,
    ];
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{a0}' || c == '\u{202f}' || c == '\t'
}

/// Parses a required amount.
pub fn parse(input: &str) -> Result<Cents, MoneyError> {
    parse_optional(input)?.ok_or(MoneyError::Empty)
}

/// Parses an amount that may be left empty (`Ok(None)`).
pub fn parse_optional(input: &str) -> Result<Option<Cents>, MoneyError> {
    let mut s = input.trim_matches(is_space);
    if let Some(rest) = s.strip_suffix('€') {
        s = rest.trim_end_matches(is_space);
    } else if let Some(rest) = s.strip_suffix("EUR").or_else(|| s.strip_suffix("eur")) {
        s = rest.trim_end_matches(is_space);
    }
    if s.is_empty() {
        return Ok(None);
    }
    if s.starts_with('-') || s.starts_with('−') {
        return Err(MoneyError::Negative);
    }
    if s.chars()
        .any(|c| !(c.is_ascii_digit() || c == ',' || c == '.' || is_space(c)))
    {
        return Err(MoneyError::Unreadable);
    }
    let marks: Vec<usize> = s
        .char_indices()
        .filter(|(_, c)| *c == ',' || *c == '.')
        .map(|(i, _)| i)
        .collect();
    if marks.len() > 1 {
        return Err(MoneyError::Marks);
    }
    let (whole, frac) = match marks.first() {
        Some(&i) => (&s[..i], &s[i + 1..]),
        None => (s, ""),
    };
    let whole = whole.trim_end_matches(is_space);
    if whole.is_empty() || !whole.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(MoneyError::Unreadable);
    }
    if !marks.is_empty() {
        if frac.is_empty() || frac.chars().any(|c| !c.is_ascii_digit()) {
            return Err(MoneyError::Unreadable);
        }
        if frac.len() == 3 {
            return Err(MoneyError::ThreeDigits);
        }
        if frac.len() > 3 {
            return Err(MoneyError::Unreadable);
        }
    }
    // Spaces inside the whole part must group thousands: "12 500", not "1 25".
    let groups: Vec<&str> = whole.split(is_space).filter(|g| !g.is_empty()).collect();
    if groups.len() > 1 && (groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
        return Err(MoneyError::Groups);
    }
    let digits: String = groups.concat();
    if digits.len() > 12 {
        return Err(MoneyError::TooLarge);
    }
    let euros: i64 = digits.parse().map_err(|_| MoneyError::Unreadable)?;
    let cents: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().unwrap_or(0) * 10,
        _ => frac.parse::<i64>().unwrap_or(0),
    };
    let total = euros * 100 + cents;
    if total > MAX_CENTS {
        return Err(MoneyError::TooLarge);
    }
    Ok(Some(Cents(total)))
}

/// French display: `12 500 €`, `12 500,50 €`, `0,99 €` (no-break spaces, so a line never breaks
/// inside an amount). Negative values (a deficit) keep their sign.
pub fn format(c: Cents) -> String {
    let mut out = format_number(c);
    out.push('\u{a0}');
    out.push('€');
    out
}

/// The number alone, as in a table column: `12 500,50`.
pub fn format_number(c: Cents) -> String {
    let neg = c.0 < 0;
    let abs = c.0.unsigned_abs();
    let euros = abs / 100;
    let cents = abs % 100;
    let digits = euros.to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('\u{a0}');
        }
        grouped.push(ch);
    }
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    out.push_str(&grouped);
    if cents != 0 {
        out.push_str(&format!(",{cents:02}"));
    }
    out
}

impl fmt::Display for Cents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format(*self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_amounts() {
        let table: &[(&str, i64)] = &[
            ("12 500", 1_250_000),
            ("12 500,50", 1_250_050),
            ("12500.5", 1_250_050),
            ("12 500 €", 1_250_000),
            ("12 500,5 €", 1_250_050),
            ("12\u{a0}500,50\u{a0}€", 1_250_050),
            ("12\u{202f}500", 1_250_000),
            ("0,99", 99),
            ("4500", 450_000),
            ("  20 000  ", 2_000_000),
            ("1 000 000", 100_000_000),
            ("12500€", 1_250_000),
            ("7,05", 705),
            ("0", 0),
        ];
        for (input, cents) in table {
            assert_eq!(parse(input), Ok(Cents(*cents)), "input {input:?}");
        }
    }

    #[test]
    fn refused_amounts_say_why() {
        let table: &[(&str, MoneyError)] = &[
            ("-5", MoneyError::Negative),
            ("- 5 €", MoneyError::Negative),
            ("abc", MoneyError::Unreadable),
            ("12a", MoneyError::Unreadable),
            ("1,2,3", MoneyError::Marks),
            ("12.500,50", MoneyError::Marks),
            ("12.500", MoneyError::ThreeDigits),
            ("12,500", MoneyError::ThreeDigits),
            ("1 25", MoneyError::Groups),
            ("12345 678", MoneyError::Groups),
            ("", MoneyError::Empty),
            ("   ", MoneyError::Empty),
            ("€", MoneyError::Empty),
            (",50", MoneyError::Unreadable),
            ("12,", MoneyError::Unreadable),
            ("99999999999999", MoneyError::TooLarge),
        ];
        for (input, message) in table {
            assert_eq!(parse(input), Err(*message), "input {input:?}");
        }
    }

    #[test]
    fn empty_is_allowed_where_optional() {
        assert_eq!(parse_optional(" "), Ok(None));
        assert_eq!(parse_optional("5"), Ok(Some(Cents(500))));
    }

    #[test]
    fn french_display() {
        assert_eq!(format(Cents(1_250_000)), "12\u{a0}500\u{a0}€");
        assert_eq!(format(Cents(1_250_050)), "12\u{a0}500,50\u{a0}€");
        assert_eq!(format(Cents(99)), "0,99\u{a0}€");
        assert_eq!(format(Cents(35_200_000)), "352\u{a0}000\u{a0}€");
        assert_eq!(format(Cents(-50_000)), "-500\u{a0}€");
        assert_eq!(format_number(Cents(100_000_000)), "1\u{a0}000\u{a0}000");
    }

    #[test]
    fn display_reads_back() {
        for c in [0, 5, 99, 100, 1_250_050, 35_200_000, MAX_CENTS] {
            assert_eq!(parse(&format(Cents(c))), Ok(Cents(c)));
        }
    }
}
