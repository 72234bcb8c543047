//! The idea forms: the full idea, the quick capture, a budget line.

use crate::domain::codes::{BudgetKind, BudgetNature, Code, FundingSource};
use crate::domain::model::Value;
use crate::domain::reference::Reference;
use crate::i18n::tr;
use crate::tui::components::fields::{
    age_field, commune_field, list, options, people_completer, text,
};
use crate::tui::components::record::{Kind, Row, apply_rules};
use crate::tui::form::{Field, Form};
use std::sync::Arc;

/// Options of the themes, legal frames and funding sources, from the reference data.
pub(crate) fn themes(reference: &Reference) -> Vec<(String, String)> {
    reference
        .themes
        .iter()
        .map(|t| (t.code.clone(), t.label().to_string()))
        .collect()
}

pub(crate) fn frames(reference: &Reference) -> Vec<(String, String)> {
    reference
        .legal_frames
        .iter()
        .map(|f| (f.code.clone(), f.label().to_string()))
        .collect()
}

/// The idea form. `minor_holder`: a holder is under 18, so an adult referent is asked.
pub fn idea(
    reference: &Arc<Reference>,
    row: Option<&Row>,
    minor_holder: bool,
    holders: &str,
) -> Form {
    let frame = match text(row, "legal_frame") {
        "" => None,
        f => Some(f),
    };
    let mut form = Form::new(
        if row.is_some() {
            tr("Idée")
        } else {
            tr("Nouvelle idée")
        },
        vec![
            Field::line("title", tr("Titre"), text(row, "title")).required(),
            Field::line("summary", tr("Résumé"), text(row, "summary")),
            Field::multi(
                "description",
                tr("Description"),
                text(row, "description"),
                3,
            ),
            Field::several(
                "themes",
                tr("Thèmes"),
                themes(reference),
                &list(row, "themes"),
            ),
            commune_field(reference, row),
            Field::line(
                "target_public",
                tr("Public visé"),
                text(row, "target_public"),
            ),
            Field::choice(
                "legal_frame",
                tr("Cadre juridique"),
                frames(reference),
                frame,
            ),
            Field::line("referent", tr("Adulte référent"), text(row, "referent")),
            Field::line(
                "partners",
                tr("Partenaires (virgules)"),
                &list(row, "partners").join(", "),
            ),
            Field::multi(
                "next_steps",
                tr("Prochaines étapes"),
                text(row, "next_steps"),
                2,
            ),
        ],
    );
    if let Some(f) = form.field_mut("referent")
        && !minor_holder
    {
        let note = if holders.is_empty() {
            tr("demandé quand un porteur a moins de 18 ans (pas encore de porteur)").to_string()
        } else {
            crate::t!("pas nécessaire, porteurs majeurs : {holders}", holders)
        };
        f.set_disabled(true, Some(&note));
    }
    form.mark_saved();
    form
}

/// The quick capture: a title, a holder among the current workshop's people, a summary.
pub fn quick_idea(people: Vec<(String, String)>) -> Form {
    let source = people_completer(people);
    let mut form = Form::new(
        tr("Idée rapide"),
        vec![
            Field::line("title", tr("Titre"), "").required(),
            Field::free("holder", tr("Porteur"), source),
            age_field("new_age", None),
            Field::line("summary", tr("Résumé en une ligne"), ""),
        ],
    );
    apply_rules(Kind::QuickIdea, &mut form, "");
    form
}

pub fn budget_line(row: Option<&Row>) -> Form {
    let pick = |f: &str| match text(row, f) {
        "" => None,
        v => Some(v),
    };
    let kind = pick("kind").or(Some(BudgetKind::Expense.code()));
    let amount = row.and_then(|r| r.get("amount")).and_then(Value::as_int);
    let mut form = Form::new(
        if row.is_some() {
            tr("Ligne de budget")
        } else {
            tr("Nouvelle ligne de budget")
        },
        vec![
            Field::choice("kind", tr("Type"), options::<BudgetKind>(), kind).required(),
            Field::choice(
                "nature",
                tr("Nature"),
                options::<BudgetNature>(),
                pick("nature"),
            ),
            Field::line("label", tr("Libellé"), text(row, "label")).required(),
            Field::amount("amount", tr("Montant"), amount).required(),
            Field::choice(
                "source",
                tr("Financeur"),
                options::<FundingSource>(),
                pick("source"),
            ),
        ],
    );
    apply_rules(Kind::BudgetLine, &mut form, "");
    form.mark_saved();
    form
}
