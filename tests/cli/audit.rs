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
        | # | Fecha (UTC)          | Quién            | Entidad     | Id                                   | Acción     | Cambios                                                                                                                                |
        |---|----------------------|------------------|-------------|--------------------------------------|------------|----------------------------------------------------------------------------------------------------------------------------------------|
        | 1 | 2026-03-02T14:00:00Z | admin@clinica.pe | patient     | 019caed9-4300-7000-8030-0000b9196929 | create     | birth_date: null; doc_number: "45678912"; doc_type: "dni"; email: null; first_name: "Ana"; id: "019caed9-4300-7000-8030-0000b9196929"… |
        | 2 | 2026-03-02T14:00:00Z | admin@clinica.pe | appointment | 019caed9-4300-7000-8040-000096a9b731 | book       | cancel_reason: null; cancelled_by: null; created_by: "019caed9-4300-7000-8010-00006f03c29b"; currency: "PEN"; doctor_id: "019caed9-43… |
        | 3 | 2026-03-02T14:00:00Z | admin@clinica.pe | appointment | 019caed9-4300-7000-8040-000096a9b731 | reschedule | end: "2026-03-02 10:15" → "2026-03-02 10:45"; start: "2026-03-02 10:00" → "2026-03-02 10:30"                                           |
        | 4 | 2026-03-02T14:00:00Z | admin@clinica.pe | patient     | 019caed9-4300-7000-8030-0000b9196929 | edit       | phone: null → "+51987654321"                                                                                                           |
    "#);
    insta::assert_snapshot!(env.run_at(250, "--lang en audit log --staff admin@clinica.pe --from 2026-03-02 --to 2026-03-02 --format csv"), @r#"
        id,at,actor_email,entity,entity_id,action,before,after,prev_hash,hash
        1,2026-03-02T14:00:00Z,admin@clinica.pe,patient,019caed9-4300-7000-8030-0000b9196929,create,,"{""birth_date"":null,""doc_number"":""45678912"",""doc_type"":""dni"",""email"":null,""first_name"":""Ana"",""id"":""019caed9-4300-7000-8030-0000b9196929"",""last_name"":""Prueba Díaz"",""phone"":null,""sex"":null}",0000000000000000000000000000000000000000000000000000000000000000,2e6cf103430519971ef168bbcb5af7f3d754af8d2b710f7dc2f6c140136914bf
        2,2026-03-02T14:00:00Z,admin@clinica.pe,appointment,019caed9-4300-7000-8040-000096a9b731,book,,"{""cancel_reason"":null,""cancelled_by"":null,""created_by"":""019caed9-4300-7000-8010-00006f03c29b"",""currency"":""PEN"",""doctor_id"":""019caed9-4300-7000-8010-00143ed0d70b"",""doctor_name"":""Rosa Elena Quispe Huamán"",""end"":""2026-03-02 10:15"",""id"":""019caed9-4300-7000-8040-000096a9b731"",""notes"":null,""orientation_id"":null,""patient_id"":""019caed9-4300-7000-8030-0000b9196929"",""price_cents"":6000,""specialty"":""Medicina General"",""start"":""2026-03-02 10:00"",""status"":""booked""}",2e6cf103430519971ef168bbcb5af7f3d754af8d2b710f7dc2f6c140136914bf,3a368190a10d7aa7839ef856dfb2ce7b1b339957e3ed2fadefff2d70d9308d0d
        3,2026-03-02T14:00:00Z,admin@clinica.pe,appointment,019caed9-4300-7000-8040-000096a9b731,reschedule,"{""cancel_reason"":null,""cancelled_by"":null,""created_by"":""019caed9-4300-7000-8010-00006f03c29b"",""currency"":""PEN"",""doctor_id"":""019caed9-4300-7000-8010-00143ed0d70b"",""doctor_name"":""Rosa Elena Quispe Huamán"",""end"":""2026-03-02 10:15"",""id"":""019caed9-4300-7000-8040-000096a9b731"",""notes"":null,""orientation_id"":null,""patient_id"":""019caed9-4300-7000-8030-0000b9196929"",""price_cents"":6000,""specialty"":""Medicina General"",""start"":""2026-03-02 10:00"",""status"":""booked""}","{""cancel_reason"":null,""cancelled_by"":null,""created_by"":""019caed9-4300-7000-8010-00006f03c29b"",""currency"":""PEN"",""doctor_id"":""019caed9-4300-7000-8010-00143ed0d70b"",""doctor_name"":""Rosa Elena Quispe Huamán"",""end"":""2026-03-02 10:45"",""id"":""019caed9-4300-7000-8040-000096a9b731"",""notes"":null,""orientation_id"":null,""patient_id"":""019caed9-4300-7000-8030-0000b9196929"",""price_cents"":6000,""specialty"":""Medicina General"",""start"":""2026-03-02 10:30"",""status"":""booked""}",3a368190a10d7aa7839ef856dfb2ce7b1b339957e3ed2fadefff2d70d9308d0d,67a82f82f3b5f529c29c8e89afb9b3409c20ad2dcf79b391c5a85eeeff664868
        4,2026-03-02T14:00:00Z,admin@clinica.pe,patient,019caed9-4300-7000-8030-0000b9196929,edit,"{""birth_date"":null,""doc_number"":""45678912"",""doc_type"":""dni"",""email"":null,""first_name"":""Ana"",""id"":""019caed9-4300-7000-8030-0000b9196929"",""last_name"":""Prueba Díaz"",""phone"":null,""sex"":null}","{""birth_date"":null,""doc_number"":""45678912"",""doc_type"":""dni"",""email"":null,""first_name"":""Ana"",""id"":""019caed9-4300-7000-8030-0000b9196929"",""last_name"":""Prueba Díaz"",""phone"":""+51987654321"",""sex"":null}",67a82f82f3b5f529c29c8e89afb9b3409c20ad2dcf79b391c5a85eeeff664868,86eeccc0b77655bf5607c53afab1b5ccca382c93e109df149f4f1da85b758e7f
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
        | Filas verificadas | 4                                                                |
        | Hash de cabecera  | 86eeccc0b77655bf5607c53afab1b5ccca382c93e109df149f4f1da85b758e7f |
        ------- stderr -------
        Cadena íntegra: 4 filas. Anote el hash de cabecera fuera del programa y verifique luego con --head.
    "#);
    let head = env.run("--format json audit verify").ok().json()["head"]
        .as_str()
        .unwrap()
        .to_string();
    env.run("patient edit 45678912 --email ana@correo.pe").ok();
    insta::assert_snapshot!(env.run(&["--lang", "en", "audit", "verify", "--head", &head]), @r#"
        | Rows checked | 5                                                                |
        | Head hash    | 3cd1a13cb5f33d6222e6165b0c233b2f12fa4081233bef73097891c07350cb2d |
        ------- stderr -------
        Chain intact: 5 rows; the noted hash is row 4.
    "#);
    insta::assert_snapshot!(env.run(&["audit", "verify", "--head", &"ab".repeat(32)]), @r#"
        ------- stderr -------
        error: El hash de cabecera abababababababababababababababababababababababababababababababab no está en el registro de auditoría (5 filas): la cadena fue reescrita o recortada desde que se anotó.
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
    tamper(&env, "UPDATE audit_events SET actor = NULL WHERE id = 3");
    insta::assert_snapshot!(env.run("audit verify"), @r#"
        ------- stderr -------
        error: El registro de auditoría fue alterado: fila 3: su contenido no corresponde a su hash (fue modificada o agregada fuera del programa). Filas correctas antes de ella: 2.
        sugerencia: Restaure la última copia de seguridad buena (`saludya restore`) y averigüe quién tuvo acceso al archivo.
        [exit status: 1]
    "#);
    insta::assert_snapshot!(env.run("--lang en --format json audit verify"), @r#"
        ------- stderr -------
        {"detail":"The audit trail was tampered with: row 3: its contents do not match its hash (it was changed or added outside the program). Good rows before it: 2.","hint":"Restore the last good backup (`saludya restore`) and find out who had access to the file.","kind":"internal"}
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
fn the_trail_is_append_only_in_the_database_itself() {
    let env = Env::admin();
    a_morning(&env);
    let before = env.dump();
    for sql in [
        "UPDATE audit_events SET action = 'x' WHERE id = 1",
        "DELETE FROM audit_events WHERE id = 1",
    ] {
        let e = env.sql_try(sql, &[]).unwrap_err();
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
        error: the argument '--patient <PATIENT>' cannot be used with '--staff <EMAIL>'

        Uso: saludya audit log --patient <PATIENT> --db <PATH>

        Más información: '--help'.
        [exit status: 2]
    "#);
}
