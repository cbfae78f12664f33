-- The chronology is append-only, as the audit trail is: an entry is never changed or removed.
-- The one exception is a merge in force, or its undo, moving entries between its two records
-- (only child_id changes; compared as whole rows, so a column added later is covered too).
-- The application role's grants (grants.sql) already allow no more than UPDATE (child_id).
CREATE TRIGGER chronology_entry_append_only
    BEFORE DELETE OR TRUNCATE ON chronology_entry
    FOR EACH STATEMENT EXECUTE FUNCTION journey_refuse_change('chronology');
CREATE TRIGGER chronology_entry_moves_only_in_a_merge
    BEFORE UPDATE ON chronology_entry
    FOR EACH ROW EXECUTE FUNCTION journey_refuse_change_but_merge('chronology');
