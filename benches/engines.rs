//! The same program on both engines (issue 9's "measured, not timed in tests"), every figure
//! measured in this one run. Run it deliberately, in release:
//!
//! ```text
//! cargo bench --bench engines                                   # 300,000 appointments for export
//! SALUDYA_BENCH_APPOINTMENTS=50000 cargo bench --bench engines  # quicker
//! ```
//!
//! It starts its own PostgreSQL cluster (durable: `fsync` and `synchronous_commit` on, as SQLite
//! stays `synchronous=FULL`) with `scripts/pg-test-cluster.sh start --durable`, on the same disk
//! as the SQLite files, and stops it at the end. Needs the Debian `postgresql` package (server
//! and `psql`). Prints:
//! - the 8-command counter flow through the CLI (orient, specialty list, doctor list, patient
//!   add, slots, book, pay, history), median of whole flows, on each engine, and their ratio; and
//!   the same 8 commands through one `saludya batch`;
//! - durable bookings per second with 8 processes booking at once (distinct slots, each process
//!   a whole `saludya appointment book`), on each engine;
//! - `export appointments` of the whole agenda (patient and doctor joined) from PostgreSQL
//!   against `psql -c "\copy (the same query) TO ... CSV"`, medians and the median ratio.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "support/mod.rs"]
mod support;
use support::{field, flow_steps, median, ms};

const BIN: &str = env!("CARGO_BIN_EXE_saludya");
const EMAIL: &str = "recepcion@saludya.demo";
const PASSWORD: &str = "chicha-morada-2026";
const ADMIN: &str = "admin@saludya.demo";
const ADMIN_PASSWORD: &str = "ceviche-de-lima-2026";

/// One engine's database, as the program is given it.
struct Desk {
    home: PathBuf,
    location: String,
    pg_password: Option<String>,
}

impl Desk {
    fn command(&self, args: &[&str]) -> Command {
        let mut c = support::isolated(BIN, args, &self.home, &self.location);
        if let Some(p) = &self.pg_password {
            c.env("PGPASSWORD", p);
        }
        c
    }

    fn run(&self, args: &[&str], stdin: Option<&str>) -> String {
        support::output(self.command(args), stdin)
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut full = vec!["--format", "json"];
        full.extend_from_slice(args);
        serde_json::from_str(&self.run(&full, None)).expect("json")
    }
}

/// The counter flow as eight processes.
fn counter_flow(desk: &Desk, round: usize) -> Duration {
    let t0 = Instant::now();
    flow_steps(&format!("{}", 71_000_000 + round), &mut |args| desk.json(args));
    t0.elapsed()
}

/// The counter flow through one `saludya batch` (one connection for its eight commands).
fn batch_flow(desk: &Desk, round: usize) -> Duration {
    support::batch_flow(
        desk.command(&["--format", "json", "batch"]),
        &format!("{}", 73_000_000 + round),
    )
}

/// 8 processes at once, each booking `per_desk` distinct free slots (whole processes); the
/// bookings that succeeded per second of wall time.
fn bookings_per_second(desk: &Desk, per_desk: usize) -> f64 {
    const DESKS: usize = 8;
    let free = desk.json(&[
        "slots",
        "--specialty",
        "medicina general",
        "--from",
        "2026-12-14",
        "--days",
        "60",
        "--limit",
        "0",
    ]);
    let free: Vec<(String, String)> = free
        .as_array()
        .expect("slots")
        .iter()
        .map(|s| (field(s, "doctor_id").to_string(), field(s, "start").to_string()))
        .collect();
    assert!(free.len() >= DESKS * per_desk, "only {} free slots", free.len());
    let patients: Vec<String> = (0..DESKS * per_desk)
        .map(|i| format!("{}", 72_000_000 + i))
        .collect();
    for dni in &patients {
        desk.run(
            &[
                "patient",
                "add",
                "--dni",
                dni,
                "--first-name",
                "Ana",
                "--last-name",
                "Prueba Banco",
            ],
            None,
        );
    }
    // Spread the slots over the desks so that no two desks book the same one.
    let commands: Vec<Vec<Command>> = (0..DESKS)
        .map(|d| {
            (0..per_desk)
                .map(|i| {
                    let k = i * DESKS + d;
                    let (doctor, at) = &free[k];
                    desk.command(&[
                        "appointment",
                        "book",
                        "--patient",
                        &patients[k],
                        "--doctor",
                        doctor,
                        "--at",
                        at,
                    ])
                })
                .collect()
        })
        .collect();
    let t0 = Instant::now();
    let booked: usize = std::thread::scope(|s| {
        let running: Vec<_> = commands
            .into_iter()
            .map(|cmds| {
                s.spawn(move || {
                    cmds.into_iter()
                        .map(|mut c| c.output().expect("book"))
                        .filter(|o| {
                            if !o.status.success() {
                                eprintln!(
                                    "engines: a booking failed: {}",
                                    String::from_utf8_lossy(&o.stderr).trim()
                                );
                            }
                            o.status.success()
                        })
                        .count()
                })
            })
            .collect();
        running.into_iter().map(|h| h.join().expect("desk")).sum()
    });
    let secs = t0.elapsed().as_secs_f64();
    eprintln!("engines: {booked} of {} bookings succeeded", DESKS * per_desk);
    booked as f64 / secs
}

