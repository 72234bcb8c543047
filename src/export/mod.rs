//! Exports: the attendance sheet (HTML for print, CSV for French Excel), the project sheets (HTML and
//! Markdown), the tables (CSV, XLSX), the JSON export and its import, Decidim's proposals, the
//! report.

pub mod attendance;
pub mod cell;
pub mod decidim;
pub mod json;
pub mod report;
pub mod sheet;
pub mod tables;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::i18n::tr;
use crate::store::Store;

/// Writes a file readable by its owner only, flushed. `-` or `/dev/stdout` is the standard
/// output (a reader that stops early ends the command quietly); any other device, pipe or
/// special file is refused, its mode untouched.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    if path == Path::new("-") || path == Path::new("/dev/stdout") {
        let mut out = std::io::stdout().lock();
        return match out.write_all(bytes).and_then(|_| out.flush()) {
            // The reader went away (`| head`); on Windows a closing pipe is also error 232 or
            // 233.
            Err(e)
                if e.kind() == std::io::ErrorKind::BrokenPipe
                    || matches!(e.raw_os_error(), Some(232 | 233)) && cfg!(windows) =>
            {
                Ok(())
            }
            other => other.with_context(|| tr("Écriture sur la sortie standard impossible")),
        };
    }
    crate::paths::check_name(path)?;
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
    {
        bail!(crate::t!(
            "{path} n'est pas un fichier ordinaire (dossier, périphérique ou tube) : donnez le chemin d'un fichier. Rien n'a été écrit.",
            path = path.display()
        ));
    }
    crate::paths::ensure_parent(path)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    // Owner-only on Unix; on Windows an export takes its folder's permissions (the user's
    // profile), which `paths::create_new_private` explains.
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| crate::t!("Écriture de {path} impossible", path = path.display()))?;
    #[cfg(unix)]
    {
        // A file that was there before keeps its mode when opened: tightened here.
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(())
}

/// The `exports` folder beside the database.
pub fn exports_folder(store: &Store) -> PathBuf {
    store
        .path()
        .and_then(Path::parent)
        .map(|p| p.join("exports"))
        .unwrap_or_else(|| PathBuf::from("exports"))
}

/// The attendance sheet of a workshop, as the interface writes it (CSV for French Excel) and
/// `export --format emargement` (HTML for print when `path` ends in `.html`): see
/// [`attendance`]. Returns how many people it names.
pub fn attendance_sheet(store: &Store, workshop: &str, path: &Path) -> Result<usize> {
    attendance::write(store, workshop, path)
}

/// Where the interface writes an attendance sheet: `exports/` beside the database.
pub fn sheet_path(store: &Store, workshop: &str) -> PathBuf {
    let label = store
        .workshop_label(workshop)
        .ok()
        .flatten()
        .unwrap_or_default();
    let slug: String = crate::domain::text::fold(&label)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    exports_folder(store).join(format!("emargement-{slug}.csv"))
}
