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
        .args(args);
    env.run_with_stdin(sh, stdin)
}

#[test]
fn the_data_folder_database_wal_shm_backup_and_export_are_private_from_creation() {
    let env = Env::empty_sqlite();
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
    let env = Env::admin_sqlite();
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
    let env = Env::empty_sqlite();
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
    let env = Env::empty_sqlite();
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
    let env = Env::empty_sqlite();
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

fn add_patient(env: &Env, db: &Path, dni: &str, first: &str) {
    env.run(&[
        "--db",
        db.to_str().unwrap(),
        "patient",
        "add",
        "--dni",
        dni,
        "--first-name",
        first,
        "--last-name",
        "Quispe",
    ])
    .ok();
}

fn aside_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".before-restore-"))
        .collect();
    names.sort();
    names
}

/// The crash of the issue: a database and a `-wal` it never folded in, nobody holding them.
fn crashed_copy(env: &Env) -> std::path::PathBuf {
    let holder = rusqlite::Connection::open(env.db()).unwrap();
    holder.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    holder
        .query_row("SELECT COUNT(*) FROM user_patients", [], |r| r.get::<_, i64>(0))
        .unwrap();
    add_patient(env, &env.db(), "41234567", "Berta");
    let dir = env.path("crashed");
    std::fs::create_dir(&dir).unwrap();
    let db = dir.join("saludya.db");
    std::fs::copy(env.db(), &db).unwrap();
    let wal = std::fs::read(env.path("saludya.db-wal")).unwrap();
    assert!(!wal.is_empty());
    std::fs::write(dir.join("saludya.db-wal"), wal).unwrap();
    drop(holder);
    db
}

