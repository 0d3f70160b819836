//! `pay` and `payment show|list|refund`, and the flows around them: a successful payment
//! confirms the appointment in the same transaction, a paid appointment that is cancelled is
//! refunded in the same transaction, a rescheduled one keeps its payment.
//! The clock is Monday 2 March 2026, 09:00 in Lima.

use crate::harness::*;

pub const VISA: &str = "4111 1111 1111 1111";

pub fn json(env: &Env, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    env.run(&all).ok().json()
}

/// Registers a patient (by DNI) and books them into the first free Medicina General slot.
/// Returns the appointment as JSON.
pub fn booked(env: &Env, dni: &str) -> serde_json::Value {
    env.run(&[
        "patient",
        "add",
        "--dni",
        dni,
        "--first-name",
        "Ana",
        "--last-name",
        "Quispe Mamani",
    ])
    .ok();
    let slots = json(
        env,
        &["slots", "--specialty", "medicina general", "--limit", "40"],
    );
    for s in slots.as_array().unwrap() {
        let out = env.run(&[
            "--format",
            "json",
            "appointment",
            "book",
            "--patient",
            dni,
            "--doctor",
            s["doctor_id"].as_str().unwrap(),
            "--at",
            s["start"].as_str().unwrap(),
        ]);
        if out.code == 0 {
            return out.json();
        }
        out.code(5);
    }
    panic!("no free slot for {dni}");
}

pub fn id(v: &serde_json::Value) -> &str {
    v["id"].as_str().unwrap()
}

fn pay(env: &Env, appt: &str, extra: &[&str]) -> Out {
    let mut args = vec!["--format", "json", "pay", appt];
    args.extend_from_slice(extra);
    env.run(&args)
}

pub fn pay_card(env: &Env, appt: &str, card: &str, extra: &[&str]) -> Out {
    let mut args = vec![
        "--format",
        "json",
        "pay",
        appt,
        "--method",
        "card",
        "--card-stdin",
    ];
    args.extend_from_slice(extra);
    env.run_stdin(&args, card)
}

fn status_of(env: &Env, appt: &str) -> String {
    json(env, &["appointment", "show", appt])["status"]
        .as_str()
        .unwrap()
        .to_string()
}

