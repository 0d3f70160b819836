//! The scripting interface: global flags, one file per command group, output formats.
//! Each command parses its raw arguments into validated domain inputs, then calls the domain.

mod appointment;
pub mod argv;
mod audit;
mod auth;
mod backup;
mod batch;
mod catalog;
pub mod color;
pub mod config;
mod db;
mod demo;
pub mod errors;
mod export;
pub mod help;
mod help_en;
mod ics;
mod man;
mod orient;
pub mod output;
mod patient;
mod payment;
pub mod progress;
mod reminders;
mod report;
mod secret;
mod session_file;
mod settings;
pub mod sink;
mod slots;
mod tui;
mod waitlist;

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub use output::Format;

use crate::clock::Clock;
use crate::domain::auth::Staff;
use crate::domain::catalog::settings::Settings;
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Text};

const AFTER_HELP: &str = "\
Ejemplos:
  saludya demo                                   base de demostración y la interfaz de recepción
  saludya init --admin-email admin@clinica.pe    crear la base y el primer administrador
  saludya login --email ana@clinica.pe
  saludya patient search garcia
  saludya doctor list --specialty cardiologia --sort rating
  saludya --format json specialty list

Códigos de salida: 0 ok · 1 error interno · 2 entrada no válida
· 3 sin sesión o sin permiso · 4 no encontrado · 5 conflicto · 6 pago rechazado";

