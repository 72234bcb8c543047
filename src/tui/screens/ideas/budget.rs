//! An idea's budget lines.

use crate::domain::budget::{self, Totals};
use crate::domain::codes::BudgetKind;
use crate::domain::model::{self, Value};
use crate::domain::money;
use crate::i18n::tr;
use crate::store::Edit;
use crate::strings::Labelled;
use crate::tui::app::{App, BudgetView, Tone};
use crate::tui::components::record::{Kind, open_new};
use crate::tui::keys::{Action, BACK, Binding, HELP, b, ch, down, key, up};
use crate::tui::layers::{Layer, LayerKind};
use crate::tui::msg::{Cmd, Purpose};
use crossterm::event::KeyCode::{Delete, Enter};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table};

/// A key of the budget view, once `lists::sub_view_action` has taken ↑, ↓ and F1.
pub(crate) fn budget_action(app: &mut App, action: Action) -> Vec<Cmd> {
    let Some(view) = app.layers.budget_mut() else {
        return Vec::new();
    };
    let n = view.lines.len();
    let action = Some(action);
    match action {
        Some(Action::Back) => {
            app.layers.close(LayerKind::Budget);
            return vec![Cmd::Reload];
        }
        Some(Action::New) => {
            let idea = view.idea.clone();
            open_new(
                app,
                Kind::BudgetLine,
                crate::tui::screens::ideas::form::budget_line(None),
            );
            if let Some(r) = app.layers.record_mut() {
                r.extra.push(("idea", Value::text(idea)));
            }
        }
        Some(Action::Open) if n > 0 => {
            return vec![Cmd::OpenRecord {
                kind: Kind::BudgetLine,
                id: view.lines[view.selected].id.clone(),
            }];
        }
        Some(Action::Remove) if n > 0 => {
            let line = view.lines[view.selected].id.clone();
            app.status = Some((
                Tone::Success,
                tr("Ligne retirée (elle reste dans l'historique).").into(),
            ));
            app.pending_saves += 1;
            return vec![Cmd::Save {
                edits: vec![Edit::new(&model::BUDGET_LINES, line).set("removed", true)],
                purpose: Purpose::BudgetLine,
            }];
        }
        _ => {}
    }
    Vec::new()
}

fn label_of<C: Labelled>(code: Option<C>) -> String {
    code.map(C::label).unwrap_or_default().to_string()
}

pub fn draw(app: &App, view: &BudgetView, frame: &mut Frame, body: Rect) {
    let t = &app.theme;
    let lines: Vec<budget::Line> = view.lines.iter().map(|l| l.for_rules()).collect();
    let totals = Totals::of(&lines);
    let problems = budget::problems(&lines, &app.reference);

    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(tr("Budget · "), t.title()),
            Span::styled(view.title.clone(), t.title()),
        ])),
        Rect::new(body.x + 1, body.y, body.width.saturating_sub(2), 1),
    );
    // Totals and rules at the bottom, always visible; the lines above.
    let summary_h = 4 + problems.len().min(3) as u16;
    let table_h = body.height.saturating_sub(summary_h + 2);
    // Keep the selection in view, and build only the rows on screen (a budget may have
    // thousands of lines).
    let skip = view
        .selected
        .saturating_sub(table_h.saturating_sub(2) as usize);
    let rows = view
        .lines
        .iter()
        .enumerate()
        .skip(skip)
        .take(table_h as usize)
        .map(|(i, l)| {
            let selected = i == view.selected;
            let row = Row::new(vec![
                if selected {
                    "▶".to_string()
                } else {
                    String::new()
                },
                if l.kind == BudgetKind::Expense {
                    tr("Dépense").into()
                } else {
                    tr("Recette").into()
                },
                label_of(l.nature),
                l.label
                    .clone()
                    .unwrap_or_else(|| tr("(sans libellé)").into()),
                budget::shown(l.amount),
                label_of(l.source),
            ]);
            if selected {
                row.style(t.selection())
            } else {
                row
            }
        });
    let table = Table::new(
        rows,
        [
            Constraint::Length(2),
            Constraint::Length(8),
            Constraint::Length(14),
            Constraint::Fill(1),
            Constraint::Length(12),
            Constraint::Length(16),
        ],
    )
    .header(
        Row::new(vec![
            "",
            tr("Type"),
            tr("Nature"),
            tr("Libellé"),
            tr("Montant"),
            tr("Financeur"),
        ])
        .style(t.title()),
    )
    .column_spacing(1);
    if view.lines.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(
                tr("Aucune ligne : n pour ajouter une dépense ou une recette."),
                t.muted(),
            )),
            Rect::new(body.x + 2, body.y + 2, body.width.saturating_sub(3), 1),
        );
    } else {
        frame.render_widget(table, Rect::new(body.x, body.y + 1, body.width, table_h));
    }
    let y = body.bottom().saturating_sub(summary_h);
    let mut summary = vec![
        Line::raw(crate::t!(
            "Dépenses {expenses} · cofinancements {cofunding}",
            expenses = money::format(totals.expenses),
            cofunding = money::format(totals.cofunding)
        )),
        Line::from(vec![
            Span::raw(tr("Demandé au Budget citoyen : ")),
            Span::styled(money::format(totals.requested()), t.title()),
        ]),
    ];
    let c = &app.reference.campaign;
    summary.push(Line::from(Span::styled(
        crate::t!(
            "Règles {year} : de {min} à {max} par projet.",
            year = c.year,
            min = money::format(c.min_amount()),
            max = money::format(c.max_amount())
        ),
        t.muted(),
    )));
    if problems.is_empty() {
        summary.push(Line::from(Span::styled(
            tr("✓ Budget équilibré, montant dans la plage."),
            t.success(),
        )));
    }
    for p in problems.iter().take(3) {
        summary.push(Line::from(Span::styled(format!("✗ {p}"), t.error())));
    }
    frame.render_widget(
        Paragraph::new(summary),
        Rect::new(body.x + 1, y, body.width.saturating_sub(2), summary_h),
    );
}

/// Its keys.
pub const KEYS: &[Binding] = &[
    HELP,
    up("ligne précédente"),
    down("ligne suivante"),
    b(
        &[ch('n'), ch('a')],
        Action::New,
        "n",
        "nouvelle ligne",
        true,
    ),
    b(&[key(Enter)], Action::Open, "Entrée", "modifier", true),
    b(
        &[ch('x'), key(Delete)],
        Action::Remove,
        "x Suppr",
        "retirer la ligne",
        true,
    ),
    BACK,
];

/// `Msg::BudgetLoaded`: what the store read, shown.
pub(crate) fn budget_loaded(
    app: &mut App,
    idea: String,
    title: String,
    lines: Vec<crate::store::ideas::BudgetLineRow>,
) -> Vec<Cmd> {
    if !app.layers.is_open(LayerKind::Budget) {
        app.layers.open(Layer::Budget(Default::default()));
    }
    let Some(view) = app.layers.budget_mut() else {
        return Vec::new();
    };
    if view.idea != idea {
        view.selected = 0;
    }
    view.idea = idea;
    view.title = title;
    view.selected = view.selected.min(lines.len().saturating_sub(1));
    view.lines = lines;
    Vec::new()
}
