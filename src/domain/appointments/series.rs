//! Recurring visits (issue 14, item 2): the same patient with the same doctor at the same time,
//! every week, every two weeks or every month, N times.
//!
//! - [`plan_series`] checks every occurrence with exactly the checks of an ordinary booking (the
//!   doctor active, the weekly schedule and its grid, time off, the slot taken, the patient
//!   already booked then, the past: `check_doctor_slot` and `check_patient_free`, the functions
//!   [`super::book`] runs) and gives, for each one that fails, the nearest free alternative
//!   ([`ALTERNATIVE_DAYS`] either side, the same day first). Read-only: the TUI shows it before
//!   the desk confirms.
//! - [`book_series`] plans again inside the caller's transaction and, when nothing is in the way,
//!   writes the series and books each occurrence through [`super::book`] (all or nothing: any
//!   conflict is [`AppointmentError::SeriesConflicts`], listing every one, and nothing is written).
//! - [`following`], [`plan_shift`], [`reschedule_following`]: "this one and the following ones".
//!   Cancelling them is `flows::cancel::cancel_following` (each one refunded as an ordinary cancel).
//!
//! Rules decided here: a series has [`MIN_COUNT`]..=[`MAX_COUNT`] appointments and its last
//! occurrence is at most one year after the first (the same date a year later included), so
//! weekly goes up to 52, every two weeks up to 27, monthly up to 13. "Monthly" keeps the day of
//! the month of the first appointment, counted from the first each time; in a month without
//! that day (the 29th–31st) it is that month's last day (31 Jan → 28/29 Feb → 31 Mar → 30 Apr).

use chrono::{DateTime, Duration, Months, NaiveDateTime, Utc};
use chrono_tz::Tz;
use std::collections::HashMap;

use super::booking::{
    active_doctor, book, check_doctor_slot, check_patient_free, patient_busy_except, reschedule,
};
use super::store::{doctor_busy, get_appointment, series_members};
use super::{Appointment, AppointmentError, BookingRequest, SeriesConflict};
use crate::clock::utc_string;
use crate::db::{Db, Tx};
use crate::domain::audit::{self, Change, Entity};
use crate::domain::catalog::slots::{Interval, SlotInputs, free_slots};
use crate::domain::catalog::{self, Doctor, local_now, schedules_for_doctors, time_off_by_doctor};
use crate::i18n::Lang;
use crate::ids::{AppointmentId, PatientId, SeriesId, StaffId};
use crate::params;
use crate::wall_time::WallTime;

/// Fewest appointments in a series.
pub const MIN_COUNT: u32 = 2;
/// Most appointments in a series (a year of weekly visits).
pub const MAX_COUNT: u32 = 52;
/// How far from a conflicting occurrence its alternative is looked for, in days either side
/// (fewer than half a week, so that two weekly occurrences never share an alternative).
pub const ALTERNATIVE_DAYS: i64 = 3;

/// How often a series repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Repeat {
    Weekly,
    Biweekly,
    Monthly,
}

impl Repeat {
    pub const ALL: [Repeat; 3] = [Repeat::Weekly, Repeat::Biweekly, Repeat::Monthly];

