//! `comptoir report`: the figures of the campaign, per territory, as text or JSON.

use std::path::Path;

use anyhow::Result;

pub fn run(db: &Path, json: bool) -> Result<()> {
    let store = super::tui::open_existing(db)?;
    let report = crate::export::report::build(&store)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", crate::export::report::text(&report));
    }
    Ok(())
}
