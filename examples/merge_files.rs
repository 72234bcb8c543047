//! The merge of 8 shared files against a plain SQLite copy of the same rows, taking turns
//! (copy, merge, copy, merge…), so that a shared, noisy machine drifts alike for both: the
//! median of each and their ratio. The files are made once in the folder given (as
//! `benches/comptoir.rs` makes them) and kept for the next run.
//!
//!     cargo run --release --example merge_files -- /tmp/merge-files 12500 3
//!
//! (folder, ideas per file, rounds). The central file is opened as `comptoir merge --into` and
//! the benchmark open it, as a shared file; with `COMPTOIR_MERGE_AS=base`, as a laptop's base
//! (WAL, the people's search text and the ideas' levels made at the end of the run). Each
//! round merges the plaintext files and the same files encrypted (into an encrypted central
//! file), so the two speeds are side by side.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use comptoir::store::Store;

#[path = "../benches/support/merge.rs"]
mod support;
use support::{encrypted_files, phrase, plain_copy, shared_files};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("a folder"));
    let per_file: usize = args.next().map_or(12_500, |a| a.parse().unwrap());
    let rounds: usize = args.next().map_or(3, |a| a.parse().unwrap());
    let as_base = std::env::var("COMPTOIR_MERGE_AS").as_deref() == Ok("base");
    std::fs::create_dir_all(&dir).unwrap();
    let reference = Arc::new(comptoir::paths::builtin_reference());
    let files = shared_files(per_file, &dir);
    let encrypted = encrypted_files(&files, &dir);
    let key = phrase();
    let clock = comptoir::store::system_wall_clock;
    let empty = dir.join("vide.sqlite");
    let empty_encrypted = dir.join("vide-chiffre.sqlite");
    for (path, key) in [(&empty, None), (&empty_encrypted, Some(&key))] {
        let _ = std::fs::remove_file(path);
        drop(Store::open_shared(path, reference.clone(), clock(), key).unwrap());
    }

    let mut copies = Vec::new();
    let mut merges = Vec::new();
    let mut encrypted_merges = Vec::new();
    for round in 0..rounds {
        let into = dir.join("copie.sqlite");
        let _ = std::fs::remove_file(&into);
        let t = Instant::now();
        plain_copy(&files, &empty, &into, None);
        copies.push(t.elapsed());

        for (inputs, template, key, times) in [
            (&files, &empty, None, &mut merges),
            (
                &encrypted,
                &empty_encrypted,
                Some(&key),
                &mut encrypted_merges,
            ),
        ] {
            let central = dir.join("centrale.sqlite");
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", central.display()));
            }
            std::fs::copy(template, &central).unwrap();
            let t = Instant::now();
            let mut s = match (as_base, key) {
                (true, Some(key)) => Store::open_keyed(&central, reference.clone(), key).unwrap(),
                (true, None) => Store::open(&central, reference.clone()).unwrap(),
                (false, key) => {
                    Store::open_shared(&central, reference.clone(), clock(), key).unwrap()
                }
            };
            // As `comptoir merge` does: a base makes its search text and levels once, at the end.
            s.merge_run(|s| {
                for f in inputs.iter() {
                    s.merge_from(f).unwrap();
                }
            })
            .unwrap();
            drop(s);
            times.push(t.elapsed());
        }
        eprintln!(
            "round {round}: copy {:.2} s, merge {:.2} s, encrypted merge {:.2} s",
            copies[round].as_secs_f64(),
            merges[round].as_secs_f64(),
            encrypted_merges[round].as_secs_f64()
        );
    }
    let c = median(&mut copies);
    for (what, times) in [
        ("plaintext", &mut merges),
        ("encrypted", &mut encrypted_merges),
    ] {
        let m = median(times);
        println!(
            "8 x {per_file} ideas, {what}: copy {:.2} s, merge {:.2} s, merge speed {:.2}x the copy's",
            c.as_secs_f64(),
            m.as_secs_f64(),
            c.as_secs_f64() / m.as_secs_f64()
        );
    }
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}
