//! The waiting list: patients waiting for a specialty or a doctor, with an optional date window,
//! time of day and note. An entry moves waiting → offered (a freed slot held for it, one entry
//! per slot: the `waitlist_offered_slot` unique index) → booked (the appointment made), or ends
//! expired (its window is over) or removed. An offer holds its slot for the clinic's
//! `offer_hold_hours` (a setting, 2 by default: long enough to call back, short enough that a
//! forgotten offer does not keep a slot from everyone):
//! while it holds, no other patient's booking takes that slot ([`refuse_held`]); after it the
//! entry waits again in its place and the slot is free for anyone.
//!
//! Functions the front ends and the flows call (writers take the caller's transaction):
//! - [`NewEntry::new`] (parse and validate), [`add`];
//! - [`offer`], [`decline`] (the patient said no: waiting again), [`remove`], [`mark_booked`];
//! - [`left_by_booking`]: an appointment booked by other means takes the patient's matching
//!   open entry off the list (called by the booking use case, `crate::flows::desk::book`);
//! - [`expire_due`]: entries whose window ended become `expired`, and offers held longer than
//!   `offer_hold_hours` lapse (run by every waitlist write and, through [`left_by_booking`],
//!   every booking; readers show the same state without writing: [`Entry::state`] is computed
//!   at read);
//! - [`held_slots`], [`refuse_held`]: the slots offers hold now, read only (what the desk's slot
//!   searches leave out), and the booking use cases' check that a slot they took is not held for
//!   another patient;
//! - [`get`], [`resolve_entry`], [`list`];
//! - [`waiting_for`]: who waits for one or more free slots, longest-waiting first, each entry
//!   with its earliest matching slot (what a cancellation, a no-show, a reschedule or new
//!   schedule hours show at once).

mod error;
mod store;

pub use error::{Mismatch, WaitlistError};
pub use store::{
    Hold, ListFilter, add, decline, expire_due, get, held_slots, left_by_booking, list, mark_booked, offer,
    refuse_held, remove, resolve_entry, slot_of, slot_to_book, waiting_for,
};

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::catalog::{Hm, parse_date};
use crate::ids::{AppointmentId, DoctorId, PatientId, SpecialtyId, StaffId, WaitlistEntryId};
use crate::text::{has_unsafe_chars, has_unsafe_chars_in_note};
use crate::wall_time::WallTime;

/// Where an entry is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// On the list, no slot offered yet (or the offer was declined).
    Waiting,
    /// A freed slot is held for the patient while the desk calls.
    Offered,
    /// An appointment was booked for it (here or by other means).
    Booked,
    /// Its date window ended before a slot was booked.
    Expired,
    /// Taken off the list by the desk.
    Removed,
}

pub const ALL_STATES: [State; 5] = [
    State::Waiting,
    State::Offered,
    State::Booked,
    State::Expired,
    State::Removed,
];

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Waiting => "waiting",
            State::Offered => "offered",
            State::Booked => "booked",
            State::Expired => "expired",
            State::Removed => "removed",
        }
    }

    /// The word for people (CLI tables and messages, the TUI); scripts read [`State::as_str`].
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match lang {
            crate::i18n::Lang::Es => match self {
                State::Waiting => "en espera",
                State::Offered => "ofrecida",
                State::Booked => "reservada",
                State::Expired => "vencida",
                State::Removed => "retirada",
            },
            crate::i18n::Lang::En => match self {
                State::Waiting => "waiting",
                State::Offered => "offered",
                State::Booked => "booked",
                State::Expired => "expired",
                State::Removed => "removed",
            },
        }
    }

    /// A state by its code or its Spanish or English word.
    pub fn parse(s: &str) -> Result<State, WaitlistError> {
        let f = crate::text::fold(s);
        ALL_STATES
            .into_iter()
            .find(|st| {
                st.as_str() == f
                    || crate::text::fold(st.label(crate::i18n::Lang::Es)) == f
                    || crate::text::fold(st.label(crate::i18n::Lang::En)) == f
            })
            .ok_or_else(|| WaitlistError::UnknownState {
                input: crate::text::shown(s, 40).to_string(),
            })
    }

    /// Waiting or offered: still on the list.
    pub fn is_open(self) -> bool {
        matches!(self, State::Waiting | State::Offered)
    }

    fn from_code(s: &str) -> Option<State> {
        ALL_STATES.into_iter().find(|st| st.as_str() == s)
    }
}

/// Mornings end (and afternoons start) at 13:00, the clinic's lunch hour.
pub const AFTERNOON: Hm = Hm(13 * 60);

