//! Text normalisation: case, accents, punctuation, repeated letters, contractions,
//! SMS abbreviations and common misspellings (from `normalization.tsv`), plus a small
//! edit-distance-1 spelling corrector against the lexicon vocabulary that never changes a real
//! word of Spanish or English (`known_words.txt`, derived from the hunspell dictionaries).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use super::table::{WordMap, WordSet, leak, leak_vec};

/// FNV-1a: the engine's maps are keyed by short words from its own data, so a simple, fast,
/// deterministic hash serves better than the default SipHash (which was ~a quarter of the
/// instructions of loading the engine).
#[derive(Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

pub type Map<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
pub type Set<T> = HashSet<T, BuildHasherDefault<Fnv>>;

use unicode_normalization::UnicodeNormalization;

/// Clause ids of one sentence share `clause / SENTENCE` (a comma opens a clause of the same
/// sentence, a full stop a new sentence): the time a sentence is told in ("six months ago he had
/// a mini stroke, his arm went weak") reaches its later clauses.
pub const SENTENCE: u32 = 64;

/// One normalised word. `clause` increases at every sentence/clause punctuation mark so
/// that multi-word patterns and negation scopes do not cross clause boundaries.
#[derive(Clone, Debug, PartialEq)]
pub struct Tok {
    pub w: String,
    pub clause: u32,
}

/// Lower-case, strip accents (ñ -> n), fold punctuation. Returns raw words with clause ids.
pub fn raw_tokens(text: &str) -> Vec<Tok> {
    // Bound the work on pathological input: complaints are short.
    let text: String = text.chars().take(4000).collect();
    let folded: String = text
        .nfkd()
        .filter(|c| !is_combining(*c))
        .flat_map(char::to_lowercase)
        .collect();
    let chars: Vec<char> = folded.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut clause = 0u32;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev_digit = i > 0 && chars[i - 1].is_ascii_digit();
        let next_digit = chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
        if c.is_alphanumeric() {
            cur.push(c);
        } else if (c == '.' || c == ',') && prev_digit && next_digit {
            cur.push('.'); // decimal mark: 38,5 -> 38.5
        } else if c == '/' && prev_digit && next_digit {
            cur.push('/'); // blood pressure 180/110
        } else if c == '\'' || c == '\u{2019}' || c == '`' || c == '\u{b4}' {
            // contractions: don't -> dont, I'm -> im
        } else {
            flush(&mut cur, &mut out, clause);
            if matches!(c, '.' | ';' | ':' | '!' | '?' | '\n' | '¿' | '¡') {
                clause = (clause / SENTENCE).saturating_add(1).saturating_mul(SENTENCE);
            } else if matches!(c, ',' | '(' | ')') && clause % SENTENCE < SENTENCE - 1 {
                clause += 1;
            }
        }
        i += 1;
    }
    flush(&mut cur, &mut out, clause);
    out
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

fn flush(cur: &mut String, out: &mut Vec<Tok>, clause: u32) {
    if cur.is_empty() {
        return;
    }
    let w = collapse_runs(cur, 3);
    // An ordinal stays one word ("mi 3er hijo", "my 2nd baby"): its ending is no unit.
    if is_ordinal(&w) {
        out.push(Tok { w, clause });
        cur.clear();
        return;
    }
    // Split letters glued to numbers ("38grados" -> "38 grados", "5yo" -> "5 yo").
    let mut part = String::new();
    let mut last_digit: Option<bool> = None;
    for ch in w.chars() {
        let d = ch.is_ascii_digit() || ch == '.' || ch == '/';
        if let Some(ld) = last_digit
            && ld != d
            && !part.is_empty()
        {
            out.push(Tok {
                w: std::mem::take(&mut part),
                clause,
            });
        }
        part.push(ch);
        last_digit = Some(d);
    }
    if !part.is_empty() {
        out.push(Tok { w: part, clause });
    }
    cur.clear();
}

/// "3er", "2do", "1ra", "4th": digits followed by an ordinal ending ("10mo" stays months).
fn is_ordinal(w: &str) -> bool {
    let digits = w.chars().take_while(|c| c.is_ascii_digit()).count();
    digits > 0
        && digits <= 2
        && [
            "er", "ero", "era", "do", "da", "ro", "ra", "to", "ta", "vo", "va", "ma", "no", "na", "st", "nd",
            "rd", "th",
        ]
        .contains(&&w[digits..])
}

