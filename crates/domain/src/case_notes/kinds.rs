//! The kinds of note and the yes / no / not applicable answers a visit records.

use serde::{Deserialize, Serialize};

/// What kind of contact a note records. Visits record whether the child was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    CaseNote,
    HomeVisit,
    OfficeVisit,
    SchoolVisit,
    PhoneCall,
    VideoCall,
}

impl NoteKind {
    pub const ALL: [NoteKind; 6] = [
        NoteKind::CaseNote,
        NoteKind::HomeVisit,
        NoteKind::OfficeVisit,
        NoteKind::SchoolVisit,
        NoteKind::PhoneCall,
        NoteKind::VideoCall,
    ];

    /// The code stored in the database and used as the chronology entry's kind.
    pub fn code(self) -> &'static str {
        match self {
            NoteKind::CaseNote => "case_note",
            NoteKind::HomeVisit => "home_visit",
            NoteKind::OfficeVisit => "office_visit",
            NoteKind::SchoolVisit => "school_visit",
            NoteKind::PhoneCall => "phone_call",
            NoteKind::VideoCall => "video_call",
        }
    }

    pub fn from_code(code: &str) -> Option<NoteKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            NoteKind::CaseNote => "Case note",
            NoteKind::HomeVisit => "Home visit",
            NoteKind::OfficeVisit => "Office visit",
            NoteKind::SchoolVisit => "School or nursery visit",
            NoteKind::PhoneCall => "Phone call",
            NoteKind::VideoCall => "Video call",
        }
    }

    /// A visit is a face-to-face meeting: it records whether the child was seen (and alone),
    /// which is what statutory visiting is measured by. A video call is not a visit.
    pub fn is_visit(self) -> bool {
        matches!(
            self,
            NoteKind::HomeVisit | NoteKind::OfficeVisit | NoteKind::SchoolVisit
        )
    }
}

/// An answer to "was the child seen?", "seen alone?", "bedroom seen?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Seen {
    Yes,
    No,
    /// The question does not arise: not a visit, the child was not seen (so not seen alone),
    /// or a visit away from the child's home (so no bedroom to see).
    NotApplicable,
}

impl Seen {
    pub fn code(self) -> &'static str {
        match self {
            Seen::Yes => "yes",
            Seen::No => "no",
            Seen::NotApplicable => "not_applicable",
        }
    }

    pub fn from_code(code: &str) -> Option<Seen> {
        [Seen::Yes, Seen::No, Seen::NotApplicable]
            .into_iter()
            .find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Seen::Yes => "Yes",
            Seen::No => "No",
            Seen::NotApplicable => "Not applicable",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for kind in NoteKind::ALL {
            assert_eq!(NoteKind::from_code(kind.code()), Some(kind));
        }
        for seen in [Seen::Yes, Seen::No, Seen::NotApplicable] {
            assert_eq!(Seen::from_code(seen.code()), Some(seen));
        }
        assert_eq!(NoteKind::from_code("visit"), None);
        assert!(NoteKind::HomeVisit.is_visit());
        assert!(!NoteKind::VideoCall.is_visit());
    }
}
