//! Where comptoir keeps its files, and the reference data with its local overrides.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::domain::reference::{DataError, DataProblem, FILES, Reference};

/// The built-in copy of a reference file.
pub fn builtin_data(name: &str) -> Option<&'static str> {
    Some(match name {
        "communes-62.json" => include_str!("../data/communes-62.json"),
        "territoires.json" => include_str!("../data/territoires.json"),
        "themes.json" => include_str!("../data/themes.json"),
        "cadres-juridiques.json" => include_str!("../data/cadres-juridiques.json"),
        "criteres-maturite.json" => include_str!("../data/criteres-maturite.json"),
        "campagne.json" => include_str!("../data/campagne.json"),
        _ => return None,
    })
}

/// The platform's data folder for comptoir (`~/.local/share/comptoir` on Linux).
pub fn data_dir() -> PathBuf {
    directories::ProjectDirs::from("fr", "pasdecalais", "comptoir")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The local database: `--db`, else `COMPTOIR_DB` (clap reads both), else the data folder.
pub fn default_db() -> PathBuf {
    data_dir().join("comptoir.sqlite")
}

/// The folder whose JSON files override the built-in reference data: `COMPTOIR_DATA`, else a
/// `donnees` folder beside the database.
pub fn override_dir(db: &Path) -> PathBuf {
    if let Some(dir) = std::env::var_os("COMPTOIR_DATA") {
        return PathBuf::from(dir);
    }
    db.parent()
        .map(|p| p.join("donnees"))
        .unwrap_or_else(|| PathBuf::from("donnees"))
}

/// Reads the reference data: each file from `dir` when it exists there, else built in. With
/// none there, the built-in data alone (its communes read when first used).
pub fn load_reference(dir: &Path) -> Result<Reference> {
    if !crate::domain::reference::FILES
        .iter()
        .any(|name| std::fs::symlink_metadata(dir.join(name)).is_ok())
    {
        return Ok(builtin_reference());
    }
    let mut read_error = None;
    let reference = Reference::parse(|name| {
        let path = dir.join(name);
        match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                builtin_data(name).unwrap_or_default().to_string()
            }
            Err(e) => {
                read_error.get_or_insert(DataError {
                    file: path.display().to_string(),
                    line: 0,
                    problem: DataProblem::Unreadable(e.to_string()),
                });
                builtin_data(name).unwrap_or_default().to_string()
            }
        }
    });
    if let Some(e) = read_error {
        return Err(e.into());
    }
    reference.map_err(|mut e| {
        if dir.join(&e.file).exists() {
            e.file = dir.join(&e.file).display().to_string();
        }
        e.into()
    })
}

/// The built-in reference data alone (tests, and files opened without a data folder).
pub fn builtin_reference() -> Reference {
    Reference::parse_deferred(|name| builtin_data(name).unwrap_or_default().to_string())
        .expect("the built-in reference data is checked by tests")
}

/// Refuses, on Windows, a path with a name Windows keeps for its devices (`CON`, `NUL`,
/// `COM1.csv`…): writing there would go to a device, or fail with an English system message.
pub fn check_name(path: &Path) -> Result<()> {
    if !cfg!(windows) {
        return Ok(());
    }
    for part in path.components() {
        let name = part.as_os_str().to_string_lossy();
        let stem = name
            .split('.')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_uppercase();
        let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
            || (stem.len() == 4
                && (stem.starts_with("COM") || stem.starts_with("LPT"))
                && stem.as_bytes()[3].is_ascii_digit());
        if reserved {
            anyhow::bail!(crate::t!(
                "« {name} » est un nom que Windows réserve à ses périphériques : choisissez un autre nom. Rien n'a été écrit.",
                name
            ));
        }
    }
    Ok(())
}

/// Creates the folder holding `path` if needed, readable by its owner only.
pub fn ensure_parent(path: &Path) -> Result<()> {
    check_name(path)?;
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.exists()
    {
        std::fs::create_dir_all(parent).with_context(|| {
            crate::t!(
                "Impossible de créer le dossier {path}",
                path = parent.display()
            )
        })?;
        // Owner-only on Unix; a Windows folder inherits its parent's permissions (the user's
        // profile under %APPDATA%), see `create_new_private`.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(parent, std::fs::Permissions::from_mode(0o700));
        }
    }
    Ok(())
}

