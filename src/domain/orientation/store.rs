//! Stored orientation queries (`ai_queries`): who asked, for which patient, the text, the
//! result and the engine version. An appointment booked from a query links to it.

use crate::db::{Db, OptionalExt, Row, Tx};
use crate::ids::{OrientationQueryId, PatientId, StaffId};
use crate::params;
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::OrientationError;
use super::{ENGINE_VERSION, Orientation, Query, Sex, Urgency};
use crate::clock::utc_string;
use crate::error::{AppError, AppResult};

/// Longest complaint accepted: a receptionist types a few sentences, not a clinical history.
pub const MAX_TEXT_CHARS: usize = 2000;

/// A stored query as read back.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StoredQuery {
    pub id: OrientationQueryId,
    pub staff_id: Option<StaffId>,
    pub patient_id: Option<PatientId>,
    pub text: String,
    pub age: Option<u32>,
    pub sex: Option<String>,
    pub specialty: Option<String>,
    pub emergency: bool,
    pub urgency: String,
    pub confidence: f64,
    pub engine_version: String,
    pub created_at: String,
    pub result: serde_json::Value,
}

/// Checks a complaint before it reaches the engine or the database.
pub fn validate_text(text: &str) -> AppResult<()> {
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(OrientationError::TextTooLong { max: MAX_TEXT_CHARS }.into());
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    {
        return Err(OrientationError::ControlChars.into());
    }
    Ok(())
}

/// Checks an age given by the caller.
pub fn validate_age(age: u32) -> AppResult<u32> {
    if age > 130 {
        return Err(OrientationError::AgeOutOfRange { age }.into());
    }
    Ok(age)
}

fn sex_code(sex: Option<Sex>) -> Option<&'static str> {
    sex.map(|s| match s {
        Sex::Female => "f",
        Sex::Male => "m",
    })
}

fn urgency_code(u: Urgency) -> &'static str {
    match u {
        Urgency::Emergency => "emergency",
        Urgency::Within24h => "within_24h",
        Urgency::Routine => "routine",
    }
}

/// Stores one query and its result; returns the new id.
pub fn save(
    conn: &Tx<'_>,
    staff_id: Option<&StaffId>,
    patient_id: Option<&str>,
    query: &Query<'_>,
    result: &Orientation,
    now: DateTime<Utc>,
) -> AppResult<String> {
    let id = crate::ids::new_id();
    let json = serde_json::to_string(result).map_err(|e| {
        AppError::from(OrientationError::StoreFailed {
            reason: e.to_string(),
        })
    })?;
    conn.prepare_cached(
        "INSERT INTO ai_queries (id, staff_id, patient_id, text, age, sex, specialty, emergency, urgency,
                                 confidence, result_json, engine_version, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )?
    .execute(params![
        id,
        staff_id,
        patient_id,
        query.text,
        query.age,
        sex_code(query.sex),
        result.specialty,
        result.emergency,
        urgency_code(result.urgency),
        result.confidence,
        json,
        ENGINE_VERSION,
        utc_string(now),
    ])?;
    Ok(id)
}

const COLUMNS: &str = "id, staff_id, patient_id, text, age, sex, specialty, emergency, urgency, confidence,
                       engine_version, created_at, result_json";

fn from_row(r: &Row<'_>) -> crate::db::Result<StoredQuery> {
    let json: String = r.get(12)?;
    Ok(StoredQuery {
        id: r.get(0)?,
        staff_id: r.get(1)?,
        patient_id: r.get(2)?,
        text: r.get(3)?,
        age: r.get(4)?,
        sex: r.get(5)?,
        specialty: r.get(6)?,
        emergency: r.get(7)?,
        urgency: r.get(8)?,
        confidence: r.get(9)?,
        engine_version: r.get(10)?,
        created_at: r.get(11)?,
        result: serde_json::from_str(&json).unwrap_or(serde_json::Value::Null),
    })
}

/// A stored query by full id or unique prefix.
pub fn resolve_query(conn: &Db, input: &str) -> AppResult<StoredQuery> {
    let id: OrientationQueryId = crate::db::resolve_id_prefix(
        conn,
        "ai_queries",
        input,
        ("consulta de orientación", "orientation query"),
    )?;
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM ai_queries WHERE id = $1"))?
        .query_row([&id], from_row)
        .optional()?
        .ok_or_else(|| OrientationError::QueryNotFound { id: id.to_string() }.into())
}

/// A patient's stored queries, newest first.
pub fn queries_of_patient(conn: &Db, patient_id: &PatientId) -> AppResult<Vec<StoredQuery>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM ai_queries WHERE patient_id = $1 ORDER BY created_at DESC, id DESC"
    ))?;
    let rows = stmt
        .query_map([patient_id], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::orientation::Engine;

    #[test]
    fn a_query_is_stored_with_its_result_and_engine_version() {
        let conn = crate::db::open_in_memory().unwrap();
        let engine = Engine::load();
        let q = Query {
            text: "me arde al orinar",
            age: Some(30),
            sex: Some(Sex::Female),
        };
        let result = engine.orient(&q, &[]);
        let now = DateTime::parse_from_rfc3339("2026-03-02T14:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let id = save(&conn.autocommit(), None, None, &q, &result, now).unwrap();
        let back = resolve_query(&conn, &id[..8]).unwrap();
        assert_eq!(back.text, "me arde al orinar");
        assert_eq!(back.sex.as_deref(), Some("f"));
        assert_eq!(back.specialty, result.specialty);
        assert_eq!(back.engine_version, ENGINE_VERSION);
        assert_eq!(back.result["emergency"], serde_json::json!(result.emergency));
    }

    #[test]
    fn text_limits() {
        assert!(validate_text("dolor de cabeza").is_ok());
        assert!(validate_text(&"a".repeat(MAX_TEXT_CHARS + 1)).is_err());
        assert!(validate_text("dolor\u{1b}[31m").is_err());
        assert!(validate_age(131).is_err());
    }
}
