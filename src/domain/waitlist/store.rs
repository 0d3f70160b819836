//! The waiting list's SQL (`waitlist_entries` only; the patient's, specialty's and doctors'
//! names come from read-only joins, rule 5's list-view exception). Every write runs inside the
//! caller's `Db::write` (BEGIN IMMEDIATE on SQLite, SERIALIZABLE on PostgreSQL), checks the
//! entry's state first and changes it only from that state, so of two desks acting on the same
//! entry one wins and the other is told what happened.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};

use super::{Entry, Match, NewEntry, SlotRef, State, WaitlistError, check_reason};
use crate::clock::utc_string;
use crate::db::{Db, OptionalExt, Row, Tx};
use crate::domain::appointments::{self, Appointment};
use crate::domain::audit::{self, Change, Entity};
use crate::domain::catalog::{self, local_now};
use crate::error::AppResult;
use crate::ids::{AppointmentId, DoctorId, PatientId, SpecialtyId, StaffId, WaitlistEntryId};
use crate::params;
use crate::wall_time::WallTime;

/// `$1` is today's clinic date: an open entry whose window ended reads `expired`; `$2` the
/// oldest offer that still holds ([`offers_since`]): an older one reads `waiting` again.
const SELECT: &str = "SELECT w.id,
        CASE WHEN w.state IN ('waiting', 'offered') AND w.window_to < $1 THEN 'expired'
             WHEN w.state = 'offered' AND w.offered_at < $2 THEN 'waiting'
             ELSE w.state END,
        w.patient_id, p.first_name || ' ' || p.last_name, p.doc_number, p.phone,
        w.specialty_id, s.name, w.doctor_id,
        (SELECT d.first_name || ' ' || d.last_name FROM catalog_doctors d WHERE d.id = w.doctor_id),
        w.window_from, w.window_to, w.time_from, w.time_to, w.note, w.created_at, w.created_by,
        w.offered_doctor_id,
        (SELECT o.first_name || ' ' || o.last_name FROM catalog_doctors o WHERE o.id = w.offered_doctor_id),
        w.offered_start, w.offered_at, w.offered_by, w.appointment_id, w.closed_at, w.remove_reason,
        w.seq
    FROM waitlist_entries w CROSS JOIN user_patients p CROSS JOIN catalog_specialties s
    WHERE p.id = w.patient_id AND s.id = w.specialty_id";

fn from_row(r: &Row<'_>) -> crate::db::Result<Entry> {
    let state: String = r.get(1)?;
    let entry = Entry {
        id: r.get(0)?,
        state: State::from_code(&state)
            .ok_or_else(|| crate::db::Error::conversion(format!("waitlist state {state}")))?,
        patient_id: r.get(2)?,
        patient_name: r.get(3)?,
        patient_dni: r.get(4)?,
        patient_phone: r.get(5)?,
        specialty_id: r.get(6)?,
        specialty: r.get(7)?,
        doctor_id: r.get(8)?,
        doctor_name: r.get(9)?,
        window_from: r.get(10)?,
        window_to: r.get(11)?,
        time_from: r.get(12)?,
        time_to: r.get(13)?,
        note: r.get(14)?,
        created_at: r.get(15)?,
        created_by: r.get(16)?,
        offered_doctor_id: r.get(17)?,
        offered_doctor_name: r.get(18)?,
        offered_start: r.get(19)?,
        offered_at: r.get(20)?,
        offered_by: r.get(21)?,
        appointment_id: r.get(22)?,
        closed_at: r.get(23)?,
        remove_reason: r.get(24)?,
        seq: r.get(25)?,
    };
    // An offer that lapsed reads as waiting, with no slot held (what `expire_due` writes).
    Ok(match entry.state {
        State::Waiting => Entry {
            offered_doctor_id: None,
            offered_doctor_name: None,
            offered_start: None,
            offered_at: None,
            offered_by: None,
            ..entry
        },
        _ => entry,
    })
}

/// What `now` means to the list, from the clinic's settings (read once).
struct Moment {
    /// Today in the clinic's zone, "YYYY-MM-DD": an entry whose window ended before is expired.
    today: String,
    /// The time of the oldest offer that still holds its slot, as stored (UTC text): an offer
    /// holds for the clinic's `offer_hold_hours`.
    offers_since: String,
}

