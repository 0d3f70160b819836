//! The test environment: a temp dir holding the database and the config dir (session files).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub const ADMIN: &str = "admin@clinica.pe";
pub const ADMIN_PW: &str = "tortuga-lluvia-mercado-azul";
/// Monday 2 March 2026, 09:00 in Lima.
pub const NOW: &str = "2026-03-02T14:00:00Z";

/// A finished command. `Display` is the whole result for an inline snapshot (jj's
/// `CommandOutput`): stdout, then stderr, then the exit code when it is not 0, with the temp
/// dir shown as `$TEST_ENV`: `insta::assert_snapshot!(env.run("slots --doctor rosa"), @"…")`.
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub dir: String,
    /// On the PostgreSQL run, the database's URL: shown as the SQLite run's file
    /// (`$TEST_ENV/saludya.db`) so that one snapshot holds for both engines.
    pub pg_url: Option<String>,
}

impl Out {
    #[track_caller]
    pub fn ok(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }

    /// The JSON error object printed on stderr with `--format json`.
    #[track_caller]
    pub fn json_err(&self) -> serde_json::Value {
        serde_json::from_str(self.stderr.trim())
            .unwrap_or_else(|e| panic!("stderr is not JSON ({e}): {}", self.stderr))
    }
}

pub struct Env {
    pub dir: tempfile::TempDir,
    pub now: String,
    /// Commands run so far: each gets the next id seed (`SALUDYA_SEED`), so a test script
    /// produces the same ids every time and later commands' ids sort after earlier ones'.
    runs: std::cell::Cell<u64>,
    /// The PostgreSQL run: this test's own database on the test server.
    pg: Option<PgDatabase>,
}

/// The engine the suite runs on: PostgreSQL when `SALUDYA_TEST_POSTGRES` names a server
/// (`postgres://USER@HOST:PORT/postgres`, its password in `SALUDYA_TEST_PGPASSWORD`), as
/// `.ci/run` sets it for the suite's second run; else SQLite.
pub fn postgres_server() -> Option<(String, String)> {
    let url = std::env::var("SALUDYA_TEST_POSTGRES")
        .ok()
        .filter(|u| !u.is_empty())?;
    Some((url, std::env::var("SALUDYA_TEST_PGPASSWORD").unwrap_or_default()))
}

/// One test's database on the PostgreSQL test server, dropped with the test.
pub struct PgDatabase {
    pub admin_url: String,
    pub password: String,
    pub name: String,
}

