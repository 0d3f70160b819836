//! Catalog: clinic settings, specialties, doctors, weekly schedules, time off, and the pure
//! free-slot generator that turns schedules into bookable times.
//!
//! Used by the CLI (`specialty`, `doctor`, `slots`), the TUI and the appointments domain:
//! - [`list_specialties`], [`resolve_specialty`] (name without accents/case, id or id prefix);
//! - [`get_doctor`], [`resolve_doctor`] (id, id prefix or a unique name), [`list_doctors`];
//! - [`weekly_schedule`], [`time_off_between`], [`upcoming_time_off`];
//! - [`slots::free_slots`]: schedules minus time off, busy intervals and the past, in memory.
//!
//! Wall-clock times are the clinic's ("YYYY-MM-DD HH:MM" in `Settings::time_zone`).

mod doctors;
pub mod fixtures;
mod schedule;
pub mod settings;
pub mod slots;
mod specialties;
mod time_off;

pub use doctors::{
    DoctorChange, DoctorEdit, DoctorFilter, DoctorSort, NewDoctor, add_doctor, doctor_changes, edit_doctor,
    get_doctor, list_doctors, resolve_doctor,
};
pub use schedule::{
    Hm, ScheduleBlock, Weekday, parse_schedule, schedules_for_doctors, set_schedule, weekly_schedule,
};
pub use specialties::{Specialty, get_specialty, list_specialties, resolve_specialty};
pub use time_off::{
    NewTimeOff, TimeOff, add_time_off, time_off_between, time_off_by_doctor, upcoming_time_off,
};

use serde::Serialize;

use crate::money::Cents;

/// Wall-clock format of the clinic: "YYYY-MM-DD HH:MM".
pub const WALL_FORMAT: &str = "%Y-%m-%d %H:%M";

/// A doctor as the rest of the program sees it, with the specialty's name.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Doctor {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    /// "Dra./Dr." is not stored: the full name is `first last`.
    pub full_name: String,
    pub specialty_id: String,
    pub specialty: String,
    pub cmp: Option<String>,
    /// 0.0–5.0, one decimal.
    pub rating: f64,
    pub years_experience: i64,
    /// The consultation price from the catalog, in céntimos (JSON: `price_cents`).
    #[serde(rename = "price_cents")]
    pub price: Cents,
    pub photo_url: Option<String>,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl Doctor {
    /// "First Last".
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// Parses a clinic wall-clock instant "YYYY-MM-DD HH:MM" (also accepts a `T` separator).
pub fn parse_wall(input: &str) -> crate::error::AppResult<chrono::NaiveDateTime> {
    let s = input.trim();
    if let Some(t) = parse_stored_wall(s) {
        return Ok(t);
    }
    for fmt in [WALL_FORMAT, "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, fmt) {
            return Ok(t);
        }
    }
    let shown: String = s.chars().filter(|c| !c.is_control()).take(40).collect();
    Err(crate::error::AppError::invalid(crate::tr!(
        "Fecha y hora no válidas: «{shown}» (use \"AAAA-MM-DD HH:MM\", p. ej. \"2026-03-02 09:00\")",
        "Invalid date and time: '{shown}' (use \"YYYY-MM-DD HH:MM\", e.g. \"2026-03-02 09:00\")"
    )))
}

/// Parses a date "YYYY-MM-DD".
pub fn parse_date(input: &str) -> crate::error::AppResult<chrono::NaiveDate> {
    let s = input.trim();
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
        let shown: String = s.chars().filter(|c| !c.is_control()).take(40).collect();
        crate::error::AppError::invalid(crate::tr!(
            "Fecha no válida: «{shown}» (use AAAA-MM-DD)",
            "Invalid date: '{shown}' (use YYYY-MM-DD)"
        ))
    })
}

/// The stored form "YYYY-MM-DD HH:MM", read without a format parser (slot search reads
/// thousands of these).
fn parse_stored_wall(s: &str) -> Option<chrono::NaiveDateTime> {
    let b = s.as_bytes();
    if b.len() != 16 || b[4] != b'-' || b[7] != b'-' || b[10] != b' ' || b[13] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let date = chrono::NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
    date.and_hms_opt(num(11..13)?, num(14..16)?, 0)
}

/// Formats a wall-clock instant the one way it is stored and shown.
pub fn wall(t: chrono::NaiveDateTime) -> String {
    use chrono::{Datelike, Timelike};
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// "Now" in the clinic's zone, as a wall-clock instant (to the minute).
pub fn local_now(now: chrono::DateTime<chrono::Utc>, tz: chrono_tz::Tz) -> chrono::NaiveDateTime {
    use chrono::Timelike;
    let t = now.with_timezone(&tz).naive_local();
    t.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(t)
}
