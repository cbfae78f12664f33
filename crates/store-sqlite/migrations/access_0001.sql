-- Access records: every view of a child's record, every search result and every refusal.
-- Kept in their own database file, written by a single group-committing writer.
CREATE TABLE access_record (
    id INTEGER PRIMARY KEY,
    occurred_at TEXT NOT NULL,
    staff_id INTEGER,
    staff_name TEXT NOT NULL,
    role TEXT NOT NULL,
    relationship TEXT,
    child_id INTEGER,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL,
    request_id TEXT NOT NULL
);
CREATE INDEX access_record_child ON access_record (child_id, id);
CREATE INDEX access_record_staff ON access_record (staff_id, id);

CREATE TRIGGER access_record_no_update BEFORE UPDATE ON access_record
BEGIN SELECT RAISE(ABORT, 'access records are append-only'); END;
CREATE TRIGGER access_record_no_delete BEFORE DELETE ON access_record
BEGIN SELECT RAISE(ABORT, 'access records are append-only'); END;
