//! People found twice: probable duplicates, and merging one person into another through the
//! one write path.

use std::collections::BTreeMap;

use anyhow::Result;
use rusqlite::params;

use super::queries::AttendeeRow;
use super::{Edit, Store, WriteError, derived_id};
use crate::domain::model::{ATTENDANCE, ATTENDEES, HOLDERS, Value};
use crate::domain::text::fold;

/// Someone about to be registered, as the look-alike question compares them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewPerson {
    pub first: String,
    pub last: String,
    pub email: String,
    pub phone: String,
    pub age: Option<String>,
    pub commune: Option<String>,
}

/// A person's searchable text: last and first name, e-mail, structure and the commune by its
/// name, each folded (accents, case, hyphens), in one line. The last name first: the texts
/// in order are the people by name, which the search of one or two letters reads. The SQL function `search_text`
/// (see `Store::open`) is this, so the index is filled by one statement.
pub(crate) fn search_text(
    reference: &crate::domain::reference::Reference,
    parts: [Option<String>; 5],
) -> String {
    let [first, last, email, structure, commune] = parts;
    let commune = commune
        .as_deref()
        .and_then(|c| reference.commune_name(c))
        .map(String::from);
    [last, first, email, structure, commune]
        .into_iter()
        .flatten()
        .map(|t| fold(&t))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where a person's entry goes in the search indexes, its rowid: the first ten letters of
/// the searchable text (the folded last name, then the first name) as a number in the same
/// order (28 symbols: the end, a space or other sign, a to z), times 16 384, plus a number
/// drawn from the id. The indexes give their matches in rowid order, so the first screen of a
/// search is the first matches read, already by name, in a base of 200 people as of 200 000.
/// People whose names share their first ten letters come in an order of their own. The SQL
/// function `name_slot` is this.
pub(crate) fn name_slot(text: &str, id: &str) -> i64 {
    let mut chars = text.chars();
    let key = (0..10).fold(0i64, |key, _| {
        let digit = match chars.next() {
            None => 0,
            Some(c @ 'a'..='z') => 2 + (c as i64 - 'a' as i64),
            Some(_) => 1,
        };
        key * 28 + digit
    });
    // FNV-1a: people whose names start alike spread over their places.
    let spread = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    (key << SLOT_BITS) | (spread & SLOT_MASK as u64) as i64
}

/// The places of one name's start: 16 384.
const SLOT_BITS: u32 = 14;
const SLOT_MASK: i64 = (1 << SLOT_BITS) - 1;

/// The searchable text and list row of the people in `temp.touched` made again (or removed,
/// for people gone or merged into another), in one statement: the indexes behind it are
/// written once, not once a person. A check-in touched changes its person's count of
/// workshops only.
pub(crate) fn refresh_touched_text(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "DELETE FROM people_text WHERE id IN (SELECT record FROM temp.touched WHERE tbl = 'attendees')",
    )?
    .execute([])?;
    index_people(
        conn,
        "AND id IN (SELECT record FROM temp.touched WHERE tbl = 'attendees')",
    )?;
    conn.prepare_cached(&format!(
        "UPDATE people_text SET workshops = {}
             WHERE id IN (SELECT a.attendee FROM temp.touched t
                          CROSS JOIN attendance a ON a.id = t.record WHERE t.tbl = 'attendance')",
        workshops_of("people_text")
    ))?
    .execute([])?;
    Ok(())
}

/// The number of workshops the person `{person}.id` took part in.
fn workshops_of(person: &str) -> String {
    format!(
        "(SELECT count(DISTINCT a.workshop) FROM attendance a
          WHERE a.attendee = {person}.id AND a.removed IS NOT 1 AND a.checked_in IS NOT NULL)"
    )
}

/// Every person indexed again, each index then merged into one segment (a search opens one
/// iterator per segment).
pub(crate) fn refresh_all_text(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM people_text", [])?;
    index_people(conn, "")?;
    conn.execute_batch(
        "INSERT INTO people_fts (people_fts) VALUES ('optimize');
         INSERT INTO people_words (people_words) VALUES ('optimize');",
    )
}

