//! The red-flag gate: rules over present concepts (`redflags.tsv`). Runs before scoring;
//! a fired rule makes the result an emergency and nothing downstream can undo it.

use super::data::{Atom, RedFlag};

/// Indices of the red flags whose condition holds. `present[c]` = concept c is in the
/// complaint and not negated (including context facts such as age or fever read from numbers).
pub fn evaluate(flags: &[RedFlag], present: &[bool]) -> Vec<usize> {
    let has = |c: usize| present.get(c).copied().unwrap_or(false);
    flags
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            f.any_of.iter().any(|all| {
                all.iter().all(|a| match a {
                    Atom::Has(c) => has(*c),
                    Atom::Not(c) => !has(*c),
                })
            })
        })
        .map(|(i, _)| i)
        .collect()
}
