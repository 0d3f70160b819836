//! "Now", injected. Production reads the system clock; tests and demos set `SALUDYA_NOW`
//! ("2026-03-02T09:00:00Z", or clinic wall-clock "2026-03-02 09:00"). Next to it, the seed of
//! the id generator (`SALUDYA_SEED`, `crate::ids`), under the same policy.
//!
//! The override is honoured only where forging time harms nobody (see [`override_allowed`]):
//! in debug builds (the test suite runs the debug binary) and, in a release build, on a demo
//! database. On a real clinic database a release build refuses to run with it set, so nobody
//! who can start the program can date a login, a session or a refund at will.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::tr;

#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    Fixed(DateTime<Utc>),
}

impl Clock {
    /// The clock for this process: fixed when `SALUDYA_NOW` is set and [`override_allowed`],
    /// else the system clock. A wall-clock value (no zone) is read in `tz`. `is_demo_db` is
    /// asked only when the override is set in a release build.
    pub fn from_env(tz: Tz, is_demo_db: impl FnOnce() -> bool) -> AppResult<Clock> {
        match std::env::var("SALUDYA_NOW") {
            Ok(v) if !v.trim().is_empty() => {
                Clock::from_override(&v, tz, override_allowed(cfg!(debug_assertions), is_demo_db))
            }
            _ => Ok(Clock::System),
        }
    }

    /// The fixed clock of an override value, or the refusal when the policy forbids it.
    pub fn from_override(v: &str, tz: Tz, allowed: bool) -> AppResult<Clock> {
        if !allowed {
            return Err(AppError::invalid(Text::new(
                "SALUDYA_NOW (reloj fijo) solo vale en compilaciones de prueba y en bases de demostración; esta es una base real.",
                "SALUDYA_NOW (a fixed clock) is honoured only in test builds and on demo databases; this is a real database.",
            ))
            .with_hint(Text::new(
                "Quite SALUDYA_NOW del entorno; no se cambió nada.",
                "Remove SALUDYA_NOW from the environment; nothing was changed.",
            )));
        }
        Clock::parse(v, tz).map(Clock::Fixed)
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
/// same policy as `SALUDYA_NOW` ([`override_allowed`]): tests fix both so that whole outputs
/// repeat (see `crate::ids`); a release build on a real database refuses it.
pub fn seed_from_env(is_demo_db: impl FnOnce() -> bool) -> AppResult<Option<u64>> {
    match std::env::var("SALUDYA_SEED") {
        Ok(v) if !v.trim().is_empty() => {
            seed_from_override(&v, override_allowed(cfg!(debug_assertions), is_demo_db))
        }
        _ => Ok(None),
    }
}

/// The seed of an override value, or the refusal when the policy forbids it.
pub fn seed_from_override(v: &str, allowed: bool) -> AppResult<Option<u64>> {
    if !allowed {
        return Err(AppError::invalid(Text::new(
            "SALUDYA_SEED (ids repetibles) solo vale en compilaciones de prueba y en bases de demostración; esta es una base real.",
            "SALUDYA_SEED (repeatable ids) is honoured only in test builds and on demo databases; this is a real database.",
        ))
        .with_hint(Text::new(
            "Quite SALUDYA_SEED del entorno; no se cambió nada.",
            "Remove SALUDYA_SEED from the environment; nothing was changed.",
        )));
    }
    v.trim().parse().map(Some).map_err(|_| {
        let shown: String = v.chars().filter(|c| !c.is_control()).take(40).collect();
        AppError::invalid(tr!(
            "SALUDYA_SEED no es un número entero: «{shown}»",
            "SALUDYA_SEED is not a whole number: '{shown}'"
        ))
    })
}

/// The clock-override policy: a debug build (tests) always honours `SALUDYA_NOW`; a release
/// build only on a demo database, whose accounts and data are public and fake.
pub fn override_allowed(debug_build: bool, is_demo_db: impl FnOnce() -> bool) -> bool {
    debug_build || is_demo_db()
}

/// UTC timestamp in the one storage form used for audit columns.
pub fn utc_string(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_override_is_refused_by_a_release_build_on_a_real_database() {
        let tz = chrono_tz::America::Lima;
        let v = "2099-01-01T00:00:00Z";
        assert!(!override_allowed(false, || false), "release build, real database");
        assert!(override_allowed(false, || true), "release build, demo database");
        assert!(override_allowed(true, || false), "debug build (tests)");
        let err = Clock::from_override(v, tz, false).unwrap_err();
        assert_eq!(err.kind, crate::error::Kind::Invalid);
        assert!(err.detail.en.contains("real database"), "{}", err.detail.en);
        assert!(matches!(Clock::from_override(v, tz, true), Ok(Clock::Fixed(_))));
        // The id seed follows the same policy.
        let err = seed_from_override("7", false).unwrap_err();
        assert!(err.detail.en.contains("real database"), "{}", err.detail.en);
        assert_eq!(seed_from_override(" 7 ", true).unwrap(), Some(7));
        assert_eq!(
            seed_from_override("siete", true).unwrap_err().kind,
            crate::error::Kind::Invalid
        );
    }

    #[test]
    fn a_debug_build_never_asks_whether_the_database_is_a_demo() {
        assert!(override_allowed(true, || panic!("not asked")));
    }
}
