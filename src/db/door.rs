//! The one typed door to storage: [`Db`] (a connection to either engine) and [`Tx`] (a write
//! transaction on it). Readers take `&Db`; every writer takes `&Tx`, which only
//! [`Db::write`] hands out, so a write outside a transaction does not compile. A `&Tx`
//! dereferences to `&Db`, so a writer calls readers inside its own transaction.
//!
//! The SQL is the same text on both engines (`$1…` placeholders, portable SQL); what differs is
//! behind this door: how a transaction begins (SQLite `BEGIN IMMEDIATE` takes the write lock up
//! front; PostgreSQL runs it `SERIALIZABLE`), how parameters are bound and columns read, and the
//! retry of a PostgreSQL transaction that lost a race, which the user never sees.

use std::cell::{Cell as StdCell, RefCell};
use std::collections::HashMap;
use std::time::Duration;

use super::error::{Error, ErrorKind};
use super::value::{Cell, FromColumn, ToValue, Value};

/// Which engine a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// How many times a PostgreSQL transaction that lost a serialization race is run again before
/// the race is reported (as "another desk is busy, try again").
const PG_ATTEMPTS: u32 = 8;

/// Prepared statements kept per PostgreSQL connection (SQLite's own cache is rusqlite's).
const PG_STATEMENT_CACHE: usize = 256;

/// A connection to the clinic's database.
pub struct Db {
    conn: Conn,
    /// Set when a statement failed because a PostgreSQL transaction lost a race: [`Db::write`]
    /// then runs the transaction again, whatever error type the domain turned it into.
    lost_race: StdCell<bool>,
    in_transaction: StdCell<bool>,
}

enum Conn {
    Sqlite(rusqlite::Connection),
    Postgres(RefCell<Pg>),
}

struct Pg {
    client: postgres::Client,
    statements: HashMap<String, postgres::Statement>,
}

/// A write transaction. Only [`Db::write`] makes one; it commits when the closure returns `Ok`
/// and rolls back otherwise (also when the closure panics).
pub struct Tx<'a> {
    db: &'a Db,
}

impl std::ops::Deref for Tx<'_> {
    type Target = Db;
    fn deref(&self) -> &Db {
        self.db
    }
}

/// One row of a result, from either engine.
pub enum Row<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Postgres(&'a postgres::Row),
}

