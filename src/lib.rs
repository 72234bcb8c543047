//! comptoir: capture, structure and sync the ideas of the Budget citoyen du Pas-de-Calais.
//!
//! See ARCHITECTURE.md for the map of the modules.

pub mod cli;
pub mod demo;
pub mod domain;
pub mod export;
pub mod fault;
pub mod i18n;
pub mod import;
pub mod paths;
pub mod store;
pub mod strings;
pub mod sync;
pub mod tui;
