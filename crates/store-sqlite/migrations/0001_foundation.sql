-- Journey's foundation: the authority's structure, staff, sessions, people, allocations,
-- the chronology and the audit trail of changes. Access records live in their own file
-- (see access_0001.sql) so that reads do not invalidate the main file's page cache.

CREATE TABLE team (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('service', 'team')),
    parent_id INTEGER REFERENCES team (id)
);

CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    team_id INTEGER REFERENCES team (id),
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX staff_team ON staff (team_id, role);

CREATE TABLE session (
    token_hash BLOB PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX session_staff ON session (staff_id);

-- Everyone known to the authority: children (born or unborn) and the adults around them.
CREATE TABLE person (
    id INTEGER PRIMARY KEY,
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    given_key TEXT NOT NULL,
    family_key TEXT NOT NULL,
    date_of_birth TEXT,
    expected_date_of_birth TEXT,
    sex TEXT NOT NULL CHECK (sex IN ('M', 'F', 'U')),
    is_child INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX person_family_key ON person (family_key, given_key);
CREATE INDEX person_given_key ON person (given_key, family_key);

-- A relationship recorded once, from the child's side: `related_person_id` is the child's
-- `kind` (mother, father, sibling, carer, ...).
CREATE TABLE person_relationship (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id),
    related_person_id INTEGER NOT NULL REFERENCES person (id),
    kind TEXT NOT NULL,
    start_date TEXT,
    end_date TEXT
);
CREATE INDEX person_relationship_person ON person_relationship (person_id);
CREATE INDEX person_relationship_related ON person_relationship (related_person_id);

CREATE TABLE allocation (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES person (id),
    worker_id INTEGER NOT NULL REFERENCES staff (id),
    team_id INTEGER NOT NULL REFERENCES team (id),
    start_date TEXT NOT NULL,
    end_date TEXT
);
CREATE INDEX allocation_child ON allocation (child_id, end_date);
CREATE INDEX allocation_worker ON allocation (worker_id, end_date);
CREATE INDEX allocation_team ON allocation (team_id, end_date);

CREATE TABLE reviewing_officer_assignment (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES person (id),
    officer_id INTEGER NOT NULL REFERENCES staff (id),
    start_date TEXT NOT NULL,
    end_date TEXT
);
CREATE INDEX reviewing_officer_child ON reviewing_officer_assignment (child_id, end_date);

-- The audit record of every change: one row per event, written in the change's transaction.
CREATE TABLE audit_event (
    id INTEGER PRIMARY KEY,
    occurred_at TEXT NOT NULL,
    actor_id INTEGER REFERENCES staff (id),
    actor_role TEXT NOT NULL,
    relationship TEXT,
    child_id INTEGER REFERENCES person (id),
    action TEXT NOT NULL,
    request_id TEXT NOT NULL
);
CREATE INDEX audit_event_child ON audit_event (child_id, id);

CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;

-- The chronology, clustered by child and time so a record page reads a few adjacent pages.
-- One event may write several entries (for several children, or several lines for one).
CREATE TABLE chronology_entry (
    child_id INTEGER NOT NULL REFERENCES person (id),
    occurred_at TEXT NOT NULL,
    event_id INTEGER NOT NULL REFERENCES audit_event (id),
    ordinal INTEGER NOT NULL,
    kind TEXT NOT NULL,
    summary TEXT NOT NULL,
    significant INTEGER NOT NULL DEFAULT 0,
    recorded_by TEXT NOT NULL,
    PRIMARY KEY (child_id, occurred_at, event_id, ordinal)
) WITHOUT ROWID;
