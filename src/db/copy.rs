//! Moving a clinic between engines (or files): `saludya db copy --from A --to B`.
//!
//! Every domain's table is copied row for row, ids kept, in one transaction on the target, in
//! [`TABLES`] order (a table after the tables it refers to). A column that refers to its own
//! table (a payment's refund) is filled in a second pass, since PostgreSQL checks foreign keys
//! at once. Afterwards both sides are read again and compared table by table: row count and a
//! SHA-256 over every row in a total order, so a copy that differs in one cell is reported.

use sha2::{Digest, Sha256};

use super::{Db, Engine, OwnedCell, Tx};
use crate::error::{AppError, AppResult};
use crate::tr;

/// Every table of the program, each after the tables its foreign keys point to: the one list
/// both engines use (the copy, the prefix rule's test). `refinery_schema_history` is not here:
/// each database keeps its own migration history.
pub const TABLES: [&str; 19] = [
    "auth_staff",
    "auth_sessions",
    "auth_login_attempts",
    "auth_password_changes",
    "user_patients",
    "user_patient_words",
    "catalog_settings",
    "catalog_specialties",
    "catalog_doctors",
    "catalog_schedules",
    "catalog_time_off",
    "catalog_doctor_changes",
    "ai_queries",
    "appointment_series",
    "appointment_appointments",
    "appointment_status_history",
    "payment_payments",
    "waitlist_entries",
    "audit_events",
];

/// Columns that point into their own table: copied as NULL, then set once every row is there.
const SELF_REFERENCES: [(&str, &str); 2] = [
    ("payment_payments", "refund_of"),
    ("payment_payments", "refunded_by"),
];

/// What the copy found for one table.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TableCopy {
    pub table: &'static str,
    pub rows: u64,
    /// Hex SHA-256 of the table's rows (the same on both sides, or the copy failed).
    pub checksum: String,
}

/// Copies every row of `from` into `to` (a freshly created, empty database) and verifies it.
/// `progress` hears each table when it is done.
pub fn copy(from: &Db, to: &Db, progress: impl FnMut(&TableCopy)) -> AppResult<Vec<TableCopy>> {
    copy_with(from, to, progress, &crate::progress::Silent)
}

/// [`copy`], also telling `rows` how many rows are copied (counted first, only when someone
/// watches: the CLI's progress bar).
pub fn copy_with(
    from: &Db,
    to: &Db,
    mut progress: impl FnMut(&TableCopy),
    rows: &dyn crate::progress::Progress,
) -> AppResult<Vec<TableCopy>> {
    let columns: Vec<Vec<String>> = TABLES
        .iter()
        .map(|t| columns_of(from, t))
        .collect::<AppResult<_>>()?;
    if rows.watched() {
        let mut total = 0u64;
        for table in TABLES {
            let n: i64 = from.query_one(&format!("SELECT count(*) FROM {table}"), [])?;
            total += u64::try_from(n).unwrap_or(0);
        }
        rows.start(total, crate::progress::Unit::Items);
    }
    super::write(to, |tx| {
        // A PostgreSQL transaction that lost a race runs again: so does the count.
        rows.reached(0);
        // The target was just created: anything a migration put in it gives way to the source.
        for table in TABLES.iter().rev() {
            tx.execute(&format!("DELETE FROM {table}"), [])?;
        }
        for (table, cols) in TABLES.iter().zip(&columns) {
            copy_table(from, tx, table, cols, rows)?;
        }
        if to.engine() == Engine::Postgres {
            restart_identities(tx)?;
        }
        Ok(())
    })?;
    rows.finish();
    let mut report = Vec::with_capacity(TABLES.len());
    for (table, cols) in TABLES.iter().zip(&columns) {
        let source = checksum(from, table, cols)?;
        let target = checksum(to, table, cols)?;
        if source != target {
            return Err(AppError::internal(tr!(
                "La copia de {table} no coincide con el origen ({} filas en el origen, {} en el destino); revise el destino antes de usarlo.",
                "The copy of {table} does not match its source ({} rows in the source, {} in the target); check the target before using it.",
                source.0,
                target.0
            )));
        }
        let done = TableCopy {
            table,
            rows: source.0,
            checksum: source.1,
        };
        progress(&done);
        report.push(done);
    }
    Ok(report)
}

/// The columns of `table` in the source, in their declared order.
fn columns_of(db: &Db, table: &str) -> AppResult<Vec<String>> {
    let cols: Vec<String> = match db.engine() {
        Engine::Sqlite => db.query_map(
            "SELECT name FROM pragma_table_info($1) ORDER BY cid",
            [table],
            |r| r.get(0),
        )?,
        Engine::Postgres => db.query_map(
            "SELECT CAST(column_name AS TEXT) FROM information_schema.columns
              WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            [table],
            |r| r.get(0),
        )?,
    };
    if cols.is_empty() {
        return Err(AppError::internal(tr!(
            "La base de origen no tiene la tabla {table}.",
            "The source database has no table {table}."
        )));
    }
    Ok(cols)
}

