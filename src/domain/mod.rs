//! Plain types and rules: money, age, text, reference data, the model, validation. No I/O.

pub mod age;
pub mod budget;
pub mod codes;
pub mod date;
pub mod maturity;
pub mod model;
pub mod money;
pub mod reference;
pub mod rules;
pub mod text;
pub mod typed;
