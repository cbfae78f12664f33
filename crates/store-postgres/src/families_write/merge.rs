//! Merging two records and undoing it (written once for both databases in
//! `crates/store/sql/families_write/merge.rs`); below, what PostgreSQL says its own way.

use crate::dialect::*;

include!("../../../store/sql/families_write/merge.rs");

// A set-aside row is kept whole (`to_jsonb`) and put back by its table's own row type, so a
// column added later is kept too. `$1` merge, `$2` merged record, `$3` survivor.
const KEEP_RELATIONSHIP_BETWEEN: &str = "INSERT INTO person_merge_set_aside (merge_id, item, content) SELECT $1, 'relationship_between', \
     to_jsonb(r) FROM person_relationship r \
     WHERE (person_id = $2 AND related_person_id = $3) OR (person_id = $3 AND related_person_id = $2)";
const KEEP_HOUSEHOLD_BETWEEN: &str = "INSERT INTO person_merge_set_aside (merge_id, item, content) SELECT $1, 'household_between', \
     to_jsonb(h) FROM household_member h \
     WHERE (child_id = $2 AND person_id = $3) OR (child_id = $3 AND person_id = $2)";
const KEEP_DRAFT: &str = "INSERT INTO person_merge_set_aside (merge_id, item, content) SELECT $1, 'draft', to_jsonb(d) FROM case_note_draft d \
     WHERE d.child_id = $2 AND d.author_id IN (SELECT author_id FROM case_note_draft WHERE child_id = $3)";
const KEEP_IDENTIFIER: &str = "INSERT INTO person_merge_set_aside (merge_id, item, content) SELECT $1, 'identifier', \
     to_jsonb(i) FROM person_identifier i \
     WHERE i.person_id = $2 AND i.kind IN (SELECT kind FROM person_identifier WHERE person_id = $3)";
const KEEP_DEMOGRAPHICS: &str = "INSERT INTO person_merge_set_aside (merge_id, item, content) SELECT $1, 'demographics', \
     to_jsonb(d) FROM person_demographics d \
     WHERE d.person_id = $2 AND EXISTS (SELECT 1 FROM person_demographics WHERE person_id = $3)";

const RESTORE_RELATIONSHIP_BETWEEN: &str = "INSERT INTO person_relationship SELECT r.* FROM person_merge_set_aside s, \
     jsonb_populate_record(NULL::person_relationship, s.content) r \
     WHERE s.merge_id = $1 AND s.item = 'relationship_between' AND $2 > 0 AND $3 > 0";
const RESTORE_HOUSEHOLD_BETWEEN: &str = "INSERT INTO household_member SELECT r.* FROM person_merge_set_aside s, \
     jsonb_populate_record(NULL::household_member, s.content) r \
     WHERE s.merge_id = $1 AND s.item = 'household_between' AND $2 > 0 AND $3 > 0";
const RESTORE_DRAFT: &str = "INSERT INTO case_note_draft SELECT r.* FROM person_merge_set_aside s, \
     jsonb_populate_record(NULL::case_note_draft, s.content) r \
     WHERE s.merge_id = $1 AND s.item = 'draft' AND $2 > 0 AND $3 > 0";
const RESTORE_IDENTIFIER: &str = "INSERT INTO person_identifier SELECT r.* FROM person_merge_set_aside s, \
     jsonb_populate_record(NULL::person_identifier, s.content) r \
     WHERE s.merge_id = $1 AND s.item = 'identifier' AND $2 > 0 AND $3 > 0";
const RESTORE_DEMOGRAPHICS: &str = "INSERT INTO person_demographics SELECT r.* FROM person_merge_set_aside s, \
     jsonb_populate_record(NULL::person_demographics, s.content) r \
     WHERE s.merge_id = $1 AND s.item = 'demographics' AND $2 > 0 AND $3 > 0";

/// (table, column) of every foreign key to `person`, from the catalogue.
async fn person_foreign_keys(conn: &mut Conn) -> StoreResult<Vec<(String, String)>> {
    sqlx::query_as(
        "SELECT c.relname::text, a.attname::text FROM pg_constraint k \
         JOIN pg_class c ON c.oid = k.conrelid \
         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey) \
         WHERE k.contype = 'f' AND k.confrelid = 'person'::regclass ORDER BY 1, 2",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)
}
