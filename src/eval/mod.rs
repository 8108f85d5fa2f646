//! Evaluation: which arguments stand once the counterpoints are in.
//!
//! - [`af`]: Dung's abstract argumentation frameworks and their semantics.
//! - [`aspic`]: the translation of the AIF graph into a framework, ASPIC+-style;
//! - [`claims`]: argument labels turned into claim statuses;
//! - [`grounded`]: grounded claim statuses straight from claims and inferences, at corpus scale;
//! - [`iccma`]: the ICCMA file formats, problems and answers (`argmap af`).

pub mod af;
pub mod aspic;
pub mod claims;
pub mod grounded;
pub mod iccma;
