//! "Now", injected. Production reads the system clock; tests and demos set `SALUDYA_NOW`
//! ("2026-03-02T09:00:00Z", or clinic wall-clock "2026-03-02 09:00"). Next to it, the seed of
//! the id generator (`SALUDYA_SEED`, `crate::ids`).

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::error::{AppError, AppResult};
use crate::tr;

#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    Fixed(DateTime<Utc>),
}

impl Clock {
    /// The clock for this process: fixed when `SALUDYA_NOW` is set, else the system clock.
    /// A wall-clock value (no zone) is read in `tz`.
    pub fn from_env(tz: Tz) -> AppResult<Clock> {
        match std::env::var("SALUDYA_NOW") {
            Ok(v) if !v.trim().is_empty() => Clock::parse(&v, tz).map(Clock::Fixed),
            _ => Ok(Clock::System),
        }
    }

    pub fn parse(v: &str, tz: Tz) -> AppResult<DateTime<Utc>> {
        let v = v.trim();
        if let Ok(t) = DateTime::parse_from_rfc3339(v) {
            return Ok(t.with_timezone(&Utc));
        }
        for fmt in ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M"] {
            if let Ok(naive) = NaiveDateTime::parse_from_str(v, fmt)
                && let Some(t) = tz.from_local_datetime(&naive).earliest()
            {
                return Ok(t.with_timezone(&Utc));
            }
        }
        Err(AppError::invalid(tr!(
            "SALUDYA_NOW no es una fecha válida: «{v}» (use 2026-03-02T09:00:00Z o \"2026-03-02 09:00\")",
            "SALUDYA_NOW is not a valid time: '{v}' (use 2026-03-02T09:00:00Z or \"2026-03-02 09:00\")"
        )))
    }

    #[allow(clippy::disallowed_methods)] // the one place that reads the system clock
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => *t,
        }
    }
}

/// The seed of the id generator (`SALUDYA_SEED`, an integer), read the same way and under the
/// same policy as `SALUDYA_NOW`: tests fix both so that whole outputs repeat (see `crate::ids`).
pub fn seed_from_env() -> AppResult<Option<u64>> {
    match std::env::var("SALUDYA_SEED") {
        Ok(v) if !v.trim().is_empty() => v.trim().parse().map(Some).map_err(|_| {
            let shown: String = v.chars().filter(|c| !c.is_control()).take(40).collect();
            AppError::invalid(tr!(
                "SALUDYA_SEED no es un número entero: «{shown}»",
                "SALUDYA_SEED is not a whole number: '{shown}'"
            ))
        }),
        _ => Ok(None),
    }
}

/// UTC timestamp in the one storage form used for audit columns.
pub fn utc_string(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}
