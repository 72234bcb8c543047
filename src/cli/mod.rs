//! The command line: the arguments (clap, French help) and one file per subcommand.

mod check;
mod demo;
mod export;
mod import;
mod merge;
pub mod phrase;
mod progress;
mod purge;
mod renumber;
mod report;
mod sync;
mod tui;
pub mod usage;

use std::path::PathBuf;

use anyhow::Result;
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
    /// Fichier qui contient la phrase secrète de la campagne (sinon la variable COMPTOIR_PHRASE, celle gardée sur cet ordinateur, ou la question)
    #[arg(long, global = true, value_name = "FICHIER")]
    pub phrase_file: Option<PathBuf>,
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
    /// The attendance sheet of a workshop (HTML to print, or CSV for Excel).
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
        /// Accepter qu'un fichier efface beaucoup de personnes d'un coup (anonymisation de fin de campagne)
        #[arg(long)]
        accepter_effacements: bool,
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
        /// Accepter qu'un fichier efface beaucoup de personnes d'un coup (anonymisation de fin de campagne)
        #[arg(long)]
        accepter_effacements: bool,
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
    /// Exporter les données (CSV, XLSX, JSON, fiches projet, Decidim, émargement)
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
        /// Pour --format emargement : le comptoir, par sa date jj/mm/aaaa ou son identifiant (défaut : le comptoir en cours)
        #[arg(long, value_name = "DATE")]
        comptoir: Option<String>,
        /// Pour --format decidim en CSV : le séparateur de colonnes de la plateforme, ; (par défaut) ou ,
        #[arg(long, value_name = "CARACTÈRE", value_parser = [";", ","], default_value = ";")]
        separateur: String,
        /// Pour --format decidim : fichier JSON des identifiants Decidim des thèmes et des territoires
        #[arg(long, value_name = "FICHIER")]
        correspondances: Option<PathBuf>,
    },
    /// Importer la liste d'inscription en ligne (CSV) ou un export JSON
    #[command(help_template = HELP_TEMPLATE)]
    Import {
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
        /// Les personnes de la liste sont attendues à ce comptoir (date jj/mm/aaaa ou identifiant) : la feuille d'émargement les liste
        #[arg(long, value_name = "DATE")]
        comptoir: Option<String>,
    },
    /// Renuméroter les modifications de cette base sous un nouvel identifiant (base remplacée par une sauvegarde)
    #[command(help_template = HELP_TEMPLATE)]
    Renumber {
        /// Renuméroter même si aucune synchronisation ne l'a demandé
        #[arg(long)]
        oui: bool,
    },
    /// Changer la phrase secrète d'un fichier chiffré (fichier central, clé)
    #[command(help_template = HELP_TEMPLATE)]
    Phrase {
        /// Le fichier dont la phrase secrète change (un fichier d'une version précédente, non chiffré, est chiffré)
        #[arg(long, value_name = "FICHIER")]
        changer: PathBuf,
        /// Fichier qui contient la nouvelle phrase secrète (sinon la variable COMPTOIR_NOUVELLE_PHRASE, ou la question)
        #[arg(long, value_name = "FICHIER")]
        nouvelle_phrase_file: Option<PathBuf>,
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

/// Fixes the language from `--lang` before clap reads the line, so that its help is in it.
pub fn choose_lang(args: &[std::ffi::OsString]) {
    let mut args = args.iter().filter_map(|a| a.to_str());
    while let Some(a) = args.next() {
        let value = match a.strip_prefix("--lang") {
            Some("") => args.next(),
            Some(rest) => rest.strip_prefix('='),
            None => continue,
        };
        if let Some(lang) = value.and_then(crate::i18n::Lang::parse) {
            crate::i18n::choose(lang);
        }
        return;
    }
}

/// The command line as clap reads it, its help in the user's language.
pub fn command() -> clap::Command {
    let cmd = <Cli as clap::CommandFactory>::command();
    if crate::i18n::lang() == crate::i18n::Lang::Fr {
        return cmd;
    }
    in_lang(cmd)
}

fn in_lang(cmd: clap::Command) -> clap::Command {
    let en = |text: &str| crate::i18n::english_of(text);
    let mut cmd = cmd
        .help_template(en(HELP_TEMPLATE).unwrap_or(HELP_TEMPLATE))
        .mut_args(|mut arg| {
            if let Some(help) = arg.get_help().and_then(|h| en(&h.to_string())) {
                arg = arg.help(help);
            }
            if let Some(heading) = arg.get_help_heading().and_then(en) {
                arg = arg.help_heading(heading);
            }
            let names: Option<Vec<&'static str>> = arg
                .get_value_names()
                .map(|v| v.iter().map(|n| en(n).unwrap_or("…")).collect());
            match names {
                Some(names) if !names.contains(&"…") => arg.value_names(names),
                _ => arg,
            }
        })
        .mut_subcommands(in_lang);
    if let Some(about) = cmd.get_about().and_then(|a| en(&a.to_string())) {
        cmd = cmd.about(about);
    }
    if let Some(after) = cmd.get_after_help().and_then(|a| en(&a.to_string())) {
        cmd = cmd.after_help(after);
    }
    if let Some(heading) = cmd.get_subcommand_help_heading().and_then(en) {
        cmd = cmd.subcommand_help_heading(heading);
    }
    if let Some(name) = cmd.get_subcommand_value_name().and_then(en) {
        cmd = cmd.subcommand_value_name(name);
    }
    cmd
}

/// Every text of the command line's help, for the test that each has its English.
pub fn help_texts() -> Vec<String> {
    fn walk(cmd: &clap::Command, out: &mut Vec<String>) {
        out.extend(cmd.get_about().map(|a| a.to_string()));
        out.extend(cmd.get_after_help().map(|a| a.to_string()));
        out.extend(cmd.get_subcommand_help_heading().map(String::from));
        out.extend(cmd.get_subcommand_value_name().map(String::from));
        for arg in cmd.get_arguments() {
            out.extend(arg.get_help().map(|h| h.to_string()));
            out.extend(arg.get_help_heading().map(String::from));
            if arg.get_action().takes_values() {
                for name in arg.get_value_names().unwrap_or_default() {
                    out.push(name.to_string());
                }
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, out);
        }
    }
    let mut out = vec![HELP_TEMPLATE.to_string()];
    walk(&<Cli as clap::CommandFactory>::command(), &mut out);
    out
}

/// Writes `text` on the standard output; a reader that went away (`| head`) ends the command
/// quietly, with nothing more written.
fn say(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        // Windows has no SIGPIPE: a closed pipe is ERROR_BAD_PIPE or ERROR_PIPE_BUSY.
        Err(e)
            if e.kind() == std::io::ErrorKind::BrokenPipe
                || matches!(e.raw_os_error(), Some(232 | 233)) && cfg!(windows) =>
        {
            Ok(())
        }
        other => Ok(other?),
    }
}

