//! Money in integer minor units (céntimos). Never floats.

use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};
use crate::tr;

/// An amount in minor units of the clinic's currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Cents(pub i64);

impl Cents {
    /// `S/ 120.00` for PEN; other currencies show their code (`USD 12.50`).
    pub fn display(self, currency: &str) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let units = group_thousands(abs / 100);
        let symbol = currency_symbol(currency);
        format!("{sign}{symbol} {units}.{:02}", abs % 100)
    }

    /// Parses "120", "120.5", "120.50", "S/ 120.00", "1,200.00" into céntimos. At most two decimals.
    pub fn parse(input: &str) -> AppResult<Cents> {
        let bad = || {
            AppError::invalid(tr!(
                "Monto no válido: «{input}» (use por ejemplo 120 o 120.50)",
                "Invalid amount: '{input}' (use for example 120 or 120.50)"
            ))
        };
        let s = input.trim();
        let s = s.strip_prefix("S/").unwrap_or(s).trim().replace(',', "");
        if s.is_empty() || s.len() > 15 {
            return Err(bad());
        }
        let (whole, frac) = match s.split_once('.') {
            Some((w, f)) => (w, f),
            None => (s.as_str(), ""),
        };
        if whole.is_empty() && frac.is_empty() {
            return Err(bad());
        }
        if !whole.chars().all(|c| c.is_ascii_digit())
            || !frac.chars().all(|c| c.is_ascii_digit())
            || frac.len() > 2
        {
            return Err(bad());
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| bad())?
        };
        let frac: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().map_err(|_| bad())? * 10,
            _ => frac.parse().map_err(|_| bad())?,
        };
        whole
            .checked_mul(100)
            .and_then(|w| w.checked_add(frac))
            .map(Cents)
            .ok_or_else(bad)
    }
}

fn currency_symbol(currency: &str) -> &str {
    match currency {
        "PEN" => "S/",
        "USD" => "US$",
        "EUR" => "€",
        other => other,
    }
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn displays_soles() {
        assert_eq!(Cents(12000).display("PEN"), "S/ 120.00");
        assert_eq!(Cents(5).display("PEN"), "S/ 0.05");
        assert_eq!(Cents(123456789).display("PEN"), "S/ 1,234,567.89");
        assert_eq!(Cents(-250).display("USD"), "-US$ 2.50");
    }

    #[test]
    fn parses_amounts() {
        for (input, cents) in [
            ("120", 12000),
            ("120.5", 12050),
            ("120.50", 12050),
            ("S/ 1,200.00", 120000),
            (".5", 50),
        ] {
            assert_eq!(Cents::parse(input).unwrap(), Cents(cents), "{input}");
        }
        for bad in ["", "abc", "1.234", "-5", "1e3", "12.3.4", "99999999999999999999"] {
            assert!(Cents::parse(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn display_then_parse_round_trips(c in 0i64..10_000_000_000) {
            prop_assert_eq!(Cents::parse(&Cents(c).display("PEN")).unwrap(), Cents(c));
        }
    }
}
