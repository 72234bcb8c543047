//! Synchronisation: the shared file or folder, what a sync would move, the sync itself.

pub mod conflicts;

use crate::domain::model::Value;
use crate::i18n::tr;
use crate::sync::SyncReport;
use crate::tui::app::{App, ConflictsView, Editing, Tone};
use crate::tui::form::{Field, Form};
use crate::tui::keys::{self, Action, Binding, Context, b, ch};
use crate::tui::layers::{Layer, LayerKind};
use crate::tui::lists::list_key;
use crate::tui::msg::Cmd;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph, Row, Table, Wrap};

pub(crate) fn sync_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    match keys::action(Context::SyncScreen, ev) {
        Some(Action::Sync) => {
            if app.sync.running.is_some() {
                app.status = Some((
                    Tone::Info,
                    tr("Une synchronisation est déjà en cours.").into(),
                ));
                return Vec::new();
            }
            let Some(target) = app.data.sync_target.clone() else {
                app.status = Some((
                    Tone::Info,
                    tr("Choisissez d'abord le fichier ou le dossier partagé.").into(),
                ));
                open_target_editor(app);
                return Vec::new();
            };
            app.sync.running = Some((tr("Préparation").into(), 0.0));
            app.sync.result = None;
            vec![Cmd::Sync {
                target,
                phrase: None,
            }]
        }
        Some(Action::EditTarget) => {
            open_target_editor(app);
            Vec::new()
        }
        Some(Action::Preview) => match app.data.sync_target.clone() {
            Some(target) => vec![Cmd::Preview {
                target,
                phrase: None,
            }],
            None => {
                open_target_editor(app);
                Vec::new()
            }
        },
        Some(Action::ShowConflicts) => {
            app.layers.open(Layer::Conflicts(ConflictsView::default()));
            vec![Cmd::LoadConflicts]
        }
        _ => list_key(app, ev),
    }
}

pub(crate) fn open_target_editor(app: &mut App) {
    let complete: crate::tui::form::Completer = app.env.path_completer(&["sqlite"]);
    // The field starts empty, the current target shown in grey: typing replaces it, Entrée
    // alone keeps it.
    let mut field = Field::path("target", tr("Fichier ou dossier partagé"), complete, "");
    match &app.data.sync_target {
        Some(current) => field.placeholder(current),
        None => {
            field = field.required();
            field.placeholder(tr("ex. /media/cle/budget.sqlite"));
        }
    }
    app.layers.open(Layer::Editor((
        Form::new(tr("Cible de synchronisation"), vec![field]),
        Editing::SyncTarget,
    )));
}

/// The shared file or folder typed in the editor: remembered, and what a sync would move
/// is shown.
pub(crate) fn target_chosen(app: &mut App, typed: Option<String>) -> Vec<Cmd> {
    let target = typed.unwrap_or_default();
    app.sync.result = None;
    vec![
        Cmd::SetSetting {
            key: "sync_target",
            value: target.clone(),
        },
        Cmd::Preview {
            target,
            phrase: None,
        },
    ]
}

/// `Msg::PhraseNeeded`: the campaign's passphrase asked in a masked field (said `wrong` when
/// the one tried does not open the shared file), then the sync or the preview runs with it.
pub(crate) fn ask_phrase(app: &mut App, wrong: bool, then_sync: bool) -> Vec<Cmd> {
    app.sync.running = None;
    let mut field = Field::secret("phrase", tr("Phrase secrète")).required();
    field.error = wrong.then(|| {
        tr("elle n'ouvre pas le fichier partagé : demandez-la à la Mission ESS.").to_string()
    });
    app.status = Some((
        Tone::Info,
        tr("La phrase secrète de la campagne (donnée par la Mission ESS) chiffre les fichiers partagés ; elle est gardée sur cet ordinateur.").into(),
    ));
    app.layers.open(Layer::Editor((
        Form::new(tr("Phrase secrète de la campagne"), vec![field]),
        Editing::Phrase { then_sync },
    )));
    Vec::new()
}

/// The passphrase typed: checked for its form here (the box stays open with the reason
/// otherwise), then the sync (or the preview) runs with it, and keeps it once it opened the
/// shared file.
pub(crate) fn phrase_typed(app: &mut App, then_sync: bool) -> Vec<Cmd> {
    let Some((form, _)) = app.layers.editor_mut() else {
        return Vec::new();
    };
    let typed = form.fields[0].value().unwrap_or(Value::Null);
    let phrase = match crate::store::Phrase::new(typed.as_str().unwrap_or_default()) {
        Ok(p) => p,
        Err(e) => {
            form.set_error("phrase", e);
            return Vec::new();
        }
    };
    app.layers.close(LayerKind::Editor);
    let Some(target) = app.data.sync_target.clone() else {
        return Vec::new();
    };
    let phrase = Some(phrase);
    if !then_sync {
        return vec![Cmd::Preview { target, phrase }];
    }
    app.sync.running = Some((tr("Préparation").into(), 0.0));
    vec![Cmd::Sync { target, phrase }]
}

