//! `waitlist add|list|offer|book|decline|remove`: the waiting list at the command line, and the
//! "who waits for it" table every slot-freeing command prints (cancel, no-show, reschedule,
//! new schedule hours).

use clap::{Args, Subcommand};
use serde::Serialize;

use super::output::{Column, opt, print_json, print_list, print_one};
use super::{Ctx, Format, LoggedIn};
use crate::domain::appointments::Appointment;
use crate::domain::catalog::{self, parse_wall};
use crate::domain::patients;
use crate::domain::waitlist::{self, Entry, EntryInput, ListFilter, Match, NewEntry, State};
use crate::error::AppResult;
use crate::flows;
use crate::tr;

pub const EXAMPLES: &str = "\
Ejemplos:
  saludya waitlist add --patient 45678912 --specialty cardiologia --to 2026-03-31 --time mañana
  saludya waitlist add --patient 45678912 --doctor \"rosa quispe\" --note \"prefiere sábado\"
  saludya waitlist list                                   quién espera, el que más espera primero
  saludya waitlist offer 01a2189d-6e45 --doctor \"rosa quispe\" --at \"2026-03-03 10:00\"
  saludya waitlist book 01a2189d-6e45                     reserva la hora ofrecida
  saludya waitlist decline 01a2189d-6e45                  no la quiso: vuelve a esperar
  saludya waitlist remove 01a2189d-6e45 --reason \"se atendió en otra clínica\"";

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum WaitlistCommand {
    /// Pone a un paciente en la lista de espera de una especialidad o de un médico
    #[command(after_help = "Ejemplos:
  saludya waitlist add --patient 45678912 --specialty cardiologia --to 2026-03-31 --time mañana
  saludya waitlist add --patient 45678912 --doctor \"rosa quispe\" --time 09:00-11:00")]
    Add(AddArgs),
    /// Lista de espera, el que más espera primero (por defecto las entradas abiertas)
    #[command(after_help = "Ejemplos:
  saludya waitlist list
  saludya waitlist list --specialty cardiologia
  saludya --format json waitlist list --all")]
    List(ListArgs),
    /// Ofrece una hora libre a un paciente en espera (la reserva para él mientras se le llama)
    #[command(after_help = "Ejemplo:
  saludya waitlist offer 01a2189d-6e45 --doctor \"rosa quispe\" --at \"2026-03-03 10:00\"")]
    Offer(SlotArgs),
    /// Reserva la cita en un paso: la hora ofrecida, o la hora indicada (una que acaba de quedar libre)
    #[command(after_help = "Ejemplos:
  saludya waitlist book 01a2189d-6e45
  saludya waitlist book 01a2189d-6e45 --doctor \"rosa quispe\" --at \"2026-03-03 10:00\"")]
    Book(BookArgs),
    /// El paciente no aceptó la hora ofrecida: vuelve a esperar en su lugar y la hora queda libre
    #[command(after_help = "Ejemplo:
  saludya waitlist decline 01a2189d-6e45")]
    Decline {
        /// Entrada: id o prefijo del id (6+ caracteres)
        entry: String,
    },
    /// Retira a un paciente de la lista de espera
    #[command(after_help = "Ejemplo:
  saludya waitlist remove 01a2189d-6e45 --reason \"se atendió en otra clínica\"")]
    Remove {
        /// Entrada: id o prefijo del id (6+ caracteres)
        entry: String,
        /// Motivo
        #[arg(long)]
        reason: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Paciente: id, prefijo del id o DNI
    #[arg(long)]
    patient: String,
    /// Especialidad que espera (o --doctor)
    #[arg(long, required_unless_present = "doctor")]
    specialty: Option<String>,
    /// Médico que espera (su especialidad va implícita)
    #[arg(long)]
    doctor: Option<String>,
    /// Primer día que le sirve, AAAA-MM-DD
    #[arg(long)]
    from: Option<String>,
    /// Último día que le sirve, AAAA-MM-DD (después, la entrada vence)
    #[arg(long)]
    to: Option<String>,
    /// Hora del día: mañana (antes de las 13:00), tarde (desde las 13:00) o HH:MM-HH:MM
    #[arg(long)]
    time: Option<String>,
    /// Nota para la recepción
    #[arg(long)]
    note: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Solo las de este estado: waiting, offered, booked, expired, removed
    #[arg(long, conflicts_with = "all")]
    state: Option<String>,
    /// Todas, también las cerradas (reservadas, vencidas, retiradas)
    #[arg(long)]
    all: bool,
    /// Solo las de este paciente
    #[arg(long)]
    patient: Option<String>,
    /// Solo las de esta especialidad
    #[arg(long)]
    specialty: Option<String>,
    /// Solo las de este médico
    #[arg(long)]
    doctor: Option<String>,
}

