//! The waiting list's use cases, each owning its transaction (the CLI and the TUI call these),
//! and the read that every slot-freeing command shows at once: who waits for what it freed.
//!
//! Booking an entry is one step: [`book`] books the offered slot (or the slot given, for a
//! waiting entry) through the appointments domain and marks the entry booked, in one
//! transaction, so an entry is never booked without its appointment nor the other way round.

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::db::Db;
use crate::domain::appointments::{self, Appointment, BookingRequest, SlotSearch};
use crate::domain::catalog::{self, ScheduleBlock, local_now};
use crate::domain::waitlist::{self, Entry, Match, NewEntry, SlotRef, WaitlistError};
use crate::error::AppResult;
use crate::ids::{DoctorId, PatientId, StaffId, WaitlistEntryId};
use crate::wall_time::WallTime;

/// How far ahead new schedule hours are searched for waiting patients.
pub const NEW_HOURS_DAYS: u32 = 60;

/// Puts a patient on the list.
pub fn add(
    db: &Db,
    new: &NewEntry,
    by: Option<&StaffId>,
    now: DateTime<Utc>,
) -> Result<Entry, WaitlistError> {
    db.write(|tx| waitlist::add(tx, new, by, now))
}

/// Holds the slot of `doctor` at `at` for a waiting entry.
pub fn offer(
    db: &Db,
    id: &WaitlistEntryId,
    doctor: &DoctorId,
    at: NaiveDateTime,
    by: Option<&StaffId>,
    now: DateTime<Utc>,
) -> Result<Entry, WaitlistError> {
    db.write(|tx| {
        let slot = waitlist::slot_of(tx, doctor, WallTime::new(at))?;
        waitlist::offer(tx, id, &slot, by, now)
    })
}

/// The patient said no: the entry waits again and the slot is free for the next one.
pub fn decline(
    db: &Db,
    id: &WaitlistEntryId,
    by: Option<&StaffId>,
    now: DateTime<Utc>,
) -> Result<Entry, WaitlistError> {
    db.write(|tx| waitlist::decline(tx, id, by, now))
}

/// Takes an entry off the list.
pub fn remove(
    db: &Db,
    id: &WaitlistEntryId,
    reason: Option<&str>,
    by: Option<&StaffId>,
    now: DateTime<Utc>,
) -> Result<Entry, WaitlistError> {
    db.write(|tx| waitlist::remove(tx, id, reason, by, now))
}

/// Books an entry in one step: its offered slot, or `slot` (doctor, start) for a waiting entry
/// (a slot someone just freed). Every booking check applies; the entry becomes `booked` with
/// the appointment in the same transaction.
pub fn book(
    db: &Db,
    id: &WaitlistEntryId,
    slot: Option<(&DoctorId, NaiveDateTime)>,
    by: Option<&StaffId>,
    now: DateTime<Utc>,
) -> Result<(Entry, Appointment), WaitlistError> {
    db.write(|tx| {
        let given = slot
            .map(|(d, at)| waitlist::slot_of(tx, d, WallTime::new(at)))
            .transpose()?;
        let (entry, slot) = waitlist::slot_to_book(tx, id, given.as_ref(), now)?;
        let req = BookingRequest {
            patient_id: entry.patient_id.clone(),
            doctor_id: slot.doctor_id.clone(),
            at: slot.start.naive(),
            notes: None,
            orientation_id: None,
            emergency_override: None,
            series: None,
        };
        let appt = appointments::book(tx, &req, by, now)?;
        let entry = waitlist::mark_booked(tx, &entry.id, &appt.id, by, now)?;
        Ok((entry, appt))
    })
}

/// Who waits for the slots one patient's appointments held (one appointment, or the rest of a
/// series, just cancelled or moved away), each entry with the earliest of them: a slot that
/// has begun already is nobody's. The appointments' own patient is left out.
pub fn waiting_for_freed(db: &Db, freed: &[Appointment], now: DateTime<Utc>) -> AppResult<Vec<Match>> {
    let Some(first) = freed.first() else {
        return Ok(Vec::new());
    };
    debug_assert!(freed.iter().all(|a| a.patient_id == first.patient_id));
    let tz = catalog::settings::load(db)?.time_zone;
    let local = local_now(now, tz);
    let mut slots = Vec::new();
    for a in freed.iter().filter(|a| a.start.naive() >= local) {
        slots.push(waitlist::slot_of(db, &a.doctor_id, a.start)?);
    }
    waitlist::waiting_for(db, &slots, Some(&first.patient_id), now)
}

