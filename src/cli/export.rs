//! `comptoir export --format F --out PATH`: the attendance sheet of a workshop, the project
//! sheets, or the tables (CSV, XLSX, JSON, Decidim).

use std::path::Path;

use anyhow::{Result, bail};

use super::{Format, done, say};
use crate::i18n::tr;

/// What the command line asked for.
pub struct Asked<'a> {
    pub format: Format,
    pub out: &'a Path,
    pub public: bool,
    /// The workshop of an attendance sheet: its date or its id.
    pub comptoir: Option<String>,
    /// The Decidim CSV's column separator.
    pub separator: u8,
    /// The Decidim mapping file (themes and territories to the platform's ids).
    pub mapping: Option<&'a Path>,
}

/// `phrase_file`: the campaign's passphrase, for an encrypted central file.
pub fn run(db: &Path, phrase_file: Option<&Path>, asked: Asked<'_>) -> Result<()> {
    // Tables in CSV and project sheets are several files: they need a folder, never the
    // standard output (where `-` would otherwise become a folder named « - »).
    let to_stdout = asked.out == Path::new("-") || asked.out == Path::new("/dev/stdout");
    if matches!(asked.format, Format::Csv | Format::Sheet) && to_stdout {
        bail!(tr(
            "Cet export écrit plusieurs fichiers : donnez un dossier à --out (la sortie standard ne vaut que pour json, xlsx, decidim et emargement). Rien n'a été écrit."
        ));
    }
    match asked.format {
        Format::Emargement => attendance(db, phrase_file, asked.out, asked.comptoir.as_deref()),
        Format::Sheet => sheets(db, phrase_file, asked.out),
        _ => tables(db, phrase_file, &asked),
    }
}

/// The workshop that `--comptoir` names, by its id or its date (jj/mm/aaaa); without it, the
/// workshop in progress on this laptop.
pub fn workshop_of(store: &crate::store::Store, comptoir: Option<&str>) -> Result<String> {
    let date = match comptoir {
        Some(id) if store.workshop_label(id)?.is_some() => return Ok(id.to_string()),
        Some(date) => date,
        None => {
            return store.setting("current_workshop")?.ok_or_else(|| {
                anyhow::anyhow!(tr(
                    "Pas de comptoir en cours : précisez --comptoir jj/mm/aaaa."
                ))
            });
        }
    };
    let iso = crate::domain::date::parse_date(date)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .ok_or_else(|| {
            anyhow::anyhow!(crate::t!(
                "Comptoir introuvable : « {date} » n'est ni une date jj/mm/aaaa ni l'identifiant d'un comptoir.",
                date
            ))
        })?;
    let found: Vec<_> = store
        .workshops(0, usize::MAX >> 1)?
        .into_iter()
        .filter(|w| w.date == iso)
        .collect();
    match found.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => bail!(crate::t!("Aucun comptoir le {date}.", date)),
        _ => bail!(crate::t!(
            "Plusieurs comptoirs le {date} : donnez l'identifiant du vôtre (colonne Identifiant de comptoirs.csv, export --format csv), ou écrivez sa feuille depuis l'écran Comptoirs (touche e).",
            date
        )),
    }
}

/// The attendance sheet of a workshop: HTML to print, or CSV for Excel.
fn attendance(
    db: &Path,
    phrase_file: Option<&Path>,
    out: &Path,
    comptoir: Option<&str>,
) -> Result<()> {
    let store = super::tui::open_for_reading(db, phrase_file)?;
    let workshop = workshop_of(&store, comptoir)?;
    let n = crate::export::attendance_sheet(&store, &workshop, out)?;
    done(
        out,
        &crate::t!(
            "Feuille d'émargement ({n} personne(s)) : {path}",
            n,
            path = out.display()
        ),
    )
}

/// One project sheet per idea, HTML and Markdown, in the folder `out`.
fn sheets(db: &Path, phrase_file: Option<&Path>, out: &Path) -> Result<()> {
    let store = super::tui::open_for_reading(db, phrase_file)?;
    let n = crate::export::sheet::write_all(&store, out)?;
    say(&format!(
        "{}\n",
        crate::t!(
            "{n} fiche(s) projet (HTML et Markdown) dans {path}",
            n,
            path = out.display()
        )
    ))
}

/// The tables, or the labelled projects for Decidim.
fn tables(db: &Path, phrase_file: Option<&Path>, asked: &Asked<'_>) -> Result<()> {
    let mapping = asked
        .mapping
        .map(crate::export::decidim::Mapping::read)
        .transpose()?;
    let store = super::tui::open_for_reading(db, phrase_file)?;
    use crate::export::{decidim, json, tables};
    let (out, public) = (asked.out, asked.public);
    let what = match asked.format {
        Format::Csv => crate::t!("{n} table(s) en CSV", n = tables::csv(&store, out, public)?),
        Format::Xlsx => crate::t!(
            "{n} feuille(s) XLSX",
            n = tables::xlsx(&store, out, public)?
        ),
        Format::Json => crate::t!("{n} table(s) en JSON", n = json::json(&store, out, public)?),
        Format::Decidim => crate::t!(
            "{n} projet(s) labellisé(s) pour Decidim",
            n = decidim::decidim(
                &store,
                out,
                decidim::Layout::of(out, asked.separator),
                mapping.as_ref()
            )?
        ),
        Format::Sheet | Format::Emargement => unreachable!("handled above"),
    };
    let public = if public {
        tr(", sans données personnelles")
    } else {
        ""
    };
    done(
        out,
        &crate::t!(
            "Export : {what}{public} dans {path}",
            what,
            public,
            path = out.display()
        ),
    )
}
