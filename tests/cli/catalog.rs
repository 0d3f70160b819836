//! Specialties and doctors from the command line.

use crate::harness::*;

fn json(env: &Env, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    env.run(&all).ok().json()
}

#[test]
fn the_clinic_in_lima_is_loaded_by_init() {
    let env = Env::admin();
    let specialties = json(&env, &["specialty", "list"]);
    assert_eq!(specialties.as_array().unwrap().len(), 19);
    let doctors = json(&env, &["doctor", "list"]);
    let doctors = doctors.as_array().unwrap();
    assert!(doctors.len() >= 45);
    let first = &doctors[0];
    for field in [
        "id",
        "full_name",
        "specialty",
        "rating",
        "price_cents",
        "price",
        "cmp",
    ] {
        assert!(!first[field].is_null(), "{field} in {first}");
    }
    assert!(first["price"].as_str().unwrap().starts_with("S/ "));
}

#[test]
fn init_without_fixtures_starts_empty() {
    let env = Env::empty();
    env.run_stdin(
        &[
            "init",
            "--admin-email",
            ADMIN,
            "--password-stdin",
            "--no-fixtures",
        ],
        ADMIN_PW,
    )
    .ok();
    env.login(ADMIN, ADMIN_PW);
    assert_eq!(json(&env, &["specialty", "list"]), serde_json::json!([]));
}

#[test]
fn doctor_list_filters_and_sorts() {
    let env = Env::admin();
    let cardio = json(&env, &["doctor", "list", "--specialty", "CARDIOLOGIA"]);
    let cardio = cardio.as_array().unwrap();
    assert!(cardio.len() >= 2);
    assert!(cardio.iter().all(|d| d["specialty"] == "Cardiología"));
    let ratings: Vec<f64> = cardio.iter().map(|d| d["rating"].as_f64().unwrap()).collect();
    assert!(
        ratings.windows(2).all(|w| w[0] >= w[1]),
        "best rated first: {ratings:?}"
    );

    let cheap = json(&env, &["doctor", "list", "--max-price", "60", "--sort", "price"]);
    let prices: Vec<i64> = cheap
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["price_cents"].as_i64().unwrap())
        .collect();
    assert!(!prices.is_empty() && prices.iter().all(|p| *p <= 6000));
    assert!(prices.windows(2).all(|w| w[0] <= w[1]));

    let good = json(&env, &["doctor", "list", "--min-rating", "4.7"]);
    assert!(
        good.as_array()
            .unwrap()
            .iter()
            .all(|d| d["rating"].as_f64().unwrap() >= 4.7)
    );

    let by_exp = json(&env, &["doctor", "list", "--sort", "experience"]);
    let years: Vec<i64> = by_exp
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["years_experience"].as_i64().unwrap())
        .collect();
    assert!(years.windows(2).all(|w| w[0] >= w[1]));

    for (args, code) in [
        (vec!["doctor", "list", "--specialty", "astrologia"], 4),
        (vec!["doctor", "list", "--specialty", "psi"], 2),
        (vec!["doctor", "list", "--sort", "age"], 2),
        (vec!["doctor", "list", "--max-price", "cien"], 2),
        (vec!["doctor", "list", "--min-rating", "9"], 2),
    ] {
        env.run(&args).code(code);
    }
}

#[test]
fn doctor_show_has_the_weekly_schedule_and_resolves_names_and_prefixes() {
    let env = Env::admin();
    let d = json(&env, &["doctor", "show", "rosa quispe"]);
    assert_eq!(d["full_name"], "Rosa Elena Quispe Huamán");
    assert!(!d["schedule"].as_array().unwrap().is_empty());
    assert_eq!(d["schedule"][0]["start"], "08:00");
    let id = d["id"].as_str().unwrap();
    assert_eq!(json(&env, &["doctor", "show", id])["id"], id);
    assert_eq!(json(&env, &["doctor", "show", &id[..30]])["id"], id);
    env.run(&["doctor", "show", "garcía márquez"]).code(4);
    env.run(&["doctor", "show", "rosa"]).code(2); // Rosa Elena, Carmen Rosa, Tantaleán Rosas
}

