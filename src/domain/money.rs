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

/// Why an amount was refused, as the sentence shown under the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoneyError(pub &'static str);

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(crate::i18n::tr(self.0))
    }
}

impl std::error::Error for MoneyError {}

pub const ERR_EMPTY: &str = "Montant obligatoire : tapez un nombre, par exemple 12 500.";
pub const ERR_NEGATIVE: &str = "Le montant ne peut pas être négatif.";
pub const ERR_UNREADABLE: &str = "Montant illisible : tapez des chiffres, par exemple 12 500,50.";
pub const ERR_MARKS: &str = "Un seul séparateur de centimes : 12 500,50 (espace pour les milliers, virgule pour les centimes).";
pub const ERR_THREE_DIGITS: &str = "Trois chiffres après le séparateur : écrivez 12 500 pour des milliers ou 12,50 pour des centimes.";
pub const ERR_GROUPS: &str = "Milliers mal groupés : écrivez 12 500 ou 12500.";
pub const ERR_TOO_LARGE: &str = "Montant trop grand.";
/// Every message above (the English table has each).
pub const ERRORS: [&str; 7] = [
    ERR_EMPTY,
    ERR_NEGATIVE,
    ERR_UNREADABLE,
    ERR_MARKS,
    ERR_THREE_DIGITS,
    ERR_GROUPS,
    ERR_TOO_LARGE,
];

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{a0}' || c == '\u{202f}' || c == '\t'
}

/// Parses a required amount.
pub fn parse(input: &str) -> Result<Cents, MoneyError> {
    parse_optional(input)?.ok_or(MoneyError(ERR_EMPTY))
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
        return Err(MoneyError(ERR_NEGATIVE));
    }
    if s.chars()
        .any(|c| !(c.is_ascii_digit() || c == ',' || c == '.' || is_space(c)))
    {
        return Err(MoneyError(ERR_UNREADABLE));
    }
    let marks: Vec<usize> = s
        .char_indices()
        .filter(|(_, c)| *c == ',' || *c == '.')
        .map(|(i, _)| i)
        .collect();
    if marks.len() > 1 {
        return Err(MoneyError(ERR_MARKS));
    }
    let (whole, frac) = match marks.first() {
        Some(&i) => (&s[..i], &s[i + 1..]),
        None => (s, ""),
    };
    let whole = whole.trim_end_matches(is_space);
    if whole.is_empty() || !whole.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(MoneyError(ERR_UNREADABLE));
    }
    if !marks.is_empty() {
        if frac.is_empty() || frac.chars().any(|c| !c.is_ascii_digit()) {
            return Err(MoneyError(ERR_UNREADABLE));
        }
        if frac.len() == 3 {
            return Err(MoneyError(ERR_THREE_DIGITS));
        }
        if frac.len() > 3 {
            return Err(MoneyError(ERR_UNREADABLE));
        }
    }
    // Spaces inside the whole part must group thousands: "12 500", not "1 25".
    let groups: Vec<&str> = whole.split(is_space).filter(|g| !g.is_empty()).collect();
    if groups.len() > 1 && (groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
        return Err(MoneyError(ERR_GROUPS));
    }
    let digits: String = groups.concat();
    if digits.len() > 12 {
        return Err(MoneyError(ERR_TOO_LARGE));
    }
    let euros: i64 = digits.parse().map_err(|_| MoneyError(ERR_UNREADABLE))?;
    let cents: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().unwrap_or(0) * 10,
        _ => frac.parse::<i64>().unwrap_or(0),
    };
    let total = euros * 100 + cents;
    if total > MAX_CENTS {
        return Err(MoneyError(ERR_TOO_LARGE));
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
        let table: &[(&str, &str)] = &[
            ("-5", ERR_NEGATIVE),
            ("- 5 €", ERR_NEGATIVE),
            ("abc", ERR_UNREADABLE),
            ("12a", ERR_UNREADABLE),
            ("1,2,3", ERR_MARKS),
            ("12.500,50", ERR_MARKS),
            ("12.500", ERR_THREE_DIGITS),
            ("12,500", ERR_THREE_DIGITS),
            ("1 25", ERR_GROUPS),
            ("12345 678", ERR_GROUPS),
            ("", ERR_EMPTY),
            ("   ", ERR_EMPTY),
            ("€", ERR_EMPTY),
            (",50", ERR_UNREADABLE),
            ("12,", ERR_UNREADABLE),
            ("99999999999999", ERR_TOO_LARGE),
        ];
        for (input, message) in table {
            assert_eq!(parse(input), Err(MoneyError(message)), "input {input:?}");
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
