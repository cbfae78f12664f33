-- Corrections of the manager's decision on a referral (issue 3). The decision as first recorded
-- stays in `referral_decision` (version 1); each correction is the next version here, with its
-- reason. Append-only, like the decision itself. The same table, columns and index names as
-- PostgreSQL's.
CREATE TABLE referral_decision_correction (
    referral_id INTEGER NOT NULL REFERENCES referral_decision (referral_id),
    version INTEGER NOT NULL CHECK (version >= 2),
    option_code TEXT NOT NULL,
    reasons TEXT NOT NULL,
    correction_reason TEXT NOT NULL,
    corrected_by TEXT NOT NULL,
    corrected_by_id INTEGER REFERENCES staff (id),
    corrected_at TEXT NOT NULL,
    -- The audit record of this version; no foreign key, as for the decision.
    event_id INTEGER NOT NULL,
    PRIMARY KEY (referral_id, version)
);

CREATE TRIGGER referral_decision_correction_no_update BEFORE UPDATE ON referral_decision_correction
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
CREATE TRIGGER referral_decision_correction_no_delete BEFORE DELETE ON referral_decision_correction
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
