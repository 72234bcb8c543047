//! Reads about ideas: the filtered list, budgets, holders, history and look-alike titles.

use anyhow::Result;
use rusqlite::params;

use super::Store;
use super::queries::IdeaRow;
use crate::domain::budget;
use crate::domain::codes::{BudgetKind, BudgetNature, Code, Decision, FundingSource, HolderRole};
use crate::domain::maturity::Level;
use crate::domain::model::{self, Value};
use crate::domain::money::Cents;
use crate::domain::text::fold;
use crate::i18n::tr;

/// How the ideas list is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum IdeaSort {
    /// Newest first.
    #[default]
    Date,
    Title,
    /// Largest requested amount first.
    Requested,
    /// Most mature first.
    Level,
}

impl IdeaSort {
    pub const ALL: [(IdeaSort, &'static str, &'static str); 4] = [
        (IdeaSort::Date, "date", "Date (récentes d'abord)"),
        (IdeaSort::Title, "titre", "Titre"),
        (IdeaSort::Requested, "montant", "Montant demandé"),
        (IdeaSort::Level, "niveau", "Niveau de maturité"),
    ];
}

/// What the ideas list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdeaFilter {
    pub query: String,
    /// Show archived ideas instead of the others.
    pub archived: bool,
    pub territory: Option<String>,
    pub workshop: Option<String>,
    pub theme: Option<String>,
    pub stage: Option<Stage>,
    pub sort: IdeaSort,
}

/// Where an idea stands, as the lists and charts count it: at its level until the committee
/// decides, then at its decision only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Undecided(Level),
    Decided(Decision),
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Undecided(Level::Idea),
        Stage::Undecided(Level::InProgress),
        Stage::Undecided(Level::Mature),
        Stage::Undecided(Level::Ready),
        Stage::Decided(Decision::Labelled),
        Stage::Decided(Decision::NotLabelled),
    ];

    /// The filter's value: the level's number, or the decision's code.
    fn sql(self) -> rusqlite::types::Value {
        match self {
            Stage::Undecided(l) => rusqlite::types::Value::Integer(l.code()),
            Stage::Decided(d) => rusqlite::types::Value::Text(d.code().to_string()),
        }
    }
}

