//! Dates as people type them, and as they read them: `jj/mm/aaaa`.

use chrono::NaiveDate;

/// A stored date (`AAAA-MM-JJ`) as French people read it, `jj/mm/aaaa`; anything else as it is.
pub fn french(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|_| iso.to_string())
}

/// `jj/mm/aaaa` (also `jj/mm/aa`, `jj-mm-aaaa`, `jj.mm.aaaa` and `aaaa-mm-jj`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    for fmt in ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt)
            && (1900..=2200).contains(&chrono::Datelike::year(&d))
        {
            return Some(d);
        }
    }
    NaiveDate::parse_from_str(s, "%d/%m/%y").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_and_iso_dates_are_read() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 4);
        for typed in [
            "04/03/2026",
            " 4/3/2026 ",
            "04-03-2026",
            "04.03.2026",
            "2026-03-04",
            "04/03/26",
        ] {
            assert_eq!(parse_date(typed), day, "{typed:?}");
        }
        assert_eq!(parse_date("31/02/2026"), None);
        assert_eq!(parse_date("hier"), None);
    }

    #[test]
    fn stored_dates_are_shown_the_french_way() {
        assert_eq!(french("2026-03-04"), "04/03/2026");
        assert_eq!(french("pas une date"), "pas une date");
    }
}
