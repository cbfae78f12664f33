//! The web layer's one error type, mapped to HTTP in one place.

use axum::http::StatusCode;
use journey_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// No valid session: pages send the user to sign in, the API answers 401.
    #[error("not signed in")]
    NotSignedIn,
    /// The access policy refused the action. Says nothing about the child.
    #[error("refused by the access policy")]
    Refused,
    /// The access policy refused opening a child's record to someone who may open it by giving
    /// a reason: the same refusal, with a link to do that. Offered for any Journey ID, so it
    /// says nothing about whether the child exists.
    #[error("refused by the access policy, break-glass offered")]
    RefusedRecord(journey_domain::ids::PersonId),
    /// The form or request did not carry this session's CSRF token.
    #[error("the form could not be verified")]
    Csrf,
    #[error("not found")]
    NotFound,
    /// A step of a process asked for before the step it needs: what is missing, in a
    /// sentence that says how to put it right.
    #[error("out of order: {0}")]
    OutOfOrder(String),
    /// Input that cannot be read at all (not a form field problem, which pages show in place).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Too many failed attempts; the user is asked to wait.
    #[error("too many attempts")]
    Throttled,
    /// Anything else: logged with the request id, never shown.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => WebError::NotFound,
            StoreError::OutOfOrder(refused) => WebError::OutOfOrder(refused.message),
            StoreError::DischargeRefused(refused) => WebError::OutOfOrder(refused.message),
            StoreError::AssessmentOutOfOrder(refused) => WebError::OutOfOrder(refused.message),
            StoreError::Invalid(errors) => WebError::BadRequest(
                errors
                    .errors
                    .into_iter()
                    .map(|e| e.message)
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<minijinja::Error> for WebError {
    fn from(e: minijinja::Error) -> Self {
        WebError::Internal(format!("template: {e:#}"))
    }
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::NotSignedIn => StatusCode::UNAUTHORIZED,
            WebError::Refused | WebError::RefusedRecord(_) | WebError::Csrf => {
                StatusCode::FORBIDDEN
            }
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::OutOfOrder(_) => StatusCode::CONFLICT,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Throttled => StatusCode::TOO_MANY_REQUESTS,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the user is told: plain words, nothing internal.
    pub fn title_and_message(&self) -> (&'static str, String) {
        match self {
            WebError::NotSignedIn => ("You need to sign in", "Sign in to continue.".into()),
            WebError::Refused | WebError::RefusedRecord(_) => (
                "You cannot open this record",
                "You do not have a working relationship with this child that allows this. \
                 If you need access, ask the child's team manager. This attempt has been recorded."
                    .into(),
            ),
            WebError::Csrf => (
                "Your form could not be sent",
                "The page was open too long or came from somewhere else. Go back, refresh the page and try again. Nothing was saved."
                    .into(),
            ),
            WebError::NotFound => ("Page not found", "If you typed the web address, check it is correct.".into()),
            WebError::OutOfOrder(message) => ("This step can't be recorded yet", message.clone()),
            WebError::BadRequest(message) => ("There is a problem with the request", message.clone()),
            WebError::Throttled => (
                "Too many attempts",
                "Wait 15 minutes before trying to sign in again.".into(),
            ),
            WebError::Internal(_) => (
                "Sorry, there is a problem with the service",
                "Try again later. Nothing you typed was saved by this attempt.".into(),
            ),
        }
    }
}

pub type WebResult<T> = Result<T, WebError>;
