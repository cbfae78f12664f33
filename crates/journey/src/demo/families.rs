//! Demo data of the `families` capability (issue 3): the Marsh household around the unborn
//! baby (whose half-sister Ellie was adopted), recorded by the baby's allocated worker, and a
//! link the worker proposed to a child of another team, waiting for a manager.

use journey_domain::families::RelationshipKind;
use journey_domain::families::relationship::{NewAdult, NewRelationship, Relative};
use journey_domain::person::Sex;
use journey_store::{Actor, Store, StoreResult};

use super::authority::Authority;
use super::rng::Rng;

/// Adds this capability's demo data to an authority whose children are already imported.
pub async fn seed(
    store: &dyn Store,
    actor: &Actor,
    authority: &Authority,
    _rng: &mut Rng,
) -> StoreResult<()> {
    // The showcase family's unborn baby is allocated to the first case holder.
    let Some((worker, team)) = authority.case_holders.first().copied() else {
        return Ok(());
    };
    let today = actor.today();
    let caseload = store.caseload(worker, today).await?;
    let Some(baby) = caseload
        .iter()
        .find(|c| c.family_name == "Marsh" && c.date_of_birth.is_none())
    else {
        return Ok(());
    };
    let Some(as_worker) = super::staff_actor(store, worker, "demo:families", actor.at).await?
    else {
        return Ok(());
    };
    let access = super::permitted(store, as_worker, baby.child).await?;
    // Kerry (recorded as the mother by the import) is who the baby will live with; her new
    // partner, the baby's father, has moved in with her.
    let family = store.family(&access).await?;
    if let Some(kerry) = family.current.iter().find(|m| m.kind == "mother") {
        store.join_household(&access, kerry.person, today).await?;
    }
    store
        .add_relationship(
            &access,
            &NewRelationship {
                relative: Relative::New(NewAdult {
                    given_name: "Dean".into(),
                    family_name: "Hollis".into(),
                    date_of_birth: chrono::NaiveDate::from_ymd_opt(1998, 10, 9),
                    sex: Sex::Male,
                }),
                kind: RelationshipKind::Father,
                start: None,
                lives_with: true,
            },
        )
        .await?;
    // A cousin on another team's caseload: the worker may not open that record, so the link
    // waits (names and relationship only) for a manager who may open both.
    let other_team = authority
        .case_holders
        .iter()
        .find(|(_, other)| *other != team);
    if let Some((other_worker, _)) = other_team {
        let theirs = store.caseload(*other_worker, today).await?;
        if let Some(cousin) = theirs.iter().find(|c| c.child != baby.child) {
            store
                .propose_relationship(
                    &access,
                    &NewRelationship {
                        relative: Relative::Existing(cousin.child),
                        kind: RelationshipKind::Other,
                        start: None,
                        lives_with: false,
                    },
                )
                .await?;
        }
    }
    Ok(())
}
