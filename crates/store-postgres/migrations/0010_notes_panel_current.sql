-- The record page's notes panel, bounded by the panel and not by the child's history: each
-- note's current version, and each child's count of notes, kept beside the append-only notes so
-- that the panel reads its few notes, the count and the last visits by index seeks instead of
-- visiting every note the child has had. Names of tables, columns and indexes match SQLite's
-- 0009.
--
-- Derived rows only, kept by the triggers below on every write to case_note and
-- case_note_version (a finalised note, a correction, a merge moving notes or its undo moving
-- them back), so no path that writes notes can leave them behind. The application role may
-- only read them (grants.sql): the trigger functions run as their owner, the role that
-- migrates, with a fixed search_path.

-- Each note's current version (its highest), with what the panel orders and filters by.
-- child_id is the note's: no foreign key to person, since the rows move with their notes and
-- a merge has nothing of its own to move here (journey_store::MERGE_MOVES).
CREATE TABLE case_note_current (
    note_id bigint PRIMARY KEY REFERENCES case_note (id),
    child_id bigint NOT NULL,
    version integer NOT NULL,
    occurred_at timestamptz NOT NULL,
    child_seen text NOT NULL,
    seen_alone text NOT NULL
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
    child_id bigint PRIMARY KEY,
    total bigint NOT NULL
);

-- A new note counts for its child. Its first version follows it in the same transaction.
CREATE FUNCTION journey_case_note_counted() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO case_note_count (child_id, total) VALUES (NEW.child_id, 1)
    ON CONFLICT (child_id) DO UPDATE SET total = case_note_count.total + 1;
    RETURN NULL;
END;
$$;
CREATE TRIGGER case_note_counted
    AFTER INSERT ON case_note
    FOR EACH ROW EXECUTE FUNCTION journey_case_note_counted();

-- A version (the first, or a correction) becomes the note's current one unless a higher one
-- is already there.
CREATE FUNCTION journey_case_note_version_current() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO case_note_current (note_id, child_id, version, occurred_at, child_seen, seen_alone)
    SELECT NEW.note_id, n.child_id, NEW.version, NEW.occurred_at, NEW.child_seen, NEW.seen_alone
    FROM case_note n WHERE n.id = NEW.note_id
    ON CONFLICT (note_id) DO UPDATE SET version = excluded.version,
        occurred_at = excluded.occurred_at, child_seen = excluded.child_seen,
        seen_alone = excluded.seen_alone
    WHERE excluded.version > case_note_current.version;
    RETURN NULL;
END;
$$;
CREATE TRIGGER case_note_version_current
    AFTER INSERT ON case_note_version
    FOR EACH ROW EXECUTE FUNCTION journey_case_note_version_current();

-- A merge, or its undo, moves notes between two records (the only change case_note allows):
-- their current versions go with them and the two counts change. Once per statement, with the
-- moved rows as transition tables, so a merge moving thousands of notes changes each count
-- once rather than once a note. (A trigger with transition tables cannot name columns, so it
-- fires on any UPDATE; only child_id can change.)
CREATE FUNCTION journey_case_note_moved() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE case_note_current c SET child_id = n.child_id
    FROM moved_to n WHERE c.note_id = n.id AND c.child_id <> n.child_id;
    UPDATE case_note_count c SET total = c.total - m.moved
    FROM (SELECT o.child_id, COUNT(*) AS moved
          FROM moved_from o JOIN moved_to n ON n.id = o.id
          WHERE n.child_id <> o.child_id GROUP BY o.child_id) m
    WHERE c.child_id = m.child_id;
    INSERT INTO case_note_count (child_id, total)
    SELECT n.child_id, COUNT(*) FROM moved_from o JOIN moved_to n ON n.id = o.id
    WHERE n.child_id <> o.child_id GROUP BY n.child_id
    ON CONFLICT (child_id) DO UPDATE SET total = case_note_count.total + excluded.total;
    DELETE FROM case_note_count
    WHERE total = 0 AND child_id IN (SELECT child_id FROM moved_from);
    RETURN NULL;
END;
$$;
CREATE TRIGGER case_note_moved
    AFTER UPDATE ON case_note
    REFERENCING OLD TABLE AS moved_from NEW TABLE AS moved_to
    FOR EACH STATEMENT EXECUTE FUNCTION journey_case_note_moved();

-- The notes already recorded. The triggers are created first: CREATE TRIGGER locks both tables
-- against writes until this migration commits, so nothing is written between the rows read
-- here and the triggers taking over.
INSERT INTO case_note_current (note_id, child_id, version, occurred_at, child_seen, seen_alone)
SELECT v.note_id, n.child_id, v.version, v.occurred_at, v.child_seen, v.seen_alone
FROM case_note n JOIN case_note_version v ON v.note_id = n.id
WHERE v.version = (SELECT MAX(w.version) FROM case_note_version w WHERE w.note_id = n.id);

INSERT INTO case_note_count (child_id, total)
SELECT child_id, COUNT(*) FROM case_note GROUP BY child_id;