fn records_of(env: &Env, appt: &str) -> Vec<serde_json::Value> {
    json(env, &["payment", "list", "--appointment", appt])
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn cash_payment_takes_the_stored_price_shows_change_and_confirms() {
    let env = Env::admin();
    let a = booked(&env, "45678912");
    let price = a["price_cents"].as_i64().unwrap();
    assert_eq!(a["status"], "booked");
    let out = pay(&env, id(&a), &["--method", "cash", "--tendered", "500"]);
    let p = out.ok().json();
    assert_eq!(p["status"], "succeeded");
    assert_eq!(p["kind"], "payment");
    assert_eq!(p["method"], "cash");
    assert_eq!(p["amount_cents"], price, "the amount is the appointment's price");
    assert_eq!(p["change_cents"], 50000 - price);
    assert_eq!(p["receipt_number"], 1);
    assert_eq!(p["appointment_status"], "confirmed");
    assert!(p["transaction_id"].as_str().unwrap().starts_with("TX-"));
    assert!(out.stderr.contains("vuelto"), "{}", out.stderr);
    assert_eq!(status_of(&env, id(&a)), "confirmed");
    let shown = json(&env, &["payment", "show", &p["id"].as_str().unwrap()[..8]]);
    assert_eq!(shown["transaction_id"], p["transaction_id"]);
}

#[test]
fn a_card_payment_keeps_only_brand_and_last_four() {
    let env = Env::admin();
    let a = booked(&env, "45678912");
    let out = pay_card(&env, id(&a), "3782-822463-10005\n12/28\n4321", &[]);
    let p = out.ok().json();
    assert_eq!(p["card_brand"], "amex");
    assert_eq!(p["card_last_four"], "0005");
    for text in [&out.stdout, &out.stderr] {
        assert!(
            !text.contains("378282246310005") && !text.contains("822463"),
            "{text}"
        );
        assert!(!text.contains("4321"), "{text}");
    }
}

#[test]
fn a_declined_card_is_recorded_and_exits_6_and_the_appointment_stays_booked() {
    let env = Env::admin();
    let a = booked(&env, "45678912");
    for (card, reason) in [
        ("4111 1111 1111 1112\n12/28\n123", "luhn_failed"),
        ("4111 1111 1111 1111\n02/26\n123", "expired"),
        ("4111 1111 1111 1111\n12/28\n12", "invalid_cvv"),
        ("9111 1111 1111 1111\n12/28\n123", "unknown_brand"),
    ] {
        let out = pay_card(&env, id(&a), card, &[]);
        out.code(6);
        assert_eq!(out.json_err()["kind"], "declined");
        assert_eq!(out.json()["decline_reason"], reason);
        assert_eq!(out.json()["status"], "declined");
        assert!(!out.stderr.contains("1111 1111"), "{}", out.stderr);
    }
    let records = records_of(&env, id(&a));
    assert_eq!(records.len(), 4);
    assert!(
        records
            .iter()
            .all(|r| r["status"] == "declined" && r["receipt_number"].is_null())
    );
    assert_eq!(records[0]["card_last_four"], "1112");
    assert_eq!(status_of(&env, id(&a)), "booked");
    // A good card afterwards goes through and gets receipt 1.
    let p = pay_card(&env, id(&a), &format!("{VISA}\n12/28\n123"), &[])
        .ok()
        .json();
    assert_eq!(p["receipt_number"], 1);
}

#[test]
fn idempotent_retry_returns_the_first_result_and_a_second_payment_is_refused() {
    let env = Env::admin();
    let a = booked(&env, "45678912");
    let args = [
        "--method",
        "yape",
        "--reference",
        "OP-778899",
        "--idempotency-key",
        "caja1-0001",
    ];
    let first = pay(&env, id(&a), &args).ok().json();
    assert_eq!(first["replayed"], false);
    let before = env.dump();
    let again = pay(&env, id(&a), &args).ok().json();
    assert_eq!(again["replayed"], true);
    assert_eq!(again["transaction_id"], first["transaction_id"]);
    assert_eq!(again["id"], first["id"]);
    assert_eq!(before, env.dump(), "a retry writes nothing");
    for other in [
        vec!["--method", "cash"],
        vec!["--method", "cash", "--idempotency-key", "caja1-0002"],
        vec!["--method", "cash", "--idempotency-key", "caja1-0001"],
    ] {
        let out = pay(&env, id(&a), &other);
        out.code(5);
        assert_eq!(before, env.dump(), "{other:?}");
    }
    let out = pay_card(&env, id(&a), &format!("{VISA}\n12/28\n123"), &[]);
    out.code(5);
    assert_eq!(
        before,
        env.dump(),
        "no declined record for an already-paid appointment"
    );
}

#[test]
fn bad_payment_options_change_nothing() {
    let env = Env::admin();
    let a = booked(&env, "45678912");
    let before = env.dump();
    for args in [
        vec!["--method", "transfer"],
        vec!["--method", "plin", "--reference", ""],
        vec!["--method", "cash", "--tendered", "1"],
        vec!["--method", "cash", "--tendered", "diez"],
        vec!["--method", "cash", "--reference", "x"],
        vec!["--method", "yape", "--reference", "1", "--tendered", "500"],
        vec!["--method", "bitcoin"],
        vec!["--method", "cash", "--card-stdin"],
    ] {
        pay(&env, id(&a), &args).code(2);
        assert_eq!(before, env.dump(), "{args:?}");
    }
    pay(&env, "ffffffff", &["--method", "cash"]).code(4);
    assert_eq!(before, env.dump());
}

#[test]
fn a_cancelled_appointment_cannot_be_paid() {
    let env = Env::admin();
    let a = booked(&env, "45678912");
    env.run(&[
        "appointment",
        "cancel",
        id(&a),
        "--by",
        "patient",
        "--reason",
        "viaje",
    ])
    .ok();
    let before = env.dump();
    pay(&env, id(&a), &["--method", "cash"]).code(5);
    assert_eq!(before, env.dump());
}

#[test]
fn refund_writes_a_reversing_record_once() {
    let env = Env::admin();
    let a = booked(&env, "45678912");
    let p = pay(&env, id(&a), &["--method", "cash"]).ok().json();
    let pid = p["id"].as_str().unwrap();
    env.run(&["payment", "refund", pid]).code(2);
    let r = json(&env, &["payment", "refund", pid, "--reason", "cobro duplicado"]);
    assert_eq!(r["kind"], "refund");
    assert_eq!(r["refund_of"], pid);
    assert_eq!(r["amount_cents"], p["amount_cents"]);
    assert_eq!(r["receipt_number"], 2);
    assert_ne!(r["transaction_id"], p["transaction_id"]);
    let before = env.dump();
    env.run(&["payment", "refund", pid, "--reason", "otra vez"])
        .code(5);
    env.run(&["payment", "refund", r["id"].as_str().unwrap(), "--reason", "x"])
        .code(5);
    assert_eq!(before, env.dump());
}

#[test]
fn the_cash_close_totals_each_method() {
    let env = Env::admin();
    let a = booked(&env, "45678912");
    let b = booked(&env, "45678913");
    let c = booked(&env, "45678914");
    let pa = pay(&env, id(&a), &["--method", "cash", "--tendered", "500"])
        .ok()
        .json();
    pay(&env, id(&b), &["--method", "plin", "--reference", "99"]).ok();
    pay_card(&env, id(&c), "4111 1111 1111 1112\n12/28\n123", &[]).code(6);
    env.run(&[
        "payment",
        "refund",
        pa["id"].as_str().unwrap(),
        "--reason",
        "error",
    ])
    .ok();
    let list = json(&env, &["payment", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 4, "lists are JSON arrays");
    let close = json(&env, &["payment", "close"]);
    assert_eq!(close["date"], "2026-03-02");
    assert!(close.get("payments").is_none(), "the close is the totals only");
    let totals = close["totals"].as_array().unwrap();
    let row = |m: &str| totals.iter().find(|t| t["method"] == m).unwrap().clone();
    assert_eq!(row("card")["declined"], 1);
    assert_eq!(row("card")["net_cents"], 0);
    assert_eq!(
        (row("cash")["payments"].clone(), row("cash")["refunds"].clone()),
        (1.into(), 1.into())
    );
    assert_eq!(row("cash")["net_cents"], 0);
    assert_eq!(row("plin")["net_cents"], b["price_cents"]);
    assert_eq!(close["net_cents"], b["price_cents"]);
    let cash_only = json(&env, &["payment", "list", "--method", "cash"]);
    assert_eq!(cash_only.as_array().unwrap().len(), 2);
    let other_day = json(&env, &["payment", "list", "--date", "2026-03-01"]);
    assert_eq!(other_day, serde_json::json!([]));
    let other_close = json(&env, &["payment", "close", "--date", "2026-03-01"]);
    assert_eq!(other_close["net_cents"], 0);
    let table = env.run(&["payment", "list"]);
    assert!(table.ok().stdout.contains("Plin"), "{}", table.stdout);
    let table = env.run(&["payment", "close"]);
    assert!(table.ok().stdout.contains("efectivo"), "{}", table.stdout);
    assert!(table.stderr.contains("Total neto"), "{}", table.stderr);
}

#[test]
fn cancelling_a_paid_appointment_refunds_it_in_the_same_step() {
    let env = Env::admin();
    let a = booked(&env, "45678912");
    let unpaid = booked(&env, "45678913");
    let p = pay(&env, id(&a), &["--method", "cash"]).ok().json();
    env.as_receptionist();
    env.run(&[
        "appointment",
        "cancel",
        id(&a),
        "--by",
        "patient",
        "--reason",
        "viaje",
    ])
    .ok();
    assert_eq!(status_of(&env, id(&a)), "cancelled");
    let records = records_of(&env, id(&a));
    assert_eq!(records.len(), 2);
    assert_eq!(records[1]["kind"], "refund");
    assert_eq!(records[1]["refund_of"], p["id"]);
    assert_eq!(records[1]["amount_cents"], p["amount_cents"]);
    env.run(&[
        "appointment",
        "cancel",
        id(&unpaid),
        "--by",
        "clinic",
        "--reason",
        "médico enfermo",
    ])
    .ok();
    assert!(records_of(&env, id(&unpaid)).is_empty(), "nothing to refund");
}

#[test]
fn a_failing_refund_leaves_the_appointment_uncancelled() {
    let env = Env::admin();
    let a = booked(&env, "45678912");
    pay(&env, id(&a), &["--method", "cash"]).ok();
    // Sabotage: the database refuses any refund.
    env.sql_batch(
        "CREATE TRIGGER test_no_refunds BEFORE INSERT ON payment_payments WHEN NEW.kind = 'refund'
         BEGIN SELECT RAISE(ABORT, 'refunds are broken'); END;",
        "CREATE FUNCTION test_no_refunds() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN IF NEW.kind = 'refund' THEN RAISE EXCEPTION 'refunds are broken'; END IF; RETURN NEW; END $$;
         CREATE TRIGGER test_no_refunds BEFORE INSERT ON payment_payments
             FOR EACH ROW EXECUTE FUNCTION test_no_refunds();",
    );
    let before = env.dump();
    let out = env.run(&[
        "appointment",
        "cancel",
        id(&a),
        "--by",
        "patient",
        "--reason",
        "viaje",
    ]);
    assert_ne!(out.code, 0);
    assert_eq!(before, env.dump(), "all or nothing: not cancelled, not refunded");
    assert_eq!(status_of(&env, id(&a)), "confirmed");
}

#[test]
fn rescheduling_keeps_the_payment() {
    let env = Env::admin();
    let a = booked(&env, "45678912");
    let p = pay(&env, id(&a), &["--method", "yape", "--reference", "123"])
        .ok()
        .json();
    let slots = json(
        &env,
        &[
            "slots",
            "--doctor",
            a["doctor_id"].as_str().unwrap(),
            "--from",
            "2026-03-04",
            "--limit",
            "1",
        ],
    );
    let to = slots[0]["start"].as_str().unwrap();
    env.run(&["appointment", "reschedule", id(&a), "--at", to]).ok();
    let moved = json(&env, &["appointment", "show", id(&a)]);
    assert_eq!(moved["start"], to);
    assert_eq!(moved["status"], "confirmed");
    let records = records_of(&env, id(&a));
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["id"], p["id"]);
    // Still paid: a second payment is refused.
    pay(&env, id(&a), &["--method", "cash"]).code(5);
}

#[test]
fn an_empty_cash_close() {
    let env = Env::admin();
    let v = env.run(&["--format", "json", "payment", "list"]).ok().json();
    assert_eq!(v, serde_json::json!([]));
    let v = env.run(&["--format", "json", "payment", "close"]).ok().json();
    assert_eq!(v["totals"], serde_json::json!([]));
    assert_eq!(v["net_cents"], 0);
    assert_eq!(v["date"], "2026-03-02", "today in the clinic zone");
}

#[test]
fn unknown_payments_and_bad_filters() {
    let env = Env::admin();
    env.run(&["payment", "show", "0123456789"]).code(4);
    env.run(&["payment", "show", "abc"]).code(2);
    env.run(&["payment", "list", "--method", "bitcoin"]).code(2);
    env.run(&["payment", "list", "--date", "ayer"]).code(2);
    env.run(&["payment", "close", "--date", "ayer"]).code(2);
}

#[test]
fn only_an_admin_refunds() {
    let env = Env::admin();
    let a = booked(&env, "45678912");
    let p = pay(&env, id(&a), &["--method", "cash"]).ok().json();
    env.as_receptionist();
    let before = env.dump();
    env.run(&["payment", "refund", p["id"].as_str().unwrap(), "--reason", "x"])
        .code(3);
    assert_eq!(before, env.dump());
}

#[test]
fn pay_and_payment_help() {
    let env = Env::empty();
    let pay = env.run(&["pay", "--help"]);
    insta::assert_snapshot!("saludya_pay_help", pay.ok().stdout);
    let payment = env.run(&["payment", "--help"]);
    insta::assert_snapshot!("saludya_payment_help", payment.ok().stdout);
    assert!(payment.stdout.contains("Ejemplos:"));
}

#[test]
fn without_a_terminal_the_card_must_come_through_stdin() {
    let env = Env::admin();
    let a = booked(&env, "45678912");
    let before = env.dump();
    let out = env.run_stdin(
        &["pay", id(&a), "--method", "card"],
        "4111111111111111\n12/28\n123",
    );
    out.code(2);
    assert!(out.stderr.contains("--card-stdin"), "{}", out.stderr);
    assert!(!out.stderr.contains("4111"), "{}", out.stderr);
    assert_eq!(before, env.dump());
}

fn history_of(env: &Env, appt: &str) -> Vec<serde_json::Value> {
    json(env, &["appointment", "show", appt])["history"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn a_refund_makes_the_appointment_unpaid_again_and_it_can_be_paid_again() {
    let env = Env::admin();
    let a = booked(&env, "45678912");
    let first = pay(&env, id(&a), &["--method", "cash"]).ok().json();
    assert_eq!(status_of(&env, id(&a)), "confirmed");
    let pid = first["id"].as_str().unwrap();
    let r = json(&env, &["payment", "refund", pid, "--reason", "cobro equivocado"]);
    assert_eq!(r["kind"], "refund");
    assert_eq!(r["appointment_status"], "booked");
    assert_eq!(
        status_of(&env, id(&a)),
        "booked",
        "unpaid again, still holding its slot"
    );
    let last = history_of(&env, id(&a)).into_iter().last().unwrap();
    assert_eq!(
        (&last["from_status"], &last["to_status"], &last["reason"]),
        (
            &serde_json::json!("confirmed"),
            &serde_json::json!("booked"),
            &serde_json::json!("cobro equivocado")
        )
    );
    let shown = json(&env, &["payment", "show", pid]);
    assert_eq!(shown["refunded_by"], r["id"]);
    // Double refund still refused, and changes nothing.
    let before = env.dump();
    env.run(&["payment", "refund", pid, "--reason", "otra vez"])
        .code(5);
    assert_eq!(before, env.dump());
    // Paid again: a new payment, a new receipt, confirmed again.
    let second = pay(&env, id(&a), &["--method", "yape", "--reference", "OP-1"])
        .ok()
        .json();
    assert_eq!(second["receipt_number"], 3);
    assert_eq!(second["appointment_status"], "confirmed");
    assert_eq!(status_of(&env, id(&a)), "confirmed");
    // ...and only once more.
    pay(&env, id(&a), &["--method", "cash"]).code(5);
    // The export shows the payment that counts now.
    let csv = env
        .run(&["export", "appointments", "--format", "json"])
        .ok()
        .stdout
        .clone();
    assert_eq!(csv.lines().count(), 1, "one row per appointment: {csv}");
    assert!(csv.contains("yape"), "{csv}");
}

#[test]
fn the_database_refuses_a_second_unrefunded_payment() {
    let env = Env::admin();
    let a = booked(&env, "45678912");
    let p = pay(&env, id(&a), &["--method", "cash"]).ok().json();
    let copy = "INSERT INTO payment_payments (id, appointment_id, kind, status, method, amount_cents,
                 currency, transaction_id, created_at)
             SELECT id || 'x', appointment_id, kind, status, method, amount_cents, currency,
                 transaction_id || 'x', created_at FROM payment_payments WHERE id = $1";
    let paid = p["id"].as_str().unwrap();
    assert!(env.sql_try(copy, &[paid]).is_err(), "last line of defence");
    env.sql_try(
        "UPDATE payment_payments SET refunded_by = id WHERE id = $1",
        &[paid],
    )
    .unwrap();
    assert!(
        env.sql_try(copy, &[paid]).is_ok(),
        "a refunded one does not count"
    );
}

#[test]
fn a_refund_keeps_the_status_of_an_appointment_past_confirmed() {
    let env = Env::admin();
    let a = booked(&env, "45678912");
    let p = pay(&env, id(&a), &["--method", "cash"]).ok().json();
    env.run(&["appointment", "check-in", id(&a)]).ok();
    let r = json(
        &env,
        &[
            "payment",
            "refund",
            p["id"].as_str().unwrap(),
            "--reason",
            "cortesía",
        ],
    );
    assert_eq!(r["appointment_status"], "checked_in");
    assert_eq!(status_of(&env, id(&a)), "checked_in");
}

#[test]
fn paying_a_cancelled_and_refunded_appointment_says_it_is_cancelled() {
    let env = Env::admin();
    let a = booked(&env, "45678912");
    pay(&env, id(&a), &["--method", "cash"]).ok();
    let cancelled = env.run(&[
        "appointment",
        "cancel",
        id(&a),
        "--by",
        "clinic",
        "--reason",
        "médico enfermo",
    ]);
    assert!(
        cancelled.ok().stderr.contains("(efectivo)"),
        "{}",
        cancelled.stderr
    );
    assert_eq!(status_of(&env, id(&a)), "cancelled");
    let before = env.dump();
    let out = env.run(&["pay", id(&a), "--method", "cash"]);
    out.code(5);
    assert!(out.stderr.contains("cancelada"), "{}", out.stderr);
    assert!(!out.stderr.contains("pagada"), "{}", out.stderr);
    assert_eq!(before, env.dump());
}

#[test]
fn blank_card_input_is_a_usage_error_and_records_nothing() {
    let env = Env::admin();
    let a = booked(&env, "45678912");
    let before = env.dump();
    for input in ["\n\n\n", "   \n12/28\n123\n", " - \n\n\n"] {
        pay_card(&env, id(&a), input, &[]).code(2);
        assert_eq!(before, env.dump(), "{input:?}");
    }
    // A number with digits that is wrong is still a declined, recorded attempt.
    pay_card(&env, id(&a), "12\n12/28\n123\n", &[]).code(6);
}

#[test]
fn messages_name_the_method_and_the_record_in_the_readers_language() {
    let env = Env::admin();
    let a = booked(&env, "45678912");
    let out = env.run(&["pay", id(&a), "--method", "cash"]);
    assert!(out.ok().stderr.contains("(efectivo)"), "{}", out.stderr);
    let b = booked(&env, "45678913");
    let out = env.run(&[
        "--lang",
        "en",
        "pay",
        id(&b),
        "--method",
        "plin",
        "--reference",
        "7",
    ]);
    assert!(out.ok().stderr.contains("(Plin)"), "{}", out.stderr);
    let c = booked(&env, "45678914");
    let declined = pay_card(&env, id(&c), "4111 1111 1111 1112\n12/28\n123", &[]).json();
    let did = declined["id"].as_str().unwrap();
    for (lang, says) in [("es", "es un intento rechazado"), ("en", "is a declined attempt")] {
        let out = env.run(&["--lang", lang, "payment", "refund", did, "--reason", "x"]);
        out.code(5);
        assert!(out.stderr.contains(says), "{}", out.stderr);
    }
}

#[test]
fn whole_outputs_of_pay_refund_and_the_cash_close() {
    let env = Env::admin();
    let a = booked(&env, "45678912");
    let appt = id(&a).to_string();
    insta::assert_snapshot!(env.run(&format!("pay {appt} --method cash --tendered 100")), @r#"
        | Recibo      | 1                                    |
        | Tipo        | pago                                 |
        | Medio       | efectivo                             |
        | Monto       | S/ 70.00                             |
        | Entregado   | S/ 100.00                            |
        | Vuelto      | S/ 30.00                             |
        | Tarjeta     |                                      |
        | Referencia  |                                      |
        | Motivo      |                                      |
        | Transacción | TX-019CAED943007000806000014669466F  |
        | Cita        | 019caed9-4300-7000-8050-0000f347fc1e |
        | Devuelve a  |                                      |
        | Fecha (UTC) | 2026-03-02T14:00:00Z                 |
        | Id          | 019caed9-4300-7000-8060-0000f65c149e |
        ------- stderr -------
        Pago aprobado: S/ 70.00 (efectivo), vuelto S/ 30.00. Recibo 1, transacción TX-019CAED943007000806000014669466F. La cita queda pagada.
    "#);
    insta::assert_snapshot!(env.run(&format!("pay {appt} --method yape --reference OP-1")), @r#"
        ------- stderr -------
        error: La cita ya está pagada (recibo 1, S/ 70.00, transacción TX-019CAED943007000806000014669466F).
        sugerencia: Vea el pago con `saludya payment show 019caed9-4300-7000-8060-0000f65c149e`.
        [exit status: 5]
    "#);
    let paid = json(&env, &["payment", "list", "--appointment", &appt]);
    let pid = paid[0]["id"].as_str().unwrap().to_string();
    insta::assert_snapshot!(env.run(&format!("--lang en payment refund {pid} --reason \"cobro duplicado\"")), @r#"
        | Receipt       | 2                                    |
        | Kind          | refund                               |
        | Method        | cash                                 |
        | Amount        | S/ 70.00                             |
        | Tendered      |                                      |
        | Change        |                                      |
        | Card          |                                      |
        | Reference     |                                      |
        | Reason        | cobro duplicado                      |
        | Transaction   | TX-019CAED94300700080900001EBAAC030  |
        | Appointment   | 019caed9-4300-7000-8050-0000f347fc1e |
        | Refund of     | 019caed9-4300-7000-8060-0000f65c149e |
        | Created (UTC) | 2026-03-02T14:00:00Z                 |
        | Id            | 019caed9-4300-7000-8090-000020ac2cd3 |
        ------- stderr -------
        Refund recorded: S/ 70.00 (cash), receipt 2. The appointment is now booked.
    "#);
    insta::assert_snapshot!(env.run("payment close"), @r#"
        | Medio    | Pagos | Devoluciones | Rechazados | Neto    |
        |----------|-------|--------------|------------|---------|
        | efectivo | 1     | 1            | 0          | S/ 0.00 |
        ------- stderr -------
        Total neto en caja (2026-03-02): S/ 0.00
    "#);
}

/// A date typed day first, as at a Peruvian desk, means the same day as AAAA-MM-DD; the output
/// keeps AAAA-MM-DD.
#[test]
fn a_day_first_date_is_the_same_day() {
    let env = Env::admin();
    let a = booked(&env, "45678912");
    env.run(&format!("pay {} --method cash", id(&a))).ok();
    let iso = env.run("payment close --date 2026-03-02");
    let day_first = env.run("payment close --date 02/03/2026");
    assert_eq!(
        (day_first.code, &day_first.stdout, &day_first.stderr),
        (0, &iso.stdout, &iso.stderr)
    );
    assert!(day_first.stderr.contains("(2026-03-02)"), "{}", day_first.stderr);
    env.run("payment close --date 02/03/26").code(2);
}
