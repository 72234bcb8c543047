//! `comptoir merge --into CENTRAL FILE...`: the Mission ESS's central merge.

use std::path::PathBuf;

use anyhow::Result;
use serde_json::json;

pub fn run(
    central: PathBuf,
    files: &[PathBuf],
    phrase: &crate::store::Phrase,
    json: bool,
    accept_erasures: bool,
) -> Result<()> {
    // A shared file, as the laptops' are: locked, merged on a copy and renamed over (it often
    // lives on a network folder), its search text and levels made when it is next opened as a
    // base.
    let reference = crate::paths::load_reference(&crate::paths::override_dir(&central))?;
    let mut progress = super::sync::progress_on_stderr();
    let summary = crate::sync::merge_into(
        &central,
        files,
        std::sync::Arc::new(reference),
        phrase,
        accept_erasures,
        &mut |host| {
            eprintln!(
                "{}",
                crate::t!(
                    "En attente de la fin de la synchronisation de « {host} » sur le fichier central…",
                    host
                )
            )
        },
        &mut progress,
    )?;
    let crate::sync::CentralSummary {
        outcomes,
        ahead,
        open_conflicts: conflicts,
    } = summary;
    if json {
        let value = json!({
            "files": outcomes,
            "received": outcomes.iter().map(|o| o.received).sum::<usize>(),
            "open_conflicts": conflicts,
            "clocks_ahead": ahead,
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
        return skipped(&outcomes);
    }
    for o in &outcomes {
        match &o.error {
            None => {
                println!(
                    "✓ {}",
                    crate::t!(
                        "{file} : {n} modification(s) reçue(s)",
                        file = o.file,
                        n = o.received
                    )
                );
                for h in &o.held_back {
                    println!("! {} : {h}", o.file);
                }
            }
            Some(e) => println!("✗ {}", crate::t!("{file} ignoré : {e}", file = o.file, e)),
        }
    }
    let merged = outcomes.iter().filter(|o| o.error.is_none()).count();
    println!(
        "{}",
        crate::t!(
            "{merged} fichier(s) fusionné(s) sur {total} dans {path} ; {conflicts} conflit(s) ouvert(s).",
            merged,
            total = outcomes.len(),
            path = central.display(),
            conflicts
        )
    );
    for a in ahead {
        println!("! {}", a.sentence());
    }
    skipped(&outcomes)
}

/// A merge that left a file out ends with status 1, once its summary is printed.
fn skipped(outcomes: &[crate::sync::FileOutcome]) -> Result<()> {
    let left = outcomes.iter().filter(|o| o.error.is_some()).count();
    if left > 0 {
        anyhow::bail!(crate::t!(
            "{left} fichier(s) non fusionné(s) : voir ci-dessus.",
            left
        ));
    }
    Ok(())
}
