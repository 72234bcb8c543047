//! The bad-input table: every field of every record and every command-line argument, with its
//! malformed inputs, and what must come of each: a French sentence and the data untouched, or
//! the value stored as it should be (cleaned, never executed).

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use comptoir::domain::model::{Kind, TABLES, Value};
use comptoir::store::{Edit, Store};

/// What a malformed value must give.
#[derive(Debug, Clone)]
enum Expect {
    /// Refused: the message holds this French text, nothing is written.
    Refused(&'static str),
    /// Written, and read back as this value.
    Stored(Value),
}
use Expect::*;

fn long(n: usize) -> String {
    "é".repeat(n)
}

/// The malformed inputs of a field of this kind, and what each must give.
fn inputs(kind: Kind, required: bool) -> Vec<(Value, Expect)> {
    let empty = if required {
        Refused("obligatoire")
    } else {
        Stored(Value::Null)
    };
    let text = |s: &str| Value::Text(s.to_string());
    match kind {
        Kind::Line | Kind::Text => {
            let max = if kind == Kind::Line { 200 } else { 20_000 };
            vec![
                (text(""), empty.clone()),
                (text("   \t "), empty),
                (Value::Text(long(max + 1)), Refused("trop long")),
                (Value::Text(long(max)), Stored(Value::Text(long(max)))),
                // Control characters go; what is left is kept.
                (text("Pota\u{7}ger\u{1b}"), Stored(text("Potager"))),
                // Direction overrides could make a name read backwards: dropped; right-to-left
                // letters themselves are text like any other.
                (text("\u{202e}Jardin\u{202c}"), Stored(text("Jardin"))),
                (text("حديقة الحي"), Stored(text("حديقة الحي"))),
                (text("Potager 🌱🥕"), Stored(text("Potager 🌱🥕"))),
                (
                    text("'); DROP TABLE ideas; --"),
                    Stored(text("'); DROP TABLE ideas; --")),
                ),
                (Value::Int(12), Refused("texte attendu")),
            ]
        }
        Kind::Int | Kind::Money => vec![
            (text("douze"), Refused("nombre attendu")),
            (Value::Int(-5), Refused("ne peut pas être négatif")),
            (text("1; DROP TABLE ideas"), Refused("nombre attendu")),
        ],
        Kind::Date => vec![
            (text("2026-02-30"), Refused("date invalide")),
            (text("demain"), Refused("date invalide")),
            (text("04/03/2026"), Refused("date invalide")),
            (Value::Int(20260304), Refused("date attendue")),
        ],
        Kind::Bool | Kind::SetOnce => vec![
            (Value::Int(2), Refused("oui ou non attendu")),
            (text("oui"), Refused("oui ou non attendu")),
        ],
        Kind::Ref => vec![
            (text("pas-un-identifiant"), Refused("identifiant invalide")),
            (Value::Int(3), Refused("identifiant attendu")),
        ],
        Kind::List => vec![
            (text("[\"a\", "), Refused("liste illisible")),
            (text("{\"a\": 1}"), Refused("liste illisible")),
            (
                Value::Text(serde_json::json!([long(201)]).to_string()),
                Refused("dépasse 200 caractères"),
            ),
        ],
        Kind::Code => vec![
            (text("n'importe quoi"), Refused("choix inconnu")),
            (text("🌱"), Refused("choix inconnu")),
        ],
    }
}

/// Fields with rules of their own, beyond their kind.
fn special(table: &str, field: &str) -> Vec<(Value, Expect)> {
    let text = |s: &str| Value::Text(s.to_string());
    match (table, field) {
        ("attendees", "email") => vec![
            (text("camille"), Refused("adresse e-mail invalide")),
            (
                text("camille@@exemple.fr"),
                Refused("adresse e-mail invalide"),
            ),
            (
                text("camille @exemple.fr"),
                Refused("adresse e-mail invalide"),
            ),
        ],
        ("attendees", "phone") => vec![
            (text("12"), Refused("numéro de téléphone invalide")),
            (
                text("06 12 34 56 7a"),
                Refused("numéro de téléphone invalide"),
            ),
            (text("+33 6 12 34 56 78"), Stored(text("+33 6 12 34 56 78"))),
        ],
        ("workshops" | "devices", "territory") => {
            vec![(text("Atlantide"), Refused("territoire inconnu"))]
        }
        _ => Vec::new(),
    }
}

/// A text of the field's own kind the table should not judge (territories, e-mails and phone
/// numbers have rules of their own).
fn judged_by_kind(table: &str, field: &str) -> bool {
    !matches!(
        (table, field),
        ("attendees", "email")
            | ("attendees", "phone")
            | ("workshops", "territory")
            | ("devices", "territory")
    )
}

#[test]
fn every_field_refuses_its_malformed_inputs_in_french_and_leaves_the_data_untouched() {
    let mut store = demo_store();
    // People who gave their consent (and a parent's): their contact fields can be judged alone.
    let consenting = store
        .record_ids("attendees")
        .unwrap()
        .into_iter()
        .find(|id| {
            let row = store
                .row(&comptoir::domain::model::ATTENDEES, id)
                .unwrap()
                .unwrap();
            row["consent"] == Value::Int(1) && row["age_bracket"] != Value::text("11-14")
        })
        .expect("the demo has a consenting adult");
    let mut cases = 0;
    for table in TABLES {
        let ids = store.record_ids(table.name).unwrap();
        let id = if table.name == "attendees" {
            consenting.clone()
        } else {
            ids.first()
                .unwrap_or_else(|| panic!("the demo has {}", table.name))
                .clone()
        };
        for field in table.fields {
            let mut rows = if judged_by_kind(table.name, field.name) {
                inputs(field.kind, field.required)
            } else {
                Vec::new()
            };
            rows.extend(special(table.name, field.name));
            for (value, expect) in rows {
                cases += 1;
                let before = store.digest().unwrap();
                let what = format!("{}.{} = {:?}", table.name, field.name, value);
                let result = store.write(&[Edit::new(table, &id).set(field.name, value)]);
                match expect {
                    Refused(words) => {
                        let message = result.expect_err(&what).to_string();
                        assert!(message.contains(words), "{what}: « {message} »");
                        let label = comptoir::strings::field_label(table.name, field.name);
                        assert!(
                            message.starts_with(label),
                            "{what}: « {message} » names « {label} »"
                        );
                        assert_eq!(store.digest().unwrap(), before, "{what}: nothing written");
                    }
                    Stored(v) => {
                        result.unwrap_or_else(|e| panic!("{what}: {e}"));
                        let row = store.row(table, &id).unwrap().unwrap();
                        assert_eq!(row[field.name], v, "{what}");
                    }
                }
            }
        }
    }
    assert!(cases > 150, "{cases} cases");
    // The SQL-looking texts were stored as text: every table is still there.
    for table in TABLES {
        assert!(store.record_ids(table.name).is_ok(), "{}", table.name);
    }
}

/// The typed forms of the fields the forms parse (amounts, dates), through the parsers the
/// forms use.
#[test]
fn typed_amounts_and_dates_are_refused_with_a_sentence() {
    for typed in [
        "",
        "abc",
        "12,5,5",
        "-5",
        "1e9",
        "99999999999999999999999",
        "12 €€",
        "🌱",
        "١٢",
        "12;DROP",
    ] {
        match comptoir::domain::money::parse(typed) {
            Ok(cents) => panic!("« {typed} » read as {cents:?}"),
            Err(e) => {
                let message = e.to_string();
                assert!(
                    message.chars().any(|c| "éèàç".contains(c))
                        || message.to_lowercase().contains("montant"),
                    "« {typed} »: « {message} » is a French sentence"
                );
            }
        }
    }
}

fn comptoir(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_comptoir"))
        .args(args)
        .env_remove("COMPTOIR_DB")
        .env("COMPTOIR_PHRASE", PHRASE)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn file_digest(db: &Path) -> String {
    let store = Store::open_shared(
        db,
        reference(),
        comptoir::store::system_wall_clock(),
        Some(&phrase()),
    )
    .unwrap();
    store.digest().unwrap()
}

#[test]
fn every_argument_refuses_its_malformed_values_in_french_and_leaves_the_base_untouched() {
    let dir = tempfile::tempdir().unwrap();
    // A path with spaces and accents, as a facilitator's folder is named.
    let home = dir.path().join("Mes Données é");
    std::fs::create_dir_all(&home).unwrap();
    let db = home.join("base du comptoir.sqlite");
    let db_s = db.to_str().unwrap();
    let out = comptoir(&["--db", db_s, "demo", "--no-open", "--ideas", "5"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let folder = home.to_str().unwrap();
    let not_sqlite = home.join("notes.txt");
    std::fs::write(&not_sqlite, "bonjour").unwrap();
    let ns = not_sqlite.to_str().unwrap();
    let missing = home.join("absent.sqlite");
    let ms = missing.to_str().unwrap();
    let out_file = home.join("sortie.csv");
    let of = out_file.to_str().unwrap();
    // (arguments, exit status, words of the French message on stderr)
    let table: Vec<(Vec<&str>, i32, &str)> = vec![
        (vec!["--db", folder], 1, "est un dossier"),
        (
            vec!["--db", db_s, "demo", "--ideas", "-5", "--no-open"],
            2,
            "valeur",
        ),
        (
            vec!["--db", db_s, "demo", "--ideas", "beaucoup", "--no-open"],
            2,
            "valeur",
        ),
        (vec!["--db", db_s, "sync", ns], 1, "n'est pas une base"),
        (vec!["--db", db_s, "sync", ""], 2, "vide"),
        (vec!["--db", db_s, "check", ms], 1, "introuvable"),
        (vec!["--db", db_s, "check", folder], 1, "dossier"),
        (
            vec!["--db", db_s, "export", "--format", "pdf", "--out", of],
            2,
            "valeur",
        ),
        (vec!["--db", db_s, "export", "--format"], 2, "valeur"),
        (vec!["--db", db_s, "import", ms], 1, "introuvable"),
        (vec!["--db", db_s, "import", folder], 1, "dossier"),
        (vec!["--db", db_s, "import", ns], 1, "colonne"),
        (
            vec!["--db", db_s, "purge", "--before", "hier", "--oui"],
            1,
            "date",
        ),
        (
            vec!["--db", db_s, "purge", "--before", "31/02/2026", "--oui"],
            1,
            "date",
        ),
        (
            vec![
                "--db",
                db_s,
                "purge",
                "--before",
                "'; DROP TABLE attendees; --",
                "--oui",
            ],
            1,
            "date",
        ),
        (
            vec!["--db", db_s, "merge", "--into", folder, ms],
            1,
            "dossier",
        ),
        (vec!["--db", db_s, "envoyer"], 2, "commande"),
        (vec!["--db", db_s, "--couleur"], 2, "option"),
        (vec!["--db", db_s, "report", "\u{1b}[31m"], 2, "argument"),
    ];
    let before = file_digest(&db);
    for (args, status, words) in table {
        let out = comptoir(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(status), "{args:?}: {stderr}");
        assert!(
            stderr.to_lowercase().contains(words),
            "{args:?}: « {stderr} » should say « {words} »"
        );
        assert!(
            !stderr.contains("error:")
                && !stderr.contains("Usage:")
                && !stderr.contains("panicked"),
            "{args:?}: « {stderr} » is French, not clap's or Rust's English"
        );
        assert!(stderr.lines().count() <= 4, "{args:?}: short: « {stderr} »");
    }
    assert_eq!(file_digest(&db), before, "the base holds the same data");
}
