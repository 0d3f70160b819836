//! Storage of patients (`user_patients`, `user_patient_words`). Only this domain's tables.

use crate::db::{Db, OptionalExt, Row, Tx};
use crate::domain::audit::{self, Change, Entity};
use crate::params;
use chrono::{DateTime, Utc};

use super::validate::{self, DocType, Sex, shown};
use super::{NewPatient, Patient, PatientError};
use crate::clock::utc_string;
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::ids::{PatientId, StaffId};

pub(super) const COLUMNS: &str =
    "id, doc_type, doc_number, first_name, last_name, email, phone, birth_date, sex, created_at, updated_at";

pub(super) fn from_row(r: &Row<'_>) -> crate::db::Result<Patient> {
    let doc_type: String = r.get(1)?;
    let sex: Option<String> = r.get(8)?;
    Ok(Patient {
        id: r.get(0)?,
        doc_type: DocType::from_stored(&doc_type),
        doc_number: r.get(2)?,
        first_name: r.get(3)?,
        last_name: r.get(4)?,
        email: r.get(5)?,
        phone: r.get(6)?,
        birth_date: r.get(7)?,
        sex: sex.as_deref().and_then(Sex::from_stored),
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

/// Something worth telling the receptionist about a saved patient, that does not block saving.
#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    /// Another patient has the same name and birth date (under another document).
    ProbableDuplicate { other: Patient },
}

impl Warning {
    /// Stable machine-readable name (JSON `warnings[].kind`).
    pub fn kind(&self) -> &'static str {
        match self {
            Warning::ProbableDuplicate { .. } => "probable_duplicate",
        }
    }

    /// The other patient involved.
    pub fn patient_id(&self) -> &str {
        match self {
            Warning::ProbableDuplicate { other } => &other.id,
        }
    }

    pub fn text(&self) -> Text {
        match self {
            Warning::ProbableDuplicate { other } => {
                let doc = other.document();
                let name = other.full_name();
                Text::owned(
                    format!(
                        "Posible duplicado: {name} ({}, id {}) tiene el mismo nombre y fecha de nacimiento.",
                        doc.es, other.id
                    ),
                    format!(
                        "Probable duplicate: {name} ({}, id {}) has the same name and birth date.",
                        doc.en, other.id
                    ),
                )
            }
        }
    }
}

/// A saved patient and the warnings about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub patient: Patient,
    pub warnings: Vec<Warning>,
}

/// How a patient is addressed in a hint: the bare DNI, or `ce:NUMBER` / `passport:NUMBER`.
pub(super) fn address(doc_type: DocType, number: &str) -> String {
    match doc_type {
        DocType::Dni => number.to_string(),
        other => format!("{}:{number}", other.as_str()),
    }
}

/// Checks the document and e-mail are free (other than `except_id`'s own).
fn check_unique(conn: &Db, new: &NewPatient, except_id: Option<&str>) -> AppResult<()> {
    if let Some(other) = find_by_document(conn, new.doc_type, &new.doc_number)?
        && Some(other.id.as_str()) != except_id
    {
        return Err(PatientError::DuplicateDocument {
            name: other.full_name(),
            document: other.document(),
            address: address(other.doc_type, &other.doc_number),
            id: other.id,
        }
        .into());
    }
    if let Some(email) = &new.email {
        let owner: Option<(String, String)> = conn
            .prepare_cached("SELECT id, first_name || ' ' || last_name FROM user_patients WHERE email = $1")?
            .query_row([email], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((id, name)) = owner
            && Some(id.as_str()) != except_id
        {
            return Err(PatientError::EmailTaken {
                email: email.clone(),
                name,
                id,
            }
            .into());
        }
    }
    Ok(())
}

/// Patients with the same folded name and birth date as `new`, other than `except_id`.
pub fn probable_duplicates(conn: &Db, new: &NewPatient, except_id: Option<&str>) -> AppResult<Vec<Patient>> {
    let Some(birth) = new.birth_date else {
        return Ok(Vec::new());
    };
    let key = validate::search_name(&new.first_name, &new.last_name);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM user_patients WHERE search_name = $1 AND birth_date = $2 ORDER BY id LIMIT 10"
    ))?;
    let found = stmt
        .query_map(params![key, birth.to_string()], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(found
        .into_iter()
        .filter(|p| Some(p.id.as_str()) != except_id)
        .collect())
}

