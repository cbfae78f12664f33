-- The same column as SQLite's 0019_caseload_limit.sql, which says why.
ALTER TABLE allocation ADD COLUMN over_limit_reason text;
