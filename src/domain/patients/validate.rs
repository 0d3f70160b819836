//! The rules a patient's data must follow, one pure function per field. Each returns the value in
//! its single storage form, or an `Invalid` error whose message names the field and the rule.
//!
//! - Documents: DNI exactly 8 digits; carné de extranjería (CE) exactly 9 digits (the current
//!   format issued by Migraciones); passport 6 to 12 letters or digits (stored upper case).
//! - Names: 1 to 60 characters after trimming and collapsing spaces; Unicode letters (accents,
//!   ñ, ü...), spaces, apostrophes and hyphens; every word starts and ends with a letter; no
//!   digits, no other symbols, no control characters. Stored in NFC as typed.
//! - E-mail: the same rule as staff accounts, stored lower case.
//! - Phone: E.164. Without a country code it is Peruvian: a 9-digit mobile starting with 9, or a
//!   landline with its area code (Lima `01 4567890`, Arequipa `054 123456`). `+CC...` or
//!   `00CC...` is kept as international (8 to 15 digits).
//! - Birth date: `YYYY-MM-DD`, not after the clinic's today, not before 1900-01-01 and not more
//!   than 130 years ago.

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::{NameField, NameProblem, PatientError};
use crate::error::{AppError, AppResult};
use crate::i18n::Text;

pub const NAME_MAX_CHARS: usize = 60;
pub const OLDEST_BIRTH_DATE: &str = "1900-01-01";
pub const MAX_AGE_YEARS: u32 = 130;
/// Country calling code assumed for numbers written without one.
pub const DEFAULT_COUNTRY_CODE: &str = "51";

/// Peruvian landline area codes (without the trunk 0): Lima/Callao is 1, provinces two digits.
const PE_AREA_CODES: [&str; 23] = [
    "41", "42", "43", "44", "51", "52", "53", "54", "56", "61", "62", "63", "64", "65", "66", "67", "72",
    "73", "74", "76", "82", "83", "84",
];

/// An input value made safe to repeat inside a message (see `text::shown`): at most 40 chars.
pub fn shown(input: &str) -> String {
    crate::text::shown(input, 40)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocType {
    Dni,
    Ce,
    Passport,
}

impl DocType {
    pub const ALL: [DocType; 3] = [DocType::Dni, DocType::Ce, DocType::Passport];

    pub fn as_str(self) -> &'static str {
        match self {
            DocType::Dni => "dni",
            DocType::Ce => "ce",
            DocType::Passport => "passport",
        }
    }

    /// Short label for tables: "DNI", "CE", "Pasaporte"/"Passport".
    pub fn label(self) -> Text {
        match self {
            DocType::Dni => Text::new("DNI", "DNI"),
            DocType::Ce => Text::new("CE", "CE"),
            DocType::Passport => Text::new("Pasaporte", "Passport"),
        }
    }

    pub fn parse(input: &str) -> AppResult<DocType> {
        let folded = crate::text::fold(input);
        match folded.as_str() {
            "dni" => Ok(DocType::Dni),
            "ce" | "carne" | "carne de extranjeria" => Ok(DocType::Ce),
            "passport" | "pasaporte" | "pas" => Ok(DocType::Passport),
            _ => Err(PatientError::UnknownDocType { input: shown(input) }.into()),
        }
    }

    pub fn from_stored(s: &str) -> DocType {
        match s {
            "ce" => DocType::Ce,
            "passport" => DocType::Passport,
            _ => DocType::Dni,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    F,
    M,
}

impl Sex {
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::F => "f",
            Sex::M => "m",
        }
    }

    pub fn parse(input: &str) -> AppResult<Sex> {
        match crate::text::fold(input).as_str() {
            "f" | "femenino" | "female" | "mujer" => Ok(Sex::F),
            "m" | "masculino" | "male" | "hombre" | "varon" => Ok(Sex::M),
            _ => Err(PatientError::InvalidSex { input: shown(input) }.into()),
        }
    }

    pub fn from_stored(s: &str) -> Option<Sex> {
        match s {
            "f" => Some(Sex::F),
            "m" => Some(Sex::M),
            _ => None,
        }
    }
}

