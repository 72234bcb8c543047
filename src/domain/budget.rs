//! An idea's budget: totals and the campaign's rules.

use super::codes::{BudgetKind, FundingSource, Rule};
use super::maturity::{self, IdeaFacts, Missing};
use super::money::{self, Cents};
use super::reference::{CampaignRules, Reference};

/// One line as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub kind: BudgetKind,
    pub label: Option<String>,
    pub amount: Option<Cents>,
    pub source: Option<FundingSource>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub expenses: Cents,
    /// All income, the Budget citoyen's share included.
    pub income: Cents,
    /// Income other than the Budget citoyen.
    pub cofunding: Cents,
    pub expense_lines: usize,
}

impl Totals {
    pub fn of(lines: &[Line]) -> Totals {
        let mut t = Totals::default();
        for l in lines {
            let amount = l.amount.unwrap_or_default().0;
            if l.kind == BudgetKind::Expense {
                t.expenses.0 += amount;
                t.expense_lines += 1;
            } else {
                t.income.0 += amount;
                if l.source != Some(FundingSource::CitizenBudget) {
                    t.cofunding.0 += amount;
                }
            }
        }
        t
    }

    /// Expenses minus income other than the Budget citoyen.
    pub fn requested(&self) -> Cents {
        Cents(self.expenses.0 - self.cofunding.0)
    }
}

/// What a budget line lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineGap {
    LabelAndAmount,
    Label,
    Amount,
}

/// One thing wrong with a budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Line `n` (from 1) lacks something.
    Line { n: usize, gap: LineGap },
    /// A rule of the campaign is not met.
    Rule(Missing),
}

/// What is wrong with a budget for the campaign's rules; empty when all is well.
pub fn problems(lines: &[Line], reference: &Reference) -> Vec<Problem> {
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let label = l.label.as_deref().unwrap_or("").trim();
        if label.is_empty() || l.amount.is_none() {
            let gap = match (label.is_empty(), l.amount.is_none()) {
                (true, true) => LineGap::LabelAndAmount,
                (true, false) => LineGap::Label,
                _ => LineGap::Amount,
            };
            out.push(Problem::Line { n: i + 1, gap });
        }
    }
    let t = Totals::of(lines);
    let facts = IdeaFacts {
        expense_lines: t.expense_lines,
        expenses: t.expenses,
        income: t.income,
        cofunding: t.cofunding,
        ..IdeaFacts::default()
    };
    for rule in [Rule::BalancedBudget, Rule::AmountInRange] {
        if let Err(why) = maturity::rule(rule, &facts, reference) {
            out.push(Problem::Rule(why));
        }
    }
    out
}

/// The campaign's budget rule, first half: at least one expense, and no more income than
/// expenses.
pub fn balanced(expense_lines: usize, expenses: Cents, income: Cents) -> Result<(), Missing> {
    if expense_lines == 0 {
        Err(Missing::NoExpenseLine)
    } else if income > expenses {
        Err(Missing::IncomeAboveExpenses { income, expenses })
    } else {
        Ok(())
    }
}

/// The campaign's budget rule, second half: what is asked of the Budget citoyen lies between
/// the campaign's minimum and maximum.
pub fn amount_in_range(asked: Cents, campaign: &CampaignRules) -> Result<(), Missing> {
    if asked < campaign.min_amount() {
        Err(Missing::BelowMinimum {
            asked,
            min: campaign.min_amount(),
        })
    } else if asked > campaign.max_amount() {
        Err(Missing::AboveMaximum {
            asked,
            max: campaign.max_amount(),
        })
    } else {
        Ok(())
    }
}

/// « 12 500 € » or « — » for nothing.
pub fn shown(c: Option<Cents>) -> String {
    c.map(money::format).unwrap_or_else(|| "—".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::Code;
    use crate::domain::reference::tests::builtin;

    fn line(kind: &str, label: &str, euros: Option<i64>, source: Option<&str>) -> Line {
        Line {
            kind: BudgetKind::from_code(kind).unwrap(),
            label: (!label.is_empty()).then(|| label.into()),
            amount: euros.map(Cents::euros),
            source: source.map(|s| FundingSource::from_code(s).unwrap()),
        }
    }

    #[test]
    fn totals_are_cent_exact() {
        let lines = [
            line("depense", "Matériel", Some(6_000), None),
            Line {
                amount: Some(Cents(250_050)),
                ..line("depense", "Animation", None, None)
            },
            line("recette", "Commune", Some(1_000), Some("commune")),
            line(
                "recette",
                "Budget citoyen",
                Some(7_000),
                Some("budget-citoyen"),
            ),
        ];
        let t = Totals::of(&lines);
        assert_eq!(t.expenses, Cents(850_050));
        assert_eq!(t.income, Cents(800_000));
        assert_eq!(t.cofunding, Cents(100_000));
        assert_eq!(t.requested(), Cents(750_050));
        assert!(
            problems(&lines, &builtin()).is_empty(),
            "{:?}",
            problems(&lines, &builtin())
        );
    }

    #[test]
    fn the_rules_are_said_in_french() {
        let r = builtin();
        let table: &[(&[Line], &str)] = &[
            (
                &[line("depense", "Matériel", Some(3_200), None)],
                "montant demandé 3\u{a0}200\u{a0}€ : sous le minimum de 4\u{a0}500\u{a0}€",
            ),
            (
                &[line("depense", "Chapiteau", Some(25_000), None)],
                "montant demandé 25\u{a0}000\u{a0}€ : au-dessus du maximum de 20\u{a0}000\u{a0}€",
            ),
            (
                &[
                    line("depense", "Matériel", Some(5_000), None),
                    line("recette", "Mécène", Some(9_000), Some("mecenat")),
                ],
                "recettes (9\u{a0}000\u{a0}€) supérieures aux dépenses (5\u{a0}000\u{a0}€)",
            ),
            (
                &[line("depense", "", Some(5_000), None)],
                "ligne 1 sans libellé",
            ),
            (
                &[
                    line("depense", "Matériel", None, None),
                    line("depense", "Location", Some(6_000), None),
                ],
                "ligne 1 sans montant",
            ),
            (&[], "aucune ligne de dépense"),
        ];
        for (lines, expected) in table {
            let p: Vec<String> = problems(lines, &r).iter().map(Problem::message).collect();
            assert!(p.iter().any(|m| m == expected), "{expected:?} not in {p:?}");
        }
    }
}
