//! Doublons probables: pairs of people who look like one, to merge.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthChar;

use super::cards::{self, Card};
use super::table::commune_name;
use crate::domain::model::Value;
use crate::i18n::tr;
use crate::store::people::MergePreview;
use crate::store::queries::AttendeeRow;
use crate::tui::app::{App, DuplicatesView};

fn describe(app: &App, p: &AttendeeRow) -> String {
    crate::t!(
        "{first} {last} · {age} · {commune} · {n} comptoir(s)",
        first = p.first_name,
        last = p.last_name,
        age = p.age_bracket.as_deref().unwrap_or(tr("âge ?")),
        commune = match commune_name(app, p.commune.as_deref()) {
            c if c.is_empty() => tr("commune inconnue").to_string(),
            c => c,
        },
        n = p.workshops
    )
}

pub fn draw(app: &App, view: &DuplicatesView, frame: &mut Frame, body: Rect) {
    let cards = view
        .pairs
        .iter()
        .map(|(a, b, why)| Card {
            head: why.clone(),
            lines: vec![
                format!("    {}", crate::t!("1re : {who}", who = describe(app, a))),
                format!("    {}", crate::t!("2de : {who}", who = describe(app, b))),
            ],
        })
        .collect();
    cards::draw(
        &app.theme,
        frame,
        body,
        tr("Doublons probables"),
        tr("Aucun doublon probable."),
        cards,
        view.selected,
    );
}

/// A field's value as read in the merge table.
fn shown(app: &App, field: &str, value: &Value) -> String {
    match (field, value) {
        (_, Value::Null) => "—".into(),
        ("consent" | "parent_consent", Value::Int(n)) => {
            if *n == 1 { tr("oui") } else { tr("non") }.into()
        }
        ("commune", Value::Text(c)) => commune_name(app, Some(c)).to_string(),
        ("consent_date", Value::Text(d)) => super::french_date(d),
        ("role", Value::Text(code)) => {
            crate::strings::label_of::<crate::domain::codes::AttendeeRole>(Some(code))
                .map_or_else(|| code.clone(), String::from)
        }
        (_, Value::Text(t)) if t.is_empty() => "—".into(),
        (_, Value::Text(t)) => t.clone(),
        (_, Value::Int(n)) => n.to_string(),
    }
}

/// The fields shown side by side (the others are dates and links nobody compares).
const COMPARED: [&str; 11] = [
    "first_name",
    "last_name",
    "age_bracket",
    "commune",
    "email",
    "phone",
    "structure",
    "consent",
    "parent_consent",
    "consent_date",
    "role",
];

/// Two records side by side before a merge: each field's value in the record kept, in the
/// one merged into it, and the value the merge keeps.
pub fn merge(app: &App, p: &MergePreview, frame: &mut Frame, body: Rect) {
    let width = body.width.min(80);
    let lines: Vec<&crate::store::people::MergeLine> = COMPARED
        .iter()
        .filter_map(|f| p.lines.iter().find(|l| l.field == *f))
        .collect();
    let height = (lines.len() as u16 + 8).min(body.height);
    let boxed = super::centred(body, width, height);
    frame.render_widget(Clear, boxed);
    let block = Block::bordered()
        .title(tr(" Fusionner deux fiches ? "))
        .border_style(app.theme.warning());
    let inner = block.inner(boxed);
    frame.render_widget(block, boxed);
    let label_w = 16usize;
    let col = (inner.width as usize).saturating_sub(label_w + 1) / 3;
    let cell = |text: &str, w: usize| -> String {
        let mut out = String::new();
        let mut used = 0;
        for c in text.chars() {
            let cw = c.width().unwrap_or(0);
            // One column left blank between cells, and one for the « … ».
            if used + cw + 2 > w {
                out.push('…');
                used += 1;
                break;
            }
            out.push(c);
            used += cw;
        }
        out.push_str(&" ".repeat(w.saturating_sub(used)));
        out
    };
    let row = |a: &str, b: &str, c: &str, d: &str| {
        format!(
            "{}{}{}{}",
            cell(a, label_w + 1),
            cell(b, col),
            cell(c, col),
            cell(d, col)
        )
    };
    let mut text: Vec<Line> = vec![Line::from(Span::styled(
        row(tr("Champ"), tr("Gardée"), tr("Fusionnée"), tr("Résultat")),
        app.theme.focus(),
    ))];
    for l in &lines {
        let label = crate::strings::field_label("attendees", l.field);
        let result = shown(app, l.field, &l.result);
        let taken = l.result != l.keep;
        let line = row(
            label,
            &shown(app, l.field, &l.keep),
            &shown(app, l.field, &l.other),
            &format!("{}{result}", if taken { "← " } else { "" }),
        );
        text.push(Line::from(Span::styled(
            line,
            if taken {
                app.theme.success()
            } else {
                app.theme.normal()
            },
        )));
    }
    text.push(Line::from(row(
        tr("Comptoirs venus"),
        &p.workshops.0.to_string(),
        &p.workshops.1.to_string(),
        &p.together.to_string(),
    )));
    text.push(Line::from(""));
    text.push(Line::from(Span::styled(
        tr("La fusion s'annule ensuite avec u."),
        app.theme.muted(),
    )));
    text.push(Line::from(tr(
        "[o] fusionner    [i] garder l'autre fiche    [Échap] annuler",
    )));
    frame.render_widget(Paragraph::new(text), inner);
}