/// A document number in its storage form for its type.
pub fn doc_number(doc_type: DocType, input: &str) -> AppResult<String> {
    let v = input.trim();
    let ok = match doc_type {
        DocType::Dni => v.len() == 8 && v.bytes().all(|b| b.is_ascii_digit()),
        DocType::Ce => v.len() == 9 && v.bytes().all(|b| b.is_ascii_digit()),
        DocType::Passport => (6..=12).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric()),
    };
    if ok {
        return Ok(v.to_ascii_uppercase());
    }
    let s = shown(input);
    Err(match doc_type {
        DocType::Dni => PatientError::InvalidDni { input: s },
        DocType::Ce => PatientError::InvalidCe { input: s },
        DocType::Passport => PatientError::InvalidPassport { input: s },
    }
    .into())
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn is_letter(c: char) -> bool {
    c.is_alphabetic() || is_combining_mark(c)
}

/// A first or last name in its storage form. `field` names it in messages.
pub fn name(input: &str, field: NameField) -> AppResult<String> {
    let bad = |problem| Err(PatientError::Name { field, problem }.into());
    let s = shown(input);
    if crate::text::has_unsafe_chars(input.trim()) {
        return bad(NameProblem::UnsafeChars);
    }
    let normal: String = input
        .nfc()
        .map(|c| if is_apostrophe(c) { '\'' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let len = normal.chars().count();
    if len == 0 {
        return bad(NameProblem::Required);
    }
    if len > NAME_MAX_CHARS {
        return bad(NameProblem::TooLong {
            max: NAME_MAX_CHARS,
            len,
        });
    }
    if let Some(c) = normal
        .chars()
        .find(|&c| !(is_letter(c) || c == ' ' || c == '\'' || c == '-'))
    {
        return bad(NameProblem::CharNotAllowed { input: s, bad: c });
    }
    for word in normal.split(' ') {
        let first_ok = word
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() && !is_combining_mark(c));
        let last_ok = word.chars().next_back().is_some_and(is_letter);
        let doubled = word
            .chars()
            .zip(word.chars().skip(1))
            .any(|(a, b)| !is_letter(a) && !is_letter(b));
        if !first_ok || !last_ok || doubled {
            return bad(NameProblem::WordEdges { input: s });
        }
    }
    Ok(normal)
}

/// An e-mail address in its storage form (lower case). Same rule as staff accounts.
pub fn email(input: &str) -> AppResult<String> {
    crate::domain::auth::normalize_email(input)
}

/// A phone number in E.164 ("+51987654321").
pub fn phone(input: &str) -> AppResult<String> {
    let raw = input.trim();
    let bad = || AppError::from(PatientError::InvalidPhone { input: shown(input) });
    let (plus, body) = match raw.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    if body.is_empty() || !body.chars().all(|c| c.is_ascii_digit() || " -().".contains(c)) {
        return Err(bad());
    }
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    let international = if plus {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_string()
    } else {
        format!(
            "{DEFAULT_COUNTRY_CODE}{}",
            peru_national(&digits).ok_or_else(bad)?
        )
    };
    if !(8..=15).contains(&international.len()) || international.starts_with('0') {
        return Err(bad());
    }
    if let Some(national) = international.strip_prefix("51")
        && !is_peru_national(national)
    {
        return Err(bad());
    }
    Ok(format!("+{international}"))
}

/// A Peruvian number as dialled inside Peru → its national significant number.
fn peru_national(d: &str) -> Option<String> {
    if is_peru_mobile(d) {
        return Some(d.to_string());
    }
    if let Some(rest) = d.strip_prefix('0') {
        // trunk prefix: 01 4567890 (Lima), 054 123456 (Arequipa)
        return is_peru_landline(rest).then(|| rest.to_string());
    }
    if let Some(rest) = d.strip_prefix("51")
        && is_peru_mobile(rest)
    {
        // "51987654321": the country code typed without the plus
        return Some(rest.to_string());
    }
    None
}

fn is_peru_mobile(n: &str) -> bool {
    n.len() == 9 && n.starts_with('9')
}

fn is_peru_landline(n: &str) -> bool {
    (n.len() == 8 && n.starts_with('1')) || (n.len() == 8 && PE_AREA_CODES.contains(&&n[..2]))
}

fn is_peru_national(n: &str) -> bool {
    is_peru_mobile(n) || is_peru_landline(n)
}

/// The earliest acceptable birth date when today is `today`.
pub fn oldest_birth_date(today: NaiveDate) -> NaiveDate {
    let floor = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN);
    let by_age = today
        .checked_sub_months(Months::new(MAX_AGE_YEARS * 12))
        .unwrap_or(floor);
    floor.max(by_age)
}

