//! `appointment book|show|history|list|reschedule|cancel|check-in|complete|no-show`
//! (original: the appointment service).

use chrono::Duration;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::output::{Column, opt, print_list, print_one};
use super::{Ctx, LoggedIn};
use crate::domain::appointments::{
    self, Appointment, AppointmentFilter, BookingRequest, CancelledBy, Repeat, SeriesRequest, Status,
    StatusChange,
};
use crate::domain::catalog::{self, local_now, parse_date, parse_wall};
use crate::domain::patients;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::i18n::Text;
use crate::tr;
use crate::wall_time::WallTime;

pub const EXAMPLES: &str = "\
Ejemplos:
  saludya slots --doctor \"rosa quispe\" --limit 5                  horarios libres
  saludya appointment book --patient 45678912 --doctor \"rosa quispe\" --at \"2026-03-03 10:00\"
  saludya appointment book --patient 45678912 --doctor \"rosa quispe\" --at \"2026-03-03 10:00\" \\
    --repeat weekly --count 8                                     8 semanas seguidas
  saludya pay 01a2189d-6e45 --method cash --tendered 100         cobrar y confirmar
  saludya appointment list --date 2026-03-03                      agenda del día
  saludya appointment check-in 01a2189d-6e45
  saludya appointment cancel 01a2189d-6e45 --by patient --reason \"viaje\"";

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum AppointmentCommand {
    /// Reserva una cita (queda «booked» hasta el pago); precio, médico y especialidad salen del catálogo
    #[command(after_help = "Ejemplos:
  saludya appointment book --patient 45678912 --doctor \"rosa quispe\" --at \"2026-03-03 10:00\"
  saludya appointment book --patient 45678912 --doctor \"rosa quispe\" --at \"2026-03-03 10:00\" \\
    --repeat weekly --count 8                                     8 semanas seguidas")]
    Book(BookArgs),
    /// Muestra una cita con su historial de estados
    #[command(after_help = "Ejemplo:
  saludya appointment show 01a2189d-6e45
  saludya --format json appointment show 01a2189d-6e45")]
    Show {
        /// Id o prefijo del id (6+ caracteres)
        appointment: String,
    },
    /// Citas de un paciente, de la más reciente a la más antigua
    #[command(after_help = "Ejemplo:
  saludya appointment history 45678912")]
    History {
        /// Paciente: id, prefijo del id o DNI
        patient: String,
    },
    /// Agenda: citas de un día o rango (por defecto de hoy en adelante)
    #[command(after_help = "Ejemplos:
  saludya appointment list                                  de hoy en adelante
  saludya appointment list --date 2026-03-02 --doctor \"rosa quispe\"
  saludya appointment list --from 2026-03-01 --to 2026-03-31 --status no_show")]
    List(ListArgs),
    /// Cambia la hora de una cita (misma cita y mismo pago; libera la hora anterior)
    #[command(after_help = "Ejemplo:
  saludya appointment reschedule 01a2189d-6e45 --at \"2026-03-05 10:20\" --reason \"pidió otro día\"
  saludya appointment reschedule 01a2189d-6e45 --at \"2026-03-05 11:00\" --following")]
    Reschedule {
        /// Cita: id o prefijo del id (6+ caracteres)
        appointment: String,
        /// Nueva hora "AAAA-MM-DD HH:MM"
        #[arg(long)]
        at: String,
        /// Motivo (queda en el historial)
        #[arg(long)]
        reason: Option<String>,
        /// Esta cita y las siguientes de su serie, cada una movida lo mismo (todas o ninguna)
        #[arg(long)]
        following: bool,
    },
    /// Cancela una cita reservada o confirmada (libera la hora; si estaba pagada, devuelve el pago en la misma operación)
    #[command(after_help = "Ejemplos:
  saludya appointment cancel 01a2189d-6e45 --by patient --reason \"viaje\"
  saludya appointment cancel 01a2189d-6e45 --by clinic --reason \"médico enfermo\"
  saludya appointment cancel 01a2189d-6e45 --by patient --reason \"alta\" --following")]
    Cancel {
        /// Cita: id o prefijo del id (6+ caracteres)
        appointment: String,
        /// Quién cancela: patient | clinic
        #[arg(long)]
        by: String,
        /// Motivo
        #[arg(long)]
        reason: String,
        /// Esta cita y las siguientes de su serie (las reservadas o pagadas; cada pagada se devuelve)
        #[arg(long)]
        following: bool,
    },
    /// Registra la llegada del paciente
    #[command(after_help = "Ejemplo:
  saludya appointment check-in 01a2189d-6e45")]
    CheckIn {
        /// Cita: id o prefijo del id (6+ caracteres)
        appointment: String,
    },
    /// Marca la consulta como atendida
    #[command(after_help = "Ejemplo:
  saludya appointment complete 01a2189d-6e45")]
    Complete {
        /// Cita: id o prefijo del id (6+ caracteres)
        appointment: String,
    },
    /// Marca que el paciente no asistió (solo después de la hora de inicio)
    #[command(after_help = "Ejemplo:
  saludya appointment no-show 01a2189d-6e45")]
    NoShow {
        /// Cita: id o prefijo del id (6+ caracteres)
        appointment: String,
    },
}

