//! Pieces that several screens use: the record form and the field builders forms share.

pub mod fields;
pub mod record;
