//! The payments domain's typed errors, with their messages in one exhaustive match per
//! language. They name no command-line flag: the CLI adds `--reference`, `--tendered`, the
//! card lines and new idempotency keys as hints (`src/cli/errors.rs`). A card decline is
//! [`super::card::DeclineReason`] (its own message table), not one of these.

use crate::domain::appointments::Status as AppointmentStatus;
use crate::error::{AppError, Cause, Kind};
use crate::i18n::Text;
use crate::ids::PaymentId;

use super::Method;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PaymentError {
    /// The appointment has a successful, un-refunded payment.
    #[error("{}", en(self))]
    AlreadyPaid {
        payment: PaymentId,
        receipt: i64,
        amount: String,
        transaction: String,
    },
    /// A cancelled or no-show appointment is not paid.
    #[error("{}", en(self))]
    NotPayable { status: AppointmentStatus },
    /// A method other than card, cash, transfer, yape or plin (`input` already shortened).
    #[error("{}", en(self))]
    UnknownMethod { input: String },
    /// Card details given for another method.
    #[error("{}", en(self))]
    CardDetailsForOtherMethod { method: Method },
    /// The card number line also holds the expiry or the CVV.
    #[error("{}", en(self))]
    CardLineHoldsMore,
    /// A card payment without a card number.
    #[error("{}", en(self))]
    CardMissing,
    /// An amount tendered for a method other than cash.
    #[error("{}", en(self))]
    TenderedNotForMethod { method: Method },
    /// An operation number for a method that has none (card, cash).
    #[error("{}", en(self))]
    ReferenceNotForMethod { method: Method },
    /// A transfer or wallet payment without its operation number.
    #[error("{}", en(self))]
    ReferenceRequired { method: Method },
    /// An operation number longer than 60 or with control characters.
    #[error("{}", en(self))]
    ReferenceInvalid,
    /// An idempotency key that is not 1–100 visible ASCII characters.
    #[error("{}", en(self))]
    IdempotencyKeyInvalid,
    /// No payment has that id.
    #[error("{}", en(self))]
    NotFound { id: String },
    /// The payment made with this idempotency key was refunded since.
    #[error("{}", en(self))]
    KeyPaymentRefunded { receipt: i64 },
    /// The idempotency key belongs to a payment of another appointment or method.
    #[error("{}", en(self))]
    KeyUsedElsewhere,
    /// Cash tendered below the price (amounts already formatted in the currency).
    #[error("{}", en(self))]
    TenderedTooLow { tendered: String, price: String },
    /// A refund reason empty, longer than 200 or with control characters.
    #[error("{}", en(self))]
    RefundReasonInvalid,
    /// Only a succeeded payment is refunded; this one is a refund or a declined attempt.
    #[error("{}", en(self))]
    NotRefundable { id: PaymentId, is_refund: bool },
    /// The payment was refunded already.
    #[error("{}", en(self))]
    AlreadyRefunded { receipt: i64, at: String },
}

impl PaymentError {
    pub fn kind(&self) -> Kind {
        match self {
            PaymentError::AlreadyPaid { .. }
            | PaymentError::NotPayable { .. }
            | PaymentError::KeyPaymentRefunded { .. }
            | PaymentError::KeyUsedElsewhere
            | PaymentError::NotRefundable { .. }
            | PaymentError::AlreadyRefunded { .. } => Kind::Conflict,
            PaymentError::NotFound { .. } => Kind::NotFound,
            PaymentError::UnknownMethod { .. }
            | PaymentError::CardDetailsForOtherMethod { .. }
            | PaymentError::CardLineHoldsMore
            | PaymentError::CardMissing
            | PaymentError::TenderedNotForMethod { .. }
            | PaymentError::ReferenceNotForMethod { .. }
            | PaymentError::ReferenceRequired { .. }
            | PaymentError::ReferenceInvalid
            | PaymentError::IdempotencyKeyInvalid
            | PaymentError::TenderedTooLow { .. }
            | PaymentError::RefundReasonInvalid => Kind::Invalid,
        }
    }
}

impl From<PaymentError> for AppError {
    fn from(e: PaymentError) -> AppError {
        AppError::new(e.kind(), Text::owned(es(&e), en(&e))).with_cause(Cause::Payment(e))
    }
}