/// SaludYa: la recepción de la clínica en un solo programa, sin conexión.
#[derive(Debug, Parser)]
#[command(name = "saludya", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    /// Archivo de base de datos (por defecto en el directorio de datos del usuario), o una base
    /// PostgreSQL: postgres://USUARIO@SERVIDOR/BASE (la contraseña, en ~/.pgpass o PGPASSWORD)
    #[arg(
        long,
        global = true,
        env = "SALUDYA_DB",
        hide_env_values = true,
        value_name = "PATH"
    )]
    pub db: Option<PathBuf>,

    /// Formato de salida (por defecto: table)
    #[arg(long, global = true, value_enum)]
    pub format: Option<Format>,

    /// Idioma de los mensajes: es | en (por defecto el de la clínica)
    #[arg(
        long,
        global = true,
        env = "SALUDYA_LANG",
        hide_env_values = true,
        value_parser = ["es", "en"]
    )]
    pub lang: Option<String>,

    /// Silencioso: sin mensajes informativos en stderr
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Tablas con todas las columnas enteras, aunque no quepan en la terminal
    #[arg(long, global = true)]
    pub wide: bool,

    /// Colores en la terminal: auto (no con NO_COLOR), always, never
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = color::ColorChoice::Auto)]
    pub color: color::ColorChoice,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Crea la base de datos, aplica migraciones, carga el catálogo y el primer administrador
    #[command(
        after_help = "Ejemplos:\n  saludya init --admin-email admin@clinica.pe --admin-name \"Ana Torres\"\n  saludya init --admin-email admin@clinica.pe --password-stdin < clave.txt"
    )]
    Init(auth::InitArgs),
    /// Inicia sesión (la contraseña por --password-stdin o en un aviso oculto)
    #[command(
        after_help = "Ejemplos:\n  saludya login --email ana@clinica.pe\n  saludya login --email ana@clinica.pe --password-stdin < clave.txt"
    )]
    Login(auth::LoginArgs),
    /// Cierra la sesión actual
    #[command(after_help = "Ejemplo:\n  saludya logout")]
    Logout,
    /// Muestra quién tiene la sesión abierta
    #[command(after_help = "Ejemplos:\n  saludya whoami\n  saludya --format json whoami")]
    Whoami,
    /// Cuentas del personal (solo admin)
    #[command(
        subcommand,
        after_help = "Ejemplos:\n  saludya staff add --email rosa@clinica.pe --role receptionist --name \"Rosa Quispe\"\n  saludya staff list\n  saludya staff disable rosa@clinica.pe"
    )]
    Staff(auth::StaffCommand),
    /// Ajustes de la clínica (nombre, zona horaria, moneda, idioma, duración de la sesión)
    #[command(
        subcommand,
        after_help = "Ejemplos:\n  saludya settings show\n  saludya settings set clinic_name \"Clínica San Martín\"\n  saludya settings set idle_lock_minutes 10"
    )]
    Settings(settings::SettingsCommand),
    /// Genera el autocompletado para bash, zsh o fish
    #[command(
        after_help = "Ejemplos:\n  saludya completions bash > ~/.local/share/bash-completion/completions/saludya\n  saludya completions zsh > ~/.zfunc/_saludya\n  saludya completions fish > ~/.config/fish/completions/saludya.fish"
    )]
    Completions(settings::CompletionsArgs),
    /// Página de manual (roff) de saludya o de un comando, en el idioma del lector
    #[command(after_help = man::EXAMPLES)]
    Man(man::ManArgs),
    /// Copia de seguridad consistente de la base (`backup ARCHIVO`) y su verificación (`backup check`)
    #[command(after_help = backup::EXAMPLES)]
    Backup(backup::BackupArgs),
    /// Restaura una copia hecha con `saludya backup` (guarda aparte la base anterior)
    #[command(after_help = backup::RESTORE_EXAMPLES)]
    Restore(backup::RestoreArgs),
    /// Verificación rápida de la base en uso (PRAGMA quick_check); código 1 si está dañada
    #[command(after_help = "Ejemplos:\n  saludya check\n  saludya --db /ruta/clinica.db check --format json")]
    Check,
    /// La base de datos: copiar una clínica entera entre SQLite y PostgreSQL
    #[command(subcommand, after_help = db::EXAMPLES)]
    Db(db::DbCommand),
    /// Base de demostración con catálogo, cuentas de prueba y pacientes de ejemplo
    #[command(after_help = demo::EXAMPLES)]
    Demo(demo::DemoArgs),
    /// Pacientes: registrar, ver, editar, buscar y listar
    #[command(subcommand, after_help = patient::EXAMPLES)]
    Patient(patient::PatientCommand),
    /// Especialidades de la clínica
    #[command(
        subcommand,
        after_help = "Ejemplos:\n  saludya specialty list\n  saludya --format json specialty list"
    )]
    Specialty(catalog::SpecialtyCommand),
    /// Médicos: lista, ficha, alta, cambios, horario semanal y descansos
    #[command(
        subcommand,
        after_help = "Ejemplos:\n  saludya doctor list --specialty cardiologia --sort rating\n  saludya doctor show quispe\n  saludya doctor time-off quispe --from \"2026-03-09 00:00\" --to \"2026-03-14 00:00\" --reason congreso"
    )]
    Doctor(catalog::DoctorCommand),
    /// Horarios libres de un médico o de una especialidad, del más próximo al más lejano
    Slots(slots::SlotsArgs),
    /// Citas: reservar, ver, agenda, historial, reprogramar, cancelar, llegada, atendida, no asistió
    #[command(subcommand, after_help = appointment::EXAMPLES)]
    Appointment(appointment::AppointmentCommand),
    /// Lista de espera: pacientes que esperan una hora de una especialidad o de un médico
    #[command(subcommand, after_help = waitlist::EXAMPLES)]
    Waitlist(waitlist::WaitlistCommand),
    /// Interfaz de recepción en la terminal (también: sin comando, en una terminal)
    #[command(after_help = "Ejemplos:\n  saludya tui\n  saludya --db /srv/clinica/saludya.db tui")]
    Tui,
    /// Orienta una queja hacia una especialidad (o avisa de una emergencia)
    Orient(orient::OrientArgs),
    /// Cobra una cita (tarjeta, efectivo, transferencia, Yape o Plin) y la confirma
    Pay(payment::PayArgs),
    /// Pagos: ver, listar con el cierre de caja por medio de pago, devolver (admin)
    #[command(subcommand, after_help = payment::EXAMPLES)]
    Payment(payment::PaymentCommand),
    /// Exporta la agenda (CSV para Excel o JSON lines)
    #[command(
        subcommand,
        after_help = "Ejemplos:\n  saludya export appointments --from 2026-03-01 --to 2026-03-31 > marzo.csv\n  saludya --format json export appointments --status completed\n  saludya export ics --doctor quispe --from 2026-03-02 --to 2026-03-31 -o quispe.ics"
    )]
    Export(export::ExportCommand),
    /// Recordatorios: los pacientes de un día a llamar o escribir, con mensaje y enlace de WhatsApp
    Reminders(reminders::RemindersArgs),
    /// Informes: el día de un vistazo (citas por médico, ocupación, caja, inasistencia)
    #[command(subcommand, after_help = report::EXAMPLES)]
    Report(report::ReportCommand),
    /// Registro de auditoría a prueba de alteraciones: ver los cambios y verificar la cadena (solo admin)
    #[command(subcommand, after_help = audit::EXAMPLES)]
    Audit(audit::AuditCommand),
    /// Muchos comandos en un solo proceso, para scripts: una línea JSON por comando en la entrada, una respuesta JSON por línea en la salida
    #[command(after_help = batch::EXAMPLES)]
    Batch,
}

