//! Export benchmark: `saludya export appointments` against `sqlite3 -csv` running the same query
//! on the same database file, in the same run, with wall time and peak resident memory taken by
//! `/usr/bin/time -v`. Run it deliberately, in release:
//!
//! ```text
//! cargo bench --bench export                                   # 1,000,000 appointments
//! SALUDYA_BENCH_APPOINTMENTS=100000 cargo bench --bench export # smaller
//! SALUDYA_BENCH_DIR=/tmp/sybench cargo bench --bench export    # keep and reuse the database
//! ```
//!
//! Needs `sqlite3` and GNU `time` (`apt-get install -y sqlite3 time`). The database is made by
//! the real binary (`saludya demo --appointments N`), whose duration is reported too.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use saludya::flows::export::{ExportFilter, query};

const BIN: &str = env!("CARGO_BIN_EXE_saludya");
/// The demo receptionist (a public, demo-only password: see `saludya demo`).
const EMAIL: &str = "recepcion@saludya.demo";
const PASSWORD: &str = "chicha-morada-2026";
const RUNS: usize = 3;

struct Measure {
    seconds: f64,
    /// User + system CPU time: steadier than wall time on a busy machine.
    cpu: f64,
    max_rss_kib: u64,
}

fn parse_elapsed(s: &str) -> Option<f64> {
    // "h:mm:ss" or "m:ss.ss"
    let parts: Vec<f64> = s
        .trim()
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    Some(parts.iter().fold(0.0, |acc, p| acc * 60.0 + p))
}

/// Runs `cmd` under `/usr/bin/time -v` with stdout to `out`; returns its time and peak RSS.
fn timed(env_dir: &Path, cmd: &[&str], stdin: Option<&str>, out: &Path) -> Measure {
    let mut c = Command::new("/usr/bin/time");
    c.arg("-v")
        .args(cmd)
        .env("HOME", env_dir)
        .env("XDG_CONFIG_HOME", env_dir.join("config"))
        .env("XDG_DATA_HOME", env_dir.join("data"))
        .env_remove("SALUDYA_DB")
        .stdout(std::fs::File::create(out).expect("output file"))
        .stderr(Stdio::piped())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
    let mut child = c.spawn().expect("/usr/bin/time (apt-get install -y time)");
    if let Some(text) = stdin {
        use std::io::Write;
        let mut input = child.stdin.take().unwrap();
        input.write_all(text.as_bytes()).unwrap();
        input.write_all(b"\n").unwrap();
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{cmd:?} failed:\n{stderr}");
    let field = |name: &str| {
        stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix(name).map(str::to_string))
            .unwrap_or_else(|| panic!("no '{name}' in:\n{stderr}"))
    };
    Measure {
        seconds: parse_elapsed(&field("Elapsed (wall clock) time (h:mm:ss or m:ss): ")).unwrap(),
        cpu: field("User time (seconds): ").trim().parse::<f64>().unwrap()
            + field("System time (seconds): ").trim().parse::<f64>().unwrap(),
        max_rss_kib: field("Maximum resident set size (kbytes): ")
            .trim()
            .parse()
            .unwrap(),
    }
}

fn lines(path: &Path) -> usize {
    use std::io::BufRead;
    std::io::BufReader::new(std::fs::File::open(path).unwrap())
        .lines()
        .count()
}

fn count_appointments(db: &Path) -> i64 {
    if !db.exists() {
        return 0;
    }
    rusqlite::Connection::open(db)
        .and_then(|c| c.query_row("SELECT count(*) FROM appointment_appointments", [], |r| r.get(0)))
        .unwrap_or(0)
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else to parse.
    let n: i64 = std::env::var("SALUDYA_BENCH_APPOINTMENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let _tmp;
    let dir: PathBuf = match std::env::var("SALUDYA_BENCH_DIR") {
        Ok(d) => {
            std::fs::create_dir_all(&d).unwrap();
            PathBuf::from(d)
        }
        Err(_) => {
            _tmp = tempfile::tempdir().unwrap();
            _tmp.path().to_path_buf()
        }
    };
    let db = dir.join(format!("bench-{n}.db"));
    let db_s = db.to_str().unwrap();
    let n_s = n.to_string();

    println!("export benchmark: {n} appointments in {}", db.display());
    if count_appointments(&db) < n {
        let m = timed(
            &dir,
            &[
                BIN,
                "--db",
                db_s,
                "-q",
                "demo",
                "--patients",
                "20000",
                "--appointments",
                &n_s,
            ],
            None,
            &dir.join("demo.out"),
        );
        println!(
            "  generate (saludya demo --patients 20000 --appointments {n}): {:.1} s ({:.1} s CPU), peak RSS {} MiB",
            m.seconds,
            m.cpu,
            m.max_rss_kib / 1024
        );
    }
    assert_eq!(count_appointments(&db), n, "database has a different size");
    timed(
        &dir,
        &[BIN, "--db", db_s, "login", "--email", EMAIL, "--password-stdin"],
        Some(PASSWORD),
        &dir.join("login.out"),
    );

    let (sql, params) = query(&ExportFilter::default());
    assert!(params.is_empty());
    let ours_out = dir.join("saludya.csv");
    let theirs_out = dir.join("sqlite3.csv");
    let ours_cmd = [BIN, "--db", db_s, "-q", "export", "appointments"];
    let theirs_cmd = ["sqlite3", "-csv", "-header", db_s, sql.as_str()];
    // Warm the OS page cache for both, then alternate runs and keep the best time, worst memory.
    let _ = timed(&dir, &theirs_cmd, None, &theirs_out);
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for _ in 0..RUNS {
        ours.push(timed(&dir, &ours_cmd, None, &ours_out));
        theirs.push(timed(&dir, &theirs_cmd, None, &theirs_out));
    }
    let rows = n as usize + 1;
    assert_eq!(lines(&ours_out), rows, "saludya export row count");
    assert_eq!(lines(&theirs_out), rows, "sqlite3 row count");
    let best = |m: &[Measure]| m.iter().map(|m| m.seconds).fold(f64::INFINITY, f64::min);
    let cpu = |m: &[Measure]| m.iter().map(|m| m.cpu).fold(f64::INFINITY, f64::min);
    let rss = |m: &[Measure]| m.iter().map(|m| m.max_rss_kib).max().unwrap_or(0);
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len() / (1024 * 1024)).unwrap_or(0);
    println!(
        "  {:<30} {:>9} {:>8} {:>13} {:>9}",
        "command", "best (s)", "CPU (s)", "peak RSS MiB", "file MiB"
    );
    for (name, m, out) in [
        ("saludya export appointments", &ours, &ours_out),
        ("sqlite3 -csv (same query)", &theirs, &theirs_out),
    ] {
        println!(
            "  {:<30} {:>9.2} {:>8.2} {:>13.1} {:>9}",
            name,
            best(m),
            cpu(m),
            rss(m) as f64 / 1024.0,
            size(out)
        );
    }
    println!(
        "  saludya/sqlite3 ratio: wall {:.2}, CPU {:.2} (goal < 1); saludya peak RSS goal < 50 MiB",
        best(&ours) / best(&theirs),
        cpu(&ours) / cpu(&theirs)
    );
}
