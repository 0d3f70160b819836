//! Slots, booking and the appointment lifecycle from the command line.
//! The clock is Monday 2 March 2026, 09:00 in Lima. Rosa Elena Quispe (Medicina General) works
//! lun-vie 08:00-13:00 and sáb 08:00-12:00 in 15-minute slots.

use crate::harness::*;

pub fn json(env: &Env, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    env.run(&all).ok().json()
}

/// Registers patients by DNI.
pub fn patients(env: &Env, dnis: &[&str]) {
    for (i, dni) in dnis.iter().enumerate() {
        let first = ["Ana", "Luis", "María", "José", "Rosa", "Pedro", "Lucía", "Jorge"][i % 8];
        env.run(&[
            "patient",
            "add",
            "--dni",
            dni,
            "--first-name",
            first,
            "--last-name",
            "Prueba Díaz",
        ])
        .ok();
    }
}

fn book(env: &Env, dni: &str, doctor: &str, at: &str) -> Out {
    env.run(&[
        "--format",
        "json",
        "appointment",
        "book",
        "--patient",
        dni,
        "--doctor",
        doctor,
        "--at",
        at,
    ])
}

#[test]
fn slots_then_book_then_show() {
    let env = Env::admin();
    patients(&env, &["45678912"]);
    let slots = json(
        &env,
        &["slots", "--specialty", "medicina general", "--limit", "5"],
    );
    let slots = slots.as_array().unwrap();
    assert_eq!(slots.len(), 5);
    for s in slots {
        for field in [
            "doctor_id",
            "doctor_name",
            "specialty",
            "start",
            "price_cents",
            "rating",
        ] {
            assert!(!s[field].is_null(), "{field}");
        }
        assert_eq!(s["specialty"], "Medicina General");
        assert!(s["start"].as_str().unwrap() >= "2026-03-02 09:00");
    }
    let starts: Vec<&str> = slots.iter().map(|s| s["start"].as_str().unwrap()).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");

    let first = &slots[0];
    let a = book(
        &env,
        "45678912",
        first["doctor_id"].as_str().unwrap(),
        first["start"].as_str().unwrap(),
    );
    let a = a.ok().json();
    assert_eq!(a["status"], "booked");
    assert_eq!(a["start"], first["start"]);
    assert_eq!(a["price_cents"], first["price_cents"]);
    assert_eq!(a["doctor_id"], first["doctor_id"]);
    assert_eq!(a["patient_dni"], "45678912");
    assert!(a["patient_id"].is_string() && a["end"].is_string());

    let id = a["id"].as_str().unwrap();
    let shown = json(&env, &["appointment", "show", &id[..30]]);
    assert_eq!(shown["id"], id);
    assert_eq!(shown["history"][0]["to_status"], "booked");
    assert_eq!(shown["history"][0]["by_staff"], ADMIN);

    // The booked slot is no longer offered.
    let again = json(
        &env,
        &[
            "slots",
            "--doctor",
            first["doctor_id"].as_str().unwrap(),
            "--limit",
            "3",
        ],
    );
    assert!(
        again
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["start"] != first["start"])
    );
}

#[test]
fn double_booking_is_refused_for_the_doctor_and_the_patient() {
    let env = Env::admin();
    patients(&env, &["45678912", "41234567"]);
    book(&env, "45678912", "rosa quispe", "2026-03-03 10:00").ok();
    let before = env.dump();
    let taken = book(&env, "41234567", "rosa quispe", "2026-03-03 10:00");
    taken.code(5);
    let err = taken.json_err();
    assert_eq!(err["kind"], "conflict");
    assert!(
        err["hint"].as_str().unwrap().contains("saludya slots --doctor"),
        "{err}"
    );
    // Same patient, same time, another doctor of Medicina General who works mornings.
    let busy_patient = book(&env, "45678912", "luis chavez", "2026-03-03 10:00");
    busy_patient.code(5);
    assert!(busy_patient.stderr.contains("paciente") || busy_patient.stderr.contains("patient"));
    assert_eq!(env.dump(), before);
}

