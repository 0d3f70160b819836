//! Issue 10: what a hostile local user, a wrong restore or a full disk can do.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Stdio;

use crate::harness::*;

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// Runs the binary under `umask 000`: every mode we see is the one the program asked for.
fn run_umask0(env: &Env, args: &[&str], stdin: &str) -> Out {
    let cmd = env.command();
    let bin = cmd.get_program().to_owned();
    let mut sh = std::process::Command::new("sh");
    sh.env_clear();
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            sh.env(k, v);
        }
    }
    sh.current_dir(env.dir.path())
        .arg("-c")
        .arg("umask 000; exec \"$0\" \"$@\"")
        .arg(bin)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = sh.spawn().unwrap();
    {
        use std::io::Write;
        let mut input = child.stdin.take().unwrap();
        let _ = input.write_all(stdin.as_bytes());
        let _ = input.write_all(b"\n");
    }
    let out = child.wait_with_output().unwrap();
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn the_data_folder_database_wal_shm_backup_and_export_are_private_from_creation() {
    let env = Env::empty();
    let db = env.path("datos/clinica/saludya.db");
    let db_arg = db.to_str().unwrap();
    run_umask0(
        &env,
        &["--db", db_arg, "init", "--admin-email", ADMIN, "--password-stdin"],
        ADMIN_PW,
    )
    .ok();
    assert_eq!(mode(&env.path("datos")), 0o700);
    assert_eq!(mode(&env.path("datos/clinica")), 0o700);
    assert_eq!(mode(&db), 0o600);
    // While another desk has it open, the -wal and -shm exist: same mode as the database.
    let reader = rusqlite::Connection::open(&db).unwrap();
    reader
        .query_row("SELECT COUNT(*) FROM auth_staff", [], |r| r.get::<_, i64>(0))
        .unwrap();
    run_umask0(
        &env,
        &["--db", db_arg, "login", "--email", ADMIN, "--password-stdin"],
        ADMIN_PW,
    )
    .ok();
    for companion in ["-wal", "-shm"] {
        let p = env.path(&format!("datos/clinica/saludya.db{companion}"));
        assert_eq!(mode(&p), 0o600, "{companion}");
    }
    drop(reader);
    let token_dir = env.path("config/saludya/sessions");
    assert_eq!(mode(&token_dir), 0o700);
    let copy = env.path("copia.db");
    run_umask0(&env, &["--db", db_arg, "backup", copy.to_str().unwrap()], "").ok();
    assert_eq!(mode(&copy), 0o600);
    let csv = env.path("agenda.csv");
    run_umask0(
        &env,
        &[
            "--db",
            db_arg,
            "export",
            "appointments",
            "-o",
            csv.to_str().unwrap(),
        ],
        "",
    )
    .ok();
    assert_eq!(mode(&csv), 0o600);
}

#[test]
fn a_database_readable_by_others_is_warned_about() {
    let env = Env::admin();
    let quiet = env.run(&["whoami"]);
    assert!(!quiet.ok().stderr.contains("chmod"), "{}", quiet.stderr);
    std::fs::set_permissions(env.db(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = env.run(&["--lang", "en", "whoami"]);
    assert!(
        out.ok().stderr.contains("other users of this machine can read"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_empty_file_or_a_device_given_as_db_is_never_turned_into_a_database() {
    let env = Env::empty();
    std::fs::write(env.db(), b"").unwrap();
    for args in [
        vec!["init", "--admin-email", ADMIN, "--password-stdin"],
        vec!["whoami"],
        vec!["patient", "list"],
    ] {
        let out = env.run_stdin(&args, ADMIN_PW);
        out.code(2);
        assert!(
            out.stderr.contains("no es una base de datos de SaludYa"),
            "{}",
            out.stderr
        );
        assert_eq!(std::fs::metadata(env.db()).unwrap().len(), 0, "{args:?}");
    }
    let out = env.run_stdin(
        &[
            "--db",
            "/dev/null",
            "init",
            "--admin-email",
            ADMIN,
            "--password-stdin",
        ],
        ADMIN_PW,
    );
    out.code(2);
    let out = env.run(&[
        "--db",
        "/dev/null",
        "demo",
        "--patients",
        "0",
        "--appointments",
        "0",
    ]);
    out.code(2);
}

#[test]
fn another_programs_sqlite_file_is_not_migrated_into() {
    let env = Env::empty();
    let other = env.path("otro.sqlite");
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute_batch("CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('x');")
        .unwrap();
    drop(conn);
    let before = dump(&other);
    let out = env.run(&["--db", other.to_str().unwrap(), "whoami"]);
    out.code(2);
    assert_eq!(dump(&other), before);
}

#[test]
fn init_refuses_a_leftover_wal_of_another_database() {
    let env = Env::empty();
    std::fs::write(env.path("saludya.db-wal"), b"stale log of some other file").unwrap();
    let out = env.run_stdin(&["init", "--admin-email", ADMIN, "--password-stdin"], ADMIN_PW);
    out.code(5);
    assert!(!env.db().exists());
}

#[test]
fn every_csv_listing_defuses_spreadsheet_formulas() {
    let env = Env::admin();
    env.run_stdin(
        &[
            "staff",
            "add",
            "--email",
            "rosa@clinica.pe",
            "--name",
            "=HYPERLINK(\"http://x.pe\",\"Rosa\")",
            "--password-stdin",
        ],
        "girasol-montaña-cuaderno-rojo",
    )
    .ok();
    let out = env.run(&["--format", "csv", "staff", "list"]);
    let csv = &out.ok().stdout;
    assert!(
        csv.starts_with("email,name,role,disabled,last_login,id\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://x.pe\"\",\"\"Rosa\"\")\""),
        "{csv}"
    );
    assert!(
        !csv.contains(",=HYPERLINK") && !csv.contains(",\"=HYPERLINK"),
        "{csv}"
    );

    env.run(&[
        "patient",
        "add",
        "--dni",
        "45678912",
        "--first-name",
        "Ana",
        "--last-name",
        "Torres",
        "--email=-2+3@x.pe",
    ])
    .ok();
    let out = env.run(&["--format", "csv", "patient", "show", "45678912"]);
    assert!(out.ok().stdout.contains(",'-2+3@x.pe"), "{}", out.stdout);
}
