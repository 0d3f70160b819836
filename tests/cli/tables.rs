//! Tables at real widths (issue 15): identifiers are never wrapped or cut, names are cut with
//! `…`, low-priority columns are hidden with one line saying so, `--wide` shows every column.
//! Every list command at 80 and 120 columns (`COLUMNS`, read when stdout is not a terminal).

use crate::harness::*;

/// A clinic with patients (one with a long name), two appointments and a cash payment.
fn clinic() -> Env {
    let env = Env::admin();
    for (dni, first, last) in [
        ("45678912", "José María", "Peña Quispe"),
        (
            "10293847",
            "María de los Ángeles Milagros",
            "Villanueva Huamán de la Cruz",
        ),
    ] {
        env.run(&[
            "patient",
            "add",
            "--dni",
            dni,
            "--first-name",
            first,
            "--last-name",
            last,
            "--phone",
            "987654321",
        ])
        .ok();
    }
    let slots = env
        .run("--format json slots --specialty cardiologia --limit 2")
        .ok()
        .json();
    let mut ids = Vec::new();
    for (slot, dni) in slots.as_array().unwrap().iter().zip(["45678912", "10293847"]) {
        let booked = env
            .run(&[
                "--format",
                "json",
                "appointment",
                "book",
                "--patient",
                dni,
                "--doctor",
                slot["doctor_id"].as_str().unwrap(),
                "--at",
                slot["start"].as_str().unwrap(),
            ])
            .ok()
            .json();
        ids.push(booked["id"].as_str().unwrap().to_string());
    }
    env.run(&["pay", &ids[0], "--method", "cash"]).ok();
    env
}

/// The list commands, as a person types them.
const LISTS: &[&str] = &[
    "patient list",
    "patient search maria",
    "specialty list",
    "doctor list --specialty cardiologia",
    "doctor time-off-list",
    "slots --specialty cardiologia --limit 3",
    "appointment list --from 2026-03-02 --to 2026-03-09",
    "appointment history 10293847",
    "staff list",
    "payment list",
    "payment close",
    "reminders --date 2026-03-02",
    "report day",
];

/// One snapshot per list command and width.
#[test]
fn every_list_at_80_and_120_columns() {
    let env = clinic();
    let mut text = String::new();
    for width in [80, 120] {
        for line in LISTS {
            let out = env.run_at(width, *line);
            out.ok();
            for l in out.stdout.lines() {
                assert!(
                    unicode_width::UnicodeWidthStr::width(l) <= width,
                    "{line} at {width}: a line is wider than the terminal:\n{}",
                    out.stdout
                );
            }
            text.push_str(&format!("## {line} (COLUMNS={width})\n{out}\n"));
        }
    }
    insta::assert_snapshot!("lists-at-80-and-120", text);
}

/// Every identifier printed whole at 80 columns is one a script gets from JSON: nothing cut.
#[test]
fn identifiers_are_never_cut_or_wrapped() {
    let env = clinic();
    let doctors = env.run("--format json doctor list").ok().json();
    for width in [40, 60, 80, 100] {
        let table = env.run_at(width, "doctor list").ok().stdout.clone();
        for d in doctors.as_array().unwrap() {
            let id = d["id"].as_str().unwrap();
            // The id column is shown whole or hidden, never a part of it.
            let prefix = &id[..13];
            if table.contains(prefix) {
                assert!(table.contains(id), "{width}: {id} cut in\n{table}");
            }
        }
    }
    let at_80 = env.run_at(80, "patient list");
    assert!(at_80.ok().stdout.contains("| 10293847 |"), "{}", at_80.stdout);
    assert!(
        at_80.stdout.contains('…'),
        "the long name is cut: {}",
        at_80.stdout
    );
}

#[test]
fn hidden_columns_are_said_once_in_the_readers_language_and_wide_shows_them() {
    let env = clinic();
    let es = env.run_at(60, "doctor list --specialty cardiologia");
    let note: Vec<&str> = es.ok().stderr.lines().collect();
    assert_eq!(note.len(), 1, "{}", es.stderr);
    assert_eq!(
        note[0],
        "4 columnas ocultas (Valoración, Años, CMP, Id): amplíe la terminal o use --wide / --format csv"
    );
    let en = env.run_at(60, "--lang en doctor list --specialty cardiologia");
    assert_eq!(
        en.ok().stderr,
        "4 columns hidden (Rating, Years, CMP, Id): widen the terminal or use --wide / --format csv\n"
    );
    let wide = env.run_at(60, "--wide doctor list --specialty cardiologia");
    assert_eq!(wide.ok().stderr, "");
    for header in ["Valoración", "Años", "Precio", "CMP", "Activo", "Id"] {
        assert!(wide.stdout.contains(header), "{header}: {}", wide.stdout);
    }
    assert!(!wide.stdout.contains('…'));
    // -q keeps the table and drops the note.
    let quiet = env.run_at(60, "-q doctor list --specialty cardiologia");
    assert_eq!(quiet.ok().stderr, "");
    assert_eq!(quiet.stdout, es.stdout);
}

/// Without `COLUMNS` and not on a terminal (a pipe, a file) the table is not fitted: every
/// column whole, as before.
#[test]
fn a_pipe_without_a_width_gets_every_column() {
    let env = clinic();
    let out = env.run("doctor list --specialty cardiologia");
    assert_eq!(out.ok().stderr, "");
    assert!(out.stdout.contains("| CMP "), "{}", out.stdout);
    assert!(!out.stdout.contains('…'));
}
