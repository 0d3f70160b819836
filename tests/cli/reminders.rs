//! `reminders` and `export ics` (issue 14, item 3). The clock is Monday 2 March 2026, 09:00 in
//! Lima: `reminders` without `--date` lists Tuesday 3 March.

use crate::harness::*;
use crate::payment::json;

fn add_patient(env: &Env, dni: &str, first: &str, last: &str, phone: Option<&str>) {
    let mut args = vec![
        "patient",
        "add",
        "--dni",
        dni,
        "--first-name",
        first,
        "--last-name",
        last,
    ];
    if let Some(p) = phone {
        args.extend(["--phone", p]);
    }
    env.run(&args).ok();
}

fn book(env: &Env, dni: &str, doctor: &str, at: &str) -> String {
    let v = json(
        env,
        &[
            "appointment",
            "book",
            "--patient",
            dni,
            "--doctor",
            doctor,
            "--at",
            at,
        ],
    );
    v["id"].as_str().unwrap().to_string()
}

/// Tuesday's agenda: a patient with a mobile, one without a phone, one whose stored phone is
/// not a number (written behind the program, as an old import would), one cancelled, one the
/// day after.
fn tuesday(env: &Env) -> Vec<String> {
    add_patient(env, "45678912", "José María", "Peña Quispe", Some("987 654 321"));
    add_patient(env, "12345678", "Ana", "Quispe Mamani", None);
    add_patient(env, "23456789", "Luis", "Torres", Some("01 4567890"));
    add_patient(env, "34567890", "Carla", "Díaz", Some("999888777"));
    env.sql(
        "UPDATE user_patients SET phone = '12345' WHERE doc_number = '23456789'",
        &[],
    );
    let ids = vec![
        book(env, "45678912", "rosa elena", "2026-03-03 09:00"),
        book(env, "12345678", "rosa elena", "2026-03-03 09:15"),
        book(env, "23456789", "gutierrez", "2026-03-03 10:00"),
        book(env, "34567890", "rosa elena", "2026-03-03 11:00"),
        book(env, "34567890", "rosa elena", "2026-03-04 11:00"),
    ];
    env.run(&format!(
        "appointment cancel {} --by patient --reason \"viaja\"",
        ids[3]
    ))
    .ok();
    ids
}