/// Indexes the people `scope` names (a condition on `attendees`), each at its name's place;
/// the few whose place is taken (a name starting like another's, the same number drawn)
/// take the next free one after it.
fn index_people(conn: &rusqlite::Connection, scope: &str) -> rusqlite::Result<()> {
    let row = format!(
        "p.id, search_text(first_name, last_name, email, structure, commune) AS text, first_name,
         last_name, age_bracket, commune, structure, {} AS workshops",
        workshops_of("p")
    );
    let columns = "n, id, text, first_name, last_name, age_bracket, commune, structure, workshops";
    conn.prepare_cached(&format!(
        "INSERT OR IGNORE INTO people_text ({columns})
             SELECT name_slot(t.text, t.id), t.* FROM (
                 SELECT {row} FROM attendees p WHERE merged_into IS NULL {scope}) t
             -- In index order: FTS5 keeps its pending entries only while rowids grow, and
             -- writes them out at each one that does not.
             ORDER BY 1"
    ))?
    .execute([])?;
    let left: Vec<(String, String)> = conn
        .prepare_cached(&format!(
            "SELECT id, search_text(first_name, last_name, email, structure, commune)
             FROM attendees p WHERE merged_into IS NULL {scope}
               AND NOT EXISTS (SELECT 1 FROM people_text t WHERE t.id = p.id)"
        ))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut taken =
        conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM people_text WHERE n = ?1)")?;
    let mut insert = conn.prepare_cached(&format!(
        "INSERT INTO people_text ({columns}) SELECT ?1, {row} FROM attendees p WHERE p.id = ?2"
    ))?;
    for (id, text) in left {
        let slot = name_slot(&text, &id);
        let base = slot & !SLOT_MASK;
        let mut free = None;
        for step in 1..=SLOT_MASK {
            let n = base | ((slot + step) & SLOT_MASK);
            if !taken.query_row([n], |r| r.get::<_, bool>(0))? {
                free = Some(n);
                break;
            }
        }
        // 16 384 names starting alike: after the last of everyone.
        let n = match free {
            Some(n) => n,
            None => conn.query_row("SELECT max(n) + 1 FROM people_text", [], |r| r.get(0))?,
        };
        insert.execute(rusqlite::params![n, id])?;
    }
    Ok(())
}

/// Why two people look like one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Likeness {
    SameEmail,
    SamePhone,
    SameName,
    CloseName,
}

impl Likeness {
    pub fn label(&self) -> &'static str {
        match self {
            Likeness::SameEmail => crate::i18n::tr("même e-mail"),
            Likeness::SamePhone => crate::i18n::tr("même téléphone"),
            Likeness::SameName => crate::i18n::tr("même nom"),
            Likeness::CloseName => crate::i18n::tr("noms très proches, même tranche d'âge"),
        }
    }
}

/// How alike two people are, if they are: the same e-mail or phone; the same name once folded
/// (case, accents, hyphens, spaces), first and last name either way round, whatever the
/// commune; or names one or two letters apart with the same age bracket.
fn likeness(a: &Person, b: &Person) -> Option<Likeness> {
    if !a.email.is_empty() && a.email == b.email {
        return Some(Likeness::SameEmail);
    }
    if !a.phone.is_empty() && a.phone == b.phone {
        return Some(Likeness::SamePhone);
    }
    if a.name.is_empty() || b.name.is_empty() {
        return None;
    }
    if a.name == b.name || a.name == b.swapped {
        return Some(Likeness::SameName);
    }
    // Two typing slips at most, on names long enough for that to mean something (and short
    // enough to be names: a pasted page is not compared letter by letter with everyone).
    let len = a.name.chars().count();
    let close = (6..=120).contains(&len)
        && (strsim::levenshtein(&a.name, &b.name) <= 2
            || strsim::levenshtein(&a.name, &b.swapped) <= 2);
    (close && a.age.is_some() && a.age == b.age).then_some(Likeness::CloseName)
}

