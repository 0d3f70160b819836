//! Specialties (`catalog_specialties`).

use crate::db::{Db, OptionalExt, Row};
use crate::ids::SpecialtyId;
use serde::Serialize;

use crate::error::{AppError, AppResult};
use crate::text::fold;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Specialty {
    pub id: SpecialtyId,
    pub name: String,
    pub description: String,
    /// Active doctors of this specialty.
    pub doctors: i64,
}

const SELECT: &str = "SELECT s.id, s.name, s.description,
        (SELECT COUNT(*) FROM catalog_doctors d WHERE d.specialty_id = s.id AND d.active = 1)
    FROM catalog_specialties s";

fn from_row(r: &Row<'_>) -> crate::db::Result<Specialty> {
    Ok(Specialty {
        id: r.get(0)?,
        name: r.get(1)?,
        description: r.get(2)?,
        doctors: r.get(3)?,
    })
}

/// Every specialty, by name (Spanish collation by folded name).
pub fn list_specialties(conn: &Db) -> AppResult<Vec<Specialty>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} ORDER BY s.search_name"))?;
    let rows = stmt.query_map([], from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub fn get_specialty(conn: &Db, id: &str) -> AppResult<Specialty> {
    conn.prepare_cached(&format!("{SELECT} WHERE s.id = $1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| not_found(id))
}

fn not_found(input: &str) -> AppError {
    let shown = crate::text::shown(input, 40);
    super::CatalogError::SpecialtyNotFound { input: shown }.into()
}

/// Finds a specialty by name (ignoring case and accents: "cardiologia" → Cardiología), by a
/// unique start of its name ("otorrino"), by id, or by a unique id prefix (≥ 6 characters).
pub fn resolve_specialty(conn: &Db, input: &str) -> AppResult<Specialty> {
    // "medicina-general" and "medicina_general" as typed in scripts name the same specialty.
    let folded = fold(&input.replace(['-', '_'], " "));
    if folded.is_empty() || folded.chars().count() > 100 {
        return Err(super::CatalogError::SpecialtyInputEmpty.into());
    }
    let all = list_specialties(conn)?;
    if let Some(s) = all
        .iter()
        .find(|s| fold(&s.name) == folded || s.id == input.trim())
    {
        return Ok(s.clone());
    }
    let by_name: Vec<&Specialty> = all
        .iter()
        .filter(|s| fold(&s.name).starts_with(&folded))
        .collect();
    let by_id: Vec<&Specialty> = if folded.len() >= 6 {
        let id_prefix = input.trim().to_ascii_lowercase();
        all.iter().filter(|s| s.id.starts_with(&id_prefix)).collect()
    } else {
        Vec::new()
    };
    match (by_name.as_slice(), by_id.as_slice()) {
        ([one], []) | ([], [one]) => Ok((*one).clone()),
        ([], []) => Err(not_found(input)),
        _ => {
            let names: Vec<&str> = by_name
                .iter()
                .chain(by_id.iter())
                .map(|s| s.name.as_str())
                .collect();
            let names = names.join(", ");
            Err(super::CatalogError::SpecialtyAmbiguous {
                input: input.to_string(),
                names,
            }
            .into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_names_without_accents_prefixes_and_ids() {
        let conn = crate::db::open_in_memory().unwrap();
        crate::db::write(&conn, |tx| {
            super::super::fixtures::load(tx, chrono::DateTime::UNIX_EPOCH)
        })
        .unwrap();
        let all = list_specialties(&conn).unwrap();
        assert_eq!(all.len(), 19);
        for (input, expected) in [
            ("cardiologia", "Cardiología"),
            ("CARDIOLOGÍA", "Cardiología"),
            ("  Medicina   general ", "Medicina General"),
            ("otorrino", "Otorrinolaringología"),
            ("psiq", "Psiquiatría"),
            ("nutri", "Nutrición"),
            ("medicina-general", "Medicina General"),
        ] {
            assert_eq!(resolve_specialty(&conn, input).unwrap().name, expected, "{input}");
        }
        let cardio = resolve_specialty(&conn, "cardiologia").unwrap();
        assert_eq!(resolve_specialty(&conn, &cardio.id).unwrap().id, cardio.id);
        assert_eq!(resolve_specialty(&conn, &cardio.id[..30]).unwrap().id, cardio.id);
        for (input, kind) in [
            ("psi", crate::error::Kind::Invalid), // Psiquiatría, Psicología
            ("n", crate::error::Kind::Invalid),
            ("astrologia", crate::error::Kind::NotFound),
            ("", crate::error::Kind::Invalid),
            ("' OR 1=1 --", crate::error::Kind::NotFound),
        ] {
            assert_eq!(resolve_specialty(&conn, input).unwrap_err().kind, kind, "{input}");
        }
    }
}
