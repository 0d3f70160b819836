//! The engine's word sets and maps as sorted static slices, searched in place.
//!
//! `build.rs` parses `fixtures/orientation/` with the one parser (`data.rs`) and writes every table
//! as static data (`builtin.rs` includes it), so loading the engine parses nothing and allocates
//! nothing. The `from_*` constructors run only in that parser (at build time and in the tests that
//! compare the tables with a fresh parse); they leak what they build, which is what a `'static`
//! table is.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;

/// A `String` made `'static` (parser only: the build script, and tests).
#[cfg_attr(not(test), allow(dead_code))]
pub fn leak(s: String) -> &'static str {
    s.leak()
}

/// A set of words, sorted bytewise, binary-searched.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct WordSet(pub &'static [&'static str]);

impl WordSet {
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn from_set<S: BuildHasher>(set: HashSet<String, S>) -> WordSet {
        let mut words: Vec<&'static str> = set.into_iter().map(leak).collect();
        words.sort_unstable();
        WordSet(words.leak())
    }

    pub fn contains(&self, w: &str) -> bool {
        self.0.binary_search(&w).is_ok()
    }
}

/// A map from words, sorted bytewise by key, binary-searched.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WordMap<V: 'static>(pub &'static [(&'static str, V)]);

impl<V> Default for WordMap<V> {
    fn default() -> WordMap<V> {
        WordMap(&[])
    }
}

impl<V> WordMap<V> {
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn from_map<T, S: BuildHasher>(map: HashMap<String, T, S>, value: impl Fn(T) -> V) -> WordMap<V> {
        let mut entries: Vec<(&'static str, V)> = map.into_iter().map(|(k, v)| (leak(k), value(v))).collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        WordMap(entries.leak())
    }

    pub fn get(&self, w: &str) -> Option<&'static V> {
        let entries: &'static [(&'static str, V)] = self.0;
        entries
            .binary_search_by(|(k, _)| (*k).cmp(w))
            .ok()
            .and_then(|i| entries.get(i))
            .map(|(_, v)| v)
    }
}

/// A `Vec` made `'static` (parser only).
#[cfg_attr(not(test), allow(dead_code))]
pub fn leak_vec<T>(v: Vec<T>) -> &'static [T] {
    v.leak()
}

/// A static list: a slice of the built tables that reads like the `Vec` the parser filled
/// (`for r in &data.redflags`, `.len()`, `.get(i)`, `[i]`).
#[derive(Clone, Copy, PartialEq)]
pub struct List<T: 'static>(pub &'static [T]);

impl<T> List<T> {
    /// The parser's `Vec`, leaked (parser only).
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn from_vec(v: Vec<T>) -> List<T> {
        List(v.leak())
    }
}

impl<T> Default for List<T> {
    fn default() -> List<T> {
        List(&[])
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for List<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl<T> std::ops::Deref for List<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        self.0
    }
}

impl<T> IntoIterator for List<T> {
    type Item = &'static T;
    type IntoIter = std::slice::Iter<'static, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T> IntoIterator for &List<T> {
    type Item = &'static T;
    type IntoIter = std::slice::Iter<'static, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn sets_and_maps_find_every_key_and_nothing_else() {
        let set: HashSet<String> = ["dolor", "pecho", "a", "ñ"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let set = WordSet::from_set(set);
        for w in ["dolor", "pecho", "a", "ñ"] {
            assert!(set.contains(w), "{w}");
        }
        for w in ["", "dolo", "dolores", "b", "z"] {
            assert!(!set.contains(w), "{w}");
        }
        let map: HashMap<String, usize> = [("b", 2), ("a", 1), ("c", 3)]
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect();
        let map = WordMap::from_map(map, |v| v * 10);
        assert_eq!(map.get("a"), Some(&10));
        assert_eq!(map.get("c"), Some(&30));
        assert_eq!(map.get("d"), None);
        assert_eq!(map.0.len(), 3);
        assert!(WordMap::<usize>::default().get("a").is_none());
    }
}
