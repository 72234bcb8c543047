//! The synced entities and their fields, as data.
//!
//! The store builds its derived tables, its one write path and its rebuild from this list, so a
//! field added here is stored, merged and rebuilt with no other change. Names are SQL
//! identifiers, checked by a test.

/// A field's value as stored in a change and in the derived tables.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
}

impl Value {
    pub fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }
    /// Empty text counts as nothing, so clearing a field stores `Null`.
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Null => true,
            Value::Text(s) => s.is_empty(),
            Value::Int(_) => false,
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Int(b as i64)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line of text.
    Line,
    /// Several lines (descriptions).
    Text,
    /// Whole number.
    Int,
    /// Integer cents.
    Money,
    /// `AAAA-MM-JJ`.
    Date,
    /// 0 or 1.
    Bool,
    /// 0 or 1, and once 1 it stays 1: a record's `deleted`. Merged by maximum, not by clock.
    SetOnce,
    /// The id of another record (not enforced: a child may arrive before its parent).
    Ref,
    /// A JSON array of strings (themes, partners).
    List,
    /// One code among a fixed list, checked by `rules`.
    Code,
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    /// Must be filled when the record is created.
    pub required: bool,
    /// Personal data: left out of public exports, erased with the person.
    pub personal: bool,
}

/// Tables are told apart by name: there is one of each, in [`TABLES`].
#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub name: &'static str,
    pub fields: &'static [Field],
}

impl PartialEq for Table {
    fn eq(&self, other: &Table) -> bool {
        self.name == other.name
    }
}

impl Table {
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

const fn f(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        required: false,
        personal: false,
    }
}
const fn req(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        required: true,
        personal: false,
    }
}
const fn personal(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        required: false,
        personal: true,
    }
}
const fn req_personal(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        required: true,
        personal: true,
    }
}

use Kind::*;

pub const DEVICES: Table = Table {
    name: "devices",
    fields: &[
        req("label", Line),
        req_personal("facilitator", Line),
        f("territory", Line),
    ],
};

pub const CAMPAIGNS: Table = Table {
    name: "campaigns",
    fields: &[
        req("year", Int),
        f("envelope", Money),
        f("min_amount", Money),
        f("max_amount", Money),
        f("min_age", Int),
        f("votes", Int),
    ],
};

pub const WORKSHOPS: Table = Table {
    name: "workshops",
    fields: &[
        f("campaign", Ref),
        req("date", Date),
        req("territory", Line),
        f("commune", Code),
        f("host", Line),
        // Names of people: personal data.
        personal("facilitators", Line),
        f("theme", Line),
        f("notes", Text),
        f("deleted", SetOnce),
    ],
};

pub const ATTENDEES: Table = Table {
    name: "attendees",
    fields: &[
        req_personal("first_name", Line),
        req_personal("last_name", Line),
        req("age_bracket", Code),
        f("commune", Code),
        personal("email", Line),
        personal("phone", Line),
        f("structure", Line),
        f("role", Code),
        f("consent", Bool),
        f("consent_date", Date),
        f("parent_consent", Bool),
        f("online", Bool),
        // Set when this person was a duplicate of another: the one kept.
        f("merged_into", Ref),
    ],
};

pub const ATTENDANCE: Table = Table {
    name: "attendance",
    fields: &[
        req("workshop", Ref),
        req("attendee", Ref),
        f("checked_in", Int),
        f("removed", Bool),
    ],
};

pub const IDEAS: Table = Table {
    name: "ideas",
    fields: &[
        f("campaign", Ref),
        f("workshop", Ref),
        req("title", Line),
        f("summary", Line),
        f("description", Text),
        f("themes", List),
        f("commune", Code),
        f("target_public", Line),
        f("legal_frame", Code),
        personal("referent", Line),
        f("partners", List),
        f("next_steps", Text),
        f("notes", Text),
        f("archived", Bool),
    ],
};

pub const HOLDERS: Table = Table {
    name: "holders",
    fields: &[
        req("idea", Ref),
        req("attendee", Ref),
        f("role", Code),
        f("removed", Bool),
    ],
};

pub const BUDGET_LINES: Table = Table {
    name: "budget_lines",
    fields: &[
        req("idea", Ref),
        req("kind", Code),
        f("nature", Code),
        f("label", Line),
        f("amount", Money),
        f("source", Code),
        f("removed", Bool),
    ],
};

/// One criterion of one idea, ticked by a facilitator. Its id is derived from the idea and the
/// criterion (`ids::for_pair`), so two laptops ticking the same box edit the same record.
pub const CRITERION_CHECKS: Table = Table {
    name: "criterion_checks",
    fields: &[
        req("idea", Ref),
        req("criterion", Line),
        f("met", Bool),
        f("comment", Text),
    ],
};

/// The review of an idea: one per idea (id derived from the idea's).
pub const REVIEWS: Table = Table {
    name: "reviews",
    fields: &[
        req("idea", Ref),
        f("recommendation", Code),
        f("comment", Text),
        f("decision", Code),
        f("decision_reason", Text),
        f("decision_date", Date),
    ],
};

/// Every synced table, parents before children.
pub const TABLES: &[Table] = &[
    DEVICES,
    CAMPAIGNS,
    WORKSHOPS,
    ATTENDEES,
    ATTENDANCE,
    IDEAS,
    HOLDERS,
    BUDGET_LINES,
    CRITERION_CHECKS,
    REVIEWS,
];

pub fn table(name: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_plain_sql_identifiers_and_unique() {
        let ident = |s: &str| {
            !s.is_empty()
                && s.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                && !["id", "created", "updated"].contains(&s)
        };
        let mut names = std::collections::HashSet::new();
        for t in TABLES {
            assert!(ident(t.name), "{}", t.name);
            assert!(names.insert(t.name), "{} twice", t.name);
            let mut fields = std::collections::HashSet::new();
            for f in t.fields {
                assert!(ident(f.name), "{}.{}", t.name, f.name);
                assert!(fields.insert(f.name), "{}.{} twice", t.name, f.name);
            }
        }
    }
}
