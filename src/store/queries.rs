//! Reads for the screens: windows of rows (`offset`, `limit`) and counts, from indexed queries.
//! Nothing here writes.

use anyhow::Result;
use rusqlite::{OptionalExtension, Row, params};

use super::Store;
use crate::domain::age::AgeBracket;
use crate::domain::codes::{BudgetKind, Code, Decision, FundingSource, Recommendation};
use crate::domain::maturity::{self, HolderFacts, IdeaFacts, Level};
use crate::domain::money::Cents;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub workshops: i64,
    /// People registered: merged and erased people left out (`Store::people_counts`).
    pub attendees: i64,
    /// People with a check-in (`Store::people_counts`); `None` when not read (it reads the
    /// check-ins through, so only the screens that show it ask for it).
    pub present: Option<i64>,
    pub ideas: i64,
    pub budget_lines: i64,
    pub changes: i64,
    pub sites: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub id: String,
    pub label: String,
    pub facilitator: String,
    pub territory: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkshopRow {
    pub id: String,
    pub date: String,
    pub territory: String,
    pub commune: Option<String>,
    pub host: Option<String>,
    pub attendees: i64,
    pub ideas: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendeeRow {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub age_bracket: Option<String>,
    pub commune: Option<String>,
    pub structure: Option<String>,
    pub workshops: i64,
}

/// Above this many people found by a search, the count stops (see [`Store::people_count`]).
pub const SEARCH_COUNT_CAP: i64 = 200;

/// A typed search, folded (accents, case and word order do not matter) and split for the two
/// ways of finding people.
struct Search {
    /// The words of one or two letters, as a JSON array (`?1`), `[]` when none.
    short: String,
    /// The words of three letters or more, as an FTS5 query on the trigram index (`?5`).
    trigrams: Option<String>,
    /// With only words of one or two letters: an FTS5 query on the index of words (`?8`), each
    /// typed word the start of a word of the person's text.
    starts: Option<String>,
}

impl Search {
    fn new(query: &str) -> Search {
        let folded = crate::domain::text::fold(query);
        let (long, short): (Vec<&str>, Vec<&str>) = folded
            .split(' ')
            .filter(|w| !w.is_empty())
            .partition(|w| w.chars().count() >= 3);
        // Each word a quoted string: whatever is typed is text, never FTS5 syntax.
        let quoted = |w: &&str| format!("\"{}\"", w.replace('"', "\"\""));
        Search {
            starts: (long.is_empty() && !short.is_empty()).then(|| {
                short
                    .iter()
                    .map(|w| format!("{}*", quoted(w)))
                    .collect::<Vec<_>>()
                    .join(" AND ")
            }),
            short: serde_json::to_string(&short).unwrap_or_default(),
            trigrams: (!long.is_empty())
                .then(|| long.iter().map(quoted).collect::<Vec<_>>().join(" AND ")),
        }
    }

    fn is_empty(&self) -> bool {
        self.short == "[]" && self.trigrams.is_none()
    }

    /// The short words to look for in the text of the people found (`?1`): none when they
    /// came through the index of words, which found them at the start of a word already.
    fn short_check(&self) -> &str {
        if self.starts.is_some() {
            "[]"
        } else {
            &self.short
        }
    }
}

/// What the people list shows: a search and filters (all optional).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeopleFilter {
    pub query: String,
    pub workshop: Option<String>,
    pub territory: Option<String>,
    pub age_bracket: Option<String>,
}

impl PeopleFilter {
    pub fn search(query: &str) -> PeopleFilter {
        PeopleFilter {
            query: query.to_string(),
            ..PeopleFilter::default()
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == PeopleFilter::default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdeaRow {
    pub id: String,
    pub title: String,
    pub commune: Option<String>,
    /// The commune's territory, or until a commune is given, its workshop's.
    pub territory: Option<String>,
    pub holders: String,
    pub requested: Cents,
    pub level: Level,
    /// The first thing the idea lacks, in words (`None` when nothing is missing).
    pub missing: Option<String>,
    /// The committee's decision, once taken.
    pub decision: Option<Decision>,
}

/// The SQL of an idea's requested amount: expenses minus income other than the Budget citoyen.
pub(crate) fn requested_sql() -> String {
    format!(
        "coalesce((SELECT sum(CASE WHEN b.kind = '{expense}' THEN b.amount
        WHEN b.source IS NOT '{citizen}' THEN -b.amount ELSE 0 END)
    FROM budget_lines b WHERE b.idea = i.id AND b.removed IS NOT 1), 0)",
        expense = BudgetKind::Expense.code(),
        citizen = FundingSource::CitizenBudget.code()
    )
}

fn opt(r: &Row, i: usize) -> rusqlite::Result<Option<String>> {
    r.get(i)
}