/// Whether any entry still waits or holds an offer. Every step that expires, offers, holds or
/// closes entries has nothing to do without one, and most clinics' lists are empty most of the
/// day: one indexed read (`waitlist_state_specialty`) instead of those steps' statements, each of
/// which a desk process would otherwise compile for nothing on every booking.
fn any_open(conn: &Db) -> AppResult<bool> {
    Ok(conn.query_one::<bool>(
        "SELECT EXISTS (SELECT 1 FROM waitlist_entries WHERE state IN ('waiting', 'offered'))",
        [],
    )?)
}

fn moment(conn: &Db, now: DateTime<Utc>) -> AppResult<Moment> {
    let settings = catalog::settings::load(conn)?;
    Ok(Moment {
        today: local_now(now, settings.time_zone).date().to_string(),
        offers_since: offers_since(&settings, now),
    })
}

fn offers_since(settings: &catalog::settings::Settings, now: DateTime<Utc>) -> String {
    utc_string(now - chrono::Duration::hours(settings.offer_hold_hours))
}

/// The entry's business fields for the audit trail (joined names and the waiting order left
/// out: the trail keeps what this table holds).
fn audited(e: &Entry) -> serde_json::Value {
    audit::snapshot(
        e,
        &[
            "patient_name",
            "patient_dni",
            "patient_phone",
            "specialty",
            "doctor_name",
            "offered_doctor_name",
            "seq",
        ],
    )
}

/// Records a change of `before` into `after` (or the entry's creation) in the audit trail, in
/// the same transaction.
fn record(
    tx: &Tx<'_>,
    by: Option<&StaffId>,
    now: DateTime<Utc>,
    action: &str,
    before: Option<&Entry>,
    after: &Entry,
) -> AppResult<()> {
    let change = match before {
        Some(b) => Change::updated(
            Entity::WaitlistEntry,
            &after.id,
            action,
            audited(b),
            audited(after),
        ),
        None => Change::created(Entity::WaitlistEntry, &after.id, action, audited(after)),
    };
    audit::record(tx, by, now, change)
}

/// Today in the clinic's zone, "YYYY-MM-DD".
fn today(conn: &Db, now: DateTime<Utc>) -> AppResult<NaiveDate> {
    let tz = catalog::settings::load(conn)?.time_zone;
    Ok(local_now(now, tz).date())
}

/// An entry by full id, its state as of `now`.
pub fn get(conn: &Db, id: &WaitlistEntryId, now: DateTime<Utc>) -> AppResult<Entry> {
    let Moment { today, offers_since } = moment(conn, now)?;
    Ok(conn
        .prepare_cached(&format!("{SELECT} AND w.id = $3"))?
        .query_row(params![today, offers_since, id], from_row)?)
}

/// An entry's id from its full id or a unique prefix (≥ 6 characters).
pub fn resolve_entry(conn: &Db, input: &str) -> AppResult<WaitlistEntryId> {
    crate::db::resolve_id_prefix(
        conn,
        "waitlist_entries",
        input,
        ("entrada de la lista de espera", "waiting-list entry"),
    )
}

/// Which entries to list.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Only this state (as of now); `None` with `all` false: the open ones (waiting, offered).
    pub state: Option<State>,
    /// Every entry, closed ones too.
    pub all: bool,
    pub patient_id: Option<PatientId>,
    pub specialty_id: Option<SpecialtyId>,
    pub doctor_id: Option<DoctorId>,
}

/// Entries, longest-waiting first (the order they were put on the list: `seq`).
pub fn list(conn: &Db, filter: &ListFilter, now: DateTime<Utc>) -> AppResult<Vec<Entry>> {
    let Moment { today, offers_since } = moment(conn, now)?;
    let sql = format!(
        "SELECT * FROM ({SELECT}
           AND (CAST($3 AS TEXT) IS NULL OR w.patient_id = $3)
           AND (CAST($4 AS TEXT) IS NULL OR w.specialty_id = $4)
           AND (CAST($5 AS TEXT) IS NULL OR w.doctor_id = $5 OR w.offered_doctor_id = $5)) AS e
         ORDER BY seq"
    );
    let entries = conn
        .prepare_cached(&sql)?
        .query_map(
            params![
                today,
                offers_since,
                filter.patient_id,
                filter.specialty_id,
                filter.doctor_id
            ],
            from_row,
        )?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(entries
        .into_iter()
        .filter(|e| match filter.state {
            Some(s) => e.state == s,
            None => filter.all || e.state.is_open(),
        })
        .collect())
}

