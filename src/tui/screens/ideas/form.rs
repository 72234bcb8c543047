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

/// The quick capture's holder slots: the holder, then co-holders, each with the age bracket
/// asked when the name typed is someone new. A slot appears once the one before is filled.
pub const QUICK_HOLDERS: [(&str, &str); 4] = [
    ("holder", "new_age"),
    ("holder_2", "new_age_2"),
    ("holder_3", "new_age_3"),
    ("holder_4", "new_age_4"),
];

/// The quick capture: a title, its holders among the current workshop's people (or new ones),
/// a summary.
pub fn quick_idea(people: Vec<(String, String)>) -> Form {
    let source = people_completer(people);
    let (holder, age) = QUICK_HOLDERS[0];
    let mut form = Form::new(
        tr("Idée rapide"),
        vec![
            Field::line("title", tr("Titre"), "").required(),
            Field::free(holder, tr("Porteur"), source),
            age_field(age, None),
            Field::line("summary", tr("Résumé en une ligne"), ""),
        ],
    );
    // Entrée on the summary notes the idea; Tab goes on to the co-holders, after it.
    form.submit_at = Some("summary");
    apply_rules(Kind::QuickIdea, &mut form, "");
    form
}

/// Adds the next co-holder slot, at the end, once the last holder slot is filled.
pub fn grow_quick_holders(form: &mut Form) {
    let Some(last) = QUICK_HOLDERS
        .iter()
        .rposition(|(holder, _)| form.field(holder).is_some())
    else {
        return;
    };
    let (holder, age) = QUICK_HOLDERS[last];
    let filled = form.field(holder).is_some_and(|f| !f.is_blank());
    let (Some((next, next_age)), true) = (QUICK_HOLDERS.get(last + 1), filled) else {
        return;
    };
    let Some(source) = form.field(holder).and_then(Field::completer) else {
        return;
    };
    if form.field(age).is_none() {
        return;
    }
    form.fields
        .push(Field::free(next, tr("Co-porteur"), source));
    form.fields.push(age_field(next_age, None));
}

/// Back to one holder slot, for the next idea.
pub fn shrink_quick_holders(form: &mut Form) {
    form.fields.retain(|f| {
        !QUICK_HOLDERS[1..]
            .iter()
            .any(|(holder, age)| f.name == *holder || f.name == *age)
    });
    form.focus = 0;
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
