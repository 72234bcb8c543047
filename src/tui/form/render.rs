//! Drawing a form: labels, inputs, errors, the cursor.

use super::*;
use crate::i18n::tr;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui_textarea::CursorMove;
use unicode_width::UnicodeWidthStr;

impl Form {
    /// Draws the fields in `area`: a label column, the input, and the error under it.
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let label_width = self
            .fields
            .iter()
            .map(|f| f.label.width() + 4)
            .max()
            .unwrap_or(10)
            .min(area.width as usize / 2) as u16;
        let mut y = area.y;
        for (i, f) in self.fields.iter().enumerate() {
            // The error, under the input when it fits there, else from under the label, and
            // wrapped: a rule's sentence is read whole at 80 columns.
            let input_w = area.width.saturating_sub(label_width + 1);
            let error = f.error.as_ref().map(|e| {
                let text = format!("✗ {e}");
                let x = if text.width() <= input_w as usize {
                    area.x + label_width + 1
                } else {
                    area.x + 3.min(area.width)
                };
                let rows =
                    crate::tui::popups::wrapped_height(&text, area.right().saturating_sub(x));
                (text, x, rows.clamp(1, 3))
            });
            let body_h = f.rows() - u16::from(f.error.is_some());
            let h = body_h + error.as_ref().map_or(0, |e| e.2);
            if y + h > area.bottom() {
                break;
            }
            let focused = i == self.focus;
            let marker = if focused { "▶ " } else { "  " };
            let star = if f.required { " *" } else { "" };
            let label_style = if focused {
                theme.focus()
            } else {
                theme.normal()
            };
            let label = Line::from(vec![
                Span::styled(marker, theme.focus_marker()),
                Span::styled(format!("{}{}", f.label, star), label_style),
            ]);
            frame.render_widget(Paragraph::new(label), Rect::new(area.x, y, label_width, 1));
            let input_x = area.x + label_width + 1;
            let input_area = Rect::new(input_x, y, input_w, body_h.min(area.bottom() - y));
            if f.disabled {
                let note = f.note.as_deref().unwrap_or(tr("sans objet"));
                frame.render_widget(
                    Paragraph::new(Span::styled(
                        crate::tui::widgets::fit(&format!("— {note}"), usize::from(input_w)),
                        theme.muted(),
                    )),
                    Rect::new(input_x, y, input_w, 1),
                );
            } else {
                self.render_input(frame, f, input_area, focused, theme);
            }
            if let Some((text, x, rows)) = error {
                let line = Line::from(Span::styled(text, theme.error()));
                frame.render_widget(
                    Paragraph::new(line).wrap(ratatui::widgets::Wrap { trim: true }),
                    Rect::new(x, y + body_h, area.right().saturating_sub(x), rows),
                );
            }
            y += h;
        }
    }

    fn render_input(&self, frame: &mut Frame, f: &Field, area: Rect, focused: bool, theme: &Theme) {
        let field_style = if focused {
            theme.input_focus()
        } else {
            theme.input()
        };
        match &f.input {
            Input::Line(a) | Input::Amount(a) | Input::Date(a) | Input::Multi { area: a, .. } => {
                let mut shown = a.clone();
                shown.set_style(field_style);
                if !focused {
                    // A text not being edited is read from its beginning.
                    shown.move_cursor(CursorMove::Top);
                    shown.move_cursor(CursorMove::Head);
                }
                let text_area = Rect::new(area.x, area.y, area.width, area.height);
                frame.render_widget(&shown, text_area);
                // The whole field is underlined, so an empty one is visible too.
                frame.buffer_mut().set_style(text_area, field_style);
                // A text longer than its box, not being edited, ends with « … »: never a
                // silent cut (a long description, a long title).
                let text = Field::text(a);
                let longer = match f.input {
                    Input::Multi { .. } => {
                        crate::tui::popups::wrapped_height(&text, area.width) > area.height
                    }
                    _ => UnicodeWidthStr::width(text.as_str()) > usize::from(area.width),
                };
                if !focused && longer && area.width > 0 && area.height > 0 {
                    let corner = Position::new(area.right() - 1, area.bottom() - 1);
                    if let Some(cell) = frame.buffer_mut().cell_mut(corner) {
                        cell.set_symbol("…");
                    }
                }
                if focused {
                    let (top, left) = shown.scroll_offset();
                    let c = shown.screen_cursor();
                    let x = area.x + (c.col as u16).saturating_sub(left);
                    let y = area.y + (c.row as u16).saturating_sub(top);
                    frame.set_cursor_position(Position::new(
                        x.min(area.right().saturating_sub(1)),
                        y,
                    ));
                }
                // The € after an amount, unless typed already (« 12 500 € »).
                if matches!(f.input, Input::Amount(_))
                    && !a.is_empty()
                    && f.value().is_ok()
                    && !Field::text(a).contains('€')
                {
                    let hint = Span::styled(" €", theme.muted());
                    let w = UnicodeWidthStr::width(Field::text(a).as_str()) as u16;
                    if w + 3 < area.width {
                        frame.render_widget(
                            Paragraph::new(hint),
                            Rect::new(area.x + w, area.y, 2, 1),
                        );
                    }
                }
                if matches!(f.input, Input::Date(_)) && a.is_empty() {
                    frame.render_widget(
                        Paragraph::new(Span::styled(
                            tr("jj/mm/aaaa"),
                            theme.muted().patch(field_style),
                        )),
                        Rect::new(area.x, area.y, area.width, 1),
                    );
                }
            }
            Input::Completion {
                area: a,
                suggestions,
                pick,
                ..
            } => {
                let mut shown = a.clone();
                shown.set_style(field_style);
                frame.render_widget(&shown, Rect::new(area.x, area.y, area.width, 1));
                frame
                    .buffer_mut()
                    .set_style(Rect::new(area.x, area.y, area.width, 1), field_style);
                if focused {
                    let c = shown.screen_cursor();
                    let (_, left) = shown.scroll_offset();
                    let x = area.x + (c.col as u16).saturating_sub(left);
                    frame.set_cursor_position(Position::new(
                        x.min(area.right().saturating_sub(1)),
                        area.y,
                    ));
                }
                for (i, (_, label)) in suggestions.iter().take(4).enumerate() {
                    let y = area.y + 1 + i as u16;
                    if y >= area.bottom() {
                        break;
                    }
                    let (mark, style) = if Some(i) == *pick {
                        ("▶ ", theme.selection())
                    } else {
                        ("  ", theme.muted())
                    };
                    frame.render_widget(
                        Paragraph::new(Span::styled(
                            format!(
                                "{mark}{}",
                                crate::tui::widgets::fit(
                                    label,
                                    usize::from(area.width).saturating_sub(2)
                                )
                            ),
                            style,
                        )),
                        Rect::new(area.x, y, area.width, 1),
                    );
                }
            }
            Input::Choice {
                options,
                selected,
                typed,
                ..
            } => {
                // The arrows stay in view: a long label ends with « … » between them.
                let room = (area.width as usize).saturating_sub(4);
                let fit = crate::tui::widgets::fit;
                let text = match selected {
                    Some(i) => format!("◀ {} ▶", fit(&options[*i].1, room)),
                    None if !typed.trim().is_empty() => format!("◀ {} ▶", fit(typed, room)),
                    None => tr("◀ (choisir avec ← →) ▶").to_string(),
                };
                let mut spans = vec![Span::styled(text, field_style)];
                if selected.is_some() && !typed.trim().is_empty() {
                    // What was typed, beside what it chose: « 16 » → 15 à 17 ans.
                    spans.push(Span::styled(
                        crate::t!("  tapé « {typed} »", typed),
                        theme.muted(),
                    ));
                }
                frame.render_widget(Paragraph::new(Line::from(spans)), area);
            }
            Input::Several {
                options,
                checked,
                cursor,
            } => {
                // The ticked ones, then the option under the cursor: one line, whatever the
                // number of options.
                let ticked: Vec<&str> = options
                    .iter()
                    .zip(checked)
                    .filter(|(_, c)| **c)
                    .map(|((_, l), _)| l.as_str())
                    .collect();
                let ticked = if ticked.is_empty() {
                    tr("aucun").to_string()
                } else {
                    ticked.join(", ")
                };
                let width = area.width as usize;
                let fit = crate::tui::widgets::fit;
                // The option under the cursor is always seen whole (or with « … »); the
                // ticked ones take what is left, cut with « … ».
                let under_cursor = options.get(*cursor).filter(|_| focused).map(|(_, label)| {
                    let mark = if checked[*cursor] { "[x]" } else { "[ ]" };
                    format!("◀ {mark} {} ▶", fit(label, width.saturating_sub(8)))
                });
                let left = match &under_cursor {
                    Some(c) => width.saturating_sub(c.width() + 3),
                    None => width,
                };
                let mut spans = vec![Span::styled(fit(&ticked, left), field_style)];
                if let Some(c) = under_cursor {
                    spans.push(Span::raw("   "));
                    spans.push(Span::styled(c, theme.selection()));
                }
                frame.render_widget(Paragraph::new(Line::from(spans)), area);
            }
            Input::Checkbox { on, .. } => {
                let text = if *on { tr("[x] oui") } else { tr("[ ] non") };
                let mut spans = vec![Span::styled(text, field_style)];
                if focused {
                    spans.push(Span::styled(
                        format!("  {}", tr("Espace : cocher ou décocher")),
                        theme.muted(),
                    ));
                }
                frame.render_widget(Paragraph::new(Line::from(spans)), area);
            }
        }
    }
}