/// Collapse runs of the same letter of length >= `min` into one letter ("doloooor" -> "dolor").
pub fn collapse_runs(w: &str, min: usize) -> String {
    let chars: Vec<char> = w.chars().collect();
    let mut out = String::with_capacity(w.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let mut j = i;
        while j < chars.len() && chars[j] == c {
            j += 1;
        }
        let run = j - i;
        if run >= min && c.is_alphabetic() {
            out.push(c);
        } else {
            for _ in 0..run {
                out.push(c);
            }
        }
        i = j;
    }
    out
}

/// Known words of 5+ letters grouped by (first letter, length), for the fuzzy corrector: sorted
/// by key, the words of each group sorted (a deterministic choice when several are one edit away).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Buckets(pub &'static [Bucket]);

/// The known words of one (first letter, length).
pub type Bucket = ((char, usize), &'static [&'static [char]]);

impl Buckets {
    pub fn get(&self, key: &(char, usize)) -> Option<&'static [&'static [char]]> {
        let groups: &'static [Bucket] = self.0;
        groups
            .binary_search_by(|(k, _)| k.cmp(key))
            .ok()
            .and_then(|i| groups.get(i))
            .map(|(_, words)| *words)
    }
}

/// The spellings of `w` that sound the same in Spanish, up to two changes away: b/v, s/z/c,
/// c/k/qu, g/j, y/ll, r/rr, a final i/y, an h added or dropped, an "e" before an initial "s"
/// and a consonant. Generated, not indexed: the engine looks each one up in its vocabulary.
pub fn sound_variants(w: &str) -> Vec<String> {
    fn step(w: &str) -> Vec<String> {
        let b = w.as_bytes();
        let n = b.len();
        let front = |k: usize| b.get(k).is_some_and(|c| matches!(c, b'e' | b'i'));
        let vowel = |k: usize| {
            b.get(k)
                .is_some_and(|c| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u'))
        };
        let mut out = Vec::new();
        let mut put = |i: usize, len: usize, with: &str| {
            out.push(format!("{}{}{}", &w[..i], with, &w[i + len..]));
        };
        for i in 0..n {
            let two = w.get(i..i + 2).unwrap_or("");
            match b[i] {
                b'b' => put(i, 1, "v"),
                b'v' => put(i, 1, "b"),
                b'w' => put(i, 1, "gu"),
                b'z' => {
                    put(i, 1, "s");
                    if front(i + 1) {
                        put(i, 1, "c");
                    }
                }
                b's' => {
                    put(i, 1, "z");
                    if front(i + 1) {
                        put(i, 1, "c");
                    }
                }
                b'c' if two == "ch" => {}
                b'c' if front(i + 1) => {
                    put(i, 1, "s");
                    put(i, 1, "z");
                }
                b'c' => put(i, 1, "k"),
                b'k' if front(i + 1) => put(i, 1, "qu"),
                b'k' => put(i, 1, "c"),
                b'q' if two == "qu" => put(i, 2, "k"),
                b'g' if front(i + 1) => put(i, 1, "j"),
                b'j' if front(i + 1) => put(i, 1, "g"),
                b'y' if i + 1 == n => put(i, 1, "i"),
                b'i' if i + 1 == n => put(i, 1, "y"),
                b'y' => put(i, 1, "ll"),
                b'l' if two == "ll" => put(i, 2, "y"),
                b'r' if two == "rr" => put(i, 2, "r"),
                b'r' if i > 0 && vowel(i - 1) && vowel(i + 1) => put(i, 1, "rr"),
                b'h' if i == 0 || b[i - 1] != b'c' => put(i, 1, ""),
                _ => {}
            }
            // a silent h left out: at the start, or between vowels ("aora")
            if (i == 0 && vowel(0)) || (i > 0 && vowel(i - 1) && vowel(i)) {
                put(i, 0, "h");
            }
        }
        if n > 2 && b[0] == b's' && !vowel(1) {
            put(0, 0, "e");
        }
        out
    }
    if !w.is_ascii() {
        return Vec::new();
    }
    let mut all = step(w);
    let first: Vec<String> = all.clone();
    for v in &first {
        all.extend(step(v));
    }
    all
}

/// Spanish endings of one event told in different ways (third person, past, ongoing, done):
/// "temblaba", "temblando", "temblaron", "temblado" are one finding. Person endings ("tiemblo",
/// "tiembla") and the ambiguous "-ia" are not among them: who does something, or whether a word
/// is a noun, changes what the complaint says.
const EVENT_ENDINGS: [&str; 15] = [
    "ieron", "iendo", "aron", "ando", "aban", "adas", "ados", "idas", "idos", "aba", "ada", "ado", "ida",
    "ido", "io",
];

/// The stem of a Spanish event form ("apunalaron" -> "apunal"), 4+ letters left.
pub fn event_stem(w: &str) -> Option<&str> {
    let e = EVENT_ENDINGS
        .iter()
        .find(|e| w.len() >= e.len() + 4 && w.ends_with(*e))?;
    w.get(..w.len() - e.len())
}

/// The plain forms of a Spanish diminutive, the way Peru talks ("granitos" -> "granos",
/// "pancita" -> "panza", "poquito" -> "poco", "dolorcito" -> "dolor", "piecito" -> "pie"):
/// candidates only, a lexicon word among them is taken in context.
fn diminutive_bases(w: &str) -> Vec<String> {
    const SUFFIXES: [(&str, &str); 12] = [
        ("citos", "s"),
        ("citas", "s"),
        ("cito", ""),
        ("cita", ""),
        ("itos", "os"),
        ("itas", "as"),
        ("ito", "o"),
        ("ita", "a"),
        ("illos", "os"),
        ("illas", "as"),
        ("illo", "o"),
        ("illa", "a"),
    ];
    let mut out = Vec::new();
    for (suf, end) in SUFFIXES {
        let Some(st) = w.strip_suffix(suf) else {
            continue;
        };
        if st.len() < 2 {
            continue;
        }
        out.push(format!("{st}{end}"));
        out.push(st.to_string());
        if end.is_empty() || end == "s" {
            out.push(format!("{st}es"));
            out.push(format!("{st}e"));
        }
        // spelling that changes with the ending: poqu-ito / poc-o, amigu-ito / amig-o,
        // panc-ita / panz-a
        for (a, b) in [("qu", "c"), ("gu", "g"), ("c", "z")] {
            if let Some(root) = st.strip_suffix(a) {
                out.push(format!("{root}{b}{end}"));
            }
        }
    }
    out
}

/// The plain forms of a Spanish superlative ("durisima" -> "dura", "hinchadisimo" ->
/// "hinchado").
fn superlative_bases(w: &str) -> Vec<String> {
    for (sup, plain) in [("isimos", "os"), ("isimas", "as"), ("isimo", "o"), ("isima", "a")] {
        if let Some(st) = w.strip_suffix(sup)
            && st.len() >= 3
        {
            return vec![format!("{st}{plain}"), format!("{st}e")];
        }
    }
    Vec::new()
}

/// How a word sounds in (Latin-American) Spanish, so that the spellings WhatsApp Spanish mixes up
/// read alike: b/v/w, s/z/c(e,i), c(a,o,u)/k/qu, g(e,i)/j, y/ll, a silent h, doubled letters and
/// an initial "es-" before a consonant ("stoy"). "bomito", "vomito" and "vómito" share a key;
/// "kimioterapia" and "quimioterapia" too.
pub fn sound_key(w: &str) -> String {
    let c: Vec<char> = w.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(c.len());
    let front = |k: usize| c.get(k).is_some_and(|x| matches!(x, 'e' | 'i'));
    let mut i = 0;
    if c.len() > 3 && c[0] == 'e' && c[1] == 's' && !matches!(c[2], 'a' | 'e' | 'i' | 'o' | 'u' | 'h') {
        i = 1;
    }
    while i < c.len() {
        let x = c[i];
        let next = c.get(i + 1).copied();
        let (sound, used) = match x {
            'h' => (None, 1),
            'c' if next == Some('h') => (Some('C'), 2),
            'l' if next == Some('l') => (Some('y'), 2),
            'v' | 'w' => (Some('b'), 1),
            'z' => (Some('s'), 1),
            'c' if front(i + 1) => (Some('s'), 1),
            'c' | 'k' => (Some('k'), 1),
            'q' if next == Some('u') => (Some('k'), 2),
            'q' => (Some('k'), 1),
            'g' if front(i + 1) => (Some('j'), 1),
            'g' if next == Some('u') && front(i + 2) => (Some('g'), 2),
            'y' if i + 1 == c.len() => (Some('i'), 1),
            other => (Some(other), 1),
        };
        if let Some(s) = sound
            && out.last() != Some(&s)
        {
            out.push(s);
        }
        i += used;
    }
    out.into_iter().collect()
}

/// A multi-word expression and the words that replace it, as the parser reads it.
pub type Phrase = (Vec<String>, Vec<String>);

/// A multi-word expression and the words that replace it, as the engine keeps it.
pub type PhraseRule = (&'static [&'static str], &'static [&'static str]);

