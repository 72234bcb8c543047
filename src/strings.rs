//! Names of fields and the words for failures, in the user's language.

use crate::i18n::tr;

mod domain;
pub use domain::{Labelled, choices, code_label, code_of_age, label_of};

/// A moment (milliseconds since 1970) in the laptop's local time, « jj/mm/aaaa à HH:MM ».
pub fn moment(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| {
            let local = d.with_timezone(&chrono::Local);
            crate::t!(
                "{day} à {time}",
                day = local.format("%d/%m/%Y"),
                time = local.format("%H:%M")
            )
        })
        .unwrap_or_else(|| "?".into())
}

/// The name of a field, as form labels and error messages show it.
pub fn field_label(table: &str, field: &str) -> &'static str {
    match (table, field) {
        ("devices", "label") => tr("Nom de l'ordinateur"),
        ("devices", "facilitator") => tr("Animateur ou animatrice"),
        ("devices", "territory") => tr("Territoire par défaut"),
        ("campaigns", "year") => tr("Année"),
        ("campaigns", "envelope") => tr("Enveloppe"),
        ("campaigns", "min_amount") => tr("Montant minimum"),
        ("campaigns", "max_amount") => tr("Montant maximum"),
        ("campaigns", "min_age") => tr("Âge minimum"),
        ("campaigns", "votes") => tr("Votes par personne"),
        (_, "date") => tr("Date"),
        (_, "territory") => tr("Territoire"),
        (_, "commune") => tr("Commune"),
        ("workshops", "host") => tr("Structure d'accueil"),
        ("workshops", "facilitators") => tr("Animateurs"),
        ("workshops", "theme") => tr("Thème"),
        (_, "notes") => tr("Notes"),
        ("attendees", "first_name") => tr("Prénom"),
        ("attendees", "last_name") => tr("Nom"),
        ("attendees", "age_bracket") => tr("Tranche d'âge"),
        ("attendees", "email") => tr("E-mail"),
        ("attendees", "phone") => tr("Téléphone"),
        ("attendees", "structure") => tr("Structure"),
        (_, "role") => tr("Rôle"),
        ("attendees", "consent") => tr("Accord pour garder les coordonnées"),
        ("attendees", "consent_date") => tr("Date de l'accord"),
        ("attendees", "parent_consent") => tr("Accord d'un parent"),
        ("attendees", "merged_into") => tr("Fusionné avec"),
        ("ideas", "title") => tr("Titre"),
        ("ideas", "summary") => tr("Résumé"),
        ("ideas", "description") => tr("Description"),
        ("ideas", "themes") => tr("Thèmes"),
        ("ideas", "target_public") => tr("Public visé"),
        ("ideas", "legal_frame") => tr("Cadre juridique"),
        ("ideas", "referent") => tr("Adulte référent"),
        ("ideas", "partners") => tr("Partenaires"),
        ("ideas", "next_steps") => tr("Prochaines étapes"),
        ("ideas", "archived") => tr("Archivée"),
        ("budget_lines", "kind") => tr("Type"),
        ("budget_lines", "nature") => tr("Nature"),
        ("budget_lines", "label") => tr("Libellé"),
        ("budget_lines", "amount") => tr("Montant"),
        ("budget_lines", "source") => tr("Financeur"),
        ("reviews", "recommendation") => tr("Recommandation"),
        ("reviews", "comment") | ("criterion_checks", "comment") => tr("Commentaire"),
        ("reviews", "decision") => tr("Décision du comité"),
        ("reviews", "decision_reason") => tr("Motif"),
        ("reviews", "decision_date") => tr("Date de décision"),
        (_, "removed") => tr("Retiré"),
        (_, "deleted") => tr("Supprimé"),
        ("attendance", "checked_in") => tr("Pointé le"),
        ("attendees", "online") => tr("Inscrit en ligne"),
        (_, "campaign") => tr("Campagne"),
        ("criterion_checks", "criterion") => tr("Critère"),
        ("criterion_checks", "met") => tr("Rempli"),
        (_, "workshop") => tr("Comptoir"),
        (_, "attendee") => tr("Participant"),
        (_, "idea") => tr("Idée"),
        _ => tr("Champ"),
    }
}

/// A storage failure in words a facilitator can act on, told apart by SQLite's error code (the
/// first SQLite error of the chain).
pub fn storage_error(e: &anyhow::Error) -> String {
    storage_words(e.chain().find_map(sqlite_code), e)
}

