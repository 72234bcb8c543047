//! The codes of the fixed lists, as enums: each with the one text it is stored as.
//!
//! A code travels as its enum through the program; `code()` gives the text written in the
//! database and in files, `from_code()` reads it back. The words shown for each code are not
//! here (the domain says nothing in any language): `crate::strings::Labelled` gives them.

use super::model::Value;

/// A code of a fixed list, with its stored text.
pub trait Code: Copy + Eq + std::fmt::Debug + 'static {
    /// Every code, in the order lists show them.
    const ALL: &'static [Self];

    /// The text stored in the database and written in files.
    fn code(self) -> &'static str;

    /// The code stored as `text`, if it is one.
    fn from_code(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.code() == text)
    }
}

/// An enum of codes with its stored texts, and its `Code` impl.
macro_rules! codes {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl Code for $name {
            const ALL: &'static [Self] = &[$($name::$variant,)+];
            fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }
        }

        /// A code is written as its stored text.
        impl From<$name> for Value {
            fn from(code: $name) -> Value {
                Value::text(code.code())
            }
        }
    };
}

codes! {
    /// Why a person came (`attendees.role`).
    pub enum AttendeeRole {
        Holder = "porteur",
        Partner = "partenaire",
        Curious = "curieux",
    }
}

codes! {
    /// A person's part in an idea (`holders.role`).
    pub enum HolderRole {
        Holder = "porteur",
        CoHolder = "co-porteur",
    }
}

codes! {
    /// A budget line's side (`budget_lines.kind`).
    pub enum BudgetKind {
        Expense = "depense",
        Income = "recette",
    }
}

codes! {
    /// What an expense pays for (`budget_lines.nature`).
    pub enum BudgetNature {
        Investment = "investissement",
        Operating = "fonctionnement",
    }
}

codes! {
    /// Who pays an income line (`budget_lines.source`).
    pub enum FundingSource {
        CitizenBudget = "budget-citoyen",
        SelfFunding = "autofinancement",
        Municipality = "commune",
        Epci = "epci",
        Department = "departement",
        Region = "region",
        State = "etat",
        Caf = "caf",
        Foundation = "fondation",
        Patronage = "mecenat",
        Volunteering = "benevolat",
        Other = "autre",
    }
}

codes! {
    /// The facilitator's recommendation on an idea (`reviews.recommendation`).
    pub enum Recommendation {
        Support = "accompagner",
        Rework = "retravailler",
        Ready = "prete",
    }
}

codes! {
    /// The committee's decision on an idea (`reviews.decision`).
    pub enum Decision {
        Labelled = "labellisee",
        NotLabelled = "non-labellisee",
    }
}

codes! {
    /// A computed maturity rule, named by a criterion of `criteres-maturite.json` (`regle`).
    pub enum Rule {
        HolderReachable = "porteur-joignable",
        WorkshopAttended = "comptoir-suivi",
        AgeFrame = "age-cadre",
        InPasDeCalais = "pas-de-calais",
        GoalsAndPublic = "objectifs-public",
        BalancedBudget = "budget-equilibre",
        AmountInRange = "montant-plage",
        Partners = "partenaires",
    }
}

/// The fixed list a `Code` field takes its codes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixedList {
    AttendeeRole,
    HolderRole,
    BudgetKind,
    BudgetNature,
    FundingSource,
    Recommendation,
    Decision,
}

impl FixedList {
    pub const ALL: [FixedList; 7] = [
        FixedList::AttendeeRole,
        FixedList::HolderRole,
        FixedList::BudgetKind,
        FixedList::BudgetNature,
        FixedList::FundingSource,
        FixedList::Recommendation,
        FixedList::Decision,
    ];

    /// The fixed list of `table.field` (`None` for codes from the reference data, or no code).
    pub fn of(table: &str, field: &str) -> Option<FixedList> {
        Some(match (table, field) {
            ("attendees", "role") => FixedList::AttendeeRole,
            ("holders", "role") => FixedList::HolderRole,
            ("budget_lines", "kind") => FixedList::BudgetKind,
            ("budget_lines", "nature") => FixedList::BudgetNature,
            ("budget_lines", "source") => FixedList::FundingSource,
            ("reviews", "recommendation") => FixedList::Recommendation,
            ("reviews", "decision") => FixedList::Decision,
            _ => return None,
        })
    }

    /// The stored texts of the list.
    pub fn codes(self) -> Vec<&'static str> {
        fn all<C: Code>() -> Vec<&'static str> {
            C::ALL.iter().map(|c| c.code()).collect()
        }
        match self {
            FixedList::AttendeeRole => all::<AttendeeRole>(),
            FixedList::HolderRole => all::<HolderRole>(),
            FixedList::BudgetKind => all::<BudgetKind>(),
            FixedList::BudgetNature => all::<BudgetNature>(),
            FixedList::FundingSource => all::<FundingSource>(),
            FixedList::Recommendation => all::<Recommendation>(),
            FixedList::Decision => all::<Decision>(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trips<C: Code>() {
        let mut seen = std::collections::HashSet::new();
        for c in C::ALL {
            assert!(seen.insert(c.code()), "{} twice", c.code());
            assert_eq!(C::from_code(c.code()), Some(*c));
        }
        assert_eq!(C::from_code(""), None);
    }

    #[test]
    fn every_code_reads_back_as_itself() {
        round_trips::<AttendeeRole>();
        round_trips::<HolderRole>();
        round_trips::<BudgetKind>();
        round_trips::<BudgetNature>();
        round_trips::<FundingSource>();
        round_trips::<Recommendation>();
        round_trips::<Decision>();
        round_trips::<Rule>();
        assert_eq!(BudgetKind::from_code("depense"), Some(BudgetKind::Expense));
        assert_eq!(Decision::Labelled.code(), "labellisee");
        assert_eq!(
            HolderRole::from_code("co-porteur"),
            Some(HolderRole::CoHolder)
        );
        assert_eq!(Value::from(HolderRole::CoHolder), Value::text("co-porteur"));
    }

    #[test]
    fn each_code_field_has_its_list() {
        assert_eq!(
            FixedList::of("budget_lines", "kind").map(FixedList::codes),
            Some(vec!["depense", "recette"])
        );
        assert_eq!(FixedList::of("attendees", "commune"), None);
        for list in FixedList::ALL {
            assert!(!list.codes().is_empty());
        }
    }
}
