//! The `families` capability on PostgreSQL (issue 3).

use async_trait::async_trait;
use chrono::NaiveDate;
use journey_domain::access::Relationship;
use journey_domain::families::relationship::NewRelationship;
use journey_domain::ids::{EventId, PersonId};
use journey_domain::person::NewChild;
use journey_store::{
    AccessKind, AccessLogEntry, Actor, ChildAccess, Families, Family, FamilyPanel, LikelyMatch,
    MergeRecord, MergeRequest, RelatedPersonDetails, SearchHit, StoreResult, family_circle,
};

use crate::PostgresStore;
use crate::codec::db_err;
use crate::{families_read as read, families_search as search, families_write as write};

#[async_trait]
impl Families for PostgresStore {
    async fn add_relationship(
        &self,
        access: &ChildAccess,
        relationship: &NewRelationship,
    ) -> StoreResult<EventId> {
        let mut tx = self.pool.begin().await.map_err(db_err)?;
        let event = write::add_relationship(&mut tx, access, relationship).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(event)
    }

    async fn end_relationship(
        &self,
        access: &ChildAccess,
        relationship_id: i64,
        end: NaiveDate,
    ) -> StoreResult<EventId> {
        let mut tx = self.pool.begin().await.map_err(db_err)?;
        let event = write::end_relationship(&mut tx, access, relationship_id, end).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(event)
    }

    async fn join_household(
        &self,
        access: &ChildAccess,
        person: PersonId,
        from: NaiveDate,
    ) -> StoreResult<EventId> {
        let mut tx = self.pool.begin().await.map_err(db_err)?;
        let event = write::join_household(&mut tx, access, person, from).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(event)
    }

    async fn leave_household(
        &self,
        access: &ChildAccess,
        membership_id: i64,
        end: NaiveDate,
    ) -> StoreResult<EventId> {
        let mut tx = self.pool.begin().await.map_err(db_err)?;
        let event = write::leave_household(&mut tx, access, membership_id, end).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(event)
    }

    async fn family(&self, access: &ChildAccess) -> StoreResult<Family> {
        let today = access.actor.today();
        let mut conn = self.pool.acquire().await.map_err(db_err)?;
        let (child_given, _) = read::child_name(&mut conn, access.child).await?;
        let ties = read::ties(&mut conn, access.child).await?;
        let (household, former_household) =
            read::household(&mut conn, access.child, today, &ties).await?;
        drop(conn);
        let in_household =
            |t: &journey_store::RelationshipRow| household.iter().any(|h| h.person == t.other);
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
        };
        crate::access::write(
            &self.pool,
            &[AccessLogEntry::by(
                &access.actor,
                Some(access.relationship),
                Some(access.child),
                AccessKind::ViewedRecord,
                "family and household",
            )],
        )
        .await?;
        Ok(family)
    }

    async fn family_panel(&self, access: &ChildAccess) -> StoreResult<FamilyPanel> {
        let today = access.actor.today();
        let mut conn = self.pool.acquire().await.map_err(db_err)?;
        let ties = read::ties(&mut conn, access.child).await?;
        let parents_children = read::parents_children(&mut conn, &ties).await?;
        let circle = family_circle(access.child, &ties, &parents_children);
        let (history, open_cases) = read::circle_history(&mut conn, &circle, today).await?;
        let (household, _) = read::household(&mut conn, access.child, today, &ties).await?;
        let merged_into = read::merged_into(&mut conn, access.child).await?;
        drop(conn);
        let panel = FamilyPanel {
            history,
            open_cases,
            household,
            merged_into,
        };
        let seen = panel.people_shown();
        if !seen.is_empty() {
            crate::access::write(
                &self.pool,
                &seen
                    .into_iter()
                    .map(|person| {
                        AccessLogEntry::by(
                            &access.actor,
                            None,
                            Some(person),
                            AccessKind::SeenInFamilyHistory,
                            &format!("on the record of Journey ID {}", access.child),
                        )
                    })
                    .collect::<Vec<_>>(),
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
        let matches = search::likely_matches(&self.pool, child, limit).await?;
        crate::access::write(
            &self.pool,
            &[AccessLogEntry::result_list(
                actor,
                matches.iter().map(|m| m.hit.id),
            )],
        )
        .await?;
        Ok(matches)
    }

    async fn person_by_id(&self, actor: &Actor, id: PersonId) -> StoreResult<Option<SearchHit>> {
        let hit = search::person_by_id(&self.pool, id).await?;
        crate::access::write(
            &self.pool,
            &[AccessLogEntry::result_list(
                actor,
                hit.iter().map(|hit| hit.id),
            )],
        )
        .await?;
        Ok(hit)
    }

    async fn merge_records(
        &self,
        actor: &Actor,
        relationship: Relationship,
        merged_relationship: Option<Relationship>,
        merge: &MergeRequest,
    ) -> StoreResult<i64> {
        let mut tx = self.pool.begin().await.map_err(db_err)?;
        let id =
            write::merge_records(&mut tx, actor, relationship, merged_relationship, merge).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(id)
    }

    async fn undo_merge(
        &self,
        actor: &Actor,
        relationship: Relationship,
        survivor: PersonId,
        merge_id: i64,
    ) -> StoreResult<EventId> {
        let mut tx = self.pool.begin().await.map_err(db_err)?;
        let event = write::undo_merge(&mut tx, actor, relationship, survivor, merge_id).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(event)
    }

    async fn merges(&self, person: PersonId) -> StoreResult<Vec<MergeRecord>> {
        let mut conn = self.pool.acquire().await.map_err(db_err)?;
        read::merges(&mut conn, person).await
    }

    async fn related_person(
        &self,
        access: &ChildAccess,
        person: PersonId,
    ) -> StoreResult<RelatedPersonDetails> {
        let today = access.actor.today();
        let mut conn = self.pool.acquire().await.map_err(db_err)?;
        let related = read::related_person(&mut conn, access.child, person, today).await?;
        drop(conn);
        // The child's record was the way in; the person's own row says whose record it was.
        crate::access::write(
            &self.pool,
            &[
                AccessLogEntry::by(
                    &access.actor,
                    Some(access.relationship),
                    Some(access.child),
                    AccessKind::ViewedRecord,
                    &format!("details of Journey ID {person}, related to this child"),
                ),
                AccessLogEntry::by(
                    &access.actor,
                    None,
                    Some(person),
                    AccessKind::ViewedRecord,
                    &format!("details, through the record of Journey ID {}", access.child),
                ),
            ],
        )
        .await?;
        Ok(related)
    }

    async fn person_references(&self, person: PersonId) -> StoreResult<Vec<(String, i64)>> {
        let mut conn = self.pool.acquire().await.map_err(db_err)?;
        write::person_references(&mut conn, person).await
    }
}
