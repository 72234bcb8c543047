//! A windowed table: draws the visible rows of a `ListView`, the selection marked with `▶` and
//! reverse video.

use crate::tui::app::{App, ListView};
use crate::tui::layout;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

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
        // Said whole, on as many lines as it takes.
        frame.render_widget(
            Paragraph::new(Span::styled(empty.to_string(), t.muted()))
                .wrap(ratatui::widgets::Wrap { trim: true }),
            Rect::new(
                body.x + 2,
                body.y + 2,
                body.width.saturating_sub(4),
                body.height.saturating_sub(2),
            ),
        );
        return;
    }
    let mut constraints = vec![Constraint::Length(2)];
    constraints.extend_from_slice(widths);
    // The columns as ratatui's `Table` lays them out (flex start, one space between them).
    let columns = Layout::horizontal(constraints)
        .flex(Flex::Start)
        .spacing(1)
        .split(Rect::new(0, 0, rows_area.width, 1));
    let buf = frame.buffer_mut();
    buf.set_style(
        Rect::new(rows_area.x, rows_area.y - 1, rows_area.width, 1),
        t.title(),
    );
    // Written straight into the buffer: a `Table` makes a `Text` of every cell on every
    // frame, which was most of the cost of a key in a full list.
    // The selection marks the row and colours its first column (the name, the title), not the
    // whole line: a move repaints a few dozen cells instead of two lines of 120, which a slow
    // remote link or an old terminal feels.
    let selection = t.selection();
    let mut put = |y: u16, mark: &str, texts: &[&str], selected: bool| {
        let cells = std::iter::once(mark).chain(texts.iter().copied());
        for (i, (text, column)) in cells.zip(columns.iter()).enumerate() {
            let style = if selected && i < 2 {
                selection
            } else {
                Style::default()
            };
            // A text longer than its column ends with « … »: a cut name is seen as cut.
            let first = super::fit(
                text.lines().next().unwrap_or_default(),
                column.width as usize,
            );
            buf.set_stringn(
                rows_area.x + column.x,
                y,
                &first,
                column.width as usize,
                style,
            );
        }
    };
    put(rows_area.y - 1, "", headers, false);
    let height = rows_area.height as usize;
    for (line, i) in (list.top..(list.top + height).min(list.total)).enumerate() {
        let texts = match list.row(i) {
            Some(r) => cells(r),
            None => vec!["…".to_string()],
        };
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let selected = i == list.selected;
        let mark = if selected { "▶" } else { "" };
        put(rows_area.y + line as u16, mark, &texts, selected);
    }
}

/// The name of a commune from its INSEE code, empty when unknown.
pub fn commune_name(app: &App, insee: Option<&str>) -> String {
    insee
        .and_then(|c| app.reference.commune_name(c))
        .map(String::from)
        .unwrap_or_default()
}
