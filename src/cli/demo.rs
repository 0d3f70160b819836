//! `saludya demo`: creates (or reuses) a demo database with the clinic's catalog, a demo admin,
//! a demo receptionist and sample patients, then says what to try.
//!
//! Extension points: add a field to [`DemoArgs`] and a step to [`prepare`] (sample
//! appointments), or act on the returned [`Demo`] in [`run`] (open the TUI on a terminal).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::Args;
use serde::Serialize;

use super::output::print_json;
use super::{Clinic, Ctx};
use crate::demo::SampleGen;
use crate::domain::auth::{self, NewStaff, Role, Staff};
use crate::domain::catalog;
use crate::domain::patients;
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::tr;

/// The demo accounts. Their passwords are fixed and public (README): they exist only in demo
/// databases, which [`prepare`] refuses to mix with a real one.
pub const DEMO_ADMIN_EMAIL: &str = "admin@saludya.demo";
pub const DEMO_ADMIN_PASSWORD: &str = "ceviche-de-lima-2026";
pub const DEMO_RECEPTIONIST_EMAIL: &str = "recepcion@saludya.demo";
pub const DEMO_RECEPTIONIST_PASSWORD: &str = "chicha-morada-2026";

pub const EXAMPLES: &str = "\
Ejemplos:
  saludya demo                          base de demostración en el directorio de datos del usuario
  saludya demo --db /tmp/demo.db --patients 100000 --seed 7
  saludya demo --db /tmp/big.db --patients 20000 --appointments 1000000   (volumen para pruebas)

Volver a ejecutarlo reutiliza la base: conserva las cuentas y agrega los pacientes que falten.";

#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// Pacientes de ejemplo que debe tener la base (se agregan solo los que falten)
    #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
    pub patients: u32,
    /// Citas de ejemplo que debe tener la base: historial y reservas futuras en todos los estados,
    /// con pagos (se agregan solo las que falten; 1 millón tarda segundos en la versión release)
    #[arg(long, default_value_t = 1_000, value_parser = clap::value_parser!(u32).range(0..=10_000_000))]
    pub appointments: u32,
    /// Semilla de los datos de ejemplo: la misma semilla da los mismos pacientes
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
}

/// What `prepare` left in place.
pub struct Demo {
    pub db: Clinic,
    pub path: PathBuf,
    pub created: bool,
    pub admin: Staff,
    pub receptionist: Staff,
    pub patients_added: u32,
    pub patients_total: i64,
    pub appointments_added: usize,
    pub appointments_total: i64,
}

/// True for a demo database: every account is a demo account (`@saludya.demo`, which
/// [`prepare`] refuses to mix with real ones), or no account yet while `demo` creates it.
/// Release builds honour the clock override (`SALUDYA_NOW`) only there.
pub fn is_demo_database(conn: &crate::db::Db, demo_command: bool) -> bool {
    match auth::list_staff(conn) {
        Ok(staff) if staff.is_empty() => demo_command,
        Ok(staff) => staff.iter().all(|s| s.email.ends_with("@saludya.demo")),
        Err(_) => false,
    }
}

/// The summary printed with `--format json` (no passwords: those are in the README and stderr).
#[derive(Debug, Serialize)]
struct Summary {
    db: String,
    created: bool,
    admin_email: String,
    receptionist_email: String,
    specialties: usize,
    doctors: usize,
    patients: i64,
    patients_added: u32,
    appointments: i64,
    appointments_added: usize,
}

/// The demo database path when none was given: `saludya/demo.db` in the user's data directory.
pub fn default_demo_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("saludya")
        .join("demo.db")
}

pub fn run(ctx: &mut Ctx, args: DemoArgs) -> AppResult<()> {
    let demo = prepare(ctx, &args)?;
    let on_terminal = std::io::stdout().is_terminal() && std::io::stdin().is_terminal();
    if on_terminal && ctx.format != super::Format::Json {
        return open_tui(ctx, demo);
    }
    report(ctx, &demo)
}

/// On a terminal the demo opens the reception desk, logged in as the demo receptionist.
fn open_tui(ctx: &Ctx, demo: Demo) -> AppResult<()> {
    let Demo { db, .. } = demo;
    let out = auth::login(
        &db.conn,
        DEMO_RECEPTIONIST_EMAIL,
        DEMO_RECEPTIONIST_PASSWORD,
        db.clock.now(),
        db.settings.session_hours,
    )?;
    let session = crate::tui::Session {
        staff: out.staff,
        token: out.token,
    };
    let colour = ctx.color.on(super::color::Stream::Stdout);
    crate::tui::run_colored(
        crate::tui::App::logged_in(db.conn, db.settings, db.clock, ctx.lang, session),
        colour,
    )
}

