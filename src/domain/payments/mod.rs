//! Payments (the original payment service): card validation, payments and refunds.
//!
//! Of a card only the brand and the last four digits are ever kept. The amount always comes from
//! the appointment (the caller passes a [`Payable`] read from the database, never a price typed by
//! the user). This module writes only `payment_*` tables; the workflows that also change the
//! appointment (pay → confirmed, cancel → refund) live in `crate::flows`.

pub mod card;
mod error;
mod store;

pub use error::PaymentError;
pub use store::{
    PaymentFilter, find_by_idempotency_key, get_payment, list_payments, prior_outcome, record_payment,
    refund_for_appointment, refund_payment, refuse_if_paid, replayed_payment, resolve_payment,
    succeeded_payment_for,
};

use crate::ids::{AppointmentId, PaymentId, StaffId};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::money::Cents;
use card::CardInput;

/// How the patient pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Card,
    Cash,
    Transfer,
    Yape,
    Plin,
}

impl Method {
    pub const ALL: [Method; 5] = [
        Method::Card,
        Method::Cash,
        Method::Transfer,
        Method::Yape,
        Method::Plin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Card => "card",
            Method::Cash => "cash",
            Method::Transfer => "transfer",
            Method::Yape => "yape",
            Method::Plin => "plin",
        }
    }

    /// The method in the reader's language (efectivo, tarjeta, transferencia, Yape, Plin).
    pub fn label(self) -> Text {
        match self {
            Method::Card => Text::new("tarjeta", "card"),
            Method::Cash => Text::new("efectivo", "cash"),
            Method::Transfer => Text::new("transferencia", "transfer"),
            Method::Yape => Text::new("Yape", "Yape"),
            Method::Plin => Text::new("Plin", "Plin"),
        }
    }

    /// Accepts the stored names and their Spanish words (tarjeta, efectivo, transferencia).
    pub fn parse(s: &str) -> AppResult<Method> {
        match crate::text::fold(s).as_str() {
            "card" | "tarjeta" => Ok(Method::Card),
            "cash" | "efectivo" => Ok(Method::Cash),
            "transfer" | "transferencia" => Ok(Method::Transfer),
            "yape" => Ok(Method::Yape),
            "plin" => Ok(Method::Plin),
            _ => {
                let shown = crate::text::shown(s, 30);
                Err(PaymentError::UnknownMethod {
                    input: shown.to_string(),
                }
                .into())
            }
        }
    }

    /// Transfers and wallets are identified by the operation number the patient shows.
    pub fn needs_reference(self) -> bool {
        matches!(self, Method::Transfer | Method::Yape | Method::Plin)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordKind {
    Payment,
    Refund,
}

impl RecordKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Payment => "payment",
            RecordKind::Refund => "refund",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Succeeded,
    Declined,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Succeeded => "succeeded",
            Status::Declined => "declined",
        }
    }
}

/// A payment or refund record, as stored (JSON field names are an interface, see DESIGN.md).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Payment {
    pub id: PaymentId,
    pub appointment_id: AppointmentId,
    pub status: Status,
    pub kind: RecordKind,
    pub method: Method,
    pub amount_cents: Cents,
    /// `amount_cents` formatted in the record's currency ("S/ 120.00").
    pub amount: String,
    pub currency: String,
    pub card_brand: Option<String>,
    pub card_last_four: Option<String>,
    pub reference: Option<String>,
    pub tendered_cents: Option<Cents>,
    pub tendered: Option<String>,
    pub change_cents: Option<Cents>,
    pub change: Option<String>,
    /// Why a card was declined: a stable code (`luhn_failed`, `expired`...).
    pub decline_reason: Option<String>,
    /// For a refund: the payment it reverses.
    pub refund_of: Option<PaymentId>,
    /// For a refund: why.
    pub reason: Option<String>,
    pub transaction_id: String,
    /// Sequential, for succeeded records (payments and refunds) only.
    pub receipt_number: Option<i64>,
    pub created_by: Option<StaffId>,
    pub created_at: String,
    /// For a payment: the refund that reversed it (it then no longer counts as the payment).
    pub refunded_by: Option<PaymentId>,
}

