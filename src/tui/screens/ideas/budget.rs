//! An idea's budget lines.

use crate::domain::budget::{self, Totals};
use crate::domain::codes::BudgetKind;
use crate::domain::model::{self, Value};
use crate::domain::money;
use crate::i18n::tr;
use crate::store::Edit;
use crate::store::ideas::BudgetLineRow;
use crate::strings::Labelled;
use crate::tui::app::{App, BudgetView, Tone};
use crate::tui::components::record::Kind;
use crate::tui::components::record::open_new;
use crate::tui::keys::{
    Action, BACK, Binding, HELP, PAGE_DOWN, PAGE_UP, b, ch, down, first, key, last, up,
};
use crate::tui::layers::Layer;
use crate::tui::layers::LayerKind;
use crate::tui::msg::{Cmd, Purpose};
use crate::tui::widgets::fit;
use crossterm::event::KeyCode::{Delete, Enter};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, Wrap};

/// A key of the budget view, once `lists::sub_view_action` has taken ↑, ↓ and F1.
pub(crate) fn budget_action(app: &mut App, action: Action) -> Vec<Cmd> {
    let Some(view) = app.layers.budget_mut() else {
        return Vec::new();
    };
    let n = view.lines.len();
    let order = shown_order(&view.lines);
    let page = page(app.size);
    let Some(view) = app.layers.budget_mut() else {
        return Vec::new();
    };
    let action = Some(action);
    match action {
        Some(Action::PageUp) => view.selected = view.selected.saturating_sub(page),
        Some(Action::PageDown) => view.selected = (view.selected + page).min(n.saturating_sub(1)),
        Some(Action::First) => view.selected = 0,
        Some(Action::Last) => view.selected = n.saturating_sub(1),
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
                id: view.lines[order[view.selected]].id.clone(),
            }];
        }
        Some(Action::Remove) if n > 0 => {
            let line = view.lines[order[view.selected]].id.clone();
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

/// The lines in the order shown: the expenses, then the income, each in the order entered.
/// `BudgetView::selected` counts in this order.
pub(crate) fn shown_order(lines: &[BudgetLineRow]) -> Vec<usize> {
    let (mut order, income): (Vec<usize>, Vec<usize>) =
        (0..lines.len()).partition(|&i| lines[i].kind == BudgetKind::Expense);
    order.extend(income);
    order
}

/// The lines Pg↑ and Pg↓ move by: about the rows the table shows.
fn page(size: (u16, u16)) -> usize {
    let body = crate::tui::layout::areas(size.0, size.1).body;
    usize::from(body.height.saturating_sub(12)).max(1)
}

/// One row of the table: a group's title, a line (its place in the shown order), a subtotal.
enum Shown {
    Group(&'static str),
    Line(usize),
    Subtotal(&'static str, money::Cents),
}

pub fn draw(app: &App, view: &BudgetView, frame: &mut Frame, body: Rect) {
    let t = &app.theme;
    let order = shown_order(&view.lines);
    let rows_in_order: Vec<&BudgetLineRow> = order.iter().map(|&i| &view.lines[i]).collect();
    let lines: Vec<budget::Line> = rows_in_order.iter().map(|l| l.for_rules()).collect();
    let totals = Totals::of(&lines);
    let problems = budget::problems(&lines, &app.reference);

    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(tr("Budget · "), t.title()),
            Span::styled(
                fit(
                    &view.title,
                    usize::from(body.width.saturating_sub(2)).saturating_sub(9),
                ),
                t.title(),
            ),
        ])),
        Rect::new(body.x + 1, body.y, body.width.saturating_sub(2), 1),
    );
    // Totals and rules at the bottom, always visible, each sentence whole (wrapped); the
    // lines above.
    let c = &app.reference.campaign;
    let mut said: Vec<(String, ratatui::style::Style)> = vec![
        (
            crate::t!(
                "Dépenses {expenses} · cofinancements {cofunding}",
                expenses = money::format(totals.expenses),
                cofunding = money::format(totals.cofunding)
            ),
            t.normal(),
        ),
        (
            crate::t!(
                "Règles {year} : de {min} à {max} par projet.",
                year = c.year,
                min = money::format(c.min_amount()),
                max = money::format(c.max_amount())
            ),
            t.muted(),
        ),
    ];
    if problems.is_empty() {
        said.push((
            tr("✓ Budget équilibré, montant dans la plage.").into(),
            t.success(),
        ));
    }
    for p in problems.iter().take(3) {
        said.push((format!("✗ {p}"), t.error()));
    }
    let text_w = body.width.saturating_sub(2);
    let said_h: u16 = said
        .iter()
        .map(|(s, _)| crate::tui::popups::wrapped_height(s, text_w))
        .sum();
    let summary_h = (1 + said_h).min(body.height.saturating_sub(4));
    let table_h = body.height.saturating_sub(summary_h + 2);

    let mut shown = Vec::new();
    let expenses = rows_in_order
        .iter()
        .filter(|l| l.kind == BudgetKind::Expense)
        .count();
    if expenses > 0 {
        shown.push(Shown::Group(tr("Dépenses")));
        shown.extend((0..expenses).map(Shown::Line));
        shown.push(Shown::Subtotal(
            tr("Sous-total des dépenses"),
            totals.expenses,
        ));
    }
    if order.len() > expenses {
        shown.push(Shown::Group(tr("Recettes")));
        shown.extend((expenses..order.len()).map(Shown::Line));
        shown.push(Shown::Subtotal(
            tr("Sous-total des recettes"),
            totals.income,
        ));
    }
    // Keep the selection in view, and build only the rows on screen (a budget may have
    // thousands of lines).
    let at = shown
        .iter()
        .position(|r| matches!(r, Shown::Line(i) if *i == view.selected))
        .unwrap_or(0);
    let room = usize::from(table_h.saturating_sub(1)).max(1);
    // The group's title stays in view above its first line.
    let skip = (at + 2).saturating_sub(room).min(at.saturating_sub(1));
    // The label takes what the other columns leave (they and their spaces: 2+14+12+16+4).
    let label_width = usize::from(body.width).saturating_sub(48);
    let rows = shown.iter().skip(skip).take(room).map(|r| match r {
        Shown::Group(name) => Row::new(vec![String::new(), name.to_string()]).style(t.title()),
        Shown::Subtotal(name, amount) => Row::new(vec![
            String::new(),
            String::new(),
            name.to_string(),
            money::format(*amount),
        ])
        .style(t.muted()),
        Shown::Line(i) => {
            let l = rows_in_order[*i];
            let selected = *i == view.selected;
            let row = Row::new(vec![
                if selected {
                    "▶".to_string()
                } else {
                    String::new()
                },
                fit(&label_of(l.nature), 14),
                fit(
                    l.label.as_deref().unwrap_or(tr("(sans libellé)")),
                    label_width,
                ),
                budget::shown(l.amount),
                fit(&label_of(l.source), 16),
            ]);
            if selected {
                row.style(t.selection())
            } else {
                row
            }
        }
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(2),
            Constraint::Length(14),
            Constraint::Fill(1),
            Constraint::Length(12),
            Constraint::Length(16),
        ],
    )
    .header(
        Row::new(vec![
            "",
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
            ))
            .wrap(Wrap { trim: true }),
            Rect::new(body.x + 2, body.y + 2, body.width.saturating_sub(3), 2),
        );
    } else {
        frame.render_widget(table, Rect::new(body.x, body.y + 1, body.width, table_h));
    }
    let y = body.bottom().saturating_sub(summary_h);
    let mut summary = vec![Line::from(vec![
        Span::raw(tr("Demandé au Budget citoyen : ")),
        Span::styled(money::format(totals.requested()), t.title()),
    ])];
    summary.extend(
        said.into_iter()
            .map(|(s, style)| Line::from(Span::styled(s, style))),
    );
    frame.render_widget(
        Paragraph::new(summary).wrap(Wrap { trim: true }),
        Rect::new(body.x + 1, y, text_w, summary_h),
    );
}

/// Its keys.
pub const KEYS: &[Binding] = &[
    HELP,
    up("ligne précédente"),
    down("ligne suivante"),
    PAGE_UP,
    PAGE_DOWN,
    first("première ligne"),
    last("dernière ligne"),
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