    /// The stored and scripted code.
    pub fn as_str(self) -> &'static str {
        match self {
            Repeat::Weekly => "weekly",
            Repeat::Biweekly => "biweekly",
            Repeat::Monthly => "monthly",
        }
    }

    /// The word for people.
    pub fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Es, Repeat::Weekly) => "semanal",
            (Lang::Es, Repeat::Biweekly) => "cada dos semanas",
            (Lang::Es, Repeat::Monthly) => "mensual",
            (Lang::En, Repeat::Weekly) => "weekly",
            (Lang::En, Repeat::Biweekly) => "every two weeks",
            (Lang::En, Repeat::Monthly) => "monthly",
        }
    }

    /// The code, or its Spanish word (`semanal`, `quincenal`, `mensual`).
    pub fn parse(input: &str) -> Result<Repeat, AppointmentError> {
        match crate::text::fold(input.trim()).as_str() {
            "weekly" | "semanal" => Ok(Repeat::Weekly),
            "biweekly" | "quincenal" => Ok(Repeat::Biweekly),
            "monthly" | "mensual" => Ok(Repeat::Monthly),
            _ => Err(AppointmentError::UnknownRepeat {
                input: crate::text::shown(input, 40).to_string(),
            }),
        }
    }

    /// The `k`-th occurrence (0 = the first), counted from the first each time.
    pub fn nth(self, first: NaiveDateTime, k: u32) -> Option<NaiveDateTime> {
        match self {
            Repeat::Weekly => first.checked_add_signed(Duration::weeks(i64::from(k))),
            Repeat::Biweekly => first.checked_add_signed(Duration::weeks(2 * i64::from(k))),
            // chrono clamps to the month's last day (31 Jan + 1 month = 28/29 Feb).
            Repeat::Monthly => first.checked_add_months(Months::new(k)),
        }
    }
}

/// The latest start a series beginning at `first` may reach: the same time a year later.
fn a_year_after(first: NaiveDateTime) -> NaiveDateTime {
    first
        .checked_add_months(Months::new(12))
        .unwrap_or(NaiveDateTime::MAX)
}

/// The starts of a series, after checking its size and that it stays within a year.
pub fn occurrences(
    first: NaiveDateTime,
    repeat: Repeat,
    count: u32,
) -> Result<Vec<NaiveDateTime>, AppointmentError> {
    if !(MIN_COUNT..=MAX_COUNT).contains(&count) {
        return Err(AppointmentError::SeriesCount {
            min: MIN_COUNT,
            max: MAX_COUNT,
        });
    }
    let limit = a_year_after(first);
    let mut out = Vec::with_capacity(count as usize);
    for k in 0..count {
        let at = repeat.nth(first, k).unwrap_or(NaiveDateTime::MAX);
        if at > limit {
            return Err(AppointmentError::SeriesTooLong {
                position: k + 1,
                count,
                at: WallTime::new(at),
                limit: WallTime::new(limit),
            });
        }
        out.push(at);
    }
    Ok(out)
}

/// A validated series request: the first booking (patient, doctor, time, notes, orientation)
/// and how it repeats.
#[derive(Debug, Clone)]
pub struct SeriesRequest {
    pub first: BookingRequest,
    pub repeat: Repeat,
    pub count: u32,
    starts: Vec<NaiveDateTime>,
}

impl SeriesRequest {
    pub fn new(first: BookingRequest, repeat: Repeat, count: u32) -> Result<SeriesRequest, AppointmentError> {
        let starts = occurrences(first.at, repeat, count)?;
        Ok(SeriesRequest {
            first,
            repeat,
            count,
            starts,
        })
    }

    /// Every start, first to last.
    pub fn starts(&self) -> &[NaiveDateTime] {
        &self.starts
    }
}

/// One occurrence as checked: bookable, or why not with its alternative.
#[derive(Debug, Clone)]
pub struct PlannedOccurrence {
    /// 1-based.
    pub position: u32,
    pub at: WallTime,
    pub conflict: Option<SeriesConflict>,
}

/// What checking a series (or a shift of its following appointments) found.
#[derive(Debug, Clone)]
pub struct SeriesPlan {
    pub doctor_name: String,
    pub occurrences: Vec<PlannedOccurrence>,
}

impl SeriesPlan {
    pub fn conflicts(&self) -> Vec<SeriesConflict> {
        self.occurrences
            .iter()
            .filter_map(|o| o.conflict.clone())
            .collect()
    }
}

/// A booked series.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Series {
    pub id: SeriesId,
    pub repeat: Repeat,
    pub count: u32,
    pub appointments: Vec<Appointment>,
}

