//! The engine's knowledge as static tables: `build.rs` parses `fixtures/orientation/` with the one
//! parser (`data.rs`) and writes the result as Rust data, included here. Loading the engine is
//! taking a reference to it: no parsing, no allocation, nothing to free at exit.

pub use self::tables::DATA;

// the pools' element types are spelled out in full (`[(&str, &[(&[&str], &[&str])]); 69]`);
// the largest pool (every lexicon pattern's items, ~38,000 of them, each a slice of the string
// blob) takes the compiler's constant evaluator more steps than its default guard against
// endless loops allows: the evaluation is a straight pass over finite arrays, so the guard is
// lifted here
#[allow(clippy::type_complexity, long_running_const_eval)]
mod tables {
    use super::super::data::{
        Atom, Concept, Data, Item, Level, Pattern, RedFlag, Sense, Specialty, Syndrome, WordSets,
    };
    use super::super::normalize::{Buckets, Languages, Speller};
    use super::super::table::{List, WordMap, WordSet};

    // `pub static DATA: Data`, and the string blob and element pools it points into
    include!(concat!(env!("OUT_DIR"), "/orientation_data.rs"));
}

#[cfg(test)]
mod unit {
    use super::*;

    /// The tables the build wrote are exactly what parsing the data files gives now.
    #[test]
    fn built_tables_equal_a_fresh_parse() {
        let parsed = super::super::data::parse().expect("embedded data must parse");
        // field by field first, so a difference names its table
        assert_eq!(parsed.specialties, DATA.specialties);
        assert_eq!(parsed.words, DATA.words);
        assert_eq!(parsed.speller.map, DATA.speller.map);
        assert_eq!(parsed.speller.vocab, DATA.speller.vocab);
        assert_eq!(parsed.speller.buckets, DATA.speller.buckets);
        assert_eq!(parsed.speller.phrases, DATA.speller.phrases);
        assert_eq!(parsed.speller.languages, DATA.speller.languages);
        assert_eq!(parsed.classes, DATA.classes);
        assert_eq!(parsed.patterns, DATA.patterns);
        assert_eq!(parsed.first_word, DATA.first_word);
        assert_eq!(parsed.first_other, DATA.first_other);
        assert_eq!(parsed.concepts, DATA.concepts);
        assert_eq!(parsed.concept_index, DATA.concept_index);
        assert_eq!(parsed.redflags, DATA.redflags);
        assert_eq!(parsed.syndromes, DATA.syndromes);
        assert_eq!(parsed.senses, DATA.senses);
        assert!(parsed == DATA, "the tables differ from a fresh parse");
    }
}
