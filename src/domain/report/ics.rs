//! RFC 5545 calendars of appointments, for doctors' phones: one doctor over a day range, or one
//! appointment. Times are the clinic's wall-clock times with `TZID` on `DTSTART`/`DTEND` and a
//! `VTIMEZONE` built from the program's own tz data (chrono-tz): one observance per offset
//! change inside the calendar's span. Lines end in CRLF and are folded at 75 octets without
//! splitting a UTF-8 character; TEXT values escape `\ ; ,` and newlines. The UID of an
//! appointment is stable (`<id>@saludya`), so importing again updates the same event;
//! `SEQUENCE` counts its changes (status history) and a cancelled one has `STATUS:CANCELLED`.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use super::ReportError;
use crate::db::Db;
use crate::domain::appointments::{Appointment, AppointmentFilter, Status};
use crate::domain::catalog::Doctor;
use crate::domain::catalog::settings::Settings;
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::params;

/// The longest range of one calendar, in days (both ends included): a year, leap day included.
pub const MAX_DAYS: i64 = 366;

/// Checks a calendar's day range: not reversed, at most [`MAX_DAYS`].
pub fn check_range(from: NaiveDate, to: NaiveDate) -> Result<(), ReportError> {
    if from > to {
        return Err(ReportError::RangeReversed { from, to });
    }
    let days = (to - from).num_days() + 1;
    if days > MAX_DAYS {
        return Err(ReportError::RangeTooLong { days, max: MAX_DAYS });
    }
    Ok(())
}

/// One event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub uid: String,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub summary: String,
    pub description: String,
    pub location: String,
    pub cancelled: bool,
    pub sequence: i64,
    pub last_modified: Option<DateTime<Utc>>,
}

/// A calendar ready to be written.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    pub name: String,
    pub tz: Tz,
    /// `DTSTAMP` of every event: when the calendar was made (UTC).
    pub stamp: DateTime<Utc>,
    /// The wall-clock span the time zone must describe (at least every event's).
    pub span: (NaiveDate, NaiveDate),
    pub events: Vec<Event>,
}

