//! Misspellings read in context. The speller (`normalize.rs`) corrects on its own only a typo
//! with a single possible reading; a word it cannot place ("bomito", "kimioterapia", "fata",
//! "pian") may stand for several known words. Here each candidate is tried in the complaint
//! itself: it is taken when it, and no other candidate, makes a lexicon finding with its
//! neighbours ("fata de aire" -> "falta de aire": "fatal de aire" reads as nothing). A word
//! that no candidate makes sense of is left as typed, so no finding is invented from nothing.
//! A real word of the language is only ever read as another form of a lexicon word (same stem:
//! "durisima" as "dura", "apunalaron" as "apunalado"), never as a different word.

use super::data::Data;
use super::matcher;
use super::normalize::Tok;

/// Words with more candidates than this are too ambiguous to guess.
const MAX_CANDIDATES: usize = 12;

/// The complaint with every unknown word that context resolves replaced by its reading.
pub fn resolve(mut toks: Vec<Tok>, data: &Data) -> Vec<Tok> {
    let sp = &data.speller;
    let unknown: Vec<usize> = (0..toks.len())
        .filter(|&i| sp.is_unknown(&toks[i].w) || sp.is_unknown_form(&toks[i].w))
        .collect();
    if unknown.is_empty() {
        return toks;
    }
    let spanish = sp.spanish(&toks);
    let readings = |toks: &[Tok]| -> Vec<usize> {
        let mut c: Vec<usize> = matcher::find(toks, data).iter().map(|m| m.concept).collect();
        c.sort_unstable();
        c.dedup();
        c
    };
    let mut base = readings(&toks);
    for i in unknown {
        let typed = toks[i].w.clone();
        let misspelt = sp.is_unknown(&typed);
        // a Spanish spelling by sound is read as the word it sounds like, whatever it means
        if misspelt
            && spanish
            && let Some(w) = sp.sounds_like(&typed)
        {
            toks[i].w = w;
            base = readings(&toks);
            continue;
        }
        // any word may be read as another form of a lexicon word ("temblaba" as "temblando",
        // "bultito" as "bulto"); a misspelt one, failing that, as a word one edit away
        let mut chosen = reading(&mut toks, i, sp.forms(&typed), &base, data);
        if chosen.is_none() && misspelt {
            chosen = reading(&mut toks, i, sp.candidates(&typed), &base, data);
        }
        match chosen {
            Some(c) => {
                toks[i].w = c;
                base = readings(&toks);
            }
            None => toks[i].w = typed,
        }
    }
    toks
}

/// The one candidate for `toks[i]` that makes a new finding with its neighbours (or several
/// spellings that all read the same: "vomito", "vomita"); `toks[i]` is left changed.
fn reading(toks: &mut [Tok], i: usize, cands: Vec<String>, base: &[usize], data: &Data) -> Option<String> {
    if cands.is_empty() || cands.len() > MAX_CANDIDATES {
        return None;
    }
    // (candidate, the new findings it makes with its neighbours)
    let mut makes: Vec<(String, Vec<usize>)> = Vec::new();
    for c in cands {
        toks[i].w.clone_from(&c);
        let mut new: Vec<usize> = matcher::find(toks, data)
            .iter()
            .filter(|m| m.term.split(' ').any(|t| t == c) && base.binary_search(&m.concept).is_err())
            .map(|m| m.concept)
            .collect();
        new.sort_unstable();
        new.dedup();
        if !new.is_empty() {
            makes.push((c, new));
        }
    }
    match makes.split_first() {
        Some(((c, first), rest)) if rest.iter().all(|(_, n)| n == first) => Some(c.clone()),
        _ => None,
    }
}
