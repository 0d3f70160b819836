//! Rust source for the parsed knowledge: every value as the literal that rebuilds it. Structs are
//! destructured field by field, so a field added to a type without a line here fails the build.

use std::collections::HashMap;
use std::fmt::Write;

use super::data::{Atom, Concept, Data, Item, Level, Pattern, RedFlag, Sense, Specialty, Syndrome, WordSets};
use super::normalize::{Buckets, Languages, Speller};
use super::table::{List, WordMap, WordSet};

/// The generated source: one text blob holding every distinct string once, and one pool (a
/// `static` array) per element type holding every list's elements. A string is `s(offset, len)`
/// and a list `sl!(pool, start, len)`, both sub-slices of those few allocations, so the tables
/// add a handful of symbols and no per-string or per-list constant to the binary.
#[derive(Default)]
pub struct Out {
    blob: String,
    strs: HashMap<&'static str, usize>,
    pools: Vec<Pool>,
    pool_of: HashMap<String, usize>,
}

struct Pool {
    ty: String,
    body: String,
    len: usize,
}

impl Out {
    fn string(&mut self, s: &'static str) -> String {
        let blob = &mut self.blob;
        let at = *self.strs.entry(s).or_insert_with(|| {
            blob.push_str(s);
            blob.len() - s.len()
        });
        format!("s({at},{})", s.len())
    }

    fn list(&mut self, ty: String, elems: Vec<String>) -> String {
        if elems.is_empty() {
            return "&[]".to_string();
        }
        let next = self.pools.len();
        let i = *self.pool_of.entry(ty.clone()).or_insert(next);
        if i == next {
            self.pools.push(Pool {
                ty,
                body: String::new(),
                len: 0,
            });
        }
        let pool = &mut self.pools[i];
        let start = pool.len;
        for e in &elems {
            pool.body.push_str(e);
            pool.body.push_str(",\n");
        }
        pool.len += elems.len();
        format!("sl!(P{i},{start},{})", elems.len())
    }

    /// The whole file: blob, pools, and `DATA` = `root`.
    pub fn finish(self, root: &str) -> String {
        let mut o = String::with_capacity(
            self.blob.len() * 2 + self.pools.iter().map(|p| p.body.len()).sum::<usize>(),
        );
        o.push_str(
            "// Written by build.rs from fixtures/orientation/ (see src/domain/orientation/data.rs).\n",
        );
        let _ = writeln!(o, "static BLOB: &str = {:?};", self.blob);
        o.push_str("const fn s(at: usize, len: usize) -> &'static str {\n    BLOB.split_at(at).1.split_at(len).0\n}\n");
        o.push_str("macro_rules! sl {\n    ($p:ident, $at:expr, $len:expr) => {\n        $p.split_at($at).1.split_at($len).0\n    };\n}\n");
        for (i, p) in self.pools.iter().enumerate() {
            let _ = writeln!(o, "static P{i}: [{}; {}] = [\n{}];", p.ty, p.len, p.body);
        }
        let _ = writeln!(o, "pub static DATA: Data = {root};");
        o
    }
}

trait Emit {
    /// The value's Rust type, as written in the generated source.
    fn ty() -> String;
    /// The value's Rust expression (its strings and lists put in `out`'s blob and pools).
    fn emit(&self, out: &mut Out) -> String;
}

impl Emit for &'static str {
    fn ty() -> String {
        "&str".to_string() // in a static's type, `'static` is implied
    }
    fn emit(&self, out: &mut Out) -> String {
        out.string(self)
    }
}

impl Emit for usize {
    fn ty() -> String {
        "usize".to_string()
    }
    fn emit(&self, _: &mut Out) -> String {
        self.to_string()
    }
}

impl Emit for bool {
    fn ty() -> String {
        "bool".to_string()
    }
    fn emit(&self, _: &mut Out) -> String {
        self.to_string()
    }
}

impl Emit for f64 {
    fn ty() -> String {
        "f64".to_string()
    }
    fn emit(&self, _: &mut Out) -> String {
        assert!(self.is_finite(), "weight {self} is not a finite number");
        // `Debug` prints the shortest text that reads back as the same f64 ("1.0", "0.35")
        format!("{self:?}")
    }
}

impl Emit for char {
    fn ty() -> String {
        "char".to_string()
    }
    fn emit(&self, _: &mut Out) -> String {
        format!("{self:?}")
    }
}

impl<T: Emit> Emit for &'static [T] {
    fn ty() -> String {
        format!("&[{}]", T::ty())
    }
    fn emit(&self, out: &mut Out) -> String {
        let elems = self.iter().map(|x| x.emit(out)).collect();
        out.list(T::ty(), elems)
    }
}

impl<T: Emit> Emit for List<T> {
    fn ty() -> String {
        format!("List<{}>", T::ty())
    }
    fn emit(&self, out: &mut Out) -> String {
        format!("List({})", self.0.emit(out))
    }
}

impl<T: Emit> Emit for Option<T> {
    fn ty() -> String {
        format!("Option<{}>", T::ty())
    }
    fn emit(&self, out: &mut Out) -> String {
        match self {
            Some(x) => format!("Some({})", x.emit(out)),
            None => "None".to_string(),
        }
    }
}

