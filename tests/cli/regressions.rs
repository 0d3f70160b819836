//! Regression tests from the release quality pass, each named after what it fixes.

use std::process::Stdio;

use crate::harness::Env;

/// Runs the binary with its stdout closed before it writes (the reader went away, as with
/// `| head -1` on a long output) and returns the exit code and stderr.
fn run_with_closed_stdout(env: &Env, args: &[&str]) -> (i32, String) {
    let mut child = env
        .command()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn completions_into_a_closed_pipe_exit_0_without_panicking() {
    let env = Env::empty();
    // Every script is far larger than a pipe's buffer, so the write must hit the closed pipe.
    for shell in ["bash", "zsh", "fish"] {
        let (code, stderr) = run_with_closed_stdout(&env, &["completions", shell]);
        assert_eq!(code, 0, "{shell}: {stderr}");
        assert!(!stderr.contains("panicked"), "{shell}: {stderr}");
    }
}

#[test]
fn orient_with_an_empty_complaint_is_invalid_input_and_stores_nothing() {
    let env = Env::admin();
    let before = env.dump();
    env.run(&["orient"]).code(2);
    for args in [vec!["orient", ""], vec!["orient", "   "], vec!["orient", "\n"]] {
        let out = env.run(&args);
        out.code(2);
        assert!(out.stderr.contains("queja"), "{args:?}: {}", out.stderr);
        assert!(out.stdout.is_empty(), "{args:?}: {}", out.stdout);
    }
    let out = env.run(&["--lang", "en", "orient", ""]);
    out.code(2);
    assert!(out.stderr.contains("complaint"), "{}", out.stderr);
    assert_eq!(before, env.dump());
}

#[test]
fn orient_booking_hint_names_the_whole_query_id_not_an_ambiguous_prefix() {
    // UUIDv7 ids made in the same minute share their first 8 characters, so a hint with
    // `--orientation 01a2189d` would be refused as ambiguous once a second query exists.
    let env = Env::admin();
    let first = env.run(&["--format", "json", "orient", "me arde al orinar"]);
    first.ok();
    let out = env.run(&["--format", "json", "orient", "tos con flema hace una semana"]);
    out.ok();
    let id = out.json()["query_id"].as_str().unwrap().to_string();
    assert!(
        out.stderr.contains(&format!("--orientation {id}")),
        "{}",
        out.stderr
    );
    let patient = env.run(&[
        "patient",
        "add",
        "--dni",
        "45678912",
        "--first-name",
        "Rosa",
        "--last-name",
        "Quispe",
    ]);
    patient.ok();
    // The id from the hint is accepted as is by the booking.
    let slot = env.run(&[
        "--format",
        "json",
        "slots",
        "--specialty",
        "neumologia",
        "--limit",
        "1",
    ]);
    slot.ok();
    let slot = &slot.json()[0];
    env.run(&[
        "appointment",
        "book",
        "--patient",
        "45678912",
        "--doctor",
        slot["doctor_id"].as_str().unwrap(),
        "--at",
        slot["start"].as_str().unwrap(),
        "--orientation",
        &id,
    ])
    .ok();
}

#[test]
fn appointment_help_has_examples_and_describes_every_argument() {
    let env = Env::empty();
    let group = env.run(&["appointment", "--help"]);
    assert!(group.ok().stdout.contains("Ejemplos:"), "{}", group.stdout);
    for sub in [
        "book",
        "show",
        "history",
        "list",
        "reschedule",
        "cancel",
        "check-in",
        "complete",
        "no-show",
    ] {
        let out = env.run(&["appointment", sub, "--help"]);
        let help = &out.ok().stdout;
        assert!(help.contains("Ejemplo"), "{sub}: {help}");
        assert!(
            help.contains(&format!("saludya appointment {sub}")),
            "{sub}: {help}"
        );
        // An argument line with no description after it ("  <APPOINTMENT>  ") tells nothing.
        for line in help.lines() {
            let t = line.trim();
            assert!(
                !(t.starts_with('<') && t.ends_with('>')),
                "{sub}: undocumented argument {t}"
            );
        }
    }
    let cancel = env.run(&["appointment", "cancel", "--help"]);
    assert!(
        cancel.ok().stdout.contains("devuelve el pago"),
        "{}",
        cancel.stdout
    );
}

#[test]
fn usage_errors_with_format_json_are_json_on_stderr() {
    let env = Env::admin();
    for args in [
        vec!["--format", "json", "pay"],
        vec!["--format=json", "slots", "--doctor", "x", "--days", "abc"],
        vec!["--format", "json", "no-such-command"],
        vec!["patient", "list", "--limit", "-1", "--format", "json"],
    ] {
        let out = env.run(&args);
        out.code(2);
        let err = out.json_err();
        assert_eq!(err["kind"], "invalid", "{args:?}");
        let detail = err["detail"].as_str().unwrap();
        assert!(
            !detail.is_empty() && !detail.starts_with("error:"),
            "{args:?}: {detail}"
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // Without --format json the usage error stays clap's text, and --help is still help.
    let text = env.run(&["pay"]);
    text.code(2);
    assert!(text.stderr.starts_with("error:"), "{}", text.stderr);
    env.run(&["--format", "json", "pay", "--help"]).ok();
}

#[test]
fn payment_records_speak_the_readers_language_and_csv_keeps_english_words() {
    let env = Env::admin();
    let appt = crate::payment::booked(&env, "45678912");
    let id = crate::payment::id(&appt).to_string();
    // An expired card: declined, recorded, exit 6.
    let en = env.run_stdin(
        &["--lang", "en", "pay", &id, "--method", "card", "--card-stdin"],
        "4111 1111 1111 1111\n01/20\n123",
    );
    en.code(6);
    assert!(en.stdout.contains("The card has expired."), "{}", en.stdout);
    assert!(!en.stdout.contains("vencida"), "{}", en.stdout);
    assert!(!en.stdout.contains("RECHAZADO"), "{}", en.stdout);
    let es = env.run(&["payment", "list"]);
    assert!(es.ok().stdout.contains("RECHAZADO"), "{}", es.stdout);
    assert!(!es.stdout.contains("DECLINED"), "{}", es.stdout);
    let csv = env.run(&["--format", "csv", "payment", "list"]);
    let row = csv.ok().stdout.lines().nth(1).unwrap().to_string();
    assert!(row.contains("DECLINED") && !row.contains("RECHAZADO"), "{row}");
}

#[test]
fn spanish_date_errors_spell_the_format_aaaa_mm_dd_everywhere() {
    let env = Env::admin();
    for args in [
        vec!["export", "appointments", "--from", "2026-02-30"],
        vec!["payment", "list", "--date", "mañana"],
        vec!["appointment", "list", "--date", "2026-13-01"],
        vec!["slots", "--specialty", "cardiologia", "--from", "ayer"],
    ] {
        let out = env.run(&args);
        out.code(2);
        assert!(out.stderr.contains("AAAA-MM-DD"), "{args:?}: {}", out.stderr);
        let mut en = vec!["--lang", "en"];
        en.extend_from_slice(&args);
        let out = env.run(&en);
        assert!(out.stderr.contains("YYYY-MM-DD"), "{args:?}: {}", out.stderr);
    }
}

#[test]
fn orient_format_csv_is_csv_with_the_same_columns_for_every_result() {
    let env = Env::empty();
    let mut headers = Vec::new();
    for text in ["tos con flema", "dolor de pecho y sudor frío"] {
        let out = env.run(&["--format", "csv", "orient", text, "--no-store"]);
        out.ok();
        let mut reader = csv::Reader::from_reader(out.stdout.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 1, "{}", out.stdout);
        assert!(
            !out.stdout.contains('┆') && !out.stdout.contains('│'),
            "{}",
            out.stdout
        );
        assert_eq!(header[0], "red_flags");
        assert!(header.contains(&"specialty".to_string()), "{header:?}");
        headers.push(header);
    }
    assert_eq!(headers[0], headers[1]);
    // Piped table output uses the same plain style as every other command.
    let table = env.run(&["orient", "tos con flema", "--no-store"]);
    assert!(table.ok().stdout.starts_with("| "), "{}", table.stdout);
}

#[test]
fn reschedule_reason_with_control_characters_or_too_long_is_refused_unchanged() {
    let env = Env::admin();
    let appt = crate::payment::booked(&env, "45678912");
    let id = crate::payment::id(&appt).to_string();
    let slots = env.run(&[
        "--format",
        "json",
        "slots",
        "--doctor",
        appt["doctor_id"].as_str().unwrap(),
        "--from",
        "2026-03-09",
        "--limit",
        "1",
    ]);
    let at = slots.ok().json()[0]["start"].as_str().unwrap().to_string();
    let before = env.dump();
    let long = "x".repeat(201);
    for reason in ["pidió otro día\u{1b}[2J", long.as_str()] {
        let out = env.run(&["appointment", "reschedule", &id, "--at", &at, "--reason", reason]);
        out.code(2);
        assert!(out.stderr.contains("motivo"), "{}", out.stderr);
        assert_eq!(before, env.dump());
    }
    env.run(&[
        "appointment",
        "reschedule",
        &id,
        "--at",
        &at,
        "--reason",
        "  pidió otro día ",
    ])
    .ok();
    let shown = env.run(&["--format", "json", "appointment", "show", &id]);
    let history = shown.ok().json()["history"].clone();
    let last = history.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["reason"], "pidió otro día", "{history}");
}

#[test]
fn every_option_and_argument_in_the_help_says_what_it_is() {
    let env = Env::empty();
    let commands: &[&[&str]] = &[
        &["init"],
        &["login"],
        &["staff", "add"],
        &["staff", "disable"],
        &["staff", "passwd"],
        &["settings", "set"],
        &["completions"],
        &["backup"],
        &["demo"],
        &["patient", "add"],
        &["patient", "show"],
        &["patient", "edit"],
        &["patient", "search"],
        &["patient", "list"],
        &["doctor", "list"],
        &["doctor", "show"],
        &["doctor", "add"],
        &["doctor", "edit"],
        &["doctor", "schedule"],
        &["doctor", "time-off"],
        &["slots"],
        &["appointment", "book"],
        &["appointment", "list"],
        &["orient"],
        &["pay"],
        &["payment", "show"],
        &["payment", "list"],
        &["payment", "refund"],
        &["export", "appointments"],
    ];
    for cmd in commands {
        let mut args = cmd.to_vec();
        args.push("--help");
        let out = env.run(&args);
        for line in out.ok().stdout.lines() {
            let t = line.trim();
            let bare_option = (t.starts_with("--") || t.starts_with("-q"))
                && t.split_whitespace().count() <= 2
                && !t.contains("  ");
            let bare_argument = ((t.starts_with('<') && t.ends_with('>'))
                || (t.starts_with('[') && t.ends_with(']')))
                && !t.contains(' ');
            assert!(
                !bare_option && !bare_argument,
                "{cmd:?}: «{t}» has no description"
            );
        }
    }
}

#[test]
fn export_into_a_missing_folder_is_not_found_with_a_clear_message() {
    let env = Env::admin();
    let target = env.path("no-such-folder/agenda.csv");
    let out = env.run(&["export", "appointments", "-o", target.to_str().unwrap()]);
    out.code(4);
    assert!(out.stderr.contains("No existe la carpeta"), "{}", out.stderr);
    assert!(!out.stderr.contains("os error"), "{}", out.stderr);
    assert!(!env.path("no-such-folder").exists());
}

#[test]
fn whole_output_of_cancel_with_refund_names_the_method() {
    let env = Env::admin();
    let a = crate::payment::booked(&env, "45678912");
    let appt = crate::payment::id(&a).to_string();
    env.run(&format!("pay {appt} --method cash")).ok();
    insta::assert_snapshot!(env.run(&format!("appointment cancel {appt} --by patient --reason \"no puede venir\"")), @r#"
        | Inicio       | 2026-03-02 09:00                     |
        | Estado       | cancelada                            |
        | Paciente     | Ana Quispe Mamani                    |
        | DNI          | 45678912                             |
        | Médico       | Carmen Rosa Flores Vargas            |
        | Especialidad | Medicina General                     |
        | Precio       | S/ 70.00                             |
        | Id           | 019caed9-4300-7000-8050-0000f347fc1e |
        ------- stderr -------
        Cita cancelada; la hora quedó libre.
        Se devolvió el pago: S/ 70.00 (efectivo), recibo 2.
    "#);
    insta::assert_snapshot!(env.run(&format!("--lang en appointment history {appt}")), @r#"
        ------- stderr -------
        error: No patient with id '019caed9-4300-7000-8050-0000f347fc1e'.
        [exit status: 4]
    "#);
}
