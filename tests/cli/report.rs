//! `report day` (issue 14, item 5): the day at a glance, the same figures as `payment close`.
//! The clock is Monday 2 March 2026, 09:00 in Lima.

use crate::harness::*;
use crate::payment::json;

fn book(env: &Env, dni: &str, first: &str, doctor: &str, at: &str) -> String {
    env.run(&[
        "patient",
        "add",
        "--dni",
        dni,
        "--first-name",
        first,
        "--last-name",
        "Quispe",
    ]);
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

/// Monday: four appointments with Rosa Elena Quispe (schedule 08:00-13:00, 15-minute slots),
/// two with Ana Lucía Gutiérrez; paid, completed, no-show, cancelled and refunded; time off for
/// Rosa from 12:00 to 13:00. The clock then stands at 10:30.
fn monday(env: &mut Env) -> Vec<String> {
    let a = book(env, "45678912", "Ana", "rosa elena", "2026-03-02 09:00");
    let b = book(env, "12345678", "Beto", "rosa elena", "2026-03-02 09:15");
    let c = book(env, "23456789", "Carla", "rosa elena", "2026-03-02 09:30");
    let d = book(env, "34567890", "Dora", "rosa elena", "2026-03-02 10:00");
    let e = book(env, "56789012", "Eva", "gutierrez", "2026-03-02 10:00");
    let f = book(env, "67890123", "Fito", "gutierrez", "2026-03-02 10:20");
    env.run(&format!("pay {a} --method cash")).ok();
    env.run(&format!("appointment check-in {a}")).ok();
    env.run(&format!("appointment complete {a}")).ok();
    env.run(&format!("pay {b} --method yape --reference OP-77")).ok();
    env.run(&format!("pay {e} --method cash")).ok();
    env.run(&format!(
        "appointment cancel {e} --by clinic --reason \"médico enfermo\""
    ))
    .ok();
    env.run(&format!("appointment cancel {d} --by patient --reason \"viaja\""))
        .ok();
    env.run("doctor time-off \"rosa elena\" --from \"2026-03-02 12:00\" --to \"2026-03-02 13:00\" --reason reunion")
        .ok();
    env.now = "2026-03-02T15:30:00Z".into();
    env.run(&format!("appointment no-show {c}")).ok();
    env.run(&format!("appointment check-in {f}")).ok();
    vec![a, b, c, d, e, f]
}

fn doctor<'a>(v: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    v["doctors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["doctor_name"] == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

#[test]
fn the_days_figures_per_doctor() {
    let mut env = Env::admin();
    monday(&mut env);
    let v = json(&env, &["report", "day"]);
    assert_eq!(v["date"], "2026-03-02");
    let rosa = doctor(&v, "Rosa Elena Quispe Huamán");
    assert_eq!(
        (
            &rosa["booked"],
            &rosa["paid"],
            &rosa["attended"],
            &rosa["no_show"],
            &rosa["cancelled"]
        ),
        (&3.into(), &2.into(), &1.into(), &1.into(), &1.into())
    );
    // 08:00-13:00 less the hour off: 240 minutes; held: 09:00 and 09:15 (the no-show freed its slot).
    assert_eq!(rosa["schedule_minutes"], 240);
    assert_eq!(rosa["booked_minutes"], 30);
    assert_eq!(rosa["occupancy"], 0.125);
    let ana = doctor(&v, "Ana Lucía Gutiérrez Medina");
    assert_eq!(
        (&ana["booked"], &ana["attended"], &ana["cancelled"]),
        (&1.into(), &1.into(), &1.into())
    );
    assert_eq!(ana["paid"], 0, "the cancelled appointment was refunded");
    // A doctor with a schedule and nothing booked is listed at 0 %.
    let idle = doctor(&v, "Jorge Luis Mendoza Salazar");
    assert_eq!((&idle["booked"], &idle["occupancy"]), (&0.into(), &0.0.into()));
    assert_eq!(v["totals"]["booked"], 4);
    assert_eq!(v["totals"]["no_show"], 1);
    let series = v["no_show_rate"].as_array().unwrap();
    assert_eq!(series.len(), 30);
    assert_eq!(series[0]["date"], "2026-02-01");
    let today = &series[29];
    assert_eq!(
        (&today["date"], &today["no_show"], &today["attended"]),
        (&"2026-03-02".into(), &1.into(), &2.into())
    );
    assert_eq!(today["rate"], 0.333);
    assert!(series[28]["rate"].is_null(), "nothing recorded the day before");
}

#[test]
fn the_takings_are_the_cash_close() {
    let mut env = Env::admin();
    monday(&mut env);
    let v = json(&env, &["report", "day", "--date", "2026-03-02"]);
    let close = json(&env, &["payment", "close", "--date", "2026-03-02"]);
    assert_eq!(v["takings"], close, "the same read model");
    assert_eq!(close["net_cents"], 6000 + 6000);
}

#[test]
fn the_day_as_the_desk_reads_it() {
    let mut env = Env::admin();
    monday(&mut env);
    insta::assert_snapshot!(env.run_at(120, "report day"), @r#"
        Resumen del lunes 2 de marzo (2026-03-02)

        | Médico               | Especialidad         | Reservadas | Pagadas | Atendidas | No asistió | Canceladas | Ocupación |
        |----------------------|----------------------|------------|---------|-----------|------------|------------|-----------|
        | Alfredo Zapata Guer… | Ginecología          | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Ana Lucía Gutiérrez… | Pediatría            | 1          | 0       | 1         | 0          | 1          | 6.7 %     |
        | Andrea Pajuelo Carr… | Nutrición            | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Beatriz Salcedo Ugaz | Reumatología         | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Carmen Rosa Flores … | Medicina General     | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | César Augusto Rojas… | Medicina General     | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Claudia Injante Oré  | Oftalmología         | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Daniela Cabrera Oli… | Psicología           | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Fernando José Salin… | Cardiología          | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Giuliana Espinoza L… | Pediatría            | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Gloria Cornejo Andr… | Nefrología           | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Javier Eduardo Mora… | Traumatología        | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Jessica Obregón Luna | Neumología           | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Jorge Luis Mendoza … | Medicina General     | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Karina Ortiz Benavi… | Gastroenterología    | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Kevin Yupanqui Láza… | Nutrición            | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Liliana Arroyo Bení… | Endocrinología       | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Lucía Villanueva Ar… | Dermatología         | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Luis Alberto Chávez… | Medicina General     | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Manuel Pizarro Dávi… | Urología             | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | María del Pilar Cas… | Ginecología          | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Martha Isabel León … | Neurología           | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Miguel Ángel Huamán… | Pediatría            | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Natalia Ccahuana Pé… | Traumatología        | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Patricia Sánchez Ri… | Pediatría            | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Raúl Ernesto Cárden… | Cardiología          | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Ricardo Alarcón Meza | Otorrinolaringología | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Rocío Vílchez Saave… | Infectología         | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Rosa Elena Quispe H… | Medicina General     | 3          | 2       | 1         | 1          | 1          | 12.5 %    |
        | Roxana Mamani Condo… | Ginecología          | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Silvia Paredes Núñez | Dermatología         | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Sofía Málaga Bernal  | Psicología           | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Teresa Montoya Gala… | Psiquiatría          | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Víctor Hugo Chumpit… | Gastroenterología    | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Walter Huerta Campos | Neumología           | 0          | 0       | 0         | 0          | 0          | 0.0 %     |
        | Total                |                      | 4          | 2       | 2         | 1          | 2          | 0.5 %     |

        Caja del día:
        | Medio    | Pagos | Devoluciones | Rechazados | Neto     |
        |----------|-------|--------------|------------|----------|
        | efectivo | 2     | 1            | 0          | S/ 60.00 |
        | Yape     | 1     | 0            | 0          | S/ 60.00 |

        Inasistencia, 2026-02-01 a 2026-03-02: 33.3 % (1 de 3)
        ·····························█
        ------- stderr -------
        1 columna oculta (Minutos (citas/horario)): amplíe la terminal o use --wide / --format csv
        Total neto en caja (2026-03-02): S/ 120.00
    "#);
    insta::assert_snapshot!(env.run_at(80, "--lang en report day --date 2026-03-01"), @r#"
        Summary of Sunday 1 March (2026-03-01)


        The day's takings:

        No-show rate, 2026-01-31 to 2026-03-01: – (0 of 0)
        ······························
        ------- stderr -------
        No doctor works or has appointments that day.
        (no results)
        Net total (2026-03-01): S/ 0.00
    "#);
    env.run("report day --date 2026-13-01").code(2);
    env.run("logout").ok();
    env.run("report day").code(3);
}
