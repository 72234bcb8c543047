//! The screens, one folder each: its state's keys and updates, its view, its sub-views.

pub mod attendees;
pub mod home;
pub mod ideas;
pub mod review;
pub mod setup;
pub mod sync;
pub mod workshops;
