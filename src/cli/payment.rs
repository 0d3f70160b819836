//! `pay` and `payment show|list|refund` (original: the payment service).

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::Ctx;
use super::output::{Column, Format, opt, print_json, print_list, print_one};
use crate::domain::payments::{self, Method, MethodTotal, Payment, PaymentFilter, RecordKind, Status};
use crate::error::{AppError, AppResult};

use crate::money::Cents;
use crate::tr;

#[derive(Debug, Subcommand)]
pub enum PaymentCommand {
    /// Muestra un pago o devolución (id o prefijo)
    Show {
        /// Id del pago (o sus primeros 6+ caracteres)
        payment: String,
    },
    /// Lista los pagos de un día con los totales por medio de pago (el cierre de caja)
    List(ListArgs),
    /// Devuelve un pago aprobado (solo admin): registra un movimiento inverso con su motivo
    Refund {
        /// Id del pago (o sus primeros 6+ caracteres)
        payment: String,
        /// Motivo de la devolución
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Día de la clínica (YYYY-MM-DD; por defecto hoy)
    #[arg(long, value_name = "YYYY-MM-DD", conflicts_with = "all")]
    date: Option<String>,
    /// Todos los días
    #[arg(long)]
    all: bool,
    /// Solo este medio: card, cash, transfer, yape, plin
    #[arg(long)]
    method: Option<String>,
    /// Solo los movimientos de esta cita (id o prefijo), de cualquier día
    #[arg(long, value_name = "APPOINTMENT")]
    appointment: Option<String>,
}

fn card_text(p: &Payment) -> String {
    match (&p.card_brand, &p.card_last_four) {
        (Some(b), Some(l)) => format!("{b} ••••{l}"),
        (Some(b), None) => b.clone(),
        (None, Some(l)) => format!("••••{l}"),
        (None, None) => String::new(),
    }
}

fn kind_status(p: &Payment) -> String {
    match (p.kind, p.status) {
        (RecordKind::Payment, Status::Succeeded) => "pago / payment".into(),
        (RecordKind::Refund, _) => "devolución / refund".into(),
        (RecordKind::Payment, Status::Declined) => "RECHAZADO / declined".into(),
    }
}

pub(crate) fn payment_fields() -> Vec<Column<Payment>> {
    vec![
        Column::new("Recibo", "Receipt", |p| {
            p.receipt_number.map(|n| n.to_string()).unwrap_or_default()
        }),
        Column::new("Tipo", "Kind", kind_status),
        Column::new("Medio", "Method", |p| p.method.as_str().to_string()),
        Column::new("Monto", "Amount", |p| p.amount.clone()),
        Column::new("Entregado", "Tendered", |p| opt(&p.tendered)),
        Column::new("Vuelto", "Change", |p| opt(&p.change)),
        Column::new("Tarjeta", "Card", card_text),
        Column::new("Referencia", "Reference", |p| opt(&p.reference)),
        Column::new("Motivo", "Reason", |p| {
            p.decline_text()
                .map(|t| t.es.into_owned())
                .or_else(|| p.reason.clone())
                .unwrap_or_default()
        }),
        Column::new("Transacción", "Transaction", |p| p.transaction_id.clone()),
        Column::new("Cita", "Appointment", |p| p.appointment_id.clone()),
        Column::new("Devuelve a", "Refund of", |p| opt(&p.refund_of)),
        Column::new("Fecha (UTC)", "Created (UTC)", |p| p.created_at.clone()),
        Column::new("Id", "Id", |p| p.id.clone()),
    ]
}

fn list_columns() -> Vec<Column<Payment>> {
    vec![
        Column::new("Recibo", "Receipt", |p| {
            p.receipt_number.map(|n| n.to_string()).unwrap_or_default()
        }),
        Column::new("Hora (UTC)", "Time (UTC)", |p| p.created_at.clone()),
        Column::new("Tipo", "Kind", kind_status),
        Column::new("Medio", "Method", |p| p.method.as_str().to_string()),
        Column::new("Monto", "Amount", |p| {
            if p.kind == RecordKind::Refund {
                format!("-{}", p.amount)
            } else {
                p.amount.clone()
            }
        }),
        Column::new("Tarjeta/Ref.", "Card/Ref.", |p| {
            let c = card_text(p);
            if c.is_empty() { opt(&p.reference) } else { c }
        }),
        Column::new("Cita", "Appointment", |p| {
            p.appointment_id.chars().take(13).collect()
        }),
        Column::new("Id", "Id", |p| p.id.clone()),
    ]
}

fn total_columns() -> Vec<Column<MethodTotal>> {
    vec![
        Column::new("Medio", "Method", |t| t.method.as_str().to_string()),
        Column::new("Pagos", "Payments", |t| t.payments.to_string()),
        Column::new("Devoluciones", "Refunds", |t| t.refunds.to_string()),
        Column::new("Rechazados", "Declined", |t| t.declined.to_string()),
        Column::new("Neto", "Net", |t| t.net.clone()),
    ]
}

pub fn run(ctx: &mut Ctx, cmd: PaymentCommand) -> AppResult<()> {
    match cmd {
        PaymentCommand::Show { payment } => {
            let desk = ctx.desk()?;
            let id = payments::resolve_payment(&desk.conn, &payment)?;
            let p = payments::get_payment(&desk.conn, &id)?;
            print_one(ctx, &p, &payment_fields())
        }
        PaymentCommand::List(args) => list(ctx, args),
        PaymentCommand::Refund { payment, reason } => {
            let mut desk = ctx.admin_desk()?;
            let now = desk.clock.now();
            let staff_id = desk.staff.id.clone();
            let refund = crate::db::write(&mut desk.conn, |tx| {
                let id = payments::resolve_payment(tx, &payment)?;
                payments::refund_payment(tx, &id, &reason, &staff_id, now)
            })?;
            ctx.tell(&tr!(
                "Devolución registrada: {} ({}), recibo {}.",
                "Refund recorded: {} ({}), receipt {}.",
                refund.amount,
                refund.method.as_str(),
                refund.receipt_number.unwrap_or_default()
            ));
            print_one(ctx, &refund, &payment_fields())
        }
    }
}

/// `payment list --format json`: the records and the per-method totals.
#[derive(Serialize)]
struct CashClose<'a> {
    date: Option<String>,
    payments: &'a [Payment],
    totals: &'a [MethodTotal],
    net_cents: Cents,
    net: String,
}

