//! Lexicon matching over normalised words, with negation scope.
//!
//! Stopwords are dropped before matching; an ordered pattern allows up to `MAX_GAP`
//! other words between its items, an unordered (`~`) pattern needs all its items within
//! `WINDOW` words of the first one. Neither crosses a clause boundary. A pattern written with
//! `=` matches only its exact words, stopwords included, side by side.

use super::data::{Data, Item, WordSets};
use super::normalize::Tok;
use super::table::List;

const MAX_GAP: usize = 2;
const WINDOW: usize = 4;
const NEG_SCOPE: usize = 6;
/// how far (content words, either side) a word's context is looked for (`senses.tsv`)
const SENSE_WINDOW: usize = 4;

#[derive(Debug, Clone)]
pub struct Match {
    pub concept: usize,
    /// the words of the text that matched (normalised)
    pub term: String,
    pub negated: bool,
    /// position of the first matched content word
    pub start: usize,
    /// all its words belong to a longer match of another concept ("infection" inside
    /// "urinary tract infection"): kept for the red-flag gate, ignored for scoring
    pub subsumed: bool,
    /// the word just before the match is a possessive ("mi hijo", "my son")
    pub possessive: bool,
    /// the speaker talked about themself before this match ("I'm stressed ... the kids")
    pub after_first_person: bool,
    /// the clause (between punctuation marks) the match is in
    pub clause: u32,
}

const POSSESSIVE: [&str; 12] = [
    "my", "mi", "mis", "our", "nuestro", "nuestra", "nuestros", "su", "sus", "his", "her", "their",
];
const FIRST_PERSON: [&str; 10] = [
    "i", "im", "ive", "id", "yo", "estoy", "tengo", "ando", "siento", "soy",
];

fn item_matches(item: &Item, w: &str, classes: &[List<Item>]) -> bool {
    match item {
        Item::Word(x) => *x == w,
        Item::Prefix(p) => w.starts_with(p),
        Item::Class(c) => classes.get(*c).is_some_and(|items| {
            items.iter().any(|i| match i {
                Item::Class(_) => false, // no nested classes
                other => item_matches(other, w, classes),
            })
        }),
    }
}

/// Which full-text tokens are inside a negation scope, ignoring the cues at `consumed`.
/// `toks[i]` is a negation cue that negates what follows: not part of a matched pattern ("no
/// puedo respirar") and not before a pseudo word.
fn is_cue(toks: &[Tok], ws: &WordSets, consumed: &[bool], i: usize) -> bool {
    let w = toks[i].w.as_str();
    // the next word that is not a function word decides whether the cue negates:
    // "no se me quita" (pseudo: does not negate) vs "no se me hinchó" (negates)
    let next = toks[i + 1..]
        .iter()
        .map(|t| t.w.as_str())
        .find(|w| !ws.stop.contains(w))
        .unwrap_or("");
    // ... or the very next word, when it is a pseudo word that is also a function word
    // ("no para de sangrar": "para" is a stopword)
    let right_after = toks.get(i + 1).map(|t| t.w.as_str()).unwrap_or("");
    ws.cue.contains(w) && !consumed[i] && !ws.pseudo.contains(next) && !ws.pseudo.contains(right_after)
}

/// Most content words a comma-separated item of a negated list may have.
const LIST_ITEM: usize = 3;

/// Whether the comma clause starting at `toks[j]` carries on a list negated in `clause`: it
/// and the clauses after it in the same sentence are short items ("fainting") with no word that
/// ends a negation or starts a new statement, up to one joined by "or"/"ni"/"o" ("or
/// palpitations"). "No fever, cough since Monday" is no list: nothing is joined by "or".
fn list_goes_on(toks: &[Tok], ws: &WordSets, j: usize, clause: u32) -> bool {
    use super::normalize::SENTENCE;
    let sentence = clause / SENTENCE;
    let mut k = j;
    while k < toks.len() && toks[k].clause / SENTENCE == sentence {
        let item = toks[k].clause;
        let mut content = 0;
        let mut joined = false;
        while k < toks.len() && toks[k].clause == item {
            let w = toks[k].w.as_str();
            if ws.end.contains(w) || ws.clause_start.contains(w) || ws.cue.contains(w) && w != "ni" {
                return false;
            }
            joined |= ws.extend.contains(w) || w == "o" || w == "u";
            content += usize::from(!ws.stop.contains(w));
            k += 1;
        }
        if content > LIST_ITEM {
            return false;
        }
        if joined {
            return true;
        }
    }
    false
}

