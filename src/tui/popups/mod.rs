//! Boxes over the screen: the one-field editor, questions, the help.

pub mod editor;
