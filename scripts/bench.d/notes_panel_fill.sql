-- Case notes for measuring the record page's notes panel on PostgreSQL (docs/benchmarks.md,
-- "Notes panel and a long history"). Run with psql on a database migrated by Journey's
-- PostgreSQL migrations (crates/store-postgres/migrations/*.sql, in order) and holding no people
-- yet. It records:
--
--   child 1: 7,180 notes, spread through the years among everyone else's;
--   child 2: 5 notes;
--   children 3 to 3,002: the other 64,620 notes, about 21 each.
--
-- Every seventh note has a correction (a second version) with another date and other visit
-- answers, so the current version is not always the first. Notes are written as Journey writes
-- them, a note then its versions, so whatever triggers the schema has run as they do in use.
\set ON_ERROR_STOP on
BEGIN;
INSERT INTO team (id, name, kind) VALUES (1, 'Bench service', 'service');
INSERT INTO staff (id, username, display_name, role, team_id, password_hash, created_at)
VALUES (1, 'bench', 'Bench Worker', 'social_worker', 1, 'x', '2015-01-01T00:00:00Z');
INSERT INTO person (id, given_name, family_name, given_key, family_key, sex, is_child, created_at)
SELECT g, 'Child', 'Bench' || g, 'child', 'bench' || g, 'U', true, '2015-01-01T00:00:00Z'
FROM generate_series(1, 3002) g;

-- Notes 1 to 71,800: every tenth is child 1's; notes 71,801 to 71,805 are child 2's.
INSERT INTO case_note (id, child_id, author_id, note_key, created_at)
SELECT g, CASE WHEN g > 71800 THEN 2 WHEN g % 10 = 0 THEN 1 ELSE 3 + (g / 10) % 3000 END, 1,
       'bench-' || g, timestamptz '2015-01-01T00:00:00Z' + g * interval '1 hour'
FROM generate_series(1, 71805) g;

INSERT INTO case_note_version (note_id, version, kind, occurred_at, body, child_seen, seen_alone,
                               bedroom_seen, reason, event_id, recorded_by, recorded_by_name,
                               recorded_at)
SELECT g, 1, 'home_visit',
       timestamptz '2015-01-01T00:00:00Z' + ((g * 7919) % 90000) * interval '1 hour',
       repeat('Visited the home and spoke with the child and their carer. ', 6),
       (ARRAY['yes', 'no', 'not_applicable'])[1 + g % 3],
       CASE WHEN g % 5 = 0 THEN 'yes' ELSE 'no' END, 'yes', NULL, g, 1, 'Bench Worker',
       timestamptz '2015-01-01T00:00:00Z' + g * interval '1 hour'
FROM generate_series(1, 71805) g;

INSERT INTO case_note_version (note_id, version, kind, occurred_at, body, child_seen, seen_alone,
                               bedroom_seen, reason, event_id, recorded_by, recorded_by_name,
                               recorded_at)
SELECT g, 2, 'home_visit',
       timestamptz '2015-01-01T00:00:00Z' + ((g::bigint * 104729) % 90000) * interval '1 hour',
       repeat('Corrected: the visit was on another day. ', 6),
       CASE WHEN g % 2 = 0 THEN 'yes' ELSE 'no' END,
       CASE WHEN g % 3 = 0 THEN 'yes' ELSE 'no' END, 'yes', 'Wrong date recorded',
       100000 + g, 1, 'Bench Worker', timestamptz '2025-01-01T00:00:00Z' + g * interval '1 minute'
FROM generate_series(7, 71805, 7) g;
COMMIT;
VACUUM ANALYZE;
