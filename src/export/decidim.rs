//! The labelled projects as proposals for Decidim's import (`Decidim::Proposals::Import::
//! ProposalCreator`): CSV with `;` (Decidim's `default_csv_col_sep`) or `,`, JSON (one flat
//! object per proposal, every object with the same keys in the same order, as Decidim's JSON
//! reader takes the first object's keys as the headers) or XLSX (the first sheet, headers on
//! the first row). Columns: `id` (the idea's, which Decidim drops), `title/fr`, `body/fr` (HTML:
//! what the vote needs), `address` (commune and postal code, geocodable), `latitude` and
//! `longitude` where the reference data knows them, and with a mapping file the theme column
//! (`taxonomies/ids` or `category/id`) and `scope/id`. No personal data: holders by structure
//! or initials. Texts stay French: they fill the platform's `fr` fields.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Result, anyhow, bail};
use serde::Deserialize;
use serde_json::{Map, Value as Json, json};

use super::cell::Cell;
use super::tables::{XlsxFormats, public_name, theme_labels, write_xlsx_table};
use crate::domain::model;
use crate::domain::money::{self, Cents};
use crate::store::Store;

/// How the file is written, chosen by the extension of `--out`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Csv { separator: u8 },
    Json,
    Xlsx,
}

impl Layout {
    /// `.json` and `.xlsx` by their extension; anything else is CSV.
    pub fn of(path: &Path, separator: u8) -> Layout {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("json") => Layout::Json,
            Some("xlsx") => Layout::Xlsx,
            _ => Layout::Csv { separator },
        }
    }
}

/// Which Decidim column takes the themes: taxonomies (Decidim 0.30 and later, several ids
/// separated by commas) or the category (earlier versions, one id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
pub enum ThemeColumn {
    #[default]
    #[serde(rename = "taxonomies/ids")]
    Taxonomies,
    #[serde(rename = "category/id")]
    Category,
}

impl ThemeColumn {
    fn header(self) -> &'static str {
        match self {
            ThemeColumn::Taxonomies => "taxonomies/ids",
            ThemeColumn::Category => "category/id",
        }
    }
}

/// The platform's ids for the themes (by code or by name) and the territories (by name).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    #[serde(default)]
    pub themes: BTreeMap<String, u64>,
    #[serde(default)]
    pub colonne_themes: ThemeColumn,
    #[serde(default)]
    pub territoires: BTreeMap<String, u64>,
}

impl Mapping {
    /// Reads a mapping file (JSON); a bad one is said in French, naming the file.
    pub fn read(path: &Path) -> Result<Mapping> {
        let bytes = crate::paths::read_given(path)?;
        serde_json::from_slice(&bytes).map_err(|e| {
            anyhow!(crate::t!(
                "{path} : fichier de correspondances illisible, ligne {line} ({what}). Attendu : {{\"themes\": {{\"alimentation\": 12}}, \"colonne_themes\": \"taxonomies/ids\", \"territoires\": {{\"Calaisis\": 3}}}}. Rien n'a été écrit.",
                path = path.display(),
                line = e.line(),
                what = e.to_string()
            ))
        })
    }
}

