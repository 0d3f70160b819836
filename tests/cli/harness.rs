//! The test environment: a temp dir holding the database and the config dir (session files).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub const ADMIN: &str = "admin@clinica.pe";
pub const ADMIN_PW: &str = "tortuga-lluvia-mercado-azul";
/// Monday 2 March 2026, 09:00 in Lima.
pub const NOW: &str = "2026-03-02T14:00:00Z";

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
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
}

impl Env {
    /// An empty environment: no database yet.
    pub fn empty() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
            now: NOW.to_string(),
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
            .current_dir(self.dir.path());
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Out {
        self.run_stdin(args, "")
    }

    pub fn run_stdin(&self, args: &[&str], stdin: &str) -> Out {
        let mut cmd = self.command();
        cmd.args(args)
            .stdin(Stdio::piped())
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
