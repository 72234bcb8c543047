//! Reference data: territories, communes, themes, legal frames, maturity criteria, campaign rules.
//!
//! This module parses the JSON texts and answers look-ups; where the texts come from (built in or
//! a file beside the database) is decided by `crate::paths`. No I/O here.

use serde::Deserialize;

use super::money::Cents;
use super::text::fold;

pub const FILES: [&str; 6] = [
    "communes-62.json",
    "territoires.json",
    "themes.json",
    "cadres-juridiques.json",
    "criteres-maturite.json",
    "campagne.json",
];

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Commune {
    pub insee: String,
    #[serde(rename = "nom")]
    pub name: String,
    #[serde(rename = "codes_postaux")]
    pub postal_codes: Vec<String>,
    pub population: u64,
    pub epci: String,
    #[serde(rename = "epci_nom")]
    pub epci_name: String,
    #[serde(rename = "territoire")]
    pub territory: String,
    /// Where the town hall is, when the reference data gives it (the Decidim export's map).
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Territory {
    #[serde(rename = "nom")]
    pub name: String,
    pub communes: u32,
    pub population: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Theme {
    pub code: String,
    #[serde(rename = "libelle")]
    pub name: String,
    #[serde(default, rename = "libelle_en")]
    pub name_en: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LegalFrame {
    pub code: String,
    #[serde(rename = "libelle")]
    pub name: String,
    /// Whether minors can hold a project under this frame.
    #[serde(rename = "mineurs")]
    pub minors: bool,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default, rename = "libelle_en")]
    pub name_en: Option<String>,
    #[serde(default)]
    pub note_en: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum CriterionMode {
    /// Judged by a rule from the idea's records.
    #[serde(rename = "calcule")]
    Computed,
    /// Ticked by a facilitator.
    #[serde(rename = "animateur")]
    Facilitator,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Criterion {
    pub code: String,
    #[serde(rename = "libelle")]
    pub name: String,
    pub mode: CriterionMode,
    /// For computed criteria: the name of the rule that evaluates it (`codes::Rule`'s code; an
    /// unknown name is said at evaluation).
    #[serde(default, rename = "regle")]
    pub rule: Option<String>,
    #[serde(default, rename = "libelle_en")]
    pub name_en: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CampaignRules {
    #[serde(rename = "annee")]
    pub year: i32,
    #[serde(rename = "enveloppe_centimes")]
    pub envelope_cents: i64,
    #[serde(rename = "montant_min_centimes")]
    pub min_amount_cents: i64,
    #[serde(rename = "montant_max_centimes")]
    pub max_amount_cents: i64,
    #[serde(rename = "age_minimum")]
    pub min_age: u32,
    #[serde(rename = "votes_par_personne")]
    pub votes_per_person: u32,
}

impl CampaignRules {
    pub fn envelope(&self) -> Cents {
        Cents(self.envelope_cents)
    }
    pub fn min_amount(&self) -> Cents {
        Cents(self.min_amount_cents)
    }
    pub fn max_amount(&self) -> Cents {
        Cents(self.max_amount_cents)
    }
}

#[derive(Deserialize)]
struct CommunesFile {
    communes: Vec<Commune>,
}
#[derive(Deserialize)]
struct TerritoriesFile {
    #[serde(rename = "territoires")]
    territories: Vec<Territory>,
}
#[derive(Deserialize)]
struct ThemesFile {
    themes: Vec<Theme>,
}
#[derive(Deserialize)]
struct FramesFile {
    #[serde(rename = "cadres")]
    frames: Vec<LegalFrame>,
}
#[derive(Deserialize)]
struct CriteriaFile {
    #[serde(rename = "criteres")]
    criteria: Vec<Criterion>,
}

/// A data file that could not be read, with where (said in words by its `Display`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    pub file: String,
    pub line: usize,
    pub problem: DataProblem,
}

/// What is wrong in a data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataProblem {
    /// The file could not be read or parsed: the reader's own words.
    Unreadable(String),
    /// A commune names a territory that `territoires.json` lacks.
    UnknownTerritory { commune: String, territory: String },
    /// A computed criterion names no rule.
    NoRule { code: String },
}

fn parse<T: for<'de> Deserialize<'de>>(file: &str, text: &str) -> Result<T, DataError> {
    serde_json::from_str(text).map_err(|e| DataError {
        file: file.to_string(),
        line: e.line(),
        problem: DataProblem::Unreadable(e.to_string()),
    })
}

fn invalid(file: &str, text: &str, needle: &str, problem: DataProblem) -> DataError {
    // Point at the line where the offending value is written, when it can be found.
    let line = text
        .lines()
        .position(|l| l.contains(needle))
        .map_or(1, |i| i + 1);
    DataError {
        file: file.to_string(),
        line,
        problem,
    }
}

/// All the reference data, with indexes for look-ups.
#[derive(Debug, Clone)]
pub struct Reference {
    /// Read when first used ([`Communes`]).
    pub communes: Communes,
    pub territories: Vec<Territory>,
    pub themes: Vec<Theme>,
    pub legal_frames: Vec<LegalFrame>,
    pub criteria: Vec<Criterion>,
    pub campaign: CampaignRules,
}

/// The 887 communes, with their indexes: the largest part of the reference (192 KB of JSON),
/// which a command that shows or checks no commune (a sync with nothing new) never reads. The
/// communes of a data folder are read at once ([`Reference::parse`]), so that a mistake in them
/// is said at start-up; the built-in ones, checked by the tests, when first used
/// ([`Reference::parse_deferred`]). Reads as the list of communes.
#[derive(Debug, Clone)]
pub struct Communes {
    index: std::sync::OnceLock<CommuneIndex>,
    /// The INSEE codes alone, while the index is not made: a merge checks every commune code
    /// it receives, and needs no more (read in a third of the time of the whole list).
    codes: std::sync::OnceLock<std::collections::HashSet<Box<str>>>,
    /// The JSON text, until it is read.
    text: std::sync::Arc<str>,
}

#[derive(Debug, Clone)]
struct CommuneIndex {
    list: Vec<Commune>,
    /// The names as searched (accents, case and hyphens folded): made at the first search by
    /// name, which a sync checking codes never makes.
    folded_names: std::sync::OnceLock<Vec<String>>,
    /// Index of each commune by INSEE code: lists look communes up for every row drawn, and
    /// merges check every commune code they receive.
    by_insee: std::collections::HashMap<String, usize>,
}

impl CommuneIndex {
    fn new(list: Vec<Commune>) -> CommuneIndex {
        let by_insee = list
            .iter()
            .enumerate()
            .map(|(i, c)| (c.insee.clone(), i))
            .collect();
        CommuneIndex {
            list,
            folded_names: std::sync::OnceLock::new(),
            by_insee,
        }
    }

    fn folded_names(&self) -> &[String] {
        self.folded_names
            .get_or_init(|| self.list.iter().map(|c| fold(&c.name)).collect())
    }
}

impl Communes {
    fn index(&self) -> &CommuneIndex {
        self.index.get_or_init(|| {
            // Deferred only for the built-in text, which the tests read whole.
            CommuneIndex::new(
                parse::<CommunesFile>(FILES[0], &self.text)
                    .map(|f| f.communes)
                    .unwrap_or_default(),
            )
        })
    }
}

impl Communes {
    /// Whether `insee` is the code of one of the communes.
    pub fn knows(&self, insee: &str) -> bool {
        if let Some(index) = self.index.get() {
            return index.by_insee.contains_key(insee);
        }
        self.codes
            .get_or_init(|| {
                #[derive(Deserialize)]
                struct Code<'a> {
                    #[serde(borrow)]
                    insee: &'a str,
                }
                #[derive(Deserialize)]
                struct Codes<'a> {
                    #[serde(borrow)]
                    communes: Vec<Code<'a>>,
                }
                // The built-in text, which the tests read whole (as `index`).
                serde_json::from_str::<Codes>(&self.text)
                    .map(|f| f.communes.iter().map(|c| c.insee.into()).collect())
                    .unwrap_or_default()
            })
            .contains(insee)
    }
}

