//! Patients from the command line: registering, finding, editing, and every kind of bad input
//! refused with a clear message, the documented exit code and the database untouched.

use crate::harness::*;

const ANA: &[&str] = &[
    "patient",
    "add",
    "--dni",
    "45678912",
    "--first-name",
    "Ana María",
    "--last-name",
    "García Pérez",
    "--email",
    "ana.garcia@example.com",
    "--phone",
    "987 654 321",
    "--birth-date",
    "1985-07-28",
    "--sex",
    "f",
];

fn json(env: &Env, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    env.run(&all).ok().json()
}

/// An admin session with Ana registered.
fn with_ana() -> (Env, serde_json::Value) {
    let env = Env::admin();
    let ana = json(&env, ANA);
    (env, ana)
}

#[test]
fn add_normalises_the_data_and_prints_snake_case_json() {
    let (_env, ana) = with_ana();
    assert!(ana["id"].is_string());
    assert_eq!(ana["doc_type"], "dni");
    assert_eq!(ana["doc_number"], "45678912");
    assert_eq!(ana["first_name"], "Ana María");
    assert_eq!(ana["last_name"], "García Pérez");
    assert_eq!(ana["full_name"], "Ana María García Pérez");
    assert_eq!(ana["email"], "ana.garcia@example.com");
    assert_eq!(ana["phone"], "+51987654321");
    assert_eq!(ana["birth_date"], "1985-07-28");
    assert_eq!(ana["age"], 40);
    assert_eq!(ana["sex"], "f");
    assert_eq!(ana["created_at"], "2026-03-02T14:00:00Z");
    assert_eq!(ana["warnings"], serde_json::json!([]));
}

#[test]
fn a_patient_is_found_by_dni_id_and_id_prefix() {
    let (env, ana) = with_ana();
    let id = ana["id"].as_str().unwrap();
    for key in ["45678912", id, &id[..8], "dni:45678912"] {
        let shown = json(&env, &["patient", "show", key]);
        assert_eq!(shown["id"], id, "{key}");
        assert!(shown.get("warnings").is_none(), "show has no warnings field");
    }
}

#[test]
fn search_by_name_in_any_order_and_by_document_prefix() {
    let (env, ana) = with_ana();
    json(
        &env,
        &[
            "patient",
            "add",
            "--dni",
            "70000001",
            "--first-name",
            "Luis",
            "--last-name",
            "Peña Quispe",
        ],
    );
    for query in [
        &["garcia", "ana"][..],
        &["ANA GARCÍA"],
        &["ana", "mar", "per"],
        &["4567"],
    ] {
        let mut args = vec!["patient", "search"];
        args.extend_from_slice(query);
        let found = json(&env, &args);
        assert_eq!(found.as_array().unwrap().len(), 1, "{query:?}: {found}");
        assert_eq!(found[0]["id"], ana["id"]);
    }
    let pena = json(&env, &["patient", "search", "pena"]);
    assert_eq!(pena[0]["last_name"], "Peña Quispe");
    assert_eq!(
        json(&env, &["patient", "search", "zapata"]),
        serde_json::json!([])
    );
    let all = json(&env, &["patient", "list"]);
    assert_eq!(all.as_array().unwrap().len(), 2);
    let page = json(&env, &["patient", "list", "--limit", "1", "--offset", "1"]);
    assert_eq!(page[0]["last_name"], "Peña Quispe");
}

#[test]
fn csv_and_table_output() {
    let (env, _) = with_ana();
    let csv = env.run(&["--format", "csv", "patient", "list"]);
    let mut lines = csv.ok().stdout.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,doc_type,doc_number,last_name,first_name,birth_date,phone"
    );
    assert!(
        lines
            .next()
            .unwrap()
            .contains(",DNI,45678912,García Pérez,Ana María,1985-07-28,+51987654321")
    );
    let table = env.run(&["patient", "show", "45678912"]);
    assert!(table.ok().stdout.contains("García Pérez"));
}

