//! The one door for generated data: `saludya demo` and the benchmarks fill a database with
//! sample patients ([`patients`]) and a realistic agenda with payments ([`volume`]).
//!
//! This is the only code outside a domain that writes domain tables directly: the generated
//! appointments and payments are inserted in bulk, skipping the booking and payment checks (the
//! generator enumerates free slots from the schedules itself; the partial unique index still
//! refuses a double booking). Those bulk inserts are private to this module ([`appointments`],
//! [`payments`] are not public), so no front end and no domain can book or charge around the
//! rules. Patients go through the patients domain ([`crate::domain::patients::insert_if_free`]).

mod appointments;
mod error;
pub mod patients;
mod payments;
pub mod volume;

pub use error::DemoError;
pub use patients::{SampleGen, add_samples, add_samples_with};

/// How many appointments the database holds (the demo reports it).
pub fn appointment_count(conn: &crate::db::Db) -> crate::error::AppResult<i64> {
    appointments::count(conn)
}
