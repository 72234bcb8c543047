//! Validation of one field's value before it is written: the rules of the house.
//!
//! `check` returns the value to store (cleaned: control characters dropped, spaces trimmed, empty
//! text as `Null`) or why it is refused (`FieldError`, said in words where it is shown).

use chrono::NaiveDate;

use super::age::AgeBracket;
use super::codes::FixedList;
use super::model::{Field, Kind, Table, Value};
use super::reference::Reference;
use super::text::{clean_line, clean_text};

/// Longest one-line text, in characters.
pub const MAX_LINE: usize = 200;
/// Longest multi-line text, in characters.
pub const MAX_TEXT: usize = 20_000;

/// Whether `code` is one of the codes allowed in a `Code` field (`None`: the field takes any
/// code). Compared in place: a list of the 887 communes made for each value checked was a
/// tenth of a bulk write's time.
fn code_allowed(table: &str, field: &str, reference: &Reference, code: &str) -> Option<bool> {
    match (table, field) {
        (_, "commune") => Some(reference.communes.knows(code)),
        ("attendees", "age_bracket") => Some(AgeBracket::ALL.iter().any(|b| b.code() == code)),
        ("ideas", "legal_frame") => Some(reference.legal_frames.iter().any(|l| l.code == code)),
        _ => FixedList::of(table, field).map(|list| list.codes().into_iter().any(|c| c == code)),
    }
}

/// Why a value is refused for a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldError {
    Required,
    TextExpected,
    TooLong { n: usize, max: usize },
    BadEmail,
    BadPhone,
    UnknownTerritory(String),
    NumberExpected,
    Negative,
    AmountTooLarge,
    YesNoExpected,
    DateExpected,
    BadDate(String),
    IdExpected,
    BadId,
    ListExpected,
    ListItemTooLong { max: usize },
    UnreadableList,
    ChoiceExpected,
    UnknownChoice(String),
}

/// Why a record is refused as a write leaves it, across its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordError {
    /// E-mail or phone without the person's consent.
    ContactWithoutConsent,
    /// Under 15 with consent, but not a parent's.
    ParentConsentNeeded,
}

/// Checks and cleans one value for `table.field`.
pub fn check(
    table: &Table,
    field: &Field,
    value: Value,
    reference: &Reference,
) -> Result<Value, FieldError> {
    let value = match value {
        Value::Text(s) => {
            let cleaned = match field.kind {
                Kind::Text => clean_text(&s),
                _ => clean_line(&s),
            };
            if cleaned.is_empty() {
                Value::Null
            } else {
                Value::Text(cleaned)
            }
        }
        v => v,
    };
    if value == Value::Null {
        return if field.required {
            Err(FieldError::Required)
        } else {
            Ok(Value::Null)
        };
    }
    match field.kind {
        Kind::Line | Kind::Text => {
            let max = if field.kind == Kind::Line {
                MAX_LINE
            } else {
                MAX_TEXT
            };
            let s = value.as_str().ok_or(FieldError::TextExpected)?;
            let n = s.chars().count();
            if n > max {
                return Err(FieldError::TooLong { n, max });
            }
            if table.name == "attendees" && field.name == "email" && !plausible_email(s) {
                return Err(FieldError::BadEmail);
            }
            if table.name == "attendees" && field.name == "phone" && !plausible_phone(s) {
                return Err(FieldError::BadPhone);
            }
            if matches!(table.name, "workshops" | "devices")
                && field.name == "territory"
                && !reference.is_territory(s)
            {
                return Err(FieldError::UnknownTerritory(s.to_string()));
            }
        }
        Kind::Int | Kind::Money => {
            let i = value.as_int().ok_or(FieldError::NumberExpected)?;
            if i < 0 {
                return Err(FieldError::Negative);
            }
            if field.kind == Kind::Money && i > super::money::MAX_CENTS {
                return Err(FieldError::AmountTooLarge);
            }
        }
        Kind::Bool | Kind::SetOnce => {
            if !matches!(value, Value::Int(0) | Value::Int(1)) {
                return Err(FieldError::YesNoExpected);
            }
        }
        Kind::Date => {
            let s = value.as_str().ok_or(FieldError::DateExpected)?;
            if NaiveDate::parse_from_str(s, "%Y-%m-%d").is_err() {
                return Err(FieldError::BadDate(s.to_string()));
            }
        }
        Kind::Ref => {
            let s = value.as_str().ok_or(FieldError::IdExpected)?;
            if uuid::Uuid::parse_str(s).is_err() {
                return Err(FieldError::BadId);
            }
        }
        Kind::List => {
            let s = value.as_str().ok_or(FieldError::ListExpected)?;
            match serde_json::from_str::<Vec<String>>(s) {
                Ok(items) if items.iter().all(|i| i.chars().count() <= MAX_LINE) => {}
                Ok(_) => {
                    return Err(FieldError::ListItemTooLong { max: MAX_LINE });
                }
                Err(_) => return Err(FieldError::UnreadableList),
            }
        }
        Kind::Code => {
            let s = value.as_str().ok_or(FieldError::ChoiceExpected)?;
            if code_allowed(table.name, field.name, reference, s) == Some(false) {
                return Err(FieldError::UnknownChoice(s.to_string()));
            }
        }
    }
    Ok(value)
}