#[test]
fn a_probable_duplicate_is_warned_about_not_blocked() {
    let (env, ana) = with_ana();
    let out = env.run(&[
        "--format",
        "json",
        "patient",
        "add",
        "--doc-type",
        "passport",
        "--dni",
        "xk123456",
        "--first-name",
        "ana maria",
        "--last-name",
        "GARCIA PEREZ",
        "--birth-date",
        "1985-07-28",
    ]);
    let twin = out.ok().json();
    assert_eq!(twin["doc_number"], "XK123456");
    assert_eq!(twin["warnings"][0]["kind"], "probable_duplicate");
    assert_eq!(twin["warnings"][0]["patient_id"], ana["id"]);
    assert!(out.stderr.contains("aviso: Posible duplicado"), "{}", out.stderr);
    assert_eq!(json(&env, &["patient", "list"]).as_array().unwrap().len(), 2);
}

#[test]
fn edit_changes_only_the_given_fields_and_empty_clears() {
    let (env, ana) = with_ana();
    let edited = json(
        &env,
        &[
            "patient",
            "edit",
            "45678912",
            "--phone",
            "(01) 456-7890",
            "--email",
            "",
        ],
    );
    assert_eq!(edited["id"], ana["id"]);
    assert_eq!(edited["phone"], "+5114567890");
    assert_eq!(edited["email"], serde_json::Value::Null);
    assert_eq!(edited["first_name"], "Ana María");
    assert_eq!(edited["birth_date"], "1985-07-28");
    let moved = json(&env, &["patient", "edit", "45678912", "--dni", "45678999"]);
    assert_eq!(moved["doc_number"], "45678999");
    assert_eq!(json(&env, &["patient", "show", "45678999"])["id"], ana["id"]);
}

#[test]
fn a_receptionist_registers_patients() {
    let env = Env::admin();
    env.as_receptionist();
    json(&env, ANA);
    let me = json(&env, &["whoami"]);
    assert_eq!(me["role"], "receptionist");
}