/// Whether `at` can be booked (or moved to) with `doctor` for `patient`, by the ordinary
/// booking's own checks; `except` are the appointments being moved.
struct Checker<'a> {
    conn: &'a Db,
    doctor: Doctor,
    patient: PatientId,
    now: NaiveDateTime,
    tz: Tz,
    except: Vec<&'a AppointmentId>,
}

impl Checker<'_> {
    fn check(
        &self,
        position: u32,
        count: u32,
        at: NaiveDateTime,
    ) -> Result<Option<SeriesConflict>, AppointmentError> {
        let problem = match check_doctor_slot(self.conn, &self.doctor, at, self.now, self.tz, &self.except) {
            Ok(slot) => match check_patient_free(self.conn, &self.patient, &slot, &self.except) {
                Ok(()) => return Ok(None),
                Err(e) => e,
            },
            Err(e) => e,
        };
        // A database error is not a conflict of this occurrence.
        if let AppointmentError::Other(_) = problem {
            return Err(problem);
        }
        Ok(Some(SeriesConflict {
            position,
            count,
            at: WallTime::new(at),
            problem: Box::new(problem),
            alternative: self.nearest_free(at)?,
        }))
    }

    /// The free slot of the same doctor nearest to `at` that the patient can take: the same
    /// day first, else the nearest within [`ALTERNATIVE_DAYS`] either side (a tie: the earlier).
    fn nearest_free(&self, at: NaiveDateTime) -> Result<Option<WallTime>, AppointmentError> {
        let from = at.date() - Duration::days(ALTERNATIVE_DAYS);
        let days = (2 * ALTERNATIVE_DAYS + 1) as u32;
        let start = from.and_hms_opt(0, 0, 0).unwrap_or_default();
        let (lo, hi) = (
            start - Duration::days(1),
            start + Duration::days(i64::from(days) + 1),
        );
        let id = self.doctor.id.as_str();
        let schedules = schedules_for_doctors(self.conn, None, Some(id))?;
        let time_off = time_off_by_doctor(self.conn, None, Some(id), lo, hi)?;
        let busy = HashMap::from([(
            id.to_string(),
            doctor_busy(self.conn, &self.doctor.id, lo, hi, &self.except)?,
        )]);
        let inputs = SlotInputs {
            doctors: std::slice::from_ref(&self.doctor),
            schedules: &schedules,
            time_off: &time_off,
            busy: &busy,
        };
        let patient = patient_busy_except(self.conn, &self.patient, lo, hi, &self.except)?;
        let free = free_slots(&inputs, from, days, self.now, self.tz, 0)
            .into_iter()
            .map(|s| Interval::new(s.start.naive(), s.end.naive()))
            .filter(|s| s.start != at && !patient.iter().any(|b| b.overlaps(s)));
        let distance = |s: &Interval| ((s.start - at).num_minutes().abs(), s.start);
        let (same_day, other): (Vec<Interval>, Vec<Interval>) =
            free.partition(|s| s.start.date() == at.date());
        let best = same_day
            .iter()
            .min_by_key(|s| distance(s))
            .or_else(|| other.iter().min_by_key(|s| distance(s)));
        Ok(best.map(|s| WallTime::new(s.start)))
    }
}

/// Checks every occurrence of `req` as an ordinary booking would, without writing: the doctor
/// must be active (else [`AppointmentError::DoctorInactive`]: no alternative with them exists)
/// and the patient must exist; each occurrence is bookable or carries its conflict.
pub fn plan_series(
    conn: &Db,
    req: &SeriesRequest,
    now: DateTime<Utc>,
) -> Result<SeriesPlan, AppointmentError> {
    let settings = catalog::settings::load(conn)?;
    let doctor = active_doctor(conn, &req.first.doctor_id)?;
    crate::domain::patients::get(conn, &req.first.patient_id)?;
    let checker = Checker {
        conn,
        doctor,
        patient: req.first.patient_id.clone(),
        now: local_now(now, settings.time_zone),
        tz: settings.time_zone,
        except: Vec::new(),
    };
    let mut occurrences = Vec::with_capacity(req.starts.len());
    for (k, at) in req.starts.iter().enumerate() {
        let position = k as u32 + 1;
        occurrences.push(PlannedOccurrence {
            position,
            at: WallTime::new(*at),
            conflict: checker.check(position, req.count, *at)?,
        });
    }
    Ok(SeriesPlan {
        doctor_name: checker.doctor.full_name.clone(),
        occurrences,
    })
}