/// After a no-show the doctor's own slot has begun (it cannot be booked any more): who waits
/// for one of that doctor's free slots for the rest of the day, each with the earliest.
pub fn waiting_after_no_show(db: &Db, missed: &Appointment, now: DateTime<Utc>) -> AppResult<Vec<Match>> {
    let tz = catalog::settings::load(db)?.time_zone;
    let search = SlotSearch {
        doctor_id: Some(missed.doctor_id.clone()),
        specialty_id: None,
        from: Some(local_now(now, tz).date()),
        days: 1,
        limit: 0,
    };
    free_slots_waited_for(db, &search, |_| true, Some(&missed.patient_id), now)
}

/// After a doctor's weekly schedule changed from `before`: who waits for a free slot in the
/// hours added (the next [`NEW_HOURS_DAYS`] days), each with the earliest.
pub fn waiting_for_new_hours(
    db: &Db,
    doctor: &DoctorId,
    before: &[ScheduleBlock],
    now: DateTime<Utc>,
) -> AppResult<Vec<Match>> {
    let search = SlotSearch {
        doctor_id: Some(doctor.clone()),
        specialty_id: None,
        from: None,
        days: NEW_HOURS_DAYS,
        limit: 0,
    };
    let new_hours = |at: NaiveDateTime| catalog::slots::block_for(before, at).is_err();
    free_slots_waited_for(db, &search, new_hours, None, now)
}

fn free_slots_waited_for(
    db: &Db,
    search: &SlotSearch,
    keep: impl Fn(NaiveDateTime) -> bool,
    except: Option<&PatientId>,
    now: DateTime<Utc>,
) -> AppResult<Vec<Match>> {
    let tz = catalog::settings::load(db)?.time_zone;
    let free = appointments::find_slots(db, search, now, tz)?;
    let Some(first) = free.first() else {
        return Ok(Vec::new());
    };
    // One doctor: their specialty once, not once per slot.
    let doctor = waitlist::slot_of(db, &first.doctor_id, first.start)?;
    let slots: Vec<SlotRef> = free
        .into_iter()
        .filter(|s| keep(s.start.naive()))
        .map(|s| SlotRef {
            start: s.start,
            ..doctor.clone()
        })
        .collect();
    waitlist::waiting_for(db, &slots, except, now)
}

/// The earliest free slot a waiting entry can take (its doctor or any doctor of its specialty,
/// inside its window and time of day, not overlapping the patient's own appointments, not
/// offered to another entry), searched over its window or the next [`NEW_HOURS_DAYS`] days.
pub fn earliest_for(db: &Db, entry: &Entry, now: DateTime<Utc>) -> AppResult<Option<SlotRef>> {
    let tz = catalog::settings::load(db)?.time_zone;
    let today = local_now(now, tz).date();
    let parse = |d: &Option<String>| d.as_deref().and_then(crate::wall_time::parse_calendar_date);
    let from = parse(&entry.window_from).map_or(today, |f| f.max(today));
    let days = parse(&entry.window_to).map_or(NEW_HOURS_DAYS, |to| {
        u32::try_from((to - from).num_days() + 1).unwrap_or(0).min(366)
    });
    if days == 0 {
        return Ok(None);
    }
    let search = SlotSearch {
        doctor_id: entry.doctor_id.clone(),
        specialty_id: entry.doctor_id.is_none().then(|| entry.specialty_id.clone()),
        from: Some(from),
        days,
        limit: 0,
    };
    let free = appointments::find_slots_for_patient(db, &search, Some(&entry.patient_id), None, now, tz)?;
    let slots: Vec<SlotRef> = free
        .into_iter()
        .map(|s| SlotRef {
            doctor_id: s.doctor_id,
            doctor_name: s.doctor_name,
            specialty_id: entry.specialty_id.clone(),
            start: s.start,
        })
        .filter(|s| entry.mismatch(s).is_none())
        .collect();
    // `waiting_for` leaves out the slots offered to others; keep this entry's match only.
    Ok(waitlist::waiting_for(db, &slots, None, now)?
        .into_iter()
        .find(|m| m.entry.id == entry.id)
        .map(|m| m.slot))
}
