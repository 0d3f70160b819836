//! Start-to-finish time of the real binary, as a script or a receptionist's shell sees it:
//! `saludya --version` and `saludya doctor list --format json` on a demo database (goal: both
//! under 20 ms). Run deliberately, in release: `cargo bench --bench startup`.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

const BIN: &str = env!("CARGO_BIN_EXE_saludya");
/// The demo receptionist (a public, demo-only password: see `saludya demo`).
const EMAIL: &str = "recepcion@saludya.demo";
const PASSWORD: &str = "chicha-morada-2026";

fn saludya(home: &Path, args: &[&str], stdin: Option<&str>) -> Command {
    let mut c = Command::new(BIN);
    c.args(args)
        .env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
    c
}

fn run(home: &Path, args: &[&str], stdin: Option<&str>) {
    let mut child = saludya(home, args, stdin).spawn().expect("spawn saludya");
    if let Some(text) = stdin {
        use std::io::Write;
        let mut input = child.stdin.take().expect("stdin");
        input.write_all(text.as_bytes()).expect("write stdin");
    }
    let status = child.wait().expect("wait saludya");
    assert!(status.success(), "saludya {args:?} failed");
}

fn startup(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path();
    let db = home.join("demo.db");
    let db = db.to_str().expect("utf-8 path");
    run(
        home,
        &["--db", db, "demo", "--patients", "300", "--appointments", "1000"],
        None,
    );
    run(
        home,
        &["--db", db, "login", "--email", EMAIL, "--password-stdin"],
        Some(PASSWORD),
    );

    let mut group = c.benchmark_group("startup");
    group.sample_size(50).measurement_time(Duration::from_secs(5));
    group.bench_function("version", |b| b.iter(|| run(home, &["--version"], None)));
    group.bench_function("doctor_list_json", |b| {
        b.iter(|| run(home, &["--db", db, "--format", "json", "doctor", "list"], None))
    });
    group.finish();
}

criterion_group!(benches, startup);
criterion_main!(benches);
