//! Merging two records and undoing it (written once for both databases in
//! `crates/store/sql/families_write/merge.rs`); below, what SQLite says its own way.

use crate::dialect::*;

include!("../../../store/sql/families_write/merge.rs");

// A set-aside row is kept as a JSON object of its columns and put back column by column; the
// person it belonged to is the merged record (`$2`). `$1` merge, `$2` merged record, `$3`
// survivor.
const KEEP_RELATIONSHIP_BETWEEN: &str = "INSERT INTO person_merge_set_aside (merge_id, item, content) SELECT $1, 'relationship_between', \
     json_object('id', id, 'person_id', person_id, 'related_person_id', related_person_id, 'kind', kind, \
     'start_date', start_date, 'end_date', end_date) FROM person_relationship \
     WHERE (person_id = $2 AND related_person_id = $3) OR (person_id = $3 AND related_person_id = $2)";
const KEEP_HOUSEHOLD_BETWEEN: &str = "INSERT INTO person_merge_set_aside (merge_id, item, content) SELECT $1, 'household_between', \
     json_object('id', id, 'child_id', child_id, 'person_id', person_id, 'start_date', start_date, \
     'end_date', end_date) FROM household_member \
     WHERE (child_id = $2 AND person_id = $3) OR (child_id = $3 AND person_id = $2)";
const KEEP_DRAFT: &str = "INSERT INTO person_merge_set_aside (merge_id, item, content) SELECT $1, 'draft', json_object(\
     'author_id', author_id, 'note_key', note_key, 'kind', kind, 'occurred_day', occurred_day, \
     'occurred_month', occurred_month, 'occurred_year', occurred_year, 'occurred_time', occurred_time, \
     'body', body, 'child_seen', child_seen, 'seen_alone', seen_alone, 'bedroom_seen', bedroom_seen, \
     'saved_at', saved_at) FROM case_note_draft \
     WHERE child_id = $2 AND author_id IN (SELECT author_id FROM case_note_draft WHERE child_id = $3)";
const KEEP_IDENTIFIER: &str = "INSERT INTO person_merge_set_aside (merge_id, item, content) SELECT $1, 'identifier', \
     json_object('kind', kind, 'value', value, 'recorded_at', recorded_at) FROM person_identifier \
     WHERE person_id = $2 AND kind IN (SELECT kind FROM person_identifier WHERE person_id = $3)";
const KEEP_DEMOGRAPHICS: &str = "INSERT INTO person_merge_set_aside (merge_id, item, content) SELECT $1, 'demographics', \
     json_object('gender', gender, 'ethnicity', ethnicity, 'disabilities', disabilities, \
     'date_of_death', date_of_death, 'updated_at', updated_at) FROM person_demographics \
     WHERE person_id = $2 AND EXISTS (SELECT 1 FROM person_demographics WHERE person_id = $3)";

const RESTORE_RELATIONSHIP_BETWEEN: &str = "INSERT INTO person_relationship (id, person_id, related_person_id, kind, start_date, end_date) \
     SELECT json_extract(content, '$.id'), json_extract(content, '$.person_id'), \
     json_extract(content, '$.related_person_id'), json_extract(content, '$.kind'), \
     json_extract(content, '$.start_date'), json_extract(content, '$.end_date') \
     FROM person_merge_set_aside WHERE merge_id = $1 AND item = 'relationship_between' AND $2 > 0 AND $3 > 0";
const RESTORE_HOUSEHOLD_BETWEEN: &str = "INSERT INTO household_member (id, child_id, person_id, start_date, end_date) \
     SELECT json_extract(content, '$.id'), json_extract(content, '$.child_id'), \
     json_extract(content, '$.person_id'), json_extract(content, '$.start_date'), \
     json_extract(content, '$.end_date') \
     FROM person_merge_set_aside WHERE merge_id = $1 AND item = 'household_between' AND $2 > 0 AND $3 > 0";
const RESTORE_DRAFT: &str = "INSERT INTO case_note_draft (author_id, child_id, note_key, kind, occurred_day, occurred_month, \
     occurred_year, occurred_time, body, child_seen, seen_alone, bedroom_seen, saved_at) \
     SELECT json_extract(content, '$.author_id'), $2, json_extract(content, '$.note_key'), \
     json_extract(content, '$.kind'), json_extract(content, '$.occurred_day'), \
     json_extract(content, '$.occurred_month'), json_extract(content, '$.occurred_year'), \
     json_extract(content, '$.occurred_time'), json_extract(content, '$.body'), \
     json_extract(content, '$.child_seen'), json_extract(content, '$.seen_alone'), \
     json_extract(content, '$.bedroom_seen'), json_extract(content, '$.saved_at') \
     FROM person_merge_set_aside WHERE merge_id = $1 AND item = 'draft' AND $3 > 0";
const RESTORE_IDENTIFIER: &str = "INSERT INTO person_identifier (person_id, kind, value, recorded_at) \
     SELECT $2, json_extract(content, '$.kind'), json_extract(content, '$.value'), \
     json_extract(content, '$.recorded_at') \
     FROM person_merge_set_aside WHERE merge_id = $1 AND item = 'identifier' AND $3 > 0";
const RESTORE_DEMOGRAPHICS: &str = "INSERT INTO person_demographics (person_id, gender, ethnicity, disabilities, date_of_death, updated_at) \
     SELECT $2, json_extract(content, '$.gender'), json_extract(content, '$.ethnicity'), \
     json_extract(content, '$.disabilities'), json_extract(content, '$.date_of_death'), \
     json_extract(content, '$.updated_at') \
     FROM person_merge_set_aside WHERE merge_id = $1 AND item = 'demographics' AND $3 > 0";

/// (table, column) of every foreign key to `person`, from the schema.
async fn person_foreign_keys(conn: &mut Conn) -> StoreResult<Vec<(String, String)>> {
    sqlx::query_as(
        "SELECT m.name, f.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) f \
         WHERE m.type = 'table' AND f.\"table\" = 'person' ORDER BY 1, 2",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)
}