/// What every command gets: the global flags, resolved.
pub struct Ctx {
    pub db_path: PathBuf,
    /// The database was named by `--db` or `SALUDYA_DB` (not the default path).
    pub db_explicit: bool,
    pub format: Format,
    pub lang: Lang,
    lang_forced: bool,
    pub quiet: bool,
    /// `--wide`: tables show every column whole, whatever the terminal's width.
    pub wide: bool,
    /// `--color` (with `NO_COLOR`): see [`color::ColorChoice::on`].
    pub color: color::ColorChoice,
    /// The command is `demo` (a database it creates is a demo database: see `Clock::from_env`).
    pub demo_command: bool,
    /// A config file that is not valid: the command stops with it before doing anything.
    config_error: Option<AppError>,
}

/// The clinic's open database with its settings and clock (the storage door itself is
/// [`crate::db::Db`]).
pub struct Clinic {
    pub conn: crate::db::Db,
    pub settings: Settings,
    pub clock: Clock,
}

/// An open database and the logged-in staff member: a [`Clinic`] with a checked session (it
/// dereferences to the `Clinic`). The one `Desk` of the program is the TUI's (`crate::tui::app`).
pub struct LoggedIn {
    pub db: Clinic,
    pub staff: Staff,
}

impl std::ops::Deref for LoggedIn {
    type Target = Clinic;
    fn deref(&self) -> &Clinic {
        &self.db
    }
}

impl std::ops::DerefMut for LoggedIn {
    fn deref_mut(&mut self) -> &mut Clinic {
        &mut self.db
    }
}

impl Ctx {
    /// The global flags, then the environment (clap read both), then the config file
    /// ([`config`]), then the defaults.
    pub fn from_cli(cli: &Cli) -> Ctx {
        let (file, config_error) = match config::load() {
            Ok(c) => (c, None),
            Err(e) => (config::Config::default(), Some(e)),
        };
        let forced = cli.lang.as_deref().and_then(Lang::parse).or(file.language);
        Ctx {
            db_path: cli
                .db
                .clone()
                .or(file.database)
                .unwrap_or_else(crate::db::default_path),
            // Only --db / SALUDYA_DB: `demo` keeps to its own file whatever the config says.
            db_explicit: cli.db.is_some(),
            format: cli.format.or(file.format).unwrap_or(Format::Table),
            lang: forced.unwrap_or_default(),
            lang_forced: forced.is_some(),
            quiet: cli.quiet,
            wide: cli.wide,
            color: cli.color,
            demo_command: false,
            config_error,
        }
    }

    /// A message for the human at stderr (suppressed by `-q`).
    pub fn note(&self, msg: &str) {
        if !self.quiet {
            stderr_line(msg);
        }
    }

    /// A bilingual message for the human at stderr.
    pub fn tell(&self, text: &Text) {
        self.note(text.get(self.lang));
    }

    pub fn say(&self, es: &str, en: &str) {
        self.note(self.lang.pick(es, en));
    }

