//! The real binary in a pseudo-terminal, driven through tmux the way a receptionist would drive
//! it: keys in, screen text out. Skipped (with a message) when tmux is not installed; `.ci/run`
//! installs it.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::harness::{ADMIN_PW, Env};

/// A tmux server of its own (private socket) running one session with the binary.
struct Tmux {
    socket: String,
}

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

impl Tmux {
    /// Starts `saludya ARGS` at `w`×`h` in the test's environment. The shell reports the exit
    /// code when the program ends, and keeps the pane open to read it.
    fn start(env: &Env, args: &[&str], w: u16, h: u16) -> Tmux {
        Tmux::start_with(env, args, w, h, &[], "")
    }

    /// [`Tmux::start`] with extra environment variables, and a shell command run after the
    /// program ends (before the pane waits).
    fn start_with(env: &Env, args: &[&str], w: u16, h: u16, extra: &[(&str, &str)], after: &str) -> Tmux {
        let socket = format!(
            "saludya-test-{}-{}",
            std::process::id(),
            env.dir.path().file_name().unwrap().to_string_lossy()
        );
        let vars = [
            ("PATH", std::env::var("PATH").unwrap_or_default()),
            ("HOME", env.dir.path().display().to_string()),
            (
                "XDG_CONFIG_HOME",
                env.dir.path().join("config").display().to_string(),
            ),
            ("XDG_DATA_HOME", env.dir.path().join("data").display().to_string()),
            ("SALUDYA_DB", env.location()),
            (
                "PGPASSWORD",
                std::env::var("SALUDYA_TEST_PGPASSWORD").unwrap_or_default(),
            ),
            ("SALUDYA_NOW", env.now.clone()),
            ("TERM", "xterm-256color".to_string()),
        ];
        let mut cmd = String::from("env -i");
        for (k, v) in vars {
            cmd.push_str(&format!(" {k}={}", quote(&v)));
        }
        for (k, v) in extra {
            cmd.push_str(&format!(" {k}={}", quote(v)));
        }
        cmd.push(' ');
        cmd.push_str(&quote(env!("CARGO_BIN_EXE_saludya")));
        for a in args {
            cmd.push(' ');
            cmd.push_str(&quote(a));
        }
        cmd.push_str("; echo \"[exit=$?]\"; ");
        if !after.is_empty() {
            cmd.push_str(after);
            cmd.push_str("; ");
        }
        cmd.push_str("sleep 600");
        let t = Tmux { socket };
        let out = t
            .tmux()
            .args([
                "new-session",
                "-d",
                "-s",
                "desk",
                "-x",
                &w.to_string(),
                "-y",
                &h.to_string(),
            ])
            .arg(cmd)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "tmux: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        t
    }

