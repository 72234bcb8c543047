//! `comptoir sync TARGET`: this laptop with a shared file or folder.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Result;

use crate::paths;

/// Progress on stderr, once the work has taken more than a second.
pub fn progress_on_stderr() -> impl FnMut(&str, f64) {
    let start = Instant::now();
    let mut last = String::new();
    move |label: &str, fraction: f64| {
        if start.elapsed().as_secs_f64() > 1.0 && label != last {
            eprintln!("{:>3} % {label}…", (fraction * 100.0).round() as i64);
            last = label.to_string();
        }
    }
}

pub fn run(
    db: Option<PathBuf>,
    target: &Path,
    dry_run: bool,
    json: bool,
    accept_erasures: bool,
) -> Result<()> {
    let db = db.unwrap_or_else(paths::default_db);
    let mut local = super::tui::open(&db)?;
    if accept_erasures {
        local.accept_erasures();
    }
    let mut progress = progress_on_stderr();
    let report = crate::sync::sync(&mut local, target, dry_run, &mut progress)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("{}", report.sentence());
    }
    Ok(())
}
