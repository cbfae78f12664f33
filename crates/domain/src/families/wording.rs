//! The plain words that family changes write onto a child's chronology.

/// "Kerry Marsh recorded as Ellie's mother. Ellie lives with her." style lines.
pub fn relationship_recorded(
    relative: &str,
    word: &str,
    child_given: &str,
    lives_with: bool,
) -> String {
    let what = super::kinds::sentence(relative, word, child_given);
    let recorded = what.replacen(" is ", " recorded as ", 1);
    if lives_with {
        format!("{recorded}; {child_given} lives with {relative}")
    } else {
        recorded
    }
}

pub fn relationship_ended(
    relative: &str,
    word: &str,
    child_given: &str,
    end: chrono::NaiveDate,
) -> String {
    format!(
        "Relationship ended on {}: {}",
        end.format("%-d %B %Y"),
        super::kinds::sentence(relative, word, child_given).replacen(" is ", " was ", 1)
    )
}

pub fn joined_household(person: &str, child_given: &str, from: chrono::NaiveDate) -> String {
    format!(
        "{person} started living with {child_given} on {}",
        from.format("%-d %B %Y")
    )
}

pub fn left_household(person: &str, child_given: &str, end: chrono::NaiveDate) -> String {
    format!(
        "{person} stopped living with {child_given} on {}",
        end.format("%-d %B %Y")
    )
}

pub fn merged_in(merged_id: i64, merged_name: &str, reason: &str) -> String {
    format!(
        "The duplicate record {merged_name} (Journey ID {merged_id}) was merged into this record: {reason}"
    )
}

pub fn merged_away(survivor_id: i64, survivor_name: &str, reason: &str) -> String {
    format!("This record was merged into {survivor_name} (Journey ID {survivor_id}): {reason}")
}

pub fn merge_undone(merged_id: i64, survivor_id: i64) -> String {
    format!(
        "The merge of Journey ID {merged_id} into Journey ID {survivor_id} was undone; each record has its own history again"
    )
}

/// A merge of records that are not a likely match, asked for and waiting for a second manager.
pub fn merge_requested(merged_id: i64, survivor_id: i64, requester: &str, reason: &str) -> String {
    format!(
        "Merge of Journey ID {merged_id} into Journey ID {survivor_id} asked for by {requester}, waiting for a second manager to approve it: {reason}"
    )
}

/// A second manager refused a merge asked for.
pub fn merge_request_refused(
    merged_id: i64,
    survivor_id: i64,
    manager: &str,
    reason: &str,
) -> String {
    format!(
        "Merge of Journey ID {merged_id} into Journey ID {survivor_id} refused by {manager}: {reason}"
    )
}

/// Who asked for and who approved a merge that needed a second manager, after its line.
pub fn merge_approved(requester: &str, approver: &str) -> String {
    format!(" (asked for by {requester}, approved by {approver})")
}

/// The allocation a merge ended, both records being allocated.
pub fn allocation_ended_by_merge(worker: &str, team: &str, reason: &str) -> String {
    format!("Allocation to {worker} ({team}) ended when the records were merged: {reason}")
}

/// An allocation a merge had ended, open again when the merge was undone.
pub fn allocation_reopened_by_undo(worker: &str, team: &str) -> String {
    format!("Allocation to {worker} ({team}) open again: the merge that ended it was undone")
}

/// "Link proposed, waiting for a manager who may open both records: Kerry Marsh is Ellie's
/// sister" (the proposer's child's chronology: only the name and the relationship).
pub fn link_proposed(person: &str, word: &str, child_given: &str) -> String {
    format!(
        "Link proposed, waiting for a manager who may open both records: {}",
        super::kinds::sentence(person, word, child_given)
    )
}

/// "Link confirmed by Sam Manager: Kerry Marsh is Ellie's sister" (both children's chronologies).
pub fn link_confirmed(person: &str, word: &str, child_given: &str, manager: &str) -> String {
    format!(
        "Link confirmed by {manager}: {}",
        super::kinds::sentence(person, word, child_given)
    )
}

/// "Link refused by Sam Manager: the proposal that Kerry Marsh is Ellie's sister (not the same
/// family)".
pub fn link_refused(
    person: &str,
    word: &str,
    child_given: &str,
    manager: &str,
    reason: &str,
) -> String {
    format!(
        "Link refused by {manager}: the proposal that {} ({reason})",
        super::kinds::sentence(person, word, child_given)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chronology_lines_read_as_plain_sentences() {
        assert_eq!(
            relationship_recorded("Kerry Marsh", "mother", "Ellie", true),
            "Kerry Marsh recorded as Ellie's mother; Ellie lives with Kerry Marsh"
        );
        assert_eq!(
            relationship_recorded("Tom Marsh", "half-brother", "Ellie", false),
            "Tom Marsh recorded as Ellie's half-brother"
        );
        let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(
            relationship_ended("Dan Reed", "stepfather", "Ellie", day),
            "Relationship ended on 1 March 2026: Dan Reed was Ellie's stepfather"
        );
        assert_eq!(
            left_household("Dan Reed", "Ellie", day),
            "Dan Reed stopped living with Ellie on 1 March 2026"
        );
        assert_eq!(
            merged_away(7, "Ava Example", "same child, recorded twice"),
            "This record was merged into Ava Example (Journey ID 7): same child, recorded twice"
        );
    }

    #[test]
    fn link_lines_name_the_two_people_and_who_decided() {
        assert_eq!(
            link_proposed("Kim Other", "sister", "Ava"),
            "Link proposed, waiting for a manager who may open both records: Kim Other is Ava's sister"
        );
        assert_eq!(
            link_confirmed("Kim Other", "sister", "Ava", "Sam Manager"),
            "Link confirmed by Sam Manager: Kim Other is Ava's sister"
        );
        assert_eq!(
            link_refused(
                "Kim Other",
                "sister",
                "Ava",
                "Sam Manager",
                "not the same family"
            ),
            "Link refused by Sam Manager: the proposal that Kim Other is Ava's sister (not the same family)"
        );
    }
}