/// A person as the lists show them, from the columns id, first name, last name, age bracket,
/// commune, structure, number of workshops.
fn attendee_row(r: &Row) -> rusqlite::Result<AttendeeRow> {
    Ok(AttendeeRow {
        id: r.get(0)?,
        first_name: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
        last_name: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
        age_bracket: opt(r, 3)?,
        commune: opt(r, 4)?,
        structure: opt(r, 5)?,
        workshops: r.get(6)?,
    })
}

impl Store {
    fn count(&self, sql: &str) -> Result<i64> {
        Ok(self.conn().query_row(sql, [], |r| r.get(0))?)
    }

    fn tally(&self, name: &str) -> Result<i64> {
        Ok(self
            .conn()
            .prepare_cached("SELECT n FROM tallies WHERE name = ?1")?
            .query_row([name], |r| r.get(0))?)
    }

    /// The two numbers of people every screen and command gives, by one definition:
    /// (registered, present). Registered people are the people's records, less those merged
    /// into another and those erased; present people (« participants venus ») are the
    /// different people with a check-in not undone at a workshop not deleted, a merged
    /// person's presences counted as the person kept, an erased person's as one anonymous
    /// person. `check`, `report`, the Accueil screen and the Comptoirs list read this.
    pub fn people_counts(&self) -> Result<(i64, i64)> {
        // Kept by triggers as rows change (schema 6): no table is read through.
        let registered = self.tally("attendees")?;
        let present = self.count(
            "SELECT count(DISTINCT coalesce(p.merged_into, a.attendee))
             FROM attendance a
             JOIN workshops w ON w.id = a.workshop AND w.deleted IS NOT 1
             LEFT JOIN attendees p ON p.id = a.attendee
             WHERE a.removed IS NOT 1 AND a.checked_in IS NOT NULL",
        )?;
        Ok((registered, present))
    }

    pub fn counts(&self) -> Result<Counts> {
        self.counts_with(true)
    }

    /// The counts, the present people only when `present` (read from the check-ins, where the
    /// rest is kept by triggers).
    pub fn counts_with(&self, present: bool) -> Result<Counts> {
        let (attendees, present) = if present {
            let (r, p) = self.people_counts()?;
            (r, Some(p))
        } else {
            (self.tally("attendees")?, None)
        };
        Ok(Counts {
            // Kept by triggers as rows change (schema 6): no table is read through.
            workshops: self.tally("workshops")?,
            attendees,
            present,
            ideas: self.idea_count()?,
            budget_lines: self.tally("budget_lines")?,
            // The sequence numbers held, summed: the changes, counted without reading them
            // (changes of erased people included).
            changes: self.count("SELECT coalesce(sum(max_seq), 0) FROM sites")?,
            sites: self.count("SELECT count(*) FROM sites")?,
        })
    }