/// The time of day a patient can come: a slot's start in `[from, to)`; `None` is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TimeOfDay {
    pub from: Option<Hm>,
    pub to: Option<Hm>,
}

impl TimeOfDay {
    /// `mañana`/`morning` (before 13:00), `tarde`/`afternoon` (from 13:00) or `HH:MM-HH:MM`.
    pub fn parse(input: &str) -> Result<TimeOfDay, WaitlistError> {
        let unknown = || WaitlistError::TimeOfDayUnknown {
            input: crate::text::shown(input, 40).to_string(),
        };
        match crate::text::fold(input).as_str() {
            "manana" | "morning" => {
                return Ok(TimeOfDay {
                    from: None,
                    to: Some(AFTERNOON),
                });
            }
            "tarde" | "afternoon" => {
                return Ok(TimeOfDay {
                    from: Some(AFTERNOON),
                    to: None,
                });
            }
            _ => {}
        }
        let (a, b) = input.split_once('-').ok_or_else(unknown)?;
        let (from, to) = (
            Hm::parse(a).ok_or_else(unknown)?,
            Hm::parse(b).ok_or_else(unknown)?,
        );
        if to <= from {
            return Err(WaitlistError::TimeInverted {
                from: from.to_string(),
                to: to.to_string(),
            });
        }
        Ok(TimeOfDay {
            from: Some(from),
            to: Some(to),
        })
    }

    /// Does a slot starting at `t` fall inside?
    pub fn contains(&self, t: Hm) -> bool {
        self.from.is_none_or(|f| t >= f) && self.to.is_none_or(|e| t < e)
    }

    /// "mañana", "tarde", "09:00-11:00" or "" (any time), in `lang`.
    pub fn label(&self, lang: crate::i18n::Lang) -> String {
        match (self.from, self.to) {
            (None, None) => String::new(),
            (None, Some(t)) if t == AFTERNOON => lang.pick("mañana", "morning").into(),
            (Some(f), None) if f == AFTERNOON => lang.pick("tarde", "afternoon").into(),
            (f, t) => format!(
                "{}-{}",
                f.map(|f| f.to_string()).unwrap_or_else(|| "00:00".into()),
                t.map(|t| t.to_string()).unwrap_or_else(|| "24:00".into())
            ),
        }
    }
}

/// A validated new entry. The specialty comes from the doctor when only a doctor is named.
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub patient_id: PatientId,
    pub specialty_id: Option<SpecialtyId>,
    pub doctor_id: Option<DoctorId>,
    pub window_from: Option<NaiveDate>,
    pub window_to: Option<NaiveDate>,
    pub time: TimeOfDay,
    pub note: Option<String>,
}

/// What [`NewEntry::new`] reads (raw text from a front end; the patient, specialty and doctor
/// already resolved).
#[derive(Debug, Clone, Default)]
pub struct EntryInput<'a> {
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub time: Option<&'a str>,
    pub note: Option<&'a str>,
}

impl NewEntry {
    /// Parses the window dates (AAAA-MM-DD or DD/MM/AAAA), the time of day and the note
    /// (≤ 300 characters, no control characters but line breaks). Whether the window is past
    /// is decided by [`add`], which knows today.
    pub fn new(
        patient_id: &PatientId,
        specialty_id: Option<&SpecialtyId>,
        doctor_id: Option<&DoctorId>,
        input: &EntryInput<'_>,
    ) -> Result<NewEntry, WaitlistError> {
        if specialty_id.is_none() && doctor_id.is_none() {
            return Err(WaitlistError::NoSpecialtyOrDoctor);
        }
        fn blank(s: Option<&str>) -> Option<&str> {
            s.map(str::trim).filter(|s| !s.is_empty())
        }
        let date = |s: Option<&str>| blank(s).map(parse_date).transpose();
        let window_from = date(input.from)?;
        let window_to = date(input.to)?;
        if let (Some(f), Some(t)) = (window_from, window_to)
            && t < f
        {
            return Err(WaitlistError::WindowInverted {
                from: f.to_string(),
                to: t.to_string(),
            });
        }
        let time = blank(input.time)
            .map(TimeOfDay::parse)
            .transpose()?
            .unwrap_or_default();
        let note = blank(input.note);
        if let Some(n) = note
            && (n.chars().count() > 300 || has_unsafe_chars_in_note(n))
        {
            return Err(WaitlistError::NoteInvalid);
        }
        Ok(NewEntry {
            patient_id: patient_id.clone(),
            specialty_id: specialty_id.cloned(),
            doctor_id: doctor_id.cloned(),
            window_from,
            window_to,
            time,
            note: note.map(String::from),
        })
    }
}

