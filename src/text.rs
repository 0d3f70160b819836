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

/// True when the text has control characters (other than none at all): names, notes and
/// references must not carry terminal escapes or NULs.
pub fn has_control_chars(s: &str) -> bool {
    s.chars().any(char::is_control)
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
    fn upper_bound_sorts_after_every_extension() {
        let ub = prefix_upper_bound("gar");
        assert!("garcia" < ub.as_str());
        assert!("gas" > ub.as_str());
    }
}
