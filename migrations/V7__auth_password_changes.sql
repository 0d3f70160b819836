-- auth: every password change, who made it and how. A member changing their own password proves
-- it with the current one ('own'); an admin resetting someone else's is a separate action
-- ('admin_reset'), so a reset can always be traced to the admin who made it.
-- Timestamps are UTC, RFC 3339.

CREATE TABLE auth_password_changes (
    id        INTEGER PRIMARY KEY,
    staff_id  TEXT NOT NULL REFERENCES auth_staff (id),
    by_staff  TEXT NOT NULL REFERENCES auth_staff (id),
    kind      TEXT NOT NULL CHECK (kind IN ('own', 'admin_reset')),
    at        TEXT NOT NULL
) STRICT;
-- serves: the password history of one account
CREATE INDEX auth_password_changes_staff ON auth_password_changes (staff_id, id);
