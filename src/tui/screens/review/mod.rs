//! Maturité: an idea's review against the criteria, the recommendation and the committee's
//! decision.

use crate::domain::codes::{Code, Decision, Rule};
use crate::domain::model::{self, Value};
use crate::i18n::tr;
use crate::store::Edit;
use crate::strings::Labelled;
use crate::tui::app::{App, Editing, OnYes, Popup, ReviewView, Tone};
use crate::tui::form::{Field, Form};
use crate::tui::keys::{Action, BACK, Binding, HELP, b, ch, down, key, up};
use crate::tui::layers::{Layer, LayerKind};
use crate::tui::lists::follow_selection;
use crate::tui::msg::{Cmd, Purpose};
use crate::tui::widgets::table;
use crossterm::event::KeyCode::{Enter, Left, Right};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// A key of an idea's review, once `lists::sub_view_action` has taken ↑, ↓ and F1.
pub(crate) fn review_action(app: &mut App, action: Action) -> Vec<Cmd> {
    use crate::domain::codes::Recommendation;
    let Some(view) = app.layers.review_mut() else {
        return Vec::new();
    };
    let n = view.review.verdicts.len();
    let idea = view.review.idea.clone();
    // A hint about the last key (« Entrée pour aller corriger ») is not about the next one.
    if app
        .status
        .as_ref()
        .is_some_and(|(tone, _)| *tone == Tone::Info)
    {
        app.status = None;
    }
    let action = Some(action);
    match action {
        Some(a @ (Action::PrevScreen | Action::NextScreen)) => {
            // The next or previous idea of the list, reviewed in turn.
            let d = &mut app.data.ideas;
            let next = if a == Action::NextScreen {
                (d.selected + 1).min(d.total.saturating_sub(1))
            } else {
                d.selected.saturating_sub(1)
            };
            d.selected = next;
            let mut cmds = follow_selection(app);
            if let Some(row) = app.data.ideas.row(next) {
                cmds.push(Cmd::LoadReview {
                    idea: row.id.clone(),
                });
            }
            return cmds;
        }
        Some(Action::Back) => {
            app.layers.close(LayerKind::Review);
            return vec![Cmd::Reload];
        }
        Some(Action::Tick) if n > 0 => {
            let v = &view.review.verdicts[view.selected];
            if v.computed {
                app.status = Some((
                    Tone::Info,
                    tr("Ce critère se calcule à partir des fiches : Entrée pour aller corriger.")
                        .into(),
                ));
                return Vec::new();
            }
            app.pending_saves += 1;
            return vec![Cmd::Save {
                edits: vec![
                    Edit::new(
                        &model::CRITERION_CHECKS,
                        crate::store::review::check_id(&idea, &v.code),
                    )
                    .set("idea", idea.as_str())
                    .set("criterion", v.code.as_str())
                    .set("met", !v.met),
                ],
                purpose: Purpose::Review,
            }];
        }
        Some(Action::Comment) if n > 0 => {
            let v = &view.review.verdicts[view.selected];
            if !v.computed {
                let current = view
                    .review
                    .comments
                    .iter()
                    .find(|(c, _)| *c == v.code)
                    .map(|(_, t)| t.clone())
                    .unwrap_or_default();
                let field = Field::line("comment", tr("Commentaire"), &current);
                let editor = (
                    Form::new(v.label.clone(), vec![field]),
                    Editing::CriterionComment(v.code.clone()),
                );
                app.layers.open(Layer::Editor(editor));
            }
        }
        Some(Action::Recommend) => {
            let r = &view.review;
            let form = Form::new(
                tr("Recommandation de l'animateur"),
                vec![
                    Field::choice(
                        "recommendation",
                        tr("Recommandation"),
                        crate::strings::choices::<Recommendation>(),
                        r.recommendation.map(Recommendation::code),
                    ),
                    Field::multi(
                        "comment",
                        tr("Commentaire"),
                        r.comment.as_deref().unwrap_or(""),
                        3,
                    ),
                ],
            );
            app.layers
                .open(Layer::Editor((form, Editing::Recommendation)));
        }
        Some(Action::Decide) => {
            let r = &view.review;
            let today = app.env.today();
            let form = Form::new(
                tr("Décision du comité de labellisation"),
                vec![
                    Field::choice(
                        "decision",
                        tr("Décision"),
                        crate::strings::choices::<Decision>(),
                        r.decision.map(Decision::code),
                    )
                    .required(),
                    Field::multi(
                        "decision_reason",
                        tr("Motif"),
                        r.decision_reason.as_deref().unwrap_or(""),
                        3,
                    )
                    .required(),
                    Field::date(
                        "decision_date",
                        tr("Date"),
                        Some(r.decision_date.as_deref().unwrap_or(&today)),
                    )
                    .required(),
                ],
            );
            app.layers.open(Layer::Editor((form, Editing::Decision)));
        }
        Some(Action::ProjectSheet) => return vec![Cmd::ProjectSheet { idea }],
        Some(Action::Open) if n > 0 => {
            // Jump to what fixes the selected criterion.
            let code = view.review.verdicts[view.selected].code.clone();
            let rule = app
                .reference
                .criteria
                .iter()
                .find(|c| c.code == code)
                .and_then(|c| c.rule.clone())
                .unwrap_or_default();
            // The review stays under what opens: Échap comes back to it, read again if
            // anything was saved meanwhile.
            return match (rule.as_str(), Rule::from_code(&rule)) {
                (_, Some(Rule::BalancedBudget | Rule::AmountInRange)) => {
                    vec![Cmd::LoadBudget { idea }]
                }
                (_, Some(Rule::HolderReachable)) => {
                    // Straight to the holder's contact details (the holders under them).
                    app.focus_on_open = Some("email");
                    vec![Cmd::LoadHolders { idea }]
                }
                (_, Some(Rule::WorkshopAttended)) => vec![Cmd::LoadHolders { idea }],
                ("", _) => {
                    app.status = Some((
                        Tone::Info,
                        tr("Critère de l'animateur : Espace pour le cocher.").into(),
                    ));
                    vec![Cmd::LoadReview { idea }]
                }
                (_, other) => {
                    app.focus_on_open = Some(match other {
                        Some(Rule::InPasDeCalais) => "commune",
                        Some(Rule::Partners) => "partners",
                        Some(Rule::AgeFrame) => "referent",
                        _ => "summary",
                    });
                    vec![Cmd::OpenIdea { id: idea }]
                }
            };
        }
        _ => {}
    }
    Vec::new()
}

