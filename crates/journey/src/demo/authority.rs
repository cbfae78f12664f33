//! The fictional authority's structure and staff: services, teams, and people in every role.

use journey_domain::ids::{StaffId, TeamId};
use journey_domain::staff::{Role, TeamFunction, TeamKind};
use journey_store::{Actor, NewStaff, Store, StoreResult};

use super::names::{FAMILY, GIVEN_FEMALE, GIVEN_MALE};
use super::rng::Rng;

/// Teams that hold children's cases, under the safeguarding service, with what each does (as
/// the administrator sets it).
pub const CASE_TEAMS: &[(&str, TeamFunction)] = &[
    ("Front Door (MASH)", TeamFunction::FrontDoor),
    ("Assessment Team North", TeamFunction::Assessment),
    ("Assessment Team South", TeamFunction::Assessment),
    ("Child Protection Team East", TeamFunction::ChildProtection),
    ("Child Protection Team West", TeamFunction::ChildProtection),
    ("Children in Care Team", TeamFunction::LookedAfter),
    ("Leaving Care Team", TeamFunction::LeavingCare),
];

pub struct StaffMember {
    pub username: String,
    pub role: Role,
}

pub struct Authority {
    pub staff: Vec<StaffMember>,
    /// Workers who can hold cases, with their team.
    pub case_holders: Vec<(StaffId, TeamId)>,
    pub reviewing_officers: Vec<StaffId>,
}

/// How large an authority to build.
pub struct Size {
    /// Social workers per case-holding team (plus a team manager and a senior).
    pub workers_per_team: usize,
    pub reviewing_officers: usize,
}

pub async fn build(
    store: &dyn Store,
    actor: &Actor,
    size: &Size,
    password_hash: &str,
    rng: &mut Rng,
) -> StoreResult<Authority> {
    let safeguarding = store
        .create_team(actor, "Children's Social Care", TeamKind::Service, None)
        .await?;
    let quality = store
        .create_team(
            actor,
            "Quality Assurance and Reviewing",
            TeamKind::Service,
            None,
        )
        .await?;
    let reviewing = store
        .create_team(
            actor,
            "Independent Reviewing Service",
            TeamKind::Team,
            Some(quality),
        )
        .await?;
    let support = store
        .create_team(
            actor,
            "Business Support",
            TeamKind::Team,
            Some(safeguarding),
        )
        .await?;
    let mut authority = Authority {
        staff: Vec::new(),
        case_holders: Vec::new(),
        reviewing_officers: Vec::new(),
    };
    let mut taken = std::collections::HashSet::new();
    let mut add = async |authority: &mut Authority,
                         rng: &mut Rng,
                         role: Role,
                         team: Option<TeamId>|
           -> StoreResult<StaffId> {
        let given = if rng.chance(70) {
            rng.pick(GIVEN_FEMALE)
        } else {
            rng.pick(GIVEN_MALE)
        };
        let given = given.copied().unwrap_or("Sam");
        let family = rng.pick(FAMILY).copied().unwrap_or("Shaw");
        let base = format!("{given}.{family}").to_lowercase().replace('\'', "");
        let mut username = base.clone();
        let mut suffix = 2;
        while !taken.insert(username.clone()) {
            username = format!("{base}{suffix}");
            suffix += 1;
        }
        let id = store
            .create_staff(
                actor,
                &NewStaff {
                    username: username.clone(),
                    display_name: format!("{given} {family}"),
                    role,
                    team,
                    password_hash: password_hash.to_owned(),
                },
            )
            .await?;
        authority.staff.push(StaffMember { username, role });
        Ok(id)
    };
    add(
        &mut authority,
        rng,
        Role::ServiceManager,
        Some(safeguarding),
    )
    .await?;
    add(&mut authority, rng, Role::ServiceManager, Some(quality)).await?;
    store
        .set_team_function(actor, reviewing, Some(TeamFunction::Reviewing))
        .await?;
    store
        .set_team_function(actor, support, Some(TeamFunction::BusinessSupport))
        .await?;
    for (name, function) in CASE_TEAMS {
        let team = store
            .create_team(actor, name, TeamKind::Team, Some(safeguarding))
            .await?;
        store
            .set_team_function(actor, team, Some(*function))
            .await?;
        let manager = add(&mut authority, rng, Role::TeamManager, Some(team)).await?;
        let senior = add(&mut authority, rng, Role::SeniorSocialWorker, Some(team)).await?;
        authority.case_holders.push((senior, team));
        let _ = manager;
        for _ in 0..size.workers_per_team {
            let worker = add(&mut authority, rng, Role::SocialWorker, Some(team)).await?;
            authority.case_holders.push((worker, team));
        }
    }
    add(&mut authority, rng, Role::TeamManager, Some(reviewing)).await?;
    for _ in 0..size.reviewing_officers {
        let officer = add(&mut authority, rng, Role::ReviewingOfficer, Some(reviewing)).await?;
        authority.reviewing_officers.push(officer);
    }
    for _ in 0..3 {
        add(&mut authority, rng, Role::BusinessSupport, Some(support)).await?;
    }
    for _ in 0..2 {
        add(&mut authority, rng, Role::Auditor, Some(quality)).await?;
        add(&mut authority, rng, Role::Administrator, None).await?;
    }
    Ok(authority)
}
