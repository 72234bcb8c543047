//! Reading the registration list exported by the online platform (CSV), into attendees.
//!
//! The file may be UTF-8 (with or without BOM) or Windows-1252, separated by `;` or `,`, with
//! headers written loosely (« Nom », « NOM DE FAMILLE », « Courriel », « Tél. »…). Each row is
//! written through the store's one write path, on its own, in the file's order (the writes
//! grouped in transactions, [`ROWS_PER_TRANSACTION`] at a time): a row that cannot be read is
//! reported with its line number and why, and the others go in. A person already known (same e-mail, else
//! same name and commune) is matched, not added again, so importing a file twice adds nothing.
//!
//! Contact details are kept only when a consent column says yes (minimum data).

use std::collections::HashMap;
use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use crate::domain::age::AgeBracket;
use crate::domain::model::{ATTENDANCE, ATTENDEES, Value};
use crate::domain::reference::{CommuneMatch, Reference};
use crate::domain::text::fold;
use crate::i18n::tr;
use crate::store::{Edit, Store, derived_id, new_id};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub added: usize,
    pub matched: usize,
    /// People newly recorded as expected at the workshop given (`import --comptoir`); `None`
    /// when no workshop was given.
    pub expected: Option<usize>,
    /// (line in the file, why).
    pub refused: Vec<(usize, String)>,
}

impl ImportReport {
    pub fn sentence(&self) -> String {
        let mut s = crate::t!(
            "Import terminé : {added} personne(s) ajoutée(s), {matched} déjà connue(s), {refused} ligne(s) refusée(s).",
            added = self.added,
            matched = self.matched,
            refused = self.refused.len()
        );
        if let Some(n) = self.expected {
            s.push(' ');
            s.push_str(&crate::t!(
                "{n} personne(s) de plus attendue(s) au comptoir (feuille d'émargement).",
                n
            ));
        }
        for (line, why) in self.refused.iter().take(20) {
            s.push_str("\n  ");
            s.push_str(&crate::t!("ligne {line} : {why}", line, why));
        }
        s
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    FirstName,
    LastName,
    Email,
    Phone,
    Commune,
    PostalCode,
    Age,
    Bracket,
    Structure,
    Consent,
    ParentConsent,
}

/// Which column a header names (folded, so accents, case and punctuation do not matter).
fn column(header: &str) -> Option<Column> {
    let h = fold(header);
    let has = |w: &str| h.split(' ').any(|x| x == w) || h == w;
    Some(if h.contains("parent") {
        Column::ParentConsent
    } else if h.contains("consent") || h.contains("accord") || h.contains("rgpd") {
        Column::Consent
    } else if h.contains("prenom") || h.contains("first") {
        Column::FirstName
    } else if h.contains("mail") || h.contains("courriel") {
        Column::Email
    } else if h.contains("tel") || h.contains("portable") || h.contains("phone") {
        Column::Phone
    } else if h.contains("postal") || has("cp") {
        Column::PostalCode
    } else if h.contains("tranche") {
        Column::Bracket
    } else if has("age") {
        Column::Age
    } else if h.contains("commune") || h.contains("ville") {
        Column::Commune
    } else if h.contains("structure") || h.contains("association") || h.contains("organisme") {
        Column::Structure
    } else if has("nom") || h.contains("nom de famille") || has("name") || h.contains("last") {
        Column::LastName
    } else {
        return None;
    })
}

/// The file's text: UTF-8 when it is, else Windows-1252 (what French Excel writes). Byte-order
/// marks are dropped wherever they are (two files pasted together leave one inside a row).
pub fn decode(bytes: &[u8]) -> String {
    decode_lines(bytes).0
}

/// [`decode`], and the lines (from 1) of a UTF-8 file that are not UTF-8: a file with accents
/// written in UTF-8 and one line typed elsewhere in Windows-1252 is read as UTF-8, that line
/// kept (decoded as Windows-1252) and named, instead of the whole file read the wrong way.
pub fn decode_lines(bytes: &[u8]) -> (String, Vec<usize>) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), Vec::new()),
        Err(_) => {
            let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
            let utf8_accents = lines
                .iter()
                .any(|l| !l.is_ascii() && std::str::from_utf8(l).is_ok());
            if utf8_accents {
                let mut bad = Vec::new();
                let mut out = Vec::with_capacity(lines.len());
                for (i, l) in lines.iter().enumerate() {
                    match std::str::from_utf8(l) {
                        Ok(s) => out.push(s.to_string()),
                        Err(_) => {
                            bad.push(i + 1);
                            out.push(encoding_rs::WINDOWS_1252.decode(l).0.into_owned());
                        }
                    }
                }
                (out.join("\n"), bad)
            } else {
                (
                    encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
                    Vec::new(),
                )
            }
        }
    };
    (text.0.replace('\u{feff}', ""), text.1)
}

