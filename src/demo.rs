//! A realistic demo database from a seeded generator: same seed, same people and ideas; ids,
//! site and clocks always new, as on a real laptop, so two demo files never share a record.
//!
//! Everything is written through the store's one write path.

use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

use crate::domain::age::AgeBracket;
use crate::domain::codes::{
    AttendeeRole, BudgetKind, BudgetNature, FundingSource, HolderRole, Recommendation,
};
use crate::domain::model::{
    ATTENDANCE, ATTENDEES, BUDGET_LINES, CAMPAIGNS, CRITERION_CHECKS, DEVICES, HOLDERS, IDEAS,
    REVIEWS, WORKSHOPS,
};
use crate::domain::reference::{Commune, CriterionMode};
use crate::store::{Edit, Store, derived_id, new_id};

pub const DEFAULT_IDEAS: usize = 40;
pub const DEFAULT_SEED: u64 = 2026;

const FIRST_NAMES: &[&str] = &[
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Inès",
    "Jade",
    "Louise",
    "Zoé",
    "Emma",
    "Sarah",
    "Nadia",
    "Fatou",
    "Lucas",
    "Hugo",
    "Théo",
    "Nathan",
    "Mathis",
    "Enzo",
    "Yanis",
    "Karim",
    "Mehdi",
    "Julien",
    "Bernard",
    "Monique",
    "Jean-Pierre",
    "Françoise",
    "Gérard",
    "Sylvie",
    "Dominique",
    "Aurélie",
];
const LAST_NAMES: &[&str] = &[
    "Lefebvre",
    "Leroy",
    "Dupont",
    "Lemaire",
    "Delattre",
    "Caron",
    "Vasseur",
    "Dubois",
    "Lecomte",
    "Petit",
    "Duhamel",
    "Pruvost",
    "Wattez",
    "Deldalle",
    "Lebrun",
    "Boulanger",
    "Carpentier",
    "Benali",
    "Diallo",
    "Kowalski",
    "Nowak",
    "Fournier",
    "Mercier",
    "Dufour",
    "Hennebelle",
    "Poulain",
    "Lagache",
    "Delannoy",
];
const HOSTS: &[&str] = &[
    "Centre social Jean Jaurès",
    "Tiers-lieu La Fabrique",
    "Maison des associations",
    "Médiathèque",
    "Ressourcerie du Littoral",
    "MJC",
    "Café associatif Le Comptoir",
    "Foyer rural",
];
const STRUCTURES: &[&str] = &[
    "Collège Jean Moulin",
    "Association des parents",
    "Comité des fêtes",
    "Club de foot",
    "Conseil citoyen",
    "Amicale laïque",
    "Jardin d'insertion",
];
/// (title, summary, theme, public)
const IDEAS_TEXT: &[(&str, &str, &str, &str)] = &[
    (
        "Jardin partagé au pied des immeubles",
        "Cultiver ensemble des légumes entre voisins",
        "alimentation",
        "habitants du quartier",
    ),
    (
        "Repair café mensuel",
        "Réparer plutôt que jeter, un samedi par mois",
        "reemploi",
        "tous publics",
    ),
    (
        "Boîte à livres du centre-bourg",
        "Une cabine recyclée en bibliothèque libre",
        "culture",
        "familles",
    ),
    (
        "Atelier vélo solidaire",
        "Remettre en état des vélos donnés",
        "mobilite",
        "jeunes et demandeurs d'emploi",
    ),
    (
        "Ciné-débat itinérant",
        "Des projections suivies de débats dans les villages",
        "culture",
        "habitants des villages",
    ),
    (
        "Fresque du climat au collège",
        "Sensibiliser les élèves au climat",
        "environnement",
        "collégiens",
    ),
    (
        "Épicerie solidaire mobile",
        "Un camion d'épicerie à petits prix",
        "alimentation",
        "familles modestes",
    ),
    (
        "Café numérique",
        "Aider les seniors avec leur téléphone",
        "numerique",
        "seniors",
    ),
    (
        "Skatepark participatif",
        "Construire des modules avec les jeunes",
        "sport",
        "adolescents",
    ),
    (
        "Potager pédagogique",
        "Un potager pour l'école primaire",
        "environnement",
        "écoliers",
    ),
    (
        "Festival des voisins",
        "Une fête de quartier préparée ensemble",
        "lien-social",
        "habitants",
    ),
    (
        "Ressourcerie de jouets",
        "Collecter et redonner des jouets",
        "reemploi",
        "familles",
    ),
    (
        "Parcours santé connecté",
        "Un parcours sportif balisé dans le parc",
        "sante",
        "tous âges",
    ),
    (
        "Chantier jeunes d'été",
        "Rénover un local associatif avec des jeunes",
        "jeunesse",
        "15-25 ans",
    ),
    (
        "Ruchers partagés",
        "Installer des ruches et former des apiculteurs amateurs",
        "environnement",
        "habitants",
    ),
    (
        "Conseil des jeunes",
        "Une instance où les jeunes proposent des projets",
        "citoyennete",
        "11-17 ans",
    ),
];
const PARTNERS: &[&str] = &[
    "Mairie",
    "Centre social",
    "Bailleur social",
    "Collège",
    "Association de quartier",
    "Ressourcerie",
    "Communauté de communes",
    "Médiathèque",
];

