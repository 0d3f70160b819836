//! The tamper-evident audit trail (`audit_events`, V9): every change to patients, appointments,
//! payments, staff, the catalog (specialties, doctors, schedules, time off) and the settings,
//! with who, when and the entity's business fields before → after, hash-chained.
//!
//! **How a writer records.** Every domain writer that changes one of those entities calls
//! [`record`] once per changed entity, with its own `&Tx` (so the trail row commits or rolls
//! back with the change) and a [`Change`]:
//!
//! ```text
//! let before = snapshot(&patient_before);            // the business fields, as JSON
//! // ... the UPDATE ...
//! audit::record(tx, by, now, Change::updated(Entity::Patient, &id, "edit", before, snapshot(&after)))?;
//! ```
//!
//! `actor` is the staff member who made the change (`None` for the system: init, demo, the
//! catalog fixtures). [`Change::created`], [`Change::updated`] and [`Change::event`] cover a new
//! entity, a changed one and a fact without fields (a password changed). `before`/`after` are
//! JSON objects of the entity's business fields; [`record`] refuses keys that name a secret
//! ([`SECRET_KEYS`]) so no password, hash of one, token or card number can reach the trail.
//! A new writer (a new table in `db::copy::TABLES`) must record too: `tests/cli/audit.rs` runs
//! one command of every kind of change and fails when a command changed a table without adding
//! a row here, or when a table of `TABLES` is not exempt and no command of the session wrote it.
//!
//! Readers: [`log`] (filtered, oldest first) and [`verify`] (recomputes the chain).

mod chain;
mod error;

pub use chain::{GENESIS, canonical_json, is_hash};
pub use error::{AuditError, Problem};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::Value;

use crate::clock::utc_string;
use crate::db::{Db, OptionalExt, Tx};
use crate::error::AppResult;
use crate::ids::StaffId;
use crate::params;
use chain::Fields;

/// What kind of thing changed (stored as its code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    Patient,
    Appointment,
    Payment,
    Staff,
    Specialty,
    Doctor,
    Schedule,
    TimeOff,
    Setting,
    /// A waiting-list entry (added, offered, declined, booked, expired, removed).
    WaitlistEntry,
    /// Data loaded in bulk by the program itself (the catalog fixtures, the demo generator): one
    /// row says what was loaded.
    Bulk,
}

impl Entity {
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Patient => "patient",
            Entity::Appointment => "appointment",
            Entity::Payment => "payment",
            Entity::Staff => "staff",
            Entity::Specialty => "specialty",
            Entity::Doctor => "doctor",
            Entity::Schedule => "schedule",
            Entity::TimeOff => "time_off",
            Entity::Setting => "setting",
            Entity::WaitlistEntry => "waitlist_entry",
            Entity::Bulk => "bulk",
        }
    }
}

/// Keys that must never appear in a change's JSON (at any depth).
pub const SECRET_KEYS: [&str; 11] = [
    "password",
    "password_hash",
    "new_password",
    "current_password",
    "token",
    "token_hash",
    "session",
    "card_number",
    "number",
    "pan",
    "cvv",
];

/// One change to record.
#[derive(Debug, Clone, PartialEq)]
pub struct Change<'a> {
    pub entity: Entity,
    pub entity_id: &'a str,
    /// What happened, a short code: `create`, `edit`, `book`, `reschedule`, `status`, `cancel`,
    /// `undo`, `pay`, `refund`, `disable`, `password_change`...
    pub action: &'a str,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl<'a> Change<'a> {
    /// A new entity: no before.
    pub fn created(entity: Entity, entity_id: &'a str, action: &'a str, after: Value) -> Change<'a> {
        Change {
            entity,
            entity_id,
            action,
            before: None,
            after: Some(after),
        }
    }

    /// A changed entity.
    pub fn updated(
        entity: Entity,
        entity_id: &'a str,
        action: &'a str,
        before: Value,
        after: Value,
    ) -> Change<'a> {
        Change {
            entity,
            entity_id,
            action,
            before: Some(before),
            after: Some(after),
        }
    }

    /// A fact with no fields to show (a password changed: only that it was).
    pub fn event(entity: Entity, entity_id: &'a str, action: &'a str, after: Option<Value>) -> Change<'a> {
        Change {
            entity,
            entity_id,
            action,
            before: None,
            after,
        }
    }
}

/// The business fields of an entity as JSON (its `Serialize` form), without the keys in `drop`
/// (joined fields, timestamps the row keeps anyway).
pub fn snapshot<T: Serialize>(value: &T, drop: &[&str]) -> Value {
    let mut v = serde_json::to_value(value).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        for k in drop {
            map.remove(*k);
        }
    }
    v
}

fn secret_key(v: &Value) -> Option<String> {
    match v {
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            if SECRET_KEYS.contains(&k.to_ascii_lowercase().as_str()) {
                Some(k.clone())
            } else {
                secret_key(v)
            }
        }),
        Value::Array(items) => items.iter().find_map(secret_key),
        _ => None,
    }
}

