-- Links proposed to a record the proposer may not open (issue: links that reveal nothing until
-- confirmed). Until a manager who may open both records confirms it, a proposal is not a
-- relationship: nothing is written to person_relationship or household_member, so no read of
-- a family, its history or its people can reach the far end through it. Confirming writes the
-- relationship (relationship_id); refusing ends the proposal with its reason.
CREATE TABLE relationship_proposal (
    id INTEGER PRIMARY KEY,
    -- The child whose record the link was proposed from, and the person at the far end.
    child_id INTEGER NOT NULL REFERENCES person (id),
    person_id INTEGER NOT NULL REFERENCES person (id),
    -- The relationship as it would be recorded from the child's side.
    kind TEXT NOT NULL,
    start_date TEXT,
    lives_with INTEGER NOT NULL,
    proposed_by INTEGER NOT NULL REFERENCES staff (id),
    proposed_at TEXT NOT NULL,
    decided_by INTEGER REFERENCES staff (id),
    decided_at TEXT,
    confirmed INTEGER,
    refusal_reason TEXT,
    relationship_id INTEGER REFERENCES person_relationship (id)
);
CREATE INDEX relationship_proposal_child ON relationship_proposal (child_id, decided_at);
CREATE INDEX relationship_proposal_person ON relationship_proposal (person_id);
CREATE INDEX relationship_proposal_open ON relationship_proposal (decided_at, proposed_at);
