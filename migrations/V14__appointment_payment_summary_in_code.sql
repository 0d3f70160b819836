-- appointments: V13's payment summary is kept by the code that writes a payment, not by
-- triggers (issue 13). SQLite parses every trigger with the schema in every process before
-- its first statement: these two were 0.34 M of the 3.43 M instructions of
-- `specialty list --format json` (callgrind), as much as clap or the loader in a short command.
-- The same computation now runs as one statement after each successful payment or refund
-- (`appointments::refresh_payment_summary`); `db copy` copies the columns as they are.
DROP TRIGGER appointment_payment_summary_on_insert;
DROP TRIGGER appointment_payment_summary_on_update;
