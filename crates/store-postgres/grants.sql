-- What the running service's role, journey_app, may do to Journey's tables: what the
-- PostgreSQL store does, and no more. Run as the schema's owner (journey_owner) or a superuser
-- after every migration; safe to run again. It first takes every table right away, so a right
-- an earlier release needed and this one does not goes too, in the same transaction.
-- The store's tests apply this file as written and run the store contract as journey_app.
BEGIN;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM journey_app;

-- Changed in place, and rows removed.
GRANT SELECT, INSERT, UPDATE, DELETE
    ON session, person_relationship, household_member, person_identifier,
       person_demographics, case_note_draft
    TO journey_app;

-- Changed in place, never removed.
GRANT SELECT, INSERT, UPDATE
    ON staff, person, allocation, reviewing_officer_assignment, person_former_name,
       person_address, person_warning, referral, person_merge, relationship_proposal,
       person_merge_request, unallocated, section47_enquiry, conference_request,
       child_protection_plan, discharge_plan, hospital_discharge, assessment
    TO journey_app;
GRANT SELECT, INSERT, UPDATE ON team TO journey_app;
-- Break-glass openings are written once; restrictions are lifted by removing them; "for your
-- attention" items are acknowledged in place.
GRANT SELECT, INSERT ON break_glass TO journey_app;
GRANT SELECT, INSERT, DELETE ON restricted_record TO journey_app;
GRANT SELECT, INSERT, UPDATE ON attention_item TO journey_app;

-- Written once, never changed or removed. Triggers also refuse any change to audit_event,
-- access_record, referral_decision, referral_decision_correction and case_note_version.
GRANT SELECT, INSERT
    ON audit_event, access_record, referral_decision, referral_decision_correction,
       case_note_version, person_merge_move, person_merge_set_aside, meeting,
       meeting_attendee
    TO journey_app;

-- Written once, except that a merge (or its undo) moves them between its two records: only
-- child_id may change (a meeting's decision for a child moves with the child). On contact and case_note the triggers allow even that only for a merge
-- in force.
GRANT SELECT, INSERT, UPDATE (child_id)
    ON chronology_entry, contact, case_note, meeting_child
    TO journey_app;

-- Read only: the notes panel's current versions and counts, derived from case_note and
-- case_note_version by triggers whose functions write them as their owner (SECURITY DEFINER).
GRANT SELECT ON case_note_current, case_note_count TO journey_app;

-- The migration runner only reads which migrations are applied.
GRANT SELECT ON schema_migration TO journey_app;
COMMIT;
