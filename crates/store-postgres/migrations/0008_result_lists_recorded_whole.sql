-- A search result list is one access record naming everyone it showed (person ids, in the
-- list's order), instead of one record per person. Older rows of kind appeared_in_search stay
-- as they are.
ALTER TABLE access_record ADD COLUMN people_shown bigint[];
