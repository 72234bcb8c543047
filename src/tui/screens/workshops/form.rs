//! The workshop form.

use crate::domain::reference::Reference;
use crate::i18n::tr;
use crate::tui::components::fields::{commune_field, text};
use crate::tui::components::record::Row;
use crate::tui::form::{Field, Form};
use std::sync::Arc;

/// A workshop's form: of `row`, or a new one held today (`today` is `AAAA-MM-JJ`) in the
/// laptop's territory.
pub fn workshop(
    reference: &Arc<Reference>,
    row: Option<&Row>,
    default_territory: Option<&str>,
    today: &str,
) -> Form {
    let territories = reference
        .territory_names()
        .into_iter()
        .map(|t| (t.to_string(), t.to_string()))
        .collect();
    let territory = match text(row, "territory") {
        "" => default_territory,
        t => Some(t),
    };
    let date = match (row, text(row, "date")) {
        (None, _) if !today.is_empty() => Some(today),
        (_, "") => None,
        (_, d) => Some(d),
    };
    let mut date_field = Field::date("date", tr("Date"), date).required();
    if row.is_none() {
        // Today's date, for a new workshop: kept, or replaced by the first digit typed.
        date_field = date_field.by_default();
    }
    Form::new(
        if row.is_some() {
            tr("Comptoir")
        } else {
            tr("Nouveau comptoir")
        },
        vec![
            date_field,
            Field::choice("territory", tr("Territoire"), territories, territory).required(),
            commune_field(reference, row),
            Field::line("host", tr("Structure d'accueil"), text(row, "host")),
            Field::line("facilitators", tr("Animateurs"), text(row, "facilitators")),
            Field::line("theme", tr("Thème"), text(row, "theme")),
            Field::multi("notes", tr("Notes"), text(row, "notes"), 3),
        ],
    )
}
