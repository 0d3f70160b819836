//! `export appointments`: RFC 4180 CSV (or JSON lines), filters, files written atomically.

use crate::harness::*;

const HEADER: &str = "id,date,time,status,patient,dni,doctor,specialty,price,amount_paid,payment_method,\
created_at,end_time,document_type,currency,refunded,receipt_number,cancelled_by,cancel_reason,patient_id,doctor_id";

#[test]
fn an_empty_agenda_exports_just_the_header() {
    let env = Env::admin();
    let out = env.run(&["export", "appointments"]);
    assert_eq!(out.ok().stdout.trim_end(), HEADER);
    let out = env.run(&["export", "appointments", "--delimiter", ";", "--bom"]);
    assert!(
        out.ok().stdout.starts_with("\u{feff}id;date;time;"),
        "{}",
        out.stdout
    );
    let out = env.run(&["--format", "json", "export", "appointments"]);
    assert_eq!(out.ok().stdout, "", "JSON lines: no rows, no lines");
}

#[test]
fn export_needs_a_session() {
    let env = Env::admin();
    env.run(&["logout"]).ok();
    env.run(&["export", "appointments"]).code(3);
}

#[test]
fn bad_options_are_invalid_input() {
    let env = Env::admin();
    for args in [
        vec!["export", "appointments", "--delimiter", "ab"],
        vec!["export", "appointments", "--delimiter", "\""],
        vec!["export", "appointments", "--from", "2026-13-01"],
        vec![
            "export",
            "appointments",
            "--from",
            "2026-03-05",
            "--to",
            "2026-03-01",
        ],
        vec!["export", "appointments", "--status", "paid"],
    ] {
        let out = env.run(&args);
        out.code(2);
        assert!(out.stdout.is_empty(), "{args:?}: {}", out.stdout);
    }
    env.run(&["export", "appointments", "--doctor", "ffffffff"])
        .code(4);
}

#[test]
fn output_file_is_not_overwritten_without_force() {
    let env = Env::admin();
    let file = env.path("agenda.csv");
    std::fs::write(&file, "keep me").unwrap();
    let out = env.run(&["export", "appointments", "-o", file.to_str().unwrap()]);
    out.code(5);
    assert!(out.stderr.contains("--force"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
    env.run(&["export", "appointments", "-o", file.to_str().unwrap(), "--force"])
        .ok();
    assert_eq!(std::fs::read_to_string(&file).unwrap().trim_end(), HEADER);
    let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temp file left behind");
}
