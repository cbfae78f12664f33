//! Fictional children, their families and their histories.

use chrono::{DateTime, Datelike, Months, NaiveDate, TimeDelta, Utc};
use journey_domain::person::{NewChild, Sex};
use journey_store::{ImportedChild, ImportedEvent, ImportedRelative};

use super::authority::Authority;
use super::names::{FAMILY, GIVEN_FEMALE, GIVEN_MALE};
use super::rng::Rng;

/// What to generate.
pub struct Plan {
    pub children: usize,
    /// Percentage of children with an open, allocated case.
    pub open_percent: u64,
    /// Chronology entries per child (before the heavy ones).
    pub events_per_child: usize,
    /// The first `heavy_children` get `heavy_events` entries each (long histories).
    pub heavy_children: usize,
    pub heavy_events: usize,
    /// One child per family, with mother, father and both maternal grandparents: the shape the
    /// benchmark authority uses to reach five people per child.
    pub benchmark_families: bool,
    /// Everything happens before this moment.
    pub reference: DateTime<Utc>,
}

const SOURCES: &[&str] = &[
    "the school",
    "the police",
    "the health visitor",
    "the GP",
    "a neighbour",
    "the midwife",
    "a family member",
];
const CONCERNS: &[&str] = &[
    "neglect of the home and missed health appointments",
    "domestic abuse between the parents",
    "bruising noticed at school",
    "parental alcohol misuse",
    "the child going missing overnight",
    "poor school attendance",
    "mental ill health of a parent",
];

fn history(
    rng: &mut Rng,
    born: NaiveDate,
    reference: DateTime<Utc>,
    count: usize,
) -> Vec<ImportedEvent> {
    let start = born
        .and_hms_opt(9, 0, 0)
        .map(|t| t.and_utc())
        .unwrap_or(reference);
    let span = (reference - start).num_minutes().max(60 * 24);
    let mut offsets: Vec<i64> = (0..count).map(|_| rng.below(span as u64) as i64).collect();
    offsets.sort_unstable();
    offsets
        .into_iter()
        .enumerate()
        .map(|(i, minutes)| {
            let occurred_at = start + TimeDelta::minutes(minutes);
            let source = rng.pick(SOURCES).copied().unwrap_or("the school");
            let concern = rng.pick(CONCERNS).copied().unwrap_or("neglect");
            let (kind, summary, significant) = match (i + rng.below(5) as usize) % 6 {
                0 => (
                    "contact_received",
                    format!("Contact received from {source}: concerns about {concern}"),
                    false,
                ),
                1 => (
                    "home_visit",
                    format!(
                        "Home visit: child seen{}",
                        if rng.chance(60) {
                            " and seen alone"
                        } else {
                            ""
                        }
                    ),
                    false,
                ),
                2 => (
                    "case_note",
                    format!("Case note: spoke with {source} about {concern}"),
                    false,
                ),
                3 => (
                    "strategy_discussion",
                    "Strategy discussion held with police and health; section 47 enquiries agreed"
                        .to_owned(),
                    true,
                ),
                4 => (
                    "school_report",
                    "Report received from the school: attendance and presentation".to_owned(),
                    false,
                ),
                _ => (
                    "police_notification",
                    format!("Police notification: {concern}"),
                    true,
                ),
            };
            ImportedEvent {
                occurred_at,
                kind: kind.to_owned(),
                summary,
                significant,
            }
        })
        .collect()
}

fn person_name(rng: &mut Rng, sex: Sex) -> &'static str {
    let list = if sex == Sex::Male {
        GIVEN_MALE
    } else {
        GIVEN_FEMALE
    };
    rng.pick(list).copied().unwrap_or("Sam")
}

fn relative(
    key: String,
    given: &str,
    family: &str,
    born: NaiveDate,
    sex: Sex,
    relationship: &str,
) -> ImportedRelative {
    ImportedRelative {
        key,
        given_name: given.to_owned(),
        family_name: family.to_owned(),
        date_of_birth: Some(born),
        sex,
        relationship: relationship.to_owned(),
    }
}