/// Each bad input: the arguments, the exit code, words the message must contain.
#[test]
fn bad_input_is_refused_with_a_clear_message_and_changes_nothing() {
    let (env, _) = with_ana();
    json(
        &env,
        &[
            "patient",
            "add",
            "--dni",
            "70000001",
            "--first-name",
            "Luis",
            "--last-name",
            "Rojas",
        ],
    );
    let long = "a".repeat(10_000);
    let add = |dni: &'static str, first: &str, extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = [
            "patient",
            "add",
            "--dni",
            dni,
            "--first-name",
            first,
            "--last-name",
            "Soto",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let sql = "'; DROP TABLE user_patients; --";
    let cases: Vec<(Vec<String>, i32, &str)> = vec![
        (add("1234567", "Rosa", &[]), 2, "8 dígitos"),
        (add("123456789", "Rosa", &[]), 2, "8 dígitos"),
        (add("4567891O", "Rosa", &[]), 2, "DNI no válido"),
        (
            add("45678912", "Rosa", &[]),
            5,
            "Ya existe un paciente con DNI 45678912",
        ),
        (add("70000002", "Rosa", &["--doc-type", "ce"]), 2, "9 dígitos"),
        (
            add("70000002", "Rosa", &["--doc-type", "licencia"]),
            2,
            "Tipo de documento",
        ),
        (
            add("70000002", "Rosa", &["--email", "rosa@"]),
            2,
            "Correo electrónico no válido",
        ),
        (
            add("70000002", "Rosa", &["--email", "ANA.GARCIA@example.com"]),
            5,
            "ya pertenece",
        ),
        (
            add("70000002", "Rosa", &["--birth-date", "2026-03-03"]),
            2,
            "en el futuro",
        ),
        (
            add("70000002", "Rosa", &["--birth-date", "1899-12-31"]),
            2,
            "no es plausible",
        ),
        (
            add("70000002", "Rosa", &["--birth-date", "02/03/90"]),
            2,
            "AAAA-MM-DD",
        ),
        (
            add("70000002", "Rosa", &["--phone", "12345"]),
            2,
            "Teléfono no válido",
        ),
        (add("70000002", "Rosa", &["--sex", "x"]), 2, "Sexo no válido"),
        (add("70000002", &long, &[]), 2, "como máximo 60 caracteres"),
        (add("70000002", "Rosa\u{1b}[31m", &[]), 2, "caracteres de control"),
        (add("70000002", "R2D2", &[]), 2, "carácter no permitido «2»"),
        (add("70000002", sql, &[]), 2, "carácter no permitido"),
        (
            add("70000002", "Rosa", &["--email", sql]),
            2,
            "Correo electrónico no válido",
        ),
        (add("70000002", "   ", &[]), 2, "es obligatorio"),
        (
            vec!["patient".into(), "show".into(), "11111111".into()],
            4,
            "No hay ningún paciente con DNI 11111111",
        ),
        (
            vec!["patient".into(), "show".into(), "ffffffff".into()],
            4,
            "No existe paciente con id",
        ),
        (
            vec!["patient".into(), "show".into(), sql.into()],
            2,
            "no es un documento ni un id",
        ),
        (
            vec!["patient".into(), "show".into(), long.clone()],
            2,
            "Paciente no válido",
        ),
        (
            vec!["patient".into(), "search".into(), "ana\u{7}".into()],
            2,
            "caracteres de control",
        ),
        (
            vec!["patient".into(), "search".into(), long.clone()],
            2,
            "como máximo 100",
        ),
        (
            vec![
                "patient".into(),
                "edit".into(),
                "11111111".into(),
                "--phone".into(),
                "987654321".into(),
            ],
            4,
            "No hay ningún paciente",
        ),
        (
            vec![
                "patient".into(),
                "edit".into(),
                "45678912".into(),
                "--dni".into(),
                "70000001".into(),
            ],
            5,
            "Ya existe un paciente con DNI 70000001",
        ),
        (
            vec![
                "patient".into(),
                "edit".into(),
                "45678912".into(),
                "--birth-date".into(),
                "2030-01-01".into(),
            ],
            2,
            "en el futuro",
        ),
        (
            vec!["patient".into(), "edit".into(), "45678912".into()],
            2,
            "nada que cambiar",
        ),
        (
            vec![
                "patient".into(),
                "edit".into(),
                "45678912".into(),
                "--last-name".into(),
                sql.into(),
            ],
            2,
            "carácter no permitido",
        ),
    ];
    let before = env.dump();
    for (args, code, words) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = env.run(&args);
        out.code(*code);
        assert!(out.stderr.contains(words), "{:?}: {}", &args[..3], out.stderr);
        assert!(
            out.stderr.chars().count() < 600,
            "the message does not echo huge input: {}",
            out.stderr.len()
        );
        assert!(!out.stderr.contains('\u{1b}'), "no terminal escapes echoed");
        assert_eq!(before, env.dump(), "{:?} changed the database", &args[..3]);
    }
}

#[test]
fn sql_looking_search_text_is_just_text() {
    let (env, _) = with_ana();
    let before = env.dump();
    for q in ["'; DROP TABLE user_patients; --", "%", "_", "\" OR 1=1 --"] {
        assert_eq!(
            json(&env, &["patient", "search", q]),
            serde_json::json!([]),
            "{q}"
        );
    }
    assert_eq!(before, env.dump());
    assert_eq!(json(&env, &["patient", "list"]).as_array().unwrap().len(), 1);
}

#[test]
fn an_ambiguous_id_prefix_asks_for_more_characters() {
    let (env, ana) = with_ana();
    let ana_id = ana["id"].as_str().unwrap().to_string();
    // UUID v7 ids made moments apart share their leading (time) characters.
    let mut shared = 0;
    for dni in ["70000001", "70000002"] {
        let other = json(
            &env,
            &[
                "patient",
                "add",
                "--dni",
                dni,
                "--first-name",
                "Luis",
                "--last-name",
                "Rojas",
            ],
        );
        let other_id = other["id"].as_str().unwrap();
        shared = ana_id
            .chars()
            .zip(other_id.chars())
            .take_while(|(a, b)| a == b)
            .count();
        if shared >= 6 {
            break;
        }
    }
    assert!(shared >= 6, "ids made a second apart share at least 6 characters");
    let before = env.dump();
    let out = env.run(&["--format", "json", "patient", "show", &ana_id[..shared]]);
    out.code(2);
    assert_eq!(out.json_err()["kind"], "invalid");
    assert!(out.json_err()["detail"].as_str().unwrap().contains("ambiguo"));
    assert_eq!(before, env.dump());
}

