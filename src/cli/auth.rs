//! `init`, `login`, `logout`, `whoami` and `staff` (original: the auth service).

use clap::{Args, Subcommand};

use super::output::{Column, opt, print_list, print_one, yes_no};
use super::{Ctx, secret, session_file};
use crate::domain::auth::{self, NewStaff, Role, Staff};
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::tr;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Correo del primer administrador
    #[arg(long, value_name = "EMAIL")]
    admin_email: String,
    /// Nombre del primer administrador
    #[arg(long, default_value = "")]
    admin_name: String,
    /// Leer la contraseña de la entrada estándar (si no, se pide en un aviso oculto)
    #[arg(long)]
    password_stdin: bool,
    /// No cargar el catálogo de ejemplo (especialidades, médicos, horarios)
    #[arg(long)]
    no_fixtures: bool,
}

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// Correo de la cuenta
    #[arg(long, value_name = "EMAIL")]
    email: String,
    /// Leer la contraseña de la entrada estándar
    #[arg(long)]
    password_stdin: bool,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum StaffCommand {
    /// Crea una cuenta (contraseña por --password-stdin o aviso oculto)
    #[command(
        after_help = "Ejemplos:\n  saludya staff add --email rosa@clinica.pe --role receptionist --name \"Rosa Quispe\"\n  saludya staff add --email jefe@clinica.pe --role admin --password-stdin < clave.txt"
    )]
    Add {
        /// Correo de la cuenta nueva (con él inicia sesión)
        #[arg(long, value_name = "EMAIL")]
        email: String,
        /// admin | receptionist
        #[arg(long, default_value = "receptionist")]
        role: String,
        /// Nombre completo (opcional)
        #[arg(long, default_value = "")]
        name: String,
        /// Leer la contraseña de la entrada estándar (si no, se pide en un aviso oculto)
        #[arg(long)]
        password_stdin: bool,
    },
    /// Lista las cuentas
    #[command(
        after_help = "Ejemplos:\n  saludya staff list\n  saludya --format csv staff list > personal.csv"
    )]
    List,
    /// Desactiva una cuenta (y cierra sus sesiones); --enable la reactiva
    #[command(
        after_help = "Ejemplos:\n  saludya staff disable rosa@clinica.pe\n  saludya staff disable rosa@clinica.pe --enable"
    )]
    Disable {
        /// Correo de la cuenta
        email: String,
        /// Reactiva la cuenta en lugar de desactivarla
        #[arg(long)]
        enable: bool,
    },
    /// Cambia la contraseña propia (pide la actual) o, siendo admin, restablece la de otra cuenta (queda registrado)
    #[command(
        after_help = "Ejemplos:\n  saludya staff passwd\n  saludya staff passwd rosa@clinica.pe --password-stdin < clave.txt"
    )]
    Passwd {
        /// Correo de la cuenta (por defecto la propia)
        email: Option<String>,
        /// Leer de la entrada estándar: la actual y la nueva, una por línea (propia), o solo la nueva (restablecer otra)
        #[arg(long)]
        password_stdin: bool,
    },
}

fn staff_columns() -> Vec<Column<Staff>> {
    vec![
        Column::new("email", "Correo", "Email", |s| s.email.clone()),
        Column::new("name", "Nombre", "Name", |s: &Staff| s.full_name.clone()).shrink(),
        Column::new("role", "Rol", "Role", |s| s.role.as_str().to_string()),
        Column::localized("disabled", "Desactivada", "Disabled", |s: &Staff, l| {
            yes_no(s.disabled, l)
        })
        .optional(3),
        Column::new("last_login", "Último ingreso", "Last login", |s: &Staff| {
            opt(&s.last_login_at)
        })
        .optional(2),
        Column::new("id", "Id", "Id", |s: &Staff| s.id.to_string()).optional(1),
    ]
}

pub fn init(ctx: &mut Ctx, args: InitArgs) -> AppResult<()> {
    let new = NewStaff::new(&args.admin_email, &args.admin_name, Role::Admin)?;
    // An existing file must be a SaludYa database without accounts (a first `init` that
    // stopped half-way); anything else there (an empty file, a device, another program's
    // database) is refused by `db::open` untouched.
    let existing = if std::fs::symlink_metadata(&ctx.db_path).is_ok() {
        let db = ctx.open()?;
        if !auth::list_staff(&db.conn)?.is_empty() {
            return Err(AppError::conflict(tr!(
                "La base {} ya está inicializada.",
                "The database {} is already initialised.",
                ctx.db_path.display()
            ))
            .with_hint(Text::new(
                "Inicie sesión con `saludya login`, o use otra ruta con --db.",
                "Log in with `saludya login`, or use another path with --db.",
            )));
        }
        Some(db)
    } else {
        None
    };
    let password = secret::password(
        args.password_stdin,
        ctx.lang,
        "Contraseña del administrador",
        "Admin password",
    )?;
    let clinic = crate::domain::catalog::settings::Settings::default().clinic_name;
    auth::password::check_strength(&password, &[&new.email, &new.full_name, &clinic])?;
    let db = match existing {
        Some(db) => db,
        None => ctx.create()?,
    };
    let now = db.clock.now();
    let staff = crate::db::write(&db.conn, |tx| {
        let staff = auth::create_staff(tx, &new, &password, None, now)?;
        if !args.no_fixtures {
            crate::domain::catalog::fixtures::load(tx, now)?;
        }
        Ok(staff)
    })?;
    ctx.tell(&tr!(
        "Base creada en {}. Administrador: {}. Siguiente paso: `saludya login --email {}`.",
        "Database created at {}. Admin: {}. Next: `saludya login --email {}`.",
        ctx.db_path.display(),
        staff.email,
        staff.email
    ));
    print_one(ctx, &staff, &staff_columns())
}

