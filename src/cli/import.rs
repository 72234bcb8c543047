//! `comptoir import FILE`: the online registration list (CSV), or a JSON export merged like a
//! sync.

use std::path::Path;

use anyhow::Result;

pub fn run(db: &Path, file: &Path) -> Result<()> {
    let mut store = super::tui::open(db)?;
    if file
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("json"))
    {
        let received = crate::export::tables::import_json(&mut store, file)?;
        println!(
            "{}",
            crate::t!(
                "Import JSON : {received} modification(s) reçue(s), fusionnées comme une synchronisation.",
                received
            )
        );
        return Ok(());
    }
    let report = crate::import::registrations(&mut store, file)?;
    println!("{}", report.sentence());
    Ok(())
}
