//! `comptoir`: the interface on the local database, created on first run.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Result;

use crate::paths;
use crate::store::{Content, Store};

/// Opens the database at `db` (or the default one) with its reference data; `phrase`: the key
/// of an encrypted base, or the campaign's passphrase given for this run.
pub fn open(db: &Path, phrase: Option<&crate::store::Phrase>) -> Result<Store> {
    // What a killed command left in the base's private folder goes at the next start.
    crate::sync::remove_orphan_copies(&paths::work_dir(db));
    let reference = paths::load_reference(&paths::override_dir(db))?;
    // A central file just merged, or new reference data: seconds at 100 000 ideas.
    Store::open_announced(db, Arc::new(reference), phrase, &|| {
        eprintln!(
            "{}",
            crate::i18n::tr(
                "Préparation de la base (recherche des personnes, niveaux de maturité)…"
            )
        )
    })
}

/// Opens an existing base for a command that reads it (report, export, purge): a base that
/// does not exist is said so, and nothing is created.
pub fn open_existing(db: &Path, phrase: Option<&crate::store::Phrase>) -> Result<Store> {
    if db.exists() && !db.is_file() {
        anyhow::bail!(crate::t!(
            "{path} n'est pas un fichier ordinaire (périphérique ou tube) : donnez le chemin d'un fichier.",
            path = db.display()
        ));
    }
    if !db.is_file() {
        anyhow::bail!(crate::t!(
            "La base {path} n'existe pas (vérifiez --db) : rien n'a été créé.",
            path = db.display()
        ));
    }
    open(db, phrase)
}

/// Opens an existing base for `report` or `export`. A laptop's own base is opened as always; a
/// shared or central file (rollback journal, perhaps on a network folder, where SQLite says WAL
/// does not work) stays in its journal mode and gets no host, path or new site of this laptop:
/// only its levels and search text are made, once, as any base's are. An encrypted one (only
/// shared files are) is opened with the campaign's passphrase, given or asked.
pub fn open_for_reading(db: &Path, phrase_file: Option<&Path>) -> Result<Store> {
    let encrypted = db.is_file() && crate::store::cipher::content(db) == Content::Encrypted;
    // A device or a pipe is refused by `open_existing` before anything reads it.
    if !encrypted && (!db.is_file() || Store::is_shared_file(db) != Some(true)) {
        return super::phrase::open_base(db, phrase_file, true);
    }
    let phrase = match encrypted {
        true => Some(super::phrase::needed(
            super::phrase::given(phrase_file)?,
            None,
            db,
        )?),
        false => None,
    };
    crate::sync::remove_orphan_copies(&paths::work_dir(db));
    let reference = paths::load_reference(&paths::override_dir(db))?;
    Store::open_for_reading(db, Arc::new(reference), phrase.as_ref(), &|| {
        eprintln!(
            "{}",
            crate::i18n::tr(
                "Préparation de la base (recherche des personnes, niveaux de maturité)…"
            )
        )
    })
}

pub fn run(db: Option<PathBuf>, mouse: bool, phrase_file: Option<&Path>) -> Result<()> {
    use crate::tui::instance::{Opening, claim};
    let db = db.unwrap_or_else(paths::default_db);
    // Kept until the interface ends: its mark says the base is open here.
    let (_mark, elsewhere) = match claim(&db) {
        Opening::Alone(mark) => (mark, None),
        Opening::Elsewhere { host, pid } => (
            None,
            Some(crate::t!("{host}, programme n° {pid}", host, pid)),
        ),
    };
    let mut store = super::phrase::open_base(&db, phrase_file, false)?;
    crate::tui::run(&mut store, crate::tui::Options { mouse, elsewhere })
}
