// The relationship proposals capability: links between a child's record and a person whose
// record the proposer may not open, kept apart from the relationships until a manager who may
// open both confirms them. Written once for both databases: `include!`d by each backend's
// `relationship_proposals.rs` (names from its `dialect.rs`).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use journey_domain::families::kinds::{Side, other_is, sentence};
use journey_domain::families::relationship::{NewRelationship, Relative};
use journey_domain::families::{RelationshipKind, wording};
use journey_domain::ids::{EventId, PersonId};
use journey_domain::person::Sex;
use journey_domain::validation::FieldErrors;
use journey_store::{
    AccessLogEntry, Actor, ChildAccess, ProposalDecision, ProposedLink, RelationshipProposals,
    StoreError, StoreResult,
};

use crate::families_read::child_name;
use crate::families_write::{insert_relationship, related_now};
use crate::journal::{Event, Journal, Line};

/// id, child, child's names, person, person's names, sex, is a child, kind, proposer, when.
type ProposalRow = (
    i64,
    i64,
    String,
    String,
    i64,
    String,
    String,
    String,
    bool,
    String,
    String,
    DateTime<Utc>,
);

/// The proposals waiting for a decision, with the two names and the proposer's.
macro_rules! select_open_proposals {
    ($rest:literal) => {
        concat!(
            "SELECT p.id, p.child_id, c.given_name, c.family_name, p.person_id, o.given_name, \
             o.family_name, o.sex, o.is_child, p.kind, s.display_name, p.proposed_at \
             FROM relationship_proposal p JOIN person c ON c.id = p.child_id \
             JOIN person o ON o.id = p.person_id JOIN staff s ON s.id = p.proposed_by \
             WHERE p.decided_at IS NULL ",
            $rest
        )
    };
}

fn proposed_link(row: ProposalRow) -> ProposedLink {
    let (id, child, child_given, child_family, person, given, family, sex, is_child, kind, by, at) =
        row;
    let sex = Sex::from_code(&sex).unwrap_or(Sex::NotKnown);
    let word = RelationshipKind::from_code(&kind).map_or_else(
        || kind.replace('_', " "),
        |k| other_is(k, Side::FromChild, sex).to_owned(),
    );
    let person_name = format!("{given} {family}");
    ProposedLink {
        id,
        child: PersonId(child),
        child_name: format!("{child_given} {child_family}"),
        person: PersonId(person),
        sentence: sentence(&person_name, &word, &child_given),
        person_name,
        person_is_child: is_child,
        word,
        proposed_by: by,
        proposed_at: at,
    }
}

fn invalid(field: &str, message: &str) -> StoreError {
    StoreError::Invalid(FieldErrors::single(field, message))
}

