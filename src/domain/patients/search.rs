//! Patient search, as a receptionist types: a text with a digit is a document prefix ("4567",
//! "ab12"); anything else is name-word prefixes in any order, ignoring case and accents
//! ("garcia ana", "ana garc", "pena" finds Peña). Every query is index range scans only: one
//! range of `user_patient_words` drives it (the longest word, the most selective), each other
//! word is checked in the same row; results come in name order (last names, first names).

use crate::db::{Db, OwnedCell as Value, params_from_iter};

use super::store::{COLUMNS, from_row};
use super::{Patient, validate};
use crate::error::AppResult;
use crate::text::prefix_upper_bound;

/// The most results one search returns.
pub const MAX_LIMIT: u32 = 500;
const MAX_QUERY_CHARS: usize = 100;
/// Words beyond this many add nothing a receptionist needs.
const MAX_TERMS: usize = 6;
/// When the driving word's prefix matches at least this many name words ("m", "a"), matches are
/// dense: walking the names in list order finds a page of them at once, while the word range
/// would have to be read whole and sorted. Below it, the word range is small enough to sort.
const DENSE_PREFIX_WORDS: i64 = 2000;

/// Patients matching `query` (see the module docs), at most `limit` (1..=[`MAX_LIMIT`]).
pub fn search(conn: &Db, query: &str, limit: u32) -> AppResult<Vec<Patient>> {
    let q = query.trim();
    if q.is_empty() {
        return Err(super::PatientError::EmptySearch.into());
    }
    if q.chars().count() > MAX_QUERY_CHARS || crate::text::has_unsafe_chars(q) {
        return Err(super::PatientError::InvalidSearch {
            max_chars: MAX_QUERY_CHARS,
        }
        .into());
    }
    let limit = limit.clamp(1, MAX_LIMIT);
    if is_document_query(q) {
        return by_document(conn, &q.to_ascii_uppercase(), limit);
    }
    let terms = query_terms(q);
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    by_words(conn, &terms, limit)
}

/// Names never contain digits, so a single token with a digit is a document number.
fn is_document_query(q: &str) -> bool {
    q.bytes().all(|b| b.is_ascii_alphanumeric()) && q.bytes().any(|b| b.is_ascii_digit())
}

/// The query's words, longest first, without words that are a prefix of another (any word
/// starting with "garcia" also starts with "gar").
fn query_terms(q: &str) -> Vec<String> {
    let mut words = validate::words(q);
    words.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    let mut terms: Vec<String> = Vec::new();
    for w in words {
        if !terms.iter().any(|t| t.starts_with(&w)) {
            terms.push(w);
        }
    }
    terms.truncate(MAX_TERMS);
    terms
}

fn by_document(conn: &Db, prefix: &str, limit: u32) -> AppResult<Vec<Patient>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM user_patients WHERE doc_number >= $1 AND doc_number < $2
         ORDER BY doc_number, doc_type LIMIT $3"
    ))?;
    let rows = stmt
        .query_map(
            crate::params![prefix, prefix_upper_bound(prefix), limit],
            from_row,
        )?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The SQL for `n` terms. The first term's range of `user_patient_words` drives (covering); each
/// other term is checked in the same row (`all_words` has " " before every word, so
/// `instr(all_words, ' ' || term)` is "some word starts with term"); only the page of ids that
/// survives is read from `user_patients`.
pub(super) fn words_sql(n: usize) -> String {
    words_sql_from(n, "user_patient_words w")
}

/// Like [`words_sql`], but for a dense first word: the name-order index drives, so the scan stops
/// as soon as a page of distinct patients has matched.
pub(super) fn dense_words_sql(n: usize) -> String {
    words_sql_from(n, "user_patient_words w INDEXED BY user_patient_words_by_name")
}

fn words_sql_from(n: usize, source: &str) -> String {
    let mut inner = format!(
        "SELECT DISTINCT w.patient_id, w.search_name FROM {source}
          WHERE w.word >= $1 AND w.word < $2"
    );
    for i in 1..n {
        inner.push_str(&format!(" AND instr(w.all_words, ${}) > 0", i + 2));
    }
    let limit = n + 2;
    format!(
        "SELECT {COLUMNS} FROM user_patients
          WHERE id IN (SELECT patient_id FROM ({inner}
                       ORDER BY w.search_name, w.patient_id LIMIT ${limit}) AS page)
          ORDER BY search_name, id"
    )
}

