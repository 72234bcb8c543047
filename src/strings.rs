//! Every sentence the user reads, in one place (French; English comes later behind `--lang`).

/// The French name of a field, as form labels and error messages show it.
pub fn field_label(table: &str, field: &str) -> &'static str {
    match (table, field) {
        ("devices", "label") => "Nom de l'ordinateur",
        ("devices", "facilitator") => "Animateur ou animatrice",
        ("devices", "territory") => "Territoire par défaut",
        ("campaigns", "year") => "Année",
        ("campaigns", "envelope") => "Enveloppe",
        ("campaigns", "min_amount") => "Montant minimum",
        ("campaigns", "max_amount") => "Montant maximum",
        ("campaigns", "min_age") => "Âge minimum",
        ("campaigns", "votes") => "Votes par personne",
        (_, "date") => "Date",
        (_, "territory") => "Territoire",
        (_, "commune") => "Commune",
        ("workshops", "host") => "Structure d'accueil",
        ("workshops", "facilitators") => "Animateurs",
        ("workshops", "theme") => "Thème",
        (_, "notes") => "Notes",
        ("attendees", "first_name") => "Prénom",
        ("attendees", "last_name") => "Nom",
        ("attendees", "age_bracket") => "Tranche d'âge",
        ("attendees", "email") => "E-mail",
        ("attendees", "phone") => "Téléphone",
        ("attendees", "structure") => "Structure",
        (_, "role") => "Rôle",
        ("attendees", "consent") => "Accord pour garder les coordonnées",
        ("attendees", "consent_date") => "Date de l'accord",
        ("attendees", "parent_consent") => "Accord d'un parent",
        ("attendees", "merged_into") => "Fusionné avec",
        ("ideas", "title") => "Titre",
        ("ideas", "summary") => "Résumé",
        ("ideas", "description") => "Description",
        ("ideas", "themes") => "Thèmes",
        ("ideas", "target_public") => "Public visé",
        ("ideas", "legal_frame") => "Cadre juridique",
        ("ideas", "referent") => "Adulte référent",
        ("ideas", "partners") => "Partenaires",
        ("ideas", "next_steps") => "Prochaines étapes",
        ("ideas", "archived") => "Archivée",
        ("budget_lines", "kind") => "Type",
        ("budget_lines", "nature") => "Nature",
        ("budget_lines", "label") => "Libellé",
        ("budget_lines", "amount") => "Montant",
        ("budget_lines", "source") => "Financeur",
        ("reviews", "recommendation") => "Recommandation",
        ("reviews", "comment") | ("criterion_checks", "comment") => "Commentaire",
        ("reviews", "decision") => "Décision du comité",
        ("reviews", "decision_reason") => "Motif",
        ("reviews", "decision_date") => "Date de décision",
        (_, "removed") => "Retiré",
        (_, "deleted") => "Supprimé",
        ("attendance", "checked_in") => "Pointé le",
        ("attendees", "online") => "Inscrit en ligne",
        (_, "campaign") => "Campagne",
        ("criterion_checks", "criterion") => "Critère",
        ("criterion_checks", "met") => "Rempli",
        (_, "workshop") => "Comptoir",
        (_, "attendee") => "Participant",
        (_, "idea") => "Idée",
        _ => "Champ",
    }
}

/// A storage failure in words a facilitator can act on.
pub fn storage_error(e: &anyhow::Error) -> String {
    let text = format!("{e:#}").to_lowercase();
    if text.contains("disk is full") || text.contains("database or disk is full") {
        "le disque est plein. Libérez de la place puis réessayez : rien n'a été perdu.".into()
    } else if text.contains("readonly") || text.contains("read-only") {
        "la base est en lecture seule. Vérifiez les droits du fichier.".into()
    } else if text.contains("locked") || text.contains("busy") {
        "la base est occupée par un autre programme comptoir. Fermez-le puis réessayez.".into()
    } else if text.contains("disk i/o error") {
        "le disque n'accepte plus d'écriture (plein ou retiré ?). Ce qui était enregistré est intact ; libérez de la place puis réessayez.".into()
    } else {
        format!("erreur de la base ({e})")
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
                None => storage_error(&anyhow::anyhow!("{cause}")),
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
        StorageFull => "plus de place sur le disque ou la clé".into(),
        PermissionDenied | ReadOnlyFilesystem => {
            "accès refusé (dossier ou clé en lecture seule ?)".into()
        }
        NotFound => "introuvable (la clé a-t-elle été retirée ?)".into(),
        IsADirectory => "c'est un dossier, un fichier est attendu".into(),
        NotADirectory => "un élément du chemin est un fichier, pas un dossier".into(),
        _ if e.raw_os_error() == Some(libc::EFBIG) => {
            "le fichier dépasse la taille permise (disque ou clé plein ?)".into()
        }
        _ => format!("erreur du système : {e}"),
    }
}
