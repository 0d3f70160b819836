//! Card validation: number (Luhn, length and brand by IIN ranges), expiry and CVV.
//!
//! The number and the CVV never leave this module: [`validate`] consumes the [`CardInput`], whose
//! strings are zeroed when it is dropped and which prints as `CardInput(<redacted>)`, and returns
//! only the brand and the last four digits (or a decline reason with the same two facts when they
//! are known). Nothing derived from the number other than those two goes into errors or reasons.

use std::fmt;

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use zeroize::Zeroizing;

use crate::i18n::Text;

/// The three lines a card reader or the receptionist gives: number, expiry `MM/YY`, CVV.
/// Its `Debug` never shows them; its memory (and that of any clone: a PostgreSQL transaction
/// that lost a race runs again with a copy) is zeroed on drop.
#[derive(Clone)]
pub struct CardInput {
    number: Zeroizing<String>,
    expiry: Zeroizing<String>,
    cvv: Zeroizing<String>,
}

impl CardInput {
    pub fn new(number: String, expiry: String, cvv: String) -> CardInput {
        CardInput {
            number: Zeroizing::new(number),
            expiry: Zeroizing::new(expiry),
            cvv: Zeroizing::new(cvv),
        }
    }

    /// True when the number line holds more than a card number: an expiry (`/`), more than 19
    /// digits, or groups that are not a card's printed grouping (4-4-4-4, 4-4-4-4-3, 4-4-4-1,
    /// Amex 4-6-5, Diners 4-6-4), such as "4111111111111111 123". Such a line is a usage error,
    /// never a decline, so CVV or expiry digits can never be stored as "last four".
    pub fn holds_more_than_a_number(&self) -> bool {
        let raw = self.number.trim();
        if raw.contains('/') || raw.bytes().filter(u8::is_ascii_digit).count() > 19 {
            return true;
        }
        let groups: Vec<usize> = raw
            .split([' ', '-'])
            .filter(|g| !g.is_empty())
            .map(|g| g.chars().count())
            .collect();
        match groups.as_slice() {
            [] | [_] => false,
            [4, 6, 5] | [4, 6, 4] => false,
            [init @ .., last] => !(init.iter().all(|&g| g == 4) && (1..=4).contains(last)),
        }
    }

    /// True when the number has no digit at all (empty or blank input): nothing was typed,
    /// which is a usage error, not a card to decline.
    pub fn is_blank(&self) -> bool {
        !self.number.bytes().any(|b| b.is_ascii_digit())
    }
}

impl fmt::Debug for CardInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CardInput(<redacted>)")
    }
}

/// Card brands we accept, recognised by their IIN (first digits) and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Brand {
    Visa,
    Mastercard,
    Amex,
    Diners,
    Discover,
    Jcb,
}

