//! `pay` and `payment show|list|refund` (original: the payment service).

use std::io::{BufRead, IsTerminal};

use clap::{Args, Subcommand};
use zeroize::Zeroizing;

use super::Ctx;
use super::output::{Column, Format, opt, print_json, print_list, print_one};
use crate::domain::payments::card::CardInput;
use crate::domain::payments::{
    self, Method, MethodTotal, Payment, PaymentFilter, PaymentRequest, RecordKind, Status,
};
use crate::error::{AppError, AppResult, Kind};
use crate::flows::pay::{PayResult, pay as pay_flow};
use crate::i18n::{Lang, Text};

use crate::money::Cents;
use crate::tr;

const PAY_AFTER_HELP: &str = "\
El monto es el precio guardado en la cita. Una tarjeta rechazada queda registrada (sin datos de la
tarjeta) y sale con código 6. Con --idempotency-key, repetir el mismo comando devuelve el primer
resultado (mismo id de transacción) en vez de cobrar dos veces.

Ejemplos:
  printf '4111 1111 1111 1111\\n12/28\\n123\\n' | saludya pay 0195f3 --method card --card-stdin
  saludya pay 0195f3 --method cash --tendered 200
  saludya pay 0195f3 --method yape --reference 123456 --idempotency-key caja1-0042";