/// Books the whole series in the caller's transaction, or nothing: every occurrence is planned
/// first ([`plan_series`]); any conflict is [`AppointmentError::SeriesConflicts`] with all of
/// them. Then the series row, and each occurrence through the ordinary [`book`] (the first one
/// carries the orientation and an emergency override, if any; the notes go with every one).
pub fn book_series(
    tx: &Tx<'_>,
    req: &SeriesRequest,
    by_staff: Option<&StaffId>,
    now: DateTime<Utc>,
) -> Result<Series, AppointmentError> {
    let plan = plan_series(tx, req, now)?;
    let conflicts = plan.conflicts();
    if !conflicts.is_empty() {
        return Err(AppointmentError::SeriesConflicts {
            moving: false,
            conflicts,
        });
    }
    let id = SeriesId::from_string(crate::ids::new_id());
    tx.prepare_cached(
        "INSERT INTO appointment_series (id, patient_id, doctor_id, rule, count, first_start, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )?
    .execute(params![
        id,
        req.first.patient_id,
        req.first.doctor_id,
        req.repeat.as_str(),
        i64::from(req.count),
        WallTime::new(req.first.at),
        by_staff,
        utc_string(now)
    ])?;
    let mut appointments = Vec::with_capacity(req.starts.len());
    for (k, at) in req.starts.iter().enumerate() {
        let mut member = req.first.clone();
        member.at = *at;
        member.series = Some((id.clone(), k as u32 + 1));
        if k > 0 {
            member.orientation_id = None;
            member.emergency_override = None;
        }
        // Each one is recorded in the audit trail by `book` (its series and position with it).
        appointments.push(book(tx, &member, by_staff, now)?);
    }
    // The series itself: one trail row (an appointments-domain entity, keyed by the series id)
    // naming its rule, size and members.
    let members: Vec<&str> = appointments.iter().map(|a| a.id.as_str()).collect();
    audit::record(
        tx,
        by_staff,
        now,
        Change::created(
            Entity::Appointment,
            id.as_str(),
            "book_series",
            serde_json::json!({
                "series_id": id,
                "patient_id": req.first.patient_id,
                "doctor_id": req.first.doctor_id,
                "rule": req.repeat.as_str(),
                "count": req.count,
                "first_start": WallTime::new(req.first.at),
                "appointments": members,
            }),
        ),
    )?;
    Ok(Series {
        id,
        repeat: req.repeat,
        count: req.count,
        appointments,
    })
}

/// The appointments after `appt` in its series (by position) that can still be cancelled or
/// moved (booked or confirmed); `appt` itself is not among them. Not in a series:
/// [`AppointmentError::NotInSeries`].
pub fn following(conn: &Db, appt: &Appointment) -> Result<Vec<Appointment>, AppointmentError> {
    let Some(place) = &appt.series else {
        return Err(AppointmentError::NotInSeries { id: appt.id.clone() });
    };
    Ok(series_members(conn, &place.series_id, place.series_position + 1)?
        .into_iter()
        .filter(|a| a.status.can_reschedule())
        .collect())
}

/// Checks moving `appt` to `new_at` and each of its [`following`] ones by the same shift, as
/// ordinary reschedules would (the moving appointments do not stand in each other's way).
pub fn plan_shift(
    conn: &Db,
    appt: &Appointment,
    new_at: NaiveDateTime,
    now: DateTime<Utc>,
) -> Result<SeriesPlan, AppointmentError> {
    let (moving, shift) = shift_of(conn, appt, new_at)?;
    let settings = catalog::settings::load(conn)?;
    let doctor = active_doctor(conn, &appt.doctor_id)?;
    let checker = Checker {
        conn,
        doctor,
        patient: appt.patient_id.clone(),
        now: local_now(now, settings.time_zone),
        tz: settings.time_zone,
        except: moving.iter().map(|a| &a.id).collect(),
    };
    let mut occurrences = Vec::with_capacity(moving.len());
    for m in &moving {
        let place = m.series.as_ref();
        let position = place.map_or(0, |p| p.series_position);
        let count = place.map_or(0, |p| p.series_count);
        let at = m.start.naive() + shift;
        occurrences.push(PlannedOccurrence {
            position,
            at: WallTime::new(at),
            conflict: checker.check(position, count, at)?,
        });
    }
    Ok(SeriesPlan {
        doctor_name: checker.doctor.full_name.clone(),
        occurrences,
    })
}

/// `appt` and its following ones, and the shift that takes `appt` to `new_at`: the rules a
/// move of the following ones keeps before any slot is looked at (in a series, movable, not
/// already there, the series still within a year of its first appointment).
fn shift_of(
    conn: &Db,
    appt: &Appointment,
    new_at: NaiveDateTime,
) -> Result<(Vec<Appointment>, Duration), AppointmentError> {
    let rest = following(conn, appt)?;
    if !appt.status.can_reschedule() {
        return Err(AppointmentError::CannotReschedule { status: appt.status });
    }
    let shift = new_at - appt.start.naive();
    if shift.is_zero() {
        return Err(AppointmentError::AlreadyAt { start: appt.start });
    }
    let mut moving = vec![appt.clone()];
    moving.extend(rest);
    if let Some(place) = &appt.series {
        let first: WallTime = conn
            .prepare_cached("SELECT first_start FROM appointment_series WHERE id = $1")?
            .query_row([&place.series_id], |r| r.get(0))?;
        let limit = a_year_after(first.naive());
        for m in &moving {
            let at = m.start.naive() + shift;
            if at > limit {
                let p = m.series.as_ref();
                return Err(AppointmentError::SeriesTooLong {
                    position: p.map_or(0, |p| p.series_position),
                    count: p.map_or(0, |p| p.series_count),
                    at: WallTime::new(at),
                    limit: WallTime::new(limit),
                });
            }
        }
    }
    Ok((moving, shift))
}

/// Moves `id` to `new_at` and each of its following ones by the same shift, in the caller's
/// transaction, all or nothing: every new time is checked first ([`plan_shift`]); any conflict
/// is [`AppointmentError::SeriesConflicts`] with all of them. `seen` is the start the desk saw:
/// when another desk moved the appointment meanwhile, nothing moves
/// ([`AppointmentError::MovedMeanwhile`]). Each move is an ordinary [`reschedule`] (same row, its
/// payment kept, its history), made in an order where no moving appointment stands in another's
/// way. Returns the moved appointments by position.
pub fn reschedule_following(
    tx: &Tx<'_>,
    id: &AppointmentId,
    new_at: NaiveDateTime,
    seen: Option<WallTime>,
    by_staff: Option<&StaffId>,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Vec<Appointment>, AppointmentError> {
    super::lifecycle::check_reason(reason)?;
    let appt = get_appointment(tx, id)?;
    if let Some(seen) = seen
        && seen != appt.start
    {
        return Err(AppointmentError::MovedMeanwhile {
            id: appt.id,
            start: appt.start,
        });
    }
    let plan = plan_shift(tx, &appt, new_at, now)?;
    let conflicts = plan.conflicts();
    if !conflicts.is_empty() {
        return Err(AppointmentError::SeriesConflicts {
            moving: true,
            conflicts,
        });
    }
    let (mut moving, shift) = shift_of(tx, &appt, new_at)?;
    // The doctor's appointments never overlap: moving later, the latest goes first (what it
    // moves onto was never another moving one's, or that one has moved already); earlier, the
    // earliest first.
    moving.sort_by_key(|a| a.start);
    if shift > Duration::zero() {
        moving.reverse();
    }
    let mut moved = Vec::with_capacity(moving.len());
    for m in &moving {
        moved.push(reschedule(
            tx,
            &m.id,
            m.start.naive() + shift,
            by_staff,
            reason,
            now,
        )?);
    }
    moved.sort_by_key(|a| a.series.as_ref().map(|p| p.series_position));
    Ok(moved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        catalog::parse_wall(s).unwrap()
    }

    fn starts(first: &str, repeat: Repeat, count: u32) -> Result<Vec<String>, AppointmentError> {
        occurrences(t(first), repeat, count)
            .map(|v| v.into_iter().map(|a| WallTime::new(a).to_string()).collect())
    }

    #[test]
    fn monthly_keeps_the_day_or_takes_the_months_last() {
        assert_eq!(
            starts("2026-01-31 10:00", Repeat::Monthly, 5).unwrap(),
            [
                "2026-01-31 10:00",
                "2026-02-28 10:00",
                "2026-03-31 10:00",
                "2026-04-30 10:00",
                "2026-05-31 10:00"
            ]
        );
        // A leap year's February has its 29th.
        assert_eq!(
            starts("2028-01-30 09:00", Repeat::Monthly, 3).unwrap(),
            ["2028-01-30 09:00", "2028-02-29 09:00", "2028-03-30 09:00"]
        );
    }

    #[test]
    fn weekly_and_biweekly_step_by_seven_and_fourteen_days() {
        assert_eq!(
            starts("2026-03-02 10:00", Repeat::Weekly, 3).unwrap(),
            ["2026-03-02 10:00", "2026-03-09 10:00", "2026-03-16 10:00"]
        );
        assert_eq!(
            starts("2026-12-28 10:00", Repeat::Biweekly, 3).unwrap(),
            ["2026-12-28 10:00", "2027-01-11 10:00", "2027-01-25 10:00"]
        );
    }

    /// The size and the one-year limit, as a table: (rule, count, allowed).
    #[test]
    fn a_series_has_two_to_fifty_two_and_stays_within_a_year() {
        let cases = [
            (Repeat::Weekly, 1, false),
            (Repeat::Weekly, 2, true),
            (Repeat::Weekly, 52, true),
            (Repeat::Weekly, 53, false),
            (Repeat::Biweekly, 27, true),
            (Repeat::Biweekly, 28, false),
            (Repeat::Monthly, 13, true),
            (Repeat::Monthly, 14, false),
            (Repeat::Weekly, 0, false),
        ];
        for (repeat, count, ok) in cases {
            let r = occurrences(t("2026-03-02 10:00"), repeat, count);
            assert_eq!(r.is_ok(), ok, "{repeat:?} × {count}: {r:?}");
            match r {
                Err(AppointmentError::SeriesCount { .. }) => assert!(!(2..=52).contains(&count)),
                Err(AppointmentError::SeriesTooLong { position, limit, .. }) => {
                    assert_eq!(limit.to_string(), "2027-03-02 10:00");
                    assert_eq!(position, count);
                }
                Err(e) => panic!("{e}"),
                Ok(v) => assert_eq!(v.len(), count as usize),
            }
        }
    }

    #[test]
    fn repeat_words_in_both_languages() {
        for r in Repeat::ALL {
            assert_eq!(Repeat::parse(r.as_str()).unwrap(), r);
        }
        assert_eq!(Repeat::parse("Semanal").unwrap(), Repeat::Weekly);
        assert_eq!(Repeat::parse("quincenal").unwrap(), Repeat::Biweekly);
        assert_eq!(Repeat::parse(" MENSUAL ").unwrap(), Repeat::Monthly);
        assert!(matches!(
            Repeat::parse("daily"),
            Err(AppointmentError::UnknownRepeat { .. })
        ));
    }
}
