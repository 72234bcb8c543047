//! The words of the interface in the user's language: French, the default, or English
//! (`--lang en`, or a system locale that starts with `en`).
//!
//! A French text is the key of its English one in [`ENGLISH`]; [`tr`] gives the text to show.
//! Tests check both ways: every text the program passes to `tr` (and every key-table text) has
//! its English, and the table holds no English without its French use.

use std::cell::Cell;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    /// `fr` or `en` (a language tag such as `en_GB.UTF-8` counts by its start).
    pub fn parse(tag: &str) -> Option<Lang> {
        let tag = tag.to_ascii_lowercase();
        if tag.starts_with("en") {
            Some(Lang::En)
        } else if tag.starts_with("fr") {
            Some(Lang::Fr)
        } else {
            None
        }
    }
}

static CHOSEN: OnceLock<Lang> = OnceLock::new();

thread_local! {
    /// A language for this thread only (tests draw both languages side by side).
    static OVERRIDE: Cell<Option<Lang>> = const { Cell::new(None) };
}

/// Fixes the language for the whole run (from `--lang`); the first call wins.
pub fn choose(lang: Lang) {
    let _ = CHOSEN.set(lang);
}

/// The language in force: this thread's, else the one chosen, else the system's, else French.
pub fn lang() -> Lang {
    if let Some(l) = OVERRIDE.with(Cell::get) {
        return l;
    }
    *CHOSEN.get_or_init(|| {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .and_then(|v| Lang::parse(&v))
            .unwrap_or(Lang::Fr)
    })
}

/// Runs `f` with this thread in `lang` (tests).
pub fn with_lang<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    let before = OVERRIDE.with(|o| o.replace(Some(lang)));
    let out = f();
    OVERRIDE.with(|o| o.set(before));
    out
}

/// The text to show for a French text: itself in French, its English in English (the French
/// when the table lacks it, which the tests do not let happen).
pub fn tr(french: &'static str) -> &'static str {
    match lang() {
        Lang::Fr => french,
        Lang::En => english(french).unwrap_or(french),
    }
}

fn english(french: &str) -> Option<&'static str> {
    static MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| ENGLISH.iter().copied().collect())
        .get(french)
        .copied()
}

