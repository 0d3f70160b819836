//! The tamper-evident audit trail (issue 14 item 4): `audit log`, `audit verify`, the chain
//! caught after rows are edited, inserted or deleted behind the program's back, admins only.
//! The clock is Monday 2 March 2026, 09:00 in Lima.

use crate::booking::patients;
use crate::harness::*;

/// Lifts the append-only triggers, as someone editing the database by hand would.
const DROP_TRIGGERS_SQLITE: &str =
    "DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;";
const DROP_TRIGGERS_PG: &str = "DROP TRIGGER audit_events_no_update_delete ON audit_events;";

fn tamper(env: &Env, sql: &str) {
    env.sql_batch(
        &format!("{DROP_TRIGGERS_SQLITE} {sql}"),
        &format!("{DROP_TRIGGERS_PG} {sql}"),
    );
}

/// A patient with an appointment booked, checked in, and the patient's phone changed.
fn a_morning(env: &Env) -> String {
    patients(env, &["45678912"]);
    let booked = env
        .run("--format json appointment book --patient 45678912 --doctor \"rosa quispe\" --at \"2026-03-02 10:00\"")
        .ok()
        .json();
    let id = booked["id"].as_str().unwrap().to_string();
    env.run(&["appointment", "reschedule", &id, "--at", "2026-03-02 10:30"])
        .ok();
    env.run("patient edit 45678912 --phone 987654321").ok();
    id
}

