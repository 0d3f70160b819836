//! Free-slot generation, in memory and without I/O: weekly schedules minus time off, busy
//! intervals (active appointments) and the past. The same rules decide whether one given time is
//! bookable ([`check_slot`]), so the slot list and the booking check cannot disagree.
//!
//! The caller (the appointments domain) loads the schedules, the time off and the busy intervals
//! of the whole range in one query each, then calls [`free_slots`].

use crate::ids::DoctorId;
use crate::wall_time::WallTime;
use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;
use serde::Serialize;

use super::{Doctor, Hm, ScheduleBlock, Weekday};
use crate::money::Cents;

/// A half-open wall-clock interval [start, end).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Interval {
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
}

impl Interval {
    pub fn new(start: NaiveDateTime, end: NaiveDateTime) -> Interval {
        Interval { start, end }
    }

    pub fn overlaps(&self, other: &Interval) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Sorted, merged intervals: "does anything overlap [a, b)?" is one binary search.
#[derive(Debug, Clone, Default)]
pub struct IntervalSet {
    items: Vec<Interval>,
}

impl IntervalSet {
    pub fn new(mut items: Vec<Interval>) -> IntervalSet {
        items.sort();
        let mut merged: Vec<Interval> = Vec::with_capacity(items.len());
        for i in items {
            match merged.last_mut() {
                Some(last) if i.start <= last.end => last.end = last.end.max(i.end),
                _ => merged.push(i),
            }
        }
        IntervalSet { items: merged }
    }

    /// The merged interval overlapping `probe`, if any.
    pub fn overlapping(&self, probe: &Interval) -> Option<&Interval> {
        let idx = self.items.partition_point(|i| i.start < probe.end);
        idx.checked_sub(1)
            .map(|i| &self.items[i])
            .filter(|i| i.overlaps(probe))
    }
}

/// Why a time cannot be booked with a doctor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlotProblem {
    /// No block of the weekly schedule covers that day and time.
    OutsideSchedule,
    /// Inside the schedule but not on a slot boundary (or the slot would run past the block).
    Misaligned {
        slot_minutes: u16,
        earlier: Option<Hm>,
        later: Option<Hm>,
    },
    /// Before "now" in the clinic's zone.
    Past,
    /// The doctor is off then.
    TimeOff { until: NaiveDateTime },
    /// Another active appointment of the doctor overlaps it.
    Taken,
    /// The wall-clock time does not exist in the clinic's zone (a daylight-saving gap).
    NonexistentTime,
}

/// The schedule block that accepts a slot starting at `at`, or why none does.
pub fn block_for(blocks: &[ScheduleBlock], at: NaiveDateTime) -> Result<ScheduleBlock, SlotProblem> {
    let day = Weekday::of(at);
    let t = Hm::of(at);
    let mut covering = None;
    for b in blocks.iter().filter(|b| b.weekday == day) {
        if b.accepts(t) {
            return Ok(*b);
        }
        if b.covers(t) {
            covering = Some(*b);
        }
    }
    match covering {
        None => Err(SlotProblem::OutsideSchedule),
        Some(b) => {
            let earlier = b.slot_starts().filter(|s| *s < t).last();
            let later = b.slot_starts().find(|s| *s > t);
            Err(SlotProblem::Misaligned {
                slot_minutes: b.slot_minutes,
                earlier,
                later,
            })
        }
    }
}

/// The one rule for "can a slot start at `at`": inside the weekly schedule and aligned, real in
/// the clinic's zone, not in the past, not in time off, not overlapping a busy interval.
/// Returns the slot's interval.
pub fn check_slot(
    blocks: &[ScheduleBlock],
    time_off: &IntervalSet,
    busy: &IntervalSet,
    at: NaiveDateTime,
    now: NaiveDateTime,
    tz: Tz,
) -> Result<Interval, SlotProblem> {
    let block = block_for(blocks, at)?;
    if tz.from_local_datetime(&at).earliest().is_none() {
        return Err(SlotProblem::NonexistentTime);
    }
    check_free(time_off, busy, &block, at, now)
}

