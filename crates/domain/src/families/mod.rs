//! Families: how people are related to a child, who the child lives with, what is already
//! known about the children around them, and recognising a person already on record.

pub mod history;
pub mod household;
pub mod kinds;
pub mod matching;
pub mod merging;
pub mod relationship;
pub mod sound;
pub mod wording;

pub use kinds::RelationshipKind;
