//! The tables as the Mission ESS uses them: CSV for French Excel (one file per table), XLSX
//! (one sheet per table) and JSON (every table, and the change set, so an import is a merge).
//! `public` leaves out every personal datum: no attendees table, holders by initials or
//! structure, no referent, no facilitator names.

use std::path::Path;

use anyhow::{Context, Result};
use chrono::{Datelike, Timelike};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::cell::{self, Cell};
use crate::domain::model::{self, Kind, Table, Value};
use crate::i18n::tr;
use crate::store::Store;

/// The tables exported, in order, with their names (French, shown in the user's language).
pub const EXPORTED: [(&str, &str); 7] = [
    ("workshops", "Comptoirs"),
    ("attendees", "Participants"),
    ("attendance", "Présences"),
    ("ideas", "Idées"),
    ("holders", "Porteurs"),
    ("budget_lines", "Budget"),
    ("reviews", "Revues"),
];

/// One table's rows, each the record's id and its fields in the model's order.
pub struct Rows {
    pub table: &'static Table,
    pub columns: Vec<&'static model::Field>,
    pub rows: Vec<(String, Vec<Value>)>,
}

/// Whether a field goes into a public export: no personal datum, no internal note, no comment
/// or reason of the committee, no person's pseudonymous id.
fn public_field(table: &str, f: &model::Field) -> bool {
    !f.personal
        && table != "attendees"
        && f.name != "merged_into"
        && f.name != "notes"
        && !(table == "reviews" && matches!(f.name, "comment" | "decision_reason"))
        && !(table == "attendance" && f.name == "attendee")
}

/// Reads the exported tables (public: without personal data, notes, the committee's
/// comments, and without any row of an archived idea).
pub fn read(store: &Store, public: bool) -> Result<Vec<Rows>> {
    let mut archived = std::collections::HashSet::new();
    if public {
        for id in store.record_ids("ideas")? {
            if let Some(row) = store.row(&model::IDEAS, &id)?
                && row.get("archived") == Some(&Value::Int(1))
            {
                archived.insert(id);
            }
        }
    }
    let mut out = Vec::new();
    for (name, _) in EXPORTED {
        if public && name == "attendees" {
            continue;
        }
        let table = model::table(name).context("table")?;
        let columns: Vec<&'static model::Field> = table
            .fields
            .iter()
            .filter(|f| !public || public_field(name, f))
            .collect();
        let ids = store.record_ids(name)?;
        let mut rows = Vec::new();
        for id in ids {
            let Some(row) = store.row(table, &id)? else {
                continue;
            };
            if public
                && (archived.contains(&id)
                    || row
                        .get("idea")
                        .and_then(Value::as_str)
                        .is_some_and(|i| archived.contains(i)))
            {
                continue;
            }
            let mut values: Vec<Value> = columns.iter().map(|f| row[f.name].clone()).collect();
            if public && name == "holders" {
                // The person, shown by structure or initials.
                if let Some(i) = columns.iter().position(|f| f.name == "attendee") {
                    values[i] =
                        Value::Text(public_name(store, row["attendee"].as_str().unwrap_or(""))?);
                }
            }
            rows.push((id, values));
        }
        out.push(Rows {
            table,
            columns,
            rows,
        });
    }
    Ok(out)
}

/// A holder as a public export shows them: their structure, else their initials.
pub(crate) fn public_name(store: &Store, attendee: &str) -> Result<String> {
    let Some(p) = store.row(&model::ATTENDEES, attendee)? else {
        return Ok("—".into());
    };
    if let Some(s) = p["structure"].as_str() {
        return Ok(s.to_string());
    }
    let initial = |f: &str| {
        p[f].as_str()
            .and_then(|s| s.chars().next())
            .map(|c| format!("{c}."))
            .unwrap_or_default()
    };
    Ok(format!("{}{}", initial("first_name"), initial("last_name")))
}

