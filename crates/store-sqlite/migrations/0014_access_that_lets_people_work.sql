-- Access that lets people work: team functions, break-glass, restricted records and the
-- "for your attention" list.

-- What a team does, set by the administrator (journey_domain::staff::TeamFunction's codes).
-- Members of a front_door or duty team may open any record that is not restricted.
ALTER TABLE team ADD COLUMN function TEXT;

-- Someone opening a record they have no relationship with, giving a reason. It lets them open
-- it for the rest of the UK day it was given (opened_on); a restricted record needs a named
-- approver. Written once, never changed.
CREATE TABLE break_glass (
    id INTEGER PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    child_id INTEGER NOT NULL REFERENCES person (id),
    reason TEXT NOT NULL,
    approver_id INTEGER REFERENCES staff (id),
    opened_at TEXT NOT NULL,
    opened_on TEXT NOT NULL
);
CREATE INDEX break_glass_staff_child ON break_glass (staff_id, child_id, opened_on);

-- A record restricted by a manager: no duty access, break-glass only with a named approver,
-- and absent from search, likely matches and family histories for anyone without a
-- relationship to it. Lifting the restriction removes the row (audited, on the chronology).
CREATE TABLE restricted_record (
    child_id INTEGER PRIMARY KEY REFERENCES person (id),
    reason TEXT NOT NULL,
    restricted_by INTEGER NOT NULL REFERENCES staff (id),
    restricted_at TEXT NOT NULL
);

-- One list per member of staff of things that need them, each posted in the transaction of
-- the event that causes it and acknowledged (audited) by them.
CREATE TABLE attention_item (
    id INTEGER PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    kind TEXT NOT NULL,
    child_id INTEGER REFERENCES person (id),
    summary TEXT NOT NULL,
    link TEXT NOT NULL,
    created_at TEXT NOT NULL,
    acknowledged_at TEXT,
    acknowledged_by INTEGER REFERENCES staff (id)
);
CREATE INDEX attention_item_waiting ON attention_item (staff_id, acknowledged_at, id);
