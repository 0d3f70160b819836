//! Login, sessions and throttling. A session token is 256 random bits shown once to the caller;
//! only its SHA-256 is stored.

use crate::db::{Db, OptionalExt, Tx};
use crate::params;
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

use super::AuthError;
use super::{Staff, get_staff, password, staff::password_hash_of};
use crate::clock::utc_string;
use crate::error::{AppError, AppResult};
use crate::ids::StaffId;

/// Failures allowed before the growing wait starts.
const FREE_FAILURES: u32 = 5;
const FIRST_WAIT_SECS: i64 = 30;
const MAX_WAIT_SECS: i64 = 15 * 60;

pub struct LoginOutcome {
    /// The bearer token; never stored, shown once.
    pub token: String,
    pub staff: Staff,
    pub expires_at: DateTime<Utc>,
}

fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn bad_credentials() -> AppError {
    AuthError::BadCredentials.into()
}

/// How long this e-mail must still wait before another attempt, from its consecutive failures
/// since its last success.
///
/// "Consecutive" and "last" follow the order the attempts were recorded in (their row id), not
/// their timestamps, and the wait is capped at its nominal length from the last real failure:
/// an attempt dated after `now` (a clock set back, or a forged date) is re-dated to `now`, the
/// first moment it is seen, so a clock that jumps can neither hide failures behind a "later"
/// success nor turn a 30 s wait into a lockout. (Runs inside the login's write transaction.)
fn throttle_wait(conn: &Tx<'_>, email: &str, now: DateTime<Utc>) -> AppResult<Option<Duration>> {
    conn.prepare_cached("UPDATE auth_login_attempts SET at = $2 WHERE email = $1 AND at > $2")?
        .execute(params![email, utc_string(now)])?;
    let (failures, last_failure): (u32, Option<String>) = conn
        .prepare_cached(
            "SELECT COUNT(*),
                    (SELECT at FROM auth_login_attempts WHERE email = $1 AND success = 0 ORDER BY id DESC LIMIT 1)
             FROM auth_login_attempts
             WHERE email = $1 AND success = 0
               AND id > COALESCE((SELECT MAX(id) FROM auth_login_attempts WHERE email = $1 AND success = 1), 0)",
        )?
        .query_row([email], |r| Ok((r.get(0)?, r.get(1)?)))?;
    if failures < FREE_FAILURES {
        return Ok(None);
    }
    let Some(last) = last_failure.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()) else {
        return Ok(None);
    };
    let doublings = (failures - FREE_FAILURES).min(10);
    let wait = Duration::seconds((FIRST_WAIT_SECS << doublings).min(MAX_WAIT_SECS));
    let until = last.with_timezone(&Utc) + wait;
    Ok((until > now).then(|| (until - now).min(wait)))
}

fn record_attempt(conn: &Tx<'_>, email: &str, success: bool, now: DateTime<Utc>) -> AppResult<()> {
    conn.prepare_cached("INSERT INTO auth_login_attempts (email, at, success) VALUES ($1, $2, $3)")?
        .execute(params![email, utc_string(now), success])?;
    Ok(())
}

/// Checks the password and opens a session of `session_hours`. Unknown e-mail, wrong password
/// and disabled account give the same message and cost the same time.
///
/// The throttle check, the attempt record and the new session are one `BEGIN IMMEDIATE`
/// transaction (read-then-write): desks guessing in parallel are counted one after another, so
/// they cannot all pass the check before any failure is recorded. A refused login still commits
/// its failed attempt; an internal error rolls everything back.
pub fn login(
    conn: &Db,
    email: &str,
    password_input: &str,
    now: DateTime<Utc>,
    session_hours: i64,
) -> AppResult<LoginOutcome> {
    // The closure's Ok carries the outcome, refusals included, so that they commit.
    conn.write(
        |tx| match login_in(tx, email, password_input, now, session_hours) {
            Err(e) if e.kind == crate::error::Kind::Internal => Err(e),
            outcome => Ok(outcome),
        },
    )?
}

