//! `comptoir demo`: a fresh demo database, then the interface on it.

use std::path::PathBuf;

use anyhow::{Result, bail};

use crate::paths;

pub fn run(db: Option<PathBuf>, ideas: usize, seed: u64, no_open: bool, mouse: bool) -> Result<()> {
    let path = db.unwrap_or_else(|| paths::data_dir().join("demo.sqlite"));
    if path.exists() {
        // Only a demo file is ever replaced: a real database holds people's entries.
        let is_demo = super::tui::open(&path, None)
            .and_then(|s| s.setting("demo"))
            .map(|d| d.is_some())
            .unwrap_or(false);
        if !is_demo {
            bail!(crate::t!(
                "{path} existe déjà et n'est pas une base de démonstration : choisissez un autre chemin avec --db.",
                path = path.display()
            ));
        }
        for suffix in ["", "-wal", "-shm"] {
            let mut p = path.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    }
    let mut store = super::tui::open(&path, None)?;
    eprintln!(
        "{}",
        crate::t!("Création de la démonstration ({ideas} idée(s))…", ideas)
    );
    let mut progress =
        super::progress::tenths_on_stderr(crate::i18n::tr("Création de la démonstration"));
    let built = crate::demo::build_reporting(&mut store, ideas, seed, &mut progress)?;
    eprintln!(
        "{}",
        crate::t!(
            "Démonstration prête : {w} comptoir(s), {a} participant(s), {i} idée(s) dans {path}",
            w = built.workshops,
            a = built.attendees,
            i = built.ideas,
            path = path.display()
        )
    );
    if no_open {
        return Ok(());
    }
    // A new base: no other interface has it open; the mark says this one has.
    let _mark = match crate::tui::instance::claim(&path) {
        crate::tui::instance::Opening::Alone(mark) => mark,
        crate::tui::instance::Opening::Elsewhere { .. } => None,
    };
    crate::tui::run(
        &mut store,
        crate::tui::Options {
            mouse,
            elsewhere: None,
        },
    )
}
