-- Assessments (issue 11): the child and family assessment and the pre-birth assessment.
--
-- One row per assessment, in the referral (child in need episode) it belongs to. The worker's
-- text is the draft, saved in place until it is submitted; a manager authorises it (its
-- completion date, the CIN census AssessmentAuthorisationDate) or returns it to a draft with a
-- reason. Factors are the CIN census codes, separated by spaces. At most one assessment per
-- child is open (not authorised) at a time.
CREATE TABLE assessment (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES person (id),
    referral_id INTEGER NOT NULL REFERENCES referral (id),
    kind TEXT NOT NULL CHECK (kind IN ('child_and_family', 'pre_birth')),
    start_date TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'authorised')),
    author_id INTEGER NOT NULL REFERENCES staff (id),
    seen_date TEXT,
    seen_alone INTEGER,
    factors TEXT NOT NULL,
    analysis TEXT NOT NULL,
    wishes_and_feelings TEXT NOT NULL,
    outcome TEXT,
    outcome_detail TEXT NOT NULL,
    late_reason TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    submitted_on TEXT,
    authorised_on TEXT,
    authorised_by INTEGER REFERENCES staff (id),
    returned_reason TEXT
);
CREATE INDEX assessment_child ON assessment (child_id);
CREATE INDEX assessment_referral ON assessment (referral_id);
CREATE UNIQUE INDEX assessment_open ON assessment (child_id) WHERE state <> 'authorised';
