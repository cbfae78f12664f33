-- The chronology is append-only, as the audit trail is: an entry is never changed or removed.
-- The one exception is a merge in force, or its undo, moving entries between its two records
-- (only child_id changes). A correction is a new entry, never an edit.
CREATE TRIGGER chronology_entry_no_delete BEFORE DELETE ON chronology_entry
BEGIN SELECT RAISE(ABORT, 'the chronology is append-only'); END;

CREATE TRIGGER chronology_entry_no_update BEFORE UPDATE ON chronology_entry
WHEN NEW.occurred_at IS NOT OLD.occurred_at OR NEW.event_id IS NOT OLD.event_id
    OR NEW.ordinal IS NOT OLD.ordinal OR NEW.kind IS NOT OLD.kind
    OR NEW.summary IS NOT OLD.summary OR NEW.significant IS NOT OLD.significant
    OR NEW.recorded_by IS NOT OLD.recorded_by
    OR NOT EXISTS (SELECT 1 FROM person_merge m WHERE m.undone_at IS NULL AND (
        (m.merged_id = OLD.child_id AND m.survivor_id = NEW.child_id)
        OR (m.survivor_id = OLD.child_id AND m.merged_id = NEW.child_id)))
BEGIN SELECT RAISE(ABORT, 'the chronology is append-only'); END;
