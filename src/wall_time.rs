//! Clinic wall-clock time: "YYYY-MM-DD HH:MM" in the configured zone, to the minute. The one
//! type for appointment, slot and time-off times, so no caller slices strings (`.get(11..)`):
//! [`WallTime::date`], [`WallTime::hm`] and `Display` say what they mean. Stored and serialised
//! as the same text, which sorts in time order.

use std::fmt;

use crate::db::{Cell, FromColumn, ToValue, Value};
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use crate::error::{AppError, AppResult};
use crate::tr;

/// Wall-clock format of the clinic: "YYYY-MM-DD HH:MM".
pub const WALL_FORMAT: &str = "%Y-%m-%d %H:%M";

/// A clinic wall-clock instant, to the minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WallTime(NaiveDateTime);

impl WallTime {
    /// Drops seconds and below: clinic times are whole minutes.
    pub fn new(t: NaiveDateTime) -> WallTime {
        WallTime(t.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(t))
    }

    /// Parses "YYYY-MM-DD HH:MM" (also accepts a `T` separator).
    pub fn parse(input: &str) -> AppResult<WallTime> {
        let s = input.trim();
        if let Some(t) = WallTime::from_stored(s) {
            return Ok(t);
        }
        for fmt in [WALL_FORMAT, "%Y-%m-%dT%H:%M"] {
            if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
                return Ok(WallTime(t));
            }
        }
        let shown = crate::text::shown(s, 40);
        Err(AppError::invalid(tr!(
            "Fecha y hora no válidas: «{shown}» (use \"AAAA-MM-DD HH:MM\", p. ej. \"2026-03-02 09:00\")",
            "Invalid date and time: '{shown}' (use \"YYYY-MM-DD HH:MM\", e.g. \"2026-03-02 09:00\")"
        )))
    }

    /// The stored form "YYYY-MM-DD HH:MM", read without a format parser (slot search reads
    /// thousands of these).
    pub fn from_stored(s: &str) -> Option<WallTime> {
        let b = s.as_bytes();
        if b.len() != 16 || b[4] != b'-' || b[7] != b'-' || b[10] != b' ' || b[13] != b':' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            b[r].iter().try_fold(0u32, |acc, c| {
                c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
            })
        };
        let date = NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
        date.and_hms_opt(num(11..13)?, num(14..16)?, 0).map(WallTime)
    }

    pub fn naive(self) -> NaiveDateTime {
        self.0
    }

    pub fn date(self) -> NaiveDate {
        self.0.date()
    }

    /// The time of day, "HH:MM".
    pub fn hm(self) -> String {
        format!("{:02}:{:02}", self.0.hour(), self.0.minute())
    }
}

/// A calendar date as people type it at a Peruvian desk: "YYYY-MM-DD" (what the program prints)
/// or day first, "DD/MM/YYYY" (day and month of one or two digits, the year always of four, so
/// "01/02/26" is never read as the year 26). Anything else, or a day that does not exist: None.
pub fn parse_calendar_date(input: &str) -> Option<NaiveDate> {
    let s = input.trim();
    let digits = |p: &str, lens: &[usize]| lens.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    let iso: Vec<&str> = s.split('-').collect();
    if let [y, m, d] = iso[..]
        && digits(y, &[4])
        && digits(m, &[2])
        && digits(d, &[2])
    {
        return NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    }
    let dmy: Vec<&str> = s.split('/').collect();
    if let [d, m, y] = dmy[..]
        && digits(d, &[1, 2])
        && digits(m, &[1, 2])
        && digits(y, &[4])
    {
        return NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    }
    None
}

/// Parses a clinic date, "YYYY-MM-DD" or "DD/MM/YYYY" ([`parse_calendar_date`]): the one date
/// parser of the command line.
pub fn parse_date(input: &str) -> AppResult<NaiveDate> {
    parse_date_in(None, input)
}

