-- The same column as SQLite's 0011_audit_subject.sql, which says why.
ALTER TABLE audit_event ADD COLUMN subject text;
