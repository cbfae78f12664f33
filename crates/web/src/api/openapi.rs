//! The OpenAPI 3.1 document of the JSON API, served at `/api/openapi.json` to signed-in staff.
//! It is made by the router itself (`api::router`): nothing here lists operations.

use std::sync::Arc;

use axum::{Extension, Json};
use serde_json::Value;

use crate::auth::Viewer;

/// The document, serialised once at start-up and shared with the handler.
#[derive(Clone)]
pub struct Document(pub Arc<Value>);

impl Document {
    pub fn new(openapi: &utoipa::openapi::OpenApi) -> Document {
        Document(Arc::new(
            serde_json::to_value(openapi).unwrap_or(Value::Null),
        ))
    }
}

/// This document. It describes the record system's API, so only staff signed in may read it.
#[utoipa::path(
    get, path = "/openapi.json", tag = "session",
    responses(
        (status = 200, description = "The OpenAPI 3.1 document of this API", body = Object, content_type = "application/json"),
        super::schema::Read
    )
)]
pub async fn document(_viewer: Viewer, Extension(document): Extension<Document>) -> Json<Value> {
    Json(document.0.as_ref().clone())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    /// Every `.rs` file under `dir`.
    fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }

    /// The document names each schema by its Rust type's name, and a second type of the same
    /// name silently replaces the first: the API then answers with fields its document does
    /// not describe. So no two types deriving `ToSchema` may share a name.
    #[test]
    fn no_two_schema_types_share_a_name() {
        let mut files = Vec::new();
        sources(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap_or_default();
            let mut derives_schema = false;
            for line in text.lines().map(str::trim) {
                // A view declared through `view!`: `NameView from Record {`.
                let words: Vec<&str> = line.split_whitespace().collect();
                if let [name, "from", _, "{", ..] = words.as_slice()
                    && name.chars().next().is_some_and(char::is_uppercase)
                {
                    seen.entry((*name).to_owned())
                        .or_default()
                        .push(file.display().to_string());
                    continue;
                }
                if line.starts_with("#[derive(") && line.contains("ToSchema") {
                    derives_schema = true;
                    continue;
                }
                if derives_schema && !line.starts_with("#[") && !line.starts_with("///") {
                    let name = line
                        .split_whitespace()
                        .skip_while(|w| !matches!(*w, "struct" | "enum"))
                        .nth(1)
                        .map(|n| n.trim_end_matches(['{', '(', ';', '<']).to_owned());
                    if let Some(name) = name {
                        seen.entry(name)
                            .or_default()
                            .push(file.display().to_string());
                    }
                    derives_schema = false;
                }
            }
        }
        assert!(seen.len() > 80, "only {} schema types found", seen.len());
        let shared: Vec<_> = seen.iter().filter(|(_, files)| files.len() > 1).collect();
        assert!(shared.is_empty(), "schema names used twice: {shared:?}");
    }
}
