//! Typed JSON bodies. A body that is not JSON, or not a JSON object, cannot be read at all
//! (400). Inside an object, a field of the wrong type (a string where a boolean belongs, a
//! date not in ISO form, an unknown code) is a problem at that field, answered 422 with the
//! others: each bad field is set aside and the body read again without it, so every bad field
//! is named at once and the rest still reach the domain's checks.

use axum::Json;
use axum::extract::{FromRequest, Request};
use journey_domain::validation::FieldErrors;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::WebError;

/// A typed body and the problems found with its fields' types.
pub struct ApiBody<T> {
    pub body: T,
    pub problems: FieldErrors,
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiBody<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let Json(mut value) = Json::<Value>::from_request(req, state).await.map_err(|e| {
            WebError::BadRequest(format!(
                "The JSON body could not be read: {}",
                e.body_text()
            ))
        })?;
        if !value.is_object() {
            return Err(WebError::BadRequest(
                "The JSON body must be an object".into(),
            ));
        }
        let mut problems = FieldErrors::new();
        loop {
            let error = match serde_path_to_error::deserialize::<_, T>(&value) {
                Ok(body) => return Ok(ApiBody { body, problems }),
                Err(error) => error,
            };
            let field = match error.path().iter().next() {
                Some(serde_path_to_error::Segment::Map { key }) => key.clone(),
                _ => return Err(WebError::BadRequest(error.inner().to_string())),
            };
            // Every pass removes one field, so this ends.
            if value
                .as_object_mut()
                .and_then(|map| map.remove(&field))
                .is_none()
            {
                return Err(WebError::BadRequest(error.inner().to_string()));
            }
            problems.add(&field, message(&error.into_inner().to_string()));
        }
    }
}

/// serde's words for a value of the wrong type, as a sentence.
fn message(text: &str) -> String {
    let text = text.split(" at line ").next().unwrap_or(text);
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "This field could not be read".into(),
    }
}

/// Merges the domain's problems into those found reading the body: a field already refused
/// for its type keeps that message alone.
pub fn merged(problems: FieldErrors, more: FieldErrors) -> FieldErrors {
    problems.merge_new(more)
}

/// The domain's value, or every problem: those of the body's types first.
pub fn checked<T>(problems: FieldErrors, parsed: Result<T, FieldErrors>) -> Result<T, FieldErrors> {
    problems.and_parsed(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_type_problem_keeps_its_field_and_the_domain_fills_the_rest() {
        let problems = FieldErrors::single("child_seen", "Invalid type");
        let mut domain = FieldErrors::new();
        domain.add("child_seen", "Select whether the child was seen");
        domain.add("text", "Enter what happened");
        let all = merged(problems, domain);
        assert_eq!(all.errors.len(), 2);
        assert_eq!(all.message_for("child_seen"), Some("Invalid type"));
    }
}