fn negation_flags(toks: &[Tok], ws: &WordSets, consumed: &[bool]) -> Vec<bool> {
    let mut neg = vec![false; toks.len()];
    let mut i = 0;
    while i < toks.len() {
        if !is_cue(toks, ws, consumed, i) {
            i += 1;
            continue;
        }
        let mut clause = toks[i].clause;
        let mut left = NEG_SCOPE;
        let mut j = i + 1;
        while j < toks.len() && left > 0 {
            let t = &toks[j];
            if t.clause != clause && list_goes_on(toks, ws, j, clause) {
                clause = t.clause; // "never had chest pain, fainting or palpitations"
                left = NEG_SCOPE;
            }
            if t.clause != clause || ws.end.contains(t.w.as_str()) || consumed[j] {
                break;
            }
            if ws.conj.contains(t.w.as_str()) {
                let nx = toks.get(j + 1).map(|t| t.w.as_str()).unwrap_or("");
                if ws.clause_start.contains(nx) {
                    break;
                }
            }
            if ws.extend.contains(t.w.as_str()) || ws.cue.contains(t.w.as_str()) {
                left = NEG_SCOPE; // "no ... ni ...", "no fever or cough"
            }
            neg[j] = true;
            if !ws.stop.contains(t.w.as_str()) {
                left -= 1;
            }
            j += 1;
        }
        i = j.max(i + 1);
    }
    neg
}

/// The clauses that contain a word of `set` (any word, function words included).
pub fn clauses_with(toks: &[Tok], set: &super::table::WordSet) -> Vec<u32> {
    let mut out: Vec<u32> = toks
        .iter()
        .filter(|t| set.contains(&t.w))
        .map(|t| t.clause)
        .collect();
    out.dedup();
    out
}

/// The text has the words of `literal` side by side, its first content word at token `at`
/// (a pattern written with "=": "=despues de comer" is not every "comer").
fn written_out(toks: &[Tok], data: &Data, at: usize, literal: &[&str]) -> bool {
    let Some(first) = literal.iter().position(|w| !data.words.stop.contains(w)) else {
        return false;
    };
    let Some(start) = at.checked_sub(first) else {
        return false;
    };
    literal
        .iter()
        .enumerate()
        .all(|(j, w)| toks.get(start + j).is_some_and(|t| t.w == *w))
}

/// Find every lexicon concept in the text.
pub fn find(toks: &[Tok], data: &Data) -> Vec<Match> {
    find_scoped(toks, data).0
}