/// [`parse_date`], naming in the message the flag or field the date came from ("--from").
pub fn parse_date_in(flag: Option<&str>, input: &str) -> AppResult<NaiveDate> {
    parse_calendar_date(input).ok_or_else(|| {
        let shown = crate::text::shown(input.trim(), 40);
        match flag {
            None => AppError::invalid(tr!(
                "Fecha no válida: «{shown}» (use AAAA-MM-DD o DD/MM/AAAA)",
                "Invalid date: '{shown}' (use YYYY-MM-DD or DD/MM/YYYY)"
            )),
            Some(flag) => AppError::invalid(tr!(
                "Fecha no válida en {flag}: «{shown}» (use AAAA-MM-DD o DD/MM/AAAA)",
                "Invalid date in {flag}: '{shown}' (use YYYY-MM-DD or DD/MM/YYYY)"
            )),
        }
    })
}

/// The date and the time-of-day parts of a stored "YYYY-MM-DD HH:MM", without parsing it (the
/// export streams rows as borrowed text). Text not in that form is all date, no time.
pub fn stored_parts(stored: &str) -> (&str, &str) {
    match (stored.get(..10), stored.get(11..)) {
        (Some(date), Some(time)) if stored.len() == 16 => (date, time),
        _ => (stored, ""),
    }
}

impl From<NaiveDateTime> for WallTime {
    fn from(t: NaiveDateTime) -> WallTime {
        WallTime::new(t)
    }
}

impl fmt::Display for WallTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02} {:02}:{:02}",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute()
        )
    }
}

impl PartialEq<str> for WallTime {
    fn eq(&self, other: &str) -> bool {
        WallTime::from_stored(other) == Some(*self)
    }
}

impl PartialEq<&str> for WallTime {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl serde::Serialize for WallTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for WallTime {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<WallTime, D::Error> {
        let s = String::deserialize(d)?;
        WallTime::from_stored(&s).ok_or_else(|| serde::de::Error::custom(format!("not a clinic time: {s}")))
    }
}

impl ToValue for WallTime {
    fn to_value(&self) -> Value<'_> {
        Value::Text(std::borrow::Cow::Owned(self.to_string()))
    }
}

impl FromColumn for WallTime {
    fn from_column(cell: Cell<'_>) -> crate::db::Result<Self> {
        match cell {
            Cell::Text(s) => WallTime::from_stored(s)
                .ok_or_else(|| crate::db::Error::conversion(format!("not a clinic time: {s}"))),
            other => Err(crate::db::wrong_type(other, "a clinic time")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_iso_or_day_first_and_nothing_else() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        for (input, want) in [
            ("2026-03-02", d(2026, 3, 2)),
            (" 02/03/2026 ", d(2026, 3, 2)),
            ("2/3/2026", d(2026, 3, 2)),
            ("29/02/2028", d(2028, 2, 29)),
            ("29/02/2026", None),
            ("31/04/2026", None),
            ("02/03/26", None),
            ("2026-3-2", None),
            ("2026/03/02", None),
            ("02-03-2026", None),
            ("", None),
            ("+2026-03-02", None),
            ("٢٠٢٦-٠٣-٠٢", None),
        ] {
            assert_eq!(parse_calendar_date(input), want, "{input:?}");
        }
    }

    #[test]
    fn round_trips_through_text_json_and_sql() {
        let t = WallTime::parse("2026-03-02T09:40").unwrap();
        assert_eq!(t.to_string(), "2026-03-02 09:40");
        assert_eq!(t.hm(), "09:40");
        assert_eq!(t.date().to_string(), "2026-03-02");
        assert_eq!(t, "2026-03-02 09:40");
        assert_eq!(stored_parts("2026-03-02 09:40"), ("2026-03-02", "09:40"));
        assert_eq!(stored_parts("junk"), ("junk", ""));
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"2026-03-02 09:40\"");
        let conn = crate::db::open_in_memory().unwrap();
        let back: WallTime = conn.query_row("SELECT $1", [t], |r| r.get(0)).unwrap();
        assert_eq!(back, t);
        for bad in [
            "",
            "2026-02-30 09:00",
            "2026-03-02 24:00",
            "09:00",
            "2026-03-02  9:00x",
        ] {
            assert!(WallTime::parse(bad).is_err(), "{bad}");
        }
    }
}
