//! Clinic settings (name, time zone, currency, default language, session length), stored as
//! key/value rows in `catalog_settings` with Peruvian defaults.

use crate::db::{Db, OptionalExt, Tx};
use crate::domain::audit::{self, Change, Entity};
use crate::ids::StaffId;
use crate::params;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::CatalogError;
use super::SettingKey;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Settings {
    pub clinic_name: String,
    #[serde(serialize_with = "ser_tz")]
    pub time_zone: Tz,
    pub currency: String,
    pub language: Lang,
    pub session_hours: i64,
    /// Minutes of inactivity before the TUI asks for the password again.
    pub idle_lock_minutes: i64,
    /// Hours a waiting-list offer holds its slot for the offered patient before it lapses.
    pub offer_hold_hours: i64,
    /// The reminder message (`saludya reminders`), with placeholders; `None`: the default of
    /// the reader's language.
    pub reminder_template: Option<String>,
}

fn ser_tz<S: serde::Serializer>(tz: &Tz, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(tz.name())
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            clinic_name: "Clínica SaludYa".to_string(),
            time_zone: chrono_tz::America::Lima,
            currency: "PEN".to_string(),
            language: Lang::Es,
            session_hours: 12,
            idle_lock_minutes: 10,
            offer_hold_hours: 2,
            reminder_template: None,
        }
    }
}

/// The keys an admin may set, with their validation.
pub const KEYS: [&str; 8] = [
    "clinic_name",
    "time_zone",
    "currency",
    "language",
    "session_hours",
    "idle_lock_minutes",
    "offer_hold_hours",
    "reminder_template",
];

impl Settings {
    fn apply(&mut self, key: &str, value: &str) -> AppResult<()> {
        let value = value.trim();
        let bad = |key: SettingKey| AppError::from(CatalogError::InvalidSetting { key });
        match key {
            "clinic_name" => {
                if value.is_empty() || value.chars().count() > 120 || crate::text::has_unsafe_chars(value) {
                    return Err(bad(SettingKey::ClinicName));
                }
                self.clinic_name = value.to_string();
            }
            "time_zone" => {
                self.time_zone = value.parse::<Tz>().map_err(|_| bad(SettingKey::TimeZone))?;
            }
            "currency" => {
                if value.len() != 3 || !value.chars().all(|c| c.is_ascii_uppercase()) {
                    return Err(bad(SettingKey::Currency));
                }
                self.currency = value.to_string();
            }
            "language" => self.language = Lang::parse(value).ok_or_else(|| bad(SettingKey::Language))?,
            "session_hours" => self.session_hours = whole_in(value, 1..=72, SettingKey::SessionHours)?,
            "idle_lock_minutes" => {
                self.idle_lock_minutes = whole_in(value, 1..=240, SettingKey::IdleLockMinutes)?;
            }
            "offer_hold_hours" => {
                self.offer_hold_hours = whole_in(value, 1..=72, SettingKey::OfferHoldHours)?;
            }
            // Empty: back to the default of the reader's language.
            "reminder_template" if value.is_empty() => self.reminder_template = None,
            "reminder_template" => {
                crate::domain::report::Template::parse(value)?;
                self.reminder_template = Some(value.to_string());
            }
            other => {
                return Err(CatalogError::UnknownSetting {
                    key: other.to_string(),
                }
                .into());
            }
        }
        Ok(())
    }
}

/// A whole number inside `range`, or the setting's "invalid value" error (which names the range).
fn whole_in(value: &str, range: std::ops::RangeInclusive<i64>, key: SettingKey) -> AppResult<i64> {
    value
        .parse()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| CatalogError::InvalidSetting { key }.into())
}

/// Current settings: defaults overridden by stored values.
pub fn load(conn: &Db) -> AppResult<Settings> {
    let mut settings = Settings::default();
    let mut stmt = conn.prepare_cached("SELECT key, value FROM catalog_settings")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (k, v) = row?;
        // A value that no longer validates keeps the default rather than breaking every command.
        let _ = settings.apply(&k, &v);
    }
    Ok(settings)
}

/// Validates and stores one setting. `by` is the admin changing it (the audit trail's actor).
pub fn set(
    conn: &Tx<'_>,
    key: &str,
    value: &str,
    by: Option<&StaffId>,
    now: DateTime<Utc>,
) -> AppResult<Settings> {
    let mut settings = load(conn)?;
    settings.apply(key, value)?;
    let old = get_raw(conn, key)?;
    conn.prepare_cached(
        "INSERT INTO catalog_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value.trim()])?;
    if old.as_deref() != Some(value.trim()) {
        audit::record(
            conn,
            by,
            now,
            Change::updated(
                Entity::Setting,
                key,
                "set",
                serde_json::json!({ "value": old }),
                serde_json::json!({ "value": value.trim() }),
            ),
        )?;
    }
    Ok(settings)
}

pub fn get_raw(conn: &Db, key: &str) -> AppResult<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM catalog_settings WHERE key = $1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_peruvian_and_can_be_changed() {
        let conn = crate::db::open_in_memory().unwrap();
        let s = load(&conn).unwrap();
        assert_eq!(s.time_zone, chrono_tz::America::Lima);
        assert_eq!(s.currency, "PEN");
        assert_eq!(s.language, Lang::Es);
        let s = set(
            &conn.autocommit(),
            "time_zone",
            "America/Santiago",
            None,
            DateTime::UNIX_EPOCH,
        )
        .unwrap();
        assert_eq!(s.time_zone.name(), "America/Santiago");
        assert_eq!(load(&conn).unwrap().time_zone.name(), "America/Santiago");
        for (k, v) in [
            ("time_zone", "Mars/Base"),
            ("currency", "soles"),
            ("session_hours", "0"),
            ("nope", "x"),
        ] {
            assert!(
                set(&conn.autocommit(), k, v, None, DateTime::UNIX_EPOCH).is_err(),
                "{k}={v}"
            );
        }
        assert_eq!(
            load(&conn).unwrap().time_zone.name(),
            "America/Santiago",
            "a bad value changes nothing"
        );
    }
}