    /// This laptop's device record, once the first-run questions are answered.
    pub fn device(&self) -> Result<Option<Device>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id, label, facilitator, territory FROM devices WHERE id = ?1",
                [self.device_id()],
                |r| {
                    Ok(Device {
                        id: r.get(0)?,
                        label: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                        facilitator: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                        territory: opt(r, 3)?,
                    })
                },
            )
            .optional()?)
    }

    pub fn workshop_count(&self) -> Result<i64> {
        self.tally("workshops")
    }

    /// A workshop `w`'s people checked in and its ideas: the workshops list and the Accueil
    /// count them so.
    const WORKSHOP_COUNTS: &str = "(SELECT count(DISTINCT a.attendee) FROM attendance a
              WHERE a.workshop = w.id AND a.removed IS NOT 1 AND a.checked_in IS NOT NULL),
            (SELECT count(*) FROM ideas i WHERE i.workshop = w.id AND i.archived IS NOT 1)";

    /// A workshop's people checked in and its ideas; (0, 0) when it is not here.
    pub fn workshop_counts(&self, id: &str) -> Result<(i64, i64)> {
        let sql = format!(
            "SELECT {} FROM workshops w WHERE w.id = ?1",
            Self::WORKSHOP_COUNTS
        );
        Ok(self
            .conn()
            .prepare_cached(&sql)?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .unwrap_or((0, 0)))
    }

    /// Workshops, latest first.
    pub fn workshops(&self, offset: usize, limit: usize) -> Result<Vec<WorkshopRow>> {
        let sql = format!(
            "SELECT w.id, w.date, w.territory, w.commune, w.host, {}
             FROM workshops w WHERE w.deleted IS NOT 1
             ORDER BY w.date DESC, w.created DESC, w.id LIMIT ?1 OFFSET ?2",
            Self::WORKSHOP_COUNTS
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params![limit as i64, offset as i64], |r| {
            Ok(WorkshopRow {
                id: r.get(0)?,
                date: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                territory: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                commune: opt(r, 3)?,
                host: opt(r, 4)?,
                attendees: r.get(5)?,
                ideas: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn attendee_count(&self) -> Result<i64> {
        self.attendee_count_matching("")
    }

    pub(crate) fn search_words(&self, query: &str) -> String {
        let mut words = serde_json::Map::new();
        for w in crate::domain::text::fold(query)
            .split(' ')
            .filter(|w| !w.is_empty())
        {
            let communes: Vec<String> = self
                .reference()
                .complete_commune(w, usize::MAX)
                .into_iter()
                .map(|c| c.insee.clone())
                .collect();
            words.insert(w.to_string(), serde_json::json!(communes));
        }
        serde_json::Value::Object(words).to_string()
    }

    pub fn attendee_count_matching(&self, query: &str) -> Result<i64> {
        self.people_count(&PeopleFilter::search(query))
    }

    /// Attendees by last name.
    pub fn attendees(&self, offset: usize, limit: usize) -> Result<Vec<AttendeeRow>> {
        self.people(&PeopleFilter::default(), offset, limit)
    }

    /// Attendees matching a search (accents, case and word order do not matter), by last name.
    pub fn attendees_matching(
        &self,
        query: &str,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<AttendeeRow>> {
        self.people(&PeopleFilter::search(query), offset, limit)
    }

    /// The filters' parameters of a people query: `?2` the workshop, `?3` the communes of the
    /// territory (JSON array), `?4` the age bracket.
    fn people_args(&self, f: &PeopleFilter) -> (Option<String>, Option<String>, Option<String>) {
        let communes = self.territory_communes(f.territory.as_deref());
        (f.workshop.clone(), communes, f.age_bracket.clone())
    }

    /// A territory for the ideas filter, as JSON: its name and its communes' INSEE codes (an
    /// idea is there by its commune, or until it has one, by its workshop).
    pub(crate) fn territory_filter(&self, territory: Option<&str>) -> Option<String> {
        let communes = self.territory_communes(territory)?;
        Some(format!(
            r#"{{"name":{},"communes":{communes}}}"#,
            serde_json::to_string(territory?).unwrap_or_default()
        ))
    }

    /// The INSEE codes of a territory's communes as a JSON array, for a filter's `json_each`.
    pub(crate) fn territory_communes(&self, territory: Option<&str>) -> Option<String> {
        let territory = territory?;
        let codes: Vec<&str> = self
            .reference()
            .communes
            .iter()
            .filter(|c| c.territory == territory)
            .map(|c| c.insee.as_str())
            .collect();
        Some(serde_json::to_string(&codes).unwrap_or_default())
    }

    const PEOPLE_WHERE: &str = "p.merged_into IS NULL
        AND (?2 IS NULL OR EXISTS (SELECT 1 FROM attendance a
             WHERE a.attendee = p.id AND a.workshop = ?2 AND a.removed IS NOT 1 AND a.checked_in IS NOT NULL))
        AND (?3 IS NULL OR p.commune IN (SELECT value FROM json_each(?3)))
        AND (?4 IS NULL OR p.age_bracket = ?4)
        AND (?1 = '[]' OR NOT EXISTS (SELECT 1 FROM json_each(?1) w
            WHERE instr(coalesce((SELECT t.text FROM people_text t WHERE t.id = p.id), ''), w.value) = 0))";

    /// Where the people of a query come from. With a word of three letters or more typed, from
    /// the trigram index (`?5`): the word anywhere in the name, e-mail, structure or commune,
    /// the shorter words (`?1`) then looked for in the text of the people found. With only
    /// words of one or two letters, from the index of words (`?8`): each the start of a word
    /// (« ma » finds Manon and Martin, not Thomas). Only the people who match are read.
    ///
    /// A search shows at most [`SEARCH_COUNT_CAP`] people, the first ones found (the earliest
    /// registered) sorted by name, so that a key costs the same in a base of 200 people or of
    /// 200 000; the list then says « 200+ » and the next letter typed narrows it.
    fn people_from(search: &Search) -> &'static str {
        if search.trigrams.is_some() {
            "people_fts f CROSS JOIN people_text pt ON pt.n = f.rowid
             CROSS JOIN attendees p ON p.id = pt.id
             WHERE people_fts MATCH ?5 AND ?8 IS NULL AND"
        } else if search.starts.is_some() {
            "people_words w CROSS JOIN people_text pt ON pt.n = w.rowid
             CROSS JOIN attendees p ON p.id = pt.id
             WHERE people_words MATCH ?8 AND ?5 IS NULL AND"
        } else {
            "attendees p WHERE ?5 IS NULL AND ?8 IS NULL AND"
        }
    }

    /// The index of a search that reads no other table: the trigram index, or the index of
    /// words for one or two letters; `None` when the search needs the people's rows too (a
    /// filter, or short words beside long ones).
    fn index_only(&self, f: &PeopleFilter, search: &Search) -> Option<(&'static str, String)> {
        let filtered = f.workshop.is_some() || f.territory.is_some() || f.age_bracket.is_some();
        if filtered || search.short_check() != "[]" {
            return None;
        }
        match (&search.trigrams, &search.starts) {
            (Some(q), _) => Some(("people_fts", q.clone())),
            (None, Some(q)) => Some(("people_words", q.clone())),
            _ => None,
        }
    }

    /// How many people a filter shows. With something typed, the count stops at
    /// [`SEARCH_COUNT_CAP`] + 1: a longer list is shown as « 200+ » and one more letter
    /// narrows it, and counting every match of « m » would read every person. A plain search
    /// is counted in its index alone (merged people are not in it).
    pub fn people_count(&self, f: &PeopleFilter) -> Result<i64> {
        let search = Search::new(&f.query);
        if let Some((index, query)) = self.index_only(f, &search) {
            let sql = format!(
                "SELECT count(*) FROM (SELECT rowid FROM {index} WHERE {index} MATCH ?1 LIMIT ?2)"
            );
            return Ok(self
                .conn()
                .prepare_cached(&sql)?
                .query_row(params![query, SEARCH_COUNT_CAP + 1], |r| r.get(0))?);
        }
        let (ws, t, a) = self.people_args(f);
        if search.is_empty() && ws.is_none() && t.is_none() && a.is_none() {
            return self.tally("attendees");
        }
        let limit = if search.is_empty() {
            -1
        } else {
            SEARCH_COUNT_CAP + 1
        };
        let sql = format!(
            "SELECT count(*) FROM (SELECT 1 FROM {} {} LIMIT ?6)",
            Self::people_from(&search),
            Self::PEOPLE_WHERE
        );
        Ok(self.conn().prepare_cached(&sql)?.query_row(
            params![
                search.short_check(),
                ws,
                t,
                a,
                search.trigrams,
                limit,
                0,
                search.starts
            ],
            |r| r.get(0),
        )?)
    }

    /// Where a person stands in the people list a filter shows without a search (by name), or
    /// `None` when the filter leaves them out.
    pub fn person_position(&self, f: &PeopleFilter, id: &str) -> Result<Option<usize>> {
        let (ws, t, a) = self.people_args(f);
        let empty = Search::new("");
        let short = empty.short_check();
        let none: Option<String> = None;
        let args = params![short, ws, t, a, none, 0, 0, none, id];
        let shown: bool = self.conn().query_row(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM attendees p WHERE p.id = ?9 AND ?5 IS NULL
                   AND ?6 = ?7 AND ?8 IS NULL AND {})",
                Self::PEOPLE_WHERE
            ),
            args,
            |r| r.get(0),
        )?;
        if !shown {
            return Ok(None);
        }
        // Before the person in the list's order: last name, first name (case aside), created.
        let before: i64 = self.conn().query_row(
            &format!(
                "SELECT count(*) FROM attendees x CROSS JOIN attendees p
                 WHERE x.id = ?9 AND ?5 IS NULL AND ?6 = ?7 AND ?8 IS NULL AND {}
                   AND (p.last_name < x.last_name COLLATE NOCASE
                        OR (p.last_name = x.last_name COLLATE NOCASE
                            AND (p.first_name < x.first_name COLLATE NOCASE
                                 OR (p.first_name = x.first_name COLLATE NOCASE
                                     AND (p.created < x.created
                                          OR (p.created IS x.created AND p.id < x.id))))))",
                Self::PEOPLE_WHERE
            ),
            args,
            |r| r.get(0),
        )?;
        Ok(Some(before as usize))
    }

    /// What the list shows of [`Store::people_count`]: the number of rows it can show, and
    /// whether more people match beyond the cap.
    pub fn people_total(&self, f: &PeopleFilter) -> Result<(i64, bool)> {
        let n = self.people_count(f)?;
        let capped = !Search::new(&f.query).is_empty() && n > SEARCH_COUNT_CAP;
        Ok(if capped {
            (SEARCH_COUNT_CAP, true)
        } else {
            (n, false)
        })
    }

    /// People matching a filter, by last name. A search reads its matches in the order of the
    /// indexes, which is the order of the names (see `people::name_slot`): the rows on screen
    /// are the first ones read, whatever the size of the base.
    pub fn people(
        &self,
        f: &PeopleFilter,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<AttendeeRow>> {
        let search = Search::new(&f.query);
        let columns = "p.id, p.first_name, p.last_name, p.age_bracket, p.commune, p.structure,
                (SELECT count(DISTINCT a.workshop) FROM attendance a
                  WHERE a.attendee = p.id AND a.removed IS NOT 1 AND a.checked_in IS NOT NULL)";
        // A search shows its first SEARCH_COUNT_CAP matches.
        let cap = SEARCH_COUNT_CAP as usize;
        let (offset, limit) = if search.is_empty() {
            (offset, limit)
        } else {
            (offset.min(cap), limit.min(cap.saturating_sub(offset)))
        };
        let (ws, t, a) = self.people_args(f);
        if let Some((index, query)) = self.index_only(f, &search) {
            // The rows as the list shows them are kept beside the text, in the same order.
            let sql = format!(
                "SELECT p.id, p.first_name, p.last_name, p.age_bracket, p.commune, p.structure,
                     p.workshops
                 FROM (SELECT rowid AS n FROM {index} WHERE {index} MATCH ?1
                       ORDER BY rowid LIMIT ?2 OFFSET ?3) f
                 CROSS JOIN people_text p ON p.n = f.n
                 ORDER BY f.n"
            );
            let mut stmt = self.conn().prepare_cached(&sql)?;
            let rows = stmt.query_map(params![query, limit as i64, offset as i64], attendee_row)?;
            return Ok(rows.collect::<rusqlite::Result<_>>()?);
        }
        let sql = if !search.is_empty() {
            format!(
                "WITH found AS MATERIALIZED (SELECT p.id, pt.n FROM {} {} LIMIT {SEARCH_COUNT_CAP})
                 SELECT {columns} FROM found CROSS JOIN attendees p ON p.id = found.id
                 ORDER BY found.n LIMIT ?6 OFFSET ?7",
                Self::people_from(&search),
                Self::PEOPLE_WHERE
            )
        } else {
            format!(
                "SELECT {columns} FROM {} {}
                 ORDER BY p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE, p.created, p.id
                 LIMIT ?6 OFFSET ?7",
                Self::people_from(&search),
                Self::PEOPLE_WHERE
            )
        };
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![
                search.short_check(),
                ws,
                t,
                a,
                search.trigrams,
                limit as i64,
                offset as i64,
                search.starts
            ],
            attendee_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn idea_count(&self) -> Result<i64> {
        self.count("SELECT coalesce(sum(ideas), 0) FROM idea_totals")
    }

    /// Ideas not archived, newest first, each with its holders, requested amount and level.
    pub fn ideas(&self, offset: usize, limit: usize) -> Result<Vec<IdeaRow>> {
        self.ideas_filtered(&super::ideas::IdeaFilter::default(), offset, limit)
    }

    /// One idea as the lists show it.
    pub fn idea_row(&self, id: &str) -> Result<IdeaRow> {
        let sql = format!(
            "SELECT i.title, i.commune,
                coalesce((SELECT group_concat(p.first_name || ' ' || p.last_name, ', ')
                  FROM holders h JOIN attendees p ON p.id = h.attendee
                  WHERE h.idea = i.id AND h.removed IS NOT 1), ''),
                {requested},
                (SELECT w.territory FROM workshops w WHERE w.id = i.workshop)
             FROM ideas i WHERE i.id = ?1",
            requested = requested_sql()
        );
        let (title, commune, holders, requested, workshop_territory): (
            String,
            Option<String>,
            String,
            i64,
            Option<String>,
        ) = self.conn().prepare_cached(&sql)?.query_row([id], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                opt(r, 1)?,
                r.get(2)?,
                r.get(3)?,
                opt(r, 4)?,
            ))
        })?;
        let territory = match commune.as_deref().filter(|c| !c.is_empty()) {
            Some(c) => self.reference().territory_of(c).map(String::from),
            None => workshop_territory,
        };
        let (level, missing) = self.idea_maturity(id)?;
        Ok(IdeaRow {
            id: id.to_string(),
            title,
            commune,
            territory,
            holders,
            requested: Cents(requested),
            level,
            missing,
            decision: self.decision(id)?,
        })
    }

    /// An idea's level and the first thing it lacks.
    pub fn idea_maturity(&self, id: &str) -> Result<(Level, Option<String>)> {
        let facts = self.idea_facts(id)?;
        let verdicts = maturity::evaluate(&facts, self.reference());
        let level = maturity::level(&verdicts, facts.recommended);
        let missing = verdicts
            .into_iter()
            .find_map(|v| v.missing)
            .map(|m| m.message());
        let missing = match (level, missing) {
            (maturity::Level::Mature, None) => {
                Some(crate::i18n::tr("recommandation de l'animateur").to_string())
            }
            (_, m) => m,
        };
        Ok((level, missing))
    }

    /// Ideas per territory, in the reference's order: by the idea's commune, or until it has
    /// one, by its workshop's territory; ideas with neither are left out.
    pub fn territory_counts(&self) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT nullif(commune, ''), sum(ideas) FROM idea_totals GROUP BY commune",
        )?;
        let rows: Vec<(Option<String>, i64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut counts: Vec<(String, i64)> = self
            .reference()
            .territory_names()
            .into_iter()
            .map(|t| (t.to_string(), 0))
            .collect();
        for (commune, n) in rows {
            if let Some(t) = commune
                .as_deref()
                .and_then(|c| self.reference().commune_by_insee(c))
                && let Some(slot) = counts.iter_mut().find(|(name, _)| *name == t.territory)
            {
                slot.1 += n;
            }
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT w.territory, count(*) FROM ideas i JOIN workshops w ON w.id = i.workshop
             WHERE i.archived IS NOT 1 AND nullif(i.commune, '') IS NULL GROUP BY w.territory",
        )?;
        let by_workshop: Vec<(Option<String>, i64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (territory, n) in by_workshop {
            if let Some(slot) = counts
                .iter_mut()
                .find(|(name, _)| Some(name.as_str()) == territory.as_deref())
            {
                slot.1 += n;
            }
        }
        Ok(counts)
    }

    /// The total requested from the Budget citoyen by the ideas not archived, in cents.
    pub fn requested_total(&self) -> Result<i64> {
        self.count("SELECT coalesce(sum(requested), 0) FROM idea_totals")
    }

    /// Ideas per level, in `Level::ALL` order.
    /// Ideas at each stage as the screens count them, in `Stage::ALL` order: the four levels
    /// for ideas the committee has not decided on, then « Labellisée », « Non labellisée »:
    /// once decided, an idea is counted under its decision only.
    pub fn stage_counts(&self) -> Result<[i64; 6]> {
        use super::ideas::Stage;
        let at = |stage: Stage| Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0);
        let mut stages = [0; 6];
        stages[..4].copy_from_slice(&self.level_counts()?);
        let mut stmt = self.conn().prepare_cached(
            "SELECT l.level, r.decision, count(*) FROM reviews r JOIN idea_levels l ON l.idea = r.idea
             WHERE r.decision IS NOT NULL AND l.archived = 0 GROUP BY 1, 2",
        )?;
        let decided: Vec<(i64, String, i64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (level, decision, n) in decided {
            let (Some(level), Some(decision)) =
                (Level::from_code(level), Decision::from_code(&decision))
            else {
                continue;
            };
            stages[at(Stage::Undecided(level))] -= n;
            stages[at(Stage::Decided(decision))] += n;
        }
        Ok(stages)
    }

    pub fn level_counts(&self) -> Result<[i64; 4]> {
        // From the maintained levels (see `levels.rs`): no idea is judged again here.
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT level, sum(ideas) FROM idea_totals GROUP BY level")?;
        let mut counts = [0; 4];
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
            let (level, n) = row?;
            if let Some(level) = Level::from_code(level) {
                counts[level as usize] = n;
            }
        }
        Ok(counts)
    }

    /// Everything the maturity rules read about one idea.
    pub fn idea_facts(&self, id: &str) -> Result<IdeaFacts> {
        facts_on(self.conn(), id)
    }

    /// A workshop as the status bar names it: « 04/03/2026 · Calais ».
    pub fn workshop_label(&self, id: &str) -> Result<Option<String>> {
        let Some(row) = self.row(&crate::domain::model::WORKSHOPS, id)? else {
            return Ok(None);
        };
        Ok(Some(self.workshop_words(
            row["date"].as_str().unwrap_or(""),
            row["commune"].as_str(),
            row["territory"].as_str().unwrap_or(""),
        )))
    }

    /// A workshop as people name it, « 16/04/2026 · Le Portel », from a row of the list (no
    /// read of the store).
    pub fn workshop_row_label(&self, w: &WorkshopRow) -> String {
        self.workshop_words(&w.date, w.commune.as_deref(), &w.territory)
    }

    /// « date · commune », or the territory when the commune is not known.
    fn workshop_words(&self, date: &str, commune: Option<&str>, territory: &str) -> String {
        let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default();
        let place = commune
            .and_then(|c| self.reference().commune_name(c))
            .unwrap_or(territory);
        format!("{date} · {place}")
    }

    /// A known person: same e-mail, else same first and last name (folded) and commune.
    pub fn find_attendee(
        &self,
        email: &str,
        first: &str,
        last: &str,
        commune: Option<&str>,
    ) -> Result<Option<String>> {
        let email = email.trim().to_lowercase();
        if !email.is_empty()
            && let Some(id) = self
                .conn()
                .query_row(
                    "SELECT id FROM attendees WHERE lower(email) = ?1",
                    [&email],
                    |r| r.get(0),
                )
                .optional()?
        {
            return Ok(Some(id));
        }
        Ok(self
            .conn()
            .query_row(
                "SELECT id FROM attendees WHERE fold(first_name) = ?1 AND fold(last_name) = ?2
                   AND commune IS ?3 AND merged_into IS NULL",
                params![
                    crate::domain::text::fold(first),
                    crate::domain::text::fold(last),
                    commune
                ],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// What [`Store::find_attendee`] compares, for every person, in the order it reads
    /// them: (id, e-mail, first name, last name, commune, merged into someone). An import
    /// reads it once instead of looking each row up in the whole list.
    pub fn attendee_keys(&self) -> Result<Vec<AttendeeKey>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, email, first_name, last_name, commune, merged_into IS NOT NULL
             FROM attendees",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(AttendeeKey {
                id: r.get(0)?,
                email: r.get(1)?,
                first_name: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                last_name: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                commune: r.get(4)?,
                merged: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Removes a local setting (nothing when it is not there).
    pub fn forget_setting(&mut self, key: &str) -> Result<()> {
        self.conn()
            .execute("DELETE FROM settings WHERE key = ?1", [key])?;
        Ok(())
    }

    /// A fingerprint of what this base would send or would already hold: its site, the
    /// highest change held from each laptop (with its clock), its forget set and its schema.
    /// Every write, merge, erasure or renumbering changes it; settings and the sync history do
    /// not. Two equal fingerprints: nothing new to publish since.
    pub fn sync_state(&self) -> Result<String> {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(self.site().bytes());
        h.update(super::schema::LATEST.to_le_bytes());
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        let mut stmt = self
            .conn()
            .prepare("SELECT site, max_seq, max_clock FROM sites ORDER BY site")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let site = r.get_ref(0)?.as_blob()?;
            h.update((site.len() as u64).to_le_bytes());
            h.update(site);
            h.update(r.get::<_, i64>(1)?.to_le_bytes());
            h.update(r.get::<_, i64>(2)?.to_le_bytes());
        }
        let mut stmt = self
            .conn()
            .prepare("SELECT id, clock FROM forgotten ORDER BY id")?;
        let mut rows = stmt.query([])?;
        h.update(b"forgotten");
        while let Some(r) = rows.next()? {
            let id = r.get_ref(0)?.as_str()?;
            h.update((id.len() as u64).to_le_bytes());
            h.update(id.as_bytes());
            h.update(r.get::<_, i64>(1)?.to_le_bytes());
        }
        Ok(crate::domain::text::hex(&h.finalize()))
    }

    /// The people checked in at a workshop, by name.
    pub fn checked_in(&self, workshop: &str) -> Result<Vec<AttendeeRow>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT p.id, p.first_name, p.last_name, p.age_bracket, p.commune, p.structure, 1
             FROM attendance a JOIN attendees p ON p.id = a.attendee
             WHERE a.workshop = ?1 AND a.removed IS NOT 1 AND a.checked_in IS NOT NULL
             ORDER BY p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE, p.id",
        )?;
        let rows = stmt.query_map([workshop], attendee_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The people of a workshop's attendance sheet: those checked in and those registered
    /// for it (`import --comptoir`), not merged into another; in no particular order (the
    /// sheet sorts them the French way).
    pub fn on_attendance_sheet(&self, workshop: &str) -> Result<Vec<AttendeeRow>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT DISTINCT p.id, p.first_name, p.last_name, p.age_bracket, p.commune, p.structure, 1
             FROM attendance a JOIN attendees p ON p.id = a.attendee
             WHERE a.workshop = ?1 AND a.removed IS NOT 1 AND p.merged_into IS NULL",
        )?;
        let rows = stmt.query_map([workshop], attendee_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether a person is checked in (and not removed) at a workshop.
    pub fn is_checked_in(&self, workshop: &str, attendee: &str) -> Result<bool> {
        Ok(self
            .conn()
            .query_row(
                "SELECT 1 FROM attendance WHERE workshop = ?1 AND attendee = ?2 AND removed IS NOT 1 AND checked_in IS NOT NULL",
                [workshop, attendee],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// When this laptop last synced, as stored by the sync (`None` before the first).
    pub fn last_sync(&self) -> Result<Option<String>> {
        self.setting("last_sync")
    }
}

/// What the rules judge one idea by, read on any connection (the store's, or a write's
/// transaction).
pub(crate) fn facts_on(conn: &rusqlite::Connection, id: &str) -> Result<IdeaFacts> {
    Ok(facts_of(conn, &[id.to_string()])?
        .remove(id)
        .unwrap_or_default())
}

/// What the rules judge these ideas by, read for all of them at once: one statement per
/// kind of record (the idea, its holders, its budget lines, its criteria, its review), each
/// going from the ideas to their records, instead of five statements per idea.
pub(crate) fn facts_of(
    conn: &rusqlite::Connection,
    ids: &[String],
) -> Result<std::collections::HashMap<String, IdeaFacts>> {
    let list = serde_json::to_string(ids)?;
    let mut out: std::collections::HashMap<String, IdeaFacts> = ids
        .iter()
        .map(|id| (id.clone(), IdeaFacts::default()))
        .collect();
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.commune, i.summary IS NOT NULL, i.description IS NOT NULL,
                i.target_public IS NOT NULL, i.referent IS NOT NULL, i.partners
         FROM json_each(?1) l CROSS JOIN ideas i ON i.id = l.value",
    )?;
    let mut rows = stmt.query([&list])?;
    while let Some(r) = rows.next()? {
        let Some(f) = out.get_mut(r.get_ref(0)?.as_str()?) else {
            continue;
        };
        let partners: Option<String> = r.get(6)?;
        f.commune = r.get(1)?;
        f.summary = r.get(2)?;
        f.description = r.get(3)?;
        f.target_public = r.get(4)?;
        f.referent = r.get(5)?;
        f.partners = partners
            .and_then(|p| serde_json::from_str::<Vec<String>>(&p).ok())
            .map_or(0, |v| v.len());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT h.idea, p.age_bracket, (p.email IS NOT NULL OR p.phone IS NOT NULL), p.consent IS 1,
            EXISTS (SELECT 1 FROM attendance a WHERE a.attendee = p.id AND a.removed IS NOT 1 AND a.checked_in IS NOT NULL)
         FROM json_each(?1) l CROSS JOIN holders h ON h.idea = l.value
         CROSS JOIN attendees p ON p.id = h.attendee
         WHERE h.removed IS NOT 1",
    )?;
    let mut rows = stmt.query([&list])?;
    while let Some(r) = rows.next()? {
        let Some(f) = out.get_mut(r.get_ref(0)?.as_str()?) else {
            continue;
        };
        f.holders.push(HolderFacts {
            age_bracket: r
                .get::<_, Option<String>>(1)?
                .and_then(|c| AgeBracket::from_code(&c)),
            reachable: r.get(2)?,
            consent: r.get(3)?,
            attended: r.get(4)?,
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT b.idea, coalesce(sum(b.kind = ?2), 0),
            coalesce(sum(CASE WHEN b.kind = ?2 THEN b.amount END), 0),
            coalesce(sum(CASE WHEN b.kind = ?3 THEN b.amount END), 0),
            coalesce(sum(CASE WHEN b.kind = ?3 AND b.source IS NOT ?4
                THEN b.amount END), 0)
         FROM json_each(?1) l CROSS JOIN budget_lines b ON b.idea = l.value
         WHERE b.removed IS NOT 1 GROUP BY b.idea",
    )?;
    let mut rows = stmt.query(params![
        &list,
        BudgetKind::Expense.code(),
        BudgetKind::Income.code(),
        FundingSource::CitizenBudget.code()
    ])?;
    while let Some(r) = rows.next()? {
        let Some(f) = out.get_mut(r.get_ref(0)?.as_str()?) else {
            continue;
        };
        f.expense_lines = r.get::<_, i64>(1)? as usize;
        f.expenses = Cents(r.get(2)?);
        f.income = Cents(r.get(3)?);
        f.cofunding = Cents(r.get(4)?);
    }
    // In index order, the later of two checks of one criterion counting (as it always has).
    let mut stmt = conn.prepare_cached(
        "SELECT c.idea, c.criterion, c.met IS 1
         FROM json_each(?1) l CROSS JOIN criterion_checks c ON c.idea = l.value
         ORDER BY c.idea, c.rowid",
    )?;
    let mut rows = stmt.query([&list])?;
    while let Some(r) = rows.next()? {
        let Some(f) = out.get_mut(r.get_ref(0)?.as_str()?) else {
            continue;
        };
        if let Some(criterion) = r.get::<_, Option<String>>(1)? {
            f.checks.insert(criterion, r.get(2)?);
        }
    }
    // The first review of an idea (there is one: its id is drawn from the idea's).
    let mut stmt = conn.prepare_cached(
        "SELECT r.idea, r.recommendation = ?2
         FROM json_each(?1) l CROSS JOIN reviews r ON r.idea = l.value
         ORDER BY r.idea, r.rowid DESC",
    )?;
    let mut rows = stmt.query(params![&list, Recommendation::Ready.code()])?;
    while let Some(r) = rows.next()? {
        let Some(f) = out.get_mut(r.get_ref(0)?.as_str()?) else {
            continue;
        };
        f.recommended = r.get::<_, Option<bool>>(1)?.unwrap_or(false);
    }
    Ok(out)
}

/// One person as [`Store::find_attendee`] compares them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendeeKey {
    pub id: String,
    pub email: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub commune: Option<String>,
    pub merged: bool,
}
