//! Staff accounts and sessions from the command line.

use crate::harness::*;

#[test]
fn init_login_whoami_logout() {
    let env = Env::empty();
    env.run_stdin(&["init", "--admin-email", ADMIN, "--password-stdin"], ADMIN_PW)
        .ok();
    env.run(&["whoami"]).code(3);
    env.login(ADMIN, ADMIN_PW);
    let me = env.run(&["--format", "json", "whoami"]);
    assert_eq!(me.ok().json()["email"], ADMIN);
    assert_eq!(me.json()["role"], "admin");
    env.run(&["logout"]).ok();
    env.run(&["whoami"]).code(3);
}

#[test]
fn session_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::admin();
    let dir = env.path("config/saludya/sessions");
    let file = std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap();
    assert_eq!(file.metadata().unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn wrong_password_exits_3_and_changes_no_account() {
    let env = Env::admin();
    let out = env.run_stdin(
        &["--format", "json", "login", "--email", ADMIN, "--password-stdin"],
        "not-the-password",
    );
    out.code(3);
    assert_eq!(out.json_err()["kind"], "unauthorized");
    assert!(
        !out.stderr.contains("not-the-password"),
        "the password never appears in messages"
    );
}

#[test]
fn init_refuses_a_weak_password_and_creates_nothing() {
    let env = Env::empty();
    let out = env.run_stdin(
        &["init", "--admin-email", ADMIN, "--password-stdin"],
        "password123",
    );
    out.code(2);
    assert!(!env.db().exists());
}

#[test]
fn init_twice_is_a_conflict() {
    let env = Env::admin();
    let before = env.dump();
    env.run_stdin(
        &["init", "--admin-email", "otro@clinica.pe", "--password-stdin"],
        ADMIN_PW,
    )
    .code(5);
    assert_eq!(before, env.dump());
}

#[test]
fn a_receptionist_cannot_manage_staff() {
    let env = Env::admin();
    env.as_receptionist();
    let before = env.dump();
    let out = env.run_stdin(
        &["staff", "add", "--email", "x@clinica.pe", "--password-stdin"],
        "tortuga-lluvia-mercado-verde",
    );
    out.code(3);
    assert!(out.stderr.contains("admin"), "{}", out.stderr);
    assert_eq!(before, env.dump());
}

#[test]
fn an_expired_session_is_refused() {
    let mut env = Env::admin();
    env.now = "2026-03-03T03:00:00Z".to_string(); // 13 hours later
    env.run(&["whoami"]).code(3);
}

#[test]
fn a_bad_token_is_refused() {
    let env = Env::admin();
    let out = env
        .command()
        .arg("whoami")
        .env("SALUDYA_TOKEN", "deadbeef")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn a_missing_database_exits_4_with_a_hint() {
    let env = Env::empty();
    let out = env.run(&["whoami"]);
    out.code(4);
    assert!(out.stderr.contains("saludya init"), "{}", out.stderr);
}

#[test]
fn a_file_that_is_not_a_database_is_refused_untouched() {
    let env = Env::empty_sqlite();
    std::fs::write(env.db(), b"hello, this is not sqlite at all, just text................................................................").unwrap();
    let before = std::fs::read(env.db()).unwrap();
    let out = env.run(&["whoami"]);
    out.code(1);
    assert!(out.stderr.contains("no es una base de datos"), "{}", out.stderr);
    assert_eq!(before, std::fs::read(env.db()).unwrap());
}

#[test]
fn whole_outputs_of_the_session_commands() {
    let env = Env::admin();
    insta::assert_snapshot!(env.run("whoami"), @r#"
        | Correo         | admin@clinica.pe                     |
        | Nombre         |                                      |
        | Rol            | admin                                |
        | Desactivada    | no                                   |
        | Último ingreso | 2026-03-02T14:00:00Z                 |
        | Id             | 019caed9-4300-7000-8010-00006f03c29b |
    "#);
    insta::assert_snapshot!(env.run("--lang en staff list"), @r#"
        | Email            | Name | Role  | Disabled | Last login           | Id                                   |
        |------------------|------|-------|----------|----------------------|--------------------------------------|
        | admin@clinica.pe |      | admin | no       | 2026-03-02T14:00:00Z | 019caed9-4300-7000-8010-00006f03c29b |
    "#);
    insta::assert_snapshot!(env.run_stdin("login --email nadie@clinica.pe --password-stdin", "x"), @r#"
        ------- stderr -------
        error: Correo o contraseña incorrectos.
        [exit status: 3]
    "#);
    env.run("logout").ok();
    insta::assert_snapshot!(env.run("whoami"), @r#"
        ------- stderr -------
        error: No hay una sesión válida (no inició sesión, expiró o fue cerrada).
        sugerencia: Inicie sesión con `saludya login --email CORREO`.
        [exit status: 3]
    "#);
    insta::assert_snapshot!(env.run("--format json --lang en whoami"), @r#"
        ------- stderr -------
        {"detail":"There is no valid session (not logged in, expired or revoked).","hint":"Log in with `saludya login --email EMAIL`.","kind":"unauthorized"}
        [exit status: 3]
    "#);
}