/// A value as a spreadsheet cell: codes as their labels, communes and themes by name, money
/// in cents, dates and check-in times typed, phone numbers in pairs.
fn field_cell(store: &Store, table: &str, f: &model::Field, v: &Value) -> Cell {
    let reference = store.reference();
    match (f.kind, f.name, v) {
        (_, _, Value::Null) => Cell::Empty,
        (_, "commune", Value::Text(c)) => Cell::text(
            reference
                .commune_by_insee(c)
                .map_or(c.clone(), |c| c.name.clone()),
        ),
        (_, "legal_frame", Value::Text(c)) => Cell::text(
            reference
                .legal_frames
                .iter()
                .find(|l| l.code == *c)
                .map_or(c.clone(), |l| l.label().to_string()),
        ),
        (_, "age_bracket", Value::Text(c)) => Cell::text(
            crate::domain::age::AgeBracket::from_code(c).map_or(c.clone(), |a| a.label().into()),
        ),
        (_, "phone", Value::Text(p)) => Cell::text(cell::phone(p)),
        (_, "checked_in", Value::Int(ms)) => chrono::DateTime::from_timestamp_millis(*ms)
            .map(|d| Cell::Moment(d.with_timezone(&chrono::Local).naive_local()))
            .unwrap_or(Cell::Empty),
        (Kind::Money, _, Value::Int(c)) => Cell::Money(*c),
        (Kind::Int, _, Value::Int(i)) => Cell::Int(*i),
        (Kind::Bool | Kind::SetOnce, _, Value::Int(b)) => {
            Cell::text(if *b == 1 { tr("oui") } else { tr("non") })
        }
        (Kind::Date, _, Value::Text(d)) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map_or_else(|_| Cell::text(d.clone()), Cell::Date),
        (Kind::List, "themes", Value::Text(l)) => Cell::text(theme_labels(store, l)),
        (Kind::List, _, Value::Text(l)) => Cell::text(
            serde_json::from_str::<Vec<String>>(l)
                .map(|v| v.join(", "))
                .unwrap_or_else(|_| l.clone()),
        ),
        (Kind::Code, _, Value::Text(c)) => {
            Cell::text(crate::strings::code_label(table, f.name, c).map_or(c.clone(), String::from))
        }
        (_, _, Value::Int(i)) => Cell::Int(*i),
        (_, _, Value::Text(t)) => Cell::text(t.clone()),
    }
}

