//! Mistakes on the command line, said in French: clap finds them, its sentences are English.

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// What to print for a command line clap refused, and the exit status; help and version go to
/// standard output with status 0, as clap prints them.
pub fn explain(e: &clap::Error) -> (String, i32) {
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        return (e.render().to_string(), 0);
    }
    let context = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        _ => None,
    };
    let arg = context(ContextKind::InvalidArg).unwrap_or_default();
    let value = context(ContextKind::InvalidValue).unwrap_or_default();
    let shown = |s: &str| crate::domain::text::clean_line(s);
    let sentence = match e.kind() {
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("valeur vide ou manquante pour {arg}.")
        }
        ErrorKind::InvalidValue => {
            let mut s = format!(
                "« {} » n'est pas une valeur possible pour {arg}",
                shown(&value)
            );
            if let Some(valid) = context(ContextKind::ValidValue) {
                s.push_str(&format!(" (valeurs possibles : {valid})"));
            }
            s.push('.');
            s
        }
        ErrorKind::ValueValidation => {
            format!(
                "valeur « {} » refusée pour {arg} : un nombre entier positif est attendu.",
                shown(&value)
            )
        }
        ErrorKind::UnknownArgument => {
            if arg.starts_with('-') {
                format!("option inconnue : « {} ».", shown(&arg))
            } else {
                format!("argument inattendu : « {} ».", shown(&arg))
            }
        }
        ErrorKind::InvalidSubcommand => format!(
            "commande inconnue : « {} ».",
            shown(&context(ContextKind::InvalidSubcommand).unwrap_or(arg))
        ),
        ErrorKind::MissingRequiredArgument => {
            format!("il manque {arg}.")
        }
        ErrorKind::MissingSubcommand => "il manque la commande.".to_string(),
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues => format!("nombre de valeurs incorrect pour {arg}."),
        ErrorKind::ArgumentConflict => format!("{arg} ne va pas avec une autre option donnée."),
        ErrorKind::InvalidUtf8 => "un argument n'est pas du texte lisible (UTF-8).".to_string(),
        _ => "ligne de commande incorrecte.".to_string(),
    };
    (
        format!(
            "comptoir : {sentence}\n« comptoir --help » donne la liste des commandes et options."
        ),
        2,
    )
}
