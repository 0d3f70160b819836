//! Parsing of the embedded, clinician-editable data files under `fixtures/orientation/`.
//! Every file is plain UTF-8 text, `#` starts a comment, fields are separated by TABs.
//!
//! This is the one parser of that data, and it runs at build time: `build.rs` includes this file,
//! parses, and writes the result as static tables (`builtin.rs`), so the engine starts with no
//! parsing and no allocation. A data error fails the build with its file and line. The types
//! here are therefore all `'static` (strings and slices into the binary); the parser leaks what
//! it builds (`table::leak`), which only the build script and the tests do.

use super::normalize::{Map as HashMap, Phrase, Set as HashSet, Speller, raw_tokens};
use super::table::{List, WordMap, WordSet, leak};

pub const SPECIALTIES_TSV: &str = include_str!("../../../fixtures/orientation/specialties.tsv");
pub const NORMALIZATION_TSV: &str = include_str!("../../../fixtures/orientation/normalization.tsv");
pub const WORDS_TSV: &str = include_str!("../../../fixtures/orientation/words.tsv");
pub const CLASSES_TSV: &str = include_str!("../../../fixtures/orientation/classes.tsv");
pub const LEXICON_ES_TSV: &str = include_str!("../../../fixtures/orientation/lexicon_es.tsv");
pub const LEXICON_EN_TSV: &str = include_str!("../../../fixtures/orientation/lexicon_en.tsv");
pub const CONCEPTS_TSV: &str = include_str!("../../../fixtures/orientation/concepts.tsv");
pub const REDFLAGS_TSV: &str = include_str!("../../../fixtures/orientation/redflags.tsv");
pub const SYNDROMES_TSV: &str = include_str!("../../../fixtures/orientation/syndromes.tsv");
pub const SENSES_TSV: &str = include_str!("../../../fixtures/orientation/senses.tsv");
/// Real Spanish and English words near lexicon words (derived from the hunspell dictionaries by
/// `scripts/orientation_known_words.py`): sorted, one per line, binary-searched in place.
pub const KNOWN_WORDS_TXT: &str = include_str!("../../../fixtures/orientation/known_words.txt");