impl PgDatabase {
    pub fn create() -> Option<PgDatabase> {
        use std::sync::atomic::{AtomicU32, Ordering};
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let (admin_url, password) = postgres_server()?;
        let name = format!("t{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst));
        let db = PgDatabase {
            admin_url,
            password,
            name,
        };
        db.admin()
            .batch_execute(&format!("CREATE DATABASE {}", db.name))
            .unwrap();
        Some(db)
    }

    pub fn admin(&self) -> postgres::Client {
        self.client_to(&self.admin_url)
    }

    /// A client to this test's database.
    pub fn client(&self) -> postgres::Client {
        self.client_to(&self.url())
    }

    fn client_to(&self, url: &str) -> postgres::Client {
        let mut config: postgres::Config = url.parse().unwrap();
        config.password(&self.password);
        config.connect(postgres::NoTls).unwrap()
    }

    /// The connection string the program is given (no password: it comes in PGPASSWORD).
    pub fn url(&self) -> String {
        let base = self
            .admin_url
            .rsplit_once('/')
            .map_or(self.admin_url.as_str(), |(b, _)| b);
        format!("{base}/{}", self.name)
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let _ = self
            .admin()
            .batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
    }
}

impl Env {
    /// An empty environment: no database yet (on PostgreSQL, an empty database).
    pub fn empty() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
            now: NOW.to_string(),
            runs: std::cell::Cell::new(0),
            pg: PgDatabase::create(),
        }
    }

    /// An environment on a SQLite file whatever the run's engine (tests of the file itself:
    /// backups, restore, modes, damage).
    pub fn empty_sqlite() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
            now: NOW.to_string(),
            runs: std::cell::Cell::new(0),
            pg: None,
        }
    }

    /// This test's PostgreSQL database, on the PostgreSQL run.
    pub fn postgres(&self) -> Option<&PgDatabase> {
        self.pg.as_ref()
    }

    /// True on the PostgreSQL run.
    pub fn on_postgres(&self) -> bool {
        self.pg.is_some()
    }

    /// What `--db` names: the SQLite file, or this test's PostgreSQL database.
    pub fn location(&self) -> String {
        match &self.pg {
            Some(pg) => pg.url(),
            None => self.db().display().to_string(),
        }
    }

    /// A database initialised with the catalog fixtures and an admin who is logged in.
    pub fn admin() -> Env {
        Env::admin_on(Env::empty())
    }

    /// [`Env::admin`] on a SQLite file whatever the run's engine (tests of the file itself).
    pub fn admin_sqlite() -> Env {
        Env::admin_on(Env::empty_sqlite())
    }

    fn admin_on(env: Env) -> Env {
        env.run_stdin(&["init", "--admin-email", ADMIN, "--password-stdin"], ADMIN_PW)
            .ok();
        env.login(ADMIN, ADMIN_PW);
        env
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("saludya.db")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn login(&self, email: &str, password: &str) {
        self.run_stdin(&["login", "--email", email, "--password-stdin"], password)
            .ok();
    }

    /// Creates a receptionist account and logs in as it.
    pub fn as_receptionist(&self) {
        self.run_stdin(
            &[
                "staff",
                "add",
                "--email",
                "rosa@clinica.pe",
                "--role",
                "receptionist",
                "--password-stdin",
            ],
            "girasol-montaña-cuaderno-rojo",
        )
        .ok();
        self.login("rosa@clinica.pe", "girasol-montaña-cuaderno-rojo");
    }

    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_saludya"));
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("SALUDYA_DB", self.location())
            .env("SALUDYA_NOW", &self.now)
            .env("SALUDYA_SEED", self.next_seed().to_string())
            .current_dir(self.dir.path());
        if let Some(pg) = &self.pg {
            cmd.env("PGPASSWORD", &pg.password);
        }
        cmd
    }

    fn next_seed(&self) -> u64 {
        let n = self.runs.get() + 1;
        self.runs.set(n);
        n
    }

    pub fn run(&self, args: impl Args) -> Out {
        self.run_stdin(args, "")
    }

    pub fn run_stdin(&self, args: impl Args, stdin: &str) -> Out {
        let mut cmd = self.command();
        cmd.args(args.words());
        self.run_with_stdin(cmd, stdin)
    }

    /// Runs one command line with its table fitted to `columns` screen columns (`COLUMNS`, which
    /// the program reads when stdout is not a terminal).
    pub fn run_at(&self, columns: usize, args: impl Args) -> Out {
        let mut cmd = self.command();
        cmd.env("COLUMNS", columns.to_string()).args(args.words());
        self.run_with_stdin(cmd, "")
    }

    /// Runs `cmd` (made from [`Env::command`], possibly wrapped) with `stdin` and a newline on
    /// its standard input, and collects its output.
    pub fn run_with_stdin(&self, mut cmd: Command, stdin: &str) -> Out {
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        {
            let mut input = child.stdin.take().unwrap();
            let _ = input.write_all(stdin.as_bytes());
            let _ = input.write_all(b"\n");
        }
        let out = child.wait_with_output().unwrap();
        Out {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            dir: self.dir.path().display().to_string(),
            pg_url: self.pg.as_ref().map(PgDatabase::url),
        }
    }

    /// Rows of `sql` on this test's database, whatever the engine: `$1…` placeholders bound to
    /// `params` (as text), every value read back as text (`None` for NULL). For tests that look
    /// behind the program (what was stored) or set up a state it would refuse to write.
    pub fn sql(&self, sql: &str, params: &[&str]) -> Vec<Vec<Option<String>>> {
        match &self.pg {
            Some(pg) => {
                let mut client = pg.client();
                let params: Vec<&(dyn postgres::types::ToSql + Sync)> = params
                    .iter()
                    .map(|p| p as &(dyn postgres::types::ToSql + Sync))
                    .collect();
                if !sql.trim_start().to_ascii_uppercase().starts_with("SELECT") {
                    client.execute(sql, &params).unwrap();
                    return Vec::new();
                }
                client
                    .query(sql, &params)
                    .unwrap()
                    .iter()
                    .map(|row| (0..row.len()).map(|i| pg_text(row, i)).collect())
                    .collect()
            }
            None => {
                let conn = rusqlite::Connection::open(self.db()).unwrap();
                let mut stmt = conn.prepare(sql).unwrap();
                let n = stmt.column_count();
                stmt.query_map(rusqlite::params_from_iter(params), |r| {
                    (0..n)
                        .map(|i| {
                            Ok(match r.get_ref(i)? {
                                rusqlite::types::ValueRef::Null => None,
                                rusqlite::types::ValueRef::Integer(v) => Some(v.to_string()),
                                rusqlite::types::ValueRef::Real(v) => Some(v.to_string()),
                                rusqlite::types::ValueRef::Text(t) => {
                                    Some(String::from_utf8_lossy(t).into_owned())
                                }
                                rusqlite::types::ValueRef::Blob(b) => Some(format!("{b:?}")),
                            })
                        })
                        .collect::<Result<Vec<_>, rusqlite::Error>>()
                })
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
            }
        }
    }

    /// Runs one statement that changes rows (`$1…` bound to `params`); the engine's refusal as
    /// an `Err` (a constraint the test expects to hold).
    pub fn sql_try(&self, sql: &str, params: &[&str]) -> Result<u64, String> {
        match &self.pg {
            Some(pg) => {
                let params: Vec<&(dyn postgres::types::ToSql + Sync)> = params
                    .iter()
                    .map(|p| p as &(dyn postgres::types::ToSql + Sync))
                    .collect();
                // The server's own message (the error's Display is only "db error").
                pg.client().execute(sql, &params).map_err(|e| {
                    e.as_db_error()
                        .map_or_else(|| e.to_string(), |d| d.message().to_string())
                })
            }
            None => rusqlite::Connection::open(self.db())
                .unwrap()
                .execute(sql, rusqlite::params_from_iter(params))
                .map(|n| n as u64)
                .map_err(|e| e.to_string()),
        }
    }

    /// Runs statements with no parameters, in this engine's own SQL (`sqlite` or `postgres`).
    pub fn sql_batch(&self, sqlite: &str, postgres: &str) {
        match &self.pg {
            Some(pg) => pg.client().batch_execute(postgres).unwrap(),
            None => rusqlite::Connection::open(self.db())
                .unwrap()
                .execute_batch(sqlite)
                .unwrap(),
        }
    }

    /// The first value of the first row of [`Env::sql`] (`""` for NULL).
    #[track_caller]
    pub fn sql_one(&self, sql: &str, params: &[&str]) -> String {
        let rows = self.sql(sql, params);
        let first = rows
            .first()
            .and_then(|r| r.first())
            .unwrap_or_else(|| panic!("no row: {sql}"));
        first.clone().unwrap_or_default()
    }

    /// A byte-for-byte snapshot of the database's logical content, to prove a failed command
    /// changed nothing.
    pub fn dump(&self) -> String {
        match &self.pg {
            Some(pg) => dump_postgres(pg),
            None => dump(&self.db()),
        }
    }
}

