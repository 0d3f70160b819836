//! Catalog: clinic settings, specialties, doctors, weekly schedules and time off.

pub mod fixtures;
pub mod settings;