impl std::ops::Deref for Communes {
    type Target = [Commune];

    fn deref(&self) -> &[Commune] {
        &self.index().list
    }
}

/// What a commune query found.
#[derive(Debug, PartialEq)]
pub enum CommuneMatch<'a> {
    One(&'a Commune),
    Several(Vec<&'a Commune>),
    None,
}

impl Reference {
    /// Builds the reference from the six texts, given by file name, checking them all now.
    pub fn parse(text_of: impl FnMut(&str) -> String) -> Result<Reference, DataError> {
        let reference = Reference::parse_deferred(text_of)?;
        let communes = parse::<CommunesFile>(FILES[0], &reference.communes.text)?.communes;
        for c in &communes {
            if !reference.is_territory(&c.territory) {
                return Err(invalid(
                    FILES[0],
                    &reference.communes.text,
                    &format!("\"{}\"", c.insee),
                    DataProblem::UnknownTerritory {
                        commune: c.name.clone(),
                        territory: c.territory.clone(),
                    },
                ));
            }
        }
        let _ = reference.communes.index.set(CommuneIndex::new(communes));
        Ok(reference)
    }

    /// [`Reference::parse`], the communes kept as text until first used (the built-in data,
    /// which the tests check whole).
    pub fn parse_deferred(mut text_of: impl FnMut(&str) -> String) -> Result<Reference, DataError> {
        let communes_text = text_of(FILES[0]);
        let territories_text = text_of(FILES[1]);
        let territories = parse::<TerritoriesFile>(FILES[1], &territories_text)?.territories;
        let themes = parse::<ThemesFile>(FILES[2], &text_of(FILES[2]))?.themes;
        let legal_frames = parse::<FramesFile>(FILES[3], &text_of(FILES[3]))?.frames;
        let criteria_text = text_of(FILES[4]);
        let criteria = parse::<CriteriaFile>(FILES[4], &criteria_text)?.criteria;
        let campaign = parse::<CampaignRules>(FILES[5], &text_of(FILES[5]))?;
        for c in &criteria {
            if c.mode == CriterionMode::Computed && c.rule.is_none() {
                return Err(invalid(
                    FILES[4],
                    &criteria_text,
                    &format!("\"{}\"", c.code),
                    DataProblem::NoRule {
                        code: c.code.clone(),
                    },
                ));
            }
        }
        Ok(Reference {
            communes: Communes {
                index: std::sync::OnceLock::new(),
                codes: std::sync::OnceLock::new(),
                text: communes_text.into(),
            },
            territories,
            themes,
            legal_frames,
            criteria,
            campaign,
        })
    }

    /// Finds a commune by name (accents, case, hyphens and Saint/St do not matter) or by postal
    /// code. Only an exact name gives `One`; a partial name gives the candidates.
    pub fn find_commune(&self, query: &str) -> CommuneMatch<'_> {
        let q = query.trim();
        if q.len() == 5 && q.chars().all(|c| c.is_ascii_digit()) {
            let found: Vec<&Commune> = self
                .communes
                .iter()
                // Postal codes only: INSEE codes look the same (62100 is Beaurainville's INSEE
                // code and Calais's postal code), and people type postal codes.
                .filter(|c| c.postal_codes.iter().any(|p| p == q))
                .collect();
            return match found.len() {
                0 => CommuneMatch::None,
                1 => CommuneMatch::One(found[0]),
                _ => CommuneMatch::Several(found),
            };
        }
        let f = fold(q);
        if f.is_empty() {
            return CommuneMatch::None;
        }
        if let Some(i) = self
            .communes
            .index()
            .folded_names()
            .iter()
            .position(|n| *n == f)
        {
            return CommuneMatch::One(&self.communes[i]);
        }
        let found = self.complete_commune(q, usize::MAX);
        if found.is_empty() {
            CommuneMatch::None
        } else {
            CommuneMatch::Several(found)
        }
    }

    /// Communes whose name starts with the query (folded), then those whose name contains it,
    /// for completion; a postal-code prefix lists the communes it covers.
    pub fn complete_commune(&self, query: &str, limit: usize) -> Vec<&Commune> {
        let q = query.trim();
        if !q.is_empty() && q.chars().all(|c| c.is_ascii_digit()) {
            return self
                .communes
                .iter()
                .filter(|c| c.postal_codes.iter().any(|p| p.starts_with(q)))
                .take(limit)
                .collect();
        }
        let f = fold(q);
        if f.is_empty() {
            return Vec::new();
        }
        let mut starts: Vec<&Commune> = Vec::new();
        let mut contains: Vec<&Commune> = Vec::new();
        for (c, n) in self
            .communes
            .iter()
            .zip(self.communes.index().folded_names())
        {
            if n.starts_with(&f) {
                starts.push(c);
            } else if n.contains(&f) {
                contains.push(c);
            }
        }
        starts.extend(contains);
        starts.truncate(limit);
        starts
    }

    pub fn commune_by_insee(&self, insee: &str) -> Option<&Commune> {
        self.communes
            .index()
            .by_insee
            .get(insee)
            .map(|&i| &self.communes[i])
    }

    /// A commune's name from its INSEE code.
    pub fn commune_name(&self, insee: &str) -> Option<&str> {
        self.commune_by_insee(insee).map(|c| c.name.as_str())
    }

    /// The territory a commune belongs to, from its INSEE code.
    pub fn territory_of(&self, insee: &str) -> Option<&str> {
        self.commune_by_insee(insee).map(|c| c.territory.as_str())
    }

    pub fn territory_names(&self) -> Vec<&str> {
        self.territories.iter().map(|t| t.name.as_str()).collect()
    }

    pub fn is_territory(&self, name: &str) -> bool {
        self.territories.iter().any(|t| t.name == name)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn builtin() -> Reference {
        Reference::parse(|name| crate::paths::builtin_data(name).unwrap().to_string()).unwrap()
    }

    fn one<'a>(m: CommuneMatch<'a>) -> &'a Commune {
        match m {
            CommuneMatch::One(c) => c,
            other => panic!("expected one commune, got {other:?}"),
        }
    }

    #[test]
    fn builtin_data_is_complete() {
        let r = builtin();
        assert_eq!(r.communes.len(), 887);
        assert_eq!(r.territories.len(), 8);
        assert_eq!(r.campaign.envelope_cents, 35_200_000);
        assert_eq!(r.campaign.min_amount_cents, 450_000);
        assert_eq!(r.campaign.max_amount_cents, 2_000_000);
        assert_eq!(r.campaign.min_age, 11);
        assert_eq!(r.campaign.votes_per_person, 3);
        assert_eq!(r.criteria.len(), 11);
    }

    #[test]
    fn commune_codes_are_known_from_the_deferred_text_as_from_the_list() {
        let deferred = || {
            Reference::parse_deferred(|name| crate::paths::builtin_data(name).unwrap().to_string())
                .unwrap()
        };
        let list = builtin();
        // Asked before the list is read (the codes alone), then after.
        let before = deferred();
        let after = deferred();
        assert_eq!(after.communes.len(), 887);
        for c in list.communes.iter() {
            assert!(before.communes.knows(&c.insee), "{}", c.insee);
            assert!(after.communes.knows(&c.insee), "{}", c.insee);
        }
        for code in ["62000", "62999", "59350", "", "62041 ", "Arras"] {
            assert!(!before.communes.knows(code), "{code:?}");
            assert!(!after.communes.knows(code), "{code:?}");
        }
    }

    #[test]
    fn communes_by_name_tolerate_accents_case_hyphens_and_saint() {
        let r = builtin();
        assert_eq!(one(r.find_commune("Arras")).insee, "62041");
        assert_eq!(one(r.find_commune("henin beaumont")).name, "Hénin-Beaumont");
        assert_eq!(
            one(r.find_commune("HÉNIN-BEAUMONT")).territory,
            "Hénin-Carvin"
        );
        assert_eq!(one(r.find_commune("St-Omer")).name, "Saint-Omer");
        assert_eq!(one(r.find_commune("saint omer")).territory, "Audomarois");
        assert_eq!(one(r.find_commune("lievin")).name, "Liévin");
        assert_eq!(
            r.find_commune("Lille"),
            CommuneMatch::Several(vec![r.commune_by_insee("62516").unwrap()])
        );
        assert_eq!(r.find_commune("Roubaix"), CommuneMatch::None);
        assert_eq!(r.find_commune(""), CommuneMatch::None);
    }

    #[test]
    fn communes_by_postal_code() {
        let r = builtin();
        assert_eq!(r.commune_by_insee("62041").unwrap().name, "Arras");
        assert_eq!(one(r.find_commune("62100")).name, "Calais");
        match r.find_commune("62000") {
            CommuneMatch::Several(list) => {
                let names: Vec<&str> = list.iter().map(|c| c.name.as_str()).collect();
                assert_eq!(names, ["Arras", "Dainville"]);
            }
            other => panic!("expected several, got {other:?}"),
        }
        match r.find_commune("62121") {
            CommuneMatch::Several(list) => {
                assert!(list.iter().any(|c| c.name == "Achiet-le-Grand"));
                assert!(list.iter().any(|c| c.name == "Achiet-le-Petit"));
            }
            other => panic!("expected several, got {other:?}"),
        }
        assert_eq!(r.find_commune("59000"), CommuneMatch::None);
    }

    #[test]
    fn completion_puts_prefixes_first() {
        let r = builtin();
        let names: Vec<&str> = r
            .complete_commune("calais", 5)
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(names[0], "Calais");
        assert!(names.len() <= 5);
    }

    #[test]
    fn a_broken_file_is_named_with_its_line() {
        let err = Reference::parse(|name| {
            if name == "themes.json" {
                "{\n \"themes\": [\n  { \"code\": \"a\" \n ]\n}".to_string()
            } else {
                crate::paths::builtin_data(name).unwrap().to_string()
            }
        })
        .unwrap_err();
        assert_eq!(err.file, "themes.json");
        assert_eq!(err.line, 4);
        assert!(err.to_string().contains("themes.json"));
        assert!(err.to_string().contains("ligne 4"));
    }

    #[test]
    fn a_commune_in_an_unknown_territory_is_reported() {
        let err = Reference::parse(|name| {
            let text = crate::paths::builtin_data(name).unwrap().to_string();
            if name == "communes-62.json" {
                text.replacen(
                    "\"territoire\": \"Arrageois\"",
                    "\"territoire\": \"Atlantide\"",
                    1,
                )
            } else {
                text
            }
        })
        .unwrap_err();
        assert_eq!(err.file, "communes-62.json");
        assert!(err.message().contains("Atlantide"), "{}", err.message());
        assert!(err.line > 1);
    }
}
