//! Appointments: booking, rescheduling, the status lifecycle and its history.
//!
//! Functions the other front ends and domains call (every write takes the transaction of a
//! `crate::db::write`, so a flow such as cancel + refund can wrap several in one):
//! - [`book`] / [`reschedule`]: all slot checks and the write, in the caller's transaction;
//! - [`change_status`]: any status change, validated against the transition table
//!   ([`Status::allowed_next`]); [`cancel`], [`check_in`], [`complete`], [`no_show`] are the
//!   named forms; the payments flow confirms with `change_status(tx, id, Status::Confirmed, ..)`
//!   and the refund flow (`crate::flows::refund`) moves a confirmed one back to `Booked`;
//! - [`get_appointment`], [`resolve_appointment`], [`list_appointments`], [`patient_history`],
//!   [`status_history`], [`active_in_range`];
//! - [`find_slots`]: free slots of a doctor or a specialty (one query per table, then in memory).
//!   [`find_slots_for_patient`] leaves out those overlapping the patient's own active
//!   appointments ([`patient_busy`]), so what is offered can be booked.

mod booking;
mod error;
mod lifecycle;
mod payment_summary;
mod series;
mod store;

pub use booking::{
    BookingRequest, SlotSearch, book, check_bookable, find_slots, find_slots_for_patient, patient_busy,
    reschedule,
};
pub use error::{AppointmentError, DoctorRef, SeriesConflict};
pub use lifecycle::{CancelledBy, UNDO_MINUTES, cancel, change_status, check_in, complete, no_show, undo};
pub use payment_summary::refresh_payment_summary;
pub use series::{
    MAX_COUNT, MIN_COUNT, Repeat, Series, SeriesPlan, SeriesRequest, book_series, following, occurrences,
    plan_series, plan_shift, reschedule_following,
};
pub use store::{
    AppointmentFilter, active_in_range, get_appointment, list_appointments, patient_history,
    resolve_appointment, status_history,
};

use crate::ids::{AppointmentId, DoctorId, OrientationQueryId, PatientId, SeriesId, StaffId};
use crate::wall_time::WallTime;
use serde::Serialize;

use crate::error::AppResult;
use crate::money::Cents;

/// Where an appointment is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Holds the slot, unpaid.
    Booked,
    /// Paid.
    Confirmed,
    /// The patient arrived.
    CheckedIn,
    Completed,
    /// The patient did not come (set after the start time).
    NoShow,
    /// Cancelled by the patient or the clinic; frees the slot.
    Cancelled,
}

pub const ALL_STATUSES: [Status; 6] = [
    Status::Booked,
    Status::Confirmed,
    Status::CheckedIn,
    Status::Completed,
    Status::NoShow,
    Status::Cancelled,
];

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Booked => "booked",
            Status::Confirmed => "confirmed",
            Status::CheckedIn => "checked_in",
            Status::Completed => "completed",
            Status::NoShow => "no_show",
            Status::Cancelled => "cancelled",
        }
    }

    /// The word for people in `lang`: the one table of status labels (CLI tables and messages,
    /// the TUI). Scripts read the stable code ([`Status::as_str`], JSON).
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match lang {
            crate::i18n::Lang::Es => match self {
                Status::Booked => "reservada",
                Status::Confirmed => "pagada",
                Status::CheckedIn => "llegó / en espera",
                Status::Completed => "atendida",
                Status::NoShow => "no asistió",
                Status::Cancelled => "cancelada",
            },
            crate::i18n::Lang::En => match self {
                Status::Booked => "booked",
                Status::Confirmed => "paid",
                Status::CheckedIn => "arrived / waiting",
                Status::Completed => "completed",
                Status::NoShow => "no-show",
                Status::Cancelled => "cancelled",
            },
        }
    }

    pub fn parse(s: &str) -> AppResult<Status> {
        let f = crate::text::fold(s).replace(['-', ' '], "_");
        ALL_STATUSES
            .into_iter()
            .find(|st| st.as_str() == f)
            .ok_or_else(|| {
                AppointmentError::UnknownStatus {
                    input: crate::text::shown(s, 40).to_string(),
                }
                .into()
            })
    }

    /// Active appointments hold their slot (the partial unique index uses the same list).
    pub fn is_active(self) -> bool {
        matches!(
            self,
            Status::Booked | Status::Confirmed | Status::CheckedIn | Status::Completed
        )
    }

    /// The transition table: booked → confirmed (by payment); confirmed → booked (payment
    /// refunded: unpaid again, still holding its slot); booked|confirmed → checked_in, no_show
    /// (after the start), cancelled; checked_in → completed. The rest are final.
    pub fn allowed_next(self) -> &'static [Status] {
        match self {
            Status::Booked => &[
                Status::Confirmed,
                Status::CheckedIn,
                Status::NoShow,
                Status::Cancelled,
            ],
            Status::Confirmed => &[
                Status::CheckedIn,
                Status::NoShow,
                Status::Cancelled,
                // Payment refunded (the refund flow).
                Status::Booked,
            ],
            Status::CheckedIn => &[Status::Completed],
            Status::Completed | Status::NoShow | Status::Cancelled => &[],
        }
    }

    /// Only booked or confirmed appointments may move to another time.
    pub fn can_reschedule(self) -> bool {
        matches!(self, Status::Booked | Status::Confirmed)
    }
}

/// The SQL list of active statuses (kept equal to the partial unique index's WHERE).
pub(crate) const ACTIVE_SQL: &str = "('booked', 'confirmed', 'checked_in', 'completed')";

/// An appointment with the patient's name and document for convenience.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Appointment {
    pub id: AppointmentId,
    pub status: Status,
    pub patient_id: PatientId,
    pub patient_name: String,
    /// The patient's document number (the DNI for most patients).
    pub patient_dni: String,
    pub doctor_id: DoctorId,
    /// Snapshot at booking time.
    pub doctor_name: String,
    /// Snapshot at booking time.
    pub specialty: String,
    /// "YYYY-MM-DD HH:MM", clinic time.
    pub start: WallTime,
    pub end: WallTime,
    /// Snapshot of the catalog price at booking time (JSON: `price_cents`).
    pub price_cents: Cents,
    pub currency: String,
    pub notes: Option<String>,
    pub orientation_id: Option<OrientationQueryId>,
    pub cancelled_by: Option<String>,
    pub cancel_reason: Option<String>,
    pub created_by: Option<StaffId>,
    pub created_at: String,
    pub updated_at: String,
    /// Its series and place in it (recurring visits); absent from JSON for an ordinary one.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub series: Option<SeriesPlace>,
}

/// Where an appointment stands in its series: JSON `series_id`, `series_position`,
/// `series_count` and `series` ("3/8").
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SeriesPlace {
    pub series_id: SeriesId,
    /// 1-based.
    pub series_position: u32,
    pub series_count: u32,
    /// "position/count", as the desk reads it.
    pub series: String,
}

impl SeriesPlace {
    pub fn new(series_id: SeriesId, position: u32, count: u32) -> SeriesPlace {
        SeriesPlace {
            series_id,
            series_position: position,
            series_count: count,
            series: format!("{position}/{count}"),
        }
    }
}

/// One entry of an appointment's history.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StatusChange {
    pub from_status: Option<Status>,
    pub to_status: Status,
    pub old_start: Option<WallTime>,
    pub new_start: Option<WallTime>,
    pub reason: Option<String>,
    /// E-mail of the staff member.
    pub by_staff: Option<String>,
    pub at: String,
}

#[cfg(test)]
mod tests;
