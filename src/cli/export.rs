//! `comptoir export --format F --out PATH`: the attendance sheet of a workshop, the project
//! sheets, or the tables (CSV, XLSX, JSON, Decidim).

use std::path::Path;

use anyhow::{Result, bail};

use super::Format;
use crate::i18n::tr;

pub fn run(
    db: &Path,
    format: Format,
    out: &Path,
    public: bool,
    comptoir: Option<String>,
) -> Result<()> {
    match format {
        Format::Emargement => attendance(db, out, comptoir),
        Format::Sheet => sheets(db, out),
        _ => tables(db, format, out, public),
    }
}

/// The attendance sheet of the workshop held on `comptoir` (jj/mm/aaaa), or of the current one.
fn attendance(db: &Path, out: &Path, comptoir: Option<String>) -> Result<()> {
    let store = super::tui::open_existing(db)?;
    let workshop = match comptoir {
        Some(date) => {
            let iso = crate::domain::date::parse_date(&date)
                .map(|d| d.format("%Y-%m-%d").to_string())
                .ok_or_else(|| {
                    anyhow::anyhow!(crate::t!(
                        "Date illisible « {date} » : tapez jj/mm/aaaa.",
                        date
                    ))
                })?;
            let found: Vec<_> = store
                .workshops(0, usize::MAX >> 1)?
                .into_iter()
                .filter(|w| w.date == iso)
                .collect();
            match found.as_slice() {
                [one] => one.id.clone(),
                [] => bail!(crate::t!("Aucun comptoir le {date}.", date)),
                _ => bail!(crate::t!(
                    "Plusieurs comptoirs le {date} : choisissez-le dans l'écran Comptoirs (touche e).",
                    date
                )),
            }
        }
        None => store.setting("current_workshop")?.ok_or_else(|| {
            anyhow::anyhow!(tr(
                "Pas de comptoir en cours : précisez --comptoir jj/mm/aaaa."
            ))
        })?,
    };
    let n = crate::export::attendance_sheet(&store, &workshop, out)?;
    println!(
        "{}",
        crate::t!(
            "Feuille d'émargement ({n} personne(s)) : {path}",
            n,
            path = out.display()
        )
    );
    Ok(())
}

/// One project sheet per idea, HTML and Markdown, in the folder `out`.
fn sheets(db: &Path, out: &Path) -> Result<()> {
    let store = super::tui::open_existing(db)?;
    let ideas = store.ideas(0, usize::MAX >> 1)?;
    for idea in &ideas {
        crate::export::sheet::write(&store, &idea.id, out)?;
    }
    println!(
        "{}",
        crate::t!(
            "{n} fiche(s) projet (HTML et Markdown) dans {path}",
            n = ideas.len(),
            path = out.display()
        )
    );
    Ok(())
}

/// The tables, or the labelled projects for Decidim.
fn tables(db: &Path, format: Format, out: &Path, public: bool) -> Result<()> {
    let store = super::tui::open_existing(db)?;
    use crate::export::tables;
    let what = match format {
        Format::Csv => crate::t!("{n} table(s) en CSV", n = tables::csv(&store, out, public)?),
        Format::Xlsx => crate::t!(
            "{n} feuille(s) XLSX",
            n = tables::xlsx(&store, out, public)?
        ),
        Format::Json => crate::t!(
            "{n} table(s) en JSON",
            n = tables::json(&store, out, public)?
        ),
        Format::Decidim => crate::t!(
            "{n} projet(s) labellisé(s) pour Decidim",
            n = tables::decidim(&store, out)?
        ),
        Format::Sheet | Format::Emargement => unreachable!("handled above"),
    };
    let public = if public {
        tr(", sans données personnelles")
    } else {
        ""
    };
    println!(
        "{}",
        crate::t!(
            "Export : {what}{public} dans {path}",
            what,
            public,
            path = out.display()
        )
    );
    Ok(())
}
