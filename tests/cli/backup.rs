//! `backup FILE` and `backup check [FILE]`.

use crate::harness::*;

fn with_patient() -> Env {
    let env = Env::admin_sqlite();
    env.run(&[
        "patient",
        "add",
        "--dni",
        "45678912",
        "--first-name",
        "Ana",
        "--last-name",
        "García",
    ])
    .ok();
    env
}

fn check(env: &Env, file: &std::path::Path) -> Out {
    env.run(&["--format", "json", "backup", "check", file.to_str().unwrap()])
}

#[test]
fn a_backup_is_a_verified_copy_of_the_whole_database() {
    let env = with_patient();
    let copy = env.path("copia.db");
    let out = env.run(&["--format", "json", "backup", copy.to_str().unwrap()]);
    let report = out.ok().json();
    assert_eq!(report["ok"], true);
    assert_eq!(report["integrity"], "ok");
    assert!(out.stderr.contains("verificada"), "{}", out.stderr);
    assert_eq!(dump(&copy), env.dump(), "same content as the live database");
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&copy).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "patient data readable by the owner only");
    }
    let checked = check(&env, &copy);
    let report = checked.ok().json();
    assert_eq!(report["ok"], true);
    assert_eq!(report["foreign_key_violations"], 0);
    assert_eq!(report["schema_version"], report["app_schema_version"]);
    // The copy works as a database of its own (sessions are per file: log in again).
    let copy_arg = copy.to_str().unwrap();
    env.run_stdin(
        &["--db", copy_arg, "login", "--email", ADMIN, "--password-stdin"],
        ADMIN_PW,
    )
    .ok();
    let shown = env.run(&[
        "--db", copy_arg, "--format", "json", "patient", "show", "45678912",
    ]);
    assert_eq!(shown.ok().json()["first_name"], "Ana");
}

#[test]
fn an_existing_file_is_not_overwritten_without_force() {
    let env = with_patient();
    let copy = env.path("copia.db");
    std::fs::write(&copy, b"previous backup").unwrap();
    let out = env.run(&["backup", copy.to_str().unwrap()]);
    out.code(5);
    assert!(out.stderr.contains("ya existe"), "{}", out.stderr);
    assert!(out.stderr.contains("--force"), "{}", out.stderr);
    assert_eq!(std::fs::read(&copy).unwrap(), b"previous backup");
    env.run(&["backup", copy.to_str().unwrap(), "--force"]).ok();
    assert_eq!(dump(&copy), env.dump());
    let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file left behind");
}

#[test]
fn backup_refuses_its_own_database_and_needs_a_session() {
    let env = with_patient();
    let before = env.dump();
    env.run(&["backup", env.db().to_str().unwrap(), "--force"])
        .code(2);
    assert_eq!(before, env.dump());
    env.run(&["logout"]).ok();
    let copy = env.path("copia.db");
    env.run(&["backup", copy.to_str().unwrap()]).code(3);
    assert!(!copy.exists());
    env.run(&["backup"]).code(2);
}

#[test]
fn check_without_a_file_checks_the_database_in_use() {
    let env = with_patient();
    let report = env.run(&["--format", "json", "backup", "check"]).ok().json();
    assert_eq!(report["ok"], true);
    assert_eq!(report["file"], env.db().to_str().unwrap());
}

/// Each kind of bad copy: how to spoil it, and words of the message. All exit 1.
#[test]
fn check_finds_bad_copies() {
    let env = with_patient();
    let good = env.path("good.db");
    env.run(&["backup", good.to_str().unwrap()]).ok();
    let spoil_sql = |name: &str, sql: &str| {
        let path = env.path(name);
        std::fs::copy(&good, &path).unwrap();
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch(sql)
            .unwrap();
        path
    };
    let orphan = spoil_sql(
        "orphan.db",
        "PRAGMA foreign_keys = OFF; INSERT INTO user_patient_words (word, patient_id, search_name, all_words) VALUES ('x', 'no-such-patient', 'x', ' x')",
    );
    let newer = spoil_sql(
        "newer.db",
        "INSERT INTO refinery_schema_history (version, name, applied_on, checksum) VALUES (999, 'future', '2030-01-01', '0')",
    );
    let foreign = spoil_sql("foreign.db", "DROP TABLE refinery_schema_history");
    let damaged = env.path("damaged.db");
    let mut bytes = std::fs::read(&good).unwrap();
    let page = 4096;
    for b in &mut bytes[2 * page..6 * page] {
        *b = 0xA5;
    }
    std::fs::write(&damaged, bytes).unwrap();
    let text = env.path("text.db");
    std::fs::write(&text, "id,name\n1,Ana\n".repeat(100)).unwrap();

    let cases = [
        (orphan, "claves foráneas"),
        (newer, "más nueva"),
        (foreign, "no es una base de SaludYa"),
        (damaged, ""),
        (text, "no es una base de datos SQLite legible"),
    ];
    for (file, words) in cases {
        let out = check(&env, &file);
        out.code(1);
        assert_eq!(out.json()["ok"], false, "{}", file.display());
        let err = out.json_err();
        assert_eq!(err["kind"], "internal");
        assert!(
            err["detail"].as_str().unwrap().contains(words),
            "{}: {err}",
            file.display()
        );
    }
    env.run(&["backup", "check", env.path("missing.db").to_str().unwrap()])
        .code(4);
}

#[test]
fn whole_outputs_of_a_backup_and_its_check() {
    let env = with_patient();
    insta::assert_snapshot!(env.run("backup copia.db"), @r#"
        | Archivo                        | copia.db |
        | Resultado                      | OK       |
        | Tamaño (bytes)                 | 462848   |
        | Integridad                     | ok       |
        | Violaciones de claves foráneas | 0        |
        | Versión del esquema            | 14       |
        | Versión de este programa       | 14       |
        | Tablas                         | 20       |
        | Problemas                      |          |
        ------- stderr -------
        Copia guardada y verificada: copia.db (452 KiB).
    "#);
    insta::assert_snapshot!(env.run("--lang en backup check copia.db"), @r#"
        | File                   | copia.db |
        | Result                 | OK       |
        | Size bytes             | 462848   |
        | Integrity              | ok       |
        | Foreign key violations | 0        |
        | Schema version         | 14       |
        | App schema version     | 14       |
        | Tables                 | 20       |
        | Problems               |          |
        ------- stderr -------
        copia.db: the copy is sound.
    "#);
    insta::assert_snapshot!(env.run("backup check no-existe.db"), @r#"
        ------- stderr -------
        error: No existe el archivo no-existe.db.
        [exit status: 4]
    "#);
}
