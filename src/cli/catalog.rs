//! `specialty list` and `doctor list|show|add|edit|schedule|time-off|time-off-list`
//! (original: the catalog service).

use clap::{Args, Subcommand};
use serde::Serialize;

use super::output::{Column, opt, print_json, print_list, print_one, yes_no};
use super::{Ctx, Format};
use crate::domain::catalog::{
    self, Doctor, DoctorChange, DoctorEdit, DoctorFilter, DoctorInput, DoctorSort, NewDoctor, NewTimeOff,
    ScheduleBlock, Specialty, TimeOff,
};
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::money::Cents;
use crate::tr;

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum SpecialtyCommand {
    /// Lista las especialidades con su descripción y cuántos médicos activos tienen
    #[command(
        after_help = "Ejemplos:\n  saludya specialty list\n  saludya --format csv specialty list > especialidades.csv"
    )]
    List,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum DoctorCommand {
    /// Lista los médicos (activos, por valoración) con filtros
    #[command(
        after_help = "Ejemplos:\n  saludya doctor list --specialty cardiologia --sort rating\n  saludya doctor list --min-rating 4.5 --max-price 100\n  saludya doctor list --all"
    )]
    List(ListArgs),
    /// Muestra un médico con su horario semanal, sus descansos próximos y su historial de cambios
    #[command(
        after_help = "Ejemplos:\n  saludya doctor show quispe\n  saludya doctor show \"rosa quispe\"\n  saludya --format json doctor show 0190f0aa1b2c"
    )]
    Show {
        /// Id, prefijo del id (6+ caracteres) o nombre único ("quispe")
        doctor: String,
    },
    /// Agrega un médico (solo admin)
    #[command(
        after_help = "Ejemplo:\n  saludya doctor add --first-name Rosa --last-name Quispe --specialty \"medicina general\" --rating 4.6 --price 60 --schedule \"lun-vie 08:00-13:00/15\""
    )]
    Add(AddArgs),
    /// Cambia precio, valoración, experiencia, foto, especialidad o estado (solo admin; queda en el historial)
    #[command(
        after_help = "Ejemplos:\n  saludya doctor edit quispe --price 70\n  saludya doctor edit quispe --deactivate"
    )]
    Edit(EditArgs),
    /// Reemplaza el horario semanal (solo admin): --set "lun-vie 08:00-13:00/20" --set "sab 09:00-12:00/30"
    #[command(
        after_help = "Ejemplos:\n  saludya doctor schedule quispe\n  saludya doctor schedule quispe --set \"lun-vie 08:00-13:00/20\" --set \"sab 09:00-12:00/30\""
    )]
    Schedule(ScheduleArgs),
    /// Registra un descanso del médico (solo admin); lista las citas activas que caen dentro, sin cancelarlas
    #[command(
        after_help = "Ejemplo:\n  saludya doctor time-off quispe --from \"2026-03-09 00:00\" --to \"2026-03-14 00:00\" --reason congreso"
    )]
    TimeOff(TimeOffArgs),
    /// Lista los descansos vigentes y próximos
    #[command(
        after_help = "Ejemplos:\n  saludya doctor time-off-list\n  saludya doctor time-off-list --doctor quispe"
    )]
    TimeOffList {
        /// Solo los de este médico
        #[arg(long)]
        doctor: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Especialidad: nombre (sin importar tildes ni mayúsculas), inicio del nombre o id
    #[arg(long)]
    specialty: Option<String>,
    /// Valoración mínima (0.0–5.0)
    #[arg(long, value_name = "R")]
    min_rating: Option<f64>,
    /// Precio máximo de la consulta (p. ej. 150 o 150.50)
    #[arg(long, value_name = "P")]
    max_price: Option<String>,
    /// Orden: rating | price | experience | name
    #[arg(long, default_value = "rating")]
    sort: String,
    /// Incluir a los médicos desactivados
    #[arg(long)]
    all: bool,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Nombres del médico
    #[arg(long)]
    first_name: String,
    /// Apellidos del médico
    #[arg(long)]
    last_name: String,
    /// Especialidad (nombre o id)
    #[arg(long)]
    specialty: String,
    /// Número del Colegio Médico del Perú
    #[arg(long)]
    cmp: Option<String>,
    /// Valoración 0.0–5.0, un decimal
    #[arg(long)]
    rating: f64,
    /// Años de experiencia
    #[arg(long, default_value_t = 0)]
    years: i64,
    /// Precio de la consulta (p. ej. 120 o 120.50)
    #[arg(long)]
    price: String,
    /// URL https:// de la foto
    #[arg(long)]
    photo_url: Option<String>,
    /// Horario semanal, p. ej. "lun-vie 08:00-13:00/20" (se puede repetir)
    #[arg(long = "schedule", value_name = "SPEC")]
    schedule: Vec<String>,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// Id, prefijo del id o nombre único
    doctor: String,
    /// Nuevo precio de la consulta (las citas ya reservadas conservan su precio)
    #[arg(long)]
    price: Option<String>,
    /// Nueva valoración 0.0–5.0, un decimal
    #[arg(long)]
    rating: Option<f64>,
    /// Nuevos años de experiencia
    #[arg(long)]
    years: Option<i64>,
    /// Nueva URL de la foto ("" la quita)
    #[arg(long)]
    photo_url: Option<String>,
    /// Nueva especialidad
    #[arg(long)]
    specialty: Option<String>,
    /// Desactiva al médico (se conservan él y sus citas; deja de aparecer y no se le puede reservar)
    #[arg(long, conflicts_with = "activate")]
    deactivate: bool,
    /// Reactiva a un médico desactivado
    #[arg(long)]
    activate: bool,
}

