//! The workshop form.

use crate::domain::reference::Reference;
use crate::i18n::tr;
use crate::tui::components::fields::{commune_field, text};
use crate::tui::components::record::Row;
use crate::tui::form::{Field, Form};
use std::sync::Arc;

pub fn workshop(
    reference: &Arc<Reference>,
    row: Option<&Row>,
    default_territory: Option<&str>,
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
    let date = match text(row, "date") {
        "" => None,
        d => Some(d),
    };
    Form::new(
        if row.is_some() {
            tr("Comptoir")
        } else {
            tr("Nouveau comptoir")
        },
        vec![
            Field::date("date", tr("Date"), date).required(),
            Field::choice("territory", tr("Territoire"), territories, territory).required(),
            commune_field(reference, row),
            Field::line("host", tr("Structure d'accueil"), text(row, "host")),
            Field::line("facilitators", tr("Animateurs"), text(row, "facilitators")),
            Field::line("theme", tr("Thème"), text(row, "theme")),
            Field::multi("notes", tr("Notes"), text(row, "notes"), 3),
        ],
    )
}