impl IdeaFilter {
    /// How many filters narrow the list (the search and the archive view aside).
    pub fn count(&self) -> usize {
        [
            self.territory.is_some(),
            self.workshop.is_some(),
            self.theme.is_some(),
            self.stage.is_some(),
        ]
        .iter()
        .filter(|x| **x)
        .count()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetLineRow {
    pub id: String,
    pub kind: BudgetKind,
    pub nature: Option<BudgetNature>,
    pub label: Option<String>,
    pub amount: Option<Cents>,
    pub source: Option<FundingSource>,
}

impl BudgetLineRow {
    /// The line as the budget rules see it.
    pub fn for_rules(&self) -> budget::Line {
        budget::Line {
            kind: self.kind,
            label: self.label.clone(),
            amount: self.amount,
            source: self.source,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolderRow {
    pub id: String,
    pub attendee: String,
    pub name: String,
    pub role: Option<HolderRole>,
    pub age_bracket: Option<String>,
}

/// The code stored in column `i`, read as `C` (`None` for nothing, or a code `C` lacks).
pub(crate) fn code_at<C: Code>(r: &rusqlite::Row, i: usize) -> rusqlite::Result<Option<C>> {
    Ok(r.get::<_, Option<String>>(i)?
        .and_then(|c| C::from_code(&c)))
}

/// One change in an idea's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub at_ms: i64,
    pub device: String,
    /// « Idée », « Ligne de budget »…
    pub what: &'static str,
    pub field: &'static str,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The conditions of the ideas list: `?1` search words, `?2` archived, `?3` the territory
/// (`Store::territory_filter`), `?4` workshop, `?5` theme, `?6` level.
const IDEA_WHERE: &str = "(i.archived IS 1) = ?2
    AND (?3 IS NULL OR i.commune IN (SELECT value FROM json_each(?3, '$.communes'))
         OR (nullif(i.commune, '') IS NULL AND EXISTS (SELECT 1 FROM workshops w
             WHERE w.id = i.workshop AND w.territory = json_extract(?3, '$.name'))))
    AND (?4 IS NULL OR i.workshop = ?4)
    AND (?5 IS NULL OR EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(i.themes) THEN i.themes ELSE '[]' END) t
                               WHERE t.value = ?5))
    AND (?6 IS NULL OR coalesce((SELECT nullif(r.decision, '') FROM reviews r WHERE r.idea = i.id),
                                l.level) = ?6)
    AND NOT EXISTS (
        SELECT 1 FROM json_each(?1) w
        WHERE instr(fold(coalesce(i.title, '') || ' ' || coalesce(i.summary, '') || ' ' ||
                coalesce((SELECT group_concat(p.first_name || ' ' || p.last_name, ' ')
                   FROM holders h JOIN attendees p ON p.id = h.attendee
                   WHERE h.idea = i.id AND h.removed IS NOT 1), '')), w.key) = 0
          AND coalesce(i.commune, '') NOT IN (SELECT value FROM json_each(w.value)))";

fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Int(i) => Some(i.to_string()),
        Value::Text(s) => Some(s.clone()),
    }
}

impl Store {
    /// The ids of the ideas a filter keeps, in its order, from `offset` (all when `limit` is
    /// negative). Levels come from the maintained `idea_levels`, so every filter and order is
    /// an indexed query.
    fn idea_ids(&self, f: &IdeaFilter, offset: usize, limit: i64) -> Result<Vec<String>> {
        let (words, communes) = self.idea_args(f);
        let order = match f.sort {
            IdeaSort::Date => "i.created DESC, i.id".to_string(),
            IdeaSort::Level => "l.level DESC, i.created DESC, i.id".to_string(),
            IdeaSort::Title => "i.title COLLATE NOCASE, i.id".to_string(),
            IdeaSort::Requested => format!("{} DESC, i.id", super::queries::requested_sql()),
        };
        let sql = format!(
            "SELECT i.id FROM ideas i LEFT JOIN idea_levels l ON l.idea = i.id
             WHERE {IDEA_WHERE} ORDER BY {order} LIMIT ?7 OFFSET ?8"
        );
        let ids = self
            .conn()
            .prepare_cached(&sql)?
            .query_map(
                params![
                    words,
                    f.archived,
                    communes,
                    f.workshop,
                    f.theme,
                    f.stage.map(Stage::sql),
                    limit,
                    offset as i64
                ],
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    fn idea_args(&self, f: &IdeaFilter) -> (String, Option<String>) {
        let territory = self.territory_filter(f.territory.as_deref());
        (self.search_words(&f.query), territory)
    }

    pub fn idea_count_filtered(&self, f: &IdeaFilter) -> Result<i64> {
        if *f == IdeaFilter::default() {
            // The list as it opens: the maintained total, not a count of every idea.
            return self.idea_count();
        }
        let (words, communes) = self.idea_args(f);
        let sql = format!(
            "SELECT count(*) FROM ideas i LEFT JOIN idea_levels l ON l.idea = i.id WHERE {IDEA_WHERE}"
        );
        Ok(self.conn().prepare_cached(&sql)?.query_row(
            params![
                words,
                f.archived,
                communes,
                f.workshop,
                f.theme,
                f.stage.map(Stage::sql)
            ],
            |r| r.get(0),
        )?)
    }

    /// Ideas matching a filter, in its order.
    pub fn ideas_filtered(
        &self,
        f: &IdeaFilter,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<IdeaRow>> {
        self.idea_ids(f, offset, limit as i64)?
            .iter()
            .map(|id| self.idea_row(id))
            .collect()
    }

    /// The live budget lines of an idea, in the order they were added.
    pub fn budget(&self, idea: &str) -> Result<Vec<BudgetLineRow>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, kind, nature, label, amount, source FROM budget_lines
             WHERE idea = ?1 AND removed IS NOT 1 ORDER BY created, id",
        )?;
        let rows = stmt.query_map([idea], |r| {
            Ok(BudgetLineRow {
                id: r.get(0)?,
                // Every stored kind is known (the write path and the merge check it).
                kind: code_at(r, 1)?.unwrap_or(BudgetKind::Income),
                nature: code_at(r, 2)?,
                label: r.get(3)?,
                amount: r.get::<_, Option<i64>>(4)?.map(Cents),
                source: code_at(r, 5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The people holding an idea.
    pub fn holders(&self, idea: &str) -> Result<Vec<HolderRow>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT h.id, h.attendee, coalesce(p.first_name || ' ' || p.last_name, '(personne effacée)'),
                    h.role, p.age_bracket
             FROM holders h LEFT JOIN attendees p ON p.id = h.attendee
             WHERE h.idea = ?1 AND h.removed IS NOT 1 ORDER BY h.created, h.id",
        )?;
        let rows = stmt.query_map([idea], |r| {
            Ok(HolderRow {
                id: r.get(0)?,
                attendee: r.get(1)?,
                name: r.get(2)?,
                role: code_at(r, 3)?,
                age_bracket: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every change to an idea, its holders and its budget lines, latest first, with the value
    /// each replaced.
    pub fn history(&self, idea: &str) -> Result<Vec<HistoryEntry>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.tbl, c.record, c.field, c.value, c.clock, c.site FROM changes c
             WHERE c.record = ?1
                OR c.record IN (SELECT id FROM holders WHERE idea = ?1)
                OR c.record IN (SELECT id FROM budget_lines WHERE idea = ?1)
             ORDER BY c.record, c.field, c.clock, c.site",
        )?;
        let rows: Vec<(String, String, String, Value, i64, Vec<u8>)> = stmt
            .query_map([idea], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    super::derive::from_sql(r.get_ref(3)?),
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        let mut devices: std::collections::BTreeMap<Vec<u8>, String> = Default::default();
        let mut previous: Option<(String, String, Value)> = None;
        for (tbl, record, field, value, clock, site) in rows {
            let before = match &previous {
                Some((r, f, v)) if *r == record && *f == field => text(v),
                _ => None,
            };
            // A few devices write many changes: each is named once.
            let device = devices
                .entry(site.clone())
                .or_insert_with(|| super::merge::device_name(self.conn(), &site))
                .clone();
            let kind = model::table(&tbl)
                .and_then(|t| t.field(&field))
                .map(|f| f.kind);
            // Links to other records say nothing to a reader, but a holder's person does.
            if kind == Some(model::Kind::Ref) && !(tbl == "holders" && field == "attendee") {
                previous = Some((record, field, value));
                continue;
            }
            let what = match tbl.as_str() {
                "ideas" => tr("Idée"),
                "holders" => tr("Porteur"),
                "budget_lines" => tr("Budget"),
                _ => tr("Fiche"),
            };
            let field_label = crate::strings::field_label(&tbl, &field);
            out.push(HistoryEntry {
                at_ms: super::millis(clock),
                device,
                what,
                field: field_label,
                before: before.map(|b| self.shown_value(&tbl, &field, &b)),
                after: text(&value).map(|a| self.shown_value(&tbl, &field, &a)),
            });
            previous = Some((record, field, value));
        }
        out.sort_by_key(|e| std::cmp::Reverse(e.at_ms));
        Ok(out)
    }

    /// A stored value as a person reads it: euros, oui/non, labels of codes, names of people.
    fn shown_value(&self, table: &str, field: &str, raw: &str) -> String {
        use crate::strings::label_of;
        let kind = model::table(table)
            .and_then(|t| t.field(field))
            .map(|f| f.kind);
        match (kind, field) {
            (Some(model::Kind::Money), _) => raw
                .parse()
                .map(|c| crate::domain::money::format(Cents(c)))
                .unwrap_or_else(|_| raw.to_string()),
            (Some(model::Kind::Bool | model::Kind::SetOnce), _) => {
                if raw == "1" {
                    tr("oui").into()
                } else {
                    tr("non").into()
                }
            }
            // Themes by their names, not their codes.
            (Some(model::Kind::List), "themes") => serde_json::from_str::<Vec<String>>(raw)
                .map(|v| {
                    let reference = self.reference();
                    v.iter()
                        .map(|code| {
                            reference
                                .themes
                                .iter()
                                .find(|t| &t.code == code)
                                .map_or(code.as_str(), |t| t.label())
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_else(|_| raw.to_string()),
            (Some(model::Kind::List), _) => serde_json::from_str::<Vec<String>>(raw)
                .map(|v| v.join(", "))
                .unwrap_or_else(|_| raw.to_string()),
            (_, "attendee") => self
                .row(&model::ATTENDEES, raw)
                .ok()
                .flatten()
                .map(|r| {
                    format!(
                        "{} {}",
                        r["first_name"].as_str().unwrap_or(""),
                        r["last_name"].as_str().unwrap_or("")
                    )
                })
                .unwrap_or_else(|| tr("(personne effacée)").into()),
            (_, "commune") => self
                .reference()
                .commune_name(raw)
                .map(String::from)
                .unwrap_or_else(|| raw.to_string()),
            (_, "legal_frame") => self
                .reference()
                .legal_frames
                .iter()
                .find(|f| f.code == raw)
                .map(|f| f.label().to_string())
                .unwrap_or_else(|| raw.to_string()),
            (_, "kind" | "nature" | "source" | "role") => {
                let label = match field {
                    "kind" => label_of::<BudgetKind>(Some(raw)),
                    "nature" => label_of::<BudgetNature>(Some(raw)),
                    "source" => label_of::<FundingSource>(Some(raw)),
                    _ => label_of::<HolderRole>(Some(raw)),
                };
                label.map_or_else(|| raw.to_string(), String::from)
            }
            _ => raw.to_string(),
        }
    }

    /// Ideas of the same territory whose title is very close to `title` (not `except`).
    pub fn similar_ideas(
        &self,
        title: &str,
        territory: Option<&str>,
        except: &str,
    ) -> Result<Vec<String>> {
        let mine = fold(title);
        if mine.len() < 4 {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, title, commune FROM ideas WHERE archived IS NOT 1 AND id != ?1",
        )?;
        let rows: Vec<(String, Option<String>, Option<String>)> = stmt
            .query_map([except], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .filter(|(_, _, commune)| {
                let theirs = commune
                    .as_deref()
                    .and_then(|c| self.reference().territory_of(c));
                territory.is_none() || theirs.is_none() || theirs == territory
            })
            .filter_map(|(_, t, _)| t)
            .filter(|t| {
                let theirs = fold(t);
                strsim::normalized_levenshtein(&mine, &theirs) >= 0.8
                    || (theirs.len() >= 8 && (mine.contains(&theirs) || theirs.contains(&mine)))
            })
            .collect())
    }
}
