-- Corrections of the manager's decision on a referral (issue 3). The decision as first recorded
-- stays in `referral_decision` (version 1); each correction is the next version here, with its
-- reason. Append-only, like the decision itself. The same table, columns and index names as
-- SQLite's.
CREATE TABLE referral_decision_correction (
    referral_id bigint NOT NULL REFERENCES referral_decision (referral_id),
    version integer NOT NULL CHECK (version >= 2),
    option_code text NOT NULL,
    reasons text NOT NULL,
    correction_reason text NOT NULL,
    corrected_by text NOT NULL,
    corrected_by_id bigint REFERENCES staff (id),
    corrected_at timestamptz NOT NULL,
    -- The audit record of this version; no foreign key, as for the decision.
    event_id bigint NOT NULL,
    PRIMARY KEY (referral_id, version)
);

CREATE TRIGGER referral_decision_correction_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON referral_decision_correction
    FOR EACH STATEMENT EXECUTE FUNCTION journey_refuse_change('decision');