/// Writes `expired` on the open entries whose window ended before today (their ids are
/// returned), and `waiting` on the offers that held their slot longer than
/// the clinic's `offer_hold_hours`. Every waitlist write and every booking runs it first, so a stale
/// entry never blocks a new one nor holds a slot.
pub fn expire_due(tx: &Tx<'_>, now: DateTime<Utc>) -> AppResult<Vec<WaitlistEntryId>> {
    if !any_open(tx)? {
        return Ok(Vec::new());
    }
    expire_open(tx, now)
}

/// [`expire_due`] once the caller knows some entry is open.
fn expire_open(tx: &Tx<'_>, now: DateTime<Utc>) -> AppResult<Vec<WaitlistEntryId>> {
    let Moment { today, offers_since } = moment(tx, now)?;
    let due: Vec<WaitlistEntryId> = tx
        .prepare_cached(
            "SELECT id FROM waitlist_entries
             WHERE state IN ('waiting', 'offered') AND window_to < $1 ORDER BY id",
        )?
        .query_map([&today], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for id in &due {
        let before = get(tx, id, now)?;
        tx.prepare_cached(
            "UPDATE waitlist_entries SET state = 'expired', closed_at = $2
             WHERE id = $1 AND state IN ('waiting', 'offered')",
        )?
        .execute(params![id, utc_string(now)])?;
        // The program decides an expiry, not the desk whose write noticed it.
        record(tx, None, now, "expire", Some(&before), &get(tx, id, now)?)?;
    }
    let lapsed: Vec<(WaitlistEntryId, Entry)> = tx
        .prepare_cached(&format!(
            "{SELECT} AND w.state = 'offered' AND w.offered_at < $2 ORDER BY w.id"
        ))?
        .query_map(params![today, offers_since], |r| {
            // As stored: the entry as it was offered, for the trail's "before".
            let mut offered = from_row(r)?;
            offered.state = State::Offered;
            offered.offered_doctor_id = r.get(17)?;
            offered.offered_doctor_name = r.get(18)?;
            offered.offered_start = r.get(19)?;
            offered.offered_at = r.get(20)?;
            offered.offered_by = r.get(21)?;
            Ok((offered.id.clone(), offered))
        })?
        .collect::<Result<_, _>>()?;
    for (id, before) in &lapsed {
        tx.prepare_cached(
            "UPDATE waitlist_entries
             SET state = 'waiting', offered_doctor_id = NULL, offered_start = NULL, offered_at = NULL,
                 offered_by = NULL
             WHERE id = $1 AND state = 'offered'",
        )?
        .execute([id])?;
        record(tx, None, now, "offer_lapsed", Some(before), &get(tx, id, now)?)?;
    }
    Ok(due)
}

/// A slot held for a waiting-list offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hold {
    pub entry: WaitlistEntryId,
    pub doctor_id: DoctorId,
    pub start: WallTime,
    /// The offered patient (who may take it).
    pub patient_id: PatientId,
}

/// The slots held for waiting-list offers at `now` (an offer that lapsed, or whose entry's
/// window ended, holds nothing, as [`get`] reads it). Read only: the lapses are written by the
/// next [`expire_due`].
pub fn held_slots(conn: &Db, now: DateTime<Utc>) -> AppResult<Vec<Hold>> {
    if !any_open(conn)? {
        return Ok(Vec::new());
    }
    let Moment { today, offers_since } = moment(conn, now)?;
    Ok(conn
        .prepare_cached(
            "SELECT id, offered_doctor_id, offered_start, patient_id FROM waitlist_entries
             WHERE state = 'offered' AND offered_at >= $1 AND (window_to IS NULL OR window_to >= $2)",
        )?
        .query_map(params![offers_since, today], |r| {
            Ok(Hold {
                entry: r.get(0)?,
                doctor_id: r.get(1)?,
                start: r.get(2)?,
                patient_id: r.get(3)?,
            })
        })?
        .collect::<Result<_, _>>()?)
}

