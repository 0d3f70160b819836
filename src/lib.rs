//! SaludYa: a clinic front desk in one binary over one SQLite file.
//!
//! Module map (see ARCHITECTURE.md):
//! - [`db`]: the one way to open the database, migrations, transactions.
//! - [`domain`]: auth, patients, catalog, appointments, orientation, payments.
//! - [`flows`]: workflows that span domains, each in one transaction.
//! - [`cli`]: the scripting interface (one file per command group) and output formats.
//! - [`tui`]: the reception-desk terminal UI.
//! - [`progress`]: how long work reports how far it got, to whichever front end watches.

// An `unwrap` in program code is a crash waiting for input that proves it wrong (gitui does
// the same); tests may unwrap (clippy.toml: allow-unwrap-in-tests).
#![deny(clippy::unwrap_used)]

pub mod cli;
pub mod clock;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod flows;
pub mod i18n;
pub mod ids;
pub mod money;
pub mod progress;
pub mod text;
pub mod tui;
pub mod wall_time;