/// Creates or reuses the demo database and fills in whatever is missing.
pub fn prepare(ctx: &mut Ctx, args: &DemoArgs) -> AppResult<Demo> {
    if !ctx.db_explicit {
        ctx.db_path = default_demo_path();
    }
    ctx.demo_command = true;
    let (mut db, created) = ctx.open_or_create()?;
    let now = db.clock.now();
    let staff = auth::list_staff(&db.conn)?;
    if !staff.is_empty() && !staff.iter().any(|s| s.email == DEMO_ADMIN_EMAIL) {
        return Err(AppError::conflict(tr!(
            "{} no es una base de demostración: tiene cuentas reales y no se mezclará con datos de ejemplo.",
            "{} is not a demo database: it has real accounts and will not be mixed with sample data.",
            ctx.db_path.display()
        ))
        .with_hint(Text::new(
            "Use otra ruta con --db, o ninguna para la base de demostración por defecto.",
            "Use another path with --db, or none for the default demo database.",
        )));
    }
    let fresh = staff.is_empty();
    let (admin, receptionist) = crate::db::write(&db.conn, |tx| {
        if fresh {
            catalog::settings::set(tx, "clinic_name", "Clínica SaludYa (demostración)", None, now)?;
        }
        catalog::fixtures::load(tx, now)?;
        let admin = ensure_account(
            tx,
            DEMO_ADMIN_EMAIL,
            "Admin Demo",
            Role::Admin,
            DEMO_ADMIN_PASSWORD,
            now,
        )?;
        let receptionist = ensure_account(
            tx,
            DEMO_RECEPTIONIST_EMAIL,
            "Rosa Recepción",
            Role::Receptionist,
            DEMO_RECEPTIONIST_PASSWORD,
            now,
        )?;
        Ok((admin, receptionist))
    })?;
    db.settings = catalog::settings::load(&db.conn)?;

    let existing = patients::count(&db.conn)?;
    let missing = u32::try_from((i64::from(args.patients) - existing).max(0)).unwrap_or(0);
    let missing_patients = missing;
    if missing > 0 {
        ctx.tell(&tr!(
            "Generando {missing} pacientes de ejemplo...",
            "Generating {missing} sample patients..."
        ));
        let today = now.with_timezone(&db.settings.time_zone).date_naive();
        // Seeded by what is already there, so a top-up does not replay the first patients.
        let seed = args.seed.wrapping_add(u64::try_from(existing).unwrap_or(0));
        let mut generator = SampleGen::new(seed, today);
        let bar = super::progress::Bar::new(ctx, "Pacientes", "Patients");
        crate::demo::add_samples_with(
            &db.conn,
            &mut generator,
            missing as usize,
            Some(&receptionist.id),
            now,
            &bar,
        )?;
    }
    let patients_total = patients::count(&db.conn)?;

    // Sample agenda with payments (src/flows/volume.rs), only what is missing.
    let existing = crate::demo::appointment_count(&db.conn)?;
    let missing = usize::try_from((i64::from(args.appointments) - existing).max(0)).unwrap_or(0);
    let mut appointments_added = 0;
    if missing > 0 {
        ctx.tell(&tr!(
            "Generando {missing} citas de ejemplo con sus pagos...",
            "Generating {missing} sample appointments with their payments..."
        ));
        let seed = args.seed.wrapping_add(u64::try_from(existing).unwrap_or(0));
        let bar = super::progress::Bar::new(ctx, "Citas", "Appointments");
        let volume = crate::demo::volume::fill_with(
            &db.conn,
            missing,
            seed,
            Some(&receptionist.id),
            now,
            db.settings.time_zone,
            &db.settings.currency,
            &bar,
        )?;
        appointments_added = volume.appointments;
    }
    let appointments_total = crate::demo::appointment_count(&db.conn)?;
    Ok(Demo {
        db,
        path: ctx.db_path.clone(),
        created,
        admin,
        receptionist,
        patients_added: missing_patients,
        patients_total,
        appointments_added,
        appointments_total,
    })
}

