//! A pronoun that points back to a body part told in an earlier clause (`anaphora.tsv`): "me
//! duele la panza, la tengo dura" is a hard belly. When a clause opens with an object pronoun and
//! a verb ("la tengo", "lo tiene"), the last body-part word of the earlier clauses is read again
//! right after the verb, in that clause, so that the clause's own patterns find it.

use std::sync::OnceLock;

use super::normalize::Tok;

const ANAPHORA_TSV: &str = include_str!("../../../fixtures/orientation/anaphora.tsv");

#[derive(Debug, Default)]
struct Words {
    pronoun: Vec<&'static str>,
    verb: Vec<&'static str>,
    referent: Vec<&'static str>,
}

fn words() -> &'static Words {
    static W: OnceLock<Words> = OnceLock::new();
    W.get_or_init(|| {
        let mut w = Words::default();
        for line in ANAPHORA_TSV.lines() {
            let Some((kind, list)) = line.split_once('\t') else {
                continue;
            };
            let list: Vec<&'static str> = list.split_whitespace().collect();
            match kind {
                "pronoun" => w.pronoun = list,
                "verb" => w.verb = list,
                "referent" => w.referent = list,
                _ => {}
            }
        }
        w
    })
}

/// The complaint with each back-pointing pronoun's referent read again after its verb.
pub fn refer_back(toks: Vec<Tok>) -> Vec<Tok> {
    let w = words();
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    for (i, t) in toks.iter().enumerate() {
        out.push(t.clone());
        // the pronoun right before the verb opens its clause (or follows an "y" there)
        let opens_clause = i >= 2
            && toks[i - 1].clause == t.clause
            && (toks[i - 2].clause != t.clause || toks[i - 2].w == "y")
            && w.pronoun.contains(&toks[i - 1].w.as_str());
        if !(opens_clause && w.verb.contains(&t.w.as_str())) {
            continue;
        }
        let referent = toks[..i - 1]
            .iter()
            .rev()
            .filter(|p| p.clause < t.clause)
            .find(|p| w.referent.contains(&p.w.as_str()));
        if let Some(r) = referent {
            out.push(Tok {
                w: r.w.clone(),
                clause: t.clause,
            });
        }
    }
    out
}

#[cfg(test)]
mod unit {
    use super::*;

    fn toks(spec: &[(&str, u32)]) -> Vec<Tok> {
        spec.iter()
            .map(|(w, c)| Tok {
                w: w.to_string(),
                clause: *c,
            })
            .collect()
    }

    #[test]
    fn the_table_has_every_kind() {
        let w = words();
        assert!(!w.pronoun.is_empty() && !w.verb.is_empty() && !w.referent.is_empty());
    }

    #[test]
    fn a_pronoun_opening_a_clause_reads_its_referent_again() {
        let t = toks(&[
            ("me", 0),
            ("duele", 0),
            ("la", 0),
            ("panza", 0),
            ("la", 1),
            ("tengo", 1),
            ("dura", 1),
        ]);
        let w: Vec<String> = refer_back(t).into_iter().map(|t| t.w).collect();
        assert_eq!(w, ["me", "duele", "la", "panza", "la", "tengo", "panza", "dura"]);
        // not inside a clause, and not without an earlier referent
        let t = toks(&[("la", 0), ("tengo", 0), ("dura", 0)]);
        assert_eq!(refer_back(t.clone()), t);
        let t = toks(&[
            ("veo", 0),
            ("la", 0),
            ("tele", 0),
            ("y", 0),
            ("la", 0),
            ("tengo", 0),
        ]);
        assert_eq!(refer_back(t.clone()).len(), t.len());
    }
}