    fn adopt(&mut self, conn: crate::db::Db) -> AppResult<Clinic> {
        let settings = crate::domain::catalog::settings::load(&conn)?;
        if !self.lang_forced {
            self.lang = settings.language;
        }
        let demo_command = self.demo_command;
        let clock = Clock::from_env(settings.time_zone, || demo::is_demo_database(&conn, demo_command))?;
        let seed = crate::clock::seed_from_env(|| demo::is_demo_database(&conn, demo_command))?;
        crate::ids::install(clock, seed);
        Ok(Clinic {
            conn,
            settings,
            clock,
        })
    }

    /// Opens the existing database (no login needed).
    pub fn open(&mut self) -> AppResult<Clinic> {
        let conn = crate::db::open_with(&self.db_path, &secret::database_password(self.lang))?;
        let db = self.adopt(conn)?;
        if crate::db::files::opened_read_only_on_full_disk() {
            self.tell(&crate::tr!(
                "aviso: el disco de {} está lleno; la base se abrió solo para leer (no se puede guardar nada hasta liberar espacio).",
                "warning: the disk of {} is full; the database was opened read-only (nothing can be saved until space is freed).",
                self.db_path.display()
            ));
        }
        if crate::db::readable_by_others(&self.db_path) {
            self.tell(&crate::tr!(
                "aviso: otros usuarios de esta máquina pueden leer {} (datos de pacientes); restrínjalo con `chmod 600`.",
                "warning: other users of this machine can read {} (patients' data); restrict it with `chmod 600`.",
                self.db_path.display()
            ));
        }
        Ok(db)
    }

    /// Creates (if needed) and opens the database.
    pub fn create(&mut self) -> AppResult<Clinic> {
        let conn = crate::db::create_with(&self.db_path, &secret::database_password(self.lang))?;
        self.adopt(conn)
    }

    /// Opens the database there, or creates it where nothing exists (the demo).
    pub fn open_or_create(&mut self) -> AppResult<(Clinic, bool)> {
        let (conn, created) =
            crate::db::open_or_create_with(&self.db_path, &secret::database_password(self.lang))?;
        Ok((self.adopt(conn)?, created))
    }

    /// Opens the database and checks the session.
    pub fn desk(&mut self) -> AppResult<LoggedIn> {
        let db = self.open()?;
        let token = session_file::load(&self.db_path)?.unwrap_or_default();
        let staff = crate::domain::auth::validate_token(&db.conn, &token, db.clock.now())?;
        Ok(LoggedIn { db, staff })
    }

    /// Opens the database and checks that an admin is logged in.
    pub fn admin_desk(&mut self) -> AppResult<LoggedIn> {
        let desk = self.desk()?;
        desk.staff.require_admin()?;
        Ok(desk)
    }
}

/// Runs a parsed command line. A typed domain error gets the CLI's hint here ([`errors::hinted`]).
pub fn run(cli: Cli, ctx: &mut Ctx) -> AppResult<()> {
    if let Some(e) = ctx.config_error.take() {
        return Err(e);
    }
    run_command(cli, ctx).map_err(errors::hinted)
}

fn run_command(cli: Cli, ctx: &mut Ctx) -> AppResult<()> {
    let Some(command) = cli.command else {
        if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
            return tui::run(ctx);
        }
        return Err(AppError::invalid(Text::new(
            "Indique un comando; vea `saludya --help`.",
            "Give a command; see `saludya --help`.",
        )));
    };
    match command {
        Command::Init(args) => auth::init(ctx, args),
        Command::Login(args) => auth::login(ctx, args),
        Command::Logout => auth::logout(ctx),
        Command::Whoami => auth::whoami(ctx),
        Command::Staff(cmd) => auth::staff(ctx, cmd),
        Command::Settings(cmd) => settings::run(ctx, cmd),
        Command::Completions(args) => settings::completions(ctx, args),
        Command::Man(args) => man::run(ctx, args),
        Command::Patient(cmd) => patient::run(ctx, cmd),
        Command::Db(cmd) => db::run(ctx, cmd),
        Command::Demo(args) => demo::run(ctx, args),
        Command::Backup(args) => backup::run(ctx, args),
        Command::Restore(args) => backup::restore(ctx, args),
        Command::Check => backup::check_in_use(ctx),
        Command::Specialty(cmd) => catalog::specialty(ctx, cmd),
        Command::Doctor(cmd) => catalog::doctor(ctx, cmd),
        Command::Slots(args) => slots::run(ctx, args),
        Command::Appointment(cmd) => appointment::run(ctx, cmd),
        Command::Waitlist(cmd) => waitlist::run(ctx, cmd),
        Command::Tui => tui::run(ctx),
        Command::Orient(args) => orient::run(ctx, args),
        Command::Pay(args) => payment::pay(ctx, args),
        Command::Payment(cmd) => payment::run(ctx, cmd),
        Command::Export(cmd) => export::run(ctx, cmd),
        Command::Reminders(args) => reminders::run(ctx, args),
        Command::Report(cmd) => report::run(ctx, cmd),
        Command::Audit(cmd) => audit::run(ctx, cmd),
        Command::Batch => batch::run(
            ctx,
            &batch::Defaults::from_args(&std::env::args_os().collect::<Vec<_>>()),
        ),
    }
}

