//! Workflows that span domains, each in one SQLite transaction: what the original
//! microservices could not do atomically (pay → confirm, cancel → refund), plus the agenda
//! export read model that joins appointments, patients and payments.

pub mod export;
