//! Colour and width on a real pseudo-terminal (`script`): `--color auto|always|never`,
//! `NO_COLOR`, and a terminal that reports no width (counted as 80 columns).

use std::process::Command;

use crate::harness::*;

const ESC: char = '\x1b';

fn script_available() -> bool {
    Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs one command line in a pseudo-terminal of no reported size (`script`, its input not a
/// terminal), with extra environment variables; stdout and stderr both reach the terminal.
fn in_terminal(env: &Env, line: &str, vars: &[(&str, &str)]) -> Out {
    let bin = env!("CARGO_BIN_EXE_saludya");
    let mut cmd = env.command();
    cmd.env_remove("COLUMNS");
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let mut script = Command::new("script");
    script.args(["-qec", &format!("{bin} {line}"), "/dev/null"]);
    // The harness's environment (cleared, temp dirs, fixed clock), through script.
    script.env_clear();
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            script.env(k, v);
        }
    }
    script.current_dir(env.dir.path());
    env.run_with_stdin(script, "")
}

fn skip() -> bool {
    if script_available() {
        return false;
    }
    eprintln!("SKIPPED: `script` (util-linux) is not installed; the pseudo-terminal test needs it.");
    true
}

#[test]
fn colour_follows_the_flag_then_no_color_then_the_terminal() {
    let env = Env::empty();
    // Not a terminal: no colour unless asked.
    let piped = env.run("--help");
    assert!(!piped.ok().stdout.contains(ESC));
    let err = env.run("whoami");
    assert!(!err.code(4).stderr.contains(ESC), "{}", err.stderr);
    let always = env.run("--color always --help");
    assert!(always.ok().stdout.contains(ESC), "{}", always.stdout);
    let err = env.run("--color always whoami");
    assert!(
        err.code(4).stderr.contains("\x1b[1;31merror:\x1b[0m"),
        "{:?}",
        err.stderr
    );
    let usage = env.run("--color always --bogus");
    assert!(usage.code(2).stderr.contains(ESC), "{:?}", usage.stderr);
    if skip() {
        return;
    }
    let tty = in_terminal(&env, "--help", &[]);
    assert!(tty.ok().stdout.contains(ESC), "{:?}", tty.stdout);
    let tty_err = in_terminal(&env, "whoami", &[]);
    assert!(
        tty_err.stdout.contains("\x1b[1;31merror:"),
        "{:?}",
        tty_err.stdout
    );
    for (line, vars) in [
        ("--help", &[("NO_COLOR", "1")][..]),
        ("whoami", &[("NO_COLOR", "1")][..]),
        ("--color never --help", &[][..]),
        ("--color never whoami", &[][..]),
        ("--help", &[("TERM", "dumb")][..]),
    ] {
        let out = in_terminal(&env, line, vars);
        assert!(!out.stdout.contains(ESC), "{line} {vars:?}: {:?}", out.stdout);
    }
    // An empty NO_COLOR is as good as unset; --color always wins over NO_COLOR.
    assert!(
        in_terminal(&env, "--help", &[("NO_COLOR", "")])
            .stdout
            .contains(ESC)
    );
    assert!(
        in_terminal(&env, "--color always --help", &[("NO_COLOR", "1")])
            .stdout
            .contains(ESC)
    );
}

#[test]
fn a_terminal_that_reports_no_width_gets_80_columns() {
    if skip() {
        return;
    }
    let env = Env::admin();
    let out = in_terminal(&env, "doctor list", &[]);
    out.ok();
    let table: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with(['┌', '│', '└', '╞']))
        .collect();
    assert!(table.len() > 5, "{}", out.stdout);
    for line in &table {
        assert!(unicode_width::UnicodeWidthStr::width(*line) <= 80, "{line}");
    }
    assert!(out.stdout.contains("columnas ocultas"), "{}", out.stdout);
    // COLUMNS is the width of such a terminal when set.
    let wide = in_terminal(&env, "doctor list", &[("COLUMNS", "200")]);
    assert!(!wide.ok().stdout.contains("columnas ocultas"), "{}", wide.stdout);
}

/// Progress bars: on a terminal's stderr, with the rate and the time left; never with `-q` or
/// `--format json`, and never when stderr is not a terminal (every other test).
#[test]
fn long_work_shows_a_bar_only_where_a_person_watches() {
    if skip() {
        return;
    }
    let env = Env::empty_sqlite();
    // indicatif draws only for a terminal that says what it is.
    let term = &[("TERM", "xterm")][..];
    let demo = in_terminal(&env, "demo --patients 6000 --appointments 800 > /dev/null", term);
    let screen = demo.ok().stdout.clone();
    for part in ["Pacientes", "Citas", "/6,000", "/800", "/s", "quedan"] {
        assert!(screen.contains(part), "{part}: {screen:?}");
    }
    env.login("recepcion@saludya.demo", "chicha-morada-2026");
    let export = in_terminal(&env, "export appointments -o agenda.csv", term);
    assert!(export.ok().stdout.contains("Exportando"), "{:?}", export.stdout);
    let backup = in_terminal(&env, "--lang en backup copy.db", term);
    assert!(backup.ok().stdout.contains("Copying"), "{:?}", backup.stdout);
    assert!(backup.stdout.contains("left"), "{:?}", backup.stdout);
    env.login("admin@saludya.demo", "ceviche-de-lima-2026");
    let copy = in_terminal(
        &env,
        &format!("db copy --from {} --to copia.db > /dev/null", env.db().display()),
        term,
    );
    assert!(copy.ok().stdout.contains("Copiando"), "{:?}", copy.stdout);
    assert!(copy.stdout.contains("quedan"), "{:?}", copy.stdout);
    for line in [
        "-q export appointments -o quiet.csv",
        "--format json export appointments -o lines.jsonl",
        "-q backup quiet.db",
    ] {
        let out = in_terminal(&env, line, term);
        assert!(!out.ok().stdout.contains('█'), "{line}: {:?}", out.stdout);
        assert!(!out.stdout.contains("quedan"), "{line}: {:?}", out.stdout);
    }
    // stderr not a terminal (a pipe): nothing extra, only the usual line.
    let piped = env.run("export appointments -o piped.csv");
    assert_eq!(piped.ok().stderr.lines().count(), 1, "{}", piped.stderr);
}
