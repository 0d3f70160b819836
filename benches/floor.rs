//! "Performance to the floor": the table of issue 13, every figure measured in this one run and
//! every goal a ratio against a floor measured beside it (the `sqlite3` tool on the same file, a
//! bare durable commit on the same disk). Run it deliberately, in release:
//!
//! ```text
//! cargo bench --bench floor                                    # 300,000 appointments for export
//! SALUDYA_BENCH_APPOINTMENTS=50000 cargo bench --bench floor   # quicker
//! SALUDYA_BENCH_RUNS=41 cargo bench --bench floor              # more runs per figure
//! SALUDYA_BENCH_BASELINE=/tmp/saludya-before cargo bench --bench floor  # before/after
//! ```
//!
//! With `SALUDYA_BENCH_BASELINE` (another build of the program, e.g. a copy of the release
//! binary before a change), the counter flow is also run through that binary, on its own demo
//! database, in turns with this one, and the table gets a row with both and their ratio.
//!
//! Needs the `sqlite3` tool (`apt-get install -y sqlite3`); peak memory needs GNU time
//! (`apt-get install -y time`) and is skipped, saying so, without it. Whole processes are timed
//! A, B, A, B… in turns; a figure is the median of its runs and a ratio is the median of the
//! pairwise ratios, so a machine that drifts while the table is made still compares like with
//! like. CPU time is user + system of the child (getrusage), steadier than wall time on a
//! shared machine.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use nix::sys::resource::{UsageWho, getrusage};
use rusqlite::Connection;
use saludya::domain::appointments::{self, BookingRequest, SlotSearch};
use saludya::domain::catalog::{self, slots::Slot};
use saludya::domain::patients::{self, NewPatient, PatientInput};

#[path = "support/mod.rs"]
mod support;
use support::{COMPLAINT, flow_steps, median, ms};

const BIN: &str = env!("CARGO_BIN_EXE_saludya");
/// The demo receptionist (a public, demo-only password: see `saludya demo`).
const EMAIL: &str = "recepcion@saludya.demo";
const PASSWORD: &str = "chicha-morada-2026";
/// The complaint of the counter flow (the same one the side-by-side run with the original uses).
/// The original system's counter flow, measured side by side in the issue (six services over
/// PostgreSQL, one keep-alive HTTP session): the goal is a tenth of it.
const ORIGINAL_FLOW_MS: f64 = 158.5;
const LIMA: chrono_tz::Tz = chrono_tz::America::Lima;

#[derive(Clone, Copy)]
struct Run {
    wall: Duration,
    cpu: Duration,
}

fn children_cpu() -> Duration {
    let u = getrusage(UsageWho::RUSAGE_CHILDREN).expect("getrusage");
    let tv = |t: nix::sys::time::TimeVal| {
        Duration::from_secs(t.tv_sec() as u64) + Duration::from_micros(t.tv_usec() as u64)
    };
    tv(u.user_time()) + tv(u.system_time())
}

/// The bench's own environment: nothing inherited, a private home, the demo database.
struct Desk {
    home: PathBuf,
    db: PathBuf,
    /// The program under test: this build's binary, or the baseline's.
    bin: PathBuf,
}