/// The sentence that says an export is written: on the standard error when the export itself
/// went to the standard output, so that the file read from the pipe is the export alone.
fn done(out: &std::path::Path, sentence: &str) -> Result<()> {
    if out == std::path::Path::new("-") || out == std::path::Path::new("/dev/stdout") {
        eprintln!("{sentence}");
        Ok(())
    } else {
        say(&format!("{sentence}\n"))
    }
}

/// The base named by `--db`, else the default one.
fn db_or_default(db: Option<PathBuf>) -> PathBuf {
    db.unwrap_or_else(crate::paths::default_db)
}

/// Runs the command line; the error, if any, is one sentence for stderr.
/// The language was chosen from the same line before clap read it ([`choose_lang`]).
pub fn run(cli: Cli) -> Result<()> {
    let db = cli.global.db.clone();
    let mouse = !cli.global.no_mouse;
    let phrase_file = cli.global.phrase_file.clone();
    let phrase_file = phrase_file.as_deref();
    match cli.command {
        None => tui::run(db, mouse, phrase_file),
        Some(Command::Demo {
            ideas,
            seed,
            no_open,
        }) => demo::run(db, ideas, seed, no_open, mouse),
        Some(Command::Sync {
            target,
            dry_run,
            json,
            accepter_effacements,
        }) => sync::run(
            db,
            &target,
            phrase_file,
            dry_run,
            json,
            accepter_effacements,
        ),
        Some(Command::Merge {
            into,
            files,
            json,
            accepter_effacements,
        }) => {
            let phrase = phrase::needed(
                phrase::given(phrase_file)?,
                phrase::kept(&db_or_default(db)),
                &into,
            )?;
            merge::run(into, &files, &phrase, json, accepter_effacements)
        }
        Some(Command::Check { file, json }) => {
            let db = db_or_default(db);
            let phrase = match crate::store::cipher::content(&file) {
                crate::store::Content::Encrypted => Some(phrase::needed(
                    phrase::given(phrase_file)?,
                    phrase::kept(&db),
                    &file,
                )?),
                _ => None,
            };
            check::run(&file, json, &crate::paths::work_dir(&db), phrase.as_ref())
        }
        Some(Command::Phrase {
            changer,
            nouvelle_phrase_file,
        }) => phrase::change(
            &db_or_default(db),
            &changer,
            phrase_file,
            nouvelle_phrase_file.as_deref(),
        ),
        Some(Command::Report { json }) => report::run(&db_or_default(db), phrase_file, json),
        Some(Command::Export {
            format,
            out,
            public,
            comptoir,
            separateur,
            correspondances,
        }) => export::run(
            &db_or_default(db),
            phrase_file,
            export::Asked {
                format,
                out: &out,
                public,
                comptoir,
                separator: separateur.as_bytes()[0],
                mapping: correspondances.as_deref(),
            },
        ),
        Some(Command::Import { file, comptoir }) => {
            import::run(&db_or_default(db), phrase_file, &file, comptoir.as_deref())
        }
        Some(Command::Renumber { oui }) => renumber::run(&db_or_default(db), phrase_file, oui),
        Some(Command::Purge { before, oui }) => {
            purge::run(&db_or_default(db), phrase_file, &before, oui)
        }
    }
}