/// Replaces a patient's search words (old names → new names), each by its primary key.
fn rewrite_words(conn: &Tx<'_>, id: &str, old: (&str, &str), new: (&str, &str)) -> AppResult<()> {
    let mut delete =
        conn.prepare_cached("DELETE FROM user_patient_words WHERE word = $1 AND patient_id = $2")?;
    for word in validate::words(&format!("{} {}", old.0, old.1)) {
        delete.execute(params![word, id])?;
    }
    insert_words(conn, id, new.0, new.1)
}

fn insert_words(conn: &Tx<'_>, id: &str, first: &str, last: &str) -> AppResult<()> {
    let search_name = validate::search_name(first, last);
    let words = validate::words(&format!("{first} {last}"));
    let all_words: String = words.iter().map(|w| format!(" {w}")).collect();
    let mut insert = conn.prepare_cached(
        "INSERT INTO user_patient_words (word, patient_id, search_name, all_words)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )?;
    for word in &words {
        insert.execute(params![word, id, search_name, all_words])?;
    }
    Ok(())
}

/// Inserts a patient and its search words; `None` (and nothing written) when the document or
/// the e-mail is already taken. No other checks: callers validated `new` with
/// [`NewPatient::parse`] (or built it from data that does, like [`super::sample`]).
/// Inserts a validated patient unless the document or e-mail is already taken (then `None`),
/// without the duplicate warnings of [`add`]: the demo generator's bulk path
/// (`crate::demo::patients`). Run inside `crate::db::write`.
pub fn insert_if_free(
    conn: &Tx<'_>,
    new: &NewPatient,
    created_by: Option<&StaffId>,
    at: &str,
) -> AppResult<Option<PatientId>> {
    insert_row(conn, new, created_by, at)
}

fn insert_row(
    conn: &Tx<'_>,
    new: &NewPatient,
    created_by: Option<&StaffId>,
    at: &str,
) -> AppResult<Option<PatientId>> {
    let id = PatientId::from_string(crate::ids::new_id());
    let inserted = conn
        .prepare_cached(
            "INSERT INTO user_patients (id, doc_type, doc_number, first_name, last_name, search_name, email, phone,
                                        birth_date, sex, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
             ON CONFLICT DO NOTHING",
        )?
        .execute(params![
            id,
            new.doc_type.as_str(),
            new.doc_number,
            new.first_name,
            new.last_name,
            validate::search_name(&new.first_name, &new.last_name),
            new.email,
            new.phone,
            new.birth_date.map(|d| d.to_string()),
            new.sex.map(Sex::as_str),
            created_by,
            at,
        ])?;
    if inserted == 0 {
        return Ok(None);
    }
    insert_words(conn, &id, &new.first_name, &new.last_name)?;
    Ok(Some(id))
}

/// Saves a new patient. Call inside `crate::db::write`: the uniqueness checks and the insert
/// must not interleave with another desk.
pub fn add(
    conn: &Tx<'_>,
    new: &NewPatient,
    created_by: Option<&StaffId>,
    now: DateTime<Utc>,
) -> AppResult<Saved> {
    check_unique(conn, new, None)?;
    let warnings = probable_duplicates(conn, new, None)?
        .into_iter()
        .map(|other| Warning::ProbableDuplicate { other })
        .collect();
    let id = insert_row(conn, new, created_by, &utc_string(now))?
        .ok_or_else(|| AppError::from(PatientError::JustRegistered))?;
    let patient = get(conn, &id)?;
    audit::record(
        conn,
        created_by,
        now,
        Change::created(Entity::Patient, &id, "create", audited(&patient)),
    )?;
    Ok(Saved { patient, warnings })
}

/// A patient's business fields for the audit trail (the row's own timestamps left out).
fn audited(p: &Patient) -> serde_json::Value {
    audit::snapshot(p, &["created_at", "updated_at"])
}

/// Replaces a patient's data with `new` (already merged with the current values by the caller,
/// see [`super::PatientInput::from_patient`]). Call inside `crate::db::write`. `by` is who
/// made the change (the audit trail's actor).
pub fn update(
    conn: &Tx<'_>,
    id: &PatientId,
    new: &NewPatient,
    by: Option<&StaffId>,
    now: DateTime<Utc>,
) -> AppResult<Saved> {
    let current = get(conn, id)?;
    check_unique(conn, new, Some(id))?;
    let name_or_birth_changed = new.first_name != current.first_name
        || new.last_name != current.last_name
        || new.birth_date.map(|d| d.to_string()) != current.birth_date;
    let warnings = if name_or_birth_changed {
        probable_duplicates(conn, new, Some(id))?
            .into_iter()
            .map(|other| Warning::ProbableDuplicate { other })
            .collect()
    } else {
        Vec::new()
    };
    conn.prepare_cached(
        "UPDATE user_patients SET doc_type = $2, doc_number = $3, first_name = $4, last_name = $5,
                search_name = $6, email = $7, phone = $8, birth_date = $9, sex = $10, updated_at = $11
         WHERE id = $1",
    )?
    .execute(params![
        id,
        new.doc_type.as_str(),
        new.doc_number,
        new.first_name,
        new.last_name,
        validate::search_name(&new.first_name, &new.last_name),
        new.email,
        new.phone,
        new.birth_date.map(|d| d.to_string()),
        new.sex.map(Sex::as_str),
        utc_string(now),
    ])?;
    if new.first_name != current.first_name || new.last_name != current.last_name {
        rewrite_words(
            conn,
            id,
            (&current.first_name, &current.last_name),
            (&new.first_name, &new.last_name),
        )?;
    }
    let patient = get(conn, id)?;
    let (before, after) = (audited(&current), audited(&patient));
    if before != after {
        audit::record(
            conn,
            by,
            now,
            Change::updated(Entity::Patient, id, "edit", before, after),
        )?;
    }
    Ok(Saved { patient, warnings })
}

/// A patient by full id.
pub fn get(conn: &Db, id: &PatientId) -> AppResult<Patient> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM user_patients WHERE id = $1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| PatientError::IdNotFound { input: shown(id) }.into())
}