#[derive(Debug, Args)]
pub struct BookArgs {
    /// Paciente: id, prefijo del id o DNI
    #[arg(long)]
    patient: String,
    /// Médico: id, prefijo del id o nombre único
    #[arg(long)]
    doctor: String,
    /// Hora de inicio "AAAA-MM-DD HH:MM" (hora de la clínica)
    #[arg(long)]
    at: String,
    /// Notas para el médico
    #[arg(long)]
    notes: Option<String>,
    /// Id de la orientación (`saludya orient`) que llevó a esta cita
    #[arg(long, value_name = "Q")]
    orientation: Option<String>,
    /// Serie con el mismo médico a la misma hora: weekly (semanal), biweekly (cada dos semanas) o monthly (mensual: el mismo día del mes, o el último día en los meses que no lo tienen)
    #[arg(long, requires = "count")]
    repeat: Option<String>,
    /// Cuántas citas tiene la serie, la primera incluida: de 2 a 52, y la última a lo más un año después de la primera
    #[arg(long, value_name = "N", requires = "repeat")]
    count: Option<u32>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Un día AAAA-MM-DD
    #[arg(long, conflicts_with_all = ["from", "to"])]
    date: Option<String>,
    /// Desde el día AAAA-MM-DD (incluido)
    #[arg(long)]
    from: Option<String>,
    /// Hasta el día AAAA-MM-DD (incluido)
    #[arg(long)]
    to: Option<String>,
    /// Solo las de este médico
    #[arg(long)]
    doctor: Option<String>,
    /// Solo las de este estado: booked, confirmed, checked_in, completed, no_show, cancelled
    #[arg(long)]
    status: Option<String>,
}

/// An appointment as printed: the domain record plus the formatted price.
#[derive(Serialize)]
pub struct AppointmentView {
    #[serde(flatten)]
    pub appointment: Appointment,
    pub price: String,
}

#[derive(Serialize)]
struct AppointmentDetail {
    #[serde(flatten)]
    view: AppointmentView,
    history: Vec<StatusChange>,
}

pub fn view(currency: &str, a: Appointment) -> AppointmentView {
    AppointmentView {
        price: a.price_cents.display(if a.currency.is_empty() {
            currency
        } else {
            &a.currency
        }),
        appointment: a,
    }
}

/// [`columns`], with the series position ("3/8") after the start when one of `list` is in a
/// series.
pub fn columns_for(list: &[AppointmentView]) -> Vec<Column<AppointmentView>> {
    let mut cols = columns();
    if list.iter().any(|v| v.appointment.series.is_some()) {
        cols.insert(1, series_column());
    }
    cols
}