impl Brand {
    pub fn as_str(self) -> &'static str {
        match self {
            Brand::Visa => "visa",
            Brand::Mastercard => "mastercard",
            Brand::Amex => "amex",
            Brand::Diners => "diners",
            Brand::Discover => "discover",
            Brand::Jcb => "jcb",
        }
    }

    pub fn parse(s: &str) -> Option<Brand> {
        [
            Brand::Visa,
            Brand::Mastercard,
            Brand::Amex,
            Brand::Diners,
            Brand::Discover,
            Brand::Jcb,
        ]
        .into_iter()
        .find(|b| b.as_str() == s)
    }

    /// Human name, as printed on receipts.
    pub fn label(self) -> &'static str {
        match self {
            Brand::Visa => "Visa",
            Brand::Mastercard => "Mastercard",
            Brand::Amex => "American Express",
            Brand::Diners => "Diners Club",
            Brand::Discover => "Discover",
            Brand::Jcb => "JCB",
        }
    }

    /// The brand whose IIN range the number starts with, if any.
    fn detect(digits: &[u8]) -> Option<Brand> {
        let prefix = |n: usize| -> u32 {
            digits
                .iter()
                .take(n)
                .fold(0u32, |acc, d| acc * 10 + u32::from(*d))
        };
        if digits.is_empty() {
            return None;
        }
        let p1 = prefix(1);
        let p2 = prefix(2);
        let p3 = prefix(3);
        let p4 = prefix(4);
        let p6 = prefix(6);
        let enough = |n: usize| digits.len() >= n;
        if p1 == 4 {
            Some(Brand::Visa)
        } else if p2 == 34 || p2 == 37 {
            Some(Brand::Amex)
        } else if (51..=55).contains(&p2) || (enough(4) && (2221..=2720).contains(&p4)) {
            Some(Brand::Mastercard)
        } else if (enough(3) && (300..=305).contains(&p3)) || p2 == 36 || p2 == 38 || p2 == 39 {
            Some(Brand::Diners)
        } else if (enough(4) && p4 == 6011)
            || (enough(3) && (644..=649).contains(&p3))
            || p2 == 65
            || (enough(6) && (622126..=622925).contains(&p6))
        {
            Some(Brand::Discover)
        } else if enough(4) && (3528..=3589).contains(&p4) {
            Some(Brand::Jcb)
        } else {
            None
        }
    }

    fn valid_length(self, len: usize) -> bool {
        match self {
            Brand::Visa => matches!(len, 13 | 16 | 19),
            Brand::Mastercard => len == 16,
            Brand::Amex => len == 15,
            Brand::Diners => (14..=19).contains(&len),
            Brand::Discover | Brand::Jcb => (16..=19).contains(&len),
        }
    }

    fn lengths_text(self) -> &'static str {
        match self {
            Brand::Visa => "13, 16, 19",
            Brand::Mastercard => "16",
            Brand::Amex => "15",
            Brand::Diners => "14-19",
            Brand::Discover | Brand::Jcb => "16-19",
        }
    }

    fn cvv_len(self) -> usize {
        if self == Brand::Amex { 4 } else { 3 }
    }
}

/// What may be kept of a valid card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardSummary {
    pub brand: Brand,
    pub last_four: String,
}

/// Why a card was declined. The stored code is [`DeclineReason::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclineReason {
    /// Characters other than digits, spaces and dashes, or no digits at all.
    InvalidNumber,
    UnknownBrand,
    InvalidLength,
    /// The Luhn check digit does not match: a mistyped number.
    LuhnFailed,
    InvalidExpiry,
    Expired,
    InvalidCvv,
}

impl DeclineReason {
    pub fn code(self) -> &'static str {
        match self {
            DeclineReason::InvalidNumber => "invalid_number",
            DeclineReason::UnknownBrand => "unknown_brand",
            DeclineReason::InvalidLength => "invalid_length",
            DeclineReason::LuhnFailed => "luhn_failed",
            DeclineReason::InvalidExpiry => "invalid_expiry",
            DeclineReason::Expired => "expired",
            DeclineReason::InvalidCvv => "invalid_cvv",
        }
    }

    pub fn parse(code: &str) -> Option<DeclineReason> {
        use DeclineReason::*;
        [
            InvalidNumber,
            UnknownBrand,
            InvalidLength,
            LuhnFailed,
            InvalidExpiry,
            Expired,
            InvalidCvv,
        ]
        .into_iter()
        .find(|r| r.code() == code)
    }

    pub fn text(self) -> Text {
        match self {
            DeclineReason::InvalidNumber => Text::new(
                "El número de tarjeta solo puede tener dígitos, espacios y guiones.",
                "The card number may only contain digits, spaces and dashes.",
            ),
            DeclineReason::UnknownBrand => Text::new(
                "Marca de tarjeta no reconocida (se aceptan Visa, Mastercard, American Express, Diners, Discover y JCB).",
                "Unrecognised card brand (Visa, Mastercard, American Express, Diners, Discover and JCB are accepted).",
            ),
            DeclineReason::InvalidLength => Text::new(
                "El número de tarjeta no tiene la cantidad de dígitos de su marca.",
                "The card number does not have the number of digits its brand uses.",
            ),
            DeclineReason::LuhnFailed => Text::new(
                "El número de tarjeta no es válido (dígito de control incorrecto): revise si se escribió mal.",
                "The card number is not valid (wrong check digit): check it for typos.",
            ),
            DeclineReason::InvalidExpiry => Text::new(
                "Fecha de vencimiento no válida: use MM/AA, por ejemplo 08/27.",
                "Invalid expiry date: use MM/YY, for example 08/27.",
            ),
            DeclineReason::Expired => Text::new("La tarjeta está vencida.", "The card has expired."),
            DeclineReason::InvalidCvv => Text::new(
                "Código de seguridad (CVV) no válido: 3 dígitos, o 4 en American Express.",
                "Invalid security code (CVV): 3 digits, or 4 for American Express.",
            ),
        }
    }
}