/// Spelling normaliser built from the data files (at build time, see `data.rs`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Speller {
    /// token -> replacement words (misspellings, abbreviations, variants)
    pub map: WordMap<&'static [&'static str]>,
    /// every word the engine knows (lexicon words, stopwords, cue words)
    pub vocab: WordSet,
    /// known words of 5+ letters by (first letter, length), for fuzzy correction
    pub buckets: Buckets,
    /// multi-word expressions replaced before anything else ("de la nada" -> "subitamente",
    /// "out cold" -> "inconsciente"), indexed by their first word, longest first
    pub phrases: WordMap<&'static [PhraseRule]>,
    /// real words of the languages (`known_words.txt` front-coded, see `front_code`): never
    /// "corrected"
    pub dictionary: &'static str,
    pub languages: Languages,
}

/// Function words of each language, and words that are read in one language only.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Languages {
    pub es: WordSet,
    pub en: WordSet,
    pub en_only: WordSet,
    pub es_only: WordSet,
}

/// Words made `'static` (parser only).
#[cfg_attr(not(test), allow(dead_code))]
fn leak_words(words: Vec<String>) -> &'static [&'static str] {
    leak_vec(words.into_iter().map(leak).collect())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum TextLang {
    Es,
    En,
    Unknown,
}

/// Lines per block of the front-coded word list: every `DICT_BLOCK`-th word is written whole.
const DICT_BLOCK: usize = 16;
/// The first byte of a front-coded line: `b'A'` + how many letters it shares with the word before
/// (lower-case letters follow, so a line starting with `A` is a whole word).
const SHARED_BASE: u8 = b'A';

/// The word list (sorted, one per line, `#` lines dropped) front-coded: each line is one byte
/// for the letters shared with the previous word, then the rest, and every `DICT_BLOCK`-th
/// line is a whole word. Sorted words share most of their letters: 377 KB of text take 210 KB.
pub fn front_code(list: &str) -> String {
    let mut out = String::with_capacity(list.len() / 2);
    let mut prev = "";
    let mut since_whole = DICT_BLOCK;
    for w in list.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let shared = if since_whole + 1 >= DICT_BLOCK {
            0
        } else {
            prev.bytes()
                .zip(w.bytes())
                .take_while(|(a, b)| a == b)
                .count()
                .min(25)
        };
        since_whole = if shared == 0 { 0 } else { since_whole + 1 };
        out.push(char::from(SHARED_BASE + shared as u8));
        out.push_str(&w[shared..]);
        out.push('\n');
        prev = w;
    }
    out
}

