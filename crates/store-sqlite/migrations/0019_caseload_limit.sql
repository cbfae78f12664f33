-- An allocation that took the worker over the authority's caseload limit keeps the allocating
-- manager's reason (docs/caseloads.md); empty for every other allocation.
ALTER TABLE allocation ADD COLUMN over_limit_reason TEXT;