/// A declined card: the reason and whatever of brand and last four could be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decline {
    pub reason: DeclineReason,
    pub brand: Option<Brand>,
    pub last_four: Option<String>,
}

impl Decline {
    /// The reason in both languages, with the brand's lengths where that helps.
    pub fn text(&self) -> Text {
        let base = self.reason.text();
        match (self.reason, self.brand) {
            (DeclineReason::InvalidLength, Some(b)) => Text::owned(
                format!("{} ({}: {} dígitos)", base.es, b.label(), b.lengths_text()),
                format!("{} ({}: {} digits)", base.en, b.label(), b.lengths_text()),
            ),
            _ => base,
        }
    }
}

/// Validates a card as of `now` in the clinic's zone `tz`. Consumes the input: when this returns,
/// the number and the CVV have been zeroed and dropped.
pub fn validate(input: CardInput, now: DateTime<Utc>, tz: Tz) -> Result<CardSummary, Decline> {
    let result = check(&input, now, tz);
    drop(input);
    result
}

fn check(input: &CardInput, now: DateTime<Utc>, tz: Tz) -> Result<CardSummary, Decline> {
    let decline = |reason, brand, last_four| Decline {
        reason,
        brand,
        last_four,
    };
    let raw = input.number.trim();
    if raw.is_empty() || !raw.chars().all(|c| c.is_ascii_digit() || c == ' ' || c == '-') {
        return Err(decline(DeclineReason::InvalidNumber, None, None));
    }
    let digits: Zeroizing<Vec<u8>> =
        Zeroizing::new(raw.bytes().filter(u8::is_ascii_digit).map(|b| b - b'0').collect());
    let last_four = (digits.len() >= 4).then(|| {
        digits[digits.len() - 4..]
            .iter()
            .map(|d| char::from(b'0' + d))
            .collect::<String>()
    });
    let Some(brand) = Brand::detect(&digits) else {
        return Err(decline(DeclineReason::UnknownBrand, None, last_four));
    };
    if !brand.valid_length(digits.len()) {
        return Err(decline(DeclineReason::InvalidLength, Some(brand), last_four));
    }
    if !luhn_ok(&digits) {
        return Err(decline(DeclineReason::LuhnFailed, Some(brand), last_four));
    }
    let Some((year, month)) = parse_expiry(&input.expiry) else {
        return Err(decline(DeclineReason::InvalidExpiry, Some(brand), last_four));
    };
    let today = now.with_timezone(&tz).date_naive();
    // A card is valid through the last day of its expiry month.
    if (year, month) < (today.year(), today.month()) {
        return Err(decline(DeclineReason::Expired, Some(brand), last_four));
    }
    if year > today.year() + 20 {
        return Err(decline(DeclineReason::InvalidExpiry, Some(brand), last_four));
    }
    let cvv = input.cvv.trim();
    if cvv.len() != brand.cvv_len() || !cvv.bytes().all(|b| b.is_ascii_digit()) {
        return Err(decline(DeclineReason::InvalidCvv, Some(brand), last_four));
    }
    Ok(CardSummary {
        brand,
        // digits.len() >= 13 here, so the last four are known.
        last_four: last_four.unwrap_or_default(),
    })
}

