-- PostgreSQL twin of migrations/V14__appointment_payment_summary_in_code.sql: the payment
-- summary is kept by the code that writes a payment (`appointments::refresh_payment_summary`),
-- the same on both engines, so the trigger and its function go.
DROP TRIGGER appointment_payment_summary_on_write ON payment_payments;
DROP FUNCTION appointment_payment_summary();
