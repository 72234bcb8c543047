//! The JSON export (every table, and the change set, so that an import is a merge) and its
//! import. The schema is `docs/export-json.md`: clocks are written as strings, since a
//! JavaScript reader (`jq`, `JSON.parse`) rounds a number above 2^53; an import checks every
//! value of every change as the write path does and refuses a bad file whole, naming the
//! change, its record and its field.

use std::path::Path;

use anyhow::{Result, anyhow, bail};
use serde_json::{Map, Value as Json, json};

use super::tables::{json_fault, read};
use crate::domain::model::{self, Kind, Value};
use crate::store::{ChangeRow, Store};

/// What the file says it is.
pub const FORMAT: &str = "comptoir";
/// The version of the format: 2 writes clocks as strings.
pub const VERSION: i64 = 2;

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
    root.insert("format".into(), json!(FORMAT));
    root.insert("version".into(), json!(VERSION));
    root.insert("public".into(), json!(public));
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
        let changes: Vec<Json> = changes
            .iter()
            .map(|c| {
                json!({
                    "site": c.site,
                    "seq": c.seq,
                    "clock": c.clock.to_string(),
                    "table": c.table,
                    "record": c.record,
                    "field": c.field,
                    "value": c.value,
                    "seen": c.seen.to_string(),
                })
            })
            .collect();
        let forgotten: Vec<Json> = forgotten
            .iter()
            .map(|(id, clock)| json!([id, clock.to_string()]))
            .collect();
        root.insert("changes".into(), Json::Array(changes));
        root.insert("forgotten".into(), Json::Array(forgotten));
    }
    let text = serde_json::to_string_pretty(&Json::Object(root))?;
    super::write_private(path, text.as_bytes())?;
    Ok(tables.len())
}

/// A clock (or a `seen` mark): a string of digits in version 2; a whole number in a file of
/// the first version, which had no version key.
fn clock_of(v: Option<&Json>, legacy: bool) -> Result<i64, String> {
    match v {
        Some(Json::String(s)) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s
            .parse::<i64>()
            .map_err(|_| crate::i18n::tr("horloge trop grande.").to_string()),
        Some(Json::Number(n)) if legacy => n
            .as_i64()
            .filter(|i| *i >= 0)
            .ok_or_else(|| crate::i18n::tr("horloge illisible.").to_string()),
        Some(Json::Number(_)) => Err(crate::i18n::tr(
            "horloge écrite en nombre, pas en texte : un outil (jq, un tableur, JavaScript) a pu l'arrondir ; importez le fichier tel que comptoir l'a écrit.",
        )
        .into()),
        Some(_) => Err(crate::i18n::tr("horloge illisible (texte de chiffres attendu).").into()),
        None => Err(crate::i18n::tr("champ manquant.").into()),
    }
}

/// One change of the file, every key and value checked as the write path checks a value.
fn change_of(
    store: &Store,
    v: &Json,
    legacy: bool,
) -> Result<ChangeRow, (Option<String>, Option<String>, String)> {
    let o = v
        .as_object()
        .ok_or((None, None, crate::i18n::tr("objet attendu.").to_string()))?;
    let text = |k: &str| o.get(k).and_then(Json::as_str).map(String::from);
    let record = text("record");
    let table_name = text("table");
    let field_name = text("field");
    let at = |what: &str| {
        (
            record.clone(),
            match (&table_name, &field_name) {
                (Some(t), Some(f)) => Some(format!("{t}.{f}")),
                _ => None,
            },
            what.to_string(),
        )
    };
    const KEYS: [&str; 8] = [
        "site", "seq", "clock", "table", "record", "field", "value", "seen",
    ];
    if let Some(k) = o.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(at(&crate::t!("clé inconnue « {k} ».", k)));
    }
    for k in KEYS {
        if !o.contains_key(k) {
            return Err(at(&crate::t!("clé « {k} » manquante.", k)));
        }
    }
    let site = text("site")
        .filter(|s| s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or_else(|| {
            at(crate::i18n::tr(
                "site illisible (32 chiffres hexadécimaux attendus).",
            ))
        })?;
    let seq = o
        .get("seq")
        .and_then(Json::as_i64)
        .filter(|s| *s >= 1)
        .ok_or_else(|| {
            at(crate::i18n::tr(
                "numéro « seq » illisible (entier positif attendu).",
            ))
        })?;
    let clock = clock_of(o.get("clock"), legacy).map_err(|why| at(&why))?;
    let seen = clock_of(o.get("seen"), legacy).map_err(|why| at(&why))?;
    let table = table_name
        .as_deref()
        .and_then(model::table)
        .ok_or_else(|| at(crate::i18n::tr("table inconnue.")))?;
    let field = field_name
        .as_deref()
        .and_then(|f| table.field(f))
        .ok_or_else(|| at(crate::i18n::tr("champ inconnu.")))?;
    let record = record
        .clone()
        .filter(|r| uuid::Uuid::parse_str(r).is_ok())
        .ok_or_else(|| at(crate::i18n::tr("identifiant de fiche illisible.")))?;
    let raw = o.get("value").cloned().unwrap_or(Json::Null);
    let value = match (&raw, field.kind) {
        (Json::Null, _) => Value::Null,
        (Json::Number(n), Kind::Int | Kind::Money | Kind::Bool | Kind::SetOnce) => {
            Value::Int(n.as_i64().ok_or_else(|| {
                at(crate::i18n::tr(
                    "nombre décimal ou trop grand (les montants sont en centimes entiers).",
                ))
            })?)
        }
        (
            Json::String(s),
            Kind::Line | Kind::Text | Kind::Date | Kind::Ref | Kind::List | Kind::Code,
        ) => Value::Text(s.clone()),
        (_, Kind::Int | Kind::Money | Kind::Bool | Kind::SetOnce) => {
            return Err(at(crate::i18n::tr("nombre entier attendu.")));
        }
        _ => return Err(at(crate::i18n::tr("texte attendu."))),
    };
    if value != Value::Null
        && let Err(why) =
            crate::domain::rules::check(table, field, value.clone(), store.reference())
    {
        return Err(at(&why.message()));
    }
    Ok(ChangeRow {
        site,
        seq,
        clock,
        table: table.name.to_string(),
        record,
        field: field.name.to_string(),
        value: raw,
        seen,
    })
}