fn yes(s: &str) -> bool {
    matches!(
        fold(s).as_str(),
        "oui" | "o" | "yes" | "y" | "1" | "x" | "vrai" | "true"
    )
}

fn bracket_of(text: &str) -> Result<AgeBracket, String> {
    let t = text.trim();
    if let Some(b) = AgeBracket::from_code(&t.replace(' ', "").replace("ans", "")) {
        return Ok(b);
    }
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    match digits.parse::<u32>() {
        Ok(age) => AgeBracket::from_age(age).map_err(|e| e.message().to_string()),
        Err(_) => Err(crate::t!("âge illisible « {t} »", t)),
    }
}

/// The people of the base as [`Store::find_attendee`] finds them (same e-mail, else same
/// name and commune), read once for the whole list and kept up to date as rows are added: a
/// look-up in the whole base for each row made a long list cost its length squared.
struct Known {
    by_email: HashMap<String, String>,
    by_name: HashMap<(String, String, Option<String>), String>,
}

impl Known {
    fn read(store: &Store) -> Result<Known> {
        let mut known = Known {
            by_email: HashMap::new(),
            by_name: HashMap::new(),
        };
        for p in store.attendee_keys()? {
            known.add(
                &p.id,
                p.email.as_deref(),
                &p.first_name,
                &p.last_name,
                p.commune,
                p.merged,
            );
        }
        Ok(known)
    }

    /// The first person read keeps a key, as the look-up finds the first row.
    fn add(
        &mut self,
        id: &str,
        email: Option<&str>,
        first: &str,
        last: &str,
        commune: Option<String>,
        merged: bool,
    ) {
        if let Some(e) = email {
            // SQLite's lower(): ASCII letters only.
            self.by_email
                .entry(e.to_ascii_lowercase())
                .or_insert_with(|| id.to_string());
        }
        if !merged {
            self.by_name
                .entry((fold(first), fold(last), commune))
                .or_insert_with(|| id.to_string());
        }
    }

    /// A person just written, as the base now holds them (values as the write path stored
    /// them).
    fn add_written(&mut self, store: &Store, id: &str) -> Result<()> {
        let Some(row) = store.row(&ATTENDEES, id)? else {
            return Ok(());
        };
        let text = |name: &str| match row.get(name) {
            Some(Value::Text(t)) => Some(t.clone()),
            _ => None,
        };
        self.add(
            id,
            text("email").as_deref(),
            &text("first_name").unwrap_or_default(),
            &text("last_name").unwrap_or_default(),
            text("commune"),
            false,
        );
        Ok(())
    }

    /// [`Store::find_attendee`].
    fn find(&self, email: &str, first: &str, last: &str, commune: Option<&str>) -> Option<String> {
        let email = email.trim().to_lowercase();
        if !email.is_empty()
            && let Some(id) = self.by_email.get(&email)
        {
            return Some(id.clone());
        }
        self.by_name
            .get(&(fold(first), fold(last), commune.map(str::to_string)))
            .cloned()
    }
}

/// Imports the registration CSV at `path` into `store`.
pub fn registrations(store: &mut Store, path: &Path) -> Result<ImportReport> {
    registrations_for(store, path, None)
}

/// Imports the registration CSV at `path` into `store`; with `workshop`, every person of the
/// list (added or already known) is also recorded as expected there: a presence without a
/// check-in time, which the attendance sheet lists and a check-in completes (same record). A
/// person who already has a presence there, checked in or undone, is left as they are.
pub fn registrations_for(
    store: &mut Store,
    path: &Path,
    workshop: Option<&str>,
) -> Result<ImportReport> {
    registrations_reporting(store, path, workshop, &mut |_| {})
}

/// Rows written to a transaction (see [`Store::bulk`]).
pub const ROWS_PER_TRANSACTION: usize = 1000;

