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

/// The language in force: this thread's, else the one chosen, else `COMPTOIR_LANG`, else the
/// system's, else French. (`.cargo/config.toml` sets `COMPTOIR_LANG=fr` for what cargo runs, so
/// the tests read French on any machine; `--lang en` still wins.)
pub fn lang() -> Lang {
    if let Some(l) = OVERRIDE.with(Cell::get) {
        return l;
    }
    *CHOSEN.get_or_init(|| {
        ["COMPTOIR_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
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

/// Fills the named holes of a text in one pass: `{name}` takes the value given for `name`;
/// a value is never read again for holes (a typed « {n} » stays as typed).
///
/// Words of the text marked « (s) » agree with their count: the nearest whole number filled
/// in before them (or, if none, after them). « {n} idée(s) envoyée(s) » reads « 1 idée
/// envoyée », « 3 idées envoyées »: 0 and 1 take the singular in French, 1 alone in English.
/// What a value holds (a typed title) is never changed.
pub fn fill(text: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    // The text cut into its own words and the values put in its holes.
    enum Piece<'a> {
        Text(&'a str),
        Value(String),
    }
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after
            .find('}')
            .and_then(|close| Some((close, values.iter().find(|(n, _)| *n == &after[..close])?)))
        {
            Some((close, (_, value))) => {
                pieces.push(Piece::Text(&rest[..open]));
                pieces.push(Piece::Value(value.to_string()));
                rest = &after[close + 1..];
            }
            None => {
                pieces.push(Piece::Text(&rest[..=open]));
                rest = after;
            }
        }
    }
    pieces.push(Piece::Text(rest));
    let count = |p: &Piece| match p {
        Piece::Value(v) => v.trim().parse::<i64>().ok(),
        Piece::Text(_) => None,
    };
    let mut out = String::with_capacity(text.len() + 16);
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Value(v) => out.push_str(v),
            Piece::Text(t) if !t.contains("(s)") && !t.contains("(ies)") => out.push_str(t),
            Piece::Text(t) => {
                let n = pieces[..i]
                    .iter()
                    .rev()
                    .find_map(count)
                    .or_else(|| pieces[i + 1..].iter().find_map(count));
                out.push_str(&agree(t, n));
            }
        }
    }
    out
}

/// « (s) » read for a count: dropped for one, « s » for more (left as it is without a count).
fn agree(text: &str, n: Option<i64>) -> String {
    let Some(n) = n else {
        return text.to_string();
    };
    let many = match lang() {
        Lang::Fr => n.abs() > 1,
        Lang::En => n != 1,
    };
    if many {
        // The one English word of the program whose plural takes no « s ».
        text.replace("person(s)", "people")
            .replace("y(ies)", "ies")
            .replace("(s)", "s")
    } else {
        text.replace("(ies)", "").replace("(s)", "")
    }
}

/// A count and its noun, agreed: « 0 comptoir », « 1 comptoir », « 2 comptoirs » in French
/// (0 and 1 take the singular), « 0 workshops », « 1 workshop » in English. Both forms come
/// translated: `plural(n, tr("comptoir"), tr("comptoirs"))`. Every count said to a person goes
/// through it, never « comptoir(s) ».
pub fn plural<N>(n: N, one: &str, many: &str) -> String
where
    N: std::fmt::Display + PartialOrd + From<u8>,
{
    let single = match lang() {
        Lang::Fr => n <= N::from(1),
        Lang::En => n == N::from(1),
    };
    format!("{n} {}", if single { one } else { many })
}

/// A text in the user's language with its holes filled: `t!("{n} idée(s)", n = count)`, or
/// `t!("Bienvenue, {name} !", name)` for a variable of the hole's name.
#[macro_export]
macro_rules! t {
    (@value $name:ident) => { $name };
    (@value $name:ident $value:expr) => { $value };
    ($french:literal $(,)?) => { $crate::i18n::tr($french).to_string() };
    ($french:literal, $($name:ident $(= $value:expr)?),+ $(,)?) => {
        $crate::i18n::fill(
            $crate::i18n::tr($french),
            &[$((stringify!($name), &$crate::t!(@value $name $($value)?) as &dyn std::fmt::Display)),+],
        )
    };
}

/// The English of a text that is not a literal (clap's help, read from the command's
/// definition), when the table has it.
pub fn english_of(french: &str) -> Option<&'static str> {
    english(french)
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
    ("Aide : maturité", "Help: maturity"),
    ("Aide : accueil", "Help: home"),
    ("Écran : {screen}", "Screen: {screen}"),
    ("{first} à {last}", "{first} to {last}"),
    ("changer d'écran", "change screen"),
    (
        "  Dans un texte : Ctrl+U vider, Ctrl+Z annuler, Ctrl+Y rétablir.",
        "  In a text: Ctrl+U empty, Ctrl+Z undo, Ctrl+Y redo.",
    ),
    (
        "Lecture seule : rien ne peut être modifié ici (base ouverte dans une autre fenêtre).",
        "Read-only: nothing can be changed here (the base is open in another window).",
    ),
    (
        "Collage coupé à {max} caractères.",
        "Paste cut at {max} characters.",
    ),
    (
        "  Dans un choix : ← →, ou le début du libellé, ou un âge. Case : Espace.",
        "  In a choice: ← →, or the start of the label, or an age. Box: Space.",
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
    ("comptoir", "workshop"),
    ("comptoirs", "workshops"),
    ("inscrit", "registered"),
    ("inscrits", "registered"),
    ("venu", "came"),
    ("venus", "came"),
    ("idée", "idea"),
    ("idées", "ideas"),
    ("ligne de budget", "budget line"),
    ("lignes de budget", "budget lines"),
    ("sans âge ni commune", "no age or commune"),
    (
        "Fusionner {name} avec une autre personne",
        "Merge {name} with another person",
    ),
    (
        "Comptoirs · {p} inscrit(s) · {a} venu(s)",
        "Workshops · {p} registered · {a} came",
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
        "Chaque champ est enregistré dès qu'on le quitte. Échap : revenir.",
        "Each field is saved as soon as it is left. Esc: back.",
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
    ("Ctrl+E", "Ctrl+E"),
    ("Début", "Home"),
    ("Entrée", "Enter"),
    ("Entrée ↓", "Enter ↓"),
    ("Espace", "Space"),
    ("Espace : cocher ou décocher", "Space: tick or untick"),
    ("Ici", "Here"),
    ("{host}, programme n° {pid}", "{host}, process {pid}"),
    ("q Échap", "q Esc"),
    ("ouvrir en lecture seule", "open read-only"),
    (
        "Lecture seule : rien n'est enregistré ici (base ouverte ailleurs).",
        "Read-only: nothing is saved here (base open elsewhere).",
    ),
    (
        "Ouvert en lecture seule : consultez, rien n'est enregistré ici.",
        "Opened read-only: look, nothing is saved here.",
    ),
    (" Base déjà ouverte ", " Base already open "),
    (
        "Cette base est déjà ouverte dans une autre fenêtre de comptoir ({who}). Deux fenêtres qui écrivent dans la même base se marchent dessus.\n\n[l] ouvrir en lecture seule    [q] quitter",
        "This base is already open in another comptoir window ({who}). Two windows writing to one base get in each other's way.\n\n[l] open read-only    [q] quit",
    ),
    ("lecture seule", "read-only"),
    (
        "Entrée à la fin : inscrire et pointer. Ctrl+E : e-mail, téléphone, accord.",
        "Enter at the end: register and check in. Ctrl+E: e-mail, phone, consent.",
    ),
    (
        "e-mail, téléphone et accord (inscription rapide)",
        "e-mail, phone and consent (quick registration)",
    ),
    (
        " · présents au comptoir en cours (c)",
        " · at the current workshop (c)",
    ),
    ("présents au comptoir en cours", "at the current workshop"),
    (
        "Présents au comptoir en cours (c : tout le monde).",
        "At the current workshop (c: everyone).",
    ),
    (
        "Tout le monde (c : les présents).",
        "Everyone (c: those here).",
    ),
    ("  tapé « {typed} »", "  typed “{typed}”"),
    (
        "Pas encore enregistré : voyez le champ marqué ✗.",
        "Not saved yet: see the field marked ✗.",
    ),
    ("F1 ?", "F1 ?"),
    ("Fin", "End"),
    ("Maj+Tab", "Shift+Tab"),
    ("Maj+Tab ↑", "Shift+Tab ↑"),
    ("Pg↑", "PgUp"),
    ("Pg↓", "PgDn"),
    ("Tab ↓", "Tab ↓"),
    ("n Échap", "n Esc"),
    ("o Entrée", "y Enter"),
    ("x Suppr", "x Del"),
    ("Échap", "Esc"),
    // What keys do.
    ("aide", "help"),
    ("ajouter un porteur", "add a holder"),
    ("aller corriger", "go and fix"),
    ("aller à la liste", "go to the list"),
    ("aperçu", "preview"),
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
    ("conflit", "conflict"),
    ("Dépenses", "Expenses"),
    ("Recettes", "Income"),
    ("Sous-total des dépenses", "Expenses subtotal"),
    ("Sous-total des recettes", "Income subtotal"),
    (
        "Montant nul : une ligne à 0 € ne compte pas ; tapez son montant.",
        "Zero amount: a 0 € line counts for nothing; type its amount.",
    ),
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
    // Messages, rules, exports and the command line's own words.
    (
        "Lecture de la base impossible : {e}",
        "Could not read the database: {e}",
    ),
    (
        "Impossible de créer le dossier {path}",
        "Could not create the folder {path}",
    ),
    ("Écriture de {path} impossible", "Could not write {path}"),
    (
        "Écriture de {path} sur le disque impossible",
        "Could not write {path} to the disk",
    ),
    (
        "Écriture du dossier {path} impossible",
        "Could not write the folder {path}",
    ),
    (
        "Impossible de créer la base {path}",
        "Could not create the database {path}",
    ),
    ("{path} illisible : {e}", "{path} unreadable: {e}"),
    (
        "{name} n'est pas une base SQLite lisible.",
        "{name} is not a readable SQLite database.",
    ),
    (
        "{name} est abîmé : SQLite y trouve des pages illisibles.",
        "{name} is damaged: SQLite finds unreadable pages in it.",
    ),
    (
        "{name} n'est pas une base comptoir.",
        "{name} is not a comptoir database.",
    ),
    (
        "{name} vient d'une version plus récente de comptoir (schéma {version}) : mettez comptoir à jour.",
        "{name} comes from a newer comptoir (schema {version}): update comptoir.",
    ),
    (
        "{name} doit d'abord être mis à jour (schéma {version}).",
        "{name} must be brought up to date first (schema {version}).",
    ),
    ("{what} : {n}", "{what}: {n}"),
    ("son dossier", "its folder"),
    ("le fichier", "the file"),
    (" Vous pouvez retirer la clé.", " You can remove the key."),
    (
        "  Aperçu            : touche p",
        "  Preview           : key p",
    ),
    (
        "  Aperçu            : {send} modification(s) à envoyer, {receive} à recevoir",
        "  Preview           : {send} change(s) to send, {receive} to receive",
    ),
    (
        "  Aucun porteur : n pour en ajouter un.",
        "  No holder: n to add one.",
    ),
    (
        "  Cet ordinateur    : {label} ({site})",
        "  This laptop       : {label} ({site})",
    ),
    ("  Conflits          : aucun", "  Conflicts         : none"),
    (
        "  Conflits          : {n} à régler (touche c)",
        "  Conflicts         : {n} to settle (key c)",
    ),
    (
        "  Dernière synchro  : {when}",
        "  Last sync         : {when}",
    ),
    (
        "  Fichier partagé   : {target}",
        "  Shared file       : {target}",
    ),
    (
        "mineur : adulte référent dans la fiche",
        "minor: referent adult in the idea",
    ),
    ("  {n} modification(s)", "  {n} change(s)"),
    (" (animateur)", " (facilitator)"),
    (" Aucune pour l'instant.", " None yet."),
    (" Confirmer ", " Confirm "),
    (" Déjà connu(e) ? ", " Already known? "),
    (
        " Fichier ignoré : {file} ({why}).",
        " File skipped: {file} ({why}).",
    ),
    (" le {d}", " on {d}"),
    (
        " {n} conflit(s) à régler (écran Synchronisation, touche c).",
        " {n} conflict(s) to settle (Synchronisation screen, key c).",
    ),
    (" · recherche : {query}", " · search: {query}"),
    (" · triées (f)", " · sorted (f)"),
    (" · {n} filtre(s)", " · {n} filter(s)"),
    ("(personne effacée)", "(erased person)"),
    ("(sans libellé)", "(no label)"),
    ("(sans nom)", "(no name)"),
    (", sans données personnelles", ", without personal data"),
    ("11 à 14 ans", "11 to 14"),
    ("15 à 17 ans", "15 to 17"),
    ("18 à 25 ans", "18 to 25"),
    ("1re : {who}", "1st: {who}"),
    ("26 à 64 ans", "26 to 64"),
    ("2de : {who}", "2nd: {who}"),
    ("65 ans et plus", "65 and over"),
    (
        "Abandonner la saisie ? Rien n'a encore été enregistré.",
        "Drop what was typed? Nothing has been saved yet.",
    ),
    (
        "Abandonner la saisie ? comptoir se fermera sans rien enregistrer.",
        "Drop what was typed? comptoir will close without saving anything.",
    ),
    ("Accord d'un parent", "A parent's consent"),
    (
        "Accord pour garder les coordonnées",
        "Consent to keep contact details",
    ),
    ("Afficher l'aide", "Show the help"),
    ("Afficher la version", "Show the version"),
    ("Ajouter un porteur", "Add a holder"),
    ("Animateur ou animatrice", "Facilitator"),
    ("Année", "Year"),
    (
        "Anonymiser les participants des campagnes passées",
        "Anonymise the attendees of past campaigns",
    ),
    (
        "Archiver l'idée « {title} » ? Elle disparaît des listes mais reste dans l'historique (v : voir les archives).",
        "Archive the idea “{title}”? It leaves the lists but stays in the history (v: see the archive).",
    ),
    ("Archivée", "Archived"),
    ("Aucun comptoir le {date}.", "No workshop on {date}."),
    (
        "Aucun conflit : toutes les modifications s'accordent.",
        "No conflict: all changes agree.",
    ),
    ("Aucun doublon probable.", "No likely duplicate."),
    ("Aucun pointage à annuler.", "No check-in to undo."),
    (
        "Aucune ligne : n pour ajouter une dépense ou une recette.",
        "No line: n to add an expense or an income.",
    ),
    ("Autofinancement", "Self-funding"),
    ("Autre", "Other"),
    ("Base de données locale à utiliser", "Local database to use"),
    (
        "Base locale par défaut : le dossier de données de la plateforme (sous Linux\n~/.local/share/comptoir/comptoir.sqlite), ou --db, ou la variable COMPTOIR_DB.\nDonnées de référence : intégrées au programme ; un fichier du même nom dans le dossier\n« donnees » à côté de la base (ou COMPTOIR_DATA) les remplace sans recompiler.",
        "Default local database: the platform's data folder (on Linux\n~/.local/share/comptoir/comptoir.sqlite), or --db, or the COMPTOIR_DB variable.\nReference data: built into the program; a file of the same name in the folder\n\"donnees\" beside the database (or COMPTOIR_DATA) replaces it without recompiling.",
    ),
    ("Bienvenue dans comptoir", "Welcome to comptoir"),
    ("Bienvenue, {name} !", "Welcome, {name}!"),
    (
        "Bilan par campagne et par territoire",
        "Summary by campaign and territory",
    ),
    ("Budget", "Budget"),
    ("Budget citoyen", "Budget citoyen"),
    (
        "Budget citoyen du Pas-de-Calais · niveau : {level}",
        "Budget citoyen of the Pas-de-Calais · level: {level}",
    ),
    (
        "Budget citoyen {year} — bilan",
        "Budget citoyen {year} — summary",
    ),
    ("Budget · ", "Budget · "),
    ("Bénévolat valorisé", "Volunteer time (valued)"),
    ("CAF", "CAF"),
    ("CENTRALE", "CENTRAL"),
    ("CHEMIN", "PATH"),
    ("CIBLE", "TARGET"),
    ("COMMANDE", "COMMAND"),
    ("Campagne", "Campaign"),
    (
        "Ce critère se calcule à partir des fiches : Entrée pour aller corriger.",
        "This criterion is computed from the records: Enter to go and fix it.",
    ),
    (
        "Ce fichier SQLite n'est pas une base comptoir.",
        "This SQLite file is not a comptoir database.",
    ),
    (
        "Ce fichier a été écrit par une version plus récente de comptoir (schéma {current}, celle-ci connaît le schéma {latest}) : mettez comptoir à jour.",
        "This file was written by a newer comptoir (schema {current}, this one knows schema {latest}): update comptoir.",
    ),
    (
        "Cette fiche appartient à une personne effacée : elle ne peut plus être modifiée.",
        "This record belongs to an erased person: it can no longer be changed.",
    ),
    (
        "Cette fiche n'existe plus.",
        "This record no longer exists.",
    ),
    (
        "Cette idée est au niveau « {level} », pas « Prête pour la labellisation ». Enregistrer quand même la labellisation ?",
        "This idea is at level “{level}”, not “Ready for labelling”. Record the labelling anyway?",
    ),
    ("Cette idée n'existe plus.", "This idea no longer exists."),
    (
        "Cette personne porte déjà l'idée.",
        "This person holds the idea already.",
    ),
    (
        "Cette personne ressemble à {first} {last} ({age}, {commune}, {n} comptoir(s)) : {why}.\n\n[m] même personne    [d] personne différente    [Échap] revenir",
        "This person looks like {first} {last} ({age}, {commune}, {n} workshop(s)): {why}.\n\n[m] same person    [d] different person    [Esc] go back",
    ),
    ("Champ", "Field"),
    ("Champ inconnu.", "Unknown field."),
    (
        "Choisissez d'abord le comptoir en cours (écran 2, touche c).",
        "First choose the current workshop (screen 2, key c).",
    ),
    (
        "Choisissez d'abord le fichier ou le dossier partagé.",
        "First choose the shared file or folder.",
    ),
    ("Cible de synchronisation", "Sync target"),
    (
        "Comité : pas encore de décision (d)",
        "Committee: no decision yet (d)",
    ),
    ("Comité : {d}", "Committee: {d}"),
    ("Commandes", "Commands"),
    ("Commentaire", "Comment"),
    (
        "Complétez les champs marqués ✗.",
        "Complete the fields marked ✗.",
    ),
    (
        "Comptoir en cours choisi : les inscriptions y seront pointées.",
        "Current workshop chosen: registrations will be checked in there.",
    ),
    ("Comptoir introuvable.", "Workshop not found."),
    (
        "Comptoirs : {w} · inscrits : {p} · venus : {a} · idées : {i} · labellisées : {yes} · non labellisées : {no}",
        "Workshops: {w} · registered: {p} · came: {a} · ideas: {i} · labelled: {yes} · not labelled: {no}",
    ),
    (
        "Confirmation nécessaire : relancez avec --oui pour anonymiser sans question.",
        "Confirmation needed: run again with --oui to anonymise without a question.",
    ),
    ("Confirmer ? [o/N] ", "Confirm? [y/N] "),
    (
        "Conflit réglé : la valeur retenue ira à tous les ordinateurs.",
        "Conflict settled: the value kept will go to every laptop.",
    ),
    ("Conflits", "Conflicts"),
    ("Conflits     : {n}", "Conflicts    : {n}"),
    ("Conflits ouverts : {n}", "Open conflicts: {n}"),
    ("Conflits à régler", "Conflicts to settle"),
    (
        "Contenu      : {w} comptoir(s), {p} inscrit(s), {a} venu(s), {i} idée(s), {b} ligne(s) de budget, {c} modification(s)",
        "Content      : {w} workshop(s), {p} registered, {a} came, {i} idea(s), {b} budget line(s), {c} change(s)",
    ),
    (
        "Copie de {path} impossible : {why}. Rien n'a été modifié.",
        "Could not copy {path}: {why}. Nothing was changed.",
    ),
    ("Copie du fichier partagé", "Copying the shared file"),
    ("Critère", "Criterion"),
    (
        "Critère de l'animateur : Espace pour le cocher.",
        "Facilitator's criterion: Space to tick it.",
    ),
    ("Critères de maturité", "Maturity criteria"),
    ("Création de la démonstration", "Building the demo"),
    (
        "Création de la démonstration ({ideas} idée(s))…",
        "Building the demo ({ideas} idea(s))…",
    ),
    (
        "Créer une base de démonstration réaliste, puis l'ouvrir",
        "Build a realistic demo database, then open it",
    ),
    ("Curieux", "Curious"),
    ("DATE", "DATE"),
    ("Date (récentes d'abord)", "Date (latest first)"),
    ("Date de décision", "Decision date"),
    (
        "Date illisible « {date} » : tapez jj/mm/aaaa.",
        "Unreadable date “{date}”: type dd/mm/yyyy.",
    ),
    ("Date limite, jj/mm/aaaa", "Cut-off date, dd/mm/yyyy"),
    (
        "Demandé : {asked} pour une enveloppe de {envelope} ({share} %)",
        "Asked: {asked} for an envelope of {envelope} ({share} %)",
    ),
    (
        "Demandé au Budget citoyen : ",
        "Asked of the Budget citoyen: ",
    ),
    (
        "Dire ce qui changerait, sans rien changer",
        "Say what would change, without changing anything",
    ),
    ("Doublons probables", "Likely duplicates"),
    ("Décision", "Decision"),
    ("Décision du comité", "Committee's decision"),
    (
        "Décision du comité de labellisation",
        "Labelling committee's decision",
    ),
    (
        "Démonstration prête : {w} comptoir(s), {a} participant(s), {i} idée(s) dans {path}",
        "Demo ready: {w} workshop(s), {a} attendee(s), {i} idea(s) in {path}",
    ),
    (
        "Département (hors Budget citoyen)",
        "Département (outside the Budget citoyen)",
    ),
    ("Dépense", "Expense"),
    (
        "Dépenses : {expenses} · cofinancements : {cofunding}",
        "Expenses: {expenses} · co-funding: {cofunding}",
    ),
    (
        "Dépenses {expenses} · cofinancements {cofunding}",
        "Expenses {expenses} · co-funding {cofunding}",
    ),
    ("EPCI", "EPCI"),
    ("Effacement dans les sauvegardes", "Erasing in the backups"),
    (
        "Effacer définitivement {name} ? Ses données personnelles disparaissent de cet ordinateur, puis de tous les autres à la synchronisation. Les présences restent comptées, anonymes.",
        "Erase {name} for good? Their personal data leaves this laptop, then every other one at the sync. Attendance stays counted, anonymous.",
    ),
    ("Empreinte    : {digest}", "Digest       : {digest}"),
    ("En bref", "In short"),
    ("En constr.", "Building"),
    ("En construction", "Taking shape"),
    ("Enregistrement impossible : {why}", "Could not save: {why}"),
    ("Enregistré.", "Saved."),
    (
        "Entrée ou Ctrl+S : valider · Échap : annuler",
        "Enter or Ctrl+S: confirm · Esc: cancel",
    ),
    ("Enveloppe", "Envelope"),
    ("Envoi des modifications", "Sending the changes"),
    ("Envoyées", "Sent"),
    (
        "Export : {what}{public} dans {path}",
        "Export: {what}{public} in {path}",
    ),
    (
        "Exporter les données (CSV, XLSX, JSON, fiches projet, Decidim, émargement)",
        "Export the data (CSV, XLSX, JSON, project sheets, Decidim, attendance sheet)",
    ),
    ("FICHIER", "FILE"),
    ("FORMAT", "FORMAT"),
    (
        "Feuille d'émargement ({n} personne(s)) : {path}",
        "Attendance sheet ({n} person(s)): {path}",
    ),
    ("Fiche", "Record"),
    ("Fiche enregistrée.", "Record saved."),
    ("Fichier      : {path}", "File         : {path}"),
    ("Fichier CSV d'inscriptions", "Registrations CSV file"),
    (
        "Fichier de données {file} illisible, ligne {line} : {why}",
        "Data file {file} unreadable, line {line}: {why}",
    ),
    ("Fichier ou dossier de sortie", "Output file or folder"),
    ("Fichier ou dossier partagé", "Shared file or folder"),
    (
        "Fichiers ou dossiers à fusionner, dans n'importe quel ordre",
        "Files or folders to merge, in any order",
    ),
    (
        "Filtrer et trier les idées (Suppr : aucun filtre)",
        "Filter and sort the ideas (Del: no filter)",
    ),
    (
        "Filtrer les participants (Suppr : aucun filtre)",
        "Filter the attendees (Del: no filter)",
    ),
    ("Fonctionnement", "Running costs"),
    ("Fondation", "Foundation"),
    ("Fusion de {path}", "Merging {path}"),
    ("Fusion impossible : {why}", "Could not merge: {why}"),
    (
        "Fusionner des fichiers partagés dans la base centrale",
        "Merge shared files into the central database",
    ),
    ("Fusionné avec", "Merged with"),
    (
        "Graine du générateur : même graine, mêmes personnes et idées",
        "Generator's seed: same seed, same people and ideas",
    ),
    ("Historique · ", "History · "),
    ("Identifiant", "Id"),
    ("Idée introuvable.", "Idea not found."),
    (
        "Idée proche déjà notée dans ce territoire : « {first} ».",
        "A close idea is already noted in this territory: “{first}”.",
    ),
    (
        "Idée « {title} » archivée (v : voir les archives).",
        "Idea “{title}” archived (v: see the archive).",
    ),
    (
        "Idée « {title} » notée. Suivante ?",
        "Idea “{title}” noted. Next?",
    ),
    (
        "Import de la liste d'inscription",
        "Importing the registration list",
    ),
    (
        "Import JSON : {received} modification(s) reçue(s), fusionnées comme une synchronisation.",
        "JSON import: {received} change(s) received, merged as a sync.",
    ),
    (
        "Import terminé : {added} personne(s) ajoutée(s), {matched} déjà connue(s), {refused} ligne(s) refusée(s).",
        "Import done: {added} person(s) added, {matched} already known, {refused} line(s) refused.",
    ),
    (
        "Importer la liste d'inscription en ligne (CSV) ou un export JSON",
        "Import the online registration list (CSV) or a JSON export",
    ),
    ("Importer une liste", "Import a list"),
    (
        "Impossible d'ouvrir la base {path}",
        "Could not open the database {path}",
    ),
    (
        "Impossible de poser le verrou {path} : {why}. Rien n'a été modifié.",
        "Could not set the lock {path}: {why}. Nothing was changed.",
    ),
    ("Inscrit en ligne", "Registered online"),
    ("Intégrité    : {integrity}", "Integrity    : {integrity}"),
    ("Investissement", "Investment"),
    (
        "L'horloge de l'ordinateur « {device} » est en avance de {days} jour(s) : corrigez sa date et son heure.",
        "The clock of the laptop “{device}” is {days} day(s) ahead: set its date and time right.",
    ),
    ("LANGUE", "LANGUAGE"),
    (
        "La base centrale (créée si besoin)",
        "The central database (created if needed)",
    ),
    (
        "La base locale doit être un fichier pour être synchronisée.",
        "The local database must be a file to be synced.",
    ),
    (
        "La base {path} est en lecture seule ({what}) : comptoir doit pouvoir y écrire. Vérifiez les droits, ou copiez-la dans un dossier à vous.",
        "The database {path} is read-only ({what}): comptoir must be able to write to it. Check the permissions, or copy it into a folder of yours.",
    ),
    (
        "La cible est la base locale elle-même : choisissez le fichier de la clé ou du dossier partagé.",
        "The target is the local database itself: choose the file on the key or in the shared folder.",
    ),
    ("Label.", "Label."),
    (
        "Langue de l'interface : fr (par défaut) ou en (sinon, celle du système)",
        "Interface language: fr (the default) or en (otherwise, the system's)",
    ),
    (
        "Le Budget citoyen est ouvert à partir de 11 ans.",
        "The Budget citoyen is open from age 11.",
    ),
    (
        "Le dossier de {target} est en lecture seule : impossible d'y synchroniser. Rien n'a été modifié.",
        "The folder of {target} is read-only: cannot sync there. Nothing was changed.",
    ),
    (
        "Le dossier {path} est introuvable : la clé USB est-elle branchée, le dossier partagé accessible ?",
        "The folder {path} cannot be found: is the USB key plugged in, the shared folder reachable?",
    ),
    (
        "Le fichier partagé {path} est abîmé : il n'a pas été modifié ; reprenez la dernière copie saine (check).",
        "The shared file {path} is damaged: it was not changed; go back to the last sound copy (check).",
    ),
    (
        "Le fichier partagé, ou un dossier partagé",
        "The shared file, or a shared folder",
    ),
    (
        "Le montant ne peut pas être négatif.",
        "The amount cannot be negative.",
    ),
    (
        "Lecture de {path} impossible : {why}",
        "Could not read {path}: {why}",
    ),
    (
        "Lecture des autres ordinateurs",
        "Reading the other laptops",
    ),
    ("Lieu", "Place"),
    (
        "Ligne retirée (elle reste dans l'historique).",
        "Line removed (it stays in the history).",
    ),
    ("Mature", "Mature"),
    ("Maturité : {levels}", "Maturity: {levels}"),
    (
        "Milliers mal groupés : écrivez 12 500 ou 12500.",
        "Thousands badly grouped: write 12 500 or 12500.",
    ),
    ("Montant demandé", "Amount asked"),
    (
        "Montant illisible : tapez des chiffres, par exemple 12 500,50.",
        "Unreadable amount: type digits, for example 12 500,50.",
    ),
    ("Montant maximum", "Maximum amount"),
    ("Montant minimum", "Minimum amount"),
    (
        "Montant obligatoire : tapez un nombre, par exemple 12 500.",
        "Amount required: type a number, for example 12 500.",
    ),
    ("Montant trop grand.", "Amount too large."),
    ("Motif", "Reason"),
    ("Mécénat", "Sponsorship"),
    (
        "Ne pas capturer la souris (garde la sélection de texte du terminal)",
        "Do not capture the mouse (keeps the terminal's text selection)",
    ),
    (
        "Ne pas demander de confirmation",
        "Do not ask for confirmation",
    ),
    ("Niveau de maturité", "Maturity level"),
    ("Nom de cet ordinateur", "This laptop's name"),
    ("Nom de l'ordinateur", "Laptop's name"),
    (
        "Nombre d'idées (participants et lignes de budget en proportion)",
        "Number of ideas (attendees and budget lines in proportion)",
    ),
    ("Non labellisée", "Not labelled"),
    ("Nouvelle valeur", "New value"),
    ("Options", "Options"),
    ("Ordinateur", "Laptop"),
    ("Ordinateurs  : {n}", "Laptops      : {n}"),
    ("Ordinateurs :", "Laptops:"),
    ("Partenaire", "Partner"),
    ("Partenaires", "Partners"),
    (
        "Participants · recherche : {query}",
        "Attendees · search: {query}",
    ),
    (
        "Pas de comptoir en cours : précisez --comptoir jj/mm/aaaa.",
        "No current workshop: give --comptoir dd/mm/yyyy.",
    ),
    ("Personne", "Person"),
    (
        "Personne à anonymiser avant le {before}.",
        "Nobody to anonymise before {before}.",
    ),
    ("Pointage de {name} annulé.", "Check-in of {name} undone."),
    ("Pointé le", "Checked in on"),
    ("Porteur d'idée", "Idea holder"),
    ("Porteurs · ", "Holders · "),
    (
        "Pour --format emargement : le comptoir, par sa date jj/mm/aaaa ou son identifiant (défaut : le comptoir en cours)",
        "For --format emargement: the workshop, by its date dd/mm/yyyy or its id (default: the current workshop)",
    ),
    ("Préparation", "Getting ready"),
    ("Présence", "Attendance"),
    ("Présences", "Attendance"),
    ("Prête", "Ready"),
    ("Prête pour la labellisation", "Ready for labelling"),
    ("Quand", "When"),
    ("Recette", "Income"),
    ("Recommandation", "Recommendation"),
    ("Recommandation : {rec}", "Recommendation: {rec}"),
    (
        "Recommandation de l'animateur",
        "Facilitator's recommendation",
    ),
    ("Rempli", "Met"),
    ("Retiré", "Removed"),
    ("Revue", "Review"),
    ("Revues", "Reviews"),
    ("Reçues", "Received"),
    ("Rien n'a été effacé.", "Nothing was erased."),
    (
        "Règles {year} : de {min} à {max} par projet.",
        "Rules {year}: from {min} to {max} per project.",
    ),
    ("Réception des modifications", "Receiving the changes"),
    ("Région", "Région"),
    (
        "Résultat en JSON sur la sortie standard",
        "Result as JSON on standard output",
    ),
    (
        "Sans aucune donnée personnelle, pour publication",
        "Without any personal data, for publication",
    ),
    (
        "Sauvegarde de la base locale impossible : {why}. Rien n'a été modifié.",
        "Could not back up the local database: {why}. Nothing was changed.",
    ),
    ("Schéma       : version {n}", "Schema       : version {n}"),
    (
        "Seulement créer le fichier, sans ouvrir l'interface",
        "Only create the file, without opening the interface",
    ),
    ("Signature", "Signature"),
    (
        "Simulation : {sent} modification(s) à envoyer, {received} à recevoir ; rien n'a été modifié.",
        "Dry run: {sent} change(s) would be sent and {received} received; nothing was changed.",
    ),
    ("Supprimé", "Deleted"),
    (
        "Synchronisation terminée : {sent} modification(s) envoyée(s), {received} reçue(s).",
        "Sync done: {sent} change(s) sent, {received} received.",
    ),
    ("Synchronisations précédentes", "Previous syncs"),
    (
        "Synchroniser avec un fichier partagé (clé USB) ou un dossier partagé",
        "Sync with a shared file (USB key) or a shared folder",
    ),
    (
        "Synchronisé : {sent} envoyée(s), {received} reçue(s)",
        "Synced: {sent} sent, {received} received",
    ),
    ("Terminé", "Done"),
    (
        "Préparation de la base (recherche des personnes, niveaux de maturité)…",
        "Preparing the base (people search, maturity levels)…",
    ),
    ("Territoire par défaut", "Default territory"),
    ("Thèmes : {themes}", "Themes: {themes}"),
    ("Trier par", "Sort by"),
    (
        "Trois chiffres après le séparateur : écrivez 12 500 pour des milliers ou 12,50 pour des centimes.",
        "Three digits after the separator: write 12 500 for thousands or 12,50 for cents.",
    ),
    (
        "Trois questions pour présenter cet ordinateur ; elles accompagneront",
        "Three questions to introduce this laptop; they will go with",
    ),
    (
        "Un seul séparateur de centimes : 12 500,50 (espace pour les milliers, virgule pour les centimes).",
        "One cents separator only: 12 500,50 (space for thousands, comma for cents).",
    ),
    (
        "Une synchronisation est déjà en cours.",
        "A sync is already running.",
    ),
    (
        "Une synchronisation est en cours depuis « {host} » sur ce fichier : réessayez dans quelques minutes. Rien n'a été modifié.",
        "A sync from “{host}” is running on this file: try again in a few minutes. Nothing was changed.",
    ),
    ("Votes par personne", "Votes per person"),
    ("Votre nom", "Your name"),
    (
        "Vérification du fichier publié",
        "Checking the published file",
    ),
    (
        "Vérifier un fichier : intégrité, schéma, comptes, ordinateurs, empreinte",
        "Check a file: integrity, schema, counts, laptops, digest",
    ),
    ("[o] oui    [n] non", "[y] yes    [n] no"),
    (
        "accès refusé (dossier ou clé en lecture seule ?)",
        "access denied (read-only folder or key?)",
    ),
    (
        "adresse e-mail invalide (exemple : prenom.nom@exemple.fr).",
        "invalid e-mail address (example: first.last@example.org).",
    ),
    ("affiché", "shown"),
    ("aucun partenaire", "no partner"),
    ("aucun porteur", "no holder"),
    (
        "aucun porteur joignable (e-mail ou téléphone, avec son accord)",
        "no reachable holder (e-mail or phone, with their consent)",
    ),
    (
        "aucun porteur n'a participé à un comptoir",
        "no holder took part in a workshop",
    ),
    ("aucune ligne de dépense", "no expense line"),
    ("autre  ", "other"),
    ("base en mémoire", "database in memory"),
    (
        "c'est un dossier, un fichier est attendu",
        "it is a folder, a file is expected",
    ),
    ("champ inconnu {field}", "unknown field {field}"),
    (
        "chaque saisie lors des synchronisations. Les champs * sont obligatoires.",
        "every entry at the syncs. The fields marked * are required.",
    ),
    ("choix attendu.", "a choice is expected."),
    ("choix inconnu : « {s} ».", "unknown choice: “{s}”."),
    ("co-porteur", "co-holder"),
    (
        "commune du projet non renseignée ou hors du Pas-de-Calais",
        "project's commune not given or outside the Pas-de-Calais",
    ),
    ("commune inconnue", "unknown commune"),
    (
        "commune introuvable dans le Pas-de-Calais : « {name} {postal} »",
        "commune not found in the Pas-de-Calais: “{name} {postal}”",
    ),
    ("date attendue.", "a date is expected."),
    (
        "date illisible « {t} » : tapez jj/mm/aaaa.",
        "unreadable date “{t}”: type dd/mm/yyyy.",
    ),
    ("date invalide : « {s} ».", "invalid date: “{s}”."),
    (
        "demandé au Budget citoyen : {asked}",
        "asked of the Budget citoyen: {asked}",
    ),
    (
        "demandé quand un porteur a moins de 18 ans (pas encore de porteur)",
        "asked for when a holder is under 18 (no holder yet)",
    ),
    ("description", "description"),
    ("erreur de la base ({e})", "database error ({e})"),
    ("erreur du système : {e}", "system error: {e}"),
    ("identifiant attendu.", "an id is expected."),
    ("identifiant invalide {id}", "invalid id {id}"),
    ("identifiant invalide.", "invalid id."),
    ("intacte", "sound"),
    (
        "introuvable (la clé a-t-elle été retirée ?)",
        "not found (was the key removed?)",
    ),
    ("jamais", "never"),
    ("jj/mm/aaaa", "dd/mm/yyyy"),
    (
        "la base est en lecture seule. Vérifiez les droits du fichier.",
        "the database is read-only. Check the file's permissions.",
    ),
    (
        "la base est occupée par un autre programme comptoir. Fermez-le puis réessayez.",
        "the database is in use by another comptoir program. Close it and try again.",
    ),
    (
        "la commune {commune} est rattachée au territoire « {territory} », absent de territoires.json",
        "the commune {commune} belongs to the territory “{territory}”, missing from territoires.json",
    ),
    (
        "le critère calculé « {code} » n'a pas de règle",
        "the computed criterion “{code}” has no rule",
    ),
    (
        "le disque est plein. Libérez de la place puis réessayez : rien n'a été perdu.",
        "the disk is full. Free some space and try again: nothing was lost.",
    ),
    (
        "le disque n'accepte plus d'écriture (plein ou retiré ?). Ce qui était enregistré est intact ; libérez de la place puis réessayez.",
        "the disk takes no more writing (full or removed?). What was saved is intact; free some space and try again.",
    ),
    (
        "le fichier dépasse la taille permise (disque ou clé plein ?)",
        "the file exceeds the size allowed (disk or key full?)",
    ),
    ("ligne illisible ({e})", "unreadable line ({e})"),
    ("ligne {line} : {why}", "line {line}: {why}"),
    ("ligne {n} {what}", "line {n} {what}"),
    ("liste attendue.", "a list is expected."),
    ("liste illisible.", "unreadable list."),
    (
        "modification illisible : {field} de {site}",
        "unreadable change: {field} from {site}",
    ),
    (
        "moins de 15 ans : l'accord d'un parent est aussi nécessaire.",
        "under 15: a parent's consent is needed too.",
    ),
    (
        "montant demandé {asked} : au-dessus du maximum de {max}",
        "amount asked {asked}: above the maximum of {max}",
    ),
    (
        "montant demandé {asked} : sous le minimum de {min}",
        "amount asked {asked}: below the minimum of {min}",
    ),
    ("même e-mail", "same e-mail"),
    ("même nom", "same name"),
    ("même téléphone", "same phone"),
    ("ne peut pas être négatif.", "cannot be negative."),
    ("nom ou prénom manquant", "last or first name missing"),
    ("nombre attendu.", "a number is expected."),
    (
        "noms très proches, même tranche d'âge",
        "very close names, same age bracket",
    ),
    (
        "numéro de téléphone invalide (exemple : 06 12 34 56 78).",
        "invalid phone number (example: 06 12 34 56 78).",
    ),
    ("obligatoire.", "required."),
    ("oui ou non attendu.", "yes or no is expected."),
    (
        "par exemple ~/Téléchargements/inscriptions.csv",
        "for example ~/Downloads/registrations.csv",
    ),
    ("pas encore (r)", "not yet (r)"),
    ("pas encore choisi (touche e)", "not chosen yet (key e)"),
    (
        "pas nécessaire, porteurs majeurs : {holders}",
        "not needed, adult holders: {holders}",
    ),
    ("personne introuvable", "person not found"),
    (
        "plus de place sur le disque ou la clé",
        "no space left on the disk or key",
    ),
    ("porteur", "holder"),
    (
        "porteur mineur : un adulte référent est nécessaire",
        "minor holder: a referent adult is needed",
    ),
    ("public visé", "audience"),
    (
        "recettes ({income}) supérieures aux dépenses ({expenses})",
        "income ({income}) above expenses ({expenses})",
    ),
    (
        "recommandation de l'animateur",
        "facilitator's recommendation",
    ),
    ("règle inconnue « {other} »", "unknown rule “{other}”"),
    ("résumé", "summary"),
    (
        "saisir, structurer et synchroniser les idées du Budget citoyen du Pas-de-Calais",
        "capture, structure and sync the ideas of the Budget citoyen of the Pas-de-Calais",
    ),
    (
        "sans l'accord de la personne, ses coordonnées ne sont pas gardées.",
        "without the person's consent, their contact details are not kept.",
    ),
    ("sans libellé", "without a label"),
    ("sans libellé ni montant", "without a label or an amount"),
    ("sans montant", "without an amount"),
    ("site illisible « {site} »", "unreadable site “{site}”"),
    ("table inconnue {table}", "unknown table {table}"),
    (
        "tapez le prénom puis le nom, ou choisissez dans la liste.",
        "type the first name then the last name, or choose from the list.",
    ),
    ("territoire inconnu : « {s} ».", "unknown territory: “{s}”."),
    ("texte attendu.", "a text is expected."),
    (
        "tranche d'âge d'un porteur inconnue",
        "a holder's age bracket is unknown",
    ),
    (
        "trop long ({n} caractères, {max} au plus).",
        "too long ({n} characters, {max} at most).",
    ),
    (
        "un élément du chemin est un fichier, pas un dossier",
        "a part of the path is a file, not a folder",
    ),
    (
        "un élément dépasse {max} caractères.",
        "an item is longer than {max} characters.",
    ),
    (
        "une suppression ne s'annule pas : recréez la fiche.",
        "a deletion cannot be undone: create the record again.",
    ),
    ("vide", "empty"),
    (
        "{before-help}{name} {version} : {about}\n\nUtilisation : {usage}\n\n{all-args}{after-help}",
        "{before-help}{name} {version}: {about}\n\nUsage: {usage}\n\n{all-args}{after-help}",
    ),
    (
        "{device} dernière modification n° {seq} le {when}",
        "{device} last change no. {seq} on {when}",
    ),
    (
        "{device} — dernière modification le {when}",
        "{device} — last change on {when}",
    ),
    (
        "{file} : {n} modification(s) reçue(s)",
        "{file}: {n} change(s) received",
    ),
    ("{file} ignoré : {e}", "{file} skipped: {e}"),
    (
        "{first} {last} · {age} · {commune} · {n} comptoir(s)",
        "{first} {last} · {age} · {commune} · {n} workshop(s)",
    ),
    ("{label} : « {value} »", "{label}: “{value}”"),
    (
        "{merged} fichier(s) fusionné(s) sur {total} dans {path} ; {conflicts} conflit(s) ouvert(s).",
        "{merged} file(s) of {total} merged into {path}; {conflicts} open conflict(s).",
    ),
    (
        "{merged} fusionné(e) dans {kept}",
        "{merged} merged into {kept}",
    ),
    (
        "{said}. u : annuler la fusion.",
        "{said}. u: undo the merge.",
    ),
    (
        "Fusion annulée : rien n'a changé.",
        "Merge cancelled: nothing changed.",
    ),
    ("Aucune fusion à annuler.", "No merge to undo."),
    (
        "Fusion annulée ({said}) : les deux fiches sont revenues.",
        "Merge undone ({said}): both records are back.",
    ),
    ("Fusionner avec", "Merge with"),
    (
        "Fusionner avec une autre personne",
        "Merge with another person",
    ),
    (
        "fusionner avec une autre personne",
        "merge with another person",
    ),
    (
        "annuler le dernier pointage ou la dernière fusion",
        "undo the last check-in or merge",
    ),
    ("annuler la dernière fusion", "undo the last merge"),
    ("fusionner", "merge"),
    ("garder l'autre fiche", "keep the other record"),
    ("annuler", "cancel"),
    (" Fusionner deux fiches ? ", " Merge two records? "),
    ("Gardée", "Kept"),
    ("Fusionnée", "Merged"),
    ("Résultat", "Result"),
    ("Comptoirs venus", "Workshops"),
    (
        "La fusion s'annule ensuite avec u.",
        "The merge can then be undone with u.",
    ),
    (
        "[o] fusionner    [i] garder l'autre fiche    [Échap] annuler",
        "[o] merge    [i] keep the other record    [Esc] cancel",
    ),
    (
        "{name} : données effacées ; la prochaine synchronisation les efface partout.",
        "{name}: data erased; the next sync erases it everywhere.",
    ),
    (
        "{name} inscrit(e) et pointé(e). Personne suivante ?",
        "{name} registered and checked in. Next person?",
    ),
    (
        "{name} pointé(e) au comptoir du {label}.",
        "{name} checked in at the workshop of {label}.",
    ),
    (
        "« {typed} » n'est pas dans la liste : vérifiez l'orthographe.",
        "“{typed}” is not in the list: check the spelling.",
    ),
    (
        "« {typed} » n'est pas dans la liste ; ↓ puis Entrée pour « {only} ».",
        "“{typed}” is not in the list; ↓ then Enter for “{only}”.",
    ),
    ("(↓ puis Entrée pour choisir)", "(↓ then Enter to choose)"),
    (
        "« {typed} » : {n} choix possibles ({list}), tapez la suite.",
        "“{typed}”: {n} possible choices ({list}), type more.",
    ),
    (
        "{name} déjà pointé(e) au comptoir du {label}.",
        "{name} already checked in at the workshop of {label}.",
    ),
    (
        "{name}, déjà connu(e) : déjà pointé(e) au comptoir du {label}.",
        "{name}, already known: already checked in at the workshop of {label}.",
    ),
    (
        "{name}, déjà connu(e) : pointé(e) au comptoir du {label}.",
        "{name}, already known: checked in at the workshop of {label}.",
    ),
    ("{n} feuille(s) XLSX", "{n} XLSX sheet(s)"),
    (
        "{n} fiche(s) projet (HTML et Markdown) dans {path}",
        "{n} project sheet(s) (HTML and Markdown) in {path}",
    ),
    (
        "{n} personne(s) anonymisée(s).",
        "{n} person(s) anonymised.",
    ),
    (
        "{n} personne(s) vue(s) pour la dernière fois avant le {before} (venues à des comptoirs, ou seulement inscrites en ligne) : leurs données personnelles seront effacées définitivement (les présences restent comptées, anonymes).",
        "{n} person(s) last seen before {before} (at workshops, or only registered online): their personal data will be erased for good (attendance stays counted, anonymous).",
    ),
    (
        "{n} projet(s) labellisé(s) pour Decidim",
        "{n} labelled project(s) for Decidim",
    ),
    ("{n} table(s) en CSV", "{n} table(s) as CSV"),
    ("{n} table(s) en JSON", "{n} table(s) as JSON"),
    (
        "{path} : colonnes « nom » et « prénom » introuvables sur la première ligne.",
        "{path}: columns “nom” and “prénom” not found on the first line.",
    ),
    (
        "{path} est abîmé : SQLite y trouve des pages illisibles.",
        "{path} is damaged: SQLite finds unreadable pages in it.",
    ),
    ("{path} est introuvable.", "{path} cannot be found."),
    (
        "{path} est un dossier, pas un fichier comptoir.",
        "{path} is a folder, not a comptoir file.",
    ),
    (
        "{path} est un dossier, pas une base comptoir.",
        "{path} is a folder, not a comptoir database.",
    ),
    (
        "{path} existe déjà et n'est pas une base de démonstration : choisissez un autre chemin avec --db.",
        "{path} exists already and is not a demo database: choose another path with --db.",
    ),
    (
        "{path} n'a pas de modifications (« changes ») : un export public ne se réimporte pas.",
        "{path} has no changes (“changes”): a public export cannot be imported back.",
    ),
    (
        "{path} n'est pas une base SQLite lisible (fichier abîmé ou d'un autre type).",
        "{path} is not a readable SQLite database (damaged file or of another kind).",
    ),
    (
        "{text} Le fichier partagé n'a pas été modifié.",
        "{text} The shared file was not changed.",
    ),
    (
        "{what} « {subject} » · {field}",
        "{what} “{subject}” · {field}",
    ),
    ("« {t} » n'est pas un nombre.", "“{t}” is not a number."),
    ("« {v} »", "“{v}”"),
    ("À accompagner", "To support"),
    ("À retravailler", "To rework"),
    (
        "Âge invraisemblable : tapez l'âge en années (11 à 110).",
        "Implausible age: type the age in years (11 to 110).",
    ),
    ("aucun choix ne correspond.", "no option matches."),
    (
        "« {typed} » : aucun choix ne correspond (← → pour les voir).",
        "“{typed}”: no option matches (← → to see them).",
    ),
    ("Âge minimum", "Minimum age"),
    ("Âges : {ages}", "Ages: {ages}"),
    ("État", "State"),
    ("à compléter : {missing}", "to complete: {missing}"),
    ("à définir", "to be decided"),
    (
        "à vérifier par l'animateur",
        "to be checked by the facilitator",
    ),
    ("âge ?", "age?"),
    ("âge illisible « {t} »", "unreadable age “{t}”"),
    (
        "âge ou tranche d'âge manquant",
        "age or age bracket missing",
    ),
    (
        "✓ Budget équilibré, montant dans la plage.",
        "✓ Budget balanced, amount within the range.",
    ),
    (
        "En attente de la fin de la synchronisation de « {host} » sur le fichier central…",
        "Waiting for the sync from “{host}” on the central file to end…",
    ),
    (
        "L'horloge de l'ordinateur « {device} » était réglée avant 2020 (1970 ?) : corrigez sa date et son heure.",
        "The clock of the laptop “{device}” was set before 2020 (1970?): correct its date and time.",
    ),
    (
        "Renuméroter les modifications de cette base sous un nouvel identifiant (base remplacée par une sauvegarde)",
        "Renumber this database's changes under a new id (a database replaced by a backup)",
    ),
    (
        "{n} modification(s) renumérotée(s) sous le nouvel identifiant {site} (copie de la base d'avant : {kept}). Synchronisez à nouveau.",
        "{n} change(s) renumbered under the new id {site} (copy of the database before: {kept}). Sync again.",
    ),
    (
        "{path} est le fichier central lui-même : il ne peut pas être fusionné dans lui-même. Rien n'a été modifié.",
        "{path} is the central file itself: it cannot be merged into itself. Nothing was changed.",
    ),
    (
        "{path} est un lien vers un fichier introuvable : donnez le chemin du fichier lui-même. Rien n'a été modifié.",
        "{path} is a link to a file that does not exist: give the path of the file itself. Nothing was changed.",
    ),
    (
        " Gardez la clé : le fichier publié ne contient pas encore tout ce que cet ordinateur a (voir ci-dessus) ; synchronisez à nouveau.",
        " Keep the key: the published file does not yet hold everything this laptop has (see above); sync again.",
    ),
    (
        " Sauvegarde pas encore nettoyée des personnes effacées : {file} ({why}) ; nouvel essai à la prochaine synchronisation.",
        " Backup not yet cleared of the erased people: {file} ({why}); tried again at the next sync.",
    ),
    (
        "Aucune synchronisation de cette base n'a trouvé ses numéros déjà pris par une autre version : elle n'a sans doute pas besoin d'être renumérotée. Si la Mission ESS vous le demande (fusion centrale), relancez avec --oui. Rien n'a été modifié.",
        "No sync of this database found its numbers taken by another version: it probably does not need renumbering. If the Mission ESS asks you to (central merge), run again with --oui. Nothing was changed.",
    ),
    (
        "L'ordinateur « {device} » a des modifications datées de façon impossible ({date}) : les autres ordinateurs les mettent de côté. Corrigez sa date et prévenez la Mission ESS.",
        "The laptop “{device}” has changes with an impossible date ({date}): the other laptops set them aside. Correct its date and tell the Mission ESS.",
    ),
    (
        "La base {path} n'existe pas (vérifiez --db) : rien n'a été créé.",
        "The database {path} does not exist (check --db): nothing was created.",
    ),
    (
        "Le verrou de {path} a été repris par un autre ordinateur pendant que celui-ci était en pause (plus de cinq minutes) : rien n'a été publié dans ce fichier, et rien n'est perdu. Recommencez.",
        "The lock of {path} was taken over by another laptop while this one was paused (more than five minutes): nothing was published into that file, and nothing is lost. Start again.",
    ),
    (
        "Renuméroter même si aucune synchronisation ne l'a demandé",
        "Renumber even though no sync asked for it",
    ),
    (
        "Sauvegarde pas encore nettoyée : {file} ({why}) ; nouvel essai à la prochaine synchronisation.",
        "Backup not yet cleared: {file} ({why}); tried again at the next sync.",
    ),
    (
        "caractères illisibles (ligne enregistrée dans un autre encodage que le reste du fichier) : corrigez-la et importez-la de nouveau",
        "unreadable characters (line saved in another encoding than the rest of the file): correct it and import it again",
    ),
    (
        "cette base a été remplacée par une sauvegarde plus ancienne, puis modifiée : sa modification n° {seq} porte le numéro d'une autre déjà publiée. Ses modifications à partir de là sont mises de côté (rien n'est perdu, le reste est synchronisé). Lancez une fois « comptoir renumber » (avec --db si besoin), puis synchronisez à nouveau.",
        "this database was replaced by an older backup, then changed: its change no. {seq} has the number of another one already published. Its changes from there on are set aside (nothing is lost, the rest is synced). Run “comptoir renumber” once (with --db if needed), then sync again.",
    ),
    (
        "champ inconnu « {field} » dans {tbl} (fiche {record}).",
        "unknown field “{field}” in {tbl} (record {record}).",
    ),
    ("date négative", "negative date"),
    ("données binaires.", "binary data."),
    (
        "identifiant de fiche invalide « {record} » dans {tbl}.",
        "invalid record id “{record}” in {tbl}.",
    ),
    (
        "l'effacement de {id} porte une date impossible.",
        "the erasure of {id} has an impossible date.",
    ),
    (
        "l'ordinateur « {device} » a écrit deux versions différentes de sa modification n° {seq} (sa base a été copiée ou remplacée par une sauvegarde) : ses modifications à partir de là sont mises de côté, le reste est fusionné. Sur cet ordinateur, lancez une fois « comptoir renumber --oui », puis synchronisez-le.",
        "the laptop “{device}” wrote two different versions of its change no. {seq} (its database was copied or replaced by a backup): its changes from there on are set aside, the rest is merged. On that laptop, run “comptoir renumber --oui” once, then sync it.",
    ),
    (
        "la liste des personnes effacées contient un identifiant invalide.",
        "the list of erased people holds an invalid id.",
    ),
    (
        "la liste des personnes effacées contient {id}, qui n'est pas une personne ({tbl}).",
        "the list of erased people holds {id}, which is not a person ({tbl}).",
    ),
    (
        "la modification n° {seq} n'a pas de table, de fiche ou de champ lisible.",
        "change no. {seq} has no readable table, record or field.",
    ),
    (
        "les modifications de l'ordinateur « {device} » datées du {date} (plus d'un an d'avance) sont mises de côté, le reste est fusionné : son horloge est fausse. Corrigez sa date et prévenez la Mission ESS.",
        "the changes of the laptop “{device}” dated {date} (more than a year ahead) are set aside, the rest is merged: its clock is wrong. Correct its date and tell the Mission ESS.",
    ),
    (
        "les modifications de l'ordinateur « {device} » portent une date négative : elles sont mises de côté à partir de là, le reste est fusionné. Son horloge ou son fichier est faux : prévenez la Mission ESS.",
        "the changes of the laptop “{device}” have a negative date: they are set aside from there on, the rest is merged. Its clock or its file is wrong: tell the Mission ESS.",
    ),
    ("montant trop grand.", "amount too large."),
    (
        "nombre décimal (les montants sont en centimes entiers).",
        "decimal number (amounts are whole cents).",
    ),
    (
        "nombre décimal ou trop grand.",
        "decimal or too large number.",
    ),
    (
        "table inconnue « {tbl} » (fiche {record}).",
        "unknown table “{tbl}” (record {record}).",
    ),
    (
        "texte illisible (pas en UTF-8).",
        "unreadable text (not UTF-8).",
    ),
    (
        "valeur d'un type inattendu.",
        "value of an unexpected type.",
    ),
    ("valeur d'un type inattendu", "value of an unexpected type"),
    ("lecture interrompue", "reading interrupted"),
    ("syntaxe JSON invalide", "invalid JSON syntax"),
    ("fichier tronqué", "truncated file"),
    (
        "valeur refusée pour {field} de la fiche {record} : {why}",
        "value refused for {field} of record {record}: {why}",
    ),
    (
        "valeur refusée pour {tbl}.{field} de la fiche {record}",
        "value refused for {tbl}.{field} of record {record}",
    ),
    (
        "{left} fichier(s) non fusionné(s) : voir ci-dessus.",
        "{left} file(s) not merged: see above.",
    ),
    (
        "{name} : {why} Rien n'a été fusionné.",
        "{name}: {why} Nothing was merged.",
    ),
    (
        "{path} : JSON illisible, ligne {line}, colonne {column} ({what}).",
        "{path}: unreadable JSON, line {line}, column {column} ({what}).",
    ),
    (
        "{path} est un fichier de travail de SQLite, pas un fichier partagé : choisissez le fichier .sqlite de la clé. Rien n'a été modifié.",
        "{path} is a working file of SQLite, not a shared file: choose the key's .sqlite file. Nothing was changed.",
    ),
    (
        "{path} n'est pas un fichier ordinaire (dossier, périphérique ou tube) : donnez le chemin d'un fichier. Rien n'a été écrit.",
        "{path} is not a regular file (folder, device or pipe): give the path of a file. Nothing was written.",
    ),
    (
        "Écriture sur la sortie standard impossible",
        "Could not write to the standard output",
    ),
    (
        "Accepter qu'un fichier efface beaucoup de personnes d'un coup (anonymisation de fin de campagne)",
        "Accept that a file erases many people at once (end-of-campaign anonymisation)",
    ),
    (
        "caractères de contrôle ou espaces qu'une saisie n'aurait pas gardés.",
        "control characters or spaces that typing would not have kept.",
    ),
    ("{at} : {why}", "{at}: {why}"),
    (
        "{name} effacerait d'un coup {n} personnes de cette base : refusé par précaution, rien n'a été fusionné. Si c'est voulu (anonymisation de fin de campagne décidée par la Mission ESS), relancez la commande avec --accepter-effacements.",
        "{name} would erase {n} people of this database at once: refused as a precaution, nothing was merged. If that is intended (end-of-campaign anonymisation decided by the Mission ESS), run the command again with --accepter-effacements.",
    ),
    (
        "{path} est abîmé ou modifié à la main (l'objet « {name} » n'est pas celui de comptoir) : il n'est pas lu.",
        "{path} is damaged or was changed by hand (the object “{name}” is not comptoir's): it is not read.",
    ),
    (
        "{path} est abîmé ou modifié à la main : il n'est pas lu.",
        "{path} is damaged or was changed by hand: it is not read.",
    ),
    (
        "{path} est trop gros ({mb} Mo, {max} Mo au plus) : ce n'est pas une liste ni un export de comptoir.",
        "{path} is too large ({mb} MB, {max} MB at most): it is not a list nor a comptoir export.",
    ),
    (
        "{path} est un dossier, pas un fichier.",
        "{path} is a folder, not a file.",
    ),
    (
        "{path} n'est pas un fichier JSON : octet illisible en position {at}. Rien n'a été importé.",
        "{path} is not a JSON file: unreadable byte at position {at}. Nothing was imported.",
    ),
    (
        "{path} n'est pas un fichier ordinaire (périphérique ou tube) : choisissez le fichier central. Rien n'a été modifié.",
        "{path} is not a regular file (device or pipe): choose the central file. Nothing was changed.",
    ),
    (
        "{path} n'est pas un fichier ordinaire (périphérique ou tube) : choisissez le fichier de la clé ou un dossier partagé. Rien n'a été modifié.",
        "{path} is not a regular file (device or pipe): choose the key's file or a shared folder. Nothing was changed.",
    ),
    (
        "{path} n'est pas un fichier ordinaire (périphérique ou tube) : donnez le chemin d'un fichier comptoir.",
        "{path} is not a regular file (device or pipe): give the path of a comptoir file.",
    ),
    (
        "{path} n'est pas un fichier ordinaire (périphérique ou tube) : donnez le chemin d'un fichier.",
        "{path} is not a regular file (device or pipe): give the path of a file.",
    ),
    (
        "{path} : {why} Rien n'a été importé.",
        "{path}: {why} Nothing was imported.",
    ),
    (
        "Arrêt demandé : les fichiers temporaires sont retirés ; rien n'a été publié à moitié.",
        "Stop asked: the temporary files are removed; nothing was half published.",
    ),
    (
        "Impossible de remplacer {path} : {why}",
        "Could not replace {path}: {why}",
    ),
    (
        "{path} est ouvert par un autre programme (antivirus, aperçu de l'explorateur de fichiers ?) : fermez-le puis recommencez. Rien n'a été publié.",
        "{path} is open in another program (antivirus, the file explorer's preview?): close it and start again. Nothing was published.",
    ),
    (
        "« {name} » est un nom que Windows réserve à ses périphériques : choisissez un autre nom. Rien n'a été écrit.",
        "“{name}” is a name Windows keeps for its devices: choose another name. Nothing was written.",
    ),
    ("nouvelle ligne (texte long)", "new line (long text)"),
    (
        "Texte long : Alt+Entrée ou Ctrl+J va à la ligne ; Entrée, au champ suivant.",
        "Long text: Alt+Enter (or Ctrl+J) starts a new line, Enter goes to the next field.",
    ),
    ("Alt+Entrée", "Alt+Enter"),
    ("coordonnées du porteur", "the holder's contact details"),
    ("CARACTÈRE", "CHARACTER"),
    ("Date du comptoir", "Workshop date"),
    ("Titre de l'idée", "Idea title"),
    ("Dépenses totales", "Total expenses"),
    (
        "Le fichier de correspondances ne donne pas d'identifiant Decidim pour : {what}. Ajoutez-les, rien n'a été écrit.",
        "The mapping file gives no Decidim id for: {what}. Add them; nothing was written.",
    ),
    (
        "Pour --format decidim : fichier JSON des identifiants Decidim des thèmes et des territoires",
        "For --format decidim: JSON file of the Decidim ids of the themes and territories",
    ),
    (
        "Pour --format decidim en CSV : le séparateur de colonnes de la plateforme, ; (par défaut) ou ,",
        "For --format decidim as CSV: the platform's column separator, ; (default) or ,",
    ),
    (
        "ce n'est pas un export JSON de comptoir (clés « format » et « version »).",
        "this is not a comptoir JSON export (keys \"format\" and \"version\").",
    ),
    ("champ inconnu.", "unknown field."),
    ("champ manquant.", "missing field."),
    ("clé inconnue « {k} ».", "unknown key \"{k}\"."),
    ("clé « {k} » manquante.", "key \"{k}\" missing."),
    (
        "effacement n° {n} : [identifiant, horloge] attendu.",
        "erasure no. {n}: [id, clock] expected.",
    ),
    ("effacement n° {n} : {why}", "erasure no. {n}: {why}"),
    (
        "horloge illisible (texte de chiffres attendu).",
        "unreadable clock (a text of digits expected).",
    ),
    ("horloge illisible.", "unreadable clock."),
    ("horloge trop grande.", "clock too large."),
    (
        "horloge écrite en nombre, pas en texte : un outil (jq, un tableur, JavaScript) a pu l'arrondir ; importez le fichier tel que comptoir l'a écrit.",
        "clock written as a number, not as text: a tool (jq, a spreadsheet, JavaScript) may have rounded it; import the file as comptoir wrote it.",
    ),
    ("identifiant de fiche illisible.", "unreadable record id."),
    (
        "la liste « changes » n'est pas une liste.",
        "\"changes\" is not a list.",
    ),
    (
        "la liste « forgotten » n'est pas une liste.",
        "\"forgotten\" is not a list.",
    ),
    (
        "modification n° {n} (fiche {record}, champ {field}) : {why}",
        "change no. {n} (record {record}, field {field}): {why}",
    ),
    ("modification n° {n} : {why}", "change no. {n}: {why}"),
    (
        "nombre décimal ou trop grand (les montants sont en centimes entiers).",
        "decimal or too large a number (amounts are whole cents).",
    ),
    ("nombre entier attendu.", "whole number expected."),
    (
        "numéro « seq » illisible (entier positif attendu).",
        "unreadable \"seq\" number (positive whole number expected).",
    ),
    ("objet attendu.", "object expected."),
    (
        "site illisible (32 chiffres hexadécimaux attendus).",
        "unreadable site (32 hexadecimal digits expected).",
    ),
    ("table inconnue.", "unknown table."),
    ("{n} territoire(s) : {list}", "{n} territory(ies): {list}"),
    ("{n} thème(s) : {list}", "{n} theme(s): {list}"),
    (
        "version {v} du format inconnue de ce programme (il lit la version {known}) : mettez comptoir à jour.",
        "version {v} of the format is unknown to this program (it reads version {known}): update comptoir.",
    ),
    (
        "{path} : fichier de correspondances illisible, ligne {line} ({what}). Attendu : {{\"themes\": {{\"alimentation\": 12}}, \"colonne_themes\": \"taxonomies/ids\", \"territoires\": {{\"Calaisis\": 3}}}}. Rien n'a été écrit.",
        "{path}: unreadable mapping file, line {line} ({what}). Expected: {{\"themes\": {{\"alimentation\": 12}}, \"colonne_themes\": \"taxonomies/ids\", \"territoires\": {{\"Calaisis\": 3}}}}. Nothing was written.",
    ),
    (
        "--comptoir ne vaut que pour une liste d'inscription (CSV), pas pour un export JSON. Rien n'a été importé.",
        "--comptoir only applies to a registration list (CSV), not to a JSON export. Nothing was imported.",
    ),
    ("Accueil : {host}", "Host: {host}"),
    (
        "Budget citoyen du Pas-de-Calais",
        "Budget citoyen of the Pas-de-Calais",
    ),
    (
        "Comptoir introuvable : « {date} » n'est ni une date jj/mm/aaaa ni l'identifiant d'un comptoir.",
        "Workshop not found: “{date}” is neither a dd/mm/yyyy date nor a workshop's id.",
    ),
    (
        "Feuille d'émargement : comptoir du {date} à {place}",
        "Attendance sheet: workshop of {date} in {place}",
    ),
    (
        "Les personnes de la liste sont attendues à ce comptoir (date jj/mm/aaaa ou identifiant) : la feuille d'émargement les liste",
        "The people of the list are expected at this workshop (date dd/mm/yyyy or id): the attendance sheet lists them",
    ),
    ("Nom et prénom", "Name"),
    (
        "Plusieurs comptoirs le {date} : donnez l'identifiant du vôtre (colonne Identifiant de comptoirs.csv, export --format csv), ou écrivez sa feuille depuis l'écran Comptoirs (touche e).",
        "Several workshops on {date}: give your workshop's id (Id column of comptoirs.csv, export --format csv), or write its sheet from the Workshops screen (key e).",
    ),
    (
        "Signature d'un parent (moins de 15 ans)",
        "A parent's signature (under 15)",
    ),
    ("Territoire : {territory}", "Territory: {territory}"),
    ("Thème : {theme}", "Theme: {theme}"),
    (
        "{n} personne(s) de plus attendue(s) au comptoir (feuille d'émargement).",
        "{n} more person(s) expected at the workshop (attendance sheet).",
    ),
    (
        "Cet export écrit plusieurs fichiers : donnez un dossier à --out (la sortie standard ne vaut que pour json, xlsx, decidim et emargement). Rien n'a été écrit.",
        "This export writes several files: give --out a folder (the standard output is only for json, xlsx, decidim and emargement). Nothing was written.",
    ),
    (
        "Idées archivées (x : restaurer, v : retour)",
        "Archived ideas (x: restore, v: back)",
    ),
    (
        "Restaurer l'idée « {title} » ? Elle revient dans la liste des idées.",
        "Restore the idea “{title}”? It comes back to the ideas list.",
    ),
    (
        "Idée « {title} » restaurée : elle revient dans les listes.",
        "Idea “{title}” restored: it is back in the lists.",
    ),
    ("Co-porteur", "Co-holder"),
    ("comptoir précédent", "previous workshop"),
    ("comptoir suivant", "next workshop"),
    ("choisir", "choose"),
    (
        "Sans comptoir (l'idée n'est rattachée à aucun)",
        "No workshop (the idea belongs to none)",
    ),
    (
        "↑ ↓ choisir · Entrée valider · Échap annuler",
        "↑ ↓ choose · Enter confirm · Esc cancel",
    ),
    (
        " Idée rapide : quel comptoir ? ",
        " Quick idea: which workshop? ",
    ),
    (
        "Entrée sur le résumé : noter l'idée. Tab après le résumé : des co-porteurs.",
        "Enter on the summary: note the idea. Tab after the summary: co-holders.",
    ),
    ("archiver ou restaurer", "archive or restore"),
    (" · {filters} filtre(s) (f)", " · {filters} filter(s) (f)"),
    (
        "L'interface a besoin d'un terminal : lancez comptoir dans une fenêtre de terminal (la base {path} est prête).",
        "The interface needs a terminal: start comptoir in a terminal window (the base {path} is ready).",
    ),
    ("{day} à {time}", "{day} at {time}"),
    ("Pas de comptoir en cours.", "No current workshop."),
    (
        "Pour quel comptoir noter cette idée ?",
        "Which workshop is this idea for?",
    ),
    ("le plus récent", "the latest"),
    ("sans comptoir", "no workshop"),
    (
        "Idée rapide  → comptoir du {label}",
        "Quick idea  → workshop of {label}",
    ),
    ("Idée rapide  → sans comptoir", "Quick idea  → no workshop"),
    (
        "Entrée : valider · Alt+Entrée, Ctrl+J : à la ligne · Échap : annuler",
        "Enter: confirm · Alt+Enter, Ctrl+J: new line · Esc: cancel",
    ),
    (
        "ex. /media/cle/budget.sqlite",
        "e.g. /media/key/budget.sqlite",
    ),
    (
        "  Dans un texte long : Alt+Entrée ou Ctrl+J va à la ligne.",
        "  In a long text: Alt+Enter or Ctrl+J starts a new line.",
    ),
    ("Aucune idée archivée.", "No archived idea."),
    // Shared files encrypted at rest (store/cipher.rs, cli/phrase.rs).
    (
        "La phrase secrète ne peut pas contenir de caractère de contrôle (tabulation, retour à la ligne au milieu).",
        "The passphrase cannot hold a control character (a tab, a line break in the middle).",
    ),
    (
        "La phrase secrète de la campagne doit avoir au moins {n} caractères.",
        "The campaign's passphrase must have at least {n} characters.",
    ),
    (
        "La phrase secrète de la campagne est nécessaire pour {path} (la Mission ESS la donne) : --phrase-file FICHIER, la variable COMPTOIR_PHRASE, ou l'écran Synchronisation.",
        "The campaign's passphrase is needed for {path} (the Mission ESS gives it): --phrase-file FILE, the variable COMPTOIR_PHRASE, or the Synchronisation screen.",
    ),
    (
        "La phrase secrète ne correspond pas à {path} : ce fichier a été chiffré avec une autre. Vérifiez-la auprès de la Mission ESS.",
        "The passphrase does not match {path}: this file was encrypted with another one. Check it with the Mission ESS.",
    ),
    (
        "{path} n'est pas une base SQLite lisible (fichier abîmé ou d'un autre type) : ni une base comptoir, ni un fichier chiffré par comptoir.",
        "{path} is not a readable SQLite database (a damaged file, or one of another kind): neither a comptoir base nor a file encrypted by comptoir.",
    ),
    (
        "{path} est abîmé : la phrase secrète est la bonne, mais des pages du fichier sont illisibles. Reprenez la dernière copie saine.",
        "{path} is damaged: the passphrase is the right one, but pages of the file cannot be read. Go back to the last sound copy.",
    ),
    (
        "Lecture de {path} impossible : {why}. Le fichier partagé n'a pas été modifié.",
        "Cannot read {path}: {why}. The shared file was not changed.",
    ),
    (
        "Chiffrement avec la nouvelle phrase secrète",
        "Encrypting with the new passphrase",
    ),
    (
        "{path} n'est pas un texte lisible (UTF-8) : la phrase secrète y est attendue, seule.",
        "{path} is not readable text (UTF-8): the passphrase is expected in it, alone.",
    ),
    (
        "La variable {variable} n'est pas un texte lisible (UTF-8).",
        "The variable {variable} is not readable text (UTF-8).",
    ),
    (
        "Phrase secrète de la campagne pour {path} : ",
        "Campaign passphrase for {path}: ",
    ),
    (
        "Saisie abandonnée : rien n'a été modifié.",
        "Typing given up: nothing was changed.",
    ),
    ("Nouvelle phrase secrète : ", "New passphrase: "),
    ("La même, une seconde fois : ", "The same, a second time: "),
    (
        "Les deux saisies de la nouvelle phrase secrète diffèrent : rien n'a été modifié.",
        "The two entries of the new passphrase differ: nothing was changed.",
    ),
    (
        "Nouvelle phrase secrète manquante : --nouvelle-phrase-file FICHIER, ou la variable COMPTOIR_NOUVELLE_PHRASE. Rien n'a été modifié.",
        "New passphrase missing: --nouvelle-phrase-file FILE, or the variable COMPTOIR_NOUVELLE_PHRASE. Nothing was changed.",
    ),
    (
        "La nouvelle phrase secrète est la même que l'actuelle : rien n'a été modifié.",
        "The new passphrase is the same as the current one: nothing was changed.",
    ),
    (
        "{path} est maintenant chiffré avec la nouvelle phrase secrète. Changez de même les autres fichiers de la campagne (clés, dossiers partagés), puis donnez-la aux animateurs : leur prochaine synchronisation la demandera.",
        "{path} is now encrypted with the new passphrase. Change the campaign's other files the same way (keys, shared folders), then give it to the facilitators: their next sync will ask for it.",
    ),
    (
        "Fichier qui contient la phrase secrète de la campagne (sinon la variable COMPTOIR_PHRASE, celle gardée sur cet ordinateur, ou la question)",
        "File holding the campaign's passphrase (else the variable COMPTOIR_PHRASE, the one kept on this computer, or the question)",
    ),
    (
        "Changer la phrase secrète d'un fichier chiffré (fichier central, clé)",
        "Change the passphrase of an encrypted file (central file, key)",
    ),
    (
        "Le fichier dont la phrase secrète change (un fichier d'une version précédente, non chiffré, est chiffré)",
        "The file whose passphrase changes (a file of an earlier version, not encrypted, is encrypted)",
    ),
    (
        "Fichier qui contient la nouvelle phrase secrète (sinon la variable COMPTOIR_NOUVELLE_PHRASE, ou la question)",
        "File holding the new passphrase (else the variable COMPTOIR_NOUVELLE_PHRASE, or the question)",
    ),
    ("Phrase secrète", "Passphrase"),
    (
        "elle n'ouvre pas le fichier partagé : demandez-la à la Mission ESS.",
        "it does not open the shared file: ask the Mission ESS for it.",
    ),
    (
        "La phrase secrète de la campagne (donnée par la Mission ESS) chiffre les fichiers partagés ; elle est gardée sur cet ordinateur.",
        "The campaign's passphrase (given by the Mission ESS) encrypts the shared files; it is kept on this computer.",
    ),
    ("Phrase secrète de la campagne", "Campaign passphrase"),
    (
        "SQLCipher 4, phrase secrète de la campagne",
        "SQLCipher 4, the campaign's passphrase",
    ),
    (
        "aucun (fichier d'une version précédente, ou d'un ordinateur : la prochaine synchronisation publie chiffré)",
        "none (a file of an earlier version, or a laptop's: the next sync publishes encrypted)",
    ),
    ("Chiffrement  : {cipher}", "Encryption   : {cipher}"),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// A string literal's text as the program holds it (the escapes the sources use).
    fn unescape(raw: &str) -> String {
        let mut out = String::new();
        let mut chars = raw.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('\n') => {
                    while chars.peek().is_some_and(|c| c.is_whitespace()) {
                        chars.next();
                    }
                }
                Some(other) => out.push(other),
                None => {}
            }
        }
        out
    }

    /// Every string literal of the program's sources (`src/`, this file aside), outside their
    /// tests: (file name, line, text, whether it is the text of a `tr(` or `t!(`).
    fn source_literals() -> Vec<(String, usize, String, bool)> {
        fn walk(dir: &std::path::Path, out: &mut Vec<(String, usize, String, bool)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().to_string();
                if path.is_dir() {
                    walk(&path, out);
                } else if name.ends_with(".rs") && name != "i18n.rs" {
                    let source = std::fs::read_to_string(&path).unwrap();
                    for (line, text, marked) in literals(&source) {
                        out.push((path.display().to_string(), line, text, marked));
                    }
                }
            }
        }
        let mut out = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut out,
        );
        out
    }

    /// Every text the program passes to `tr` or `t!`.
    fn texts_passed_to_tr() -> Vec<String> {
        source_literals()
            .into_iter()
            .filter(|(_, _, text, marked)| *marked && text != "…")
            .map(|(_, _, text, _)| text)
            .collect()
    }

    #[test]
    fn a_count_agrees_with_its_noun_in_both_languages() {
        let idees = |n: usize| plural(n, tr("idée"), tr("idées"));
        assert_eq!(idees(0), "0 idée");
        assert_eq!(idees(1), "1 idée");
        assert_eq!(idees(2), "2 idées");
        with_lang(Lang::En, || {
            assert_eq!(idees(0), "0 ideas");
            assert_eq!(idees(1), "1 idea");
            assert_eq!(plural(-1i64, tr("idée"), tr("idées")), "-1 ideas");
        });
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
        // Texts held in tables rather than written at a `tr` call.
        used.extend(
            crate::store::ideas::IdeaSort::ALL
                .iter()
                .map(|(_, _, label)| label.to_string()),
        );
        used.extend(
            crate::export::tables::EXPORTED
                .iter()
                .map(|(_, name)| name.to_string()),
        );
        used.extend(crate::cli::help_texts());
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

    /// The string literals of a Rust source outside its tests, each with its line and whether
    /// it is the first argument of `tr(` or `t!(`. Comments, char literals and raw strings are
    /// stepped over.
    fn literals(source: &str) -> Vec<(usize, String, bool)> {
        let source = source.split("#[cfg(test)]").next().unwrap_or("");
        let chars: Vec<char> = source.chars().collect();
        let mut out = Vec::new();
        let (mut i, mut line) = (0, 1);
        let mut code = String::new();
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            if c == '\n' {
                line += 1;
            }
            if c == '/' && next == Some('/') {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            if c == '\'' {
                // A char literal ('x' or '\x'), not a lifetime.
                if chars.get(i + 2) == Some(&'\'') {
                    i += 3;
                    continue;
                }
                if next == Some('\\') && chars.get(i + 3) == Some(&'\'') {
                    i += 4;
                    continue;
                }
            }
            if c == 'r' && next == Some('#') && chars.get(i + 2) == Some(&'"') {
                i += 3;
                while i + 1 < chars.len() && !(chars[i] == '"' && chars[i + 1] == '#') {
                    line += usize::from(chars[i] == '\n');
                    i += 1;
                }
                i += 2;
                continue;
            }
            if c == '"' {
                let start = line;
                let mut raw = String::new();
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        raw.push(chars[i]);
                        i += 1;
                    }
                    line += usize::from(chars[i] == '\n');
                    raw.push(chars[i]);
                    i += 1;
                }
                i += 1;
                let before = code.trim_end();
                // `tr(` or `t!(` themselves, not the end of another name (`push_str(`,
                // `format!(`).
                let marked = ["tr(", "t!("].iter().any(|call| {
                    before.ends_with(call)
                        && !before[..before.len() - call.len()]
                            .ends_with(|c: char| c.is_alphanumeric() || c == '_')
                });
                out.push((start, unescape(&raw), marked));
                code.push_str("\"\"");
                continue;
            }
            code.push(c);
            i += 1;
        }
        out
    }

    /// Whether a text reads as French: an accent, French quotes, a French small word or an
    /// elided article.
    fn looks_french(text: &str) -> bool {
        const WORDS: [&str; 30] = [
            "le",
            "la",
            "les",
            "des",
            "du",
            "une",
            "est",
            "pas",
            "de",
            "et",
            "ou",
            "sur",
            "dans",
            "avec",
            "pour",
            "aucun",
            "aucune",
            "rien",
            "impossible",
            "illisible",
            "introuvable",
            "fichier",
            "dossier",
            "erreur",
            "ligne",
            "inconnu",
            "inconnue",
            "vide",
            "oui",
            "non",
        ];
        let sql = [
            "SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "PRAGMA", "WHERE",
        ];
        if sql.iter().any(|k| text.contains(k)) {
            return false;
        }
        text.chars().any(|c| "éèàùçêâôîûœÉÈÀÂÊÎÔÛÇ«»".contains(c))
            || text
                .split(|c: char| !c.is_alphabetic())
                .any(|w| WORDS.contains(&w))
            || ["l'", "d'", "n'", "qu'"].iter().any(|e| {
                text.match_indices(e).any(|(at, _)| {
                    text[at + e.len()..].starts_with(char::is_alphabetic)
                        && !text[..at].ends_with(char::is_alphabetic)
                })
            })
    }

    /// Literals that read as French and are not shown as they are: codes, patterns matched
    /// against what people type, a marker stored in the base, a panic only a test asks for,
    /// and the Decidim export's `body/fr` column, which is French for the French platform.
    const NOT_SHOWN: [&str; 11] = [
        "pas-de-calais",
        "non-labellisee",
        "nom de famille",
        "(fichier partagé)",
        "panique de test demandée par COMPTOIR_TEST_PANIQUE",
        "{postal} {}, Pas-de-Calais, France",
        "<li>Lieu : {} ({})</li>",
        "<li>Thèmes : {}</li>",
        "<li>Budget du projet : {} de dépenses, dont {} apportés par d'autres financeurs</li>",
        "<li><strong>Montant demandé au Budget citoyen : {}</strong></li>",
        "<li>Porté par : {}</li>",
    ];

    #[test]
    fn no_french_text_is_shown_without_its_english() {
        // The demo's content is people's words, not the program's; the tests of the store live
        // in their own file.
        let found: Vec<String> = source_literals()
            .into_iter()
            .filter(|(path, _, text, marked)| {
                !marked
                    && !path.ends_with("demo.rs")
                    && !path.ends_with("tests.rs")
                    && looks_french(text)
                    && english(text).is_none()
                    && !NOT_SHOWN.contains(&text.as_str())
            })
            .map(|(path, line, text, _)| format!("{path}:{line}: {text}"))
            .collect();
        assert!(
            found.is_empty(),
            "French shown without tr and without English:\n{}",
            found.join("\n")
        );
        // The scan sees what it must: a literal outside tr, and one inside.
        let sample = "let a = \"une idée\"; let b = tr(\"une idée\"); x.push_str(\"de\");
            format!(\"{n} de\"); t!(\"{n} de\", n)";
        let seen = literals(sample);
        assert_eq!(seen.len(), 5);
        let marked: Vec<bool> = seen.iter().map(|s| s.2).collect();
        assert_eq!(marked, [false, true, false, false, true], "{seen:?}");
        assert!(looks_french("l'aide") && !looks_french("SELECT * FROM x") && !looks_french("ok"));
    }

    #[test]
    fn the_reference_data_has_its_english() {
        let r = crate::paths::builtin_reference();
        for t in &r.themes {
            assert!(t.name_en.is_some(), "theme {}", t.code);
        }
        for f in &r.legal_frames {
            assert!(f.name_en.is_some(), "frame {}", f.code);
            assert_eq!(f.note.is_some(), f.note_en.is_some(), "frame {}", f.code);
        }
        for c in &r.criteria {
            assert!(c.name_en.is_some(), "criterion {}", c.code);
        }
        let theme = &r.themes[0];
        assert_eq!(
            with_lang(Lang::En, || theme.label().to_string()),
            *theme.name_en.as_ref().unwrap()
        );
        assert_eq!(
            with_lang(Lang::Fr, || theme.label().to_string()),
            theme.name
        );
    }

    #[test]
    fn holes_are_filled_once_and_unknown_ones_stay() {
        let name = "Léa {n} (s)";
        assert_eq!(
            with_lang(Lang::Fr, || fill(
                "{name} : {n} idée(s), {x}",
                &[("name", &name), ("n", &3)]
            )),
            "Léa {n} (s) : 3 idées, {x}",
            "what a value holds is never changed"
        );
        let n = 2;
        assert_eq!(
            with_lang(Lang::En, || crate::t!("{n} personne(s) anonymisée(s).", n)),
            "2 people anonymised."
        );
        assert_eq!(
            with_lang(Lang::Fr, || crate::t!(
                "{n} personne(s) anonymisée(s).",
                n = n + 1
            )),
            "3 personnes anonymisées."
        );
    }

    #[test]
    fn words_marked_s_agree_with_their_own_count() {
        let said = |sent: i64, received: i64, lang: Lang| {
            with_lang(lang, || {
                crate::t!(
                    "Synchronisation terminée : {sent} modification(s) envoyée(s), {received} reçue(s).",
                    sent,
                    received
                )
            })
        };
        assert_eq!(
            said(1, 0, Lang::Fr),
            "Synchronisation terminée : 1 modification envoyée, 0 reçue."
        );
        assert_eq!(
            said(0, 12, Lang::Fr),
            "Synchronisation terminée : 0 modification envoyée, 12 reçues."
        );
        assert_eq!(
            said(0, 1, Lang::En),
            "Sync done: 0 changes sent, 1 received."
        );
        // A count after the word, when none comes before it.
        assert_eq!(
            with_lang(Lang::Fr, || fill("personne(s) : {n}", &[("n", &1)])),
            "personne : 1"
        );
        // No count at all: left as written.
        assert_eq!(
            with_lang(Lang::Fr, || fill("thème(s) {list}", &[("list", &"a, b")])),
            "thème(s) a, b"
        );
        assert_eq!(
            with_lang(Lang::En, || fill("{n} territory(ies)", &[("n", &2)])),
            "2 territories"
        );
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