impl<A: Emit, B: Emit> Emit for (A, B) {
    fn ty() -> String {
        format!("({}, {})", A::ty(), B::ty())
    }
    fn emit(&self, out: &mut Out) -> String {
        format!("({}, {})", self.0.emit(out), self.1.emit(out))
    }
}

/// `Name { field: value, ... }` from the fields (bound to references to the values).
macro_rules! record {
    ($out:expr, $name:literal, $($field:ident),+ $(,)?) => {{
        let mut o = String::from(concat!($name, " {"));
        $(
            o.push_str(concat!(stringify!($field), ": "));
            o.push_str(&$field.emit($out));
            o.push_str(",\n");
        )+
        o.push('}');
        o
    }};
}

/// `impl Emit` for a type named as written in the generated source.
macro_rules! named {
    ($t:ty, $name:literal, |$self:ident, $out:ident| $body:expr) => {
        impl Emit for $t {
            fn ty() -> String {
                $name.to_string()
            }
            fn emit(&$self, $out: &mut Out) -> String {
                $body
            }
        }
    };
}

named!(Level, "Level", |self, _out| match self {
    Level::Routine => "Level::Routine".to_string(),
    Level::Within24h => "Level::Within24h".to_string(),
});

named!(Item, "Item", |self, out| match self {
    Item::Word(w) => format!("Item::Word({})", w.emit(out)),
    Item::Prefix(p) => format!("Item::Prefix({})", p.emit(out)),
    Item::Class(c) => format!("Item::Class({c})"),
});

named!(Atom, "Atom", |self, out| match self {
    Atom::Has(c) => format!("Atom::Has({c})"),
    Atom::Not(c) => format!("Atom::Not({c})"),
    Atom::AtLeast(n, cs) => format!("Atom::AtLeast({n}, {})", cs.emit(out)),
});

named!(Specialty, "Specialty", |self, out| {
    let Specialty {
        code,
        name,
        fallbacks,
    } = self;
    record!(out, "Specialty", code, name, fallbacks)
});

named!(Concept, "Concept", |self, out| {
    let Concept {
        id,
        weights,
        level,
        keep_in_child,
        general,
        background,
        figurative,
        specialist,
        label,
        label_en,
    } = self;
    record!(
        out,
        "Concept",
        id,
        weights,
        level,
        keep_in_child,
        general,
        background,
        figurative,
        specialist,
        label,
        label_en
    )
});

named!(Pattern, "Pattern", |self, out| {
    let Pattern {
        items,
        unordered,
        concept,
        has_cue,
        literal,
    } = self;
    record!(out, "Pattern", items, unordered, concept, has_cue, literal)
});

named!(Syndrome, "Syndrome", |self, out| {
    let Syndrome { id, concept, any_of } = self;
    record!(out, "Syndrome", id, concept, any_of)
});

named!(Sense, "Sense", |self, out| {
    let Sense {
        concept,
        word,
        context,
        instead,
    } = self;
    record!(out, "Sense", concept, word, context, instead)
});

named!(RedFlag, "RedFlag", |self, out| {
    let RedFlag {
        id,
        specialty,
        child_specialty,
        label,
        label_en,
        any_of,
    } = self;
    record!(
        out,
        "RedFlag",
        id,
        specialty,
        child_specialty,
        label,
        label_en,
        any_of
    )
});

named!(WordSet, "WordSet", |self, out| format!(
    "WordSet({})",
    self.0.emit(out)
));

impl<V: Emit> Emit for WordMap<V> {
    fn ty() -> String {
        format!("WordMap<{}>", V::ty())
    }
    fn emit(&self, out: &mut Out) -> String {
        format!("WordMap({})", self.0.emit(out))
    }
}

named!(Buckets, "Buckets", |self, out| format!(
    "Buckets({})",
    self.0.emit(out)
));

named!(WordSets, "WordSets", |self, out| {
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
    record!(
        out,
        "WordSets",
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
    )
});

named!(Languages, "Languages", |self, out| {
    let Languages {
        es,
        en,
        en_only,
        es_only,
    } = self;
    record!(out, "Languages", es, en, en_only, es_only)
});

named!(Speller, "Speller", |self, out| {
    let Speller {
        map,
        vocab,
        buckets,
        phrases,
        dictionary,
        languages,
    } = self;
    // the word list, front-coded, goes into the blob like every other string
    record!(
        out, "Speller", map, vocab, buckets, phrases, dictionary, languages
    )
});

named!(Data, "Data", |self, out| {
    let Data {
        specialties,
        words,
        speller,
        classes,
        patterns,
        first_word,
        first_other,
        concepts,
        concept_index,
        redflags,
        syndromes,
        senses,
    } = self;
    record!(
        out,
        "Data",
        specialties,
        words,
        speller,
        classes,
        patterns,
        first_word,
        first_other,
        concepts,
        concept_index,
        redflags,
        syndromes,
        senses,
    )
});

/// The generated source of `data` (`pub static DATA: Data = ...` and what it points into).
pub fn source(data: &Data) -> String {
    let mut out = Out::default();
    let root = data.emit(&mut out);
    out.finish(&root)
}
