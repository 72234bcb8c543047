//! An idea's maturity review: criteria judged, the facilitator's ticks and recommendation, the
//! committee's decision.

use anyhow::Result;

use super::{Store, derived_id};
use crate::domain::codes::{Code, Decision, Recommendation};
use crate::domain::maturity::{self, Level};
use crate::domain::model::{CRITERION_CHECKS, REVIEWS, Value};
use crate::domain::reference::Reference;

/// Everything the review screen and the project sheet show about an idea's maturity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub idea: String,
    pub title: String,
    pub level: Level,
    pub verdicts: Vec<Verdict>,
    /// Facilitator criteria's comments, by code.
    pub comments: Vec<(String, String)>,
    pub recommendation: Option<Recommendation>,
    pub comment: Option<String>,
    pub decision: Option<Decision>,
    pub decision_reason: Option<String>,
    pub decision_date: Option<String>,
}

/// One criterion as the review shows it: the domain's verdict, with the criterion's name and
/// what is missing in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub code: String,
    pub label: String,
    pub computed: bool,
    pub met: bool,
    pub missing: Option<String>,
}

impl Verdict {
    fn shown(v: maturity::Verdict, reference: &Reference) -> Verdict {
        let label = reference
            .criteria
            .iter()
            .find(|c| c.code == v.code)
            .map(|c| c.label().to_string())
            .unwrap_or_default();
        Verdict {
            label,
            missing: v.missing.map(|m| m.message()),
            code: v.code,
            computed: v.computed,
            met: v.met,
        }
    }
}

/// The id of an idea's review record (one per idea, the same on every laptop).
pub fn review_id(idea: &str) -> String {
    derived_id(idea, "revue")
}

/// The id of one criterion's check for an idea.
pub fn check_id(idea: &str, criterion: &str) -> String {
    derived_id(idea, criterion)
}

fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(String::from)
}

impl Store {
    pub fn review(&self, idea: &str) -> Result<Review> {
        let facts = self.idea_facts(idea)?;
        let verdicts = maturity::evaluate(&facts, self.reference());
        let level = maturity::level(&verdicts, facts.recommended);
        let row = self.row(&REVIEWS, &review_id(idea))?;
        let get = |f: &str| text(row.as_ref().and_then(|r| r.get(f)));
        let mut comments = Vec::new();
        for c in &self.reference().criteria {
            if let Some(check) = self.row(&CRITERION_CHECKS, &check_id(idea, &c.code))?
                && let Some(comment) = text(check.get("comment"))
            {
                comments.push((c.code.clone(), comment));
            }
        }
        Ok(Review {
            idea: idea.to_string(),
            title: self.idea_row(idea)?.title,
            level,
            verdicts: verdicts
                .into_iter()
                .map(|v| Verdict::shown(v, self.reference()))
                .collect(),
            comments,
            recommendation: get("recommendation").and_then(|c| Recommendation::from_code(&c)),
            comment: get("comment"),
            decision: get("decision").and_then(|c| Decision::from_code(&c)),
            decision_reason: get("decision_reason"),
            decision_date: get("decision_date"),
        })
    }

    /// The committee's decision on an idea, if any.
    pub fn decision(&self, idea: &str) -> Result<Option<Decision>> {
        let row = self.row(&REVIEWS, &review_id(idea))?;
        Ok(row
            .and_then(|r| text(r.get("decision")))
            .and_then(|d| Decision::from_code(&d)))
    }
}