impl Payment {
    /// Signed effect on the till: a refund counts negative, a declined record nothing.
    pub fn net_cents(&self) -> Cents {
        match (self.status, self.kind) {
            (Status::Declined, _) => Cents(0),
            (Status::Succeeded, RecordKind::Payment) => self.amount_cents,
            (Status::Succeeded, RecordKind::Refund) => Cents(-self.amount_cents.0),
        }
    }

    /// The decline reason in both languages (`None` unless declined).
    pub fn decline_text(&self) -> Option<Text> {
        let code = self.decline_reason.as_deref()?;
        Some(
            card::DeclineReason::parse(code)
                .map(|r| r.text())
                .unwrap_or_else(|| Text::owned(code.to_string(), code.to_string())),
        )
    }
}

/// What the payments domain needs to know about the appointment being paid, read from the
/// database by the caller (the price is never typed by the user).
#[derive(Debug, Clone)]
pub struct Payable {
    pub appointment_id: AppointmentId,
    pub price: Cents,
    pub currency: String,
}

/// How the money is handed over.
#[derive(Debug, Clone)]
pub enum Tender {
    /// The three card lines; consumed (and zeroed) by validation.
    Card(CardInput),
    /// Cash: the amount handed over (`None`: exactly the price).
    Cash { tendered: Option<Cents> },
    /// Transfer, Yape or Plin: the operation number.
    Reference { method: Method, reference: String },
}

impl Tender {
    pub fn method(&self) -> Method {
        match self {
            Tender::Card(_) => Method::Card,
            Tender::Cash { .. } => Method::Cash,
            Tender::Reference { method, .. } => *method,
        }
    }
}

/// A validated payment request (parse, then validate, then act).
#[derive(Debug, Clone)]
pub struct PaymentRequest {
    pub tender: Tender,
    pub idempotency_key: Option<String>,
}

impl PaymentRequest {
    /// Checks that the options fit the method: a card needs the card lines, cash may have an
    /// amount tendered, transfers and wallets need a reference; nothing else is accepted.
    pub fn new(
        method: Method,
        card: Option<CardInput>,
        tendered: Option<Cents>,
        reference: Option<&str>,
        idempotency_key: Option<&str>,
    ) -> AppResult<PaymentRequest> {
        if card.is_some() && method != Method::Card {
            return Err(PaymentError::CardDetailsForOtherMethod { method }.into());
        }
        let (reference, idempotency_key) = Self::check_options(method, tendered, reference, idempotency_key)?;
        let tender = match method {
            Method::Card
                if card
                    .as_ref()
                    .is_some_and(card::CardInput::holds_more_than_a_number) =>
            {
                return Err(PaymentError::CardLineHoldsMore.into());
            }
            Method::Card => Tender::Card(
                card.filter(|c| !c.is_blank())
                    .ok_or_else(|| AppError::from(PaymentError::CardMissing))?,
            ),
            Method::Cash => Tender::Cash { tendered },
            _ => Tender::Reference {
                method,
                reference: reference.unwrap_or_default(),
            },
        };
        Ok(PaymentRequest {
            tender,
            idempotency_key,
        })
    }