#[derive(Debug, Args)]
pub struct SlotArgs {
    /// Entrada: id o prefijo del id (6+ caracteres)
    entry: String,
    /// Médico de la hora (por defecto el que la entrada espera)
    #[arg(long)]
    doctor: Option<String>,
    /// Hora de inicio "AAAA-MM-DD HH:MM" (hora de la clínica)
    #[arg(long)]
    at: String,
}

#[derive(Debug, Args)]
pub struct BookArgs {
    /// Entrada: id o prefijo del id (6+ caracteres)
    entry: String,
    /// Médico de la hora (si no se le ofreció una; por defecto el que la entrada espera)
    #[arg(long, requires = "at")]
    doctor: Option<String>,
    /// Hora de inicio "AAAA-MM-DD HH:MM" (si no se le ofreció una)
    #[arg(long)]
    at: Option<String>,
}

/// An entry as printed: the domain record plus when it was put on the list, in clinic time.
#[derive(Serialize)]
pub struct EntryView {
    #[serde(flatten)]
    pub entry: Entry,
    /// "YYYY-MM-DD HH:MM", clinic time.
    pub waiting_since: String,
}

/// A match as printed.
#[derive(Serialize)]
pub struct MatchView {
    #[serde(flatten)]
    pub entry: EntryView,
    pub slot: waitlist::SlotRef,
}

