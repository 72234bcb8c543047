//! `comptoir purge --before DATE`: the personal data of people last seen before a date erased
//! (the end-of-campaign anonymisation).

use std::path::Path;

use anyhow::{Result, bail};

use crate::i18n::tr;

pub fn run(db: &Path, phrase_file: Option<&Path>, before: &str, yes: bool) -> Result<()> {
    let date = crate::domain::date::parse_date(before).ok_or_else(|| {
        anyhow::anyhow!(crate::t!(
            "Date illisible « {date} » : tapez jj/mm/aaaa.",
            date = before
        ))
    })?;
    let mut store = super::phrase::open_base(db, phrase_file, true)?;
    let people = store.people_seen_only_before(&date.format("%Y-%m-%d").to_string())?;
    if people.is_empty() {
        println!(
            "{}",
            crate::t!("Personne à anonymiser avant le {before}.", before)
        );
        return Ok(());
    }
    println!(
        "{}",
        crate::t!(
            "{n} personne(s) vue(s) pour la dernière fois avant le {before} (venues à des comptoirs, ou seulement inscrites en ligne) : leurs données personnelles seront effacées définitivement (les présences restent comptées, anonymes).",
            n = people.len(),
            before
        )
    );
    if !yes {
        use std::io::{BufRead, IsTerminal, Write};
        if !std::io::stdin().is_terminal() {
            bail!(tr(
                "Confirmation nécessaire : relancez avec --oui pour anonymiser sans question."
            ));
        }
        print!("{}", tr("Confirmer ? [o/N] "));
        std::io::stdout().flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        // Yes in either language: « o », « oui », « y », « yes ».
        let answer = answer.trim().to_lowercase();
        if !matches!(answer.as_str(), "o" | "oui" | "y" | "yes") {
            println!("{}", tr("Rien n'a été effacé."));
            return Ok(());
        }
    }
    for id in &people {
        store.forget(id).map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    for (file, why) in crate::sync::scrub_backups(&mut store)? {
        eprintln!(
            "{}",
            crate::t!(
                "Sauvegarde pas encore nettoyée : {file} ({why}) ; nouvel essai à la prochaine synchronisation.",
                file,
                why
            )
        );
    }
    println!(
        "{}",
        crate::t!("{n} personne(s) anonymisée(s).", n = people.len())
    );
    Ok(())
}
