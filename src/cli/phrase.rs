//! The campaign's passphrase on the command line: `--phrase-file FICHIER`, else the variable
//! `COMPTOIR_PHRASE`, else the one kept on this laptop, else asked on a terminal without
//! showing it. Never an argument of its own: `ps` would show it to anyone on the computer.
//! And `comptoir phrase --changer FICHIER`, which changes a file's passphrase.

use std::path::Path;

use anyhow::{Result, anyhow, bail};

use crate::i18n::tr;
use crate::store::{Content, Phrase, Refusal, Store};

/// The variable that may hold the passphrase.
pub const VARIABLE: &str = "COMPTOIR_PHRASE";
/// The variable that may hold the new passphrase of `comptoir phrase --changer`.
pub const NEW_VARIABLE: &str = "COMPTOIR_NOUVELLE_PHRASE";

/// The passphrase given for this run: the file's (`--phrase-file`), else the variable's.
pub fn given(file: Option<&Path>) -> Result<Option<Phrase>> {
    from_file_or_variable(file, VARIABLE)
}

fn from_file_or_variable(file: Option<&Path>, variable: &str) -> Result<Option<Phrase>> {
    if let Some(file) = file {
        let bytes = crate::paths::read_given(file)?;
        let text = String::from_utf8(bytes).map_err(|_| {
            anyhow!(crate::t!(
                "{path} n'est pas un texte lisible (UTF-8) : la phrase secrète y est attendue, seule.",
                path = file.display()
            ))
        })?;
        return Phrase::new(&text)
            .map(Some)
            .map_err(|e| anyhow!("{} : {e}", file.display()));
    }
    match std::env::var(variable) {
        Ok(text) if !text.is_empty() => Phrase::new(&text)
            .map(Some)
            .map_err(|e| anyhow!("{variable} : {e}")),
        Err(std::env::VarError::NotUnicode(_)) => bail!(crate::t!(
            "La variable {variable} n'est pas un texte lisible (UTF-8).",
            variable
        )),
        _ => Ok(None),
    }
}

/// The passphrase kept in the laptop's base at `db` (nothing when there is none, or the base
/// is encrypted itself). The base is only read.
pub fn kept(db: &Path) -> Option<Phrase> {
    if crate::store::cipher::content(db) != Content::Plain {
        return None;
    }
    let conn = rusqlite::Connection::open(db).ok()?;
    let text: String = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [crate::store::PHRASE_SETTING],
            |r| r.get(0),
        )
        .ok()?;
    Phrase::new(&text).ok()
}

/// The passphrase for `file`: `given`, else `kept`, else asked on a terminal; else the
/// sentence that says how to give it.
pub fn needed(given: Option<Phrase>, kept: Option<Phrase>, file: &Path) -> Result<Phrase> {
    if let Some(p) = given.or(kept) {
        return Ok(p);
    }
    ask(&crate::t!(
        "Phrase secrète de la campagne pour {path} : ",
        path = file.display()
    ))?
    .ok_or_else(|| Refusal::Missing(file.to_path_buf()).into())
}

/// The laptop's base at `db`, opened with the passphrase it needs: an encrypted base (the
/// central file, opened for its report) with the one given or asked; a plaintext one takes the
/// one given as the campaign's (else it uses the one kept in it).
pub fn open_base(db: &Path, phrase_file: Option<&Path>, existing: bool) -> Result<Store> {
    let given = given(phrase_file)?;
    let phrase = if crate::store::cipher::content(db) == Content::Encrypted {
        Some(needed(given, None, db)?)
    } else {
        given
    };
    if existing {
        super::tui::open_existing(db, phrase.as_ref())
    } else {
        super::tui::open(db, phrase.as_ref())
    }
}

