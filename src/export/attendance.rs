//! The attendance sheet of a workshop (*feuille d'émargement*): an HTML page to print (A4, the
//! workshop, date and place repeated at the top of every page, a signature column, a parent's
//! signature for the under-15s, blank rows for walk-ins) or the same as CSV for French Excel.
//! It lists the people expected (registered for the workshop) and those already checked in,
//! sorted by name the French way (accents and case folded: « Élisabeth » beside « Elisa »).

use std::path::Path;

use anyhow::{Result, bail};
use maud::{DOCTYPE, PreEscaped, html};

use super::cell::{self, Cell};
use crate::domain::age::AgeBracket;
use crate::domain::model::WORKSHOPS;
use crate::domain::text::fold;
use crate::i18n::tr;
use crate::store::Store;

/// Rows left blank at the end of the page, for the people who walk in.
pub const BLANK_ROWS: usize = 10;

/// One person on the sheet.
struct Person {
    first_name: String,
    last_name: String,
    bracket: Option<AgeBracket>,
    /// The bracket as stored, when it is no known code.
    bracket_text: String,
    commune: String,
    structure: String,
}

impl Person {
    /// The bracket as a short code (`11-14`, `65+`): it fits a narrow column.
    fn bracket(&self) -> String {
        self.bracket
            .map(|b| b.code().to_string())
            .unwrap_or_else(|| self.bracket_text.clone())
    }

    /// Under 15: a parent signs too.
    fn needs_parent(&self) -> bool {
        self.bracket.is_some_and(AgeBracket::needs_parent_consent)
    }
}

/// The workshop as the sheet's header gives it.
struct Workshop {
    /// jj/mm/aaaa.
    date: String,
    /// The commune, else the territory.
    place: String,
    host: String,
    territory: String,
    theme: String,
}

/// The sheet's content, once, for both formats.
struct Sheet {
    workshop: Workshop,
    people: Vec<Person>,
}

fn gather(store: &Store, id: &str) -> Result<Sheet> {
    let Some(row) = store.row(&WORKSHOPS, id)? else {
        bail!(tr("Comptoir introuvable."));
    };
    let text = |f: &str| row[f].as_str().unwrap_or("").to_string();
    let reference = store.reference();
    let commune_name = |code: Option<&str>| {
        code.and_then(|c| reference.commune_name(c))
            .map(String::from)
            .unwrap_or_default()
    };
    let place = commune_name(row["commune"].as_str());
    let workshop = Workshop {
        date: crate::domain::date::french(&text("date")),
        place: if place.is_empty() {
            text("territory")
        } else {
            place
        },
        host: text("host"),
        territory: text("territory"),
        theme: text("theme"),
    };
    let mut seen = std::collections::HashSet::new();
    let mut people: Vec<(String, Person)> = Vec::new();
    for p in store.on_attendance_sheet(id)? {
        if !seen.insert(p.id.clone()) {
            continue;
        }
        let bracket_text = p.age_bracket.clone().unwrap_or_default();
        people.push((
            p.id.clone(),
            Person {
                bracket: AgeBracket::from_code(&bracket_text),
                bracket_text,
                commune: commune_name(p.commune.as_deref()),
                structure: p.structure.clone().unwrap_or_default(),
                first_name: p.first_name,
                last_name: p.last_name,
            },
        ));
    }
    // By name the French way: accents, case, hyphens and apostrophes folded, then as typed (so
    // that the order never depends on how rows were read), then by id.
    people.sort_by_cached_key(|(id, p)| {
        (
            fold(&p.last_name),
            fold(&p.first_name),
            p.last_name.clone(),
            p.first_name.clone(),
            id.clone(),
        )
    });
    Ok(Sheet {
        workshop,
        people: people.into_iter().map(|(_, p)| p).collect(),
    })
}

/// The sheet's words, in the user's language.
struct Words {
    title: String,
    name: &'static str,
    bracket: &'static str,
    commune: &'static str,
    structure: &'static str,
    signature: &'static str,
    parent: &'static str,
}

impl Words {
    fn of(w: &Workshop) -> Words {
        Words {
            title: crate::t!(
                "Feuille d'émargement : comptoir du {date} à {place}",
                date = w.date,
                place = w.place
            ),
            name: tr("Nom et prénom"),
            bracket: tr("Âge"),
            commune: tr("Commune"),
            structure: tr("Structure"),
            signature: tr("Signature"),
            parent: tr("Signature d'un parent (moins de 15 ans)"),
        }
    }
}

/// The line under the title: host, territory and theme, those known.
fn details(w: &Workshop) -> String {
    let mut parts = Vec::new();
    if !w.host.is_empty() {
        parts.push(crate::t!("Accueil : {host}", host = w.host));
    }
    if !w.territory.is_empty() {
        parts.push(crate::t!(
            "Territoire : {territory}",
            territory = w.territory
        ));
    }
    if !w.theme.is_empty() {
        parts.push(crate::t!("Thème : {theme}", theme = w.theme));
    }
    parts.push(tr("Budget citoyen du Pas-de-Calais").to_string());
    parts.join(" · ")
}

