//! The red-flag gate: rules over present concepts (`redflags.tsv`). Runs before scoring;
//! a fired rule makes the result an emergency and nothing downstream can undo it.

use super::data::{RedFlag, holds};

/// Indices of the red flags whose condition holds. `present[c]` = concept c is in the
/// complaint, not negated and not a past episode already looked after (including context facts
/// such as age or fever read from numbers).
pub fn evaluate(flags: &[RedFlag], present: &[bool]) -> Vec<usize> {
    flags
        .iter()
        .enumerate()
        .filter(|(_, f)| holds(&f.any_of, present).is_some())
        .map(|(i, _)| i)
        .collect()
}