#[test]
fn catalog_edits_are_admin_only_and_change_nothing_when_refused() {
    let env = Env::admin();
    env.as_receptionist();
    let before = env.dump();
    for args in [
        vec!["doctor", "edit", "rosa quispe", "--price", "70"],
        vec!["doctor", "schedule", "rosa quispe", "--set", "lun 08:00-12:00/20"],
        vec![
            "doctor",
            "time-off",
            "rosa quispe",
            "--from",
            "2026-03-10 00:00",
            "--to",
            "2026-03-11 00:00",
        ],
        vec![
            "doctor",
            "add",
            "--first-name",
            "Ana",
            "--last-name",
            "Pérez",
            "--specialty",
            "pediatria",
            "--rating",
            "4.5",
            "--price",
            "100",
        ],
    ] {
        env.run(&args).code(3);
    }
    assert_eq!(env.dump(), before);
    // Reading is fine for a receptionist.
    env.run(&["doctor", "list"]).ok();
}

#[test]
fn edits_keep_history_and_deactivation_keeps_the_doctor() {
    let env = Env::admin();
    let d = json(
        &env,
        &[
            "doctor",
            "edit",
            "rosa quispe",
            "--price",
            "75.50",
            "--rating",
            "4.9",
        ],
    );
    assert_eq!(d["price_cents"], 7550);
    assert_eq!(d["rating"], 4.9);
    json(&env, &["doctor", "edit", "rosa quispe", "--deactivate"]);
    let all = json(&env, &["doctor", "list"]);
    assert!(all.as_array().unwrap().iter().all(|x| x["id"] != d["id"]));
    let with_inactive = json(&env, &["doctor", "list", "--all"]);
    assert!(
        with_inactive
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["id"] == d["id"])
    );
    let shown = json(&env, &["doctor", "show", d["id"].as_str().unwrap()]);
    assert_eq!(shown["active"], false);
    let fields: Vec<&str> = shown["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["created", "price_cents", "rating", "active"]);
    assert_eq!(shown["changes"][3]["by_staff"], ADMIN);
}

#[test]
fn bad_catalog_input_is_refused_without_changes() {
    let env = Env::admin();
    let before = env.dump();
    for args in [
        vec!["doctor", "edit", "rosa quispe", "--rating", "5.5"],
        vec!["doctor", "edit", "rosa quispe", "--rating", "4.55"],
        vec!["doctor", "edit", "rosa quispe", "--price", "0"],
        vec![
            "doctor",
            "edit",
            "rosa quispe",
            "--photo-url",
            "javascript:alert(1)",
        ],
        vec!["doctor", "schedule", "rosa quispe", "--set", "lun 13:00-08:00/20"],
        vec![
            "doctor",
            "schedule",
            "rosa quispe",
            "--set",
            "lun 08:00-12:00/20",
            "--set",
            "lun 11:00-13:00/20",
        ],
        vec![
            "doctor",
            "time-off",
            "rosa quispe",
            "--from",
            "2026-03-11 00:00",
            "--to",
            "2026-03-10 00:00",
        ],
        vec![
            "doctor",
            "add",
            "--first-name",
            "Robert'); DROP TABLE catalog_doctors;--",
            "--last-name",
            "Tables",
            "--specialty",
            "pediatria",
            "--rating",
            "4.5",
            "--price",
            "100",
        ],
        vec![
            "doctor",
            "add",
            "--first-name",
            "Ana\u{1b}[31m",
            "--last-name",
            "Pérez",
            "--specialty",
            "pediatria",
            "--rating",
            "4.5",
            "--price",
            "100",
        ],
    ] {
        env.run(&args).code(2);
    }
    // A duplicate CMP is a conflict.
    env.run(&[
        "doctor",
        "add",
        "--first-name",
        "Ana",
        "--last-name",
        "Pérez",
        "--specialty",
        "pediatria",
        "--cmp",
        "045812",
        "--rating",
        "4.5",
        "--price",
        "100",
    ])
    .code(5);
    assert_eq!(env.dump(), before);
}

