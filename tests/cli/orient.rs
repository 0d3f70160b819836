//! `saludya orient`: single complaints, batches, storage and bad input.

use crate::harness::*;

#[test]
fn no_store_needs_no_login_and_no_database() {
    let env = Env::empty();
    let out = env.run(&[
        "--format",
        "json",
        "orient",
        "me arde al orinar desde ayer",
        "--sex",
        "f",
        "--no-store",
    ]);
    let v = out.ok().json();
    assert_eq!(v["specialty"], "Urología");
    assert_eq!(v["emergency"], false);
    assert!(v["query_id"].is_null());
    assert!(v["disclaimer"].as_str().unwrap().contains("no diagnóstico"));
    assert!(!env.db().exists(), "--no-store creates no database");
}

#[test]
fn an_emergency_says_go_to_the_emergency_room() {
    let env = Env::empty();
    let v = env
        .run(&[
            "--format",
            "json",
            "orient",
            "chest pain and I am sweating a lot",
            "--no-store",
        ])
        .ok()
        .json();
    assert_eq!(v["emergency"], true);
    assert_eq!(v["urgency"], "emergency");
    assert!(v["advice"].as_str().unwrap().contains("emergencias"));
}

#[test]
fn stored_queries_need_a_session_and_link_the_patient() {
    let env = Env::empty();
    env.run_stdin(&["init", "--admin-email", ADMIN, "--password-stdin"], ADMIN_PW)
        .ok();
    env.run(&["orient", "dolor de cabeza"]).code(3);
    env.login(ADMIN, ADMIN_PW);
    env.run(&[
        "patient",
        "add",
        "--dni",
        "45678912",
        "--first-name",
        "Ana",
        "--last-name",
        "Quispe",
    ])
    .ok();
    let v = env
        .run(&[
            "--format",
            "json",
            "orient",
            "tengo manchas rojas que pican",
            "--patient",
            "45678912",
        ])
        .ok()
        .json();
    let id = v["query_id"].as_str().unwrap().to_string();
    let row = &env.sql(
        "SELECT p.doc_number, q.specialty, q.engine_version FROM ai_queries q JOIN user_patients p ON p.id = q.patient_id WHERE q.id = $1",
        &[&id],
    )[0];
    let text = |i: usize| row[i].clone().unwrap_or_default();
    let (patient_dni, specialty, version) = (text(0), text(1), text(2));
    assert_eq!(patient_dni, "45678912");
    assert_eq!(specialty, v["specialty"].as_str().unwrap());
    assert!(version.starts_with("orient-"));
}

#[test]
fn batch_prints_one_json_object_per_row() {
    let env = Env::empty();
    let csv = env.path("in.csv");
    std::fs::write(
        &csv,
        "id,text,age,sex\n\
         a1,\"me duele la guata, ando con diarrea\",,\n\
         a2,my baby has a fever of 39.5,0,m\n\
         a3,\"tengo el azúcar alta, mucha sed\",55,f\n",
    )
    .unwrap();
    let out = env.run(&["orient", "--batch", csv.to_str().unwrap(), "--no-store"]);
    out.ok();
    let rows: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["id"], "a1");
    assert_eq!(rows[0]["specialty"], "Gastroenterología");
    assert_eq!(
        rows[1]["emergency"], true,
        "an infant with high fever is a red flag"
    );
    assert_eq!(rows[2]["specialty"], "Endocrinología");
    for r in &rows {
        for key in [
            "specialty",
            "confidence",
            "emergency",
            "urgency",
            "alternatives",
            "evidence",
        ] {
            assert!(r.get(key).is_some(), "{key} missing in {r}");
        }
    }
}

