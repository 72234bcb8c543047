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
            // Work under way ends with « … »; the last step, done, with a full stop.
            let end = if fraction >= 1.0 { "." } else { "…" };
            eprintln!("{:>3} % {label}{end}", (fraction * 100.0).round() as i64);
            last = label.to_string();
        }
    }
}

pub fn run(
    db: Option<PathBuf>,
    target: &Path,
    phrase_file: Option<&Path>,
    dry_run: bool,
    json: bool,
    accept_erasures: bool,
) -> Result<()> {
    let db = db.unwrap_or_else(paths::default_db);
    let mut local = super::phrase::open_base(&db, phrase_file, false)?;
    if accept_erasures {
        local.accept_erasures();
    }
    // The campaign's passphrase: given, else kept on this laptop, else asked (first sync).
    let asked = local.phrase().is_none() && !dry_run;
    if asked && let Some(p) = super::phrase::ask(&ask_for(target))? {
        local.use_phrase(p);
    }
    let mut progress = progress_on_stderr();
    let mut report = crate::sync::sync(&mut local, target, dry_run, &mut progress);
    // The passphrase kept here no longer opens the key (the campaign changed it): asked once.
    if !asked
        && let Err(e) = &report
        && e.downcast_ref::<crate::store::Refusal>()
            .is_some_and(crate::store::Refusal::is_about_phrase)
        && let Some(p) = super::phrase::ask(&format!(
            "{}\n{}",
            crate::strings::user_error(e),
            ask_for(target)
        ))?
    {
        local.use_phrase(p);
        report = crate::sync::sync(&mut local, target, dry_run, &mut progress);
    }
    let report = report?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("{}", report.sentence());
    }
    Ok(())
}

fn ask_for(target: &Path) -> String {
    crate::t!(
        "Phrase secrète de la campagne pour {path} : ",
        path = target.display()
    )
}
