//! The plain words that notes write onto a child's chronology, and the names of the kinds of
//! chronology entry for the filter. The author is the entry's "recorded by", not repeated here.

use chrono::{DateTime, Utc};

use super::kinds::{NoteKind, Seen};
use super::note::Observations;

/// The chronology line of a finalised note: "Home visit: child seen alone; bedroom seen".
pub fn note_finalised(kind: NoteKind, seen: &Observations) -> String {
    if !kind.is_visit() {
        return format!("{} recorded", kind.label());
    }
    let child = match (seen.child_seen, seen.seen_alone) {
        (Seen::Yes, Seen::Yes) => "child seen alone",
        (Seen::Yes, Seen::No) => "child seen, not alone",
        (Seen::Yes, Seen::NotApplicable) => "child seen",
        (Seen::No, _) => "child not seen",
        (Seen::NotApplicable, _) => "child seen: not recorded",
    };
    let bedroom = match seen.bedroom_seen {
        Seen::Yes => "; bedroom seen",
        Seen::No => "; bedroom not seen",
        Seen::NotApplicable => "",
    };
    format!("{}: {child}{bedroom}", kind.label())
}

/// The chronology line of a correction, with its reason.
pub fn note_corrected(kind: NoteKind, occurred_at: DateTime<Utc>, reason: &str) -> String {
    format!(
        "Correction to the {} of {}: {reason}",
        kind.label().to_lowercase(),
        crate::timescales::format::long_date(crate::uk_time::local_date(occurred_at))
    )
}

/// A plain name for a chronology entry's kind, for the filter and the printed chronology.
/// Kinds this module does not know (other capabilities add their own) read as their code.
pub fn kind_label(code: &str) -> String {
    if let Some(kind) = NoteKind::from_code(code) {
        return kind.label().to_owned();
    }
    let known = match code {
        "child_registered" => Some("Record opened"),
        "allocated" => Some("Allocation"),
        "reviewing_officer_assigned" => Some("Reviewing officer"),
        "significant_event" => Some("Significant event added by hand"),
        "note_corrected" => Some("Correction to a note"),
        _ => None,
    };
    known.map_or_else(
        || {
            let spaced = code.replace('_', " ");
            let mut chars = spaced.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        },
        str::to_owned,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn seen(child_seen: Seen, seen_alone: Seen, bedroom_seen: Seen) -> Observations {
        Observations {
            child_seen,
            seen_alone,
            bedroom_seen,
        }
    }

    #[test]
    fn visits_say_what_was_seen() {
        use Seen::*;
        assert_eq!(
            note_finalised(NoteKind::HomeVisit, &seen(Yes, Yes, Yes)),
            "Home visit: child seen alone; bedroom seen"
        );
        assert_eq!(
            note_finalised(NoteKind::HomeVisit, &seen(Yes, No, No)),
            "Home visit: child seen, not alone; bedroom not seen"
        );
        assert_eq!(
            note_finalised(NoteKind::HomeVisit, &seen(No, NotApplicable, No)),
            "Home visit: child not seen; bedroom not seen"
        );
        assert_eq!(
            note_finalised(NoteKind::SchoolVisit, &seen(Yes, Yes, NotApplicable)),
            "School or nursery visit: child seen alone"
        );
    }

    #[test]
    fn other_contacts_say_what_they_were() {
        assert_eq!(
            note_finalised(NoteKind::PhoneCall, &Observations::NOT_A_VISIT),
            "Phone call recorded"
        );
        assert_eq!(
            note_finalised(NoteKind::CaseNote, &Observations::NOT_A_VISIT),
            "Case note recorded"
        );
    }

    #[test]
    fn corrections_give_the_date_and_the_reason() {
        let at = Utc.with_ymd_and_hms(2026, 3, 2, 9, 30, 0).unwrap();
        assert_eq!(
            note_corrected(NoteKind::HomeVisit, at, "The visit was on Monday"),
            "Correction to the home visit of 2 March 2026: The visit was on Monday"
        );
        // 23:30 UTC on 1 June is 00:30 on 2 June in London: the note's date is the UK one.
        let late = Utc.with_ymd_and_hms(2026, 6, 1, 23, 30, 0).unwrap();
        assert_eq!(
            note_corrected(NoteKind::PhoneCall, late, "Wrong number"),
            "Correction to the phone call of 2 June 2026: Wrong number"
        );
    }

    #[test]
    fn kinds_have_plain_names() {
        assert_eq!(kind_label("home_visit"), "Home visit");
        assert_eq!(kind_label("allocated"), "Allocation");
        assert_eq!(kind_label("strategy_discussion"), "Strategy discussion");
        assert_eq!(kind_label(""), "");
    }
}