pub fn draw(app: &App, frame: &mut Frame, body: Rect) {
    let t = &app.theme;
    let d = &app.data;
    let label = d.device.as_ref().map(|x| x.label.as_str()).unwrap_or("—");
    let target = d
        .sync_target
        .as_deref()
        .unwrap_or(tr("pas encore choisi (touche e)"));
    let mut lines = vec![
        Line::from(Span::styled(tr("Synchronisation"), t.title())),
        Line::raw(crate::t!(
            "  Cet ordinateur    : {label} ({site})",
            label,
            site = d.site_short
        )),
        Line::raw(crate::t!("  Fichier partagé   : {target}", target)),
        Line::raw(crate::t!(
            "  Dernière synchro  : {when}",
            when = d.last_sync.as_deref().unwrap_or(tr("jamais"))
        )),
    ];
    let preview = match app.sync.preview {
        Some((send, receive)) => {
            crate::t!(
                "  Aperçu            : {send} modification(s) à envoyer, {receive} à recevoir",
                send,
                receive
            )
        }
        None => tr("  Aperçu            : touche p").to_string(),
    };
    lines.push(Line::raw(preview));
    let conflicts = if d.conflicts > 0 {
        Span::styled(
            crate::t!(
                "  Conflits          : {n} à régler (touche c)",
                n = d.conflicts
            ),
            t.warning(),
        )
    } else {
        Span::raw(tr("  Conflits          : aucun"))
    };
    lines.push(Line::from(conflicts));
    // A long path wraps: the file's name, at its end, is what tells one key from another.
    let width = body.width.saturating_sub(2);
    let rows = lines
        .iter()
        .map(|l| crate::tui::popups::wrapped_height(&l.to_string(), width))
        .sum::<u16>()
        .min(body.height);
    let head = Rect::new(body.x + 1, body.y, width, rows);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), head);
    let mut y = head.bottom() + 1;

    if let Some((step, fraction)) = &app.sync.running {
        let gauge = Gauge::default()
            .gauge_style(t.focus_marker())
            .ratio(fraction.clamp(0.0, 1.0))
            .label(format!("{step}… {:.0} %", fraction * 100.0));
        frame.render_widget(
            gauge,
            Rect::new(body.x + 2, y, body.width.saturating_sub(4), 1),
        );
        y += 2;
    } else if let Some((tone, text)) = &app.sync.result {
        let (mark, style) = match tone {
            Tone::Error => ("✗ ", t.error()),
            Tone::Warning => ("! ", t.warning()),
            _ => ("✓ ", t.success()),
        };
        let said = format!("{mark}{text}");
        let width = body.width.saturating_sub(4);
        let rows =
            crate::tui::popups::wrapped_height(&said, width).min(body.bottom().saturating_sub(y));
        let area = Rect::new(body.x + 2, y, width, rows);
        frame.render_widget(
            Paragraph::new(Span::styled(said, style)).wrap(Wrap { trim: true }),
            area,
        );
        y += rows + 1;
    }

    if y + 2 >= body.bottom() {
        return;
    }
    frame.render_widget(
        Paragraph::new(Span::styled(tr("Synchronisations précédentes"), t.title())),
        Rect::new(body.x + 1, y, body.width.saturating_sub(2), 1),
    );
    let area = Rect::new(
        body.x + 1,
        y + 1,
        body.width.saturating_sub(2),
        body.bottom() - y - 1,
    );
    if d.sync_log.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(tr(" Aucune pour l'instant."), t.muted())),
            area,
        );
        return;
    }
    let rows = d.sync_log.iter().map(|e| {
        let when = crate::strings::moment(e.at_ms);
        Row::new(vec![
            when,
            // The columns around it and their spaces: 18+8+8+8+4.
            crate::tui::widgets::fit_end(&e.target, usize::from(area.width).saturating_sub(46)),
            e.sent.to_string(),
            e.received.to_string(),
            e.conflicts.to_string(),
        ])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(18),
            Constraint::Fill(1),
            Constraint::Length(8),
            Constraint::Length(8),
            Constraint::Length(8),
        ],
    )
    .header(
        Row::new(vec![
            tr("Quand"),
            tr("Où"),
            tr("Envoyées"),
            tr("Reçues"),
            tr("Conflits"),
        ])
        .style(t.title()),
    )
    .column_spacing(1);
    frame.render_widget(table, area);
}

/// Synchronisation, over the list keys.
pub const KEYS: &[Binding] = &[
    b(&[ch('s')], Action::Sync, "s", "synchroniser", true),
    b(
        &[ch('e')],
        Action::EditTarget,
        "e",
        "changer de fichier",
        true,
    ),
    b(&[ch('p')], Action::Preview, "p", "aperçu", false),
    b(&[ch('c')], Action::ShowConflicts, "c", "conflits", true),
];

/// `Msg::SyncDone`: what the store read, shown.
pub(crate) fn sync_done(app: &mut App, result: Result<SyncReport, String>) -> Vec<Cmd> {
    app.sync.running = None;
    app.sync.preview = None;
    let (said, brief) = match result {
        Ok(report) => {
            let tone =
                if report.conflicts > 0 || !report.ahead.is_empty() || !report.skipped.is_empty() {
                    Tone::Warning
                } else {
                    Tone::Success
                };
            let brief = crate::t!(
                "Synchronisé : {sent} envoyée(s), {received} reçue(s)",
                sent = report.sent,
                received = report.received
            );
            ((tone, report.sentence()), brief)
        }
        Err(e) => {
            let brief = short(&e);
            ((Tone::Error, e), brief)
        }
    };
    app.status = Some((said.0, brief));
    app.sync.result = Some(said);
    let mut cmds = vec![Cmd::Reload];
    if app.layers.conflicts().is_some() {
        cmds.push(Cmd::LoadConflicts);
    }
    cmds
}

/// The first sentence of a message, for the status bar.
fn short(text: &str) -> String {
    text.split_inclusive(". ")
        .next()
        .unwrap_or(text)
        .trim()
        .to_string()
}