impl Row<'_> {
    /// Column `idx` (from 0) as `T`.
    pub fn get<T: FromColumn>(&self, idx: usize) -> Result<T, Error> {
        T::from_column(self.cell(idx)?)
    }

    /// Column `idx` as it is.
    pub fn cell(&self, idx: usize) -> Result<Cell<'_>, Error> {
        match self {
            Row::Sqlite(row) => {
                use rusqlite::types::ValueRef;
                Ok(match row.get_ref(idx)? {
                    ValueRef::Null => Cell::Null,
                    ValueRef::Integer(i) => Cell::Int(i),
                    ValueRef::Real(r) => Cell::Real(r),
                    ValueRef::Text(t) => Cell::Text(
                        std::str::from_utf8(t).map_err(|e| Error::conversion(format!("column {idx}: {e}")))?,
                    ),
                    ValueRef::Blob(_) => return Err(Error::conversion(format!("column {idx} is a blob"))),
                })
            }
            Row::Postgres(row) => pg_cell(row, idx),
        }
    }

    /// Number of columns.
    pub fn len(&self) -> usize {
        match self {
            Row::Sqlite(row) => row.as_ref().column_count(),
            Row::Postgres(row) => row.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn pg_cell(row: &postgres::Row, idx: usize) -> Result<Cell<'_>, Error> {
    use postgres::types::Type;
    let column = row
        .columns()
        .get(idx)
        .ok_or_else(|| Error::conversion(format!("no column {idx}")))?;
    let ty = column.type_();
    let cell = if *ty == Type::INT8 {
        row.try_get::<_, Option<i64>>(idx)?.map_or(Cell::Null, Cell::Int)
    } else if *ty == Type::INT4 {
        row.try_get::<_, Option<i32>>(idx)?.map_or(Cell::Null, |v| Cell::Int(v.into()))
    } else if *ty == Type::INT2 {
        row.try_get::<_, Option<i16>>(idx)?.map_or(Cell::Null, |v| Cell::Int(v.into()))
    } else if *ty == Type::BOOL {
        row.try_get::<_, Option<bool>>(idx)?.map_or(Cell::Null, |v| Cell::Int(v.into()))
    } else if *ty == Type::FLOAT8 {
        row.try_get::<_, Option<f64>>(idx)?.map_or(Cell::Null, Cell::Real)
    } else if *ty == Type::FLOAT4 {
        row.try_get::<_, Option<f32>>(idx)?.map_or(Cell::Null, |v| Cell::Real(v.into()))
    } else if [Type::TEXT, Type::VARCHAR, Type::BPCHAR, Type::NAME, Type::UNKNOWN].contains(ty) {
        row.try_get::<_, Option<&str>>(idx)?.map_or(Cell::Null, Cell::Text)
    } else {
        return Err(Error::conversion(format!(
            "column {} has the PostgreSQL type {ty}, which SaludYa does not read (cast it in the query)",
            column.name()
        )));
    };
    Ok(cell)
}

impl Db {
    pub fn from_sqlite(conn: rusqlite::Connection) -> Self {
        Self::with(Conn::Sqlite(conn))
    }

    pub fn from_postgres(client: postgres::Client) -> Self {
        Self::with(Conn::Postgres(RefCell::new(Pg { client, statements: HashMap::new() })))
    }

    fn with(conn: Conn) -> Self {
        Self { conn, lost_race: StdCell::new(false), in_transaction: StdCell::new(false) }
    }

    pub fn engine(&self) -> Engine {
        match self.conn {
            Conn::Sqlite(_) => Engine::Sqlite,
            Conn::Postgres(_) => Engine::Postgres,
        }
    }

    /// The SQLite connection, for what only SQLite has (pragmas, the online backup, integrity
    /// checks). `None` on PostgreSQL.
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.conn {
            Conn::Sqlite(c) => Some(c),
            Conn::Postgres(_) => None,
        }
    }

    /// The SQLite connection, mutably (the migration runner, closing).
    pub(super) fn sqlite_mut(&mut self) -> Option<&mut rusqlite::Connection> {
        match &mut self.conn {
            Conn::Sqlite(c) => Some(c),
            Conn::Postgres(_) => None,
        }
    }

    /// The PostgreSQL client (the migration runner, `COPY`). `None` on SQLite.
    pub(super) fn with_postgres<T>(&self, f: impl FnOnce(&mut postgres::Client) -> T) -> Option<T> {
        match &self.conn {
            Conn::Sqlite(_) => None,
            Conn::Postgres(pg) => Some(f(&mut pg.borrow_mut().client)),
        }
    }

    fn note<T>(&self, r: Result<T, Error>) -> Result<T, Error> {
        if let Err(e) = &r
            && e.kind == ErrorKind::Retry
        {
            self.lost_race.set(true);
        }
        r
    }

    /// Runs a statement that returns no rows; the number of rows changed.
    pub fn execute(&self, sql: &str, params: &[&dyn ToValue]) -> Result<usize, Error> {
        self.note(match &self.conn {
            Conn::Sqlite(c) => (|| {
                let mut stmt = c.prepare_cached(sql)?;
                bind_sqlite(&mut stmt, sql, params)?;
                Ok(stmt.raw_execute()?)
            })(),
            Conn::Postgres(pg) => (|| {
                let mut pg = pg.borrow_mut();
                let stmt = pg.statement(sql)?;
                let values = values(params);
                let n = pg.client.execute(&stmt, &pg_params(&values))?;
                Ok(usize::try_from(n).unwrap_or(usize::MAX))
            })(),
        })
    }

    /// Runs several statements with no parameters (schema work in tests and the copy).
    pub fn execute_batch(&self, sql: &str) -> Result<(), Error> {
        self.note(match &self.conn {
            Conn::Sqlite(c) => c.execute_batch(sql).map_err(Error::from),
            Conn::Postgres(pg) => pg.borrow_mut().client.batch_execute(sql).map_err(Error::from),
        })
    }

    /// Calls `f` on every row, as the engine streams them (exports of any size).
    pub fn for_each_row(
        &self,
        sql: &str,
        params: &[&dyn ToValue],
        mut f: impl FnMut(&Row<'_>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.note(match &self.conn {
            Conn::Sqlite(c) => (|| {
                let mut stmt = c.prepare_cached(sql)?;
                bind_sqlite(&mut stmt, sql, params)?;
                let mut rows = stmt.raw_query();
                while let Some(row) = rows.next()? {
                    f(&Row::Sqlite(row))?;
                }
                Ok(())
            })(),
            Conn::Postgres(pg) => (|| {
                use postgres::fallible_iterator::FallibleIterator;
                let mut pg = pg.borrow_mut();
                let stmt = pg.statement(sql)?;
                let values = values(params);
                let mut rows = pg.client.query_raw(&stmt, pg_params(&values))?;
                while let Some(row) = rows.next()? {
                    f(&Row::Postgres(&row))?;
                }
                Ok(())
            })(),
        })
    }

    /// Every row, each turned into a `T` by `f`.
    pub fn query_map<T>(
        &self,
        sql: &str,
        params: &[&dyn ToValue],
        mut f: impl FnMut(&Row<'_>) -> Result<T, Error>,
    ) -> Result<Vec<T>, Error> {
        let mut out = Vec::new();
        self.for_each_row(sql, params, |row| {
            out.push(f(row)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row, turned into a `T` by `f`; `None` when there is no row.
    pub fn query_opt<T>(
        &self,
        sql: &str,
        params: &[&dyn ToValue],
        f: impl FnOnce(&Row<'_>) -> Result<T, Error>,
    ) -> Result<Option<T>, Error> {
        let mut f = Some(f);
        let mut out = None;
        self.for_each_row(sql, params, |row| {
            if let Some(f) = f.take() {
                out = Some(f(row)?);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row, turned into a `T` by `f`; an [`ErrorKind::NoRows`] error when there is
    /// none.
    pub fn query_row<T>(
        &self,
        sql: &str,
        params: &[&dyn ToValue],
        f: impl FnOnce(&Row<'_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        self.query_opt(sql, params, f)?.ok_or_else(Error::no_rows)
    }

    /// The first column of the first row.
    pub fn query_one<T: FromColumn>(&self, sql: &str, params: &[&dyn ToValue]) -> Result<T, Error> {
        self.query_row(sql, params, |r| r.get(0))
    }

    /// Runs `f` in a write transaction and commits when it returns `Ok`. On SQLite the write
    /// lock is taken up front (`BEGIN IMMEDIATE`), so a read-then-write (check the slot, insert
    /// the booking) cannot interleave with another desk. On PostgreSQL the transaction is
    /// `SERIALIZABLE`: when it loses a race with another desk it is rolled back and `f` runs
    /// again (up to [`PG_ATTEMPTS`] times, with a short growing pause), so `f` must not do
    /// anything but database work that cannot be undone by a rollback.
    pub fn write<T, E: From<Error>>(&self, mut f: impl FnMut(&Tx<'_>) -> Result<T, E>) -> Result<T, E> {
        assert!(!self.in_transaction.get(), "Db::write inside a write transaction");
        let mut attempt = 1;
        loop {
            self.begin()?;
            self.lost_race.set(false);
            let guard = Rollback { db: self, armed: true };
            let outcome = f(&Tx { db: self });
            let retry = match outcome {
                Ok(value) => match self.commit() {
                    Ok(()) => {
                        std::mem::forget(guard);
                        self.in_transaction.set(false);
                        return Ok(value);
                    }
                    Err(e) if e.kind == ErrorKind::Retry && attempt < PG_ATTEMPTS => None,
                    Err(e) => Some(Err(E::from(e))),
                },
                Err(e) if self.lost_race.get() && attempt < PG_ATTEMPTS => {
                    drop(e);
                    None
                }
                Err(e) => Some(Err(e)),
            };
            drop(guard);
            if let Some(failed) = retry {
                return failed;
            }
            std::thread::sleep(Duration::from_millis(u64::from(attempt * attempt)));
            attempt += 1;
        }
    }

    fn begin(&self) -> Result<(), Error> {
        self.execute_batch(match self.engine() {
            Engine::Sqlite => "BEGIN IMMEDIATE",
            Engine::Postgres => "BEGIN ISOLATION LEVEL SERIALIZABLE",
        })?;
        self.in_transaction.set(true);
        Ok(())
    }

    fn commit(&self) -> Result<(), Error> {
        self.execute_batch("COMMIT")
    }
}

/// Rolls back a transaction that did not commit (an error, a retry, a panic).
struct Rollback<'a> {
    db: &'a Db,
    armed: bool,
}

impl Drop for Rollback<'_> {
    fn drop(&mut self) {
        if self.armed {
            // A failed rollback leaves nothing to undo: the engine already ended the
            // transaction (SQLite after some errors, PostgreSQL when the connection dropped).
            let _ = self.db.execute_batch("ROLLBACK");
            self.db.in_transaction.set(false);
        }
    }
}

impl Pg {
    fn statement(&mut self, sql: &str) -> Result<postgres::Statement, Error> {
        if let Some(stmt) = self.statements.get(sql) {
            return Ok(stmt.clone());
        }
        let stmt = self.client.prepare(sql)?;
        if self.statements.len() >= PG_STATEMENT_CACHE {
            self.statements.clear();
        }
        self.statements.insert(sql.to_owned(), stmt.clone());
        Ok(stmt)
    }
}

/// The placeholder names `$1…`, bound by name on SQLite.
const PLACEHOLDERS: [&str; 24] = [
    "$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15", "$16",
    "$17", "$18", "$19", "$20", "$21", "$22", "$23", "$24",
];

fn bind_sqlite(stmt: &mut rusqlite::Statement<'_>, sql: &str, params: &[&dyn ToValue]) -> Result<(), Error> {
    use rusqlite::types::{ToSqlOutput, ValueRef};
    if stmt.parameter_count() != params.len() {
        return Err(Error::new(
            ErrorKind::Other,
            format!("the statement takes {} parameters, {} were given: {sql}", stmt.parameter_count(), params.len()),
        ));
    }
    for (i, param) in params.iter().enumerate() {
        let name = PLACEHOLDERS
            .get(i)
            .ok_or_else(|| Error::new(ErrorKind::Other, format!("too many parameters: {sql}")))?;
        let idx = stmt
            .parameter_index(name)?
            .ok_or_else(|| Error::new(ErrorKind::Other, format!("the statement has no {name}: {sql}")))?;
        let value = param.to_value();
        let out = match &value {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(v) => ToSqlOutput::Borrowed(ValueRef::Integer(*v)),
            Value::Real(v) => ToSqlOutput::Borrowed(ValueRef::Real(*v)),
            Value::Text(t) => ToSqlOutput::Borrowed(ValueRef::Text(t.as_bytes())),
        };
        stmt.raw_bind_parameter(idx, out)?;
    }
    Ok(())
}

fn values<'a>(params: &'a [&'a dyn ToValue]) -> Vec<Value<'a>> {
    params.iter().map(|p| p.to_value()).collect()
}

fn pg_params<'a>(values: &'a [Value<'a>]) -> Vec<&'a (dyn postgres::types::ToSql + Sync)> {
    values.iter().map(|v| v as &(dyn postgres::types::ToSql + Sync)).collect()
}

/// A parameter becomes whatever type PostgreSQL inferred for its placeholder: an integer binds
/// to `bigint`, `integer`, `smallint` or `boolean` columns alike, as SQLite's integers do.
impl postgres::types::ToSql for Value<'_> {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        use postgres::types::{IsNull, Type};
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(v) => {
                if *ty == Type::INT8 {
                    v.to_sql(ty, out)
                } else if *ty == Type::INT4 {
                    i32::try_from(*v)?.to_sql(ty, out)
                } else if *ty == Type::INT2 {
                    i16::try_from(*v)?.to_sql(ty, out)
                } else if *ty == Type::BOOL {
                    (*v != 0).to_sql(ty, out)
                } else if *ty == Type::FLOAT8 {
                    #[allow(clippy::cast_precision_loss)]
                    (*v as f64).to_sql(ty, out)
                } else if [Type::TEXT, Type::VARCHAR, Type::UNKNOWN].contains(ty) {
                    v.to_string().as_str().to_sql(ty, out)
                } else {
                    Err(format!("an integer cannot be bound to a {ty} parameter").into())
                }
            }
            Value::Real(v) => {
                if *ty == Type::FLOAT8 {
                    v.to_sql(ty, out)
                } else if *ty == Type::FLOAT4 {
                    #[allow(clippy::cast_possible_truncation)]
                    (*v as f32).to_sql(ty, out)
                } else {
                    Err(format!("a real number cannot be bound to a {ty} parameter").into())
                }
            }
            Value::Text(t) => {
                if [Type::TEXT, Type::VARCHAR, Type::BPCHAR, Type::NAME, Type::UNKNOWN].contains(ty) {
                    t.as_ref().to_sql(ty, out)
                } else {
                    Err(format!("text cannot be bound to a {ty} parameter").into())
                }
            }
        }
    }

    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }

    fn to_sql_checked(
        &self,
        ty: &postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        self.to_sql(ty, out)
    }
}