impl Desk {
    fn command(&self, program: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> Command {
        support::isolated(program, args, &self.home, &self.db)
    }

    fn saludya(&self, args: &[&str]) -> Command {
        self.command(&self.bin, args)
    }

    /// A demo database with the demo receptionist logged in (`demo_args` after `demo`).
    fn demo(&self, demo_args: &[&str]) {
        let mut full = vec!["demo"];
        full.extend_from_slice(demo_args);
        self.output(self.saludya(&full), None);
        self.output(
            self.saludya(&["login", "--email", EMAIL, "--password-stdin"]),
            Some(PASSWORD),
        );
    }

    /// Runs a command to the end, with `stdin` fed to it, and returns its stdout.
    fn output(&self, c: Command, stdin: Option<&str>) -> String {
        support::output(c, stdin)
    }
}

/// One whole process: wall time from spawn to exit, and the CPU time it used.
fn time(mut c: Command) -> Run {
    let cpu0 = children_cpu();
    let t0 = Instant::now();
    let out = c.output().expect("spawn");
    let wall = t0.elapsed();
    assert!(
        out.status.success(),
        "{c:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Run {
        wall,
        cpu: children_cpu() - cpu0,
    }
}

struct Pair {
    a: f64,
    b: f64,
    ratio: f64,
}

/// A and B in turns, `runs` times each after one warm-up of each; `pick` chooses wall or CPU.
fn pair(runs: usize, a: &dyn Fn() -> Command, b: &dyn Fn() -> Command, pick: fn(&Run) -> f64) -> Pair {
    time(a());
    time(b());
    let (mut va, mut vb, mut vr) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..runs {
        // Alternate which goes first, so neither always runs on a warmer cache.
        let (ra, rb) = if i % 2 == 0 {
            let ra = time(a());
            (ra, time(b()))
        } else {
            let rb = time(b());
            (time(a()), rb)
        };
        let (x, y) = (pick(&ra), pick(&rb));
        va.push(x);
        vb.push(y);
        if y > 0.0 {
            vr.push(x / y);
        }
    }
    Pair {
        a: median(va),
        b: median(vb),
        ratio: median(vr),
    }
}

fn wall(r: &Run) -> f64 {
    ms(r.wall)
}

fn cpu(r: &Run) -> f64 {
    ms(r.cpu)
}

fn row(workload: &str, figure: String, goal: &str, ok: bool) {
    println!(
        "| {workload:<58} | {figure:<44} | {goal:<22} | {} |",
        if ok { "met" } else { "NOT met" }
    );
}

/// The eight commands a receptionist's script runs for one new patient, as separate processes
/// (each pays start-up, database open and session check). Returns the flow's wall time.
fn counter_flow(desk: &Desk, round: usize) -> Duration {
    let t0 = Instant::now();
    flow_steps(&format!("{}", 70_000_000 + round), &mut |args| {
        let mut full = vec!["--format", "json"];
        full.extend_from_slice(args);
        serde_json::from_str(&desk.output(desk.saludya(&full), None)).expect("json")
    });
    t0.elapsed()
}

/// The same eight commands through one `saludya batch` process.
fn batch_flow(desk: &Desk, round: usize) -> Duration {
    support::batch_flow(
        desk.saludya(&["--format", "json", "batch"]),
        &format!("{}", 80_000_000 + round),
    )
}

/// The floor of any flow of eight separate processes on this file: the `sqlite3` tool run eight
/// times in the flow's order on a copy of the demo database, the four writes one durable row
/// each (`synchronous=FULL`, WAL, like ours) and the four reads one query each. No program that
/// starts a process per step can do the steps for less on this machine and disk.
fn sqlite_flow(floor_db: &Path, home: &Path, round: usize) -> Duration {
    let db = floor_db.to_str().expect("utf-8 path");
    let write = format!(
        "PRAGMA synchronous=FULL; INSERT INTO floor_writes (round, at) VALUES ({round}, datetime('now'))"
    );
    let step = |sql: &str| -> Command { support::isolated("sqlite3", &[db, sql], home, floor_db) };
    let steps: [Command; 8] = [
        step(&write),
        step("SELECT * FROM catalog_specialties"),
        step("SELECT * FROM catalog_doctors"),
        step(&write),
        step("SELECT * FROM catalog_schedules"),
        step(&write),
        step(&write),
        step("SELECT * FROM appointment_appointments ORDER BY starts_at DESC LIMIT 20"),
    ];
    let t0 = Instant::now();
    for c in steps {
        support::output(c, None);
    }
    t0.elapsed()
}

/// Peak resident memory of one process in MiB (fed `stdin`), by GNU time; None without it.
fn peak_mib(desk: &Desk, args: &[&str], stdin: &str) -> Option<f64> {
    use std::io::Write;
    let gnu_time = Path::new("/usr/bin/time");
    if !gnu_time.exists() {
        return None;
    }
    let mut full = vec!["-f", "%M", BIN];
    full.extend_from_slice(args);
    let mut child = desk
        .command("/usr/bin/time", &full)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn time");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait time");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let kib: f64 = stderr.lines().last()?.trim().parse().ok()?;
    Some(kib / 1024.0)
}

fn now() -> DateTime<Utc> {
    "2026-03-02T14:00:00Z".parse().expect("time")
}