/// One proposal, its cells in the order of the headers.
struct Proposal {
    id: String,
    title: String,
    body: String,
    address: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
    themes: Option<String>,
    scope: Option<u64>,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn euros(c: Cents) -> String {
    money::format(c).replace('\u{a0}', " ")
}

/// The labelled ideas, not archived, as proposals.
fn proposals(store: &Store, mapping: Option<&Mapping>) -> Result<Vec<Proposal>> {
    let mut out = Vec::new();
    let mut missing_themes = Vec::new();
    let mut missing_territories = Vec::new();
    for idea in store.ideas(0, usize::MAX >> 1)? {
        if idea.decision != Some(crate::domain::codes::Decision::Labelled) {
            continue;
        }
        let Some(row) = store.row(&model::IDEAS, &idea.id)? else {
            continue;
        };
        let text = |f: &str| row[f].as_str().unwrap_or("").to_string();
        let reference = store.reference();
        let commune = reference.commune_by_insee(&text("commune"));
        let territory = commune.map(|c| c.territory.clone()).or_else(|| {
            row["workshop"]
                .as_str()
                .and_then(|w| store.row(&model::WORKSHOPS, w).ok().flatten())
                .and_then(|w| w["territory"].as_str().map(String::from))
        });
        let address = commune
            .map(|c| {
                let postal = c.postal_codes.first().map(String::as_str).unwrap_or("");
                format!("{postal} {}, Pas-de-Calais, France", c.name)
                    .trim()
                    .to_string()
            })
            .unwrap_or_default();
        let holders: Vec<String> = store
            .holders(&idea.id)?
            .iter()
            .map(|h| public_name(store, &h.attendee))
            .collect::<Result<_>>()?;
        let facts = store.idea_facts(&idea.id)?;
        let mut body = format!("<p>{}</p>", esc(&text("summary")));
        if !text("description").is_empty() {
            body.push_str(&format!(
                "<p>{}</p>",
                esc(&text("description")).replace('\n', "<br>")
            ));
        }
        body.push_str("<ul>");
        if let Some(c) = commune {
            body.push_str(&format!(
                "<li>Lieu : {} ({})</li>",
                esc(&c.name),
                esc(&c.territory)
            ));
        }
        let themes = theme_labels(store, &text("themes"));
        if !themes.is_empty() {
            body.push_str(&format!("<li>Thèmes : {}</li>", esc(&themes)));
        }
        body.push_str(&format!(
            "<li>Budget du projet : {} de dépenses, dont {} apportés par d'autres financeurs</li>",
            euros(facts.expenses),
            euros(facts.cofunding)
        ));
        body.push_str(&format!(
            "<li><strong>Montant demandé au Budget citoyen : {}</strong></li>",
            euros(idea.requested)
        ));
        if !holders.is_empty() {
            body.push_str(&format!(
                "<li>Porté par : {}</li>",
                esc(&holders.join(", "))
            ));
        }
        body.push_str("</ul>");
        let (mut theme_ids, mut scope) = (None, None);
        if let Some(m) = mapping {
            let codes: Vec<String> = serde_json::from_str(&text("themes")).unwrap_or_default();
            let mut ids = Vec::new();
            for code in &codes {
                let label = reference
                    .themes
                    .iter()
                    .find(|t| t.code == *code)
                    .map(|t| t.name.clone());
                let found = m
                    .themes
                    .get(code)
                    .or_else(|| label.as_ref().and_then(|l| m.themes.get(l)));
                match found {
                    Some(id) => ids.push(id.to_string()),
                    None if !m.themes.is_empty() => {
                        missing_themes.push(label.unwrap_or_else(|| code.clone()))
                    }
                    None => {}
                }
            }
            if m.colonne_themes == ThemeColumn::Category {
                ids.truncate(1);
            }
            theme_ids = Some(ids.join(","));
            if !m.territoires.is_empty() {
                match territory.as_ref().and_then(|t| m.territoires.get(t)) {
                    Some(id) => scope = Some(*id),
                    None => missing_territories.push(
                        territory
                            .clone()
                            .unwrap_or_else(|| "(sans territoire)".into()),
                    ),
                }
            }
        }
        out.push(Proposal {
            id: idea.id.clone(),
            title: idea.title.clone(),
            body,
            address,
            latitude: commune.and_then(|c| c.latitude),
            longitude: commune.and_then(|c| c.longitude),
            themes: theme_ids,
            scope,
        });
    }
    missing_themes.sort();
    missing_themes.dedup();
    missing_territories.sort();
    missing_territories.dedup();
    if !missing_themes.is_empty() || !missing_territories.is_empty() {
        let mut what = Vec::new();
        if !missing_themes.is_empty() {
            what.push(crate::t!(
                "{n} thème(s) : {list}",
                n = missing_themes.len(),
                list = missing_themes.join(", ")
            ));
        }
        if !missing_territories.is_empty() {
            what.push(crate::t!(
                "{n} territoire(s) : {list}",
                n = missing_territories.len(),
                list = missing_territories.join(", ")
            ));
        }
        bail!(crate::t!(
            "Le fichier de correspondances ne donne pas d'identifiant Decidim pour : {what}. Ajoutez-les, rien n'a été écrit.",
            what = what.join(" ; ")
        ));
    }
    Ok(out)
}

fn headers(mapping: Option<&Mapping>) -> Vec<String> {
    let mut h: Vec<String> = [
        "id",
        "title/fr",
        "body/fr",
        "address",
        "latitude",
        "longitude",
    ]
    .map(String::from)
    .to_vec();
    if let Some(m) = mapping {
        if !m.themes.is_empty() {
            h.push(m.colonne_themes.header().into());
        }
        if !m.territoires.is_empty() {
            h.push("scope/id".into());
        }
    }
    h
}

fn cells(p: &Proposal, mapping: Option<&Mapping>) -> Vec<Cell> {
    let number = |x: Option<f64>| x.map_or(Cell::Empty, Cell::Float);
    let mut c = vec![
        Cell::text(p.id.clone()),
        Cell::text(p.title.clone()),
        Cell::text(p.body.clone()),
        Cell::text(p.address.clone()),
        number(p.latitude),
        number(p.longitude),
    ];
    if let Some(m) = mapping {
        if !m.themes.is_empty() {
            c.push(Cell::text(p.themes.clone().unwrap_or_default()));
        }
        if !m.territoires.is_empty() {
            c.push(p.scope.map_or(Cell::Empty, |s| Cell::Int(s as i64)));
        }
    }
    c
}

/// Writes the labelled projects for Decidim's proposals import; returns how many.
pub fn decidim(
    store: &Store,
    path: &Path,
    layout: Layout,
    mapping: Option<&Mapping>,
) -> Result<usize> {
    let proposals = proposals(store, mapping)?;
    let headers = headers(mapping);
    let bytes = match layout {
        Layout::Csv { separator } => {
            let headers: Vec<Cell> = headers.iter().map(|h| Cell::text(h.clone())).collect();
            let rows: Vec<Vec<Cell>> = proposals.iter().map(|p| cells(p, mapping)).collect();
            super::cell::csv_bytes(
                separator,
                std::iter::once(headers.as_slice()).chain(rows.iter().map(Vec::as_slice)),
            )?
        }
        Layout::Json => {
            let rows: Vec<Json> = proposals
                .iter()
                .map(|p| {
                    let mut o = Map::new();
                    o.insert("id".into(), json!(p.id));
                    o.insert("title/fr".into(), json!(p.title));
                    o.insert("body/fr".into(), json!(p.body));
                    o.insert("address".into(), json!(p.address));
                    o.insert("latitude".into(), json!(p.latitude));
                    o.insert("longitude".into(), json!(p.longitude));
                    if let Some(m) = mapping {
                        if !m.themes.is_empty() {
                            o.insert(m.colonne_themes.header().into(), json!(p.themes));
                        }
                        if !m.territoires.is_empty() {
                            o.insert("scope/id".into(), json!(p.scope));
                        }
                    }
                    Json::Object(o)
                })
                .collect();
            serde_json::to_string_pretty(&rows)?.into_bytes()
        }
        Layout::Xlsx => {
            let mut book = rust_xlsxwriter::Workbook::new();
            let sheet = book.add_worksheet();
            sheet.set_name("Propositions")?;
            let rows: Vec<Vec<Cell>> = proposals.iter().map(|p| cells(p, mapping)).collect();
            write_xlsx_table(sheet, &XlsxFormats::new(), &headers, &rows)?;
            book.save_to_buffer()?
        }
    };
    super::write_private(path, &bytes)?;
    Ok(proposals.len())
}