const CSS: &str = "
  @page { size: A4 portrait; margin: 12mm 10mm 14mm 10mm;
          @bottom-right { content: counter(page) ' / ' counter(pages); font: 8pt sans-serif; } }
  html { font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; font-size: 9.5pt; color: #000; }
  body { margin: 0; }
  table { width: 100%; border-collapse: collapse; table-layout: fixed; }
  thead { display: table-header-group; }
  thead th.page { text-align: left; font-weight: normal; border: none; padding: 0 0 3mm 0; }
  thead th.page h1 { font-size: 13pt; margin: 0 0 1mm 0; }
  thead th.page p { margin: 0; font-size: 9pt; }
  th, td { border: 0.4pt solid #000; padding: 1mm 1.5mm; vertical-align: middle;
           overflow-wrap: anywhere; text-align: left; }
  tbody td { height: 10mm; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  col.name { width: 26%; } col.bracket { width: 8%; } col.commune { width: 15%; }
  col.structure { width: 17%; } col.signature { width: 19%; } col.parent { width: 15%; }
  td.small { font-size: 7.5pt; }
  td.none { background: repeating-linear-gradient(45deg, #fff 0 2mm, #ddd 2mm 2.6mm);
            -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  @media screen { body { max-width: 190mm; margin: 1em auto; } }
";

/// The sheet as an HTML page for print.
pub fn html(store: &Store, workshop: &str) -> Result<(String, usize)> {
    let s = gather(store, workshop)?;
    let w = Words::of(&s.workshop);
    let page = html! {
        (DOCTYPE)
        html lang=(super::sheet::html_lang()) {
            head {
                meta charset="utf-8";
                title { (w.title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                table {
                    colgroup {
                        col.name; col.bracket; col.commune; col.structure; col.signature; col.parent;
                    }
                    thead {
                        tr {
                            th.page colspan="6" {
                                h1 { (w.title) }
                                p { (details(&s.workshop)) }
                            }
                        }
                        tr {
                            th { (w.name) } th { (w.bracket) } th { (w.commune) }
                            th { (w.structure) } th { (w.signature) } th { (w.parent) }
                        }
                    }
                    tbody {
                        @for p in &s.people {
                            tr {
                                td { strong { (p.last_name) } " " (p.first_name) }
                                td { (p.bracket()) }
                                td { (p.commune) }
                                td.small { (p.structure) }
                                td {}
                                @if p.needs_parent() { td {} } @else { td.none {} }
                            }
                        }
                        @for _ in 0..BLANK_ROWS {
                            tr.walk-in { td {} td {} td {} td {} td {} td {} }
                        }
                    }
                }
            }
        }
    };
    Ok((page.into_string(), s.people.len()))
}

/// The same sheet as rows for a CSV: a title line, the headers, one row per person (the
/// parent's cell « — » when no parent signs), the blank rows.
fn rows(store: &Store, workshop: &str) -> Result<(Vec<Vec<Cell>>, usize)> {
    let s = gather(store, workshop)?;
    let w = Words::of(&s.workshop);
    let mut rows = vec![
        vec![Cell::text(w.title.clone())],
        vec![Cell::text(details(&s.workshop))],
        [
            tr("Nom"),
            tr("Prénom"),
            tr("Tranche d'âge"),
            w.commune,
            w.structure,
            w.signature,
            w.parent,
        ]
        .into_iter()
        .map(Cell::text)
        .collect(),
    ];
    for p in &s.people {
        rows.push(vec![
            Cell::text(p.last_name.clone()),
            Cell::text(p.first_name.clone()),
            Cell::text(p.bracket()),
            Cell::text(p.commune.clone()),
            Cell::text(p.structure.clone()),
            Cell::Empty,
            if p.needs_parent() {
                Cell::Empty
            } else {
                Cell::text("—")
            },
        ]);
    }
    for _ in 0..BLANK_ROWS {
        rows.push(vec![Cell::Empty; 7]);
    }
    Ok((rows, s.people.len()))
}

/// Writes a workshop's attendance sheet: HTML for print when `path` ends in `.html` or
/// `.htm`, else CSV for French Excel. Returns how many people it names.
pub fn write(store: &Store, workshop: &str, path: &Path) -> Result<usize> {
    let is_html = path
        .extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| x.eq_ignore_ascii_case("html") || x.eq_ignore_ascii_case("htm"));
    if is_html {
        let (page, n) = html(store, workshop)?;
        super::write_private(path, page.as_bytes())?;
        Ok(n)
    } else {
        let (rows, n) = rows(store, workshop)?;
        super::write_private(
            path,
            &cell::csv_bytes(b';', rows.iter().map(Vec::as_slice))?,
        )?;
        Ok(n)
    }
}