/// A patient by document (number in storage form).
pub fn find_by_document(conn: &Db, doc_type: DocType, number: &str) -> AppResult<Option<Patient>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM user_patients WHERE doc_type = $1 AND doc_number = $2"
        ))?
        .query_row(params![doc_type.as_str(), number], from_row)
        .optional()?)
}

fn looks_like_id(s: &str) -> bool {
    s.len() >= 6 && s.len() <= 36 && s.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
}

fn not_found_by_document(doc_type: DocType, number: &str) -> AppError {
    PatientError::NotFoundByDocument {
        doc_type,
        number: shown(number),
    }
    .into()
}

/// Finds the patient a person means: a full id, a unique id prefix (at least 6 characters), a
/// DNI (8 digits), a bare CE (9 digits) or passport number, or `TYPE:NUMBER` for any document
/// (`ce:001234567`, `passport:AB123456`). A document number wins over an id prefix that looks
/// the same; the id prefix is tried only when no patient has that document.
pub fn resolve_patient(conn: &Db, input: &str) -> AppResult<Patient> {
    let v = input.trim();
    if v.is_empty() || v.chars().count() > 64 || crate::text::has_unsafe_chars(v) {
        return Err(PatientError::InvalidReference { input: shown(input) }.into());
    }
    if let Some((kind, number)) = v.split_once(':') {
        let doc_type = DocType::parse(kind)?;
        let number = validate::doc_number(doc_type, number)?;
        return find_by_document(conn, doc_type, &number)?
            .ok_or_else(|| not_found_by_document(doc_type, &number));
    }
    // The documents this text could be, most likely first (8 digits: DNI before passport).
    let candidates: Vec<(DocType, String)> = DocType::ALL
        .into_iter()
        .filter_map(|t| validate::doc_number(t, v).ok().map(|n| (t, n)))
        .collect();
    for (doc_type, number) in &candidates {
        if let Some(p) = find_by_document(conn, *doc_type, number)? {
            return Ok(p);
        }
    }
    let by_number = |e: AppError| match candidates.first() {
        Some((t @ (DocType::Dni | DocType::Ce), n)) => not_found_by_document(*t, n),
        _ => e,
    };
    if looks_like_id(v) {
        return match crate::db::resolve_id_prefix(conn, "user_patients", v, ("paciente", "patient")) {
            Ok(id) => get(conn, &id),
            Err(e) if e.kind == crate::error::Kind::NotFound => Err(by_number(e)),
            Err(e) => Err(e),
        };
    }
    if let Some((doc_type, number)) = candidates.first() {
        return Err(not_found_by_document(*doc_type, number));
    }
    Err(PatientError::NeitherDocumentNorId { input: shown(input) }.into())
}

