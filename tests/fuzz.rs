//! Fuzzing with proptest (cargo-fuzz needs a nightly compiler, which this project's machines do
//! not have): the amount parser, the CSV import and the merge of damaged files, on generated
//! inputs. The suite runs the default number of cases; `PROPTEST_CASES=20000 cargo test
//! --release --test fuzz` is the longer run (its result is in the README).

mod common;

use common::*;
use comptoir::domain::money::{self, Cents};
use proptest::prelude::*;

/// Cases of the slower properties: a few in the suite, `PROPTEST_CASES` for a long run.
fn cases(in_the_suite: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(in_the_suite)
}

/// Strings made of what people type into an amount, and of anything else.
fn typed_amount() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9 .,€+\\-eE\u{a0}\u{202f}]{0,24}",
        "[0-9]{1,3}( [0-9]{3}){0,5}(,[0-9]{1,3})? ?€?",
        any::<String>(),
    ]
}

proptest! {
    #[test]
    fn the_amount_parser_never_panics_and_reads_back_what_it_writes(typed in typed_amount()) {
        match money::parse(&typed) {
            Ok(c) => {
                prop_assert!(c.0 >= 0, "« {typed} » read as {}", c.0);
                // What it reads, it writes in a way it reads again.
                prop_assert_eq!(money::parse(&money::format(c)).unwrap(), c);
            }
            Err(e) => {
                let m = e.to_string();
                prop_assert!(!m.trim().is_empty(), "« {typed} » refused without a word");
            }
        }
    }

    #[test]
    fn every_amount_is_written_and_read_back(cents in 0i64..=100_000_000_000) {
        let c = Cents(cents);
        prop_assert_eq!(money::parse(&money::format(c)).unwrap(), c);
        prop_assert_eq!(money::parse(&money::format_number(c)).unwrap(), c);
    }
}

/// Lines of a registration list: real headers in any order, and cells of anything.
fn registration_file() -> impl Strategy<Value = Vec<u8>> {
    let header = proptest::sample::subsequence(
        vec![
            "Prénom",
            "Nom",
            "Âge",
            "Commune",
            "E-mail",
            "Téléphone",
            "Accord",
            "Structure",
        ],
        0..=8,
    )
    .prop_shuffle();
    let cell = prop_oneof![
        "[A-Za-zéèçï' -]{0,12}",
        "[0-9]{0,3}",
        "\"[^\"]{0,10}\"",
        any::<String>().prop_map(|s| s.chars().take(30).collect()),
    ];
    (
        header,
        proptest::collection::vec(proptest::collection::vec(cell, 0..9), 0..12),
        prop_oneof![Just(";"), Just(",")],
        any::<bool>(),
    )
        .prop_map(|(header, rows, sep, latin1)| {
            let mut text = header.join(sep);
            for row in rows {
                text.push('\n');
                text.push_str(&row.join(sep));
            }
            if latin1 {
                text.chars().map(|c| u32::from(c).min(255) as u8).collect()
            } else {
                text.into_bytes()
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(64), ..ProptestConfig::default() })]

    #[test]
    fn the_import_never_panics_keeps_the_base_whole_and_is_idempotent(
        bytes in prop_oneof![registration_file(), proptest::collection::vec(any::<u8>(), 0..400)]
    ) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("inscriptions.csv");
        std::fs::write(&file, &bytes).unwrap();
        let mut store = demo_store();
        let before = store.digest().unwrap();
        match comptoir::import::registrations(&mut store, &file) {
            Err(e) => {
                prop_assert!(!e.to_string().is_empty());
                prop_assert_eq!(store.digest().unwrap(), before, "a refused file writes nothing");
            }
            Ok(first) => {
                // Every line is accounted for, and a second import adds nobody.
                let again = comptoir::import::registrations(&mut store, &file).unwrap();
                prop_assert_eq!(again.added, 0, "{:?} then {:?}", first, again);
            }
        }
        prop_assert_eq!(store.audit_totals().unwrap(), Vec::<String>::new());
    }
}

/// A shared file of a small demo, as bytes: encrypted as a sync publishes it, or plaintext
/// as an earlier version did.
fn shared_file_bytes(encrypted: bool) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let laptop = dir.path().join("portable.sqlite");
    let mut store = comptoir::store::Store::open(&laptop, reference()).unwrap();
    comptoir::demo::build(&mut store, 3, 11).unwrap();
    let shared = dir.path().join("partage.sqlite");
    if encrypted {
        let mut file = comptoir::store::Store::open_shared(
            &shared,
            reference(),
            fixed_wall(MORNING_MS).0,
            Some(&phrase()),
        )
        .unwrap();
        file.merge_from(&laptop).unwrap();
    } else {
        store.backup_to(&shared).unwrap();
    }
    std::fs::read(&shared).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(48), ..ProptestConfig::default() })]

    #[test]
    fn merging_a_damaged_file_refuses_it_or_takes_it_and_never_breaks_the_base(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..40),
        cut in proptest::option::of(any::<prop::sample::Index>()),
        encrypted in any::<bool>(),
    ) {
        let mut bytes = shared_file_bytes(encrypted);
        for (at, b) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= b.max(1);
        }
        if let Some(c) = cut {
            bytes.truncate(c.index(bytes.len()));
        }
        let dir = tempfile::tempdir().unwrap();
        let damaged = dir.path().join("abime.sqlite");
        std::fs::write(&damaged, &bytes).unwrap();
        let mut store = demo_store();
        store.use_phrase(phrase());
        let before = store.digest().unwrap();
        match store.merge_from(&damaged) {
            Err(e) => {
                prop_assert!(!e.to_string().is_empty());
                prop_assert_eq!(store.digest().unwrap(), before, "a refused file changes nothing");
            }
            Ok(_) => {
                // Taken: the base is still consistent, whatever the file held.
                prop_assert_eq!(store.audit_totals().unwrap(), Vec::<String>::new());
                let live = store.dump_derived().unwrap();
                store.rebuild_derived().unwrap();
                prop_assert_eq!(store.dump_derived().unwrap(), live);
            }
        }
    }
}
