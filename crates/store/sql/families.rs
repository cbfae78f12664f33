// The `families` capability (issue 3). Written once for both databases: `include!`d by each
// backend's `families.rs` (names from its `dialect.rs`). The reads the record page and search
// measure (`family_panel`, the name search's walks) are each backend's own.

use async_trait::async_trait;
use chrono::NaiveDate;
use journey_domain::families::relationship::NewRelationship;
use journey_domain::ids::{EventId, PersonId};
use journey_domain::person::NewChild;
use journey_store::{
    AccessKind, AccessLogEntry, Actor, ChildAccess, Families, Family, FamilyPanel, LikelyMatch,
    RelatedPersonDetails, RelationshipProposals, RelationshipRow, SearchHit, StoreResult,
};

use crate::{families_read as read, families_search as search, families_write as write};

#[async_trait]
impl Families for SqlStore {
    async fn add_relationship(
        &self,
        access: &ChildAccess,
        relationship: &NewRelationship,
    ) -> StoreResult<EventId> {
        let mut tx = self.journal().await?;
        let event = write::add_relationship(&mut tx, access, relationship).await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn end_relationship(
        &self,
        access: &ChildAccess,
        relationship_id: i64,
        end: NaiveDate,
    ) -> StoreResult<EventId> {
        let mut tx = self.journal().await?;
        let event = write::end_relationship(&mut tx, access, relationship_id, end).await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn join_household(
        &self,
        access: &ChildAccess,
        person: PersonId,
        from: NaiveDate,
    ) -> StoreResult<EventId> {
        let mut tx = self.journal().await?;
        let event = write::join_household(&mut tx, access, person, from).await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn leave_household(
        &self,
        access: &ChildAccess,
        membership_id: i64,
        end: NaiveDate,
    ) -> StoreResult<EventId> {
        let mut tx = self.journal().await?;
        let event = write::leave_household(&mut tx, access, membership_id, end).await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn family(&self, access: &ChildAccess) -> StoreResult<Family> {
        let (actor, child) = (access.actor(), access.child());
        let today = actor.today();
        let mut conn = self.read().await?;
        let (child_given, _) = read::child_name(&mut conn, child).await?;
        let (ties, household, former_household) =
            read::family_basics(&mut conn, child, today).await?;
        // Everyone the record's family-history banner names who is not a recorded relative
        // (a child of the same mother with no sibling tie recorded): the page lists them too.
        let named_in_family_history: Vec<_> = read::family_panel(&mut conn, child, today)
            .await?
            .people_named()
            .into_iter()
            .filter(|named| !ties.iter().any(|t| t.other == named.person))
            .collect();
        drop(conn);
        let in_household = |t: &RelationshipRow| household.iter().any(|h| h.person == t.other);
        let (current, ended): (Vec<_>, Vec<_>) = ties.iter().partition(|t| t.is_current(today));
        let family = Family {
            current: current
                .into_iter()
                .map(|t| t.member(&child_given, in_household(t)))
                .collect(),
            ended: ended
                .into_iter()
                .map(|t| t.member(&child_given, false))
                .collect(),
            household,
            former_household,
            proposed: self.proposals_for(access).await?,
            named_in_family_history,
        };
        let named = family.named_in_family_history.iter().map(|named| {
            AccessLogEntry::by(
                actor,
                None,
                Some(named.person),
                AccessKind::SeenInFamilyHistory,
                &format!("on the family page of Journey ID {child}"),
            )
        });
        self.record_access(
            std::iter::once(AccessLogEntry::through(
                access,
                AccessKind::ViewedRecord,
                "family and household",
            ))
            .chain(named)
            .collect(),
        )
        .await?;
        Ok(family)
    }

    async fn family_panel(&self, access: &ChildAccess) -> StoreResult<FamilyPanel> {
        let (actor, child) = (access.actor(), access.child());
        let mut panel = read::family_panel(&mut *self.read().await?, child, actor.today()).await?;
        let seen = panel.people_shown();
        // Restricted relatives appear only to those with a relationship to them.
        let seen = if seen.is_empty() {
            seen
        } else {
            let shown = self.shown_to(actor, &seen).await?;
            panel.history.retain(|e| shown.contains(&e.person));
            panel.open_cases.retain(|c| shown.contains(&c.person));
            shown
        };
        if !seen.is_empty() {
            self.record_access(
                seen.into_iter()
                    .map(|person| {
                        AccessLogEntry::by(
                            actor,
                            None,
                            Some(person),
                            AccessKind::SeenInFamilyHistory,
                            &format!("on the record of Journey ID {child}"),
                        )
                    })
                    .collect(),
            )
            .await?;
        }
        Ok(panel)
    }

    async fn likely_matches(
        &self,
        actor: &Actor,
        child: &NewChild,
        limit: u32,
    ) -> StoreResult<Vec<LikelyMatch>> {
        let matches = search::likely_matches(&mut *self.read().await?, child, limit).await?;
        let matches = self.keep_shown(actor, matches, |m| m.hit.id).await?;
        self.record_access(vec![AccessLogEntry::result_list(
            actor,
            matches.iter().map(|m| m.hit.id),
        )])
        .await?;
        Ok(matches)
    }

    async fn person_by_id(&self, actor: &Actor, id: PersonId) -> StoreResult<Option<SearchHit>> {
        let hit = search::person_by_id(&mut *self.read().await?, id).await?;
        let hit = self
            .keep_shown(actor, hit.into_iter().collect(), |hit| hit.id)
            .await?
            .pop();
        self.record_access(vec![AccessLogEntry::result_list(
            actor,
            hit.iter().map(|hit| hit.id),
        )])
        .await?;
        Ok(hit)
    }

    async fn related_person(
        &self,
        access: &ChildAccess,
        person: PersonId,
    ) -> StoreResult<RelatedPersonDetails> {
        let (actor, child) = (access.actor(), access.child());
        let related =
            read::related_person(&mut *self.read().await?, child, person, actor.today()).await?;
        // The child's record was the way in; the person's own row says whose record it was.
        self.record_access(vec![
            AccessLogEntry::by(
                actor,
                Some(access.relationship()),
                Some(child),
                AccessKind::ViewedRecord,
                &format!("details of Journey ID {person}, related to this child"),
            ),
            AccessLogEntry::by(
                actor,
                None,
                Some(person),
                AccessKind::ViewedRecord,
                &format!("details, through the record of Journey ID {child}"),
            ),
        ])
        .await?;
        Ok(related)
    }

    async fn person_references(&self, person: PersonId) -> StoreResult<Vec<(String, i64)>> {
        write::person_references(&mut *self.read().await?, person).await
    }
}
