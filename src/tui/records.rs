//! The record forms (a workshop, a person, a walk-in), built on the one form component, and the
//! rules that make their fields depend on each other.

use crate::i18n::tr;
use std::collections::BTreeMap;
use std::sync::Arc;

use super::form::{Completer, Field, Form};
use crate::domain::age::AgeBracket;
use crate::domain::codes::{AttendeeRole, BudgetKind, BudgetNature, Code, FundingSource};
use crate::domain::model::{ATTENDEES, BUDGET_LINES, IDEAS, Table, Value, WORKSHOPS};
use crate::domain::reference::Reference;

/// Which form is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Workshop,
    Attendee,
    /// The walk-in fast path: four fields, saved with a check-in, then cleared.
    WalkIn,
    Idea,
    /// The quick capture: three fields, saved into the current workshop, then cleared.
    QuickIdea,
    BudgetLine,
}

impl Kind {
    pub fn table(self) -> &'static Table {
        match self {
            Kind::Workshop => &WORKSHOPS,
            Kind::Attendee | Kind::WalkIn => &ATTENDEES,
            Kind::Idea | Kind::QuickIdea => &IDEAS,
            Kind::BudgetLine => &BUDGET_LINES,
        }
    }
}

/// An open record form. A new record's id is made when the form opens; `exists` tells whether
/// it has been saved yet.
pub struct Record {
    pub kind: Kind,
    pub id: String,
    pub exists: bool,
    pub form: Form,
    /// Fields set on creation that the form does not show (the idea of a budget line).
    pub extra: Vec<(&'static str, Value)>,
    /// For an existing record, the clock of each value the form showed when opened.
    pub seen: crate::store::Seen,
}

pub type Row = BTreeMap<&'static str, Value>;

fn text<'a>(row: Option<&'a Row>, f: &str) -> &'a str {
    row.and_then(|r| r.get(f))
        .and_then(Value::as_str)
        .unwrap_or("")
}

fn flag(row: Option<&Row>, f: &str) -> bool {
    row.and_then(|r| r.get(f)) == Some(&Value::Int(1))
}

/// Communes as you type: « Calais (62100) ».
pub fn communes(reference: &Arc<Reference>) -> Completer {
    let r = reference.clone();
    Arc::new(move |typed: &str| {
        r.complete_commune(typed, 8)
            .into_iter()
            .map(|c| (c.insee.clone(), commune_label(c)))
            .collect()
    })
}

fn commune_label(c: &crate::domain::reference::Commune) -> String {
    format!(
        "{} ({})",
        c.name,
        c.postal_codes.first().map(String::as_str).unwrap_or("")
    )
}

fn commune_field(reference: &Arc<Reference>, row: Option<&Row>) -> Field {
    let chosen = reference
        .commune_by_insee(text(row, "commune"))
        .map(|c| (c.insee.clone(), commune_label(c)));
    Field::completion("commune", tr("Commune"), communes(reference), chosen)
}

fn options<C: crate::strings::Labelled>() -> Vec<(String, String)> {
    crate::strings::choices::<C>()
}

fn ages() -> Vec<(String, String)> {
    AgeBracket::ALL
        .iter()
        .map(|b| (b.code().to_string(), b.label().to_string()))
        .collect()
}

/// The age bracket field: ← →, the start of a label, or the age typed in years.
pub fn age_field(name: &'static str, code: Option<&str>) -> Field {
    Field::choice(name, tr("Tranche d'âge"), ages(), code).numbers(crate::strings::code_of_age)
}

pub fn workshop(
    reference: &Arc<Reference>,
    row: Option<&Row>,
    default_territory: Option<&str>,
) -> Form {
    let territories = reference
        .territory_names()
        .into_iter()
        .map(|t| (t.to_string(), t.to_string()))
        .collect();
    let territory = match text(row, "territory") {
        "" => default_territory,
        t => Some(t),
    };
    let date = match text(row, "date") {
        "" => None,
        d => Some(d),
    };
    Form::new(
        if row.is_some() {
            tr("Comptoir")
        } else {
            tr("Nouveau comptoir")
        },
        vec![
            Field::date("date", tr("Date"), date).required(),
            Field::choice("territory", tr("Territoire"), territories, territory).required(),
            commune_field(reference, row),
            Field::line("host", tr("Structure d'accueil"), text(row, "host")),
            Field::line("facilitators", tr("Animateurs"), text(row, "facilitators")),
            Field::line("theme", tr("Thème"), text(row, "theme")),
            Field::multi("notes", tr("Notes"), text(row, "notes"), 3),
        ],
    )
}