#[test]
fn the_log_of_a_patient_shows_who_changed_what() {
    let env = Env::admin();
    a_morning(&env);
    insta::assert_snapshot!(env.run_at(250, "audit log --patient 45678912"), @r#"
        | #  | Fecha (UTC)          | Quién            | Entidad     | Id                                   | Acción     | Cambios                                                                                                                               |
        |----|----------------------|------------------|-------------|--------------------------------------|------------|---------------------------------------------------------------------------------------------------------------------------------------|
        | 73 | 2026-03-02T14:00:00Z | admin@clinica.pe | patient     | 019caed9-4300-7000-8030-0000b9196929 | create     | birth_date: null; doc_number: "45678912"; doc_type: "dni"; email: null; first_name: "Ana"; id: "019caed9-4300-7000-8030-0000b9196929… |
        | 74 | 2026-03-02T14:00:00Z | admin@clinica.pe | appointment | 019caed9-4300-7000-8040-000096a9b731 | book       | cancel_reason: null; cancelled_by: null; created_by: "019caed9-4300-7000-8010-00006f03c29b"; currency: "PEN"; doctor_id: "019caed9-4… |
        | 75 | 2026-03-02T14:00:00Z | admin@clinica.pe | appointment | 019caed9-4300-7000-8040-000096a9b731 | reschedule | end: "2026-03-02 10:15" → "2026-03-02 10:45"; start: "2026-03-02 10:00" → "2026-03-02 10:30"                                          |
        | 76 | 2026-03-02T14:00:00Z | admin@clinica.pe | patient     | 019caed9-4300-7000-8030-0000b9196929 | edit       | phone: null → "+51987654321"                                                                                                          |
    "#);
    insta::assert_snapshot!(env.run_at(250, "--lang en audit log --staff admin@clinica.pe --from 2026-03-02 --to 2026-03-02 --format csv"), @r#"
        id,at,actor_email,entity,entity_id,action,before,after,prev_hash,hash
        1,2026-03-02T14:00:00Z,,staff,019caed9-4300-7000-8010-00006f03c29b,create,,"{""disabled"":false,""email"":""admin@clinica.pe"",""full_name"":"""",""id"":""019caed9-4300-7000-8010-00006f03c29b"",""role"":""admin""}",0000000000000000000000000000000000000000000000000000000000000000,9c4ce31a96a741dc328b7c01e925ca5cbb94c27ba8eb47dd5af52b6e88b00737
        72,2026-03-02T14:00:00Z,admin@clinica.pe,staff,019caed9-4300-7000-8010-00006f03c29b,login,,,69c1bfca8b5934541caf62b132e3b6f7a9e5242c66417cecc8aa2df04a020c1e,d656606d3beb28ab1c677fb692071cf7e890346022dba0135f9090a90e3c461b
        73,2026-03-02T14:00:00Z,admin@clinica.pe,patient,019caed9-4300-7000-8030-0000b9196929,create,,"{""birth_date"":null,""doc_number"":""45678912"",""doc_type"":""dni"",""email"":null,""first_name"":""Ana"",""id"":""019caed9-4300-7000-8030-0000b9196929"",""last_name"":""Prueba Díaz"",""phone"":null,""sex"":null}",d656606d3beb28ab1c677fb692071cf7e890346022dba0135f9090a90e3c461b,1ef12716680b428f0f9cc64d0c64f7f887d335b42c2d2d6ec07571a0cc0f4143
        74,2026-03-02T14:00:00Z,admin@clinica.pe,appointment,019caed9-4300-7000-8040-000096a9b731,book,,"{""cancel_reason"":null,""cancelled_by"":null,""created_by"":""019caed9-4300-7000-8010-00006f03c29b"",""currency"":""PEN"",""doctor_id"":""019caed9-4300-7000-8010-00143ed0d70b"",""doctor_name"":""Rosa Elena Quispe Huamán"",""end"":""2026-03-02 10:15"",""id"":""019caed9-4300-7000-8040-000096a9b731"",""notes"":null,""orientation_id"":null,""patient_id"":""019caed9-4300-7000-8030-0000b9196929"",""price_cents"":6000,""specialty"":""Medicina General"",""start"":""2026-03-02 10:00"",""status"":""booked""}",1ef12716680b428f0f9cc64d0c64f7f887d335b42c2d2d6ec07571a0cc0f4143,275c41933c2e4c6628ddd3cae58e3822e26248291a880c8d0b368dea0ff8ce41
        75,2026-03-02T14:00:00Z,admin@clinica.pe,appointment,019caed9-4300-7000-8040-000096a9b731,reschedule,"{""cancel_reason"":null,""cancelled_by"":null,""created_by"":""019caed9-4300-7000-8010-00006f03c29b"",""currency"":""PEN"",""doctor_id"":""019caed9-4300-7000-8010-00143ed0d70b"",""doctor_name"":""Rosa Elena Quispe Huamán"",""end"":""2026-03-02 10:15"",""id"":""019caed9-4300-7000-8040-000096a9b731"",""notes"":null,""orientation_id"":null,""patient_id"":""019caed9-4300-7000-8030-0000b9196929"",""price_cents"":6000,""specialty"":""Medicina General"",""start"":""2026-03-02 10:00"",""status"":""booked""}","{""cancel_reason"":null,""cancelled_by"":null,""created_by"":""019caed9-4300-7000-8010-00006f03c29b"",""currency"":""PEN"",""doctor_id"":""019caed9-4300-7000-8010-00143ed0d70b"",""doctor_name"":""Rosa Elena Quispe Huamán"",""end"":""2026-03-02 10:45"",""id"":""019caed9-4300-7000-8040-000096a9b731"",""notes"":null,""orientation_id"":null,""patient_id"":""019caed9-4300-7000-8030-0000b9196929"",""price_cents"":6000,""specialty"":""Medicina General"",""start"":""2026-03-02 10:30"",""status"":""booked""}",275c41933c2e4c6628ddd3cae58e3822e26248291a880c8d0b368dea0ff8ce41,4e84806e46ee1e43038b02fd3de51b4410e0cee05fadb93bd7cdecdf4d430b9d
        76,2026-03-02T14:00:00Z,admin@clinica.pe,patient,019caed9-4300-7000-8030-0000b9196929,edit,"{""birth_date"":null,""doc_number"":""45678912"",""doc_type"":""dni"",""email"":null,""first_name"":""Ana"",""id"":""019caed9-4300-7000-8030-0000b9196929"",""last_name"":""Prueba Díaz"",""phone"":null,""sex"":null}","{""birth_date"":null,""doc_number"":""45678912"",""doc_type"":""dni"",""email"":null,""first_name"":""Ana"",""id"":""019caed9-4300-7000-8030-0000b9196929"",""last_name"":""Prueba Díaz"",""phone"":""+51987654321"",""sex"":null}",4e84806e46ee1e43038b02fd3de51b4410e0cee05fadb93bd7cdecdf4d430b9d,74235783db8efe6ede9ec309b11b076c1b92bae8f4fcf3419684f89a7f013684
    "#);
}

#[test]
fn the_log_in_json_holds_before_and_after_as_objects() {
    let env = Env::admin();
    let id = a_morning(&env);
    let rows = env
        .run(&["--format", "json", "audit", "log", "--appointment", &id])
        .ok()
        .json();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0]["action"], "book");
    assert!(rows[0]["before"].is_null());
    assert_eq!(rows[0]["after"]["status"], "booked");
    assert_eq!(rows[0]["after"]["start"], "2026-03-02 10:00");
    assert_eq!(rows[1]["action"], "reschedule");
    assert_eq!(rows[1]["before"]["start"], "2026-03-02 10:00");
    assert_eq!(rows[1]["after"]["start"], "2026-03-02 10:30");
    assert_eq!(rows[1]["actor_email"], ADMIN);
    assert_eq!(rows[1]["prev_hash"], rows[0]["hash"]);
}

#[test]
fn a_clean_chain_verifies_with_its_head_and_a_noted_head() {
    let env = Env::admin();
    a_morning(&env);
    // The same rows give the same head on both engines: the hash is computed by the program.
    insta::assert_snapshot!(env.run("audit verify"), @r#"
        | Filas verificadas | 76                                                               |
        | Hash de cabecera  | 74235783db8efe6ede9ec309b11b076c1b92bae8f4fcf3419684f89a7f013684 |
        ------- stderr -------
        Cadena íntegra: 76 filas. Anote el hash de cabecera fuera del programa y verifique luego con --head.
    "#);
    let head = env.run("--format json audit verify").ok().json()["head"]
        .as_str()
        .unwrap()
        .to_string();
    env.run("patient edit 45678912 --email ana@correo.pe").ok();
    insta::assert_snapshot!(env.run(&["--lang", "en", "audit", "verify", "--head", &head]), @r#"
        | Rows checked | 77                                                               |
        | Head hash    | d4b109716dbd5f0fdd616cc29c2c6e4ffd86dc28400ca513f67354ed39f020f2 |
        ------- stderr -------
        Chain intact: 77 rows; the noted hash is row 76.
    "#);
    insta::assert_snapshot!(env.run(&["audit", "verify", "--head", &"ab".repeat(32)]), @r#"
        ------- stderr -------
        error: El hash de cabecera abababababababababababababababababababababababababababababababab no está en el registro de auditoría (77 filas): la cadena fue reescrita o recortada desde que se anotó.
        sugerencia: Restaure la última copia de seguridad buena (`saludya restore`) y averigüe quién tuvo acceso al archivo.
        [exit status: 1]
    "#);
    insta::assert_snapshot!(env.run("audit log --from 2026-03-05 --to 2026-03-01"), @r#"
        ------- stderr -------
        error: La fecha inicial (2026-03-05) es posterior a la final (2026-03-01).
        [exit status: 2]
    "#);
    insta::assert_snapshot!(env.run("audit verify --head 12345"), @r#"
        ------- stderr -------
        error: El hash de cabecera debe tener 64 dígitos hexadecimales.
        sugerencia: Copie el hash tal como lo mostró `saludya audit verify`.
        [exit status: 2]
    "#);
}

#[test]
fn an_edited_row_is_named_and_exits_1() {
    let env = Env::admin();
    a_morning(&env);
    // The patient's new phone number, changed in the trail afterwards.
    tamper(
        &env,
        "UPDATE audit_events SET after = replace(after, '+51987654321', '+51999999999') WHERE entity = 'patient' AND action = 'edit'",
    );
    insta::assert_snapshot!(env.run("audit verify"), @r#"
        ------- stderr -------
        error: El registro de auditoría fue alterado: fila 76: su contenido no corresponde a su hash (fue modificada o agregada fuera del programa). Filas correctas antes de ella: 75.
        sugerencia: Restaure la última copia de seguridad buena (`saludya restore`) y averigüe quién tuvo acceso al archivo.
        [exit status: 1]
    "#);
    insta::assert_snapshot!(env.run("--lang en --format json audit verify"), @r#"
        ------- stderr -------
        {"detail":"The audit trail was tampered with: row 76: its contents do not match its hash (it was changed or added outside the program). Good rows before it: 75.","hint":"Restore the last good backup (`saludya restore`) and find out who had access to the file.","kind":"internal"}
        [exit status: 1]
    "#);
}

#[test]
fn an_inserted_row_is_named_and_exits_1() {
    let env = Env::admin();
    a_morning(&env);
    // A row slipped in after row 2: the later rows moved one position up.
    let n = env.sql_one("SELECT CAST(count(*) AS TEXT) FROM audit_events", &[]);
    tamper(
        &env,
        &format!(
            "UPDATE audit_events SET id = id + 100 WHERE id >= 3;
             UPDATE audit_events SET id = id - 99 WHERE id >= 103;
             INSERT INTO audit_events (id, at, actor, entity, entity_id, action, before, after, prev_hash, hash)
             VALUES (3, '2026-03-02T14:00:00Z', NULL, 'patient', 'x', 'edit', NULL, NULL, '{}', '{}');",
            "e".repeat(64),
            "f".repeat(64)
        ),
    );
    assert_eq!(
        env.sql_one("SELECT CAST(count(*) AS TEXT) FROM audit_events", &[]),
        (n.parse::<i64>().unwrap() + 1).to_string()
    );
    insta::assert_snapshot!(env.run("audit verify"), @r#"
        ------- stderr -------
        error: El registro de auditoría fue alterado: fila 3: no sigue a la fila anterior (se insertó, reemplazó o borró una fila antes de ella). Filas correctas antes de ella: 2.
        sugerencia: Restaure la última copia de seguridad buena (`saludya restore`) y averigüe quién tuvo acceso al archivo.
        [exit status: 1]
    "#);
}

#[test]
fn a_deleted_row_is_named_and_exits_1() {
    let env = Env::admin();
    a_morning(&env);
    tamper(&env, "DELETE FROM audit_events WHERE id = 2;");
    insta::assert_snapshot!(env.run("audit verify"), @r#"
        ------- stderr -------
        error: El registro de auditoría fue alterado: fila 3: falta la fila 2 antes de ella (se borraron filas). Filas correctas antes de ella: 1.
        sugerencia: Restaure la última copia de seguridad buena (`saludya restore`) y averigüe quién tuvo acceso al archivo.
        [exit status: 1]
    "#);
}

#[test]
fn a_copied_clinic_keeps_a_valid_chain_with_the_same_hashes() {
    let env = Env::admin();
    a_morning(&env);
    let source = env.run("--format json audit verify").ok().json();
    let copy = env.path("copia.db");
    env.run(&[
        "db",
        "copy",
        "--from",
        &env.location(),
        "--to",
        &copy.display().to_string(),
    ])
    .ok();
    let on_copy = |args: &[&str], stdin: &str| {
        let mut cmd = env.command();
        cmd.env("SALUDYA_DB", &copy).args(args);
        env.run_with_stdin(cmd, stdin)
    };
    on_copy(&["login", "--email", ADMIN, "--password-stdin"], ADMIN_PW).ok();
    // The source's head is still a row of the copy's chain (ids and hashes copied verbatim),
    // and the copy's own login followed it.
    let verified = on_copy(
        &[
            "--format",
            "json",
            "audit",
            "verify",
            "--head",
            source["head"].as_str().unwrap(),
        ],
        "",
    )
    .ok()
    .json();
    assert_eq!(verified["noted_head_row"], source["rows"]);
    assert_eq!(verified["rows"], source["rows"].as_u64().unwrap() + 1);
}

#[test]
fn the_trail_is_append_only_in_the_database_itself() {
    let env = Env::admin();
    a_morning(&env);
    let before = env.dump();
    for sql in [
        "UPDATE audit_events SET action = 'x' WHERE id = 1",
        "DELETE FROM audit_events WHERE id = 1",
    ] {
        let e = match env.postgres() {
            Some(pg) => {
                let e = pg.client().execute(sql, &[]).unwrap_err();
                e.as_db_error()
                    .map(|d| d.message().to_string())
                    .unwrap_or_default()
            }
            None => env.sql_try(sql, &[]).unwrap_err(),
        };
        assert!(e.contains("append-only"), "{e}");
    }
    assert_eq!(env.dump(), before);
    env.run("audit verify").ok();
}

#[test]
fn only_admins_see_or_verify_the_trail() {
    let env = Env::admin();
    env.as_receptionist();
    insta::assert_snapshot!(env.run("audit log"), @r#"
        ------- stderr -------
        error: Esta acción requiere el rol de administrador.
        sugerencia: Pida a un administrador que la realice.
        [exit status: 3]
    "#);
    insta::assert_snapshot!(env.run("--lang en audit verify"), @r#"
        ------- stderr -------
        error: This action requires the admin role.
        hint: Ask an administrator to do it.
        [exit status: 3]
    "#);
    insta::assert_snapshot!(env.run("audit log --patient 1 --staff a@b.pe"), @r#"
        ------- stderr -------
        error: el argumento '--patient <PATIENT>' no puede usarse junto con '--staff <EMAIL>'

        Uso: saludya audit log --patient <PATIENT> --db <PATH>

        Más información: '--help'.
        [exit status: 2]
    "#);
}

/// Tables whose rows are not business changes of their own, each with why (every other table of
/// `db::copy::TABLES` must be written by the session below, and every command that writes one
/// must add trail rows). A new table belongs here only for such a reason.
const EXEMPT: [(&str, &str); 8] = [
    (
        "auth_sessions",
        "sessions (token hashes); a login is recorded as its own event",
    ),
    ("auth_login_attempts", "the login throttle's bookkeeping"),
    (
        "auth_password_changes",
        "duplicated by the trail's password_change rows",
    ),
    ("user_patient_words", "the search index of patients' names"),
    (
        "catalog_doctor_changes",
        "the doctors' own change list, duplicated by the trail",
    ),
    (
        "appointment_status_history",
        "the appointments' own history, duplicated by the trail",
    ),
    (
        "ai_queries",
        "stored orientation questions, not changes to an entity",
    ),
    ("audit_events", "the trail itself"),
];

const ROSA: &str = "rosa@clinica.pe";
const ROSA_PW: [&str; 3] = [
    "girasol-montaña-cuaderno-rojo",
    "pelícano-tranvía-guitarra-verde",
    "almendra-volcán-bicicleta-gris",
];
const CARD: &str = "4111 1111 1111 1111";

/// Every table's rows, from [`Env::dump`].
fn tables(env: &Env) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    for section in env.dump().split("== ").filter(|s| !s.is_empty()) {
        let (name, rows) = section.split_once('\n').unwrap_or((section, ""));
        out.insert(name.to_string(), rows.to_string());
    }
    out
}

fn audit_rows(env: &Env) -> usize {
    env.sql_one("SELECT CAST(count(*) AS TEXT) FROM audit_events", &[])
        .parse()
        .unwrap()
}

/// One command of every kind of change, from `init` on: each must leave trail rows when it
/// changed a table, no table of `TABLES` may go unwritten unless exempt, the chain verifies,
/// and no secret used (passwords, their hashes, session tokens and their hashes, the card
/// number and expiry) is anywhere in the trail.
#[test]
fn every_change_of_a_session_is_in_the_trail_and_no_secret_is() {
    let env = Env::empty();
    let mut written = std::collections::BTreeSet::new();
    let mut step = |line: &str, stdin: &str| -> Out {
        // Before `init` there is no file to read (and reading would create one).
        let before = if env.on_postgres() || env.db().exists() {
            tables(&env)
        } else {
            Default::default()
        };
        let rows_before = if before.contains_key("audit_events") {
            audit_rows(&env)
        } else {
            0
        };
        let out = env.run_stdin(line, stdin);
        out.ok();
        let after = tables(&env);
        let changed: Vec<&String> = after
            .iter()
            .filter(|(t, rows)| {
                saludya::db::copy::TABLES.contains(&t.as_str())
                    && !EXEMPT.iter().any(|(e, _)| e == t)
                    && before.get(*t).map_or("", String::as_str) != rows.as_str()
            })
            .map(|(t, _)| t)
            .collect();
        if !changed.is_empty() {
            assert!(
                audit_rows(&env) > rows_before,
                "`{line}` changed {changed:?} without recording it in the audit trail"
            );
        }
        written.extend(changed.into_iter().cloned());
        out
    };
    step(&format!("init --admin-email {ADMIN} --password-stdin"), ADMIN_PW);
    step(&format!("login --email {ADMIN} --password-stdin"), ADMIN_PW);
    step("settings set clinic_name \"Clínica Auditada\"", "");
    step(
        &format!("staff add --email {ROSA} --role receptionist --name \"Rosa Quispe\" --password-stdin"),
        ROSA_PW[0],
    );
    step(&format!("staff disable {ROSA}"), "");
    step(&format!("staff disable {ROSA} --enable"), "");
    step(&format!("staff passwd {ROSA} --password-stdin"), ROSA_PW[1]);
    step(
        "doctor add --first-name Ana --last-name Pérez --specialty pediatria --rating 4.5 --price 100 --schedule \"lun-vie 08:00-13:00/20\"",
        "",
    );
    step("doctor edit \"rosa quispe\" --price 70", "");
    step(
        "doctor schedule \"rosa quispe\" --set \"lun-vie 08:00-13:00/15\" --set \"sab 08:00-11:00/15\"",
        "",
    );
    step(
        "doctor time-off \"rosa quispe\" --from \"2026-03-10 00:00\" --to \"2026-03-11 00:00\" --reason congreso",
        "",
    );
    step(
        "patient add --dni 45678912 --first-name Ana --last-name García",
        "",
    );
    step("patient edit 45678912 --phone 987654321", "");
    step("orient \"me duele la cabeza\" --patient 45678912", "");
    let entry = step(
        "--format json waitlist add --patient 45678912 --doctor \"rosa quispe\" --note \"prefiere mañanas\"",
        "",
    )
    .json()["id"]
        .as_str()
        .unwrap()
        .to_string();
    step(
        &format!("waitlist offer {entry} --doctor \"rosa quispe\" --at \"2026-03-03 10:00\""),
        "",
    );
    step(&format!("waitlist decline {entry}"), "");
    step(
        &format!("waitlist remove {entry} --reason \"se atendió en otra clínica\""),
        "",
    );
    let book = |at: &str| -> String {
        env.run(&[
            "--format",
            "json",
            "appointment",
            "book",
            "--patient",
            "45678912",
            "--doctor",
            "rosa quispe",
            "--at",
            at,
        ])
        .ok()
        .json()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let appointment = book("2026-03-02 10:00");
    step(
        &format!("appointment reschedule {appointment} --at \"2026-03-02 10:30\""),
        "",
    );
    step(
        &format!("pay {appointment} --method card --card-stdin"),
        &format!("{CARD}\n12/28\n123"),
    );
    step(&format!("appointment check-in {appointment}"), "");
    step(&format!("appointment complete {appointment}"), "");
    let appointment = book("2026-03-02 11:00");
    step(&format!("pay {appointment} --method cash"), "");
    step(
        &format!("appointment cancel {appointment} --by patient --reason viaje"),
        "",
    );
    // A series (recurring visits): the series and each of its appointments.
    step(
        "appointment book --patient 45678912 --doctor \"rosa quispe\" --at \"2026-03-04 09:00\" --repeat weekly --count 2",
        "",
    );
    let appointment = book("2026-03-02 11:30");
    step(
        &format!("pay {appointment} --method transfer --reference OP-991"),
        "",
    );
    let payment = env
        .run(&[
            "--format",
            "json",
            "payment",
            "list",
            "--appointment",
            &appointment,
        ])
        .ok()
        .json()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    step(
        &format!("payment refund {payment} --reason \"cobro por error\""),
        "",
    );
    step(&format!("login --email {ROSA} --password-stdin"), ROSA_PW[1]);
    step(
        "staff passwd --password-stdin",
        &format!("{}\n{}", ROSA_PW[1], ROSA_PW[2]),
    );
    step(&format!("login --email {ROSA} --password-stdin"), ROSA_PW[2]);
    let token: Vec<String> = std::fs::read_dir(env.path("config/saludya/sessions"))
        .unwrap()
        .map(|f| {
            std::fs::read_to_string(f.unwrap().path())
                .unwrap()
                .trim()
                .to_string()
        })
        .collect();
    step("logout", "");

    let expected: Vec<String> = saludya::db::copy::TABLES
        .iter()
        .filter(|t| !EXEMPT.iter().any(|(e, _)| e == *t))
        .map(|t| t.to_string())
        .collect();
    let missing: Vec<&String> = expected.iter().filter(|t| !written.contains(*t)).collect();
    assert!(
        missing.is_empty(),
        "no command of this session wrote {missing:?}: add the commands that change them (and make their writers call audit::record)"
    );

    // Who did what, as the log shows it (to an admin).
    env.login(ADMIN, ADMIN_PW);
    let actions: Vec<String> = env
        .run("--format json audit log")
        .ok()
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["entity"].as_str().unwrap(),
                r["action"].as_str().unwrap()
            )
        })
        .collect();
    for a in [
        "setting set",
        "staff create",
        "staff disable",
        "staff enable",
        "staff password_change",
        "staff login",
        "specialty create",
        "doctor create",
        "doctor edit",
        "schedule set",
        "time_off create",
        "patient create",
        "patient edit",
        "appointment book",
        "appointment book_series",
        "appointment reschedule",
        "appointment confirm",
        "appointment check_in",
        "appointment complete",
        "appointment cancel",
        "appointment unconfirm",
        "payment pay",
        "payment refund",
        "payment refunded",
    ] {
        assert!(actions.iter().any(|x| x == a), "no `{a}` in {actions:?}");
    }
    env.run("audit verify").ok();

    // No secret anywhere in the trail.
    let trail: String = env
        .sql(
            "SELECT id, at, actor, entity, entity_id, action, before, after, prev_hash, hash FROM audit_events",
            &[],
        )
        .into_iter()
        .flatten()
        .map(|cell| cell.unwrap_or_default() + "\n")
        .collect();
    let mut secrets: Vec<String> = vec![
        ADMIN_PW.into(),
        CARD.into(),
        CARD.replace(' ', ""),
        "12/28".into(),
    ];
    secrets.extend(ROSA_PW.iter().map(|p| p.to_string()));
    secrets.extend(token.iter().cloned());
    for t in &token {
        use sha2::Digest;
        let hash: String = sha2::Sha256::digest(t.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        secrets.push(hash);
    }
    for row in env.sql("SELECT password_hash FROM auth_staff", &[]) {
        secrets.push(row[0].clone().unwrap());
    }
    for row in env.sql("SELECT token_hash FROM auth_sessions", &[]) {
        secrets.push(row[0].clone().unwrap());
    }
    assert!(secrets.len() >= 12, "{secrets:?}");
    for s in &secrets {
        assert!(!s.is_empty());
        assert!(
            !trail.contains(s.as_str()),
            "the audit trail holds the secret {s:?}"
        );
    }
    assert!(!trail.contains("argon2"), "a password hash is in the trail");
    // What the trail does keep of the card: the brand and last four, as the payment does.
    assert!(trail.contains("\"card_last_four\":\"1111\""));
    assert!(trail.contains("\"card_brand\":\"visa\""));
}
