-- The record page's notes panel, bounded by the panel and not by the child's history: each
-- note's current version, and each child's count of notes, kept beside the append-only notes so
-- that the panel reads its few notes, the count and the last visits by index seeks instead of
-- visiting every note the child has had. Names of tables, columns, indexes and triggers match
-- PostgreSQL's 0010.
--
-- Derived rows only, kept by the triggers below on every write to case_note and
-- case_note_version (a finalised note, a correction, a merge moving notes or its undo moving
-- them back), so no path that writes notes can leave them behind.

-- Each note's current version (its highest), with what the panel orders and filters by.
-- child_id is the note's: no foreign key to person, since the rows move with their notes and
-- a merge has nothing of its own to move here (journey_store::MERGE_MOVES).
CREATE TABLE case_note_current (
    note_id INTEGER PRIMARY KEY REFERENCES case_note (id),
    child_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    occurred_at TEXT NOT NULL,
    child_seen TEXT NOT NULL,
    seen_alone TEXT NOT NULL
);
-- A child's latest notes, newest first.
CREATE INDEX case_note_current_latest
    ON case_note_current (child_id, occurred_at DESC, note_id DESC);
-- The last visit at which the child was seen, and seen alone: the last entry of each.
CREATE INDEX case_note_current_seen
    ON case_note_current (child_id, occurred_at) WHERE child_seen = 'yes';
CREATE INDEX case_note_current_seen_alone
    ON case_note_current (child_id, occurred_at) WHERE seen_alone = 'yes';

-- How many notes each child has; no row for a child with none.
CREATE TABLE case_note_count (
    child_id INTEGER PRIMARY KEY,
    total INTEGER NOT NULL
);

-- A new note counts for its child. Its first version follows it in the same transaction.
CREATE TRIGGER case_note_counted AFTER INSERT ON case_note
BEGIN
    INSERT INTO case_note_count (child_id, total) VALUES (NEW.child_id, 1)
    ON CONFLICT (child_id) DO UPDATE SET total = total + 1;
END;

-- A version (the first, or a correction) becomes the note's current one unless a higher one
-- is already there.
CREATE TRIGGER case_note_version_current AFTER INSERT ON case_note_version
BEGIN
    INSERT INTO case_note_current (note_id, child_id, version, occurred_at, child_seen, seen_alone)
    SELECT NEW.note_id, n.child_id, NEW.version, NEW.occurred_at, NEW.child_seen, NEW.seen_alone
    FROM case_note n WHERE n.id = NEW.note_id
    ON CONFLICT (note_id) DO UPDATE SET version = excluded.version,
        occurred_at = excluded.occurred_at, child_seen = excluded.child_seen,
        seen_alone = excluded.seen_alone
    WHERE excluded.version > case_note_current.version;
END;

-- A merge, or its undo, moves notes between two records (the only change case_note allows):
-- each note's current version goes with it and the two counts change, a note at a time.
CREATE TRIGGER case_note_moved AFTER UPDATE OF child_id ON case_note
WHEN NEW.child_id IS NOT OLD.child_id
BEGIN
    UPDATE case_note_current SET child_id = NEW.child_id WHERE note_id = NEW.id;
    UPDATE case_note_count SET total = total - 1 WHERE child_id = OLD.child_id;
    DELETE FROM case_note_count WHERE child_id = OLD.child_id AND total = 0;
    INSERT INTO case_note_count (child_id, total) VALUES (NEW.child_id, 1)
    ON CONFLICT (child_id) DO UPDATE SET total = total + 1;
END;

-- The notes already recorded (the migration holds the write lock, so nothing is written
-- between these and the triggers above).
INSERT INTO case_note_current (note_id, child_id, version, occurred_at, child_seen, seen_alone)
SELECT v.note_id, n.child_id, v.version, v.occurred_at, v.child_seen, v.seen_alone
FROM case_note n JOIN case_note_version v ON v.note_id = n.id
WHERE v.version = (SELECT MAX(w.version) FROM case_note_version w WHERE w.note_id = n.id);

INSERT INTO case_note_count (child_id, total)
SELECT child_id, COUNT(*) FROM case_note GROUP BY child_id;
