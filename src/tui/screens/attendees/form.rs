//! The person forms: the full form, the walk-in, and the walk-in's contact step.

use crate::domain::codes::AttendeeRole;
use crate::domain::model::Value;
use crate::domain::reference::Reference;
use crate::i18n::tr;
use crate::tui::components::fields::{age_field, commune_field, flag, options, text};
use crate::tui::components::record::{Kind, Row, apply_rules};
use crate::tui::form::{Field, Form};
use std::sync::Arc;

pub fn attendee(reference: &Arc<Reference>, row: Option<&Row>) -> Form {
    let consent_date = match text(row, "consent_date") {
        "" => None,
        d => Some(d),
    };
    let role = match text(row, "role") {
        "" => None,
        r => Some(r),
    };
    let age = match text(row, "age_bracket") {
        "" => None,
        a => Some(a),
    };
    let mut form = Form::new(
        if row.is_some() {
            tr("Participant")
        } else {
            tr("Nouveau participant")
        },
        vec![
            Field::line("first_name", tr("Prénom"), text(row, "first_name")).required(),
            Field::line("last_name", tr("Nom"), text(row, "last_name")).required(),
            age_field("age_bracket", age).required(),
            commune_field(reference, row),
            Field::checkbox(
                "consent",
                tr("Accord pour garder ses coordonnées"),
                flag(row, "consent"),
            ),
            Field::checkbox(
                "parent_consent",
                tr("Accord d'un parent (moins de 15 ans)"),
                flag(row, "parent_consent"),
            ),
            Field::date("consent_date", tr("Date de l'accord"), consent_date),
            Field::line("email", tr("E-mail"), text(row, "email")),
            Field::line("phone", tr("Téléphone"), text(row, "phone")),
            Field::line("structure", tr("Structure"), text(row, "structure")),
            Field::choice("role", tr("Rôle"), options::<AttendeeRole>(), role),
        ],
    );
    apply_rules(Kind::Attendee, &mut form, "");
    form.mark_saved();
    form
}

/// The walk-in form: names, age bracket, and the commune, the current workshop's by default
/// (typing replaces it).
pub fn walk_in(reference: &Arc<Reference>, commune: Option<&str>) -> Form {
    let row: Option<Row> = commune.map(|c| Row::from([("commune", Value::text(c))]));
    Form::new(
        tr("Inscription rapide"),
        vec![
            Field::line("first_name", tr("Prénom"), "").required(),
            Field::line("last_name", tr("Nom"), "").required(),
            age_field("age_bracket", None).required(),
            commune_field(reference, row.as_ref()).by_default(),
        ],
    )
}

/// The walk-in's optional step (one key): an e-mail or a phone with the person's consent, and
/// a parent's consent under 15. Adds the fields and puts the focus on the e-mail.
pub fn add_contact_step(form: &mut Form, today: &str) {
    if form.field("email").is_some() {
        return;
    }
    form.fields.extend([
        Field::line("email", tr("E-mail"), ""),
        Field::line("phone", tr("Téléphone"), ""),
        Field::checkbox("consent", tr("Accord pour garder ses coordonnées"), false),
        Field::checkbox(
            "parent_consent",
            tr("Accord d'un parent (moins de 15 ans)"),
            false,
        ),
    ]);
    let _ = form.go_to(form.fields.len() - 4);
    apply_rules(Kind::WalkIn, form, today);
}
