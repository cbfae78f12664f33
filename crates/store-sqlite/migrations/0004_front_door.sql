-- front door (issue 3): contacts, referrals with the child in need episodes they open, and
-- the manager's decisions. `event_id` is the audit event that wrote the row; it has no
-- foreign key so that the audit trail's own guards (which refuse TRUNCATE) are what answer
-- an attempt on it. The same tables, columns and index names as PostgreSQL's.

-- A contact: what was received about a child, from whom. Never changed once written.
CREATE TABLE contact (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES person (id),
    received_at TEXT NOT NULL,
    source_code TEXT NOT NULL,
    referrer_name TEXT NOT NULL,
    referrer_role TEXT NOT NULL,
    concerns TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    event_id INTEGER NOT NULL
);
CREATE INDEX contact_child ON contact (child_id, received_at);

-- A referral (from one contact, once) and the child in need episode it opens. The episode's
-- closure is the one part that changes; its history is in the chronology and audit trail.
CREATE TABLE referral (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL UNIQUE REFERENCES contact (id),
    child_id INTEGER NOT NULL REFERENCES person (id),
    referral_date TEXT NOT NULL,
    primary_need_code TEXT NOT NULL,
    re_referral INTEGER NOT NULL,
    decision_due TEXT NOT NULL,
    closure_date TEXT,
    closure_reason_code TEXT,
    event_id INTEGER NOT NULL
);
CREATE INDEX referral_child ON referral (child_id, referral_date);

-- The manager's decision on a referral: one per referral, never changed.
CREATE TABLE referral_decision (
    referral_id INTEGER PRIMARY KEY REFERENCES referral (id),
    option_code TEXT NOT NULL,
    reasons TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_by_id INTEGER REFERENCES staff (id),
    decided_at TEXT NOT NULL,
    event_id INTEGER NOT NULL
);

CREATE TRIGGER contact_no_update BEFORE UPDATE ON contact
BEGIN SELECT RAISE(ABORT, 'contacts are append-only'); END;
CREATE TRIGGER contact_no_delete BEFORE DELETE ON contact
BEGIN SELECT RAISE(ABORT, 'contacts are append-only'); END;
CREATE TRIGGER referral_decision_no_update BEFORE UPDATE ON referral_decision
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
CREATE TRIGGER referral_decision_no_delete BEFORE DELETE ON referral_decision
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
