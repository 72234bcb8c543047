//! `comptoir report`: the figures of the campaign, per territory, as text or JSON.

use std::path::Path;

use anyhow::Result;

pub fn run(db: &Path, phrase_file: Option<&Path>, json: bool) -> Result<()> {
    // A central file is read as its readers expect: rollback journal, nothing recorded; an
    // encrypted one with the campaign's passphrase.
    let store = super::tui::open_for_reading(db, phrase_file)?;
    let report = crate::export::report::build(&store)?;
    if json {
        super::say(&format!("{}\n", serde_json::to_string_pretty(&report)?))
    } else {
        super::say(&crate::export::report::text(&report))
    }
}
