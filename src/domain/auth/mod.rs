//! Staff accounts (the people who operate the desk), sessions and login throttling.

mod error;
pub mod password;
mod session;
mod staff;

pub use error::AuthError;
pub use session::{LoginOutcome, change_own_password, login, logout, validate_token};
pub use staff::{
    NewStaff, create_staff, find_staff_by_email, get_staff, list_staff, reset_password, set_disabled,
};

use crate::ids::StaffId;
use serde::Serialize;

use crate::error::AppResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Receptionist,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Receptionist => "receptionist",
        }
    }

    pub fn parse(s: &str) -> AppResult<Role> {
        match s.trim().to_ascii_lowercase().as_str() {
            "admin" => Ok(Role::Admin),
            "receptionist" | "recepcionista" | "recepcion" | "recepción" => Ok(Role::Receptionist),
            other => Err(AuthError::UnknownRole {
                input: other.to_string(),
            }
            .into()),
        }
    }
}

/// A staff account as the rest of the program sees it (never the hash).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Staff {
    pub id: StaffId,
    pub email: String,
    pub full_name: String,
    pub role: Role,
    pub disabled: bool,
    pub created_at: String,
    pub last_login_at: Option<String>,
}

impl Staff {
    /// Admin-only actions call this first.
    pub fn require_admin(&self) -> AppResult<()> {
        if self.role == Role::Admin {
            Ok(())
        } else {
            Err(AuthError::AdminRequired.into())
        }
    }
}

/// Validates and normalises an e-mail address (lower case, trimmed).
pub fn normalize_email(input: &str) -> AppResult<String> {
    let e = input.trim().to_lowercase();
    let valid = e.len() <= 254
        && !crate::text::has_unsafe_chars(&e)
        && !e.contains(char::is_whitespace)
        && match e.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
            }
            None => false,
        };
    if valid {
        Ok(e)
    } else {
        let shown = crate::text::shown(input, 80);
        Err(AuthError::InvalidEmail {
            input: shown.to_string(),
        }
        .into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(normalize_email(" Ana@Clinica.PE ").unwrap(), "ana@clinica.pe");
        for bad in [
            "",
            "ana",
            "ana@",
            "@x.pe",
            "ana@x",
            "a b@x.pe",
            "a@@x.pe",
            "a@x..pe",
            "a@x.pe\u{7}",
        ] {
            assert!(normalize_email(bad).is_err(), "{bad:?}");
        }
    }
}