/// A facilitator criterion's comment, typed in the editor.
pub(crate) fn comment_chosen(app: &mut App, code: &str, picks: &[Option<String>]) -> Vec<Cmd> {
    let Some(v) = app.layers.review() else {
        return Vec::new();
    };
    let idea = v.review.idea.clone();
    app.pending_saves += 1;
    vec![Cmd::Save {
        edits: vec![
            Edit::new(
                &model::CRITERION_CHECKS,
                crate::store::review::check_id(&idea, code),
            )
            .set("idea", idea.as_str())
            .set("criterion", code)
            .set("comment", picks[0].clone().unwrap_or_default()),
        ],
        purpose: Purpose::Review,
    }]
}

/// The facilitator's recommendation and its comment.
pub(crate) fn recommendation_chosen(app: &mut App, picks: &[Option<String>]) -> Vec<Cmd> {
    let Some(v) = app.layers.review() else {
        return Vec::new();
    };
    let idea = v.review.idea.clone();
    app.pending_saves += 1;
    vec![Cmd::Save {
        edits: vec![
            Edit::new(&model::REVIEWS, crate::store::review::review_id(&idea))
                .set("idea", idea.as_str())
                .set(
                    "recommendation",
                    picks[0].clone().map(Value::Text).unwrap_or(Value::Null),
                )
                .set("comment", picks[1].clone().unwrap_or_default()),
        ],
        purpose: Purpose::Review,
    }]
}