/// A removal reason: trimmed, empty = none, ≤ 200 characters, no control characters.
pub fn check_reason(reason: Option<&str>) -> Result<Option<String>, WaitlistError> {
    let r = reason.map(str::trim).filter(|r| !r.is_empty());
    if let Some(r) = r
        && (r.chars().count() > 200 || has_unsafe_chars(r))
    {
        return Err(WaitlistError::ReasonInvalid);
    }
    Ok(r.map(String::from))
}

/// One entry as the front ends show it, with the patient's name, document and phone (to call
/// them), the specialty's and doctors' names.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Entry {
    pub id: WaitlistEntryId,
    /// As of "now": an open entry whose window ended reads `expired` before any write says so.
    pub state: State,
    pub patient_id: PatientId,
    pub patient_name: String,
    /// The patient's document number (the DNI for most patients).
    pub patient_dni: String,
    /// E.164, to call the patient when a slot frees.
    pub patient_phone: Option<String>,
    pub specialty_id: SpecialtyId,
    pub specialty: String,
    /// `None`: any doctor of the specialty.
    pub doctor_id: Option<DoctorId>,
    pub doctor_name: Option<String>,
    /// "YYYY-MM-DD", clinic dates, both included.
    pub window_from: Option<String>,
    pub window_to: Option<String>,
    /// "HH:MM": a slot's start in [time_from, time_to).
    pub time_from: Option<String>,
    pub time_to: Option<String>,
    pub note: Option<String>,
    /// UTC, when the patient was put on the list (the waiting order).
    pub created_at: String,
    pub created_by: Option<StaffId>,
    pub offered_doctor_id: Option<DoctorId>,
    pub offered_doctor_name: Option<String>,
    pub offered_start: Option<WallTime>,
    pub offered_at: Option<String>,
    pub offered_by: Option<StaffId>,
    pub appointment_id: Option<AppointmentId>,
    /// UTC, when it was booked, removed or (as written) expired.
    pub closed_at: Option<String>,
    pub remove_reason: Option<String>,
    /// The waiting order: 1 for the first patient ever put on the list, and so on.
    pub seq: i64,
}

impl Entry {
    /// The time of day asked for.
    pub fn time_of_day(&self) -> TimeOfDay {
        TimeOfDay {
            from: self.time_from.as_deref().and_then(Hm::parse),
            to: self.time_to.as_deref().and_then(Hm::parse),
        }
    }

    /// "2026-03-03 – 2026-03-20", "– 2026-03-20", "2026-03-03 –" or "" (any day).
    pub fn window(&self) -> String {
        match (&self.window_from, &self.window_to) {
            (None, None) => String::new(),
            (f, t) => format!("{} – {}", f.as_deref().unwrap_or(""), t.as_deref().unwrap_or(""))
                .trim()
                .to_string(),
        }
    }

    /// What the patient waits for: the doctor's name, else the specialty.
    pub fn wants(&self) -> String {
        match &self.doctor_name {
            Some(d) => format!("{} ({d})", self.specialty),
            None => self.specialty.clone(),
        }
    }

    /// Why `slot` is not one this entry waits for, if it is not.
    pub fn mismatch(&self, slot: &SlotRef) -> Option<Mismatch> {
        if let (Some(wanted), Some(name)) = (&self.doctor_id, &self.doctor_name)
            && *wanted != slot.doctor_id
        {
            return Some(Mismatch::Doctor { wanted: name.clone() });
        }
        if slot.specialty_id != self.specialty_id {
            return Some(Mismatch::Specialty {
                wanted: self.specialty.clone(),
            });
        }
        let day = slot.start.date().to_string();
        if self.window_from.as_deref().is_some_and(|f| day.as_str() < f)
            || self.window_to.as_deref().is_some_and(|t| day.as_str() > t)
        {
            return Some(Mismatch::Window);
        }
        if !self.time_of_day().contains(Hm::of(slot.start.naive())) {
            return Some(Mismatch::TimeOfDay);
        }
        None
    }
}

/// A slot as the waiting list needs it: whose, which specialty, when.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SlotRef {
    pub doctor_id: DoctorId,
    pub doctor_name: String,
    #[serde(skip)]
    pub specialty_id: SpecialtyId,
    /// "YYYY-MM-DD HH:MM", clinic time.
    pub start: WallTime,
}

/// A waiting entry and the earliest of the given free slots it can take.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Match {
    #[serde(flatten)]
    pub entry: Entry,
    pub slot: SlotRef,
}

#[cfg(test)]
mod tests;
