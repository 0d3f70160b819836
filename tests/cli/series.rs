//! Recurring visits (issue 14, item 2): `appointment book --repeat --count`, and "this one" or
//! "this one and the following ones" on cancel and reschedule; two desks on one series.
//! The clock is Monday 2 March 2026, 09:00 in Lima. Rosa Elena Quispe (Medicina General) works
//! lun-vie 08:00-13:00 and sáb 08:00-12:00 in 15-minute slots.

use std::process::Stdio;

use crate::booking::{json, patients};
use crate::harness::*;

fn ids(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect()
}

fn starts(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|a| a["start"].as_str().unwrap().to_string())
        .collect()
}

/// Books a weekly series for `dni` from `at`; the appointments as JSON.
fn weekly(env: &Env, dni: &str, at: &str, count: &str) -> serde_json::Value {
    json(
        env,
        &[
            "appointment",
            "book",
            "--patient",
            dni,
            "--doctor",
            "rosa quispe",
            "--at",
            at,
            "--repeat",
            "weekly",
            "--count",
            count,
        ],
    )
}

fn time_off(env: &Env, from: &str, to: &str) {
    env.run(&[
        "doctor",
        "time-off",
        "rosa quispe",
        "--from",
        from,
        "--to",
        to,
        "--reason",
        "Congreso",
    ])
    .ok();
}

