//! Read models over the other domains for the desk and the manager, each printed by the CLI and
//! drawn by the TUI from the same functions; this domain owns no table and writes nothing:
//! - [`reminders`]: the day's patients to call or message ([`reminders::reminders_for`]), with
//!   the message [`template`] (a clinic setting, validated when set);
//! - [`ics`]: RFC 5545 calendars of a doctor's day range or of one appointment;
//! - [`day`]: the day at a glance ([`day::day_summary`]).

pub mod day;
mod error;
pub mod ics;
pub mod reminders;
pub mod template;

pub use error::ReportError;
pub use template::Template;