/// The rules left once `at` is known to be an aligned start of `block` that exists in the zone.
fn check_free(
    time_off: &IntervalSet,
    busy: &IntervalSet,
    block: &ScheduleBlock,
    at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<Interval, SlotProblem> {
    if at < now {
        return Err(SlotProblem::Past);
    }
    let slot = Interval::new(at, at + Duration::minutes(i64::from(block.slot_minutes)));
    if let Some(off) = time_off.overlapping(&slot) {
        return Err(SlotProblem::TimeOff { until: off.end });
    }
    if busy.overlapping(&slot).is_some() {
        return Err(SlotProblem::Taken);
    }
    Ok(slot)
}

/// A free slot, as scripts see it (`doctor_id`, `doctor_name`, `specialty`, `start`, `price_cents`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Slot {
    pub doctor_id: DoctorId,
    pub doctor_name: String,
    pub specialty: String,
    /// "YYYY-MM-DD HH:MM", clinic time.
    pub start: WallTime,
    pub end: WallTime,
    pub price_cents: Cents,
    pub rating: f64,
    pub slot_minutes: u16,
}

/// Everything the generator needs, loaded by the caller (one query each).
pub struct SlotInputs<'a> {
    /// Active doctors to search.
    pub doctors: &'a [Doctor],
    pub schedules: &'a HashMap<String, Vec<ScheduleBlock>>,
    pub time_off: &'a HashMap<String, IntervalSet>,
    pub busy: &'a HashMap<String, IntervalSet>,
}

