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
use std::rc::Rc;
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
/// the race is reported (as "another desk is busy, try again"). Eight desks booking one
/// doctor's day at once lose a few races each; a bounded, jittered wait lets them through.
const PG_ATTEMPTS: u32 = 30;

/// The longest pause between two attempts (the pause grows 1, 2, 4… ms up to this, jittered).
const PG_MAX_PAUSE_MS: u64 = 50;

/// Prepared statements kept per PostgreSQL connection (SQLite's own cache is rusqlite's).
const PG_STATEMENT_CACHE: usize = 256;

/// A connection to the clinic's database.
pub struct Db {
    conn: Conn,
    /// Set when a statement failed because a PostgreSQL transaction lost a race: [`Db::write`]
    /// then runs the transaction again, whatever error type the domain turned it into.
    lost_race: StdCell<bool>,
    /// Set when any statement failed inside the current transaction: PostgreSQL then refuses
    /// every further statement and turns `COMMIT` into a rollback, so an `Ok` from a closure
    /// that swallowed an error must not be reported as saved.
    statement_failed: StdCell<bool>,
    in_transaction: StdCell<bool>,
}

enum Conn {
    Sqlite(rusqlite::Connection),
    /// Shared only with [`super::hold_open`]'s slot, which lends it to each command of a batch.
    Postgres(Rc<RefCell<Pg>>),
}

struct Pg {
    client: postgres::Client,
    statements: HashMap<String, postgres::Statement>,
    /// Opens a new connection like the first one (same server, user and password): used when the
    /// server closed this one (a restart, a dropped network) while no transaction was open.
    reconnect: Reconnect,
    /// A command ended with a transaction of its own still open on it: it is never lent again.
    abandoned: bool,
}

/// A PostgreSQL connection kept between the commands of a `saludya batch` ([`super::hold_open`]):
/// lent to one command at a time, with the statements it has prepared.
pub struct HeldPg(Rc<RefCell<Pg>>);

impl HeldPg {
    /// The held connection as a command's database, unless another command's database still
    /// has it or it was abandoned mid-transaction.
    pub fn lend(&self) -> Option<Db> {
        (Rc::strong_count(&self.0) == 1 && !self.0.borrow().abandoned)
            .then(|| Db::with(Conn::Postgres(Rc::clone(&self.0))))
    }
}

/// How a PostgreSQL connection is opened again.
pub type Reconnect = Box<dyn Fn() -> Result<postgres::Client, Error>>;

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
    pub fn get<I: ColumnIndex, T: FromColumn>(&self, idx: I) -> Result<T, Error> {
        T::from_column(self.cell(idx.index())?)
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
                        std::str::from_utf8(t)
                            .map_err(|e| Error::conversion(format!("column {idx}: {e}")))?,
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
        row.try_get::<_, Option<i32>>(idx)?
            .map_or(Cell::Null, |v| Cell::Int(v.into()))
    } else if *ty == Type::INT2 {
        row.try_get::<_, Option<i16>>(idx)?
            .map_or(Cell::Null, |v| Cell::Int(v.into()))
    } else if *ty == Type::BOOL {
        row.try_get::<_, Option<bool>>(idx)?
            .map_or(Cell::Null, |v| Cell::Int(v.into()))
    } else if *ty == Type::FLOAT8 {
        row.try_get::<_, Option<f64>>(idx)?.map_or(Cell::Null, Cell::Real)
    } else if *ty == Type::FLOAT4 {
        row.try_get::<_, Option<f32>>(idx)?
            .map_or(Cell::Null, |v| Cell::Real(v.into()))
    } else if [Type::TEXT, Type::VARCHAR, Type::BPCHAR, Type::NAME, Type::UNKNOWN].contains(ty) {
        row.try_get::<_, Option<&str>>(idx)?
            .map_or(Cell::Null, Cell::Text)
    } else {
        return Err(Error::conversion(format!(
            "column {} has the PostgreSQL type {ty}, which SaludYa does not read (cast it in the query)",
            column.name()
        )));
    };
    Ok(cell)
}