fn series_column() -> Column<AppointmentView> {
    Column::new("series", "Serie", "Series", |v: &AppointmentView| {
        v.appointment
            .series
            .as_ref()
            .map(|s| s.series.clone())
            .unwrap_or_default()
    })
}

pub fn columns() -> Vec<Column<AppointmentView>> {
    vec![
        Column::new("start", "Inicio", "Start", |v| v.appointment.start.to_string()),
        Column::localized("status", "Estado", "Status", |v, l| {
            v.appointment.status.label(l).to_string()
        }),
        Column::new("patient", "Paciente", "Patient", |v: &AppointmentView| {
            v.appointment.patient_name.clone()
        })
        .shrink(),
        Column::new("dni", "DNI", "DNI", |v| v.appointment.patient_dni.clone()),
        Column::new("doctor", "Médico", "Doctor", |v: &AppointmentView| {
            v.appointment.doctor_name.clone()
        })
        .shrink()
        .optional(2),
        Column::new("specialty", "Especialidad", "Specialty", |v: &AppointmentView| {
            v.appointment.specialty.clone()
        })
        .shrink()
        .optional(3),
        Column::new("price", "Precio", "Price", |v: &AppointmentView| v.price.clone()).optional(4),
        Column::new("id", "Id", "Id", |v: &AppointmentView| {
            v.appointment.id.to_string()
        })
        .optional(1),
    ]
}

fn detail_columns(with_series: bool) -> Vec<Column<AppointmentDetail>> {
    let mut cols = detail_rows();
    if with_series {
        let series = Column::new("series", "Serie", "Series", |d: &AppointmentDetail| {
            d.view
                .appointment
                .series
                .as_ref()
                .map(|s| s.series.clone())
                .unwrap_or_default()
        });
        cols.insert(2, series);
    }
    cols
}

fn detail_rows() -> Vec<Column<AppointmentDetail>> {
    vec![
        Column::new("id", "Id", "Id", |d| d.view.appointment.id.to_string()),
        Column::localized("status", "Estado", "Status", |d, l| {
            d.view.appointment.status.label(l).to_string()
        }),
        Column::new("start", "Inicio", "Start", |d| {
            d.view.appointment.start.to_string()
        }),
        Column::new("end", "Fin", "End", |d| d.view.appointment.end.to_string()),
        Column::new("patient", "Paciente", "Patient", |d| {
            format!(
                "{} ({})",
                d.view.appointment.patient_name, d.view.appointment.patient_dni
            )
        }),
        Column::new("doctor", "Médico", "Doctor", |d| {
            d.view.appointment.doctor_name.clone()
        }),
        Column::new("specialty", "Especialidad", "Specialty", |d| {
            d.view.appointment.specialty.clone()
        }),
        Column::new("price", "Precio", "Price", |d| d.view.price.clone()),
        Column::new("notes", "Notas", "Notes", |d| opt(&d.view.appointment.notes)),
        Column::new("orientation", "Orientación", "Orientation", |d| {
            opt(&d.view.appointment.orientation_id)
        }),
        Column::new("cancelled_by", "Cancelada por", "Cancelled by", |d| {
            let a = &d.view.appointment;
            match (&a.cancelled_by, &a.cancel_reason) {
                (Some(by), Some(r)) => format!("{by}: {r}"),
                (Some(by), None) => by.clone(),
                _ => String::new(),
            }
        }),
        Column::new("history", "Historial", "History", |d| {
            d.history
                .iter()
                .map(|h| {
                    let mut line = format!(
                        "{} {} → {}",
                        h.at,
                        h.from_status.map(Status::as_str).unwrap_or("-"),
                        h.to_status.as_str()
                    );
                    if let (Some(a), Some(b)) = (&h.old_start, &h.new_start) {
                        line.push_str(&format!(" [{a} → {b}]"));
                    }
                    if let Some(by) = &h.by_staff {
                        line.push_str(&format!(" ({by})"));
                    }
                    if let Some(r) = &h.reason {
                        line.push_str(&format!(": {r}"));
                    }
                    line
                })
                .collect::<Vec<_>>()
                .join("\n")
        }),
        Column::new("created", "Creada", "Created", |d| {
            d.view.appointment.created_at.clone()
        }),
    ]
}

