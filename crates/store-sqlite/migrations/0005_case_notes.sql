-- Case notes and visit records (issue 3).
--
-- Drafts: what one author has typed for one child, exactly as typed, replaced on every save.
-- Private to the author and not events, so no chronology or audit rows; deleted when the note
-- is finalised. Finalised notes: `case_note` (the note) and `case_note_version` (its text,
-- once per version) are append-only, like audit_event: a correction is a new version.

CREATE TABLE case_note_draft (
    author_id INTEGER NOT NULL REFERENCES staff (id),
    child_id INTEGER NOT NULL REFERENCES person (id),
    note_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    occurred_day TEXT NOT NULL,
    occurred_month TEXT NOT NULL,
    occurred_year TEXT NOT NULL,
    occurred_time TEXT NOT NULL,
    body TEXT NOT NULL,
    child_seen TEXT NOT NULL,
    seen_alone TEXT NOT NULL,
    bedroom_seen TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (author_id, child_id)
);

CREATE TABLE case_note (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES person (id),
    author_id INTEGER NOT NULL REFERENCES staff (id),
    -- The form's key: a second "finalise" of the same form is refused, not recorded twice.
    note_key TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE INDEX case_note_child ON case_note (child_id, id);

CREATE TABLE case_note_version (
    note_id INTEGER NOT NULL REFERENCES case_note (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    kind TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    body TEXT NOT NULL,
    child_seen TEXT NOT NULL CHECK (child_seen IN ('yes', 'no', 'not_applicable')),
    seen_alone TEXT NOT NULL CHECK (seen_alone IN ('yes', 'no', 'not_applicable')),
    bedroom_seen TEXT NOT NULL CHECK (bedroom_seen IN ('yes', 'no', 'not_applicable')),
    reason TEXT,
    -- The audit record of this version. No foreign key: audit_event must stay truncation-proof
    -- by its own trigger, which PostgreSQL checks only after foreign keys.
    event_id INTEGER NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES staff (id),
    recorded_by_name TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (note_id, version)
);

CREATE TRIGGER case_note_no_update BEFORE UPDATE ON case_note
BEGIN SELECT RAISE(ABORT, 'finalised notes cannot be changed'); END;
CREATE TRIGGER case_note_no_delete BEFORE DELETE ON case_note
BEGIN SELECT RAISE(ABORT, 'finalised notes cannot be changed'); END;
CREATE TRIGGER case_note_version_no_update BEFORE UPDATE ON case_note_version
BEGIN SELECT RAISE(ABORT, 'finalised notes cannot be changed'); END;
CREATE TRIGGER case_note_version_no_delete BEFORE DELETE ON case_note_version
BEGIN SELECT RAISE(ABORT, 'finalised notes cannot be changed'); END;