/// A name as compared: folded, without spaces (« Jean-Pierre » is « Jean Pierre » and
/// « JeanPierre »).
fn name_key(first: &str, last: &str) -> String {
    fold(&format!("{first} {last}")).replace(' ', "")
}

/// A phone as compared: its digits, a French number written +33 read as 0…; too short to
/// tell anyone apart, nothing.
pub(crate) fn phone_key(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let digits = match digits.strip_prefix("33") {
        Some(rest) if phone.trim_start().starts_with('+') && rest.len() == 9 => format!("0{rest}"),
        _ => digits,
    };
    if digits.len() >= 8 {
        digits
    } else {
        String::new()
    }
}

struct Person {
    row: AttendeeRow,
    /// First then last name, and last then first (`name_key`).
    name: String,
    swapped: String,
    email: String,
    phone: String,
    age: Option<String>,
}

impl Person {
    fn new(row: AttendeeRow, email: Option<&str>, phone: Option<&str>) -> Person {
        Person {
            name: name_key(&row.first_name, &row.last_name),
            swapped: name_key(&row.last_name, &row.first_name),
            email: email.unwrap_or_default().trim().to_lowercase(),
            phone: phone_key(phone.unwrap_or_default()),
            age: row.age_bracket.clone().filter(|a| !a.is_empty()),
            row,
        }
    }

    /// The groups a person is compared within: the same e-mail, phone, or age bracket and
    /// name start or end (either way round), so a base of thousands is not compared pair by
    /// pair.
    fn groups(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.email.is_empty() {
            out.push(format!("e:{}", self.email));
        }
        if !self.phone.is_empty() {
            out.push(format!("t:{}", self.phone));
        }
        for key in [&self.name, &self.swapped] {
            let chars: Vec<char> = key.chars().collect();
            if chars.is_empty() {
                continue;
            }
            out.push(format!("n:{key}"));
            let n = chars.len().min(3);
            let age = self.age.as_deref().unwrap_or("");
            out.push(format!("p:{age}:{}", chars[..n].iter().collect::<String>()));
            out.push(format!(
                "s:{age}:{}",
                chars[chars.len() - n..].iter().collect::<String>()
            ));
        }
        out
    }
}

