//! The details of a child's record: identifiers (UPN, NHS number, the authority's child ID),
//! demographics with the DfE's codes, names and former names, addresses, warnings about risk
//! to staff, birth and death, and the case summary derived from them. Pure: no I/O.

pub mod changes;
pub mod codes;
pub mod corrections;
pub mod identifiers;
pub mod postcode;
pub mod summary;
pub mod wording;

pub use changes::{
    AddressInput, Birth, BirthInput, Demographics, DemographicsInput, NameChange, NameInput,
    NewAddress, NewWarning, Resident, WarningCategory, WarningInput, check_death,
    check_expected_date,
};
pub use corrections::{AddressCorrection, DateCorrection, DateKind, date_correction_problem};
pub use identifiers::{Identifier, IdentifierKind, NhsNumber, Upn, authority_child_id};
pub use postcode::Postcode;
