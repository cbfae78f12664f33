//! The access check, and the proof of it that every audited read and write of a child's record
//! takes: a [`ChildAccess`] can only be made here, by [`check`], so a store call that takes one
//! cannot be reached without the policy having allowed it.

use journey_domain::access::{Action, Relationship, decide};
use journey_domain::ids::PersonId;
use journey_domain::staff::Role;

use crate::{Actor, BreakGlass, Records, StoreResult};

/// Proof that the access policy allowed an actor an action on one child's record: who, whose
/// record, the relationship that allowed it and, where one was given, the reason.
///
/// Its fields are private and [`check`] is its only constructor, so it cannot be forged:
///
/// ```compile_fail
/// use journey_domain::access::Relationship;
/// use journey_domain::ids::PersonId;
/// use journey_store::{Actor, ChildAccess};
///
/// fn forge(actor: Actor) -> ChildAccess {
///     ChildAccess { actor, child: PersonId(1), relationship: Relationship::AllocatedWorker, reason: None }
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildAccess {
    actor: Actor,
    child: PersonId,
    relationship: Relationship,
    reason: Option<String>,
}

impl ChildAccess {
    /// Who is acting.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Whose record.
    pub fn child(&self) -> PersonId {
        self.child
    }

    /// The relationship the access policy accepted.
    pub fn relationship(&self) -> Relationship {
        self.relationship
    }

    /// The reason the actor gave, where the access needed one.
    pub fn reason(&self) -> Option<&str> {
        self.reason.as_deref()
    }
}

/// What the check allowed: the proof, and what else the same actor may do to the same record
/// (so a page can offer only the actions that will be allowed).
#[derive(Debug, Clone)]
pub struct Permitted {
    pub access: ChildAccess,
    role: Role,
    relationships: Vec<Relationship>,
}

impl Permitted {
    /// Whether the same actor may also take another action on this child.
    pub fn also_allows(&self, action: Action) -> bool {
        decide(self.role, &self.relationships, action).is_ok()
    }

    /// The actor's role.
    pub fn role(&self) -> Role {
        self.role
    }
}

/// The policy refused: the refusal has already been durably recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused;

/// Checks the actor's relationships to the child today against the policy table. Allowed, it
/// returns the proof; refused, it durably records the refusal first. A child that does not
/// exist has no relationships, so it is refused like any other: a refusal reveals nothing.
/// Journey itself (an actor with no staff member) holds no relationship and is refused.
///
/// Access that needs a reason carries one into every record it allows: the front door's
/// "Screening a contact", or the reason given for today's break-glass (read only when
/// break-glass is what allowed it, so the usual check stays one query).
pub async fn check<S: Records + BreakGlass + ?Sized>(
    store: &S,
    actor: Actor,
    child: PersonId,
    action: Action,
    reason: Option<String>,
) -> StoreResult<Result<Permitted, Refused>> {
    let Some(staff) = actor.staff.as_ref().map(|s| (s.id, s.role)) else {
        store.record_refusal(&actor, child, action).await?;
        return Ok(Err(Refused));
    };
    let (staff, role) = staff;
    let relationships = store.relationships(staff, child, actor.today()).await?;
    match decide(role, &relationships, action) {
        Ok(relationship) => {
            let reason = match reason {
                Some(given) => Some(given),
                None => reason_for(store, relationship, staff, child, &actor).await?,
            };
            Ok(Ok(Permitted {
                access: ChildAccess {
                    actor,
                    child,
                    relationship,
                    reason,
                },
                role,
                relationships,
            }))
        }
        Err(_) => {
            store.record_refusal(&actor, child, action).await?;
            Ok(Err(Refused))
        }
    }
}

/// The same check for someone a page shows only where the actor may open them (a chronology's
/// family members, the far end of a link): the proof if the policy allows it, `None` if not. Nobody asked for that
/// record, so a `None` is not an attempt and is not recorded as a refusal; what is shown with
/// the proof is recorded by the read that takes it.
pub async fn check_to_show<S: Records + ?Sized>(
    store: &S,
    actor: Actor,
    child: PersonId,
    action: Action,
) -> StoreResult<Option<ChildAccess>> {
    let Some((staff, role)) = actor.staff.as_ref().map(|s| (s.id, s.role)) else {
        return Ok(None);
    };
    // Break-glass opens the one record it was given for: it shows nobody beside another's.
    let relationships: Vec<Relationship> = store
        .relationships(staff, child, actor.today())
        .await?
        .into_iter()
        .filter(|r| *r != Relationship::BreakGlass)
        .collect();
    Ok(decide(role, &relationships, action)
        .ok()
        .map(|relationship| ChildAccess {
            actor,
            child,
            relationship,
            reason: relationship.standing_reason().map(str::to_owned),
        }))
}

/// The reason an access through `relationship` carries when none was given with it.
async fn reason_for<S: BreakGlass + ?Sized>(
    store: &S,
    relationship: Relationship,
    staff: journey_domain::ids::StaffId,
    child: PersonId,
    actor: &Actor,
) -> StoreResult<Option<String>> {
    Ok(match relationship {
        Relationship::BreakGlass => {
            store
                .break_glass_reason(staff, child, actor.today())
                .await?
        }
        other => other.standing_reason().map(str::to_owned),
    })
}