fn pg_text(row: &postgres::Row, i: usize) -> Option<String> {
    use postgres::types::Type;
    let ty = row.columns()[i].type_().clone();
    if ty == Type::INT8 {
        row.get::<_, Option<i64>>(i).map(|v| v.to_string())
    } else if ty == Type::INT4 {
        row.get::<_, Option<i32>>(i).map(|v| v.to_string())
    } else if ty == Type::FLOAT8 {
        row.get::<_, Option<f64>>(i).map(|v| v.to_string())
    } else if ty == Type::BOOL {
        row.get::<_, Option<bool>>(i).map(|v| i32::from(v).to_string())
    } else {
        row.get::<_, Option<String>>(i)
    }
}

/// [`dump`] of a PostgreSQL database: every table, every row as PostgreSQL prints it.
pub fn dump_postgres(pg: &PgDatabase) -> String {
    let mut client = pg.client();
    let tables: Vec<String> = client
        .query(
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut out = String::new();
    for t in tables {
        out.push_str(&format!("== {t}\n"));
        for row in client
            .query(
                &format!("SELECT CAST(t.* AS TEXT) FROM \"{t}\" t ORDER BY 1"),
                &[],
            )
            .unwrap()
        {
            out.push_str(&row.get::<_, String>(0));
            out.push('\n');
        }
    }
    out
}

pub fn dump(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut out = String::new();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for t in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY 1"))
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let mut s = String::new();
                for i in 0..n {
                    s.push_str(&format!("{:?}|", r.get_ref(i)?));
                }
                Ok(s)
            })
            .unwrap();
        out.push_str(&format!("== {t}\n"));
        for row in rows {
            out.push_str(&row.unwrap());
            out.push('\n');
        }
    }
    out
}

/// Splits a command line into words: spaces separate, double quotes group (no escapes needed
/// in tests).
pub fn split(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let (mut quoted, mut started) = (false, false);
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                started = true;
            }
            c if c.is_whitespace() && !quoted => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            c => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    words
}

impl std::fmt::Display for Out {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let norm = |t: &str| {
            let t = match &self.pg_url {
                Some(url) => t.replace(url.as_str(), "$TEST_ENV/saludya.db"),
                None => t.to_string(),
            };
            t.replace(&self.dir, "$TEST_ENV")
        };
        let (stdout, stderr) = (norm(&self.stdout), norm(&self.stderr));
        let mut text = stdout;
        if !stderr.is_empty() {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str("------- stderr -------\n");
            text.push_str(&stderr);
        }
        if self.code != 0 {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&format!("[exit status: {}]\n", self.code));
        }
        f.write_str(&text)
    }
}

/// What [`Env::run`] accepts: an argument list, or one command line as a person types it
/// (`"appointment cancel 0190… --by patient --reason \"no puede\""`, see [`split`]).
pub trait Args {
    fn words(&self) -> Vec<String>;
}

impl Args for &str {
    fn words(&self) -> Vec<String> {
        split(self)
    }
}

impl Args for &String {
    fn words(&self) -> Vec<String> {
        split(self)
    }
}

impl Args for &[&str] {
    fn words(&self) -> Vec<String> {
        self.iter().map(|s| s.to_string()).collect()
    }
}

impl<const N: usize> Args for &[&str; N] {
    fn words(&self) -> Vec<String> {
        self.iter().map(|s| s.to_string()).collect()
    }
}

impl Args for &Vec<&str> {
    fn words(&self) -> Vec<String> {
        self.iter().map(|s| s.to_string()).collect()
    }
}