fn copy_table(
    from: &Db,
    tx: &Tx<'_>,
    table: &str,
    cols: &[String],
    progress: &dyn crate::progress::Progress,
) -> AppResult<()> {
    let later: Vec<usize> = cols
        .iter()
        .enumerate()
        .filter(|(_, c)| SELF_REFERENCES.contains(&(table, c.as_str())))
        .map(|(i, _)| i)
        .collect();
    let list = cols.join(", ");
    let placeholders: Vec<String> = (1..=cols.len()).map(|i| format!("${i}")).collect();
    let insert = format!(
        "INSERT INTO {table} ({list}) VALUES ({})",
        placeholders.join(", ")
    );
    let rows = from.query_map(&format!("SELECT {list} FROM {table} ORDER BY 1"), [], |r| {
        (0..cols.len())
            .map(|i| r.get::<_, OwnedCell>(i))
            .collect::<Result<Vec<_>, _>>()
    })?;
    for row in &rows {
        let values: Vec<&OwnedCell> = row
            .iter()
            .enumerate()
            .map(|(i, v)| if later.contains(&i) { &OwnedCell::Null } else { v })
            .collect();
        tx.execute(&insert, super::params_from_iter(values))?;
        progress.advance(1);
    }
    for &i in &later {
        let set = format!("UPDATE {table} SET {} = $1 WHERE {} = $2", cols[i], cols[0]);
        for row in rows.iter().filter(|r| r[i] != OwnedCell::Null) {
            tx.execute(&set, (&row[i], &row[0]))?;
        }
    }
    Ok(())
}

/// PostgreSQL's identity columns continue after the highest id copied (SQLite's rowids do so
/// by themselves).
fn restart_identities(tx: &Tx<'_>) -> AppResult<()> {
    let identities: Vec<(String, String)> = tx.query_map(
        "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) FROM information_schema.columns
          WHERE table_schema = current_schema() AND is_identity = 'YES'",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    for (table, column) in identities {
        tx.execute(
            &format!(
                "SELECT setval(pg_get_serial_sequence('{table}', '{column}'), COALESCE(MAX({column}), 0) + 1, false) FROM {table}"
            ),
            [],
        )?;
    }
    Ok(())
}

/// Row count and SHA-256 of a table, over its rows in the order of every column: each cell
/// tagged with its kind, so that `1`, `1.0`, `'1'` and NULL differ.
fn checksum(db: &Db, table: &str, cols: &[String]) -> AppResult<(u64, String)> {
    let order: Vec<String> = (1..=cols.len()).map(|i| i.to_string()).collect();
    let sql = format!(
        "SELECT {} FROM {table} ORDER BY {}",
        cols.join(", "),
        order.join(", ")
    );
    let mut hash = Sha256::new();
    let mut rows = 0u64;
    db.for_each_row(&sql, [], |r| {
        for i in 0..cols.len() {
            match r.get::<_, OwnedCell>(i)? {
                OwnedCell::Null => hash.update(b"N;"),
                OwnedCell::Int(v) => hash.update(format!("I{v};")),
                OwnedCell::Real(v) => hash.update(format!("R{v:?};")),
                OwnedCell::Text(t) => hash.update(format!("T{}:{t};", t.len())),
            }
        }
        hash.update(b"\n");
        rows += 1;
        Ok(())
    })?;
    let digest = hash.finalize();
    Ok((rows, digest.iter().map(|b| format!("{b:02x}")).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_list_is_every_table_of_the_schema() {
        let db = crate::db::open_in_memory().unwrap();
        let mut schema = crate::db::table_names(&db).unwrap();
        schema.retain(|t| t != "refinery_schema_history");
        let mut listed: Vec<String> = TABLES.iter().map(|t| t.to_string()).collect();
        listed.sort();
        schema.sort();
        assert_eq!(listed, schema);
    }

    #[test]
    fn a_copy_between_files_keeps_every_row_and_its_checksum() {
        let dir = tempfile::tempdir().unwrap();
        let from = crate::db::open_in_memory().unwrap();
        from.write(|tx| crate::domain::catalog::fixtures::load(tx, chrono::DateTime::UNIX_EPOCH))
            .unwrap();
        let to = crate::db::create(&dir.path().join("copy.db")).unwrap();
        let mut heard = Vec::new();
        let report = copy(&from, &to, |t| heard.push(t.table)).unwrap();
        assert_eq!(heard, TABLES);
        let doctors = report.iter().find(|t| t.table == "catalog_doctors").unwrap();
        assert!(doctors.rows > 40, "{doctors:?}");
        assert_eq!(
            checksum(
                &to,
                "catalog_doctors",
                &columns_of(&to, "catalog_doctors").unwrap()
            )
            .unwrap()
            .1,
            doctors.checksum
        );
    }
}
