//! The words for the domain's types: the label of each code of a fixed list, in the user's
//! language. The domain itself says nothing in any language.

use crate::domain::codes::{
    AttendeeRole, BudgetKind, BudgetNature, Code, Decision, FixedList, FundingSource, HolderRole,
    Recommendation,
};
use crate::i18n::tr;

/// A code of a fixed list with the words a person reads for it.
pub trait Labelled: Code {
    /// The label, in the user's language.
    fn label(self) -> &'static str;
}

impl Labelled for AttendeeRole {
    fn label(self) -> &'static str {
        match self {
            AttendeeRole::Holder => tr("Porteur d'idée"),
            AttendeeRole::Partner => tr("Partenaire"),
            AttendeeRole::Curious => tr("Curieux"),
        }
    }
}

impl Labelled for HolderRole {
    fn label(self) -> &'static str {
        match self {
            HolderRole::Holder => tr("Porteur"),
            HolderRole::CoHolder => tr("Co-porteur"),
        }
    }
}

impl Labelled for BudgetKind {
    fn label(self) -> &'static str {
        match self {
            BudgetKind::Expense => tr("Dépense"),
            BudgetKind::Income => tr("Recette"),
        }
    }
}

impl Labelled for BudgetNature {
    fn label(self) -> &'static str {
        match self {
            BudgetNature::Investment => tr("Investissement"),
            BudgetNature::Operating => tr("Fonctionnement"),
        }
    }
}

impl Labelled for FundingSource {
    fn label(self) -> &'static str {
        match self {
            FundingSource::CitizenBudget => tr("Budget citoyen"),
            FundingSource::SelfFunding => tr("Autofinancement"),
            FundingSource::Municipality => tr("Commune"),
            FundingSource::Epci => tr("EPCI"),
            FundingSource::Department => tr("Département (hors Budget citoyen)"),
            FundingSource::Region => tr("Région"),
            FundingSource::State => tr("État"),
            FundingSource::Caf => tr("CAF"),
            FundingSource::Foundation => tr("Fondation"),
            FundingSource::Patronage => tr("Mécénat"),
            FundingSource::Volunteering => tr("Bénévolat valorisé"),
            FundingSource::Other => tr("Autre"),
        }
    }
}

impl Labelled for Recommendation {
    fn label(self) -> &'static str {
        match self {
            Recommendation::Support => tr("À accompagner"),
            Recommendation::Rework => tr("À retravailler"),
            Recommendation::Ready => tr("Prête"),
        }
    }
}

impl Labelled for Decision {
    fn label(self) -> &'static str {
        match self {
            Decision::Labelled => tr("Labellisée"),
            Decision::NotLabelled => tr("Non labellisée"),
        }
    }
}

/// The label of a stored code, if it is one of `C`.
pub fn label_of<C: Labelled>(code: Option<&str>) -> Option<&'static str> {
    C::from_code(code?).map(C::label)
}

/// A fixed list as the choices of a form field: stored code and label in the user's language.
pub fn choices<C: Labelled>() -> Vec<(String, String)> {
    C::ALL
        .iter()
        .map(|c| (c.code().to_string(), c.label().to_string()))
        .collect()
}

/// The label of a code of `table.field`'s fixed list (`None` for codes from the reference
/// data, or a code the list does not have).
pub fn code_label(table: &str, field: &str, code: &str) -> Option<&'static str> {
    let code = Some(code);
    match FixedList::of(table, field)? {
        FixedList::AttendeeRole => label_of::<AttendeeRole>(code),
        FixedList::HolderRole => label_of::<HolderRole>(code),
        FixedList::BudgetKind => label_of::<BudgetKind>(code),
        FixedList::BudgetNature => label_of::<BudgetNature>(code),
        FixedList::FundingSource => label_of::<FundingSource>(code),
        FixedList::Recommendation => label_of::<Recommendation>(code),
        FixedList::Decision => label_of::<Decision>(code),
    }
}