#[test]
fn errors_in_english_with_lang_en() {
    let (env, _) = with_ana();
    let out = env.run(&[
        "--lang",
        "en",
        "patient",
        "add",
        "--dni",
        "123",
        "--first-name",
        "A",
        "--last-name",
        "B",
    ]);
    out.code(2);
    assert!(
        out.stderr.contains("it must be exactly 8 digits"),
        "{}",
        out.stderr
    );
}

#[test]
fn patients_need_a_session_and_a_revoked_token_is_refused() {
    let env = Env::admin();
    let token_file = std::fs::read_dir(env.path("config/saludya/sessions"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let token = std::fs::read_to_string(&token_file).unwrap();
    env.run(&["logout"]).ok();
    let before = env.dump();
    env.run(ANA).code(3);
    let out = env
        .command()
        .args(ANA)
        .env("SALUDYA_TOKEN", token.trim())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "a revoked token no longer works");
    assert_eq!(before, env.dump());
}

#[test]
fn whole_outputs_of_register_show_search_and_a_duplicate() {
    let env = Env::admin();
    insta::assert_snapshot!(env.run("patient add --dni 45678912 --first-name Ana --last-name \"García Pérez\" --phone 987654321 --birth-date 1990-05-17"), @r#"
        | Id                  | 019caed9-4300-7000-8030-0000b9196929 |
        | Tipo de documento   | DNI                                  |
        | Número de documento | 45678912                             |
        | Nombres             | Ana                                  |
        | Apellidos           | García Pérez                         |
        | Nacimiento          | 1990-05-17                           |
        | Edad                | 35                                   |
        | Sexo                |                                      |
        | Teléfono            | +51987654321                         |
        | Correo              |                                      |
        | Registrado (UTC)    | 2026-03-02T14:00:00Z                 |
        | Actualizado (UTC)   | 2026-03-02T14:00:00Z                 |
        ------- stderr -------
        Paciente registrado: Ana García Pérez (DNI 45678912).
    "#);
    insta::assert_snapshot!(env.run("patient show 45678912"), @r#"
        | Id                  | 019caed9-4300-7000-8030-0000b9196929 |
        | Tipo de documento   | DNI                                  |
        | Número de documento | 45678912                             |
        | Nombres             | Ana                                  |
        | Apellidos           | García Pérez                         |
        | Nacimiento          | 1990-05-17                           |
        | Edad                | 35                                   |
        | Sexo                |                                      |
        | Teléfono            | +51987654321                         |
        | Correo              |                                      |
        | Registrado (UTC)    | 2026-03-02T14:00:00Z                 |
        | Actualizado (UTC)   | 2026-03-02T14:00:00Z                 |
    "#);
    insta::assert_snapshot!(env.run("--lang en patient search garcia"), @r#"
        | Id                                   | Doc type | Doc number | Last name    | First name | Birth date | Phone        |
        |--------------------------------------|----------|------------|--------------|------------|------------|--------------|
        | 019caed9-4300-7000-8030-0000b9196929 | DNI      | 45678912   | García Pérez | Ana        | 1990-05-17 | +51987654321 |
    "#);
    insta::assert_snapshot!(env.run("patient add --dni 45678912 --first-name Otra --last-name Persona"), @r#"
        ------- stderr -------
        error: Ya existe un paciente con DNI 45678912: Ana García Pérez (id 019caed9-4300-7000-8030-0000b9196929).
        sugerencia: Véalo con `saludya patient show 45678912`.
        [exit status: 5]
    "#);
    insta::assert_snapshot!(env.run("patient show 11111111"), @r#"
        ------- stderr -------
        error: No hay ningún paciente con DNI 11111111.
        sugerencia: Búsquelo por nombre con `saludya patient search NOMBRE` o regístrelo con `saludya patient add`.
        [exit status: 4]
    "#);
}
