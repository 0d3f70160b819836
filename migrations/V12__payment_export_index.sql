-- payments: a covering index for the export's two payment lookups per appointment (its latest
-- successful payment, and whether a later one exists), so neither reads the payment rows
-- themselves: `SEARCH pay USING COVERING INDEX payment_appointment_covering`. Measured on the
-- 300,000-appointment demo file in the sqlite3 tool: the export query 1.51 s -> 1.33 s of CPU
-- (ARCHITECTURE.md, "Start-up and speed"). payment_appointment (appointment_id, created_at)
-- stays for the readers that want a patient's payments in time order.
CREATE INDEX payment_appointment_covering
    ON payment_payments (appointment_id, kind, status, id, amount_cents, method, receipt_number);
