-- Families (issue 3): sound keys for spelling-tolerant search, households with dates, and
-- merged records that can be unmerged. Relationships stay in the foundation's
-- person_relationship (recorded once, from the child's side, with start and end dates).

-- The sound keys of each name (journey_domain::families::sound), computed on insert.
ALTER TABLE person ADD COLUMN given_sound TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN family_sound TEXT NOT NULL DEFAULT '';
-- Set while this record is merged into another: the survivor.
ALTER TABLE person ADD COLUMN merged_into_id INTEGER REFERENCES person (id);
CREATE INDEX person_family_sound ON person (family_sound, family_key, given_key);
CREATE INDEX person_given_sound ON person (given_sound, given_key, family_key);
CREATE INDEX person_birth_date ON person (date_of_birth);
CREATE INDEX person_expected_birth_date ON person (expected_date_of_birth);

-- Who the child lives with, and from when to when: the household has a history.
CREATE TABLE household_member (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES person (id),
    person_id INTEGER NOT NULL REFERENCES person (id),
    start_date TEXT NOT NULL,
    end_date TEXT
);
CREATE INDEX household_member_child ON household_member (child_id, end_date);
CREATE INDEX household_member_person ON household_member (person_id);

-- Two records of one person merged: the merged record's history moves to the survivor.
-- The event ids name audit records; no foreign key, so that nothing but the audit table's own
-- append-only trigger decides what happens to an attempt to truncate it.
CREATE TABLE person_merge (
    id INTEGER PRIMARY KEY,
    survivor_id INTEGER NOT NULL REFERENCES person (id),
    merged_id INTEGER NOT NULL REFERENCES person (id),
    reason TEXT NOT NULL,
    merged_at TEXT NOT NULL,
    merged_event_id INTEGER NOT NULL,
    undone_at TEXT,
    undone_event_id INTEGER
);
CREATE INDEX person_merge_survivor ON person_merge (survivor_id);
CREATE INDEX person_merge_merged ON person_merge (merged_id);

-- Exactly what a merge moved, so that undoing it moves exactly that back. `row_id` is the
-- moved row's id (for a chronology line: its event id, with its ordinal).
CREATE TABLE person_merge_move (
    merge_id INTEGER NOT NULL REFERENCES person_merge (id),
    item TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    ordinal INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX person_merge_move_merge ON person_merge_move (merge_id, item);
