//! Doctors (`catalog_doctors`) and their change history (`catalog_doctor_changes`).

use crate::db::{Db, OptionalExt, Row, Tx};
use crate::domain::audit::{self, Change, Entity};
use crate::params;
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::NameField;
use super::{CatalogError, Doctor, ScheduleBlock, Specialty};
use crate::clock::utc_string;
use crate::error::{AppError, AppResult};
use crate::ids::{DoctorId, SpecialtyId, StaffId};
use crate::money::Cents;
use crate::text::{fold, has_unsafe_chars};

const SELECT: &str = "SELECT d.id, d.first_name, d.last_name, d.specialty_id, s.name, d.cmp, d.rating,
        d.years_experience, d.price_cents, d.photo_url, d.active, d.created_at, d.updated_at
    FROM catalog_doctors d JOIN catalog_specialties s ON s.id = d.specialty_id";

fn from_row(r: &Row<'_>) -> crate::db::Result<Doctor> {
    let first_name: String = r.get(1)?;
    let last_name: String = r.get(2)?;
    Ok(Doctor {
        id: r.get(0)?,
        full_name: format!("{first_name} {last_name}"),
        first_name,
        last_name,
        specialty_id: r.get(3)?,
        specialty: r.get(4)?,
        cmp: r.get(5)?,
        rating: r.get(6)?,
        years_experience: r.get(7)?,
        price: Cents(r.get(8)?),
        photo_url: r.get(9)?,
        active: r.get(10)?,
        created_at: r.get(11)?,
        updated_at: r.get(12)?,
    })
}

fn not_found(input: &str) -> AppError {
    let shown = crate::text::shown(input, 40);
    CatalogError::DoctorNotFound { input: shown }.into()
}