/// An idea's themes (a JSON list of codes) by their names.
pub(crate) fn theme_labels(store: &Store, list: &str) -> String {
    let codes: Vec<String> = serde_json::from_str(list).unwrap_or_default();
    codes
        .iter()
        .map(|c| {
            store
                .reference()
                .themes
                .iter()
                .find(|t| t.code == *c)
                .map_or(c.as_str(), |t| t.label())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn header(table: &str, f: &model::Field) -> String {
    crate::strings::field_label(table, f.name).to_string()
}

/// One table as a spreadsheet shows it: its French name, headers and typed cells.
pub struct Grid {
    pub table: &'static str,
    pub title: &'static str,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// The exported tables as spreadsheets: labels rather than codes, the idea's title beside its
/// id, the workshop's date beside its id, and for each idea its territory, holders (not in a
/// public export), totals, requested amount, level and the committee's decision.
pub fn grids(store: &Store, public: bool) -> Result<Vec<Grid>> {
    let tables = read(store, public)?;
    let value_of = |t: &Rows, field: &str| -> std::collections::HashMap<String, Value> {
        let Some(i) = t.columns.iter().position(|f| f.name == field) else {
            return Default::default();
        };
        t.rows
            .iter()
            .map(|(id, values)| (id.clone(), values[i].clone()))
            .collect()
    };
    let titles = tables
        .iter()
        .find(|t| t.table.name == "ideas")
        .map(|t| value_of(t, "title"))
        .unwrap_or_default();
    let dates = tables
        .iter()
        .find(|t| t.table.name == "workshops")
        .map(|t| value_of(t, "date"))
        .unwrap_or_default();
    let territories = tables
        .iter()
        .find(|t| t.table.name == "workshops")
        .map(|t| value_of(t, "territory"))
        .unwrap_or_default();
    let mut out = Vec::new();
    for t in &tables {
        let name = t.table.name;
        let mut headers = vec![tr("Identifiant").to_string()];
        for f in &t.columns {
            headers.push(header(name, f));
            if f.name == "idea" {
                headers.push(tr("Titre de l'idée").into());
            }
            if f.name == "workshop" {
                headers.push(tr("Date du comptoir").into());
            }
        }
        if name == "ideas" {
            headers.push(tr("Territoire").into());
            if !public {
                headers.push(tr("Porteurs").into());
            }
            for h in [
                tr("Dépenses totales"),
                tr("Recettes"),
                tr("Montant demandé"),
                tr("Niveau"),
                tr("Décision"),
            ] {
                headers.push(h.into());
            }
        }
        let mut rows = Vec::new();
        for (id, values) in &t.rows {
            let mut cells = vec![Cell::text(id.clone())];
            let mut workshop = None;
            for (f, v) in t.columns.iter().zip(values) {
                cells.push(field_cell(store, name, f, v));
                let of = |map: &std::collections::HashMap<String, Value>| {
                    v.as_str()
                        .and_then(|k| map.get(k))
                        .cloned()
                        .unwrap_or(Value::Null)
                };
                if f.name == "idea" {
                    cells.push(match of(&titles) {
                        Value::Text(t) => Cell::text(t),
                        _ => Cell::Empty,
                    });
                }
                if f.name == "workshop" {
                    workshop = v.as_str().map(String::from);
                    cells.push(match of(&dates) {
                        Value::Text(d) => chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                            .map_or(Cell::text(d), Cell::Date),
                        _ => Cell::Empty,
                    });
                }
            }
            if name == "ideas" {
                let commune = t
                    .columns
                    .iter()
                    .position(|f| f.name == "commune")
                    .and_then(|i| values[i].as_str());
                let territory = commune
                    .and_then(|c| store.reference().territory_of(c))
                    .map(String::from)
                    .or_else(|| {
                        workshop
                            .as_deref()
                            .and_then(|w| territories.get(w))
                            .and_then(|v| v.as_str().map(String::from))
                    })
                    .unwrap_or_default();
                cells.push(Cell::text(territory));
                if !public {
                    cells.push(Cell::text(store.idea_row(id)?.holders));
                }
                let facts = store.idea_facts(id)?;
                cells.push(Cell::Money(facts.expenses.0));
                cells.push(Cell::Money(facts.income.0));
                cells.push(Cell::Money(facts.requested().0));
                cells.push(Cell::text(store.idea_maturity(id)?.0.label()));
                cells.push(Cell::text(
                    store
                        .decision(id)?
                        .map(crate::strings::Labelled::label)
                        .unwrap_or_default(),
                ));
            }
            rows.push(cells);
        }
        out.push(Grid {
            table: name,
            title: EXPORTED
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(name, |(_, fr)| tr(fr)),
            headers,
            rows,
        });
    }
    Ok(out)
}

/// One CSV file per table in `folder`: `;`, UTF-8 with BOM, decimal comma, dates jj/mm/aaaa.
pub fn csv(store: &Store, folder: &Path, public: bool) -> Result<usize> {
    let grids = grids(store, public)?;
    for g in &grids {
        let headers: Vec<Cell> = g.headers.iter().map(|h| Cell::text(h.clone())).collect();
        let lines = std::iter::once(headers.as_slice()).chain(g.rows.iter().map(Vec::as_slice));
        let out = cell::csv_bytes(b';', lines)?;
        super::write_private(
            &folder.join(format!(
                "{}.csv",
                crate::domain::text::fold(g.title).replace(' ', "-")
            )),
            &out,
        )?;
    }
    Ok(grids.len())
}

/// The formats of an XLSX export: bold headers, euros, dates, date and time, and text that
/// Excel and LibreOffice keep as text even when it starts like a formula.
pub struct XlsxFormats {
    pub bold: Format,
    pub euros: Format,
    pub date: Format,
    pub moment: Format,
    pub quoted: Format,
}

impl XlsxFormats {
    pub fn new() -> XlsxFormats {
        XlsxFormats {
            bold: Format::new().set_bold(),
            euros: Format::new().set_num_format("#,##0.00 \\€"),
            date: Format::new().set_num_format("dd/mm/yyyy"),
            moment: Format::new().set_num_format("dd/mm/yyyy hh:mm"),
            quoted: Format::new().set_quote_prefix(),
        }
    }
}

impl Default for XlsxFormats {
    fn default() -> Self {
        XlsxFormats::new()
    }
}

/// Writes one cell; returns its width in characters.
pub fn write_xlsx_cell(
    sheet: &mut rust_xlsxwriter::Worksheet,
    formats: &XlsxFormats,
    row: u32,
    col: u16,
    cell: &Cell,
) -> Result<usize> {
    match cell {
        Cell::Empty => Ok(0),
        Cell::Text(t) => {
            if cell::is_formula_like(t) {
                sheet.write_string_with_format(row, col, t, &formats.quoted)?;
            } else {
                sheet.write_string(row, col, t)?;
            }
            Ok(t.chars().count())
        }
        Cell::Money(c) => {
            sheet.write_number_with_format(row, col, *c as f64 / 100.0, &formats.euros)?;
            Ok(12)
        }
        Cell::Int(i) => {
            sheet.write_number(row, col, *i as f64)?;
            Ok(i.to_string().len())
        }
        Cell::Float(x) => {
            sheet.write_number(row, col, *x)?;
            Ok(10)
        }
        Cell::Date(d) => {
            let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            sheet.write_datetime_with_format(row, col, &dt, &formats.date)?;
            Ok(10)
        }
        Cell::Moment(t) => {
            let dt = ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)?
                .and_hms(t.hour() as u16, t.minute() as u8, t.second() as f64)?;
            sheet.write_datetime_with_format(row, col, &dt, &formats.moment)?;
            Ok(16)
        }
    }
}

/// Writes a header row and the rows under it, with column widths, a frozen header and filters.
pub fn write_xlsx_table(
    sheet: &mut rust_xlsxwriter::Worksheet,
    formats: &XlsxFormats,
    headers: &[String],
    rows: &[Vec<Cell>],
) -> Result<()> {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count().max(8)).collect();
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, &formats.bold)?;
    }
    for (r, cells) in rows.iter().enumerate() {
        for (c, cell) in cells.iter().enumerate() {
            let w = write_xlsx_cell(sheet, formats, r as u32 + 1, c as u16, cell)?;
            if let Some(width) = widths.get_mut(c) {
                *width = (*width).max(w.min(50));
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, (*w as f64 + 2.0).min(60.0))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(
        0,
        0,
        rows.len() as u32,
        headers.len().saturating_sub(1) as u16,
    )?;
    Ok(())
}

/// One sheet per table: amounts as numbers in euros, dates and times as dates, labels rather
/// than codes, frozen header, filters.
pub fn xlsx(store: &Store, path: &Path, public: bool) -> Result<usize> {
    let grids = grids(store, public)?;
    let mut book = Workbook::new();
    let formats = XlsxFormats::new();
    for g in &grids {
        let sheet = book.add_worksheet();
        sheet.set_name(g.title)?;
        write_xlsx_table(sheet, &formats, &g.headers, &g.rows)?;
    }
    let bytes = book.save_to_buffer()?;
    super::write_private(path, &bytes)?;
    Ok(grids.len())
}

/// What is wrong in a JSON file, in words (serde's own are English).
pub(crate) fn json_fault(e: &serde_json::Error) -> String {
    use crate::i18n::tr;
    use serde_json::error::Category;
    match e.classify() {
        Category::Io => tr("lecture interrompue"),
        Category::Syntax => tr("syntaxe JSON invalide"),
        Category::Data => tr("valeur d'un type inattendu"),
        Category::Eof => tr("fichier tronqué"),
    }
    .to_string()
}