#[test]
fn restore_over_a_crashed_database_keeps_the_old_files_aside_and_installs_a_sound_copy() {
    let env = Env::admin_sqlite();
    add_patient(&env, &env.db(), "45678912", "Ana");
    let copy = env.path("copia.db");
    env.run(&["backup", copy.to_str().unwrap()]).ok();
    let crashed = crashed_copy(&env);
    let arg = crashed.to_str().unwrap();

    let out = env.run(&["--db", arg, "restore", copy.to_str().unwrap()]);
    out.code(5);
    assert!(out.stderr.contains("--force"), "{}", out.stderr);

    let out = env.run(&[
        "--db",
        arg,
        "--format",
        "json",
        "restore",
        copy.to_str().unwrap(),
        "--force",
    ]);
    let report = out.ok().json();
    assert_eq!(report["check"]["ok"], true, "{report}");
    assert_eq!(dump(&crashed), dump(&copy), "the restored database is the backup");
    assert!(
        !env.path("crashed/saludya.db-wal").exists(),
        "the stale log was not folded in"
    );
    let aside = aside_files(&env.path("crashed"));
    assert_eq!(aside.len(), 2, "{aside:?}");
    assert!(aside[1].ends_with("-wal"), "{aside:?}");
    // The old database with its log is kept: Berta (only in the log) is still there.
    let old = env.path("crashed").join(&aside[0]);
    let n: i64 = rusqlite::Connection::open(&old)
        .unwrap()
        .query_row(
            "SELECT COUNT(*) FROM user_patients WHERE first_name = 'Berta'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
    env.run(&["--db", arg, "check"]).ok();
    env.run(&["--db", arg, "backup", "check"]).ok();
}

#[test]
fn restore_refuses_while_another_process_has_the_database_open() {
    let env = Env::admin_sqlite();
    let copy = env.path("copia.db");
    env.run(&["backup", copy.to_str().unwrap()]).ok();
    add_patient(&env, &env.db(), "45678912", "Ana");
    let desk = rusqlite::Connection::open(env.db()).unwrap();
    desk.query_row("SELECT COUNT(*) FROM user_patients", [], |r| r.get::<_, i64>(0))
        .unwrap();
    let before = env.dump();
    let out = env.run(&["restore", copy.to_str().unwrap(), "--force"]);
    out.code(5);
    assert!(out.stderr.contains("abierta"), "{}", out.stderr);
    drop(desk);
    assert_eq!(env.dump(), before);
    assert!(aside_files(env.dir.path()).is_empty());
    env.run(&["restore", copy.to_str().unwrap(), "--force"]).ok();
    assert_eq!(env.dump(), dump(&copy));
}

#[test]
fn restore_refuses_a_damaged_or_missing_backup_and_installs_where_nothing_exists() {
    let env = Env::admin_sqlite();
    let copy = env.path("copia.db");
    env.run(&["backup", copy.to_str().unwrap()]).ok();
    let mut bytes = std::fs::read(&copy).unwrap();
    let damaged = env.path("damaged.db");
    for b in &mut bytes[2 * 4096..6 * 4096] {
        *b = 0xA5;
    }
    std::fs::write(&damaged, bytes).unwrap();
    let before = env.dump();
    env.run(&["restore", damaged.to_str().unwrap(), "--force"])
        .code(1);
    env.run(&["restore", env.path("nada.db").to_str().unwrap(), "--force"])
        .code(4);
    assert_eq!(env.dump(), before);
    let fresh = env.path("nueva/saludya.db");
    env.run(&["--db", fresh.to_str().unwrap(), "restore", copy.to_str().unwrap()])
        .ok();
    assert_eq!(dump(&fresh), dump(&copy));
    assert_eq!(mode(&fresh), 0o600);
}

#[test]
fn force_never_replaces_a_link_a_device_or_a_fifo() {
    let env = Env::admin_sqlite();
    let victim = env.path("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let link = env.path("link.out");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let fifo = env.path("fifo.out");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for target in [link.to_str().unwrap(), fifo.to_str().unwrap(), "/dev/null"] {
        let out = env.run(&["backup", target, "--force"]);
        out.code(2);
        assert!(out.stderr.contains("no es un archivo normal"), "{}", out.stderr);
        let out = env.run(&["export", "appointments", "-o", target, "--force"]);
        out.code(2);
    }
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    let copy = env.path("copia.db");
    env.run(&["backup", copy.to_str().unwrap()]).ok();
    let target_link = env.path("db-link.db");
    std::os::unix::fs::symlink(env.db(), &target_link).unwrap();
    env.run(&[
        "--db",
        target_link.to_str().unwrap(),
        "restore",
        copy.to_str().unwrap(),
        "--force",
    ])
    .code(2);
}

#[test]
fn a_damaged_database_after_a_crash_is_refused_before_any_write_and_check_finds_it() {
    let env = Env::admin_sqlite();
    add_patient(&env, &env.db(), "45678912", "Ana");
    let dir = env.path("crashed");
    std::fs::create_dir(&dir).unwrap();
    let db = dir.join("saludya.db");
    let mut bytes = std::fs::read(env.db()).unwrap();
    let pages = bytes.len() / 4096;
    assert!(pages > 8, "{pages}");
    for b in &mut bytes[3 * 4096..(pages - 1) * 4096] {
        *b = 0x5A;
    }
    std::fs::write(&db, &bytes).unwrap();
    std::fs::write(dir.join("saludya.db-wal"), vec![7u8; 4096]).unwrap();
    let out = env.run(&["--db", db.to_str().unwrap(), "--lang", "en", "patient", "list"]);
    out.code(1);
    assert!(out.stderr.contains("is damaged"), "{}", out.stderr);
    assert!(out.stderr.contains("saludya restore"), "{}", out.stderr);
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "nothing written into it");
    let out = env.run(&["--lang", "en", "--db", db.to_str().unwrap(), "check"]);
    out.code(1);
    assert!(out.stderr.contains("is damaged"), "{}", out.stderr);
    let out = env.run(&["--lang", "en", "check"]);
    assert!(
        out.ok().stderr.contains("the database is sound"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_full_stderr_never_turns_an_error_into_a_panic() {
    let env = Env::admin();
    for (args, code) in [
        (vec!["patient", "show", "99999999"], 4),
        (vec!["--format", "json", "patient", "show", "99999999"], 4),
        (vec!["patient", "add", "--dni", "12"], 2),
        (vec!["no-such-command"], 2),
        (vec!["--format", "json", "no-such-command"], 2),
    ] {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let status = env
            .command()
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(full)
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(code), "{args:?}");
    }
}

fn token_file(env: &Env) -> std::path::PathBuf {
    let dir = env.path("config/saludya/sessions");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files.remove(0)
}

#[test]
fn a_token_file_that_is_a_link_or_readable_by_others_is_refused_and_never_followed() {
    let env = Env::admin();
    let token = token_file(&env);
    env.run(&["whoami"]).ok();

    std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = env.run(&["--lang", "en", "whoami"]);
    out.code(3);
    assert!(
        out.stderr.contains("can be read by other users"),
        "{}",
        out.stderr
    );

    // A symlink planted at the token's name: login neither follows nor overwrites its target.
    std::fs::remove_file(&token).unwrap();
    let victim = env.path("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    std::os::unix::fs::symlink(&victim, &token).unwrap();
    let out = env.run_stdin(
        &["--lang", "en", "login", "--email", ADMIN, "--password-stdin"],
        ADMIN_PW,
    );
    out.code(3);
    assert!(out.stderr.contains("symbolic link"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    let sessions = env.sql_one("SELECT COUNT(*) FROM auth_sessions", &[]);
    assert_eq!(sessions, "1", "no session opened for a token that cannot be kept");
    env.run(&["whoami"]).code(3);
    std::fs::remove_file(&token).unwrap();
    env.login(ADMIN, ADMIN_PW);
    assert_eq!(mode(&token_file(&env)), 0o600);
    env.run(&["whoami"]).ok();
}

#[test]
fn a_fifo_at_the_token_name_is_refused_without_hanging() {
    let env = Env::admin();
    let token = token_file(&env);
    std::fs::remove_file(&token).unwrap();
    let made = std::process::Command::new("mkfifo").arg(&token).status().unwrap();
    assert!(made.success());
    // Without O_NONBLOCK, opening the FIFO would wait for a writer forever.
    let out = env.run(&["--lang", "en", "whoami"]);
    out.code(3);
    assert!(out.stderr.contains("is not a regular file"), "{}", out.stderr);
}

#[test]
fn changing_ones_own_password_needs_the_current_one_and_an_admin_reset_is_recorded() {
    let env = Env::admin();
    env.as_receptionist();
    let new_pw = "colibri-ventana-papaya-sur";
    // A stolen session alone cannot change the password.
    let out = env.run_stdin(
        &["--lang", "en", "staff", "passwd", "--password-stdin"],
        &format!("not-the-password-at-all\n{new_pw}"),
    );
    out.code(3);
    assert!(out.stderr.contains("current password is wrong"), "{}", out.stderr);
    let failures = env.sql_one(
        "SELECT COUNT(*) FROM auth_login_attempts WHERE email = 'rosa@clinica.pe' AND success = 0",
        &[],
    );
    assert_eq!(failures, "1", "the wrong guess counts for the throttle");
    env.run_stdin(
        &["staff", "passwd", "--password-stdin"],
        &format!("girasol-montaña-cuaderno-rojo\n{new_pw}"),
    )
    .ok();
    env.run(&["whoami"]).code(3);
    env.login("rosa@clinica.pe", new_pw);

    // The admin resets rosa's password: a separate action, recorded with who did it.
    env.login(ADMIN, ADMIN_PW);
    let out = env.run_stdin(
        &["staff", "passwd", "rosa@clinica.pe", "--password-stdin"],
        "girasol-montaña-cuaderno-rojo",
    );
    out.ok();
    let rows = env.sql(
        "SELECT s.email, b.email, c.kind FROM auth_password_changes c
         JOIN auth_staff s ON s.id = c.staff_id JOIN auth_staff b ON b.id = c.by_staff ORDER BY c.id",
        &[],
    );
    let text = |row: &Vec<Option<String>>| {
        row.iter()
            .map(|v| v.clone().unwrap_or_default())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        rows.iter().map(text).collect::<Vec<_>>(),
        [
            ["rosa@clinica.pe", "rosa@clinica.pe", "own"],
            ["rosa@clinica.pe", ADMIN, "admin_reset"],
        ]
    );
    env.login("rosa@clinica.pe", "girasol-montaña-cuaderno-rojo");
}

fn batch_rows(out: &Out) -> Vec<serde_json::Value> {
    out.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_batch_reports_bad_rows_by_line_and_goes_on() {
    let env = Env::empty();
    let csv = env.path("in.csv");
    let mut bytes = b"id,text\na1,me duele la cabeza\n".to_vec();
    bytes.extend_from_slice(b"a2,dolor \xff\xfe de muela\n");
    bytes.extend_from_slice(b"a3,\"tos con flema\n");
    bytes.extend_from_slice(b"a4,   \n");
    bytes.extend_from_slice(format!("a5,{}\n", "x".repeat(40_000)).as_bytes());
    bytes.extend_from_slice(b"a6,me arde al orinar\n");
    std::fs::write(&csv, bytes).unwrap();
    let out = env.run(&[
        "--lang",
        "en",
        "orient",
        "--batch",
        csv.to_str().unwrap(),
        "--no-store",
    ]);
    out.code(2);
    let rows = batch_rows(&out);
    let summary: Vec<(String, Option<u64>, bool)> = rows
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap_or("").to_string(),
                r["line"].as_u64(),
                r.get("error").is_some(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("a1".to_string(), None, false),
            (String::new(), Some(3), true),
            (String::new(), Some(4), true),
            ("a4".to_string(), Some(5), true),
            (String::new(), Some(6), true),
            ("a6".to_string(), None, false),
        ],
        "{}",
        out.stdout
    );
    assert!(rows[1]["error"].as_str().unwrap().contains("UTF-8"));
    assert!(rows[2]["error"].as_str().unwrap().contains("quote"));
    assert!(rows[3]["error"].as_str().unwrap().contains("empty"));
    assert!(rows[4]["error"].as_str().unwrap().contains("longer than"));
    assert!(out.stderr.contains("4 rows"), "{}", out.stderr);
}

#[test]
fn an_endless_line_stops_the_batch_with_bounded_memory() {
    let env = Env::empty();
    let csv = env.path("in.csv");
    let mut bytes = b"id,text\na1,me duele la cabeza\n".to_vec();
    bytes.extend(std::iter::repeat_n(b'z', 3 * 1024 * 1024));
    std::fs::write(&csv, bytes).unwrap();
    let out = env.run(&[
        "--lang",
        "en",
        "orient",
        "--batch",
        csv.to_str().unwrap(),
        "--no-store",
    ]);
    out.code(2);
    assert!(out.stderr.contains("line 3 goes on"), "{}", out.stderr);
    assert_eq!(batch_rows(&out).len(), 1, "the rows before it are printed");
    // /dev/zero: never ends, never newline — stopped, not grown to gigabytes.
    let out = env.run(&["orient", "--batch", "/dev/zero", "--no-store"]);
    out.code(2);
}

#[test]
fn a_retry_with_the_key_of_a_refunded_payment_says_so_and_exits_5() {
    let env = Env::admin();
    let a = crate::payment::booked(&env, "45678912");
    let appt = crate::payment::id(&a).to_string();
    let args = [
        "--format",
        "json",
        "pay",
        &appt,
        "--method",
        "cash",
        "--idempotency-key",
        "caja1-0001",
    ];
    let p = env.run(&args).ok().json();
    env.run(&[
        "payment",
        "refund",
        p["id"].as_str().unwrap(),
        "--reason",
        "error de caja",
    ])
    .ok();
    let before = env.dump();
    let out = env.run(&[
        "--lang",
        "en",
        "pay",
        &appt,
        "--method",
        "cash",
        "--idempotency-key",
        "caja1-0001",
    ]);
    out.code(5);
    assert!(out.stderr.contains("was refunded"), "{}", out.stderr);
    assert!(!out.stderr.contains("nothing charged again"), "{}", out.stderr);
    assert_eq!(env.dump(), before);
}

#[test]
fn card_details_typed_on_one_line_are_a_usage_error_and_nothing_is_recorded() {
    let env = Env::admin();
    let a = crate::payment::booked(&env, "45678912");
    let appt = crate::payment::id(&a).to_string();
    let before = env.dump();
    for line in [
        "4111111111111111 12/28 123\n\n",
        "4111 1111 1111 1111 1228 123\n12/28\n123",
        "4111111111111111 123\n12/28\n123",
    ] {
        let out = crate::payment::pay_card(&env, &appt, line, &[]);
        out.code(2);
        assert_eq!(env.dump(), before, "{line:?}");
        assert!(!out.stderr.contains("123"), "{}", out.stderr);
    }
}

#[test]
fn names_and_free_text_refuse_bidi_and_zero_width_characters_but_keep_real_letters() {
    let env = Env::admin();
    let before = env.dump();
    for (args, what) in [
        (
            vec![
                "patient",
                "add",
                "--dni",
                "45678912",
                "--first-name",
                "Ana\u{202E}",
                "--last-name",
                "Quispe",
            ],
            "bidi override",
        ),
        (
            vec![
                "patient",
                "add",
                "--dni",
                "45678912",
                "--first-name",
                "Ana",
                "--last-name",
                "Qui\u{200B}spe",
            ],
            "zero width space",
        ),
        (
            vec![
                "staff",
                "add",
                "--email",
                "x@clinica.pe",
                "--name",
                "Rosa\u{2066}",
                "--password-stdin",
            ],
            "bidi isolate",
        ),
        (
            vec!["settings", "set", "clinic_name", "Clínica\u{FEFF} Sur"],
            "BOM",
        ),
        (
            vec!["orient", "dolor de cabeza\u{202E}", "--no-store"],
            "complaint",
        ),
    ] {
        let out = env.run_stdin(&args, "girasol-montaña-cuaderno-rojo");
        out.code(2);
        assert_eq!(env.dump(), before, "{what}");
        assert!(
            !out.stderr.contains('\u{202E}') && !out.stderr.contains('\u{200B}'),
            "{what}: echoed"
        );
    }
    env.run(&[
        "patient",
        "add",
        "--dni",
        "45678912",
        "--first-name",
        "José María",
        "--last-name",
        "Peña-O'Higgins",
    ])
    .ok();
}
