//! Field builders that several forms share: communes, age brackets, choices from a list,
//! people to pick, and reading a record's row into a field.

use crate::domain::age::AgeBracket;
use crate::domain::model::Value;
use crate::domain::reference::Reference;
use crate::i18n::tr;
use crate::tui::components::record::Row;
use crate::tui::form::{Completer, Field};
use std::sync::Arc;

pub(crate) fn text<'a>(row: Option<&'a Row>, f: &str) -> &'a str {
    row.and_then(|r| r.get(f))
        .and_then(Value::as_str)
        .unwrap_or("")
}

pub(crate) fn flag(row: Option<&Row>, f: &str) -> bool {
    row.and_then(|r| r.get(f)) == Some(&Value::Int(1))
}

pub(crate) fn list(row: Option<&Row>, f: &str) -> Vec<String> {
    serde_json::from_str(text(row, f)).unwrap_or_default()
}

/// Communes as you type: « Calais (62100) ».
pub fn communes(reference: &Arc<Reference>) -> Completer {
    let r = reference.clone();
    Arc::new(move |typed: &str| {
        r.complete_commune(typed, 8)
            .into_iter()
            .map(|c| (c.insee.clone(), commune_label(c)))
            .collect()
    })
}

pub(crate) fn commune_label(c: &crate::domain::reference::Commune) -> String {
    format!(
        "{} ({})",
        c.name,
        c.postal_codes.first().map(String::as_str).unwrap_or("")
    )
}

pub(crate) fn commune_field(reference: &Arc<Reference>, row: Option<&Row>) -> Field {
    let chosen = reference
        .commune_by_insee(text(row, "commune"))
        .map(|c| (c.insee.clone(), commune_label(c)));
    Field::completion("commune", tr("Commune"), communes(reference), chosen)
}

pub(crate) fn options<C: crate::strings::Labelled>() -> Vec<(String, String)> {
    crate::strings::choices::<C>()
}

pub(crate) fn ages() -> Vec<(String, String)> {
    AgeBracket::ALL
        .iter()
        .map(|b| (b.code().to_string(), b.label().to_string()))
        .collect()
}

/// The age bracket field: ← →, the start of a label, or the age typed in years.
pub fn age_field(name: &'static str, code: Option<&str>) -> Field {
    Field::choice(name, tr("Tranche d'âge"), ages(), code).numbers(crate::strings::code_of_age)
}

/// Suggestions among people, (id, name) pairs: the first eight whose folded name holds what
/// was typed (a holder to add, a person to merge with, the quick capture's holder).
pub fn people_completer(people: Vec<(String, String)>) -> Completer {
    let people = Arc::new(people);
    Arc::new(move |typed: &str| {
        let f = crate::domain::text::fold(typed);
        people
            .iter()
            .filter(|(_, name)| crate::domain::text::fold(name).contains(&f))
            .take(8)
            .cloned()
            .collect()
    })
}