fn by_words(conn: &Db, terms: &[String], limit: u32) -> AppResult<Vec<Patient>> {
    let mut values: Vec<Value> = Vec::with_capacity(terms.len() + 2);
    values.push(Value::Text(terms[0].clone()));
    values.push(Value::Text(prefix_upper_bound(&terms[0])));
    for t in &terms[1..] {
        values.push(Value::Text(format!(" {t}")));
    }
    values.push(Value::Int(i64::from(limit)));
    // Only a lone word: with more words, matches of the first may be dense while matches of all
    // are rare, and the name-order walk would read most of the index to fill a page.
    let words_in_range: i64 = if terms.len() > 1 {
        0
    } else {
        conn.prepare_cached(&format!(
            "SELECT count(*) FROM (SELECT 1 FROM user_patient_words WHERE word >= $1 AND word < $2
              LIMIT {DENSE_PREFIX_WORDS}) AS dense"
        ))?
        .query_row([&terms[0], &prefix_upper_bound(&terms[0])], |r| r.get(0))?
    };
    let sql = if words_in_range >= DENSE_PREFIX_WORDS {
        dense_words_sql(terms.len())
    } else {
        words_sql(terms.len())
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params_from_iter(values), from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, NaiveDate, Utc};

    use super::*;
    use crate::domain::patients::{DocType, NewPatient, PatientInput, add};

    fn db_with(people: &[(&str, &str, &str, &str)]) -> crate::db::Db {
        let conn = crate::db::open_in_memory().unwrap();
        let now: DateTime<Utc> = "2026-03-02T14:00:00Z".parse().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        for (doc_type, doc, first, last) in people {
            let input = PatientInput {
                doc_type: Some(doc_type.to_string()),
                doc_number: doc.to_string(),
                first_name: first.to_string(),
                last_name: last.to_string(),
                ..PatientInput::default()
            };
            add(
                &conn.autocommit(),
                &NewPatient::parse(&input, today).unwrap(),
                None,
                now,
            )
            .unwrap();
        }
        conn
    }

    fn people() -> crate::db::Db {
        db_with(&[
            ("dni", "45678912", "Ana María", "García Pérez"),
            ("dni", "45670000", "Luis", "Peña Quispe"),
            ("dni", "70000001", "Anabel", "Rojas García"),
            ("dni", "70000002", "Juan", "O'Higgins Ávila"),
            ("ce", "456000001", "Marta", "Núñez"),
            ("passport", "AB123456", "John", "Smith"),
        ])
    }

    fn names(found: Vec<Patient>) -> Vec<String> {
        found.iter().map(Patient::full_name).collect()
    }

    #[test]
    fn finds_by_name_words_in_any_order_ignoring_case_and_accents() {
        let conn = people();
        let cases: &[(&str, &[&str])] = &[
            ("garcia", &["Ana María García Pérez", "Anabel Rojas García"]),
            ("GARCÍA ana", &["Ana María García Pérez", "Anabel Rojas García"]),
            ("ana garcia", &["Ana María García Pérez", "Anabel Rojas García"]),
            ("ana maria", &["Ana María García Pérez"]),
            ("garc per", &["Ana María García Pérez"]),
            ("perez", &["Ana María García Pérez"]),
            ("pena", &["Luis Peña Quispe"]),
            ("peña luis", &["Luis Peña Quispe"]),
            ("o'higgins", &["Juan O'Higgins Ávila"]),
            ("ohiggins", &["Juan O'Higgins Ávila"]),
            ("higg", &["Juan O'Higgins Ávila"]),
            ("nunez", &["Marta Núñez"]),
            ("an", &["Ana María García Pérez", "Anabel Rojas García"]),
            ("ana luis", &[]),
            ("zzz", &[]),
            ("'; DROP TABLE user_patients; --", &[]),
            ("%", &[]),
            ("_", &[]),
        ];
        for (q, want) in cases {
            assert_eq!(names(search(&conn, q, 20).unwrap()), *want, "{q:?}");
        }
    }

    #[test]
    fn finds_by_document_prefix_of_any_type() {
        let conn = people();
        let docs = |q: &str| -> Vec<(DocType, String)> {
            search(&conn, q, 20)
                .unwrap()
                .into_iter()
                .map(|p| (p.doc_type, p.doc_number))
                .collect()
        };
        assert_eq!(
            docs("4567"),
            [
                (DocType::Dni, "45670000".to_string()),
                (DocType::Dni, "45678912".to_string())
            ]
        );
        assert_eq!(
            docs("456"),
            [
                (DocType::Ce, "456000001".to_string()),
                (DocType::Dni, "45670000".to_string()),
                (DocType::Dni, "45678912".to_string())
            ]
        );
        assert_eq!(docs("45678912"), [(DocType::Dni, "45678912".to_string())]);
        assert_eq!(docs("ab12"), [(DocType::Passport, "AB123456".to_string())]);
        assert!(docs("9").is_empty());
    }

    #[test]
    fn limit_and_bad_queries() {
        let conn = people();
        assert_eq!(search(&conn, "a", 1).unwrap().len(), 1);
        assert_eq!(search(&conn, "a", 0).unwrap().len(), 1, "a limit of 0 means 1");
        for bad in ["", "   ", "ana\u{1b}[2J", &"a".repeat(101)] {
            assert_eq!(
                search(&conn, bad, 20).unwrap_err().kind,
                crate::error::Kind::Invalid,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn terms_drop_words_that_prefix_another() {
        assert_eq!(query_terms("gar garcia ana"), ["garcia", "ana"]);
        assert_eq!(query_terms("o'hig"), ["ohig", "hig"]);
    }

    /// The dense path (a common first letter) gives the same answers as the word-range path.
    #[test]
    fn dense_and_sparse_plans_agree() {
        let conn = people();
        for (terms, limit) in [
            (vec!["a"], 20),
            (vec!["garcia", " ana"], 20),
            (vec!["p"], 1),
            (vec!["z"], 5),
        ] {
            let mut values: Vec<Value> = vec![
                Value::Text(terms[0].to_string()),
                Value::Text(prefix_upper_bound(terms[0])),
            ];
            values.extend(terms[1..].iter().map(|t| Value::Text(t.to_string())));
            values.push(Value::Int(limit));
            let run = |sql: String| -> Vec<String> {
                conn.prepare(&sql)
                    .unwrap()
                    .query_map(params_from_iter(values.clone()), |r| r.get::<_, String>(0))
                    .unwrap()
                    .collect::<Result<_, _>>()
                    .unwrap()
            };
            assert_eq!(
                run(words_sql(terms.len())),
                run(dense_words_sql(terms.len())),
                "{terms:?}"
            );
        }
    }

    /// Every step of every search plan is an index search: no table or index is read whole.
    #[test]
    fn search_plans_use_index_range_scans_only() {
        let conn = people();
        let mut sqls: Vec<String> = (1..=MAX_TERMS).map(words_sql).collect();
        sqls.push(format!(
            "SELECT {COLUMNS} FROM user_patients WHERE doc_number >= $1 AND doc_number < $2
             ORDER BY doc_number, doc_type LIMIT $3"
        ));
        for sql in sqls {
            let sqlite = conn.sqlite().unwrap();
            let mut stmt = sqlite.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let nulls = vec![rusqlite::types::Value::Null; stmt.parameter_count()];
            let steps: Vec<String> = stmt
                .query_map(rusqlite::params_from_iter(nulls), |r| r.get::<_, String>(3))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            for step in &steps {
                // "SCAN page" (the subquery) reads back the page of ids already limited; any other SCAN
                // would read a table or an index whole.
                let whole = step.starts_with("SCAN") && step != "SCAN page";
                assert!(!whole, "full scan in plan {steps:?} of\n{sql}");
            }
        }
    }
}
