//! Catalog fixtures: a realistic clinic in Lima (specialties, doctors, weekly schedules).
//! (Being written: the catalog owner replaces this with the real loader.)

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use crate::error::AppResult;

pub fn load(_conn: &Connection, _now: DateTime<Utc>) -> AppResult<()> {
    Ok(())
}
