//! The binary's command line: French help, exit statuses, `--db` anywhere, the demo.

use std::path::Path;
use std::process::{Command, Output};

use rusqlite::Connection;

fn comptoir(args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_comptoir"));
    cmd.args(args)
        .env_remove("COMPTOIR_DB")
        .env_remove("COMPTOIR_DATA");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn query<T: rusqlite::types::FromSql>(db: &Path, sql: &str) -> Vec<T> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn help_is_in_french_and_lists_every_subcommand() {
    let out = comptoir(&["--help"], &[]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Utilisation"), "{text}");
    assert!(text.contains("Afficher l'aide"));
    for sub in [
        "demo", "sync", "merge", "check", "report", "export", "import", "purge",
    ] {
        assert!(
            text.contains(&format!("  {sub} ")),
            "{sub} missing from the help"
        );
    }
}

#[test]
fn purge_anonymises_past_campaigns_after_a_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("base.sqlite");
    assert!(
        comptoir(
            &[
                "demo",
                "--no-open",
                "--ideas",
                "8",
                "--db",
                db.to_str().unwrap()
            ],
            &[]
        )
        .status
        .success()
    );
    let before = query::<i64>(&db, "SELECT count(*) FROM attendees")[0];
    let presences = query::<i64>(
        &db,
        "SELECT count(*) FROM attendance WHERE removed IS NOT 1",
    )[0];
    // Without a terminal, a confirmation is required.
    let out = comptoir(
        &[
            "purge",
            "--before",
            "01/03/2026",
            "--db",
            db.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--oui"), "{}", stderr(&out));
    assert_eq!(
        query::<i64>(&db, "SELECT count(*) FROM attendees")[0],
        before
    );
    let out = comptoir(
        &[
            "purge",
            "--before",
            "01/03/2026",
            "--oui",
            "--db",
            db.to_str().unwrap(),
        ],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        (text.contains("personnes anonymisées") || text.contains("personne anonymisée")),
        "{text}"
    );
    let after = query::<i64>(&db, "SELECT count(*) FROM attendees")[0];
    assert!(after < before);
    assert_eq!(
        query::<i64>(
            &db,
            "SELECT count(*) FROM attendance WHERE removed IS NOT 1"
        )[0],
        presences,
        "counts stay"
    );
    assert_eq!(
        query::<i64>(
            &db,
            "SELECT count(*) FROM changes WHERE record IN (SELECT id FROM forgotten)"
        )[0],
        0
    );
    assert_eq!(
        comptoir(
            &["purge", "--before", "hier", "--db", db.to_str().unwrap()],
            &[]
        )
        .status
        .code(),
        Some(1)
    );
}

#[test]
fn bad_usage_exits_with_2() {
    assert_eq!(comptoir(&["frobnicate"], &[]).status.code(), Some(2));
    assert_eq!(
        comptoir(&["export", "--format", "pdf", "--out", "x"], &[])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        comptoir(&["demo", "--ideas", "beaucoup"], &[])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn db_is_accepted_before_or_after_the_subcommand_and_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.sqlite");
    let b = dir.path().join("b.sqlite");
    let c = dir.path().join("c.sqlite");
    let out = comptoir(
        &[
            "--db",
            a.to_str().unwrap(),
            "demo",
            "--no-open",
            "--ideas",
            "4",
        ],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = comptoir(
        &[
            "demo",
            "--no-open",
            "--ideas",
            "4",
            "--db",
            b.to_str().unwrap(),
        ],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = comptoir(
        &["demo", "--no-open", "--ideas", "4"],
        &[("COMPTOIR_DB", &c)],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    for db in [&a, &b, &c] {
        assert_eq!(query::<i64>(db, "SELECT count(*) FROM ideas"), [4]);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&a).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

#[test]
fn the_demo_follows_its_seed_but_never_shares_a_record() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("un.sqlite");
    let two = dir.path().join("deux.sqlite");
    let three = dir.path().join("trois.sqlite");
    for (db, seed) in [(&one, "5"), (&two, "5"), (&three, "6")] {
        let out = comptoir(
            &[
                "demo",
                "--no-open",
                "--seed",
                seed,
                "--db",
                db.to_str().unwrap(),
            ],
            &[],
        );
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let people = "SELECT first_name || ' ' || last_name || ' ' || age_bracket FROM attendees ORDER BY created";
    let ideas = "SELECT title FROM ideas ORDER BY created";
    assert_eq!(query::<String>(&one, people), query::<String>(&two, people));
    assert_eq!(query::<String>(&one, ideas), query::<String>(&two, ideas));
    assert_ne!(
        query::<String>(&one, people),
        query::<String>(&three, people)
    );
    let ids = "SELECT id FROM attendees UNION ALL SELECT id FROM ideas UNION ALL SELECT id FROM workshops";
    let a: std::collections::HashSet<String> = query(&one, ids).into_iter().collect();
    let b: std::collections::HashSet<String> = query(&two, ids).into_iter().collect();
    assert!(a.is_disjoint(&b), "two demo files share a record");
    let site = "SELECT hex(site) FROM local";
    assert_ne!(query::<String>(&one, site), query::<String>(&two, site));

    // The default demo: about 80 attendees with minors, about 40 ideas on every level, budgets.
    assert_eq!(query::<i64>(&one, "SELECT count(*) FROM workshops"), [12]);
    assert_eq!(query::<i64>(&one, "SELECT count(*) FROM attendees"), [80]);
    assert!(
        query::<i64>(
            &one,
            "SELECT count(*) FROM attendees WHERE age_bracket IN ('11-14', '15-17')"
        )[0] >= 5
    );
    assert_eq!(
        query::<i64>(&one, "SELECT count(DISTINCT territory) FROM workshops"),
        [8]
    );
    assert!(query::<i64>(&one, "SELECT count(DISTINCT idea) FROM budget_lines")[0] >= 20);
}

#[test]
fn the_demo_scales_and_never_replaces_a_real_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vraie.sqlite");
    // A real database: first run done, no demo mark.
    {
        let reference = std::sync::Arc::new(comptoir::paths::builtin_reference());
        let mut store = comptoir::store::Store::open(&db, reference).unwrap();
        let id = store.device_id();
        store
            .write(&[
                comptoir::store::Edit::new(&comptoir::domain::model::DEVICES, id)
                    .set("label", "Portable")
                    .set("facilitator", "Camille"),
            ])
            .unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let out = comptoir(&["demo", "--no-open", "--db", db.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("n'est pas une base de démonstration"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&db).unwrap(), before);

    let demo = dir.path().join("demo.sqlite");
    for _ in 0..2 {
        // A demo file is replaced by a fresh one.
        let out = comptoir(
            &[
                "demo",
                "--no-open",
                "--ideas",
                "200",
                "--db",
                demo.to_str().unwrap(),
            ],
            &[],
        );
        assert!(out.status.success(), "{}", stderr(&out));
    }
    assert_eq!(query::<i64>(&demo, "SELECT count(*) FROM ideas"), [200]);
    assert_eq!(query::<i64>(&demo, "SELECT count(*) FROM attendees"), [400]);
    assert!(query::<i64>(&demo, "SELECT count(*) FROM budget_lines")[0] >= 400);
}

#[test]
fn a_broken_data_file_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("donnees");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(
        data.join("themes.json"),
        "{\n  \"themes\": [\n    { \"code\": \"x\" \n  ]\n}\n",
    )
    .unwrap();
    let db = dir.path().join("base.sqlite");
    let out = comptoir(&["demo", "--no-open", "--db", db.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&data.join("themes.json").display().to_string()),
        "{err}"
    );
    assert!(err.contains("ligne 4"), "{err}");
}

/// Makes a file impossible to write, root included (chmod, else the immutable attribute);
/// undone when dropped. Unix only: mode bits and chattr have no Windows counterpart here.
#[cfg(unix)]
struct Frozen(std::path::PathBuf, bool);

#[cfg(unix)]
impl Frozen {
    fn make(path: &Path) -> Frozen {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o400)).unwrap();
        if std::fs::OpenOptions::new().write(true).open(path).is_err() {
            return Frozen(path.to_path_buf(), false);
        }
        let ok = std::process::Command::new("chattr")
            .arg("+i")
            .arg(path)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "cannot make a read-only file here");
        Frozen(path.to_path_buf(), true)
    }
}

#[cfg(unix)]
impl Drop for Frozen {
    fn drop(&mut self) {
        if self.1 {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(&self.0)
                .status();
        }
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o600));
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_base_is_said_before_anything_and_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("base.sqlite");
    let out = comptoir(
        &[
            "--db",
            db.to_str().unwrap(),
            "demo",
            "--no-open",
            "--ideas",
            "3",
        ],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let before = std::fs::read(&db).unwrap();
    let frozen = Frozen::make(&db);
    for args in [
        vec!["report"],
        vec!["purge", "--before", "01/01/2030", "--oui"],
    ] {
        let mut all = vec!["--db", db.to_str().unwrap()];
        all.extend(args);
        let out = comptoir(&all, &[]);
        assert_eq!(out.status.code(), Some(1), "{all:?}");
        assert!(
            stderr(&out).contains("est en lecture seule"),
            "{}",
            stderr(&out)
        );
    }
    drop(frozen);
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn command_line_mistakes_are_said_in_the_system_language() {
    let run = |lang: &str| {
        Command::new(env!("CARGO_BIN_EXE_comptoir"))
            .args(["export", "--format", "pdf", "--out", "x"])
            .env("LANG", lang)
            .env_remove("COMPTOIR_LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .output()
            .unwrap()
    };
    let fr = stderr(&run("fr_FR.UTF-8"));
    assert!(
        fr.contains("n'est pas une valeur possible pour --format"),
        "{fr}"
    );
    let en = stderr(&run("en_GB.UTF-8"));
    assert!(en.contains("is not a possible value for --format"), "{en}");
    assert!(en.contains("lists the commands and options"), "{en}");
}

#[test]
fn help_and_outputs_are_in_english_with_lang_en() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    let stdout = |o: &Output| String::from_utf8_lossy(&o.stdout).into_owned();
    let help = stdout(&comptoir(&["--lang", "en", "--help"], &[]));
    assert!(
        help.contains("Usage: comptoir") && help.contains("Commands:"),
        "{help}"
    );
    assert!(
        help.contains("Anonymise the attendees of past campaigns") && help.contains("--db <PATH>"),
        "{help}"
    );
    assert!(
        !help.contains("Commandes") && !help.contains("Afficher"),
        "{help}"
    );
    // The same help stays French without the option.
    let french = stdout(&comptoir(&["--help"], &[]));
    assert!(french.contains("Utilisation : comptoir"), "{french}");
    // A subcommand's help, and what commands print.
    let sub = stdout(&comptoir(&["purge", "--lang=en", "--help"], &[]));
    assert!(sub.contains("Cut-off date, dd/mm/yyyy"), "{sub}");
    let db_arg = db.to_str().unwrap();
    let o = comptoir(
        &[
            "--lang",
            "en",
            "--db",
            db_arg,
            "demo",
            "--ideas",
            "20",
            "--no-open",
        ],
        &[],
    );
    assert!(stderr(&o).contains("Demo ready:"), "{}", stderr(&o));
    let check = stdout(&comptoir(&["--lang", "en", "check", db_arg], &[]));
    assert!(
        check.contains("Integrity    : sound") && check.contains(" ideas"),
        "{check}"
    );
    let report = stdout(&comptoir(&["--lang", "en", "--db", db_arg, "report"], &[]));
    assert!(
        report.contains("— summary") && report.contains("Ready for labelling: "),
        "{report}"
    );
    let o = comptoir(
        &[
            "--lang",
            "en",
            "--db",
            db_arg,
            "purge",
            "--before",
            "32/13/2026",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("Unreadable date “32/13/2026”: type dd/mm/yyyy."),
        "{}",
        stderr(&o)
    );
}

/// `check` and `report` say when each laptop last changed something the French way, in the
/// laptop's local time (not ISO and UTC).
#[test]
#[cfg(unix)] // the time zone is chosen through TZ
fn check_and_report_give_french_dates_in_local_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    let db_arg = db.to_str().unwrap();
    let o = comptoir(&["--db", db_arg, "demo", "--ideas", "5", "--no-open"], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let in_zone = |zone: &str, args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_comptoir"))
            .args(args)
            .env_remove("COMPTOIR_DB")
            .env("TZ", zone)
            .env("COMPTOIR_LANG", "fr")
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    // « … le 30/11/2026 à 15:18 »: the day and the hour.
    let when = |text: &str| -> (String, u32) {
        let line = text
            .lines()
            .find(|l| l.contains("dernière modification"))
            .unwrap_or_else(|| panic!("{text}"));
        assert!(!line.contains("UTC"), "{line}");
        let at = line.rfind(" le ").unwrap() + 4;
        let (day, time) = line[at..].trim().split_once(" à ").unwrap();
        assert!(
            chrono::NaiveDate::parse_from_str(day, "%d/%m/%Y").is_ok(),
            "{line}"
        );
        let hour = chrono::NaiveTime::parse_from_str(time, "%H:%M").unwrap();
        (day.to_string(), chrono::Timelike::hour(&hour))
    };
    for args in [vec!["check", db_arg], vec!["--db", db_arg, "report"]] {
        let (_, utc) = when(&in_zone("UTC", &args));
        // A POSIX rule, read without the time zone database.
        let (_, paris) = when(&in_zone("CET-1CEST,M3.5.0,M10.5.0/3", &args));
        // Paris is one hour ahead in winter, two in summer.
        let ahead = (paris + 24 - utc) % 24;
        assert!(
            ahead == 1 || ahead == 2,
            "{args:?}: {utc} UTC, {paris} in Paris"
        );
    }
}