/// A SQLite connection to a file this process holds open (`saludya batch`) is parked for the
/// next command instead of closed: the schema it has read and the statements it has compiled
/// serve every later command, and no close checkpoints the log in between (see
/// [`super::hold_open`]). A held PostgreSQL connection stays with the batch's slot, unless the
/// command left a transaction open on it.
impl Drop for Db {
    fn drop(&mut self) {
        match &mut self.conn {
            Conn::Sqlite(conn) => {
                if !self.in_transaction.get()
                    && super::parking(conn)
                    && let Ok(spare) = rusqlite::Connection::open_in_memory()
                {
                    super::park(std::mem::replace(conn, spare));
                }
            }
            Conn::Postgres(pg) => {
                if self.in_transaction.get() {
                    pg.borrow_mut().abandoned = true;
                }
            }
        }
    }
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Db({:?})", self.engine())
    }
}

impl Db {
    pub fn from_sqlite(conn: rusqlite::Connection) -> Self {
        Self::with(Conn::Sqlite(conn))
    }

    pub fn from_postgres(client: postgres::Client, reconnect: Reconnect) -> Self {
        Self::with(Conn::Postgres(Rc::new(RefCell::new(Pg {
            client,
            statements: HashMap::new(),
            reconnect,
            abandoned: false,
        }))))
    }

    /// This database's PostgreSQL connection, to be held for a batch's later commands
    /// ([`HeldPg::lend`]); None on SQLite.
    pub fn hold_postgres(&self) -> Option<HeldPg> {
        match &self.conn {
            Conn::Postgres(pg) => Some(HeldPg(Rc::clone(pg))),
            Conn::Sqlite(_) => None,
        }
    }

