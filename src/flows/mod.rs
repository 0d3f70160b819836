//! Workflows that span domains, each in one SQLite transaction: what the original
//! microservices could not do atomically (pay → confirm, cancel → refund), the agenda export
//! read model that joins appointments, patients and payments, and the demo volume generator.

pub mod cancel;
pub mod desk;
mod error;
pub mod export;
pub mod pay;
pub mod refund;
pub mod undo;
pub mod waitlist;