/// Refuses `taken` (appointments just booked or moved, inside the caller's transaction) when one
/// of their slots is held for another patient's waiting-list offer: the caller's transaction
/// then rolls back. The offered patient themself may take it (an ordinary booking then takes
/// them off the list). One read of the holds, whatever the number of appointments.
pub fn refuse_held(tx: &Tx<'_>, taken: &[Appointment], now: DateTime<Utc>) -> AppResult<()> {
    let holds = held_slots(tx, now)?;
    if holds.is_empty() {
        return Ok(());
    }
    let hold_hours = catalog::settings::load(tx)?.offer_hold_hours;
    for appointment in taken {
        if let Some(hold) = holds.iter().find(|h| {
            h.doctor_id == appointment.doctor_id
                && h.start == appointment.start
                && h.patient_id != appointment.patient_id
        }) {
            return Err(WaitlistError::SlotOffered {
                start: appointment.start,
                doctor: appointment.doctor_name.clone(),
                other: Some(hold.entry.clone()),
                hold_hours,
            }
            .into());
        }
    }
    Ok(())
}

/// The slot of `doctor` at `start`, as the waiting list sees it.
pub fn slot_of(conn: &Db, doctor_id: &DoctorId, start: WallTime) -> AppResult<SlotRef> {
    let d = catalog::get_doctor(conn, doctor_id)?;
    Ok(SlotRef {
        doctor_id: d.id,
        doctor_name: d.full_name,
        specialty_id: d.specialty_id,
        start,
    })
}

/// Puts a patient on the list. Refused: a deactivated doctor, a doctor of another specialty
/// than the one named, a window already over, a second open entry of the patient for the same
/// specialty (the `waitlist_open_patient_specialty` index is the last guard).
pub fn add(
    tx: &Tx<'_>,
    new: &NewEntry,
    by: Option<&StaffId>,
    now: DateTime<Utc>,
) -> Result<Entry, WaitlistError> {
    expire_due(tx, now)?;
    let patient = crate::domain::patients::get(tx, &new.patient_id)?;
    let doctor = new
        .doctor_id
        .as_ref()
        .map(|d| catalog::get_doctor(tx, d))
        .transpose()?;
    let specialty = match (&new.specialty_id, &doctor) {
        (Some(s), Some(d)) if *s != d.specialty_id => {
            let s = catalog::get_specialty(tx, s)?;
            return Err(WaitlistError::DoctorNotOfSpecialty {
                doctor: d.full_name.clone(),
                specialty: s.name,
            });
        }
        (_, Some(d)) => catalog::get_specialty(tx, &d.specialty_id)?,
        (Some(s), None) => catalog::get_specialty(tx, s)?,
        (None, None) => return Err(WaitlistError::NoSpecialtyOrDoctor),
    };
    if let Some(d) = &doctor
        && !d.active
    {
        return Err(WaitlistError::DoctorInactive {
            doctor: d.full_name.clone(),
        });
    }
    let today = today(tx, now)?;
    if let Some(to) = new.window_to
        && to < today
    {
        return Err(WaitlistError::WindowPast {
            to: to.to_string(),
            today: today.to_string(),
        });
    }
    let duplicate = |existing: WaitlistEntryId| WaitlistError::Duplicate {
        existing,
        specialty: specialty.name.clone(),
    };
    let existing: Option<WaitlistEntryId> = tx
        .prepare_cached(
            "SELECT id FROM waitlist_entries
             WHERE patient_id = $1 AND specialty_id = $2 AND state IN ('waiting', 'offered')",
        )?
        .query_row(params![patient.id, specialty.id], |r| r.get(0))
        .optional()?;
    if let Some(existing) = existing {
        return Err(duplicate(existing));
    }
    let id = WaitlistEntryId::from_string(crate::ids::new_id());
    tx.prepare_cached(
        "INSERT INTO waitlist_entries (id, seq, patient_id, specialty_id, doctor_id, window_from,
             window_to, time_from, time_to, note, state, created_at, created_by)
         VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM waitlist_entries), $2, $3, $4, $5, $6,
             $7, $8, $9, 'waiting', $10, $11)",
    )?
    .execute(params![
        id,
        patient.id,
        specialty.id,
        doctor.as_ref().map(|d| d.id.clone()),
        new.window_from.map(|d| d.to_string()),
        new.window_to.map(|d| d.to_string()),
        new.time.from.map(|t| t.to_string()),
        new.time.to.map(|t| t.to_string()),
        new.note,
        utc_string(now),
        by
    ])
    .map_err(|e| {
        if e.is_unique_on("waitlist_entries.patient_id") || e.is_unique_on("waitlist_open_patient_specialty")
        {
            duplicate(id.clone())
        } else {
            e.into()
        }
    })?;
    let entry = get(tx, &id, now)?;
    record(tx, by, now, "create", None, &entry)?;
    Ok(entry)
}