    fn with(conn: Conn) -> Self {
        Self {
            conn,
            lost_race: StdCell::new(false),
            statement_failed: StdCell::new(false),
            in_transaction: StdCell::new(false),
        }
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

    /// Runs `f` with SQLite's `pragmas` set to the values given, and puts the old values back
    /// afterwards (page cache for a bulk load or a large export). On PostgreSQL, just runs `f`.
    pub fn with_sqlite_pragmas<T>(
        &self,
        pragmas: &[(&str, &str)],
        f: impl FnOnce() -> T,
    ) -> Result<T, Error> {
        let Some(conn) = self.sqlite() else {
            return Ok(f());
        };
        let mut before = Vec::with_capacity(pragmas.len());
        for (name, value) in pragmas {
            let old: i64 = conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))?;
            before.push((*name, old));
            conn.pragma_update(None, name, value)?;
        }
        let out = f();
        for (name, old) in before.into_iter().rev() {
            conn.pragma_update(None, name, old)?;
        }
        Ok(out)
    }

    /// The PostgreSQL client (the migration runner, `COPY`). `None` on SQLite.
    pub(super) fn with_postgres<T>(&self, f: impl FnOnce(&mut postgres::Client) -> T) -> Option<T> {
        match &self.conn {
            Conn::Sqlite(_) => None,
            Conn::Postgres(pg) => Some(f(&mut pg.borrow_mut().client)),
        }
    }

    fn note<T>(&self, sql: &str, r: Result<T, Error>) -> Result<T, Error> {
        match r {
            Ok(v) => Ok(v),
            Err(e) => {
                self.statement_failed.set(true);
                if e.kind == ErrorKind::Retry {
                    self.lost_race.set(true);
                }
                Err(e.in_statement(sql))
            }
        }
    }

    /// Runs `op` on the PostgreSQL connection. Between transactions, a connection the server
    /// closed (a restart, a dropped network) is opened again first, and an operation that failed
    /// because it was closed under it runs once more on a new one when `may_retry` says nothing
    /// was delivered yet. Inside a transaction nothing is retried here: the work so far left
    /// with the connection, and [`Db::write`] reports the whole transaction as failed.
    fn on_postgres<T>(
        &self,
        pg: &RefCell<Pg>,
        may_retry: &dyn Fn() -> bool,
        mut op: impl FnMut(&mut Pg) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let mut pg = pg.borrow_mut();
        let in_transaction = self.in_transaction.get();
        pg.ready(in_transaction)?;
        match op(&mut pg) {
            Err(e) if e.kind == ErrorKind::Connection && !in_transaction && may_retry() => {
                pg.reopen()?;
                op(&mut pg)
            }
            other => other,
        }
    }

    fn execute_raw(&self, sql: &str, params: &[&dyn ToValue]) -> Result<usize, Error> {
        self.note(
            sql,
            match &self.conn {
                Conn::Sqlite(c) => (|| {
                    let mut stmt = c.prepare_cached(sql)?;
                    bind_sqlite(&mut stmt, sql, params)?;
                    Ok(stmt.raw_execute()?)
                })(),
                Conn::Postgres(pg) => self.on_postgres(pg, &|| true, |pg| {
                    let stmt = pg.statement(sql)?;
                    let values = values(params);
                    let n = pg.client.execute(&stmt, &pg_params(&values))?;
                    Ok(usize::try_from(n).unwrap_or(usize::MAX))
                }),
            },
        )
    }

    fn execute_batch_raw(&self, sql: &str) -> Result<(), Error> {
        self.note(
            sql,
            match &self.conn {
                Conn::Sqlite(c) => c.execute_batch(sql).map_err(Error::from),
                // ROLLBACK and COMMIT belong to the connection that began the transaction:
                // `on_postgres` opens a new one only between transactions (for BEGIN).
                Conn::Postgres(pg) => self.on_postgres(pg, &|| true, |pg| {
                    pg.client.batch_execute(sql).map_err(Error::from)
                }),
            },
        )
    }

    /// Calls `f` on every row, as the engine streams them (exports of any size). `f` must not
    /// use the database (on PostgreSQL the rows are still arriving on the connection).
    pub fn for_each_row(
        &self,
        sql: &str,
        params: impl Params,
        f: impl FnMut(&Row<'_>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.for_each_row_raw(sql, &params.values(), f)
    }

    fn for_each_row_raw(
        &self,
        sql: &str,
        params: &[&dyn ToValue],
        mut f: impl FnMut(&Row<'_>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.note(
            sql,
            match &self.conn {
                Conn::Sqlite(c) => (|| {
                    let mut stmt = c.prepare_cached(sql)?;
                    bind_sqlite(&mut stmt, sql, params)?;
                    let mut rows = stmt.raw_query();
                    while let Some(row) = rows.next()? {
                        f(&Row::Sqlite(row))?;
                    }
                    Ok(())
                })(),
                Conn::Postgres(pg) => {
                    use postgres::fallible_iterator::FallibleIterator;
                    // A stream that already gave rows is not started again.
                    let delivered = StdCell::new(false);
                    self.on_postgres(pg, &|| !delivered.get(), |pg| {
                        let stmt = pg.statement(sql)?;
                        let values = values(params);
                        let mut rows = pg.client.query_raw(&stmt, pg_params(&values))?;
                        while let Some(row) = rows.next()? {
                            delivered.set(true);
                            f(&Row::Postgres(&row))?;
                        }
                        Ok(())
                    })
                }
            },
        )
    }

    /// Every row, each turned into a `T` by `f`.
    pub fn query_map<T>(
        &self,
        sql: &str,
        params: impl Params,
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
        params: impl Params,
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
        params: impl Params,
        f: impl FnOnce(&Row<'_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        self.query_opt(sql, params, f)?.ok_or_else(Error::no_rows)
    }

    /// The first column of the first row.
    pub fn query_one<T: FromColumn>(&self, sql: &str, params: impl Params) -> Result<T, Error> {
        self.query_row(sql, params, |r| r.get(0))
    }

    /// Runs `f` in a write transaction and commits when it returns `Ok`. On SQLite the write
    /// lock is taken up front (`BEGIN IMMEDIATE`), so a read-then-write (check the slot, insert
    /// the booking) cannot interleave with another desk. On PostgreSQL the transaction is
    /// `SERIALIZABLE`: when it loses a race with another desk it is rolled back and `f` runs
    /// again (up to [`PG_ATTEMPTS`] times, with a short growing, jittered pause), so `f` must not do
    /// anything but database work that cannot be undone by a rollback.
    pub fn write<T, E: From<Error>>(&self, mut f: impl FnMut(&Tx<'_>) -> Result<T, E>) -> Result<T, E> {
        if self.in_transaction.get() {
            // A use case called from inside another's transaction: a bug, reported as an
            // internal error (and nothing written) rather than a nested BEGIN or a panic.
            return Err(E::from(Error::new(
                ErrorKind::Other,
                "a write transaction was begun inside another one; nothing was written",
            )));
        }
        let mut attempt = 1;
        loop {
            self.begin()?;
            self.lost_race.set(false);
            self.statement_failed.set(false);
            let guard = Rollback {
                db: self,
                armed: true,
            };
            let outcome = f(&Tx { db: self });
            let aborted = self.engine() == Engine::Postgres && self.statement_failed.get();
            let retry = match outcome {
                Ok(_) if aborted && self.lost_race.get() && attempt < PG_ATTEMPTS => None,
                Ok(_) if aborted => Some(Err(E::from(Error::new(
                    if self.lost_race.get() {
                        ErrorKind::Retry
                    } else {
                        ErrorKind::Other
                    },
                    "a statement failed inside the transaction, so nothing of it was saved",
                )))),
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
            std::thread::sleep(retry_pause(attempt));
            attempt += 1;
        }
    }

    fn begin(&self) -> Result<(), Error> {
        self.execute_batch_raw(match self.engine() {
            Engine::Sqlite => "BEGIN IMMEDIATE",
            Engine::Postgres => "BEGIN ISOLATION LEVEL SERIALIZABLE",
        })?;
        self.in_transaction.set(true);
        Ok(())
    }

    fn commit(&self) -> Result<(), Error> {
        self.execute_batch_raw("COMMIT")
    }
}

#[cfg(test)]
mod nested {
    #[test]
    fn a_write_inside_a_write_is_an_error_and_the_outer_one_rolls_back() {
        let db = crate::db::open_in_memory().unwrap();
        let out: Result<(), crate::error::AppError> = db.write(|tx| {
            tx.execute("INSERT INTO catalog_settings (key, value) VALUES ('k', 'v')", [])?;
            db.write(|_| Ok::<(), crate::error::AppError>(()))
        });
        assert!(out.is_err());
        let n: i64 = db
            .query_one("SELECT COUNT(*) FROM catalog_settings WHERE key = 'k'", [])
            .unwrap();
        assert_eq!(n, 0);
    }
}

#[cfg(test)]
impl Db {
    /// Unit tests only: a [`Tx`] on this connection with no transaction around it (each
    /// statement commits on its own), to set up fixtures and call writers directly. Not in
    /// the program: there, only [`Db::write`] makes a `Tx`.
    pub fn autocommit(&self) -> Tx<'_> {
        Tx { db: self }
    }
}

/// A pause before attempt `attempt + 1`: random within a window that doubles up to
/// [`PG_MAX_PAUSE_MS`], so desks that collided do not collide again in step.
fn retry_pause(attempt: u32) -> Duration {
    let window = (1u64 << attempt.min(6)).min(PG_MAX_PAUSE_MS);
    let mut byte = [0u8; 1];
    rand::fill(&mut byte);
    Duration::from_micros(window * 1000 * (u64::from(byte[0]) + 1) / 256)
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
            let _ = self.db.execute_batch_raw("ROLLBACK");
            self.db.in_transaction.set(false);
        }
    }
}

