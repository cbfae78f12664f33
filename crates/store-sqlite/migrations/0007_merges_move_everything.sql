-- A merge moves everything the merged-away record holds (issue 3): contacts, referrals, case
-- notes, drafts and person details too. Names of tables, columns and triggers match
-- PostgreSQL's 0006.

-- What a merge moved, for rows whose key is text (an identifier's kind).
ALTER TABLE person_merge_move ADD COLUMN row_key TEXT NOT NULL DEFAULT '';

-- Rows a merge could not move because the kept record holds one of its own where only one is
-- allowed (an identifier of the same kind, demographics, the same author's draft): taken off
-- the merged-away record and kept here, as JSON, so that undoing the merge puts them back.
CREATE TABLE person_merge_set_aside (
    merge_id INTEGER NOT NULL REFERENCES person_merge (id),
    item TEXT NOT NULL,
    content TEXT NOT NULL
);
CREATE INDEX person_merge_set_aside_merge ON person_merge_set_aside (merge_id, item);

-- Contacts and finalised notes stay append-only, except that a merge in force, or its undo,
-- may move them between its two records: only `child_id` changes, nothing else.
DROP TRIGGER contact_no_update;
CREATE TRIGGER contact_no_update BEFORE UPDATE ON contact
WHEN NEW.id IS NOT OLD.id OR NEW.received_at IS NOT OLD.received_at
    OR NEW.source_code IS NOT OLD.source_code OR NEW.referrer_name IS NOT OLD.referrer_name
    OR NEW.referrer_role IS NOT OLD.referrer_role OR NEW.concerns IS NOT OLD.concerns
    OR NEW.recorded_by IS NOT OLD.recorded_by OR NEW.event_id IS NOT OLD.event_id
    OR NOT EXISTS (SELECT 1 FROM person_merge m WHERE m.undone_at IS NULL AND (
        (m.merged_id = OLD.child_id AND m.survivor_id = NEW.child_id)
        OR (m.survivor_id = OLD.child_id AND m.merged_id = NEW.child_id)))
BEGIN SELECT RAISE(ABORT, 'contacts are append-only'); END;

DROP TRIGGER case_note_no_update;
CREATE TRIGGER case_note_no_update BEFORE UPDATE ON case_note
WHEN NEW.id IS NOT OLD.id OR NEW.author_id IS NOT OLD.author_id
    OR NEW.note_key IS NOT OLD.note_key OR NEW.created_at IS NOT OLD.created_at
    OR NOT EXISTS (SELECT 1 FROM person_merge m WHERE m.undone_at IS NULL AND (
        (m.merged_id = OLD.child_id AND m.survivor_id = NEW.child_id)
        OR (m.survivor_id = OLD.child_id AND m.merged_id = NEW.child_id)))
BEGIN SELECT RAISE(ABORT, 'finalised notes cannot be changed'); END;
