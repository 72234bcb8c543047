//! Maturity of an idea: which criteria are met, and the level that follows.
//!
//! Criteria are data (`criteres-maturite.json`): computed ones name a rule below, facilitator
//! ones are ticked. Levels: **Idée** while no criterion is met, **En construction** once one is,
//! **Mature** when every computed criterion is met, **Prête pour la labellisation** when every
//! criterion is met and the facilitator recommends it.

use std::collections::BTreeMap;

use super::age::AgeBracket;
use super::codes::{Code, Rule};
use super::money::Cents;
use super::reference::{CriterionMode, Reference};

/// What the rules need to know about one holder of the idea.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HolderFacts {
    pub age_bracket: Option<AgeBracket>,
    pub reachable: bool,
    pub consent: bool,
    pub attended: bool,
}

/// What the rules need to know about one idea.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IdeaFacts {
    pub holders: Vec<HolderFacts>,
    pub commune: Option<String>,
    pub summary: bool,
    pub description: bool,
    pub target_public: bool,
    pub referent: bool,
    pub partners: usize,
    pub expense_lines: usize,
    pub expenses: Cents,
    /// All income, the Budget citoyen's share included.
    pub income: Cents,
    /// Income other than the Budget citoyen.
    pub cofunding: Cents,
    /// Facilitator criteria ticked, by code.
    pub checks: BTreeMap<String, bool>,
    pub recommended: bool,
}

impl IdeaFacts {
    /// Total expenses minus income other than the Budget citoyen.
    pub fn requested(&self) -> Cents {
        Cents(self.expenses.0 - self.cofunding.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Idea,
    InProgress,
    Mature,
    Ready,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::Idea, Level::InProgress, Level::Mature, Level::Ready];

    /// The number stored for the level (`idea_levels.level`, `idea_totals.level`): its rank.
    pub fn code(self) -> i64 {
        self as i64
    }

    /// The level stored as `code`.
    pub fn from_code(code: i64) -> Option<Level> {
        usize::try_from(code)
            .ok()
            .and_then(|i| Level::ALL.get(i).copied())
    }
}

/// What an idea lacks for one criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// No holder with an e-mail or a phone kept with their consent.
    NoReachableHolder,
    /// No holder came to a workshop.
    NoHolderAttended,
    NoHolder,
    /// A holder's age bracket is unknown.
    HolderAgeUnknown,
    /// A minor holds the idea and no adult referent is named.
    MinorWithoutReferent,
    /// The idea's commune is not given, or not in the Pas-de-Calais.
    CommuneOutside,
    /// These parts of the idea are still empty.
    ToComplete(Vec<Part>),
    NoExpenseLine,
    IncomeAboveExpenses {
        income: Cents,
        expenses: Cents,
    },
    BelowMinimum {
        asked: Cents,
        min: Cents,
    },
    AboveMaximum {
        asked: Cents,
        max: Cents,
    },
    NoPartner,
    /// A computed criterion names a rule this version does not know.
    UnknownRule(String),
    /// A facilitator's criterion not ticked yet.
    ToCheck,
}

/// A part of an idea the `GoalsAndPublic` rule asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Summary,
    Description,
    TargetPublic,
}

/// One criterion's verdict, with what is missing when it is not met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub code: String,
    pub computed: bool,
    pub met: bool,
    pub missing: Option<Missing>,
}

/// One computed rule: `Err` says what is missing.
pub fn rule(rule: Rule, f: &IdeaFacts, r: &Reference) -> Result<(), Missing> {
    let c = &r.campaign;
    let ok = |cond: bool, why: Missing| if cond { Ok(()) } else { Err(why) };
    match rule {
        Rule::HolderReachable => ok(
            f.holders.iter().any(|h| h.reachable && h.consent),
            Missing::NoReachableHolder,
        ),
        Rule::WorkshopAttended => ok(
            f.holders.iter().any(|h| h.attended),
            Missing::NoHolderAttended,
        ),
        Rule::AgeFrame => {
            if f.holders.is_empty() {
                Err(Missing::NoHolder)
            } else if f.holders.iter().any(|h| h.age_bracket.is_none()) {
                Err(Missing::HolderAgeUnknown)
            } else if f
                .holders
                .iter()
                .any(|h| h.age_bracket.is_some_and(AgeBracket::is_minor))
                && !f.referent
            {
                Err(Missing::MinorWithoutReferent)
            } else {
                Ok(())
            }
        }
        Rule::InPasDeCalais => ok(
            f.commune
                .as_deref()
                .is_some_and(|i| r.commune_by_insee(i).is_some()),
            Missing::CommuneOutside,
        ),
        Rule::GoalsAndPublic => {
            let mut missing = Vec::new();
            if !f.summary {
                missing.push(Part::Summary);
            }
            if !f.description {
                missing.push(Part::Description);
            }
            if !f.target_public {
                missing.push(Part::TargetPublic);
            }
            if missing.is_empty() {
                Ok(())
            } else {
                Err(Missing::ToComplete(missing))
            }
        }
        Rule::BalancedBudget => super::budget::balanced(f.expense_lines, f.expenses, f.income),
        Rule::AmountInRange => super::budget::amount_in_range(f.requested(), c),
        Rule::Partners => ok(f.partners > 0, Missing::NoPartner),
    }
}