impl Pg {
    /// A connection the server closed is opened again, but only between transactions: inside
    /// one, the work so far is gone with the connection and the transaction must fail whole.
    fn ready(&mut self, in_transaction: bool) -> Result<(), Error> {
        if self.client.is_closed() && !in_transaction {
            self.reopen()?;
        }
        Ok(())
    }

    fn reopen(&mut self) -> Result<(), Error> {
        self.client = (self.reconnect)()?;
        self.statements.clear();
        Ok(())
    }

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
            format!(
                "the statement takes {} parameters, {} were given: {sql}",
                stmt.parameter_count(),
                params.len()
            ),
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
    values
        .iter()
        .map(|v| v as &(dyn postgres::types::ToSql + Sync))
        .collect()
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

/// What names a column of a [`Row`]: its position, from 0.
pub trait ColumnIndex {
    fn index(self) -> usize;
}

impl ColumnIndex for usize {
    fn index(self) -> usize {
        self
    }
}

/// The parameters of a statement: `params![…]`, an array of one type, a tuple, or
/// [`params_from_iter`].
pub trait Params {
    fn values(&self) -> Vec<&dyn ToValue>;
}

impl Params for &[&dyn ToValue] {
    fn values(&self) -> Vec<&dyn ToValue> {
        self.to_vec()
    }
}

/// `[]`: no parameters (an empty array of one type, so that `[]` needs no annotation).
impl Params for [&dyn ToValue; 0] {
    fn values(&self) -> Vec<&dyn ToValue> {
        Vec::new()
    }
}

// Arrays of 1 to 16 values of one type; not a generic `[T; N]`, which would overlap `[]`'s.
macro_rules! array_params {
    ($($n:literal)*) => {$(
        impl<T: ToValue> Params for [T; $n] {
            fn values(&self) -> Vec<&dyn ToValue> {
                self.iter().map(|v| v as &dyn ToValue).collect()
            }
        }

        impl<T: ToValue> Params for &[T; $n] {
            fn values(&self) -> Vec<&dyn ToValue> {
                self.iter().map(|v| v as &dyn ToValue).collect()
            }
        }
    )*};
}
array_params!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);