/// Rules across the fields of one record, checked on the record as a write leaves it: the
/// field at fault and why.
pub fn check_record(
    table: &Table,
    row: &std::collections::BTreeMap<&'static str, Value>,
) -> Result<(), (&'static str, RecordError)> {
    let is_set = |f: &str| row.get(f).is_some_and(|v| !v.is_empty());
    if table.name == "attendees" {
        // Minimum data: contact details only with the person's consent.
        if row.get("consent") != Some(&Value::Int(1)) {
            for f in ["email", "phone"] {
                if is_set(f) {
                    return Err((
                        if f == "email" { "email" } else { "phone" },
                        RecordError::ContactWithoutConsent,
                    ));
                }
            }
        }
        let under_15 = row.get("age_bracket") == Some(&Value::text("11-14"));
        if under_15
            && row.get("consent") == Some(&Value::Int(1))
            && row.get("parent_consent") != Some(&Value::Int(1))
        {
            return Err(("parent_consent", RecordError::ParentConsentNeeded));
        }
    }
    Ok(())
}

pub fn plausible_email(s: &str) -> bool {
    let Some((user, domain)) = s.split_once('@') else {
        return false;
    };
    !user.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.contains(char::is_whitespace)
}

/// A French number (10 digits starting with 0) or an international one (+ and 8 to 15 digits),
/// with spaces, dots or hyphens between groups.
pub fn plausible_phone(s: &str) -> bool {
    if s.chars()
        .any(|c| !(c.is_ascii_digit() || " .-+".contains(c)))
    {
        return false;
    }
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    if s.trim_start().starts_with('+') {
        (8..=15).contains(&digits.len())
    } else {
        digits.len() == 10 && digits.starts_with('0')
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{ATTENDEES, IDEAS, WORKSHOPS};
    use crate::domain::reference::tests::builtin;

    fn field(t: &Table, name: &str) -> &'static Field {
        t.field(name).unwrap()
    }

    #[test]
    fn text_is_cleaned_and_bounded() {
        let r = builtin();
        let title = field(&IDEAS, "title");
        assert_eq!(
            check(&IDEAS, title, Value::text("  Jardin\u{7} partagé\n "), &r),
            Ok(Value::text("Jardin partagé"))
        );
        assert_eq!(
            check(&IDEAS, title, Value::text("   "), &r).map_err(|e| e.message()),
            Err("obligatoire.".into())
        );
        let long = "x".repeat(5000);
        assert_eq!(
            check(&IDEAS, title, Value::text(long), &r).map_err(|e| e.message()),
            Err("trop long (5000 caractères, 200 au plus).".into())
        );
        let summary = field(&IDEAS, "summary");
        assert_eq!(check(&IDEAS, summary, Value::text(""), &r), Ok(Value::Null));
    }

    #[test]
    fn codes_dates_and_contacts_are_checked() {
        let r = builtin();
        let age = field(&ATTENDEES, "age_bracket");
        assert!(check(&ATTENDEES, age, Value::text("15-17"), &r).is_ok());
        assert!(check(&ATTENDEES, age, Value::text("5-10"), &r).is_err());
        let commune = field(&ATTENDEES, "commune");
        assert!(check(&ATTENDEES, commune, Value::text("62041"), &r).is_ok());
        assert!(check(&ATTENDEES, commune, Value::text("59350"), &r).is_err());
        let date = field(&WORKSHOPS, "date");
        assert!(check(&WORKSHOPS, date, Value::text("2026-02-30"), &r).is_err());
        assert!(check(&WORKSHOPS, date, Value::text("2026-02-28"), &r).is_ok());
        let territory = field(&WORKSHOPS, "territory");
        assert!(check(&WORKSHOPS, territory, Value::text("Artois"), &r).is_ok());
        assert!(check(&WORKSHOPS, territory, Value::text("Flandres"), &r).is_err());
        let email = field(&ATTENDEES, "email");
        assert!(check(&ATTENDEES, email, Value::text("a.b@exemple.fr"), &r).is_ok());
        assert!(check(&ATTENDEES, email, Value::text("a.b@exemple"), &r).is_err());
        let phone = field(&ATTENDEES, "phone");
        assert!(check(&ATTENDEES, phone, Value::text("06 12 34 56 78"), &r).is_ok());
        assert!(check(&ATTENDEES, phone, Value::text("+33 6 12 34 56 78"), &r).is_ok());
        assert!(check(&ATTENDEES, phone, Value::text("0612"), &r).is_err());
        assert!(check(&ATTENDEES, phone, Value::text("'; DROP TABLE x"), &r).is_err());
    }
}