/// Whether `w` is a word of `blob` (`front_code`'s form): a binary search over its whole words,
/// then the block after the nearest one decoded, in place, so the list costs nothing at start-up.
pub fn blob_contains(blob: &str, w: &str) -> bool {
    let b = blob.as_bytes();
    let w = w.as_bytes();
    let line_start = |at: usize| b[..at].iter().rposition(|&c| c == b'\n').map_or(0, |p| p + 1);
    let line_end = |at: usize| {
        b[at..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |p| at + p)
    };
    let whole = |at: usize| b.get(at) == Some(&SHARED_BASE);
    // lo: the start of a whole word (or the end); hi: past the last whole word still possible
    let (mut lo, mut hi) = (0usize, b.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let mut h = line_start(mid);
        while h > lo && !whole(h) {
            h = line_start(h - 1);
        }
        let end = line_end(h);
        let head = b.get(h + 1..end).unwrap_or(&[]);
        match head.cmp(w) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Greater => hi = h,
            std::cmp::Ordering::Less => {
                // the words of this block, decoded one after another
                let mut cur: Vec<u8> = head.to_vec();
                let mut at = end + 1;
                while at < b.len() && !whole(at) {
                    let e = line_end(at);
                    let shared = usize::from(b[at].saturating_sub(SHARED_BASE));
                    cur.truncate(shared);
                    cur.extend_from_slice(b.get(at + 1..e).unwrap_or(&[]));
                    match cur.as_slice().cmp(w) {
                        std::cmp::Ordering::Equal => return true,
                        std::cmp::Ordering::Greater => return false,
                        std::cmp::Ordering::Less => {}
                    }
                    at = e + 1;
                }
                lo = at.min(b.len());
            }
        }
    }
    false
}