/// The entry, which must still be open.
fn open_entry(tx: &Tx<'_>, id: &WaitlistEntryId, now: DateTime<Utc>) -> Result<Entry, WaitlistError> {
    let entry = get(tx, id, now)?;
    if !entry.state.is_open() {
        return Err(WaitlistError::Closed {
            id: entry.id,
            state: entry.state,
        });
    }
    Ok(entry)
}

/// The entry offered `slot`, if one is (another than `except`).
fn offered_to(
    tx: &Db,
    slot: &SlotRef,
    except: &WaitlistEntryId,
) -> Result<Option<WaitlistEntryId>, WaitlistError> {
    Ok(tx
        .prepare_cached(
            "SELECT id FROM waitlist_entries
             WHERE offered_doctor_id = $1 AND offered_start = $2 AND state = 'offered' AND id <> $3",
        )?
        .query_row(params![slot.doctor_id, slot.start, except], |r| r.get(0))
        .optional()?)
}

/// Checks that `slot` is one `entry` waits for, bookable now, and not offered to another entry.
fn check_slot_for(
    tx: &Tx<'_>,
    entry: &Entry,
    slot: &SlotRef,
    now: DateTime<Utc>,
) -> Result<(), WaitlistError> {
    if let Some(why) = entry.mismatch(slot) {
        return Err(WaitlistError::SlotMismatch {
            start: slot.start,
            why,
        });
    }
    let doctor = catalog::get_doctor(tx, &slot.doctor_id)?;
    if !doctor.active {
        return Err(WaitlistError::DoctorInactive {
            doctor: doctor.full_name,
        });
    }
    appointments::check_bookable(tx, &slot.doctor_id, slot.start.naive(), now)?;
    if let Some(other) = offered_to(tx, slot, &entry.id)? {
        return Err(WaitlistError::SlotOffered {
            start: slot.start,
            doctor: slot.doctor_name.clone(),
            other: Some(other),
            hold_hours: catalog::settings::load(tx)?.offer_hold_hours,
        });
    }
    Ok(())
}

/// Holds `slot` for a waiting entry while the desk calls the patient. Refused: an entry that
/// is not waiting (offered by another desk, booked, expired, removed), a slot the entry does
/// not wait for or that cannot be booked, a slot offered to another entry (the
/// `waitlist_offered_slot` unique index is the last guard).
pub fn offer(
    tx: &Tx<'_>,
    id: &WaitlistEntryId,
    slot: &SlotRef,
    by: Option<&StaffId>,
    now: DateTime<Utc>,
) -> Result<Entry, WaitlistError> {
    expire_due(tx, now)?;
    let entry = open_entry(tx, id, now)?;
    if let (State::Offered, Some(start)) = (entry.state, entry.offered_start) {
        return Err(WaitlistError::AlreadyOffered {
            id: entry.id,
            start,
            doctor: entry.offered_doctor_name.unwrap_or_default(),
        });
    }
    check_slot_for(tx, &entry, slot, now)?;
    let hold_hours = catalog::settings::load(tx)?.offer_hold_hours;
    let changed = tx
        .prepare_cached(
            "UPDATE waitlist_entries
             SET state = 'offered', offered_doctor_id = $2, offered_start = $3, offered_at = $4, offered_by = $5
             WHERE id = $1 AND state = 'waiting'",
        )?
        .execute(params![entry.id, slot.doctor_id, slot.start, utc_string(now), by])
        .map_err(|e| {
            if e.is_unique_on("waitlist_entries.offered_doctor_id") || e.is_unique_on("waitlist_offered_slot") {
                // Another desk offered it in the same instant (its entry is not visible yet).
                WaitlistError::SlotOffered {
                    start: slot.start,
                    doctor: slot.doctor_name.clone(),
                    other: None,
                    hold_hours,
                }
            } else {
                e.into()
            }
        })?;
    debug_assert_eq!(changed, 1);
    let after = get(tx, &entry.id, now)?;
    record(tx, by, now, "offer", Some(&entry), &after)?;
    Ok(after)
}

