//! The agenda export read model: appointments joined with their patient, with their payment's
//! summary (kept on the appointment row by migration V13's triggers on `payment_payments`),
//! streamed row by row (constant memory) to a caller-supplied sink.
//!
//! Why here and not in `domain/appointments`: one export row spans several domains' data
//! (`appointment_`, `user_`, and the payments' summary). Domains keep SQL over their own tables; a read model
//! that joins several of them is a cross-domain workflow like pay or cancel, only read-only.
//! Doing the join in SQL (not by calling three domains per row) is what makes a million rows
//! stream faster than the `sqlite3` command-line tool.

use crate::db::{Cell, Db};
use chrono::NaiveDate;

pub use super::error::ExportError;
use crate::error::AppResult;

/// Appointment statuses, for validating the `--status` filter.
pub const STATUSES: [&str; 6] = [
    "booked",
    "confirmed",
    "checked_in",
    "completed",
    "no_show",
    "cancelled",
];

/// Which appointments to export. Dates are clinic days, both ends included.
#[derive(Debug, Clone, Default)]
pub struct ExportFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub status: Option<String>,
    pub doctor_id: Option<String>,
}

impl ExportFilter {
    /// Checks the range and the status name.
    pub fn validate(self) -> AppResult<ExportFilter> {
        if let (Some(f), Some(t)) = (self.from, self.to)
            && f > t
        {
            return Err(ExportError::RangeReversed { from: f, to: t }.into());
        }
        if let Some(s) = &self.status
            && !STATUSES.contains(&s.as_str())
        {
            return Err(ExportError::UnknownStatus {
                input: crate::text::shown(s, 30).to_string(),
            }
            .into());
        }
        Ok(self)
    }
}

/// One exported appointment, borrowed from the current SQLite row (valid inside the sink call).
#[derive(Debug, Clone, Copy)]
pub struct ExportRow<'a> {
    pub id: &'a str,
    /// Clinic wall-clock "YYYY-MM-DD HH:MM".
    pub starts_at: &'a str,
    pub ends_at: &'a str,
    pub status: &'a str,
    pub patient_id: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub doc_type: &'a str,
    pub doc_number: &'a str,
    pub doctor_id: &'a str,
    pub doctor_name: &'a str,
    pub specialty: &'a str,
    pub price_cents: i64,
    pub currency: &'a str,
    /// The successful payment, if any: amount, method, receipt.
    pub paid_cents: i64,
    pub payment_method: &'a str,
    pub receipt_number: Option<i64>,
    /// Refunded amount (a cancelled paid appointment).
    pub refunded_cents: i64,
    pub cancelled_by: &'a str,
    pub cancel_reason: &'a str,
    /// UTC "YYYY-MM-DDTHH:MM:SSZ".
    pub created_at: &'a str,
}

impl ExportRow<'_> {
    pub fn date(&self) -> &str {
        crate::wall_time::stored_parts(self.starts_at).0
    }

    pub fn time(&self) -> &str {
        crate::wall_time::stored_parts(self.starts_at).1
    }

    /// "HH:MM" of the end.
    pub fn end_time(&self) -> &str {
        crate::wall_time::stored_parts(self.ends_at).1
    }

    /// What the clinic keeps: paid minus refunded.
    pub fn net_paid_cents(&self) -> i64 {
        self.paid_cents - self.refunded_cents
    }
}

/// One row per appointment: its payment's amount, method, receipt and refund are kept on its row
/// (migration V13's triggers, from the latest successful payment and that payment's refund).
const SELECT: &str = "SELECT a.id, a.starts_at, a.ends_at, a.status, a.patient_id, p.first_name, p.last_name, \
    p.doc_type, p.doc_number, a.doctor_id, a.doctor_name, a.specialty, a.price_cents, a.currency, \
    a.paid_cents, a.payment_method, a.receipt_number, a.refunded_cents, a.cancelled_by, a.cancel_reason, \
    a.created_at \
    FROM appointment_appointments a \
    JOIN user_patients p ON p.id = a.patient_id";

