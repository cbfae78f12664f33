//! Reads folded into one JSON value in SQL.
//!
//! sqlx runs each SQLite connection on its own thread and hands every statement, and every row
//! of its result, across to the async caller one message at a time. On the record page those
//! hand-offs, not SQLite, were the cost (docs/benchmarks.md): about 25 statements and a hundred
//! rows a page. A read that would return many rows, or several small results, is written
//! instead as one statement that builds a JSON value (`json_group_array`, `json_object`), and
//! decoded here into plain row types. SQLite builds JSON in C, so the statement costs little
//! more than the rows it folds.

use journey_store::{StoreError, StoreResult};
use serde::de::DeserializeOwned;

/// Decodes a JSON value built by a statement into `T`.
pub fn decode<T: DeserializeOwned>(what: &str, text: &str) -> StoreResult<T> {
    serde_json::from_str(text)
        .map_err(|e| StoreError::Database(format!("cannot read {what} from its JSON: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_rows_and_names_what_failed() {
        let rows: Vec<(i64, String)> = decode("rows", r#"[[1,"a"],[2,"b"]]"#).unwrap();
        assert_eq!(rows, vec![(1, "a".to_owned()), (2, "b".to_owned())]);
        let err = decode::<Vec<(i64, String)>>("the chronology", "[[1]]").unwrap_err();
        assert!(err.to_string().contains("the chronology"), "{err}");
    }
}