/// The patient said no (or could not be reached): the offered slot is released and the entry
/// waits again, in its place.
pub fn decline(
    tx: &Tx<'_>,
    id: &WaitlistEntryId,
    by: Option<&StaffId>,
    now: DateTime<Utc>,
) -> Result<Entry, WaitlistError> {
    expire_due(tx, now)?;
    let entry = open_entry(tx, id, now)?;
    if entry.state != State::Offered {
        return Err(WaitlistError::NotOffered { id: entry.id });
    }
    tx.prepare_cached(
        "UPDATE waitlist_entries
         SET state = 'waiting', offered_doctor_id = NULL, offered_start = NULL, offered_at = NULL,
             offered_by = NULL
         WHERE id = $1 AND state = 'offered'",
    )?
    .execute([&entry.id])?;
    let after = get(tx, &entry.id, now)?;
    record(tx, by, now, "decline", Some(&entry), &after)?;
    Ok(after)
}

/// Takes an open entry off the list (an offered slot is released).
pub fn remove(
    tx: &Tx<'_>,
    id: &WaitlistEntryId,
    reason: Option<&str>,
    by: Option<&StaffId>,
    now: DateTime<Utc>,
) -> Result<Entry, WaitlistError> {
    let reason = check_reason(reason)?;
    expire_due(tx, now)?;
    let entry = open_entry(tx, id, now)?;
    tx.prepare_cached(
        "UPDATE waitlist_entries SET state = 'removed', closed_at = $2, closed_by = $3, remove_reason = $4
         WHERE id = $1 AND state IN ('waiting', 'offered')",
    )?
    .execute(params![entry.id, utc_string(now), by, reason])?;
    let after = get(tx, &entry.id, now)?;
    record(tx, by, now, "remove", Some(&entry), &after)?;
    Ok(after)
}

/// The slot a booking of `entry` takes: `slot` if given (it must be one the entry waits for,
/// bookable, not offered to another entry), else the one offered to it.
pub fn slot_to_book(
    tx: &Tx<'_>,
    id: &WaitlistEntryId,
    slot: Option<&SlotRef>,
    now: DateTime<Utc>,
) -> Result<(Entry, SlotRef), WaitlistError> {
    expire_due(tx, now)?;
    let entry = open_entry(tx, id, now)?;
    let offered = match (&entry.offered_doctor_id, entry.offered_start) {
        (Some(d), Some(start)) if entry.state == State::Offered => Some(slot_of(tx, d, start)?),
        _ => None,
    };
    let slot = match (slot, offered) {
        (Some(s), Some(o)) if *s != o => {
            return Err(WaitlistError::AlreadyOffered {
                id: entry.id,
                start: o.start,
                doctor: o.doctor_name,
            });
        }
        (Some(s), _) => s.clone(),
        (None, Some(o)) => o,
        (None, None) => return Err(WaitlistError::SlotRequired { id: entry.id }),
    };
    if let Some(why) = entry.mismatch(&slot) {
        return Err(WaitlistError::SlotMismatch {
            start: slot.start,
            why,
        });
    }
    if let Some(other) = offered_to(tx, &slot, &entry.id)? {
        return Err(WaitlistError::SlotOffered {
            start: slot.start,
            doctor: slot.doctor_name.clone(),
            other: Some(other),
            hold_hours: catalog::settings::load(tx)?.offer_hold_hours,
        });
    }
    Ok((entry, slot))
}