/// The committee's decision, its reason and date; a labelling of an idea that is not ready
/// is asked about first.
pub(crate) fn decision_chosen(app: &mut App, picks: &[Option<String>]) -> Vec<Cmd> {
    let Some(v) = app.layers.review() else {
        return Vec::new();
    };
    let idea = v.review.idea.clone();
    let edits = vec![
        Edit::new(&model::REVIEWS, crate::store::review::review_id(&idea))
            .set("idea", idea.as_str())
            .set(
                "decision",
                picks[0].clone().map(Value::Text).unwrap_or(Value::Null),
            )
            .set("decision_reason", picks[1].clone().unwrap_or_default())
            .set(
                "decision_date",
                picks[2].clone().map(Value::Text).unwrap_or(Value::Null),
            ),
    ];
    let labelled = picks[0].as_deref() == Some(Decision::Labelled.code());
    if labelled && v.review.level != crate::domain::maturity::Level::Ready {
        app.layers.open(Layer::Popup(Popup::Confirm {
            question: crate::t!(
                "Cette idée est au niveau « {level} », pas « Prête pour la labellisation ». Enregistrer quand même la labellisation ?",
                level = v.review.level.label()
            ),
            on_yes: OnYes::Decide(edits),
        }));
        return Vec::new();
    }
    app.pending_saves += 1;
    vec![Cmd::Save {
        edits,
        purpose: Purpose::Review,
    }]
}

pub fn draw(app: &App, view: &ReviewView, frame: &mut Frame, body: Rect) {
    let t = &app.theme;
    let r = &view.review;
    let width = body.width.saturating_sub(4) as usize;
    // Cut with « … », never silently.
    let clip = |s: String| -> String { crate::tui::widgets::fit(&s, width) };
    // Once the committee has decided, its decision is the idea's one label.
    let stage = match r.decision {
        Some(d) => d.label(),
        None => r.level.label(),
    };
    let stage = format!("  · {stage}");
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                crate::tui::widgets::fit(&r.title, width.saturating_sub(stage.chars().count())),
                t.title(),
            ),
            Span::styled(stage, t.focus_marker()),
        ]),
        Line::raw(""),
    ];
    // The selected criterion in full when its row had to be cut, so that at 80 columns the
    // reason (the amount against the campaign's range, a long comment) can still be read.
    let mut selected_cut = None;
    for (i, v) in r.verdicts.iter().enumerate() {
        let selected = i == view.selected;
        let mark = if v.met { "✓" } else { "✗" };
        let who = if v.computed { "" } else { tr(" (animateur)") };
        let style = match (selected, v.met) {
            (true, _) => t.selection(),
            (false, true) => t.success(),
            (false, false) => t.error(),
        };
        let mut text = format!("{mark} {}{who}", v.label);
        let comment = r
            .comments
            .iter()
            .find(|(c, _)| *c == v.code)
            .map(|(_, c)| c.clone());
        match (&v.missing, comment) {
            (_, Some(c)) => text.push_str(&format!(" — {c}")),
            (Some(m), None) if v.computed => text.push_str(&format!(" — {m}")),
            _ => {}
        }
        let shown = clip(text.clone());
        if selected && shown != text {
            selected_cut = Some(text);
        }
        lines.push(Line::from(vec![
            Span::styled(if selected { "▶ " } else { "  " }, t.focus_marker()),
            Span::styled(shown, style),
        ]));
    }
    lines.push(Line::raw(""));
    let rec = r
        .recommendation
        .map_or(tr("pas encore (r)"), Labelled::label);
    let mut rec_line = crate::t!("Recommandation : {rec}", rec);
    if let Some(c) = &r.comment {
        rec_line.push_str(&format!(" — {}", c.replace('\n', " ")));
    }
    // The recommendation and the decision wrap: their reasons are read whole.
    lines.push(Line::raw(rec_line));
    let decision = match r.decision.map(Labelled::label) {
        Some(d) => format!(
            "{}{}{}",
            crate::t!("Comité : {d}", d),
            r.decision_date
                .as_deref()
                .map(|d| crate::t!(" le {d}", d = crate::domain::date::french(d)))
                .unwrap_or_default(),
            r.decision_reason
                .as_deref()
                .map(|m| format!(" — {}", m.replace('\n', " ")))
                .unwrap_or_default()
        ),
        None => tr("Comité : pas encore de décision (d)").to_string(),
    };
    lines.push(Line::raw(decision));
    let area = Rect::new(
        body.x + 1,
        body.y,
        body.width.saturating_sub(2),
        body.height,
    );
    let rows: u16 = lines
        .iter()
        .map(|l| crate::tui::popups::wrapped_height(&l.to_string(), area.width))
        .sum();
    let used = (rows + 1).min(area.height);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
    if let Some(full) = selected_cut {
        let below = Rect::new(area.x, area.y + used, area.width, area.height - used);
        frame.render_widget(
            Paragraph::new(full)
                .style(t.muted())
                .wrap(Wrap { trim: true }),
            below,
        );
    }
}

