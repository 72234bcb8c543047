//! comptoir: capture, structure and sync the ideas of the Budget citoyen du Pas-de-Calais.
//!
//! See ARCHITECTURE.md for the map of the modules.

pub mod domain;
pub mod paths;
pub mod store;
pub mod strings;