/// Records the appointment booked for an open entry.
pub fn mark_booked(
    tx: &Tx<'_>,
    id: &WaitlistEntryId,
    appointment: &AppointmentId,
    by: Option<&StaffId>,
    now: DateTime<Utc>,
) -> Result<Entry, WaitlistError> {
    let entry = open_entry(tx, id, now)?;
    tx.prepare_cached(
        "UPDATE waitlist_entries SET state = 'booked', appointment_id = $2, closed_at = $3, closed_by = $4
         WHERE id = $1 AND state IN ('waiting', 'offered')",
    )?
    .execute(params![entry.id, appointment, utc_string(now), by])?;
    let after = get(tx, &entry.id, now)?;
    record(tx, by, now, "book", Some(&entry), &after)?;
    Ok(after)
}

/// An appointment booked by other means (an ordinary booking) for a patient who waits for its
/// specialty (and its doctor, when the entry names one) takes that entry off the list: state
/// `booked` with the appointment. The entries that left, for the front end to say so.
pub fn left_by_booking(
    tx: &Tx<'_>,
    appointment: &Appointment,
    by: Option<&StaffId>,
    now: DateTime<Utc>,
) -> AppResult<Vec<Entry>> {
    if !any_open(tx)? {
        return Ok(Vec::new());
    }
    expire_open(tx, now)?;
    let doctor = catalog::get_doctor(tx, &appointment.doctor_id)?;
    let ids: Vec<WaitlistEntryId> = tx
        .prepare_cached(
            "SELECT id FROM waitlist_entries
             WHERE patient_id = $1 AND specialty_id = $2 AND (doctor_id IS NULL OR doctor_id = $3)
               AND state IN ('waiting', 'offered')
             ORDER BY id",
        )?
        .query_map(
            params![appointment.patient_id, doctor.specialty_id, doctor.id],
            |r| r.get(0),
        )?
        .collect::<Result<_, _>>()?;
    ids.iter()
        .map(|id| mark_booked(tx, id, &appointment.id, by, now).map_err(Into::into))
        .collect()
}

/// Who waits for these free slots: every waiting entry (not offered, not past its window) that
/// one of them suits, longest-waiting first, each with the earliest slot it can take. A slot
/// offered to an entry already is left out, and so is `except_patient` (the patient who just
/// gave the slot up).
pub fn waiting_for(
    conn: &Db,
    slots: &[SlotRef],
    except_patient: Option<&PatientId>,
    now: DateTime<Utc>,
) -> AppResult<Vec<Match>> {
    if slots.is_empty() {
        return Ok(Vec::new());
    }
    let mut slots: Vec<&SlotRef> = slots.iter().collect();
    slots.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.doctor_id.cmp(&b.doctor_id)));
    let mut offered: HashSet<(DoctorId, WallTime)> = HashSet::new();
    let doctors: HashSet<&DoctorId> = slots.iter().map(|s| &s.doctor_id).collect();
    let Moment { offers_since, .. } = moment(conn, now)?;
    for d in doctors {
        let rows: Vec<(DoctorId, WallTime)> = conn
            .prepare_cached(
                "SELECT offered_doctor_id, offered_start FROM waitlist_entries
                 WHERE state = 'offered' AND offered_doctor_id = $1 AND offered_at >= $2",
            )?
            .query_map(params![d, offers_since], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        offered.extend(rows);
    }
    slots.retain(|s| !offered.contains(&(s.doctor_id.clone(), s.start)));
    let mut specialties: Vec<&SpecialtyId> = slots.iter().map(|s| &s.specialty_id).collect();
    specialties.sort();
    specialties.dedup();
    let mut out = Vec::new();
    for specialty in specialties {
        let waiting = list(
            conn,
            &ListFilter {
                state: Some(State::Waiting),
                specialty_id: Some(specialty.clone()),
                ..ListFilter::default()
            },
            now,
        )?;
        for entry in waiting {
            if except_patient.is_some_and(|p| *p == entry.patient_id) {
                continue;
            }
            if let Some(slot) = slots.iter().find(|s| entry.mismatch(s).is_none()) {
                out.push(Match {
                    slot: (*slot).clone(),
                    entry,
                });
            }
        }
    }
    out.sort_by(|a, b| {
        (a.entry.created_at.as_str(), a.entry.id.as_str())
            .cmp(&(b.entry.created_at.as_str(), b.entry.id.as_str()))
    });
    Ok(out)
}