#[test]
fn booking_rules_give_the_documented_exit_codes_and_change_nothing() {
    let env = Env::admin();
    patients(&env, &["45678912"]);
    env.run(&[
        "doctor",
        "time-off",
        "rosa quispe",
        "--from",
        "2026-03-04 00:00",
        "--to",
        "2026-03-05 00:00",
        "--reason",
        "Congreso",
    ])
    .ok();
    let before = env.dump();
    for (patient, doctor, at, code) in [
        ("45678912", "rosa quispe", "2026-03-02 08:45", 2), // past
        ("45678912", "rosa quispe", "2026-03-02 09:10", 2), // misaligned
        ("45678912", "rosa quispe", "2026-03-02 14:00", 2), // outside the schedule
        ("45678912", "rosa quispe", "2026-03-08 10:00", 2), // Sunday
        ("45678912", "rosa quispe", "2026-03-04 10:00", 5), // time off
        ("45678912", "rosa quispe", "ayer", 2),
        ("99999999", "rosa quispe", "2026-03-03 10:00", 4), // unknown patient
        ("45678912", "doctor who", "2026-03-03 10:00", 4),  // unknown doctor
    ] {
        book(&env, patient, doctor, at).code(code);
    }
    env.run(&[
        "appointment",
        "book",
        "--patient",
        "45678912",
        "--doctor",
        "rosa quispe",
        "--at",
        "2026-03-03 10:00",
        "--orientation",
        "01234567-89ab-7def-8123-456789abcdef",
    ])
    .code(4);
    assert_eq!(env.dump(), before);
}

#[test]
fn lifecycle_from_the_command_line() {
    let env = Env::admin();
    patients(&env, &["45678912", "41234567"]);
    let a = book(&env, "45678912", "rosa quispe", "2026-03-02 09:30")
        .ok()
        .json();
    let id = a["id"].as_str().unwrap().to_string();

    // Too early for a no-show.
    env.run(&["appointment", "no-show", &id]).code(5);
    // Reschedule keeps the id and frees the old slot.
    let moved = json(
        &env,
        &["appointment", "reschedule", &id, "--at", "2026-03-02 10:00"],
    );
    assert_eq!(moved["id"], id.as_str());
    assert_eq!(moved["start"], "2026-03-02 10:00");
    book(&env, "41234567", "rosa quispe", "2026-03-02 09:30").ok();

    assert_eq!(
        json(&env, &["appointment", "check-in", &id])["status"],
        "checked_in"
    );
    // checked_in → only completed is allowed.
    let out = env.run(&[
        "--lang",
        "en",
        "appointment",
        "cancel",
        &id,
        "--by",
        "patient",
        "--reason",
        "x",
    ]);
    out.code(5);
    assert!(
        out.stderr.contains("only these are allowed: completed"),
        "{}",
        out.stderr
    );
    assert_eq!(
        json(&env, &["appointment", "complete", &id])["status"],
        "completed"
    );
    let out = env.run(&["--lang", "en", "appointment", "check-in", &id]);
    out.code(5);
    assert!(out.stderr.contains("final"), "{}", out.stderr);

    let shown = json(&env, &["appointment", "show", &id]);
    let steps: Vec<&str> = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["to_status"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["booked", "booked", "checked_in", "completed"]);
    assert_eq!(shown["history"][1]["old_start"], "2026-03-02 09:30");

    let history = json(&env, &["appointment", "history", "45678912"]);
    assert_eq!(history.as_array().unwrap().len(), 1);
}