    /// Everything [`PaymentRequest::new`] checks except the card itself, so a front end can
    /// refuse bad options before asking for the card. Returns the cleaned reference and key.
    pub fn check_options(
        method: Method,
        tendered: Option<Cents>,
        reference: Option<&str>,
        idempotency_key: Option<&str>,
    ) -> AppResult<(Option<String>, Option<String>)> {
        if tendered.is_some() && method != Method::Cash {
            return Err(PaymentError::TenderedNotForMethod { method }.into());
        }
        if reference.is_some() && !method.needs_reference() {
            return Err(PaymentError::ReferenceNotForMethod { method }.into());
        }
        let reference = if method.needs_reference() {
            let reference = reference.map(str::trim).unwrap_or_default();
            if reference.is_empty() {
                return Err(PaymentError::ReferenceRequired { method }.into());
            }
            if reference.chars().count() > 60 || crate::text::has_unsafe_chars(reference) {
                return Err(PaymentError::ReferenceInvalid.into());
            }
            Some(reference.to_string())
        } else {
            None
        };
        let idempotency_key = match idempotency_key.map(str::trim) {
            None => None,
            Some(k) if !k.is_empty() && k.len() <= 100 && k.chars().all(|c| c.is_ascii_graphic()) => {
                Some(k.to_string())
            }
            Some(_) => {
                return Err(PaymentError::IdempotencyKeyInvalid.into());
            }
        };
        Ok((reference, idempotency_key))
    }
}

/// What recording a payment gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Recorded {
    /// Money taken: the caller confirms the appointment in the same transaction.
    Paid(Payment),
    /// The card was declined: the record is kept (commit it) and the caller exits 6.
    Declined(Payment),
}

/// Clinic day boundaries in UTC storage form: `[start, end)` of `date` in `tz`.
pub fn day_bounds_utc(date: chrono::NaiveDate, tz: Tz) -> (String, String) {
    let at = |d: chrono::NaiveDate| -> DateTime<Utc> {
        use chrono::TimeZone;
        let midnight = d.and_hms_opt(0, 0, 0).unwrap_or_default();
        // Where midnight does not exist (a DST jump), the day starts at the first valid minute.
        (0..=120)
            .find_map(|m| {
                tz.from_local_datetime(&(midnight + chrono::Duration::minutes(m)))
                    .earliest()
            })
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| midnight.and_utc())
    };
    let next = date.succ_opt().unwrap_or(date);
    (
        crate::clock::utc_string(at(date)),
        crate::clock::utc_string(at(next)),
    )
}

/// Totals of one method over a list of records (the end-of-day cash close).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MethodTotal {
    pub method: Method,
    pub payments: i64,
    pub refunds: i64,
    pub declined: i64,
    pub paid_cents: Cents,
    pub refunded_cents: Cents,
    pub net_cents: Cents,
    pub net: String,
}

/// Per-method totals of succeeded payments minus refunds, plus the count of declined attempts,
/// in the order of [`Method::ALL`]; methods with no records are left out.
pub fn totals(records: &[Payment], currency: &str) -> Vec<MethodTotal> {
    Method::ALL
        .iter()
        .filter_map(|&m| {
            let of: Vec<&Payment> = records.iter().filter(|p| p.method == m).collect();
            if of.is_empty() {
                return None;
            }
            let count = |k: RecordKind| {
                of.iter()
                    .filter(|p| p.status == Status::Succeeded && p.kind == k)
                    .count() as i64
            };
            let sum = |k: RecordKind| {
                Cents(
                    of.iter()
                        .filter(|p| p.status == Status::Succeeded && p.kind == k)
                        .map(|p| p.amount_cents.0)
                        .sum(),
                )
            };
            let paid = sum(RecordKind::Payment);
            let refunded = sum(RecordKind::Refund);
            let net = Cents(paid.0 - refunded.0);
            Some(MethodTotal {
                method: m,
                payments: count(RecordKind::Payment),
                refunds: count(RecordKind::Refund),
                declined: of.iter().filter(|p| p.status == Status::Declined).count() as i64,
                paid_cents: paid,
                refunded_cents: refunded,
                net_cents: net,
                net: net.display(currency),
            })
        })
        .collect()
}

/// The cash close of one clinic day (`payment close`, `report day`): the per-method totals of
/// its records and the net.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CashClose {
    /// The clinic day, "YYYY-MM-DD".
    pub date: String,
    pub totals: Vec<MethodTotal>,
    pub net_cents: Cents,
    pub net: String,
}