pub fn attendee(reference: &Arc<Reference>, row: Option<&Row>) -> Form {
    let consent_date = match text(row, "consent_date") {
        "" => None,
        d => Some(d),
    };
    let role = match text(row, "role") {
        "" => None,
        r => Some(r),
    };
    let age = match text(row, "age_bracket") {
        "" => None,
        a => Some(a),
    };
    let mut form = Form::new(
        if row.is_some() {
            tr("Participant")
        } else {
            tr("Nouveau participant")
        },
        vec![
            Field::line("first_name", tr("Prénom"), text(row, "first_name")).required(),
            Field::line("last_name", tr("Nom"), text(row, "last_name")).required(),
            age_field("age_bracket", age).required(),
            commune_field(reference, row),
            Field::checkbox(
                "consent",
                tr("Accord pour garder ses coordonnées"),
                flag(row, "consent"),
            ),
            Field::checkbox(
                "parent_consent",
                tr("Accord d'un parent (moins de 15 ans)"),
                flag(row, "parent_consent"),
            ),
            Field::date("consent_date", tr("Date de l'accord"), consent_date),
            Field::line("email", tr("E-mail"), text(row, "email")),
            Field::line("phone", tr("Téléphone"), text(row, "phone")),
            Field::line("structure", tr("Structure"), text(row, "structure")),
            Field::choice("role", tr("Rôle"), options::<AttendeeRole>(), role),
        ],
    );
    apply_rules(Kind::Attendee, &mut form, "");
    form.mark_saved();
    form
}

/// The walk-in form: names, age bracket, and the commune, the current workshop's by default
/// (typing replaces it).
pub fn walk_in(reference: &Arc<Reference>, commune: Option<&str>) -> Form {
    let row: Option<Row> = commune.map(|c| Row::from([("commune", Value::text(c))]));
    Form::new(
        tr("Inscription rapide"),
        vec![
            Field::line("first_name", tr("Prénom"), "").required(),
            Field::line("last_name", tr("Nom"), "").required(),
            age_field("age_bracket", None).required(),
            commune_field(reference, row.as_ref()).by_default(),
        ],
    )
}

/// The walk-in's optional step (one key): an e-mail or a phone with the person's consent, and
/// a parent's consent under 15. Adds the fields and puts the focus on the e-mail.
pub fn add_contact_step(form: &mut Form, today: &str) {
    if form.field("email").is_some() {
        return;
    }
    form.fields.extend([
        Field::line("email", tr("E-mail"), ""),
        Field::line("phone", tr("Téléphone"), ""),
        Field::checkbox("consent", tr("Accord pour garder ses coordonnées"), false),
        Field::checkbox(
            "parent_consent",
            tr("Accord d'un parent (moins de 15 ans)"),
            false,
        ),
    ]);
    let _ = form.go_to(form.fields.len() - 4);
    apply_rules(Kind::WalkIn, form, today);
}

/// Makes fields follow each other: contact details only with consent (and say so), a parent's
/// consent only under 15, the consent's date filled in when it is given. `today` is
/// `AAAA-MM-JJ`.
pub fn apply_rules(kind: Kind, form: &mut Form, today: &str) {
    if kind == Kind::QuickIdea {
        // A holder typed but not found is a new person: their age bracket is asked.
        let new_person = form.field("holder").is_some_and(Field::is_free_text);
        if let Some(f) = form.field_mut("new_age") {
            f.set_disabled(!new_person, Some(tr("pour une personne nouvelle")));
            f.required = new_person;
        }
        return;
    }
    if kind == Kind::BudgetLine {
        // A funding source only for income.
        let income = form
            .field("kind")
            .is_some_and(|f| f.value() == Ok(Value::text(BudgetKind::Income.code())));
        if let Some(f) = form.field_mut("source") {
            f.set_disabled(!income, Some(tr("pour les recettes")));
        }
        return;
    }
    if kind == Kind::WalkIn {
        // The optional contact step: a parent's consent only under 15.
        let under_15 = form
            .field("age_bracket")
            .is_some_and(|f| f.value() == Ok(Value::text(AgeBracket::From11To14.code())));
        if let Some(f) = form.field_mut("parent_consent") {
            f.set_disabled(!under_15, Some(tr("pour les moins de 15 ans")));
        }
        return;
    }
    if kind != Kind::Attendee {
        return;
    }
    let consent = form
        .field("consent")
        .is_some_and(|f| f.value() == Ok(Value::Int(1)));
    let under_15 = form
        .field("age_bracket")
        .is_some_and(|f| f.value() == Ok(Value::text(AgeBracket::From11To14.code())));
    for name in ["email", "phone", "consent_date"] {
        if let Some(f) = form.field_mut(name) {
            f.set_disabled(!consent, Some(tr("gardé seulement avec son accord")));
        }
    }
    if let Some(f) = form.field_mut("parent_consent") {
        f.set_disabled(!under_15, Some(tr("pour les moins de 15 ans")));
    }
    if consent
        && !today.is_empty()
        && let Some(f) = form.field_mut("consent_date")
        && f.is_blank()
    {
        let shown = chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d")
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default();
        f.set_text(&shown);
    }
}

/// Options of the themes, legal frames and funding sources, from the reference data.
fn themes(reference: &Reference) -> Vec<(String, String)> {
    reference
        .themes
        .iter()
        .map(|t| (t.code.clone(), t.label().to_string()))
        .collect()
}