fn login_in(
    conn: &Tx<'_>,
    email: &str,
    password_input: &str,
    now: DateTime<Utc>,
    session_hours: i64,
) -> AppResult<LoginOutcome> {
    let email = email.trim().to_lowercase();
    if let Some(wait) = throttle_wait(conn, &email, now)? {
        let minutes = (wait.num_seconds() + 59) / 60;
        return Err(AuthError::Throttled { minutes }.into());
    }
    let account = super::find_staff_by_email(conn, &email)?;
    let stored = match &account {
        Some(s) => password_hash_of(conn, &s.id)?,
        None => None,
    };
    let ok = password::verify(
        password_input,
        stored.as_deref().unwrap_or_else(|| password::dummy_hash()),
    );
    let staff = match account {
        Some(s) if ok && !s.disabled => s,
        _ => {
            record_attempt(conn, &email, false, now)?;
            return Err(bad_credentials());
        }
    };
    record_attempt(conn, &email, true, now)?;

    let mut raw = [0u8; 32];
    rand::fill(&mut raw);
    let token = hex(&raw);
    let expires_at = now + Duration::hours(session_hours.clamp(1, 24 * 7));
    conn.prepare_cached(
        "INSERT INTO auth_sessions (id, staff_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )?
    .execute(params![
        crate::ids::new_id(),
        staff.id,
        token_hash(&token),
        utc_string(now),
        utc_string(expires_at)
    ])?;
    conn.prepare_cached("UPDATE auth_staff SET last_login_at = $2 WHERE id = $1")?
        .execute(params![staff.id, utc_string(now)])?;
    // Who opened a session and when (never the token, nor its hash).
    crate::domain::audit::record(
        conn,
        Some(&staff.id),
        now,
        crate::domain::audit::Change::event(crate::domain::audit::Entity::Staff, &staff.id, "login", None),
    )?;
    let staff = get_staff(conn, &staff.id)?;
    Ok(LoginOutcome {
        token,
        staff,
        expires_at,
    })
}

/// A staff member changes their own password: the current one must be given (a stolen session
/// alone cannot take the account over). A wrong current password counts as a failed login for
/// the throttle, and that failure is committed; the change is recorded (`own`) and revokes the
/// account's sessions, this one included.
pub fn change_own_password(
    conn: &Db,
    me: &Staff,
    current: &str,
    new_password: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    // The closure's Ok carries the outcome, so that a refused current password commits its
    // failed attempt.
    conn.write(|tx| {
        let outcome = (|| -> AppResult<()> {
            if let Some(wait) = throttle_wait(tx, &me.email, now)? {
                let minutes = (wait.num_seconds() + 59) / 60;
                return Err(AuthError::Throttled { minutes }.into());
            }
            let stored = password_hash_of(tx, &me.id)?;
            if !password::verify(
                current,
                stored.as_deref().unwrap_or_else(|| password::dummy_hash()),
            ) {
                record_attempt(tx, &me.email, false, now)?;
                return Err(AuthError::WrongCurrentPassword.into());
            }
            super::staff::set_password(tx, &me.id, new_password, now)?;
            super::staff::record_change(tx, &me.id, &me.id, "own", now)
        })();
        match outcome {
            Err(e) if e.kind == crate::error::Kind::Unauthorized => Ok(Err(e)),
            Err(e) => Err(e),
            Ok(()) => Ok(Ok(())),
        }
    })?
}

fn session_invalid() -> AppError {
    super::AuthError::NoSession.into()
}

/// The staff member behind a live token.
pub fn validate_token(conn: &Db, token: &str, now: DateTime<Utc>) -> AppResult<Staff> {
    let token = token.trim();
    if token.is_empty() {
        return Err(session_invalid());
    }
    let found: Option<(String, String, Option<String>)> = conn
        .prepare_cached("SELECT staff_id, expires_at, revoked_at FROM auth_sessions WHERE token_hash = $1")?
        .query_row([token_hash(token)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((staff_id, expires_at, revoked_at)) = found else {
        return Err(session_invalid());
    };
    if revoked_at.is_some() || expires_at <= utc_string(now) {
        return Err(session_invalid());
    }
    let staff = get_staff(conn, &StaffId::from_string(staff_id))?;
    if staff.disabled {
        return Err(session_invalid());
    }
    Ok(staff)
}

/// Revokes the session of `token`. Revoking an unknown or already closed session is not an error.
pub fn logout(conn: &Db, token: &str, now: DateTime<Utc>) -> AppResult<bool> {
    conn.write(|tx| {
        let n = tx
            .prepare_cached(
                "UPDATE auth_sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL",
            )?
            .execute(params![token_hash(token.trim()), utc_string(now)])?;
        Ok(n > 0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::auth::{NewStaff, Role, create_staff};

    const PW: &str = "tortuga-lluvia-mercado-azul";

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn setup() -> crate::db::Db {
        let conn = crate::db::open_in_memory().unwrap();
        let new = NewStaff::new("ana@clinica.pe", "Ana", Role::Receptionist).unwrap();
        create_staff(&conn.autocommit(), &new, PW, None, t("2026-01-01T00:00:00Z")).unwrap();
        conn
    }

    #[test]
    fn parallel_wrong_passwords_are_throttled_after_five_failures() {
        // Twelve desks guess at once on the same file: the throttle check and the failure record
        // are one transaction, so only the first five guesses are checked against the password.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("saludya.db");
        let conn = crate::db::create(&path).unwrap();
        let new = NewStaff::new("ana@clinica.pe", "Ana", Role::Receptionist).unwrap();
        create_staff(&conn.autocommit(), &new, PW, None, t("2026-01-01T00:00:00Z")).unwrap();
        drop(conn);
        let now = t("2026-01-02T10:00:00Z");
        let barrier = std::sync::Barrier::new(12);
        let messages: Vec<String> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..12)
                .map(|i| {
                    let (path, barrier) = (&path, &barrier);
                    s.spawn(move || {
                        let conn = crate::db::open(path).unwrap();
                        barrier.wait();
                        let guess = format!("adivinanza-numero-{i}");
                        let err = login(&conn, "ana@clinica.pe", &guess, now, 12).err().unwrap();
                        assert_eq!(err.kind, crate::error::Kind::Unauthorized);
                        err.message(crate::i18n::Lang::En)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let checked = messages.iter().filter(|m| m.contains("Wrong e-mail")).count();
        let throttled = messages.iter().filter(|m| m.contains("Too many")).count();
        assert_eq!((checked, throttled), (5, 7), "{messages:?}");
        let conn = crate::db::open(&path).unwrap();
        let failures: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM auth_login_attempts WHERE success = 0",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(failures, 5);
        // Even the right password waits now.
        let err = login(&conn, "ana@clinica.pe", PW, now, 12).err().unwrap();
        assert!(err.message(crate::i18n::Lang::En).contains("Too many"));
    }

    #[test]
    fn a_clock_jump_neither_locks_an_account_out_nor_defeats_the_throttle() {
        let conn = setup();
        let future = t("2099-01-01T00:00:00Z");
        for _ in 0..6 {
            assert!(login(&conn, "ana@clinica.pe", "nope-nope-nope", future, 12).is_err());
        }
        // Back at the real time: the wait is at most its nominal length (60 s after six
        // failures), not the 73 years until "2099 + 60 s".
        let now = t("2026-01-02T10:00:00Z");
        let wait = throttle_wait(&conn.autocommit(), "ana@clinica.pe", now)
            .unwrap()
            .unwrap();
        assert!(wait <= Duration::seconds(60), "{wait:?}");
        assert!(login(&conn, "ana@clinica.pe", PW, now + Duration::seconds(61), 12).is_ok());

        // A success dated far ahead does not hide the failures recorded after it.
        let conn = setup();
        assert!(login(&conn, "ana@clinica.pe", PW, future, 12).is_ok());
        for _ in 0..5 {
            assert!(login(&conn, "ana@clinica.pe", "nope-nope-nope", now, 12).is_err());
        }
        let err = login(&conn, "ana@clinica.pe", PW, now, 12).err().unwrap();
        assert!(err.detail.en.contains("Too many"), "{}", err.detail.en);
    }

    #[test]
    fn login_then_token_then_logout() {
        let conn = setup();
        let now = t("2026-01-02T10:00:00Z");
        let out = login(&conn, "ANA@clinica.pe", PW, now, 12).unwrap();
        assert_eq!(out.token.len(), 64);
        let stored: String = conn
            .query_row("SELECT token_hash FROM auth_sessions", [], |r| r.get(0))
            .unwrap();
        assert_ne!(stored, out.token, "the token itself is never stored");
        assert_eq!(
            validate_token(&conn, &out.token, now).unwrap().email,
            "ana@clinica.pe"
        );
        assert!(
            validate_token(&conn, &out.token, now + Duration::hours(12)).is_err(),
            "expired"
        );
        assert!(logout(&conn, &out.token, now).unwrap());
        assert!(validate_token(&conn, &out.token, now).is_err(), "revoked");
    }

    #[test]
    fn unknown_email_and_wrong_password_look_the_same() {
        let conn = setup();
        let now = t("2026-01-02T10:00:00Z");
        let a = login(&conn, "nadie@clinica.pe", PW, now, 12).err().unwrap();
        let b = login(&conn, "ana@clinica.pe", "wrong-password-here", now, 12)
            .err()
            .unwrap();
        assert_eq!(a.detail, b.detail);
        assert_eq!(a.kind, crate::error::Kind::Unauthorized);
    }

    #[test]
    fn repeated_failures_wait_longer_and_longer_up_to_15_minutes() {
        let conn = setup();
        let mut now = t("2026-01-02T10:00:00Z");
        for _ in 0..5 {
            assert!(login(&conn, "ana@clinica.pe", "nope-nope-nope", now, 12).is_err());
        }
        // Sixth attempt right away: throttled, even with the right password.
        let err = login(&conn, "ana@clinica.pe", PW, now, 12).err().unwrap();
        assert!(err.detail.en.contains("Too many"), "{}", err.detail.en);
        now += Duration::seconds(31);
        assert!(login(&conn, "ana@clinica.pe", "nope-nope-nope", now, 12).is_err());
        // Now the wait is 60 s.
        now += Duration::seconds(31);
        assert!(
            login(&conn, "ana@clinica.pe", PW, now, 12)
                .err()
                .unwrap()
                .detail
                .en
                .contains("Too many")
        );
        for _ in 0..20 {
            now += Duration::minutes(16);
            let _ = login(&conn, "ana@clinica.pe", "nope-nope-nope", now, 12);
        }
        assert!(
            throttle_wait(&conn.autocommit(), "ana@clinica.pe", now)
                .unwrap()
                .unwrap()
                <= Duration::minutes(15)
        );
        now += Duration::minutes(15);
        assert!(
            login(&conn, "ana@clinica.pe", PW, now, 12).is_ok(),
            "after the wait, the right password works"
        );
        let failures: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM auth_login_attempts WHERE success = 0",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(failures >= 25, "failed attempts are recorded");
    }
}