/// Every criterion of the reference, judged.
pub fn evaluate(f: &IdeaFacts, r: &Reference) -> Vec<Verdict> {
    r.criteria
        .iter()
        .map(|c| {
            let (computed, result) = match c.mode {
                CriterionMode::Computed => {
                    let name = c.rule.as_deref().unwrap_or("");
                    let result = match Rule::from_code(name) {
                        Some(known) => rule(known, f, r),
                        None => Err(Missing::UnknownRule(name.to_string())),
                    };
                    (true, result)
                }
                CriterionMode::Facilitator => (
                    false,
                    if f.checks.get(&c.code).copied().unwrap_or(false) {
                        Ok(())
                    } else {
                        Err(Missing::ToCheck)
                    },
                ),
            };
            Verdict {
                code: c.code.clone(),
                computed,
                met: result.is_ok(),
                missing: result.err(),
            }
        })
        .collect()
}

pub fn level(verdicts: &[Verdict], recommended: bool) -> Level {
    let computed_all = verdicts.iter().filter(|v| v.computed).all(|v| v.met);
    let all = verdicts.iter().all(|v| v.met);
    if all && recommended {
        Level::Ready
    } else if computed_all {
        Level::Mature
    } else if verdicts.iter().any(|v| v.met) {
        Level::InProgress
    } else {
        Level::Idea
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::reference::tests::builtin;

    fn complete() -> IdeaFacts {
        IdeaFacts {
            holders: vec![HolderFacts {
                age_bracket: Some(AgeBracket::From26To64),
                reachable: true,
                consent: true,
                attended: true,
            }],
            commune: Some("62041".into()),
            summary: true,
            description: true,
            target_public: true,
            referent: false,
            partners: 1,
            expense_lines: 2,
            expenses: Cents::euros(10_000),
            income: Cents::euros(10_000),
            cofunding: Cents::euros(2_000),
            checks: BTreeMap::new(),
            recommended: false,
        }
    }

    fn missing(f: &IdeaFacts, code: &str) -> Option<String> {
        evaluate(f, &builtin())
            .into_iter()
            .find(|v| v.code == code)
            .unwrap()
            .missing
            .map(|m| m.message())
    }

    #[test]
    fn levels_follow_the_criteria() {
        let r = builtin();
        let empty = IdeaFacts::default();
        assert_eq!(level(&evaluate(&empty, &r), false), Level::Idea);
        let mut f = complete();
        assert_eq!(level(&evaluate(&f, &r), false), Level::Mature);
        assert_eq!(
            level(&evaluate(&f, &r), true),
            Level::Mature,
            "facilitator boxes unticked"
        );
        for c in ["cadre-adapte", "valeurs-ess", "calendrier"] {
            f.checks.insert(c.into(), true);
        }
        assert_eq!(
            level(&evaluate(&f, &r), false),
            Level::Mature,
            "not recommended yet"
        );
        assert_eq!(level(&evaluate(&f, &r), true), Level::Ready);
        f.partners = 0;
        assert_eq!(level(&evaluate(&f, &r), true), Level::InProgress);
    }

    #[test]
    fn each_rule_says_what_is_missing() {
        let mut f = complete();
        assert_eq!(f.requested(), Cents::euros(8_000));
        f.expenses = Cents::euros(5_200);
        f.cofunding = Cents::euros(2_000);
        f.income = Cents::euros(2_000);
        assert_eq!(
            missing(&f, "montant-plage").as_deref(),
            Some("montant demandé 3\u{a0}200\u{a0}€ : sous le minimum de 4\u{a0}500\u{a0}€")
        );
        f.income = Cents::euros(6_000);
        assert!(
            missing(&f, "budget-equilibre")
                .unwrap()
                .starts_with("recettes")
        );
        f.holders[0].age_bracket = Some(AgeBracket::From15To17);
        assert_eq!(
            missing(&f, "age-cadre").as_deref(),
            Some(crate::i18n::tr(
                "porteur mineur : un adulte référent est nécessaire"
            ))
        );
        f.referent = true;
        assert_eq!(missing(&f, "age-cadre"), None);
        f.description = false;
        f.target_public = false;
        assert_eq!(
            missing(&f, "objectifs-public").as_deref(),
            Some("à compléter : description, public visé")
        );
        f.commune = Some("59350".into());
        assert!(missing(&f, "pas-de-calais").is_some());
        f.holders[0].consent = false;
        assert!(missing(&f, "porteur-joignable").is_some());
    }
}
