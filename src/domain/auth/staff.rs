//! Storage of staff accounts (`auth_staff`).

use crate::db::{Db, OptionalExt, Row, Tx};
use crate::domain::audit::{self, Change, Entity};
use crate::params;
use chrono::{DateTime, Utc};

use super::AuthError;
use super::{Role, Staff, normalize_email, password};
use crate::clock::utc_string;
use crate::error::AppResult;
use crate::ids::StaffId;

/// A validated request to create an account.
pub struct NewStaff {
    pub email: String,
    pub full_name: String,
    pub role: Role,
}

impl NewStaff {
    pub fn new(email: &str, full_name: &str, role: Role) -> AppResult<NewStaff> {
        let full_name = full_name.trim().to_string();
        if full_name.chars().count() > 120 || crate::text::has_unsafe_chars(&full_name) {
            return Err(AuthError::StaffNameInvalid.into());
        }
        Ok(NewStaff {
            email: normalize_email(email)?,
            full_name,
            role,
        })
    }
}

const COLUMNS: &str = "id, email, full_name, role, disabled, created_at, last_login_at";

fn from_row(r: &Row<'_>) -> crate::db::Result<Staff> {
    let role: String = r.get(3)?;
    Ok(Staff {
        id: r.get(0)?,
        email: r.get(1)?,
        full_name: r.get(2)?,
        role: if role == "admin" {
            Role::Admin
        } else {
            Role::Receptionist
        },
        disabled: r.get(4)?,
        created_at: r.get(5)?,
        last_login_at: r.get(6)?,
    })
}

/// The clinic's name, a word no password may be built from (read through the catalog's own
/// function; the default name when the settings cannot be read).
fn clinic_name(conn: &Db) -> String {
    crate::domain::catalog::settings::load(conn)
        .map(|s| s.clinic_name)
        .unwrap_or_else(|_| crate::domain::catalog::settings::Settings::default().clinic_name)
}

/// Creates an account; the password must already have passed [`password::check_strength`].
/// `by` is the admin creating it (`None` for the first admin, made by `init`, and the demo's).
pub fn create_staff(
    conn: &Tx<'_>,
    new: &NewStaff,
    password: &str,
    by: Option<&StaffId>,
    now: DateTime<Utc>,
) -> AppResult<Staff> {
    let clinic = clinic_name(conn);
    password::check_strength(password, &[&new.email, &new.full_name, &clinic])?;
    if find_staff_by_email(conn, &new.email)?.is_some() {
        return Err(AuthError::EmailTaken {
            email: new.email.clone(),
        }
        .into());
    }
    let hash = password::hash(password)?;
    let id = StaffId::from_string(crate::ids::new_id());
    conn.prepare_cached(
        "INSERT INTO auth_staff (id, email, full_name, password_hash, role, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )?
    .execute(params![id, new.email, new.full_name, hash, new.role.as_str(), utc_string(now)])?;
    let staff = get_staff(conn, &id)?;
    audit::record(
        conn,
        by,
        now,
        Change::created(Entity::Staff, &id, "create", audited(&staff)),
    )?;
    Ok(staff)
}

/// An account's business fields for the audit trail: never the password hash (not in
/// [`Staff`]), nor the login time (a login is its own event).
pub(super) fn audited(s: &Staff) -> serde_json::Value {
    audit::snapshot(s, &["created_at", "last_login_at"])
}

pub fn get_staff(conn: &Db, id: &StaffId) -> AppResult<Staff> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM auth_staff WHERE id = $1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| AuthError::StaffNotFound { id: id.to_string() }.into())
}

pub fn find_staff_by_email(conn: &Db, email: &str) -> AppResult<Option<Staff>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM auth_staff WHERE email = $1"))?
        .query_row([email.trim().to_lowercase()], from_row)
        .optional()?)
}

pub(super) fn password_hash_of(conn: &Db, id: &str) -> AppResult<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT password_hash FROM auth_staff WHERE id = $1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

pub fn list_staff(conn: &Db) -> AppResult<Vec<Staff>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM auth_staff ORDER BY email"))?;
    let rows = stmt.query_map([], from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Disables (or re-enables) an account; disabling also revokes its open sessions. `by` is the
/// admin doing it.
pub fn set_disabled(
    conn: &Tx<'_>,
    id: &StaffId,
    disabled: bool,
    by: Option<&StaffId>,
    now: DateTime<Utc>,
) -> AppResult<Staff> {
    let staff = get_staff(conn, id)?;
    conn.prepare_cached("UPDATE auth_staff SET disabled = $2 WHERE id = $1")?
        .execute(params![id, disabled])?;
    if disabled {
        conn.prepare_cached(
            "UPDATE auth_sessions SET revoked_at = $2 WHERE staff_id = $1 AND revoked_at IS NULL",
        )?
        .execute(params![id, utc_string(now)])?;
    }
    let after = get_staff(conn, &staff.id)?;
    if after.disabled != staff.disabled {
        let action = if disabled { "disable" } else { "enable" };
        audit::record(
            conn,
            by,
            now,
            Change::updated(Entity::Staff, id, action, audited(&staff), audited(&after)),
        )?;
    }
    Ok(after)
}

/// An admin resets someone else's password (no current password needed): the reset is recorded
/// with the admin who made it, and the account's sessions are revoked.
pub fn reset_password(
    conn: &Tx<'_>,
    id: &StaffId,
    by: &Staff,
    new_password: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    by.require_admin()?;
    if &by.id == id {
        return Err(AuthError::OwnPasswordReset.into());
    }
    set_password(conn, id, new_password, now)?;
    record_change(conn, id, &by.id, "admin_reset", now)
}

pub(super) fn record_change(
    conn: &Tx<'_>,
    id: &StaffId,
    by: &StaffId,
    kind: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    conn.prepare_cached(
        "INSERT INTO auth_password_changes (staff_id, by_staff, kind, at) VALUES ($1, $2, $3, $4)",
    )?
    .execute(params![id, by, kind, utc_string(now)])?;
    // The fact only: whose password, by whom, how. Never the password or its hash.
    audit::record(
        conn,
        Some(by),
        now,
        Change::event(
            Entity::Staff,
            id,
            "password_change",
            Some(serde_json::json!({ "kind": kind })),
        ),
    )
}

/// Sets a new password (checked for strength) and revokes the account's sessions. Callers:
/// [`reset_password`] and `change_own_password` (which checks the current one).
pub(super) fn set_password(
    conn: &Tx<'_>,
    id: &StaffId,
    new_password: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let staff = get_staff(conn, id)?;
    let clinic = clinic_name(conn);
    password::check_strength(new_password, &[&staff.email, &staff.full_name, &clinic])?;
    let hash = password::hash(new_password)?;
    conn.prepare_cached("UPDATE auth_staff SET password_hash = $2 WHERE id = $1")?
        .execute(params![id, hash])?;
    conn.prepare_cached(
        "UPDATE auth_sessions SET revoked_at = $2 WHERE staff_id = $1 AND revoked_at IS NULL",
    )?
    .execute(params![id, utc_string(now)])?;
    Ok(())
}
