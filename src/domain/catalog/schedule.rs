//! Weekly schedules (`catalog_schedules`): on a weekday, from a start to an end time, in slots
//! of a fixed length. Written and read as text like `"lun-vie 08:00-13:00/20; sáb 09:00-12:00/30"`.

use std::collections::HashMap;
use std::fmt;

use crate::db::{Db, Tx};
use crate::params;
use chrono::{DateTime, Datelike, NaiveDateTime, Timelike, Utc};
use serde::{Serialize, Serializer};

use super::CatalogError;
use super::ScheduleProblem;
use crate::error::{AppError, AppResult};
use crate::ids::{DoctorId, StaffId};
use crate::text::fold;

/// A clock time as minutes since midnight; shown and stored "HH:MM".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hm(pub u16);

impl Hm {
    pub fn parse(s: &str) -> Option<Hm> {
        let (h, m) = s.trim().split_once(':')?;
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return None;
        }
        let h: u16 = h.parse().ok()?;
        let m: u16 = m.parse().ok()?;
        (h < 24 && m < 60).then_some(Hm(h * 60 + m))
    }

    pub fn of(t: NaiveDateTime) -> Hm {
        Hm((t.hour() * 60 + t.minute()) as u16)
    }

    pub fn hour(self) -> u32 {
        u32::from(self.0 / 60)
    }

    pub fn minute(self) -> u32 {
        u32::from(self.0 % 60)
    }
}

impl fmt::Display for Hm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl Serialize for Hm {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// ISO weekday, 1 = Monday … 7 = Sunday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Weekday(pub u8);

const DAYS_ES: [&str; 7] = ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"];
const DAYS_EN: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl Weekday {
    pub fn of(t: NaiveDateTime) -> Weekday {
        Weekday(t.weekday().number_from_monday() as u8)
    }

    /// Spanish abbreviation ("lun").
    pub fn es(self) -> &'static str {
        DAYS_ES[usize::from(self.0 - 1) % 7]
    }

    /// English abbreviation ("mon").
    pub fn en(self) -> &'static str {
        DAYS_EN[usize::from(self.0 - 1) % 7]
    }

    /// "lun", "lunes", "mon", "monday", "mie", "miércoles", "sab"... (case and accents ignored).
    pub fn parse(s: &str) -> Option<Weekday> {
        let f = fold(s);
        const NAMES: [[&str; 4]; 7] = [
            ["lun", "lunes", "mon", "monday"],
            ["mar", "martes", "tue", "tuesday"],
            ["mie", "miercoles", "wed", "wednesday"],
            ["jue", "jueves", "thu", "thursday"],
            ["vie", "viernes", "fri", "friday"],
            ["sab", "sabado", "sat", "saturday"],
            ["dom", "domingo", "sun", "sunday"],
        ];
        NAMES
            .iter()
            .position(|names| names.contains(&f.as_str()))
            .map(|i| Weekday(i as u8 + 1))
    }
}

/// One block of a weekly schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScheduleBlock {
    pub weekday: Weekday,
    pub start: Hm,
    pub end: Hm,
    pub slot_minutes: u16,
}

impl Serialize for ScheduleBlock {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("ScheduleBlock", 5)?;
        st.serialize_field("weekday", &self.weekday.0)?;
        st.serialize_field("day", self.weekday.en())?;
        st.serialize_field("start", &self.start)?;
        st.serialize_field("end", &self.end)?;
        st.serialize_field("slot_minutes", &self.slot_minutes)?;
        st.end()
    }
}

impl fmt::Display for ScheduleBlock {
    /// "lun 08:00-13:00/20"
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}-{}/{}",
            self.weekday.es(),
            self.start,
            self.end,
            self.slot_minutes
        )
    }
}

impl ScheduleBlock {
    /// True when a slot may start at `t`: inside the block, the whole slot fits before the end,
    /// and `t` is a whole number of slots after the start.
    pub fn accepts(&self, t: Hm) -> bool {
        t >= self.start
            && t.0 + self.slot_minutes <= self.end.0
            && (t.0 - self.start.0).is_multiple_of(self.slot_minutes)
    }

    /// True when `t` falls within the block's hours (aligned or not).
    pub fn covers(&self, t: Hm) -> bool {
        t >= self.start && t < self.end
    }

    /// The start times of the block's slots.
    pub fn slot_starts(&self) -> impl Iterator<Item = Hm> + '_ {
        let step = usize::from(self.slot_minutes.max(1));
        (self.start.0..self.end.0)
            .step_by(step)
            .filter(|m| m + self.slot_minutes <= self.end.0)
            .map(Hm)
    }
}

fn bad_spec(entry: &str, problem: ScheduleProblem) -> AppError {
    CatalogError::Schedule {
        entry: crate::text::shown(entry, 60).to_string(),
        problem,
    }
    .into()
}

