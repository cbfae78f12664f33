-- Every chronology entry is dated when it happened (`occurred_at`, the key it is sorted and
-- filtered by) and now also says when it was recorded (`recorded_at`), so an entry typed long
-- after the event can say so. Names match SQLite's 0015.
ALTER TABLE chronology_entry ADD COLUMN recorded_at timestamptz;

-- Filling in the existing entries is the one change this append-only table allows, made here
-- and nowhere else: the trigger is set aside for it, then put back. It compares whole rows,
-- so `recorded_at` is covered from then on.
ALTER TABLE chronology_entry DISABLE TRIGGER chronology_entry_moves_only_in_a_merge;

-- Each entry was recorded with its audit record, in the same transaction.
UPDATE chronology_entry e SET recorded_at = a.occurred_at
FROM audit_event a WHERE a.id = e.event_id;

-- A contact's entry was dated when it was typed; the contact holds when it was received.
UPDATE chronology_entry e SET occurred_at = c.received_at
FROM contact c WHERE c.event_id = e.event_id AND e.kind = 'contact_received';

ALTER TABLE chronology_entry ENABLE TRIGGER chronology_entry_moves_only_in_a_merge;
ALTER TABLE chronology_entry ALTER COLUMN recorded_at SET NOT NULL;
