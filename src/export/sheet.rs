//! The project sheet: one page per idea, in French, for the holder to take home (Markdown, and
//! HTML with print CSS). Holders appear by first name and initial, with no contact details.

use anyhow::Result;

use crate::domain::budget::{self, Totals};
use crate::domain::money;
use crate::domain::rules::{BUDGET_NATURES, DECISIONS, FUNDING_SOURCES, RECOMMENDATIONS};
use crate::store::Store;

/// The sheet's content, once, for both formats.
struct Sheet {
    title: String,
    level: String,
    place: String,
    holders: Vec<String>,
    summary: String,
    description: String,
    public: String,
    frame: String,
    partners: String,
    /// (kind, nature, label, amount, source)
    lines: Vec<[String; 5]>,
    totals: [String; 3],
    criteria: Vec<(bool, String, Option<String>)>,
    next_steps: String,
    recommendation: Option<String>,
    decision: Option<String>,
}

fn label(list: &[(&str, &'static str)], code: Option<&str>) -> String {
    code.and_then(|c| list.iter().find(|(k, _)| *k == c))
        .map(|(_, l)| l.to_string())
        .unwrap_or_default()
}

fn gather(store: &Store, idea: &str) -> Result<Sheet> {
    let review = store.review(idea)?;
    let row = store
        .row(&crate::domain::model::IDEAS, idea)?
        .ok_or_else(|| anyhow::anyhow!("Idée introuvable."))?;
    let text = |f: &str| {
        row.get(f)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    let list = |f: &str| {
        serde_json::from_str::<Vec<String>>(&text(f))
            .unwrap_or_default()
            .join(", ")
    };
    let reference = store.reference();
    let place = reference
        .commune_by_insee(&text("commune"))
        .map(|c| format!("{} ({})", c.nom, c.territoire))
        .unwrap_or_else(|| "—".into());
    let holders = store
        .holders(idea)?
        .into_iter()
        .map(|h| {
            let mut parts = h.name.split_whitespace();
            let first = parts.next().unwrap_or("");
            let initial = parts
                .next()
                .and_then(|l| l.chars().next())
                .map(|c| format!(" {c}."))
                .unwrap_or_default();
            let role = if h.role.as_deref() == Some("co-porteur") {
                "co-porteur"
            } else {
                "porteur"
            };
            format!("{first}{initial} ({role})")
        })
        .collect();
    let lines_raw = store.budget(idea)?;
    let rules_lines: Vec<budget::Line> = lines_raw
        .iter()
        .map(|l| budget::Line {
            kind: l.kind.clone(),
            label: l.label.clone(),
            amount: l.amount,
            source: l.source.clone(),
        })
        .collect();
    let totals = Totals::of(&rules_lines);
    let frame = reference
        .legal_frames
        .iter()
        .find(|f| f.code == text("legal_frame"))
        .map(|f| f.libelle.clone())
        .unwrap_or_else(|| "à définir".into());
    let comment_of = |code: &str| {
        review
            .comments
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, t)| t.clone())
    };
    Ok(Sheet {
        title: review.title.clone(),
        level: review.level.label().to_string(),
        place,
        holders,
        summary: text("summary"),
        description: text("description"),
        public: text("target_public"),
        frame,
        partners: list("partners"),
        lines: lines_raw
            .iter()
            .map(|l| {
                [
                    if l.kind == "depense" {
                        "Dépense".into()
                    } else {
                        "Recette".into()
                    },
                    label(&BUDGET_NATURES, l.nature.as_deref()),
                    l.label.clone().unwrap_or_default(),
                    budget::shown(l.amount),
                    label(&FUNDING_SOURCES, l.source.as_deref()),
                ]
            })
            .collect(),
        totals: [
            money::format(totals.expenses),
            money::format(totals.cofunding),
            money::format(totals.requested()),
        ],
        criteria: review
            .verdicts
            .iter()
            .map(|v| {
                (
                    v.met,
                    v.label.clone(),
                    v.missing.clone().or_else(|| comment_of(&v.code)),
                )
            })
            .collect(),
        next_steps: text("next_steps"),
        recommendation: review
            .recommendation
            .as_deref()
            .map(|r| label(&RECOMMENDATIONS, Some(r)))
            .map(|r| match &review.comment {
                Some(c) => format!("{r} — {c}"),
                None => r,
            }),
        decision: review.decision.as_deref().map(|d| {
            let mut s = label(&DECISIONS, Some(d));
            if let Some(r) = &review.decision_reason {
                s.push_str(&format!(" — {r}"));
            }
            if let Some(date) = &review.decision_date {
                s.push_str(&format!(" ({date})"));
            }
            s
        }),
    })
}

fn or_dash(s: &str) -> &str {
    if s.trim().is_empty() { "—" } else { s }
}

/// The sheet in Markdown.
pub fn markdown(store: &Store, idea: &str) -> Result<String> {
    let s = gather(store, idea)?;
    let mut out = format!("# {}\n\n", s.title);
    out.push_str(&format!(
        "*Budget citoyen du Pas-de-Calais · niveau : {}*\n\n",
        s.level
    ));
    out.push_str(&format!("- **Lieu** : {}\n", s.place));
    out.push_str(&format!(
        "- **Porteurs** : {}\n",
        or_dash(&s.holders.join(", "))
    ));
    out.push_str(&format!("- **Public visé** : {}\n", or_dash(&s.public)));
    out.push_str(&format!("- **Cadre juridique** : {}\n", s.frame));
    out.push_str(&format!("- **Partenaires** : {}\n\n", or_dash(&s.partners)));
    out.push_str(&format!(
        "## En bref\n\n{}\n\n## Description\n\n{}\n\n",
        or_dash(&s.summary),
        or_dash(&s.description)
    ));
    out.push_str(
        "## Budget\n\n| Type | Nature | Libellé | Montant | Financeur |\n|---|---|---|---:|---|\n",
    );
    for l in &s.lines {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            l[0],
            l[1],
            l[2].replace('|', "/"),
            l[3],
            l[4]
        ));
    }
    out.push_str(&format!(
        "\nDépenses : {} · cofinancements : {} · **demandé au Budget citoyen : {}**\n\n",
        s.totals[0], s.totals[1], s.totals[2]
    ));
    out.push_str("## Critères de maturité\n\n");
    for (met, label, note) in &s.criteria {
        let mark = if *met { "✓" } else { "✗" };
        match note {
            Some(n) => out.push_str(&format!("- {mark} {label} : {n}\n")),
            None => out.push_str(&format!("- {mark} {label}\n")),
        }
    }
    out.push_str(&format!(
        "\n## Prochaines étapes\n\n{}\n",
        or_dash(&s.next_steps)
    ));
    if let Some(r) = &s.recommendation {
        out.push_str(&format!("\n**Recommandation de l'animateur** : {r}\n"));
    }
    if let Some(d) = &s.decision {
        out.push_str(&format!("\n**Décision du comité** : {d}\n"));
    }
    Ok(out)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The sheet in HTML, one A4 page when printed.