fn parse_days(entry: &str, days: &str) -> AppResult<Vec<Weekday>> {
    let mut out = Vec::new();
    for part in days.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let day = |s: &str| {
            Weekday::parse(s)
                .ok_or_else(|| bad_spec(entry, ScheduleProblem::UnknownDay { day: s.to_string() }))
        };
        if let Some((a, b)) = part.split_once('-') {
            let (a, b) = (day(a)?, day(b)?);
            if a > b {
                return Err(bad_spec(entry, ScheduleProblem::DaysBackwards));
            }
            out.extend((a.0..=b.0).map(Weekday));
        } else {
            out.push(day(part)?);
        }
    }
    if out.is_empty() {
        return Err(bad_spec(entry, ScheduleProblem::DaysMissing));
    }
    Ok(out)
}

/// Parses and validates a weekly schedule from one or more specs such as
/// `"mon-fri 08:00-13:00/20"`, `"sáb 09:00-12:00/30"`, `"lun,mie 15:00-19:00/15 08:00-12:00/15"`
/// (several specs may also be joined by `;`). Blocks of one day must not overlap; each block
/// must hold at least one slot; slots are 5–240 minutes in steps of 5.
pub fn parse_schedule<S: AsRef<str>>(specs: &[S]) -> AppResult<Vec<ScheduleBlock>> {
    let mut blocks = Vec::new();
    for spec in specs {
        for entry in spec.as_ref().split(';').map(str::trim).filter(|e| !e.is_empty()) {
            if entry.chars().count() > 200 || crate::text::has_unsafe_chars(entry) {
                return Err(bad_spec(entry, ScheduleProblem::TooLong));
            }
            let mut words = entry.split_whitespace();
            let days = parse_days(entry, words.next().unwrap_or(""))?;
            let mut ranges = 0;
            for range in words {
                ranges += 1;
                let (hours, slot) = range
                    .split_once('/')
                    .ok_or_else(|| bad_spec(entry, ScheduleProblem::SlotLengthMissing))?;
                let (a, b) = hours
                    .split_once('-')
                    .ok_or_else(|| bad_spec(entry, ScheduleProblem::HoursFormat))?;
                let (start, end) = match (Hm::parse(a), Hm::parse(b)) {
                    (Some(s), Some(e)) => (s, e),
                    _ => return Err(bad_spec(entry, ScheduleProblem::InvalidTime)),
                };
                let slot_minutes: u16 = slot
                    .trim()
                    .parse()
                    .ok()
                    .filter(|m: &u16| (5..=240).contains(m) && m.is_multiple_of(5))
                    .ok_or_else(|| bad_spec(entry, ScheduleProblem::SlotMinutes))?;
                if end <= start {
                    return Err(bad_spec(entry, ScheduleProblem::EndBeforeStart));
                }
                if end.0 - start.0 < slot_minutes {
                    return Err(bad_spec(entry, ScheduleProblem::BlockTooShort));
                }
                for &weekday in &days {
                    blocks.push(ScheduleBlock {
                        weekday,
                        start,
                        end,
                        slot_minutes,
                    });
                }
            }
            if ranges == 0 {
                return Err(bad_spec(entry, ScheduleProblem::HoursMissing));
            }
        }
    }
    blocks.sort_by_key(|b| (b.weekday, b.start));
    for pair in blocks.windows(2) {
        if pair[0].weekday == pair[1].weekday && pair[1].start < pair[0].end {
            return Err(bad_spec(
                &format!("{}; {}", pair[0], pair[1]),
                ScheduleProblem::Overlap,
            ));
        }
    }
    Ok(blocks)
}

fn block_from_row(r: &crate::db::Row<'_>, first: usize) -> crate::db::Result<ScheduleBlock> {
    let weekday: u8 = r.get(first)?;
    let start: String = r.get(first + 1)?;
    let end: String = r.get(first + 2)?;
    let slot_minutes: u16 = r.get(first + 3)?;
    let bad = |i: usize| crate::db::Error::conversion(format!("column {i}: not a time HH:MM"));
    Ok(ScheduleBlock {
        weekday: Weekday(weekday),
        start: Hm::parse(&start).ok_or_else(|| bad(first + 1))?,
        end: Hm::parse(&end).ok_or_else(|| bad(first + 2))?,
        slot_minutes,
    })
}

