//! The card number and the CVV must never be written anywhere: not in the database file, not in
//! its write-ahead log, not in the output. We pay with a known card (once declined, once
//! approved) and search the raw bytes.

use crate::harness::*;
use crate::payment::{booked, id, pay_card};

const PAN: &str = "371449635398431";
const PAN_SPACED: &str = "3714 496353 98431";
const PAN_DASHED: &str = "3714-496353-98431";
/// Everything before the last four digits (which may be kept).
const PAN_HEAD: &str = "37144963539";
const CVV: &str = "8317";

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// The CVV as a value of its own: not inside a longer run of letters, digits or id characters
/// (four digits occur by chance inside UUIDs and hashes; a stored CVV would stand alone).
fn contains_token(haystack: &[u8], needle: &str) -> bool {
    let part_of_word = |b: u8| b.is_ascii_alphanumeric() || b"-_:.".contains(&b);
    haystack.windows(needle.len()).enumerate().any(|(i, w)| {
        w == needle.as_bytes()
            && (i == 0 || !part_of_word(haystack[i - 1]))
            && haystack.get(i + needle.len()).is_none_or(|&b| !part_of_word(b))
    })
}

#[test]
fn the_card_number_and_cvv_never_reach_the_database_or_its_wal() {
    let env = Env::admin();
    let a = booked(&env, "45678912");
    // A second connection kept open stops the last writer from checkpointing the WAL away, so
    // the bytes the payment wrote are still there to search.
    let keep = (!env.on_postgres()).then(|| {
        let keep = rusqlite::Connection::open(env.db()).unwrap();
        let _: i64 = keep
            .query_row("SELECT count(*) FROM payment_payments", [], |r| r.get(0))
            .unwrap();
        keep
    });

    let declined = pay_card(&env, id(&a), &format!("{PAN_SPACED}\n01/25\n{CVV}"), &[]);
    declined.code(6);
    let paid = pay_card(&env, id(&a), &format!("{PAN_DASHED}\n12/29\n{CVV}"), &[]);
    let p = paid.ok().json();
    assert_eq!(
        (p["card_brand"].as_str(), p["card_last_four"].as_str()),
        (Some("amex"), Some("8431"))
    );

    // On PostgreSQL: every row of every table, as the server gives it back.
    let stored: Vec<(&str, Vec<u8>)> = if env.on_postgres() {
        vec![("database", env.dump().into_bytes())]
    } else {
        vec![
            ("database", std::fs::read(env.db()).unwrap()),
            (
                "wal",
                std::fs::read(env.path("saludya.db-wal")).expect("the WAL file is there"),
            ),
        ]
    };
    assert!(
        contains(&stored[stored.len() - 1].1, "8431"),
        "the payment really is in what we searched"
    );
    for (name, bytes) in &stored {
        for needle in [PAN, PAN_SPACED, PAN_DASHED, PAN_HEAD] {
            assert!(!contains(bytes, needle), "{needle} found in the {name} file");
        }
        assert!(!contains_token(bytes, CVV), "the CVV found in the {name} file");
    }
    for out in [&declined, &paid] {
        for text in [&out.stdout, &out.stderr] {
            for needle in [PAN, PAN_SPACED, PAN_DASHED, PAN_HEAD, CVV] {
                assert!(!text.contains(needle), "{needle} printed: {text}");
            }
        }
    }
    drop(keep);
}

#[test]
fn the_token_search_finds_a_cvv_that_stands_alone() {
    // The detector itself must be able to fail.
    assert!(contains_token(b"\x00\x178317\x00", CVV));
    assert!(contains_token(b"cvv 8317,", CVV));
    assert!(!contains_token(b"0195-8317-7abc", CVV));
    assert!(!contains_token(b"12083170", CVV));
}

#[test]
fn whole_output_of_a_card_payment_shows_brand_and_last_four_only() {
    let env = Env::admin();
    let appt = crate::payment::booked(&env, "45678912");
    let id = crate::payment::id(&appt).to_string();
    let out = env.run_stdin(
        &format!("pay {id} --method card --card-stdin"),
        "4111 1111 1111 1111\n12/28\n123",
    );
    assert!(!out.to_string().contains("4111 1111"), "{out}");
    insta::assert_snapshot!(out, @r#"
        | Recibo      | 1                                    |
        | Tipo        | pago                                 |
        | Medio       | tarjeta                              |
        | Monto       | S/ 70.00                             |
        | Entregado   |                                      |
        | Vuelto      |                                      |
        | Tarjeta     | visa ••••1111                        |
        | Referencia  |                                      |
        | Motivo      |                                      |
        | Transacción | TX-019CAED943007000806000014669466F  |
        | Cita        | 019caed9-4300-7000-8050-0000f347fc1e |
        | Devuelve a  |                                      |
        | Fecha (UTC) | 2026-03-02T14:00:00Z                 |
        | Id          | 019caed9-4300-7000-8060-0000f65c149e |
        ------- stderr -------
        Pago aprobado: S/ 70.00 (tarjeta). Recibo 1, transacción TX-019CAED943007000806000014669466F. La cita queda pagada.
    "#);
}
