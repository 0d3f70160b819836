use super::*;
use serde_json::json;

fn at(min: u32) -> DateTime<Utc> {
    use chrono::TimeZone;
    Utc.with_ymd_and_hms(2026, 3, 2, 14, min, 0).unwrap()
}

fn db_with(n: u32) -> Db {
    let db = crate::db::open_in_memory().unwrap();
    for i in 0..n {
        crate::db::write(&db, |tx| {
            record(
                tx,
                None,
                at(i),
                Change::updated(
                    Entity::Setting,
                    "clinic_name",
                    "set",
                    json!({"value": format!("A{i}")}),
                    json!({"value": format!("B{i}")}),
                ),
            )
        })
        .unwrap();
    }
    db
}

#[test]
fn an_empty_trail_verifies_with_the_genesis_head() {
    let db = crate::db::open_in_memory().unwrap();
    let before: i64 = db.query_one("SELECT count(*) FROM audit_events", []).unwrap();
    let v = verify(&db, None).unwrap();
    assert_eq!(
        (v.rows, v.head.as_str()),
        (u64::try_from(before).unwrap(), GENESIS)
    );
}

#[test]
fn rows_chain_from_genesis_and_verify() {
    let db = db_with(3);
    let rows: Vec<(i64, String, String)> = db
        .query_map(
            "SELECT id, prev_hash, hash FROM audit_events ORDER BY id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(rows[0].1, GENESIS);
    assert_eq!(rows[1].1, rows[0].2);
    assert_eq!(rows[2].1, rows[1].2);
    let v = verify(&db, None).unwrap();
    assert_eq!((v.rows, v.head.clone()), (3, rows[2].2.clone()));
    // The noted head of an earlier moment is still in the chain.
    assert_eq!(verify(&db, Some(&rows[1].2)).unwrap().noted_head_row, Some(2));
    let other = "ab".repeat(32);
    let e = verify(&db, Some(&other)).unwrap_err();
    assert!(matches!(
        e.cause.as_deref(),
        Some(crate::error::Cause::Audit(AuditError::HeadNotFound {
            rows: 3,
            ..
        }))
    ));
    let e = verify(&db, Some("nothex")).unwrap_err();
    assert_eq!(e.kind, crate::error::Kind::Invalid);
}

fn broken(db: &Db) -> AuditError {
    match verify(db, None).unwrap_err().cause.as_deref() {
        Some(crate::error::Cause::Audit(e)) => e.clone(),
        other => panic!("{other:?}"),
    }
}

fn tamper(db: &Db, sql: &str) {
    let conn = db.sqlite().unwrap();
    conn.execute_batch("DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;")
        .unwrap();
    conn.execute_batch(sql).unwrap();
}

#[test]
fn the_table_is_append_only() {
    let db = db_with(2);
    let conn = db.sqlite().unwrap();
    for sql in [
        "UPDATE audit_events SET action = 'x' WHERE id = 1",
        "DELETE FROM audit_events WHERE id = 2",
    ] {
        let e = conn.execute_batch(sql).unwrap_err();
        assert!(e.to_string().contains("append-only"), "{e}");
    }
    // A second successor of a row (a fork) is refused by the schema.
    let e = conn
        .execute_batch(&format!(
            "INSERT INTO audit_events (id, at, entity, entity_id, action, prev_hash, hash)
             SELECT 3, at, entity, entity_id, action, prev_hash, '{}' FROM audit_events WHERE id = 2",
            "c".repeat(64)
        ))
        .unwrap_err();
    assert!(e.to_string().contains("UNIQUE"), "{e}");
}

#[test]
fn verify_names_the_first_edited_inserted_or_deleted_row() {
    let db = db_with(4);
    tamper(
        &db,
        "UPDATE audit_events SET after = '{\"value\":\"Z\"}' WHERE id = 2",
    );
    assert_eq!(
        broken(&db),
        AuditError::Broken {
            row: 2,
            problem: Problem::Edited,
            checked: 1
        }
    );

    let db = db_with(4);
    tamper(&db, "DELETE FROM audit_events WHERE id = 3");
    assert_eq!(
        broken(&db),
        AuditError::Broken {
            row: 4,
            problem: Problem::Missing { expected: 3 },
            checked: 2
        }
    );

    // A row slipped in at position 2 (the later ones moved up): the schema refuses a second
    // successor of row 1, so it cannot follow row 1's hash.
    let db = db_with(3);
    tamper(
        &db,
        &format!(
            "UPDATE audit_events SET id = id + 10 WHERE id >= 2; UPDATE audit_events SET id = id - 9 WHERE id >= 12;
             INSERT INTO audit_events (id, at, entity, entity_id, action, prev_hash, hash)
             VALUES (2, '2026-03-02T14:30:00Z', 'setting', 'clinic_name', 'set',
                     '{}', '{}')",
            "e".repeat(64),
            "d".repeat(64)
        ),
    );
    assert_eq!(
        broken(&db),
        AuditError::Broken {
            row: 2,
            problem: Problem::Unlinked,
            checked: 1
        }
    );

    // A whole chain rewritten from a row on verifies alone: only a noted head catches it.
    let db = db_with(2);
    let head = verify(&db, None).unwrap().head;
    let first: (String, String) = db
        .query_row("SELECT at, hash FROM audit_events WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let f = Fields {
        id: 2,
        at: "2026-03-02T15:00:00Z",
        actor: None,
        entity: "setting",
        entity_id: "clinic_name",
        action: "set",
        before: None,
        after: Some("{}"),
    };
    let forged = chain::hash(&first.1, &f);
    tamper(
        &db,
        &format!(
            "DELETE FROM audit_events WHERE id = 2;
             INSERT INTO audit_events (id, at, entity, entity_id, action, after, prev_hash, hash)
             VALUES (2, '2026-03-02T15:00:00Z', 'setting', 'clinic_name', 'set', '{{}}', '{}', '{forged}')",
            first.1
        ),
    );
    assert_eq!(verify(&db, None).unwrap().head, forged);
    let e = verify(&db, Some(&head)).unwrap_err();
    assert!(matches!(
        e.cause.as_deref(),
        Some(crate::error::Cause::Audit(AuditError::HeadNotFound { .. }))
    ));
}

#[test]
fn a_change_naming_a_secret_is_refused_and_nothing_is_written() {
    let db = crate::db::open_in_memory().unwrap();
    let count = || -> i64 { db.query_one("SELECT count(*) FROM audit_events", []).unwrap() };
    let n = count();
    for after in [
        json!({"email": "a@b.pe", "password_hash": "x"}),
        json!({"card": {"Number": "4111"}}),
        json!([{"token": "t"}]),
    ] {
        let e = crate::db::write(&db, |tx| {
            record(
                tx,
                None,
                at(0),
                Change::created(Entity::Staff, "s", "create", json!({"items": after.clone()})),
            )
        })
        .unwrap_err();
        assert_eq!(e.kind, crate::error::Kind::Internal);
        assert_eq!(count(), n);
    }
}

#[test]
fn changes_list_what_differs() {
    let e = AuditEvent {
        id: 1,
        at: String::new(),
        actor: None,
        actor_email: None,
        entity: "patient".into(),
        entity_id: "p".into(),
        action: "edit".into(),
        before: Some(r#"{"a":1,"b":"x","c":null}"#.into()),
        after: Some(r#"{"a":1,"b":"y","d":true}"#.into()),
        prev_hash: String::new(),
        hash: String::new(),
    };
    assert_eq!(
        e.changes(),
        vec![
            (
                "b".to_string(),
                Some("\"x\"".to_string()),
                Some("\"y\"".to_string())
            ),
            ("c".to_string(), Some("null".to_string()), None),
            ("d".to_string(), None, Some("true".to_string())),
        ]
    );
}