impl Speller {
    /// The parser's maps, frozen (and the fuzzy corrector's groups built from `vocab`).
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn new(map: Map<String, Vec<String>>, vocab: Set<String>) -> Speller {
        let mut buckets: Map<(char, usize), Vec<&'static [char]>> = Map::default();
        for w in &vocab {
            let chars: Vec<char> = w.chars().collect();
            if chars.len() >= 5
                && chars.iter().all(|c| c.is_alphabetic())
                && let Some(&f) = chars.first()
            {
                buckets.entry((f, chars.len())).or_default().push(leak_vec(chars));
            }
        }
        let mut buckets: Vec<Bucket> = buckets
            .into_iter()
            .map(|(k, mut b)| {
                b.sort(); // deterministic choice when several words are one edit away
                (k, leak_vec(b))
            })
            .collect();
        buckets.sort_unstable_by_key(|(k, _)| *k);
        Speller {
            map: WordMap::from_map(map, leak_words),
            vocab: WordSet::from_set(vocab),
            buckets: Buckets(leak_vec(buckets)),
            phrases: WordMap::default(),
            dictionary: "",
            languages: Languages::default(),
        }
    }

    #[cfg_attr(not(test), allow(dead_code))]
    pub fn with_languages(mut self, languages: Languages) -> Speller {
        self.languages = languages;
        self
    }

    /// The complaint's language, from its function words.
    fn language(&self, raw: &[Tok]) -> TextLang {
        let count = |set: &WordSet| raw.iter().filter(|t| set.contains(&t.w)).count();
        let (es, en) = (count(&self.languages.es), count(&self.languages.en));
        match es.cmp(&en) {
            std::cmp::Ordering::Greater => TextLang::Es,
            std::cmp::Ordering::Less => TextLang::En,
            std::cmp::Ordering::Equal => TextLang::Unknown,
        }
    }

    /// Whether the complaint may be Spanish (its function words are not mostly English): only
    /// then are misspellings also read by their Spanish sound.
    pub fn spanish(&self, toks: &[Tok]) -> bool {
        self.language(toks) != TextLang::En
    }

    /// A word of the other language only ("son" in a Spanish complaint): not read at all.
    fn foreign(&self, lang: TextLang, w: &str) -> bool {
        match lang {
            TextLang::Es => self.languages.en_only.contains(w),
            TextLang::En => self.languages.es_only.contains(w),
            TextLang::Unknown => false,
        }
    }

    /// Real words (sorted, newline-separated) that the corrector must leave as they are.
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn with_dictionary(mut self, dictionary: &'static str) -> Speller {
        self.dictionary = dictionary;
        self
    }

    /// A word of the language the engine does not use: left as it is, never corrected.
    pub fn is_real_word(&self, w: &str) -> bool {
        blob_contains(self.dictionary, w)
    }

    fn buckets(&self) -> &Buckets {
        &self.buckets
    }

    /// A word the corrector may read as another: letters only, 4+ of them, not a word the
    /// engine knows and not a real word of either language (`known_words.txt`).
    pub fn is_unknown(&self, w: &str) -> bool {
        w.len() >= 4
            && w.bytes().all(|b| b.is_ascii_lowercase())
            && !self.vocab.contains(w)
            && self.map.get(w).is_none()
            && !self.is_real_word(w)
    }

    /// A real word of the language the engine does not know as such: it may be read as another
    /// form of one of its words (`forms`), never as another word.
    pub fn is_unknown_form(&self, w: &str) -> bool {
        w.len() >= 5
            && w.bytes().all(|b| b.is_ascii_lowercase())
            && !self.vocab.contains(w)
            && self.map.get(w).is_none()
    }