    fn tmux(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket, "-f", "/dev/null"]);
        c
    }

    /// Types text literally.
    fn text(&self, text: &str) {
        let out = self
            .tmux()
            .args(["send-keys", "-t", "desk", "-l", text])
            .output()
            .unwrap();
        assert!(out.status.success());
    }

    /// Presses one named key ("Enter", "Escape", "C-c", "F3"...). Escape is sent alone and
    /// given a moment so it is not read as Alt with the next key.
    fn key(&self, name: &str) {
        let out = self
            .tmux()
            .args(["send-keys", "-t", "desk", name])
            .output()
            .unwrap();
        assert!(out.status.success());
        if name == "Escape" {
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    /// Pastes `text` the way a terminal does when the program asked for bracketed paste
    /// (`paste-buffer -p`: the text between the paste markers; line feeds sent as CR, like a
    /// terminal's paste). Without that request tmux types it as plain keys.
    fn paste(&self, text: &str) {
        let out = self
            .tmux()
            .args(["set-buffer", "-b", "clip", "--", text])
            .output()
            .unwrap();
        assert!(out.status.success());
        let out = self
            .tmux()
            .args(["paste-buffer", "-p", "-b", "clip", "-t", "desk"])
            .output()
            .unwrap();
        assert!(out.status.success());
    }

    fn screen(&self) -> String {
        let out = self
            .tmux()
            .args(["capture-pane", "-p", "-t", "desk"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `needle` (the program answers asynchronously).
    #[track_caller]
    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(needle) {
                return screen;
            }
            if start.elapsed() > Duration::from_secs(20) {
                panic!("the screen never showed {needle:?}; it shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux().arg("kill-server").output();
    }
}

fn skip_without_tmux() -> bool {
    if tmux_available() {
        return false;
    }
    eprintln!("SKIPPED: tmux is not installed; the pseudo-terminal test needs it (.ci/run installs it).");
    true
}

fn query(env: &Env, sql: &str) -> String {
    env.sql_one(sql, &[])
}

#[test]
fn tui_logs_in_and_quits_restoring_the_terminal_and_closing_its_session() {
    if skip_without_tmux() {
        return;
    }
    let env = Env::admin();
    let t = Tmux::start(&env, &["tui"], 80, 24);
    let screen = t.wait_for("Contraseña:");
    assert!(
        screen.contains("admin@clinica.pe"),
        "the last e-mail is offered:\n{screen}"
    );
    t.text(ADMIN_PW);
    let screen = t.screen();
    assert!(
        !screen.contains(ADMIN_PW),
        "the password is never shown:\n{screen}"
    );
    t.key("Enter");
    t.wait_for("F2 Hoy");
    t.key("C-c");
    let screen = t.wait_for("[exit=0]");
    assert!(
        !screen.contains("F2 Inicio"),
        "the alternate screen is left:\n{screen}"
    );
    let open = query(
        &env,
        "SELECT CAST(COUNT(*) AS TEXT) FROM auth_sessions WHERE revoked_at IS NULL",
    );
    assert_eq!(
        open, "1",
        "only the CLI session stays open; the TUI closed its own"
    );
}

/// A panic inside the loop (raw mode, alternate screen) gives the terminal back: the panic hook
/// leaves the alternate screen and raw mode before the message is printed. Proven on the real
/// binary in a real pseudo-terminal, because what matters is the terminal's state afterwards
/// (`stty -a` run by the shell right after), which a fake writer cannot show. The panic key
/// (F12 with `SALUDYA_TUI_TEST_PANIC`) exists in debug builds only.
#[cfg(debug_assertions)]
#[test]
fn a_panic_restores_the_terminal() {
    if skip_without_tmux() {
        return;
    }
    let env = Env::admin();
    let t = Tmux::start_with(
        &env,
        &["tui"],
        80,
        24,
        &[("SALUDYA_TUI_TEST_PANIC", "1"), ("RUST_BACKTRACE", "0")],
        &format!(
            "stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?(icanon|echo|isig|opost)' | tr '\\n' ' '; echo '[stty]'; {READ_A_PASTE}"
        ),
    );
    t.wait_for("Contraseña:");
    t.key("F12");
    let screen = t.wait_for("[stty]");
    assert!(
        !screen.contains("Contraseña:"),
        "the alternate screen is left:\n{screen}"
    );
    // The message, then the exit code, then the terminal modes, in that order: the cursor was
    // not sent back over the message (a second "leave the alternate screen" would do that).
    let lines: Vec<&str> = screen.lines().collect();
    let at = |needle: &str| {
        lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle:?} in:\n{screen}"))
    };
    let (message, exit, stty) = (at("test panic"), at("[exit=101]"), at("[stty]"));
    assert!(message < exit && exit < stty, "{screen}");
    let mut modes: Vec<&str> = lines[stty]
        .split_whitespace()
        .filter(|w| *w != "[stty]")
        .collect();
    modes.sort_unstable();
    assert_eq!(
        modes,
        ["echo", "icanon", "isig", "opost"],
        "cooked mode again (not raw):\n{screen}"
    );
    t.paste("hola");
    t.key("Enter");
    let screen = t.wait_for("[read=");
    assert!(
        screen.contains("[read=hola]"),
        "bracketed paste is off again:\n{screen}"
    );
}

/// After the program, the shell reads one line and prints it with `cat -v`: a paste then shows
/// the bracketed-paste markers (`^[[200~`) if the program left the mode on.
const READ_A_PASTE: &str = "IFS= read -r l; printf '[read=%s]\\n' \"$l\" | cat -v";

/// The issue's blocker, on the real binary in a real terminal: a two-line message pasted into
/// the complaint is text (not Enter, not commands), a paste where there is no text field is
/// ignored with a note, and on quitting the terminal is out of bracketed-paste mode again.
#[test]
fn a_paste_is_text_never_keys_and_the_mode_is_left_on_exit() {
    if skip_without_tmux() {
        return;
    }
    let env = Env::admin();
    env.run(&[
        "patient",
        "add",
        "--dni",
        "45678912",
        "--first-name",
        "Ana María",
        "--last-name",
        "García Pérez",
        "--birth-date",
        "1990-05-10",
        "--sex",
        "f",
    ])
    .ok();
    let t = Tmux::start_with(&env, &["tui"], 100, 30, &[], READ_A_PASTE);
    t.wait_for("Contraseña:");
    t.paste(ADMIN_PW);
    t.key("Enter");
    t.wait_for("Buscar (DNI o nombre)");
    // Booking's list of doctors has no text field: the paste (its newlines would be Enter,
    // which takes the earliest slot) is ignored and said so.
    t.key("F5");
    t.wait_for("escriba para filtrar las especialidades");
    t.key("Enter");
    t.wait_for("Primer turno libre");
    t.paste("e\n\n");
    t.wait_for("Se ignoró lo pegado");
    assert!(!t.screen().contains("Confirmar la reserva"));
    t.key("F3");
    t.wait_for("Buscar (DNI o nombre)");
    t.paste("45678912\n");
    t.wait_for("García Pérez, Ana María");
    assert!(
        !t.screen().contains("Consulta:"),
        "the pasted newline chose nobody"
    );
    t.key("Enter");
    t.wait_for("Consulta:");
    t.paste("me duele la garganta desde ayer\nbe e s y");
    let screen = t.wait_for("desde ayer be e s y");
    assert!(!screen.contains("Recomendada"), "not oriented:\n{screen}");
    assert!(!screen.contains("Confirmar"), "{screen}");
    t.key("C-u");
    t.key("C-c");
    t.wait_for("[exit=0]");
    t.paste("hola");
    t.key("Enter");
    let screen = t.wait_for("[read=");
    assert!(
        screen.contains("[read=hola]"),
        "bracketed paste is off again:\n{screen}"
    );
    let counts = query(
        &env,
        "SELECT (SELECT COUNT(*) FROM ai_queries) || ' ' || (SELECT COUNT(*) FROM appointment_appointments)",
    );
    assert_eq!(counts, "0 0", "nothing oriented, nothing booked");
}

#[test]
fn tui_refuses_to_run_without_a_terminal() {
    let env = Env::admin();
    let out = env.run(&["tui"]);
    out.code(2);
    assert!(out.stderr.contains("terminal"), "{}", out.stderr);
}

/// The keys of the whole counter flow, as a receptionist types them. Text is typed as text;
/// every other entry is one key press. (The count is reported by the benchmark notes.)
const COMPLAINT: &str = "tengo manchas en la piel que me pican hace dos semanas";

#[test]
fn a_receptionist_books_and_charges_a_patient_end_to_end() {
    if skip_without_tmux() {
        return;
    }
    let env = Env::admin();
    env.run(&[
        "patient",
        "add",
        "--dni",
        "45678912",
        "--first-name",
        "Ana María",
        "--last-name",
        "García Pérez",
        "--birth-date",
        "1990-05-10",
        "--sex",
        "f",
    ])
    .ok();
    let t = Tmux::start(&env, &["tui"], 120, 40);
    // Log in: the e-mail is already there, only the password is typed.
    t.wait_for("Contraseña:");
    t.text(ADMIN_PW);
    t.key("Enter");
    // Find the patient by DNI; Enter puts them at the counter and opens the orientation.
    t.wait_for("Buscar (DNI o nombre)");
    t.text("45678912");
    t.wait_for("García Pérez, Ana María");
    t.key("Enter");
    // Orient the complaint (age and sex come from the patient).
    t.wait_for("Consulta:");
    t.text(COMPLAINT);
    t.key("Enter");
    t.wait_for("Dermatología");
    // Book the recommended specialty's earliest slot: Enter, Enter (the first row), Enter.
    t.key("Enter");
    t.wait_for("Primer turno libre");
    t.key("Enter");
    t.wait_for("Confirmar la reserva");
    t.key("Enter");
    // Pay cash, the exact amount: Enter (cash), Enter (pay).
    t.wait_for("Medio de pago:");
    t.key("Enter");
    t.wait_for("Entrega:");
    t.key("Enter");
    t.wait_for("Comprobante");
    t.key("C-c");
    t.wait_for("[exit=0]");

    let row = &env.sql(
        "SELECT a.status, a.specialty, a.orientation_id, p.doc_number
         FROM appointment_appointments a JOIN user_patients p ON p.id = a.patient_id",
        &[],
    )[0];
    let text = |i: usize| row[i].clone().unwrap_or_default();
    assert_eq!(text(0), "confirmed");
    assert_eq!(text(1), "Dermatología");
    assert_eq!(text(3), "45678912");
    let orientation = row[2].clone().expect("linked to the orientation query");
    let query_row = &env.sql(
        "SELECT q.text, q.specialty, p.doc_number FROM ai_queries q JOIN user_patients p ON p.id = q.patient_id
         WHERE q.id = $1",
        &[&orientation],
    )[0];
    assert_eq!(query_row[0].as_deref(), Some(COMPLAINT));
    assert_eq!(query_row[1].as_deref(), Some("Dermatología"));
    assert_eq!(query_row[2].as_deref(), Some("45678912"));
    let paid = &env.sql(
        "SELECT y.method, y.kind, y.status, y.amount_cents, a.price_cents
         FROM payment_payments y JOIN appointment_appointments a ON a.id = y.appointment_id",
        &[],
    )[0];
    assert_eq!(
        (paid[0].as_deref(), paid[1].as_deref(), paid[2].as_deref()),
        (Some("cash"), Some("payment"), Some("succeeded"))
    );
    assert_eq!(paid[3], paid[4], "charged the appointment's price");
}

/// `NO_COLOR` and `--color never` (issue 15): the screens carry no colour, only bold/reverse;
/// without them the title bar is coloured.
#[test]
fn no_color_draws_every_screen_without_colours() {
    if skip_without_tmux() {
        return;
    }
    let env = Env::admin();
    // Whether any SGR sequence sets a colour (30-37, 38;…, 40-47, 48;…, 90-97, 100-107);
    // 39/49 (the terminal's own) and bold/underline/reverse are not colours.
    let coloured_code = |screen: &str| {
        screen.split("\x1b[").skip(1).any(|seq| {
            let params = seq.split('m').next().unwrap_or("");
            params
                .split(';')
                .any(|p| matches!(p.parse::<u32>(), Ok(30..=38 | 40..=48 | 90..=97 | 100..=107)))
        })
    };
    let styled = |t: &Tmux| {
        let out = t
            .tmux()
            .args(["capture-pane", "-e", "-p", "-t", "desk"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    for (args, extra) in [
        (&["tui"][..], &[("NO_COLOR", "1")][..]),
        (&["--color", "never", "tui"][..], &[][..]),
    ] {
        // A tmux server (socket) per environment: a new one on a socket just killed may fail.
        let env = Env::admin();
        let t = Tmux::start_with(&env, args, 80, 24, extra, "");
        t.wait_for("Contraseña:");
        let screen = styled(&t);
        assert!(!coloured_code(&screen), "{args:?} {extra:?}: {screen:?}");
        assert!(
            screen.contains("\x1b[1;7m") || screen.contains("\x1b[7m"),
            "the title still stands out: {screen:?}"
        );
    }
    let t = Tmux::start(&env, &["tui"], 80, 24);
    t.wait_for("Contraseña:");
    assert!(coloured_code(&styled(&t)));
}

/// Tables on a real terminal at 80 and 100 columns (issue 15): nothing wider than the
/// terminal, every id whole, the hidden columns said once.
#[test]
fn tables_fit_a_real_terminal_at_80_and_100_columns() {
    if skip_without_tmux() {
        return;
    }
    for width in [80u16, 100] {
        // A tmux server (socket) per environment: a new one on a socket just killed may fail.
        let env = Env::admin();
        let ids: Vec<String> = env
            .run("--format json doctor list --specialty pediatria")
            .ok()
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_string())
            .collect();
        let t = Tmux::start(&env, &["doctor", "list", "--specialty", "pediatria"], width, 30);
        let screen = t.wait_for("[exit=0]");
        let table: Vec<&str> = screen
            .lines()
            .filter(|l| l.starts_with(['┌', '│', '╞', '└']))
            .collect();
        assert_eq!(table.len(), 3 + ids.len() + 1, "{screen}");
        for line in &table {
            assert!(
                unicode_width::UnicodeWidthStr::width(*line) <= usize::from(width),
                "{width}: {line}"
            );
        }
        for id in &ids {
            assert!(screen.contains(id.as_str()), "{width}: {id} whole in\n{screen}");
        }
        assert_eq!(screen.matches("columnas ocultas").count(), 1, "{screen}");
    }
}

/// F6 Resumen in a real terminal, in both languages and at three sizes: the chart, the gauges,
/// the takings and the sparkline are there, ←→ change the day and Ctrl-T comes back.
#[test]
fn the_summary_tab_in_a_real_terminal() {
    if skip_without_tmux() {
        return;
    }
    for (lang, w, h, words) in [
        (
            "es",
            80,
            24,
            [
                "Citas por médico",
                "Caja del día",
                "S/ 60.00",
                "Inasistencia",
                "martes 3 de marzo",
            ],
        ),
        (
            "en",
            100,
            30,
            [
                "Appointments per doctor",
                "The day's takings",
                "S/ 60.00",
                "No-show rate",
                "Tuesday 3 March",
            ],
        ),
        (
            "es",
            120,
            40,
            [
                "Ocupación del horario",
                "R.Quispe",
                "S/ 60.00",
                "Inasistencia",
                "martes 3 de marzo",
            ],
        ),
    ] {
        // A tmux server per environment (its socket is named after the test's folder).
        let env = Env::admin();
        env.run("patient add --dni 45678912 --first-name Ana --last-name Quispe --phone 987654321")
            .ok();
        let booked = env.run(
            "--format json appointment book --patient 45678912 --doctor \"rosa elena\" --at \"2026-03-02 10:00\"",
        );
        let id = booked.ok().json()["id"].as_str().unwrap().to_string();
        env.run(&format!("pay {id} --method cash")).ok();
        let t = Tmux::start(&env, &["--lang", lang, "tui"], w, h);
        t.wait_for(if lang == "es" { "Contraseña:" } else { "Password:" });
        t.text(ADMIN_PW);
        t.key("Enter");
        t.wait_for("F6");
        t.key("F6");
        // The frame arrives row by row: wait for each part in turn.
        for word in &words[..4] {
            t.wait_for(word);
        }
        t.key("Right");
        t.wait_for(words[4]);
        t.key("C-t");
        t.wait_for(words[2]);
        t.key("C-c");
        t.wait_for("[exit=0]");
    }
}
