//! End-to-end tests of the real binary: a fresh temp database per test, a cleared environment,
//! a fixed clock, and stdout, stderr and the exit code asserted together.
//! One test binary (modules below) keeps link time down.

mod harness;

mod audit;
mod auth;
mod backup;
mod bad_input;
mod batch;
mod booking;
mod card_secrecy;
mod catalog;
mod config;
mod demo;
mod export;
mod hardening;
mod help;
mod orient;
mod patient;
mod payment;
mod postgres;
mod race;
mod regressions;
mod reminders;
mod report;
mod series;
mod tables;
mod terminal;
mod tui;
mod waitlist;
