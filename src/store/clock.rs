//! The hybrid logical clock: `ms << 16 | counter`, persisted in the database.
//!
//! A local write takes `max(now_ms << 16, last + 1)`, so clocks only grow, even when the wall
//! clock goes back (a laptop with a flat battery, a corrected time zone); a merge raises `last` to
//! the greatest clock received, so a write made after a merge orders after what was merged.

use std::sync::Arc;

/// Milliseconds since 1970, from the wall clock or a test's stand-in.
pub type WallClock = Arc<dyn Fn() -> i64 + Send + Sync>;

pub fn system_wall_clock() -> WallClock {
    // A fixed offset, for tests of a laptop whose clock is wrong (child processes cannot be
    // handed a closure).
    let offset: i64 = std::env::var("COMPTOIR_DECALAGE_HORLOGE_MS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Arc::new(move || chrono::Utc::now().timestamp_millis() + offset)
}

/// The next clock after `last` at wall time `now_ms`.
pub fn tick(last: i64, now_ms: i64) -> i64 {
    (now_ms.clamp(0, i64::MAX >> 16) << 16).max(last.saturating_add(1))
}

/// The latest clock a file may bring, for a laptop whose wall clock reads `wall_ms`: a year
/// and a day ahead (of this version's date at least, so that a laptop whose own clock reads
/// 1970 does not take every honest file for one from the future). Beyond it a clock is a wrong
/// date (or planted), and taking it would make every later edit of its field lose.
pub fn horizon(wall_ms: i64) -> i64 {
    wall_ms
        .max(RELEASED_MS)
        .saturating_add(366 * 86_400_000)
        .clamp(0, i64::MAX >> 16)
        << 16
}

/// 1 November 2026, when this version was written: no honest clock is judged against an
/// earlier wall clock.
pub const RELEASED_MS: i64 = 1_793_491_200_000;

/// 1 January 2020: a change stamped before it came from a clock reset to 1970.
pub const SANE_EPOCH_MS: i64 = 1_577_836_800_000;

/// A clock as a French date, `jj/mm/aaaa`, on the laptop's calendar.
pub fn french_date(clock: i64) -> String {
    chrono::DateTime::from_timestamp_millis(millis(clock))
        .map(|d| {
            d.with_timezone(&chrono::Local)
                .format("%d/%m/%Y")
                .to_string()
        })
        .unwrap_or_else(|| "?".into())
}

/// The wall-clock milliseconds a clock stands for.
pub fn millis(clock: i64) -> i64 {
    clock >> 16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_follows_the_wall_and_never_goes_back() {
        let a = tick(0, 1_000);
        assert_eq!(a, 1_000 << 16);
        let b = tick(a, 1_000);
        assert_eq!(b, a + 1, "same millisecond: the counter moves");
        let c = tick(b, 500);
        assert_eq!(c, b + 1, "wall clock went back: still forward");
        let d = tick(c, 2_000);
        assert_eq!(d, 2_000 << 16);
        assert_eq!(millis(d), 2_000);
    }

    #[test]
    fn the_largest_clock_does_not_wrap_around() {
        assert_eq!(tick(i64::MAX, 1_000), i64::MAX);
        assert!(horizon(i64::MAX) > 0);
        let wall = RELEASED_MS + 1_000;
        assert!(horizon(wall) > tick(0, wall + 365 * 86_400_000));
        assert!(horizon(wall) < tick(0, wall + 367 * 86_400_000));
    }
}
