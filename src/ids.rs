//! Typed ids. Every id is UUID v7 text in storage and JSON (`serde(transparent)`), but a
//! `PatientId` cannot be passed where a `DoctorId` is expected. Ids come from the database
//! (`FromSql`), from a domain's `resolve_*` function (user input: id, prefix, name...), or are
//! made new by the injected generator. Cargo's `ParentId` is the model.
//!
//! They dereference to `&str` so that formatting, SQL text and comparisons stay one-liners.

use std::fmt;

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

macro_rules! id_type {
    ($($(#[$meta:meta])* $name:ident;)+) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps id text that is already known to name such a row (read back, resolved, or
            /// just generated). User input goes through the domain's `resolve_*` instead.
            pub fn from_string(id: impl Into<String>) -> $name {
                $name(id.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                String::column_result(value).map($name)
            }
        }
    )+};
}

id_type! {
    /// A patient (`user_patients.id`).
    PatientId;
    /// A doctor (`catalog_doctors.id`).
    DoctorId;
    /// A specialty (`catalog_specialties.id`).
    SpecialtyId;
    /// An appointment (`appointment_appointments.id`).
    AppointmentId;
    /// A staff account (`auth_staff.id`).
    StaffId;
    /// A payment, refund or declined attempt (`payment_payments.id`).
    PaymentId;
    /// A stored orientation query (`ai_queries.id`).
    OrientationQueryId;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_their_text_in_json_and_sql() {
        let id = PatientId::from_string("0190f0aa-0000-7000-8000-000000000001");
        assert_eq!(
            serde_json::to_string(&id).unwrap(),
            "\"0190f0aa-0000-7000-8000-000000000001\""
        );
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let back: PatientId = conn.query_row("SELECT ?1", [&id], |r| r.get(0)).unwrap();
        assert_eq!(back, id);
        assert_eq!(back, "0190f0aa-0000-7000-8000-000000000001");
    }
}
