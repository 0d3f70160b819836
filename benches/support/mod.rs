//! What the whole-process benches share (`floor`, `engines`): running a command to the end, the
//! counter flow's steps (as eight processes or one batch) and the figures' arithmetic. Included
//! with `#[path]`; not a bench of its own.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The complaint the counter flow starts with.
pub const COMPLAINT: &str = "dolor en el pecho cuando subo escaleras y me canso rapido";

/// `program` with `args` as a desk runs it in a bench: nothing from the caller's environment
/// but PATH, its own home and config folders under `home`, the database `db`, no stdin, stdout
/// thrown away (`output` reads it), stderr kept for a failure's message.
pub fn isolated(program: impl AsRef<OsStr>, args: &[&str], home: &Path, db: impl AsRef<OsStr>) -> Command {
    let mut c = Command::new(program);
    c.args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("SALUDYA_DB", db)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

/// Runs `c` to the end with `stdin` fed to it; its stdout. A failure stops the bench, saying
/// what failed.
pub fn output(mut c: Command, stdin: Option<&str>) -> String {
    c.stdout(Stdio::piped());
    if stdin.is_some() {
        c.stdin(Stdio::piped());
    }
    let mut child = c.spawn().expect("spawn");
    if let Some(text) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write stdin");
    }
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "{c:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// A text field of a JSON object the program printed.
pub fn field<'a>(json: &'a serde_json::Value, key: &str) -> &'a str {
    json[key].as_str().unwrap_or_else(|| panic!("no {key} in {json}"))
}

/// The counter flow's eight commands for the patient `dni`, each run by `j` (which returns the
/// command's JSON output): each step takes what it needs from the answers before it.
pub fn flow_steps(dni: &str, j: &mut dyn FnMut(&[&str]) -> serde_json::Value) {
    j(&["orient", COMPLAINT]);
    j(&["specialty", "list"]);
    j(&["doctor", "list", "--specialty", "cardiologia"]);
    j(&[
        "patient",
        "add",
        "--dni",
        dni,
        "--first-name",
        "Rosa",
        "--last-name",
        "Quispe Flores",
    ]);
    let slots = j(&["slots", "--specialty", "cardiologia", "--limit", "1"]);
    let slot = &slots[0];
    let appt = j(&[
        "appointment",
        "book",
        "--patient",
        dni,
        "--doctor",
        field(slot, "doctor_id"),
        "--at",
        field(slot, "start"),
    ]);
    j(&["pay", field(&appt, "id"), "--method", "cash"]);
    j(&["appointment", "history", dni]);
}

/// The counter flow's eight commands through one `saludya batch` process (`batch`: the program
/// with `--format json batch` and its environment), driven as a co-process (a line out, its
/// answer in, the next line built from it), the process's start and end included.
pub fn batch_flow(mut batch: Command, dni: &str) -> Duration {
    use std::io::{BufRead, BufReader, Write};
    let t0 = Instant::now();
    let mut child = batch
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn batch");
    let mut input = child.stdin.take().expect("stdin");
    let mut answers = BufReader::new(child.stdout.take().expect("stdout"));
    flow_steps(dni, &mut |args| {
        writeln!(input, "{}", serde_json::to_string(args).expect("json")).expect("write");
        input.flush().expect("flush");
        let mut line = String::new();
        answers.read_line(&mut line).expect("answer");
        let answer: serde_json::Value = serde_json::from_str(&line).expect("answer json");
        assert_eq!(answer["exit"], 0, "{args:?}: {answer}");
        serde_json::from_str(field(&answer, "stdout")).expect("stdout json")
    });
    drop(input);
    assert!(child.wait().expect("wait").success());
    t0.elapsed()
}
