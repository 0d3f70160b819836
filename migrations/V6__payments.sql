-- payments: payments and refunds. Of a card only the brand and the last four digits are kept.

CREATE TABLE payment_payments (
    id              TEXT PRIMARY KEY,               -- UUID v7
    appointment_id  TEXT NOT NULL REFERENCES appointment_appointments (id),
    kind            TEXT NOT NULL CHECK (kind IN ('payment', 'refund')),
    status          TEXT NOT NULL CHECK (status IN ('succeeded', 'declined')),
    method          TEXT NOT NULL CHECK (method IN ('card', 'cash', 'transfer', 'yape', 'plin')),
    amount_cents    INTEGER NOT NULL CHECK (amount_cents > 0),
    currency        TEXT NOT NULL,
    card_brand      TEXT,
    card_last_four  TEXT CHECK (card_last_four IS NULL OR length(card_last_four) = 4),
    reference       TEXT,                           -- transfer / wallet reference
    tendered_cents  INTEGER,                        -- cash
    change_cents    INTEGER,                        -- cash
    decline_reason  TEXT,
    refund_of       TEXT REFERENCES payment_payments (id),
    refunded_by     TEXT REFERENCES payment_payments (id), -- on a payment: the refund that reversed it
    reason          TEXT,                           -- refund reason
    transaction_id  TEXT NOT NULL UNIQUE,
    receipt_number  INTEGER UNIQUE,                 -- sequential, succeeded records only
    idempotency_key TEXT UNIQUE,
    created_by      TEXT REFERENCES auth_staff (id),
    created_at      TEXT NOT NULL                   -- UTC
) STRICT;
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
