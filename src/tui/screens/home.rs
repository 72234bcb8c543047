//! Accueil: a dashboard. Who is at the keyboard, today's workshop, the ideas per territory, the
//! maturity funnel and the requested total against the envelope.

use crate::domain::money::{self, Cents};
use crate::i18n::tr;
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Gauge, Paragraph};

pub fn draw(app: &App, frame: &mut Frame, body: Rect) {
    let t = &app.theme;
    let d = &app.data;
    let c = &app.reference.campaign;
    let who = match &d.device {
        Some(dev) => crate::t!(
            "Bonjour {name} · {laptop} · {territory}",
            name = dev.facilitator,
            laptop = dev.label,
            territory = dev.territory.as_deref().unwrap_or(tr("tous territoires"))
        ),
        None => tr("Bonjour").to_string(),
    };
    let today = match &d.current_workshop {
        Some((_, label)) => {
            let (people, ideas) = d.current_counts;
            crate::t!(
                "Comptoir en cours : {label} · {people} participant(s) · {ideas} idée(s)",
                label,
                people,
                ideas
            )
        }
        None => {
            tr("Pas de comptoir en cours : écran 2, puis c sur le comptoir du jour.").to_string()
        }
    };
    let [head, gauge, charts, foot] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(Rect::new(
        body.x + 1,
        body.y,
        body.width.saturating_sub(2),
        body.height,
    ));
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(Span::styled(who, t.title())),
            Line::raw(today),
            Line::raw(counts_line(d)),
            Line::from(Span::styled(
                crate::t!(
                    "Campagne {year} : {min} à {max} par projet, dès {age} ans, {votes} votes",
                    year = c.year,
                    min = money::format(c.min_amount()),
                    max = money::format(c.max_amount()),
                    age = c.min_age,
                    votes = c.votes_per_person
                ),
                t.muted(),
            )),
        ]),
        head,
    );
    let envelope = c.envelope_cents.max(1);
    let ratio = (d.requested_total as f64 / envelope as f64).clamp(0.0, 1.0);
    let over = d.requested_total > envelope;
    frame.render_widget(
        Gauge::default()
            .gauge_style(if over { t.warning() } else { t.focus_marker() })
            .ratio(ratio)
            .label(crate::t!(
                "Demandé {asked} sur une enveloppe de {envelope}{over}",
                asked = money::format(Cents(d.requested_total)),
                envelope = money::format(c.envelope()),
                over = if over { tr(" : dépassée") } else { "" }
            )),
        Rect::new(gauge.x, gauge.y, gauge.width, 1),
    );
    let [left, right] =
        Layout::horizontal([Constraint::Fill(3), Constraint::Fill(2)]).areas(charts);
    // Ideas per territory, short names so that the bars fit at 80 columns.
    let bars: Vec<Bar> = d
        .territories
        .iter()
        .map(|(name, n)| {
            let short: String = name.chars().take(5).collect();
            Bar::default().label(Line::from(short)).value(*n as u64)
        })
        .collect();
    let bar_width = (left.width.saturating_sub(2) / d.territories.len().max(1) as u16)
        .saturating_sub(1)
        .clamp(3, 9);
    frame.render_widget(
        BarChart::default()
            .block(Block::bordered().title(tr(" Idées par territoire ")))
            .bar_width(bar_width)
            .bar_gap(1)
            .bar_style(t.focus_marker())
            .value_style(t.bar())
            .data(BarGroup::default().bars(&bars)),
        left,
    );
    let total: i64 = d.stages.iter().sum::<i64>().max(1);
    let mut funnel = Vec::new();
    for (stage, n) in crate::tui::widgets::stages(&d.stages) {
        let width = right.width.saturating_sub(4) as i64;
        let filled = (n * width / total) as usize;
        funnel.push(Line::raw(format!("{stage} {n}")));
        funnel.push(Line::from(Span::styled(
            "█".repeat(filled.max(usize::from(n > 0))),
            t.focus_marker(),
        )));
    }
    frame.render_widget(
        Paragraph::new(funnel).block(Block::bordered().title(tr(" Maturité "))),
        right,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(
            tr("Touches 1 à 6 ou Tab pour changer d'écran, F1 pour l'aide."),
            t.muted(),
        ))
        .style(Style::default()),
        foot,
    );
}

/// « 12 comptoirs · 80 inscrits · … », each word in the singular for 0 and 1, as French says.
fn counts_line(d: &crate::tui::app::Data) -> String {
    let c = &d.counts;
    let word = |n: i64, one: &str, more: &str| format!("{n} {}", if n <= 1 { one } else { more });
    let present = match c.present {
        Some(n) => word(n, tr("venu"), tr("venus")),
        None => format!("… {}", tr("venus")),
    };
    [
        word(c.workshops, tr("comptoir"), tr("comptoirs")),
        word(c.attendees, tr("inscrit"), tr("inscrits")),
        present,
        word(c.ideas, tr("idée"), tr("idées")),
        word(
            c.budget_lines,
            tr("ligne de budget"),
            tr("lignes de budget"),
        ),
    ]
    .join(" · ")
}
