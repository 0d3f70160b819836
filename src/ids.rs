//! Typed ids. Every id is UUID v7 text in storage and JSON (`serde(transparent)`), but a
//! `PatientId` cannot be passed where a `DoctorId` is expected. Ids come from the database
//! (`FromSql`), from a domain's `resolve_*` function (user input: id, prefix, name...), or are
//! made new by the injected generator. Cargo's `ParentId` is the model.
//!
//! They dereference to `&str` so that formatting, SQL text and comparisons stay one-liners.
//!
//! New ids come from [`new_uuid`] / [`new_id`] only (clippy's `disallowed-methods` bans
//! `Uuid::now_v7` elsewhere): UUID v7 whose timestamp is the injected clock's "now" and whose
//! other bits are a per-process counter (ids made by one process sort in creation order) and
//! randomness, seeded when `SALUDYA_SEED` is set (tests: the same script gives the same ids, so
//! whole outputs can be compared). [`install`] sets both up next to the clock, at start-up.

use std::fmt;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{Rng, SeedableRng};

use crate::clock::Clock;

use crate::db::{Cell, FromColumn, ToValue, Value};

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

        impl ToValue for $name {
            fn to_value(&self) -> Value<'_> {
                Value::Text(std::borrow::Cow::Borrowed(&self.0))
            }
        }

        impl FromColumn for $name {
            fn from_column(cell: Cell<'_>) -> crate::db::Result<Self> {
                String::from_column(cell).map($name)
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
    /// A series of recurring appointments (`appointment_series.id`).
    SeriesId;
    /// A waiting-list entry (`waitlist_entries.id`).
    WaitlistEntryId;
}

/// The process's id generator: the clock it stamps ids with, the counter, the randomness.
struct Generator {
    clock: Clock,
    rng: Option<Xoshiro256PlusPlus>,
    last_ms: u64,
    counter: u64,
    /// The seed of the last [`install`], once there was one.
    installed: Option<Option<u64>>,
}

/// 42 bits of counter (the 12 of `rand_a` and the top 30 of `rand_b`); 32 random bits remain.
const COUNTER_BITS: u32 = 42;
/// A seeded process starts its counter at `seed << SEED_SHIFT`, so that the ids of a later
/// command (a higher seed, as the test harness gives) sort after those of an earlier one even
/// under the same fixed clock.
const SEED_SHIFT: u32 = 20;

static GENERATOR: Mutex<Generator> = Mutex::new(Generator {
    clock: Clock::System,
    rng: None,
    last_ms: 0,
    counter: 0,
    installed: None,
});

/// Sets up id generation for this process: the injected clock and, when given, the seed
/// (`SALUDYA_SEED`, read under the same policy as `SALUDYA_NOW`; see `Clock::seed_from_env`).
/// Installing the same seed again (the next command of a `saludya batch`) keeps the sequence
/// where it is, so the batch's ids stay unique and in order.
pub fn install(clock: Clock, seed: Option<u64>) {
    let mut g = GENERATOR.lock().unwrap_or_else(|e| e.into_inner());
    g.clock = clock;
    if g.installed == Some(seed) {
        return;
    }
    g.installed = Some(seed);
    g.rng = seed.map(Xoshiro256PlusPlus::seed_from_u64);
    g.last_ms = 0;
    g.counter = seed.map_or(0, |s| s << SEED_SHIFT);
}

impl Generator {
    fn random(&mut self) -> u64 {
        match &mut self.rng {
            Some(r) => r.next_u64(),
            None => rand::rng().next_u64(),
        }
    }

    fn next(&mut self, now: DateTime<Utc>) -> uuid::Uuid {
        let ms = u64::try_from(now.timestamp_millis()).unwrap_or(0);
        if ms > self.last_ms {
            self.last_ms = ms;
            if self.rng.is_none() {
                // Unseeded: start each millisecond somewhere random (half the range left).
                self.counter = self.random() >> (64 - (COUNTER_BITS - 1));
            }
        } else {
            self.counter += 1;
            if self.counter >> COUNTER_BITS != 0 {
                self.last_ms += 1;
                self.counter = 0;
            }
        }
        let counter = self.counter;
        let random = self.random() as u32;
        // rand_a: counter bits 41..30; rand_b: counter bits 29..0, then 32 random bits.
        let rand_a = ((counter >> 30) & 0x0fff) as u16;
        let rand_b = ((counter & 0x3fff_ffff) << 32) | u64::from(random);
        let mut bytes = [0u8; 10];
        bytes[0..2].copy_from_slice(&rand_a.to_be_bytes());
        bytes[2..10].copy_from_slice(&rand_b.to_be_bytes());
        // The builder writes the version over bytes[0]'s high nibble and the variant over
        // bytes[2]'s top two bits: rand_a keeps its 12 bits, rand_b its low 62.
        uuid::Builder::from_unix_timestamp_millis(self.last_ms, &bytes).into_uuid()
    }
}

/// A new UUID v7 (see the module docs).
pub fn new_uuid() -> uuid::Uuid {
    let mut g = GENERATOR.lock().unwrap_or_else(|e| e.into_inner());
    let now = g.clock.now();
    g.next(now)
}

/// A new id as stored.
pub fn new_id() -> String {
    new_uuid().to_string()
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
        let conn = crate::db::open_in_memory().unwrap();
        let back: PatientId = conn.query_row("SELECT $1", [&id], |r| r.get(0)).unwrap();
        assert_eq!(back, id);
        assert_eq!(back, "0190f0aa-0000-7000-8000-000000000001");
    }

    #[test]
    fn generated_ids_are_v7_in_creation_order_and_seeded_ones_repeat() {
        let now: DateTime<Utc> = "2026-03-02T14:00:00Z".parse().unwrap();
        let run = |seed| {
            let mut g = Generator {
                clock: Clock::Fixed(now),
                rng: Some(Xoshiro256PlusPlus::seed_from_u64(seed)),
                last_ms: 0,
                counter: seed << SEED_SHIFT,
                installed: Some(Some(seed)),
            };
            (0..5).map(|_| g.next(now)).collect::<Vec<_>>()
        };
        let (a, b, later) = (run(7), run(7), run(8));
        assert_eq!(a, b, "the same seed gives the same ids");
        assert!(a.windows(2).all(|w| w[0] < w[1]), "creation order: {a:?}");
        assert!(a.iter().all(|u| u.get_version_num() == 7));
        assert_eq!(
            a[0].get_timestamp().map(|t| t.to_unix().0),
            Some(now.timestamp() as u64)
        );
        assert!(
            later[0] > a[4],
            "a later command's ids sort after an earlier one's"
        );
        let mut unseeded = Generator {
            clock: Clock::Fixed(now),
            rng: None,
            last_ms: 0,
            counter: 0,
            installed: None,
        };
        let (x, y) = (unseeded.next(now), unseeded.next(now));
        assert!(x < y && x != a[0]);
    }
}