#[test]
fn a_weekly_series_is_booked_whole_and_each_one_shows_its_place() {
    let env = Env::admin();
    patients(&env, &["45678912"]);
    insta::assert_snapshot!(env.run("appointment book --patient 45678912 --doctor \"rosa quispe\" --at \"2026-03-03 10:00\" --repeat weekly --count 4"), @r#"
        | Inicio           | Serie | Estado    | Paciente        | DNI      | Médico                   | Especialidad     | Precio   | Id                                   |
        |------------------|-------|-----------|-----------------|----------|--------------------------|------------------|----------|--------------------------------------|
        | 2026-03-03 10:00 | 1/4   | reservada | Ana Prueba Díaz | 45678912 | Rosa Elena Quispe Huamán | Medicina General | S/ 60.00 | 019caed9-4300-7000-8040-000198093f34 |
        | 2026-03-10 10:00 | 2/4   | reservada | Ana Prueba Díaz | 45678912 | Rosa Elena Quispe Huamán | Medicina General | S/ 60.00 | 019caed9-4300-7000-8040-00028ad37100 |
        | 2026-03-17 10:00 | 3/4   | reservada | Ana Prueba Díaz | 45678912 | Rosa Elena Quispe Huamán | Medicina General | S/ 60.00 | 019caed9-4300-7000-8040-000305988784 |
        | 2026-03-24 10:00 | 4/4   | reservada | Ana Prueba Díaz | 45678912 | Rosa Elena Quispe Huamán | Medicina General | S/ 60.00 | 019caed9-4300-7000-8040-000426c2ba84 |
        ------- stderr -------
        Serie reservada: 4 citas (semanal) con Rosa Elena Quispe Huamán (Medicina General), de 2026-03-03 10:00 a 2026-03-24 10:00, S/ 60.00 cada una. Cada una se cobra aparte: `saludya pay ID`.
    "#);
    let list = json(&env, &["appointment", "history", "45678912"]);
    let second = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["series_position"] == 2)
        .unwrap();
    assert_eq!(second["series"], "2/4");
    assert_eq!(second["series_count"], 4);
    assert_eq!(second["status"], "booked");
    assert_eq!(second["start"], "2026-03-10 10:00");
    let id = second["id"].as_str().unwrap().to_string();
    insta::assert_snapshot!(env.run(&["appointment", "show", &id]).stdout.lines().take(4).collect::<Vec<_>>().join("\n"), @r#"
        | Id            | 019caed9-4300-7000-8040-00028ad37100               |
        | Estado        | reservada                                          |
        | Serie         | 2/4                                                |
        | Inicio        | 2026-03-10 10:00                                   |
    "#);
    // Each stays an ordinary appointment: it is paid and checked in on its own.
    env.run(&["pay", &id, "--method", "cash"]).ok();
    let paid = json(&env, &["appointment", "show", &id]);
    assert_eq!(paid["status"], "confirmed");
    assert_eq!(paid["series"], "2/4");
    let others = json(&env, &["appointment", "list", "--status", "booked"]);
    assert_eq!(
        starts(&others),
        ["2026-03-03 10:00", "2026-03-17 10:00", "2026-03-24 10:00"]
    );
    // An ordinary booking's JSON has no series fields.
    let single = json(
        &env,
        &[
            "appointment",
            "book",
            "--patient",
            "45678912",
            "--doctor",
            "rosa quispe",
            "--at",
            "2026-03-03 11:00",
        ],
    );
    assert!(
        single.get("series").is_none() && single.get("series_id").is_none(),
        "{single}"
    );
}

/// Every conflict is listed with its alternative, nothing is booked, exit 5: a slot taken by
/// another patient, the doctor's time off, the patient's own appointment with another doctor.
#[test]
fn conflicts_are_all_listed_with_their_alternatives_and_nothing_is_booked() {
    let env = Env::admin();
    patients(&env, &["45678912", "40000002"]);
    // The patient sees a cardiologist (Tuesdays 09:00-13:00, 30 minutes) on 31 March at 09:00.
    env.run(&[
        "appointment",
        "book",
        "--patient",
        "45678912",
        "--doctor",
        "valdivia",
        "--at",
        "2026-03-31 09:00",
    ])
    .ok();
    env.run(&[
        "appointment",
        "book",
        "--patient",
        "40000002",
        "--doctor",
        "rosa quispe",
        "--at",
        "2026-03-17 09:00",
    ])
    .ok();
    time_off(&env, "2026-03-24 00:00", "2026-03-25 00:00");
    let before = env.dump();
    let series = "appointment book --patient 45678912 --doctor \"rosa quispe\" --at \"2026-03-03 09:00\" --repeat weekly --count 5";
    insta::assert_snapshot!(env.run(series), @r#"
        ------- stderr -------
        error: No se reservó ninguna cita: 3 de las 5 no se pueden reservar.
          3/5: El horario 2026-03-17 09:00 con Rosa Elena Quispe Huamán ya está reservado; alternativa más cercana: 2026-03-17 08:45.
          4/5: Rosa Elena Quispe Huamán no atiende en 2026-03-24 09:00 (descanso hasta 2026-03-25 00:00); alternativa más cercana: 2026-03-23 12:45.
          5/5: El paciente ya tiene una cita a esa hora: 2026-03-31 09:00 con Mónica Valdivia Zegarra (019caed9-4300-7000-8050-0000f347fc1e); alternativa más cercana: 2026-03-31 08:45.
        sugerencia: Elija otra hora de inicio o vea los horarios libres con `saludya slots --doctor 019caed9-4300-7000-8010-00143ed0d70b`.
        [exit status: 5]
    "#);
    assert_eq!(env.dump(), before);
    insta::assert_snapshot!(env.run(&format!("--lang en {series}")), @r#"
        ------- stderr -------
        error: Nothing was booked: 3 of the 5 cannot be booked.
          3/5: The 2026-03-17 09:00 slot with Rosa Elena Quispe Huamán is already booked; nearest alternative: 2026-03-17 08:45.
          4/5: Rosa Elena Quispe Huamán is off at 2026-03-24 09:00 (time off until 2026-03-25 00:00); nearest alternative: 2026-03-23 12:45.
          5/5: The patient already has an appointment then: 2026-03-31 09:00 with Mónica Valdivia Zegarra (019caed9-4300-7000-8050-0000f347fc1e); nearest alternative: 2026-03-31 08:45.
        hint: Choose another start or see the free slots with `saludya slots --doctor 019caed9-4300-7000-8010-00143ed0d70b`.
        [exit status: 5]
    "#);
    let err = env.run(&format!("--format json {series}")).code(5).json_err();
    assert_eq!(err["kind"], "conflict");
    assert_eq!(env.dump(), before);
}

/// A series starting in the past, outside the schedule or on a day the doctor does not work:
/// the same checks as an ordinary booking, each with the nearest free slot (same day first).
#[test]
fn past_and_off_schedule_occurrences_get_the_nearest_free_slot() {
    let env = Env::admin();
    patients(&env, &["45678912"]);
    let before = env.dump();
    // 08:30 today is past; the nearest free slot today is 09:00.
    insta::assert_snapshot!(env.run("appointment book --patient 45678912 --doctor \"rosa quispe\" --at \"2026-03-02 08:30\" --repeat biweekly --count 2"), @r#"
        ------- stderr -------
        error: No se reservó ninguna cita: 1 de las 2 no se puede reservar.
          1/2: 2026-03-02 08:30 ya pasó: no se puede reservar en el pasado; alternativa más cercana: 2026-03-02 09:00.
        sugerencia: Elija otra hora de inicio o vea los horarios libres con `saludya slots --doctor 019caed9-4300-7000-8010-00143ed0d70b`.
        [exit status: 5]
    "#);
    // Saturdays end at 12:00: 12:30 is outside; the nearest is 11:45 that day.
    insta::assert_snapshot!(env.run("appointment book --patient 45678912 --doctor \"rosa quispe\" --at \"2026-03-07 12:30\" --repeat weekly --count 2"), @r#"
        ------- stderr -------
        error: No se reservó ninguna cita: 2 de las 2 no se pueden reservar.
          1/2: 2026-03-07 12:30 está fuera del horario de atención de Rosa Elena Quispe Huamán; alternativa más cercana: 2026-03-07 11:45.
          2/2: 2026-03-14 12:30 está fuera del horario de atención de Rosa Elena Quispe Huamán; alternativa más cercana: 2026-03-14 11:45.
        sugerencia: Elija otra hora de inicio o vea los horarios libres con `saludya slots --doctor 019caed9-4300-7000-8010-00143ed0d70b`.
        [exit status: 5]
    "#);
    assert_eq!(env.dump(), before);
}

#[test]
fn monthly_on_the_31st_takes_the_last_day_of_shorter_months() {
    let env = Env::admin();
    patients(&env, &["45678912"]);
    let list = json(
        &env,
        &[
            "appointment",
            "book",
            "--patient",
            "45678912",
            "--doctor",
            "rosa quispe",
            "--at",
            "2026-08-31 10:00",
            "--repeat",
            "mensual",
            "--count",
            "3",
        ],
    );
    assert_eq!(
        starts(&list),
        ["2026-08-31 10:00", "2026-09-30 10:00", "2026-10-31 10:00"]
    );
}

/// The size of a series and its one-year limit, the rule's words, the flags that go together:
/// exit 2, nothing written.
#[test]
fn bad_series_requests_are_refused_before_anything_is_written() {
    let env = Env::admin();
    patients(&env, &["45678912"]);
    let before = env.dump();
    let book = "appointment book --patient 45678912 --doctor \"rosa quispe\" --at \"2026-03-03 10:00\"";
    insta::assert_snapshot!(env.run(&format!("{book} --repeat weekly --count 1")), @r#"
        ------- stderr -------
        error: Una serie tiene de 2 a 52 citas.
        sugerencia: Cambie --count (o --repeat).
        [exit status: 2]
    "#);
    insta::assert_snapshot!(env.run(&format!("{book} --repeat weekly --count 53")), @r#"
        ------- stderr -------
        error: Una serie tiene de 2 a 52 citas.
        sugerencia: Cambie --count (o --repeat).
        [exit status: 2]
    "#);
    insta::assert_snapshot!(env.run(&format!("{book} --repeat monthly --count 14")), @r#"
        ------- stderr -------
        error: Una serie no pasa de un año: la cita 14/14 sería el 2027-04-03 10:00, después del 2027-03-03 10:00.
        sugerencia: Cambie --count (o --repeat).
        [exit status: 2]
    "#);
    insta::assert_snapshot!(env.run(&format!("--lang en {book} --repeat biweekly --count 28")), @r#"
        ------- stderr -------
        error: A series may not run past a year: appointment 28/28 would be at 2027-03-16 10:00, after 2027-03-03 10:00.
        hint: Change --count (or --repeat).
        [exit status: 2]
    "#);
    insta::assert_snapshot!(env.run(&format!("{book} --repeat daily --count 3")), @r#"
        ------- stderr -------
        error: Repetición desconocida «daily»: weekly (semanal), biweekly (cada dos semanas) o monthly (mensual).
        sugerencia: Use --repeat weekly, biweekly o monthly.
        [exit status: 2]
    "#);
    env.run(&format!("{book} --repeat weekly")).code(2);
    env.run(&format!("{book} --count 3")).code(2);
    env.run(&format!("{book} --repeat weekly --count tres")).code(2);
    // A deactivated doctor takes no series either (exit 5), as no booking.
    env.run("doctor edit \"rosa quispe\" --deactivate").ok();
    let before_inactive = env.dump();
    env.run(&format!("{book} --repeat weekly --count 3")).code(5);
    assert_eq!(env.dump(), before_inactive);
    let _ = before;
}

#[test]
fn cancel_this_one_or_this_and_the_following_ones_refunding_the_paid() {
    let env = Env::admin();
    patients(&env, &["45678912"]);
    let series = ids(&weekly(&env, "45678912", "2026-03-03 10:00", "4"));
    env.run(&["pay", &series[2], "--method", "cash"]).ok();
    // This one only: the others keep their place.
    env.run(&[
        "appointment",
        "cancel",
        &series[0],
        "--by",
        "patient",
        "--reason",
        "viaje",
    ])
    .ok();
    insta::assert_snapshot!(env.run(&["appointment", "cancel", &series[1], "--by", "patient", "--reason", "terminó el tratamiento", "--following"]), @r#"
        | Inicio           | Serie | Estado    | Paciente        | DNI      | Médico                   | Especialidad     | Precio   | Id                                   |
        |------------------|-------|-----------|-----------------|----------|--------------------------|------------------|----------|--------------------------------------|
        | 2026-03-10 10:00 | 2/4   | cancelada | Ana Prueba Díaz | 45678912 | Rosa Elena Quispe Huamán | Medicina General | S/ 60.00 | 019caed9-4300-7000-8040-00028ad37100 |
        | 2026-03-17 10:00 | 3/4   | cancelada | Ana Prueba Díaz | 45678912 | Rosa Elena Quispe Huamán | Medicina General | S/ 60.00 | 019caed9-4300-7000-8040-000305988784 |
        | 2026-03-24 10:00 | 4/4   | cancelada | Ana Prueba Díaz | 45678912 | Rosa Elena Quispe Huamán | Medicina General | S/ 60.00 | 019caed9-4300-7000-8040-000426c2ba84 |
        ------- stderr -------
        Se cancelaron 3 citas de la serie (2/4, 3/4, 4/4); las horas quedaron libres.
        Se devolvió el pago de la cita del 2026-03-17 10:00: S/ 60.00 (efectivo), recibo 2.
    "#);
    for (i, status) in ["cancelled", "cancelled", "cancelled", "cancelled"]
        .iter()
        .enumerate()
    {
        assert_eq!(
            json(&env, &["appointment", "show", &series[i]])["status"],
            *status,
            "{i}"
        );
    }
    let refunds = json(&env, &["payment", "list", "--appointment", &series[2]]);
    let kinds: Vec<&str> = refunds
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "refund").count(), 1, "{refunds}");
    // Again: nothing left to cancel from there (a conflict), nothing written.
    let before = env.dump();
    env.run(&[
        "appointment",
        "cancel",
        &series[1],
        "--by",
        "patient",
        "--reason",
        "otra vez",
        "--following",
    ])
    .code(5);
    assert_eq!(env.dump(), before);
}

#[test]
fn following_needs_a_series() {
    let env = Env::admin();
    patients(&env, &["45678912"]);
    let single = json(
        &env,
        &[
            "appointment",
            "book",
            "--patient",
            "45678912",
            "--doctor",
            "rosa quispe",
            "--at",
            "2026-03-03 10:00",
        ],
    );
    let id = single["id"].as_str().unwrap();
    let before = env.dump();
    insta::assert_snapshot!(env.run(&["appointment", "cancel", id, "--by", "patient", "--reason", "viaje", "--following"]), @r#"
        ------- stderr -------
        error: La cita 019caed9-4300-7000-8040-000096a9b731 no es parte de una serie.
        sugerencia: Sin --following se cancela o mueve solo esta cita.
        [exit status: 2]
    "#);
    insta::assert_snapshot!(env.run(&["--lang", "en", "appointment", "reschedule", id, "--at", "2026-03-04 10:00", "--following"]), @r#"
        ------- stderr -------
        error: Appointment 019caed9-4300-7000-8040-000096a9b731 is not part of a series.
        hint: Without --following only this appointment is cancelled or moved.
        [exit status: 2]
    "#);
    assert_eq!(env.dump(), before);
}

#[test]
fn reschedule_this_and_the_following_ones_by_the_same_shift_all_or_nothing() {
    let env = Env::admin();
    patients(&env, &["45678912", "40000002"]);
    let series = ids(&weekly(&env, "45678912", "2026-03-03 10:00", "4"));
    env.run(&["pay", &series[3], "--method", "cash"]).ok();
    insta::assert_snapshot!(env.run(&["appointment", "reschedule", &series[1], "--at", "2026-03-10 11:00", "--following", "--reason", "cambio de turno"]), @r#"
        | Inicio           | Serie | Estado    | Paciente        | DNI      | Médico                   | Especialidad     | Precio   | Id                                   |
        |------------------|-------|-----------|-----------------|----------|--------------------------|------------------|----------|--------------------------------------|
        | 2026-03-10 11:00 | 2/4   | reservada | Ana Prueba Díaz | 45678912 | Rosa Elena Quispe Huamán | Medicina General | S/ 60.00 | 019caed9-4300-7000-8050-000275a6f43f |
        | 2026-03-17 11:00 | 3/4   | reservada | Ana Prueba Díaz | 45678912 | Rosa Elena Quispe Huamán | Medicina General | S/ 60.00 | 019caed9-4300-7000-8050-0003d0060d9e |
        | 2026-03-24 11:00 | 4/4   | pagada    | Ana Prueba Díaz | 45678912 | Rosa Elena Quispe Huamán | Medicina General | S/ 60.00 | 019caed9-4300-7000-8050-0004822f1fff |
        ------- stderr -------
        Se reprogramaron 3 citas de la serie, cada una como esta: 2026-03-10 10:00 → 2026-03-10 11:00.
    "#);
    let all = json(&env, &["appointment", "history", "45678912"]);
    let mut now: Vec<String> = starts(&all);
    now.sort();
    assert_eq!(
        now,
        [
            "2026-03-03 10:00",
            "2026-03-10 11:00",
            "2026-03-17 11:00",
            "2026-03-24 11:00"
        ]
    );
    // The paid one moved with its payment.
    assert_eq!(
        json(&env, &["appointment", "show", &series[3]])["status"],
        "confirmed"
    );
    // Another patient takes the slot the last one would need; a time off covers the third's:
    // nothing moves, both listed.
    env.run(&[
        "appointment",
        "book",
        "--patient",
        "40000002",
        "--doctor",
        "rosa quispe",
        "--at",
        "2026-03-24 11:30",
    ])
    .ok();
    time_off(&env, "2026-03-17 11:00", "2026-03-17 12:00");
    let before = env.dump();
    insta::assert_snapshot!(env.run(&["appointment", "reschedule", &series[1], "--at", "2026-03-10 11:30", "--following"]), @r#"
        ------- stderr -------
        error: No se movió ninguna cita: 2 de la serie no se pueden mover así.
          3/4: Rosa Elena Quispe Huamán no atiende en 2026-03-17 11:30 (descanso hasta 2026-03-17 12:00); alternativa más cercana: 2026-03-17 12:00.
          4/4: El horario 2026-03-24 11:30 con Rosa Elena Quispe Huamán ya está reservado; alternativa más cercana: 2026-03-24 11:15.
        sugerencia: Elija otra hora, o mueva solo esta cita (sin --following).
        [exit status: 5]
    "#);
    assert_eq!(env.dump(), before);
    // A week later each: every one moves onto the slot the next one leaves.
    let series = ids(&weekly(&env, "40000002", "2026-04-07 09:00", "3"));
    env.run(&[
        "appointment",
        "reschedule",
        &series[0],
        "--at",
        "2026-04-14 09:00",
        "--following",
    ])
    .ok();
    let moved: Vec<String> = series
        .iter()
        .map(|id| {
            json(&env, &["appointment", "show", id])["start"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        moved,
        ["2026-04-14 09:00", "2026-04-21 09:00", "2026-04-28 09:00"]
    );
    // This one only: the others stay.
    env.run(&[
        "appointment",
        "reschedule",
        &series[1],
        "--at",
        "2026-04-21 09:15",
    ])
    .ok();
    assert_eq!(
        json(&env, &["appointment", "show", &series[2]])["start"],
        "2026-04-28 09:00"
    );
}

/// Two desks cancel "this one and the following ones" of the same series at the same moment:
/// one wins, the other is told (exit 5); each appointment is cancelled once, the paid one
/// refunded once.
#[test]
fn two_desks_cancelling_the_following_ones_at_once_one_wins() {
    let env = Env::admin();
    patients(&env, &["45678912"]);
    let series = ids(&weekly(&env, "45678912", "2026-03-03 10:00", "6"));
    env.run(&["pay", &series[4], "--method", "cash"]).ok();
    let commands: Vec<std::process::Command> = (0..2)
        .map(|_| {
            let mut cmd = env.command();
            cmd.args([
                "appointment",
                "cancel",
                &series[1],
                "--by",
                "clinic",
                "--reason",
                "médico de viaje",
                "--following",
            ])
            .stdin(Stdio::null());
            cmd
        })
        .collect();
    let outputs = run_at_once(commands);
    let mut codes: Vec<i32> = outputs.iter().map(|(c, _)| *c).collect();
    codes.sort();
    assert_eq!(codes, [0, 5], "{outputs:?}");
    let loser = &outputs.iter().find(|(c, _)| *c == 5).unwrap().1;
    assert!(
        loser.contains("cancelled") || loser.contains("cancelada"),
        "{loser}"
    );
    clean(&outputs);
    let history = json(&env, &["appointment", "history", "45678912"]);
    let cancelled = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["status"] == "cancelled")
        .count();
    assert_eq!(cancelled, 5);
    let payments = json(&env, &["payment", "list", "--appointment", &series[4]]);
    let refunds = payments
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == "refund")
        .count();
    assert_eq!(refunds, 1, "{payments}");
}

/// While a desk books a series, another desk books one of the slots it needs: either the series
/// is booked whole and the single booking is refused, or the single booking stands and nothing
/// of the series was written. Never both, never half a series. Several rounds.
#[test]
fn a_booking_racing_a_series_for_one_of_its_slots_leaves_no_half_series() {
    let env = Env::admin();
    let dnis = [
        "40000001", "40000002", "40000003", "40000004", "40000005", "40000006",
    ];
    patients(&env, &dnis);
    for round in 0..3 {
        let first = format!("2026-03-{:02} {}", 3 + round, "10:00");
        let contested = format!("2026-03-{:02} {}", 3 + round + 14, "10:00");
        let series_patient = dnis[2 * round];
        let single_patient = dnis[2 * round + 1];
        let mut series = env.command();
        series
            .args([
                "appointment",
                "book",
                "--patient",
                series_patient,
                "--doctor",
                "rosa quispe",
                "--at",
                &first,
                "--repeat",
                "weekly",
                "--count",
                "4",
            ])
            .stdin(Stdio::null());
        let mut single = env.command();
        single
            .args([
                "appointment",
                "book",
                "--patient",
                single_patient,
                "--doctor",
                "rosa quispe",
                "--at",
                &contested,
            ])
            .stdin(Stdio::null());
        let outputs = run_at_once(vec![series, single]);
        clean(&outputs);
        let (series_code, single_code) = (outputs[0].0, outputs[1].0);
        let booked = |dni: &str| {
            json(&env, &["appointment", "history", dni])
                .as_array()
                .unwrap()
                .iter()
                .filter(|a| a["status"] == "booked")
                .count()
        };
        match (series_code, single_code) {
            (0, 5) => {
                assert_eq!(booked(series_patient), 4);
                assert_eq!(booked(single_patient), 0);
            }
            (5, 0) => {
                assert_eq!(booked(series_patient), 0, "{}", outputs[0].1);
                assert_eq!(booked(single_patient), 1);
                assert!(
                    outputs[0].1.contains(&format!(
                        "3/4: El horario {contested} con Rosa Elena Quispe Huamán ya está reservado"
                    )),
                    "{}",
                    outputs[0].1
                );
            }
            other => panic!("round {round}: {other:?} {outputs:?}"),
        }
    }
}

/// Two desks book overlapping series for two patients at once: one series is booked whole, the
/// other desk gets the conflicts (exit 5) and nothing of its series exists.
#[test]
fn two_desks_booking_series_that_meet_one_wins_whole() {
    let env = Env::admin();
    patients(&env, &["40000001", "40000002"]);
    let commands: Vec<std::process::Command> =
        [("40000001", "2026-03-03 10:00"), ("40000002", "2026-03-17 10:00")]
            .into_iter()
            .map(|(dni, at)| {
                let mut cmd = env.command();
                cmd.args([
                    "appointment",
                    "book",
                    "--patient",
                    dni,
                    "--doctor",
                    "rosa quispe",
                    "--at",
                    at,
                    "--repeat",
                    "weekly",
                    "--count",
                    "4",
                ])
                .stdin(Stdio::null());
                cmd
            })
            .collect();
    let outputs = run_at_once(commands);
    clean(&outputs);
    let mut codes: Vec<i32> = outputs.iter().map(|(c, _)| *c).collect();
    codes.sort();
    assert_eq!(codes, [0, 5], "{outputs:?}");
    let agenda = json(&env, &["appointment", "list", "--doctor", "rosa quispe"]);
    assert_eq!(agenda.as_array().unwrap().len(), 4, "{agenda}");
    let series: Vec<&str> = agenda
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["series_id"].as_str().unwrap())
        .collect();
    assert!(series.iter().all(|s| *s == series[0]));
}

/// Runs the commands at the same moment, one thread each; (exit code, stderr) in their order.
fn run_at_once(commands: Vec<std::process::Command>) -> Vec<(i32, String)> {
    std::thread::scope(|s| {
        let running: Vec<_> = commands
            .into_iter()
            .map(|mut cmd| s.spawn(move || cmd.output().unwrap()))
            .collect();
        running
            .into_iter()
            .map(|h| {
                let out = h.join().unwrap();
                (
                    out.status.code().unwrap(),
                    String::from_utf8_lossy(&out.stderr).into_owned(),
                )
            })
            .collect()
    })
}

/// No desk saw an internal error, a lock or a lost serialization race.
fn clean(outputs: &[(i32, String)]) {
    for (code, stderr) in outputs {
        assert!(*code == 0 || *code == 5, "exit {code}: {stderr}");
        for never in [
            "serializ", "deadlock", "locked", "busy", "ocupada", "interno", "internal",
        ] {
            assert!(!stderr.to_lowercase().contains(never), "{stderr}");
        }
    }
}

/// The series is in the audit trail (one `book_series` row naming its members), and so is each
/// appointment's booking, move and cancellation, through the ordinary writers; the chain
/// verifies.
#[test]
fn the_series_and_each_change_to_it_are_in_the_audit_trail() {
    let env = Env::admin();
    patients(&env, &["45678912"]);
    let series = ids(&weekly(&env, "45678912", "2026-03-03 10:00", "3"));
    env.run(&["pay", &series[2], "--method", "cash"]).ok();
    env.run(&[
        "appointment",
        "reschedule",
        &series[1],
        "--at",
        "2026-03-10 10:15",
        "--following",
    ])
    .ok();
    env.run(&[
        "appointment",
        "cancel",
        &series[1],
        "--by",
        "patient",
        "--reason",
        "alta",
        "--following",
    ])
    .ok();
    let log = json(&env, &["audit", "log"]);
    let rows = log.as_array().unwrap();
    let of =
        |action: &str| -> Vec<&serde_json::Value> { rows.iter().filter(|r| r["action"] == action).collect() };
    let made = of("book_series");
    assert_eq!(made.len(), 1);
    let after = &made[0]["after"];
    assert_eq!(after["rule"], "weekly");
    assert_eq!(after["count"], 3);
    assert_eq!(after["first_start"], "2026-03-03 10:00");
    assert_eq!(after["appointments"], serde_json::json!(series));
    let booked = of("book");
    assert_eq!(booked.len(), 3);
    assert_eq!(booked[1]["after"]["series"], "2/3");
    assert_eq!(of("reschedule").len(), 2);
    assert_eq!(of("cancel").len(), 2);
    env.run("audit verify").ok();
}

/// Cancelling the rest of a series frees several hours: whoever waits for one of them is
/// shown, each with the earliest that suits them, as a single cancel does; the series' own
/// patient is not. JSON keeps the list of cancelled appointments and says who waits on stderr.
#[test]
fn cancelling_the_following_ones_shows_who_waits_for_the_freed_hours() {
    let env = Env::admin();
    patients(&env, &["45678912", "41234567", "40000003"]);
    let series = ids(&weekly(&env, "45678912", "2026-03-03 10:00", "4"));
    env.run("waitlist add --patient 41234567 --doctor \"rosa quispe\" --from 2026-03-12")
        .ok();
    env.run("waitlist add --patient 40000003 --specialty \"medicina general\" --time tarde")
        .ok();
    env.run("waitlist add --patient 45678912 --specialty \"medicina general\"")
        .ok();
    insta::assert_snapshot!(env.run(&["appointment", "cancel", &series[1], "--by", "patient", "--reason", "terminó el tratamiento", "--following"]), @r#"
        | Inicio           | Serie | Estado    | Paciente        | DNI      | Médico                   | Especialidad     | Precio   | Id                                   |
        |------------------|-------|-----------|-----------------|----------|--------------------------|------------------|----------|--------------------------------------|
        | 2026-03-10 10:00 | 2/4   | cancelada | Ana Prueba Díaz | 45678912 | Rosa Elena Quispe Huamán | Medicina General | S/ 60.00 | 019caed9-4300-7000-8060-00024cea7928 |
        | 2026-03-17 10:00 | 3/4   | cancelada | Ana Prueba Díaz | 45678912 | Rosa Elena Quispe Huamán | Medicina General | S/ 60.00 | 019caed9-4300-7000-8060-00036ef3c389 |
        | 2026-03-24 10:00 | 4/4   | cancelada | Ana Prueba Díaz | 45678912 | Rosa Elena Quispe Huamán | Medicina General | S/ 60.00 | 019caed9-4300-7000-8060-0004d1e2894d |

        | Hora libre       | Médico                   | Paciente         | DNI      | Teléfono | Espera desde     | Entrada                              |
        |------------------|--------------------------|------------------|----------|----------|------------------|--------------------------------------|
        | 2026-03-17 10:00 | Rosa Elena Quispe Huamán | Luis Prueba Díaz | 41234567 |          | 2026-03-02 09:00 | 019caed9-4300-7000-8070-00002aae913d |
        ------- stderr -------
        Se cancelaron 3 citas de la serie (2/4, 3/4, 4/4); las horas quedaron libres.
        En lista de espera para lo que quedó libre: 1 (primero quien más espera). Resérvele en un paso: `saludya waitlist book 019caed9-4300-7000-8070-00002aae913d --doctor 019caed9-4300-7000-8010-00143ed0d70b --at "2026-03-17 10:00"`.
    "#);
    // Nothing was offered or booked for anyone: the desk decides.
    let list = json(&env, &["waitlist", "list"]);
    let states: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["waiting", "waiting", "waiting"], "{list}");
}
