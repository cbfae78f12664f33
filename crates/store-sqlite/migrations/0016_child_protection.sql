-- Child protection, from strategy discussion to plan (issue 11).
--
-- A meeting (a strategy discussion, an initial conference, a core group) is held once, for
-- one child or several; `meeting_child` holds what it decided for each. The people invited
-- are rows of `meeting_attendee`, in the order typed. Meetings, attendees and decisions are
-- written once; the enquiry's outcome, the request's conference and the plan's end are
-- filled in later, so those tables change in place.
CREATE TABLE meeting (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('strategy_discussion', 'initial_conference', 'core_group')),
    held_at TEXT NOT NULL,
    place TEXT NOT NULL,
    chair TEXT NOT NULL,
    -- The information shared (a strategy discussion), or what was reviewed (a core group).
    information TEXT NOT NULL,
    -- Why an inquorate conference went ahead.
    inquorate_reason TEXT,
    recorded_by INTEGER NOT NULL REFERENCES staff (id),
    recorded_at TEXT NOT NULL
);

CREATE TABLE meeting_attendee (
    meeting_id INTEGER NOT NULL REFERENCES meeting (id),
    ordinal INTEGER NOT NULL,
    name TEXT NOT NULL,
    agency TEXT NOT NULL,
    role TEXT NOT NULL,
    attended INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, ordinal)
);

CREATE TABLE meeting_child (
    meeting_id INTEGER NOT NULL REFERENCES meeting (id),
    child_id INTEGER NOT NULL REFERENCES person (id),
    -- StrategyDecision or ConferenceDecision code; 'held' for a core group.
    decision TEXT NOT NULL,
    reasons TEXT NOT NULL,
    -- A conference's category of abuse for a plan (CIN census code).
    category TEXT,
    -- The plan a core group met about.
    plan_id INTEGER,
    PRIMARY KEY (meeting_id, child_id)
);
CREATE INDEX meeting_child_child ON meeting_child (child_id);

CREATE TABLE section47_enquiry (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES person (id),
    strategy_meeting_id INTEGER NOT NULL REFERENCES meeting (id),
    start_date TEXT NOT NULL,
    outcome TEXT,
    outcome_date TEXT,
    outcome_reasons TEXT,
    UNIQUE (child_id, strategy_meeting_id)
);

CREATE TABLE conference_request (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES person (id),
    enquiry_id INTEGER REFERENCES section47_enquiry (id),
    -- The authority a child transferring in on a plan moves from.
    transfer_from TEXT,
    requested_on TEXT NOT NULL,
    not_required_reason TEXT,
    conference_meeting_id INTEGER REFERENCES meeting (id),
    CHECK ((enquiry_id IS NULL) <> (transfer_from IS NULL))
);
CREATE INDEX conference_request_child ON conference_request (child_id);

CREATE TABLE child_protection_plan (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES person (id),
    conference_meeting_id INTEGER NOT NULL REFERENCES meeting (id),
    start_date TEXT NOT NULL,
    initial_category TEXT NOT NULL,
    latest_category TEXT NOT NULL,
    end_date TEXT,
    end_reason TEXT
);
-- Never two open plans for one child.
CREATE UNIQUE INDEX child_protection_plan_open ON child_protection_plan (child_id) WHERE end_date IS NULL;