macro_rules! tuple_params {
    ($(($($name:ident $idx:tt),+))*) => {$(
        impl<$($name: ToValue),+> Params for ($($name,)+) {
            fn values(&self) -> Vec<&dyn ToValue> {
                vec![$(&self.$idx as &dyn ToValue),+]
            }
        }
    )*};
}
tuple_params! {
    (A 0)
    (A 0, B 1)
    (A 0, B 1, C 2)
    (A 0, B 1, C 2, D 3)
    (A 0, B 1, C 2, D 3, E 4)
    (A 0, B 1, C 2, D 3, E 4, F 5)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7)
}

/// Parameters built at run time (a search with a varying number of words).
pub struct ParamsFromIter<V>(Vec<V>);

pub fn params_from_iter<V: ToValue>(iter: impl IntoIterator<Item = V>) -> ParamsFromIter<V> {
    ParamsFromIter(iter.into_iter().collect())
}

impl<V: ToValue> Params for ParamsFromIter<V> {
    fn values(&self) -> Vec<&dyn ToValue> {
        self.0.iter().map(|v| v as &dyn ToValue).collect()
    }
}

/// `.optional()` on a lookup: no row is `Ok(None)`.
pub trait OptionalExt<T> {
    fn optional(self) -> Result<Option<T>, Error>;
}

impl<T> OptionalExt<T> for Result<T, Error> {
    fn optional(self) -> Result<Option<T>, Error> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.kind == ErrorKind::NoRows => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// What [`Stmt::query_map`] gives: each row already read, as a result.
pub type RowResults<T> = std::iter::Map<std::vec::IntoIter<T>, fn(T) -> Result<T, Error>>;

/// A statement to read with, in the shape the domain code was written in.
pub struct Stmt<'a> {
    db: &'a Db,
    sql: String,
}

impl Db {
    /// A statement for `sql` (prepared once per connection and kept).
    pub fn prepare_cached(&self, sql: &str) -> Result<Stmt<'_>, Error> {
        Ok(Stmt {
            db: self,
            sql: sql.to_owned(),
        })
    }

    /// The same as [`Db::prepare_cached`]: every statement is kept.
    pub fn prepare(&self, sql: &str) -> Result<Stmt<'_>, Error> {
        self.prepare_cached(sql)
    }
}

impl Stmt<'_> {
    pub fn query_row<T>(
        &mut self,
        params: impl Params,
        f: impl FnOnce(&Row<'_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        self.db.query_row(&self.sql, params, f)
    }

    pub fn query_map<T>(
        &mut self,
        params: impl Params,
        f: impl FnMut(&Row<'_>) -> Result<T, Error>,
    ) -> Result<RowResults<T>, Error> {
        // The rows are read whole (the connection is free again when this returns); the
        // iterator of results keeps the shape callers `collect` from.
        Ok(self.db.query_map(&self.sql, params, f)?.into_iter().map(Ok))
    }
}

/// A statement inside a write transaction: it can also change rows.
pub struct TxStmt<'a> {
    tx: &'a Tx<'a>,
    read: Stmt<'a>,
}

impl<'a> std::ops::Deref for TxStmt<'a> {
    type Target = Stmt<'a>;
    fn deref(&self) -> &Stmt<'a> {
        &self.read
    }
}

impl std::ops::DerefMut for TxStmt<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.read
    }
}

impl TxStmt<'_> {
    pub fn execute(&mut self, params: impl Params) -> Result<usize, Error> {
        self.tx.execute(&self.read.sql, params)
    }
}

impl<'t> Tx<'t> {
    /// Runs a statement that changes rows; the number of rows changed.
    pub fn execute(&self, sql: &str, params: impl Params) -> Result<usize, Error> {
        self.db.execute_raw(sql, &params.values())
    }

    /// Runs several statements with no parameters.
    pub fn execute_batch(&self, sql: &str) -> Result<(), Error> {
        self.db.execute_batch_raw(sql)
    }

    pub fn prepare_cached<'s>(&'s self, sql: &str) -> Result<TxStmt<'s>, Error>
    where
        't: 's,
    {
        Ok(TxStmt {
            tx: self,
            read: Stmt {
                db: self.db,
                sql: sql.to_owned(),
            },
        })
    }

    pub fn prepare<'s>(&'s self, sql: &str) -> Result<TxStmt<'s>, Error>
    where
        't: 's,
    {
        self.prepare_cached(sql)
    }
}
