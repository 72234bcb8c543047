//! A field's value from its text, as a conflict shows it: a number for the number kinds, the
//! text for the others.

use super::model::{self, Value};

/// Why a text is no value of a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypedValueError {
    UnknownField,
    /// The field holds numbers and this text is none.
    NotANumber(String),
}

/// The value of `table.field` written `text` (`None`: no value).
pub fn typed_value(table: &str, field: &str, text: Option<&str>) -> Result<Value, TypedValueError> {
    let kind = model::table(table)
        .and_then(|t| t.field(field))
        .map(|f| f.kind)
        .ok_or(TypedValueError::UnknownField)?;
    Ok(match (kind, text) {
        (_, None) => Value::Null,
        (
            model::Kind::Int | model::Kind::Money | model::Kind::Bool | model::Kind::SetOnce,
            Some(t),
        ) => Value::Int(
            t.trim()
                .parse()
                .map_err(|_| TypedValueError::NotANumber(t.to_string()))?,
        ),
        (_, Some(t)) => Value::Text(t.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_and_refused() {
        assert_eq!(
            typed_value("budget_lines", "amount", Some(" 1200 ")),
            Ok(Value::Int(1200))
        );
        assert_eq!(
            typed_value("budget_lines", "amount", Some("douze")),
            Err(TypedValueError::NotANumber("douze".into()))
        );
        assert_eq!(typed_value("ideas", "title", None), Ok(Value::Null));
        assert_eq!(
            typed_value("ideas", "nope", Some("x")),
            Err(TypedValueError::UnknownField)
        );
    }
}