/// Durable bookings per second through the full booking path in one process, and the floor:
/// bare `BEGIN IMMEDIATE; INSERT; COMMIT` transactions under the same pragmas on the same disk.
fn bookings_per_second(dir: &Path, n: usize) -> (f64, f64) {
    let conn = saludya::db::create(&dir.join("book.db")).expect("create");
    let patients = saludya::db::write(&conn, |tx| {
        catalog::fixtures::load(tx, now())?;
        (0..n)
            .map(|i| {
                let input = PatientInput {
                    doc_number: format!("{}", 40_000_000 + i),
                    first_name: "Ana".into(),
                    last_name: "Prueba Díaz".into(),
                    ..PatientInput::default()
                };
                let new = NewPatient::parse(&input, now().date_naive())?;
                Ok(patients::add(tx, &new, None, now())?.patient.id)
            })
            .collect::<saludya::error::AppResult<Vec<_>>>()
    })
    .expect("patients");
    let mut slots: Vec<Slot> = Vec::new();
    for s in catalog::list_specialties(&conn).expect("specialties") {
        let search = SlotSearch {
            doctor_id: None,
            specialty_id: Some(s.id),
            from: None,
            days: 366,
            limit: 0,
        };
        slots.extend(appointments::find_slots(&conn, &search, now(), LIMA).expect("slots"));
    }
    assert!(slots.len() >= n, "not enough free slots");
    let t0 = Instant::now();
    for (patient, slot) in patients.iter().zip(&slots) {
        let req = BookingRequest::new(patient, &slot.doctor_id, &slot.start.to_string(), None, None)
            .expect("request");
        saludya::db::write_typed(&conn, |tx| appointments::book(tx, &req, None, now())).expect("book");
    }
    let booked = n as f64 / t0.elapsed().as_secs_f64();

    let floor = Connection::open(dir.join("floor.db")).expect("open");
    floor
        .execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
             CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL);",
        )
        .expect("floor schema");
    let t0 = Instant::now();
    for i in 0..n {
        floor.execute_batch("BEGIN IMMEDIATE").expect("begin");
        floor
            .execute("INSERT INTO t (v) VALUES (?1)", [format!("booking {i}")])
            .expect("insert");
        floor.execute_batch("COMMIT").expect("commit");
    }
    let commits = n as f64 / t0.elapsed().as_secs_f64();
    (booked, commits)
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is not meaningful here.
    let runs: usize = std::env::var("SALUDYA_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(21);
    let appointments: usize = std::env::var("SALUDYA_BENCH_APPOINTMENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path().to_path_buf();
    let desk = Desk {
        db: home.join("demo.db"),
        home: home.clone(),
        bin: PathBuf::from(BIN),
    };
    let big = Desk {
        db: home.join("big.db"),
        home: home.clone(),
        bin: PathBuf::from(BIN),
    };
    let baseline = std::env::var_os("SALUDYA_BENCH_BASELINE").map(|bin| Desk {
        db: home.join("baseline/demo.db"),
        home: home.join("baseline"),
        bin: PathBuf::from(bin),
    });
    let sqlite = |d: &Desk, args: &[&str]| {
        let mut full = vec![d.db.to_str().expect("utf-8 path")];
        full.extend_from_slice(args);
        d.command("sqlite3", &full)
    };
    if Command::new("sqlite3").arg("-version").output().is_err() {
        eprintln!("floor: needs the sqlite3 tool (apt-get install -y sqlite3)");
        std::process::exit(2);
    }

    eprintln!("floor: demo databases (300 patients; {appointments} appointments for export)…");
    desk.demo(&[]);
    if let Some(base) = &baseline {
        base.demo(&[]);
    }
    let n = appointments.to_string();
    big.demo(&["--appointments", &n]);

    println!(
        "\n| {:<58} | {:<44} | {:<22} | goal |",
        "workload", "this run (medians)", "goal"
    );
    println!(
        "|{}|{}|{}|------|",
        "-".repeat(60),
        "-".repeat(46),
        "-".repeat(24)
    );

    eprintln!("floor: counter flow…");
    let floor_db = home.join("floor.db");
    std::fs::copy(&desk.db, &floor_db).expect("copy of the demo database");
    desk.output(
        sqlite(
            &Desk {
                db: floor_db.clone(),
                home: home.clone(),
                bin: PathBuf::from(BIN),
            },
            &["CREATE TABLE floor_writes (id INTEGER PRIMARY KEY, round INTEGER, at TEXT)"],
        ),
        None,
    );
    let _ = counter_flow(&desk, 0);
    let _ = batch_flow(&desk, 0);
    let _ = sqlite_flow(&floor_db, &home, 0);
    let mut floors = Vec::new();
    let mut batches = Vec::new();
    let mut floor_ratios = Vec::new();
    let mut flows = Vec::new();
    let mut base_flows = Vec::new();
    let mut ratios = Vec::new();
    if let Some(base) = &baseline {
        let _ = counter_flow(base, 0);
    }
    for r in 1..=runs {
        // This flow, the per-process floor and the baseline's flow (when given) in turns, the
        // one that goes first rotating from round to round.
        let (mut x, mut f, mut b, mut y) = (0.0, 0.0, 0.0, None);
        let order = if baseline.is_some() { 4 } else { 3 };
        for k in 0..order {
            match (r + k) % order {
                0 => x = ms(counter_flow(&desk, r)),
                1 => f = ms(sqlite_flow(&floor_db, &home, r)),
                2 => b = ms(batch_flow(&desk, r)),
                _ => y = baseline.as_ref().map(|base| ms(counter_flow(base, r))),
            }
        }
        batches.push(b);
        flows.push(x);
        floors.push(f);
        floor_ratios.push(x / f);
        if let Some(y) = y {
            base_flows.push(y);
            ratios.push(x / y);
        }
    }
    let flow = median(flows);
    row(
        "8-command counter flow through the CLI (wall)",
        format!(
            "{flow:.1} ms = {:.3} x the original's {ORIGINAL_FLOW_MS} ms",
            flow / ORIGINAL_FLOW_MS
        ),
        "<= 0.10 x (16 ms)",
        flow <= 0.10 * ORIGINAL_FLOW_MS,
    );
    let batch = median(batches);
    row(
        "the same 8 commands through one `saludya batch` (wall)",
        format!(
            "{batch:.1} ms = {:.3} x the original's {ORIGINAL_FLOW_MS} ms",
            batch / ORIGINAL_FLOW_MS
        ),
        "<= 0.10 x (16 ms)",
        batch <= 0.10 * ORIGINAL_FLOW_MS,
    );
    row(
        "the same 8 steps as bare `sqlite3` processes, same file",
        format!(
            "{:.1} ms; the flow / this floor {:.2} x",
            median(floors),
            median(floor_ratios)
        ),
        "(the per-process floor)",
        true,
    );
    if baseline.is_some() {
        let base = median(base_flows);
        row(
            "the same flow through the baseline binary (wall)",
            format!("{base:.1} ms; this binary / baseline {:.2} x", median(ratios)),
            "<= 0.10 x (16 ms)",
            base <= 0.10 * ORIGINAL_FLOW_MS,
        );
    }

    eprintln!("floor: start-up…");
    let query = "SELECT count(*) FROM catalog_doctors";
    let p = pair(
        runs,
        &|| desk.saludya(&["--version"]),
        &|| sqlite(&desk, &[query]),
        cpu,
    );
    row(
        "`saludya --version` CPU vs `sqlite3 FILE 'SELECT …'`",
        format!("{:.2} ms vs {:.2} ms: {:.2} x", p.a, p.b, p.ratio),
        "<= 1.0 x",
        p.ratio <= 1.0,
    );

    let p = pair(
        runs,
        &|| desk.saludya(&["--format", "json", "doctor", "list"]),
        &|| sqlite(&desk, &["-json", "SELECT * FROM catalog_doctors"]),
        wall,
    );
    row(
        "`doctor list --format json` vs `sqlite3 -json` same table",
        format!("{:.2} ms vs {:.2} ms: {:.2} x", p.a, p.b, p.ratio),
        "<= 1.5 x",
        p.ratio <= 1.5,
    );

    let p = pair(
        runs,
        &|| desk.saludya(&["--format", "json", "orient", COMPLAINT, "--no-store"]),
        &|| desk.saludya(&["--version"]),
        wall,
    );
    row(
        "`orient TEXT --no-store --format json` (wall)",
        format!("{:.2} ms ({:.2} x `--version`)", p.a, p.ratio),
        "<= 5 ms",
        p.a <= 5.0,
    );

    eprintln!("floor: export of {appointments} appointments…");
    let export_runs = (runs / 4).max(3);
    let p = pair(
        export_runs,
        &|| {
            big.saludya(&[
                "export",
                "appointments",
                "--from",
                "2000-01-01",
                "--to",
                "2100-12-31",
            ])
        },
        &|| sqlite(&big, &["-csv", "SELECT * FROM appointment_appointments"]),
        wall,
    );
    row(
        &format!("export {appointments} (joined) vs `sqlite3 -csv` bare table"),
        format!("{:.0} ms vs {:.0} ms: {:.2} x", p.a, p.b, p.ratio),
        "<= 1.0 x",
        p.ratio <= 1.0,
    );

    // A patient's history in a large clinic: an index search, not a read of every appointment
    // (a guard: it was 120 ms of CPU, ~16 x, when the statement's filters were `CAST … IS NULL
    // OR`; our JSON carries more than the bare rows, so the bound is 2 x).
    let dni = big
        .output(
            sqlite(
                &big,
                &[
                    "SELECT p.doc_number FROM appointment_appointments a JOIN user_patients p \
                   ON p.id = a.patient_id ORDER BY a.starts_at DESC LIMIT 1",
                ],
            ),
            None,
        )
        .trim()
        .to_string();
    let rows_sql = format!(
        "SELECT a.* FROM appointment_appointments a JOIN user_patients p ON p.id = a.patient_id \
         WHERE p.doc_number = '{dni}' ORDER BY a.starts_at DESC"
    );
    let p = pair(
        runs,
        &|| big.saludya(&["--format", "json", "appointment", "history", &dni]),
        &|| sqlite(&big, &["-json", &rows_sql]),
        wall,
    );
    row(
        &format!("a patient's history among {appointments} vs `sqlite3 -json` of its rows"),
        format!("{:.2} ms vs {:.2} ms: {:.2} x", p.a, p.b, p.ratio),
        "<= 2 x (a guard)",
        p.ratio <= 2.0,
    );

    eprintln!("floor: bookings…");
    let (booked, commits) = bookings_per_second(dir.path(), 2000);
    row(
        "durable bookings/s, one process, full booking path",
        format!(
            "{booked:.0}/s (bare durable commits: {commits:.0}/s, {:.2} x)",
            booked / commits
        ),
        ">= 1,000/s",
        booked >= 1000.0,
    );

    // The binary's budget is 15 MB, decimal (15,000,000 bytes).
    let bytes = std::fs::metadata(BIN).expect("binary").len() as f64;
    let (size, size_mib) = (bytes / 1e6, bytes / (1024.0 * 1024.0));
    let desk_commands: [&[&str]; 6] = [
        &["--version"],
        &["--format", "json", "orient", COMPLAINT, "--no-store"],
        &["--format", "json", "doctor", "list"],
        &["--format", "json", "slots", "--specialty", "cardiologia"],
        &["--format", "json", "appointment", "list"],
        &["--format", "json", "patient", "search", "quispe"],
    ];
    let peaks: Option<Vec<f64>> = desk_commands.iter().map(|a| peak_mib(&desk, a, "")).collect();
    // A script's co-process runs all day: 2,000 lines of the flow's reads in one batch.
    let long_batch: String = (0..500)
        .map(|_| {
            "[\"specialty\", \"list\"]\n[\"doctor\", \"list\"]\n[\"slots\", \"--specialty\", \"cardiologia\"]\n[\"appointment\", \"list\"]\n"
        })
        .collect();
    let batch_peak = peak_mib(&desk, &["--format", "json", "batch"], &long_batch);
    match peaks.zip(batch_peak) {
        Some((p, batch_peak)) => {
            let peak = p.iter().copied().fold(0.0, f64::max);
            row(
                "peak memory of a desk command; binary size",
                format!("{peak:.1} MiB; {size:.2} MB ({size_mib:.2} MiB)"),
                "<= 15 MB each",
                peak <= 15.0 && size <= 15.0,
            );
            row(
                "peak memory of one `batch` of 2,000 lines",
                format!("{batch_peak:.1} MiB"),
                "<= 15 MB",
                batch_peak <= 15.0,
            );
        }
        None => {
            eprintln!("floor: peak memory skipped (needs GNU time: apt-get install -y time)");
            row(
                "binary size",
                format!("{size:.2} MB ({size_mib:.2} MiB)"),
                "<= 15 MB",
                size <= 15.0,
            );
        }
    }
}