/// Free slots from `from` for `days` days, earliest first (ties: better rating, then name),
/// at most `limit` (0 = no limit).
pub fn free_slots(
    inputs: &SlotInputs<'_>,
    from: NaiveDate,
    days: u32,
    now: NaiveDateTime,
    tz: Tz,
    limit: usize,
) -> Vec<Slot> {
    let empty_set = IntervalSet::default();
    let mut out = Vec::new();
    let mut day_slots: Vec<(NaiveDateTime, usize, Interval)> = Vec::new();
    for offset in 0..days {
        let Some(date) = from.checked_add_signed(Duration::days(i64::from(offset))) else {
            break;
        };
        if date < now.date() {
            continue;
        }
        let weekday = Weekday(chrono::Datelike::weekday(&date).number_from_monday() as u8);
        // Wall times can only be missing on a day whose UTC offset changes (a DST switch): only
        // then is each slot checked against the zone.
        let offset_at = |h: u32, m: u32| {
            date.and_hms_opt(h, m, 0)
                .and_then(|t| tz.from_local_datetime(&t).earliest())
                .map(|t| t.offset().fix())
        };
        let offset_changes = offset_at(0, 0).is_none() || offset_at(0, 0) != offset_at(23, 59);
        day_slots.clear();
        for (idx, doctor) in inputs.doctors.iter().enumerate() {
            let Some(blocks) = inputs.schedules.get(doctor.id.as_str()) else {
                continue;
            };
            let off = inputs.time_off.get(doctor.id.as_str()).unwrap_or(&empty_set);
            let busy = inputs.busy.get(doctor.id.as_str()).unwrap_or(&empty_set);
            for block in blocks.iter().filter(|b| b.weekday == weekday) {
                for start in block.slot_starts() {
                    let at = date.and_time(
                        chrono::NaiveTime::from_hms_opt(start.hour(), start.minute(), 0).unwrap_or_default(),
                    );
                    let exists = !offset_changes || tz.from_local_datetime(&at).earliest().is_some();
                    if exists && let Ok(slot) = check_free(off, busy, block, at, now) {
                        day_slots.push((at, idx, slot));
                    }
                }
            }
        }
        day_slots.sort_by(|a, b| {
            let (da, db) = (&inputs.doctors[a.1], &inputs.doctors[b.1]);
            a.0.cmp(&b.0)
                .then(db.rating.total_cmp(&da.rating))
                .then_with(|| da.last_name.cmp(&db.last_name))
                .then_with(|| da.id.cmp(&db.id))
        });
        for (_, idx, slot) in &day_slots {
            let d = &inputs.doctors[*idx];
            out.push(Slot {
                doctor_id: d.id.clone(),
                doctor_name: d.full_name.clone(),
                specialty: d.specialty.clone(),
                start: WallTime::new(slot.start),
                end: WallTime::new(slot.end),
                price_cents: d.price,
                rating: d.rating,
                slot_minutes: (slot.end - slot.start).num_minutes() as u16,
            });
            if limit > 0 && out.len() >= limit {
                return out;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::parse_schedule;

    fn t(s: &str) -> NaiveDateTime {
        crate::domain::catalog::parse_wall(s).unwrap()
    }

    fn set(items: &[(&str, &str)]) -> IntervalSet {
        IntervalSet::new(items.iter().map(|(a, b)| Interval::new(t(a), t(b))).collect())
    }

    /// 2026-03-02 is a Monday; "now" is Monday 09:00 in Lima.
    #[test]
    fn slot_rules_table() {
        let blocks = parse_schedule(&["lun-vie 08:00-13:00/20", "sab 09:00-12:00/30"]).unwrap();
        let off = set(&[("2026-03-04 00:00", "2026-03-05 00:00")]);
        let busy = set(&[("2026-03-03 10:00", "2026-03-03 10:20")]);
        let now = t("2026-03-02 09:00");
        let lima = chrono_tz::America::Lima;
        use SlotProblem::*;
        let cases: &[(&str, Result<&str, SlotProblem>)] = &[
            ("2026-03-02 09:00", Ok("2026-03-02 09:20")), // now exactly: still bookable
            ("2026-03-02 09:20", Ok("2026-03-02 09:40")),
            ("2026-03-02 12:40", Ok("2026-03-02 13:00")), // last slot of the block
            ("2026-03-02 08:40", Err(Past)),
            ("2026-03-01 10:00", Err(OutsideSchedule)), // Sunday
            ("2026-03-02 13:00", Err(OutsideSchedule)), // block end
            ("2026-03-02 07:40", Err(OutsideSchedule)),
            (
                "2026-03-02 09:10",
                Err(Misaligned {
                    slot_minutes: 20,
                    earlier: Hm::parse("09:00"),
                    later: Hm::parse("09:20"),
                }),
            ),
            (
                "2026-03-04 10:00",
                Err(TimeOff {
                    until: t("2026-03-05 00:00"),
                }),
            ),
            ("2026-03-03 10:00", Err(Taken)),
            ("2026-03-03 10:20", Ok("2026-03-03 10:40")), // right after the taken one
            ("2026-03-07 11:30", Ok("2026-03-07 12:00")), // Saturday, 30-minute slots
            (
                "2026-03-07 11:40",
                Err(Misaligned {
                    slot_minutes: 30,
                    earlier: Hm::parse("11:30"),
                    later: None,
                }),
            ),
        ];
        for (at, expected) in cases {
            let got = check_slot(&blocks, &off, &busy, t(at), now, lima)
                .map(|s| crate::domain::catalog::wall(s.end));
            assert_eq!(got, expected.clone().map(String::from), "{at}");
        }
    }

    #[test]
    fn a_busy_interval_of_another_length_blocks_every_overlapping_slot() {
        let blocks = parse_schedule(&["lun 08:00-10:00/20"]).unwrap();
        // A 30-minute appointment left over from an older schedule.
        let busy = set(&[("2026-03-09 08:10", "2026-03-09 08:40")]);
        let now = t("2026-03-02 09:00");
        let free: Vec<bool> = ["08:00", "08:20", "08:40"]
            .iter()
            .map(|h| {
                check_slot(
                    &blocks,
                    &IntervalSet::default(),
                    &busy,
                    t(&format!("2026-03-09 {h}")),
                    now,
                    chrono_tz::America::Lima,
                )
                .is_ok()
            })
            .collect();
        assert_eq!(free, [false, false, true]);
    }

    #[test]
    fn the_clinic_zone_decides_which_wall_times_exist() {
        // Santiago de Chile springs forward on 2026-09-06: 00:00–00:59 does not exist.
        let blocks = parse_schedule(&["dom 00:00-02:00/30"]).unwrap();
        let now = t("2026-09-01 09:00");
        let empty = IntervalSet::default();
        let at = t("2026-09-06 00:30");
        assert_eq!(
            check_slot(&blocks, &empty, &empty, at, now, chrono_tz::America::Santiago),
            Err(SlotProblem::NonexistentTime)
        );
        assert!(check_slot(&blocks, &empty, &empty, at, now, chrono_tz::America::Lima).is_ok());
    }

    #[test]
    fn the_slot_list_skips_wall_times_missing_on_a_clock_change_day() {
        let conn = crate::db::open_in_memory().unwrap();
        crate::db::write(&conn, |tx| {
            crate::domain::catalog::fixtures::load(tx, chrono::DateTime::UNIX_EPOCH)
        })
        .unwrap();
        let doctors = crate::domain::catalog::list_doctors(&conn, &Default::default()).unwrap();
        let doctors = &doctors[..1];
        let schedules = HashMap::from([(
            doctors[0].id.to_string(),
            parse_schedule(&["dom 00:00-02:00/30"]).unwrap(),
        )]);
        let none = HashMap::new();
        let inputs = SlotInputs {
            doctors,
            schedules: &schedules,
            time_off: &none,
            busy: &none,
        };
        let day = NaiveDate::from_ymd_opt(2026, 9, 6).unwrap();
        let starts = |tz| -> Vec<String> {
            free_slots(&inputs, day, 1, t("2026-09-01 09:00"), tz, 0)
                .into_iter()
                .map(|s| s.start.to_string())
                .collect()
        };
        assert_eq!(
            starts(chrono_tz::America::Santiago),
            ["2026-09-06 01:00", "2026-09-06 01:30"]
        );
        assert_eq!(starts(chrono_tz::America::Lima).len(), 4);
    }

    fn doctor() -> Doctor {
        Doctor {
            id: crate::ids::DoctorId::from_string("d1"),
            first_name: "Rosa".into(),
            last_name: "Quispe".into(),
            full_name: "Rosa Quispe".into(),
            specialty_id: crate::ids::SpecialtyId::from_string("s1"),
            specialty: "Medicina General".into(),
            cmp: None,
            rating: 4.5,
            years_experience: 10,
            price: Cents(6000),
            photo_url: None,
            active: true,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    proptest::proptest! {
        /// The slot list and the booking check are the same rule: over a week, the free slots
        /// listed are exactly the 5-minute-grid times that `check_slot` accepts.
        #[test]
        fn listed_slots_are_exactly_the_bookable_times(
            spec in proptest::sample::select(vec![
                "lun-vie 08:00-13:00/20", "lun,mie 08:00-12:00/15 14:00-18:30/30",
                "sab 09:00-12:00/30; mar 07:05-09:00/25", "lun-dom 00:00-23:55/5",
            ]),
            busy_at in proptest::collection::vec((0i64..7 * 24 * 12, 1i64..12), 0..12),
            off_at in proptest::collection::vec((0i64..7 * 24 * 12, 1i64..48), 0..3),
            now_step in 0i64..7 * 24 * 12,
        ) {
            let blocks = parse_schedule(&[spec]).unwrap();
            let monday = t("2026-03-02 00:00");
            let five = |n: i64| monday + Duration::minutes(5 * n);
            let busy = IntervalSet::new(busy_at.iter().map(|(a, l)| Interval::new(five(*a), five(a + l))).collect());
            let off = IntervalSet::new(off_at.iter().map(|(a, l)| Interval::new(five(*a), five(a + l))).collect());
            let now = five(now_step);
            let lima = chrono_tz::America::Lima;
            let doctors = &[doctor()];
            let id = doctors[0].id.to_string();
            let schedules = HashMap::from([(id.clone(), blocks.clone())]);
            let busy_map = HashMap::from([(id.clone(), busy.clone())]);
            let off_map = HashMap::from([(id.clone(), off.clone())]);
            let inputs = SlotInputs { doctors, schedules: &schedules, time_off: &off_map, busy: &busy_map };
            let listed: Vec<String> =
                free_slots(&inputs, monday.date(), 7, now, lima, 0).into_iter().map(|s| s.start.to_string()).collect();
            let accepted: Vec<String> = (0..7 * 24 * 12)
                .map(five)
                .filter(|at| check_slot(&blocks, &off, &busy, *at, now, lima).is_ok())
                .map(crate::domain::catalog::wall)
                .collect();
            proptest::prop_assert_eq!(listed, accepted);
        }
    }

    #[test]
    fn intervals_merge_and_answer_overlaps() {
        let s = set(&[
            ("2026-03-02 10:00", "2026-03-02 10:30"),
            ("2026-03-02 10:20", "2026-03-02 11:00"),
            ("2026-03-02 12:00", "2026-03-02 12:20"),
        ]);
        for (a, b, hit) in [
            ("2026-03-02 09:40", "2026-03-02 10:00", false),
            ("2026-03-02 10:40", "2026-03-02 11:00", true),
            ("2026-03-02 11:00", "2026-03-02 12:00", false),
            ("2026-03-02 12:10", "2026-03-02 12:30", true),
            ("2026-03-02 12:20", "2026-03-02 12:40", false),
        ] {
            assert_eq!(
                s.overlapping(&Interval::new(t(a), t(b))).is_some(),
                hit,
                "{a}-{b}"
            );
        }
    }
}
