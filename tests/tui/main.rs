//! The reception-desk UI without a terminal: keys → actions → state, and whole screens drawn on
//! ratatui's `TestBackend` at 80×24 and 120×40 (insta snapshots), on a seeded in-memory
//! database with a fixed clock.
//! One test binary, one module per screen (`harness` holds the shared setup).

mod harness;

mod booking;
mod keys;
mod login;
mod orientation;
mod paste;
mod patients;
mod payment;
mod refusals;
mod series;
mod summary;
mod today;
mod waitlist;