/// Generates every family; each inner `Vec` is one family, to be imported in one batch so its
/// shared relatives are one person each.
pub fn families(rng: &mut Rng, authority: &Authority, plan: &Plan) -> Vec<Vec<ImportedChild>> {
    let today = journey_domain::uk_time::local_date(plan.reference);
    let mut families = Vec::new();
    let mut made = 0;
    let mut family_number = 0;
    while made < plan.children {
        family_number += 1;
        let family = rng.pick(FAMILY).copied().unwrap_or("Shaw");
        let size = if plan.benchmark_families {
            1
        } else {
            1 + [0, 0, 0, 1, 1, 2, 3][rng.below(7) as usize]
        };
        let size = size.min(plan.children - made);
        let mother_born = today
            - Months::new(12 * (20 + rng.below(22) as u32))
            - TimeDelta::days(rng.below(365) as i64);
        let mother = relative(
            format!("f{family_number}-mother"),
            person_name(rng, Sex::Female),
            family,
            mother_born,
            Sex::Female,
            "mother",
        );
        let father = (plan.benchmark_families || rng.chance(60)).then(|| {
            let born = mother_born - TimeDelta::days(rng.below(2000) as i64);
            relative(
                format!("f{family_number}-father"),
                person_name(rng, Sex::Male),
                family,
                born,
                Sex::Male,
                "father",
            )
        });
        let grandparents = plan.benchmark_families.then(|| {
            let born = mother_born - Months::new(12 * 25);
            vec![
                relative(
                    format!("f{family_number}-gm"),
                    person_name(rng, Sex::Female),
                    family,
                    born,
                    Sex::Female,
                    "grandmother",
                ),
                relative(
                    format!("f{family_number}-gf"),
                    person_name(rng, Sex::Male),
                    family,
                    born - TimeDelta::days(700),
                    Sex::Male,
                    "grandfather",
                ),
            ]
        });
        let open = rng.chance(plan.open_percent);
        let mut children = Vec::with_capacity(size);
        for _ in 0..size {
            let sex = if rng.chance(50) {
                Sex::Female
            } else {
                Sex::Male
            };
            let age_days = rng.below(17 * 365) as i64 + 1;
            let born = today - TimeDelta::days(age_days);
            let mut relatives = vec![mother.clone()];
            relatives.extend(father.clone());
            relatives.extend(grandparents.clone().unwrap_or_default());
            let events = if made < plan.heavy_children {
                plan.heavy_events
            } else {
                plan.events_per_child
            };
            let allocation = open
                .then(|| rng.pick(&authority.case_holders).copied())
                .flatten()
                .map(|(worker, team)| {
                    (
                        worker,
                        team,
                        (today - TimeDelta::days(rng.below(400) as i64)).max(born),
                    )
                });
            let reviewing_officer = (open && rng.chance(25))
                .then(|| rng.pick(&authority.reviewing_officers).copied())
                .flatten()
                .map(|officer| {
                    (
                        officer,
                        (today - TimeDelta::days(rng.below(300) as i64)).max(born),
                    )
                });
            children.push(ImportedChild {
                child: NewChild {
                    given_name: person_name(rng, sex).to_owned(),
                    family_name: family.to_owned(),
                    date_of_birth: Some(born),
                    expected_date_of_birth: None,
                    sex,
                },
                relatives,
                allocation,
                reviewing_officer,
                history: history(rng, born, plan.reference, events),
            });
            made += 1;
        }
        families.push(children);
    }
    families
}

/// The family the demo always includes: an unborn baby whose mother's first child was removed
/// and adopted. The record of the unborn child must make that history impossible to miss.
pub fn start_again_family(authority: &Authority, reference: DateTime<Utc>) -> Vec<ImportedChild> {
    let today = journey_domain::uk_time::local_date(reference);
    let mother = relative(
        "marsh-mother".into(),
        "Kerry",
        "Marsh",
        NaiveDate::from_ymd_opt(2001, 4, 17).unwrap_or(today),
        Sex::Female,
        "mother",
    );
    // Kerry's mother, on record as Ellie's grandmother (assessed as a carer for her): someone
    // already on Journey whom a worker may find and add to the baby's household.
    let grandmother = relative(
        "marsh-grandmother".into(),
        "Susan",
        "Marsh",
        NaiveDate::from_ymd_opt(1974, 9, 30).unwrap_or(today),
        Sex::Female,
        "grandparent",
    );
    let older_born = NaiveDate::from_ymd_opt(2021, 8, 3).unwrap_or(today);
    let at = |y: i32, m: u32, d: u32| {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .map(journey_domain::uk_time::from_local)
            .unwrap_or(reference)
    };
    let older = ImportedChild {
        child: NewChild { given_name: "Ellie".into(), family_name: "Marsh".into(), date_of_birth: Some(older_born), expected_date_of_birth: None, sex: Sex::Female },
        relatives: vec![mother.clone(), grandmother],
        allocation: None,
        reviewing_officer: None,
        history: vec![
            ImportedEvent { occurred_at: at(2021, 9, 14), kind: "contact_received".into(), summary: "Contact received from the health visitor: baby underweight, home conditions very poor".into(), significant: false },
            ImportedEvent { occurred_at: at(2021, 11, 2), kind: "child_protection_plan".into(), summary: "Child protection plan started: neglect".into(), significant: true },
            ImportedEvent { occurred_at: at(2022, 6, 20), kind: "care_proceedings".into(), summary: "Care proceedings issued".into(), significant: true },
            ImportedEvent { occurred_at: at(2023, 3, 8), kind: "adoption_order".into(), summary: "Adoption order granted; Ellie left the authority's care".into(), significant: true },
        ],
    };
    let expected = today + Months::new(3);
    let unborn = ImportedChild {
        child: NewChild {
            given_name: "Baby".into(),
            family_name: "Marsh".into(),
            date_of_birth: None,
            expected_date_of_birth: Some(expected),
            sex: Sex::NotKnown,
        },
        relatives: vec![mother],
        allocation: authority
            .case_holders
            .first()
            .map(|(w, t)| (*w, *t, today - TimeDelta::days(3))),
        reviewing_officer: None,
        history: vec![ImportedEvent {
            occurred_at: at(today.year(), today.month(), today.day()) - TimeDelta::days(3),
            kind: "contact_received".into(),
            summary: "Contact received from the midwife: Kerry Marsh is 26 weeks pregnant".into(),
            significant: false,
        }],
    };
    vec![older, unborn]
}