/// The code of a SQLite error.
fn sqlite_code(e: &(dyn std::error::Error + 'static)) -> Option<rusqlite::ErrorCode> {
    e.downcast_ref::<rusqlite::Error>()?.sqlite_error_code()
}

/// The words for a SQLite error code; `e` is named when the code says nothing more useful.
fn storage_words(code: Option<rusqlite::ErrorCode>, e: &dyn std::fmt::Display) -> String {
    use rusqlite::ErrorCode::*;
    match code {
        Some(DiskFull) => {
            tr("le disque est plein. Libérez de la place puis réessayez : rien n'a été perdu.").into()
        }
        Some(ReadOnly) => tr("la base est en lecture seule. Vérifiez les droits du fichier.").into(),
        Some(DatabaseBusy | DatabaseLocked) => {
            tr("la base est occupée par un autre programme comptoir. Fermez-le puis réessayez.")
                .into()
        }
        Some(SystemIoFailure) => tr("le disque n'accepte plus d'écriture (plein ou retiré ?). Ce qui était enregistré est intact ; libérez de la place puis réessayez.").into(),
        _ => crate::t!("erreur de la base ({e})", e),
    }
}

pub const APP_NAME: &str = "comptoir";

/// An error for the command line: the sentence of the outermost context, and of the cause when
/// it says something more (never a Rust debug dump).
pub fn user_error(e: &anyhow::Error) -> String {
    let top = e.to_string();
    match e.chain().nth(1) {
        Some(cause) if !top.ends_with('.') => {
            // The system's own words are English: a file error is said in ours.
            let why = match cause.downcast_ref::<std::io::Error>() {
                Some(io) => io_error(io),
                None => storage_words(sqlite_code(cause), &cause),
            };
            format!("{top} ({why}).")
        }
        _ => top,
    }
}

/// A file-system failure in words a facilitator can act on.
pub fn io_error(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        StorageFull => tr("plus de place sur le disque ou la clé").into(),
        PermissionDenied | ReadOnlyFilesystem => {
            tr("accès refusé (dossier ou clé en lecture seule ?)").into()
        }
        NotFound => tr("introuvable (la clé a-t-elle été retirée ?)").into(),
        IsADirectory => tr("c'est un dossier, un fichier est attendu").into(),
        NotADirectory => tr("un élément du chemin est un fichier, pas un dossier").into(),
        _ if e.raw_os_error() == Some(libc::EFBIG) => {
            tr("le fichier dépasse la taille permise (disque ou clé plein ?)").into()
        }
        _ => crate::t!("erreur du système : {e}", e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(code: std::ffi::c_int, message: &str) -> anyhow::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), Some(message.into())).into()
    }

    /// Storage errors are told apart by SQLite's code, not by the words of a message.
    #[test]
    fn storage_errors_are_told_apart_by_their_code() {
        let full = storage_error(&sqlite(rusqlite::ffi::SQLITE_FULL, "x").context("écriture"));
        assert!(full.starts_with("le disque est plein"), "{full}");
        let busy = storage_error(&sqlite(rusqlite::ffi::SQLITE_BUSY, "x"));
        assert!(busy.contains("occupée"), "{busy}");
        let read_only = storage_error(&sqlite(rusqlite::ffi::SQLITE_READONLY, "x"));
        assert!(read_only.contains("lecture seule"), "{read_only}");
        let io = storage_error(&sqlite(rusqlite::ffi::SQLITE_IOERR_WRITE, "x"));
        assert!(io.contains("n'accepte plus d'écriture"), "{io}");
        // A path or a sentence that merely says « locked » is no busy base.
        let words = storage_error(&anyhow::anyhow!("/home/locked/base.sqlite: disk is full"));
        assert!(words.starts_with("erreur de la base"), "{words}");
        let cause = anyhow::Error::from(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        ))
        .context("Ouverture de la base");
        assert!(
            user_error(&cause).contains("occupée"),
            "{}",
            user_error(&cause)
        );
    }
}

#[cfg(test)]
mod moment_tests {
    #[test]
    fn a_moment_is_a_french_day_and_a_local_time() {
        // Whatever the time zone, the day is written jj/mm/aaaa and the time HH:MM.
        let shown =
            crate::i18n::with_lang(crate::i18n::Lang::Fr, || super::moment(1_772_618_400_000));
        let (day, time) = shown.split_once(" à ").unwrap();
        assert!(
            chrono::NaiveDate::parse_from_str(day, "%d/%m/%Y").is_ok(),
            "{shown}"
        );
        assert!(
            chrono::NaiveTime::parse_from_str(time, "%H:%M").is_ok(),
            "{shown}"
        );
    }
}