fn main() {
    let appointments: usize = std::env::var("SALUDYA_BENCH_APPOINTMENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300_000);
    let runs: usize = std::env::var("SALUDYA_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15);
    let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/pg-test-cluster.sh");
    let started = Command::new(&scripts)
        .args(["start", "--durable"])
        .output()
        .expect("start cluster");
    assert!(
        started.status.success(),
        "{}",
        String::from_utf8_lossy(&started.stderr)
    );
    let exports = String::from_utf8(started.stdout).expect("utf-8");
    let var = |name: &str| {
        exports
            .lines()
            .find_map(|l| l.strip_prefix(&format!("export {name}=")))
            .unwrap_or_else(|| panic!("{name} not exported"))
            .to_string()
    };
    let cluster_dir = var("SALUDYA_TEST_PG_DIR");
    let server = var("SALUDYA_TEST_POSTGRES");
    let password = var("SALUDYA_TEST_PGPASSWORD");
    let outcome = std::panic::catch_unwind(|| measure(&server, &password, appointments, runs));
    let _ = Command::new(&scripts).args(["stop", &cluster_dir]).status();
    if outcome.is_err() {
        std::process::exit(1);
    }
}

fn measure(server: &str, password: &str, appointments: usize, runs: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path().to_path_buf();
    let base = server.rsplit_once('/').map_or(server, |(b, _)| b).to_string();
    let admin = || {
        let mut c: postgres::Config = server.parse().expect("url");
        c.password(password);
        c.connect(postgres::NoTls).expect("admin connection")
    };
    let mut setup = admin();
    for name in ["bench_flow", "bench_big"] {
        setup
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create database");
    }
    let sqlite = Desk {
        home: home.clone(),
        location: home.join("flow.db").display().to_string(),
        pg_password: None,
    };
    let pg = Desk {
        home: home.clone(),
        location: format!("{base}/bench_flow"),
        pg_password: Some(password.into()),
    };
    for desk in [&sqlite, &pg] {
        desk.run(&["demo"], None);
        desk.run(&["login", "--email", EMAIL, "--password-stdin"], Some(PASSWORD));
    }

    eprintln!("engines: counter flow…");
    let flow = |name: &str, f: &dyn Fn(&Desk, usize) -> Duration| {
        let _ = (f(&sqlite, 0), f(&pg, 1));
        let (mut a, mut b, mut r) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..runs {
            // The two engines in turns, the one that goes first alternating.
            let (x, y) = if i % 2 == 0 {
                let x = ms(f(&sqlite, 2 + 2 * i));
                (x, ms(f(&pg, 3 + 2 * i)))
            } else {
                let y = ms(f(&pg, 3 + 2 * i));
                (ms(f(&sqlite, 2 + 2 * i)), y)
            };
            a.push(x);
            b.push(y);
            r.push(y / x);
        }
        println!(
            "| {name} (wall, median of {runs}) | {:.1} ms | {:.1} ms | {:.2} |",
            median(a),
            median(b),
            median(r)
        );
    };
    println!("\n| workload | SQLite | PostgreSQL | ratio PG/SQLite |");
    println!("|---|---|---|---|");
    flow("8-command counter flow through the CLI", &counter_flow);
    flow("the same 8 commands through one `saludya batch`", &batch_flow);

    eprintln!("engines: 8 desks booking at once…");
    let per_desk = 12;
    let s = bookings_per_second(&sqlite, per_desk);
    let p = bookings_per_second(&pg, per_desk);
    println!(
        "| durable bookings per second, 8 processes at once ({} bookings each engine) | {s:.0}/s | {p:.0}/s | {:.2} |",
        8 * per_desk,
        p / s
    );

    eprintln!("engines: {appointments} appointments on PostgreSQL (demo on SQLite, then db copy)…");
    let big_file = Desk {
        home: home.clone(),
        location: home.join("big.db").display().to_string(),
        pg_password: None,
    };
    let n = appointments.to_string();
    big_file.run(&["demo", "--appointments", &n], None);
    big_file.run(
        &["login", "--email", ADMIN, "--password-stdin"],
        Some(ADMIN_PASSWORD),
    );
    let big_pg = Desk {
        home: home.clone(),
        location: format!("{base}/bench_big"),
        pg_password: Some(password.into()),
    };
    let mut copy = big_file.command(&[
        "db",
        "copy",
        "--from",
        &big_file.location,
        "--to",
        &big_pg.location,
    ]);
    copy.env("PGPASSWORD", password);
    let copied = copy.output().expect("db copy");
    assert!(
        copied.status.success(),
        "{}",
        String::from_utf8_lossy(&copied.stderr)
    );
    big_pg.run(&["login", "--email", EMAIL, "--password-stdin"], Some(PASSWORD));
    let (sql, values) = saludya::flows::export::query(&saludya::flows::export::ExportFilter::default());
    assert!(values.is_empty());
    let one_line = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    let ours = || {
        let mut c = big_pg.command(&["export", "appointments"]);
        c.stdout(Stdio::null());
        c
    };
    let psql = || {
        let mut c = Command::new("psql");
        c.args([
            &big_pg.location,
            "-X",
            "-q",
            "-c",
            &format!("\\copy ({one_line}) TO '/dev/null' WITH CSV HEADER"),
        ])
        .env("PGPASSWORD", password)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
        c
    };
    let time = |mut c: Command| {
        let t0 = Instant::now();
        let out = c.output().expect("spawn");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        ms(t0.elapsed())
    };
    time(ours());
    time(psql());
    let (mut a, mut b, mut r) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..7 {
        let (x, y) = if i % 2 == 0 {
            let x = time(ours());
            (x, time(psql()))
        } else {
            let y = time(psql());
            (time(ours()), y)
        };
        a.push(x);
        b.push(y);
        r.push(x / y);
    }
    println!(
        "| export of {appointments} appointments from PostgreSQL (wall, median of 7) | `saludya export` {:.0} ms | `psql \\copy` of the same query {:.0} ms | {:.2} (ours/psql) |",
        median(a),
        median(b),
        median(r)
    );
}
