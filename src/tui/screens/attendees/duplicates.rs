//! Probable duplicates, and merging two people (and undoing it).

use crate::domain::model::Value;
use crate::i18n::tr;
use crate::store::people::MergePreview;
use crate::store::queries::AttendeeRow;
use crate::tui::app::{App, DuplicatesView, Editing, Popup, Tone};
use crate::tui::form::{Field, Form};
use crate::tui::keys::{
    self, Action, BACK, Binding, Context, HELP, PAGE_DOWN, PAGE_UP, b, ch, down, key, up,
};
use crate::tui::layers::{Layer, LayerKind};
use crate::tui::msg::{Cmd, Purpose};
use crate::tui::widgets::cards::{self, Card};
use crate::tui::widgets::table::commune_name;
use crossterm::event::KeyCode::{Enter, Esc};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthChar;

/// A key of the duplicates view, once `lists::sub_view_action` has taken ↑, ↓ and F1.
pub(crate) fn duplicates_action(app: &mut App, action: Action) -> Vec<Cmd> {
    let Some(view) = app.layers.duplicates_mut() else {
        return Vec::new();
    };
    let n = view.pairs.len();
    let action = Some(action);
    // A page: the pairs a screen holds (four lines each, under the title).
    let page = (usize::from(app.size.1).saturating_sub(5) / 4).max(1);
    match action {
        Some(Action::PageDown) => {
            view.selected = (view.selected + page).min(n.saturating_sub(1));
            return Vec::new();
        }
        Some(Action::PageUp) => {
            view.selected = view.selected.saturating_sub(page);
            return Vec::new();
        }
        _ => {}
    }
    match action {
        Some(Action::Back) => app.layers.close(LayerKind::Duplicates),
        Some(a @ (Action::MergeKeepFirst | Action::MergeKeepSecond)) if n > 0 => {
            let (first, second, _) = &view.pairs[view.selected];
            let (keep, other) = if a == Action::MergeKeepFirst {
                (first, second)
            } else {
                (second, first)
            };
            // Both records side by side first; the merge waits for a yes.
            return vec![Cmd::PrepareMerge {
                keep: keep.id.clone(),
                other: other.id.clone(),
            }];
        }
        Some(Action::UndoMerge) => return undo_merge(app),
        _ => {}
    }
    Vec::new()
}

/// Two people side by side: o merges, i keeps the other record, Échap cancels.
pub(crate) fn merge_key(app: &mut App, ev: &KeyEvent) -> Vec<Cmd> {
    let Some(Popup::Merge(preview)) = app.layers.popup() else {
        return Vec::new();
    };
    let (keep, other) = (preview.keep.clone(), preview.other.clone());
    match keys::action(Context::Merge, ev) {
        Some(Action::ConfirmMerge) => {
            app.layers.close(LayerKind::Popup);
            vec![Cmd::MergePeople { keep, other }]
        }
        Some(Action::SwapMerge) => vec![Cmd::PrepareMerge {
            keep: other,
            other: keep,
        }],
        Some(Action::Back) => {
            app.layers.close(LayerKind::Popup);
            app.status = Some((Tone::Info, tr("Fusion annulée : rien n'a changé.").into()));
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Undoes the last merge: every field it wrote goes back to its value before.
pub(crate) fn undo_merge(app: &mut App) -> Vec<Cmd> {
    let Some((edits, said)) = app.last_merge.take() else {
        app.status = Some((Tone::Info, tr("Aucune fusion à annuler.").into()));
        return Vec::new();
    };
    app.status = Some((
        Tone::Success,
        crate::t!(
            "Fusion annulée ({said}) : les deux fiches sont revenues.",
            said
        ),
    ));
    app.pending_saves += 1;
    vec![Cmd::Save {
        edits,
        purpose: Purpose::MergeUndone,
    }]
}

/// After a merge or its undoing: the lists, and the duplicates if they are shown.
pub(crate) fn after_merge(app: &App) -> Vec<Cmd> {
    let mut cmds = vec![Cmd::Reload];
    if app.layers.duplicates().is_some() {
        cmds.push(Cmd::LoadDuplicates);
    }
    cmds
}

/// The other person of a merge by hand, picked in the editor: the two side by side first.
pub(crate) fn merge_with_chosen(keep: String, picks: &[Option<String>]) -> Vec<Cmd> {
    match picks[0].clone() {
        Some(other) => vec![Cmd::PrepareMerge { keep, other }],
        None => Vec::new(),
    }
}

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
        ("consent_date", Value::Text(d)) => crate::domain::date::french(d),
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
    let boxed = crate::tui::popups::centred(body, width, height);
    crate::tui::popups::clear_behind(frame, body, boxed);
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

/// Its keys.
pub const KEYS: &[Binding] = &[
    HELP,
    up("paire précédente"),
    down("paire suivante"),
    PAGE_UP,
    PAGE_DOWN,
    b(
        &[ch('f')],
        Action::MergeKeepFirst,
        "f",
        "fusionner, garder la 1re",
        true,
    ),
    b(
        &[ch('g')],
        Action::MergeKeepSecond,
        "g",
        "fusionner, garder la 2de",
        true,
    ),
    b(
        &[ch('u')],
        Action::UndoMerge,
        "u",
        "annuler la dernière fusion",
        false,
    ),
    BACK,
];

/// Two people side by side before a merge.
pub const MERGE_KEYS: &[Binding] = &[
    b(
        &[ch('o'), ch('O'), key(Enter)],
        Action::ConfirmMerge,
        "o Entrée",
        "fusionner",
        true,
    ),
    b(
        &[ch('i')],
        Action::SwapMerge,
        "i",
        "garder l'autre fiche",
        true,
    ),
    b(
        &[ch('n'), key(Esc)],
        Action::Back,
        "n Échap",
        "annuler",
        true,
    ),
];

/// `Msg::MergeCandidates`: what the store read, shown.
pub(crate) fn merge_candidates_loaded(
    app: &mut App,
    id: String,
    people: Vec<(String, String)>,
) -> Vec<Cmd> {
    let source = crate::tui::components::fields::people_completer(people);
    let field = Field::completion("person", tr("Fusionner avec"), source, None).required();
    let d = &app.data.attendees;
    let title = match (0..d.total).filter_map(|i| d.row(i)).find(|p| p.id == id) {
        Some(p) => {
            let name = format!("{} {}", p.first_name, p.last_name);
            crate::t!("Fusionner {name} avec une autre personne", name)
        }
        None => tr("Fusionner avec une autre personne").to_string(),
    };
    app.layers.open(Layer::Editor((
        Form::new(title, vec![field]),
        Editing::MergeWith(id),
    )));
    Vec::new()
}

/// `Msg::Duplicates`: what the store read, shown.
pub(crate) fn duplicates_loaded(
    app: &mut App,
    pairs: Vec<(
        crate::store::queries::AttendeeRow,
        crate::store::queries::AttendeeRow,
        String,
    )>,
) -> Vec<Cmd> {
    if !app.layers.is_open(LayerKind::Duplicates) {
        app.layers.open(Layer::Duplicates(Default::default()));
    }
    let Some(view) = app.layers.duplicates_mut() else {
        return Vec::new();
    };
    view.selected = view.selected.min(pairs.len().saturating_sub(1));
    view.pairs = pairs;
    vec![Cmd::Reload]
}
