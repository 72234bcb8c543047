//! Pieces that several screens use: the record form.

pub mod record;