/// A doctor's weekly schedule, by weekday and start.
pub fn weekly_schedule(conn: &Db, doctor_id: &str) -> AppResult<Vec<ScheduleBlock>> {
    let mut stmt = conn.prepare_cached(
        "SELECT weekday, start_time, end_time, slot_minutes FROM catalog_schedules
         WHERE doctor_id = $1 ORDER BY weekday, start_time",
    )?;
    let rows = stmt
        .query_map([doctor_id], |r| block_from_row(r, 0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The weekly schedules of the active doctors of a specialty (or of one doctor), in one query.
pub fn schedules_for_doctors(
    conn: &Db,
    specialty_id: Option<&str>,
    doctor_id: Option<&str>,
) -> AppResult<HashMap<String, Vec<ScheduleBlock>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.doctor_id, s.weekday, s.start_time, s.end_time, s.slot_minutes
         FROM catalog_schedules s JOIN catalog_doctors d ON d.id = s.doctor_id
         WHERE d.active = 1 AND (CAST($1 AS TEXT) IS NULL OR d.specialty_id = $1) AND (CAST($2 AS TEXT) IS NULL OR d.id = $2)
         ORDER BY s.doctor_id, s.weekday, s.start_time",
    )?;
    let mut out: HashMap<String, Vec<ScheduleBlock>> = HashMap::new();
    let rows = stmt.query_map(params![specialty_id, doctor_id], |r| {
        Ok((r.get::<_, String>(0)?, block_from_row(r, 1)?))
    })?;
    for row in rows {
        let (doctor, block) = row?;
        out.entry(doctor).or_default().push(block);
    }
    Ok(out)
}

/// Replaces a doctor's weekly schedule (already validated by [`parse_schedule`]) and records the
/// change. Run inside `crate::db::write`.
pub fn set_schedule(
    conn: &Tx<'_>,
    doctor_id: &DoctorId,
    blocks: &[ScheduleBlock],
    by_staff: Option<&StaffId>,
    now: DateTime<Utc>,
) -> AppResult<Vec<ScheduleBlock>> {
    let old = weekly_schedule(conn, doctor_id)?;
    conn.prepare_cached("DELETE FROM catalog_schedules WHERE doctor_id = $1")?
        .execute([doctor_id])?;
    insert_blocks(conn, doctor_id, blocks)?;
    let show = |b: &[ScheduleBlock]| b.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
    super::doctors::record_change(
        conn,
        doctor_id,
        "schedule",
        Some(&show(&old)),
        Some(&show(blocks)),
        by_staff,
        now,
    )?;
    let new = weekly_schedule(conn, doctor_id)?;
    crate::domain::audit::record(
        conn,
        by_staff,
        now,
        crate::domain::audit::Change::updated(
            crate::domain::audit::Entity::Schedule,
            doctor_id,
            "set",
            serde_json::json!({ "blocks": old }),
            serde_json::json!({ "blocks": new }),
        ),
    )?;
    Ok(new)
}

pub(super) fn insert_blocks(conn: &Tx<'_>, doctor_id: &str, blocks: &[ScheduleBlock]) -> AppResult<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO catalog_schedules (id, doctor_id, weekday, start_time, end_time, slot_minutes)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )?;
    for b in blocks {
        stmt.execute(params![
            crate::ids::new_id(),
            doctor_id,
            b.weekday.0,
            b.start.to_string(),
            b.end.to_string(),
            b.slot_minutes
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_days_ranges_and_lists_in_both_languages() {
        let blocks =
            parse_schedule(&["lun-vie 08:00-13:00/20; sáb 09:00-12:00/30", "mie 15:00-19:00/15"]).unwrap();
        assert_eq!(blocks.len(), 7);
        assert_eq!(blocks[0].to_string(), "lun 08:00-13:00/20");
        assert_eq!(blocks[3].to_string(), "mié 15:00-19:00/15");
        assert_eq!(blocks[6].to_string(), "sáb 09:00-12:00/30");
        let en = parse_schedule(&["mon,wed,fri 8:00-12:00/30 14:00-16:00/30"]).unwrap();
        assert_eq!(en.len(), 6);
        assert!(en.iter().all(|b| [1, 3, 5].contains(&b.weekday.0)));
    }

    #[test]
    fn refuses_bad_schedules() {
        for bad in [
            "",
            "lun",
            "lun 08:00-13:00",
            "lun 08:00-13:00/7",
            "lun 08:00-13:00/0",
            "lun 08:00-13:00/300",
            "lun 13:00-08:00/20",
            "lun 08:00-08:10/20",
            "lun 25:00-26:00/20",
            "fun 08:00-12:00/20",
            "vie-lun 08:00-12:00/20",
            "lun 08:00-12:00/20 11:00-14:00/20",
            "lun 08:00-12:00/20; lun-mar 09:00-10:00/20",
            "lun 08h-12h/20",
        ] {
            let specs: Vec<&str> = if bad.is_empty() { vec![] } else { vec![bad] };
            if bad.is_empty() {
                // An empty schedule is allowed (the doctor takes no appointments).
                assert!(parse_schedule(&specs).unwrap().is_empty());
                continue;
            }
            let err = parse_schedule(&specs).unwrap_err();
            assert_eq!(err.kind, crate::error::Kind::Invalid, "{bad}");
        }
    }

    #[test]
    fn slots_are_aligned_to_the_block_start_and_fit_before_its_end() {
        let b = parse_schedule(&["lun 08:00-09:10/20"]).unwrap()[0];
        let starts: Vec<String> = b.slot_starts().map(|h| h.to_string()).collect();
        assert_eq!(starts, ["08:00", "08:20", "08:40"]);
        for (t, ok) in [
            ("08:00", true),
            ("08:40", true),
            ("08:10", false),
            ("09:00", false), // would end at 09:20, after 09:10
            ("07:40", false),
        ] {
            assert_eq!(b.accepts(Hm::parse(t).unwrap()), ok, "{t}");
        }
    }
}