fn es(e: &PaymentError) -> String {
    match e {
        PaymentError::AlreadyPaid {
            receipt,
            amount,
            transaction,
            ..
        } => format!("La cita ya está pagada (recibo {receipt}, {amount}, transacción {transaction})."),
        PaymentError::NotPayable { status } => format!(
            "No se puede cobrar una cita {}.",
            status.label(crate::i18n::Lang::Es)
        ),
        PaymentError::UnknownMethod { input } => {
            format!("Medio de pago desconocido «{input}»: use card, cash, transfer, yape o plin.")
        }
        PaymentError::CardDetailsForOtherMethod { method } => format!(
            "Los datos de tarjeta no corresponden al medio de pago {}.",
            method.label().es
        ),
        PaymentError::CardLineHoldsMore => "La línea del número de tarjeta trae algo más que el número (¿el vencimiento o el CVV?): no se registró nada.".into(),
        PaymentError::CardMissing => "Faltan los datos de la tarjeta: no se escribió ningún número.".into(),
        PaymentError::TenderedNotForMethod { method } => format!(
            "El monto entregado no corresponde al medio de pago {}.",
            method.label().es
        ),
        PaymentError::ReferenceNotForMethod { method } => format!(
            "El número de operación no corresponde al medio de pago {}.",
            method.label().es
        ),
        PaymentError::ReferenceRequired { method } => format!(
            "El pago por {} necesita el número de operación.",
            method.label().es
        ),
        PaymentError::ReferenceInvalid => "La referencia debe tener de 1 a 60 caracteres imprimibles.".into(),
        PaymentError::IdempotencyKeyInvalid => {
            "La clave de idempotencia debe tener de 1 a 100 caracteres ASCII visibles.".into()
        }
        PaymentError::NotFound { id } => format!("No existe el pago «{id}»."),
        PaymentError::KeyPaymentRefunded { receipt } => format!(
            "El pago hecho con esa clave (recibo {receipt}) fue devuelto: la cita no está pagada y no se cobró nada ahora."
        ),
        PaymentError::KeyUsedElsewhere => {
            "Esa clave de idempotencia ya se usó para otro pago (otra cita u otro medio).".into()
        }
        PaymentError::TenderedTooLow { tendered, price } => {
            format!("El monto entregado ({tendered}) es menor que el precio de la cita ({price}).")
        }
        PaymentError::RefundReasonInvalid => "Indique el motivo (de 1 a 200 caracteres).".into(),
        PaymentError::NotRefundable { id, is_refund } => {
            let what = if *is_refund {
                "una devolución"
            } else {
                "un intento rechazado"
            };
            format!("Solo se devuelve un pago aprobado; «{id}» es {what}.")
        }
        PaymentError::AlreadyRefunded { receipt, at } => {
            format!("Ese pago ya fue devuelto (recibo {receipt}, {at}).")
        }
    }
}

fn en(e: &PaymentError) -> String {
    match e {
        PaymentError::AlreadyPaid {
            receipt,
            amount,
            transaction,
            ..
        } => format!(
            "The appointment is already paid (receipt {receipt}, {amount}, transaction {transaction})."
        ),
        PaymentError::NotPayable { status } => format!(
            "A {} appointment cannot be paid.",
            status.label(crate::i18n::Lang::En)
        ),
        PaymentError::UnknownMethod { input } => {
            format!("Unknown payment method '{input}': use card, cash, transfer, yape or plin.")
        }
        PaymentError::CardDetailsForOtherMethod { method } => format!(
            "Card details do not apply to the payment method {}.",
            method.label().en
        ),
        PaymentError::CardLineHoldsMore => "The card number line holds more than a card number (the expiry or the CVV?): nothing was recorded.".into(),
        PaymentError::CardMissing => "The card details are missing: no card number was given.".into(),
        PaymentError::TenderedNotForMethod { method } => format!(
            "An amount tendered does not apply to the payment method {}.",
            method.label().en
        ),
        PaymentError::ReferenceNotForMethod { method } => format!(
            "An operation number does not apply to the payment method {}.",
            method.label().en
        ),
        PaymentError::ReferenceRequired { method } => {
            format!("A {} payment needs the operation number.", method.label().en)
        }
        PaymentError::ReferenceInvalid => "The reference must have 1 to 60 printable characters.".into(),
        PaymentError::IdempotencyKeyInvalid => {
            "The idempotency key must have 1 to 100 visible ASCII characters.".into()
        }
        PaymentError::NotFound { id } => format!("No payment '{id}'."),
        PaymentError::KeyPaymentRefunded { receipt } => format!(
            "The payment made with that key (receipt {receipt}) was refunded: the appointment is not paid and nothing was charged now."
        ),
        PaymentError::KeyUsedElsewhere => {
            "That idempotency key was already used for another payment (another appointment or method).".into()
        }
        PaymentError::TenderedTooLow { tendered, price } => {
            format!("The amount tendered ({tendered}) is less than the appointment's price ({price}).")
        }
        PaymentError::RefundReasonInvalid => "Give the reason (1 to 200 characters).".into(),
        PaymentError::NotRefundable { id, is_refund } => {
            let what = if *is_refund { "a refund" } else { "a declined attempt" };
            format!("Only a succeeded payment can be refunded; '{id}' is {what}.")
        }
        PaymentError::AlreadyRefunded { receipt, at } => {
            format!("That payment was already refunded (receipt {receipt}, {at}).")
        }
    }
}