fn print_appointment(ctx: &Ctx, desk: &LoggedIn, a: Appointment) -> AppResult<()> {
    let v = view(&desk.settings.currency, a);
    let cols = columns_for(std::slice::from_ref(&v));
    print_one(ctx, &v, &cols)
}

fn print_appointments(ctx: &Ctx, desk: &LoggedIn, list: Vec<Appointment>) -> AppResult<()> {
    let list: Vec<AppointmentView> = list
        .into_iter()
        .map(|a| view(&desk.settings.currency, a))
        .collect();
    print_list(ctx, &list, &columns_for(&list))
}

pub fn run(ctx: &mut Ctx, cmd: AppointmentCommand) -> AppResult<()> {
    match cmd {
        AppointmentCommand::Book(a) => book(ctx, a),
        AppointmentCommand::Show { appointment } => {
            let desk = ctx.desk()?;
            let a = appointments::resolve_appointment(&desk.conn, &appointment)?;
            let detail = AppointmentDetail {
                history: appointments::status_history(&desk.conn, &a.id)?,
                view: view(&desk.settings.currency, a),
            };
            let cols = detail_columns(detail.view.appointment.series.is_some());
            print_one(ctx, &detail, &cols)
        }
        AppointmentCommand::History { patient } => {
            let desk = ctx.desk()?;
            let p = patients::resolve_patient(&desk.conn, &patient)?;
            let list: Vec<AppointmentView> = appointments::patient_history(&desk.conn, &p.id)?
                .into_iter()
                .map(|a| view(&desk.settings.currency, a))
                .collect();
            print_list(ctx, &list, &columns_for(&list))
        }
        AppointmentCommand::List(a) => list(ctx, a),
        AppointmentCommand::Reschedule {
            appointment,
            at,
            reason,
            following: true,
        } => reschedule_following(ctx, &appointment, &at, reason.as_deref()),
        AppointmentCommand::Reschedule {
            appointment,
            at,
            reason,
            following: false,
        } => {
            let desk = ctx.desk()?;
            let a = appointments::resolve_appointment(&desk.conn, &appointment)?;
            let new_at = parse_wall(&at)?;
            let (now, staff) = (desk.clock.now(), desk.staff.id.clone());
            let moved = crate::flows::desk::reschedule(
                &desk.conn,
                &a.id,
                new_at,
                Some(&staff),
                reason.as_deref(),
                now,
            )?;
            ctx.tell(&tr!(
                "Cita reprogramada: {} → {}.",
                "Appointment rescheduled: {} → {}.",
                a.start,
                moved.start
            ));
            let waiting = super::waitlist::waiting_for_freed(&desk, std::slice::from_ref(&a))?;
            let v = view(&desk.settings.currency, moved);
            super::waitlist::print_freeing(ctx, &desk, &v, &columns(), &waiting)
        }
        AppointmentCommand::Cancel {
            appointment,
            by,
            reason,
            following,
        } => cancel(ctx, &appointment, &by, &reason, following),
        AppointmentCommand::CheckIn { appointment } => simple(ctx, &appointment, Status::CheckedIn),
        AppointmentCommand::Complete { appointment } => simple(ctx, &appointment, Status::Completed),
        AppointmentCommand::NoShow { appointment } => simple(ctx, &appointment, Status::NoShow),
    }
}

