//! `comptoir check FILE`: integrity, schema, counts, sites, conflicts and digest of a file,
//! read on a private copy (the file itself is never touched).

use std::path::Path;
use std::sync::Arc;

use anyhow::Result;
use serde_json::json;

use crate::store::Store;

pub fn run(file: &Path, json: bool) -> Result<()> {
    let copy = crate::sync::private_copy(file)?;
    let store = Store::open_shared(
        &copy,
        Arc::new(crate::paths::builtin_reference()),
        crate::store::system_wall_clock(),
    )?;
    let info = store.file_info()?;
    let ahead = store.clocks_ahead()?;
    if json {
        let mut value = serde_json::to_value(&info)?;
        value["clocks_ahead"] = json!(ahead);
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    println!("Fichier      : {}", file.display());
    println!(
        "Intégrité    : {}",
        if info.integrity == "ok" {
            "intacte".to_string()
        } else {
            info.integrity.clone()
        }
    );
    println!("Schéma       : version {}", info.schema_version);
    println!(
        "Contenu      : {} comptoir(s), {} participant(s), {} idée(s), {} ligne(s) de budget, {} modification(s)",
        info.counts["workshops"],
        info.counts["attendees"],
        info.counts["ideas"],
        info.counts["budget_lines"],
        info.counts["changes"]
    );
    println!("Ordinateurs  : {}", info.sites.len());
    for s in &info.sites {
        println!(
            "  {} {:<30} dernière modification n° {} le {} (UTC)",
            &s.site[..8],
            s.device.as_deref().unwrap_or("(sans nom)"),
            s.last_seq,
            s.last_change
        );
    }
    println!("Conflits     : {}", info.open_conflicts);
    println!("Empreinte    : {}", info.digest);
    for a in ahead {
        println!("! {}", a.sentence());
    }
    Ok(())
}
