-- Every chronology entry is dated when it happened (`occurred_at`, the key it is sorted and
-- filtered by) and now also says when it was recorded (`recorded_at`), so an entry typed long
-- after the event can say so. Names match PostgreSQL's 0016.
ALTER TABLE chronology_entry ADD COLUMN recorded_at TEXT;

-- Filling in the existing entries is the one change this append-only table allows, made here
-- and nowhere else: the trigger is set aside for it and put back with `recorded_at` covered.
DROP TRIGGER chronology_entry_no_update;

-- Each entry was recorded with its audit record, in the same transaction.
UPDATE chronology_entry SET recorded_at =
    (SELECT a.occurred_at FROM audit_event a WHERE a.id = chronology_entry.event_id);

-- A contact's entry was dated when it was typed; the contact holds when it was received.
UPDATE chronology_entry SET occurred_at =
    (SELECT c.received_at FROM contact c WHERE c.event_id = chronology_entry.event_id)
WHERE kind = 'contact_received'
    AND EXISTS (SELECT 1 FROM contact c WHERE c.event_id = chronology_entry.event_id);

-- As 0008's, with `recorded_at` among what may never change.
CREATE TRIGGER chronology_entry_no_update BEFORE UPDATE ON chronology_entry
WHEN NEW.occurred_at IS NOT OLD.occurred_at OR NEW.event_id IS NOT OLD.event_id
    OR NEW.ordinal IS NOT OLD.ordinal OR NEW.kind IS NOT OLD.kind
    OR NEW.summary IS NOT OLD.summary OR NEW.significant IS NOT OLD.significant
    OR NEW.recorded_by IS NOT OLD.recorded_by OR NEW.recorded_at IS NOT OLD.recorded_at
    OR NOT EXISTS (SELECT 1 FROM person_merge m WHERE m.undone_at IS NULL AND (
        (m.merged_id = OLD.child_id AND m.survivor_id = NEW.child_id)
        OR (m.survivor_id = OLD.child_id AND m.merged_id = NEW.child_id)))
BEGIN SELECT RAISE(ABORT, 'the chronology is append-only'); END;

-- SQLite cannot make an added column NOT NULL; this trigger does the same for new entries.
CREATE TRIGGER chronology_entry_recorded_at_required BEFORE INSERT ON chronology_entry
WHEN NEW.recorded_at IS NULL
BEGIN SELECT RAISE(ABORT, 'a chronology entry needs the time it was recorded'); END;