fn commune_in<'a>(rng: &mut StdRng, communes: &[&'a Commune]) -> &'a Commune {
    communes[rng.random_range(0..communes.len())]
}

/// What was built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Built {
    pub workshops: usize,
    pub attendees: usize,
    pub ideas: usize,
}

/// Records written to a transaction (see [`Store::bulk`]).
pub const RECORDS_PER_TRANSACTION: usize = 1000;

/// Fills an empty store with demo data for `ideas` ideas.
pub fn build(store: &mut Store, ideas: usize, seed: u64) -> Result<Built> {
    build_reporting(store, ideas, seed, &mut |_| {})
}

/// [`build`], telling `progress` how far it is (0 to 1) now and then. Each person and each
/// idea is one write through the write path, as at the desk (its own clock), in the order
/// generated; the writes go [`RECORDS_PER_TRANSACTION`] to a transaction.
pub fn build_reporting(
    store: &mut Store,
    ideas: usize,
    seed: u64,
    progress: &mut dyn FnMut(f64),
) -> Result<Built> {
    store.bulk(RECORDS_PER_TRANSACTION, |store| {
        fill(store, ideas, seed, progress)
    })
}

/// [`build`] with each write in its own transaction, as before batches (tests compare both).
#[cfg(test)]
pub(crate) fn fill_for_tests(store: &mut Store, ideas: usize, seed: u64) -> Result<Built> {
    fill(store, ideas, seed, &mut |_| {})
}

