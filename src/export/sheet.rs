//! The project sheet: one page per idea, in the user's language, for the holder to take home (Markdown, and
//! HTML with print CSS). Holders appear by first name and initial, with no contact details.
//! Everything a person typed is escaped: the HTML through maud (every value inserted is
//! escaped), the Markdown by [`md`], so that a `<script>` or a `[link](javascript:…)` typed in a
//! title shows as the text it is, even in a Markdown renderer that lets HTML through.

use anyhow::Result;
use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::domain::budget::{self, Totals};
use crate::domain::codes::HolderRole;
use crate::domain::money;
use crate::i18n::tr;
use crate::store::Store;
use crate::strings::Labelled;

/// The sheet's content, once, for both formats.
struct Sheet {
    title: String,
    level: String,
    place: String,
    /// The workshop where the idea was captured: its date (jj/mm/aaaa) and place.
    workshop: String,
    themes: String,
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
        .map(|c| format!("{} ({})", c.name, c.territory))
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
            let role = if h.role == Some(HolderRole::CoHolder) {
                tr("co-porteur")
            } else {
                tr("porteur")
            };
            format!("{first}{initial} ({role})")
        })
        .collect();
    let lines_raw = store.budget(idea)?;
    let rules_lines: Vec<budget::Line> = lines_raw.iter().map(|l| l.for_rules()).collect();
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
    let workshop = match row.get("workshop").and_then(|v| v.as_str()) {
        Some(w) => store.workshop_label(w)?.unwrap_or_default(),
        None => String::new(),
    };
    Ok(Sheet {
        title: review.title.clone(),
        // Once decided, the committee's decision is the idea's one label.
        level: match review.decision {
            Some(d) => d.label().to_string(),
            None => review.level.label().to_string(),
        },
        place,
        workshop,
        themes: super::tables::theme_labels(store, &text("themes")),
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
                    l.kind.label().into(),
                    l.nature.map(Labelled::label).unwrap_or_default().into(),
                    l.label.clone().unwrap_or_default(),
                    budget::shown(l.amount),
                    l.source.map(Labelled::label).unwrap_or_default().into(),
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
            .map(|r| r.label().to_string())
            .map(|r| match &review.comment {
                Some(c) => format!("{r} — {c}"),
                None => r,
            }),
        decision: review.decision.map(|d| {
            let mut s = d.label().to_string();
            if let Some(r) = &review.decision_reason {
                s.push_str(&format!(" — {r}"));
            }
            if let Some(date) = &review.decision_date {
                s.push_str(&format!(" ({})", crate::domain::date::french(date)));
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
    workshop: &'static str,
    themes: &'static str,
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
            workshop: tr("Comptoir"),
            themes: tr("Thèmes"),
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

/// A text typed by a person, for one line of Markdown: the characters HTML reads as
/// markup written as entities, the Markdown syntax (emphasis, links, images, code, tables,
/// headings, lists, quotes) escaped by a backslash, new lines as spaces. Any renderer shows it
/// as the text it is, even one that lets HTML through.
pub fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut line_start = true;
    let mut digits = false;
    for c in text.chars() {
        let c = if matches!(c, '\n' | '\r' | '\t') {
            ' '
        } else {
            c
        };
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '!' | '|' | '~' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            // At the start of a line they open a heading, a list, a quote or a rule; after
            // leading digits, a numbered list.
            '#' | '+' | '-' | '=' if line_start => {
                out.push('\\');
                out.push(c);
            }
            '.' if digits => {
                out.push('\\');
                out.push(c);
            }
            ' ' if line_start => {}
            c => out.push(c),
        }
        digits = c.is_ascii_digit() && (line_start || digits);
        line_start = line_start && c == ' ';
    }
    out
}

/// A typed text of several lines, for a Markdown paragraph: each line escaped by [`md`], a
/// hard line break between lines, blank lines kept as paragraph breaks.
pub fn md_block(text: &str) -> String {
    let text = or_dash(text);
    if text == "—" {
        return text.into();
    }
    text.lines()
        .map(|l| md(l.trim()))
        .collect::<Vec<_>>()
        .join("  \n")
        .replace("  \n  \n", "\n\n")
}

/// The sheet in Markdown.
pub fn markdown(store: &Store, idea: &str) -> Result<String> {
    let s = gather(store, idea)?;
    let w = Words::of(&s);
    let mut out = format!("# {}\n\n*{}*\n\n", md(&s.title), md(&w.sub));
    for (key, value) in [
        (w.place, s.place.as_str()),
        (w.workshop, or_dash(&s.workshop)),
        (w.themes, or_dash(&s.themes)),
        (w.holders, or_dash(&s.holders.join(", "))),
        (w.public, or_dash(&s.public)),
        (w.frame, s.frame.as_str()),
        (w.partners, or_dash(&s.partners)),
    ] {
        out.push_str(&format!("- **{}** : {}\n", md(key), md(value)));
    }
    out.push_str(&format!(
        "\n## {}\n\n{}\n\n## {}\n\n{}\n\n",
        md(w.brief),
        md_block(&s.summary),
        md(w.description),
        md_block(&s.description)
    ));
    out.push_str(&format!(
        "## Budget\n\n| {} |\n|---|---|---|---:|---|\n",
        w.columns.map(md).join(" | ")
    ));
    for l in &s.lines {
        out.push_str(&format!("| {} |\n", l.clone().map(|c| md(&c)).join(" | ")));
    }
    out.push_str(&format!("\n{} · **{}**\n\n", md(&w.totals), md(&w.asked)));
    out.push_str(&format!("## {}\n\n", md(w.criteria)));
    for (met, label, note) in &s.criteria {
        let mark = if *met { "✓" } else { "✗" };
        match note {
            Some(n) => out.push_str(&format!("- {mark} {} : {}\n", md(label), md(n))),
            None => out.push_str(&format!("- {mark} {}\n", md(label))),
        }
    }
    out.push_str(&format!(
        "\n## {}\n\n{}\n",
        md(w.next),
        md_block(&s.next_steps)
    ));
    if let Some(r) = &s.recommendation {
        out.push_str(&format!("\n**{}** : {}\n", md(w.recommendation), md(r)));
    }
    if let Some(d) = &s.decision {
        out.push_str(&format!("\n**{}** : {}\n", md(w.decision), md(d)));
    }
    Ok(out)
}

/// A typed text of several lines as HTML: each line escaped, `<br>` between them.
fn lines(text: &str) -> Markup {
    html! {
        @for (i, line) in or_dash(text).lines().enumerate() {
            @if i > 0 { br; }
            (line)
        }
    }
}

const SHEET_CSS: &str = "
  body { font-family: sans-serif; margin: 2em; color: #111; }
  h1 { margin-bottom: 0; } .sub { color: #555; margin-top: .2em; }
  table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #999; padding: .2em .4em; }
  td.n { text-align: right; white-space: nowrap; } li.ko { color: #a00; }
  @page { size: A4; margin: 1.5cm; }
  @media print { body { margin: 0; font-size: 10pt; } }
";

/// The language of an HTML page, as its `lang` attribute says it.
pub(crate) fn html_lang() -> &'static str {
    match crate::i18n::lang() {
        crate::i18n::Lang::Fr => "fr",
        crate::i18n::Lang::En => "en",
    }
}

/// The sheet in HTML, one A4 page when printed.
pub fn html(store: &Store, idea: &str) -> Result<String> {
    let s = gather(store, idea)?;
    let w = Words::of(&s);
    let facts = [
        (w.place, s.place.as_str()),
        (w.workshop, or_dash(&s.workshop)),
        (w.themes, or_dash(&s.themes)),
        (w.public, or_dash(&s.public)),
        (w.frame, s.frame.as_str()),
        (w.partners, or_dash(&s.partners)),
    ];
    let holders = s.holders.join(", ");
    let page = html! {
        (DOCTYPE)
        html lang=(html_lang()) {
            head {
                meta charset="utf-8";
                title { (s.title) }
                style { (PreEscaped(SHEET_CSS)) }
            }
            body {
                h1 { (s.title) }
                p.sub { (w.sub) }
                p {
                    @for (i, (key, value)) in facts.iter().take(3).enumerate() {
                        @if i > 0 { br; }
                        strong { (key) } " : " (value)
                    }
                    br;
                    strong { (w.holders) } " : " (or_dash(&holders))
                    @for (key, value) in &facts[3..] {
                        br;
                        strong { (key) } " : " (value)
                    }
                }
                h2 { (w.brief) }
                p { (lines(&s.summary)) }
                h2 { (w.description) }
                p { (lines(&s.description)) }
                h2 { "Budget" }
                table {
                    tr { @for c in w.columns { th { (c) } } }
                    @for l in &s.lines {
                        tr {
                            td { (l[0]) } td { (l[1]) } td { (l[2]) }
                            td.n { (l[3]) } td { (l[4]) }
                        }
                    }
                }
                p { (w.totals) " · " strong { (w.asked) } }
                h2 { (w.criteria) }
                ul {
                    @for (met, label, note) in &s.criteria {
                        li class=(if *met { "ok" } else { "ko" }) {
                            (if *met { "✓" } else { "✗" }) " " (label)
                            @if let Some(n) = note { " : " (n) }
                        }
                    }
                }
                h2 { (w.next) }
                p { (lines(&s.next_steps)) }
                @if let Some(r) = &s.recommendation {
                    p { strong { (w.recommendation) } " : " (r) }
                }
                @if let Some(d) = &s.decision {
                    p { strong { (w.decision) } " : " (d) }
                }
            }
        }
    };
    Ok(page.into_string())
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
    // The id's last characters: a UUIDv7 starts with its time, the same for two ideas made in
    // the same millisecond, and ends with random bits.
    let alnum: Vec<char> = id.chars().filter(char::is_ascii_alphanumeric).collect();
    let short: String = alnum[alnum.len().saturating_sub(12)..].iter().collect();
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
