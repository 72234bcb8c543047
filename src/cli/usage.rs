//! Mistakes on the command line, said in French: clap finds them, its sentences are English.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::i18n::tr;

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
    let fill = |text: &str, arg: &str, value: &str| {
        crate::i18n::fill(text, &[("arg", &arg), ("value", &value)])
    };
    let sentence = match e.kind() {
        ErrorKind::InvalidValue if value.is_empty() => {
            fill(tr("valeur vide ou manquante pour {arg}."), &arg, "")
        }
        ErrorKind::InvalidValue => {
            let mut s = fill(
                tr("« {value} » n'est pas une valeur possible pour {arg}"),
                &arg,
                &shown(&value),
            );
            if let Some(valid) = context(ContextKind::ValidValue) {
                s.push_str(&crate::t!(" (valeurs possibles : {valid})", valid));
            }
            s.push('.');
            s
        }
        ErrorKind::ValueValidation => fill(
            tr("valeur « {value} » refusée pour {arg} : un nombre entier positif est attendu."),
            &arg,
            &shown(&value),
        ),
        ErrorKind::UnknownArgument if arg.starts_with('-') => {
            fill(tr("option inconnue : « {arg} »."), &shown(&arg), "")
        }
        ErrorKind::UnknownArgument => fill(tr("argument inattendu : « {arg} »."), &shown(&arg), ""),
        ErrorKind::InvalidSubcommand => fill(
            tr("commande inconnue : « {arg} »."),
            &shown(&context(ContextKind::InvalidSubcommand).unwrap_or(arg)),
            "",
        ),
        ErrorKind::MissingRequiredArgument => fill(tr("il manque {arg}."), &arg, ""),
        ErrorKind::MissingSubcommand => tr("il manque la commande.").to_string(),
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues => {
            fill(tr("nombre de valeurs incorrect pour {arg}."), &arg, "")
        }
        ErrorKind::ArgumentConflict => fill(
            tr("{arg} ne va pas avec une autre option donnée."),
            &arg,
            "",
        ),
        ErrorKind::InvalidUtf8 => tr("un argument n'est pas du texte lisible (UTF-8).").to_string(),
        _ => tr("ligne de commande incorrecte.").to_string(),
    };
    (
        format!(
            "comptoir : {sentence}\n{}",
            tr("« comptoir --help » donne la liste des commandes et options.")
        ),
        2,
    )
}
