//! Evaluation: which arguments stand once the counterpoints are in.
//!
//! - [`af`]: Dung's abstract argumentation frameworks and their semantics.
//! - [`iccma`]: the ICCMA file formats, problems and answers (`argmap af`).

pub mod af;
pub mod iccma;
