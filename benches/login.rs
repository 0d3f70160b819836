//! The login promise: an unknown e-mail, a wrong password and a disabled account give the same
//! message and cost the same time (both verify one argon2id hash with the same parameters), so
//! timing does not tell which staff e-mails exist. Run deliberately, in release:
//! `cargo bench --bench login`. Besides criterion's figures it prints the medians of 24 logins
//! of each kind and their ratio (expect ~1.00; the issue measured 72.9 ms vs 42.1 ms before).

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use saludya::db::Db as Connection;
use saludya::domain::auth::{self, NewStaff, Role};

const PW: &str = "tortuga-lluvia-mercado-azul";

fn setup() -> Connection {
    let conn = saludya::db::open_in_memory().unwrap();
    let now: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
    let new = NewStaff::new("ana@clinica.pe", "Ana", Role::Receptionist).unwrap();
    conn.write(|tx| auth::create_staff(tx, &new, PW, None, now))
        .unwrap();
    conn
}

/// One refused login, each a day after the previous one so the throttle never answers early.
fn attempt(conn: &Connection, email: &str, i: &mut i64) {
    *i += 1;
    let base: DateTime<Utc> = "2026-01-02T10:00:00Z".parse().unwrap();
    let now = base + chrono::Duration::days(*i);
    let err = auth::login(conn, black_box(email), black_box("wrong-password-here"), now, 12)
        .err()
        .unwrap();
    assert!(
        err.detail.en.contains("Wrong e-mail or password"),
        "{}",
        err.detail.en
    );
}

fn median(conn: &Connection, email: &str, i: &mut i64) -> Duration {
    let mut times: Vec<Duration> = (0..24)
        .map(|_| {
            let t = Instant::now();
            attempt(conn, email, i);
            t.elapsed()
        })
        .collect();
    times.sort();
    times[12]
}

fn login(c: &mut Criterion) {
    let conn = setup();
    let mut i = 0;
    let unknown = median(&conn, "nadie@clinica.pe", &mut i);
    let wrong = median(&conn, "ana@clinica.pe", &mut i);
    eprintln!(
        "login medians of 24: unknown e-mail {unknown:.1?}, wrong password {wrong:.1?}, ratio {:.2}",
        unknown.as_secs_f64() / wrong.as_secs_f64()
    );
    let mut g = c.benchmark_group("login_refused");
    g.sample_size(20).measurement_time(Duration::from_secs(4));
    g.bench_function("unknown_email", |b| {
        b.iter(|| attempt(&conn, "nadie@clinica.pe", &mut i))
    });
    g.bench_function("wrong_password", |b| {
        b.iter(|| attempt(&conn, "ana@clinica.pe", &mut i))
    });
    g.finish();
}

criterion_group!(benches, login);
criterion_main!(benches);