#[derive(Debug, Args)]
pub struct ScheduleArgs {
    /// Id, prefijo del id o nombre único
    doctor: String,
    /// Bloque(s) del horario: "DÍAS HH:MM-HH:MM/MIN", días lun..dom o mon..sun, rangos "lun-vie" o listas "lun,mie"
    #[arg(long = "set", value_name = "SPEC", required_unless_present = "clear")]
    set: Vec<String>,
    /// Deja al médico sin horario (no recibe citas nuevas)
    #[arg(long, conflicts_with = "set")]
    clear: bool,
}

#[derive(Debug, Args)]
pub struct TimeOffArgs {
    /// Id, prefijo del id o nombre único
    doctor: String,
    /// Desde "AAAA-MM-DD HH:MM" (hora de la clínica)
    #[arg(long)]
    from: String,
    /// Hasta "AAAA-MM-DD HH:MM" (excluido)
    #[arg(long)]
    to: String,
    /// Motivo (vacaciones, congreso, licencia…)
    #[arg(long, default_value = "")]
    reason: String,
}

/// A doctor as printed: the domain record plus the formatted price.
#[derive(Serialize)]
struct DoctorView {
    #[serde(flatten)]
    doctor: Doctor,
    price: String,
}

#[derive(Serialize)]
struct DoctorDetail {
    #[serde(flatten)]
    doctor: DoctorView,
    schedule: Vec<ScheduleBlock>,
    time_off: Vec<TimeOff>,
    changes: Vec<DoctorChange>,
}

fn view(ctx_currency: &str, d: Doctor) -> DoctorView {
    DoctorView {
        price: d.price.display(ctx_currency),
        doctor: d,
    }
}

fn specialty_columns() -> Vec<Column<Specialty>> {
    vec![
        Column::new("specialty", "Especialidad", "Specialty", |s: &Specialty| {
            s.name.clone()
        })
        .shrink(),
        Column::new("doctors", "Médicos", "Doctors", |s| s.doctors.to_string()),
        Column::new("description", "Descripción", "Description", |s: &Specialty| {
            s.description.clone()
        })
        .shrink()
        .optional(2),
        Column::new("id", "Id", "Id", |s: &Specialty| s.id.to_string()).optional(1),
    ]
}