/// Appends one change to the trail, in the caller's transaction: the next position after the
/// head, `prev_hash` the head's hash (or [`GENESIS`]), `hash` computed here. Two desks appending
/// at once cannot fork the chain: SQLite's `BEGIN IMMEDIATE` lets one writer in at a time, and on
/// PostgreSQL both read the head (the serializable read the loser's retry is based on) and the
/// UNIQUE `prev_hash` refuses the second successor.
pub fn record(tx: &Tx<'_>, actor: Option<&StaffId>, at: DateTime<Utc>, change: Change<'_>) -> AppResult<()> {
    for side in [&change.before, &change.after].into_iter().flatten() {
        if let Some(field) = secret_key(side) {
            return Err(AuditError::SecretField { field }.into());
        }
    }
    let before = change.before.as_ref().map(canonical_json);
    let after = change.after.as_ref().map(canonical_json);
    let head: Option<(i64, String)> = tx
        .prepare_cached("SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (id, prev) = match head {
        Some((id, hash)) => (id + 1, hash),
        None => (1, GENESIS.to_string()),
    };
    // The explicit look-up of the successor PostgreSQL documents for serializable inserts: a
    // concurrent desk's row then fails this transaction as a lost race (run again), never as a
    // unique violation.
    let taken: i64 = tx.query_one(
        "SELECT count(*) FROM audit_events WHERE prev_hash = $1",
        params![prev],
    )?;
    if taken > 0 {
        return Err(AuditError::Broken {
            row: id,
            problem: Problem::Unlinked,
            checked: 0,
        }
        .into());
    }
    let at = utc_string(at);
    let fields = Fields {
        id,
        at: &at,
        actor: actor.map(StaffId::as_str),
        entity: change.entity.as_str(),
        entity_id: change.entity_id,
        action: change.action,
        before: before.as_deref(),
        after: after.as_deref(),
    };
    let hash = chain::hash(&prev, &fields);
    tx.prepare_cached(
        "INSERT INTO audit_events (id, at, actor, entity, entity_id, action, before, after, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )?
    .execute(params![
        id,
        at,
        actor,
        fields.entity,
        fields.entity_id,
        fields.action,
        before,
        after,
        prev,
        hash
    ])?;
    Ok(())
}

/// One row of the trail.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEvent {
    pub id: i64,
    /// UTC, RFC 3339.
    pub at: String,
    pub actor: Option<StaffId>,
    /// The actor's e-mail (None for the system).
    pub actor_email: Option<String>,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    /// Canonical JSON text, as stored.
    pub before: Option<String>,
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditEvent {
    /// The fields that changed, `key: before → after`, in key order; for a creation, the
    /// fields set. Values are shown as JSON.
    pub fn changes(&self) -> Vec<(String, Option<String>, Option<String>)> {
        let parse = |s: &Option<String>| -> serde_json::Map<String, Value> {
            match s.as_deref().map(serde_json::from_str::<Value>) {
                Some(Ok(Value::Object(m))) => m,
                _ => serde_json::Map::new(),
            }
        };
        let (b, a) = (parse(&self.before), parse(&self.after));
        let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
        keys.sort();
        keys.dedup();
        keys.into_iter()
            .filter(|k| b.get(*k) != a.get(*k))
            .map(|k| {
                let shown = |v: Option<&Value>| v.map(canonical_json);
                (k.clone(), shown(b.get(k)), shown(a.get(k)))
            })
            .collect()
    }
}

/// Which rows `audit log` shows (all given conditions hold).
#[derive(Debug, Clone, Default)]
pub struct LogFilter {
    /// The patient's own rows, their appointments' and those appointments' payments'.
    pub patient: Option<String>,
    /// The appointment's rows and its payments'.
    pub appointment: Option<String>,
    /// What the staff member did, and the changes to their account.
    pub staff: Option<String>,
    /// UTC bounds `[from, to)`, RFC 3339.
    pub from: Option<String>,
    pub to: Option<String>,
}

impl LogFilter {
    /// Clinic dates `from`..=`to` as UTC bounds of those days in `tz`.
    pub fn dates(
        mut self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        tz: chrono_tz::Tz,
    ) -> AppResult<LogFilter> {
        check_range(from, to)?;
        self.from = from.map(|d| crate::domain::payments::day_bounds_utc(d, tz).0);
        self.to = to.map(|d| crate::domain::payments::day_bounds_utc(d, tz).1);
        Ok(self)
    }
}

/// A date range whose start is not after its end.
pub fn check_range(from: Option<NaiveDate>, to: Option<NaiveDate>) -> AppResult<()> {
    match (from, to) {
        (Some(f), Some(t)) if f > t => Err(AuditError::RangeReversed {
            from: f.to_string(),
            to: t.to_string(),
        }
        .into()),
        _ => Ok(()),
    }
}

/// The rows of the trail that match, oldest first. The patient and appointment filters read
/// the appointments and payments tables (read-only joins, ARCHITECTURE.md rule 5).
pub fn log(conn: &Db, f: &LogFilter) -> AppResult<Vec<AuditEvent>> {
    // Only the filters given (db::Conditions): each is then an index search on the trail.
    let mut conditions = crate::db::Conditions::new();
    conditions
        .and_some(
            "(e.entity_id = {}
              OR e.entity_id IN (SELECT a.id FROM appointment_appointments a WHERE a.patient_id = {})
              OR e.entity_id IN (SELECT p.id FROM appointment_appointments a CROSS JOIN payment_payments p
                                 WHERE p.appointment_id = a.id AND a.patient_id = {}))",
            &f.patient,
        )
        .and_some(
            "(e.entity_id = {}
              OR e.entity_id IN (SELECT p.id FROM payment_payments p WHERE p.appointment_id = {}))",
            &f.appointment,
        )
        .and_some("(e.actor = {} OR e.entity_id = {})", &f.staff)
        .and_some("e.at >= {}", &f.from)
        .and_some("e.at < {}", &f.to);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT e.id, e.at, e.actor, s.email, e.entity, e.entity_id, e.action, e.before, e.after,
                e.prev_hash, e.hash
         FROM audit_events e LEFT JOIN auth_staff s ON s.id = e.actor{}
         ORDER BY e.id",
        conditions.sql()
    ))?;
    let rows = stmt
        .query_map(conditions.params(), |r| {
            Ok(AuditEvent {
                id: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                actor_email: r.get(3)?,
                entity: r.get(4)?,
                entity_id: r.get(5)?,
                action: r.get(6)?,
                before: r.get(7)?,
                after: r.get(8)?,
                prev_hash: r.get(9)?,
                hash: r.get(10)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// A chain that verified.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verified {
    /// Rows checked (the whole chain).
    pub rows: u64,
    /// The newest row's hash ([`GENESIS`] for an empty trail): note it somewhere else, and
    /// `verify` against it later, to catch a rewrite of the whole chain.
    pub head: String,
    /// The head hash given to check against, found in the chain at this position.
    pub noted_head_row: Option<i64>,
}

/// Recomputes the whole chain, oldest first: positions 1, 2, 3... without a gap, each row's
/// `prev_hash` the row before's hash, each hash that of the row's fields. The first bad row is
/// an [`AuditError::Broken`]. With `noted_head`, that hash (written down earlier) must be one
/// of the chain's rows, or the chain was rewritten or cut short since.
pub fn verify(conn: &Db, noted_head: Option<&str>) -> AppResult<Verified> {
    let noted = match noted_head {
        Some(h) if is_hash(h.trim()) => Some(h.trim().to_ascii_lowercase()),
        Some(_) => return Err(AuditError::HeadInvalid.into()),
        None => None,
    };
    let mut prev = GENESIS.to_string();
    let mut expected = 1i64;
    let mut rows = 0u64;
    let mut broken: Option<AuditError> = None;
    let mut noted_row = None;
    conn.for_each_row(
        "SELECT id, at, actor, entity, entity_id, action, before, after, prev_hash, hash
         FROM audit_events ORDER BY id",
        [],
        |r| {
            if broken.is_some() {
                return Ok(());
            }
            let id: i64 = r.get(0)?;
            let (at, actor): (String, Option<String>) = (r.get(1)?, r.get(2)?);
            let (entity, entity_id, action): (String, String, String) = (r.get(3)?, r.get(4)?, r.get(5)?);
            let (before, after): (Option<String>, Option<String>) = (r.get(6)?, r.get(7)?);
            let (prev_hash, hash): (String, String) = (r.get(8)?, r.get(9)?);
            let problem = if id != expected {
                Some(Problem::Missing { expected })
            } else if prev_hash != prev {
                Some(Problem::Unlinked)
            } else {
                let fields = Fields {
                    id,
                    at: &at,
                    actor: actor.as_deref(),
                    entity: &entity,
                    entity_id: &entity_id,
                    action: &action,
                    before: before.as_deref(),
                    after: after.as_deref(),
                };
                (chain::hash(&prev_hash, &fields) != hash).then_some(Problem::Edited)
            };
            if let Some(problem) = problem {
                broken = Some(AuditError::Broken {
                    row: id,
                    problem,
                    checked: rows,
                });
                return Ok(());
            }
            if noted.as_deref() == Some(hash.as_str()) {
                noted_row = Some(id);
            }
            rows += 1;
            expected = id + 1;
            prev = hash;
            Ok(())
        },
    )?;
    if let Some(e) = broken {
        return Err(e.into());
    }
    if let Some(head) = noted
        && noted_row.is_none()
    {
        return Err(AuditError::HeadNotFound { head, rows }.into());
    }
    Ok(Verified {
        rows,
        head: prev,
        noted_head_row: noted_row,
    })
}

#[cfg(test)]
mod tests;
