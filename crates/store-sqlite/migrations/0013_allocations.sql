-- Allocations chosen by a manager, each with the SSDA903 reason for social worker change
-- (SW_REASON): why the allocation started, and why it ended. Rows from before this migration
-- have neither.
ALTER TABLE allocation ADD COLUMN reason TEXT;
ALTER TABLE allocation ADD COLUMN end_reason TEXT;

-- A child in a team's unallocated list: from being recorded (the recorder's team), from the
-- end of an allocation (the allocation's team), or moved there from another team. Ended when
-- the child is allocated or moved on. `reason` is the SW_REASON of the change that put the
-- child here (none for a child just recorded).
CREATE TABLE unallocated (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES person (id),
    team_id INTEGER NOT NULL REFERENCES team (id),
    start_date TEXT NOT NULL,
    end_date TEXT,
    reason TEXT
);
CREATE INDEX unallocated_child ON unallocated (child_id, end_date);
CREATE INDEX unallocated_team ON unallocated (team_id, end_date);