fn since(desk: &super::Clinic, utc: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(utc)
        .map(|t| {
            t.with_timezone(&desk.settings.time_zone)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| utc.to_string())
}

pub fn view(desk: &super::Clinic, entry: Entry) -> EntryView {
    EntryView {
        waiting_since: since(desk, &entry.created_at),
        entry,
    }
}

fn offered(e: &Entry) -> String {
    match (&e.offered_start, &e.offered_doctor_name) {
        (Some(s), Some(d)) if e.state == State::Offered => format!("{s} {d}"),
        _ => String::new(),
    }
}

fn columns() -> Vec<Column<EntryView>> {
    vec![
        Column::new(
            "waiting_since",
            "Espera desde",
            "Waiting since",
            |v: &EntryView| v.waiting_since.clone(),
        ),
        Column::localized("state", "Estado", "State", |v, l| {
            v.entry.state.label(l).to_string()
        }),
        Column::new("patient", "Paciente", "Patient", |v: &EntryView| {
            v.entry.patient_name.clone()
        })
        .shrink(),
        Column::new("dni", "DNI", "DNI", |v| v.entry.patient_dni.clone()),
        Column::new("phone", "Teléfono", "Phone", |v: &EntryView| {
            opt(&v.entry.patient_phone)
        })
        .optional(3),
        Column::new("wants", "Espera", "Waits for", |v: &EntryView| v.entry.wants()).shrink(),
        Column::new("window", "Fechas", "Dates", |v: &EntryView| v.entry.window()).optional(4),
        Column::localized("time_of_day", "Horario", "Time of day", |v: &EntryView, l| {
            v.entry.time_of_day().label(l)
        })
        .optional(5),
        Column::new("offered", "Hora ofrecida", "Offered slot", |v: &EntryView| {
            offered(&v.entry)
        })
        .shrink()
        .optional(2),
        Column::new("note", "Nota", "Note", |v: &EntryView| opt(&v.entry.note))
            .shrink()
            .optional(6),
        Column::new("id", "Id", "Id", |v: &EntryView| v.entry.id.to_string()).optional(1),
    ]
}

fn detail_columns() -> Vec<Column<EntryView>> {
    let mut cols = columns();
    cols.push(Column::new(
        "appointment_id",
        "Cita",
        "Appointment",
        |v: &EntryView| opt(&v.entry.appointment_id),
    ));
    cols.push(Column::new(
        "remove_reason",
        "Motivo del retiro",
        "Removal reason",
        |v: &EntryView| opt(&v.entry.remove_reason),
    ));
    cols
}

fn match_columns() -> Vec<Column<MatchView>> {
    vec![
        Column::new("start", "Hora libre", "Free slot", |m: &MatchView| {
            m.slot.start.to_string()
        }),
        Column::new("doctor", "Médico", "Doctor", |m: &MatchView| {
            m.slot.doctor_name.clone()
        })
        .shrink()
        .optional(3),
        Column::new("patient", "Paciente", "Patient", |m: &MatchView| {
            m.entry.entry.patient_name.clone()
        })
        .shrink(),
        Column::new("dni", "DNI", "DNI", |m| m.entry.entry.patient_dni.clone()),
        Column::new("phone", "Teléfono", "Phone", |m: &MatchView| {
            opt(&m.entry.entry.patient_phone)
        })
        .optional(2),
        Column::new(
            "waiting_since",
            "Espera desde",
            "Waiting since",
            |m: &MatchView| m.entry.waiting_since.clone(),
        )
        .optional(4),
        Column::new("entry", "Entrada", "Entry", |m: &MatchView| {
            m.entry.entry.id.to_string()
        }),
    ]
}

fn match_views(desk: &super::Clinic, waiting: &[Match]) -> Vec<MatchView> {
    waiting
        .iter()
        .map(|m| MatchView {
            entry: view(desk, m.entry.clone()),
            slot: m.slot.clone(),
        })
        .collect()
}

/// A record a slot-freeing command prints, with who waits for what it freed (`waitlist` in
/// JSON, only when someone waits: the record's other fields are unchanged).
#[derive(Serialize)]
struct Freed<'a, T: Serialize> {
    #[serde(flatten)]
    record: &'a T,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    waitlist: &'a [MatchView],
}

/// Prints `record` as `print_one` does, then who waits for the slot(s) it freed: in a table,
/// a second table after a line saying how to book it in one step; in JSON, a `waitlist` array
/// beside the record's fields; in CSV, the record and the line.
pub fn print_freeing<T: Serialize>(
    ctx: &Ctx,
    desk: &super::Clinic,
    record: &T,
    columns: &[Column<T>],
    waiting: &[Match],
) -> AppResult<()> {
    let views = match_views(desk, waiting);
    if ctx.format == Format::Json {
        return print_json(&Freed {
            record,
            waitlist: &views,
        });
    }
    print_one(ctx, record, columns)?;
    tell_waiting(ctx, &views)?;
    Ok(())
}

/// The line and (in a table) the list of who waits, for a command whose own output is not one
/// record (`doctor schedule`, `appointment cancel --following`).
pub fn print_waiting(ctx: &Ctx, desk: &super::Clinic, waiting: &[Match]) -> AppResult<()> {
    tell_waiting(ctx, &match_views(desk, waiting))
}

fn tell_waiting(ctx: &Ctx, views: &[MatchView]) -> AppResult<()> {
    let Some(first) = views.first() else {
        return Ok(());
    };
    ctx.tell(&tr!(
        "En lista de espera para lo que quedó libre: {} (primero quien más espera). Resérvele en un paso: `saludya waitlist book {} --doctor {} --at \"{}\"`.",
        "On the waiting list for what was freed: {} (longest-waiting first). Book it in one step: `saludya waitlist book {} --doctor {} --at \"{}\"`.",
        views.len(),
        first.entry.entry.id,
        first.slot.doctor_id,
        first.slot.start
    ));
    if ctx.format == Format::Table {
        // A blank line between the record (or schedule) and this second table.
        super::output::print_line("")?;
        print_list(ctx, views, &match_columns())?;
    }
    Ok(())
}