/// A specialty of the reference list (index = position in `specialties.tsv`).
#[derive(Debug, Clone, PartialEq)]
pub struct Specialty {
    pub code: &'static str,
    pub name: &'static str,
    /// nearest specialties, in order, when this one is not offered
    pub fallbacks: List<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Routine,
    Within24h,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Concept {
    #[allow(dead_code)] // kept for diagnostics and error messages
    pub id: &'static str,
    pub weights: List<(usize, f64)>,
    pub level: Level,
    /// specialist even for children (eye injury, fracture...)
    pub keep_in_child: bool,
    /// unspecific (fever, tiredness...): points to general practice only when nothing else does
    pub general: bool,
    /// a known condition or risk told as background (diabetes, high blood pressure, stress...):
    /// it weighs little when other findings point to a specialist ("soy diabético y tengo
    /// problemas de erección" is Urología)
    pub background: bool,
    /// a figure of speech (tag `figurative`: "I can't breathe with all this work", "me quiero
    /// morir de la pena"): a finding whose words all lie inside one of its matches is no finding
    pub figurative: bool,
    /// a specialist named (tag `specialist`: "neurólogo", "a dermatologist"): named right after a
    /// request to book ("quiero turno con el neuro"), it is whom the visit is for
    pub specialist: bool,
    pub label: &'static str,
    pub label_en: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    Word(&'static str),
    Prefix(&'static str),
    Class(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub items: List<Item>,
    pub unordered: bool,
    pub concept: usize,
    /// the pattern has a negation word ("~ no orina"): its match must not span a word that ends
    /// a negation scope, or "sangre en la orina pero no me duele" would read as "no orina"
    pub has_cue: bool,
    /// a pattern written with "=" ("=little one", "=despues de comer"): its words as written,
    /// stopwords included. It matches only where the text has exactly these words side by
    /// side, so a phrase whose meaning lives in its small words is not any of its content
    /// words alone ("despues de comer" is not every "comer"). Empty for every other pattern.
    pub literal: List<&'static str>,
}

/// Atom of a red-flag or syndrome condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Atom {
    Has(usize),
    Not(usize),
    /// at least `n` of the concepts: `2of(a b c)`
    AtLeast(usize, List<usize>),
}

/// A condition: alternatives (`|`) of conjunctions (`&`) of atoms.
pub type Condition = List<List<Atom>>;

/// Several ordinary findings together that point where none of them does alone
/// (`syndromes.tsv`). Each one is scored as a concept of its own (`concept`).
#[derive(Debug, Clone, PartialEq)]
pub struct Syndrome {
    #[allow(dead_code)] // kept for diagnostics and error messages
    pub id: &'static str,
    pub concept: usize,
    pub any_of: Condition,
}

/// A word read in another sense when some context is near (`senses.tsv`): "regla" next to
/// "aluminio" is a ruler, "cold" next to "always" is feeling cold, not a cold.
#[derive(Debug, Clone, PartialEq)]
pub struct Sense {
    pub concept: usize,
    /// only when the match contains this word ("cold" in cold_flu), any word if `None`
    pub word: Option<&'static str>,
    pub context: List<Item>,
    /// the concept it is read as instead (`None` = it is no finding at all)
    pub instead: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RedFlag {
    #[allow(dead_code)] // kept for diagnostics and error messages
    pub id: &'static str,
    pub specialty: usize,
    pub child_specialty: Option<usize>,
    pub label: &'static str,
    pub label_en: &'static str,
    /// disjunction of conjunctions
    pub any_of: Condition,
}

/// The word lists of `words.tsv`, by kind. `S` is what the parser fills (`Set<String>`); the
/// engine reads the frozen form (`WordSet`, sorted static slices).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WordSets<S = WordSet> {
    pub stop: S,
    pub cue: S,
    pub pseudo: S,
    pub end: S,
    pub conj: S,
    pub clause_start: S,
    pub extend: S,
    /// words of inability ("can't", "won't"): in an any-order pattern that starts with one, it
    /// reads forward only, like a negation cue ("can't wake him", not "wake at 4 and can't
    /// sleep again"), without negating anything on its own
    pub unable: S,
    /// ordinary words the spelling corrector must leave alone ("step" is not "strep")
    pub known: S,
    /// words that put a clause in the present ("ahora", "hoy", "again"): what it tells is
    /// happening now, whatever past episode the complaint also mentions
    pub now: S,
    /// words that make a clause a report of what care said ("nos dijeron que fue...", "they said
    /// it was..."): in a complaint told as looked after, such a clause is history too
    pub report: S,
    /// function words that tell a Spanish or an English complaint apart
    pub lang_es: S,
    pub lang_en: S,
    /// words read only in one language ("son" is a child in English, "they are" in Spanish)
    pub en_only: S,
    pub es_only: S,
}

impl<S> WordSets<S> {
    /// The same lists in another form (the parser's sets frozen into the engine's).
    pub fn map<T>(self, f: impl Fn(S) -> T) -> WordSets<T> {
        let WordSets {
            stop,
            cue,
            pseudo,
            end,
            conj,
            clause_start,
            extend,
            unable,
            known,
            now,
            report,
            lang_es,
            lang_en,
            en_only,
            es_only,
        } = self;
        WordSets {
            stop: f(stop),
            cue: f(cue),
            pseudo: f(pseudo),
            end: f(end),
            conj: f(conj),
            clause_start: f(clause_start),
            extend: f(extend),
            unable: f(unable),
            known: f(known),
            now: f(now),
            report: f(report),
            lang_es: f(lang_es),
            lang_en: f(lang_en),
            en_only: f(en_only),
            es_only: f(es_only),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Data {
    pub specialties: List<Specialty>,
    pub words: WordSets,
    pub speller: Speller,
    pub classes: List<List<Item>>,
    pub patterns: List<Pattern>,
    /// patterns indexed by their first item when it is a plain word
    pub first_word: WordMap<List<usize>>,
    /// patterns whose first item is a prefix or a class
    pub first_other: List<usize>,
    pub concepts: List<Concept>,
    pub concept_index: WordMap<usize>,
    pub redflags: List<RedFlag>,
    pub syndromes: List<Syndrome>,
    pub senses: List<Sense>,
}

/// Parse a condition: `a & b | c & !d | 2of(e f g)`; names are concept ids.
#[cfg_attr(not(test), allow(dead_code))]
fn parse_condition(src: &str, concept_index: &HashMap<String, usize>) -> Result<Condition, String> {
    let concept = |name: &str| {
        concept_index
            .get(name)
            .copied()
            .ok_or(format!("unknown concept {name}"))
    };
    let mut any_of = Vec::new();
    for conj in src.split('|') {
        let mut all = Vec::new();
        for a in conj.split('&').map(str::trim) {
            if let Some(rest) = a
                .split_once("of(")
                .filter(|(n, _)| n.bytes().all(|b| b.is_ascii_digit()))
            {
                let (n, list) = rest;
                let list = list.strip_suffix(')').ok_or(format!("unclosed '{a}'"))?;
                let n: usize = n.parse().map_err(|_| format!("bad count in '{a}'"))?;
                let cs = list
                    .split_whitespace()
                    .map(concept)
                    .collect::<Result<Vec<_>, _>>()?;
                if n == 0 || n > cs.len() {
                    return Err(format!("'{a}': count must be 1..={}", cs.len()));
                }
                all.push(Atom::AtLeast(n, List::from_vec(cs)));
                continue;
            }
            let (neg, name) = match a.strip_prefix('!') {
                Some(n) => (true, n.trim()),
                None => (false, a),
            };
            let c = concept(name)?;
            all.push(if neg { Atom::Not(c) } else { Atom::Has(c) });
        }
        if all.iter().all(|a| matches!(a, Atom::Not(_))) {
            return Err("a condition needs a positive concept".to_string());
        }
        any_of.push(List::from_vec(all));
    }
    Ok(List::from_vec(any_of))
}

/// The first conjunction of `cond` that holds, if any.
pub fn holds(cond: &Condition, present: &[bool]) -> Option<usize> {
    let has = |c: &usize| present.get(*c).copied().unwrap_or(false);
    cond.iter().position(|all| {
        all.iter().all(|a| match a {
            Atom::Has(c) => has(c),
            Atom::Not(c) => !has(c),
            Atom::AtLeast(n, cs) => cs.iter().filter(|c| has(c)).count() >= *n,
        })
    })
}

#[cfg_attr(not(test), allow(dead_code))]
fn lines(src: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    src.lines().enumerate().filter_map(|(i, l)| {
        let l = match l.find('#') {
            Some(p) => &l[..p],
            None => l,
        };
        if l.trim().is_empty() {
            None
        } else {
            Some((
                i + 1,
                l.split('\t').map(str::trim).filter(|f| !f.is_empty()).collect(),
            ))
        }
    })
}

/// Normalise a data word the same way user text is normalised (accents, case).
#[cfg_attr(not(test), allow(dead_code))]
fn norm_words(s: &str) -> Vec<String> {
    if s.bytes().all(|b| b.is_ascii_lowercase()) {
        return if s.is_empty() { vec![] } else { vec![s.to_string()] }; // fast path
    }
    raw_tokens(s).into_iter().map(|t| t.w).collect()
}

/// Parse all embedded files (at build time: `build.rs`; and in the tests that compare the
/// built tables with a fresh parse). Errors name the file and line.
#[cfg_attr(not(test), allow(dead_code))]
pub fn parse() -> Result<Data, String> {
    // specialties
    let mut specialties = Vec::new();
    let mut code_idx: HashMap<String, usize> = HashMap::default();
    let mut pending_fb = Vec::new();
    for (ln, f) in lines(SPECIALTIES_TSV) {
        if f.len() < 2 {
            return Err(format!("specialties.tsv:{ln}: expected code, name, fallbacks"));
        }
        code_idx.insert(f[0].to_string(), specialties.len());
        pending_fb.push((ln, f.get(2).map(|s| s.to_string()).unwrap_or_default()));
        specialties.push(Specialty {
            code: f[0],
            name: f[1],
            fallbacks: List::default(),
        });
    }
    for (i, (ln, fb)) in pending_fb.into_iter().enumerate() {
        let mut fallbacks = Vec::new();
        for c in fb.split_whitespace().filter(|c| *c != "-") {
            let j = *code_idx
                .get(c)
                .ok_or(format!("specialties.tsv:{ln}: unknown fallback {c}"))?;
            fallbacks.push(j);
        }
        specialties[i].fallbacks = List::from_vec(fallbacks);
    }
    let spec = |c: &str, file: &str, ln: usize| -> Result<usize, String> {
        code_idx
            .get(c)
            .copied()
            .ok_or(format!("{file}:{ln}: unknown specialty code {c}"))
    };

    // word sets
    let mut words: WordSets<HashSet<String>> = WordSets::default();
    for (ln, f) in lines(WORDS_TSV) {
        if f.len() < 2 {
            return Err(format!("words.tsv:{ln}: expected kind and words"));
        }
        let set = match f[0] {
            "stop" => &mut words.stop,
            "cue" => &mut words.cue,
            "pseudo" => &mut words.pseudo,
            "end" => &mut words.end,
            "conj" => &mut words.conj,
            "clause_start" => &mut words.clause_start,
            "extend" => &mut words.extend,
            "unable" => &mut words.unable,
            "known" => &mut words.known,
            "now" => &mut words.now,
            "report" => &mut words.report,
            "lang_es" => &mut words.lang_es,
            "lang_en" => &mut words.lang_en,
            "en_only" => &mut words.en_only,
            "es_only" => &mut words.es_only,
            k => return Err(format!("words.tsv:{ln}: unknown kind {k}")),
        };
        for w in f[1..].iter().flat_map(|s| norm_words(s)) {
            set.insert(w);
        }
    }
    for c in &words.cue {
        if words.stop.contains(c) {
            return Err(format!("words.tsv: negation cue '{c}' must not be a stopword"));
        }
    }

    // concepts
    let mut concepts = Vec::new();
    let mut concept_index = HashMap::default();
    for (ln, f) in lines(CONCEPTS_TSV) {
        if f.len() != 6 {
            return Err(format!(
                "concepts.tsv:{ln}: expected id, weights, urgency, tags, Spanish label, English label"
            ));
        }
        let mut weights = Vec::new();
        for w in f[1].split_whitespace().filter(|w| *w != "-") {
            let (c, v) = w
                .split_once(':')
                .ok_or(format!("concepts.tsv:{ln}: bad weight {w}"))?;
            let v: f64 = v
                .parse()
                .map_err(|_| format!("concepts.tsv:{ln}: bad weight {w}"))?;
            weights.push((spec(c, "concepts.tsv", ln)?, v));
        }
        if let Some(t) = f[3]
            .split(',')
            .find(|t| !["keep", "general", "background", "figurative", "specialist", "-"].contains(t))
        {
            return Err(format!("concepts.tsv:{ln}: unknown tag {t}"));
        }
        let level = match f[2] {
            "routine" => Level::Routine,
            "24h" => Level::Within24h,
            u => return Err(format!("concepts.tsv:{ln}: bad urgency {u}")),
        };
        if concept_index.insert(f[0].to_string(), concepts.len()).is_some() {
            return Err(format!("concepts.tsv:{ln}: duplicate concept {}", f[0]));
        }
        concepts.push(Concept {
            id: f[0],
            weights: List::from_vec(weights),
            level,
            keep_in_child: f[3].split(',').any(|t| t == "keep"),
            general: f[3].split(',').any(|t| t == "general"),
            background: f[3].split(',').any(|t| t == "background"),
            figurative: f[3].split(',').any(|t| t == "figurative"),
            specialist: f[3].split(',').any(|t| t == "specialist"),
            label: f[4],
            label_en: f[5],
        });
    }

    // classes
    let mut class_index: HashMap<String, usize> = HashMap::default();
    let mut class_src = Vec::new();
    for (ln, f) in lines(CLASSES_TSV) {
        if f.len() < 2 || !f[0].starts_with('@') {
            return Err(format!("classes.tsv:{ln}: expected @name and words"));
        }
        class_index.insert(f[0][1..].to_string(), class_src.len());
        class_src.push(f[1..].join(" "));
    }
    let mut vocab: HashSet<String> = HashSet::default();
    let item_of = |s: &str, vocab: &mut HashSet<String>| -> Result<Item, String> {
        if let Some(c) = s.strip_prefix('@') {
            return class_index
                .get(c)
                .map(|i| Item::Class(*i))
                .ok_or(format!("unknown class @{c}"));
        }
        let prefix = s.ends_with('*');
        let bare = s.trim_end_matches('*');
        // "ca*da" would silently be the word "cada": a star only ends a prefix
        if bare.contains('*') {
            return Err(format!("'*' only at the end of a word: '{s}'"));
        }
        let w = if bare.bytes().all(|b| b.is_ascii_lowercase()) {
            bare.to_string()
        } else {
            norm_words(bare).join("")
        };
        if w.is_empty() {
            return Err(format!("empty word in '{s}'"));
        }
        if prefix {
            Ok(Item::Prefix(leak(w)))
        } else {
            vocab.insert(w.clone());
            Ok(Item::Word(leak(w)))
        }
    };
    let mut classes: Vec<List<Item>> = Vec::new();
    for src in &class_src {
        let mut items = Vec::new();
        for w in src.split_whitespace() {
            items.push(item_of(w, &mut vocab)?);
        }
        classes.push(List::from_vec(items));
    }

    // the words of @med: no pattern may be one of them alone
    let medicine_words: HashSet<&str> = class_index
        .get("med")
        .map(|&i| class_src[i].split_whitespace().collect())
        .unwrap_or_default();

    // lexicon patterns
    let mut patterns = Vec::new();
    let mut errs: Vec<String> = Vec::new();
    // diagnostics for data authors: list multi-word patterns that reduce to one word
    let list_single = std::env::var_os("ORIENT_LIST_SINGLE").is_some();
    for (file, src) in [
        ("lexicon_es.tsv", LEXICON_ES_TSV),
        ("lexicon_en.tsv", LEXICON_EN_TSV),
    ] {
        for (ln, f) in lines(src) {
            if f.len() != 2 {
                return Err(format!("{file}:{ln}: expected pattern<TAB>concept"));
            }
            let concept = *concept_index
                .get(f[1])
                .ok_or(format!("{file}:{ln}: unknown concept {}", f[1]))?;
            // the same pattern text may list alternatives separated by ';'
            for alt in f[0].split(';').map(str::trim).filter(|a| !a.is_empty()) {
                let (unordered, body) = match alt.strip_prefix('~') {
                    Some(b) => (true, b),
                    None => (false, alt),
                };
                let (exact, body) = match body.strip_prefix('=') {
                    Some(b) => (true, b),
                    None => (false, body),
                };
                if exact && unordered {
                    errs.push(format!(
                        "{file}:{ln}: '{alt}': '~' (any order) and '=' (exactly these words) exclude each other"
                    ));
                    continue;
                }
                if exact
                    && body
                        .split_whitespace()
                        .any(|w| w.starts_with('@') || w.contains('*'))
                {
                    errs.push(format!(
                        "{file}:{ln}: '{alt}': a pattern written out with '=' takes plain words only"
                    ));
                    continue;
                }
                let literal: Vec<&'static str> = if exact {
                    body.split_whitespace()
                        .map(|w| leak(norm_words(w).join("")))
                        .collect()
                } else {
                    Vec::new()
                };
                let mut items = Vec::new();
                for w in body.split_whitespace() {
                    let is_stop = !w.starts_with('@')
                        && !w.ends_with('*')
                        && if w.bytes().all(|b| b.is_ascii_lowercase()) {
                            words.stop.contains(w)
                        } else {
                            words.stop.contains(&norm_words(w).join(""))
                        };
                    if is_stop {
                        continue; // stopwords are removed from text before matching
                    }
                    items.push(item_of(w, &mut vocab).map_err(|e| format!("{file}:{ln}: {e}"))?);
                }
                if !items.is_empty()
                    && items
                        .iter()
                        .all(|i| matches!(i, Item::Word(w) if words.cue.contains(*w)))
                {
                    errs.push(format!("{file}:{ln}: pattern '{alt}' has only negation words"));
                    continue;
                }
                // "got into tablets" is the one word "tablets" once its stopwords are gone: a
                // pattern that fires on every medicine named (orient-1.14.0)
                if let [Item::Word(w)] = items.as_slice()
                    && body.split_whitespace().count() > 1
                    && medicine_words.contains(w)
                {
                    errs.push(format!(
                        "{file}:{ln}: pattern '{alt}' is only the medicine word '{w}' once its stopwords are removed"
                    ));
                    continue;
                }
                if list_single && items.len() == 1 && body.split_whitespace().count() > 1 {
                    errs.push(format!("{file}:{ln}: '{alt}' -> {:?}", items[0]));
                }
                if items.is_empty() {
                    errs.push(format!("{file}:{ln}: pattern '{alt}' has only stopwords"));
                    continue;
                }
                if unordered {
                    // any order: try the most selective item (a plain word) first
                    items.sort_by_key(|i| match i {
                        Item::Word(_) => 0,
                        Item::Prefix(_) => 1,
                        Item::Class(_) => 2,
                    });
                }
                let has_cue = items
                    .iter()
                    .any(|i| matches!(i, Item::Word(w) if words.cue.contains(*w)));
                patterns.push(Pattern {
                    items: List::from_vec(items),
                    unordered,
                    concept,
                    has_cue,
                    literal: List::from_vec(literal),
                });
            }
        }
    }

    if !errs.is_empty() {
        return Err(errs.join("\n"));
    }

    // syndromes: each one becomes a concept of its own, scored like any other
    let mut syndromes = Vec::new();
    for (ln, f) in lines(SYNDROMES_TSV) {
        if f.len() != 5 {
            return Err(format!(
                "syndromes.tsv:{ln}: expected id, weights, Spanish label, English label, condition"
            ));
        }
        let mut weights = Vec::new();
        for w in f[1].split_whitespace() {
            let (c, v) = w
                .split_once(':')
                .ok_or(format!("syndromes.tsv:{ln}: bad weight {w}"))?;
            let v: f64 = v
                .parse()
                .map_err(|_| format!("syndromes.tsv:{ln}: bad weight {w}"))?;
            weights.push((spec(c, "syndromes.tsv", ln)?, v));
        }
        if weights.is_empty() {
            return Err(format!("syndromes.tsv:{ln}: a syndrome needs a specialty weight"));
        }
        let any_of = parse_condition(f[4], &concept_index).map_err(|e| format!("syndromes.tsv:{ln}: {e}"))?;
        let id = format!("syndrome:{}", f[0]);
        if concept_index.insert(id.clone(), concepts.len()).is_some() {
            return Err(format!("syndromes.tsv:{ln}: duplicate syndrome {}", f[0]));
        }
        syndromes.push(Syndrome {
            id: f[0],
            concept: concepts.len(),
            any_of,
        });
        concepts.push(Concept {
            id: leak(id),
            weights: List::from_vec(weights),
            level: Level::Routine,
            keep_in_child: false,
            general: false,
            background: false,
            figurative: false,
            specialist: false,
            label: f[2],
            label_en: f[3],
        });
    }

    // red flags
    let mut redflags = Vec::new();
    for (ln, f) in lines(REDFLAGS_TSV) {
        if f.len() != 6 {
            return Err(format!(
                "redflags.tsv:{ln}: expected id, specialty, child specialty, Spanish label, English label, condition"
            ));
        }
        let specialty = spec(f[1], "redflags.tsv", ln)?;
        let child_specialty = if f[2] == "-" {
            None
        } else {
            Some(spec(f[2], "redflags.tsv", ln)?)
        };
        redflags.push(RedFlag {
            id: f[0],
            specialty,
            child_specialty,
            label: f[3],
            label_en: f[4],
            any_of: parse_condition(f[5], &concept_index).map_err(|e| format!("redflags.tsv:{ln}: {e}"))?,
        });
    }

    // word senses
    let mut senses = Vec::new();
    for (ln, f) in lines(SENSES_TSV) {
        if f.len() != 3 {
            return Err(format!(
                "senses.tsv:{ln}: expected concept[:word], context words, concept instead (- = none)"
            ));
        }
        let (name, word) = match f[0].split_once(':') {
            Some((c, w)) => (c, Some(leak(norm_words(w).join("")))),
            None => (f[0], None),
        };
        let concept = *concept_index
            .get(name)
            .ok_or(format!("senses.tsv:{ln}: unknown concept {name}"))?;
        let mut context = Vec::new();
        for w in f[1].split_whitespace() {
            context.push(item_of(w, &mut vocab).map_err(|e| format!("senses.tsv:{ln}: {e}"))?);
        }
        let instead = match f[2] {
            "-" => None,
            c => Some(
                *concept_index
                    .get(c)
                    .ok_or(format!("senses.tsv:{ln}: unknown concept {c}"))?,
            ),
        };
        senses.push(Sense {
            concept,
            word,
            context: List::from_vec(context),
            instead,
        });
    }

    // normalisation map
    let mut map: HashMap<String, Vec<String>> = HashMap::default();
    let mut phrases: Vec<Phrase> = Vec::new();
    for (ln, f) in lines(NORMALIZATION_TSV) {
        if f.len() != 2 {
            return Err(format!("normalization.tsv:{ln}: expected typed<TAB>normalised"));
        }
        let to = norm_words(f[1]);
        for w in &to {
            vocab.insert(w.clone());
        }
        for from in f[0].split(',').map(str::trim) {
            let words = norm_words(from);
            if words.is_empty() {
                return Err(format!("normalization.tsv:{ln}: empty key"));
            }
            if words.len() > 1 {
                // a multi-word expression: replaced as a whole, before spelling correction
                phrases.push((words, to.clone()));
            } else {
                map.insert(words.join(""), to.clone());
            }
        }
    }
    for set in [
        &words.stop,
        &words.cue,
        &words.pseudo,
        &words.end,
        &words.conj,
        &words.clause_start,
        &words.extend,
        &words.known,
        &words.now,
        &words.report,
    ] {
        vocab.extend(set.iter().cloned());
    }
    // The complaint's words go through the normalisation map before matching ("breathe" is read
    // as "breath"), so the lexicon's own words must too, or a pattern written with the typed form
    // ("cant breathe") could never match.
    let canonical = |items: &mut List<Item>| {
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter().copied() {
            match item {
                // a chat abbreviation of a function word ("tb" = "también") is not the pattern's
                // word: "~ tb" is tuberculosis
                Item::Word(w) => match map.get(w) {
                    Some(to) if !to.is_empty() && !to.iter().all(|t| words.stop.contains(t.as_str())) => {
                        out.extend(to.iter().cloned().map(|t| Item::Word(leak(t))))
                    }
                    _ => out.push(Item::Word(w)),
                },
                other => out.push(other),
            }
        }
        *items = List::from_vec(out);
    };
    // a pattern written out in full compares the text's words one by one: they must be the
    // words the complaint's words become
    let canonical_words = |ws: &mut List<&'static str>| {
        let mut out = Vec::with_capacity(ws.len());
        for &w in ws.iter() {
            match map.get(w) {
                Some(to) if !to.is_empty() => out.extend(to.iter().cloned().map(leak)),
                _ => out.push(w),
            }
        }
        *ws = List::from_vec(out);
    };
    for p in &mut patterns {
        canonical(&mut p.items);
        canonical_words(&mut p.literal);
    }
    for c in &mut classes {
        canonical(c);
    }
    for sense in &mut senses {
        canonical(&mut sense.context);
    }
    let words = words.map(WordSet::from_set);
    let speller = Speller::new(map, vocab)
        .with_phrases(phrases)
        .with_dictionary(leak(super::normalize::front_code(KNOWN_WORDS_TXT)))
        .with_languages(super::normalize::Languages {
            es: words.lang_es,
            en: words.lang_en,
            en_only: words.en_only,
            es_only: words.es_only,
        });

    if classes.len() > 64 {
        return Err("classes.tsv: at most 64 classes".to_string());
    }
    let mut first_word: HashMap<String, Vec<usize>> = HashMap::default();
    let mut first_other = Vec::new();
    for (i, p) in patterns.iter().enumerate() {
        match p.items.first() {
            Some(Item::Word(w)) => first_word.entry(w.to_string()).or_default().push(i),
            _ => first_other.push(i),
        }
    }

    Ok(Data {
        specialties: List::from_vec(specialties),
        words,
        speller,
        classes: List::from_vec(classes),
        patterns: List::from_vec(patterns),
        first_word: WordMap::from_map(first_word, List::from_vec),
        first_other: List::from_vec(first_other),
        concepts: List::from_vec(concepts),
        concept_index: WordMap::from_map(concept_index, |i| i),
        redflags: List::from_vec(redflags),
        syndromes: List::from_vec(syndromes),
        senses: List::from_vec(senses),
    })
}