    /// The engine's words that are other forms of `w`: the same event told another way
    /// ("temblaba" / "temblando"), or the plain form of a superlative ("durisima" / "dura") or
    /// of a diminutive ("granitos" / "granos"). The plain forms are kept even when no pattern
    /// spells them out, since a pattern's prefix may cover them ("manchita" / "mancha" for
    /// "manch*"); the caller keeps a form only if it makes a finding.
    pub fn forms(&self, w: &str) -> Vec<String> {
        let mut out: Vec<String> = superlative_bases(w)
            .into_iter()
            .chain(diminutive_bases(w))
            .filter(|b| b.len() >= 3)
            .collect();
        if let Some(st) = event_stem(w) {
            out.extend(
                EVENT_ENDINGS
                    .iter()
                    .map(|e| format!("{st}{e}"))
                    .filter(|f| self.vocab.contains(f)),
            );
        }
        out.retain(|c| c != w);
        out.sort();
        out.dedup();
        out
    }

    /// The known word that sounds like the unknown `w` in Spanish ("bomito" -> "vomito",
    /// "aora" -> "ahora"), if there is one (or several forms of one word).
    pub fn sounds_like(&self, w: &str) -> Option<String> {
        let key = sound_key(w);
        let mut found: Vec<String> = sound_variants(w)
            .into_iter()
            .filter(|v| v != w && v.len() >= 4 && self.vocab.contains(v) && sound_key(v) == key)
            .collect();
        found.sort();
        found.dedup();
        let first = found.first()?;
        let stem = |x: &str| {
            x.chars()
                .take(x.chars().count().saturating_sub(2).max(4))
                .collect::<String>()
        };
        found
            .iter()
            .all(|k| stem(k) == stem(first))
            .then(|| first.clone())
    }

    /// The known words a misspelt `w` may stand for: those one edit away (a letter missing,
    /// extra or swapped, anywhere; a wrong letter only in words of 5+ letters and never the first
    /// one). Sorted, without duplicates. Used only where the context decides between them
    /// (`spelling.rs`), never on their own.
    pub fn candidates(&self, w: &str) -> Vec<String> {
        let chars: Vec<char> = w.chars().collect();
        let n = chars.len();
        let mut tries: Vec<String> = Vec::new();
        let word = |v: &[char]| v.iter().collect::<String>();
        for i in 0..n {
            // a letter typed too many
            let mut v = chars.clone();
            v.remove(i);
            tries.push(word(&v));
            // two neighbours swapped
            if i + 1 < n {
                let mut v = chars.clone();
                v.swap(i, i + 1);
                tries.push(word(&v));
            }
        }
        for i in 0..=n {
            for c in 'a'..='z' {
                // a letter missing
                let mut v = chars.clone();
                v.insert(i, c);
                tries.push(word(&v));
                // a wrong letter: only in words of 5+ letters, never the first one (a first
                // letter that sounds the same is read by `sounds_like`)
                if n >= 5 && (1..n).contains(&i) && chars[i] != c {
                    let mut v = chars.clone();
                    v[i] = c;
                    tries.push(word(&v));
                }
            }
        }
        let mut out: Vec<String> = tries
            .into_iter()
            .filter(|t| t.len() >= 4 && t != w && self.vocab.contains(t))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The multi-word expressions (`from` has two or more words).
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn with_phrases(mut self, phrases: Vec<Phrase>) -> Speller {
        let mut by_first: Map<String, Vec<Phrase>> = Map::default();
        for (from, to) in phrases {
            if let Some(first) = from.first() {
                by_first.entry(first.clone()).or_default().push((from, to));
            }
        }
        for list in by_first.values_mut() {
            list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        }
        self.phrases = WordMap::from_map(by_first, |list| {
            leak_vec(
                list.into_iter()
                    .map(|(from, to)| (leak_words(from), leak_words(to)))
                    .collect(),
            )
        });
        self
    }

    /// The longest expression starting at `toks[i]` (same clause), if any: (words used, replacement).
    fn phrase_at(&self, toks: &[Tok], i: usize) -> Option<(usize, &'static [&'static str])> {
        let first = toks.get(i)?;
        let list = self.phrases.get(&first.w)?;
        list.iter().find_map(|(from, to)| {
            let ok = from.iter().enumerate().all(|(k, w)| {
                toks.get(i + k)
                    .is_some_and(|t| t.clause == first.clause && t.w == *w)
            });
            ok.then_some((from.len(), *to))
        })
    }

