-- A merge moves everything the merged-away record holds (issue 3): contacts, referrals, case
-- notes, drafts and person details too. Names of tables, columns and indexes match SQLite's
-- 0006.

-- What a merge moved, for rows whose key is text (an identifier's kind).
ALTER TABLE person_merge_move ADD COLUMN row_key text NOT NULL DEFAULT '';

-- Rows a merge could not move because the kept record holds one of its own where only one is
-- allowed (an identifier of the same kind, demographics, the same author's draft): taken off
-- the merged-away record and kept here, whole, so that undoing the merge puts them back.
CREATE TABLE person_merge_set_aside (
    merge_id bigint NOT NULL REFERENCES person_merge (id),
    item text NOT NULL,
    content jsonb NOT NULL
);
CREATE INDEX person_merge_set_aside_merge ON person_merge_set_aside (merge_id, item);

-- Contacts and finalised notes stay append-only, except that a merge in force, or its undo,
-- may move them between its two records: only `child_id` changes, nothing else. Compared as
-- whole rows, so a column added later is covered too.
CREATE FUNCTION journey_refuse_change_but_merge() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF to_jsonb(NEW) - 'child_id' = to_jsonb(OLD) - 'child_id' AND EXISTS (
        SELECT 1 FROM person_merge m WHERE m.undone_at IS NULL AND (
            (m.merged_id = OLD.child_id AND m.survivor_id = NEW.child_id)
            OR (m.survivor_id = OLD.child_id AND m.merged_id = NEW.child_id)))
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% records are append-only', TG_ARGV[0]
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

DROP TRIGGER contact_append_only ON contact;
CREATE TRIGGER contact_append_only
    BEFORE DELETE OR TRUNCATE ON contact
    FOR EACH STATEMENT EXECUTE FUNCTION journey_refuse_change('contact');
CREATE TRIGGER contact_moves_only_in_a_merge
    BEFORE UPDATE ON contact
    FOR EACH ROW EXECUTE FUNCTION journey_refuse_change_but_merge('contact');

DROP TRIGGER case_note_append_only ON case_note;
CREATE TRIGGER case_note_append_only
    BEFORE DELETE OR TRUNCATE ON case_note
    FOR EACH STATEMENT EXECUTE FUNCTION journey_refuse_change('case note');
CREATE TRIGGER case_note_moves_only_in_a_merge
    BEFORE UPDATE ON case_note
    FOR EACH ROW EXECUTE FUNCTION journey_refuse_change_but_merge('case note');