#[test]
fn bad_input_is_refused_with_exit_2() {
    let env = Env::empty();
    let long = "dolor ".repeat(500);
    for args in [
        vec!["orient", "dolor de cabeza", "--sex", "x", "--no-store"],
        vec!["orient", "dolor de cabeza", "--age", "200", "--no-store"],
        vec!["orient", long.as_str(), "--no-store"],
        vec!["orient", "dolor\u{1b}[2J", "--no-store"],
        vec!["orient", "--batch", "/nonexistent.csv", "--no-store"],
    ] {
        env.run(&args).code(2);
    }
    let csv = env.path("bad.csv");
    std::fs::write(&csv, "code,complaint\n1,dolor\n").unwrap();
    let out = env.run(&["orient", "--batch", csv.to_str().unwrap(), "--no-store"]);
    out.code(2);
    assert!(
        out.stderr.contains("id") && out.stderr.contains("text"),
        "{}",
        out.stderr
    );
}

#[test]
fn nonsense_is_not_enough_information() {
    let env = Env::empty();
    let v = env
        .run(&["--format", "json", "orient", "asdf qwerty", "--no-store"])
        .ok()
        .json();
    assert_eq!(v["insufficient"], true);
    assert!(v["confidence"].as_f64().unwrap() < 0.3);
}

#[test]
fn english_readers_get_the_emergency_instruction_in_english() {
    let env = Env::empty();
    let v = env
        .run(&[
            "--lang",
            "en",
            "--format",
            "json",
            "orient",
            "chest pain and shortness of breath",
            "--no-store",
        ])
        .ok()
        .json();
    assert_eq!(v["emergency"], true);
    assert!(
        v["advice"]
            .as_str()
            .unwrap()
            .starts_with("Go to the emergency room now"),
        "{}",
        v["advice"]
    );
    assert!(v["disclaimer"].as_str().unwrap().contains("not a diagnosis"));
}

#[test]
fn whole_outputs_of_an_orientation_and_an_emergency() {
    let env = Env::admin();
    insta::assert_snapshot!(env.run("orient \"tengo tos y fiebre desde ayer\" --age 34"), @r#"
        | Especialidad | Medicina General                                                                                                                              |
        | Confianza    | 74 %                                                                                                                                          |
        | Urgencia     | rutina                                                                                                                                        |
        | Alternativas | Neumología (16 %)                                                                                                                             |
        | Evidencia    | «tos» → tos; «fiebre» → fiebre; «Medicina General» → Medicina General reúne el mayor peso de la evidencia, aunque más términos apunten a otra |
        | Qué hacer    | Puede reservar una cita regular con Medicina General. Si empeora o aparecen signos de alarma, acuda a emergencias.                            |
        | Aviso        | Orientación, no diagnóstico: no reemplaza la evaluación de un profesional de salud. Ante cualquier empeoramiento, acuda a emergencias.        |
        | Consulta     | 019caed9-4300-7000-8030-0000b9196929                                                                                                          |
        ------- stderr -------
        Para reservar: saludya slots --specialty "Medicina General"  y luego  saludya appointment book ... --orientation 019caed9-4300-7000-8030-0000b9196929
    "#);
    insta::assert_snapshot!(env.run("--lang en orient \"dolor de pecho muy fuerte y no puedo respirar\" --age 60"), @r#"
        | EMERGENCY!   | Chest pain with breathlessness, sweating, spreading pain or fainting; Cannot breathe / blue lips                                                                                                                                                       |
        | Specialty    | Cardiología                                                                                                                                                                                                                                            |
        | Confidence   | 90 %                                                                                                                                                                                                                                                   |
        | Urgency      | ‼ EMERGENCY                                                                                                                                                                                                                                            |
        | Alternatives | Neumología (21 %)                                                                                                                                                                                                                                      |
        | Evidence     | «dolor pecho» → chest pain; «fuerte» → severe intensity; «no puedo respirar» → cannot breathe / choking                                                                                                                                                |
        | What to do   | Go to the emergency room now or call an ambulance (in Peru: SAMU 106). Do not book an appointment or wait. Red flag: Chest pain with breathlessness, sweating, spreading pain or fainting; Cannot breathe / blue lips. Related specialty: Cardiología. |
        | Note         | Orientation, not a diagnosis: it does not replace an assessment by a health professional. If anything gets worse, go to the emergency room.                                                                                                            |
        | Query        | 019caed9-4300-7000-8040-000096a9b731                                                                                                                                                                                                                   |
    "#);
}
