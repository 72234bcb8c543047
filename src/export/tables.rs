//! The tables as the Mission ESS uses them: CSV for French Excel (one file per table), XLSX
//! (one sheet per table) and JSON (every table, and the change set, so an import is a merge).
//! `public` leaves out every personal datum: no attendees table, holders by initials or
//! structure, no referent, no facilitator names.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::{Map, Value as Json, json};

use crate::domain::model::{self, Kind, Table, Value};
use crate::domain::money::{self, Cents};
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

fn public_field(table: &str, f: &model::Field) -> bool {
    !f.personal && table != "attendees" && f.name != "merged_into"
}

/// Reads the exported tables (public: without personal data).
pub fn read(store: &Store, public: bool) -> Result<Vec<Rows>> {
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
            if name == "ideas" && public && row.get("archived") == Some(&Value::Int(1)) {
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
fn public_name(store: &Store, attendee: &str) -> Result<String> {
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

/// A value in French for a cell: codes as their labels, communes by name, check-in times.
fn french_cell(store: &Store, table: &str, f: &model::Field, v: &Value) -> String {
    let reference = store.reference();
    match (f.name, v) {
        ("commune", Value::Text(c)) => reference
            .commune_by_insee(c)
            .map_or(c.clone(), |c| c.name.clone()),
        ("legal_frame", Value::Text(c)) => reference
            .legal_frames
            .iter()
            .find(|l| l.code == *c)
            .map_or(c.clone(), |l| l.label().to_string()),
        ("checked_in", Value::Int(ms)) => chrono::DateTime::from_timestamp_millis(*ms)
            .map(|d| {
                d.with_timezone(&chrono::Local)
                    .format("%d/%m/%Y %H:%M")
                    .to_string()
            })
            .unwrap_or_default(),
        (_, Value::Text(c)) if f.kind == Kind::Code => {
            crate::strings::code_label(table, f.name, c).map_or(c.clone(), String::from)
        }
        _ => french(f.kind, v),
    }
}

/// A value in French for a CSV cell: money with a decimal comma, dates jj/mm/aaaa, yes/no.
fn french(kind: Kind, v: &Value) -> String {
    match (kind, v) {
        (_, Value::Null) => String::new(),
        (Kind::Money, Value::Int(c)) => money::format_number(Cents(*c)).replace('\u{a0}', ""),
        (Kind::Bool | Kind::SetOnce, Value::Int(b)) => {
            if *b == 1 {
                tr("oui").into()
            } else {
                tr("non").into()
            }
        }
        (Kind::Date, Value::Text(d)) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_else(|_| d.clone()),
        (Kind::List, Value::Text(l)) => serde_json::from_str::<Vec<String>>(l)
            .map(|v| v.join(", "))
            .unwrap_or_else(|_| l.clone()),
        (_, Value::Int(i)) => i.to_string(),
        (_, Value::Text(t)) => t.clone(),
    }
}

fn header(table: &str, f: &model::Field) -> String {
    crate::strings::field_label(table, f.name).to_string()
}

/// One CSV file per table in `folder`: `;`, UTF-8 with BOM, decimal comma, dates jj/mm/aaaa.
pub fn csv(store: &Store, folder: &Path, public: bool) -> Result<usize> {
    let tables = read(store, public)?;
    for t in &tables {
        let mut out = Vec::from(b"\xEF\xBB\xBF".as_slice());
        {
            let mut w = csv::WriterBuilder::new()
                .delimiter(b';')
                .from_writer(&mut out);
            let mut head = vec![tr("Identifiant").to_string()];
            head.extend(t.columns.iter().map(|f| header(t.table.name, f)));
            w.write_record(&head)?;
            for (id, values) in &t.rows {
                let mut cells = vec![id.clone()];
                cells.extend(
                    t.columns
                        .iter()
                        .zip(values)
                        .map(|(f, v)| french_cell(store, t.table.name, f, v)),
                );
                w.write_record(&cells)?;
            }
            w.flush()?;
        }
        let name = EXPORTED
            .iter()
            .find(|(n, _)| *n == t.table.name)
            .map_or(t.table.name, |(_, fr)| tr(fr));
        super::write_private(
            &folder.join(format!(
                "{}.csv",
                crate::domain::text::fold(name).replace(' ', "-")
            )),
            &out,
        )?;
    }
    Ok(tables.len())
}

/// One sheet per table: amounts as numbers in euros, dates as dates, frozen header, filters.
pub fn xlsx(store: &Store, path: &Path, public: bool) -> Result<usize> {
    let tables = read(store, public)?;
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let euros = Format::new().set_num_format("#,##0.00 \\€");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for t in &tables {
        let name = EXPORTED
            .iter()
            .find(|(n, _)| *n == t.table.name)
            .map_or(t.table.name, |(_, fr)| tr(fr));
        let sheet = book.add_worksheet();
        sheet.set_name(name)?;
        sheet.write_string_with_format(0, 0, tr("Identifiant"), &bold)?;
        for (c, f) in t.columns.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16 + 1, header(t.table.name, f), &bold)?;
        }
        let mut widths: Vec<usize> = vec![12];
        widths.extend(
            t.columns
                .iter()
                .map(|f| header(t.table.name, f).chars().count().max(8)),
        );
        for (r, (id, values)) in t.rows.iter().enumerate() {
            let row = r as u32 + 1;
            sheet.write_string(row, 0, id)?;
            for (c, (f, v)) in t.columns.iter().zip(values).enumerate() {
                let col = c as u16 + 1;
                match (f.kind, v) {
                    (_, Value::Null) => {}
                    (Kind::Money, Value::Int(cents)) => {
                        sheet.write_number_with_format(row, col, *cents as f64 / 100.0, &euros)?;
                    }
                    (Kind::Date, Value::Text(d)) => match ExcelDateTime::parse_from_str(d) {
                        Ok(dt) => {
                            sheet.write_datetime_with_format(row, col, &dt, &date)?;
                        }
                        Err(_) => {
                            sheet.write_string(row, col, d)?;
                        }
                    },
                    (Kind::Int, Value::Int(i)) => {
                        sheet.write_number(row, col, *i as f64)?;
                    }
                    _ => {
                        let text = french_cell(store, t.table.name, f, v);
                        widths[c + 1] = widths[c + 1].max(text.chars().count().min(50));
                        sheet.write_string(row, col, text)?;
                    }
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            sheet.set_column_width(c as u16, (*w as f64 + 2.0).min(60.0))?;
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, t.rows.len() as u32, t.columns.len() as u16)?;
    }
    let bytes = book.save_to_buffer()?;
    super::write_private(path, &bytes)?;
    Ok(tables.len())
}

fn json_value(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Int(i) => json!(i),
        Value::Text(t) => json!(t),
    }
}

/// One object with one array per table; with `changes` and `forgotten` (unless public), so
/// `comptoir import` reads it back as a merge, ids, versions and clocks included.
pub fn json(store: &Store, path: &Path, public: bool) -> Result<usize> {
    let tables = read(store, public)?;
    let mut root = Map::new();
    for t in &tables {
        let rows: Vec<Json> = t
            .rows
            .iter()
            .map(|(id, values)| {
                let mut o = Map::new();
                o.insert("id".into(), json!(id));
                for (f, v) in t.columns.iter().zip(values) {
                    o.insert(f.name.into(), json_value(v));
                }
                Json::Object(o)
            })
            .collect();
        root.insert(t.table.name.into(), Json::Array(rows));
    }
    if !public {
        let (changes, forgotten) = store.change_set()?;
        root.insert("changes".into(), json!(changes));
        root.insert("forgotten".into(), json!(forgotten));
    }
    let text = serde_json::to_string_pretty(&Json::Object(root))?;
    super::write_private(path, text.as_bytes())?;
    Ok(tables.len())
}

/// Reads a JSON export back: its change set is merged into `store`, as a file would be.
pub fn import_json(store: &mut Store, path: &Path) -> Result<usize> {
    let text = String::from_utf8(crate::paths::read_given(path)?).map_err(|e| {
        anyhow::anyhow!(crate::t!(
            "{path} n'est pas un fichier JSON : octet illisible en position {at}. Rien n'a été importé.",
            path = path.display(),
            at = e.utf8_error().valid_up_to()
        ))
    })?;
    let root: BTreeMap<String, Json> = serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!(crate::t!(
            "{path} : JSON illisible, ligne {line}, colonne {column} ({what}).",
            path = path.display(),
            line = e.line(),
            column = e.column(),
            what = json_fault(&e)
        ))
    })?;
    let shape = |key: &str, e: serde_json::Error| {
        anyhow::anyhow!(crate::t!(
            "{path} : la liste « {key} » n'a pas la forme d'un export comptoir ({what}). Rien n'a été importé.",
            path = path.display(),
            key,
            what = json_fault(&e)
        ))
    };
    let changes: Vec<crate::store::ChangeRow> = match root.get("changes") {
        Some(c) => serde_json::from_value(c.clone()).map_err(|e| shape("changes", e))?,
        None => anyhow::bail!(crate::t!(
            "{path} n'a pas de modifications (« changes ») : un export public ne se réimporte pas.",
            path = path.display()
        )),
    };
    let forgotten: Vec<(String, i64)> = match root.get("forgotten") {
        Some(f) => serde_json::from_value(f.clone()).map_err(|e| shape("forgotten", e))?,
        None => Vec::new(),
    };
    // Made in the base's own private folder, removed whatever happens; merged as any file
    // from elsewhere is, every value checked.
    let work = crate::sync::work_of(store)?;
    let file = crate::sync::PrivateCopy::empty(&work)?;
    Store::from_changes(&file, store.reference_arc(), &changes, &forgotten).map_err(|e| {
        anyhow::anyhow!(crate::t!(
            "{path} : {why} Rien n'a été importé.",
            path = path.display(),
            why = crate::strings::user_error(&e)
        ))
    })?;
    let stats = store
        .merge_from(&file)
        .map_err(|e| anyhow::anyhow!(crate::sync::naming(e, &file, path)))?;
    Ok(stats.received)
}