/// The account with this e-mail, created when missing (an existing one is kept as it is).
fn ensure_account(
    conn: &crate::db::Tx<'_>,
    email: &str,
    name: &str,
    role: Role,
    password: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<Staff> {
    if let Some(existing) = auth::find_staff_by_email(conn, email)? {
        return Ok(existing);
    }
    auth::create_staff(conn, &NewStaff::new(email, name, role)?, password, None, now)
}

/// A path as it can be pasted into a shell.
fn shell_path(p: &Path) -> String {
    let s = p.display().to_string();
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:@%".contains(c))
    {
        s
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

fn report(ctx: &Ctx, demo: &Demo) -> AppResult<()> {
    let specialties = catalog::list_specialties(&demo.db.conn)?.len();
    let doctors = catalog::list_doctors(&demo.db.conn, &catalog::DoctorFilter::default())?.len();
    let db = shell_path(&demo.path);
    // A real DNI to try `patient show` with (the first patient in name order that has one).
    let dni = patients::list(&demo.db.conn, 50, 0)?
        .into_iter()
        .find(|p| p.doc_type == patients::DocType::Dni)
        .map_or_else(|| "45678912".to_string(), |p| p.doc_number);
    let state = if demo.created {
        ctx.lang.pick("creada", "created")
    } else {
        ctx.lang.pick("reutilizada", "reused")
    };
    ctx.tell(&tr!(
        "Base de demostración {state}: {db}
  {specialties} especialidades, {doctors} médicos, {} pacientes ({} nuevos), {} citas ({} nuevas).

Cuentas de demostración (contraseñas fijas, solo para bases de demostración):
  admin          {DEMO_ADMIN_EMAIL}      {DEMO_ADMIN_PASSWORD}
  recepcionista  {DEMO_RECEPTIONIST_EMAIL}  {DEMO_RECEPTIONIST_PASSWORD}

Pruebe:
  saludya --db {db} login --email {DEMO_RECEPTIONIST_EMAIL}
  saludya --db {db} patient search garcia ana
  saludya --db {db} patient show {dni}
  saludya --db {db} specialty list
  saludya --db {db} doctor list --specialty cardiologia --sort rating
  saludya --db {db} slots --specialty cardiologia --limit 5
  saludya --db {db} tui",
        "Demo database {state}: {db}
  {specialties} specialties, {doctors} doctors, {} patients ({} new), {} appointments ({} new).

Demo accounts (fixed passwords, for demo databases only):
  admin          {DEMO_ADMIN_EMAIL}      {DEMO_ADMIN_PASSWORD}
  receptionist   {DEMO_RECEPTIONIST_EMAIL}  {DEMO_RECEPTIONIST_PASSWORD}

Try:
  saludya --db {db} login --email {DEMO_RECEPTIONIST_EMAIL}
  saludya --db {db} patient search garcia ana
  saludya --db {db} patient show {dni}
  saludya --db {db} specialty list
  saludya --db {db} doctor list --specialty cardiologia --sort rating
  saludya --db {db} slots --specialty cardiologia --limit 5
  saludya --db {db} tui",
        demo.patients_total,
        demo.patients_added,
        demo.appointments_total,
        demo.appointments_added
    ));
    if ctx.format == super::Format::Json {
        let summary = Summary {
            db: demo.path.display().to_string(),
            created: demo.created,
            admin_email: demo.admin.email.clone(),
            receptionist_email: demo.receptionist.email.clone(),
            specialties,
            doctors,
            patients: demo.patients_total,
            patients_added: demo.patients_added,
            appointments: demo.appointments_total,
            appointments_added: demo.appointments_added,
        };
        print_json(&summary)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_database_of_demo_accounts_is_a_demo_database() {
        let conn = crate::db::open_in_memory().unwrap();
        assert!(!is_demo_database(&conn, false), "empty, not created by demo");
        assert!(is_demo_database(&conn, true), "empty, being created by demo");
        let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T14:00:00Z")
            .unwrap()
            .to_utc();
        ensure_account(
            &conn.autocommit(),
            DEMO_ADMIN_EMAIL,
            "Admin",
            Role::Admin,
            DEMO_ADMIN_PASSWORD,
            now,
        )
        .unwrap();
        assert!(is_demo_database(&conn, false));
        ensure_account(
            &conn.autocommit(),
            "ana@clinica.pe",
            "Ana",
            Role::Admin,
            "tortuga-lluvia-mercado-azul",
            now,
        )
        .unwrap();
        assert!(!is_demo_database(&conn, true), "a real account in it");
    }
}