/// French → English. Placeholders in braces are filled after translation.
pub const ENGLISH: &[(&str, &str)] = &[
    // Screens and the status bar.
    ("Accueil", "Home"),
    ("Comptoirs", "Workshops"),
    ("Participants", "Attendees"),
    ("Idées", "Ideas"),
    ("Maturité", "Maturity"),
    ("Synchronisation", "Synchronisation"),
    ("Synchro", "Sync"),
    ("Premier lancement", "First run"),
    ("Synchronisation › Conflits", "Synchronisation › Conflicts"),
    ("✓ enregistré", "✓ saved"),
    ("● saisie en cours", "● typing"),
    ("synchro : {when}", "sync: {when}"),
    ("synchro : jamais", "sync: never"),
    (" · ! {n} conflit(s)", " · ! {n} conflict(s)"),
    (" · comptoir {label}", " · workshop {label}"),
    (
        "Fenêtre trop petite : 80×24 minimum",
        "Window too small: 80×24 at least",
    ),
    ("Aide : formulaire", "Help: form"),
    ("Aide : conflits", "Help: conflicts"),
    ("Aide : synchronisation", "Help: synchronisation"),
    ("Aide : doublons", "Help: duplicates"),
    ("Aide : idées", "Help: ideas"),
    ("Aide : budget", "Help: budget"),
    ("Aide : historique", "Help: history"),
    ("Aide : porteurs", "Help: holders"),
    ("Aide : maturité d'une idée", "Help: an idea's maturity"),
    ("Aide : participants", "Help: attendees"),
    ("Aide : comptoirs", "Help: workshops"),
    ("Aide : listes", "Help: lists"),
    ("Écran : {screen}", "Screen: {screen}"),
    ("{first} à {last}", "{first} to {last}"),
    ("changer d'écran", "change screen"),
    (
        "  Dans un texte : ← → Début Fin, Ctrl+Z annuler, Ctrl+Y rétablir.",
        "  In a text: ← → Home End, Ctrl+Z undo, Ctrl+Y redo.",
    ),
    (
        "  Dans un choix : ← → ou la première lettre. Case : Espace.",
        "  In a choice: ← → or the first letter. Box: Space.",
    ),
    ("Échap ferme l'aide.", "Esc closes the help."),
    // Forms: titles, field labels, why a field is closed.
    ("Comptoir", "Workshop"),
    ("Nouveau comptoir", "New workshop"),
    ("Participant", "Attendee"),
    ("Nouveau participant", "New attendee"),
    ("Inscription rapide", "Walk-in"),
    ("Idée", "Idea"),
    ("Nouvelle idée", "New idea"),
    ("Idée rapide", "Quick idea"),
    ("Ligne de budget", "Budget line"),
    ("Nouvelle ligne de budget", "New budget line"),
    (
        "Accord d'un parent (moins de 15 ans)",
        "A parent's consent (under 15)",
    ),
    (
        "Accord pour garder ses coordonnées",
        "Consent to keep contact details",
    ),
    ("Adulte référent", "Adult referent"),
    ("Animateurs", "Facilitators"),
    ("Cadre juridique", "Legal frame"),
    ("Commune", "Municipality"),
    ("Date", "Date"),
    ("Date de l'accord", "Consent date"),
    ("Description", "Description"),
    ("E-mail", "E-mail"),
    ("Financeur", "Funder"),
    ("Libellé", "Label"),
    ("Montant", "Amount"),
    ("Nature", "Nature"),
    ("Nom", "Last name"),
    ("Notes", "Notes"),
    ("Partenaires (virgules)", "Partners (commas)"),
    ("Porteur", "Holder"),
    ("Prochaines étapes", "Next steps"),
    ("Prénom", "First name"),
    ("Public visé", "Target public"),
    ("Résumé", "Summary"),
    ("Résumé en une ligne", "One-line summary"),
    ("Rôle", "Role"),
    ("Structure", "Organisation"),
    ("Structure d'accueil", "Host organisation"),
    ("Territoire", "Territory"),
    ("Thème", "Theme"),
    ("Thèmes", "Themes"),
    ("Titre", "Title"),
    ("Tranche d'âge", "Age bracket"),
    ("Type", "Type"),
    ("Téléphone", "Phone"),
    ("pour une personne nouvelle", "for a new person"),
    ("pour les recettes", "for income"),
    ("gardé seulement avec son accord", "kept only with consent"),
    ("pour les moins de 15 ans", "for the under-15s"),
    // Lists: titles, columns, empty lists.
    ("Aucun comptoir pour l'instant.", "No workshop yet."),
    (
        "Aucun participant pour l'instant : i pour une inscription rapide, n pour une fiche complète.",
        "No attendee yet: i for a walk-in, n for a full record.",
    ),
    ("Aucune idée pour l'instant.", "No idea yet."),
    ("Ce qui manque", "What is missing"),
    ("Demandé", "Requested"),
    ("Idées archivées (v : retour)", "Archived ideas (v: back)"),
    ("Idées et ce qui leur manque", "Ideas and what they lack"),
    ("Labellisée", "Labelled"),
    ("Maturité des idées", "Maturity of the ideas"),
    ("Niveau", "Level"),
    ("Non lab.", "Not lab."),
    ("Part.", "Att."),
    (
        "Personne ne correspond à cette recherche.",
        "Nobody matches this search.",
    ),
    ("Porteurs", "Holders"),
    ("rien", "nothing"),
    ("Âge", "Age"),
    // Accueil.
    (
        "Bonjour {name} · {laptop} · {territory}",
        "Hello {name} · {laptop} · {territory}",
    ),
    ("tous territoires", "all territories"),
    ("Bonjour", "Hello"),
    (
        "Comptoir en cours : {label} · {people} participant(s) · {ideas} idée(s)",
        "Current workshop: {label} · {people} attendee(s) · {ideas} idea(s)",
    ),
    (
        "Pas de comptoir en cours : écran 2, puis c sur le comptoir du jour.",
        "No current workshop: screen 2, then c on today's workshop.",
    ),
    (
        "{w} comptoirs · {a} participants · {i} idées · {b} lignes de budget",
        "{w} workshops · {a} attendees · {i} ideas · {b} budget lines",
    ),
    (
        "Campagne {year} : {min} à {max} par projet, dès {age} ans, {votes} votes",
        "Campaign {year}: {min} to {max} per project, from age {age}, {votes} votes",
    ),
    (
        "Demandé {asked} sur une enveloppe de {envelope}{over}",
        "Requested {asked} of an envelope of {envelope}{over}",
    ),
    (" : dépassée", ": exceeded"),
    (" Idées par territoire ", " Ideas per territory "),
    (" Maturité ", " Maturity "),
    (
        "Touches 1 à 6 ou Tab pour changer d'écran, F1 pour l'aide.",
        "Keys 1 to 6 or Tab to change screen, F1 for help.",
    ),
    // Forms, as they are drawn.
    (
        "enregistré à chaque champ quitté",
        "saved as each field is left",
    ),
    ("pas encore enregistré", "not saved yet"),
    ("  → comptoir du {label}", "  → workshop of {label}"),
    (
        "Entrée sur le dernier champ : inscrire, pointer, personne suivante.",
        "Enter on the last field: register, check in, next person.",
    ),
    (
        "Entrée sur le dernier champ : noter l'idée et passer à la suivante.",
        "Enter on the last field: note the idea and go to the next one.",
    ),
    (
        "Chaque champ est enregistré dès qu'on le quitte. Échap : revenir à la liste.",
        "Each field is saved as soon as it is left. Esc: back to the list.",
    ),
    ("sans objet", "not applicable"),
    ("◀ (choisir avec ← →) ▶", "◀ (choose with ← →) ▶"),
    ("aucun", "none"),
    ("[x] oui", "[x] yes"),
    ("[ ] non", "[ ] no"),
    // Keys pressed where they do nothing.
    (
        "Rien à ouvrir sur cet écran.",
        "Nothing to open on this screen.",
    ),
    (
        "Rien à créer sur cet écran : n sur les écrans 2, 3 et 4.",
        "Nothing to create on this screen: n on screens 2, 3 and 4.",
    ),
    (
        "Pas de recherche sur cet écran : / sur les écrans 3 et 4.",
        "No search on this screen: / on screens 3 and 4.",
    ),
    // How keys are written.
    ("Ctrl+S F2", "Ctrl+S F2"),
    ("Début", "Home"),
    ("Entrée", "Enter"),
    ("Entrée ↓", "Enter ↓"),
    ("Espace", "Space"),
    ("F1 ?", "F1 ?"),
    ("Fin", "End"),
    ("Maj+Tab", "Shift+Tab"),
    ("Maj+Tab ↑", "Shift+Tab ↑"),
    ("Pg↑", "PgUp"),
    ("Pg↓", "PgDn"),
    ("Tab ↓", "Tab ↓"),
    ("n Échap", "n Esc"),
    ("o Entrée", "o Enter"),
    ("x Suppr", "x Del"),
    ("Échap", "Esc"),
    // What keys do.
    ("aide", "help"),
    ("ajouter un porteur", "add a holder"),
    ("aller corriger", "go and fix"),
    ("aller à la liste", "go to the list"),
    ("annuler le pointage", "undo check-in"),
    ("aperçu", "preview"),
    ("archiver", "archive"),
    ("budget", "budget"),
    ("champ précédent", "previous field"),
    ("champ suivant", "next field"),
    ("changer de fichier", "change file"),
    ("chercher", "search"),
    ("cocher", "tick"),
    ("commenter", "comment"),
    ("comptoir en cours", "current workshop"),
    ("conflit précédent", "previous conflict"),
    ("conflit suivant", "next conflict"),
    ("conflits", "conflicts"),
    ("critère précédent", "previous criterion"),
    ("critère suivant", "next criterion"),
    ("dernière ligne", "last row"),
    ("descendre", "down"),
    ("doublons probables", "probable duplicates"),
    ("décision du comité", "committee decision"),
    ("effacer la personne", "erase the person"),
    ("effacer la recherche", "clear the search"),
    ("enregistrer", "save"),
    ("fermer l'aide", "close help"),
    ("feuille d'émargement", "attendance sheet"),
    ("fiche projet", "project sheet"),
    ("filtrer", "filter"),
    ("filtrer et trier", "filter and sort"),
    ("fusionner, garder la 1re", "merge, keep the 1st"),
    ("fusionner, garder la 2de", "merge, keep the 2nd"),
    ("garder la valeur affichée", "keep the value shown"),
    ("historique", "history"),
    ("idée précédente", "previous idea"),
    ("idée rapide", "quick idea"),
    ("idée suivante", "next idea"),
    ("importer une liste", "import a list"),
    ("inscription rapide", "walk-in"),
    ("ligne précédente", "previous row"),
    ("ligne suivante", "next row"),
    ("maturité", "maturity"),
    ("modifier", "edit"),
    ("monter", "up"),
    ("même personne", "same person"),
    ("non", "no"),
    ("nouveau", "new"),
    ("nouvelle ligne", "new line"),
    ("oui", "yes"),
    ("ouvrir", "open"),
    ("page précédente", "previous page"),
    ("page suivante", "next page"),
    ("paire précédente", "previous pair"),
    ("paire suivante", "next pair"),
    ("personne différente", "different person"),
    ("pointer", "check in"),
    ("porteur / co-porteur", "holder / co-holder"),
    ("porteur précédent", "previous holder"),
    ("porteur suivant", "next holder"),
    ("porteurs", "holders"),
    ("première ligne", "first row"),
    ("prendre l'autre valeur", "take the other value"),
    ("quitter", "quit"),
    ("recommandation", "recommendation"),
    ("retirer", "remove"),
    ("retirer la ligne", "remove the line"),
    ("retour", "back"),
    ("revenir au formulaire", "back to the form"),
    ("synchroniser", "synchronise"),
    ("valider le champ", "confirm the field"),
    ("voir les archives", "show archives"),
    ("écran précédent", "previous screen"),
    ("écran suivant", "next screen"),
    ("écrire une autre valeur", "type another value"),
    // The command line's mistakes (cli/usage.rs).
    (
        "valeur vide ou manquante pour {arg}.",
        "empty or missing value for {arg}.",
    ),
    (
        "« {value} » n'est pas une valeur possible pour {arg}",
        "« {value} » is not a possible value for {arg}",
    ),
    (
        " (valeurs possibles : {valid})",
        " (possible values: {valid})",
    ),
    (
        "valeur « {value} » refusée pour {arg} : un nombre entier positif est attendu.",
        "value « {value} » refused for {arg}: a whole positive number is expected.",
    ),
    ("option inconnue : « {arg} ».", "unknown option: « {arg} »."),
    (
        "argument inattendu : « {arg} ».",
        "unexpected argument: « {arg} ».",
    ),
    (
        "commande inconnue : « {arg} ».",
        "unknown command: « {arg} ».",
    ),
    ("il manque {arg}.", "{arg} is missing."),
    ("il manque la commande.", "the command is missing."),
    (
        "nombre de valeurs incorrect pour {arg}.",
        "wrong number of values for {arg}.",
    ),
    (
        "{arg} ne va pas avec une autre option donnée.",
        "{arg} does not go with another option given.",
    ),
    (
        "un argument n'est pas du texte lisible (UTF-8).",
        "an argument is not readable text (UTF-8).",
    ),
    ("ligne de commande incorrecte.", "wrong command line."),
    (
        "« comptoir --help » donne la liste des commandes et options.",
        "« comptoir --help » lists the commands and options.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `tr("…")` written in the sources, by reading them.
    fn texts_passed_to_tr() -> Vec<String> {
        fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("i18n.rs")
                {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let mut rest = text.as_str();
                    while let Some(i) = rest.find("tr(") {
                        let before = rest[..i].chars().last();
                        let after = rest[i + 3..].trim_start();
                        rest = &rest[i + 3..];
                        // `tr(` itself, not the end of another name (`attr(`), with a literal.
                        if before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                            || !after.starts_with('"')
                        {
                            continue;
                        }
                        let body = &after[1..];
                        let mut end = 0;
                        let bytes = body.as_bytes();
                        while bytes[end] != b'"' || bytes[end - 1] == b'\\' {
                            end += 1;
                        }
                        out.push(body[..end].replace("\\\"", "\""));
                    }
                }
            }
        }
        let mut out = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut out,
        );
        out.retain(|t| t != "…");
        out
    }

    #[test]
    fn every_text_has_its_english_and_every_english_its_text() {
        let passed = texts_passed_to_tr();
        assert!(passed.len() > 20, "{passed:?}");
        let mut used: std::collections::BTreeSet<String> = passed.iter().cloned().collect();
        for ctx in crate::tui::keys::ALL_CONTEXTS {
            for b in crate::tui::keys::bindings(*ctx) {
                used.insert(b.keys.to_string());
                used.insert(b.does.to_string());
            }
        }
        for s in crate::tui::app::Screen::ALL {
            used.insert(s.title().to_string());
        }
        let missing: Vec<&String> = used
            .iter()
            .filter(|t| english(t).is_none() && !is_universal(t))
            .collect();
        assert!(missing.is_empty(), "no English for {missing:?}");
        let unused: Vec<&str> = ENGLISH
            .iter()
            .map(|(fr, _)| *fr)
            .filter(|fr| !used.contains(*fr))
            .collect();
        assert!(
            unused.is_empty(),
            "English without a French use: {unused:?}"
        );
        let mut seen = std::collections::BTreeSet::new();
        for (fr, en) in ENGLISH {
            assert!(seen.insert(fr), "{fr} twice");
            // The placeholders of one are those of the other.
            let holes = |s: &str| {
                let mut h: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                    .collect();
                h.sort();
                h
            };
            assert_eq!(holes(fr), holes(en), "{fr} / {en}");
        }
    }

    /// Key names written the same in both languages: letters, digits, arrows, F-keys, Tab.
    fn is_universal(text: &str) -> bool {
        text.chars().count() <= 2
            || matches!(text, "F1" | "Tab")
            || text.chars().all(|c| "←↑→↓ ".contains(c))
    }

    #[test]
    fn english_is_chosen_by_tag_and_each_thread_can_have_its_own() {
        assert_eq!(Lang::parse("en_GB.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("fr_FR.UTF-8"), Some(Lang::Fr));
        assert_eq!(Lang::parse("C"), None);
        assert_eq!(with_lang(Lang::En, || tr("Idées")), "Ideas");
        assert_eq!(with_lang(Lang::Fr, || tr("Idées")), "Idées");
        assert_eq!(with_lang(Lang::En, || tr("Échap")), "Esc");
    }
}
