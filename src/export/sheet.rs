//! The project sheet: one page per idea, in the user's language, for the holder to take home (Markdown, and
//! HTML with print CSS). Holders appear by first name and initial, with no contact details.

use anyhow::Result;

use crate::domain::budget::{self, Totals};
use crate::domain::money;
use crate::domain::rules::{BUDGET_NATURES, DECISIONS, FUNDING_SOURCES, RECOMMENDATIONS};
use crate::i18n::tr;
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
    crate::domain::rules::label_in(list, code)
        .unwrap_or_default()
        .to_string()
}

fn gather(store: &Store, idea: &str) -> Result<Sheet> {
    let review = store.review(idea)?;
    let row = store
        .row(&crate::domain::model::IDEAS, idea)?
        .ok_or_else(|| anyhow::anyhow!(tr("Idée introuvable.")))?;
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
                tr("co-porteur")
            } else {
                tr("porteur")
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
        .map(|f| f.label().to_string())
        .unwrap_or_else(|| tr("à définir").into());
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
                        tr("Dépense").into()
                    } else {
                        tr("Recette").into()
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

/// The sheet's headings in the user's language: one set for the Markdown and the HTML.
struct Words {
    sub: String,
    place: &'static str,
    holders: &'static str,
    public: &'static str,
    frame: &'static str,
    partners: &'static str,
    brief: &'static str,
    description: &'static str,
    columns: [&'static str; 5],
    totals: String,
    asked: String,
    criteria: &'static str,
    next: &'static str,
    recommendation: &'static str,
    decision: &'static str,
}

impl Words {
    fn of(s: &Sheet) -> Words {
        Words {
            sub: crate::t!(
                "Budget citoyen du Pas-de-Calais · niveau : {level}",
                level = s.level
            ),
            place: tr("Lieu"),
            holders: tr("Porteurs"),
            public: tr("Public visé"),
            frame: tr("Cadre juridique"),
            partners: tr("Partenaires"),
            brief: tr("En bref"),
            description: tr("Description"),
            columns: [
                tr("Type"),
                tr("Nature"),
                tr("Libellé"),
                tr("Montant"),
                tr("Financeur"),
            ],
            totals: crate::t!(
                "Dépenses : {expenses} · cofinancements : {cofunding}",
                expenses = s.totals[0],
                cofunding = s.totals[1]
            ),
            asked: crate::t!("demandé au Budget citoyen : {asked}", asked = s.totals[2]),
            criteria: tr("Critères de maturité"),
            next: tr("Prochaines étapes"),
            recommendation: tr("Recommandation de l'animateur"),
            decision: tr("Décision du comité"),
        }
    }
}

/// The sheet in Markdown.
pub fn markdown(store: &Store, idea: &str) -> Result<String> {
    let s = gather(store, idea)?;
    let w = Words::of(&s);
    let mut out = format!("# {}\n\n*{}*\n\n", s.title, w.sub);
    out.push_str(&format!("- **{}** : {}\n", w.place, s.place));
    out.push_str(&format!(
        "- **{}** : {}\n",
        w.holders,
        or_dash(&s.holders.join(", "))
    ));
    out.push_str(&format!("- **{}** : {}\n", w.public, or_dash(&s.public)));
    out.push_str(&format!("- **{}** : {}\n", w.frame, s.frame));
    out.push_str(&format!(
        "- **{}** : {}\n\n",
        w.partners,
        or_dash(&s.partners)
    ));
    out.push_str(&format!(
        "## {}\n\n{}\n\n## {}\n\n{}\n\n",
        w.brief,
        or_dash(&s.summary),
        w.description,
        or_dash(&s.description)
    ));
    out.push_str(&format!(
        "## Budget\n\n| {} |\n|---|---|---|---:|---|\n",
        w.columns.join(" | ")
    ));
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
    out.push_str(&format!("\n{} · **{}**\n\n", w.totals, w.asked));
    out.push_str(&format!("## {}\n\n", w.criteria));
    for (met, label, note) in &s.criteria {
        let mark = if *met { "✓" } else { "✗" };
        match note {
            Some(n) => out.push_str(&format!("- {mark} {label} : {n}\n")),
            None => out.push_str(&format!("- {mark} {label}\n")),
        }
    }
    out.push_str(&format!("\n## {}\n\n{}\n", w.next, or_dash(&s.next_steps)));
    if let Some(r) = &s.recommendation {
        out.push_str(&format!("\n**{}** : {r}\n", w.recommendation));
    }
    if let Some(d) = &s.decision {
        out.push_str(&format!("\n**{}** : {d}\n", w.decision));
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
    let w = Words::of(&s);
    let para = |t: &str| esc(or_dash(t)).replace('\n', "<br>");
    let extra = [
        (w.recommendation, &s.recommendation),
        (w.decision, &s.decision),
    ]
    .iter()
    .filter_map(|(k, v)| {
        v.as_ref()
            .map(|v| format!("<p><strong>{k}</strong> : {}</p>\n", esc(v)))
    })
    .collect::<String>();
    Ok(format!(
        r#"<!DOCTYPE html>
<html lang="{lang}">
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
<p class="sub">{sub}</p>
<p><strong>{w_place}</strong> : {place}<br><strong>{w_holders}</strong> : {holders}<br><strong>{w_public}</strong> : {public}<br>
<strong>{w_frame}</strong> : {frame}<br><strong>{w_partners}</strong> : {partners}</p>
<h2>{w_brief}</h2><p>{summary}</p>
<h2>{w_description}</h2><p>{description}</p>
<h2>Budget</h2>
<table><tr><th>{columns}</th></tr>
{rows}</table>
<p>{totals} · <strong>{asked}</strong></p>
<h2>{w_criteria}</h2><ul>
{criteria}</ul>
<h2>{w_next}</h2><p>{next}</p>
{extra}</body>
</html>
"#,
        lang = match crate::i18n::lang() {
            crate::i18n::Lang::Fr => "fr",
            crate::i18n::Lang::En => "en",
        },
        title = esc(&s.title),
        sub = esc(&w.sub),
        w_place = w.place,
        w_holders = w.holders,
        w_public = w.public,
        w_frame = w.frame,
        w_partners = w.partners,
        w_brief = w.brief,
        w_description = w.description,
        columns = w.columns.join("</th><th>"),
        totals = esc(&w.totals),
        asked = esc(&w.asked),
        w_criteria = w.criteria,
        w_next = w.next,
        place = esc(&s.place),
        holders = esc(or_dash(&s.holders.join(", "))),
        public = esc(or_dash(&s.public)),
        frame = esc(&s.frame),
        partners = esc(or_dash(&s.partners)),
        summary = para(&s.summary),
        description = para(&s.description),
        next = para(&s.next_steps),
    ))
}

/// The file name of an idea's sheet, without extension: `fiche-<title>-<id>`, the title folded
/// to ASCII and cut, so that two ideas of the same title never share a file and a long title
/// never makes a name the file system refuses.
pub fn file_stem(title: &str, id: &str) -> String {
    let mut slug = String::new();
    for c in crate::domain::text::fold(title).chars() {
        let c = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            '-'
        };
        if c == '-' && (slug.is_empty() || slug.ends_with('-')) {
            continue;
        }
        slug.push(c);
        if slug.len() >= 60 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    let short: String = id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    if slug.is_empty() {
        format!("fiche-{short}")
    } else {
        format!("fiche-{slug}-{short}")
    }
}

/// Writes `fiche-<title>-<id>.html` and `.md` for an idea into `folder`; returns the HTML path.
pub fn write(store: &Store, idea: &str, folder: &std::path::Path) -> Result<std::path::PathBuf> {
    let title = store.idea_row(idea)?.title;
    let base = folder.join(file_stem(&title, idea));
    let html_path = base.with_extension("html");
    super::write_private(&html_path, html(store, idea)?.as_bytes())?;
    super::write_private(
        &base.with_extension("md"),
        markdown(store, idea)?.as_bytes(),
    )?;
    Ok(html_path)
}

/// Writes the sheet of every idea not archived into `folder`; returns how many.
pub fn write_all(store: &Store, folder: &std::path::Path) -> Result<usize> {
    let ideas = store.ideas(0, usize::MAX >> 1)?;
    for idea in &ideas {
        write(store, &idea.id, folder)?;
    }
    Ok(ideas.len())
}
