//! What only PostgreSQL has: connection strings, passwords, servers that refuse, and moving a
//! clinic between engines. The rest of the suite runs on PostgreSQL as it is (see the harness);
//! these tests need a server too and say so when there is none.

use crate::harness::*;

/// True (after saying so) when no PostgreSQL test server was given.
fn skipped() -> bool {
    if postgres_server().is_none() {
        eprintln!(
            "PostgreSQL run skipped: no SALUDYA_TEST_POSTGRES (start one with scripts/pg-test-cluster.sh; .ci/run does)"
        );
        return true;
    }
    false
}

/// A dump split by table, without the migration history (which records when it was applied).
fn tables(dump: &str) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut out = std::collections::BTreeMap::new();
    let mut current = String::new();
    for line in dump.lines() {
        if let Some(table) = line.strip_prefix("== ") {
            current = table.to_string();
            out.insert(current.clone(), Vec::new());
        } else if let Some(rows) = out.get_mut(&current) {
            rows.push(line.to_string());
        }
    }
    out.remove("refinery_schema_history");
    out
}

#[test]
fn a_clinic_moves_to_postgresql_and_back_with_every_row_and_id() {
    if skipped() {
        return;
    }
    let env = Env::empty_sqlite();
    env.run("demo --patients 1500 --appointments 10000").ok();
    env.login("admin@saludya.demo", "ceviche-de-lima-2026");
    let original = tables(&env.dump());
    assert!(original["payment_payments"].len() > 1000);

    let pg = PgDatabase::create().unwrap();
    let mut cmd = env.command();
    cmd.env("PGPASSWORD", &pg.password).args([
        "--format",
        "json",
        "db",
        "copy",
        "--from",
        &env.location(),
        "--to",
        &pg.url(),
    ]);
    let out = env.run_with_stdin(cmd, "");
    out.ok();
    let report = out.json();
    let rows = |t: &str| {
        report
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["table"] == t)
            .unwrap()["rows"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(rows("appointment_appointments"), 10_000);
    assert_eq!(rows("user_patients"), 1_500);
    // A refund points at its payment and back: both survive the copy.
    assert!(
        pg.client()
            .query_one(
                "SELECT COUNT(*) FROM payment_payments WHERE refunded_by IS NOT NULL",
                &[]
            )
            .unwrap()
            .get::<_, i64>(0)
            > 0
    );

    // Back to a new file, through the PostgreSQL copy (logged in there as the same admin).
    let back = env.path("back.db");
    let as_pg = |args: &[&str], stdin: &str| {
        let mut cmd = env.command();
        cmd.env("SALUDYA_DB", pg.url())
            .env("PGPASSWORD", &pg.password)
            .args(args);
        env.run_with_stdin(cmd, stdin)
    };
    as_pg(
        &["login", "--email", "admin@saludya.demo", "--password-stdin"],
        "ceviche-de-lima-2026",
    )
    .ok();
    as_pg(
        &[
            "db",
            "copy",
            "--from",
            &pg.url(),
            "--to",
            &back.display().to_string(),
        ],
        "",
    )
    .ok();
    let back = tables(&dump(&back));
    assert_eq!(
        back.keys().collect::<Vec<_>>(),
        original.keys().collect::<Vec<_>>()
    );
    for (table, rows) in &original {
        if table == "auth_sessions" || table == "auth_login_attempts" || table == "audit_events" {
            // The login on PostgreSQL added one of each there (and its row to the audit trail).
            assert_eq!(back[table].len(), rows.len() + 1, "{table}");
            assert!(rows.iter().all(|r| back[table].contains(r)), "{table}");
            continue;
        }
        let same = back[table] == *rows;
        let first_difference = rows.iter().zip(&back[table]).find(|(a, b)| a != b);
        assert!(
            same,
            "{table}: {} rows, {} after the round trip; first difference {first_difference:?}",
            rows.len(),
            back[table].len()
        );
    }

    // The copy is a working clinic: a payment there takes the next receipt number, and the
    // next status-history row the next id (the identity columns continue after the copy).
    let booked = as_pg(
        &[
            "--format",
            "json",
            "appointment",
            "list",
            "--status",
            "booked",
            "--from",
            "2026-03-02",
        ],
        "",
    );
    let appointment = booked.ok().json()[0]["id"].as_str().unwrap().to_string();
    let highest: i64 = pg
        .client()
        .query_one("SELECT MAX(receipt_number) FROM payment_payments", &[])
        .unwrap()
        .get(0);
    let paid = as_pg(&["--format", "json", "pay", &appointment, "--method", "cash"], "");
    assert_eq!(paid.ok().json()["receipt_number"].as_i64(), Some(highest + 1));
}

#[test]
fn a_copy_refuses_a_target_that_is_not_empty_and_changes_nothing() {
    if skipped() {
        return;
    }
    let env = Env::admin();
    let other = Env::admin();
    let before = other.dump();
    let out = env.run(&["db", "copy", "--from", &env.location(), "--to", &other.location()]);
    out.code(5);
    assert!(out.stderr.contains("no está vacía"), "{}", out.stderr);
    assert_eq!(before, other.dump());
    env.run(&["db", "copy", "--from", &env.location(), "--to", &env.location()])
        .code(2);
}

#[test]
fn bad_connections_are_clear_messages_with_their_exit_codes() {
    if skipped() {
        return;
    }
    let env = Env::admin();
    let url = env.location();
    let with_password = url.replacen("saludya@", "saludya:secreto@", 1);
    let run = |db: &str, password: &str| {
        let mut cmd = env.command();
        cmd.env("SALUDYA_DB", db)
            .env("PGPASSWORD", password)
            .args(["--lang", "en", "whoami"]);
        env.run_with_stdin(cmd, "")
    };
    let password = std::env::var("SALUDYA_TEST_PGPASSWORD").unwrap_or_default();

    let out = run(&with_password, &password);
    out.code(2);
    assert!(
        out.stderr.contains("carries a password; it is not used"),
        "{}",
        out.stderr
    );
    assert!(
        !out.stderr.contains("secreto"),
        "the password is never repeated: {}",
        out.stderr
    );

    let out = run(&url, "not-the-password");
    out.code(3);
    assert!(
        out.stderr.contains("PostgreSQL refused the connection"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("not-the-password"), "{}", out.stderr);

    // A port nobody listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let refused = format!("postgres://saludya@127.0.0.1:{closed}/saludya");
    let out = run(&refused, &password);
    out.code(1);
    assert!(
        out.stderr
            .contains("Could not connect to PostgreSQL at saludya@127.0.0.1"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("hint:"), "{}", out.stderr);

    // A database without SaludYa's schema is not touched.
    let empty = PgDatabase::create().unwrap();
    let out = run(&empty.url(), &password);
    out.code(4);
    assert!(
        out.stderr.contains("holds no SaludYa data; it was not touched"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("saludya init --db URL"), "{}", out.stderr);
    let tables: i64 = empty
        .client()
        .query_one(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 0);

    // init refuses a database that already holds one.
    let out = env.run_stdin(
        &["init", "--admin-email", "otra@clinica.pe", "--password-stdin"],
        ADMIN_PW,
    );
    out.code(5);
}

#[test]
fn a_server_that_wants_a_password_nobody_gave_says_where_to_keep_it() {
    if skipped() {
        return;
    }
    let env = Env::admin();
    let mut cmd = env.command();
    cmd.env_remove("PGPASSWORD").args(["--lang", "en", "whoami"]);
    let out = env.run_with_stdin(cmd, "");
    out.code(3);
    assert!(out.stderr.contains("asks for a password"), "{}", out.stderr);
    assert!(out.stderr.contains("~/.pgpass"), "{}", out.stderr);
    // The password file works, and is ignored when others can read it (as libpq does).
    let pgpass = env.path("pgpass");
    let (server, password) = postgres_server().unwrap();
    let host_port = server
        .split('@')
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    std::fs::write(&pgpass, format!("{host_port}:*:saludya:{password}\n")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let with_file = |mode: u32| {
        std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(mode)).unwrap();
        let mut cmd = env.command();
        cmd.env_remove("PGPASSWORD")
            .env("PGPASSFILE", &pgpass)
            .args(["whoami"]);
        env.run_with_stdin(cmd, "")
    };
    with_file(0o600).ok();
    with_file(0o644).code(3);
}

#[test]
fn sslmode_require_encrypts_the_connection_and_never_falls_back_to_plain() {
    if skipped() {
        return;
    }
    if std::env::var("SALUDYA_TEST_PG_TLS").is_err() {
        eprintln!(
            "TLS test skipped: the test server has no certificate (scripts/pg-test-cluster.sh makes one)"
        );
        return;
    }
    let env = Env::admin();
    let pg = env.postgres().unwrap();
    // `tlsdesk` is refused by the test server without TLS (its pg_hba.conf says so).
    let _ = pg
        .admin()
        .batch_execute("CREATE ROLE tlsdesk LOGIN SUPERUSER PASSWORD 'tls-desk-password'");
    let as_tls_desk = pg.url().replacen("saludya@", "tlsdesk@", 1);
    let login = |url: &str| {
        let mut cmd = env.command();
        cmd.env("SALUDYA_DB", url)
            .env("PGPASSWORD", "tls-desk-password")
            .args(["--lang", "en", "login", "--email", ADMIN, "--password-stdin"]);
        env.run_with_stdin(cmd, ADMIN_PW)
    };
    login(&format!("{as_tls_desk}?sslmode=require")).ok();
    let plain = login(&as_tls_desk);
    plain.code(3);
    assert!(
        plain.stderr.contains("PostgreSQL refused the connection"),
        "{}",
        plain.stderr
    );
}

#[test]
fn a_connection_the_server_closed_is_opened_again_between_transactions() {
    if skipped() {
        return;
    }
    let env = Env::admin();
    let pg = env.postgres().unwrap();
    let password = pg.password.clone();
    let prompt = move |_: &str| Some(zeroize::Zeroizing::new(password.clone()));
    let db = saludya::db::open_with(std::path::Path::new(&pg.url()), &prompt).unwrap();
    let specialties = || saludya::domain::catalog::list_specialties(&db).map(|s| s.len());
    let before = specialties().unwrap();
    // What a server restart or a dropped network does: the server ends the desk's session.
    let end_sessions = || {
        pg.admin()
            .execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                &[&pg.name],
            )
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    end_sessions();
    assert_eq!(
        specialties().unwrap(),
        before,
        "a read after the drop works on a new connection"
    );
    end_sessions();
    let wrote = db.write(|tx| tx.execute("UPDATE catalog_settings SET value = value", []));
    assert!(
        wrote.is_ok(),
        "a write after the drop begins on a new connection: {wrote:?}"
    );
}