/// The Luhn (mod 10) check over digit values.
fn luhn_ok(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                let dd = d * 2;
                if dd > 9 { dd - 9 } else { dd }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// `MM/YY` (also `MM/YYYY`, `MM-YY`, `MMYY`) into (year, month).
fn parse_expiry(s: &str) -> Option<(i32, u32)> {
    let s = s.trim();
    let (mm, yy) = match s.split_once(['/', '-']) {
        Some((m, y)) => (m.trim(), y.trim()),
        None if s.len() == 4 => s.split_at(2),
        None => return None,
    };
    if mm.is_empty() || mm.len() > 2 || !mm.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !yy.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let month: u32 = mm.parse().ok()?;
    if !(1..=12).contains(&month) {
        return None;
    }
    let year: i32 = match yy.len() {
        2 => 2000 + yy.parse::<i32>().ok()?,
        4 => yy.parse().ok()?,
        _ => return None,
    };
    Some((year, month))
}

#[cfg(test)]
mod strict_line_tests {
    use super::CardInput;

    #[test]
    fn a_number_line_holding_the_expiry_or_the_cvv_is_not_a_card_number() {
        let line = |n: &str| CardInput::new(n.into(), "12/28".into(), "123".into());
        for more in [
            "4111111111111111 12/28 123",
            "4111 1111 1111 1111 1228 123",
            "4111111111111111 123",
            "4111111111111111 1228",
            "378282246310005 1234",
            "4111 1111 1111 1111 12/28",
        ] {
            assert!(line(more).holds_more_than_a_number(), "{more}");
        }
        for number in [
            "4111111111111111",
            "4111 1111 1111 1111",
            "4111-1111-1111-1111",
            "3782 822463 10005",
            "3056 930902 5904",
            "4222 2222 2222 2",
            "4111 1111 1111 111a",
            "",
        ] {
            assert!(!line(number).holds_more_than_a_number(), "{number}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    const LIMA: Tz = chrono_tz::America::Lima;

    /// Monday 2 March 2026, 09:00 in Lima.
    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 14, 0, 0).unwrap()
    }

    fn card(number: &str, expiry: &str, cvv: &str) -> CardInput {
        CardInput::new(number.into(), expiry.into(), cvv.into())
    }

    fn run(number: &str, expiry: &str, cvv: &str) -> Result<CardSummary, Decline> {
        validate(card(number, expiry, cvv), now(), LIMA)
    }

    /// Appends the Luhn check digit to `body` (for lengths the published test numbers lack).
    fn with_check_digit(body: &str) -> String {
        (0..10)
            .map(|d| format!("{body}{d}"))
            .find(|n| luhn_ok(&n.bytes().map(|b| b - b'0').collect::<Vec<_>>()))
            .unwrap()
    }

    #[test]
    fn check_digit_helper_agrees_with_published_test_numbers() {
        assert_eq!(with_check_digit("411111111111111"), "4111111111111111");
        assert_eq!(with_check_digit("555555555555444"), "5555555555554444");
        assert_eq!(with_check_digit("37828224631000"), "378282246310005");
    }

    #[test]
    fn valid_cards_of_every_brand_keep_only_brand_and_last_four() {
        let cases: Vec<(String, Brand, &str)> = vec![
            ("4111 1111 1111 1111".into(), Brand::Visa, "123"),
            ("4222222222222".into(), Brand::Visa, "123"),
            (with_check_digit("411111111111111111"), Brand::Visa, "123"),
            ("4012-8888-8888-1881".into(), Brand::Visa, "000"),
            ("5555 5555 5555 4444".into(), Brand::Mastercard, "123"),
            ("5105105105105100".into(), Brand::Mastercard, "123"),
            ("2221000000000009".into(), Brand::Mastercard, "123"),
            (with_check_digit("272099999999999"), Brand::Mastercard, "123"),
            ("3782 822463 10005".into(), Brand::Amex, "1234"),
            ("371449635398431".into(), Brand::Amex, "1234"),
            ("30569309025904".into(), Brand::Diners, "123"),
            ("38520000023237".into(), Brand::Diners, "123"),
            (with_check_digit("3600000000000"), Brand::Diners, "123"),
            (with_check_digit("305000000000000000"), Brand::Diners, "123"),
            (with_check_digit("39000000000000"), Brand::Diners, "123"),
            ("6011111111111117".into(), Brand::Discover, "123"),
            ("6011000990139424".into(), Brand::Discover, "123"),
            (with_check_digit("644000000000000"), Brand::Discover, "123"),
            (with_check_digit("649999999999999"), Brand::Discover, "123"),
            (with_check_digit("650000000000000000"), Brand::Discover, "123"),
            (with_check_digit("622126000000000"), Brand::Discover, "123"),
            (with_check_digit("622925000000000"), Brand::Discover, "123"),
            ("3530111333300000".into(), Brand::Jcb, "123"),
            ("3566002020360505".into(), Brand::Jcb, "123"),
            (with_check_digit("358900000000000000"), Brand::Jcb, "123"),
        ];
        for (number, brand, cvv) in cases {
            let got = run(&number, "12/28", cvv).unwrap_or_else(|d| panic!("{number}: {d:?}"));
            let digits: String = number.chars().filter(char::is_ascii_digit).collect();
            assert_eq!(got.brand, brand, "{number}");
            assert_eq!(got.last_four, digits[digits.len() - 4..], "{number}");
        }
    }

    #[test]
    fn invalid_cards_are_declined_with_their_reason() {
        use DeclineReason::*;
        let v16 = "4111111111111111";
        let cases: Vec<(String, &str, &str, DeclineReason, Option<Brand>)> = vec![
            // number
            ("".into(), "12/28", "123", InvalidNumber, None),
            ("4111 1111 1111 111a".into(), "12/28", "123", InvalidNumber, None),
            ("4111.1111.1111.1111".into(), "12/28", "123", InvalidNumber, None),
            // unknown brands: 1, 7, 8, 9, 2220, 2721, 306, 6012, 643, 622125, 622926, 3527, 3590
            (
                with_check_digit("111111111111111"),
                "12/28",
                "123",
                UnknownBrand,
                None,
            ),
            (
                with_check_digit("700000000000000"),
                "12/28",
                "123",
                UnknownBrand,
                None,
            ),
            (
                with_check_digit("900000000000000"),
                "12/28",
                "123",
                UnknownBrand,
                None,
            ),
            (
                with_check_digit("222000000000000"),
                "12/28",
                "123",
                UnknownBrand,
                None,
            ),
            (
                with_check_digit("272100000000000"),
                "12/28",
                "123",
                UnknownBrand,
                None,
            ),
            (
                with_check_digit("3060000000000"),
                "12/28",
                "123",
                UnknownBrand,
                None,
            ),
            (
                with_check_digit("601200000000000"),
                "12/28",
                "123",
                UnknownBrand,
                None,
            ),
            (
                with_check_digit("643000000000000"),
                "12/28",
                "123",
                UnknownBrand,
                None,
            ),
            (
                with_check_digit("622125000000000"),
                "12/28",
                "123",
                UnknownBrand,
                None,
            ),
            (
                with_check_digit("622926000000000"),
                "12/28",
                "123",
                UnknownBrand,
                None,
            ),
            (
                with_check_digit("352700000000000"),
                "12/28",
                "123",
                UnknownBrand,
                None,
            ),
            (
                with_check_digit("359000000000000"),
                "12/28",
                "123",
                UnknownBrand,
                None,
            ),
            // lengths
            (
                with_check_digit("41111111111111"),
                "12/28",
                "123",
                InvalidLength,
                Some(Brand::Visa),
            ),
            (
                with_check_digit("41111111111"),
                "12/28",
                "123",
                InvalidLength,
                Some(Brand::Visa),
            ),
            (
                with_check_digit("55555555555544"),
                "12/28",
                "123",
                InvalidLength,
                Some(Brand::Mastercard),
            ),
            (
                with_check_digit("5555555555554444"),
                "12/28",
                "123",
                InvalidLength,
                Some(Brand::Mastercard),
            ),
            (
                with_check_digit("3782822463100"),
                "12/28",
                "1234",
                InvalidLength,
                Some(Brand::Amex),
            ),
            (
                with_check_digit("378282246310005"),
                "12/28",
                "1234",
                InvalidLength,
                Some(Brand::Amex),
            ),
            (
                with_check_digit("305693090259"),
                "12/28",
                "123",
                InvalidLength,
                Some(Brand::Diners),
            ),
            (
                with_check_digit("3056930902590412345"),
                "12/28",
                "123",
                InvalidLength,
                Some(Brand::Diners),
            ),
            (
                with_check_digit("60111111111111"),
                "12/28",
                "123",
                InvalidLength,
                Some(Brand::Discover),
            ),
            (
                with_check_digit("35301113333000"),
                "12/28",
                "123",
                InvalidLength,
                Some(Brand::Jcb),
            ),
            // Luhn
            (
                "4111111111111112".into(),
                "12/28",
                "123",
                LuhnFailed,
                Some(Brand::Visa),
            ),
            (
                "5555555555554445".into(),
                "12/28",
                "123",
                LuhnFailed,
                Some(Brand::Mastercard),
            ),
            (
                "378282246310006".into(),
                "12/28",
                "1234",
                LuhnFailed,
                Some(Brand::Amex),
            ),
            (
                "30569309025905".into(),
                "12/28",
                "123",
                LuhnFailed,
                Some(Brand::Diners),
            ),
            (
                "6011111111111118".into(),
                "12/28",
                "123",
                LuhnFailed,
                Some(Brand::Discover),
            ),
            (
                "3530111333300001".into(),
                "12/28",
                "123",
                LuhnFailed,
                Some(Brand::Jcb),
            ),
            // expiry
            (v16.into(), "02/26", "123", Expired, Some(Brand::Visa)),
            (v16.into(), "12/25", "123", Expired, Some(Brand::Visa)),
            (v16.into(), "13/28", "123", InvalidExpiry, Some(Brand::Visa)),
            (v16.into(), "00/28", "123", InvalidExpiry, Some(Brand::Visa)),
            (v16.into(), "1228x", "123", InvalidExpiry, Some(Brand::Visa)),
            (v16.into(), "", "123", InvalidExpiry, Some(Brand::Visa)),
            (v16.into(), "12/99", "123", InvalidExpiry, Some(Brand::Visa)),
            // CVV
            (v16.into(), "12/28", "12", InvalidCvv, Some(Brand::Visa)),
            (v16.into(), "12/28", "1234", InvalidCvv, Some(Brand::Visa)),
            (v16.into(), "12/28", "12a", InvalidCvv, Some(Brand::Visa)),
            (v16.into(), "12/28", "", InvalidCvv, Some(Brand::Visa)),
            (
                "378282246310005".into(),
                "12/28",
                "123",
                InvalidCvv,
                Some(Brand::Amex),
            ),
            (
                "378282246310005".into(),
                "12/28",
                "12345",
                InvalidCvv,
                Some(Brand::Amex),
            ),
            (
                "5555555555554444".into(),
                "12/28",
                "1234",
                InvalidCvv,
                Some(Brand::Mastercard),
            ),
        ];
        for (number, expiry, cvv, reason, brand) in cases {
            let got = run(&number, expiry, cvv).expect_err(&number);
            assert_eq!(got.reason, reason, "{number} {expiry} {cvv}");
            assert_eq!(got.brand, brand, "{number}");
            let digits: String = number.chars().filter(char::is_ascii_digit).collect();
            if reason != InvalidNumber && digits.len() >= 4 {
                assert_eq!(got.last_four.as_deref(), Some(&digits[digits.len() - 4..]));
            }
        }
    }

    #[test]
    fn a_card_is_valid_through_the_end_of_its_expiry_month_in_the_clinic_zone() {
        // 2026-04-01 03:00 UTC is still 31 March 22:00 in Lima: a 03/26 card is still valid.
        let late_march = Utc.with_ymd_and_hms(2026, 4, 1, 3, 0, 0).unwrap();
        let c = || card("4111111111111111", "03/26", "123");
        assert!(validate(c(), late_march, LIMA).is_ok());
        // In UTC it is already April.
        assert_eq!(
            validate(c(), late_march, chrono_tz::UTC).unwrap_err().reason,
            DeclineReason::Expired
        );
        assert!(validate(card("4111111111111111", "03/2026", "123"), now(), LIMA).is_ok());
    }

    #[test]
    fn debug_never_shows_the_card() {
        let c = card("4111 1111 1111 1111", "12/28", "987");
        let shown = format!("{c:?} {c:#?}");
        assert!(!shown.contains("4111"), "{shown}");
        assert!(!shown.contains("987"), "{shown}");
        assert!(!shown.contains("12/28"), "{shown}");
    }

    #[test]
    fn decline_messages_carry_no_card_digits() {
        for (number, cvv) in [
            ("4111111111111112", "123"),
            ("4111111111111", "123"),
            ("9111111111111111", "123"),
            ("4111111111111111", "98"),
        ] {
            let d = run(number, "12/28", cvv).unwrap_err();
            let t = d.text();
            for s in [&t.es, &t.en] {
                assert!(!s.contains(&number[..8]), "{s}");
                assert!(!s.contains(cvv), "{s}");
            }
        }
    }

    #[test]
    fn reason_codes_round_trip() {
        for r in [
            DeclineReason::InvalidNumber,
            DeclineReason::UnknownBrand,
            DeclineReason::InvalidLength,
            DeclineReason::LuhnFailed,
            DeclineReason::InvalidExpiry,
            DeclineReason::Expired,
            DeclineReason::InvalidCvv,
        ] {
            assert_eq!(DeclineReason::parse(r.code()), Some(r));
        }
        for b in ["visa", "mastercard", "amex", "diners", "discover", "jcb"] {
            assert_eq!(Brand::parse(b).unwrap().as_str(), b);
        }
    }

    proptest! {
        /// Changing any one digit of a valid number breaks the Luhn check.
        #[test]
        fn any_single_digit_typo_is_caught(pos in 0usize..16, delta in 1u8..10) {
            let mut digits: Vec<u8> = "4111111111111111".bytes().map(|b| b - b'0').collect();
            digits[pos] = (digits[pos] + delta) % 10;
            prop_assert!(!luhn_ok(&digits));
        }

        /// Separators never change the verdict.
        #[test]
        fn spaces_and_dashes_are_ignored(split in proptest::collection::vec(prop_oneof![Just(""), Just(" "), Just("-")], 16)) {
            let number: String = "5555555555554444"
                .chars()
                .zip(split)
                .map(|(c, s)| format!("{s}{c}"))
                .collect();
            let got = run(&number, "01/30", "321").unwrap();
            prop_assert_eq!(got.brand, Brand::Mastercard);
            prop_assert_eq!(got.last_four, "4444");
        }
    }
}