pub fn draw_screen(app: &App, frame: &mut Frame, body: Rect) {
    let t = &app.theme;
    let total: i64 = app.data.stages.iter().sum();
    let bar_width = body.width.saturating_sub(40) as i64;
    let mut lines = vec![Line::from(Span::styled(
        tr("Maturité des idées"),
        t.title(),
    ))];
    for (stage, n) in crate::tui::widgets::stages(&app.data.stages) {
        let filled = if total == 0 {
            0
        } else {
            (n * bar_width / total) as usize
        };
        lines.push(Line::from(vec![
            Span::raw(format!("  {stage:<29}")),
            Span::styled(format!("{n:>4} "), t.title()),
            Span::styled("█".repeat(filled), t.focus_marker()),
        ]));
    }
    let per_territory: Vec<String> = app
        .data
        .territories
        .iter()
        // A no-break space: a territory and its count are never cut apart by the wrap.
        .map(|(t, n)| format!("{t}\u{a0}{n}"))
        .collect();
    let per_territory = per_territory.join(" · ");
    // The title, a row per stage, and the territories as many rows as they wrap to.
    let head_h = lines.len() as u16
        + crate::tui::popups::wrapped_height(&per_territory, body.width.saturating_sub(1));
    lines.push(Line::from(Span::styled(per_territory, t.muted())));
    let head = Rect::new(body.x + 1, body.y, body.width.saturating_sub(1), head_h);
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
        head,
    );
    let rest = Rect::new(
        body.x,
        body.y + head_h,
        body.width,
        body.height.saturating_sub(head_h),
    );
    let title = format!(
        "{}{}",
        tr("Idées et ce qui leur manque"),
        crate::tui::screens::ideas::narrowed(app)
    );
    table::draw(
        app,
        frame,
        rest,
        table::Columns {
            title: &title,
            headers: &[tr("Niveau"), tr("Titre"), tr("Ce qui manque")],
            widths: &[
                Constraint::Length(10),
                Constraint::Fill(2),
                Constraint::Fill(3),
            ],
            empty: tr("Aucune idée pour l'instant."),
        },
        &app.data.ideas,
        |i| {
            vec![
                match i.decision {
                    Some(crate::domain::codes::Decision::Labelled) => tr("Labellisée").to_string(),
                    Some(_) => tr("Non lab.").to_string(),
                    None => i.level.short().to_string(),
                },
                i.title.clone(),
                i.missing.clone().unwrap_or_else(|| tr("rien").into()),
            ]
        },
    );
}

/// One idea's review.
pub const KEYS: &[Binding] = &[
    HELP,
    up("critère précédent"),
    b(
        &[key(Left)],
        Action::PrevScreen,
        "←",
        "idée précédente",
        false,
    ),
    b(
        &[key(Right)],
        Action::NextScreen,
        "→",
        "idée suivante",
        false,
    ),
    down("critère suivant"),
    b(&[ch(' ')], Action::Tick, "Espace", "cocher", true),
    b(
        &[key(Enter)],
        Action::Open,
        "Entrée",
        "aller corriger",
        true,
    ),
    b(&[ch('m')], Action::Comment, "m", "commenter", false),
    b(&[ch('r')], Action::Recommend, "r", "recommandation", true),
    b(&[ch('d')], Action::Decide, "d", "décision du comité", true),
    b(&[ch('e')], Action::ProjectSheet, "e", "fiche projet", false),
    BACK,
];

/// `Msg::ReviewLoaded`: what the store read, shown.
pub(crate) fn review_loaded(app: &mut App, review: crate::store::review::Review) -> Vec<Cmd> {
    let selected = app.layers.review().map_or(0, |v| v.selected);
    let selected = selected.min(review.verdicts.len().saturating_sub(1));
    app.layers
        .open(Layer::Review(ReviewView { review, selected }));
    Vec::new()
}
