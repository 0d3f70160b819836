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
mod error;
pub mod fixtures;
mod schedule;
pub mod settings;
pub mod slots;
mod specialties;
mod time_off;

pub use doctors::{
    DoctorChange, DoctorEdit, DoctorFilter, DoctorInput, DoctorSort, NewDoctor, add_doctor, doctor_changes,
    edit_doctor, get_doctor, list_doctors, resolve_doctor,
};
pub use error::{CatalogError, NameField, ScheduleProblem, SettingKey};
pub use schedule::{
    Hm, ScheduleBlock, Weekday, parse_schedule, schedules_for_doctors, set_schedule, weekly_schedule,
};
pub use specialties::{Specialty, get_specialty, list_specialties, resolve_specialty};
pub use time_off::{
    NewTimeOff, TimeOff, add_time_off, time_off_between, time_off_by_doctor, upcoming_time_off,
};

use crate::ids::{DoctorId, SpecialtyId};
use serde::Serialize;

use crate::money::Cents;

pub use crate::wall_time::{WALL_FORMAT, WallTime, parse_date};

/// A doctor as the rest of the program sees it, with the specialty's name.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Doctor {
    pub id: DoctorId,
    pub first_name: String,
    pub last_name: String,
    /// "Dra./Dr." is not stored: the full name is `first last`.
    pub full_name: String,
    pub specialty_id: SpecialtyId,
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
    WallTime::parse(input).map(WallTime::naive)
}

/// Formats a wall-clock instant the one way it is stored and shown.
pub fn wall(t: chrono::NaiveDateTime) -> String {
    WallTime::new(t).to_string()
}

/// "Now" in the clinic's zone, as a wall-clock instant (to the minute).
pub fn local_now(now: chrono::DateTime<chrono::Utc>, tz: chrono_tz::Tz) -> chrono::NaiveDateTime {
    use chrono::Timelike;
    let t = now.with_timezone(&tz).naive_local();
    t.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(t)
}