async fn propose(
    tx: &mut Journal,
    access: &ChildAccess,
    new: &NewRelationship,
) -> StoreResult<EventId> {
    let (actor, child) = (access.actor(), access.child());
    let Relative::Existing(person) = new.relative else {
        // A new adult has no record anyone else holds: it is recorded, never proposed.
        return Err(invalid(
            "who",
            "Only a link to someone already on Journey waits for confirmation",
        ));
    };
    // A restricted record is never the far end of an unconfirmed link: to a proposer it is
    // as if nobody had the ID.
    let live: Option<bool> = sqlx::query_scalar(
        "SELECT merged_into_id IS NULL FROM person WHERE id = $1 \
         AND NOT EXISTS (SELECT 1 FROM restricted_record WHERE child_id = $1)",
    )
    .bind(person.0)
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_err)?;
    match live {
        None => return Err(invalid("existing_id", "No one on Journey has this ID")),
        Some(false) => {
            return Err(invalid(
                "existing_id",
                "This record has been merged into another: link the record it was merged into",
            ));
        }
        Some(true) => {}
    }
    if related_now(tx, person, child).await? {
        return Err(invalid(
            "existing_id",
            "A relationship with this person is already recorded: end it first to record a different one",
        ));
    }
    let waiting: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM relationship_proposal WHERE decided_at IS NULL AND \
         ((child_id = $1 AND person_id = $2) OR (child_id = $2 AND person_id = $1))",
    )
    .bind(child.0)
    .bind(person.0)
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_err)?;
    if waiting.is_some() {
        return Err(invalid(
            "existing_id",
            "A link with this person is already waiting for a manager to confirm it",
        ));
    }
    let Some(staff) = actor.staff.as_ref() else {
        return Err(StoreError::NotFound); // a proposal has a member of staff behind it
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO relationship_proposal (child_id, person_id, kind, start_date, lives_with, \
         proposed_by, proposed_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(child.0)
    .bind(person.0)
    .bind(new.kind.code())
    .bind(new.start)
    .bind(new.lives_with)
    .bind(staff.id.0)
    .bind(ts(actor.at))
    .fetch_one(&mut **tx)
    .await
    .map_err(db_err)?;
    let link = open_one(tx, id).await?;
    let (given, _) = child_name(tx, child).await?;
    let summary = wording::link_proposed(&link.person_name, &link.word, &given);
    tx.record(Event {
        actor,
        relationship: Some(access.relationship()),
        child: Some(child),
        action: "link_proposed",
        subject: None,
        lines: &[Line {
            child,
            occurred_at: actor.at,
            kind: "link_proposed",
            summary: &summary,
            significant: false,
        }],
    })
    .await
}

async fn open_one(conn: &mut Conn, id: i64) -> StoreResult<ProposedLink> {
    let row: Option<ProposalRow> = sqlx::query_as(select_open_proposals!("AND p.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_err)?;
    row.map(proposed_link).ok_or(StoreError::NotFound)
}

async fn decide(
    tx: &mut Journal,
    child_access: &ChildAccess,
    far_end: Option<&ChildAccess>,
    id: i64,
    decision: &ProposalDecision,
) -> StoreResult<EventId> {
    let (actor, child) = (child_access.actor(), child_access.child());
    let link = open_one(tx, id).await?;
    let far_end_proved = far_end.is_some_and(|f| f.child() == link.person);
    if link.child != child || (link.person_is_child && !far_end_proved) {
        return Err(StoreError::NotFound);
    }
    let manager = actor.display_name();
    let Some(staff) = actor.staff.as_ref() else {
        return Err(StoreError::NotFound);
    };
    let (given, _) = child_name(tx, child).await?;
    match decision {
        ProposalDecision::Refuse { reason } => {
            sqlx::query(
                "UPDATE relationship_proposal SET decided_by = $1, decided_at = $2, \
                 confirmed = $3, refusal_reason = $4 WHERE id = $5 AND decided_at IS NULL",
            )
            .bind(staff.id.0)
            .bind(ts(actor.at))
            .bind(false)
            .bind(reason)
            .bind(id)
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
            let summary =
                wording::link_refused(&link.person_name, &link.word, &given, manager, reason);
            tx.record(Event {
                actor,
                relationship: Some(child_access.relationship()),
                child: Some(child),
                action: "link_refused",
                subject: None,
                lines: &[Line {
                    child,
                    occurred_at: actor.at,
                    kind: "link_refused",
                    summary: &summary,
                    significant: false,
                }],
            })
            .await
        }
        ProposalDecision::Confirm => {
            if related_now(tx, link.person, child).await? {
                return Err(invalid(
                    "decision",
                    "A relationship between these two is already recorded: refuse this proposal",
                ));
            }
            let (kind, start, lives_with): (String, Option<chrono::NaiveDate>, bool) =
                sqlx::query_as(
                    "SELECT kind, start_date, lives_with FROM relationship_proposal WHERE id = $1",
                )
                .bind(id)
                .fetch_one(&mut **tx)
                .await
                .map_err(db_err)?;
            let kind = RelationshipKind::from_code(&kind).ok_or(StoreError::NotFound)?;
            let new = NewRelationship {
                relative: Relative::Existing(link.person),
                kind,
                start,
                lives_with,
            };
            let relationship =
                insert_relationship(tx, child, link.person, &new, actor.today()).await?;
            sqlx::query(
                "UPDATE relationship_proposal SET decided_by = $1, decided_at = $2, \
                 confirmed = $3, relationship_id = $4 WHERE id = $5 AND decided_at IS NULL",
            )
            .bind(staff.id.0)
            .bind(ts(actor.at))
            .bind(true)
            .bind(relationship)
            .bind(id)
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
            let summary = wording::link_confirmed(&link.person_name, &link.word, &given, manager);
            let event = tx
                .record(Event {
                    actor,
                    relationship: Some(child_access.relationship()),
                    child: Some(child),
                    action: "link_confirmed",
                    subject: None,
                    lines: &[Line {
                        child,
                        occurred_at: actor.at,
                        kind: "link_confirmed",
                        summary: &summary,
                        significant: false,
                    }],
                })
                .await?;
            if let Some(far_end) = far_end.filter(|_| link.person_is_child) {
                // The same confirmation on the other child's record, audited there too.
                tx.record(Event {
                    actor,
                    relationship: Some(far_end.relationship()),
                    child: Some(link.person),
                    action: "link_confirmed",
                    subject: None,
                    lines: &[Line {
                        child: link.person,
                        occurred_at: actor.at,
                        kind: "link_confirmed",
                        summary: &summary,
                        significant: false,
                    }],
                })
                .await?;
            }
            Ok(event)
        }
    }
}

#[async_trait]
impl RelationshipProposals for SqlStore {
    async fn propose_relationship(
        &self,
        access: &ChildAccess,
        new: &NewRelationship,
    ) -> StoreResult<EventId> {
        let mut tx = self.journal().await?;
        let event = propose(&mut tx, access, new).await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn proposals_for(&self, access: &ChildAccess) -> StoreResult<Vec<ProposedLink>> {
        let rows: Vec<ProposalRow> =
            sqlx::query_as(select_open_proposals!("AND p.child_id = $1 ORDER BY p.id"))
                .bind(access.child().0)
                .fetch_all(&mut *self.read().await?)
                .await
                .map_err(db_err)?;
        Ok(rows.into_iter().map(proposed_link).collect())
    }

    async fn open_proposals(&self) -> StoreResult<Vec<ProposedLink>> {
        let rows: Vec<ProposalRow> = sqlx::query_as(select_open_proposals!("ORDER BY p.id"))
            .fetch_all(&mut *self.read().await?)
            .await
            .map_err(db_err)?;
        Ok(rows.into_iter().map(proposed_link).collect())
    }

    async fn open_proposal(&self, id: i64) -> StoreResult<ProposedLink> {
        open_one(&mut *self.read().await?, id).await
    }

    async fn children_linked_to(&self, person: PersonId) -> StoreResult<Vec<PersonId>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT c.id FROM person_relationship r JOIN person c \
             ON c.id = CASE WHEN r.person_id = $1 THEN r.related_person_id ELSE r.person_id END \
             WHERE (r.person_id = $1 OR r.related_person_id = $1) AND c.is_child \
             UNION SELECT child_id FROM household_member WHERE person_id = $1 \
             ORDER BY 1",
        )
        .bind(person.0)
        .fetch_all(&mut *self.read().await?)
        .await
        .map_err(db_err)?;
        Ok(ids.into_iter().map(PersonId).collect())
    }

    async fn decide_proposal(
        &self,
        child: &ChildAccess,
        far_end: Option<&ChildAccess>,
        id: i64,
        decision: &ProposalDecision,
    ) -> StoreResult<EventId> {
        let mut tx = self.journal().await?;
        let event = decide(&mut tx, child, far_end, id, decision).await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn record_proposals_seen(&self, actor: &Actor, people: &[PersonId]) -> StoreResult<()> {
        self.record_access(vec![AccessLogEntry::result_list(
            actor,
            people.iter().copied(),
        )])
        .await
    }
}
