//! Drawing pieces the screens share: the tab and status bars, list tables, cards.

pub mod bars;
pub mod cards;
pub mod table;

use unicode_width::UnicodeWidthChar;

/// `text` in at most `width` columns, its end kept: a path cut at its start, « …/cle.sqlite »,
/// since the file's name is what tells one from another.
pub fn fit_end(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    if text.width() <= width {
        return text.to_string();
    }
    let mut kept = Vec::new();
    let mut used = 1;
    for c in text.chars().rev() {
        let w = UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        kept.push(c);
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
}

/// `text` broken at spaces into lines of at most `width` columns, the lines after the first
/// starting with `indent`: a value shown whole (a word longer than a line is cut into pieces).
pub fn wrap(text: &str, width: usize, indent: &str) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let width = width.max(indent.width() + 8);
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let mut rest = word;
        loop {
            let last = lines.last_mut().expect("one line at least");
            let fresh = last.is_empty() || last.as_str() == indent;
            let sep = usize::from(!fresh);
            if last.width() + sep + rest.width() <= width {
                if !fresh {
                    last.push(' ');
                }
                last.push_str(rest);
                break;
            }
            if !fresh {
                lines.push(indent.to_string());
                continue;
            }
            // A word longer than a whole line: as much as fits, the rest on the next.
            let mut taken = 0;
            let mut used = last.width();
            for (i, c) in rest.char_indices() {
                let w = UnicodeWidthChar::width(c).unwrap_or(0);
                if used + w > width {
                    break;
                }
                used += w;
                taken = i + c.len_utf8();
            }
            let taken = taken.max(rest.chars().next().map_or(0, char::len_utf8));
            last.push_str(&rest[..taken]);
            rest = &rest[taken..];
            if rest.is_empty() {
                break;
            }
            lines.push(indent.to_string());
        }
    }
    lines
}

#[cfg(test)]
mod wrap_tests {
    #[test]
    fn wrapped_text_keeps_every_word_within_the_width() {
        let text = "affiché : « Accompagner les seniors du Boulonnais dans l'usage du smartphone »";
        let lines = super::wrap(text, 30, "   ");
        assert!(
            lines
                .iter()
                .all(|l| unicode_width::UnicodeWidthStr::width(l.as_str()) <= 30)
        );
        assert!(lines[1..].iter().all(|l| l.starts_with("   ")));
        let joined: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
        assert_eq!(joined.join(" "), text);
        assert_eq!(
            super::fit_end("/media/cle/budget.sqlite", 14),
            "…budget.sqlite"
        );
        let long = super::wrap("x".repeat(70).as_str(), 30, "  ");
        assert_eq!(long.concat().replace(' ', ""), "x".repeat(70));
    }
}

/// The stages the charts show, with their counts: an idea under its level until the
/// committee decides, then under « Labellisée » or « Non labellisée » only.
pub fn stages(stages: &[i64; 6]) -> impl Iterator<Item = (&'static str, i64)> + '_ {
    crate::store::ideas::Stage::ALL
        .iter()
        .map(|s| s.label())
        .zip(stages.iter().copied())
}

/// `text` in at most `width` columns: whole when it fits, else cut and ended with « … », so a
/// cut is never silent.
pub fn fit(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    let kept = out.trim_end().len();
    out.truncate(kept);
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn a_cut_text_ends_with_an_ellipsis_and_keeps_its_width() {
        assert_eq!(fit("Labellisée", 10), "Labellisée");
        assert_eq!(fit("Labellisée", 6), "Label…");
        assert_eq!(fit("Fresque du climat", 9), "Fresque…");
        assert_eq!(fit("日本語", 4), "日…");
        assert_eq!(fit("abc", 0), "");
    }
}
