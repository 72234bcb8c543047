//! `comptoir import FILE`: the online registration list (CSV), or a JSON export merged like a
//! sync.

use std::path::Path;

use anyhow::{Result, bail};

pub fn run(
    db: &Path,
    phrase_file: Option<&Path>,
    file: &Path,
    comptoir: Option<&str>,
) -> Result<()> {
    let is_json = file
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("json"));
    if is_json && comptoir.is_some() {
        bail!(crate::i18n::tr(
            "--comptoir ne vaut que pour une liste d'inscription (CSV), pas pour un export JSON. Rien n'a été importé."
        ));
    }
    let mut store = super::phrase::open_base(db, phrase_file, false)?;
    if is_json {
        let received = crate::export::json::import_json(&mut store, file)?;
        println!(
            "{}",
            crate::t!(
                "Import JSON : {received} modification(s) reçue(s), fusionnées comme une synchronisation.",
                received
            )
        );
        return Ok(());
    }
    let workshop = comptoir
        .map(|c| super::export::workshop_of(&store, Some(c)))
        .transpose()?;
    let mut progress =
        super::progress::tenths_on_stderr(crate::i18n::tr("Import de la liste d'inscription"));
    let report = crate::import::registrations_reporting(
        &mut store,
        file,
        workshop.as_deref(),
        &mut progress,
    )?;
    println!("{}", report.sentence());
    Ok(())
}
