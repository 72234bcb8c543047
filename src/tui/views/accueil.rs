//! Accueil: who is at the keyboard, what the database holds, the campaign's rules.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::domain::maturity::Level;
use crate::domain::money::{self, Cents};
use crate::tui::app::App;

pub fn draw(app: &App, frame: &mut Frame, body: Rect) {
    let t = &app.theme;
    let d = &app.data;
    let c = &app.reference.campaign;
    let who = match &d.device {
        Some(dev) => format!(
            "Bonjour {} · {} · {}",
            dev.facilitator,
            dev.label,
            dev.territory.as_deref().unwrap_or("tous territoires")
        ),
        None => "Bonjour".to_string(),
    };
    let mut lines = vec![
        Line::from(Span::styled(who, t.title())),
        Line::raw(""),
        Line::from(Span::styled(
            format!("Budget citoyen {}", c.annee),
            t.title(),
        )),
        Line::raw(format!(
            "  Enveloppe {} · de {} à {} par projet",
            money::format(Cents(c.enveloppe_centimes)),
            money::format(Cents(c.montant_min_centimes)),
            money::format(Cents(c.montant_max_centimes)),
        )),
        Line::raw(format!(
            "  Ouvert dès {} ans · {} votes par personne",
            c.age_minimum, c.votes_par_personne
        )),
        Line::raw(""),
        Line::from(Span::styled("Dans cette base", t.title())),
        Line::raw(format!("  {:>6}  comptoirs", d.counts.workshops)),
        Line::raw(format!("  {:>6}  participants", d.counts.attendees)),
        Line::raw(format!("  {:>6}  idées", d.counts.ideas)),
        Line::raw(format!("  {:>6}  lignes de budget", d.counts.budget_lines)),
        Line::raw(""),
        Line::from(Span::styled("Maturité", t.title())),
    ];
    for (level, n) in Level::ALL.iter().zip(d.levels) {
        lines.push(Line::raw(format!("  {n:>6}  {}", level.label())));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        "Touches 1 à 6 ou Tab pour changer d'écran, F1 pour l'aide.",
        t.muted(),
    )));
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }),
        Rect::new(
            body.x + 1,
            body.y,
            body.width.saturating_sub(2),
            body.height,
        ),
    );
}
