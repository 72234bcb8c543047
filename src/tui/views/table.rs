//! A windowed table: draws the visible rows of a `ListView`, the selection marked with `▶` and
//! reverse video.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use crate::tui::app::{App, ListView};
use crate::tui::layout;

/// What a table shows: its title, its columns, and what to say when it is empty.
pub struct Columns<'a> {
    pub title: &'a str,
    pub headers: &'a [&'a str],
    pub widths: &'a [Constraint],
    pub empty: &'a str,
}

/// Draws the title on the body's first line, then the table; `cells` turns one row into its
/// texts.
pub fn draw<R>(
    app: &App,
    frame: &mut Frame,
    body: Rect,
    columns: Columns<'_>,
    list: &ListView<R>,
    cells: impl Fn(&R) -> Vec<String>,
) {
    let Columns {
        title,
        headers,
        widths,
        empty,
    } = columns;
    let t = &app.theme;
    let position = if list.total == 0 {
        String::new()
    } else {
        let more = if list.more { "+" } else { "" };
        format!("  {}/{}{more}", list.selected + 1, list.total)
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(title.to_string(), t.title()),
            Span::styled(position, t.muted()),
        ])),
        Rect::new(body.x + 1, body.y, body.width.saturating_sub(1), 1),
    );
    let rows_area = layout::list_rows(body);
    if list.total == 0 {
        frame.render_widget(
            Paragraph::new(Span::styled(empty.to_string(), t.muted())),
            Rect::new(body.x + 2, body.y + 2, body.width.saturating_sub(2), 1),
        );
        return;
    }
    let mut header = vec![String::new()];
    header.extend(headers.iter().map(|h| h.to_string()));
    let mut constraints = vec![Constraint::Length(2)];
    constraints.extend_from_slice(widths);
    let height = rows_area.height as usize;
    let rows = (list.top..(list.top + height).min(list.total)).map(|i| {
        let mut texts = match list.row(i) {
            Some(r) => cells(r),
            None => vec!["…".to_string()],
        };
        let selected = i == list.selected;
        texts.insert(
            0,
            if selected {
                "▶".into()
            } else {
                String::new()
            },
        );
        // The selection marks the row and colours its first column (the name, the title), not
        // the whole line: a move repaints a few dozen cells instead of two lines of 120, which
        // a slow remote link or an old terminal feels.
        if selected {
            Row::new(texts.into_iter().enumerate().map(|(i, s)| {
                if i < 2 {
                    Cell::from(Span::styled(s, t.selection()))
                } else {
                    Cell::from(s)
                }
            }))
        } else {
            Row::new(texts)
        }
    });
    let table = Table::new(rows, constraints)
        .header(Row::new(header).style(t.title()))
        .column_spacing(1);
    frame.render_widget(
        table,
        Rect::new(
            rows_area.x,
            rows_area.y - 1,
            rows_area.width,
            rows_area.height + 1,
        ),
    );
}

/// A date `AAAA-MM-JJ` shown `jj/mm/aaaa`.
pub fn french_date(iso: &str) -> String {
    match chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        Ok(d) => d.format("%d/%m/%Y").to_string(),
        Err(_) => iso.to_string(),
    }
}

/// The name of a commune from its INSEE code, empty when unknown.
pub fn commune_name(app: &App, insee: Option<&str>) -> String {
    insee
        .and_then(|c| app.reference.commune_name(c))
        .map(String::from)
        .unwrap_or_default()
}
