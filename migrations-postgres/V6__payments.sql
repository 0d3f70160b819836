-- PostgreSQL twin of migrations/V6__payments.sql: the same tables, columns and indexes. Text is
-- COLLATE "C" (byte order, as SQLite compares), integers are BIGINT, booleans 0/1 as in SQLite.
-- payments: payments and refunds. Of a card only the brand and the last four digits are kept.

CREATE TABLE payment_payments (
    id              TEXT COLLATE "C" PRIMARY KEY,               -- UUID v7
    appointment_id  TEXT COLLATE "C" NOT NULL REFERENCES appointment_appointments (id),
    kind            TEXT COLLATE "C" NOT NULL CHECK (kind IN ('payment', 'refund')),
    status          TEXT COLLATE "C" NOT NULL CHECK (status IN ('succeeded', 'declined')),
    method          TEXT COLLATE "C" NOT NULL CHECK (method IN ('card', 'cash', 'transfer', 'yape', 'plin')),
    amount_cents    BIGINT NOT NULL CHECK (amount_cents > 0),
    currency        TEXT COLLATE "C" NOT NULL,
    card_brand      TEXT COLLATE "C",
    card_last_four  TEXT COLLATE "C" CHECK (card_last_four IS NULL OR length(card_last_four) = 4),
    reference       TEXT COLLATE "C",                           -- transfer / wallet reference
    tendered_cents  BIGINT,                        -- cash
    change_cents    BIGINT,                        -- cash
    decline_reason  TEXT COLLATE "C",
    refund_of       TEXT COLLATE "C" REFERENCES payment_payments (id),
    refunded_by     TEXT COLLATE "C" REFERENCES payment_payments (id), -- on a payment: the refund that reversed it
    reason          TEXT COLLATE "C",                           -- refund reason
    transaction_id  TEXT COLLATE "C" NOT NULL UNIQUE,
    receipt_number  BIGINT UNIQUE,                 -- sequential, succeeded records only
    idempotency_key TEXT COLLATE "C" UNIQUE,
    created_by      TEXT COLLATE "C" REFERENCES auth_staff (id),
    created_at      TEXT COLLATE "C" NOT NULL                   -- UTC
);
-- At most one successful, un-refunded payment per appointment, enforced by the database (a
-- refunded appointment may be paid again).
CREATE UNIQUE INDEX payment_one_success_per_appointment ON payment_payments (appointment_id)
    WHERE kind = 'payment' AND status = 'succeeded' AND refunded_by IS NULL;
-- At most one refund of a payment.
CREATE UNIQUE INDEX payment_one_refund_per_payment ON payment_payments (refund_of)
    WHERE refund_of IS NOT NULL;
-- serves: payment list by day, cash close
CREATE INDEX payment_created_at ON payment_payments (created_at);
-- serves: every record of one appointment (payment list --appointment, appointment show)
CREATE INDEX payment_appointment ON payment_payments (appointment_id, created_at);
