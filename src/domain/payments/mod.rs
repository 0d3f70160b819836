//! Payments (the original payment service): card validation, payments and refunds.
//! Of a card only the brand and the last four digits are ever kept.

pub mod card;