#[test]
fn cancel_frees_the_slot_and_records_who_and_why() {
    let env = Env::admin();
    patients(&env, &["45678912", "41234567"]);
    let a = book(&env, "45678912", "rosa quispe", "2026-03-03 10:00")
        .ok()
        .json();
    let id = a["id"].as_str().unwrap();
    env.run(&["appointment", "cancel", id, "--by", "nobody", "--reason", "x"])
        .code(2);
    env.run(&["appointment", "cancel", id, "--by", "patient", "--reason", ""])
        .code(2);
    let c = json(
        &env,
        &[
            "appointment",
            "cancel",
            id,
            "--by",
            "patient",
            "--reason",
            "Viaje",
        ],
    );
    assert_eq!(c["status"], "cancelled");
    assert_eq!(c["cancelled_by"], "patient");
    assert_eq!(c["cancel_reason"], "Viaje");
    book(&env, "41234567", "rosa quispe", "2026-03-03 10:00").ok();
    env.run(&["appointment", "reschedule", id, "--at", "2026-03-03 11:00"])
        .code(5);
}

#[test]
fn agenda_lists_today_onwards_by_default_with_filters() {
    let env = Env::admin();
    patients(&env, &["45678912", "41234567"]);
    book(&env, "45678912", "rosa quispe", "2026-03-02 10:00").ok();
    book(&env, "41234567", "rosa quispe", "2026-03-03 10:00").ok();
    book(&env, "41234567", "fernando salinas", "2026-03-04 09:00").ok();
    assert_eq!(json(&env, &["appointment", "list"]).as_array().unwrap().len(), 3);
    assert_eq!(
        json(&env, &["appointment", "list", "--date", "2026-03-03"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let rosa = json(&env, &["appointment", "list", "--doctor", "rosa quispe"]);
    assert_eq!(rosa.as_array().unwrap().len(), 2);
    let range = json(
        &env,
        &[
            "appointment",
            "list",
            "--from",
            "2026-03-03",
            "--to",
            "2026-03-04",
        ],
    );
    assert_eq!(range.as_array().unwrap().len(), 2);
    assert_eq!(
        json(&env, &["appointment", "list", "--status", "cancelled"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
    env.run(&["appointment", "list", "--status", "paid"]).code(2);
    env.run(&[
        "appointment",
        "list",
        "--from",
        "2026-03-05",
        "--to",
        "2026-03-01",
    ])
    .code(2);
    let history = json(&env, &["appointment", "history", "41234567"]);
    let starts: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["start"].as_str().unwrap())
        .collect();
    assert_eq!(starts, ["2026-03-04 09:00", "2026-03-03 10:00"], "newest first");
}

#[test]
fn time_off_lists_the_appointments_inside_without_cancelling_them() {
    let env = Env::admin();
    patients(&env, &["45678912"]);
    let a = book(&env, "45678912", "rosa quispe", "2026-03-05 10:00")
        .ok()
        .json();
    let out = env.run(&[
        "--format",
        "json",
        "doctor",
        "time-off",
        "rosa quispe",
        "--from",
        "2026-03-05 00:00",
        "--to",
        "2026-03-06 00:00",
        "--reason",
        "Licencia",
    ]);
    let off = out.ok().json();
    assert_eq!(off["appointments_inside"][0]["id"], a["id"]);
    assert!(out.stderr.contains(a["id"].as_str().unwrap()));
    let still = json(&env, &["appointment", "show", a["id"].as_str().unwrap()]);
    assert_eq!(still["status"], "booked");
    // And the doctor offers no slot that day.
    let slots = json(
        &env,
        &[
            "slots",
            "--doctor",
            "rosa quispe",
            "--from",
            "2026-03-05",
            "--days",
            "1",
        ],
    );
    assert_eq!(slots, serde_json::json!([]));
}

#[test]
fn a_receptionist_books_but_needs_a_session() {
    let env = Env::admin();
    patients(&env, &["45678912"]);
    env.as_receptionist();
    book(&env, "45678912", "rosa quispe", "2026-03-03 10:00").ok();
    env.run(&["logout"]).ok();
    book(&env, "45678912", "rosa quispe", "2026-03-03 10:15").code(3);
    env.run(&["slots", "--specialty", "pediatria"]).code(3);
}

#[test]
fn a_booking_links_its_orientation_but_an_emergency_books_nothing() {
    let env = Env::admin();
    patients(&env, &["45678912"]);
    let skin = json(
        &env,
        &["orient", "tengo granitos en la cara", "--patient", "45678912"],
    );
    let q = skin["query_id"].as_str().unwrap();
    let slot = &json(
        &env,
        &[
            "slots",
            "--specialty",
            skin["specialty"].as_str().unwrap(),
            "--limit",
            "1",
        ],
    )[0];
    let a = env
        .run(&[
            "--format",
            "json",
            "appointment",
            "book",
            "--patient",
            "45678912",
            "--doctor",
            slot["doctor_id"].as_str().unwrap(),
            "--at",
            slot["start"].as_str().unwrap(),
            "--orientation",
            &q[..30],
        ])
        .ok()
        .json();
    assert_eq!(a["orientation_id"], q);

    let chest = json(
        &env,
        &[
            "orient",
            "me duele el pecho y me falta el aire, estoy sudando frío",
        ],
    );
    assert_eq!(chest["emergency"], true);
    let before = env.dump();
    env.run(&[
        "appointment",
        "book",
        "--patient",
        "45678912",
        "--doctor",
        "fernando salinas",
        "--at",
        "2026-03-04 09:00",
        "--orientation",
        chest["query_id"].as_str().unwrap(),
    ])
    .code(5);
    assert_eq!(env.dump(), before);
}

#[test]
fn book_cancel_whole_outputs() {
    let env = Env::admin();
    patients(&env, &["45678912"]);
    insta::assert_snapshot!(env.run("slots --doctor \"rosa quispe\" --limit 3"), @r#"
        | Inicio           | Médico                   | Especialidad     | Min | Precio   | Valoración | Id del médico                        |
        |------------------|--------------------------|------------------|-----|----------|------------|--------------------------------------|
        | 2026-03-02 09:00 | Rosa Elena Quispe Huamán | Medicina General | 15  | S/ 60.00 | 4.6        | 019caed9-4300-7000-8010-00143ed0d70b |
        | 2026-03-02 09:15 | Rosa Elena Quispe Huamán | Medicina General | 15  | S/ 60.00 | 4.6        | 019caed9-4300-7000-8010-00143ed0d70b |
        | 2026-03-02 09:30 | Rosa Elena Quispe Huamán | Medicina General | 15  | S/ 60.00 | 4.6        | 019caed9-4300-7000-8010-00143ed0d70b |
    "#);
    insta::assert_snapshot!(env.run("appointment book --patient 45678912 --doctor \"rosa quispe\" --at \"2026-03-02 09:15\""), @r#"
        | Inicio       | 2026-03-02 09:15                     |
        | Estado       | reservada                            |
        | Paciente     | Ana Prueba Díaz                      |
        | DNI          | 45678912                             |
        | Médico       | Rosa Elena Quispe Huamán             |
        | Especialidad | Medicina General                     |
        | Precio       | S/ 60.00                             |
        | Id           | 019caed9-4300-7000-8050-0000f347fc1e |
        ------- stderr -------
        Cita reservada: 2026-03-02 09:15 con Rosa Elena Quispe Huamán (Medicina General), S/ 60.00. Siguiente paso: `saludya pay 019caed9-4300-7000-8050-0000f347fc1e`.
    "#);
    insta::assert_snapshot!(env.run("appointment book --patient 45678912 --doctor \"rosa quispe\" --at \"2026-03-02 09:15\""), @r#"
        ------- stderr -------
        error: El horario 2026-03-02 09:15 con Rosa Elena Quispe Huamán ya está reservado.
        sugerencia: Vea los horarios libres con `saludya slots --doctor 019caed9-4300-7000-8010-00143ed0d70b`.
        [exit status: 5]
    "#);
}