/// The backups of the base at `db`: `sauvegardes/<file name of the base>/` beside it, so two
/// bases in one folder (the real one and the demo, `budget.sqlite` and `budget.db`) never
/// rotate away each other's backups.
pub fn backup_dir(db: &Path) -> PathBuf {
    beside(db, "sauvegardes")
}

/// `<folder of db>/<kind>/<file name of db>`.
fn beside(db: &Path, kind: &str) -> PathBuf {
    let name = db
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "base".into());
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(kind)
        .join(name)
}

/// The private folder of the base at `db` where its temporary copies are made:
/// `travail/<file name of the base>/` beside it (owner-only), never the system's temporary
/// folder.
pub fn work_dir(db: &Path) -> PathBuf {
    beside(db, "travail")
}

/// The largest file comptoir reads whole (a registration list, a JSON export): far above what a
/// campaign makes, and below what would exhaust a laptop's memory.
pub const MAX_READ: u64 = 512 * 1024 * 1024;

/// Reads a file given on the command line, whole: a regular file only (never a device that
/// never ends, nor a pipe that waits for ever), of at most [`MAX_READ`] bytes, with every
/// mistake said in French.
pub fn read_given(path: &Path) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|_| {
        anyhow::anyhow!(crate::t!("{path} est introuvable.", path = path.display()))
    })?;
    if meta.is_dir() {
        anyhow::bail!(crate::t!(
            "{path} est un dossier, pas un fichier.",
            path = path.display()
        ));
    }
    if !meta.is_file() {
        anyhow::bail!(crate::t!(
            "{path} n'est pas un fichier ordinaire (périphérique ou tube) : donnez le chemin d'un fichier.",
            path = path.display()
        ));
    }
    if meta.len() > MAX_READ {
        anyhow::bail!(crate::t!(
            "{path} est trop gros ({mb} Mo, {max} Mo au plus) : ce n'est pas une liste ni un export de comptoir.",
            path = path.display(),
            mb = meta.len() / (1024 * 1024),
            max = MAX_READ / (1024 * 1024)
        ));
    }
    std::fs::read(path).map_err(|e| {
        anyhow::anyhow!(crate::t!(
            "Lecture de {path} impossible : {why}",
            path = path.display(),
            why = crate::strings::io_error(&e)
        ))
    })
}

/// This computer's name, as locks and site ids record it. `COMPTOIR_TEST_HOTE` stands for another
/// computer in tests (child processes cannot be handed a name otherwise).
pub fn host_name() -> String {
    if let Some(name) = std::env::var_os("COMPTOIR_TEST_HOTE") {
        return name.to_string_lossy().into_owned();
    }
    hostname::get()
        .map(|h| h.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Creates a new file that only its owner can read, from its first byte (fails if it exists).
pub fn create_new_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).read(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    // Elsewhere (Windows) a new file takes the folder's permissions: the user's profile, or
    // nothing at all on a FAT key, where only encryption protects it.
    options.open(path)
}

/// Makes an existing file readable by its owner only (Unix; see `create_new_private`).
pub fn owner_only(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Every file name the reference data reads, for help texts.
pub fn data_files() -> &'static [&'static str] {
    &FILES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_file_overrides_the_builtin_one() {
        let dir = tempfile::tempdir().unwrap();
        let themes = r#"{ "source": "test", "themes": [ { "code": "x", "libelle": "Thème X" } ] }"#;
        std::fs::write(dir.path().join("themes.json"), themes).unwrap();
        let r = load_reference(dir.path()).unwrap();
        assert_eq!(r.themes.len(), 1);
        assert_eq!(r.themes[0].name, "Thème X");
        assert_eq!(r.communes.len(), 887, "other files stay built in");
    }

    #[test]
    fn a_broken_local_file_is_named_with_its_path_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("campagne.json"),
            "{\n  \"annee\": 2026,\n  oops\n}",
        )
        .unwrap();
        let err = load_reference(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains(&dir.path().join("campagne.json").display().to_string()),
            "{err}"
        );
        assert!(err.contains("ligne 3"), "{err}");
    }
}
