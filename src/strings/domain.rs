//! The words for the domain's types, in the user's language: the label of each code and
//! level, the names from the reference data, and the sentence of each error the domain's rules
//! return. The domain itself says nothing in any language.

use std::fmt;

use crate::domain::age::{AgeBracket, AgeError};
use crate::domain::budget::{LineGap, Problem};
use crate::domain::codes::{
    AttendeeRole, BudgetKind, BudgetNature, Code, Decision, FixedList, FundingSource, HolderRole,
    Recommendation,
};
use crate::domain::maturity::{Level, Missing, Part};
use crate::domain::money::{self, MoneyError};
use crate::domain::reference::{Criterion, DataError, DataProblem, LegalFrame, Theme};
use crate::domain::rules::{FieldError, RecordError};
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

impl crate::store::ideas::Stage {
    /// The level's label until the committee decides, then the decision's.
    pub fn label(self) -> &'static str {
        use crate::store::ideas::Stage;
        match self {
            Stage::Undecided(level) => level.label(),
            Stage::Decided(decision) => decision.label(),
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

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Idea => tr("Idée"),
            Level::InProgress => tr("En construction"),
            Level::Mature => tr("Mature"),
            Level::Ready => tr("Prête pour la labellisation"),
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            Level::Idea => tr("Idée"),
            Level::InProgress => tr("En constr."),
            Level::Mature => tr("Mature"),
            Level::Ready => tr("Prête"),
        }
    }
}

impl AgeBracket {
    pub fn label(self) -> &'static str {
        match self {
            AgeBracket::From11To14 => tr("11 à 14 ans"),
            AgeBracket::From15To17 => tr("15 à 17 ans"),
            AgeBracket::From18To25 => tr("18 à 25 ans"),
            AgeBracket::From26To64 => tr("26 à 64 ans"),
            AgeBracket::From65 => tr("65 ans et plus"),
        }
    }
}

impl AgeError {
    pub fn message(self) -> &'static str {
        match self {
            AgeError::TooYoung => tr("Le Budget citoyen est ouvert à partir de 11 ans."),
            AgeError::Implausible => tr("Âge invraisemblable : tapez l'âge en années (11 à 110)."),
        }
    }
}

/// The code of an age's bracket, or why there is none (the forms' age field reads a typed
/// number with this).
pub fn code_of_age(years: u32) -> Result<&'static str, &'static str> {
    AgeBracket::from_age(years)
        .map(AgeBracket::code)
        .map_err(AgeError::message)
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MoneyError::Empty => tr("Montant obligatoire : tapez un nombre, par exemple 12 500."),
            MoneyError::Negative => tr("Le montant ne peut pas être négatif."),
            MoneyError::Unreadable => {
                tr("Montant illisible : tapez des chiffres, par exemple 12 500,50.")
            }
            MoneyError::Marks => tr(
                "Un seul séparateur de centimes : 12 500,50 (espace pour les milliers, virgule pour les centimes).",
            ),
            MoneyError::ThreeDigits => tr(
                "Trois chiffres après le séparateur : écrivez 12 500 pour des milliers ou 12,50 pour des centimes.",
            ),
            MoneyError::Groups => tr("Milliers mal groupés : écrivez 12 500 ou 12500."),
            MoneyError::TooLarge => tr("Montant trop grand."),
        })
    }
}

impl std::error::Error for MoneyError {}

/// A reference text in the user's language: its English when there is one, else its French.
fn in_lang<'a>(french: &'a str, english: &'a Option<String>) -> &'a str {
    match (crate::i18n::lang(), english) {
        (crate::i18n::Lang::En, Some(en)) => en,
        _ => french,
    }
}

impl Theme {
    /// The name in the user's language.
    pub fn label(&self) -> &str {
        in_lang(&self.name, &self.name_en)
    }
}

impl LegalFrame {
    pub fn label(&self) -> &str {
        in_lang(&self.name, &self.name_en)
    }
}

impl Criterion {
    pub fn label(&self) -> &str {
        in_lang(&self.name, &self.name_en)
    }
}

impl DataError {
    /// What is wrong, without where.
    pub fn message(&self) -> String {
        match &self.problem {
            DataProblem::Unreadable(why) => why.clone(),
            DataProblem::UnknownTerritory { commune, territory } => crate::t!(
                "la commune {commune} est rattachée au territoire « {territory} », absent de territoires.json",
                commune,
                territory
            ),
            DataProblem::NoRule { code } => {
                crate::t!("le critère calculé « {code} » n'a pas de règle", code)
            }
        }
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::t!(
            "Fichier de données {file} illisible, ligne {line} : {why}",
            file = self.file,
            line = self.line,
            why = self.message()
        ))
    }
}

impl std::error::Error for DataError {}

