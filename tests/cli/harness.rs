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
}

impl Env {
    /// An empty environment: no database yet.
    pub fn empty() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
            now: NOW.to_string(),
            runs: std::cell::Cell::new(0),
        }
    }

    /// A database initialised with the catalog fixtures and an admin who is logged in.
    pub fn admin() -> Env {
        let env = Env::empty();
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
            .env("SALUDYA_DB", self.db())
            .env("SALUDYA_NOW", &self.now)
            .env("SALUDYA_SEED", self.next_seed().to_string())
            .current_dir(self.dir.path());
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
        }
    }

    /// A byte-for-byte snapshot of the database's logical content, to prove a failed command
    /// changed nothing.
    pub fn dump(&self) -> String {
        dump(&self.db())
    }
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
        let norm = |t: &str| t.replace(&self.dir, "$TEST_ENV");
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
