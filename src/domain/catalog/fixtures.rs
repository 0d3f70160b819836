//! Catalog fixtures: a realistic clinic in Lima (19 specialties, 51 doctors with weekly
//! schedules), shipped inside the binary (`fixtures/catalog/*.tsv`) and parsed at load. Weekly
//! schedules use the same syntax and parser as `saludya doctor schedule --set`.

use std::collections::HashMap;

use crate::db::Tx;
use crate::params;
use chrono::{DateTime, Utc};

use super::{DoctorInput, NewDoctor, Specialty, add_doctor, parse_schedule};
use crate::error::{AppError, AppResult};
use crate::ids::SpecialtyId;
use crate::money::Cents;
use crate::text::fold;

const SPECIALTIES: &str = include_str!("../../../fixtures/catalog/specialties.tsv");
const DOCTORS: &str = include_str!("../../../fixtures/catalog/doctors.tsv");

fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

fn bad(file: &'static str, line: usize, why: &'static str) -> AppError {
    super::CatalogError::DamagedData { file, line, why }.into()
}

/// Loads the clinic's specialties and doctors. Skips a specialty or doctor (by CMP) that already
/// exists, so loading twice adds nothing. Run inside `crate::db::write`.
pub fn load(conn: &Tx<'_>, now: DateTime<Utc>) -> AppResult<()> {
    let mut specialties: HashMap<String, Specialty> = super::list_specialties(conn)?
        .into_iter()
        .map(|s| (fold(&s.name), s))
        .collect();
    for (line, row) in data_lines(SPECIALTIES) {
        let (name, description) = row
            .split_once('\t')
            .ok_or_else(|| bad("specialties.tsv", line, "expected name<TAB>description"))?;
        let key = fold(name);
        if specialties.contains_key(&key) {
            continue;
        }
        let id = SpecialtyId::from_string(crate::ids::new_id());
        conn.prepare_cached(
            "INSERT INTO catalog_specialties (id, name, search_name, description) VALUES ($1, $2, $3, $4)",
        )?
        .execute(params![id, name.trim(), key, description.trim()])?;
        crate::domain::audit::record(
            conn,
            None,
            now,
            crate::domain::audit::Change::created(
                crate::domain::audit::Entity::Specialty,
                &id,
                "create",
                serde_json::json!({ "id": id, "name": name.trim(), "description": description.trim() }),
            ),
        )?;
        specialties.insert(
            key,
            Specialty {
                id,
                name: name.trim().to_string(),
                description: description.trim().to_string(),
                doctors: 0,
            },
        );
    }

    for (line, row) in data_lines(DOCTORS) {
        let f: Vec<&str> = row.split('\t').map(str::trim).collect();
        let [first, last, specialty, cmp, rating, years, price, photo, schedule] = f.as_slice() else {
            return Err(bad("doctors.tsv", line, "expected 9 tab-separated columns"));
        };
        let exists: bool = conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM catalog_doctors WHERE cmp = $1)")?
            .query_row([cmp], |r| r.get(0))?;
        if exists {
            continue;
        }
        let specialty = specialties
            .get(&fold(specialty))
            .ok_or_else(|| bad("doctors.tsv", line, "unknown specialty"))?;
        let num = |v: &str, what: &'static str| v.parse::<f64>().map_err(|_| bad("doctors.tsv", line, what));
        let doctor = NewDoctor::parse(DoctorInput {
            first_name: first,
            last_name: last,
            specialty,
            cmp: Some(cmp),
            rating: num(rating, "rating")?,
            years_experience: num(years, "years")? as i64,
            price: Cents(num(price, "price")? as i64),
            photo_url: (*photo != "-").then_some(*photo),
            schedule: parse_schedule(&[schedule])?,
        })?;
        add_doctor(conn, &doctor, None, now)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::{DoctorFilter, list_doctors, list_specialties, weekly_schedule};

    #[test]
    fn the_clinic_in_lima_loads_completely_and_only_once() {
        let conn = crate::db::open_in_memory().unwrap();
        crate::db::write(&conn, |tx| load(tx, DateTime::UNIX_EPOCH)).unwrap();
        crate::db::write(&conn, |tx| load(tx, DateTime::UNIX_EPOCH)).unwrap();
        let specialties = list_specialties(&conn).unwrap();
        let names: Vec<&str> = specialties.iter().map(|s| s.name.as_str()).collect();
        // the catalog offers exactly the specialties the orientation engine knows
        for expected in crate::domain::orientation::SPECIALTIES {
            assert!(names.contains(&expected), "{expected}");
        }
        assert_eq!(specialties.len(), 19);
        assert!(
            specialties
                .iter()
                .all(|s| s.doctors >= 2 && s.description.len() > 40)
        );
        let general = specialties.iter().find(|s| s.name == "Medicina General").unwrap();
        let pediatrics = specialties.iter().find(|s| s.name == "Pediatría").unwrap();
        assert!(general.doctors > 3 && pediatrics.doctors > 3);

        let doctors = list_doctors(&conn, &DoctorFilter::default()).unwrap();
        assert!(doctors.len() >= 45, "{}", doctors.len());
        for d in &doctors {
            assert!((3.5..=5.0).contains(&d.rating), "{}", d.full_name);
            assert!((5_000..=30_000).contains(&d.price.0), "{}", d.full_name);
            assert!(d.cmp.is_some());
            let week = weekly_schedule(&conn, &d.id).unwrap();
            assert!(!week.is_empty(), "{} has a schedule", d.full_name);
            assert!(week.iter().all(|b| [15, 20, 30].contains(&b.slot_minutes)));
        }
        assert!(doctors.iter().any(|d| d.photo_url.is_some()));
        assert!(doctors.iter().any(|d| d.photo_url.is_none()));
    }
}