/// The SQL (`$1…` placeholders) and parameters for `filter` (also used by the benchmark to give `sqlite3` the same query).
pub fn query(filter: &ExportFilter) -> (String, Vec<String>) {
    let mut conditions: Vec<String> = Vec::new();
    let mut values: Vec<String> = Vec::new();
    let next = |values: &Vec<String>| values.len() + 1;
    if let Some(f) = filter.from {
        conditions.push(format!("a.starts_at >= ${}", next(&values)));
        values.push(f.format("%Y-%m-%d").to_string());
    }
    if let Some(t) = filter.to {
        // "YYYY-MM-DD HH:MM" < the next day's date string.
        conditions.push(format!("a.starts_at < ${}", next(&values)));
        values.push(t.succ_opt().unwrap_or(t).format("%Y-%m-%d").to_string());
    }
    if let Some(s) = &filter.status {
        conditions.push(format!("a.status = ${}", next(&values)));
        values.push(s.clone());
    }
    if let Some(d) = &filter.doctor_id {
        conditions.push(format!("a.doctor_id = ${}", next(&values)));
        values.push(d.clone());
    }
    let mut sql = SELECT.to_string();
    if !conditions.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&conditions.join(" AND "));
    }
    // The starts_at index gives this order without sorting; ties follow the rowid.
    sql.push_str(ORDER);
    (sql, values)
}

fn text<'a>(v: Cell<'a>) -> crate::db::Result<&'a str> {
    match v {
        Cell::Null => Ok(""),
        Cell::Text(t) => Ok(t),
        other => Err(crate::db::wrong_type(other, "text")),
    }
}

fn int(v: Cell<'_>) -> crate::db::Result<Option<i64>> {
    match v {
        Cell::Null => Ok(None),
        Cell::Int(i) => Ok(Some(i)),
        other => Err(crate::db::wrong_type(other, "an integer")),
    }
}

/// How many appointments [`for_each_appointment`] would stream (for a progress bar's total):
/// the same conditions on the appointments table alone (the export's joins keep one row per
/// appointment: a patient per appointment, at most one live payment and one refund of it).
pub fn count(conn: &Db, filter: &ExportFilter) -> AppResult<u64> {
    let (sql, values) = query(filter);
    let conditions = sql[SELECT.len()..].trim_end_matches(ORDER);
    let n: i64 = conn.query_one(
        &format!("SELECT count(*) FROM appointment_appointments a{conditions}"),
        crate::db::params_from_iter(values.iter()),
    )?;
    Ok(u64::try_from(n).unwrap_or(0))
}

const ORDER: &str = " ORDER BY a.starts_at";

