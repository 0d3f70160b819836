//! Patients (the original "user" service): profiles identified by a document (DNI, carné de
//! extranjería or passport), validated on the way in (see [`validate`]), found by id, id prefix,
//! document or a name/document prefix search.
//!
//! Front ends fill a [`PatientInput`] with the raw text the person typed, turn it into a
//! [`NewPatient`] with [`NewPatient::parse`] (all rules checked, nothing touched yet), then call
//! [`add`] or [`update`] inside `crate::db::write`.

mod error;
mod search;
mod store;
pub mod validate;

use crate::ids::PatientId;
use chrono::NaiveDate;
use serde::Serialize;

pub use error::{NameField, NameProblem, PatientError};
pub use search::{MAX_LIMIT as MAX_SEARCH_LIMIT, search};
pub use store::{
    Saved, Warning, add, count, find_by_document, get, insert_if_free, list, probable_duplicates,
    resolve_patient, update,
};
pub use validate::{DocType, Sex};

use crate::error::AppResult;
use crate::i18n::Text;

/// A stored patient.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Patient {
    pub id: PatientId,
    pub doc_type: DocType,
    pub doc_number: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    /// E.164.
    pub phone: Option<String>,
    /// YYYY-MM-DD.
    pub birth_date: Option<String>,
    pub sex: Option<Sex>,
    pub created_at: String,
    pub updated_at: String,
}

impl Patient {
    /// "Ana García Pérez".
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }

    /// "DNI 45678912".
    pub fn document(&self) -> Text {
        let label = self.doc_type.label();
        Text::owned(
            format!("{} {}", label.es, self.doc_number),
            format!("{} {}", label.en, self.doc_number),
        )
    }

    /// Age in whole years on `today`, when the birth date is known.
    pub fn age(&self, today: NaiveDate) -> Option<u32> {
        let birth = NaiveDate::parse_from_str(self.birth_date.as_deref()?, "%Y-%m-%d").ok()?;
        Some(validate::age(birth, today))
    }
}

/// What a person typed into the form (or the command line), not yet validated. Empty optional
/// fields count as absent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PatientInput {
    /// dni (default) | ce | passport.
    pub doc_type: Option<String>,
    pub doc_number: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub birth_date: Option<String>,
    pub sex: Option<String>,
}

impl PatientInput {
    /// The current values of a stored patient, as a starting point for an edit.
    pub fn from_patient(p: &Patient) -> PatientInput {
        PatientInput {
            doc_type: Some(p.doc_type.as_str().to_string()),
            doc_number: p.doc_number.clone(),
            first_name: p.first_name.clone(),
            last_name: p.last_name.clone(),
            email: p.email.clone(),
            phone: p.phone.clone(),
            birth_date: p.birth_date.clone(),
            sex: p.sex.map(|s| s.as_str().to_string()),
        }
    }
}

/// A patient's data that passed every rule, in storage form.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPatient {
    pub doc_type: DocType,
    pub doc_number: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub sex: Option<Sex>,
}

fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl NewPatient {
    /// Checks every field (see [`validate`]); `today` is the clinic's date (birth dates).
    pub fn parse(input: &PatientInput, today: NaiveDate) -> AppResult<NewPatient> {
        let doc_type = match present(&input.doc_type) {
            Some(t) => DocType::parse(t)?,
            None => DocType::Dni,
        };
        Ok(NewPatient {
            doc_type,
            doc_number: validate::doc_number(doc_type, &input.doc_number)?,
            first_name: validate::name(&input.first_name, NameField::First)?,
            last_name: validate::name(&input.last_name, NameField::Last)?,
            email: present(&input.email).map(validate::email).transpose()?,
            phone: present(&input.phone).map(validate::phone).transpose()?,
            birth_date: present(&input.birth_date)
                .map(|d| validate::birth_date(d, today))
                .transpose()?,
            sex: present(&input.sex).map(Sex::parse).transpose()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn input(doc: &str, first: &str, last: &str) -> PatientInput {
        PatientInput {
            doc_number: doc.to_string(),
            first_name: first.to_string(),
            last_name: last.to_string(),
            ..PatientInput::default()
        }
    }

    #[test]
    fn parse_validates_every_field_and_treats_empty_as_absent() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let mut raw = input("45678912", " Ana ", "García  Pérez");
        raw.email = Some(" Ana@Example.COM ".into());
        raw.phone = Some("987 654 321".into());
        raw.birth_date = Some("1985-07-28".into());
        raw.sex = Some("F".into());
        let p = NewPatient::parse(&raw, today).unwrap();
        assert_eq!(p.doc_type, DocType::Dni);
        assert_eq!(p.first_name, "Ana");
        assert_eq!(p.last_name, "García Pérez");
        assert_eq!(p.email.as_deref(), Some("ana@example.com"));
        assert_eq!(p.phone.as_deref(), Some("+51987654321"));
        assert_eq!(p.sex, Some(Sex::F));

        raw.email = Some("  ".into());
        raw.phone = Some(String::new());
        assert_eq!(NewPatient::parse(&raw, today).unwrap().email, None);

        for (field, value) in [
            ("doc", "1234"),
            ("email", "ana@"),
            ("birth", "2027-01-01"),
            ("sex", "x"),
            ("type", "licencia"),
        ] {
            let mut bad = raw.clone();
            match field {
                "doc" => bad.doc_number = value.into(),
                "email" => bad.email = Some(value.into()),
                "birth" => bad.birth_date = Some(value.into()),
                "sex" => bad.sex = Some(value.into()),
                _ => bad.doc_type = Some(value.into()),
            }
            let err = NewPatient::parse(&bad, today).unwrap_err();
            assert_eq!(err.kind, crate::error::Kind::Invalid, "{field}");
        }
    }
}
