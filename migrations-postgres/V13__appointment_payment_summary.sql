-- PostgreSQL twin of migrations/V13__appointment_payment_summary.sql: the same columns, the same
-- backfill, and the same trigger (a successful payment or refund inserted or updated).
ALTER TABLE appointment_appointments ADD COLUMN paid_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE appointment_appointments ADD COLUMN payment_method TEXT COLLATE "C";
ALTER TABLE appointment_appointments ADD COLUMN receipt_number BIGINT;
ALTER TABLE appointment_appointments ADD COLUMN refunded_cents BIGINT NOT NULL DEFAULT 0;

-- The same computation as the trigger below, for every appointment paid before V13.
UPDATE appointment_appointments
SET (paid_cents, payment_method, receipt_number, refunded_cents) = (
    SELECT p.amount_cents, p.method, p.receipt_number,
           COALESCE((SELECT r.amount_cents FROM payment_payments r WHERE r.refund_of = p.id), 0)
    FROM payment_payments p
    WHERE p.appointment_id = appointment_appointments.id AND p.kind = 'payment' AND p.status = 'succeeded'
    ORDER BY p.id DESC LIMIT 1)
WHERE EXISTS (SELECT 1 FROM payment_payments p WHERE p.appointment_id = appointment_appointments.id
              AND p.kind = 'payment' AND p.status = 'succeeded');

CREATE FUNCTION appointment_payment_summary() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE appointment_appointments
    SET (paid_cents, payment_method, receipt_number, refunded_cents) = (
        SELECT p.amount_cents, p.method, p.receipt_number,
               COALESCE((SELECT r.amount_cents FROM payment_payments r WHERE r.refund_of = p.id), 0)
        FROM payment_payments p
        WHERE p.appointment_id = NEW.appointment_id AND p.kind = 'payment' AND p.status = 'succeeded'
        ORDER BY p.id DESC LIMIT 1)
    WHERE id = NEW.appointment_id
      AND EXISTS (SELECT 1 FROM payment_payments p WHERE p.appointment_id = NEW.appointment_id
                  AND p.kind = 'payment' AND p.status = 'succeeded');
    RETURN NULL;
END $$;

CREATE TRIGGER appointment_payment_summary_on_write AFTER INSERT OR UPDATE ON payment_payments
    FOR EACH ROW WHEN (NEW.status = 'succeeded') EXECUTE FUNCTION appointment_payment_summary();