/// Like [`find`], with the negation flag of every token of `toks` (inside a negation's scope).
pub fn find_scoped(toks: &[Tok], data: &Data) -> (Vec<Match>, Vec<bool>) {
    // content words with their index in `toks`
    let content: Vec<(usize, &Tok)> = toks
        .iter()
        .enumerate()
        .filter(|(_, t)| !data.words.stop.contains(t.w.as_str()))
        .collect();
    let n = content.len();
    // which word classes each content word belongs to (bit c = class c)
    let masks: Vec<u64> = content
        .iter()
        .map(|(_, t)| {
            data.classes.iter().enumerate().fold(0u64, |m, (c, items)| {
                if c < 64 && items.iter().any(|i| item_matches(i, &t.w, &data.classes)) {
                    m | (1u64 << c)
                } else {
                    m
                }
            })
        })
        .collect();
    let at = |item: &Item, q: usize| -> bool {
        match item {
            Item::Word(x) => *x == content[q].1.w,
            Item::Prefix(p) => content[q].1.w.starts_with(p),
            Item::Class(c) => *c < 64 && masks[q] & (1u64 << c) != 0,
        }
    };
    // the tokens a match covers, from its first word to its last
    let span = |pos: &[usize]| -> &[Tok] {
        let lo = pos.iter().min().map(|&q| content[q].0).unwrap_or(0);
        let hi = pos.iter().max().map(|&q| content[q].0).unwrap_or(0);
        toks.get(lo..=hi).unwrap_or(&[])
    };
    let spans_end = |pos: &[usize]| {
        span(pos)
            .iter()
            .any(|t| data.words.end.contains(t.w.as_str()) && !data.words.cue.contains(t.w.as_str()))
    };
    let spans_conj = |pos: &[usize]| span(pos).iter().any(|t| data.words.conj.contains(t.w.as_str()));
    // "no ha vomitado ni está con sueño": the "no" reaches across "ni" to both findings, so a
    // pattern of its own ("no ... sueño") must not take it over the first one
    // (an emphatic "ni" inside one finding stays: "no puede tragar ni su saliva")
    let spans_extend = |pos: &[usize]| {
        let first = pos.iter().min().map(|&q| content[q].0).unwrap_or(0);
        span(pos).iter().enumerate().any(|(k, t)| {
            let e = first + k;
            data.words.extend.contains(t.w.as_str())
                && content
                    .iter()
                    .enumerate()
                    .any(|(q, (ti, _))| *ti > first && *ti < e && !pos.contains(&q))
        })
    };
    // one match per pattern and clause: a finding told twice in one clause counts once, but
    // told again in another clause ("I had a seizure years ago ... today another seizure") it is
    // kept, so each telling has its own time context
    let mut done: Vec<Option<u32>> = vec![None; data.patterns.len()];
    let mut raw: Vec<(usize, Vec<usize>)> = Vec::new(); // (pattern idx, content positions)
    for s in 0..n {
        let by_word = data
            .first_word
            .get(content[s].1.w.as_str())
            .map(|l| l.0)
            .unwrap_or(&[]);
        for &pi in by_word.iter().chain(data.first_other.iter()) {
            let Some(p) = data.patterns.get(pi) else {
                continue;
            };
            let clause = content[s].1.clause;
            if done[pi] == Some(clause) || !p.items.first().is_some_and(|f| at(f, s)) {
                continue;
            }
            let mut pos = vec![s];
            // an any-order pattern written with its negation (or inability) word first reads only
            // forward from it: "no quiere parar", not "tiene que parar ... no es de golpe" (that
            // "no" is the next clause's, and stolen it would leave "de golpe" as sudden); "I'm
            // throwing up and can't stand up straight" takes the "up" after "can't"
            let forward = data.words.cue.contains(content[s].1.w.as_str())
                || data.words.unable.contains(content[s].1.w.as_str());
            let ok = if p.unordered {
                p.items[1..].iter().all(|it| {
                    let lo = if forward { s + 1 } else { s.saturating_sub(WINDOW) };
                    let hi = (s + WINDOW).min(n.saturating_sub(1));
                    let found =
                        (lo..=hi).find(|&q| !pos.contains(&q) && content[q].1.clause == clause && at(it, q));
                    match found {
                        Some(q) => {
                            pos.push(q);
                            true
                        }
                        None => false,
                    }
                })
            } else {
                let mut prev = s;
                p.items[1..].iter().all(|it| {
                    let hi = (prev + 1 + MAX_GAP).min(n.saturating_sub(1));
                    let found = (prev + 1..=hi).find(|&q| content[q].1.clause == clause && at(it, q));
                    match found {
                        Some(q) => {
                            pos.push(q);
                            prev = q;
                            true
                        }
                        None => false,
                    }
                })
            };
            // a pattern with a negation word does not span "pero"/"but" ("orina pero no ...")
            // nor "y"/"and" ("orino a cada rato y las heridas no me sanan": the "no" belongs to
            // the wounds' clause, not to "orino")
            let ok = ok && !(p.has_cue && (spans_end(&pos) || spans_conj(&pos) || spans_extend(&pos)));
            let ok = ok && (p.literal.is_empty() || written_out(toks, data, content[s].0, &p.literal));
            if ok {
                pos.sort_unstable();
                done[pi] = Some(clause);
                raw.push((pi, pos));
            }
        }
    }
    // cues that are part of a matched pattern ("no puedo respirar") do not negate
    let mut consumed = vec![false; toks.len()];
    for (_, pos) in &raw {
        for &q in pos {
            let ti = content[q].0;
            if data.words.cue.contains(toks[ti].w.as_str()) {
                consumed[ti] = true;
            }
        }
    }
    let neg = negation_flags(toks, &data.words, &consumed);
    // a match whose words all belong to a longer match of another concept is dropped
    // ("infection" inside "urinary tract infection")
    let concept_of = |pi: usize| data.patterns.get(pi).map(|p| p.concept);
    let keep: Vec<bool> = raw
        .iter()
        .map(|(pi, pos)| {
            !raw.iter().any(|(pj, other)| {
                other.len() > pos.len()
                    && concept_of(*pj) != concept_of(*pi)
                    && pos.iter().all(|q| other.contains(q))
            })
        })
        .collect();
    // a finding inside a figure of speech ("I can't breathe with all this work", "me quiero
    // morir de la pena") is no finding at all, not even for the red-flag gate
    let figurative = |pi: usize| {
        concept_of(pi)
            .and_then(|c| data.concepts.get(c))
            .is_some_and(|c| c.figurative)
    };
    let in_figure: Vec<bool> = raw
        .iter()
        .map(|(pi, pos)| {
            !figurative(*pi)
                && raw.iter().any(|(pj, other)| {
                    figurative(*pj) && other.len() > pos.len() && pos.iter().all(|q| other.contains(q))
                })
        })
        .collect();
    // the sense a word has in its context: "regla" next to "aluminio" is no period
    let sense = |concept: usize, pos: &[usize]| -> Option<Option<usize>> {
        let first = *pos.first()?;
        let last = *pos.last()?;
        let lo = first.saturating_sub(SENSE_WINDOW);
        let hi = (last + SENSE_WINDOW).min(n.saturating_sub(1));
        data.senses
            .iter()
            .filter(|s| s.concept == concept)
            .filter(|s| {
                s.word
                    .as_ref()
                    .is_none_or(|w| pos.iter().any(|&q| content[q].1.w == *w))
            })
            .find(|s| {
                // across commas too: "my sugar test result, which they said was borderline"
                (lo..=hi).any(|q| !pos.contains(&q) && s.context.iter().any(|it| at(it, q)))
            })
            .map(|s| s.instead)
    };
    let found = raw
        .into_iter()
        .zip(keep)
        .zip(in_figure)
        .filter_map(|(((pi, pos), keep), in_figure)| {
            if in_figure {
                return None;
            }
            let p = data.patterns.get(pi)?;
            let concept = match sense(p.concept, &pos) {
                None => p.concept,
                Some(Some(other)) => other,
                Some(None) => return None,
            };
            let first = *pos.first()?;
            let ti = content[first].0;
            // a cue between the match's own words negates it too ("my lips and tongue never
            // swell", "la orina no me sale con sangre"), unless the pattern has a cue of its own
            // ("no ... duermo" read across "si no lo tomo no duermo")
            // - when the cue stands right before one of those words (at most two function words
            // between: "never swell", "la cara no se me hinchó", not "no puedo orinar nada desde
            // ayer y me arde")
            let last_ti = pos.last().map_or(ti, |&q| content[q].0);
            let own = |k: usize| pos.iter().any(|&q| content[q].0 == k);
            let negated = neg[ti]
                || (!p.has_cue
                    && (ti + 1..last_ti).any(|k| {
                        is_cue(toks, &data.words, &consumed, k)
                            && (own(k + 1)
                                || (own(k + 2) && data.words.stop.contains(toks[k + 1].w.as_str()))
                                || (own(k + 3)
                                    && toks[k + 1..k + 3]
                                        .iter()
                                        .all(|t| data.words.stop.contains(t.w.as_str()))))
                    }));
            let possessive = ti > 0
                && toks
                    .get(ti - 1)
                    .is_some_and(|t| POSSESSIVE.contains(&t.w.as_str()));
            let after_first_person = toks[..ti].iter().any(|t| FIRST_PERSON.contains(&t.w.as_str()));
            let term = pos
                .iter()
                .map(|&q| content[q].1.w.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            Some(Match {
                concept,
                term,
                negated,
                start: first,
                subsumed: !keep,
                possessive,
                after_first_person,
                clause: content[first].1.clause,
            })
        })
        .collect();
    (found, neg)
}
