//! `saludya batch`: one command per JSON line in, one JSON answer per line out, each command
//! answered exactly as it answers alone.

use crate::harness::*;

/// One answer line: (exit, stdout, stderr).
fn answers(out: &Out) -> Vec<(i64, String, String)> {
    out.ok();
    out.stdout
        .lines()
        .map(|line| {
            let a: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON answer ({e}): {line}"));
            (
                a["exit"].as_i64().unwrap(),
                a["stdout"].as_str().unwrap().to_string(),
                a["stderr"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn lines(commands: &[&[&str]]) -> String {
    commands
        .iter()
        .map(|words| serde_json::to_string(words).unwrap() + "\n")
        .collect()
}

#[test]
fn each_line_is_answered_as_the_command_alone_answers() {
    let env = Env::admin();
    crate::booking::patients(&env, &["45678912"]);
    let commands: [&[&str]; 7] = [
        &["specialty", "list"],
        &[
            "--format",
            "json",
            "slots",
            "--specialty",
            "medicina general",
            "--limit",
            "3",
        ],
        &["patient", "show", "45678912"],
        &["--lang", "en", "patient", "show", "99999999"],
        &["--format", "json", "patient", "show", "99999999"],
        &["patient", "add", "--dni", "123"],
        &["whoami"],
    ];
    let alone: Vec<(i64, String, String)> = commands
        .iter()
        .map(|words| {
            let out = env.run(*words);
            (i64::from(out.code), out.stdout, out.stderr)
        })
        .collect();
    let batch = answers(&env.run_stdin("batch", &lines(&commands)));
    assert_eq!(batch, alone);
    // Not only successes: "not found" (4) and a usage error (2) among them, in both languages.
    let codes: Vec<i64> = batch.iter().map(|a| a.0).collect();
    assert_eq!(codes, [0, 0, 0, 4, 4, 2, 0]);
}

#[test]
fn the_counter_flow_runs_in_one_batch_and_leaves_the_file_as_after_single_commands() {
    let env = Env::admin();
    let slot = crate::booking::json(
        &env,
        &["slots", "--specialty", "medicina general", "--limit", "1"],
    )[0]
    .clone();
    let (doctor, at) = (
        slot["doctor_id"].as_str().unwrap(),
        slot["start"].as_str().unwrap(),
    );
    let commands: [&[&str]; 4] = [
        &["orient", "me duele la garganta y tengo fiebre desde ayer"],
        &[
            "patient",
            "add",
            "--dni",
            "45678912",
            "--first-name",
            "Ana",
            "--last-name",
            "Quispe",
        ],
        &[
            "appointment",
            "book",
            "--patient",
            "45678912",
            "--doctor",
            doctor,
            "--at",
            at,
        ],
        &["appointment", "history", "45678912"],
    ];
    let batch = answers(&env.run_stdin(&["--format", "json", "batch"], &lines(&commands)));
    assert_eq!(batch.iter().map(|a| a.0).collect::<Vec<_>>(), [0, 0, 0, 0]);
    let booked: serde_json::Value = serde_json::from_str(&batch[2].1).unwrap();
    assert_eq!(booked["start"], at);
    assert_eq!(booked["status"], "booked");
    let history: serde_json::Value = serde_json::from_str(&batch[3].1).unwrap();
    assert_eq!(history.as_array().unwrap().len(), 1);
    assert_eq!(history[0]["id"], booked["id"]);
    // The appointment is the one a later process sees, and the ids of the batch's writes are
    // all different (one id sequence for the whole batch).
    let seen = crate::booking::json(&env, &["appointment", "show", booked["id"].as_str().unwrap()]);
    assert_eq!(seen["status"], "booked");
    let patient: serde_json::Value = serde_json::from_str(&batch[1].1).unwrap();
    assert_ne!(patient["id"], booked["id"]);
    if !env.on_postgres() {
        // The batch's last connection checkpointed and removed the log, like a single command.
        assert!(!env.path("saludya.db-wal").exists());
        assert!(!env.path("saludya.db-shm").exists());
    }
}

#[test]
fn secrets_nested_batches_and_bad_lines_are_refused_and_the_batch_goes_on() {
    let env = Env::admin();
    crate::booking::patients(&env, &["45678912"]);
    let before = env.dump();
    let input = format!(
        "{}not json\n[1, 2]\n\n{}",
        lines(&[
            &["login", "--email", ADMIN, "--password-stdin"],
            &[
                "staff",
                "add",
                "--email",
                "x@clinica.pe",
                "--role",
                "receptionist",
                "--password-stdin"
            ],
            &["batch"],
        ]),
        lines(&[&["--format", "json", "patient", "show", "45678912"]]),
    );
    let batch = answers(&env.run_stdin("batch", &input));
    let codes: Vec<i64> = batch.iter().map(|a| a.0).collect();
    assert_eq!(codes, [2, 2, 2, 2, 2, 0], "{batch:#?}");
    let refusal = "error: Dentro de `batch` no se leen contraseñas ni datos de tarjeta: la entrada \
                   estándar es la de los comandos.\nsugerencia: Inicie sesión antes del batch \
                   (`saludya login`) y cobre con tarjeta fuera de él.\n";
    assert_eq!(batch[0].2, refusal);
    assert_eq!(batch[1].2, refusal);
    assert_eq!(
        batch[2].2,
        "error: `batch` no se puede anidar dentro de otro `batch`.\n"
    );
    assert_eq!(
        batch[3].2,
        "error: Línea no válida para `batch` (columna 2): cada línea es un arreglo JSON con las \
         palabras del comando.\nsugerencia: Por ejemplo: [\"patient\", \"show\", \"45678912\"]\n"
    );
    assert!(batch.iter().take(5).all(|a| a.1.is_empty()));
    let shown: serde_json::Value = serde_json::from_str(&batch[5].1).unwrap();
    assert_eq!(shown["doc_number"], "45678912");
    // Nothing the refused lines named was read or written.
    assert_eq!(env.dump(), before);
}

#[test]
fn the_batch_flags_hold_for_every_line_that_does_not_give_its_own() {
    let env = Env::admin();
    let input = lines(&[
        &["patient", "show", "99999999"],
        &["--format", "table", "--lang", "es", "patient", "show", "99999999"],
    ]);
    let batch = answers(&env.run_stdin(&["--lang", "en", "--format", "json", "batch"], &input));
    let first: serde_json::Value = serde_json::from_str(batch[0].2.trim()).unwrap();
    assert_eq!(first["kind"], "not_found");
    assert!(
        first["detail"]
            .as_str()
            .unwrap()
            .starts_with("There is no patient"),
        "{first}"
    );
    assert!(batch[1].2.starts_with("error: No hay"), "{}", batch[1].2);
}

#[test]
fn a_batch_writes_after_writes_without_mistaking_its_own_log_for_a_crash_and_never_restores_under_itself() {
    let env = Env::admin_sqlite();
    let copy = env.path("copia.db");
    let copy = copy.to_str().unwrap();
    let input = lines(&[
        &[
            "patient",
            "add",
            "--dni",
            "45678912",
            "--first-name",
            "Ana",
            "--last-name",
            "Quispe",
        ],
        &[
            "patient",
            "add",
            "--dni",
            "45678913",
            "--first-name",
            "Luis",
            "--last-name",
            "Quispe",
        ],
        &["backup", copy],
        &["restore", copy, "--force"],
        &["--format", "json", "patient", "search", "quispe"],
    ]);
    let batch = answers(&env.run_stdin("batch", &input));
    assert_eq!(
        batch.iter().map(|a| a.0).collect::<Vec<_>>(),
        [0, 0, 0, 5, 0],
        "{batch:#?}"
    );
    // Writes after writes, each saying what it says alone.
    assert_eq!(batch[1].2, "Paciente registrado: Luis Quispe (DNI 45678913).\n");
    assert!(
        batch[3]
            .2
            .starts_with("error: Este proceso (`saludya batch`) tiene abierta la base"),
        "{}",
        batch[3].2
    );
    let found: serde_json::Value = serde_json::from_str(&batch[4].1).unwrap();
    assert_eq!(found.as_array().unwrap().len(), 2);
    assert!(!env.path("saludya.db-wal").exists());
}

/// A co-process batch runs all day: what one line's parsing allocates is freed before the next
/// line (a single command leaves it to the process's end, which comes soon after).
#[cfg(target_os = "linux")]
#[test]
fn a_long_batch_frees_what_each_line_used() {
    use std::io::{BufRead, BufReader, Write};
    let env = Env::admin_sqlite();
    let mut cmd = env.command();
    let mut child = cmd
        .arg("batch")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let mut output = BufReader::new(child.stdout.take().unwrap());
    let pid = child.id();
    // The largest resident size so far, in KiB.
    let peak = || -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    };
    let mut run = |n: usize| {
        for i in 0..n {
            // The whole tree (--version) and the one-command tree (specialty list), in turns.
            let words: &[&str] = if i % 2 == 0 {
                &["--version"]
            } else {
                &["specialty", "list"]
            };
            writeln!(input, "{}", serde_json::to_string(words).unwrap()).unwrap();
            input.flush().unwrap();
            let mut answer = String::new();
            output.read_line(&mut answer).unwrap();
            assert!(answer.starts_with("{\"exit\":0"), "{answer}");
        }
    };
    run(50);
    let warm = peak();
    run(600);
    let after = peak();
    drop(run);
    assert!(child.wait().unwrap().success());
    // Kept, each line's trees were ~130 KiB: 600 lines would be ~78 MiB more.
    assert!(
        after < warm + 8 * 1024,
        "peak resident size grew from {warm} KiB to {after} KiB over 600 lines"
    );
}
