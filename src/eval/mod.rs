//! Evaluation: which arguments stand once the counterpoints are in.
//!
//! - [`af`]: Dung's abstract argumentation frameworks and their semantics.

pub mod af;
