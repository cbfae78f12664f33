//! The store's one error type. The web layer maps it to HTTP in one place.

use journey_domain::validation::FieldErrors;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The thing asked for does not exist.
    #[error("not found")]
    NotFound,
    /// The database refused the change because of a rule about the input (a unique name
    /// taken, a reference to something that does not exist): shown to the user at the field.
    #[error("the input conflicts with existing records")]
    Invalid(#[from] FieldErrors),
    /// A step of a process asked for before the step it needs: says which, and how to put it
    /// right (no conference without the strategy discussion and enquiry behind it).
    #[error("{0}")]
    OutOfOrder(#[from] journey_domain::child_protection::OutOfOrder),
    /// A step of a baby's discharge the record is not ready for (no plan to sign off, a
    /// discharge before the birth is recorded), in a sentence saying what to do instead.
    #[error("{0}")]
    DischargeRefused(#[from] journey_domain::babies::DischargeRefused),
    /// An assessment's step asked for out of order, or an authorisation by someone who may
    /// not give it: says which step puts it right.
    #[error("{0}")]
    AssessmentOutOfOrder(#[from] journey_domain::assessments::OutOfOrder),
    /// The database could not be reached or failed. Logged, never shown.
    #[error("database error: {0}")]
    Database(String),
    /// The schema is newer than this build, or a migration failed.
    #[error("migration error: {0}")]
    Migration(String),
}

pub type StoreResult<T> = Result<T, StoreError>;
