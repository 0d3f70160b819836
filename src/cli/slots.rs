//! `slots (--doctor D | --specialty S) [--from DATE] [--days N] [--limit N]`.

use clap::Args;
use serde::Serialize;

use super::Ctx;
use super::output::{Column, print_list};
use crate::domain::appointments::SlotSearch;
use crate::domain::catalog::{self, parse_date, slots::Slot};
use crate::error::AppResult;

// Free slots of one doctor or of every active doctor of a specialty, earliest first. (Its help
// text is the `Slots` command's doc comment: a doc comment here would replace it.)
#[derive(Debug, Args)]
#[command(after_help = "Ejemplos:
  saludya slots --specialty cardiologia --limit 5
  saludya slots --doctor \"rosa quispe\" --from 2026-03-09 --days 7
  saludya --format json slots --specialty pediatria")]
pub struct SlotsArgs {
    /// Médico: id, prefijo del id o nombre único
    #[arg(long, required_unless_present = "specialty", conflicts_with = "specialty")]
    doctor: Option<String>,
    /// Especialidad: nombre (sin importar tildes), inicio del nombre o id
    #[arg(long)]
    specialty: Option<String>,
    /// Primer día AAAA-MM-DD (por defecto hoy)
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Cuántos días buscar (1–366)
    #[arg(long, default_value_t = 14)]
    days: u32,
    /// Máximo de horarios (0 = todos)
    #[arg(long, default_value_t = 20)]
    limit: usize,
}

#[derive(Serialize)]
struct SlotView {
    #[serde(flatten)]
    slot: Slot,
    price: String,
}

pub fn run(ctx: &mut Ctx, args: SlotsArgs) -> AppResult<()> {
    let desk = ctx.desk()?;
    let search = SlotSearch {
        doctor_id: args
            .doctor
            .as_deref()
            .map(|d| catalog::resolve_doctor(&desk.conn, d).map(|d| d.id))
            .transpose()?,
        specialty_id: args
            .specialty
            .as_deref()
            .map(|s| catalog::resolve_specialty(&desk.conn, s).map(|s| s.id))
            .transpose()?,
        from: args.from.as_deref().map(parse_date).transpose()?,
        days: args.days,
        limit: args.limit,
    };
    let currency = desk.settings.currency.clone();
    let slots: Vec<SlotView> = crate::flows::desk::free_slots(
        &desk.conn,
        &search,
        None,
        None,
        desk.clock.now(),
        desk.settings.time_zone,
    )?
    .into_iter()
    .map(|slot| SlotView {
        price: slot.price_cents.display(&currency),
        slot,
    })
    .collect();
    if slots.is_empty() {
        ctx.say(
            "No hay horarios libres en ese rango; pruebe con más --days u otra fecha --from.",
            "No free slots in that range; try more --days or another --from date.",
        );
    }
    print_list(
        ctx,
        &slots,
        &[
            Column::new("start", "Inicio", "Start", |s: &SlotView| {
                s.slot.start.to_string()
            }),
            Column::new("doctor", "Médico", "Doctor", |s: &SlotView| {
                s.slot.doctor_name.clone()
            })
            .shrink(),
            Column::new("specialty", "Especialidad", "Specialty", |s: &SlotView| {
                s.slot.specialty.clone()
            })
            .shrink()
            .optional(3),
            Column::new("min", "Min", "Min", |s: &SlotView| {
                s.slot.slot_minutes.to_string()
            })
            .optional(5),
            Column::new("price", "Precio", "Price", |s: &SlotView| s.price.clone()).optional(4),
            Column::new("rating", "Valoración", "Rating", |s: &SlotView| {
                format!("{:.1}", s.slot.rating)
            })
            .optional(6),
            Column::new("doctor_id", "Id del médico", "Doctor id", |s: &SlotView| {
                s.slot.doctor_id.to_string()
            })
            .optional(1),
        ],
    )
}