/// The value of a global flag in the raw command line (`--flag VALUE` or `--flag=VALUE`, before
/// `--`), for what must be known before clap parses: the language of the help, its colours.
pub fn raw_flag(args: &[std::ffi::OsString], flag: &str) -> Option<String> {
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    let with_eq = format!("{flag}=");
    while let Some(w) = words.next() {
        if w == "--" {
            return None;
        }
        if w == flag {
            return words.next().map(|v| v.into_owned());
        }
        if let Some(v) = w.strip_prefix(&with_eq) {
            return Some(v.to_string());
        }
    }
    None
}

/// The language of the help and of clap's messages, before anything is parsed: `--lang`,
/// `SALUDYA_LANG`, the config file, else the clinic's language when its database exists, else
/// Spanish.
pub fn help_lang(args: &[std::ffi::OsString]) -> Lang {
    if let Some(lang) = raw_flag(args, "--lang").as_deref().and_then(Lang::parse) {
        return lang;
    }
    if let Some(lang) = std::env::var("SALUDYA_LANG")
        .ok()
        .as_deref()
        .and_then(Lang::parse)
    {
        return lang;
    }
    // A config file that is not valid is reported by the command, not by its help.
    let file = config::load().unwrap_or_default();
    if let Some(lang) = file.language {
        return lang;
    }
    let db_path = raw_flag(args, "--db")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("SALUDYA_DB").map(PathBuf::from))
        .or(file.database)
        .unwrap_or_else(crate::db::default_path);
    if !db_path.is_file() && !crate::db::is_postgres(&db_path) {
        return Lang::default();
    }
    crate::db::open(&db_path)
        .and_then(|conn| crate::domain::catalog::settings::load(&conn))
        .map(|s| s.language)
        .unwrap_or_default()
}

/// One command line, start to end, as `main` runs it: parsed, run, its error reported; the
/// exit code. `saludya batch` runs each of its lines through here.
pub fn execute(args: &[std::ffi::OsString]) -> u8 {
    let cli = match argv::parse(args) {
        Ok(cli) => cli,
        // --help / --version (stdout, 0) or a usage error (stderr, 2), in the reader's language.
        Err(e) => return clap_failure(e, args),
    };
    let mut ctx = Ctx::from_cli(&cli);
    match run(cli, &mut ctx) {
        Ok(()) => 0,
        Err(err) => {
            if err.kind != crate::error::Kind::PipeClosed {
                report_error(&ctx, &err);
            }
            err.kind.exit_code()
        }
    }
}