fn fill(
    store: &mut Store,
    ideas: usize,
    seed: u64,
    progress: &mut dyn FnMut(f64),
) -> Result<Built> {
    // People first (two per idea), then ideas: each counts as one step.
    let steps = (ideas * 3).max(1);
    let mut told = 0usize;
    let mut tell = |done: usize| {
        // Every 1 %: often enough to see it move, rarely enough to cost nothing.
        let percent = done * 100 / steps;
        if percent > told {
            told = percent;
            progress(done as f64 / steps as f64);
        }
    };
    let mut rng = StdRng::seed_from_u64(seed);
    let reference = store.reference_arc();
    let territories = reference.territory_names();
    let campaign = reference.campaign.clone();
    let year = campaign.year;
    let write = |store: &mut Store, edits: &[Edit]| store.write(edits).map_err(|e| anyhow!("{e}"));

    write(
        store,
        &[Edit::new(&DEVICES, store.device_id())
            .set("label", "Portable de démonstration")
            .set("facilitator", "Animatrice démo")
            .set("territory", "Arrageois")],
    )?;
    let campaign_id = derived_id("campagne", &year.to_string());
    write(
        store,
        &[Edit::new(&CAMPAIGNS, &campaign_id)
            .set("year", year as i64)
            .set("envelope", campaign.envelope_cents)
            .set("min_amount", campaign.min_amount_cents)
            .set("max_amount", campaign.max_amount_cents)
            .set("min_age", campaign.min_age as i64)
            .set("votes", campaign.votes_per_person as i64)],
    )?;

    // Workshops: at least 12, one or two per territory, February to April.
    let n_workshops = (ideas * 12 / DEFAULT_IDEAS).max(12);
    let start = NaiveDate::from_ymd_opt(year, 2, 2).unwrap_or_default();
    let mut workshops: Vec<(String, &str, Vec<&Commune>, String)> = Vec::new();
    let mut edits = Vec::new();
    for i in 0..n_workshops {
        let territory = territories[i % territories.len()];
        let communes: Vec<&Commune> = reference
            .communes
            .iter()
            .filter(|c| c.territory == territory)
            .collect();
        let commune = commune_in(&mut rng, &communes);
        let date = start
            + chrono::Days::new((i as u64 * 80 / n_workshops as u64) + rng.random_range(0..3));
        let id = new_id();
        let date = date.format("%Y-%m-%d").to_string();
        edits.push(
            Edit::new(&WORKSHOPS, &id)
                .set("campaign", campaign_id.as_str())
                .set("date", date.as_str())
                .set("territory", territory)
                .set("commune", commune.insee.as_str())
                .set("host", *HOSTS.choose(&mut rng).unwrap_or(&HOSTS[0]))
                .set("facilitators", "Animatrice démo"),
        );
        workshops.push((id, territory, communes, date));
        write(store, &edits)?;
        edits.clear();
    }

    // Attendees: two per idea, a fifth of them minors, each checked in to one or two workshops.
    let n_attendees = ideas * 2;
    let mut people: Vec<(String, AgeBracket, usize)> = Vec::new();
    let mut edits = Vec::new();
    for i in 0..n_attendees {
        // Pairs of people per workshop, so ideas (held by the first of each pair) come from
        // every workshop.
        let w = (i / 2) % workshops.len();
        let age = match rng.random_range(0..10) {
            0 => AgeBracket::From11To14,
            1 => AgeBracket::From15To17,
            2 | 3 => AgeBracket::From18To25,
            4..=8 => AgeBracket::From26To64,
            _ => AgeBracket::From65,
        };
        let first = *FIRST_NAMES.choose(&mut rng).unwrap_or(&FIRST_NAMES[0]);
        let last = *LAST_NAMES.choose(&mut rng).unwrap_or(&LAST_NAMES[0]);
        let commune = commune_in(&mut rng, &workshops[w].2);
        // Holders of ideas (even ranks) agreed to be contacted; others mostly did.
        let consent = i % 2 == 0 || rng.random_range(0..5) > 0;
        let id = new_id();
        let mut e = Edit::new(&ATTENDEES, &id)
            .set("first_name", first)
            .set("last_name", last)
            .set("age_bracket", age.code())
            .set("commune", commune.insee.as_str())
            .set(
                "role",
                if i % 3 == 2 {
                    AttendeeRole::Curious
                } else {
                    AttendeeRole::Holder
                },
            )
            .set("consent", consent);
        if consent {
            let mail = crate::domain::text::fold(&format!("{first}.{last}")).replace(' ', "-");
            e = e
                .set("email", format!("{mail}{i}@exemple.fr"))
                .set("consent_date", workshops[w].3.as_str());
            if age.needs_parent_consent() {
                e = e.set("parent_consent", true);
            }
        }
        if rng.random_range(0..4) == 0 {
            e = e.set(
                "structure",
                *STRUCTURES.choose(&mut rng).unwrap_or(&STRUCTURES[0]),
            );
        }
        edits.push(e);
        edits.push(
            Edit::new(&ATTENDANCE, new_id())
                .set("workshop", workshops[w].0.as_str())
                .set("attendee", id.as_str())
                .set("checked_in", morning(&workshops[w].3)),
        );
        if rng.random_range(0..4) == 0 {
            let other = (w + 1 + rng.random_range(0..workshops.len() - 1)) % workshops.len();
            edits.push(
                Edit::new(&ATTENDANCE, new_id())
                    .set("workshop", workshops[other].0.as_str())
                    .set("attendee", id.as_str())
                    .set("checked_in", morning(&workshops[other].3)),
            );
        }
        people.push((id, age, w));
        // One write per person, as at the registration desk: each gets its own clock, so lists
        // ordered by creation are the same for every run of a seed.
        write(store, &edits)?;
        edits.clear();
        tell(i + 1);
    }

    // Ideas: levels in turn (Idée, En construction, Mature, Prête), with budgets.
    let mut edits = Vec::new();
    let mut ready = Vec::new();
    for i in 0..ideas {
        // Levels in turn, shifted every dozen so that no territory gets only one level.
        let target = (i + i / 12) % 4;
        let (title, summary, theme, public) = IDEAS_TEXT[i % IDEAS_TEXT.len()];
        let holder = &people[(i * 2) % people.len()];
        let w = &workshops[holder.2];
        let id = new_id();
        let title = if i < IDEAS_TEXT.len() {
            title.to_string()
        } else {
            format!("{title} ({})", i / IDEAS_TEXT.len() + 1)
        };
        let mut idea = Edit::new(&IDEAS, &id)
            .set("campaign", campaign_id.as_str())
            .set("workshop", w.0.as_str())
            .set("title", title)
            .set("summary", summary)
            .set("themes", serde_json::to_string(&[theme])?);
        if target >= 1 {
            let commune = commune_in(&mut rng, &w.2);
            idea = idea.set("commune", commune.insee.as_str()).set(
                "legal_frame",
                if holder.1.is_minor() {
                    "junior-association"
                } else {
                    "association"
                },
            );
            edits.push(
                Edit::new(&HOLDERS, new_id())
                    .set("idea", id.as_str())
                    .set("attendee", holder.0.as_str())
                    .set("role", HolderRole::Holder),
            );
            if rng.random_range(0..3) == 0 {
                let co = &people[(i * 2 + 1) % people.len()];
                edits.push(
                    Edit::new(&HOLDERS, new_id())
                        .set("idea", id.as_str())
                        .set("attendee", co.0.as_str())
                        .set("role", HolderRole::CoHolder),
                );
            }
        }
        if target >= 2 {
            idea = idea
                .set(
                    "description",
                    format!("{summary}. Le projet réunit des habitants autour d'un objectif commun et s'appuie sur les partenaires du territoire ({}).", w.1),
                )
                .set("target_public", public)
                .set("partners", serde_json::to_string(&PARTNERS.choose_multiple(&mut rng, 2).collect::<Vec<_>>())?)
                .set("next_steps", "Déposer le dossier avant la fin de la période de dépôt.");
            if holder.1.is_minor() {
                idea = idea.set("referent", "Animateur jeunesse de la commune");
            }
        }
        edits.push(idea);
        // Budget: a target between 5 000 € and 18 000 € for mature ideas; too small or
        // unbalanced for some ideas under construction.
        if target >= 1 {
            let total: i64 = if target == 1 && i % 8 == 1 {
                rng.random_range(20..40) * 10_000
            } else {
                rng.random_range(60..200) * 10_000
            };
            let lines = [
                (BudgetNature::Investment, "Matériel et équipement", 55),
                (BudgetNature::Operating, "Animation et intervenants", 30),
                (BudgetNature::Operating, "Communication", 15),
            ];
            for (nature, label, share) in lines {
                edits.push(
                    Edit::new(&BUDGET_LINES, new_id())
                        .set("idea", id.as_str())
                        .set("kind", BudgetKind::Expense)
                        .set("nature", nature)
                        .set("label", label)
                        .set("amount", total * share / 100),
                );
            }
            let cofunding = total / 10;
            edits.push(
                Edit::new(&BUDGET_LINES, new_id())
                    .set("idea", id.as_str())
                    .set("kind", BudgetKind::Income)
                    .set("label", "Participation de la commune")
                    .set("source", FundingSource::Municipality)
                    .set("amount", cofunding),
            );
        }
        if target == 3 {
            for c in reference
                .criteria
                .iter()
                .filter(|c| c.mode == CriterionMode::Facilitator)
            {
                edits.push(
                    Edit::new(&CRITERION_CHECKS, derived_id(&id, &c.code))
                        .set("idea", id.as_str())
                        .set("criterion", c.code.as_str())
                        .set("met", true),
                );
            }
            edits.push(
                Edit::new(&REVIEWS, derived_id(&id, "revue"))
                    .set("idea", id.as_str())
                    .set("recommendation", Recommendation::Ready)
                    .set("comment", "Projet solide, porteurs motivés."),
            );
            ready.push((i, id.clone()));
        }
        write(store, &edits)?;
        edits.clear();
        tell(n_attendees + i + 1);
    }
    // The committee's labelling of the ideas that reached « Prête »: most labelled, some not,
    // each with its reason.
    for (i, id) in ready {
        if store.idea_maturity(&id)?.0 != crate::domain::maturity::Level::Ready {
            continue;
        }
        let (decision, reason) = if i % 5 == 3 {
            (
                crate::domain::codes::Decision::NotLabelled,
                "Le cofinancement de la commune n'est pas encore confirmé : à représenter l'an prochain.",
            )
        } else {
            (
                crate::domain::codes::Decision::Labelled,
                "Projet d'intérêt collectif, budget équilibré, porteurs mobilisés.",
            )
        };
        write(
            store,
            &[Edit::new(&REVIEWS, derived_id(&id, "revue"))
                .set("decision", decision)
                .set("decision_reason", reason)
                .set("decision_date", committee_date(year).as_str())],
        )?;
    }
    store.set_setting("demo", &seed.to_string())?;
    Ok(Built {
        workshops: workshops.len(),
        attendees: people.len(),
        ideas,
    })
}

/// The labelling committee's day: 20 May of the campaign's year.
fn committee_date(year: i32) -> String {
    format!("{year:04}-05-20")
}

/// 10 h on a workshop's day, in milliseconds: when the demo's people checked in.
fn morning(date: &str) -> i64 {
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .map(|t| t.and_utc().timestamp_millis())
        .unwrap_or_default()
}
