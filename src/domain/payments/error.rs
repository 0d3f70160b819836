//! The payments domain's typed errors (the ones a front end acts on), with their messages in
//! one exhaustive match per language.

use crate::domain::appointments::Status as AppointmentStatus;
use crate::error::{AppError, Cause, Kind};
use crate::i18n::Text;
use crate::ids::PaymentId;

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
}

impl PaymentError {
    pub fn kind(&self) -> Kind {
        match self {
            PaymentError::AlreadyPaid { .. } | PaymentError::NotPayable { .. } => Kind::Conflict,
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
    }
}