pub fn login(ctx: &mut Ctx, args: LoginArgs) -> AppResult<()> {
    let db = ctx.open()?;
    // A token file that cannot be written safely is refused before a session is opened.
    session_file::check_writable(&ctx.db_path)?;
    let password = secret::password(args.password_stdin, ctx.lang, "Contraseña", "Password")?;
    let out = auth::login(
        &db.conn,
        &args.email,
        &password,
        db.clock.now(),
        db.settings.session_hours,
    )?;
    session_file::save(&ctx.db_path, &out.token)?;
    ctx.tell(&tr!(
        "Sesión iniciada como {} ({}), válida hasta {} UTC.",
        "Logged in as {} ({}), valid until {} UTC.",
        out.staff.email,
        out.staff.role.as_str(),
        out.expires_at.format("%Y-%m-%d %H:%M")
    ));
    Ok(())
}

pub fn logout(ctx: &mut Ctx) -> AppResult<()> {
    let db = ctx.open()?;
    if let Some(token) = session_file::load(&ctx.db_path)? {
        auth::logout(&db.conn, &token, db.clock.now())?;
    }
    session_file::remove(&ctx.db_path)?;
    ctx.say("Sesión cerrada.", "Logged out.");
    Ok(())
}

pub fn whoami(ctx: &mut Ctx) -> AppResult<()> {
    let desk = ctx.desk()?;
    print_one(ctx, &desk.staff, &staff_columns())
}

pub fn staff(ctx: &mut Ctx, cmd: StaffCommand) -> AppResult<()> {
    match cmd {
        StaffCommand::Add {
            email,
            role,
            name,
            password_stdin,
        } => {
            let desk = ctx.admin_desk()?;
            let new = NewStaff::new(&email, &name, Role::parse(&role)?)?;
            let password = secret::password(
                password_stdin,
                ctx.lang,
                "Contraseña de la nueva cuenta",
                "New account password",
            )?;
            let now = desk.clock.now();
            let staff = crate::db::write(&desk.conn, |tx| {
                auth::create_staff(tx, &new, &password, Some(&desk.staff.id), now)
            })?;
            print_one(ctx, &staff, &staff_columns())
        }
        StaffCommand::List => {
            let desk = ctx.admin_desk()?;
            print_list(ctx, &auth::list_staff(&desk.conn)?, &staff_columns())
        }
        StaffCommand::Disable { email, enable } => {
            let desk = ctx.admin_desk()?;
            let target = find(&desk.conn, &email)?;
            if target.id == desk.staff.id && !enable {
                return Err(AppError::conflict(Text::new(
                    "No puede desactivar su propia cuenta.",
                    "You cannot disable your own account.",
                )));
            }
            let now = desk.clock.now();
            let staff = crate::db::write(&desk.conn, |tx| {
                auth::set_disabled(tx, &target.id, !enable, Some(&desk.staff.id), now)
            })?;
            print_one(ctx, &staff, &staff_columns())
        }
        StaffCommand::Passwd {
            email,
            password_stdin,
        } => {
            let desk = ctx.desk()?;
            let target = match email {
                Some(e) => find(&desk.conn, &e)?,
                None => desk.staff.clone(),
            };
            let now = desk.clock.now();
            if target.id == desk.staff.id {
                // One's own password: the current one first (two lines with --password-stdin).
                let (current, new) = if password_stdin {
                    let mut lines = secret::read_stdin_lines(2)?;
                    let new = lines.pop().unwrap_or_default();
                    (lines.pop().unwrap_or_default(), new)
                } else {
                    (
                        secret::password(false, ctx.lang, "Contraseña actual", "Current password")?,
                        secret::password(false, ctx.lang, "Nueva contraseña", "New password")?,
                    )
                };
                auth::change_own_password(&desk.conn, &desk.staff, &current, &new, now)?;
                ctx.say(
                    "Contraseña cambiada; las sesiones abiertas de la cuenta se cerraron (inicie sesión de nuevo).",
                    "Password changed; the account's open sessions were closed (log in again).",
                );
                return Ok(());
            }
            desk.staff.require_admin()?;
            let password = secret::password(password_stdin, ctx.lang, "Nueva contraseña", "New password")?;
            let admin = desk.staff.clone();
            crate::db::write(&desk.conn, |tx| {
                auth::reset_password(tx, &target.id, &admin, &password, now)
            })?;
            ctx.tell(&tr!(
                "Contraseña de {} restablecida por {} (queda registrado); sus sesiones abiertas se cerraron.",
                "Password of {} reset by {} (this is recorded); their open sessions were closed.",
                target.email,
                admin.email
            ));
            Ok(())
        }
    }
}

pub(super) fn find(conn: &crate::db::Db, email: &str) -> AppResult<Staff> {
    let email = auth::normalize_email(email)?;
    auth::find_staff_by_email(conn, &email)?
        .ok_or_else(|| AppError::not_found(tr!("No existe la cuenta {email}.", "No account {email}.")))
}