fn frames(reference: &Reference) -> Vec<(String, String)> {
    reference
        .legal_frames
        .iter()
        .map(|f| (f.code.clone(), f.label().to_string()))
        .collect()
}

fn list(row: Option<&Row>, f: &str) -> Vec<String> {
    serde_json::from_str(text(row, f)).unwrap_or_default()
}

/// The idea form. `minor_holder`: a holder is under 18, so an adult referent is asked.
pub fn idea(
    reference: &Arc<Reference>,
    row: Option<&Row>,
    minor_holder: bool,
    holders: &str,
) -> Form {
    let frame = match text(row, "legal_frame") {
        "" => None,
        f => Some(f),
    };
    let mut form = Form::new(
        if row.is_some() {
            tr("Idée")
        } else {
            tr("Nouvelle idée")
        },
        vec![
            Field::line("title", tr("Titre"), text(row, "title")).required(),
            Field::line("summary", tr("Résumé"), text(row, "summary")),
            Field::multi(
                "description",
                tr("Description"),
                text(row, "description"),
                3,
            ),
            Field::several(
                "themes",
                tr("Thèmes"),
                themes(reference),
                &list(row, "themes"),
            ),
            commune_field(reference, row),
            Field::line(
                "target_public",
                tr("Public visé"),
                text(row, "target_public"),
            ),
            Field::choice(
                "legal_frame",
                tr("Cadre juridique"),
                frames(reference),
                frame,
            ),
            Field::line("referent", tr("Adulte référent"), text(row, "referent")),
            Field::line(
                "partners",
                tr("Partenaires (virgules)"),
                &list(row, "partners").join(", "),
            ),
            Field::multi(
                "next_steps",
                tr("Prochaines étapes"),
                text(row, "next_steps"),
                2,
            ),
        ],
    );
    if let Some(f) = form.field_mut("referent")
        && !minor_holder
    {
        let note = if holders.is_empty() {
            tr("demandé quand un porteur a moins de 18 ans (pas encore de porteur)").to_string()
        } else {
            crate::t!("pas nécessaire, porteurs majeurs : {holders}", holders)
        };
        f.set_disabled(true, Some(&note));
    }
    form.mark_saved();
    form
}

/// Suggestions among people, (id, name) pairs: the first eight whose folded name holds what
/// was typed (a holder to add, a person to merge with, the quick capture's holder).
pub fn people_completer(people: Vec<(String, String)>) -> Completer {
    let people = Arc::new(people);
    Arc::new(move |typed: &str| {
        let f = crate::domain::text::fold(typed);
        people
            .iter()
            .filter(|(_, name)| crate::domain::text::fold(name).contains(&f))
            .take(8)
            .cloned()
            .collect()
    })
}

/// The quick capture: a title, a holder among the current workshop's people, a summary.
pub fn quick_idea(people: Vec<(String, String)>) -> Form {
    let source = people_completer(people);
    let mut form = Form::new(
        tr("Idée rapide"),
        vec![
            Field::line("title", tr("Titre"), "").required(),
            Field::free("holder", tr("Porteur"), source),
            age_field("new_age", None),
            Field::line("summary", tr("Résumé en une ligne"), ""),
        ],
    );
    apply_rules(Kind::QuickIdea, &mut form, "");
    form
}

pub fn budget_line(row: Option<&Row>) -> Form {
    let pick = |f: &str| match text(row, f) {
        "" => None,
        v => Some(v),
    };
    let kind = pick("kind").or(Some(BudgetKind::Expense.code()));
    let amount = row.and_then(|r| r.get("amount")).and_then(Value::as_int);
    let mut form = Form::new(
        if row.is_some() {
            tr("Ligne de budget")
        } else {
            tr("Nouvelle ligne de budget")
        },
        vec![
            Field::choice("kind", tr("Type"), options::<BudgetKind>(), kind).required(),
            Field::choice(
                "nature",
                tr("Nature"),
                options::<BudgetNature>(),
                pick("nature"),
            ),
            Field::line("label", tr("Libellé"), text(row, "label")).required(),
            Field::amount("amount", tr("Montant"), amount).required(),
            Field::choice(
                "source",
                tr("Financeur"),
                options::<FundingSource>(),
                pick("source"),
            ),
        ],
    );
    apply_rules(Kind::BudgetLine, &mut form, "");
    form.mark_saved();
    form
}

/// A form value as the model stores it: partners typed with commas become a list.
pub fn to_model(kind: Kind, field: &str, value: Value) -> Value {
    match (kind, field, &value) {
        (Kind::Idea, "partners", Value::Text(t)) => {
            let items: Vec<&str> = t
                .split([',', ';'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            if items.is_empty() {
                Value::Null
            } else {
                Value::Text(serde_json::to_string(&items).unwrap_or_default())
            }
        }
        _ => value,
    }
}