/// Says which waiting-list entries a booking took off the list.
pub fn tell_left(ctx: &Ctx, left: &[Entry]) {
    for e in left {
        ctx.tell(&tr!(
            "{} sale de la lista de espera de {} (entrada {}).",
            "{} leaves the {} waiting list (entry {}).",
            e.patient_name,
            e.specialty,
            e.id
        ));
    }
}

/// Who waits for the slot `freed` held (cancelled or moved away).
pub fn waiting_for_freed(desk: &LoggedIn, freed: &[Appointment]) -> AppResult<Vec<Match>> {
    flows::waitlist::waiting_for_freed(&desk.conn, freed, desk.clock.now())
}

pub fn run(ctx: &mut Ctx, cmd: WaitlistCommand) -> AppResult<()> {
    match cmd {
        WaitlistCommand::Add(a) => add(ctx, a),
        WaitlistCommand::List(a) => list(ctx, a),
        WaitlistCommand::Offer(a) => {
            let desk = ctx.desk()?;
            let id = waitlist::resolve_entry(&desk.conn, &a.entry)?;
            let now = desk.clock.now();
            let doctor = slot_doctor(&desk, &id, a.doctor.as_deref())?;
            let at = parse_wall(&a.at)?;
            let e = flows::waitlist::offer(&desk.conn, &id, &doctor, at, Some(&desk.staff.id), now)?;
            ctx.tell(&tr!(
                "Hora {} ofrecida a {}: queda reservada para esta entrada hasta que reserve (`saludya waitlist book {}`) o la rechace (`saludya waitlist decline {}`), {} horas como máximo.",
                "Slot {} offered to {}: it is held for this entry until you book it (`saludya waitlist book {}`) or it is declined (`saludya waitlist decline {}`), for {} hours at most.",
                e.offered_start.map(|s| s.to_string()).unwrap_or_default(),
                e.patient_name,
                e.id,
                e.id,
                desk.settings.offer_hold_hours
            ));
            print_one(ctx, &view(&desk, e), &detail_columns())
        }
        WaitlistCommand::Book(a) => book(ctx, a),
        WaitlistCommand::Decline { entry } => {
            let desk = ctx.desk()?;
            let id = waitlist::resolve_entry(&desk.conn, &entry)?;
            let e = flows::waitlist::decline(&desk.conn, &id, Some(&desk.staff.id), desk.clock.now())?;
            ctx.tell(&tr!(
                "{} vuelve a esperar en su lugar; la hora ofrecida quedó libre.",
                "{} waits again in their place; the offered slot is free.",
                e.patient_name
            ));
            print_one(ctx, &view(&desk, e), &detail_columns())
        }
        WaitlistCommand::Remove { entry, reason } => {
            let desk = ctx.desk()?;
            let id = waitlist::resolve_entry(&desk.conn, &entry)?;
            let e = flows::waitlist::remove(
                &desk.conn,
                &id,
                reason.as_deref(),
                Some(&desk.staff.id),
                desk.clock.now(),
            )?;
            ctx.tell(&tr!(
                "{} salió de la lista de espera de {}.",
                "{} left the {} waiting list.",
                e.patient_name,
                e.specialty
            ));
            print_one(ctx, &view(&desk, e), &detail_columns())
        }
    }
}

/// The doctor of a slot for an entry: the one named, else the one the entry waits for.
fn slot_doctor(
    desk: &LoggedIn,
    id: &crate::ids::WaitlistEntryId,
    named: Option<&str>,
) -> AppResult<crate::ids::DoctorId> {
    if let Some(d) = named {
        return Ok(catalog::resolve_doctor(&desk.conn, d)?.id);
    }
    let e = waitlist::get(&desk.conn, id, desk.clock.now())?;
    e.doctor_id.ok_or_else(|| {
        waitlist::WaitlistError::DoctorRequired {
            specialty: e.specialty.clone(),
        }
        .into()
    })
}

