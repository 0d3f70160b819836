//! The waiting list from the command line: add, list, offer, decline, book, remove; who waits
//! for what a cancel, a reschedule, a no-show or new schedule hours freed; a booking by other
//! means; expiry; bad input; two desks at once.
//! The clock is Monday 2 March 2026, 09:00 in Lima. Rosa Elena Quispe (Medicina General) works
//! lun-vie 08:00-13:00 and sáb 08:00-12:00 in 15-minute slots; Jorge Mendoza (Medicina General)
//! lun-vie 14:00-20:00.

use std::process::Stdio;

use crate::booking::{json, patients};
use crate::harness::*;

/// Ana 45678912, Luis 41234567, María 40000003.
fn three() -> Env {
    let env = Env::admin();
    patients(&env, &["45678912", "41234567", "40000003"]);
    env
}

fn add(env: &Env, line: &str) -> String {
    let mut words = vec!["--format", "json"];
    let owned = split(line);
    words.extend(owned.iter().map(String::as_str));
    env.run(&words).ok().json()["id"].as_str().unwrap().to_string()
}

fn appointment(env: &Env, dni: &str, at: &str) -> String {
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
        ],
    )["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn a_cancelled_slot_shows_who_waits_and_books_it_in_one_step() {
    let env = three();
    let ana = appointment(&env, "45678912", "2026-03-03 10:00");
    insta::assert_snapshot!(env.run("waitlist add --patient 41234567 --specialty \"medicina general\" --time mañana --to 2026-03-06 --note \"puede venir en 30 min\""), @r#"
        | Espera desde      | 2026-03-02 09:00                     |
        | Estado            | en espera                            |
        | Paciente          | Luis Prueba Díaz                     |
        | DNI               | 41234567                             |
        | Teléfono          |                                      |
        | Espera            | Medicina General                     |
        | Fechas            | – 2026-03-06                         |
        | Horario           | mañana                               |
        | Hora ofrecida     |                                      |
        | Nota              | puede venir en 30 min                |
        | Id                | 019caed9-4300-7000-8070-00002aae913d |
        | Cita              |                                      |
        | Motivo del retiro |                                      |
        ------- stderr -------
        Luis Prueba Díaz está en la lista de espera de Medicina General (0 antes en esa especialidad). Cuando se libere una hora que le sirva, el comando que la libere lo mostrará.
    "#);
    insta::assert_snapshot!(env.run("waitlist add --patient 40000003 --doctor \"rosa quispe\""), @r#"
        | Espera desde      | 2026-03-02 09:00                            |
        | Estado            | en espera                                   |
        | Paciente          | María Prueba Díaz                           |
        | DNI               | 40000003                                    |
        | Teléfono          |                                             |
        | Espera            | Medicina General (Rosa Elena Quispe Huamán) |
        | Fechas            |                                             |
        | Horario           |                                             |
        | Hora ofrecida     |                                             |
        | Nota              |                                             |
        | Id                | 019caed9-4300-7000-8080-0000e4a900ba        |
        | Cita              |                                             |
        | Motivo del retiro |                                             |
        ------- stderr -------
        María Prueba Díaz está en la lista de espera de Medicina General (Rosa Elena Quispe Huamán) (1 antes en esa especialidad). Cuando se libere una hora que le sirva, el comando que la libere lo mostrará.
    "#);
    insta::assert_snapshot!(env.run("waitlist list"), @r#"
        | Espera desde     | Estado    | Paciente          | DNI      | Teléfono | Espera                                      | Fechas       | Horario | Hora ofrecida | Nota                  | Id                                   |
        |------------------|-----------|-------------------|----------|----------|---------------------------------------------|--------------|---------|---------------|-----------------------|--------------------------------------|
        | 2026-03-02 09:00 | en espera | Luis Prueba Díaz  | 41234567 |          | Medicina General                            | – 2026-03-06 | mañana  |               | puede venir en 30 min | 019caed9-4300-7000-8070-00002aae913d |
        | 2026-03-02 09:00 | en espera | María Prueba Díaz | 40000003 |          | Medicina General (Rosa Elena Quispe Huamán) |              |         |               |                       | 019caed9-4300-7000-8080-0000e4a900ba |
    "#);
    insta::assert_snapshot!(env.run(&format!("appointment cancel {ana} --by patient --reason viaje")), @r#"
        | Inicio       | 2026-03-03 10:00                     |
        | Estado       | cancelada                            |
        | Paciente     | Ana Prueba Díaz                      |
        | DNI          | 45678912                             |
        | Médico       | Rosa Elena Quispe Huamán             |
        | Especialidad | Medicina General                     |
        | Precio       | S/ 60.00                             |
        | Id           | 019caed9-4300-7000-8060-0000f65c149e |

        | Hora libre       | Médico                   | Paciente          | DNI      | Teléfono | Espera desde     | Entrada                              |
        |------------------|--------------------------|-------------------|----------|----------|------------------|--------------------------------------|
        | 2026-03-03 10:00 | Rosa Elena Quispe Huamán | Luis Prueba Díaz  | 41234567 |          | 2026-03-02 09:00 | 019caed9-4300-7000-8070-00002aae913d |
        | 2026-03-03 10:00 | Rosa Elena Quispe Huamán | María Prueba Díaz | 40000003 |          | 2026-03-02 09:00 | 019caed9-4300-7000-8080-0000e4a900ba |
        ------- stderr -------
        Cita cancelada; la hora quedó libre.
        En lista de espera para lo que quedó libre: 2 (primero quien más espera). Resérvele en un paso: `saludya waitlist book 019caed9-4300-7000-8070-00002aae913d --doctor 019caed9-4300-7000-8010-00143ed0d70b --at "2026-03-03 10:00"`.
    "#);
    let luis = json(&env, &["waitlist", "list", "--patient", "41234567"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    insta::assert_snapshot!(env.run(&format!("waitlist book {luis} --doctor \"rosa quispe\" --at \"2026-03-03 10:00\"")), @r#"
        | Inicio       | 2026-03-03 10:00                     |
        | Estado       | reservada                            |
        | Paciente     | Luis Prueba Díaz                     |
        | DNI          | 41234567                             |
        | Médico       | Rosa Elena Quispe Huamán             |
        | Especialidad | Medicina General                     |
        | Precio       | S/ 60.00                             |
        | Id           | 019caed9-4300-7000-80c0-0000001c80c3 |
        ------- stderr -------
        Cita reservada para Luis Prueba Díaz desde la lista de espera: 2026-03-03 10:00 con Rosa Elena Quispe Huamán (Medicina General), S/ 60.00. Siguiente paso: `saludya pay 019caed9-4300-7000-80c0-0000001c80c3`.
    "#);
    insta::assert_snapshot!(env.run("waitlist list --all"), @r#"
        | Espera desde     | Estado    | Paciente          | DNI      | Teléfono | Espera                                      | Fechas       | Horario | Hora ofrecida | Nota                  | Id                                   |
        |------------------|-----------|-------------------|----------|----------|---------------------------------------------|--------------|---------|---------------|-----------------------|--------------------------------------|
        | 2026-03-02 09:00 | reservada | Luis Prueba Díaz  | 41234567 |          | Medicina General                            | – 2026-03-06 | mañana  |               | puede venir en 30 min | 019caed9-4300-7000-8070-00002aae913d |
        | 2026-03-02 09:00 | en espera | María Prueba Díaz | 40000003 |          | Medicina General (Rosa Elena Quispe Huamán) |              |         |               |                       | 019caed9-4300-7000-8080-0000e4a900ba |
    "#);
}

#[test]
fn english_and_csv() {
    let env = three();
    add(
        &env,
        "waitlist add --patient 41234567 --specialty \"medicina general\" --time tarde",
    );
    insta::assert_snapshot!(env.run("--lang en waitlist list"), @r#"
        | Waiting since    | State   | Patient          | DNI      | Phone | Waits for        | Dates | Time of day | Offered slot | Note | Id                                   |
        |------------------|---------|------------------|----------|-------|------------------|-------|-------------|--------------|------|--------------------------------------|
        | 2026-03-02 09:00 | waiting | Luis Prueba Díaz | 41234567 |       | Medicina General |       | afternoon   |              |      | 019caed9-4300-7000-8060-0000f65c149e |
    "#);
    insta::assert_snapshot!(env.run("--format csv waitlist list"), @r#"
        waiting_since,state,patient,dni,phone,wants,window,time_of_day,offered,note,id
        2026-03-02 09:00,waiting,Luis Prueba Díaz,41234567,,Medicina General,,afternoon,,,019caed9-4300-7000-8060-0000f65c149e
    "#);
}

#[test]
fn offer_holds_the_slot_decline_releases_it_book_takes_it() {
    let env = three();
    let ana = appointment(&env, "45678912", "2026-03-03 10:00");
    let luis = add(
        &env,
        "waitlist add --patient 41234567 --specialty \"medicina general\"",
    );
    let maria = add(
        &env,
        "waitlist add --patient 40000003 --specialty \"medicina general\"",
    );
    let freed = json(
        &env,
        &[
            "appointment",
            "cancel",
            &ana,
            "--by",
            "clinic",
            "--reason",
            "médico en congreso",
        ],
    );
    // The JSON keeps the appointment's fields and adds who waits, longest-waiting first.
    assert_eq!(freed["status"], "cancelled");
    let waiting: Vec<&str> = freed["waitlist"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(waiting, [luis.as_str(), maria.as_str()]);
    assert_eq!(freed["waitlist"][0]["slot"]["start"], "2026-03-03 10:00");
    assert_eq!(freed["waitlist"][0]["patient_dni"], "41234567");
    assert_eq!(freed["waitlist"][0]["state"], "waiting");

    // Luis is called: the slot is held for him. Entries waiting for a specialty need the doctor.
    env.run(&format!("waitlist offer {luis} --at \"2026-03-03 10:00\""))
        .code(2);
    insta::assert_snapshot!(env.run(&format!("waitlist offer {luis} --doctor \"rosa quispe\" --at \"2026-03-03 10:00\"")), @r#"
        | Espera desde      | 2026-03-02 09:00                          |
        | Estado            | ofrecida                                  |
        | Paciente          | Luis Prueba Díaz                          |
        | DNI               | 41234567                                  |
        | Teléfono          |                                           |
        | Espera            | Medicina General                          |
        | Fechas            |                                           |
        | Horario           |                                           |
        | Hora ofrecida     | 2026-03-03 10:00 Rosa Elena Quispe Huamán |
        | Nota              |                                           |
        | Id                | 019caed9-4300-7000-8070-00002aae913d      |
        | Cita              |                                           |
        | Motivo del retiro |                                           |
        ------- stderr -------
        Hora 2026-03-03 10:00 ofrecida a Luis Prueba Díaz: queda reservada para esta entrada hasta que reserve (`saludya waitlist book 019caed9-4300-7000-8070-00002aae913d`) o la rechace (`saludya waitlist decline 019caed9-4300-7000-8070-00002aae913d`), 2 horas como máximo.
    "#);
    // Nobody else gets it while it is held.
    insta::assert_snapshot!(env.run(&format!("waitlist offer {maria} --doctor \"rosa quispe\" --at \"2026-03-03 10:00\"")), @r#"
        ------- stderr -------
        error: La hora 2026-03-03 10:00 con Rosa Elena Quispe Huamán ya está ofrecida a otro paciente en espera (entrada 019caed9-4300-7000-8070-00002aae913d).
        sugerencia: Elija otra hora (`saludya slots`), o libérela con `saludya waitlist decline 019caed9-4300-7000-8070-00002aae913d` si el paciente en espera no la quiere; la oferta vence sola pasadas 2 horas.
        [exit status: 5]
    "#);
    env.run(&format!(
        "waitlist book {maria} --doctor \"rosa quispe\" --at \"2026-03-03 10:00\""
    ))
    .code(5);
    // Nor may another desk book it for someone else by an ordinary booking; nothing written.
    let before = env.dump();
    insta::assert_snapshot!(env.run("appointment book --patient 40000003 --doctor \"rosa quispe\" --at \"2026-03-03 10:00\""), @r#"
        ------- stderr -------
        error: La hora 2026-03-03 10:00 con Rosa Elena Quispe Huamán ya está ofrecida a otro paciente en espera (entrada 019caed9-4300-7000-8070-00002aae913d).
        sugerencia: Elija otra hora (`saludya slots`), o libérela con `saludya waitlist decline 019caed9-4300-7000-8070-00002aae913d` si el paciente en espera no la quiere; la oferta vence sola pasadas 2 horas.
        [exit status: 5]
    "#);
    assert_eq!(env.dump(), before);
    // He says no: he waits again, first in line still; María can have it.
    insta::assert_snapshot!(env.run(&format!("waitlist decline {luis}")), @r#"
        | Espera desde      | 2026-03-02 09:00                     |
        | Estado            | en espera                            |
        | Paciente          | Luis Prueba Díaz                     |
        | DNI               | 41234567                             |
        | Teléfono          |                                      |
        | Espera            | Medicina General                     |
        | Fechas            |                                      |
        | Horario           |                                      |
        | Hora ofrecida     |                                      |
        | Nota              |                                      |
        | Id                | 019caed9-4300-7000-8070-00002aae913d |
        | Cita              |                                      |
        | Motivo del retiro |                                      |
        ------- stderr -------
        Luis Prueba Díaz vuelve a esperar en su lugar; la hora ofrecida quedó libre.
    "#);
    env.run(&format!(
        "waitlist offer {maria} --doctor \"rosa quispe\" --at \"2026-03-03 10:00\""
    ))
    .ok();
    let booked = json(&env, &["waitlist", "book", &maria]);
    assert_eq!(booked["status"], "booked");
    assert_eq!(booked["start"], "2026-03-03 10:00");
    assert_eq!(
        booked["patient_id"],
        json(&env, &["patient", "show", "40000003"])["id"]
    );
    let all = json(&env, &["waitlist", "list", "--all"]);
    let states: Vec<(&str, &str)> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["patient_dni"].as_str().unwrap(), e["state"].as_str().unwrap()))
        .collect();
    assert_eq!(states, [("41234567", "waiting"), ("40000003", "booked")]);
    assert_eq!(all[1]["appointment_id"], booked["id"]);
    // A closed entry: nothing to do, said so (exit 5).
    insta::assert_snapshot!(env.run(&format!("waitlist remove {maria}")), @r#"
        ------- stderr -------
        error: La entrada 019caed9-4300-7000-8080-0000e4a900ba ya no espera: está reservada (nada que hacer).
        [exit status: 5]
    "#);
    insta::assert_snapshot!(env.run(&format!("waitlist remove {luis} --reason \"se atendió en otra clínica\"")), @r#"
        | Espera desde      | 2026-03-02 09:00                     |
        | Estado            | retirada                             |
        | Paciente          | Luis Prueba Díaz                     |
        | DNI               | 41234567                             |
        | Teléfono          |                                      |
        | Espera            | Medicina General                     |
        | Fechas            |                                      |
        | Horario           |                                      |
        | Hora ofrecida     |                                      |
        | Nota              |                                      |
        | Id                | 019caed9-4300-7000-8070-00002aae913d |
        | Cita              |                                      |
        | Motivo del retiro | se atendió en otra clínica           |
        ------- stderr -------
        Luis Prueba Díaz salió de la lista de espera de Medicina General.
    "#);
    assert_eq!(json(&env, &["waitlist", "list"]), serde_json::json!([]));
}

#[test]
fn a_booking_by_other_means_takes_the_patient_off_the_list() {
    let env = three();
    let luis = add(&env, "waitlist add --patient 41234567 --doctor \"rosa quispe\"");
    add(&env, "waitlist add --patient 40000003 --doctor \"jorge mendoza\"");
    // María books with Rosa: she waited for Jorge, so she stays.
    appointment(&env, "40000003", "2026-03-04 09:00");
    insta::assert_snapshot!(env.run("appointment book --patient 41234567 --doctor \"rosa quispe\" --at \"2026-03-04 09:30\""), @r#"
        | Inicio       | 2026-03-04 09:30                     |
        | Estado       | reservada                            |
        | Paciente     | Luis Prueba Díaz                     |
        | DNI          | 41234567                             |
        | Médico       | Rosa Elena Quispe Huamán             |
        | Especialidad | Medicina General                     |
        | Precio       | S/ 60.00                             |
        | Id           | 019caed9-4300-7000-8090-000020ac2cd3 |
        ------- stderr -------
        Cita reservada: 2026-03-04 09:30 con Rosa Elena Quispe Huamán (Medicina General), S/ 60.00. Siguiente paso: `saludya pay 019caed9-4300-7000-8090-000020ac2cd3`.
        Luis Prueba Díaz sale de la lista de espera de Medicina General (entrada 019caed9-4300-7000-8060-0000f65c149e).
    "#);
    let entry = &json(&env, &["waitlist", "list", "--all", "--patient", "41234567"])[0];
    assert_eq!(entry["id"], luis.as_str());
    assert_eq!(entry["state"], "booked");
    let mine = json(&env, &["appointment", "history", "41234567"]);
    assert_eq!(entry["appointment_id"], mine[0]["id"]);
    let open = json(&env, &["waitlist", "list"]);
    assert_eq!(open.as_array().unwrap().len(), 1);
    assert_eq!(open[0]["patient_dni"], "40000003");
}

#[test]
fn reschedule_no_show_and_new_hours_show_who_waits() {
    let mut env = three();
    let ana = appointment(&env, "45678912", "2026-03-03 10:00");
    add(
        &env,
        "waitlist add --patient 41234567 --specialty \"medicina general\" --time 09:00-11:00",
    );
    // Ana moves to 12:00: her 10:00 is Luis's.
    let moved = json(
        &env,
        &["appointment", "reschedule", &ana, "--at", "2026-03-03 12:00"],
    );
    assert_eq!(moved["start"], "2026-03-03 12:00");
    assert_eq!(moved["waitlist"][0]["patient_dni"], "41234567");
    assert_eq!(moved["waitlist"][0]["slot"]["start"], "2026-03-03 10:00");
    // Moving to 12:15 frees 12:00, outside Luis's hours: nobody, and no `waitlist` field.
    let again = json(
        &env,
        &["appointment", "reschedule", &ana, "--at", "2026-03-03 12:15"],
    );
    assert!(again.get("waitlist").is_none(), "{again}");

    // New Saturday afternoon hours for Jorge: Luis does not come in the afternoon, María does.
    add(
        &env,
        "waitlist add --patient 40000003 --doctor \"jorge mendoza\" --time tarde",
    );
    insta::assert_snapshot!(env.run("doctor schedule \"jorge mendoza\" --set \"lun-vie 14:00-20:00/15\" --set \"sab 14:00-16:00/30\""), @r#"
        | Día | Desde | Hasta | Minutos por cita |
        |-----|-------|-------|------------------|
        | lun | 14:00 | 20:00 | 15               |
        | mar | 14:00 | 20:00 | 15               |
        | mié | 14:00 | 20:00 | 15               |
        | jue | 14:00 | 20:00 | 15               |
        | vie | 14:00 | 20:00 | 15               |
        | sáb | 14:00 | 16:00 | 30               |

        | Hora libre       | Médico                     | Paciente          | DNI      | Teléfono | Espera desde     | Entrada                              |
        |------------------|----------------------------|-------------------|----------|----------|------------------|--------------------------------------|
        | 2026-03-07 14:00 | Jorge Luis Mendoza Salazar | María Prueba Díaz | 40000003 |          | 2026-03-02 09:00 | 019caed9-4300-7000-80a0-0000f3c8329c |
        ------- stderr -------
        Horario de Jorge Luis Mendoza Salazar reemplazado (6 bloques). Las citas ya reservadas se mantienen.
        En lista de espera para lo que quedó libre: 1 (primero quien más espera). Resérvele en un paso: `saludya waitlist book 019caed9-4300-7000-80a0-0000f3c8329c --doctor 019caed9-4300-7000-8010-001b355a2892 --at "2026-03-07 14:00"`.
    "#);

    // A no-show at 12:15 the next day: the slot has begun; who waits for Rosa's rest of the day
    // (40000004, any time; not Luis, who comes 09:00-11:00).
    patients(&env, &["40000004"]);
    add(
        &env,
        "waitlist add --patient 40000004 --specialty \"medicina general\"",
    );
    env.now = "2026-03-03T17:20:00Z".to_string(); // 12:20 in Lima
    env.login(ADMIN, ADMIN_PW);
    insta::assert_snapshot!(env.run(&format!("appointment no-show {ana}")), @r#"
        | Inicio       | 2026-03-03 12:15                     |
        | Estado       | no asistió                           |
        | Paciente     | Ana Prueba Díaz                      |
        | DNI          | 45678912                             |
        | Médico       | Rosa Elena Quispe Huamán             |
        | Especialidad | Medicina General                     |
        | Precio       | S/ 60.00                             |
        | Id           | 019caed9-4300-7000-8060-0000f65c149e |

        | Hora libre       | Médico                   | Paciente        | DNI      | Teléfono | Espera desde     | Entrada                              |
        |------------------|--------------------------|-----------------|----------|----------|------------------|--------------------------------------|
        | 2026-03-03 12:30 | Rosa Elena Quispe Huamán | Ana Prueba Díaz | 40000004 |          | 2026-03-02 09:00 | 019caed9-4300-7000-80d0-0000b1b542d7 |
        ------- stderr -------
        En lista de espera para lo que quedó libre: 1 (primero quien más espera). Resérvele en un paso: `saludya waitlist book 019caed9-4300-7000-80d0-0000b1b542d7 --doctor 019caed9-4300-7000-8010-00143ed0d70b --at "2026-03-03 12:30"`.
    "#);
}

#[test]
fn an_entry_expires_when_its_window_ends() {
    let mut env = three();
    let luis = add(
        &env,
        "waitlist add --patient 41234567 --specialty \"medicina general\" --to 2026-03-03",
    );
    env.now = "2026-03-04T14:00:00Z".to_string();
    env.login(ADMIN, ADMIN_PW);
    // Read: expired at once (nothing written yet), off the open list.
    assert_eq!(json(&env, &["waitlist", "list"]), serde_json::json!([]));
    let all = json(&env, &["waitlist", "list", "--state", "expired"]);
    assert_eq!(all[0]["id"], luis.as_str());
    assert_eq!(env.sql_one("SELECT state FROM waitlist_entries", &[]), "waiting");
    insta::assert_snapshot!(env.run(&format!("waitlist offer {luis} --doctor \"rosa quispe\" --at \"2026-03-05 10:00\"")), @r#"
        ------- stderr -------
        error: La entrada 019caed9-4300-7000-8060-0000f65c149e ya no espera: está vencida (nada que hacer).
        [exit status: 5]
    "#);
    // A refused command writes nothing, the expiry neither; the next write records it, and
    // Luis may wait again.
    assert_eq!(env.sql_one("SELECT state FROM waitlist_entries", &[]), "waiting");
    add(
        &env,
        "waitlist add --patient 41234567 --specialty \"medicina general\"",
    );
    assert_eq!(
        env.sql_one(
            &format!("SELECT state FROM waitlist_entries WHERE id = '{luis}'"),
            &[]
        ),
        "expired"
    );
}

#[test]
fn bad_input_is_refused_with_a_clear_message_and_nothing_written() {
    let env = three();
    env.run("doctor edit \"jorge mendoza\" --deactivate").ok();
    add(
        &env,
        "waitlist add --patient 41234567 --specialty \"medicina general\"",
    );
    let before = env.dump();
    insta::assert_snapshot!(env.run("waitlist add --patient 45678912 --doctor \"jorge mendoza\""), @r#"
        ------- stderr -------
        error: Jorge Luis Mendoza Salazar está desactivado: no recibe citas nuevas, nadie puede esperarlo.
        sugerencia: Póngalo en espera de la especialidad con --specialty.
        [exit status: 5]
    "#);
    insta::assert_snapshot!(env.run("waitlist add --patient 45678912 --specialty \"medicina general\" --to 2026-03-01"), @r#"
        ------- stderr -------
        error: La ventana de fechas ya terminó (2026-03-01; hoy es 2026-03-02): no hay nada que esperar.
        sugerencia: --from y --to son fechas AAAA-MM-DD, --to desde hoy.
        [exit status: 2]
    "#);
    insta::assert_snapshot!(env.run("waitlist add --patient 45678912 --specialty \"medicina general\" --from 2026-03-10 --to 2026-03-05"), @r#"
        ------- stderr -------
        error: La ventana de fechas termina (2026-03-05) antes de empezar (2026-03-10).
        sugerencia: --from y --to son fechas AAAA-MM-DD, --to desde hoy.
        [exit status: 2]
    "#);
    insta::assert_snapshot!(env.run("waitlist add --patient 99999999 --specialty \"medicina general\""), @r#"
        ------- stderr -------
        error: No hay ningún paciente con DNI 99999999.
        sugerencia: Búsquelo por nombre con `saludya patient search NOMBRE` o regístrelo con `saludya patient add`.
        [exit status: 4]
    "#);
    insta::assert_snapshot!(env.run("waitlist add --patient 41234567 --doctor \"rosa quispe\""), @r#"
        ------- stderr -------
        error: El paciente ya está en la lista de espera de Medicina General (entrada 019caed9-4300-7000-8070-00002aae913d).
        sugerencia: Vea la entrada con `saludya waitlist list --all` o retírela con `saludya waitlist remove 019caed9-4300-7000-8070-00002aae913d`.
        [exit status: 5]
    "#);
    insta::assert_snapshot!(env.run("waitlist add --patient 45678912 --specialty \"medicina general\" --time noche"), @r#"
        ------- stderr -------
        error: Horario desconocido «noche»: use mañana (antes de las 13:00), tarde (desde las 13:00) o HH:MM-HH:MM.
        sugerencia: --time mañana, --time tarde o --time 09:00-11:00.
        [exit status: 2]
    "#);
    insta::assert_snapshot!(env.run("waitlist add --patient 45678912"), @r#"
        ------- stderr -------
        error: faltan estos argumentos obligatorios:
          --specialty <SPECIALTY>

        Uso: saludya waitlist add --patient <PATIENT> --db <PATH> --specialty <SPECIALTY>

        Más información: '--help'.
        [exit status: 2]
    "#);
    insta::assert_snapshot!(env.run("--lang en waitlist add --patient 45678912 --doctor \"jorge mendoza\""), @r#"
        ------- stderr -------
        error: Jorge Luis Mendoza Salazar is deactivated: no new appointments, nobody can wait for them.
        hint: Put them on the specialty's list with --specialty.
        [exit status: 5]
    "#);
    insta::assert_snapshot!(env.run("--lang en waitlist add --patient 41234567 --specialty \"medicina general\""), @r#"
        ------- stderr -------
        error: The patient is already on the Medicina General waiting list (entry 019caed9-4300-7000-8070-00002aae913d).
        hint: See the entry with `saludya waitlist list --all` or remove it with `saludya waitlist remove 019caed9-4300-7000-8070-00002aae913d`.
        [exit status: 5]
    "#);
    insta::assert_snapshot!(env.run("--lang en --format json waitlist add --patient 45678912 --specialty \"medicina general\" --to 2026-03-01"), @r#"
        ------- stderr -------
        {"detail":"The date window is over (2026-03-01; today is 2026-03-02): there is nothing to wait for.","hint":"--from and --to are YYYY-MM-DD dates, --to from today on.","kind":"invalid"}
        [exit status: 2]
    "#);
    insta::assert_snapshot!(env.run("waitlist book 01a2189d-6e45"), @r#"
        ------- stderr -------
        error: No existe entrada de la lista de espera con id «01a2189d-6e45».
        [exit status: 4]
    "#);
    assert_eq!(env.dump(), before);
}

/// Desks (processes) started together, each running one command line; their exit codes.
fn race(env: &Env, lines: &[String]) -> Vec<i32> {
    let children: Vec<_> = lines
        .iter()
        .map(|line| {
            let mut cmd = env.command();
            cmd.args(split(line))
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            cmd.spawn().unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|child| {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let code = out.status.code().unwrap();
            assert!(code == 0 || code == 5, "exit {code}: {stderr}");
            assert!(!stderr.contains("locked") && !stderr.contains("busy"), "{stderr}");
            if code == 5 {
                assert!(
                    stderr.contains("ya está ofrecida")
                        || stderr.contains("acaba de ofrecerse")
                        || stderr.contains("ya se le ofreció")
                        || stderr.contains("ya no espera")
                        || stderr.contains("ya está reservado"),
                    "{stderr}"
                );
            }
            code
        })
        .collect()
}

#[test]
fn two_desks_never_offer_the_same_freed_slot_to_two_patients() {
    let dnis = [
        "40000001", "40000002", "40000003", "40000004", "40000005", "40000006",
    ];
    let env = Env::admin();
    patients(&env, &dnis);
    let entries: Vec<String> = dnis
        .iter()
        .map(|d| {
            add(
                &env,
                &format!("waitlist add --patient {d} --specialty \"medicina general\""),
            )
        })
        .collect();
    // Six desks, each offering the same slot to its own patient, all at once: one wins.
    let lines: Vec<String> = entries
        .iter()
        .map(|e| format!("waitlist offer {e} --doctor \"rosa quispe\" --at \"2026-03-03 10:00\""))
        .collect();
    let codes = race(&env, &lines);
    assert_eq!(codes.iter().filter(|c| **c == 0).count(), 1, "{codes:?}");
    let offered = json(&env, &["waitlist", "list", "--state", "offered"]);
    assert_eq!(offered.as_array().unwrap().len(), 1);
    assert_eq!(offered[0]["offered_start"], "2026-03-03 10:00");
    assert_eq!(
        env.sql_one(
            "SELECT count(*) FROM waitlist_entries WHERE state = 'offered'",
            &[]
        ),
        "1"
    );
}

#[test]
fn two_desks_acting_on_the_same_entry_one_wins_the_other_is_told() {
    let env = three();
    let luis = add(
        &env,
        "waitlist add --patient 41234567 --specialty \"medicina general\"",
    );
    // Four desks offer Luis four different slots at once: one offer stands.
    let lines: Vec<String> = ["10:00", "10:15", "10:30", "10:45"]
        .iter()
        .map(|t| format!("waitlist offer {luis} --doctor \"rosa quispe\" --at \"2026-03-03 {t}\""))
        .collect();
    let codes = race(&env, &lines);
    assert_eq!(codes.iter().filter(|c| **c == 0).count(), 1, "{codes:?}");
    // Four desks book the offered slot, one removes the entry: exactly one of them wins.
    let mut lines: Vec<String> = (0..4).map(|_| format!("waitlist book {luis}")).collect();
    lines.push(format!("waitlist remove {luis}"));
    let codes = race(&env, &lines);
    assert_eq!(codes.iter().filter(|c| **c == 0).count(), 1, "{codes:?}");
    let entry = &json(&env, &["waitlist", "list", "--all"])[0];
    let booked = json(&env, &["appointment", "list", "--status", "booked"]);
    match entry["state"].as_str().unwrap() {
        "booked" => {
            assert_eq!(booked.as_array().unwrap().len(), 1);
            assert_eq!(entry["appointment_id"], booked[0]["id"]);
        }
        "removed" => assert_eq!(booked, serde_json::json!([])),
        other => panic!("state {other}"),
    }
}

#[test]
fn the_list_at_80_and_120_columns() {
    let env = three();
    env.run(&["patient", "edit", "40000003", "--phone", "987654321"])
        .ok();
    add(
        &env,
        "waitlist add --patient 41234567 --specialty \"medicina general\" --time mañana --from 2026-03-03 --to 2026-03-20 --note \"solo puede venir temprano, trabaja en el mercado\"",
    );
    let maria = add(
        &env,
        "waitlist add --patient 40000003 --doctor \"rosa quispe\" --time 09:00-11:00",
    );
    env.run(&format!("waitlist offer {maria} --at \"2026-03-03 10:00\""))
        .ok();
    let mut text = String::new();
    for width in [80, 120] {
        for line in ["waitlist list", "--lang en waitlist list"] {
            let out = env.run_at(width, line);
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
    insta::assert_snapshot!(text, @r#"
        ## waitlist list (COLUMNS=80)
        | Espera desde     | Estado    | Paciente         | DNI      | Espera          |
        |------------------|-----------|------------------|----------|-----------------|
        | 2026-03-02 09:00 | en espera | Luis Prueba Díaz | 41234567 | Medicina Gener… |
        | 2026-03-02 09:00 | ofrecida  | María Prueba Dí… | 40000003 | Medicina Gener… |
        ------- stderr -------
        6 columnas ocultas (Teléfono, Fechas, Horario, Hora ofrecida, Nota, Id): amplíe la terminal o use --wide / --format csv

        ## --lang en waitlist list (COLUMNS=80)
        | Waiting since    | State   | Patient          | DNI      | Waits for         |
        |------------------|---------|------------------|----------|-------------------|
        | 2026-03-02 09:00 | waiting | Luis Prueba Díaz | 41234567 | Medicina General  |
        | 2026-03-02 09:00 | offered | María Prueba Dí… | 40000003 | Medicina General… |
        ------- stderr -------
        6 columns hidden (Phone, Dates, Time of day, Offered slot, Note, Id): widen the terminal or use --wide / --format csv

        ## waitlist list (COLUMNS=120)
        | Espera desde     | Estado    | Paciente         | DNI      | Espera           | Id                                   |
        |------------------|-----------|------------------|----------|------------------|--------------------------------------|
        | 2026-03-02 09:00 | en espera | Luis Prueba Díaz | 41234567 | Medicina General | 019caed9-4300-7000-8070-00002aae913d |
        | 2026-03-02 09:00 | ofrecida  | María Prueba Dí… | 40000003 | Medicina Genera… | 019caed9-4300-7000-8080-0000e4a900ba |
        ------- stderr -------
        5 columnas ocultas (Teléfono, Fechas, Horario, Hora ofrecida, Nota): amplíe la terminal o use --wide / --format csv

        ## --lang en waitlist list (COLUMNS=120)
        | Waiting since    | State   | Patient           | DNI      | Waits for         | Id                                   |
        |------------------|---------|-------------------|----------|-------------------|--------------------------------------|
        | 2026-03-02 09:00 | waiting | Luis Prueba Díaz  | 41234567 | Medicina General  | 019caed9-4300-7000-8070-00002aae913d |
        | 2026-03-02 09:00 | offered | María Prueba Díaz | 40000003 | Medicina General… | 019caed9-4300-7000-8080-0000e4a900ba |
        ------- stderr -------
        5 columns hidden (Phone, Dates, Time of day, Offered slot, Note): widen the terminal or use --wide / --format csv
    "#);
}

#[test]
fn every_waitlist_write_is_in_the_audit_trail() {
    let mut env = three();
    let luis = add(
        &env,
        "waitlist add --patient 41234567 --specialty \"medicina general\"",
    );
    let maria = add(
        &env,
        "waitlist add --patient 40000003 --specialty \"medicina general\" --to 2026-03-02",
    );
    let ana = add(&env, "waitlist add --patient 45678912 --doctor \"rosa quispe\"");
    env.run(&format!(
        "waitlist offer {luis} --doctor \"rosa quispe\" --at \"2026-03-03 10:00\""
    ))
    .ok();
    env.run(&format!("waitlist decline {luis}")).ok();
    env.run(&format!(
        "waitlist book {luis} --doctor \"rosa quispe\" --at \"2026-03-03 10:15\""
    ))
    .ok();
    env.run(&format!("waitlist remove {ana} --reason \"ya no\"")).ok();
    // The next day María's window is over: the next write records her expiry (by the program).
    env.now = "2026-03-03T14:00:00Z".to_string();
    env.login(ADMIN, ADMIN_PW);
    add(
        &env,
        "waitlist add --patient 45678912 --specialty \"medicina general\"",
    );
    let log = json(&env, &["audit", "log"]);
    let rows: Vec<(String, String, String, bool)> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["entity"] == "waitlist_entry")
        .map(|r| {
            (
                r["entity_id"].as_str().unwrap().to_string(),
                r["action"].as_str().unwrap().to_string(),
                r["after"]["state"].as_str().unwrap().to_string(),
                r["actor"].is_null(),
            )
        })
        .collect();
    let row = |id: &str, action: &str, state: &str, system: bool| {
        (id.to_string(), action.to_string(), state.to_string(), system)
    };
    assert_eq!(
        rows[..7],
        [
            row(&luis, "create", "waiting", false),
            row(&maria, "create", "waiting", false),
            row(&ana, "create", "waiting", false),
            row(&luis, "offer", "offered", false),
            row(&luis, "decline", "waiting", false),
            row(&luis, "book", "booked", false),
            row(&ana, "remove", "removed", false),
        ]
    );
    assert_eq!(rows[7], row(&maria, "expire", "expired", true));
    assert_eq!(rows[8].1, "create");
    assert_eq!(rows.len(), 9);
    // Before → after, without the joined names.
    let offer = log
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["action"] == "offer")
        .unwrap();
    assert_eq!(offer["before"]["state"], "waiting");
    assert_eq!(offer["after"]["offered_start"], "2026-03-03 10:00");
    assert!(offer["after"].get("patient_name").is_none(), "{offer}");
    env.run("audit verify").ok();
}

/// The clinic decides how long an offer holds (`offer_hold_hours`, 1 to 72): the offer's
/// message, another desk's refusal and the lapse follow it; a bad value changes nothing.
#[test]
fn the_clinic_sets_how_long_an_offer_holds() {
    let mut env = three();
    let before = env.dump();
    for bad in [&["0"][..], &["73"], &["dos"], &["--", "-1"], &[""]] {
        let mut args = vec!["settings", "set", "offer_hold_hours"];
        args.extend_from_slice(bad);
        let out = env.run(&args);
        assert!(
            out.code(2)
                .stderr
                .contains("offer_hold_hours: entre 1 y 72 horas"),
            "{bad:?}: {}",
            out.stderr
        );
    }
    assert_eq!(env.dump(), before);
    env.run("settings set offer_hold_hours 24").ok();
    assert_eq!(json(&env, &["settings", "show"])["offer_hold_hours"], 24);
    let luis = add(
        &env,
        "waitlist add --patient 41234567 --specialty \"medicina general\"",
    );
    let offered = env.run(&format!(
        "waitlist offer {luis} --doctor \"rosa quispe\" --at \"2026-03-03 10:00\""
    ));
    assert!(
        offered.ok().stderr.contains("24 horas como máximo"),
        "{}",
        offered.stderr
    );
    // Five hours later another desk still cannot take it, and is told for how long it holds.
    env.now = "2026-03-02T19:00:00Z".to_string();
    env.login(ADMIN, ADMIN_PW);
    let refused =
        env.run("appointment book --patient 40000003 --doctor \"rosa quispe\" --at \"2026-03-03 10:00\"");
    assert!(
        refused
            .code(5)
            .stderr
            .contains("la oferta vence sola pasadas 24 horas"),
        "{}",
        refused.stderr
    );
    // A day later the offer has lapsed: the slot is anyone's.
    env.now = "2026-03-03T14:01:00Z".to_string();
    env.login(ADMIN, ADMIN_PW);
    let list = json(&env, &["waitlist", "list"]);
    assert_eq!(list[0]["state"], "waiting", "{list}");
}
