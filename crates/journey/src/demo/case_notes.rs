//! Demo data of the `case notes` capability (issue 3): visits and calls for the first
//! worker's children, one corrected note, and one draft left part-typed.

use chrono::TimeDelta;
use journey_domain::case_notes::{NewNote, NoteKind, Observations, Seen};
use journey_store::{Actor, NoteDraft, Store, StoreResult};

use super::authority::Authority;
use super::rng::Rng;

/// Adds this capability's demo data to an authority whose children are already imported.
pub async fn seed(
    store: &dyn Store,
    actor: &Actor,
    authority: &Authority,
    _rng: &mut Rng,
) -> StoreResult<()> {
    let Some(&(worker, _)) = authority.case_holders.first() else {
        return Ok(());
    };
    let Some(author) = super::staff_actor(store, worker, "demo:case-notes", actor.at).await? else {
        return Ok(());
    };
    let children = store.caseload(worker, actor.today()).await?;
    for (i, entry) in children.iter().take(4).enumerate() {
        let access = super::permitted(store, author.clone(), entry.child).await?;
        let days_ago = TimeDelta::days(7 * (i as i64 + 1));
        let visit = NewNote {
            kind: NoteKind::HomeVisit,
            occurred_at: actor.at - days_ago,
            text: format!(
                "Visited {} at home. Talked about school and friends; the house was warm and \
                 there was food in the kitchen.",
                entry.given_name
            ),
            observations: Observations {
                child_seen: Seen::Yes,
                seen_alone: if i % 2 == 0 { Seen::Yes } else { Seen::No },
                bedroom_seen: if i % 3 == 0 { Seen::Yes } else { Seen::No },
            },
        };
        store
            .finalise_note(&access, &format!("demo-visit-{}", entry.child), &visit)
            .await?;
        let call = NewNote {
            kind: NoteKind::PhoneCall,
            occurred_at: actor.at - days_ago + TimeDelta::days(2),
            text: "Spoke to the school's designated safeguarding lead: attendance has improved."
                .into(),
            observations: Observations::NOT_A_VISIT,
        };
        let note = store
            .finalise_note(&access, &format!("demo-call-{}", entry.child), &call)
            .await?;
        if i == 0 {
            let corrected = NewNote {
                text: "Spoke to the school's deputy designated safeguarding lead: attendance \
                       has improved."
                    .into(),
                ..call
            };
            store
                .correct_note(&access, note, &corrected, "It was the deputy, not the lead")
                .await?;
            store
                .save_draft(
                    access.actor(),
                    entry.child,
                    &NoteDraft {
                        note_key: format!("demo-draft-{}", entry.child),
                        kind: NoteKind::OfficeVisit.code().into(),
                        text: "Came into the office with mum after school; started to talk about"
                            .into(),
                        ..NoteDraft::default()
                    },
                )
                .await?;
        }
    }
    Ok(())
}