/// The labelled projects as the proposals CSV that Decidim's import reads: `title/fr`,
/// `body/fr`, with the requested amount in the body; no personal data.
pub fn decidim(store: &Store, path: &Path) -> Result<usize> {
    let mut out = Vec::new();
    let mut count = 0;
    {
        let mut w = csv::WriterBuilder::new().from_writer(&mut out);
        w.write_record(["id", "title/fr", "body/fr", "address"])?;
        for idea in store.ideas(0, usize::MAX >> 1)? {
            if idea.decision != Some(crate::domain::codes::Decision::Labelled) {
                continue;
            }
            let Some(row) = store.row(&model::IDEAS, &idea.id)? else {
                continue;
            };
            let text = |f: &str| row[f].as_str().unwrap_or("").to_string();
            let place = store
                .reference()
                .commune_by_insee(&text("commune"))
                .map(|c| format!("{} ({})", c.name, c.territory))
                .unwrap_or_default();
            let holders: Vec<String> = store
                .holders(&idea.id)?
                .iter()
                .map(|h| public_name(store, &h.attendee))
                .collect::<Result<_>>()?;
            let mut body = format!("<p>{}</p>", esc(&text("summary")));
            if !text("description").is_empty() {
                body.push_str(&format!(
                    "<p>{}</p>",
                    esc(&text("description")).replace('\n', "<br>")
                ));
            }
            body.push_str(&format!(
                "<p>Montant demandé au Budget citoyen : {}</p>",
                money::format(idea.requested).replace('\u{a0}', " ")
            ));
            if !holders.is_empty() {
                body.push_str(&format!("<p>Porté par : {}</p>", esc(&holders.join(", "))));
            }
            w.write_record([
                idea.id.as_str(),
                idea.title.as_str(),
                body.as_str(),
                place.as_str(),
            ])?;
            count += 1;
        }
        w.flush()?;
    }
    super::write_private(path, &out)?;
    Ok(count)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// What is wrong in a JSON file, in words (serde's own are English).
fn json_fault(e: &serde_json::Error) -> String {
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
