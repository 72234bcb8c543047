//! Drawing pieces the screens share: the tab and status bars, list tables, cards.

pub mod bars;
pub mod cards;
pub mod table;

use unicode_width::UnicodeWidthChar;

/// The stages the charts show, with their counts: an idea under its level until the
/// committee decides, then under « Labellisée » or « Non labellisée » only.
pub fn stages(stages: &[i64; 6]) -> impl Iterator<Item = (&'static str, i64)> + '_ {
    use crate::domain::codes::Decision;
    use crate::strings::Labelled;
    crate::domain::maturity::Level::ALL
        .iter()
        .map(|l| l.label())
        .chain([Decision::Labelled.label(), Decision::NotLabelled.label()])
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