impl Store {
    fn people_for_likeness(&self) -> Result<Vec<Person>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT p.id, p.first_name, p.last_name, p.age_bracket, p.commune, p.structure,
                (SELECT count(DISTINCT a.workshop) FROM attendance a
                  WHERE a.attendee = p.id AND a.removed IS NOT 1 AND a.checked_in IS NOT NULL), p.email, p.phone
             FROM attendees p WHERE p.merged_into IS NULL ORDER BY p.created",
        )?;
        let rows = stmt.query_map([], |r| {
            let row = AttendeeRow {
                id: r.get(0)?,
                first_name: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                last_name: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                age_bracket: r.get(3)?,
                commune: r.get(4)?,
                structure: r.get(5)?,
                workshops: r.get(6)?,
            };
            let email: Option<String> = r.get(7)?;
            let phone: Option<String> = r.get(8)?;
            Ok((row, email, phone))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (row, email, phone) = row?;
            out.push(Person::new(row, email.as_deref(), phone.as_deref()));
        }
        Ok(out)
    }

    /// Known people who look like this one (before registering it), the likeliest first.
    pub fn look_alikes(&self, like: &NewPerson) -> Result<Vec<(AttendeeRow, Likeness)>> {
        let me = Person::new(
            AttendeeRow {
                id: String::new(),
                first_name: like.first.clone(),
                last_name: like.last.clone(),
                age_bracket: like.age.clone(),
                commune: like.commune.clone(),
                structure: None,
                workshops: 0,
            },
            Some(&like.email),
            Some(&like.phone),
        );
        let mut found: Vec<(AttendeeRow, Likeness)> = self
            .people_for_likeness()?
            .into_iter()
            .filter_map(|p| likeness(&me, &p).map(|l| (p.row, l)))
            .collect();
        // The same commune first among equals.
        found.sort_by_key(|(p, l)| {
            let rank = match l {
                Likeness::SameEmail | Likeness::SamePhone => 0,
                Likeness::SameName => 1,
                Likeness::CloseName => 2,
            };
            (rank, p.commune != like.commune)
        });
        Ok(found)
    }

    /// Every pair of people who look like one (the rule of `look_alikes`), the older first.
    pub fn probable_duplicates(&self) -> Result<Vec<(AttendeeRow, AttendeeRow, Likeness)>> {
        let people = self.people_for_likeness()?;
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, p) in people.iter().enumerate() {
            for g in p.groups() {
                let members = groups.entry(g).or_default();
                if members.last() != Some(&i) {
                    members.push(i);
                }
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        let mut pairs = Vec::new();
        for members in groups.values() {
            for (x, &i) in members.iter().enumerate() {
                for &j in &members[x + 1..] {
                    let pair = (i.min(j), i.max(j));
                    if seen.insert(pair)
                        && let Some(l) = likeness(&people[pair.0], &people[pair.1])
                    {
                        pairs.push((pair, l));
                    }
                }
            }
        }
        pairs.sort_by_key(|(pair, _)| *pair);
        Ok(pairs
            .into_iter()
            .map(|((i, j), l)| (people[i].row.clone(), people[j].row.clone(), l))
            .collect())
    }

    /// People checked in only at workshops before `date` (AAAA-MM-JJ), and holding no idea of a
    /// later workshop: the ones a purge of past campaigns anonymises.
    pub fn people_seen_only_before(&self, date: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare(
            "SELECT p.id FROM attendees p
             WHERE (EXISTS (SELECT 1 FROM attendance a WHERE a.attendee = p.id)
                    -- registered (the online list) and never checked in: by when they were
                    -- registered
                    OR p.created < ?2)
               AND NOT EXISTS (SELECT 1 FROM attendance a JOIN workshops w ON w.id = a.workshop
                               WHERE a.attendee = p.id AND a.removed IS NOT 1 AND w.date >= ?1)
               AND NOT EXISTS (SELECT 1 FROM holders h JOIN ideas i ON i.id = h.idea
                               JOIN workshops w ON w.id = i.workshop
                               WHERE h.attendee = p.id AND h.removed IS NOT 1 AND w.date >= ?1)",
        )?;
        Ok(stmt
            .query_map(params![date, registered_before(date)], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// What merging `other` into `keep` would leave, field by field: both values and the
    /// one kept (`keep`'s, or `other`'s where `keep`'s is empty), with both people's numbers
    /// of workshops. Shown side by side before the merge is confirmed.
    pub fn merge_preview(&self, keep: &str, other: &str) -> Result<MergePreview> {
        let (Some(k), Some(o)) = (self.row(&ATTENDEES, keep)?, self.row(&ATTENDEES, other)?) else {
            anyhow::bail!(crate::i18n::tr("personne introuvable"));
        };
        let kept = merged_values(&k, &o);
        let lines = ATTENDEES
            .fields
            .iter()
            .filter(|f| f.name != "merged_into")
            .map(|f| MergeLine {
                field: f.name,
                keep: k[f.name].clone(),
                other: o[f.name].clone(),
                result: kept
                    .iter()
                    .find(|(n, _)| *n == f.name)
                    .map_or_else(|| k[f.name].clone(), |(_, v)| v.clone()),
            })
            .collect();
        let workshops = |id: &str| -> Result<i64> {
            Ok(self.conn().query_row(
                "SELECT count(DISTINCT workshop) FROM attendance WHERE attendee = ?1 AND removed IS NOT 1 AND checked_in IS NOT NULL",
                [id],
                |r| r.get(0),
            )?)
        };
        let name = |r: &BTreeMap<&'static str, Value>| {
            format!(
                "{} {}",
                r["first_name"].as_str().unwrap_or(""),
                r["last_name"].as_str().unwrap_or("")
            )
        };
        Ok(MergePreview {
            keep: keep.to_string(),
            other: other.to_string(),
            keep_name: name(&k),
            other_name: name(&o),
            workshops: (workshops(keep)?, workshops(other)?),
            // A workshop both came to counts once, as the list counts it after the merge.
            together: self.conn().query_row(
                "SELECT count(DISTINCT workshop) FROM attendance
                 WHERE attendee IN (?1, ?2) AND removed IS NOT 1 AND checked_in IS NOT NULL",
                [keep, other],
                |r| r.get(0),
            )?,
            lines,
        })
    }

    /// Merges `other` into `keep`: `keep`'s empty fields take `other`'s values, `other`'s
    /// presences and idea links move to `keep`, and `other` is marked merged. One write.
    /// Gives the edits that undo it (every field it wrote, back to its value before).
    pub fn merge_people(&mut self, keep: &str, other: &str) -> Result<Vec<Edit>, WriteError> {
        let storage = |e: anyhow::Error| WriteError::Storage(e);
        let (Some(k), Some(o)) = (
            self.row(&ATTENDEES, keep).map_err(storage)?,
            self.row(&ATTENDEES, other).map_err(storage)?,
        ) else {
            return Err(WriteError::Storage(anyhow::anyhow!(crate::i18n::tr(
                "personne introuvable"
            ))));
        };
        let mut edits = Vec::new();
        let mut fill = Edit::new(&ATTENDEES, keep);
        for (name, value) in merged_values(&k, &o) {
            fill = fill.set(name, value);
        }
        edits.push(fill);
        let links: Vec<(String, String, Option<i64>)> = {
            let mut stmt = self
                .conn()
                .prepare("SELECT id, workshop, checked_in FROM attendance WHERE attendee = ?1 AND removed IS NOT 1")
                .map_err(|e| storage(e.into()))?;
            stmt.query_map([other], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .and_then(|rows| rows.collect())
                .map_err(|e| storage(e.into()))?
        };
        for (id, workshop, checked_in) in links {
            let mut moved = Edit::new(&ATTENDANCE, derived_id(&workshop, keep))
                .set("workshop", workshop.as_str())
                .set("attendee", keep)
                .set("removed", false);
            if let Some(t) = checked_in {
                moved = moved.set("checked_in", t);
            }
            edits.push(moved);
            edits.push(Edit::new(&ATTENDANCE, id).set("removed", true));
        }
        let holders: Vec<String> = {
            let mut stmt = self
                .conn()
                .prepare("SELECT id FROM holders WHERE attendee = ?1")
                .map_err(|e| storage(e.into()))?;
            stmt.query_map([other], |r| r.get(0))
                .and_then(|rows| rows.collect())
                .map_err(|e| storage(e.into()))?
        };
        for id in holders {
            edits.push(Edit::new(&HOLDERS, id).set("attendee", keep));
        }
        edits.push(Edit::new(&ATTENDEES, other).set("merged_into", keep));
        let undo = self.undo_of(&edits).map_err(storage)?;
        self.write(&edits)?;
        Ok(undo)
    }

    /// The edits that put back what `edits` are about to change: each field its value now; a
    /// link that does not exist yet, removed.
    fn undo_of(&self, edits: &[Edit]) -> Result<Vec<Edit>> {
        let mut undo = Vec::new();
        for e in edits {
            let mut back = Edit::new(e.table, &e.id);
            match self.row(e.table, &e.id)? {
                Some(row) => {
                    for (name, _) in &e.fields {
                        back = back.set(name, row.get(name).cloned().unwrap_or(Value::Null));
                    }
                }
                None if e.table.field("removed").is_some() => back = back.set("removed", true),
                None => continue,
            }
            undo.push(back);
        }
        Ok(undo)
    }
}

/// The fields `keep` takes from `other` in a merge: those empty in `keep` (a consent not
/// given counts as empty) and filled in `other`.
fn merged_values(
    k: &BTreeMap<&'static str, Value>,
    o: &BTreeMap<&'static str, Value>,
) -> Vec<(&'static str, Value)> {
    ATTENDEES
        .fields
        .iter()
        .filter(|f| f.name != "merged_into")
        .filter_map(|f| {
            let (kv, ov) = (&k[f.name], &o[f.name]);
            let empty = kv.is_empty()
                || (*kv == Value::Int(0) && matches!(f.name, "consent" | "parent_consent"));
            (empty && !ov.is_empty()).then(|| (f.name, ov.clone()))
        })
        .collect()
}

/// Two people side by side before a merge.
#[derive(Debug, Clone, PartialEq)]
pub struct MergePreview {
    pub keep: String,
    pub other: String,
    pub keep_name: String,
    pub other_name: String,
    /// Workshops each came to.
    pub workshops: (i64, i64),
    /// Workshops the person kept will have come to: a workshop both came to, once.
    pub together: i64,
    pub lines: Vec<MergeLine>,
}

/// One field of a merge: the kept person's value, the other's, and the one kept.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeLine {
    pub field: &'static str,
    pub keep: Value,
    pub other: Value,
    pub result: Value,
}

/// The clock of midnight (UTC) of `date` (`AAAA-MM-JJ`): people registered before it.
fn registered_before(date: &str) -> i64 {
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp_millis().max(0) << 16)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{IDEAS, WORKSHOPS};
    use crate::store::new_id;
    use crate::store::tests::{FakeWall, reference};

    fn person(
        store: &mut Store,
        first: &str,
        last: &str,
        commune: &str,
        email: Option<&str>,
    ) -> String {
        let id = new_id();
        let mut e = Edit::new(&ATTENDEES, &id)
            .set("first_name", first)
            .set("last_name", last)
            .set("age_bracket", "26-64")
            .set("commune", commune);
        if let Some(m) = email {
            e = e.set("consent", true).set("email", m);
        }
        store.write(&[e]).unwrap();
        id
    }

    fn like(first: &str, last: &str, email: &str, commune: Option<&str>) -> NewPerson {
        NewPerson {
            first: first.into(),
            last: last.into(),
            email: email.into(),
            age: Some("26-64".into()),
            commune: commune.map(String::from),
            ..NewPerson::default()
        }
    }

    #[test]
    fn look_alikes_by_email_name_and_close_name() {
        let wall = FakeWall::new(1_000);
        let mut store = Store::in_memory(reference(), wall.clock()).unwrap();
        let lea = person(
            &mut store,
            "Léa",
            "Martin",
            "62193",
            Some("lea.martin@exemple.fr"),
        );
        person(&mut store, "Paul", "Durand", "62041", None);
        let found = store
            .look_alikes(&like("Lea", "MARTIN", "", Some("62193")))
            .unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].0.id.as_str(), found[0].1.clone()),
            (lea.as_str(), Likeness::SameName)
        );
        let found = store
            .look_alikes(&like("Léa", "Martain", "", None))
            .unwrap();
        assert_eq!(found[0].1, Likeness::CloseName, "no commune needed");
        let found = store
            .look_alikes(&like("L", "M", "Lea.Martin@exemple.fr", None))
            .unwrap();
        assert_eq!(found[0].1, Likeness::SameEmail);
        assert_eq!(
            store
                .look_alikes(&like("martin", "lea", "", Some("62041")))
                .unwrap()[0]
                .1,
            Likeness::SameName,
            "another commune, the names the other way round"
        );
        let mut older = like("Léa", "Martain", "", None);
        older.age = Some("65+".into());
        assert!(
            store.look_alikes(&older).unwrap().is_empty(),
            "a close name in another age bracket"
        );
        assert!(
            store
                .look_alikes(&like("Zoé", "Petit", "", Some("62193")))
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn hyphens_spaces_and_a_phone_make_no_difference() {
        let wall = FakeWall::new(1_000);
        let mut store = Store::in_memory(reference(), wall.clock()).unwrap();
        let jp = person(&mut store, "Jean-Pierre", "Dupont-Moreau", "62193", None);
        for (first, last) in [
            ("Jean Pierre", "Dupont Moreau"),
            ("JeanPierre", "DUPONTMOREAU"),
            ("Dupont-Moreau", "Jean-Pierre"),
        ] {
            let found = store.look_alikes(&like(first, last, "", None)).unwrap();
            assert_eq!(found.len(), 1, "{first} {last}");
            assert_eq!(found[0].0.id, jp);
            assert_eq!(found[0].1, Likeness::SameName);
        }
        store
            .write(&[Edit::new(&ATTENDEES, &jp)
                .set("consent", true)
                .set("phone", "06 12 34 56 78")])
            .unwrap();
        let mut other = like("Paul", "Martin", "", None);
        other.phone = "+33 6 12 34 56 78".into();
        assert_eq!(store.look_alikes(&other).unwrap()[0].1, Likeness::SamePhone);
    }

    #[test]
    fn phones_compare_by_their_digits() {
        assert_eq!(phone_key("06 12 34 56 78"), "0612345678");
        assert_eq!(phone_key("+33 6 12 34 56 78"), "0612345678");
        assert_eq!(phone_key("12"), "");
    }

    #[test]
    fn merging_two_people_moves_everything_to_the_one_kept() {
        let wall = FakeWall::new(1_000);
        let mut store = Store::in_memory(reference(), wall.clock()).unwrap();
        let keep = person(&mut store, "Léa", "Martin", "62193", None);
        let other = person(&mut store, "Lea", "Martin", "62193", Some("lea@exemple.fr"));
        let w = new_id();
        store
            .write(&[Edit::new(&WORKSHOPS, &w)
                .set("date", "2026-03-04")
                .set("territory", "Calaisis")])
            .unwrap();
        let idea = new_id();
        store
            .write(&[Edit::new(&IDEAS, &idea).set("title", "Jardin")])
            .unwrap();
        let link = new_id();
        store
            .write(&[
                Edit::new(&ATTENDANCE, derived_id(&w, &other))
                    .set("workshop", w.as_str())
                    .set("attendee", other.as_str())
                    .set("checked_in", 1_000i64),
                Edit::new(&HOLDERS, &link)
                    .set("idea", idea.as_str())
                    .set("attendee", other.as_str()),
            ])
            .unwrap();
        let pairs = store.probable_duplicates().unwrap();
        assert_eq!(pairs.len(), 1);
        store.merge_people(&keep, &other).unwrap();
        assert!(store.is_checked_in(&w, &keep).unwrap());
        assert!(!store.is_checked_in(&w, &other).unwrap());
        assert_eq!(
            store.row(&HOLDERS, &link).unwrap().unwrap()["attendee"],
            Value::text(keep.clone())
        );
        let kept = store.row(&ATTENDEES, &keep).unwrap().unwrap();
        assert_eq!(
            kept["email"],
            Value::text("lea@exemple.fr"),
            "empty fields filled from the other"
        );
        assert_eq!(kept["consent"], Value::Int(1));
        assert_eq!(store.attendee_count().unwrap(), 1, "the other is hidden");
        assert!(store.probable_duplicates().unwrap().is_empty());
        // Nothing points at the other any more.
        let n: i64 = store
            .conn()
            .query_row(
                "SELECT (SELECT count(*) FROM attendance WHERE attendee = ?1 AND removed IS NOT 1)
                      + (SELECT count(*) FROM holders WHERE attendee = ?1)",
                [&other],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 0);
    }
}
