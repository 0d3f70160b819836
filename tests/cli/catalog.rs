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