pub fn html(store: &Store, idea: &str) -> Result<String> {
    let s = gather(store, idea)?;
    let mut rows = String::new();
    for l in &s.lines {
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>\n",
            esc(&l[0]),
            esc(&l[1]),
            esc(&l[2]),
            esc(&l[3]),
            esc(&l[4])
        ));
    }
    let mut criteria = String::new();
    for (met, label, note) in &s.criteria {
        let note = note
            .as_deref()
            .map(|n| format!(" : {}", esc(n)))
            .unwrap_or_default();
        criteria.push_str(&format!(
            "<li class=\"{}\">{} {}{}</li>\n",
            if *met { "ok" } else { "ko" },
            if *met { "✓" } else { "✗" },
            esc(label),
            note
        ));
    }
    let para = |t: &str| esc(or_dash(t)).replace('\n', "<br>");
    let extra = [
        ("Recommandation de l'animateur", &s.recommendation),
        ("Décision du comité", &s.decision),
    ]
    .iter()
    .filter_map(|(k, v)| {
        v.as_ref()
            .map(|v| format!("<p><strong>{k}</strong> : {}</p>\n", esc(v)))
    })
    .collect::<String>();
    Ok(format!(
        r#"<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
  body {{ font-family: sans-serif; margin: 2em; color: #111; }}
  h1 {{ margin-bottom: 0; }} .sub {{ color: #555; margin-top: .2em; }}
  table {{ border-collapse: collapse; width: 100%; }} td, th {{ border: 1px solid #999; padding: .2em .4em; }}
  td.n {{ text-align: right; white-space: nowrap; }} li.ko {{ color: #a00; }}
  @media print {{ body {{ margin: 1cm; font-size: 10pt; }} @page {{ size: A4; }} }}
</style>
</head>
<body>
<h1>{title}</h1>
<p class="sub">Budget citoyen du Pas-de-Calais · niveau : {level}</p>
<p><strong>Lieu</strong> : {place}<br><strong>Porteurs</strong> : {holders}<br><strong>Public visé</strong> : {public}<br>
<strong>Cadre juridique</strong> : {frame}<br><strong>Partenaires</strong> : {partners}</p>
<h2>En bref</h2><p>{summary}</p>
<h2>Description</h2><p>{description}</p>
<h2>Budget</h2>
<table><tr><th>Type</th><th>Nature</th><th>Libellé</th><th>Montant</th><th>Financeur</th></tr>
{rows}</table>
<p>Dépenses : {e} · cofinancements : {c} · <strong>demandé au Budget citoyen : {r}</strong></p>
<h2>Critères de maturité</h2><ul>
{criteria}</ul>
<h2>Prochaines étapes</h2><p>{next}</p>
{extra}</body>
</html>
"#,
        title = esc(&s.title),
        level = esc(&s.level),
        place = esc(&s.place),
        holders = esc(or_dash(&s.holders.join(", "))),
        public = esc(or_dash(&s.public)),
        frame = esc(&s.frame),
        partners = esc(or_dash(&s.partners)),
        summary = para(&s.summary),
        description = para(&s.description),
        e = s.totals[0],
        c = s.totals[1],
        r = s.totals[2],
        next = para(&s.next_steps),
    ))
}

/// Writes `fiche-<title>.html` and `.md` for an idea into `folder`; returns the HTML path.
pub fn write(store: &Store, idea: &str, folder: &std::path::Path) -> Result<std::path::PathBuf> {
    let title = store.idea_row(idea)?.title;
    let slug: String = crate::domain::text::fold(&title)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let base = folder.join(format!("fiche-{slug}"));
    let html_path = base.with_extension("html");
    super::write_private(&html_path, html(store, idea)?.as_bytes())?;
    super::write_private(
        &base.with_extension("md"),
        markdown(store, idea)?.as_bytes(),
    )?;
    Ok(html_path)
}
