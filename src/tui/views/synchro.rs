//! Synchronisation: this laptop's identity and its syncs.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::tui::app::App;

pub fn draw(app: &App, frame: &mut Frame, body: Rect) {
    let t = &app.theme;
    let d = &app.data;
    let label = d.device.as_ref().map(|x| x.label.as_str()).unwrap_or("—");
    let lines = vec![
        Line::from(Span::styled("Synchronisation", t.title())),
        Line::raw(""),
        Line::raw(format!("  Cet ordinateur : {label}")),
        Line::raw(format!("  Identifiant    : {}", d.site_short)),
        Line::raw(format!("  Base locale    : {}", d.db_path)),
        Line::raw(format!(
            "  Dernière synchro : {}",
            d.last_sync.as_deref().unwrap_or("jamais")
        )),
        Line::raw(format!(
            "  Fichier partagé  : {}",
            d.sync_target.as_deref().unwrap_or("pas encore choisi")
        )),
        Line::raw(format!(
            "  Modifications enregistrées : {} (de {} ordinateur(s))",
            d.counts.changes, d.counts.sites
        )),
        Line::raw(""),
        Line::from(Span::styled(
            "La synchronisation avec une clé USB ou un dossier partagé arrive dans la prochaine \
             version. Chaque saisie est déjà enregistrée avec son horloge, prête à être fusionnée.",
            t.muted(),
        )),
    ];
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
