//! `comptoir check FILE`: integrity, schema, counts, sites, conflicts and digest of a file,
//! read on a private copy (the file itself is never touched).

use std::path::Path;
use std::sync::Arc;

use anyhow::Result;
use serde_json::json;

use crate::i18n::tr;
use crate::store::Store;
use crate::t;

/// `work`: the private folder of this laptop's base, where the copy is made.
/// `phrase`: the key of an encrypted file.
pub fn run(
    file: &Path,
    json: bool,
    work: &Path,
    phrase: Option<&crate::store::Phrase>,
) -> Result<()> {
    let copy = crate::sync::private_copy(file, work, phrase)?;
    let store = Store::open_shared(
        &copy,
        Arc::new(crate::paths::builtin_reference()),
        crate::store::system_wall_clock(),
        phrase,
    )?;
    let info = store.file_info()?;
    let ahead = store.clocks_ahead()?;
    let impossible = store.impossible_clocks()?;
    if json {
        let mut value = serde_json::to_value(&info)?;
        value["clocks_ahead"] = json!(ahead);
        value["bad_clocks"] = json!(impossible);
        value["encrypted"] = json!(store.is_encrypted());
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    println!("{}", t!("Fichier      : {path}", path = file.display()));
    let integrity = if info.integrity == "ok" {
        tr("intacte").to_string()
    } else {
        info.integrity.clone()
    };
    println!("{}", t!("Intégrité    : {integrity}", integrity));
    println!(
        "{}",
        t!("Schéma       : version {n}", n = info.schema_version)
    );
    let cipher = if store.is_encrypted() {
        tr("SQLCipher 4, phrase secrète de la campagne")
    } else {
        tr(
            "aucun (fichier d'une version précédente, ou d'un ordinateur : la prochaine synchronisation publie chiffré)",
        )
    };
    println!("{}", t!("Chiffrement  : {cipher}", cipher));
    println!(
        "{}",
        t!(
            "Contenu      : {w} comptoir(s), {p} inscrit(s), {a} venu(s), {i} idée(s), {b} ligne(s) de budget, {c} modification(s)",
            w = info.counts["workshops"],
            p = info.counts["people_registered"],
            a = info.counts["people_present"],
            i = info.counts["ideas"],
            b = info.counts["budget_lines"],
            c = info.counts["changes"]
        )
    );
    println!("{}", t!("Ordinateurs  : {n}", n = info.sites.len()));
    for s in &info.sites {
        let device = format!("{:<30}", s.device.as_deref().unwrap_or(tr("(sans nom)")));
        println!(
            "  {} {}",
            &s.site[..8],
            t!(
                "{device} dernière modification n° {seq} le {when}",
                device,
                seq = s.last_seq,
                when = crate::strings::moment(crate::store::millis(s.last_clock))
            )
        );
    }
    println!("{}", t!("Conflits     : {n}", n = info.open_conflicts));
    println!("{}", t!("Empreinte    : {digest}", digest = info.digest));
    for a in ahead {
        println!("! {}", a.sentence());
    }
    for (device, clock) in impossible {
        println!(
            "! {}",
            t!(
                "L'ordinateur « {device} » a des modifications datées de façon impossible ({date}) : les autres ordinateurs les mettent de côté. Corrigez sa date et prévenez la Mission ESS.",
                device,
                date = if clock < 0 {
                    tr("date négative").to_string()
                } else {
                    crate::store::french_date(clock)
                }
            )
        );
    }
    Ok(())
}