fn list(ctx: &mut Ctx, args: ListArgs) -> AppResult<()> {
    let method = args.method.as_deref().map(Method::parse).transpose()?;
    let desk = ctx.desk()?;
    let tz = desk.settings.time_zone;
    let appointment_id = args
        .appointment
        .as_deref()
        .map(|a| {
            crate::db::resolve_id_prefix(&desk.conn, "appointment_appointments", a, ("cita", "appointment"))
        })
        .transpose()?;
    let date = match (&args.date, args.all || appointment_id.is_some()) {
        (Some(d), _) => Some(NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|_| {
            let shown: String = d.chars().filter(|c| !c.is_control()).take(30).collect();
            AppError::invalid(tr!(
                "Fecha no válida: «{shown}» (use YYYY-MM-DD).",
                "Invalid date: '{shown}' (use YYYY-MM-DD)."
            ))
        })?),
        (None, true) => None,
        (None, false) => Some(desk.clock.now().with_timezone(&tz).date_naive()),
    };
    let filter = PaymentFilter {
        date,
        method,
        appointment_id,
    };
    let records = payments::list_payments(&desk.conn, &filter, tz)?;
    let totals = payments::totals(&records, &desk.settings.currency);
    let net = Cents(totals.iter().map(|t| t.net_cents.0).sum());
    match ctx.format {
        Format::Json => print_json(&CashClose {
            date: date.map(|d| d.to_string()),
            payments: &records,
            totals: &totals,
            net_cents: net,
            net: net.display(&desk.settings.currency),
        }),
        Format::Csv => print_list(ctx, &records, &list_columns()),
        Format::Table => {
            print_list(ctx, &records, &list_columns())?;
            if !records.is_empty() {
                print_list(ctx, &totals, &total_columns())?;
                ctx.tell(&tr!(
                    "Total neto en caja{}: {}",
                    "Net total{}: {}",
                    date.map(|d| format!(" ({d})")).unwrap_or_default(),
                    net.display(&desk.settings.currency)
                ));
            }
            Ok(())
        }
    }
}
