//! From argument labels to claim statuses: what `argmap eval` reports and writes.
//!
//! A claim is accepted when some argument for it is IN, rejected when every argument for it
//! is OUT (or it has none), undecided otherwise. Under semantics with several labellings, it is
//! credulously accepted when some labelling accepts it, sceptically when every one does; its
//! status is then accepted (sceptical), rejected (in no labelling) or undecided.

use crate::eval::af::{AfError, Label, Labelling, Limits, Semantics};
use crate::eval::aspic::Translation;

/// What a claim's status is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// It stands.
    Accepted,
    /// It falls.
    Rejected,
    /// Neither.
    Undecided,
}

impl Status {
    /// The lower-case word.
    pub fn name(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
            Self::Undecided => "undecided",
        }
    }

    /// The `arg:` term for it (`Accepted`, `Rejected`, `Undecided`).
    pub fn term(self) -> &'static str {
        match self {
            Self::Accepted => "Accepted",
            Self::Rejected => "Rejected",
            Self::Undecided => "Undecided",
        }
    }
}

/// One claim's evaluation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimStatus {
    /// Index into [`Translation::claims`].
    pub claim: usize,
    /// Its status.
    pub status: Status,
    /// Accepted in some labelling.
    pub credulous: bool,
    /// Accepted in every labelling.
    pub sceptical: bool,
}

/// The claim's status in one labelling.
pub fn in_labelling(translation: &Translation, labelling: &Labelling, claim: usize) -> Status {
    let labels: Vec<Label> = translation
        .arguments_for(claim)
        .map(|a| labelling.label(a as u32))
        .collect();
    if labels.contains(&Label::In) {
        Status::Accepted
    } else if labels.iter().all(|&l| l == Label::Out) {
        Status::Rejected
    } else {
        Status::Undecided
    }
}

/// Every claim's status under `semantics`, with the labellings it rests on.
pub fn evaluate(
    translation: &Translation,
    semantics: Semantics,
    limits: &Limits,
) -> Result<(Vec<ClaimStatus>, Vec<Labelling>), AfError> {
    let labellings = translation.framework.labellings(semantics, limits)?;
    let statuses = (0..translation.claims.len())
        .map(|claim| {
            let each: Vec<Status> = labellings
                .iter()
                .map(|l| in_labelling(translation, l, claim))
                .collect();
            let credulous = each.contains(&Status::Accepted);
            let sceptical = !each.is_empty() && each.iter().all(|&s| s == Status::Accepted);
            let status = match (&each[..], semantics.is_multiple()) {
                ([only], false) => *only,
                _ if sceptical => Status::Accepted,
                _ if !credulous => Status::Rejected,
                _ => Status::Undecided,
            };
            ClaimStatus {
                claim,
                status,
                credulous,
                sceptical,
            }
        })
        .collect();
    Ok((statuses, labellings))
}