/// A doctor by full id (active or not).
pub fn get_doctor(conn: &Db, id: &DoctorId) -> AppResult<Doctor> {
    conn.prepare_cached(&format!("{SELECT} WHERE d.id = $1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| not_found(id))
}

/// Finds a doctor by id, unique id prefix (≥ 6 characters), or a name that matches exactly one
/// doctor (words in any order, ignoring case and accents: "rosa quispe", "quispe").
pub fn resolve_doctor(conn: &Db, input: &str) -> AppResult<Doctor> {
    let trimmed = input.trim();
    let looks_like_id = trimmed.len() >= 6 && trimmed.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    if looks_like_id {
        match crate::db::resolve_id_prefix(conn, "catalog_doctors", trimmed, ("médico", "doctor")) {
            Ok(id) => return get_doctor(conn, &id),
            Err(e) if e.kind != crate::error::Kind::NotFound => return Err(e),
            Err(_) => {}
        }
    }
    let words: Vec<String> = fold(trimmed)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect();
    if words.is_empty() || trimmed.chars().count() > 120 {
        return Err(CatalogError::DoctorInputEmpty.into());
    }
    let mut stmt = conn.prepare_cached("SELECT id, search_name FROM catalog_doctors")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    let matches: Vec<&String> = rows
        .iter()
        .filter(|(_, name)| {
            let name_words: Vec<&str> = name.split(' ').collect();
            words
                .iter()
                .all(|w| name_words.iter().any(|n| n.starts_with(w.as_str())))
        })
        .map(|(id, _)| id)
        .collect();
    match matches.as_slice() {
        [one] => get_doctor(conn, &DoctorId::from_string(*one)),
        [] => Err(not_found(input)),
        many => {
            let names: Vec<String> = many
                .iter()
                .take(5)
                .map(|id| get_doctor(conn, &DoctorId::from_string(*id)).map(|d| d.full_name))
                .collect::<AppResult<_>>()?;
            Err(CatalogError::DoctorAmbiguous {
                input: trimmed.to_string(),
                names,
            }
            .into())
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DoctorSort {
    /// Best rated first (then name).
    #[default]
    Rating,
    /// Cheapest first.
    Price,
    /// Most experienced first.
    Experience,
    /// By last name, then first name.
    Name,
}

impl DoctorSort {
    pub fn parse(s: &str) -> AppResult<DoctorSort> {
        match fold(s).as_str() {
            "rating" | "valoracion" | "calificacion" => Ok(DoctorSort::Rating),
            "price" | "precio" => Ok(DoctorSort::Price),
            "experience" | "experiencia" => Ok(DoctorSort::Experience),
            "name" | "nombre" => Ok(DoctorSort::Name),
            _ => Err(CatalogError::UnknownSort.into()),
        }
    }
}

/// Which doctors to list. The default lists the active doctors of every specialty by rating.
#[derive(Debug, Clone, Default)]
pub struct DoctorFilter {
    pub specialty_id: Option<SpecialtyId>,
    pub min_rating: Option<f64>,
    pub max_price: Option<Cents>,
    pub sort: DoctorSort,
    /// Include deactivated doctors.
    pub include_inactive: bool,
}

pub fn list_doctors(conn: &Db, filter: &DoctorFilter) -> AppResult<Vec<Doctor>> {
    let order = match filter.sort {
        DoctorSort::Rating => "d.rating DESC, d.last_name, d.first_name",
        DoctorSort::Price => "d.price_cents ASC, d.rating DESC, d.last_name",
        DoctorSort::Experience => "d.years_experience DESC, d.rating DESC, d.last_name",
        DoctorSort::Name => "d.last_name, d.first_name",
    };
    let sql = format!(
        "{SELECT} WHERE (CAST($1 AS TEXT) IS NULL OR d.specialty_id = $1) AND (CAST($2 AS DOUBLE PRECISION) IS NULL OR d.rating >= $2 - 1e-9)
           AND (CAST($3 AS BIGINT) IS NULL OR d.price_cents <= $3) AND ($4 OR d.active = 1)
         ORDER BY {order}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(
            params![
                filter.specialty_id,
                filter.min_rating,
                filter.max_price.map(|c| c.0),
                filter.include_inactive
            ],
            from_row,
        )?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

fn check_name(field: NameField, v: &str) -> AppResult<String> {
    let v = v.split_whitespace().collect::<Vec<_>>().join(" ");
    let ok = !v.is_empty()
        && v.chars().count() <= 80
        && v.chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '\'' | '-' | '.'));
    if ok {
        Ok(v)
    } else {
        Err(CatalogError::InvalidName { field }.into())
    }
}

/// Validates a rating: 0.0–5.0 with at most one decimal.
pub fn check_rating(r: f64) -> AppResult<f64> {
    let tenths = (r * 10.0).round();
    if !(0.0..=5.0).contains(&r) || (r * 10.0 - tenths).abs() > 1e-6 {
        return Err(CatalogError::RatingOutOfRange.into());
    }
    Ok(tenths / 10.0)
}

/// Validates a consultation price: more than zero and at most S/ 10,000.
pub fn check_price(p: Cents) -> AppResult<Cents> {
    if p.0 <= 0 || p.0 > 1_000_000 {
        return Err(CatalogError::PriceOutOfRange.into());
    }
    Ok(p)
}

fn check_cmp(cmp: &str) -> AppResult<String> {
    let c = cmp.trim();
    if c.is_empty() || c.len() > 8 || !c.chars().all(|c| c.is_ascii_digit()) {
        return Err(CatalogError::InvalidCmp.into());
    }
    Ok(c.to_string())
}

fn check_photo(url: &str) -> AppResult<String> {
    let u = url.trim();
    if u.len() > 500 || has_unsafe_chars(u) || u.contains(char::is_whitespace) || !u.starts_with("https://") {
        return Err(CatalogError::InvalidPhoto.into());
    }
    Ok(u.to_string())
}

/// A validated new doctor.
#[derive(Debug, Clone)]
pub struct NewDoctor {
    pub first_name: String,
    pub last_name: String,
    pub specialty_id: SpecialtyId,
    pub cmp: Option<String>,
    pub rating: f64,
    pub years_experience: i64,
    pub price: Cents,
    pub photo_url: Option<String>,
    pub schedule: Vec<ScheduleBlock>,
}

/// A doctor as given (the CLI's flags, a fixtures line), not yet validated.
#[derive(Debug, Clone)]
pub struct DoctorInput<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub specialty: &'a Specialty,
    /// The Colegio Médico del Perú number, if known.
    pub cmp: Option<&'a str>,
    pub rating: f64,
    pub years_experience: i64,
    pub price: Cents,
    pub photo_url: Option<&'a str>,
    pub schedule: Vec<ScheduleBlock>,
}

impl NewDoctor {
    /// Checks every field (names, CMP, rating, experience, price, photo address).
    pub fn parse(input: DoctorInput<'_>) -> AppResult<NewDoctor> {
        let DoctorInput {
            first_name,
            last_name,
            specialty,
            cmp,
            rating,
            years_experience,
            price,
            photo_url,
            schedule,
        } = input;
        if !(0..=70).contains(&years_experience) {
            return Err(CatalogError::ExperienceOutOfRange.into());
        }
        Ok(NewDoctor {
            first_name: check_name(NameField::First, first_name)?,
            last_name: check_name(NameField::Last, last_name)?,
            specialty_id: specialty.id.clone(),
            cmp: cmp.map(check_cmp).transpose()?,
            rating: check_rating(rating)?,
            years_experience,
            price: check_price(price)?,
            photo_url: photo_url.map(check_photo).transpose()?,
            schedule,
        })
    }
}

fn cmp_taken(conn: &Db, cmp: &str, except: Option<&str>) -> AppResult<()> {
    let other: Option<String> = conn
        .prepare_cached("SELECT id FROM catalog_doctors WHERE cmp = $1 AND id IS DISTINCT FROM $2")?
        .query_row(params![cmp, except], |r| r.get(0))
        .optional()?;
    if other.is_some() {
        return Err(CatalogError::DuplicateCmp { cmp: cmp.to_string() }.into());
    }
    Ok(())
}

/// Adds a doctor with their weekly schedule. Run inside `crate::db::write`.
pub fn add_doctor(
    conn: &Tx<'_>,
    new: &NewDoctor,
    by_staff: Option<&StaffId>,
    now: DateTime<Utc>,
) -> AppResult<Doctor> {
    if let Some(cmp) = &new.cmp {
        cmp_taken(conn, cmp, None)?;
    }
    let id = DoctorId::from_string(crate::ids::new_id());
    let at = utc_string(now);
    conn.prepare_cached(
        "INSERT INTO catalog_doctors (id, first_name, last_name, search_name, specialty_id, cmp, rating,
             years_experience, price_cents, photo_url, active, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $11)",
    )?
    .execute(params![
        id,
        new.first_name,
        new.last_name,
        fold(&format!("{} {}", new.first_name, new.last_name)),
        new.specialty_id,
        new.cmp,
        new.rating,
        new.years_experience,
        new.price.0,
        new.photo_url,
        at
    ])?;
    super::schedule::insert_blocks(conn, &id, &new.schedule)?;
    record_change(conn, &id, "created", None, None, by_staff, now)?;
    let doctor = get_doctor(conn, &id)?;
    let mut after = audited(&doctor);
    after["schedule"] = audit::snapshot(&new.schedule, &[]);
    audit::record(
        conn,
        by_staff,
        now,
        Change::created(Entity::Doctor, &id, "create", after),
    )?;
    Ok(doctor)
}

/// A doctor's business fields for the audit trail (the row's own timestamps left out).
fn audited(d: &Doctor) -> serde_json::Value {
    audit::snapshot(d, &["created_at", "updated_at"])
}

/// What an admin may change on a doctor; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct DoctorEdit {
    pub price: Option<Cents>,
    pub rating: Option<f64>,
    pub years_experience: Option<i64>,
    pub photo_url: Option<Option<String>>,
    pub specialty_id: Option<SpecialtyId>,
    /// `Some(false)` deactivates (the doctor and their appointments are kept), `Some(true)` reactivates.
    pub active: Option<bool>,
}

/// Applies an edit, recording each changed field in `catalog_doctor_changes`. Run inside
/// `crate::db::write`. Deactivating keeps the doctor and every appointment; the doctor just stops
/// appearing in lists and slot searches and cannot be booked.
pub fn edit_doctor(
    conn: &Tx<'_>,
    doctor_id: &DoctorId,
    edit: &DoctorEdit,
    by_staff: Option<&StaffId>,
    now: DateTime<Utc>,
) -> AppResult<Doctor> {
    let before = get_doctor(conn, doctor_id)?;
    let mut changed = 0;
    let mut change = |field: &str, old: String, new: String, sql: &str, value: &dyn crate::db::ToValue| {
        if old == new {
            return Ok::<(), AppError>(());
        }
        conn.prepare_cached(sql)?.execute(params![doctor_id, value])?;
        record_change(conn, doctor_id, field, Some(&old), Some(&new), by_staff, now)?;
        changed += 1;
        Ok(())
    };
    if let Some(p) = edit.price {
        let p = check_price(p)?;
        change(
            "price_cents",
            before.price.0.to_string(),
            p.0.to_string(),
            "UPDATE catalog_doctors SET price_cents = $2 WHERE id = $1",
            &p.0,
        )?;
    }
    if let Some(r) = edit.rating {
        let r = check_rating(r)?;
        change(
            "rating",
            format!("{:.1}", before.rating),
            format!("{r:.1}"),
            "UPDATE catalog_doctors SET rating = $2 WHERE id = $1",
            &r,
        )?;
    }
    if let Some(y) = edit.years_experience {
        if !(0..=70).contains(&y) {
            return Err(CatalogError::ExperienceOutOfRange.into());
        }
        change(
            "years_experience",
            before.years_experience.to_string(),
            y.to_string(),
            "UPDATE catalog_doctors SET years_experience = $2 WHERE id = $1",
            &y,
        )?;
    }
    if let Some(photo) = &edit.photo_url {
        let photo = photo.as_deref().map(check_photo).transpose()?;
        change(
            "photo_url",
            before.photo_url.clone().unwrap_or_default(),
            photo.clone().unwrap_or_default(),
            "UPDATE catalog_doctors SET photo_url = $2 WHERE id = $1",
            &photo,
        )?;
    }
    if let Some(s) = &edit.specialty_id {
        change(
            "specialty_id",
            before.specialty_id.to_string(),
            s.to_string(),
            "UPDATE catalog_doctors SET specialty_id = $2 WHERE id = $1",
            s,
        )?;
    }
    if let Some(a) = edit.active {
        change(
            "active",
            before.active.to_string(),
            a.to_string(),
            "UPDATE catalog_doctors SET active = $2 WHERE id = $1",
            &a,
        )?;
    }
    if changed == 0 {
        return Ok(before);
    }
    conn.prepare_cached("UPDATE catalog_doctors SET updated_at = $2 WHERE id = $1")?
        .execute(params![doctor_id, utc_string(now)])?;
    let after = get_doctor(conn, doctor_id)?;
    audit::record(
        conn,
        by_staff,
        now,
        Change::updated(
            Entity::Doctor,
            doctor_id,
            "edit",
            audited(&before),
            audited(&after),
        ),
    )?;
    Ok(after)
}

pub(super) fn record_change(
    conn: &Tx<'_>,
    doctor_id: &str,
    field: &str,
    old: Option<&str>,
    new: Option<&str>,
    by_staff: Option<&StaffId>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    conn.prepare_cached(
        "INSERT INTO catalog_doctor_changes (doctor_id, field, old_value, new_value, by_staff, at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )?
    .execute(params![doctor_id, field, old, new, by_staff, utc_string(now)])?;
    Ok(())
}

/// One recorded change to a doctor.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DoctorChange {
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub by_staff: Option<String>,
    pub at: String,
}

/// A doctor's change history, oldest first.
pub fn doctor_changes(conn: &Db, doctor_id: &DoctorId) -> AppResult<Vec<DoctorChange>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.field, c.old_value, c.new_value, s.email, c.at FROM catalog_doctor_changes c
         LEFT JOIN auth_staff s ON s.id = c.by_staff WHERE c.doctor_id = $1 ORDER BY c.id",
    )?;
    let rows = stmt
        .query_map([doctor_id], |r| {
            Ok(DoctorChange {
                field: r.get(0)?,
                old_value: r.get(1)?,
                new_value: r.get(2)?,
                by_staff: r.get(3)?,
                at: r.get(4)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}
