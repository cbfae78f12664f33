-- A baby's discharge from hospital (issue 11, part 8): the plan written before it, signed off
-- by a team manager, and the discharge as it happened. The hospital discharges the baby, so a
-- discharge may be recorded without a signed plan, with the reason.
--
-- A plan is written once and signed off in place; a merge moves both tables' rows.
CREATE TABLE discharge_plan (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES person (id),
    planned_discharge TEXT NOT NULL,
    -- Destination code: where the baby will live.
    destination TEXT NOT NULL,
    going_with TEXT NOT NULL,
    arrangements TEXT NOT NULL,
    support TEXT NOT NULL,
    contingency TEXT NOT NULL,
    written_by INTEGER NOT NULL REFERENCES staff (id),
    written_at TEXT NOT NULL,
    signed_off_by INTEGER REFERENCES staff (id),
    signed_off_at TEXT,
    CHECK ((signed_off_by IS NULL) = (signed_off_at IS NULL))
);
CREATE INDEX discharge_plan_child ON discharge_plan (child_id);

CREATE TABLE hospital_discharge (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES person (id),
    -- The plan it ended, if one was written (signed or not).
    plan_id INTEGER UNIQUE REFERENCES discharge_plan (id),
    discharged_on TEXT NOT NULL,
    destination TEXT NOT NULL,
    going_with TEXT NOT NULL,
    -- Whether a signed plan was in place, and if not, why the baby left without one.
    plan_signed INTEGER NOT NULL,
    reason TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES staff (id),
    recorded_at TEXT NOT NULL,
    CHECK (plan_signed = 1 OR reason <> '')
);
CREATE INDEX hospital_discharge_child ON hospital_discharge (child_id);
