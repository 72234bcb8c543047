//! `comptoir renumber`: this base's changes moved under a new site id, after a backup (a base
//! restored from a backup that wrote under numbers already published).

use std::path::Path;

use anyhow::{Result, bail};

use crate::i18n::tr;

pub fn run(db: &Path, phrase_file: Option<&Path>, yes: bool) -> Result<()> {
    let mut store = super::phrase::open_base(db, phrase_file, true)?;
    if store.setting("renumber_needed")?.as_deref() != Some("1") && !yes {
        bail!(tr(
            "Aucune synchronisation de cette base n'a trouvé ses numéros déjà pris par une autre version : elle n'a sans doute pas besoin d'être renumérotée. Si la Mission ESS vous le demande (fusion centrale), relancez avec --oui. Rien n'a été modifié."
        ));
    }
    // Before history is rewritten, a copy of the base as it was.
    let kept = crate::sync::backup(&store)?;
    let moved = store.renumber()?;
    println!(
        "{}",
        crate::t!(
            "{n} modification(s) renumérotée(s) sous le nouvel identifiant {site} (copie de la base d'avant : {kept}). Synchronisez à nouveau.",
            n = moved,
            site = store.site().short(),
            kept = kept.display()
        )
    );
    Ok(())
}
