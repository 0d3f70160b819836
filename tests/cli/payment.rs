//! `pay` and `payment show|list|refund`.

use crate::harness::*;

#[test]
fn an_empty_cash_close() {
    let env = Env::admin();
    let v = env.run(&["--format", "json", "payment", "list"]).ok().json();
    assert_eq!(v["payments"], serde_json::json!([]));
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
}

#[test]
fn only_an_admin_refunds() {
    let env = Env::admin();
    env.as_receptionist();
    let out = env.run(&["payment", "refund", "0123456789", "--reason", "x"]);
    out.code(3);
}