fn book(ctx: &mut Ctx, a: BookArgs) -> AppResult<()> {
    let desk = ctx.desk()?;
    let patient = patients::resolve_patient(&desk.conn, &a.patient)?;
    let doctor = catalog::resolve_doctor(&desk.conn, &a.doctor)?;
    let req = BookingRequest::new(
        &patient.id,
        &doctor.id,
        &a.at,
        a.notes.as_deref(),
        a.orientation.as_deref(),
    )?;
    let (now, staff) = (desk.clock.now(), desk.staff.id.clone());
    if let (Some(repeat), Some(count)) = (&a.repeat, a.count) {
        let req = SeriesRequest::new(req, Repeat::parse(repeat)?, count)?;
        let (series, left) = crate::flows::desk::book_series(&desk.conn, &req, Some(&staff), now)?;
        if let (Some(first), Some(last)) = (series.appointments.first(), series.appointments.last()) {
            let (es, en) = (series.repeat.label(Lang::Es), series.repeat.label(Lang::En));
            ctx.tell(&tr!(
                "Serie reservada: {} citas ({es}) con {} ({}), de {} a {}, {} cada una. Cada una se cobra aparte: `saludya pay ID`.",
                "Series booked: {} appointments ({en}) with {} ({}), from {} to {}, {} each. Each is paid on its own: `saludya pay ID`.",
                series.count,
                first.doctor_name,
                first.specialty,
                first.start,
                last.start,
                first.price_cents.display(&desk.settings.currency)
            ));
        }
        super::waitlist::tell_left(ctx, &left);
        return print_appointments(ctx, &desk, series.appointments);
    }
    let (booked, left) = crate::flows::desk::book_leaving_waitlist(&desk.conn, &req, Some(&staff), now)?;
    ctx.tell(&tr!(
        "Cita reservada: {} con {} ({}), {}. Siguiente paso: `saludya pay {}`.",
        "Appointment booked: {} with {} ({}), {}. Next: `saludya pay {}`.",
        booked.start,
        booked.doctor_name,
        booked.specialty,
        booked.price_cents.display(&desk.settings.currency),
        booked.id
    ));
    super::waitlist::tell_left(ctx, &left);
    print_appointment(ctx, &desk, booked)
}

fn list(ctx: &mut Ctx, a: ListArgs) -> AppResult<()> {
    let desk = ctx.desk()?;
    let today = local_now(desk.clock.now(), desk.settings.time_zone).date();
    let (from, to) = match (&a.date, &a.from, &a.to) {
        (Some(d), _, _) => {
            let d = parse_date(d)?;
            (Some(d), Some(d))
        }
        (None, from, to) => (
            Some(from.as_deref().map(parse_date).transpose()?.unwrap_or(today)),
            to.as_deref().map(parse_date).transpose()?,
        ),
    };
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        return Err(AppError::invalid(Text::new(
            "--to es anterior a --from.",
            "--to is before --from.",
        )));
    }
    if let (Some(f), Some(t)) = (from, to)
        && t - f > Duration::days(3660)
    {
        return Err(AppError::invalid(Text::new(
            "El rango es de 10 años como máximo.",
            "The range is at most 10 years.",
        )));
    }
    let filter = AppointmentFilter {
        from,
        to,
        doctor_id: a
            .doctor
            .as_deref()
            .map(|d| catalog::resolve_doctor(&desk.conn, d).map(|d| d.id))
            .transpose()?,
        status: a.status.as_deref().map(Status::parse).transpose()?,
        ..AppointmentFilter::default()
    };
    let list: Vec<AppointmentView> = appointments::list_appointments(&desk.conn, &filter)?
        .into_iter()
        .map(|x| view(&desk.settings.currency, x))
        .collect();
    print_list(ctx, &list, &columns_for(&list))
}