/// Asks for a passphrase on the terminal, showing a star for each character typed; `None`
/// when the input is not a terminal (a script, a test). Échap or Ctrl+C gives up.
pub fn ask(question: &str) -> Result<Option<Phrase>> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let Some(text) = read_masked(question)? else {
        bail!(tr("Saisie abandonnée : rien n'a été modifié."));
    };
    Phrase::new(&text).map(Some).map_err(|e| anyhow!(e))
}

/// One line typed with the terminal in raw mode: nothing of it is echoed but a star per
/// character, and the terminal is given back as it was whatever happens.
fn read_masked(question: &str) -> Result<Option<String>> {
    use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
    use std::io::Write;
    let mut err = std::io::stderr();
    write!(err, "{question}")?;
    err.flush()?;
    crossterm::terminal::enable_raw_mode()?;
    let mut text = String::new();
    let read = loop {
        let key = match event::read() {
            Ok(Event::Key(k)) if k.kind == KeyEventKind::Press => k,
            Ok(_) => continue,
            Err(e) => break Err(e),
        };
        match key.code {
            KeyCode::Enter => break Ok(Some(std::mem::take(&mut text))),
            KeyCode::Esc => break Ok(None),
            KeyCode::Char('c') if key.modifiers == KeyModifiers::CONTROL => break Ok(None),
            KeyCode::Backspace if text.pop().is_some() => {
                let _ = write!(err, "\u{8} \u{8}");
            }
            // AltGr arrives as Ctrl+Alt on Windows: its character is typed.
            KeyCode::Char(c) => {
                text.push(c);
                let _ = write!(err, "*");
            }
            _ => {}
        }
        let _ = err.flush();
    };
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = write!(err, "\r\n");
    Ok(read?)
}

/// `comptoir phrase --changer FILE [--nouvelle-phrase-file NEW]`.
pub fn change(
    db: &Path,
    file: &Path,
    phrase_file: Option<&Path>,
    new_file: Option<&Path>,
) -> Result<()> {
    let old = match crate::store::cipher::content(file) {
        Content::Encrypted => Some(needed(given(phrase_file)?, kept(db), file)?),
        _ => None,
    };
    let new = match from_file_or_variable(new_file, NEW_VARIABLE)? {
        Some(p) => p,
        None => {
            let first = ask(tr("Nouvelle phrase secrète : "))?;
            let second = ask(tr("La même, une seconde fois : "))?;
            match (first, second) {
                (Some(a), Some(b)) if a == b => a,
                (Some(_), Some(_)) => bail!(tr(
                    "Les deux saisies de la nouvelle phrase secrète diffèrent : rien n'a été modifié."
                )),
                _ => bail!(tr(
                    "Nouvelle phrase secrète manquante : --nouvelle-phrase-file FICHIER, ou la variable COMPTOIR_NOUVELLE_PHRASE. Rien n'a été modifié."
                )),
            }
        }
    };
    if old.as_ref() == Some(&new) {
        bail!(tr(
            "La nouvelle phrase secrète est la même que l'actuelle : rien n'a été modifié."
        ));
    }
    let reference = crate::paths::load_reference(&crate::paths::override_dir(file))?;
    let mut progress = super::sync::progress_on_stderr();
    crate::sync::change_phrase(
        file,
        old.as_ref(),
        &new,
        std::sync::Arc::new(reference),
        &mut progress,
    )?;
    // This laptop syncs with the new one from now on, if it kept the old one.
    if old.is_some() && kept(db) == old {
        let mut local = super::tui::open_existing(db, None)?;
        local.use_phrase(new);
        local.keep_phrase()?;
        // The keys derived from the old one go with it; the new one's are kept.
        local.keep_derived_keys()?;
    }
    println!(
        "{}",
        crate::t!(
            "{path} est maintenant chiffré avec la nouvelle phrase secrète. Changez de même les autres fichiers de la campagne (clés, dossiers partagés), puis donnez-la aux animateurs : leur prochaine synchronisation la demandera.",
            path = file.display()
        )
    );
    Ok(())
}