#[test]
fn admins_add_doctors_replace_schedules_and_record_time_off() {
    let env = Env::admin();
    let d = json(
        &env,
        &[
            "doctor",
            "add",
            "--first-name",
            "Ana María",
            "--last-name",
            "Peña O'Connor",
            "--specialty",
            "pediatría",
            "--cmp",
            "099001",
            "--rating",
            "4.5",
            "--years",
            "3",
            "--price",
            "95",
            "--schedule",
            "lun-vie 08:00-12:00/20",
        ],
    );
    assert_eq!(d["specialty"], "Pediatría");
    assert_eq!(d["price_cents"], 9500);
    let id = d["id"].as_str().unwrap();
    let week = json(
        &env,
        &[
            "doctor",
            "schedule",
            id,
            "--set",
            "lun,mie 15:00-19:00/30; sab 09:00-12:00/30",
        ],
    );
    assert_eq!(week.as_array().unwrap().len(), 3);
    let off = json(
        &env,
        &[
            "doctor",
            "time-off",
            "peña",
            "--from",
            "2026-03-09 00:00",
            "--to",
            "2026-03-14 00:00",
            "--reason",
            "Congreso de pediatría",
        ],
    );
    assert_eq!(off["starts_at"], "2026-03-09 00:00");
    let list = json(&env, &["doctor", "time-off-list"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["reason"], "Congreso de pediatría");
}

#[test]
fn whole_outputs_of_the_catalog() {
    let env = Env::admin();
    insta::assert_snapshot!(env.run("specialty list"), @r#"
        | Especialidad         | Médicos | Descripción                                                                                                                                    | Id                                   |
        |----------------------|---------|------------------------------------------------------------------------------------------------------------------------------------------------|--------------------------------------|
        | Cardiología          | 3       | Diagnóstico y tratamiento de enfermedades del corazón y los vasos sanguíneos: hipertensión, arritmias, dolor de pecho, insuficiencia cardiaca. | 019caed9-4300-7000-8010-000257aaf520 |
        | Dermatología         | 3       | Enfermedades de la piel, el cabello y las uñas: acné, dermatitis, manchas, lunares, alergias cutáneas e infecciones por hongos.                | 019caed9-4300-7000-8010-000305cd56d6 |
        | Endocrinología       | 2       | Hormonas y metabolismo: diabetes, tiroides, obesidad, colesterol alto, osteoporosis y trastornos del crecimiento.                              | 019caed9-4300-7000-8010-000dee505049 |
        | Gastroenterología    | 3       | Aparato digestivo, hígado y páncreas: gastritis, reflujo, colon irritable, estreñimiento, hepatitis y control de endoscopías.                  | 019caed9-4300-7000-8010-000486186fa4 |
        | Ginecología          | 3       | Salud de la mujer: control ginecológico, Papanicolaou, trastornos menstruales, planificación familiar, embarazo y menopausia.                  | 019caed9-4300-7000-8010-00080d334bd0 |
        | Infectología         | 2       | Infecciones complejas o persistentes: fiebre prolongada, VIH, tuberculosis, dengue, parasitosis y consejería al viajero.                       | 019caed9-4300-7000-8010-00122839ed9e |
        | Medicina General     | 6       | Atención integral de primer contacto: chequeos, enfermedades comunes, control de crónicos y derivación al especialista cuando hace falta.      | 019caed9-4300-7000-8010-0001963fe08d |
        | Nefrología           | 2       | Enfermedades del riñón: insuficiencia renal, presión alta de origen renal, proteinuria, control de diálisis y trasplante.                      | 019caed9-4300-7000-8010-0011a4f72ef3 |
        | Neumología           | 2       | Pulmones y vías respiratorias: asma, tos crónica, bronquitis, EPOC, neumonía y secuelas respiratorias.                                         | 019caed9-4300-7000-8010-000b9f6cffb3 |
        | Neurología           | 2       | Sistema nervioso: migrañas y dolores de cabeza, mareos, convulsiones, hormigueos, temblores y trastornos del sueño.                            | 019caed9-4300-7000-8010-0005e7202345 |
        | Nutrición            | 2       | Alimentación saludable y planes nutricionales: sobrepeso, obesidad, diabetes, anemia, embarazo, niños y deportistas.                           | 019caed9-4300-7000-8010-001340800f4a |
        | Oftalmología         | 2       | Ojos y visión: medida de la vista, ojo rojo, conjuntivitis, cataratas, glaucoma y control en diabéticos.                                       | 019caed9-4300-7000-8010-0009f026ec16 |
        | Otorrinolaringología | 2       | Oído, nariz y garganta: otitis, sinusitis, amigdalitis, pérdida de audición, zumbidos, ronquidos y vértigo.                                    | 019caed9-4300-7000-8010-000adccfe649 |
        | Pediatría            | 5       | Salud de bebés, niños y adolescentes: control de crecimiento y desarrollo, vacunas, fiebre, infecciones respiratorias y diarreas.              | 019caed9-4300-7000-8010-000608f41507 |
        | Psicología           | 3       | Evaluación y psicoterapia: ansiedad, estrés, duelo, problemas de pareja y familia, dificultades de aprendizaje y conducta.                     | 019caed9-4300-7000-8010-000ff428a8bb |
        | Psiquiatría          | 2       | Salud mental con tratamiento médico: depresión, ansiedad, trastorno bipolar, insomnio, adicciones y crisis emocionales.                        | 019caed9-4300-7000-8010-000ed54a88ba |
        | Reumatología         | 2       | Enfermedades de las articulaciones y autoinmunes: artritis, artrosis, lupus, gota, fibromialgia y dolor articular crónico.                     | 019caed9-4300-7000-8010-00105f041da2 |
        | Traumatología        | 3       | Huesos, articulaciones, músculos y ligamentos: fracturas, esguinces, dolor de espalda, rodilla y hombro, lesiones deportivas.                  | 019caed9-4300-7000-8010-00070363f221 |
        | Urología             | 2       | Riñones, vías urinarias y aparato reproductor masculino: infecciones urinarias, cálculos, próstata y disfunción eréctil.                       | 019caed9-4300-7000-8010-000c697640d6 |
    "#);
    insta::assert_snapshot!(env.run("--lang en doctor show \"rosa quispe\""), @r#"
        | Doctor              | Rosa Elena Quispe Huamán                              |
        | Specialty           | Medicina General                                      |
        | CMP                 | 045812                                                |
        | Rating              | 4.6                                                   |
        | Years of experience | 14                                                    |
        | Price               | S/ 60.00                                              |
        | Photo               | https://fotos.saludya.example/medicos/rosa-quispe.jpg |
        | Active              | yes                                                   |
        | Weekly schedule     | lun 08:00-13:00/15                                    |
        |                     | mar 08:00-13:00/15                                    |
        |                     | mié 08:00-13:00/15                                    |
        |                     | jue 08:00-13:00/15                                    |
        |                     | vie 08:00-13:00/15                                    |
        |                     | sáb 08:00-12:00/15                                    |
        | Time off            |                                                       |
        | Changes             | 2026-03-02T14:00:00Z created: - → -                   |
        | Id                  | 019caed9-4300-7000-8010-00143ed0d70b                  |
    "#);
    insta::assert_snapshot!(env.run("doctor show \"nadie nadie\""), @r#"
        ------- stderr -------
        error: No existe el médico «nadie nadie».
        sugerencia: Vea los médicos con `saludya doctor list`.
        [exit status: 4]
    "#);
    insta::assert_snapshot!(env.run("--format csv doctor list --specialty cardiologia"), @r#"
        doctor,specialty,rating,years,price,cmp,active,id
        Fernando José Salinas Pacheco,Cardiología,4.8,22,S/ 250.00,031488,yes,019caed9-4300-7000-8010-0059488ec876
        Mónica Valdivia Zegarra,Cardiología,4.5,15,S/ 220.00,043906,yes,019caed9-4300-7000-8010-005d34403e8f
        Raúl Ernesto Cárdenas Soto,Cardiología,4.2,10,S/ 180.00,055172,yes,019caed9-4300-7000-8010-00617ad22fa1
    "#);
}
