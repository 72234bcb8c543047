//! The plain SQLite copy a central merge is measured against, as a whole process (its
//! counterpart, `comptoir merge --into`, is one): an empty base of comptoir's schema, then
//! for each file ATTACH and `INSERT … SELECT` of its changes and of every table
//! (`benches/support/merge.rs`, as the criterion benchmark does it).
//!
//! With `COMPTOIR_PHRASE` set, the files are read and OUT is written encrypted with it, as
//! the command reads and writes them (the files of a campaign).
//!
//!     cargo run --release --example plain_copy -- OUT.sqlite FILE...

use std::path::PathBuf;
use std::sync::Arc;

#[path = "../benches/support/merge.rs"]
#[allow(dead_code)]
mod support;

fn main() {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().expect("the base to write"));
    let files: Vec<PathBuf> = args.map(PathBuf::from).collect();
    let phrase = std::env::var("COMPTOIR_PHRASE").ok();
    // The empty base of comptoir's schema, made once and kept beside OUT (its making is not
    // part of a copy).
    let template = out.with_extension("vide");
    if !template.exists() {
        let key = phrase
            .as_deref()
            .map(|p| comptoir::store::Phrase::new(p).unwrap());
        drop(
            comptoir::store::Store::open_shared(
                &template,
                Arc::new(comptoir::paths::builtin_reference()),
                comptoir::store::system_wall_clock(),
                key.as_ref(),
            )
            .unwrap(),
        );
    }
    let _ = std::fs::remove_file(&out);
    support::plain_copy(&files, &template, &out, phrase.as_deref());
}