pub const EXAMPLES: &str = "\
Ejemplos:
  saludya payment list                          movimientos de hoy (y, en tabla, los totales)
  saludya payment list --date 2026-03-02 --method cash
  saludya --format json payment list            [{...}, ...] (un arreglo de movimientos)
  saludya payment close --date 2026-03-02       cierre de caja: totales por medio y neto
  saludya --format json payment close           {\"date\": ..., \"totals\": [...], \"net_cents\": ...}
  saludya payment list --appointment 0195f3     todos los movimientos de una cita
  saludya payment show 0195f3a1
  saludya payment refund 0195f3a1 --reason \"cobro duplicado\"   (admin)";

#[derive(Debug, Args)]
#[command(after_help = PAY_AFTER_HELP)]
pub struct PayArgs {
    /// Cita a cobrar (id o sus primeros 6+ caracteres)
    appointment: String,
    /// Medio de pago: card, cash, transfer, yape, plin
    #[arg(long)]
    method: String,
    /// Leer la tarjeta de la entrada estándar: número, vencimiento MM/AA y CVV, uno por línea
    /// (si no, se piden en avisos ocultos)
    #[arg(long)]
    card_stdin: bool,
    /// Efectivo: monto entregado (por defecto, el precio exacto); se muestra el vuelto
    #[arg(long, value_name = "MONTO")]
    tendered: Option<String>,
    /// Transferencia, Yape o Plin: número de operación
    #[arg(long)]
    reference: Option<String>,
    /// Clave para reintentos seguros: el mismo pago repetido con la misma clave no cobra dos veces
    #[arg(long, value_name = "KEY")]
    idempotency_key: Option<String>,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum PaymentCommand {
    /// Muestra un pago o devolución (id o prefijo)
    #[command(after_help = "Ejemplo:\n  saludya payment show 0190f0aa1b2c")]
    Show {
        /// Id del pago (o sus primeros 6+ caracteres)
        payment: String,
    },
    /// Lista los pagos de un día (en JSON, un arreglo; en tabla, seguido de los totales)
    #[command(
        after_help = "Ejemplos:\n  saludya payment list\n  saludya payment list --date 2026-03-02 --method cash\n  saludya --format csv payment list --all > pagos.csv"
    )]
    List(ListArgs),
    /// Cierre de caja de un día: totales por medio de pago y neto
    #[command(after_help = "Ejemplos:\n  saludya payment close\n  saludya payment close --date 2026-03-01")]
    Close {
        /// Día de la clínica (YYYY-MM-DD; por defecto hoy)
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// Devuelve un pago aprobado (solo admin): registra un movimiento inverso con su motivo
    #[command(after_help = "Ejemplo:\n  saludya payment refund 0190f0aa1b2c --reason \"cobro duplicado\"")]
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

fn kind_status(p: &Payment, lang: Lang) -> String {
    match (p.kind, p.status) {
        (RecordKind::Payment, Status::Succeeded) => lang.pick("pago", "payment"),
        (RecordKind::Refund, _) => lang.pick("devolución", "refund"),
        (RecordKind::Payment, Status::Declined) => lang.pick("✗ RECHAZADO", "✗ DECLINED"),
    }
    .to_string()
}

pub(crate) fn payment_fields() -> Vec<Column<Payment>> {
    vec![
        Column::new("receipt", "Recibo", "Receipt", |p| {
            p.receipt_number.map(|n| n.to_string()).unwrap_or_default()
        }),
        Column::localized("kind", "Tipo", "Kind", kind_status),
        Column::localized("method", "Medio", "Method", |p, lang| {
            p.method.label().get(lang).to_string()
        }),
        Column::new("amount", "Monto", "Amount", |p| p.amount.clone()),
        Column::new("tendered", "Entregado", "Tendered", |p| opt(&p.tendered)),
        Column::new("change", "Vuelto", "Change", |p| opt(&p.change)),
        Column::new("card", "Tarjeta", "Card", card_text),
        Column::new("reference", "Referencia", "Reference", |p| opt(&p.reference)),
        Column::localized("reason", "Motivo", "Reason", |p, lang| {
            p.decline_text()
                .map(|t| t.get(lang).to_string())
                .or_else(|| p.reason.clone())
                .unwrap_or_default()
        }),
        Column::new("transaction", "Transacción", "Transaction", |p| {
            p.transaction_id.clone()
        }),
        Column::new("appointment", "Cita", "Appointment", |p| {
            p.appointment_id.to_string()
        }),
        Column::new("refund_of", "Devuelve a", "Refund of", |p| opt(&p.refund_of)),
        Column::new("created_utc", "Fecha (UTC)", "Created (UTC)", |p| {
            p.created_at.clone()
        }),
        Column::new("id", "Id", "Id", |p| p.id.to_string()),
    ]
}

fn list_columns() -> Vec<Column<Payment>> {
    vec![
        Column::new("receipt", "Recibo", "Receipt", |p| {
            p.receipt_number.map(|n| n.to_string()).unwrap_or_default()
        }),
        Column::new("time_utc", "Hora (UTC)", "Time (UTC)", |p: &Payment| {
            p.created_at.clone()
        })
        .optional(3),
        Column::localized("kind", "Tipo", "Kind", kind_status),
        Column::localized("method", "Medio", "Method", |p, lang| {
            p.method.label().get(lang).to_string()
        }),
        Column::new("amount", "Monto", "Amount", |p| {
            if p.kind == RecordKind::Refund {
                format!("-{}", p.amount)
            } else {
                p.amount.clone()
            }
        }),
        Column::new("card_ref", "Tarjeta/Ref.", "Card/Ref.", |p| {
            let c = card_text(p);
            if c.is_empty() { opt(&p.reference) } else { c }
        })
        .shrink()
        .optional(4),
        Column::new("appointment", "Cita", "Appointment", |p: &Payment| {
            p.appointment_id.chars().take(13).collect()
        })
        .optional(2),
        Column::new("id", "Id", "Id", |p: &Payment| p.id.to_string()).optional(1),
    ]
}

fn total_columns() -> Vec<Column<MethodTotal>> {
    vec![
        Column::localized("method", "Medio", "Method", |t, lang| {
            t.method.label().get(lang).to_string()
        }),
        Column::new("payments", "Pagos", "Payments", |t| t.payments.to_string()),
        Column::new("refunds", "Devoluciones", "Refunds", |t| t.refunds.to_string()),
        Column::new("declined", "Rechazados", "Declined", |t| t.declined.to_string()),
        Column::new("net", "Neto", "Net", |t| t.net.clone()),
    ]
}

/// `pay`: parse, validate, then the pay flow (payment + confirmation in one transaction).
pub fn pay(ctx: &mut Ctx, args: PayArgs) -> AppResult<()> {
    let method = Method::parse(&args.method)?;
    let tendered = args.tendered.as_deref().map(Cents::parse).transpose()?;
    if args.card_stdin && method != Method::Card {
        return Err(AppError::invalid(Text::new(
            "--card-stdin solo corresponde a --method card.",
            "--card-stdin only applies to --method card.",
        )));
    }
    let desk = ctx.desk()?;
    // Options are checked before the card is asked for; the card lines are read last.
    PaymentRequest::check_options(
        method,
        tendered,
        args.reference.as_deref(),
        args.idempotency_key.as_deref(),
    )?;
    // A wrong appointment is reported before anyone types card details.
    let appointment = crate::domain::appointments::resolve_appointment(&desk.conn, &args.appointment)?;
    let card = if method == Method::Card {
        Some(read_card(args.card_stdin, ctx.lang)?)
    } else {
        None
    };
    let req = PaymentRequest::new(
        method,
        card,
        tendered,
        args.reference.as_deref(),
        args.idempotency_key.as_deref(),
    )?;
    let now = desk.clock.now();
    let tz = desk.settings.time_zone;
    let staff_id = desk.staff.id.clone();
    match pay_flow(&desk.conn, &appointment.id, req, &staff_id, now, tz)? {
        PayResult::Paid(out) => {
            let p = &out.payment;
            if out.replayed {
                ctx.say(
                    "Reintento con la misma clave: este es el pago ya registrado (no se cobró de nuevo).",
                    "Retry with the same key: this is the payment already recorded (nothing charged again).",
                );
            } else {
                let change = p.change.clone().unwrap_or_default();
                let Text {
                    es: method_es,
                    en: method_en,
                } = p.method.label();
                let (amount, receipt, tx) =
                    (&p.amount, p.receipt_number.unwrap_or_default(), &p.transaction_id);
                let (status_es, status_en) = (
                    out.appointment_status.label(crate::i18n::Lang::Es),
                    out.appointment_status.label(crate::i18n::Lang::En),
                );
                ctx.tell(&Text::owned(
                    format!(
                        "Pago aprobado: {amount} ({method_es}){}. Recibo {receipt}, transacción {tx}. La cita queda {status_es}.",
                        if change.is_empty() { String::new() } else { format!(", vuelto {change}") }
                    ),
                    format!(
                        "Payment approved: {amount} ({method_en}){}. Receipt {receipt}, transaction {tx}. The appointment is now {status_en}.",
                        if change.is_empty() { String::new() } else { format!(", change {change}") }
                    ),
                ));
            }
            match ctx.format {
                Format::Json => print_json(&out),
                _ => print_one(ctx, p, &payment_fields()),
            }
        }
        PayResult::Declined(p) => {
            match ctx.format {
                Format::Json => print_json(&p)?,
                _ => print_one(ctx, &p, &payment_fields())?,
            }
            let reason = p.decline_text().unwrap_or_else(|| Text::new("", ""));
            Err(AppError::new(
                Kind::Declined,
                Text::owned(
                    format!(
                        "Pago rechazado: {} (intento registrado: {}).",
                        reason.es, p.transaction_id
                    ),
                    format!(
                        "Payment declined: {} (attempt recorded: {}).",
                        reason.en, p.transaction_id
                    ),
                ),
            )
            .with_hint(Text::new(
                "Revise los datos, pida otra tarjeta o use otro medio de pago.",
                "Check the details, ask for another card or use another payment method.",
            )))
        }
    }
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
        PaymentCommand::Close { date } => close(ctx, date.as_deref()),
        PaymentCommand::Refund { payment, reason } => {
            let desk = ctx.admin_desk()?;
            let now = desk.clock.now();
            let staff_id = desk.staff.id.clone();
            let out = crate::flows::refund::refund(&desk.conn, &payment, &reason, &staff_id, now)?;
            let refund = &out.refund;
            let Text {
                es: method_es,
                en: method_en,
            } = refund.method.label();
            let (amount, receipt) = (&refund.amount, refund.receipt_number.unwrap_or_default());
            let (status_es, status_en) = (
                out.appointment_status.label(crate::i18n::Lang::Es),
                out.appointment_status.label(crate::i18n::Lang::En),
            );
            ctx.tell(&tr!(
                "Devolución registrada: {amount} ({method_es}), recibo {receipt}. La cita queda {status_es}.",
                "Refund recorded: {amount} ({method_en}), receipt {receipt}. The appointment is now {status_en}."
            ));
            match ctx.format {
                Format::Json => print_json(&out),
                _ => print_one(ctx, refund, &payment_fields()),
            }
        }
    }
}

use crate::wall_time::parse_date;

/// `payment close [--date D]`: the end-of-day cash close (`--format json`: the read model
/// [`payments::CashClose`] as it is).
fn close(ctx: &mut Ctx, date: Option<&str>) -> AppResult<()> {
    let date = date.map(parse_date).transpose()?;
    let desk = ctx.desk()?;
    let tz = desk.settings.time_zone;
    let date = date.unwrap_or_else(|| desk.clock.now().with_timezone(&tz).date_naive());
    let close = payments::cash_close(&desk.conn, date, tz, &desk.settings.currency)?;
    match ctx.format {
        Format::Json => print_json(&close),
        _ => print_close_table(ctx, &close),
    }
}

/// The cash close as the desk reads it: the per-method table, then the net on stderr.
pub(super) fn print_close_table(ctx: &Ctx, close: &payments::CashClose) -> AppResult<()> {
    print_list(ctx, &close.totals, &total_columns())?;
    let date = &close.date;
    ctx.tell(&tr!(
        "Total neto en caja ({date}): {}",
        "Net total ({date}): {}",
        close.net
    ));
    Ok(())
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
        (Some(d), _) => Some(parse_date(d)?),
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
        // Lists are JSON arrays (DESIGN.md); the totals are `payment close`.
        Format::Json => print_json(&records),
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

/// One line from stdin into a zeroed-on-drop buffer, without its line end.
fn read_secret_line(input: &mut impl BufRead) -> AppResult<Zeroizing<String>> {
    // Room for any card line up front, so the buffer is never reallocated (a reallocation would
    // leave an un-zeroed copy behind).
    let mut line = Zeroizing::new(String::with_capacity(128));
    let n = input.read_line(&mut line)?;
    if n == 0 {
        return Err(AppError::invalid(Text::new(
            "Faltan datos de la tarjeta en la entrada estándar (número, vencimiento MM/AA y CVV, uno por línea).",
            "Standard input ended before the card details (number, expiry MM/YY and CVV, one per line).",
        )));
    }
    let keep = line.trim_end_matches(['\r', '\n']).len();
    line.truncate(keep);
    Ok(line)
}

/// The three card lines from stdin (`--card-stdin`) or hidden prompts on the terminal.
pub(crate) fn read_card(from_stdin: bool, lang: Lang) -> AppResult<CardInput> {
    if super::sink::capturing() {
        return Err(super::batch::secret_refused());
    }
    let (mut number, mut expiry, mut cvv) = if from_stdin {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        (
            read_secret_line(&mut input)?,
            read_secret_line(&mut input)?,
            read_secret_line(&mut input)?,
        )
    } else {
        if !std::io::stdin().is_terminal() {
            return Err(AppError::invalid(Text::new(
                "No hay terminal para pedir los datos de la tarjeta.",
                "There is no terminal to ask for the card details.",
            ))
            .with_hint(Text::new(
                "Páselos por la entrada estándar con --card-stdin (número, MM/AA y CVV, uno por línea).",
                "Pipe them through standard input with --card-stdin (number, MM/YY and CVV, one per line).",
            )));
        }
        let ask = |es: &str, en: &str| -> AppResult<Zeroizing<String>> {
            Ok(Zeroizing::new(rpassword::prompt_password(format!(
                "{}: ",
                lang.pick(es, en)
            ))?))
        };
        (
            ask("Número de tarjeta", "Card number")?,
            ask("Vencimiento (MM/AA)", "Expiry (MM/YY)")?,
            ask("CVV", "CVV")?,
        )
    };
    // Moves the buffers (no copy) into the input, which zeroes them when validation drops it.
    Ok(CardInput::new(
        std::mem::take(&mut *number),
        std::mem::take(&mut *expiry),
        std::mem::take(&mut *cvv),
    ))
}
