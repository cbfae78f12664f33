-- Merges that cannot go wrong (issue 10, part 1). Names of tables, columns and indexes match
-- PostgreSQL's 0013.

-- Both records allocated: the allocation the merge ended (the manager chose the other to
-- continue), and why, so that undoing the merge opens it again.
ALTER TABLE person_merge ADD COLUMN ended_allocation_id INTEGER REFERENCES allocation (id);
ALTER TABLE person_merge ADD COLUMN allocation_end_reason TEXT;

-- A merge of two records that are not a likely match waits here for a second manager who may
-- open both; the manager who asked may not approve it. Approving makes the merge (merge_id);
-- refusing ends the request with its reason. Nothing moves while it waits.
CREATE TABLE person_merge_request (
    id INTEGER PRIMARY KEY,
    survivor_id INTEGER NOT NULL REFERENCES person (id),
    merged_id INTEGER NOT NULL REFERENCES person (id),
    reason TEXT NOT NULL,
    -- 'survivor' or 'merged': which allocation continues, where both were allocated.
    keep_allocation TEXT,
    allocation_end_reason TEXT,
    requested_by INTEGER NOT NULL REFERENCES staff (id),
    requested_at TEXT NOT NULL,
    decided_by INTEGER REFERENCES staff (id),
    decided_at TEXT,
    approved INTEGER,
    refusal_reason TEXT,
    merge_id INTEGER REFERENCES person_merge (id)
);
CREATE INDEX person_merge_request_open ON person_merge_request (decided_at, requested_at);
CREATE INDEX person_merge_request_survivor ON person_merge_request (survivor_id);
CREATE INDEX person_merge_request_merged ON person_merge_request (merged_id);
