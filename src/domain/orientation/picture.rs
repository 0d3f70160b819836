//! The whole-picture back-off (orient-1.7.0): the complaint's words against each specialty's
//! whole picture in the lexicon.
//!
//! A phrase pattern fires only when its words come together ("~ @swollen ankles"); an unseen
//! writer often tells a known picture in a new combination of known words ("went over on my
//! ankle ... swollen and going purple"), and then no pattern fires, or a weak one decides. Here
//! every content word of the complaint that the lexicon already uses for some specialty votes:
//! its votes are the specialty weights of the concepts whose patterns contain it (each pattern's
//! share split over its words), and its voice is how specific it is over the specialties (the
//! sum of its squared shares: 1 for a word only one specialty uses, 1/19 for one every specialty
//! uses: "dolor", "pain"). Negated words, function and ordinary words, words of unspecific findings (tag
//! `general`: fever, tiredness) and of background conditions (tag `background`) do not vote.
//!
//! Nothing is stored: the vote is a pass over the static patterns for the complaint's own words,
//! made only when the patterns' evidence is weak or conflicting (`scoring::score`). It never
//! touches the red-flag gate: an emergency is decided by the rules alone.

use super::data::{Data, Item};
use super::normalize::Tok;

/// How much of the lexicon's patterns a word must carry to vote with its full voice (two
/// patterns of its own, or four of two words).
const FULL_VOICE: f64 = 2.0;

/// The vote of the complaint's words, per reference specialty.
pub struct Picture {
    /// summed specific votes, indexed like `Data::specialties`
    pub votes: Vec<f64>,
    /// each voting word with the specialty it supports most and its voice
    pub words: Vec<(String, usize, f64)>,
}

impl Picture {
    pub fn total(&self) -> f64 {
        self.votes.iter().sum()
    }

    /// The words that voted for `sp` most, strongest first (at most `n`, for the evidence line).
    pub fn words_for(&self, sp: usize, n: usize) -> Vec<&str> {
        let mut ws: Vec<&(String, usize, f64)> = self.words.iter().filter(|(_, s, _)| *s == sp).collect();
        ws.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
        ws.into_iter().take(n).map(|(w, _, _)| w.as_str()).collect()
    }
}

/// Words that carry no picture: function words, negation cues, the ordinary words the speller
/// leaves alone ("while", "first", "since") and the words that tell the language apart.
fn is_function_word(w: &str, d: &Data) -> bool {
    let ws = &d.words;
    [
        &ws.stop,
        &ws.cue,
        &ws.known,
        &ws.lang_es,
        &ws.lang_en,
        &ws.end,
        &ws.conj,
    ]
    .iter()
    .any(|set| set.contains(w))
}

/// The vote of the content words of `toks` that are not negated (`negated`: one flag per token).
pub fn vote(toks: &[Tok], negated: &[bool], d: &Data) -> Picture {
    let n = d.specialties.len();
    let mut words: Vec<&str> = toks
        .iter()
        .zip(negated.iter().copied().chain(std::iter::repeat(false)))
        .filter(|(t, neg)| !neg && t.w.len() > 2 && !is_function_word(&t.w, d))
        .filter(|(t, _)| !t.w.bytes().all(|b| b.is_ascii_digit()))
        .map(|(t, _)| t.w.as_str())
        .collect();
    words.sort_unstable();
    words.dedup();
    let mut acc = vec![vec![0.0f64; n]; words.len()];
    // how much of the lexicon's patterns each word carries (a word alone is a pattern: 1; one of
    // three words of one pattern: 1/3): a word seen only inside one longer phrase says little
    let mut carried = vec![0.0f64; words.len()];
    let mut add = |i: usize, weights: &[(usize, f64)], share: f64, part: f64| {
        if let Some(c) = carried.get_mut(i) {
            *c += part;
        }
        if let Some(row) = acc.get_mut(i) {
            for &(sp, w) in weights {
                if let Some(x) = row.get_mut(sp) {
                    *x += w * share;
                }
            }
        }
    };
    for p in d.patterns.iter() {
        let Some(c) = d.concepts.get(p.concept) else {
            continue;
        };
        if c.weights.is_empty() || c.general || c.background || c.figurative {
            continue;
        }
        let total: f64 = c.weights.iter().map(|(_, w)| *w).sum();
        if total <= 0.0 {
            continue;
        }
        let part = 1.0 / p.items.len().max(1) as f64;
        let share = part / total;
        for item in p.items.iter() {
            match item {
                Item::Word(w) => {
                    if let Ok(i) = words.binary_search(w) {
                        add(i, &c.weights, share, part);
                    }
                }
                Item::Prefix(pfx) if pfx.len() >= 4 => {
                    let lo = words.partition_point(|w| w < pfx);
                    for (i, w) in words.iter().enumerate().skip(lo) {
                        if !w.starts_with(pfx) {
                            break;
                        }
                        add(i, &c.weights, share, part);
                    }
                }
                _ => {}
            }
        }
    }
    let mut votes = vec![0.0f64; n];
    let mut voters = Vec::new();
    for ((w, row), part) in words.iter().zip(&acc).zip(&carried) {
        let mass: f64 = row.iter().sum();
        if mass <= 0.0 {
            continue;
        }
        let voice: f64 =
            row.iter().map(|x| (x / mass) * (x / mass)).sum::<f64>() * (part / FULL_VOICE).min(1.0);
        let mut best = 0;
        for (sp, x) in row.iter().enumerate() {
            if let Some(v) = votes.get_mut(sp) {
                *v += voice * x / mass;
            }
            if *x > row.get(best).copied().unwrap_or(0.0) {
                best = sp;
            }
        }
        voters.push((w.to_string(), best, voice));
    }
    Picture { votes, words: voters }
}
