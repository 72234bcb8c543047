//! Text as people type it: folding for search, cleaning for storage.

use unicode_normalization::UnicodeNormalization;

/// Bytes in lower-case hexadecimal, two digits each (digests, ids, keys).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Folds a string for matching: no accents, lower case, hyphens and apostrophes as spaces,
/// spaces collapsed, and "saint"/"sainte" written "st"/"ste" (so "St-Omer" finds
/// "Saint-Omer"). "Œ" and "æ" become "oe" and "ae".
pub fn fold(s: &str) -> String {
    let mut flat = String::with_capacity(s.len());
    for c in s.nfd() {
        match c {
            '\u{300}'..='\u{36f}' => {}
            'œ' | 'Œ' => flat.push_str("oe"),
            'æ' | 'Æ' => flat.push_str("ae"),
            '-' | '\'' | '’' | '_' | '.' | ',' | '/' => flat.push(' '),
            c => flat.extend(c.to_lowercase()),
        }
    }
    let words: Vec<&str> = flat
        .split_whitespace()
        .map(|w| match w {
            "saint" => "st",
            "sainte" => "ste",
            w => w,
        })
        .collect();
    words.join(" ")
}

/// Whether a character acts on a terminal or on how text reads: a control character (escape
/// sequences, bells, backspaces; new lines and tabs aside) or a direction override.
pub fn acts_on_a_screen(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A text read from a file, made safe to print on a terminal: what acts on a screen dropped.
pub fn printable(text: &str) -> String {
    text.chars().filter(|c| !acts_on_a_screen(*c)).collect()
}

/// Cleans one line of typed or pasted text: control characters dropped, new lines and tabs
/// turned into spaces, surrounding spaces trimmed.
pub fn clean_line(s: &str) -> String {
    let mapped: String = s
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() || is_direction_control(c) || is_zero_width(c) => None,
            c => Some(c),
        })
        .collect();
    mapped.trim().to_string()
}

/// The characters of no width (spaces, joiners, the byte-order mark): typed or pasted into a
/// name, they make two names that look one.
fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// The invisible marks that force a direction of writing (overrides, embeddings, isolates):
/// pasted into a name, they can make it display backwards or hide part of it. Right-to-left
/// letters themselves are kept.
fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Cleans multi-line text: keeps new lines, drops other control characters, normalises CRLF.
pub fn clean_text(s: &str) -> String {
    let s = s.replace("\r\n", "\n");
    let mapped: String = s
        .chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            '\r' => Some('\n'),
            c if c.is_control() || is_direction_control(c) => None,
            c => Some(c),
        })
        .collect();
    mapped.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_accents_case_hyphens_and_saint() {
        assert_eq!(fold("Hénin-Beaumont"), "henin beaumont");
        assert_eq!(fold("SAINT-OMER"), "st omer");
        assert_eq!(fold("St Omer"), "st omer");
        assert_eq!(fold("Sainte-Catherine"), "ste catherine");
        assert_eq!(fold("Bœurs-en-Ostrevent"), "boeurs en ostrevent");
        assert_eq!(fold("  L'Étoile  "), "l etoile");
    }

    #[test]
    fn cleaning_drops_control_characters() {
        assert_eq!(clean_line(" a\u{7}b\nc\t "), "ab c");
        assert_eq!(clean_text("a\r\nb\u{1b}[31m"), "a\nb[31m");
    }
}
