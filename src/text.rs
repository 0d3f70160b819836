//! Text helpers shared by the domains: folding for accent- and case-insensitive search, and the
//! input hygiene every free-text field gets.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower case, accents removed, whitespace collapsed: "  José  MARÍA " → "jose maria".
/// "ñ" folds to "n" so that searching "pena" finds "Peña".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_space = true;
    for c in s.nfd().filter(|c| !is_combining_mark(*c)) {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
            continue;
        }
        out.extend(c.to_lowercase());
        last_space = false;
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The smallest string greater than every string that starts with `prefix`, for index range scans
/// (`col >= prefix AND col < upper`).
pub fn prefix_upper_bound(prefix: &str) -> String {
    let mut s = prefix.to_string();
    s.push(char::MAX);
    s
}

/// True for a character no name or free text may hold: control characters (NUL, escapes, line
/// ends) and the invisible ones that make a text read differently from what it is: bidi
/// controls (U+202A–202E, U+2066–2069, U+200E/200F, U+061C), zero-width characters (U+200B–200D,
/// U+2060–2064, U+FEFF), the soft hyphen, the combining grapheme joiner, Hangul fillers,
/// variation selectors, tag characters and line/paragraph separators. Accents, ñ, apostrophes,
/// hyphens and every real letter of any script pass.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFFB}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// The one input-hygiene check of names and one-line free text (references, reasons, names,
/// settings): true when it holds a control or invisible character ([`is_unsafe_char`]).
pub fn has_unsafe_chars(s: &str) -> bool {
    s.chars().any(is_unsafe_char)
}

/// The same check for multi-line text (appointment notes, complaints): line breaks and tabs
/// are allowed, every other control or invisible character is not.
pub fn has_unsafe_chars_in_note(s: &str) -> bool {
    s.chars()
        .any(|c| !matches!(c, '\n' | '\r' | '\t') && is_unsafe_char(c))
}

/// At most `max` characters of an input, without control or invisible characters, to repeat
/// inside a message ("…" marks a cut): what the user typed, never a terminal escape or a
/// hidden bidi override.
pub fn shown(input: &str, max: usize) -> String {
    let mut s: String = input.chars().filter(|c| !is_unsafe_char(*c)).take(max).collect();
    if input.chars().count() > max {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_spaces() {
        assert_eq!(fold("  José  MARÍA "), "jose maria");
        assert_eq!(fold("Peña Núñez"), "pena nunez");
        assert_eq!(fold("O'Higgins-Ávila"), "o'higgins-avila");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn invisible_and_bidi_characters_are_refused_and_real_letters_kept() {
        for bad in [
            "Ana\u{202E}zeuq",
            "Ana\u{2066}x\u{2069}",
            "An\u{200B}a",
            "Ana\u{200D}",
            "\u{FEFF}Ana",
            "Ana\u{00AD}María",
            "Ana\u{2028}",
            "Ana\u{E0041}",
            "Ana\u{1b}[31m",
            "Ana\u{0}",
            "Ana\u{200E}",
            "Ana\u{061C}",
        ] {
            assert!(has_unsafe_chars(bad), "{bad:?}");
            assert!(!shown(bad, 40).chars().any(is_unsafe_char), "{bad:?}");
        }
        for good in [
            "José María Peña-Núñez",
            "O'Higgins",
            "D’Angelo",
            "Ñusta Quispe",
            "Müller",
            "Çağlar",
            "Nguyễn",
            "محمد",
            "Jose\u{301}",
        ] {
            assert!(!has_unsafe_chars(good), "{good:?}");
        }
        assert!(!has_unsafe_chars_in_note("línea uno\nlínea dos\tfin"));
        assert!(has_unsafe_chars_in_note("nota\u{202E}"));
        assert_eq!(shown("abcdef", 3), "abc…");
        assert_eq!(shown("abc", 3), "abc");
    }

    #[test]
    fn upper_bound_sorts_after_every_extension() {
        let ub = prefix_upper_bound("gar");
        assert!("garcia" < ub.as_str());
        assert!("gas" > ub.as_str());
    }
}