/// [`registrations_for`], telling `progress` how far through the file it is (0 to 1).
pub fn registrations_reporting(
    store: &mut Store,
    path: &Path,
    workshop: Option<&str>,
    progress: &mut dyn FnMut(f64),
) -> Result<ImportReport> {
    let bytes = crate::paths::read_given(path)?;
    let (text, mixed) = decode_lines(&bytes);
    let first = text.lines().next().unwrap_or("");
    let sep = if first.matches(';').count() >= first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sep)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<Option<Column>> = reader.headers()?.iter().map(column).collect();
    if !headers.contains(&Some(Column::LastName)) || !headers.contains(&Some(Column::FirstName)) {
        anyhow::bail!(crate::t!(
            "{path} : colonnes « nom » et « prénom » introuvables sur la première ligne.",
            path = path.display()
        ));
    }
    let reference = store.reference_arc();
    let mut report = ImportReport {
        expected: workshop.map(|_| 0),
        ..ImportReport::default()
    };
    let lines = text.lines().count().max(1);
    let mut known = Known::read(store)?;
    store.bulk(ROWS_PER_TRANSACTION, |store| {
        for (i, record) in reader.records().enumerate() {
            if i % 100 == 0 {
                progress(i as f64 / lines as f64);
            }
            import_row(
                store,
                &mut known,
                &reference,
                &headers,
                &mixed,
                workshop,
                i + 2,
                record,
                &mut report,
            )?;
        }
        // Every row read: what is left (the search text of the people added) is said as the
        // end, not left silent after 90 %.
        progress(1.0);
        Ok(())
    })?;
    Ok(report)
}

/// One row of the list (line `line` of the file): its person added or matched, and expected at
/// `workshop`; a row refused is said in `report`.
#[allow(clippy::too_many_arguments)]
fn import_row(
    store: &mut Store,
    known: &mut Known,
    reference: &Reference,
    headers: &[Option<Column>],
    mixed: &[usize],
    workshop: Option<&str>,
    line: usize,
    record: csv::Result<csv::StringRecord>,
    report: &mut ImportReport,
) -> Result<()> {
    let record = match record {
        Ok(r) => r,
        Err(e) => {
            report
                .refused
                .push((line, crate::t!("ligne illisible ({e})", e)));
            return Ok(());
        }
    };
    if record.iter().all(|f| f.trim().is_empty()) {
        return Ok(());
    }
    if mixed.contains(&line) {
        // Its accents may be read wrong: named, not guessed.
        report.refused.push((
                line,
                tr("caractères illisibles (ligne enregistrée dans un autre encodage que le reste du fichier) : corrigez-la et importez-la de nouveau").into(),
            ));
        return Ok(());
    }
    let get = |c: Column| -> String {
        headers
            .iter()
            .position(|h| *h == Some(c))
            .and_then(|i| record.get(i))
            .map(crate::domain::text::clean_line)
            .unwrap_or_default()
    };
    let person = match row_edit(known, reference, &get) {
        Ok((id, None)) => {
            report.matched += 1;
            id
        }
        Ok((id, Some(edit))) => match store.write(&[edit]) {
            Ok(_) => {
                report.added += 1;
                known.add_written(store, &id)?;
                id
            }
            Err(e) => {
                report.refused.push((line, e.to_string()));
                return Ok(());
            }
        },
        Err(why) => {
            report.refused.push((line, why));
            return Ok(());
        }
    };
    if let Some(w) = workshop {
        let id = derived_id(w, &person);
        if store.row(&ATTENDANCE, &id)?.is_none() {
            store.write(&[Edit::new(&ATTENDANCE, &id)
                .set("workshop", w)
                .set("attendee", person.as_str())
                .set("removed", false)])?;
            *report.expected.get_or_insert(0) += 1;
        }
    }
    Ok(())
}