fn doctor_columns() -> Vec<Column<DoctorView>> {
    vec![
        Column::new("doctor", "Médico", "Doctor", |d: &DoctorView| {
            d.doctor.full_name.clone()
        })
        .shrink(),
        Column::new("specialty", "Especialidad", "Specialty", |d: &DoctorView| {
            d.doctor.specialty.clone()
        })
        .shrink(),
        Column::new("rating", "Valoración", "Rating", |d: &DoctorView| {
            format!("{:.1}", d.doctor.rating)
        })
        .optional(4),
        Column::new("years", "Años", "Years", |d: &DoctorView| {
            d.doctor.years_experience.to_string()
        })
        .optional(5),
        Column::new("price", "Precio", "Price", |d: &DoctorView| d.price.clone()).optional(3),
        Column::new("cmp", "CMP", "CMP", |d: &DoctorView| opt(&d.doctor.cmp)).optional(6),
        Column::localized("active", "Activo", "Active", |d: &DoctorView, l| {
            yes_no(d.doctor.active, l)
        })
        .optional(2),
        Column::new("id", "Id", "Id", |d: &DoctorView| d.doctor.id.to_string()).optional(1),
    ]
}

fn detail_columns() -> Vec<Column<DoctorDetail>> {
    vec![
        Column::new("doctor", "Médico", "Doctor", |d| {
            d.doctor.doctor.full_name.clone()
        }),
        Column::new("specialty", "Especialidad", "Specialty", |d| {
            d.doctor.doctor.specialty.clone()
        }),
        Column::new("cmp", "CMP", "CMP", |d| opt(&d.doctor.doctor.cmp)),
        Column::new("rating", "Valoración", "Rating", |d| {
            format!("{:.1}", d.doctor.doctor.rating)
        }),
        Column::new(
            "years_of_experience",
            "Años de experiencia",
            "Years of experience",
            |d| d.doctor.doctor.years_experience.to_string(),
        ),
        Column::new("price", "Precio", "Price", |d| d.doctor.price.clone()),
        Column::new("photo", "Foto", "Photo", |d| opt(&d.doctor.doctor.photo_url)),
        Column::localized("active", "Activo", "Active", |d, l| {
            yes_no(d.doctor.doctor.active, l)
        }),
        Column::new("weekly_schedule", "Horario semanal", "Weekly schedule", |d| {
            d.schedule
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        }),
        Column::new("time_off", "Descansos", "Time off", |d| {
            d.time_off
                .iter()
                .map(|t| format!("{} → {} {}", t.starts_at, t.ends_at, t.reason))
                .collect::<Vec<_>>()
                .join("\n")
        }),
        Column::new("changes", "Cambios", "Changes", |d| {
            d.changes
                .iter()
                .map(|c| {
                    format!(
                        "{} {}: {} → {}",
                        c.at,
                        c.field,
                        c.old_value.as_deref().unwrap_or("-"),
                        c.new_value.as_deref().unwrap_or("-")
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        }),
        Column::new("id", "Id", "Id", |d| d.doctor.doctor.id.to_string()),
    ]
}

#[derive(Serialize)]
struct TimeOffResult {
    #[serde(flatten)]
    time_off: TimeOff,
    /// Active appointments inside the time off (kept, not cancelled).
    appointments_inside: Vec<super::appointment::AppointmentView>,
}

fn time_off_result_columns() -> Vec<Column<TimeOffResult>> {
    vec![
        Column::new("doctor", "Médico", "Doctor", |t| t.time_off.doctor_name.clone()),
        Column::new("from", "Desde", "From", |t| t.time_off.starts_at.to_string()),
        Column::new("to", "Hasta", "To", |t| t.time_off.ends_at.to_string()),
        Column::new("reason", "Motivo", "Reason", |t| t.time_off.reason.clone()),
        Column::new(
            "appointments_inside",
            "Citas dentro",
            "Appointments inside",
            |t| t.appointments_inside.len().to_string(),
        ),
        Column::new("id", "Id", "Id", |t| t.time_off.id.clone()),
    ]
}

fn time_off_columns() -> Vec<Column<TimeOff>> {
    vec![
        Column::new("doctor", "Médico", "Doctor", |t: &TimeOff| t.doctor_name.clone()).shrink(),
        Column::new("from", "Desde", "From", |t| t.starts_at.to_string()),
        Column::new("to", "Hasta", "To", |t| t.ends_at.to_string()),
        Column::new("reason", "Motivo", "Reason", |t: &TimeOff| t.reason.clone()).shrink(),
        Column::new("id", "Id", "Id", |t: &TimeOff| t.id.clone()).optional(1),
    ]
}

pub fn specialty(ctx: &mut Ctx, cmd: SpecialtyCommand) -> AppResult<()> {
    match cmd {
        SpecialtyCommand::List => {
            let desk = ctx.desk()?;
            print_list(ctx, &catalog::list_specialties(&desk.conn)?, &specialty_columns())
        }
    }
}

fn price_arg(p: &str) -> AppResult<Cents> {
    Cents::parse(p)
}

pub fn doctor(ctx: &mut Ctx, cmd: DoctorCommand) -> AppResult<()> {
    match cmd {
        DoctorCommand::List(args) => {
            let desk = ctx.desk()?;
            if let Some(r) = args.min_rating
                && !(0.0..=5.0).contains(&r)
            {
                return Err(AppError::invalid(Text::new(
                    "--min-rating va de 0.0 a 5.0.",
                    "--min-rating goes from 0.0 to 5.0.",
                )));
            }
            let filter = DoctorFilter {
                specialty_id: args
                    .specialty
                    .as_deref()
                    .map(|s| catalog::resolve_specialty(&desk.conn, s).map(|s| s.id))
                    .transpose()?,
                min_rating: args.min_rating,
                max_price: args.max_price.as_deref().map(price_arg).transpose()?,
                sort: DoctorSort::parse(&args.sort)?,
                include_inactive: args.all,
            };
            let currency = desk.settings.currency.clone();
            let doctors: Vec<DoctorView> = catalog::list_doctors(&desk.conn, &filter)?
                .into_iter()
                .map(|d| view(&currency, d))
                .collect();
            print_list(ctx, &doctors, &doctor_columns())
        }
        DoctorCommand::Show { doctor } => {
            let desk = ctx.desk()?;
            let d = catalog::resolve_doctor(&desk.conn, &doctor)?;
            let now = catalog::local_now(desk.clock.now(), desk.settings.time_zone);
            let detail = DoctorDetail {
                schedule: catalog::weekly_schedule(&desk.conn, &d.id)?,
                time_off: catalog::upcoming_time_off(&desk.conn, Some(&d.id), now)?,
                changes: catalog::doctor_changes(&desk.conn, &d.id)?,
                doctor: view(&desk.settings.currency, d),
            };
            print_one(ctx, &detail, &detail_columns())
        }
        DoctorCommand::Add(a) => {
            let desk = ctx.admin_desk()?;
            let specialty = catalog::resolve_specialty(&desk.conn, &a.specialty)?;
            let new = NewDoctor::parse(DoctorInput {
                first_name: &a.first_name,
                last_name: &a.last_name,
                specialty: &specialty,
                cmp: a.cmp.as_deref(),
                rating: a.rating,
                years_experience: a.years,
                price: price_arg(&a.price)?,
                photo_url: a.photo_url.as_deref(),
                schedule: catalog::parse_schedule(&a.schedule)?,
            })?;
            let now = desk.clock.now();
            let staff = desk.staff.id.clone();
            let d = crate::db::write(&desk.conn, |tx| catalog::add_doctor(tx, &new, Some(&staff), now))?;
            ctx.tell(&tr!("Médico agregado: {}.", "Doctor added: {}.", d.full_name));
            print_one(ctx, &view(&desk.settings.currency, d), &doctor_columns())
        }
        DoctorCommand::Edit(a) => {
            let desk = ctx.admin_desk()?;
            let d = catalog::resolve_doctor(&desk.conn, &a.doctor)?;
            let edit = DoctorEdit {
                price: a.price.as_deref().map(price_arg).transpose()?,
                rating: a.rating,
                years_experience: a.years,
                photo_url: a
                    .photo_url
                    .map(|p| if p.trim().is_empty() { None } else { Some(p) }),
                specialty_id: a
                    .specialty
                    .as_deref()
                    .map(|s| catalog::resolve_specialty(&desk.conn, s).map(|s| s.id))
                    .transpose()?,
                active: match (a.activate, a.deactivate) {
                    (true, _) => Some(true),
                    (_, true) => Some(false),
                    _ => None,
                },
            };
            let now = desk.clock.now();
            let staff = desk.staff.id.clone();
            let d = crate::db::write(&desk.conn, |tx| {
                catalog::edit_doctor(tx, &d.id, &edit, Some(&staff), now)
            })?;
            print_one(ctx, &view(&desk.settings.currency, d), &doctor_columns())
        }
        DoctorCommand::Schedule(a) => {
            let desk = ctx.admin_desk()?;
            let d = catalog::resolve_doctor(&desk.conn, &a.doctor)?;
            let blocks = if a.clear {
                Vec::new()
            } else {
                catalog::parse_schedule(&a.set)?
            };
            let now = desk.clock.now();
            let staff = desk.staff.id.clone();
            let before = catalog::weekly_schedule(&desk.conn, &d.id)?;
            let week = crate::db::write(&desk.conn, |tx| {
                catalog::set_schedule(tx, &d.id, &blocks, Some(&staff), now)
            })?;
            ctx.tell(&tr!(
                "Horario de {} reemplazado ({} bloques). Las citas ya reservadas se mantienen.",
                "Schedule of {} replaced ({} blocks). Appointments already booked are kept.",
                d.full_name,
                week.len()
            ));
            print_schedule(ctx, &week)?;
            // New hours: who waits for them (a deactivated doctor's hours are nobody's).
            if d.active {
                let waiting = crate::flows::waitlist::waiting_for_new_hours(&desk.conn, &d.id, &before, now)?;
                super::waitlist::print_waiting(ctx, &desk, &waiting)?;
            }
            Ok(())
        }
        DoctorCommand::TimeOff(a) => {
            let desk = ctx.admin_desk()?;
            let d = catalog::resolve_doctor(&desk.conn, &a.doctor)?;
            let new = NewTimeOff::new(
                &d.id,
                catalog::parse_wall(&a.from)?,
                catalog::parse_wall(&a.to)?,
                &a.reason,
            )?;
            let now = desk.clock.now();
            let staff = desk.staff.id.clone();
            let (t, inside) = crate::db::write(&desk.conn, |tx| {
                let t = catalog::add_time_off(tx, &new, Some(&staff), now)?;
                let inside = crate::domain::appointments::active_in_range(tx, &d.id, new.from, new.to)?;
                Ok((t, inside))
            })?;
            if !inside.is_empty() {
                ctx.tell(&tr!(
                    "Atención: {} cita(s) activa(s) de {} caen dentro del descanso y NO se cancelaron; reprograme o cancele cada una:",
                    "Note: {} active appointment(s) of {} fall inside the time off and were NOT cancelled; reschedule or cancel each one:",
                    inside.len(),
                    d.full_name
                ));
                for a in &inside {
                    ctx.note(&format!(
                        "  {}  {}  {} ({})  {}",
                        a.start,
                        a.status.as_str(),
                        a.patient_name,
                        a.patient_dni,
                        a.id
                    ));
                }
            }
            let currency = desk.settings.currency.clone();
            let out = TimeOffResult {
                time_off: t,
                appointments_inside: inside
                    .into_iter()
                    .map(|a| super::appointment::view(&currency, a))
                    .collect(),
            };
            print_one(ctx, &out, &time_off_result_columns())
        }
        DoctorCommand::TimeOffList { doctor } => {
            let desk = ctx.desk()?;
            let doctor_id = doctor
                .as_deref()
                .map(|d| catalog::resolve_doctor(&desk.conn, d).map(|d| d.id))
                .transpose()?;
            let now = catalog::local_now(desk.clock.now(), desk.settings.time_zone);
            print_list(
                ctx,
                &catalog::upcoming_time_off(&desk.conn, doctor_id.as_deref(), now)?,
                &time_off_columns(),
            )
        }
    }
}

fn print_schedule(ctx: &Ctx, week: &[ScheduleBlock]) -> AppResult<()> {
    if ctx.format == Format::Json {
        return print_json(week);
    }
    print_list(
        ctx,
        week,
        &[
            Column::new("day", "Día", "Day", |b: &ScheduleBlock| {
                b.weekday.es().to_string()
            }),
            Column::new("from", "Desde", "From", |b| b.start.to_string()),
            Column::new("to", "Hasta", "To", |b| b.end.to_string()),
            Column::new("slot_minutes", "Minutos por cita", "Slot minutes", |b| {
                b.slot_minutes.to_string()
            }),
        ],
    )
}