/// Streams every matching appointment, in start order, to `sink`; returns how many.
/// Nothing is collected: memory stays flat however many rows there are.
pub fn for_each_appointment(
    conn: &Db,
    filter: &ExportFilter,
    mut sink: impl FnMut(&ExportRow<'_>) -> AppResult<()>,
) -> AppResult<u64> {
    let (sql, values) = query(filter);
    // Enough page cache to keep the patient table and its index resident while the join looks
    // patients up in random order (the default 2 MiB rereads them page by page); bounded, so
    // memory stays flat however many rows there are. Restored afterwards.
    let Some(sqlite) = conn.sqlite() else {
        return stream(conn, &sql, &values, &mut sink);
    };
    let cache: i64 = sqlite.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    sqlite.pragma_update(None, "cache_size", -EXPORT_CACHE_KIB)?;
    let out = stream(conn, &sql, &values, &mut sink);
    sqlite.pragma_update(None, "cache_size", cache)?;
    out
}

/// Page cache during an export (KiB).
const EXPORT_CACHE_KIB: i64 = 16 * 1024;

fn stream(
    conn: &Db,
    sql: &str,
    values: &[String],
    sink: &mut impl FnMut(&ExportRow<'_>) -> AppResult<()>,
) -> AppResult<u64> {
    let mut n = 0u64;
    // The sink's error (a closed pipe, a full disk) stops the stream and is returned as it is.
    let mut failed = None;
    let streamed = conn.for_each_row(sql, crate::db::params_from_iter(values.iter()), |r| {
        let row = ExportRow {
            id: text(r.cell(0)?)?,
            starts_at: text(r.cell(1)?)?,
            ends_at: text(r.cell(2)?)?,
            status: text(r.cell(3)?)?,
            patient_id: text(r.cell(4)?)?,
            first_name: text(r.cell(5)?)?,
            last_name: text(r.cell(6)?)?,
            doc_type: text(r.cell(7)?)?,
            doc_number: text(r.cell(8)?)?,
            doctor_id: text(r.cell(9)?)?,
            doctor_name: text(r.cell(10)?)?,
            specialty: text(r.cell(11)?)?,
            price_cents: int(r.cell(12)?)?.unwrap_or(0),
            currency: text(r.cell(13)?)?,
            paid_cents: int(r.cell(14)?)?.unwrap_or(0),
            payment_method: text(r.cell(15)?)?,
            receipt_number: int(r.cell(16)?)?,
            refunded_cents: int(r.cell(17)?)?.unwrap_or(0),
            cancelled_by: text(r.cell(18)?)?,
            cancel_reason: text(r.cell(19)?)?,
            created_at: text(r.cell(20)?)?,
        };
        if let Err(e) = sink(&row) {
            failed = Some(e);
            return Err(crate::db::Error::new(
                crate::db::ErrorKind::Other,
                "export stopped",
            ));
        }
        n += 1;
        Ok(())
    });
    if let Some(e) = failed {
        return Err(e);
    }
    streamed?;
    Ok(n)
}

/// A plain decimal amount for spreadsheets: "1234.50", or "1234,50" with a decimal comma.
/// No currency symbol and no thousands separator, so Excel reads it as a number.
/// Three of these per exported row: digits are written by hand, not through `fmt` (which was
/// ~6 % of an export's instructions).
pub fn plain_amount(cents: i64, decimal_comma: bool, out: &mut String) {
    out.clear();
    if cents < 0 {
        out.push('-');
    }
    let abs = cents.unsigned_abs();
    push_digits(abs / 100, out);
    out.push(if decimal_comma { ',' } else { '.' });
    let c = (abs % 100) as u8;
    out.push(char::from(b'0' + c / 10));
    out.push(char::from(b'0' + c % 10));
}

/// The decimal digits of `n` appended to `out` ("0" for zero).
pub fn push_digits(mut n: u64, out: &mut String) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &buf[i..] {
        out.push(char::from(d));
    }
}

/// Validates a `--delimiter`: one ASCII character that cannot be confused with data or quoting.
pub fn parse_delimiter(s: &str) -> AppResult<u8> {
    let d = match s {
        "\\t" | "tab" | "\t" => b'\t',
        _ if s.len() == 1 => s.as_bytes()[0],
        _ => 0,
    };
    if d == 0 || d == b'"' || d == b'\r' || d == b'\n' || d.is_ascii_alphanumeric() || !d.is_ascii() {
        return Err(ExportError::BadDelimiter.into());
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_for_spreadsheets() {
        let mut s = String::new();
        for (c, comma, want) in [
            (12000, false, "120.00"),
            (5, false, "0.05"),
            (123456789, true, "1234567,89"),
            (-250, true, "-2,50"),
            (0, false, "0.00"),
            (-5, false, "-0.05"),
            (i64::MIN, false, "-92233720368547758.08"),
            (i64::MAX, true, "92233720368547758,07"),
        ] {
            plain_amount(c, comma, &mut s);
            assert_eq!(s, want);
        }
        for n in [0u64, 7, 10, 99, 100, 123_456, u64::MAX] {
            s.clear();
            push_digits(n, &mut s);
            assert_eq!(s, n.to_string());
        }
    }

    #[test]
    fn delimiters() {
        assert_eq!(parse_delimiter(";").unwrap(), b';');
        assert_eq!(parse_delimiter("tab").unwrap(), b'\t');
        assert_eq!(parse_delimiter("|").unwrap(), b'|');
        for bad in ["", ";;", "\"", "a", "7", "é", "\n"] {
            assert!(parse_delimiter(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn filters_are_checked() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert!(
            ExportFilter {
                from: d("2026-03-05"),
                to: d("2026-03-01"),
                ..ExportFilter::default()
            }
            .validate()
            .is_err()
        );
        assert!(
            ExportFilter {
                status: Some("paid".into()),
                ..ExportFilter::default()
            }
            .validate()
            .is_err()
        );
    }

    #[test]
    fn the_export_joins_patient_and_payment_and_filters() {
        use crate::domain::payments::tests::{LIMA, now, payable, setup};
        use crate::domain::payments::{Method, PaymentRequest, Recorded, record_payment, refund_payment};
        let (conn, by, appts) = setup(4);
        let cash = || PaymentRequest::new(Method::Cash, None, None, None, None).unwrap();
        let Recorded::Paid(p0) =
            record_payment(&conn.autocommit(), &payable(&appts[0]), cash(), &by, now(), LIMA).unwrap()
        else {
            panic!()
        };
        record_payment(&conn.autocommit(), &payable(&appts[1]), cash(), &by, now(), LIMA).unwrap();
        refund_payment(&conn.autocommit(), &p0.id, "cancelada", &by, now()).unwrap();
        // Paid, refunded, paid again: the latest payment counts, and it was not refunded.
        let Recorded::Paid(p3) =
            record_payment(&conn.autocommit(), &payable(&appts[3]), cash(), &by, now(), LIMA).unwrap()
        else {
            panic!()
        };
        refund_payment(&conn.autocommit(), &p3.id, "error de caja", &by, now()).unwrap();
        record_payment(&conn.autocommit(), &payable(&appts[3]), cash(), &by, now(), LIMA).unwrap();
        conn.autocommit().execute(
            "UPDATE appointment_appointments SET status = 'cancelled', cancelled_by = 'patient' WHERE id = $1",
            [&appts[0]],
        )
        .unwrap();
        let mut seen = Vec::new();
        let n = for_each_appointment(&conn, &ExportFilter::default(), |r| {
            seen.push((
                r.id.to_string(),
                r.date().to_string(),
                r.time().to_string(),
                r.status.to_string(),
                r.doc_number.to_string(),
                r.paid_cents,
                r.net_paid_cents(),
                r.payment_method.to_string(),
            ));
            Ok(())
        })
        .unwrap();
        assert_eq!(n, 4);
        assert_eq!(
            seen[0],
            (
                appts[0].to_string(),
                "2026-03-03".into(),
                "10:00".into(),
                "cancelled".into(),
                "12345678".into(),
                12000,
                0,
                "cash".into()
            )
        );
        assert_eq!((seen[1].5, seen[1].6), (12000, 12000));
        assert_eq!((seen[2].5, seen[2].7.as_str()), (0, ""));
        assert_eq!((seen[3].5, seen[3].6, seen[3].7.as_str()), (12000, 12000, "cash"));
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        // What is streamed, and the progress bar's total for the same filter agrees.
        let count = |f: ExportFilter| {
            let streamed = for_each_appointment(&conn, &f, |_| Ok(())).unwrap();
            assert_eq!(super::count(&conn, &f).unwrap(), streamed, "{f:?}");
            streamed
        };
        assert_eq!(
            count(ExportFilter {
                from: d("2026-03-04"),
                to: d("2026-03-05"),
                ..ExportFilter::default()
            }),
            2
        );
        assert_eq!(
            count(ExportFilter {
                status: Some("booked".into()),
                ..ExportFilter::default()
            }),
            3
        );
        assert_eq!(
            count(ExportFilter {
                doctor_id: Some("nobody".into()),
                ..ExportFilter::default()
            }),
            0
        );
    }
}
