//! `comptoir report`: the figures of the campaign, per territory, as text or JSON.

use std::path::Path;

use anyhow::Result;

pub fn run(db: &Path, json: bool) -> Result<()> {
    // A central file is read as its readers expect: rollback journal, nothing recorded.
    let store = super::tui::open_for_reading(db)?;
    let report = crate::export::report::build(&store)?;
    if json {
        super::say(&format!("{}\n", serde_json::to_string_pretty(&report)?))
    } else {
        super::say(&crate::export::report::text(&report))
    }
}
