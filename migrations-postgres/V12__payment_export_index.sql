-- PostgreSQL twin of migrations/V12__payment_export_index.sql: the same index. On PostgreSQL it
-- lets the export's payment lookups be index-only scans once the table is vacuumed.
CREATE INDEX payment_appointment_covering
    ON payment_payments (appointment_id, kind, status, id, amount_cents, method, receipt_number);
