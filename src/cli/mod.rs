//! The command line: the arguments (clap, French help) and one file per subcommand.

mod check;
mod demo;
mod merge;
mod sync;
mod tui;
pub mod usage;

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};

const HELP_TEMPLATE: &str = "\
{before-help}{name} {version} : {about}

Utilisation : {usage}

{all-args}{after-help}";

const AFTER_HELP: &str = "\
Base locale par défaut : le dossier de données de la plateforme (sous Linux
~/.local/share/comptoir/comptoir.sqlite), ou --db, ou la variable COMPTOIR_DB.
Données de référence : intégrées au programme ; un fichier du même nom dans le dossier
« donnees » à côté de la base (ou COMPTOIR_DATA) les remplace sans recompiler.";

#[derive(Debug, Parser)]
#[command(
    name = "comptoir",
    version,
    about = "saisir, structurer et synchroniser les idées du Budget citoyen du Pas-de-Calais",
    help_template = HELP_TEMPLATE,
    after_help = AFTER_HELP,
    subcommand_help_heading = "Commandes",
    subcommand_value_name = "COMMANDE",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Options")]
pub struct Global {
    /// Base de données locale à utiliser
    #[arg(long, global = true, env = "COMPTOIR_DB", value_name = "CHEMIN")]
    pub db: Option<PathBuf>,
    /// Ne pas capturer la souris (garde la sélection de texte du terminal)
    #[arg(long, global = true)]
    pub no_mouse: bool,
    /// Langue de l'interface : fr (par défaut) ou en (sinon, celle du système)
    #[arg(long, global = true, value_name = "LANGUE", value_parser = ["fr", "en"])]
    pub lang: Option<String>,
    /// Afficher l'aide
    #[arg(short = 'h', long, global = true, action = clap::ArgAction::Help)]
    help: Option<bool>,
    /// Afficher la version
    #[arg(short = 'V', long, action = clap::ArgAction::Version)]
    version: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Csv,
    Xlsx,
    Json,
    Sheet,
    Decidim,
    /// The attendance sheet of a workshop (CSV for Excel).
    Emargement,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Créer une base de démonstration réaliste, puis l'ouvrir
    #[command(help_template = HELP_TEMPLATE)]
    Demo {
        /// Nombre d'idées (participants et lignes de budget en proportion)
        #[arg(long, default_value_t = crate::demo::DEFAULT_IDEAS, value_name = "N", allow_negative_numbers = true)]
        ideas: usize,
        /// Graine du générateur : même graine, mêmes personnes et idées
        #[arg(long, default_value_t = crate::demo::DEFAULT_SEED, value_name = "S")]
        seed: u64,
        /// Seulement créer le fichier, sans ouvrir l'interface
        #[arg(long)]
        no_open: bool,
    },
    /// Synchroniser avec un fichier partagé (clé USB) ou un dossier partagé
    #[command(help_template = HELP_TEMPLATE)]
    Sync {
        /// Le fichier partagé, ou un dossier partagé
        #[arg(value_name = "CIBLE")]
        target: PathBuf,
        /// Dire ce qui changerait, sans rien changer
        #[arg(long)]
        dry_run: bool,
        /// Résultat en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Fusionner des fichiers partagés dans la base centrale
    #[command(help_template = HELP_TEMPLATE)]
    Merge {
        /// La base centrale (créée si besoin)
        #[arg(long, value_name = "CENTRALE")]
        into: PathBuf,
        /// Fichiers ou dossiers à fusionner, dans n'importe quel ordre
        #[arg(value_name = "FICHIER", required = true)]
        files: Vec<PathBuf>,
        /// Résultat en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Vérifier un fichier : intégrité, schéma, comptes, ordinateurs, empreinte
    #[command(help_template = HELP_TEMPLATE)]
    Check {
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
        /// Résultat en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Bilan par campagne et par territoire
    #[command(help_template = HELP_TEMPLATE)]
    Report {
        /// Résultat en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Exporter les données (CSV, XLSX, JSON, fiches projet, Decidim)
    #[command(help_template = HELP_TEMPLATE)]
    Export {
        #[arg(long, value_enum)]
        format: Format,
        /// Fichier ou dossier de sortie
        #[arg(long, value_name = "CHEMIN")]
        out: PathBuf,
        /// Sans aucune donnée personnelle, pour publication
        #[arg(long)]
        public: bool,
        /// Pour --format emargement : le comptoir, par sa date jj/mm/aaaa (défaut : le comptoir en cours)
        #[arg(long, value_name = "DATE")]
        comptoir: Option<String>,
    },
    /// Importer la liste d'inscription en ligne (CSV) ou un export JSON
    #[command(help_template = HELP_TEMPLATE)]
    Import {
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
    },
    /// Anonymiser les participants des campagnes passées
    #[command(help_template = HELP_TEMPLATE)]
    Purge {
        /// Date limite, jj/mm/aaaa
        #[arg(long, value_name = "DATE")]
        before: String,
        /// Ne pas demander de confirmation
        #[arg(long)]
        oui: bool,
    },
}

/// Runs the command line; the error, if any, is one French sentence for stderr.
pub fn run(cli: Cli) -> Result<()> {
    if let Some(lang) = cli
        .global
        .lang
        .as_deref()
        .and_then(crate::i18n::Lang::parse)
    {
        crate::i18n::choose(lang);
    }
    let db = cli.global.db.clone();
    let mouse = !cli.global.no_mouse;
    match cli.command {
        None => tui::run(db, mouse),
        Some(Command::Demo {
            ideas,
            seed,
            no_open,
        }) => demo::run(db, ideas, seed, no_open, mouse),
        Some(Command::Sync {
            target,
            dry_run,
            json,
        }) => sync::run(db, &target, dry_run, json),
        Some(Command::Merge { into, files, json }) => merge::run(into, &files, json),
        Some(Command::Check { file, json }) => check::run(&file, json),
        Some(Command::Report { json }) => {
            let db = db.unwrap_or_else(crate::paths::default_db);
            let store = tui::open(&db)?;
            let report = crate::export::report::build(&store)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{}", crate::export::report::text(&report));
            }
            Ok(())
        }
        Some(Command::Export {
            format: Format::Emargement,
            out,
            comptoir,
            ..
        }) => {
            let db = db.unwrap_or_else(crate::paths::default_db);
            let store = tui::open(&db)?;
            let workshop = match comptoir {
                Some(date) => {
                    let iso = crate::tui::form::parse_date(&date)
                        .map(|d| d.format("%Y-%m-%d").to_string())
                        .ok_or_else(|| {
                            anyhow::anyhow!("Date illisible « {date} » : tapez jj/mm/aaaa.")
                        })?;
                    let found: Vec<_> = store
                        .workshops(0, usize::MAX >> 1)?
                        .into_iter()
                        .filter(|w| w.date == iso)
                        .collect();
                    match found.as_slice() {
                        [one] => one.id.clone(),
                        [] => bail!("Aucun comptoir le {date}."),
                        _ => bail!(
                            "Plusieurs comptoirs le {date} : choisissez-le dans l'écran Comptoirs (touche e)."
                        ),
                    }
                }
                None => store.setting("current_workshop")?.ok_or_else(|| {
                    anyhow::anyhow!("Pas de comptoir en cours : précisez --comptoir jj/mm/aaaa.")
                })?,
            };
            let n = crate::export::attendance_sheet(&store, &workshop, &out)?;
            println!("Feuille d'émargement ({n} personne(s)) : {}", out.display());
            Ok(())
        }
        Some(Command::Export {
            format: Format::Sheet,
            out,
            ..
        }) => {
            let db = db.unwrap_or_else(crate::paths::default_db);
            let store = tui::open(&db)?;
            let ideas = store.ideas(0, usize::MAX >> 1)?;
            for idea in &ideas {
                crate::export::sheet::write(&store, &idea.id, &out)?;
            }
            println!(
                "{} fiche(s) projet (HTML et Markdown) dans {}",
                ideas.len(),
                out.display()
            );
            Ok(())
        }
        Some(Command::Export {
            format,
            out,
            public,
            ..
        }) => {
            let db = db.unwrap_or_else(crate::paths::default_db);
            let store = tui::open(&db)?;
            use crate::export::tables;
            let what = match format {
                Format::Csv => format!("{} table(s) en CSV", tables::csv(&store, &out, public)?),
                Format::Xlsx => format!("{} feuille(s) XLSX", tables::xlsx(&store, &out, public)?),
                Format::Json => format!("{} table(s) en JSON", tables::json(&store, &out, public)?),
                Format::Decidim => format!(
                    "{} projet(s) labellisé(s) pour Decidim",
                    tables::decidim(&store, &out)?
                ),
                Format::Sheet | Format::Emargement => unreachable!("handled above"),
            };
            let public = if public {
                ", sans données personnelles"
            } else {
                ""
            };
            println!("Export : {what}{public} dans {}", out.display());
            Ok(())
        }
        Some(Command::Import { file }) => {
            let db = db.unwrap_or_else(crate::paths::default_db);
            let mut store = tui::open(&db)?;
            if file
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("json"))
            {
                let received = crate::export::tables::import_json(&mut store, &file)?;
                println!(
                    "Import JSON : {received} modification(s) reçue(s), fusionnées comme une synchronisation."
                );
                return Ok(());
            }
            let report = crate::import::registrations(&mut store, &file)?;
            println!("{}", report.sentence());
            Ok(())
        }
        Some(Command::Purge { before, oui }) => {
            let date = crate::tui::form::parse_date(&before).ok_or_else(|| {
                anyhow::anyhow!("Date illisible « {before} » : tapez jj/mm/aaaa.")
            })?;
            let db = db.unwrap_or_else(crate::paths::default_db);
            let mut store = tui::open(&db)?;
            let people = store.people_seen_only_before(&date.format("%Y-%m-%d").to_string())?;
            if people.is_empty() {
                println!("Personne à anonymiser avant le {before}.");
                return Ok(());
            }
            println!(
                "{} personne(s) venue(s) seulement à des comptoirs d'avant le {before} : leurs données personnelles seront effacées définitivement (les présences restent comptées, anonymes).",
                people.len()
            );
            if !oui {
                use std::io::{BufRead, IsTerminal, Write};
                if !std::io::stdin().is_terminal() {
                    bail!(
                        "Confirmation nécessaire : relancez avec --oui pour anonymiser sans question."
                    );
                }
                print!("Confirmer ? [o/N] ");
                std::io::stdout().flush()?;
                let mut answer = String::new();
                std::io::stdin().lock().read_line(&mut answer)?;
                if !matches!(answer.trim(), "o" | "O" | "oui" | "Oui") {
                    println!("Rien n'a été effacé.");
                    return Ok(());
                }
            }
            for id in &people {
                store.forget(id).map_err(|e| anyhow::anyhow!("{e}"))?;
            }
            crate::sync::scrub_backups(&store)?;
            println!("{} personne(s) anonymisée(s).", people.len());
            Ok(())
        }
    }
}
