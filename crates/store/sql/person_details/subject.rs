// Whose details a change is about, checked inside the change's journal, and the audit record
// and chronology line every change writes on that person. Written once for both databases:
// `include!`d by each backend's `person_details/subject.rs` (names from its `dialect.rs`).

use journey_domain::ids::{EventId, PersonId};
use journey_domain::person_details::wording;
use journey_store::person_details::Whose;
use journey_store::{ChildAccess, StoreError, StoreResult};

use crate::journal::{Event, Journal, Line};

/// The person a change is written on.
#[derive(Debug, Clone, Copy)]
pub struct Subject {
    pub person: PersonId,
    /// The child whose record the change was made through, when the person is someone else.
    pub through: Option<PersonId>,
}

impl Subject {
    pub fn the_child(access: &ChildAccess) -> Subject {
        Subject {
            person: access.child(),
            through: None,
        }
    }

    /// "the child" or "they", for messages at a field.
    pub fn who(&self) -> &'static str {
        if self.through.is_some() {
            "they"
        } else {
            "the child"
        }
    }
}

/// The person `whose` names, if the change may be written on them: the child (a child's
/// record), or an adult tied to the child the way `Families::related_person` reads them
/// (a relationship either way, or living or having lived together), not merged away.
pub async fn subject(tx: &mut Conn, access: &ChildAccess, whose: Whose) -> StoreResult<Subject> {
    let child = access.child();
    let (sql, person) = match whose {
        Whose::TheChild => (
            "SELECT id FROM person WHERE id = $1 AND is_child AND $1 = $2",
            child,
        ),
        Whose::Related(person) => (
            "SELECT p.id FROM person p WHERE p.id = $2 AND NOT p.is_child AND p.merged_into_id IS NULL \
             AND EXISTS (SELECT 1 FROM person WHERE id = $1 AND is_child) \
             AND (EXISTS (SELECT 1 FROM person_relationship WHERE \
                   (person_id = $1 AND related_person_id = $2) OR (person_id = $2 AND related_person_id = $1)) \
               OR EXISTS (SELECT 1 FROM household_member WHERE \
                   (child_id = $1 AND person_id = $2) OR (child_id = $2 AND person_id = $1)))",
            person,
        ),
    };
    let found: Option<i64> = sqlx::query_scalar(sql)
        .bind(child.0)
        .bind(person.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
    found.ok_or(StoreError::NotFound)?;
    Ok(Subject {
        person,
        through: (person != child).then_some(child),
    })
}

/// Records the event of a change to someone's details, on that person: its audit record keeps
/// the relationship accepted on the child, and its one chronology line, on an adult, names the
/// child's Journey ID.
pub async fn event(
    tx: &mut Journal,
    access: &ChildAccess,
    subject: Subject,
    action: &str,
    summary: &str,
    significant: bool,
) -> StoreResult<EventId> {
    let summary = match subject.through {
        Some(child) => wording::through_child(summary, child),
        None => summary.to_owned(),
    };
    tx.record(Event {
        actor: access.actor(),
        relationship: Some(access.relationship()),
        child: Some(subject.person),
        action,
        subject: None,
        lines: &[Line {
            child: subject.person,
            occurred_at: access.actor().at,
            kind: action,
            summary: &summary,
            significant,
        }],
    })
    .await
}