impl FieldError {
    /// The sentence shown under the field.
    pub fn message(&self) -> String {
        match self {
            FieldError::Required => tr("obligatoire.").into(),
            FieldError::TextExpected => tr("texte attendu.").into(),
            FieldError::TooLong { n, max } => {
                crate::t!("trop long ({n} caractères, {max} au plus).", n, max)
            }
            FieldError::BadEmail => {
                tr("adresse e-mail invalide (exemple : prenom.nom@exemple.fr).").into()
            }
            FieldError::BadPhone => {
                tr("numéro de téléphone invalide (exemple : 06 12 34 56 78).").into()
            }
            FieldError::UnknownTerritory(s) => crate::t!("territoire inconnu : « {s} ».", s),
            FieldError::NumberExpected => tr("nombre attendu.").into(),
            FieldError::Negative => tr("ne peut pas être négatif.").into(),
            FieldError::AmountTooLarge => tr("montant trop grand.").into(),
            FieldError::YesNoExpected => tr("oui ou non attendu.").into(),
            FieldError::DateExpected => tr("date attendue.").into(),
            FieldError::BadDate(s) => crate::t!("date invalide : « {s} ».", s),
            FieldError::IdExpected => tr("identifiant attendu.").into(),
            FieldError::BadId => tr("identifiant invalide.").into(),
            FieldError::ListExpected => tr("liste attendue.").into(),
            FieldError::ListItemTooLong { max } => {
                crate::t!("un élément dépasse {max} caractères.", max)
            }
            FieldError::UnreadableList => tr("liste illisible.").into(),
            FieldError::ChoiceExpected => tr("choix attendu.").into(),
            FieldError::UnknownChoice(s) => crate::t!("choix inconnu : « {s} ».", s),
        }
    }
}

impl RecordError {
    /// The sentence shown under the field at fault.
    pub fn message(self) -> String {
        match self {
            RecordError::ContactWithoutConsent => {
                tr("sans l'accord de la personne, ses coordonnées ne sont pas gardées.").into()
            }
            RecordError::ParentConsentNeeded => {
                tr("moins de 15 ans : l'accord d'un parent est aussi nécessaire.").into()
            }
        }
    }
}

impl Missing {
    /// What is missing, in words.
    pub fn message(&self) -> String {
        match self {
            Missing::NoReachableHolder => {
                tr("aucun porteur joignable (e-mail ou téléphone, avec son accord)").into()
            }
            Missing::NoHolderAttended => tr("aucun porteur n'a participé à un comptoir").into(),
            Missing::NoHolder => tr("aucun porteur").into(),
            Missing::HolderAgeUnknown => tr("tranche d'âge d'un porteur inconnue").into(),
            Missing::MinorWithoutReferent => {
                tr("porteur mineur : un adulte référent est nécessaire").into()
            }
            Missing::CommuneOutside => {
                tr("commune du projet non renseignée ou hors du Pas-de-Calais").into()
            }
            Missing::ToComplete(parts) => {
                let missing: Vec<&str> = parts
                    .iter()
                    .map(|p| match p {
                        Part::Summary => tr("résumé"),
                        Part::Description => tr("description"),
                        Part::TargetPublic => tr("public visé"),
                    })
                    .collect();
                crate::t!("à compléter : {missing}", missing = missing.join(", "))
            }
            Missing::NoExpenseLine => tr("aucune ligne de dépense").into(),
            Missing::IncomeAboveExpenses { income, expenses } => crate::t!(
                "recettes ({income}) supérieures aux dépenses ({expenses})",
                income = money::format(*income),
                expenses = money::format(*expenses)
            ),
            Missing::BelowMinimum { asked, min } => crate::t!(
                "montant demandé {asked} : sous le minimum de {min}",
                asked = money::format(*asked),
                min = money::format(*min)
            ),
            Missing::AboveMaximum { asked, max } => crate::t!(
                "montant demandé {asked} : au-dessus du maximum de {max}",
                asked = money::format(*asked),
                max = money::format(*max)
            ),
            Missing::NoPartner => tr("aucun partenaire").into(),
            Missing::UnknownRule(other) => crate::t!("règle inconnue « {other} »", other),
            Missing::ToCheck => tr("à vérifier par l'animateur").into(),
        }
    }
}

impl Problem {
    /// What is wrong, in words.
    pub fn message(&self) -> String {
        match self {
            Problem::Line { n, gap } => {
                let what = match gap {
                    LineGap::LabelAndAmount => tr("sans libellé ni montant"),
                    LineGap::Label => tr("sans libellé"),
                    LineGap::Amount => tr("sans montant"),
                };
                crate::t!("ligne {n} {what}", n, what)
            }
            Problem::Rule(missing) => missing.message(),
        }
    }
}

/// The sentences of the domain's errors and verdicts, for `format!` and `t!`.
macro_rules! said_by_message {
    ($($name:ty),+) => {
        $(impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.message())
            }
        })+
    };
}
said_by_message!(FieldError, RecordError, Missing, Problem);

impl fmt::Display for AgeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A typed age read as its bracket's code, for the forms' age field.
    #[test]
    fn a_typed_age_gives_its_code() {
        assert_eq!(code_of_age(16), Ok("15-17"));
        assert!(code_of_age(9).is_err());
    }
}