/// A birth date (`YYYY-MM-DD`), not in the future and not absurdly old.
pub fn birth_date(input: &str, today: NaiveDate) -> AppResult<NaiveDate> {
    let v = input.trim();
    let date = crate::wall_time::parse_calendar_date(v)
        .ok_or_else(|| AppError::from(PatientError::InvalidBirthDate { input: shown(input) }))?;
    if date > today {
        return Err(PatientError::BirthDateInFuture { date, today }.into());
    }
    let oldest = oldest_birth_date(today);
    if date < oldest {
        return Err(PatientError::BirthDateImplausible { date, oldest }.into());
    }
    Ok(date)
}

/// Age in whole years on `today`.
pub fn age(birth: NaiveDate, today: NaiveDate) -> u32 {
    let mut years = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// Folded "last first" name: list order and probable-duplicate key.
pub fn search_name(first: &str, last: &str) -> String {
    crate::text::fold(&format!("{last} {first}"))
}

/// The folded words a name search can match: split on spaces and hyphens; a word with an
/// apostrophe gives its parts and the joined form ("o'higgins" → o, higgins, ohiggins).
pub fn words(text: &str) -> Vec<String> {
    let folded = crate::text::fold(&text.replace('’', "'"));
    let mut out: Vec<String> = Vec::new();
    for word in folded.split(|c: char| c.is_whitespace() || c == '-') {
        if word.is_empty() {
            continue;
        }
        if word.contains('\'') {
            out.extend(word.split('\'').filter(|p| !p.is_empty()).map(str::to_string));
            out.push(word.replace('\'', ""));
        } else {
            out.push(word.to_string());
        }
    }
    out.retain(|w| !w.is_empty());
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    const FIELD: NameField = NameField::First;

    #[test]
    fn documents() {
        let cases: &[(DocType, &str, Option<&str>)] = &[
            (DocType::Dni, "45678912", Some("45678912")),
            (DocType::Dni, " 01234567 ", Some("01234567")),
            (DocType::Dni, "4567891", None),
            (DocType::Dni, "456789123", None),
            (DocType::Dni, "4567891a", None),
            (DocType::Dni, "4567-8912", None),
            (DocType::Dni, "４５６７８９１２", None), // full-width digits
            (DocType::Ce, "001234567", Some("001234567")),
            (DocType::Ce, "12345678", None),
            (DocType::Ce, "1234567890", None),
            (DocType::Passport, "ab123456", Some("AB123456")),
            (DocType::Passport, "X12345", Some("X12345")),
            (DocType::Passport, "X1234", None),
            (DocType::Passport, "AB1234567890C", None),
            (DocType::Passport, "AB 123456", None),
            (DocType::Passport, "AB-123456", None),
        ];
        for (t, input, want) in cases {
            assert_eq!(doc_number(*t, input).ok().as_deref(), *want, "{t:?} {input:?}");
        }
        assert_eq!(DocType::parse("Pasaporte").unwrap(), DocType::Passport);
        assert_eq!(DocType::parse("carné").unwrap(), DocType::Ce);
        assert!(DocType::parse("licencia").is_err());
    }

    #[test]
    fn names() {
        let ok: &[(&str, &str)] = &[
            ("  Ana   María ", "Ana María"),
            ("Peña", "Peña"),
            ("O'Higgins", "O'Higgins"),
            ("D’Angelo", "D'Angelo"),
            ("María-José", "María-José"),
            ("de la Cruz", "de la Cruz"),
            ("Müller", "Müller"),
            ("Jose\u{301}", "José"), // decomposed accent becomes NFC
            ("Ñusta", "Ñusta"),
        ];
        for (input, want) in ok {
            assert_eq!(name(input, FIELD).unwrap(), *want, "{input:?}");
        }
        let long = "a".repeat(NAME_MAX_CHARS + 1);
        for bad in [
            "",
            "   ",
            "Ana2",
            "R2-D2",
            "Ana\u{1b}[31m",
            "Ana\u{0}",
            "Ana;",
            "'; DROP TABLE user_patients; --",
            "-Ana",
            "Ana-",
            "O''Higgins",
            "Ana -",
            "Ana.",
            long.as_str(),
        ] {
            assert!(name(bad, FIELD).is_err(), "{bad:?} accepted");
        }
        assert_eq!(
            name(&"á".repeat(NAME_MAX_CHARS), FIELD).unwrap().chars().count(),
            60
        );
    }

    #[test]
    fn phones() {
        let cases: &[(&str, Option<&str>)] = &[
            ("987654321", Some("+51987654321")),
            ("987 654 321", Some("+51987654321")),
            ("987-654-321", Some("+51987654321")),
            ("01 4567890", Some("+5114567890")),
            ("(01) 456-7890", Some("+5114567890")),
            ("054 123456", Some("+5154123456")),
            ("+51 987 654 321", Some("+51987654321")),
            ("51987654321", Some("+51987654321")),
            ("0051987654321", Some("+51987654321")),
            ("+56 9 1234 5678", Some("+56912345678")),
            ("+1 (212) 555-0100", Some("+12125550100")),
            ("887654321", None),     // 9 digits not starting with 9
            ("98765432", None),      // mobile too short
            ("4567890", None),       // landline without area code
            ("099 123456", None),    // no such area code
            ("+51 887654321", None), // +51 but not a Peruvian number
            ("+0 123456789", None),
            ("+123", None),
            ("+1234567890123456", None),
            ("98765432a", None),
            ("", None),
            ("+", None),
            ("'; DROP TABLE", None),
        ];
        for (input, want) in cases {
            assert_eq!(phone(input).ok().as_deref(), *want, "{input:?}");
        }
    }

    #[test]
    fn birth_dates() {
        let today = d("2026-03-02");
        assert_eq!(birth_date("1985-07-28", today).unwrap(), d("1985-07-28"));
        assert_eq!(birth_date("2026-03-02", today).unwrap(), today, "born today");
        assert_eq!(birth_date("1900-01-01", today).unwrap(), d("1900-01-01"));
        // Day first, as typed at a Peruvian desk (issue 15).
        assert_eq!(birth_date("28/07/1985", today).unwrap(), d("1985-07-28"));
        for bad in [
            "2026-03-03",
            "2099-01-01",
            "1899-12-31",
            "1985-02-30",
            "1985-7-28",
            "28/07/85",
            "1985-07-28T00:00",
            "",
        ] {
            assert!(birth_date(bad, today).is_err(), "{bad:?}");
        }
        // In 2040 the 130-year limit is stricter than 1900.
        assert_eq!(oldest_birth_date(d("2040-05-01")), d("1910-05-01"));
        assert!(birth_date("1905-01-01", d("2040-05-01")).is_err());
    }

    #[test]
    fn ages() {
        assert_eq!(age(d("1985-07-28"), d("2026-03-02")), 40);
        assert_eq!(age(d("1985-03-02"), d("2026-03-02")), 41);
        assert_eq!(age(d("2026-03-02"), d("2026-03-02")), 0);
    }

    #[test]
    fn search_words() {
        assert_eq!(
            words("María-José de la Cruz"),
            ["cruz", "de", "jose", "la", "maria"]
        );
        assert_eq!(words("O'Higgins Peña"), ["higgins", "o", "ohiggins", "pena"]);
        assert_eq!(search_name("Ana", "García Pérez"), "garcia perez ana");
    }

    proptest! {
        #[test]
        fn any_accepted_name_is_stable_and_clean(s in "\\PC{0,80}") {
            if let Ok(n) = name(&s, FIELD) {
                prop_assert_eq!(name(&n, FIELD).unwrap(), n.clone());
                prop_assert!(!n.chars().any(|c| c.is_ascii_digit() || c.is_control()));
                prop_assert!(n.chars().count() <= NAME_MAX_CHARS);
                prop_assert!(!words(&n).is_empty());
            }
        }

        #[test]
        fn any_eight_digits_is_a_dni(n in 0u32..100_000_000) {
            let s = format!("{n:08}");
            prop_assert_eq!(doc_number(DocType::Dni, &s).unwrap(), s);
        }

        #[test]
        fn accepted_phones_are_e164_and_stable(s in "[+0-9 ()-]{0,20}") {
            if let Ok(p) = phone(&s) {
                prop_assert!(p.starts_with('+'));
                prop_assert!((9..=16).contains(&p.len()), "{}", p);
                prop_assert_eq!(phone(&p).unwrap(), p.clone());
            }
        }
    }
}