#[test]
fn tomorrows_reminders_as_a_table_apart_by_phone() {
    let env = Env::admin();
    tuesday(&env);
    insta::assert_snapshot!(env.run_at(300, "reminders"), @r#"
        Con teléfono (1):
        | Hora  | Paciente               | Teléfono     | Médico                   | Especialidad     | Mensaje                                                                                                                                                                                                    |
        |-------|------------------------|--------------|--------------------------|------------------|------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------|
        | 09:00 | José María Peña Quispe | +51987654321 | Rosa Elena Quispe Huamán | Medicina General | Hola José María, le recordamos su cita en Clínica SaludYa el martes 3 de marzo a las 09:00 con Rosa Elena Quispe Huamán (Medicina General). Si no puede asistir, avísenos para ofrecer el horario a otro … |

        Sin teléfono (1): avisar en persona o por otro medio
        | Hora  | Paciente          | Médico                   | Especialidad     |
        |-------|-------------------|--------------------------|------------------|
        | 09:15 | Ana Quispe Mamani | Rosa Elena Quispe Huamán | Medicina General |

        Teléfono no válido (1): corregir con saludya patient edit
        | Hora  | Paciente    | Teléfono guardado | Motivo                      | Médico                     |
        |-------|-------------|-------------------|-----------------------------|----------------------------|
        | 10:00 | Luis Torres | 12345             | Teléfono no válido «12345». | Ana Lucía Gutiérrez Medina |
        ------- stderr -------
        1 columna oculta (Enlace WhatsApp): amplíe la terminal o use --wide / --format csv
        3 recordatorio(s) para el martes 3 de marzo: 1 con teléfono, 1 sin teléfono, 1 con teléfono no válido. No se envió nada.
    "#);
}

#[test]
fn reminders_as_json_and_csv() {
    let env = Env::admin();
    tuesday(&env);
    let v = json(&env, &["reminders", "--date", "2026-03-03"]);
    assert_eq!(v["date"], "2026-03-03");
    assert_eq!(v["template"], "default");
    let with = v["reminders"].as_array().unwrap();
    assert_eq!(with.len(), 1, "the cancelled one is not reminded");
    assert_eq!(with[0]["phone"], "+51987654321");
    assert_eq!(with[0]["time"], "09:00");
    assert_eq!(with[0]["doctor_name"], "Rosa Elena Quispe Huamán");
    assert_eq!(with[0]["specialty"], "Medicina General");
    let message = with[0]["message"].as_str().unwrap();
    assert_eq!(
        message,
        "Hola José María, le recordamos su cita en Clínica SaludYa el martes 3 de marzo a las 09:00 con Rosa Elena Quispe Huamán (Medicina General). Si no puede asistir, avísenos para ofrecer el horario a otro paciente."
    );
    assert_eq!(
        with[0]["link"],
        "https://wa.me/51987654321?text=Hola%20Jos%C3%A9%20Mar%C3%ADa%2C%20le%20recordamos%20su%20cita%20en%20Cl%C3%ADnica%20SaludYa%20el%20martes%203%20de%20marzo%20a%20las%2009%3A00%20con%20Rosa%20Elena%20Quispe%20Huam%C3%A1n%20%28Medicina%20General%29.%20Si%20no%20puede%20asistir%2C%20av%C3%ADsenos%20para%20ofrecer%20el%20horario%20a%20otro%20paciente."
    );
    let without = v["without_phone"].as_array().unwrap();
    assert_eq!(without.len(), 1);
    assert_eq!(without[0]["patient_name"], "Ana Quispe Mamani");
    assert!(without[0]["phone"].is_null() && without[0]["link"].is_null());
    let invalid = v["invalid_phone"].as_array().unwrap();
    assert_eq!(invalid.len(), 1);
    assert_eq!(invalid[0]["stored_phone"], "12345");
    assert_eq!(invalid[0]["phone_problem"], "Teléfono no válido «12345».");
    insta::assert_snapshot!(env.run("--format csv reminders --date 2026-03-03"), @r#"
        appointment_id,date,time,status,patient_id,patient_name,phone,phone_status,stored_phone,phone_problem,doctor_id,doctor_name,specialty,message,link
        019caed9-4300-7000-8070-00002aae913d,2026-03-03,09:00,booked,019caed9-4300-7000-8030-0000b9196929,José María Peña Quispe,+51987654321,ok,,,019caed9-4300-7000-8010-00143ed0d70b,Rosa Elena Quispe Huamán,Medicina General,"Hola José María, le recordamos su cita en Clínica SaludYa el martes 3 de marzo a las 09:00 con Rosa Elena Quispe Huamán (Medicina General). Si no puede asistir, avísenos para ofrecer el horario a otro paciente.",https://wa.me/51987654321?text=Hola%20Jos%C3%A9%20Mar%C3%ADa%2C%20le%20recordamos%20su%20cita%20en%20Cl%C3%ADnica%20SaludYa%20el%20martes%203%20de%20marzo%20a%20las%2009%3A00%20con%20Rosa%20Elena%20Quispe%20Huam%C3%A1n%20%28Medicina%20General%29.%20Si%20no%20puede%20asistir%2C%20av%C3%ADsenos%20para%20ofrecer%20el%20horario%20a%20otro%20paciente.
        019caed9-4300-7000-8080-0000e4a900ba,2026-03-03,09:15,booked,019caed9-4300-7000-8040-000096a9b731,Ana Quispe Mamani,,missing,,,019caed9-4300-7000-8010-00143ed0d70b,Rosa Elena Quispe Huamán,Medicina General,"Hola Ana, le recordamos su cita en Clínica SaludYa el martes 3 de marzo a las 09:15 con Rosa Elena Quispe Huamán (Medicina General). Si no puede asistir, avísenos para ofrecer el horario a otro paciente.",
        019caed9-4300-7000-8090-000020ac2cd3,2026-03-03,10:00,booked,019caed9-4300-7000-8050-0000f347fc1e,Luis Torres,,invalid,12345,Teléfono no válido «12345».,019caed9-4300-7000-8010-003a202136df,Ana Lucía Gutiérrez Medina,Pediatría,"Hola Luis, le recordamos su cita en Clínica SaludYa el martes 3 de marzo a las 10:00 con Ana Lucía Gutiérrez Medina (Pediatría). Si no puede asistir, avísenos para ofrecer el horario a otro paciente.",
        ------- stderr -------
        3 recordatorio(s) para el martes 3 de marzo: 1 con teléfono, 1 sin teléfono, 1 con teléfono no válido. No se envió nada.
    "#);
}

#[test]
fn the_clinic_template_is_validated_when_set_and_used() {
    let env = Env::admin();
    tuesday(&env);
    let before = env.dump();
    insta::assert_snapshot!(env.run("settings set reminder_template \"Hola {apellido}\""), @r#"
        ------- stderr -------
        error: Marcador desconocido {apellido} en la plantilla del recordatorio: use {nombre} {fecha} {hora} {doctor} {especialidad} {clinica}.
        sugerencia: Vea la plantilla actual con `saludya settings show`; `saludya settings set reminder_template ""` vuelve a la predeterminada.
        [exit status: 2]
    "#);
    insta::assert_snapshot!(env.run("settings set reminder_template \"Hola {nombre\""), @r#"
        ------- stderr -------
        error: La plantilla del recordatorio tiene una llave sin cerrar: cada { necesita su } (para una llave escriba {{ o }}).
        sugerencia: Vea la plantilla actual con `saludya settings show`; `saludya settings set reminder_template ""` vuelve a la predeterminada.
        [exit status: 2]
    "#);
    assert_eq!(env.dump(), before, "a refused template writes nothing");
    env.run("settings set reminder_template \"{clinica}: {nombre}, {fecha} {hora}, {doctor} ({especialidad}). {{OK}}\"")
        .ok();
    // The change is in the audit trail, with who made it.
    let trail = json(&env, &["audit", "log"]);
    let set: Vec<&serde_json::Value> = trail
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["entity"] == "setting" && e["entity_id"] == "reminder_template")
        .collect();
    assert_eq!(set.len(), 1, "{trail:#}");
    assert_eq!(set[0]["actor_email"], ADMIN);
    assert_eq!(
        set[0]["after"]["value"],
        "{clinica}: {nombre}, {fecha} {hora}, {doctor} ({especialidad}). {{OK}}"
    );
    assert!(set[0]["before"]["value"].is_null(), "there was none before");
    let v = json(&env, &["--lang", "en", "reminders"]);
    assert_eq!(v["template"], "clinic");
    assert_eq!(
        v["reminders"][0]["message"],
        "Clínica SaludYa: José María, martes 3 de marzo 09:00, Rosa Elena Quispe Huamán (Medicina General). {OK}",
        "the clinic's own template, its dates in the clinic's language"
    );
    env.run("settings set reminder_template \"\"").ok();
    let v = json(&env, &["--lang", "en", "reminders"]);
    assert_eq!(v["template"], "default");
    assert_eq!(
        v["reminders"][0]["message"],
        "Hello José María, this is a reminder of your appointment at Clínica SaludYa on Tuesday 3 March at 09:00 with Rosa Elena Quispe Huamán (Medicina General). If you cannot come, please let us know so we can offer the time to another patient."
    );
}

#[test]
fn a_day_without_appointments_is_not_an_error() {
    let env = Env::admin();
    insta::assert_snapshot!(env.run("reminders"), @r#"
        ------- stderr -------
        No hay citas que recordar el martes 3 de marzo (2026-03-03): ninguna reservada ni pagada.
    "#);
    insta::assert_snapshot!(env.run("--format json --lang en reminders --date 2026-03-08"), @r#"
        {
          "date": "2026-03-08",
          "template": "default",
          "reminders": [],
          "without_phone": [],
          "invalid_phone": []
        }
        ------- stderr -------
        No appointments to remind on Sunday 8 March (2026-03-08): none booked or paid.
    "#);
    env.run("reminders --date mañana").code(2);
}

#[test]
fn only_staff_see_reminders() {
    let env = Env::admin();
    env.run("logout").ok();
    env.run("reminders").code(3);
}

/// The unfolded content lines of a calendar, after checking the RFC 5545 line rules.
fn ics_lines(text: &str) -> Vec<String> {
    assert!(text.ends_with("\r\n"));
    let mut out: Vec<String> = Vec::new();
    for l in text.strip_suffix("\r\n").unwrap().split("\r\n") {
        assert!(l.len() <= 75 && !l.contains('\n'), "{l:?}");
        match l.strip_prefix(' ') {
            Some(rest) => out.last_mut().unwrap().push_str(rest),
            None => out.push(l.to_string()),
        }
    }
    out
}

#[test]
fn a_doctors_calendar_and_one_appointments() {
    let env = Env::admin();
    let ids = tuesday(&env);
    let out = env.run("export ics --doctor \"rosa elena\" --from 2026-03-02 --to 2026-03-08");
    out.ok();
    let lines = ics_lines(&out.stdout);
    let uids: Vec<&String> = lines.iter().filter(|l| l.starts_with("UID:")).collect();
    assert_eq!(
        uids.len(),
        4,
        "every appointment of the range, the cancelled one too"
    );
    assert_eq!(uids[0], &format!("UID:{}@saludya", ids[0]));
    assert!(lines.contains(&"DTSTART;TZID=America/Lima:20260303T090000".to_string()));
    assert!(lines.contains(&"DTEND;TZID=America/Lima:20260303T091500".to_string()));
    assert_eq!(lines.iter().filter(|l| *l == "STATUS:CANCELLED").count(), 1);
    assert!(
        lines.contains(&"SEQUENCE:1".to_string()),
        "the cancellation is a change"
    );
    assert!(lines.contains(&"TZID:America/Lima".to_string()));
    assert!(lines.contains(&"SUMMARY:José María Peña Quispe (Medicina General)".to_string()));
    insta::assert_snapshot!(out.stderr, @r#"Calendario: 4 citas de Rosa Elena Quispe Huamán (2026-03-02 a 2026-03-08)."#);
    // The same UID every time: importing again updates the same event.
    let again = env.run("export ics --doctor \"rosa elena\" --from 2026-03-02 --to 2026-03-08");
    assert_eq!(again.stdout, out.stdout);

    let one = env.run(&format!("--lang en export ics --appointment {}", ids[1]));
    insta::assert_snapshot!(one.stdout.replace("\r\n", "⏎\n"), @r#"
        BEGIN:VCALENDAR⏎
        VERSION:2.0⏎
        PRODID:-//SaludYa//Agenda de la clinica//ES⏎
        CALSCALE:GREGORIAN⏎
        METHOD:PUBLISH⏎
        X-WR-CALNAME:Clínica SaludYa⏎
        X-WR-TIMEZONE:America/Lima⏎
        BEGIN:VTIMEZONE⏎
        TZID:America/Lima⏎
        BEGIN:STANDARD⏎
        DTSTART:20260301T190000⏎
        TZOFFSETFROM:-0500⏎
        TZOFFSETTO:-0500⏎
        TZNAME:-0500⏎
        END:STANDARD⏎
        END:VTIMEZONE⏎
        BEGIN:VEVENT⏎
        UID:019caed9-4300-7000-8080-0000e4a900ba@saludya⏎
        DTSTAMP:20260302T140000Z⏎
        DTSTART;TZID=America/Lima:20260303T091500⏎
        DTEND;TZID=America/Lima:20260303T093000⏎
        SUMMARY:Ana Quispe Mamani (Medicina General)⏎
        DESCRIPTION:Patient: Ana Quispe Mamani\nDoctor: Rosa Elena Quispe Huamán\n⏎
         Status: booked⏎
        LOCATION:Clínica SaludYa⏎
        STATUS:CONFIRMED⏎
        SEQUENCE:0⏎
        LAST-MODIFIED:20260302T140000Z⏎
        END:VEVENT⏎
        END:VCALENDAR⏎
    "#);
}

#[test]
fn a_calendar_file_is_written_whole_or_not_at_all() {
    let env = Env::admin();
    tuesday(&env);
    let before = env.dump();
    insta::assert_snapshot!(env.run("export ics --doctor \"rosa elena\" --from 2026-03-01 --to 2027-03-02 -o a.ics"), @r#"
        ------- stderr -------
        error: El rango abarca 367 días: como máximo 366 (un año).
        sugerencia: Exporte por partes de un año como máximo (--from y --to).
        [exit status: 2]
    "#);
    insta::assert_snapshot!(env.run("export ics --doctor \"rosa elena\" --from 2026-03-09 --to 2026-03-02 -o a.ics"), @r#"
        ------- stderr -------
        error: El rango de fechas está invertido: 2026-03-09 es posterior a 2026-03-02.
        sugerencia: Intercambie --from 2026-03-09 y --to 2026-03-02.
        [exit status: 2]
    "#);
    insta::assert_snapshot!(env.run("export ics --doctor nadie -o a.ics"), @r#"
        ------- stderr -------
        error: No existe el médico «nadie».
        sugerencia: Vea los médicos con `saludya doctor list`.
        [exit status: 4]
    "#);
    insta::assert_snapshot!(env.run("export ics --appointment 0000000000 -o a.ics"), @r#"
        ------- stderr -------
        error: No existe cita con id «0000000000».
        [exit status: 4]
    "#);
    insta::assert_snapshot!(env.run("export ics -o a.ics"), @r#"
        ------- stderr -------
        error: faltan estos argumentos obligatorios:
          <--doctor <DOCTOR>|--appointment <APPOINTMENT>>

        Uso: saludya export ics --output <FILE> --db <PATH> <--doctor <DOCTOR>|--appointment <APPOINTMENT>>

        Más información: '--help'.
        [exit status: 2]
    "#);
    assert!(!env.path("a.ics").exists(), "nothing written");
    let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".saludya-ics-"))
        .collect();
    assert!(leftovers.is_empty());
    insta::assert_snapshot!(env.run("export ics --doctor \"rosa elena\" --from 2026-03-01 --to 2027-03-01 -o a.ics"), @r#"
        ------- stderr -------
        Calendario escrito en a.ics: 4 citas de Rosa Elena Quispe Huamán (2026-03-01 a 2027-03-01).
    "#);
    let text = std::fs::read_to_string(env.path("a.ics")).unwrap();
    assert_eq!(
        ics_lines(&text).iter().filter(|l| *l == "BEGIN:VEVENT").count(),
        4
    );
    insta::assert_snapshot!(env.run("export ics --doctor \"rosa elena\" -o a.ics"), @r#"
        ------- stderr -------
        error: a.ics ya existe; no se sobrescribe.
        sugerencia: Elija otro nombre o agregue --force para reemplazarlo.
        [exit status: 5]
    "#);
    env.run("export ics --doctor \"rosa elena\" -o a.ics --force")
        .ok();
    assert_eq!(env.dump(), before, "exports change nothing");
}