/// What clap did instead of parsing: `--help`/`--version` (printed on stdout, exit 0) or a usage
/// error (stderr, exit 2; the JSON error object with `--format json`). Both are rendered again by
/// the command tree in the reader's language ([`help_lang`]).
pub fn clap_failure(e: clap::Error, args: &[std::ffi::OsString]) -> u8 {
    if e.kind() == clap::error::ErrorKind::DisplayVersion {
        // "saludya 0.1.0": no words to translate, and no config file or database to read.
        // Building the localized command tree for it was ~5.8 M of its 6.9 M instructions
        // (start-up is measured on `--version`).
        use std::io::Write;
        let _ = crate::cli::sink::stdout().write_all(e.render().to_string().as_bytes());
        return 0;
    }
    let lang = help_lang(args);
    let e = match help::command(lang).try_get_matches_from(args) {
        Err(localized) if localized.kind() == e.kind() => localized,
        _ => e,
    };
    let on_stderr = e.use_stderr();
    if on_stderr && json_requested(args.iter().cloned()) {
        stderr_line(&usage_error_json(&e, lang));
        return 2;
    }
    let rendered = e.render();
    let colored = if on_stderr {
        color::choice_from_args(args).on(color::Stream::Stderr)
    } else {
        color::choice_from_args(args).on(color::Stream::Stdout)
    };
    let text = help::finish(
        if colored {
            rendered.ansi().to_string()
        } else {
            rendered.to_string()
        },
        lang,
    );
    use std::io::Write;
    if on_stderr {
        let mut err = crate::cli::sink::stderr();
        let _ = err.write_all(text.as_bytes());
        // A bad language from the environment, not typed: say where it came from.
        if e.kind() == clap::error::ErrorKind::InvalidValue
            && std::env::var("SALUDYA_LANG")
                .is_ok_and(|v| Lang::parse(&v).is_none() && text.contains(&format!("'{v}'")))
        {
            let _ = writeln!(
                err,
                "{}",
                lang.pick(
                    "(el idioma viene de la variable de entorno SALUDYA_LANG: use es o en)",
                    "(the language comes from the environment variable SALUDYA_LANG: use es or en)"
                )
            );
        }
        2
    } else {
        // A closed pipe (`saludya --help | head`) is not an error.
        let _ = crate::cli::sink::stdout().write_all(text.as_bytes());
        0
    }
}

/// Prints an error the way the format asks: JSON `{"detail", "kind"}` or a sentence and a hint.
/// True when the raw command line asks for `--format json` (clap could not parse it, so there
/// is no `Ctx` yet).
pub fn json_requested(args: impl IntoIterator<Item = std::ffi::OsString>) -> bool {
    let mut args = args.into_iter().map(|a| a.to_string_lossy().into_owned());
    while let Some(a) = args.next() {
        match a.as_str() {
            "--" => return false,
            "--format=json" => return true,
            "--format" => return args.next().as_deref() == Some("json"),
            _ => {}
        }
    }
    false
}

/// A usage error found by clap, as the JSON error object every other error uses on stderr:
/// `{"detail": "...", "kind": "invalid", "hint": "..."}`.
pub fn usage_error_json(e: &clap::Error, lang: Lang) -> String {
    let rendered = help::finish(e.render().to_string(), lang);
    let detail = rendered
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ");
    let detail = detail.strip_prefix("error: ").unwrap_or(&detail);
    serde_json::json!({
        "detail": detail,
        "kind": crate::error::Kind::Invalid.as_str(),
        "hint": "saludya --help",
    })
    .to_string()
}

/// One line of talk on stderr. A closed or full stderr loses the line but never panics
/// (`eprintln!` would, exit 101): the exit code still says what happened.
pub fn stderr_line(line: &str) {
    use std::io::Write;
    let _ = writeln!(crate::cli::sink::stderr(), "{line}");
}

pub fn report_error(ctx: &Ctx, err: &AppError) {
    if ctx.format == Format::Json {
        let mut obj = serde_json::json!({ "detail": err.message(ctx.lang), "kind": err.kind.as_str() });
        if let Some(h) = &err.hint {
            obj["hint"] = serde_json::Value::String(h.get(ctx.lang).to_string());
        }
        stderr_line(&obj.to_string());
    } else {
        let colored = ctx.color.on(color::Stream::Stderr);
        stderr_line(&format!(
            "{} {}",
            color::error("error:", colored),
            err.message(ctx.lang)
        ));
        if let Some(h) = &err.hint {
            stderr_line(&format!(
                "{} {}",
                color::hint(&format!("{}:", ctx.lang.pick("sugerencia", "hint")), colored),
                h.get(ctx.lang)
            ));
        }
    }
}