/// The read model of the cash close: every record of the clinic day `date` (in `tz`), totalled
/// per method.
pub fn cash_close(
    conn: &crate::db::Db,
    date: chrono::NaiveDate,
    tz: Tz,
    currency: &str,
) -> AppResult<CashClose> {
    let filter = PaymentFilter {
        date: Some(date),
        ..PaymentFilter::default()
    };
    let records = list_payments(conn, &filter, tz)?;
    let totals = totals(&records, currency);
    let net = Cents(totals.iter().map(|t| t.net_cents.0).sum());
    Ok(CashClose {
        date: date.to_string(),
        totals,
        net_cents: net,
        net: net.display(currency),
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::db::Db;
    use chrono::TimeZone;

    pub const LIMA: Tz = chrono_tz::America::Lima;

    /// Monday 2 March 2026, 09:00 in Lima.
    pub fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 14, 0, 0).unwrap()
    }

    /// A staff member, a patient, a doctor and `n` booked appointments at S/ 120.00, written as
    /// raw rows (this module's tests must not depend on the other domains' code).
    pub fn setup(n: usize) -> (crate::db::Db, StaffId, Vec<AppointmentId>) {
        let conn = crate::db::open_in_memory().unwrap();
        conn.autocommit()
            .execute_batch(
                "INSERT INTO auth_staff (id, email, password_hash, role, created_at)
                 VALUES ('staff-1', 'a@x.pe', 'x', 'admin', '2026-01-01T00:00:00Z');
",
            )
            .unwrap();
        use crate::domain::patients::{NewPatient, PatientInput};
        let input = PatientInput {
            doc_number: "12345678".into(),
            first_name: "Ana".into(),
            last_name: "Quispe".into(),
            ..PatientInput::default()
        };
        let new = NewPatient::parse(&input, now().date_naive()).unwrap();
        let patient = crate::domain::patients::add(&conn.autocommit(), &new, None, now())
            .unwrap()
            .patient
            .id;
        crate::domain::catalog::fixtures::load(&conn.autocommit(), now()).unwrap();
        let doctor: String = conn
            .query_row("SELECT id FROM catalog_doctors ORDER BY id LIMIT 1", [], |r| {
                r.get(0)
            })
            .unwrap();
        let ids = (0..n)
            .map(|i| {
                let id = format!("appt-{i}");
                conn.autocommit().execute(
                    "INSERT INTO appointment_appointments (id, patient_id, doctor_id, starts_at, ends_at, status,
                         doctor_name, specialty, price_cents, currency, created_at, updated_at)
                     VALUES ($1, $4, $3, $2 || ':00', $2 || ':30', 'booked', 'Luis Rojas', 'Cardiología', 12000, 'PEN',
                         '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')",
                    crate::params![id, format!("2026-03-{:02} 10", i + 3), doctor, patient],
                )
                .unwrap();
                AppointmentId::from_string(id)
            })
            .collect();
        (conn, staff1(), ids)
    }

    /// The staff member of [`setup`].
    pub fn staff1() -> StaffId {
        StaffId::from_string("staff-1")
    }

    pub fn payable(id: &AppointmentId) -> Payable {
        Payable {
            appointment_id: id.clone(),
            price: Cents(12000),
            currency: "PEN".to_string(),
        }
    }

    fn card(number: &str, cvv: &str) -> Option<card::CardInput> {
        Some(card::CardInput::new(number.into(), "12/28".into(), cvv.into()))
    }

    fn pay(conn: &Db, appt: &AppointmentId, req: PaymentRequest, at: DateTime<Utc>) -> Recorded {
        assert!(prior_outcome(conn, appt, &req).unwrap().is_none());
        record_payment(&conn.autocommit(), &payable(appt), req, &staff1(), at, LIMA).unwrap()
    }

    fn cash(tendered: Option<i64>) -> PaymentRequest {
        PaymentRequest::new(Method::Cash, None, tendered.map(Cents), None, None).unwrap()
    }

    #[test]
    fn requests_must_fit_their_method() {
        let ok = |r: AppResult<PaymentRequest>| r.unwrap().tender.method();
        assert_eq!(
            ok(PaymentRequest::new(Method::Cash, None, None, None, None)),
            Method::Cash
        );
        assert_eq!(
            ok(PaymentRequest::new(
                Method::Yape,
                None,
                None,
                Some("OP-123"),
                Some("k1")
            )),
            Method::Yape
        );
        assert_eq!(
            ok(PaymentRequest::new(
                Method::Card,
                card("4111111111111111", "123"),
                None,
                None,
                None
            )),
            Method::Card
        );
        let bad: Vec<AppResult<PaymentRequest>> = vec![
            PaymentRequest::new(Method::Card, None, None, None, None),
            PaymentRequest::new(
                Method::Card,
                card("4111111111111111", "123"),
                Some(Cents(1)),
                None,
                None,
            ),
            PaymentRequest::new(Method::Cash, None, None, Some("x"), None),
            PaymentRequest::new(Method::Cash, card("4111111111111111", "123"), None, None, None),
            PaymentRequest::new(Method::Transfer, None, None, None, None),
            PaymentRequest::new(Method::Plin, None, None, Some("  "), None),
            PaymentRequest::new(Method::Yape, None, None, Some("a\u{1b}[2J"), None),
            PaymentRequest::new(Method::Transfer, None, Some(Cents(5)), Some("x"), None),
            PaymentRequest::new(Method::Cash, None, None, None, Some("")),
            PaymentRequest::new(Method::Cash, None, None, None, Some("con espacio")),
        ];
        for (i, r) in bad.into_iter().enumerate() {
            assert_eq!(r.unwrap_err().kind, crate::error::Kind::Invalid, "case {i}");
        }
    }

    #[test]
    fn cash_gives_change_and_never_less_than_the_price() {
        let (conn, _, appts) = setup(3);
        let Recorded::Paid(p) = pay(&conn, &appts[0], cash(Some(20000)), now()) else {
            panic!("declined")
        };
        assert_eq!(
            p.amount_cents,
            Cents(12000),
            "the amount is the appointment's price"
        );
        assert_eq!(p.change_cents, Some(Cents(8000)));
        assert_eq!(p.change.as_deref(), Some("S/ 80.00"));
        let Recorded::Paid(p) = pay(&conn, &appts[1], cash(None), now()) else {
            panic!("declined")
        };
        assert_eq!(
            (p.tendered_cents, p.change_cents),
            (Some(Cents(12000)), Some(Cents(0)))
        );
        let err = record_payment(
            &conn.autocommit(),
            &payable(&appts[2]),
            cash(Some(11999)),
            &staff1(),
            now(),
            LIMA,
        )
        .unwrap_err();
        assert_eq!(err.kind, crate::error::Kind::Invalid);
        assert!(succeeded_payment_for(&conn, &appts[2]).unwrap().is_none());
    }

    #[test]
    fn a_card_keeps_only_brand_and_last_four_and_a_bad_one_is_a_recorded_decline() {
        let (conn, _, appts) = setup(1);
        let req = PaymentRequest::new(
            Method::Card,
            card("4111111111111112", "123"),
            None,
            None,
            Some("k"),
        )
        .unwrap();
        let Recorded::Declined(d) = pay(&conn, &appts[0], req, now()) else {
            panic!("a bad Luhn digit must decline")
        };
        assert_eq!(d.status, Status::Declined);
        assert_eq!(d.decline_reason.as_deref(), Some("luhn_failed"));
        assert_eq!(
            (d.card_brand.as_deref(), d.card_last_four.as_deref()),
            (Some("visa"), Some("1112"))
        );
        assert_eq!(d.receipt_number, None, "declined attempts get no receipt");
        assert_eq!(d.net_cents(), Cents(0));
        // The key was not consumed by the decline: a retry with a good card under it succeeds.
        let req = PaymentRequest::new(
            Method::Card,
            card("5555 5555 5555 4444", "321"),
            None,
            None,
            Some("k"),
        )
        .unwrap();
        let Recorded::Paid(p) = pay(&conn, &appts[0], req, now()) else {
            panic!("declined")
        };
        assert_eq!(
            (p.card_brand.as_deref(), p.card_last_four.as_deref()),
            (Some("mastercard"), Some("4444"))
        );
        assert_eq!(p.receipt_number, Some(1));
    }

    #[test]
    fn one_successful_payment_per_appointment_and_idempotent_retries() {
        let (conn, _, appts) = setup(2);
        let keyed = || PaymentRequest::new(Method::Cash, None, None, None, Some("desk1-0001")).unwrap();
        let Recorded::Paid(first) = pay(&conn, &appts[0], keyed(), now()) else {
            panic!()
        };
        // The same key again: the first result, nothing new written.
        let again = prior_outcome(&conn, &appts[0], &keyed()).unwrap().unwrap();
        assert_eq!(again, first);
        // A different payment of the paid appointment: conflict.
        let err = prior_outcome(&conn, &appts[0], &cash(None)).unwrap_err();
        assert_eq!(err.kind, crate::error::Kind::Conflict);
        assert!(err.detail.en.contains("already paid"), "{}", err.detail.en);
        // The same key for another appointment or method: conflict.
        for (appt, method, reference) in [
            (&appts[1], Method::Cash, None),
            (&appts[0], Method::Yape, Some("OP-1")),
        ] {
            let req = PaymentRequest::new(method, None, None, reference, Some("desk1-0001")).unwrap();
            assert_eq!(
                prior_outcome(&conn, appt, &req).unwrap_err().kind,
                crate::error::Kind::Conflict
            );
        }
        // Even a caller that skips the check cannot store a second success: the unique index.
        assert!(
            record_payment(
                &conn.autocommit(),
                &payable(&appts[0]),
                cash(None),
                &staff1(),
                now(),
                LIMA
            )
            .is_err()
        );
    }

    #[test]
    fn receipts_are_sequential_and_refunds_reverse() {
        let (conn, by, appts) = setup(3);
        let mut paid = Vec::new();
        for a in &appts {
            let Recorded::Paid(p) = pay(&conn, a, cash(None), now()) else {
                panic!()
            };
            paid.push(p);
        }
        assert_eq!(
            paid.iter().map(|p| p.receipt_number).collect::<Vec<_>>(),
            [Some(1), Some(2), Some(3)]
        );
        let r = refund_payment(
            &conn.autocommit(),
            &paid[1].id,
            "Paciente no asistirá",
            &by,
            now(),
        )
        .unwrap();
        assert_eq!(
            (r.kind, r.status, r.method),
            (RecordKind::Refund, Status::Succeeded, Method::Cash)
        );
        assert_eq!(r.refund_of.as_deref(), Some(paid[1].id.as_str()));
        assert_eq!((r.amount_cents, r.net_cents()), (Cents(12000), Cents(-12000)));
        assert_eq!(r.receipt_number, Some(4));
        assert_ne!(r.transaction_id, paid[1].transaction_id);
        for (target, reason) in [(&paid[1].id, "otra vez"), (&r.id, "devolver la devolución")] {
            let err = refund_payment(&conn.autocommit(), target, reason, &by, now()).unwrap_err();
            assert_eq!(err.kind, crate::error::Kind::Conflict, "{target}");
        }
        assert_eq!(
            refund_payment(&conn.autocommit(), &paid[0].id, "  ", &by, now())
                .unwrap_err()
                .kind,
            crate::error::Kind::Invalid
        );
        // refund_for_appointment: only what is not refunded yet.
        assert!(
            refund_for_appointment(&conn.autocommit(), &appts[1], "x", &by, now())
                .unwrap()
                .is_none()
        );
        assert!(
            refund_for_appointment(&conn.autocommit(), &appts[2], "x", &by, now())
                .unwrap()
                .is_some()
        );
        let ids: std::collections::HashSet<_> = list_payments(&conn, &PaymentFilter::default(), LIMA)
            .unwrap()
            .into_iter()
            .map(|p| p.transaction_id)
            .collect();
        assert_eq!(ids.len(), 5, "every record has its own transaction id");
    }

    #[test]
    fn the_cash_close_counts_by_clinic_day_and_method() {
        let (conn, by, appts) = setup(4);
        // 23:30 in Lima on 2 March is 04:30 UTC on 3 March: it belongs to the clinic's 2 March.
        let late = Utc.with_ymd_and_hms(2026, 3, 3, 4, 30, 0).unwrap();
        let next_day = Utc.with_ymd_and_hms(2026, 3, 3, 5, 0, 0).unwrap();
        pay(&conn, &appts[0], cash(Some(15000)), now());
        let Recorded::Paid(c) = pay(&conn, &appts[1], cash(None), late) else {
            panic!()
        };
        let yape = PaymentRequest::new(Method::Yape, None, None, Some("123456"), None).unwrap();
        pay(&conn, &appts[2], yape, now());
        let bad =
            PaymentRequest::new(Method::Card, card("4111111111111111", "12"), None, None, None).unwrap();
        pay(&conn, &appts[3], bad, now());
        refund_payment(&conn.autocommit(), &c.id, "error de caja", &by, late).unwrap();
        pay(&conn, &appts[3], cash(None), next_day);

        let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let filter = PaymentFilter {
            date: Some(day),
            ..PaymentFilter::default()
        };
        let records = list_payments(&conn, &filter, LIMA).unwrap();
        assert_eq!(records.len(), 5);
        let t = totals(&records, "PEN");
        let by_method: Vec<(Method, i64, i64, i64, i64)> = t
            .iter()
            .map(|t| (t.method, t.payments, t.refunds, t.declined, t.net_cents.0))
            .collect();
        assert_eq!(
            by_method,
            [
                (Method::Card, 0, 0, 1, 0),
                (Method::Cash, 2, 1, 0, 12000),
                (Method::Yape, 1, 0, 0, 12000),
            ]
        );
        let cash_only = PaymentFilter {
            date: Some(day),
            method: Some(Method::Cash),
            ..PaymentFilter::default()
        };
        assert_eq!(list_payments(&conn, &cash_only, LIMA).unwrap().len(), 3);
        let one = PaymentFilter {
            appointment_id: Some(appts[3].to_string()),
            ..PaymentFilter::default()
        };
        assert_eq!(list_payments(&conn, &one, LIMA).unwrap().len(), 2);
    }

    #[test]
    fn a_refund_dated_before_the_newest_record_is_dated_after_it() {
        // A clock set back (a forged "now" on the day of a closed cash close) cannot move a
        // refund into that day: money records keep their recording order in time.
        let (conn, by, appts) = setup(2);
        let Recorded::Paid(p) = pay(&conn, &appts[0], cash(None), now()) else {
            panic!()
        };
        let later = now() + chrono::Duration::days(1);
        pay(&conn, &appts[1], cash(None), later);
        let back = now() - chrono::Duration::days(1);
        let r = refund_payment(&conn.autocommit(), &p.id, "fecha atrasada", &by, back).unwrap();
        assert_eq!(r.created_at, crate::clock::utc_string(later));
        let close_of_day_one = PaymentFilter {
            date: Some(now().with_timezone(&LIMA).date_naive()),
            ..PaymentFilter::default()
        };
        let t = totals(&list_payments(&conn, &close_of_day_one, LIMA).unwrap(), "PEN");
        assert_eq!(t.iter().map(|t| t.net_cents.0).sum::<i64>(), 12000, "{t:?}");
    }

    #[test]
    fn methods_parse_in_both_languages() {
        for (s, m) in [
            ("card", Method::Card),
            ("Tarjeta", Method::Card),
            ("efectivo", Method::Cash),
            ("YAPE", Method::Yape),
            ("transferencia", Method::Transfer),
            ("plin", Method::Plin),
        ] {
            assert_eq!(Method::parse(s).unwrap(), m);
        }
        assert!(Method::parse("bitcoin").is_err());
    }
}
