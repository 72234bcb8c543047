//! Drawing pieces the screens share: the tab and status bars, list tables, cards.

pub mod bars;
pub mod cards;
pub mod table;