/// The row's person: their id, and the edit that adds them (`None` when they are already
/// known).
fn row_edit(
    known: &Known,
    reference: &Reference,
    get: &dyn Fn(Column) -> String,
) -> Result<(String, Option<Edit>), String> {
    let first = get(Column::FirstName);
    let last = get(Column::LastName);
    if first.is_empty() || last.is_empty() {
        return Err(tr("nom ou prénom manquant").into());
    }
    let bracket = match (get(Column::Bracket), get(Column::Age)) {
        (b, _) if !b.is_empty() => bracket_of(&b)?,
        (_, a) if !a.is_empty() => bracket_of(&a)?,
        _ => return Err(tr("âge ou tranche d'âge manquant").into()),
    };
    let name = get(Column::Commune);
    let postal = get(Column::PostalCode);
    let commune = if name.is_empty() && postal.is_empty() {
        None
    } else {
        let candidates: Vec<&crate::domain::reference::Commune> =
            match reference.find_commune(if name.is_empty() { &postal } else { &name }) {
                CommuneMatch::One(c) => vec![c],
                CommuneMatch::Several(list) => list,
                CommuneMatch::None => Vec::new(),
            };
        let candidates: Vec<_> = candidates
            .into_iter()
            .filter(|c| postal.is_empty() || c.postal_codes.contains(&postal))
            .collect();
        let folded = fold(&name);
        let found = if name.is_empty() {
            (candidates.len() == 1).then(|| candidates[0])
        } else if let Some(c) = candidates.iter().find(|c| fold(&c.name) == folded) {
            Some(*c)
        } else {
            // A name that starts only one commune's name (« Montreuil ») is that commune.
            let starting: Vec<_> = candidates
                .iter()
                .filter(|c| fold(&c.name).starts_with(&folded))
                .collect();
            (starting.len() == 1).then(|| *starting[0])
        };
        match found {
            Some(c) => Some(c.insee.clone()),
            None => {
                return Err(crate::t!(
                    "commune introuvable dans le Pas-de-Calais : « {name} {postal} »",
                    name,
                    postal
                ));
            }
        }
    };
    let consent = yes(&get(Column::Consent));
    let email = if consent {
        get(Column::Email)
    } else {
        String::new()
    };
    if let Some(found) = known.find(&email, &first, &last, commune.as_deref()) {
        return Ok((found, None));
    }
    let id = new_id();
    let mut edit = Edit::new(&ATTENDEES, &id)
        .set("first_name", first)
        .set("last_name", last)
        .set("age_bracket", bracket.code())
        .set("online", true)
        .set("structure", get(Column::Structure));
    if let Some(c) = commune {
        edit = edit.set("commune", c);
    }
    if consent {
        edit = edit
            .set("consent", true)
            .set(
                "consent_date",
                chrono::Local::now().format("%Y-%m-%d").to_string(),
            )
            .set("email", email)
            .set("phone", get(Column::Phone));
        if bracket.needs_parent_consent() {
            edit = edit.set(
                "parent_consent",
                Value::Int(i64::from(yes(&get(Column::ParentConsent)))),
            );
        }
    }
    Ok((id, Some(edit)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_matched_loosely() {
        let cases = [
            ("Nom", Column::LastName),
            ("NOM DE FAMILLE", Column::LastName),
            ("Prénom", Column::FirstName),
            ("prenom", Column::FirstName),
            ("E-mail", Column::Email),
            ("Courriel", Column::Email),
            ("Téléphone", Column::Phone),
            ("Tél.", Column::Phone),
            ("Code postal", Column::PostalCode),
            ("CP", Column::PostalCode),
            ("Ville", Column::Commune),
            ("Âge", Column::Age),
            ("Tranche d'âge", Column::Bracket),
            ("Accord RGPD", Column::Consent),
            ("Accord parental", Column::ParentConsent),
        ];
        for (h, c) in cases {
            assert_eq!(column(h), Some(c), "{h}");
        }
        assert_eq!(column("Comptoir"), None);
    }

    #[test]
    fn windows_1252_is_decoded() {
        assert_eq!(decode(b"Pr\xe9nom;H\xe9nin"), "Prénom;Hénin");
        assert_eq!(decode("\u{feff}Prénom".as_bytes()), "Prénom");
        assert_eq!(decode("Prénom\n\u{feff}Zoé".as_bytes()), "Prénom\nZoé");
        let (text, bad) = decode_lines(b"Pr\xc3\xa9nom;Nom\nL\xe9a;Roux\nZo\xc3\xa9;Lens");
        assert_eq!(text, "Prénom;Nom\nLéa;Roux\nZoé;Lens");
        assert_eq!(bad, [2]);
    }

    #[test]
    fn ages_and_brackets() {
        assert_eq!(bracket_of("15-17"), Ok(AgeBracket::From15To17));
        assert_eq!(bracket_of("15 - 17 ans"), Ok(AgeBracket::From15To17));
        assert_eq!(bracket_of("12"), Ok(AgeBracket::From11To14));
        assert_eq!(bracket_of("12 ans"), Ok(AgeBracket::From11To14));
        assert!(bracket_of("9").is_err());
        assert!(bracket_of("douze").is_err());
    }
}