/// `appointment cancel`: the cancel + refund flow (src/flows/cancel.rs): a paid appointment is
/// refunded in the same transaction, all or nothing.
fn cancel(ctx: &mut Ctx, appointment: &str, by: &str, reason: &str, following: bool) -> AppResult<()> {
    let desk = ctx.desk()?;
    let by = CancelledBy::parse(by)?;
    let a = appointments::resolve_appointment(&desk.conn, appointment)?;
    let (now, staff) = (desk.clock.now(), desk.staff.id.clone());
    if following {
        let all = crate::flows::cancel::cancel_following(&desk.conn, &a.id, by, reason, &staff, now)?;
        let places: Vec<String> = all
            .iter()
            .filter_map(|o| o.appointment.series.as_ref().map(|s| s.series.clone()))
            .collect();
        ctx.tell(&tr!(
            "Se cancelaron {} citas de la serie ({}); las horas quedaron libres.",
            "{} appointments of the series were cancelled ({}); the slots are free again.",
            all.len(),
            places.join(", ")
        ));
        for out in &all {
            tell_refund(ctx, out, true);
        }
        let freed: Vec<Appointment> = all.into_iter().map(|o| o.appointment).collect();
        let waiting = super::waitlist::waiting_for_freed(&desk, &freed)?;
        print_appointments(ctx, &desk, freed)?;
        return super::waitlist::print_waiting(ctx, &desk, &waiting);
    }
    let out = crate::flows::cancel::cancel(&desk.conn, &a.id, by, reason, &staff, now)?;
    ctx.say(
        "Cita cancelada; la hora quedó libre.",
        "Appointment cancelled; the slot is free again.",
    );
    tell_refund(ctx, &out, false);
    let waiting = super::waitlist::waiting_for_freed(&desk, std::slice::from_ref(&out.appointment))?;
    let v = view(&desk.settings.currency, out.appointment);
    let cols = columns_for(std::slice::from_ref(&v));
    super::waitlist::print_freeing(ctx, &desk, &v, &cols, &waiting)
}

/// The refund a cancel wrote, if any; `dated` names the appointment (several were cancelled).
fn tell_refund(ctx: &Ctx, out: &crate::flows::cancel::CancelOutcome, dated: bool) {
    if let Some(r) = &out.refund {
        let crate::i18n::Text {
            es: method_es,
            en: method_en,
        } = r.method.label();
        let (amount, receipt) = (&r.amount, r.receipt_number.unwrap_or_default());
        let start = &out.appointment.start;
        ctx.tell(&if dated {
            tr!(
                "Se devolvió el pago de la cita del {start}: {amount} ({method_es}), recibo {receipt}.",
                "The payment of the {start} appointment was refunded: {amount} ({method_en}), receipt {receipt}."
            )
        } else {
            tr!(
                "Se devolvió el pago: {amount} ({method_es}), recibo {receipt}.",
                "The payment was refunded: {amount} ({method_en}), receipt {receipt}."
            )
        });
    }
}

/// `appointment reschedule --following`: this one and the following ones of its series, each
/// moved by the same shift, all or nothing.
fn reschedule_following(ctx: &mut Ctx, appointment: &str, at: &str, reason: Option<&str>) -> AppResult<()> {
    let desk = ctx.desk()?;
    let a = appointments::resolve_appointment(&desk.conn, appointment)?;
    let new_at = parse_wall(at)?;
    let (now, staff) = (desk.clock.now(), desk.staff.id.clone());
    let moved = crate::flows::desk::reschedule_following(
        &desk.conn,
        &a.id,
        new_at,
        Some(a.start),
        Some(&staff),
        reason,
        now,
    )?;
    ctx.tell(&tr!(
        "Se reprogramaron {} citas de la serie, cada una como esta: {} → {}.",
        "{} appointments of the series were rescheduled, each like this one: {} → {}.",
        moved.len(),
        a.start,
        WallTime::new(new_at)
    ));
    print_appointments(ctx, &desk, moved)
}

fn simple(ctx: &mut Ctx, appointment: &str, to: Status) -> AppResult<()> {
    let desk = ctx.desk()?;
    let a = appointments::resolve_appointment(&desk.conn, appointment)?;
    let (now, staff) = (desk.clock.now(), desk.staff.id.clone());
    let changed = crate::flows::desk::set_status(&desk.conn, &a.id, to, Some(&staff), now)?;
    if to == Status::NoShow {
        let waiting = crate::flows::waitlist::waiting_after_no_show(&desk.conn, &changed, now)?;
        let v = view(&desk.settings.currency, changed);
        return super::waitlist::print_freeing(ctx, &desk, &v, &columns(), &waiting);
    }
    print_appointment(ctx, &desk, changed)
}
