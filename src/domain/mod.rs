//! The six domains and the audit trail every one of them records its changes in. Nothing here knows about the terminal: no clap, ratatui, crossterm or
//! comfy-table, and no printing. Each domain's SQL writes only its own tables (its prefix).

pub mod appointments;
pub mod audit;
pub mod auth;
pub mod catalog;
pub mod orientation;
pub mod patients;
pub mod payments;
pub mod report;
pub mod waitlist;
