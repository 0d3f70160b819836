//! Bad environments and oversized input across commands: a clear message, the documented exit
//! code, and nothing changed.

use crate::harness::*;

#[test]
fn a_database_from_a_newer_saludya_is_refused_untouched() {
    let env = Env::admin();
    env.sql_try(
        "INSERT INTO refinery_schema_history (version, name, applied_on, checksum)
         VALUES (999, 'future', '2030-01-01', '0')",
        &[],
    )
    .unwrap();
    let before = env.dump();
    for args in [&["patient", "list"][..], &["whoami"], &["demo"]] {
        let out = env.run(args);
        out.code(1);
        assert!(
            out.stderr.contains("versión más nueva"),
            "{args:?}: {}",
            out.stderr
        );
        assert!(out.stderr.contains("Actualice SaludYa"), "{}", out.stderr);
        assert_eq!(before, env.dump(), "{args:?}");
    }
    if env.on_postgres() {
        return; // `backup check` reads SQLite files.
    }
    // `backup check` reports it too, without needing to open it normally.
    let out = env.run(&["backup", "check"]);
    out.code(1);
    assert!(out.stderr.contains("más nueva"), "{}", out.stderr);
}

#[test]
fn a_database_path_that_cannot_be_opened_exits_1_with_the_reason() {
    let env = Env::empty_sqlite();
    std::fs::create_dir(env.db()).unwrap();
    let out = env.run(&["patient", "list"]);
    out.code(1);
    assert!(out.stderr.contains("No se puede abrir"), "{}", out.stderr);
}

#[test]
fn oversized_fields_are_refused_without_echoing_them() {
    let env = Env::admin();
    let before = env.dump();
    let huge_digits = "9".repeat(100_000);
    let huge_email = format!("{}@example.com", "a".repeat(100_000));
    for (flag, value) in [
        ("--phone", &huge_digits),
        ("--email", &huge_email),
        ("--birth-date", &huge_digits),
    ] {
        let out = env.run(&[
            "patient",
            "add",
            "--dni",
            "45678912",
            "--first-name",
            "Ana",
            "--last-name",
            "Soto",
            flag,
            value,
        ]);
        out.code(2);
        assert!(
            out.stderr.len() < 600,
            "{flag}: {} bytes of message",
            out.stderr.len()
        );
        assert_eq!(before, env.dump(), "{flag}");
    }
    let out = env.run(&[
        "patient",
        "add",
        "--dni",
        &huge_digits,
        "--first-name",
        "Ana",
        "--last-name",
        "Soto",
    ]);
    out.code(2);
    assert!(out.stderr.len() < 600);
    assert_eq!(before, env.dump());
}

#[test]
fn whole_outputs_of_refused_input() {
    let env = Env::admin();
    let before = env.dump();
    insta::assert_snapshot!(env.run("patient add --dni 1234 --first-name Ana --last-name Díaz"), @r#"
        ------- stderr -------
        error: DNI no válido «1234»: debe tener exactamente 8 dígitos.
        sugerencia: Para un carné de extranjería o un pasaporte use --doc-type ce|passport.
        [exit status: 2]
    "#);
    insta::assert_snapshot!(env.run("--lang en appointment book --patient 99999999 --doctor rosa --at \"2026-03-02 09:15\""), @r#"
        ------- stderr -------
        error: There is no patient with DNI 99999999.
        hint: Search by name with `saludya patient search NAME` or register them with `saludya patient add`.
        [exit status: 4]
    "#);
    insta::assert_snapshot!(env.run("--format json slots --doctor \"rosa quispe\" --days 0"), @r#"
        ------- stderr -------
        {"detail":"Una búsqueda de horarios abarca de 1 a 366 días.","hint":"--days va de 1 a 366.","kind":"invalid"}
        [exit status: 2]
    "#);
    insta::assert_snapshot!(env.run("appointment list --from 2026-13-01"), @r#"
        ------- stderr -------
        error: Fecha no válida: «2026-13-01» (use AAAA-MM-DD o DD/MM/AAAA)
        [exit status: 2]
    "#);
    assert_eq!(env.dump(), before);
}

/// With no database yet, the first command says how to start, not only that the file is missing.
#[test]
fn with_no_database_yet_the_user_is_told_how_to_start() {
    let env = Env::empty_sqlite();
    let out = env.run("--lang en whoami");
    out.code(4);
    assert!(out.stderr.contains("saludya demo"), "{}", out.stderr);
    assert!(
        out.stderr.contains("saludya init --admin-email"),
        "{}",
        out.stderr
    );
}