/// Reads a JSON export back: its change set is merged into `store`, as a file would be. A bad
/// file is refused whole, nothing merged, the message naming the change, record and field.
pub fn import_json(store: &mut Store, path: &Path) -> Result<usize> {
    let text = String::from_utf8(crate::paths::read_given(path)?).map_err(|e| {
        anyhow!(crate::t!(
            "{path} n'est pas un fichier JSON : octet illisible en position {at}. Rien n'a été importé.",
            path = path.display(),
            at = e.utf8_error().valid_up_to()
        ))
    })?;
    let root: Map<String, Json> = serde_json::from_str(&text).map_err(|e| {
        anyhow!(crate::t!(
            "{path} : JSON illisible, ligne {line}, colonne {column} ({what}).",
            path = path.display(),
            line = e.line(),
            column = e.column(),
            what = json_fault(&e)
        ))
    })?;
    let refuse = |why: String| {
        anyhow!(crate::t!(
            "{path} : {why} Rien n'a été importé.",
            path = path.display(),
            why
        ))
    };
    let legacy = match (root.get("format"), root.get("version")) {
        (None, None) => true,
        (Some(Json::String(f)), Some(v)) if f == FORMAT && v.as_i64() == Some(VERSION) => false,
        (Some(Json::String(f)), Some(v)) if f == FORMAT => {
            return Err(refuse(crate::t!(
                "version {v} du format inconnue de ce programme (il lit la version {known}) : mettez comptoir à jour.",
                v,
                known = VERSION
            )));
        }
        _ => {
            return Err(refuse(
                crate::i18n::tr(
                    "ce n'est pas un export JSON de comptoir (clés « format » et « version »).",
                )
                .into(),
            ));
        }
    };
    let Some(changes) = root.get("changes") else {
        bail!(crate::t!(
            "{path} n'a pas de modifications (« changes ») : un export public ne se réimporte pas.",
            path = path.display()
        ));
    };
    let changes = changes.as_array().ok_or_else(|| {
        refuse(crate::i18n::tr("la liste « changes » n'est pas une liste.").into())
    })?;
    let mut rows = Vec::with_capacity(changes.len());
    for (i, c) in changes.iter().enumerate() {
        let row = change_of(store, c, legacy).map_err(|(record, field, why)| {
            let n = i + 1;
            refuse(match (record, field) {
                (Some(record), Some(field)) => crate::t!(
                    "modification n° {n} (fiche {record}, champ {field}) : {why}",
                    n,
                    record,
                    field,
                    why
                ),
                _ => crate::t!("modification n° {n} : {why}", n, why),
            })
        })?;
        rows.push(row);
    }
    let mut forgotten = Vec::new();
    if let Some(f) = root.get("forgotten") {
        let list = f.as_array().ok_or_else(|| {
            refuse(crate::i18n::tr("la liste « forgotten » n'est pas une liste.").into())
        })?;
        for (i, item) in list.iter().enumerate() {
            let pair = item.as_array().filter(|p| p.len() == 2);
            let id = pair
                .and_then(|p| p[0].as_str())
                .filter(|id| uuid::Uuid::parse_str(id).is_ok());
            let clock = pair.map(|p| clock_of(Some(&p[1]), legacy));
            match (id, clock) {
                (Some(id), Some(Ok(clock))) => forgotten.push((id.to_string(), clock)),
                (_, Some(Err(why))) => {
                    return Err(refuse(crate::t!(
                        "effacement n° {n} : {why}",
                        n = i + 1,
                        why
                    )));
                }
                _ => {
                    return Err(refuse(crate::t!(
                        "effacement n° {n} : [identifiant, horloge] attendu.",
                        n = i + 1
                    )));
                }
            }
        }
    }
    // Made in the base's own private folder, removed whatever happens; merged as any file
    // from elsewhere is, every value checked again.
    let work = crate::sync::work_of(store)?;
    let file = crate::sync::PrivateCopy::empty(&work)?;
    Store::from_changes(&file, store.reference_arc(), &rows, &forgotten).map_err(|e| {
        anyhow!(crate::t!(
            "{path} : {why} Rien n'a été importé.",
            path = path.display(),
            why = crate::strings::user_error(&e)
        ))
    })?;
    let stats = store
        .merge_from(&file)
        .map_err(|e| anyhow!(crate::sync::naming(e, &file, path)))?;
    Ok(stats.received)
}
