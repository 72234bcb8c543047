//! `comptoir report`: the figures the Mission ESS follows, per territory, in French or JSON.

use anyhow::Result;
use rusqlite::params;
use serde::Serialize;

use crate::domain::age::AgeBracket;
use crate::domain::codes::Decision;
use crate::domain::maturity::Level;
use crate::domain::money::{self, Cents};
use crate::store::Store;
use crate::strings::Labelled;

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Figures {
    pub workshops: i64,
    /// Different people checked in at least once (`Store::people_counts`).
    pub attendees: i64,
    /// Unique attendees by age bracket, in `AgeBracket::ALL` order.
    pub by_age: [i64; 5],
    /// Ideas the committee has not decided on, by level, in `Level::ALL` order (a decided idea
    /// is counted in `labelled` or `not_labelled` only, as the screens show it).
    pub ideas_by_level: [i64; 4],
    pub labelled: i64,
    pub not_labelled: i64,
    /// Requested from the Budget citoyen, in cents.
    pub requested: i64,
}

impl Figures {
    /// Every idea, decided or not.
    pub fn ideas(&self) -> i64 {
        self.ideas_by_level.iter().sum::<i64>() + self.labelled + self.not_labelled
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Device {
    pub device: String,
    /// `AAAA-MM-JJ HH:MM`, UTC: for programs reading the JSON.
    pub last_change: String,
    /// The same, as a clock: the text says it in local time.
    #[serde(skip)]
    pub last_clock: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub campaign: i32,
    pub envelope: i64,
    /// People registered, merged and erased ones left out (`Store::people_counts`).
    pub registered: i64,
    pub total: Figures,
    pub territories: Vec<(String, Figures)>,
    /// Theme label and number of ideas.
    pub themes: Vec<(String, i64)>,
    pub open_conflicts: i64,
    pub devices: Vec<Device>,
}

pub fn build(store: &Store) -> Result<Report> {
    let reference = store.reference();
    let names: Vec<String> = reference
        .territory_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut per: Vec<Figures> = vec![Figures::default(); names.len()];
    let mut total = Figures::default();
    let slot = |t: &str| names.iter().position(|n| n == t);

    for w in store.workshops(0, usize::MAX >> 1)? {
        total.workshops += 1;
        if let Some(i) = slot(&w.territory) {
            per[i].workshops += 1;
        }
    }
    // Unique people per territory (by the workshops they came to), and overall.
    let rows: Vec<(String, String, Option<String>)> = store.attendance_by_territory()?;
    let mut seen_total = std::collections::BTreeSet::new();
    let mut seen = vec![std::collections::BTreeSet::new(); names.len()];
    for (territory, person, age) in rows {
        let age_index = age
            .as_deref()
            .and_then(AgeBracket::from_code)
            .map(|b| b as usize);
        if seen_total.insert(person.clone()) {
            total.attendees += 1;
            if let Some(a) = age_index {
                total.by_age[a] += 1;
            }
        }
        if let Some(i) = slot(&territory)
            && seen[i].insert(person)
        {
            per[i].attendees += 1;
            if let Some(a) = age_index {
                per[i].by_age[a] += 1;
            }
        }
    }
    let mut themes: Vec<(String, i64)> = reference
        .themes
        .iter()
        .map(|t| (t.code.clone(), 0))
        .collect();
    for idea in store.ideas(0, usize::MAX >> 1)? {
        let i = idea.territory.as_deref().and_then(slot);
        let level = idea.level as usize;
        let (lab, not) = match idea.decision {
            Some(Decision::Labelled) => (1, 0),
            Some(_) => (0, 1),
            None => (0, 0),
        };
        for f in std::iter::once(&mut total).chain(i.map(|i| &mut per[i])) {
            f.ideas_by_level[level] += 1 - lab - not;
            f.labelled += lab;
            f.not_labelled += not;
            f.requested += idea.requested.0.max(0);
        }
        for code in store.idea_themes(&idea.id)? {
            if let Some(t) = themes.iter_mut().find(|(c, _)| *c == code) {
                t.1 += 1;
            }
        }
    }
    let themes = themes
        .into_iter()
        .map(|(code, n)| {
            let label = reference
                .themes
                .iter()
                .find(|t| t.code == code)
                .map(|t| t.label().to_string())
                .unwrap_or(code);
            (label, n)
        })
        .collect();
    let devices = store
        .sites_seen()?
        .into_iter()
        .map(|s| Device {
            device: s.device.unwrap_or_else(|| s.site[..8].to_string()),
            last_change: s.last_change,
            last_clock: s.last_clock,
        })
        .collect();
    Ok(Report {
        campaign: reference.campaign.year,
        envelope: reference.campaign.envelope_cents,
        registered: store.people_counts()?.0,
        total,
        territories: names.into_iter().zip(per).collect(),
        themes,
        open_conflicts: store.open_conflicts()?,
        devices,
    })
}

/// The report in the user's language, for the terminal.
pub fn text(r: &Report) -> String {
    use crate::i18n::tr;
    use crate::t;
    let mut out = t!("Budget citoyen {year} — bilan", year = r.campaign);
    out.push_str("\n\n");
    let total = &r.total;
    out.push_str(&t!(
        "Comptoirs : {w} · inscrits : {p} · venus : {a} · idées : {i} · labellisées : {yes} · non labellisées : {no}",
        w = total.workshops,
        p = r.registered,
        a = total.attendees,
        i = total.ideas(),
        yes = total.labelled,
        no = total.not_labelled
    ));
    out.push('\n');
    out.push_str(&t!(
        "Demandé : {asked} pour une enveloppe de {envelope} ({share} %)",
        asked = money::format(Cents(total.requested)),
        envelope = money::format(Cents(r.envelope)),
        share = if r.envelope > 0 {
            total.requested * 100 / r.envelope
        } else {
            0
        }
    ));
    out.push('\n');
    let t = total;
    let ages: Vec<String> = AgeBracket::ALL
        .iter()
        .zip(t.by_age)
        .map(|(b, n)| t!("{what} : {n}", what = b.code(), n))
        .collect();
    out.push_str(&t!("Âges : {ages}", ages = ages.join(" · ")));
    out.push('\n');
    let levels: Vec<String> = Level::ALL
        .iter()
        .map(|l| l.label())
        .zip(t.ideas_by_level)
        .chain([
            (Decision::Labelled.label(), t.labelled),
            (Decision::NotLabelled.label(), t.not_labelled),
        ])
        .map(|(what, n)| t!("{what} : {n}", what, n))
        .collect();
    out.push_str(&t!("Maturité : {levels}", levels = levels.join(" · ")));
    out.push_str("\n\n");
    out.push_str(&format!(
        "{:<24}{:>10}{:>13}{:>7}{:>7}{:>14}\n",
        tr("Territoire"),
        tr("Comptoirs"),
        tr("Participants"),
        tr("Idées"),
        tr("Label."),
        tr("Demandé")
    ));
    for (name, f) in &r.territories {
        out.push_str(&format!(
            "{:<24}{:>10}{:>13}{:>7}{:>7}{:>14}\n",
            name,
            f.workshops,
            f.attendees,
            f.ideas(),
            f.labelled,
            money::format(Cents(f.requested)).replace('\u{a0}', " ")
        ));
    }
    let themes: Vec<String> = r
        .themes
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(l, n)| format!("{l} ({n})"))
        .collect();
    out.push('\n');
    out.push_str(&t!(
        "Thèmes : {themes}",
        themes = if themes.is_empty() {
            "—".into()
        } else {
            themes.join(", ")
        }
    ));
    out.push('\n');
    out.push_str(&t!("Conflits ouverts : {n}", n = r.open_conflicts));
    out.push('\n');
    out.push_str(tr("Ordinateurs :"));
    out.push('\n');
    for d in &r.devices {
        out.push_str("  ");
        out.push_str(&t!(
            "{device} — dernière modification le {when}",
            device = d.device,
            when = crate::strings::moment(crate::store::millis(d.last_clock))
        ));
        out.push('\n');
    }
    out
}

impl Store {
    /// (territory of the workshop, person, age bracket) for every live check-in.
    /// A merged person's presences count as the person kept (`Store::people_counts`).
    pub fn attendance_by_territory(&self) -> Result<Vec<(String, String, Option<String>)>> {
        let mut stmt = self.conn().prepare(
            "SELECT w.territory, coalesce(p.merged_into, a.attendee),
                    coalesce(k.age_bracket, p.age_bracket)
             FROM attendance a
             JOIN workshops w ON w.id = a.workshop
             LEFT JOIN attendees p ON p.id = a.attendee
             LEFT JOIN attendees k ON k.id = p.merged_into
             WHERE a.removed IS NOT 1 AND a.checked_in IS NOT NULL AND w.deleted IS NOT 1",
        )?;
        let rows = stmt.query_map(params![], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                r.get(1)?,
                r.get(2)?,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// An idea's theme codes.
    pub fn idea_themes(&self, idea: &str) -> Result<Vec<String>> {
        Ok(self
            .row(&crate::domain::model::IDEAS, idea)?
            .and_then(|r| r.get("themes").and_then(|v| v.as_str()).map(String::from))
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default())
    }
}