    /// [`Speller::fix`] in a complaint of a known language: a chat abbreviation of the other
    /// language stays as typed ("TB" in English is tuberculosis, not Spanish "tb" = "también";
    /// "u" in Spanish is "or", not English "you").
    fn fix_in(&self, lang: TextLang, w: &str) -> Vec<String> {
        let fixed = self.fix(w);
        let other = match lang {
            TextLang::Es => &self.languages.en,
            TextLang::En => &self.languages.es,
            TextLang::Unknown => return fixed,
        };
        match fixed.as_slice() {
            [one] if one != w && self.map.get(w).is_some() && other.contains(one) => vec![w.to_string()],
            _ => fixed,
        }
    }

    /// Normalise one raw word into zero or more words.
    pub fn fix(&self, w: &str) -> Vec<String> {
        if let Some(r) = self.map.get(w) {
            return r.iter().map(|s| s.to_string()).collect();
        }
        if self.vocab.contains(w) || w.chars().any(|c| c.is_ascii_digit()) {
            return vec![w.to_string()];
        }
        if self.is_real_word(w) {
            // a real word is never turned into another word, only into another form of itself
            // ("alterados" -> "alterado", "paralizado" -> "paralizada", "elbows" -> "elbow")
            return match self.fuzzy(w) {
                Some(c) if same_word(w, &c) => vec![c],
                _ => vec![w.to_string()],
            };
        }
        // doubled letters typed by mistake: "dolorr" -> "dolor"
        let c2 = collapse_runs(w, 2);
        if c2 != w {
            if self.vocab.contains(&c2) {
                return vec![c2];
            }
            if let Some(r) = self.map.get(&c2) {
                return r.iter().map(|s| s.to_string()).collect();
            }
        }
        if let Some(c) = self.fuzzy(w) {
            return vec![c];
        }
        vec![w.to_string()]
    }

    /// One edit away from a known word of 5+ letters: a missing or extra letter or two
    /// swapped letters, or (words of 6+ letters) one wrong letter. The first letter is
    /// never changed: typos there are rare and such changes turn ordinary words into
    /// other words ("cargue" -> "argue").
    fn fuzzy(&self, w: &str) -> Option<String> {
        let chars: Vec<char> = w.chars().collect();
        let n = chars.len();
        if !(4..=20).contains(&n) || !chars.iter().all(|c| c.is_alphabetic()) {
            return None;
        }
        let f = chars[0];
        // the only known word at that distance: when two are (ambiguous), guessing would
        // invent a finding, so the word stays as typed
        let pick = |len: usize, ok: &dyn Fn(&[char]) -> bool| -> Option<String> {
            let mut found = self.buckets().get(&(f, len))?.iter().filter(|k| ok(k));
            let first = found.next()?;
            // several forms of one stem ("empapa", "empapo") are not ambiguous
            let stem = len.saturating_sub(2).max(4);
            if found.any(|k| k.len() < stem || first.len() < stem || k[..stem] != first[..stem]) {
                return None;
            }
            Some(first.iter().collect())
        };
        // missing letter (typed word shorter by one)
        if let Some(k) = pick(n + 1, &|k| is_deletion(&chars, k)) {
            return Some(k);
        }
        if n < 5 {
            return None;
        }
        // extra letter
        if let Some(k) = pick(n - 1, &|k| is_deletion(k, &chars)) {
            return Some(k);
        }
        // swapped neighbours, or one wrong letter in longer words
        pick(n, &|k| {
            let diff: Vec<usize> = (0..n).filter(|&i| k[i] != chars[i]).collect();
            match diff.as_slice() {
                [i] => n >= 6 && *i > 0,
                [i, j] => *j == i + 1 && k[*i] == chars[*j] && k[*j] == chars[*i],
                _ => false,
            }
        })
    }
}

/// `a` and `b` are forms of one word: a plural ("-s", "-es"), an English past ("-d", "-ed") or the
/// other gender of a participle ("-ado"/"-ada", "-ido"/"-ida"). Person endings of verbs are not
/// ("entiendo" is not "entiende"): who does something changes what the complaint says.
fn same_word(a: &str, b: &str) -> bool {
    let p = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    if p < 4 || !a.is_char_boundary(p) || !b.is_char_boundary(p) {
        return false;
    }
    let (stem, ta, tb) = (&a[..p], &a[p..], &b[p..]);
    let (short, long) = if ta.len() <= tb.len() { (ta, tb) } else { (tb, ta) };
    match (short, long) {
        ("", "s" | "es" | "d" | "ed") => true,
        ("a", "o") | ("o", "a") | ("as", "os") | ("os", "as") => stem.ends_with('d'),
        _ => false,
    }
}

