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

/// The race: eight desks (processes) each try to book the same 20 slots, one booking
/// command per slot, all at once. Every slot is booked exactly once; the losers get a clean
/// conflict (exit 5); no desk ever sees an internal error (exit 1) or a lost serialization race
/// (PostgreSQL retries those inside the transaction, SQLite waits for the write lock).
#[test]
fn eight_desks_book_the_same_twenty_slots_each_exactly_once() {
    const DESKS: usize = 8;
    let env = Env::admin();
    patients(&env, &DNIS);
    let doctor = json(&env, &["doctor", "show", "rosa quispe"])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let free = json(
        &env,
        &[
            "slots",
            "--doctor",
            &doctor,
            "--from",
            "2026-03-03",
            "--limit",
            "20",
        ],
    );
    let slots: Vec<String> = free
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["start"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(slots.len(), 20);
    // Each desk walks the slots from a different starting point, so that several desks want
    // the same slot at the same moment all along. The commands are made here (the test
    // environment is not shared between threads), then run by one thread per desk.
    let desks: Vec<Vec<(String, std::process::Command)>> = (0..DESKS)
        .map(|desk| {
            (0..slots.len())
                .map(|i| {
                    let slot = slots[(i + desk * 3) % slots.len()].clone();
                    let mut cmd = env.command();
                    cmd.args([
                        "appointment",
                        "book",
                        "--patient",
                        DNIS[desk],
                        "--doctor",
                        &doctor,
                    ])
                    .args(["--at", &slot])
                    .stdin(Stdio::null());
                    (slot, cmd)
                })
                .collect()
        })
        .collect();
    let outcomes: Vec<(String, i32, String)> = std::thread::scope(|scope| {
        let running: Vec<_> = desks
            .into_iter()
            .map(|commands| {
                scope.spawn(move || {
                    commands
                        .into_iter()
                        .map(|(slot, mut cmd)| {
                            let out = cmd.output().unwrap();
                            let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
                            (slot, out.status.code().unwrap(), stderr)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        running.into_iter().flat_map(|d| d.join().unwrap()).collect()
    });
    let mut won: Vec<&str> = Vec::new();
    for (slot, code, stderr) in &outcomes {
        // A desk's own patient may already hold another booking at that hour: also exit 5.
        assert!(*code == 0 || *code == 5, "{slot}: exit {code}: {stderr}");
        for never in [
            "serializ", "deadlock", "locked", "busy", "ocupada", "interno", "internal",
        ] {
            assert!(!stderr.to_lowercase().contains(never), "{slot}: {stderr}");
        }
        if *code == 0 {
            won.push(slot);
        }
    }
    won.sort();
    let mut all: Vec<&str> = slots.iter().map(String::as_str).collect();
    all.sort();
    assert_eq!(won, all, "each slot booked once, none twice, none lost");
    let booked = json(
        &env,
        &["appointment", "list", "--doctor", &doctor, "--from", "2026-03-03"],
    );
    assert_eq!(booked.as_array().unwrap().len(), 20);
}

/// Eight desks take eight payments at the same moment: every payment gets its own receipt
/// number, and together they are the next eight numbers with no gap (numbering and confirmation
/// are one transaction per payment on both engines).
#[test]
fn payments_taken_at_once_at_eight_desks_get_gapless_unique_receipts() {
    let env = Env::admin();
    let appointments: Vec<String> = DNIS
        .iter()
        .map(|dni| crate::payment::id(&crate::payment::booked(&env, dni)).to_string())
        .collect();
    let commands: Vec<std::process::Command> = appointments
        .iter()
        .map(|a| {
            let mut cmd = env.command();
            cmd.args(["--format", "json", "pay", a, "--method", "cash"])
                .stdin(Stdio::null());
            cmd
        })
        .collect();
    let outputs: Vec<std::process::Output> = std::thread::scope(|s| {
        let running: Vec<_> = commands
            .into_iter()
            .map(|mut cmd| s.spawn(move || cmd.output().unwrap()))
            .collect();
        running.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut receipts: Vec<i64> = outputs
        .iter()
        .map(|o| {
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            let paid: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            paid["receipt_number"].as_i64().unwrap()
        })
        .collect();
    receipts.sort();
    let first = receipts[0];
    assert_eq!(receipts, (first..first + 8).collect::<Vec<_>>());
    for a in &appointments {
        let shown = json(&env, &["appointment", "show", a]);
        assert_eq!(shown["status"], "confirmed", "{shown}");
    }
}

/// Desks writing at once all append to the one audit chain: every change is recorded, no row
/// has two successors (the chain would not verify), and nobody sees an error.
#[test]
fn racing_writers_extend_one_audit_chain_without_a_fork() {
    let env = Env::admin();
    patients(&env, &DNIS[..4]);
    let doctor = json(&env, &["doctor", "show", "rosa quispe"])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let count = || -> u64 {
        env.sql_one("SELECT CAST(count(*) AS TEXT) FROM audit_events", &[])
            .parse()
            .unwrap()
    };
    let before = count();
    let slots = [
        "2026-03-03 09:00",
        "2026-03-03 09:15",
        "2026-03-03 09:30",
        "2026-03-03 09:45",
    ];
    let new_dnis = ["41000001", "41000002", "41000003", "41000004"];
    let mut lines: Vec<Vec<String>> = Vec::new();
    for k in 0..4 {
        lines.push(
            [
                "appointment",
                "book",
                "--patient",
                DNIS[k],
                "--doctor",
                &doctor,
                "--at",
                slots[k],
            ]
            .map(String::from)
            .to_vec(),
        );
        lines.push(
            [
                "patient",
                "add",
                "--dni",
                new_dnis[k],
                "--first-name",
                "Eva",
                "--last-name",
                "Carrera Paz",
            ]
            .map(String::from)
            .to_vec(),
        );
    }
    let children: Vec<_> = lines
        .iter()
        .map(|args| {
            let mut cmd = env.command();
            cmd.args(args)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            cmd.spawn().unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(count(), before + lines.len() as u64);
    let verified = env.run("--format json audit verify").ok().json();
    assert_eq!(verified["rows"].as_u64(), Some(before + lines.len() as u64));
    let distinct = env.sql_one(
        "SELECT CAST(count(DISTINCT prev_hash) AS TEXT) FROM audit_events",
        &[],
    );
    assert_eq!(distinct, (before + lines.len() as u64).to_string());
}