fn add(ctx: &mut Ctx, a: AddArgs) -> AppResult<()> {
    let desk = ctx.desk()?;
    let patient = patients::resolve_patient(&desk.conn, &a.patient)?;
    let specialty = a
        .specialty
        .as_deref()
        .map(|s| catalog::resolve_specialty(&desk.conn, s))
        .transpose()?;
    let doctor = a
        .doctor
        .as_deref()
        .map(|d| catalog::resolve_doctor(&desk.conn, d))
        .transpose()?;
    let new = NewEntry::new(
        &patient.id,
        specialty.as_ref().map(|s| &s.id),
        doctor.as_ref().map(|d| &d.id),
        &EntryInput {
            from: a.from.as_deref(),
            to: a.to.as_deref(),
            time: a.time.as_deref(),
            note: a.note.as_deref(),
        },
    )?;
    let e = flows::waitlist::add(&desk.conn, &new, Some(&desk.staff.id), desk.clock.now())?;
    let ahead = waitlist::list(
        &desk.conn,
        &ListFilter {
            specialty_id: Some(e.specialty_id.clone()),
            ..ListFilter::default()
        },
        desk.clock.now(),
    )?
    .len()
        - 1;
    ctx.tell(&tr!(
        "{} está en la lista de espera de {} ({} antes en esa especialidad). Cuando se libere una hora que le sirva, el comando que la libere lo mostrará.",
        "{} is on the {} waiting list ({} ahead in that specialty). When a slot that suits them frees up, the command that frees it shows it.",
        e.patient_name,
        e.wants(),
        ahead
    ));
    print_one(ctx, &view(&desk, e), &detail_columns())
}

fn list(ctx: &mut Ctx, a: ListArgs) -> AppResult<()> {
    let desk = ctx.desk()?;
    let filter = ListFilter {
        state: a.state.as_deref().map(State::parse).transpose()?,
        all: a.all,
        patient_id: a
            .patient
            .as_deref()
            .map(|p| patients::resolve_patient(&desk.conn, p).map(|p| p.id))
            .transpose()?,
        specialty_id: a
            .specialty
            .as_deref()
            .map(|s| catalog::resolve_specialty(&desk.conn, s).map(|s| s.id))
            .transpose()?,
        doctor_id: a
            .doctor
            .as_deref()
            .map(|d| catalog::resolve_doctor(&desk.conn, d).map(|d| d.id))
            .transpose()?,
    };
    let entries: Vec<EntryView> = waitlist::list(&desk.conn, &filter, desk.clock.now())?
        .into_iter()
        .map(|e| view(&desk, e))
        .collect();
    print_list(ctx, &entries, &columns())
}

fn book(ctx: &mut Ctx, a: BookArgs) -> AppResult<()> {
    let desk = ctx.desk()?;
    let id = waitlist::resolve_entry(&desk.conn, &a.entry)?;
    let now = desk.clock.now();
    let slot = match &a.at {
        Some(at) => Some((slot_doctor(&desk, &id, a.doctor.as_deref())?, parse_wall(at)?)),
        None => None,
    };
    let (entry, appt) = flows::waitlist::book(
        &desk.conn,
        &id,
        slot.as_ref().map(|(d, at)| (d, *at)),
        Some(&desk.staff.id),
        now,
    )?;
    ctx.tell(&tr!(
        "Cita reservada para {} desde la lista de espera: {} con {} ({}), {}. Siguiente paso: `saludya pay {}`.",
        "Appointment booked for {} from the waiting list: {} with {} ({}), {}. Next: `saludya pay {}`.",
        entry.patient_name,
        appt.start,
        appt.doctor_name,
        appt.specialty,
        appt.price_cents.display(&desk.settings.currency),
        appt.id
    ));
    print_one(
        ctx,
        &super::appointment::view(&desk.settings.currency, appt),
        &super::appointment::columns(),
    )
}
