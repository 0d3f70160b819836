//! `saludya demo`: a demo database with the catalog, two demo accounts and sample patients.

use crate::harness::*;

const ADMIN_DEMO: (&str, &str) = ("admin@saludya.demo", "ceviche-de-lima-2026");
const RECEPTION_DEMO: (&str, &str) = ("recepcion@saludya.demo", "chicha-morada-2026");

fn json(env: &Env, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    env.run(&all).ok().json()
}

#[test]
fn demo_creates_a_ready_to_use_database_and_prints_the_credentials() {
    let env = Env::empty();
    let out = env.run(&["--format", "json", "demo", "--patients", "120"]);
    let summary = out.ok().json();
    assert_eq!(summary["created"], true);
    assert_eq!(summary["patients"], 120);
    assert_eq!(summary["patients_added"], 120);
    assert_eq!(summary["specialties"], 19);
    assert!(summary["doctors"].as_u64().unwrap() >= 45);
    for (email, password) in [ADMIN_DEMO, RECEPTION_DEMO] {
        assert!(out.stderr.contains(email), "{}", out.stderr);
        assert!(out.stderr.contains(password), "{}", out.stderr);
    }
    assert!(
        out.stderr.contains("patient search"),
        "says what to try: {}",
        out.stderr
    );

    env.login(RECEPTION_DEMO.0, RECEPTION_DEMO.1);
    assert_eq!(json(&env, &["whoami"])["role"], "receptionist");
    let listed = json(&env, &["patient", "list", "--limit", "500"]);
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 120);
    // Sample patients are realistic: they pass the same rules as typed ones.
    for p in listed {
        assert!(
            p["first_name"]
                .as_str()
                .unwrap()
                .chars()
                .all(|c| !c.is_ascii_digit())
        );
        let doc = p["doc_number"].as_str().unwrap();
        match p["doc_type"].as_str().unwrap() {
            "dni" => assert_eq!(doc.len(), 8),
            "ce" => assert_eq!(doc.len(), 9),
            _ => assert!((6..=12).contains(&doc.len())),
        }
    }
    env.login(ADMIN_DEMO.0, ADMIN_DEMO.1);
    assert_eq!(json(&env, &["whoami"])["role"], "admin");
}

#[test]
fn running_it_again_keeps_the_accounts_and_only_adds_missing_patients() {
    let env = Env::empty();
    env.run(&["demo", "--patients", "50"]).ok();
    env.login(ADMIN_DEMO.0, ADMIN_DEMO.1);
    let staff_before = json(&env, &["staff", "list"]);
    let again = json(&env, &["demo", "--patients", "50"]);
    assert_eq!(again["created"], false);
    assert_eq!(again["patients_added"], 0);
    assert_eq!(again["patients"], 50);
    assert_eq!(
        json(&env, &["staff", "list"]),
        staff_before,
        "accounts kept as they were"
    );
    assert_eq!(
        json(&env, &["whoami"])["email"],
        ADMIN_DEMO.0,
        "the session survives"
    );
    let more = json(&env, &["demo", "--patients", "80"]);
    assert_eq!(more["patients_added"], 30);
    assert_eq!(
        json(&env, &["patient", "list", "--limit", "500"])
            .as_array()
            .unwrap()
            .len(),
        80
    );
    assert_eq!(
        json(&env, &["specialty", "list"]).as_array().unwrap().len(),
        19,
        "catalog not doubled"
    );
}

#[test]
fn the_same_seed_gives_the_same_patients() {
    let names = |seed: &str| -> Vec<(String, String)> {
        let env = Env::empty();
        env.run(&["demo", "--patients", "40", "--seed", seed]).ok();
        env.login(ADMIN_DEMO.0, ADMIN_DEMO.1);
        json(&env, &["patient", "list", "--limit", "100"])
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["doc_number"].to_string(), p["full_name"].to_string()))
            .collect()
    };
    assert_eq!(names("7"), names("7"));
    assert_ne!(names("7"), names("8"));
}

#[test]
fn demo_refuses_to_mix_sample_data_into_a_real_database() {
    let env = Env::admin();
    let before = env.dump();
    let out = env.run(&["demo"]);
    out.code(5);
    assert!(
        out.stderr.contains("no es una base de demostración"),
        "{}",
        out.stderr
    );
    assert_eq!(before, env.dump());
}

#[test]
fn without_db_it_uses_demo_db_in_the_data_directory() {
    let env = Env::empty();
    let out = env
        .command()
        .env_remove("SALUDYA_DB")
        .args(["-q", "demo", "--patients", "5"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(env.path("data/saludya/demo.db").exists());
    assert!(!env.db().exists(), "the regular database is not touched");
}

#[test]
fn whole_output_of_a_small_demo() {
    let env = Env::empty();
    insta::assert_snapshot!(env.run("demo --patients 5 --seed 7"), @r#"
        ------- stderr -------
        Generando 5 pacientes de ejemplo...
        Generando 1000 citas de ejemplo con sus pagos...
        Base de demostración creada: $TEST_ENV/saludya.db
          19 especialidades, 51 médicos, 5 pacientes (5 nuevos), 1000 citas (1000 nuevas).

        Cuentas de demostración (contraseñas fijas, solo para bases de demostración):
          admin          admin@saludya.demo      ceviche-de-lima-2026
          recepcionista  recepcion@saludya.demo  chicha-morada-2026

        Pruebe:
          saludya --db $TEST_ENV/saludya.db login --email recepcion@saludya.demo
          saludya --db $TEST_ENV/saludya.db patient search garcia ana
          saludya --db $TEST_ENV/saludya.db patient show 48362587
          saludya --db $TEST_ENV/saludya.db specialty list
          saludya --db $TEST_ENV/saludya.db doctor list --specialty cardiologia --sort rating
          saludya --db $TEST_ENV/saludya.db slots --specialty cardiologia --limit 5
          saludya --db $TEST_ENV/saludya.db tui
    "#);
}