/// `short` is `long` with exactly one letter (not the first) removed.
fn is_deletion(short: &[char], long: &[char]) -> bool {
    if long.len() != short.len() + 1 || long.first() != short.first() {
        return false;
    }
    let i = short
        .iter()
        .zip(long.iter())
        .position(|(a, b)| a != b)
        .unwrap_or(short.len());
    short[i..] == long[i + 1..]
}

/// Full normalisation: raw tokens, then speller replacements (which may expand to several words).
pub fn normalize(text: &str, sp: &Speller) -> Vec<Tok> {
    let raw = raw_tokens(text);
    let lang = sp.language(&raw);
    let mut out = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let t = &raw[i];
        if sp.foreign(lang, &t.w) {
            i += 1;
            continue;
        }
        if let Some((n, to)) = sp.phrase_at(&raw, i) {
            for w in to {
                out.push(Tok {
                    w: w.to_string(),
                    clause: t.clause,
                });
            }
            i += n;
            continue;
        }
        i += 1;
        for w in sp.fix_in(lang, &t.w) {
            for part in w.split(' ').filter(|p| !p.is_empty()) {
                out.push(Tok {
                    w: part.to_string(),
                    clause: t.clause,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn folds_case_accents_and_runs() {
        let t: Vec<String> = raw_tokens("¡DOLOOOOR de Cabéza, Ñandú!")
            .into_iter()
            .map(|t| t.w)
            .collect();
        assert_eq!(t, vec!["dolor", "de", "cabeza", "nandu"]);
    }

    #[test]
    fn keeps_decimals_and_splits_units() {
        let t: Vec<String> = raw_tokens("fiebre 38,5 y 39.2C, 180/110, 5yo")
            .into_iter()
            .map(|t| t.w)
            .collect();
        assert_eq!(t, vec!["fiebre", "38.5", "y", "39.2", "c", "180/110", "5", "yo"]);
    }

    #[test]
    fn contractions_join() {
        let t: Vec<String> = raw_tokens("I can't breathe, don’t know")
            .into_iter()
            .map(|t| t.w)
            .collect();
        assert_eq!(t, vec!["i", "cant", "breathe", "dont", "know"]);
    }
}

#[cfg(test)]
mod dictionary {
    use super::*;

    #[test]
    fn blob_search_finds_every_line_and_nothing_else() {
        let blob = front_code("# header\nabeja\nabejas\nbrazo\ncodo\ncodos\ndedo\nojo");
        for w in ["abeja", "abejas", "brazo", "codo", "codos", "dedo", "ojo"] {
            assert!(blob_contains(&blob, w), "{w}");
        }
        for w in [
            "", "a", "abej", "abejass", "cod", "zzz", "brazos", "ojos", "# header",
        ] {
            assert!(!blob_contains(&blob, w), "{w}");
        }
        assert!(!blob_contains("", "x"));
        // every block of the real list: each word found, and each word with a letter added or
        // removed found only when that is a word of the list too
        let list = crate::domain::orientation::data::KNOWN_WORDS_TXT;
        let coded = front_code(list);
        assert!(
            coded.len() < list.len() * 2 / 3,
            "{} of {}",
            coded.len(),
            list.len()
        );
        let words: std::collections::BTreeSet<&str> = list.lines().filter(|l| !l.starts_with('#')).collect();
        for (i, w) in words.iter().enumerate() {
            assert!(blob_contains(&coded, w), "{w}");
            if i % 7 == 0 {
                for other in [format!("{w}q"), w[..w.len() - 1].to_string(), format!("a{w}")] {
                    assert_eq!(
                        blob_contains(&coded, &other),
                        words.contains(other.as_str()),
                        "{other}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_embedded_word_list_is_sorted_and_folded() {
        let list = crate::domain::orientation::data::KNOWN_WORDS_TXT;
        let words: Vec<&str> = list.lines().filter(|l| !l.starts_with('#')).collect();
        assert!(words.len() > 10_000, "{}", words.len());
        assert!(words.windows(2).all(|w| w[0] < w[1]), "not sorted or duplicated");
        assert!(words.iter().all(|w| w.bytes().all(|b| b.is_ascii_lowercase())));
        let coded = front_code(list);
        for w in ["vean", "soon", "cocina", "quedado", "pensado", "serum"] {
            assert!(blob_contains(&coded, w), "{w}");
        }
    }
}
