//! Several OS processes (the real binary) booking the same few slots at once: each slot ends up
//! booked exactly once, the losers get a clean conflict (exit 5), nobody sees an internal error
//! or "database is locked".

use std::process::Stdio;

use crate::booking::{json, patients};
use crate::harness::*;

const SLOTS: [&str; 3] = ["2026-03-03 10:00", "2026-03-03 10:15", "2026-03-03 10:30"];
const DNIS: [&str; 8] = [
    "40000001", "40000002", "40000003", "40000004", "40000005", "40000006", "40000007", "40000008",
];

#[test]
fn racing_processes_book_each_slot_exactly_once() {
    let env = Env::admin();
    patients(&env, &DNIS);
    let doctor = json(&env, &["doctor", "show", "rosa quispe"])["id"]
        .as_str()
        .unwrap()
        .to_string();

    // 16 processes: patient k % 8 wants slot k % 3, all started before any is waited for.
    let children: Vec<_> = (0..16)
        .map(|k| {
            let mut cmd = env.command();
            cmd.args([
                "appointment",
                "book",
                "--patient",
                DNIS[k % DNIS.len()],
                "--doctor",
                &doctor,
                "--at",
                SLOTS[k % SLOTS.len()],
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
            cmd.spawn().unwrap()
        })
        .collect();
    let mut winners = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let code = out.status.code().unwrap();
        assert!(code == 0 || code == 5, "exit {code}: {stderr}");
        assert!(
            !stderr.contains("locked") && !stderr.contains("ocupada") && !stderr.contains("busy"),
            "{stderr}"
        );
        if code == 0 {
            winners += 1;
        }
    }
    assert_eq!(winners, SLOTS.len());
    let booked = json(
        &env,
        &["appointment", "list", "--doctor", &doctor, "--status", "booked"],
    );
    let mut starts: Vec<&str> = booked
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["start"].as_str().unwrap())
        .collect();
    starts.sort();
    assert_eq!(starts, SLOTS);
}