/// Patients in name order (last names, then first names), a page at a time.
pub fn list(conn: &Db, limit: u32, offset: u32) -> AppResult<Vec<Patient>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM user_patients ORDER BY search_name, birth_date, id LIMIT $1 OFFSET $2"
    ))?;
    let rows = stmt
        .query_map(params![limit, offset], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub fn count(conn: &Db) -> AppResult<i64> {
    Ok(conn
        .prepare_cached("SELECT COUNT(*) FROM user_patients")?
        .query_row([], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::patients::PatientInput;
    use crate::error::Kind;

    fn now() -> DateTime<Utc> {
        "2026-03-02T14:00:00Z".parse().unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
    }

    fn new(doc: &str, first: &str, last: &str, birth: Option<&str>) -> NewPatient {
        let input = PatientInput {
            doc_number: doc.into(),
            first_name: first.into(),
            last_name: last.into(),
            birth_date: birth.map(str::to_string),
            ..PatientInput::default()
        };
        NewPatient::parse(&input, today()).unwrap()
    }

    #[test]
    fn add_then_get_by_id_prefix_dni_and_document() {
        let conn = crate::db::open_in_memory().unwrap();
        let saved = add(
            &conn.autocommit(),
            &new("45678912", "Ana", "García Pérez", None),
            None,
            now(),
        )
        .unwrap();
        assert!(saved.warnings.is_empty());
        let p = saved.patient;
        assert_eq!(p.created_at, "2026-03-02T14:00:00Z");
        for input in [
            p.id.as_str(),
            &p.id[..8],
            &p.id.to_uppercase()[..10],
            "45678912",
            " 45678912 ",
            "dni:45678912",
        ] {
            assert_eq!(resolve_patient(&conn, input).unwrap(), p, "{input}");
        }
        let typed = |doc_type: &str, doc: &str, first: &str, last: &str| {
            let input = PatientInput {
                doc_type: Some(doc_type.into()),
                doc_number: doc.into(),
                first_name: first.into(),
                last_name: last.into(),
                ..PatientInput::default()
            };
            let new = NewPatient::parse(&input, today()).unwrap();
            add(&conn.autocommit(), &new, None, now()).unwrap().patient
        };
        let marta = typed("ce", "001234567", "Marta", "Núñez");
        let john = typed("passport", "XK123456", "John", "Smith");
        for (input, who) in [
            ("001234567", &marta),
            ("ce:001234567", &marta),
            ("xk123456", &john),
            ("passport:XK123456", &john),
        ] {
            assert_eq!(resolve_patient(&conn, input).unwrap(), *who, "{input}");
        }
    }

    #[test]
    fn resolve_reports_unknown_ambiguous_and_malformed_input() {
        let conn = crate::db::open_in_memory().unwrap();
        let a = add(
            &conn.autocommit(),
            &new("45678912", "Ana", "García", None),
            None,
            now(),
        )
        .unwrap();
        add(
            &conn.autocommit(),
            &new("45678913", "Luis", "García", None),
            None,
            now(),
        )
        .unwrap();
        let cases: &[(&str, Kind)] = &[
            ("11111111", Kind::NotFound),
            ("ce:001234567", Kind::NotFound),
            ("ffffffff", Kind::NotFound),
            (&a.patient.id[..6], Kind::Invalid), // both ids share their first (time) digits
            ("garcia", Kind::NotFound),          // could be a passport number
            ("123456789", Kind::NotFound),
            ("XK999999", Kind::NotFound),
            ("garcía", Kind::Invalid),
            ("ana garcia", Kind::Invalid),
            ("abc", Kind::Invalid),
            ("", Kind::Invalid),
            ("4567891\u{1b}", Kind::Invalid),
            ("licencia:123", Kind::Invalid),
            ("dni:123", Kind::Invalid),
            ("'; DROP TABLE user_patients; --", Kind::Invalid),
        ];
        for (input, kind) in cases {
            assert_eq!(
                resolve_patient(&conn, input).unwrap_err().kind,
                *kind,
                "{input:?}"
            );
        }
        let long = "9".repeat(10_000);
        assert_eq!(resolve_patient(&conn, &long).unwrap_err().kind, Kind::Invalid);
    }

    #[test]
    fn document_and_email_are_unique_but_types_are_separate() {
        let conn = crate::db::open_in_memory().unwrap();
        let mut first = new("45678912", "Ana", "García", None);
        first.email = Some("ana@example.com".into());
        add(&conn.autocommit(), &first, None, now()).unwrap();
        let err = add(
            &conn.autocommit(),
            &new("45678912", "Otra", "Persona", None),
            None,
            now(),
        )
        .unwrap_err();
        assert_eq!(err.kind, Kind::Conflict);
        let mut same_email = new("45678913", "Otra", "Persona", None);
        same_email.email = Some("ana@example.com".into());
        assert_eq!(
            add(&conn.autocommit(), &same_email, None, now())
                .unwrap_err()
                .kind,
            Kind::Conflict
        );
        // A passport with the same characters is another document.
        let mut passport = new("45678912", "Otra", "Persona", None);
        passport.doc_type = DocType::Passport;
        add(&conn.autocommit(), &passport, None, now()).unwrap();
        assert_eq!(count(&conn).unwrap(), 2);
    }

    #[test]
    fn same_name_and_birth_date_is_warned_not_blocked() {
        let conn = crate::db::open_in_memory().unwrap();
        let first = add(
            &conn.autocommit(),
            &new("45678912", "José", "Peña", Some("1980-01-01")),
            None,
            now(),
        )
        .unwrap();
        let second = add(
            &conn.autocommit(),
            &new("45678913", "jose", "PENA", Some("1980-01-01")),
            None,
            now(),
        )
        .unwrap();
        assert_eq!(
            second.warnings,
            [Warning::ProbableDuplicate {
                other: first.patient.clone()
            }]
        );
        assert_eq!(second.warnings[0].kind(), "probable_duplicate");
        let other_birth = add(
            &conn.autocommit(),
            &new("45678914", "José", "Peña", Some("1981-01-01")),
            None,
            now(),
        )
        .unwrap();
        assert!(other_birth.warnings.is_empty());
        let no_birth = add(
            &conn.autocommit(),
            &new("45678915", "José", "Peña", None),
            None,
            now(),
        )
        .unwrap();
        assert!(no_birth.warnings.is_empty());
    }

    #[test]
    fn update_rewrites_the_search_words_and_checks_uniqueness() {
        let conn = crate::db::open_in_memory().unwrap();
        let a = add(
            &conn.autocommit(),
            &new("45678912", "Ana", "García", None),
            None,
            now(),
        )
        .unwrap()
        .patient;
        add(
            &conn.autocommit(),
            &new("45678913", "Luis", "Rojas", None),
            None,
            now(),
        )
        .unwrap();
        let later: DateTime<Utc> = "2026-03-03T10:00:00Z".parse().unwrap();
        let changed = update(
            &conn.autocommit(),
            &a.id,
            &new("45678912", "Ana", "Quispe", None),
            None,
            later,
        )
        .unwrap();
        assert_eq!(changed.patient.last_name, "Quispe");
        assert_eq!(changed.patient.updated_at, "2026-03-03T10:00:00Z");
        assert_eq!(changed.patient.created_at, a.created_at);
        let found = crate::domain::patients::search(&conn, "quispe", 10).unwrap();
        assert_eq!(found.len(), 1);
        assert!(
            crate::domain::patients::search(&conn, "garcia", 10)
                .unwrap()
                .is_empty()
        );
        let err = update(
            &conn.autocommit(),
            &a.id,
            &new("45678913", "Ana", "Quispe", None),
            None,
            later,
        )
        .unwrap_err();
        assert_eq!(err.kind, Kind::Conflict);
        assert_eq!(get(&conn, &a.id).unwrap().doc_number, "45678912");
    }

    #[test]
    fn list_is_in_name_order_and_paged() {
        let conn = crate::db::open_in_memory().unwrap();
        for (doc, first, last) in [
            ("10000001", "Zoe", "Álvarez"),
            ("10000002", "Ana", "Zapata"),
            ("10000003", "Luis", "Ñahui"),
            ("10000004", "Bea", "Álvarez"),
        ] {
            add(&conn.autocommit(), &new(doc, first, last, None), None, now()).unwrap();
        }
        let names: Vec<String> = list(&conn, 10, 0)
            .unwrap()
            .iter()
            .map(Patient::full_name)
            .collect();
        assert_eq!(names, ["Bea Álvarez", "Zoe Álvarez", "Luis Ñahui", "Ana Zapata"]);
        let page: Vec<String> = list(&conn, 2, 1)
            .unwrap()
            .iter()
            .map(Patient::full_name)
            .collect();
        assert_eq!(page, ["Zoe Álvarez", "Luis Ñahui"]);
    }
}