/// TEXT escaping (RFC 5545 3.3.11): `\` `;` `,` and line breaks.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            // Other control characters are not allowed in TEXT.
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded at 75 octets (RFC 5545 3.1) on character boundaries, with CRLF.
pub fn fold_line(line: &str, out: &mut String) {
    let mut room = 75;
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > room {
            out.push_str("\r\n ");
            // The leading space counts.
            room = 74;
            used = 0;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

fn local_stamp(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

fn utc_stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// `-0500`, `+0530`, `-044448` (seconds only when there are some).
fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, s % 3600 / 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

/// One observance of the zone: from `start` (UTC) on, the offset is `to`.
#[derive(Debug, Clone, PartialEq)]
pub struct Observance {
    pub start: DateTime<Utc>,
    pub offset_from: i32,
    pub offset_to: i32,
    pub daylight: bool,
    pub name: String,
}

fn offset_at(tz: Tz, t: DateTime<Utc>) -> (i32, bool, String) {
    let o = tz.offset_from_utc_datetime(&t.naive_utc());
    let name = o
        .abbreviation()
        .map_or_else(|| offset_text(o.fix().local_minus_utc()), str::to_string);
    (o.fix().local_minus_utc(), !o.dst_offset().is_zero(), name)
}

/// The zone's observances over [from, to): the one in force at `from`, then one per change of
/// offset (found hour by hour, then to the second).
pub fn observances(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Observance> {
    let (first, dst, name) = offset_at(tz, from);
    let mut out = vec![Observance {
        start: from,
        offset_from: first,
        offset_to: first,
        daylight: dst,
        name,
    }];
    let mut current = first;
    let mut t = from;
    while t < to {
        let next = t + Duration::hours(1);
        let (o, _, _) = offset_at(tz, next);
        if o != current {
            // The change is in (t, next]: find its first second.
            let (mut lo, mut hi) = (t, next);
            while hi - lo > Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if offset_at(tz, mid).0 == current {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let (to_offset, daylight, name) = offset_at(tz, hi);
            out.push(Observance {
                start: hi,
                offset_from: current,
                offset_to: to_offset,
                daylight,
                name,
            });
            current = to_offset;
        }
        t = next;
    }
    out
}

impl Calendar {
    /// The calendar as RFC 5545 text (CRLF, folded).
    pub fn to_ics(&self) -> String {
        let mut out = String::new();
        let mut line = |s: &str| fold_line(s, &mut out);
        let tzid = self.tz.name();
        line("BEGIN:VCALENDAR");
        line("VERSION:2.0");
        line("PRODID:-//SaludYa//Agenda de la clinica//ES");
        line("CALSCALE:GREGORIAN");
        line("METHOD:PUBLISH");
        line(&format!("X-WR-CALNAME:{}", escape_text(&self.name)));
        line(&format!("X-WR-TIMEZONE:{tzid}"));
        line("BEGIN:VTIMEZONE");
        line(&format!("TZID:{tzid}"));
        let utc_of = |d: NaiveDate| {
            // A day earlier than the span: whatever the zone's offset, the span is covered.
            let t = d.and_hms_opt(0, 0, 0).unwrap_or_default() - Duration::days(1);
            Utc.from_utc_datetime(&t)
        };
        let (from, to) = (utc_of(self.span.0), utc_of(self.span.1) + Duration::days(3));
        for o in observances(self.tz, from, to) {
            let kind = if o.daylight { "DAYLIGHT" } else { "STANDARD" };
            line(&format!("BEGIN:{kind}"));
            let local_start = o.start.naive_utc() + Duration::seconds(i64::from(o.offset_from));
            line(&format!("DTSTART:{}", local_stamp(local_start)));
            line(&format!("TZOFFSETFROM:{}", offset_text(o.offset_from)));
            line(&format!("TZOFFSETTO:{}", offset_text(o.offset_to)));
            line(&format!("TZNAME:{}", escape_text(&o.name)));
            line(&format!("END:{kind}"));
        }
        line("END:VTIMEZONE");
        for e in &self.events {
            line("BEGIN:VEVENT");
            line(&format!("UID:{}", e.uid));
            line(&format!("DTSTAMP:{}", utc_stamp(self.stamp)));
            line(&format!("DTSTART;TZID={tzid}:{}", local_stamp(e.start)));
            line(&format!("DTEND;TZID={tzid}:{}", local_stamp(e.end)));
            line(&format!("SUMMARY:{}", escape_text(&e.summary)));
            line(&format!("DESCRIPTION:{}", escape_text(&e.description)));
            line(&format!("LOCATION:{}", escape_text(&e.location)));
            line(if e.cancelled {
                "STATUS:CANCELLED"
            } else {
                "STATUS:CONFIRMED"
            });
            line(&format!("SEQUENCE:{}", e.sequence));
            if let Some(t) = e.last_modified {
                line(&format!("LAST-MODIFIED:{}", utc_stamp(t)));
            }
            line("END:VEVENT");
        }
        line("END:VCALENDAR");
        out
    }
}

/// An appointment as an event, its texts in `lang`.
fn event_of(a: &Appointment, changes: i64, clinic: &str, lang: Lang) -> Event {
    let mut description = format!(
        "{}: {}\n{}: {}\n{}: {}",
        lang.pick("Paciente", "Patient"),
        a.patient_name,
        lang.pick("Médico", "Doctor"),
        a.doctor_name,
        lang.pick("Estado", "Status"),
        a.status.label(lang)
    );
    if let Some(notes) = a.notes.as_deref().filter(|n| !n.trim().is_empty()) {
        description.push_str(&format!("\n{}: {notes}", lang.pick("Notas", "Notes")));
    }
    Event {
        uid: format!("{}@saludya", a.id),
        start: a.start.naive(),
        end: a.end.naive(),
        summary: format!("{} ({})", a.patient_name, a.specialty),
        description,
        location: clinic.to_string(),
        cancelled: a.status == Status::Cancelled,
        sequence: (changes - 1).max(0),
        last_modified: DateTime::parse_from_rfc3339(&a.updated_at)
            .ok()
            .map(|t| t.with_timezone(&Utc)),
    }
}

/// The number of history entries of each appointment of a doctor in [from, to] (clinic days).
fn changes_of(
    conn: &Db,
    doctor: Option<&str>,
    appointment: Option<&str>,
    from: &str,
    to: &str,
) -> AppResult<std::collections::HashMap<String, i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT h.appointment_id, COUNT(*) FROM appointment_status_history h, appointment_appointments a
         WHERE a.id = h.appointment_id AND (CAST($1 AS TEXT) IS NULL OR a.doctor_id = $1)
           AND (CAST($2 AS TEXT) IS NULL OR a.id = $2) AND a.starts_at >= $3 AND a.starts_at < $4
         GROUP BY h.appointment_id",
    )?;
    let rows = stmt
        .query_map(params![doctor, appointment, from, to], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })?
        .collect::<Result<std::collections::HashMap<_, _>, _>>()?;
    Ok(rows)
}

/// A doctor's appointments of [from, to] (every status: a cancelled one says so, so that a phone
/// that imported it before drops it).
pub fn doctor_calendar(
    conn: &Db,
    doctor: &Doctor,
    from: NaiveDate,
    to: NaiveDate,
    settings: &Settings,
    lang: Lang,
    now: DateTime<Utc>,
) -> AppResult<Calendar> {
    check_range(from, to)?;
    let list = crate::domain::appointments::list_appointments(
        conn,
        &AppointmentFilter {
            from: Some(from),
            to: Some(to),
            doctor_id: Some(doctor.id.clone()),
            ..AppointmentFilter::default()
        },
    )?;
    let end = to.succ_opt().unwrap_or(to);
    let changes = changes_of(
        conn,
        Some(doctor.id.as_str()),
        None,
        &format!("{from} 00:00"),
        &format!("{end} 00:00"),
    )?;
    let clinic = &settings.clinic_name;
    Ok(Calendar {
        name: format!("{} · {clinic}", doctor.full_name()),
        tz: settings.time_zone,
        stamp: now,
        span: (from, to),
        events: list
            .iter()
            .map(|a| event_of(a, changes.get(a.id.as_str()).copied().unwrap_or(0), clinic, lang))
            .collect(),
    })
}

/// One appointment's calendar.
pub fn appointment_calendar(
    conn: &Db,
    a: &Appointment,
    settings: &Settings,
    lang: Lang,
    now: DateTime<Utc>,
) -> AppResult<Calendar> {
    let day = a.start.date();
    let next = day.succ_opt().unwrap_or(day);
    let changes = changes_of(
        conn,
        None,
        Some(a.id.as_str()),
        &format!("{day} 00:00"),
        &format!("{next} 00:00"),
    )?;
    let clinic = &settings.clinic_name;
    Ok(Calendar {
        name: clinic.clone(),
        tz: settings.time_zone,
        stamp: now,
        span: (day, a.end.date()),
        events: vec![event_of(
            a,
            changes.get(a.id.as_str()).copied().unwrap_or(0),
            clinic,
            lang,
        )],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Undoes the folding (RFC 5545 3.1) after checking every physical line: CRLF only, at most
    /// 75 octets, continuation lines start with one space.
    fn unfold(ics: &str) -> Vec<String> {
        assert!(ics.ends_with("\r\n"), "ends with CRLF");
        let mut logical: Vec<String> = Vec::new();
        for physical in ics.strip_suffix("\r\n").unwrap().split("\r\n") {
            assert!(
                !physical.contains('\n') && !physical.contains('\r'),
                "bare line break in {physical:?}"
            );
            assert!(physical.len() <= 75, "{} octets: {physical:?}", physical.len());
            match physical.strip_prefix(' ') {
                Some(rest) => logical
                    .last_mut()
                    .expect("a continuation follows a line")
                    .push_str(rest),
                None => logical.push(physical.to_string()),
            }
        }
        logical
    }

    /// A content line: name, parameters, value.
    type Parsed = (String, Vec<(String, String)>, String);

    /// name;params:value → (name, params, value).
    fn parse(line: &str) -> Parsed {
        let colon = line.find(':').unwrap_or_else(|| panic!("no colon: {line}"));
        let (head, value) = (&line[..colon], &line[colon + 1..]);
        let mut parts = head.split(';');
        let name = parts.next().unwrap().to_string();
        assert!(
            name.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'),
            "property name {name}"
        );
        let params = parts
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap();
                (k.to_string(), v.to_string())
            })
            .collect();
        (name, params, value.to_string())
    }

    fn unescape(v: &str) -> String {
        let mut out = String::new();
        let mut chars = v.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') | Some('N') => out.push('\n'),
                    Some(c @ ('\\' | ';' | ',')) => out.push(c),
                    other => panic!("bad escape \\{other:?} in {v}"),
                }
            } else {
                assert!(c != ';' && c != ',', "unescaped {c} in TEXT {v}");
                out.push(c);
            }
        }
        out
    }

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn calendar(tz: Tz) -> Calendar {
        Calendar {
            name: "Rosa Quispe · Clínica San Martín".into(),
            tz,
            stamp: Utc.with_ymd_and_hms(2026, 3, 2, 14, 0, 0).unwrap(),
            span: (
                NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
                NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            ),
            events: vec![
                Event {
                    uid: "0195f3a1-0000-7000-8000-000000000001@saludya".into(),
                    start: t("2026-03-03 09:00"),
                    end: t("2026-03-03 09:15"),
                    summary: "José Ñañez; \\hijo, (Medicina General)".into(),
                    description:
                        "Paciente: José Ñañez\nNotas: trae análisis; ayuno, control\r\nsegunda línea "
                            .to_string()
                            + &"ñá€😀".repeat(20),
                    location: "Clínica San Martín".into(),
                    cancelled: false,
                    sequence: 0,
                    last_modified: None,
                },
                Event {
                    uid: "0195f3a1-0000-7000-8000-000000000002@saludya".into(),
                    start: t("2026-10-05 10:00"),
                    end: t("2026-10-05 10:20"),
                    summary: "Ana".into(),
                    description: String::new(),
                    location: "x".into(),
                    cancelled: true,
                    sequence: 2,
                    last_modified: Some(Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap()),
                },
            ],
        }
    }

    #[test]
    fn the_calendar_follows_rfc_5545_and_parses_back() {
        let cal = calendar(chrono_tz::America::Lima);
        let ics = cal.to_ics();
        let lines = unfold(&ics);
        let parsed: Vec<_> = lines.iter().map(|l| parse(l)).collect();
        // Components are balanced and nested.
        let mut stack = Vec::new();
        for (name, _, value) in &parsed {
            match name.as_str() {
                "BEGIN" => stack.push(value.clone()),
                "END" => assert_eq!(stack.pop().as_deref(), Some(value.as_str())),
                _ => assert!(!stack.is_empty(), "{name} outside a component"),
            }
        }
        assert!(stack.is_empty());
        let values = |prop: &str| -> Vec<&Parsed> { parsed.iter().filter(|(n, _, _)| n == prop).collect() };
        assert_eq!(values("VERSION")[0].2, "2.0");
        assert_eq!(values("PRODID").len(), 1);
        assert_eq!(values("TZID")[0].2, "America/Lima");
        // Lima has had one offset since 1994: one STANDARD observance, -05:00.
        assert_eq!(
            values("TZOFFSETTO")
                .iter()
                .map(|v| v.2.as_str())
                .collect::<Vec<_>>(),
            ["-0500"]
        );
        assert_eq!(values("BEGIN").iter().filter(|v| v.2 == "VEVENT").count(), 2);
        for prop in ["UID", "DTSTAMP", "DTSTART", "DTEND", "STATUS", "SEQUENCE"] {
            assert_eq!(values(prop).len(), 2 + usize::from(prop == "DTSTART"), "{prop}");
        }
        let starts = values("DTSTART");
        // The observance's DTSTART has no TZID; the events' have it.
        assert_eq!(starts[1].1, [("TZID".to_string(), "America/Lima".to_string())]);
        assert_eq!(starts[1].2, "20260303T090000");
        assert_eq!(values("DTSTAMP")[0].2, "20260302T140000Z");
        // TEXT values come back as written (CRLF in the input becomes one line break).
        let summary = unescape(&values("SUMMARY")[0].2);
        assert_eq!(summary, cal.events[0].summary);
        let description = unescape(&values("DESCRIPTION")[0].2);
        assert_eq!(description, cal.events[0].description.replace("\r\n", "\n"));
        assert_eq!(
            unescape(&values("X-WR-CALNAME")[0].2),
            "Rosa Quispe · Clínica San Martín"
        );
        let status: Vec<&str> = values("STATUS").iter().map(|v| v.2.as_str()).collect();
        assert_eq!(status, ["CONFIRMED", "CANCELLED"]);
        assert_eq!(values("LAST-MODIFIED")[0].2, "20260301T120000Z");
        assert!(
            ics.lines().any(|l| l.starts_with(' ')),
            "the long description was folded"
        );
    }

    #[test]
    fn a_zone_with_summer_time_gets_both_observances() {
        // Santiago: -03 in summer (until early April 2026), -04 in winter (from early September -03 again).
        let ics = calendar(chrono_tz::America::Santiago).to_ics();
        let lines = unfold(&ics);
        let kinds: Vec<&str> = lines
            .iter()
            .filter_map(|l| l.strip_prefix("BEGIN:"))
            .filter(|k| *k == "STANDARD" || *k == "DAYLIGHT")
            .collect();
        assert_eq!(kinds, ["DAYLIGHT", "STANDARD", "DAYLIGHT"]);
        let offsets: Vec<(&str, &str)> = lines
            .iter()
            .filter_map(|l| l.strip_prefix("TZOFFSETFROM:"))
            .zip(lines.iter().filter_map(|l| l.strip_prefix("TZOFFSETTO:")))
            .collect();
        assert_eq!(
            offsets,
            [("-0300", "-0300"), ("-0300", "-0400"), ("-0400", "-0300")]
        );
        // The change back to -04 happens at 24:00 local summer time (03:00 UTC) on 5 April 2026:
        // its DTSTART is written in the offset before it.
        assert!(
            lines.contains(&"DTSTART:20260405T000000".to_string()),
            "{lines:#?}"
        );
    }

    #[test]
    fn folding_never_splits_a_character() {
        for n in 60..80 {
            let text = format!("DESCRIPTION:{}", "€".repeat(n));
            let mut out = String::new();
            fold_line(&text, &mut out);
            let unfolded = unfold(&out);
            assert_eq!(unfolded, [text]);
        }
    }

    #[test]
    fn ranges_longer_than_a_year_or_reversed_are_refused() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(check_range(d("2026-01-01"), d("2027-01-01")).is_ok(), "366 days");
        assert_eq!(
            check_range(d("2026-01-01"), d("2027-01-02")),
            Err(ReportError::RangeTooLong { days: 367, max: 366 })
        );
        assert_eq!(
            check_range(d("2026-03-02"), d("2026-03-01")),
            Err(ReportError::RangeReversed {
                from: d("2026-03-02"),
                to: d("2026-03-01")
            })
        );
    }
}
