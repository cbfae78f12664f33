//! Demo data of the child's details: identifiers that pass the DfE and NHS checks, addresses
//! with a move, and warnings about risk to staff, written through the store's own changes so
//! the chronology and audit trail read as they would in real use.

use chrono::Months;
use journey_domain::person_details::{
    Demographics, NewAddress, NewWarning, NhsNumber, Postcode, Upn, WarningCategory,
};
use journey_store::{Actor, Store, StoreResult};

use super::authority::Authority;
use super::rng::Rng;

/// How many case holders' children get full details (enough to show, quick to build).
const CASE_HOLDERS: usize = 4;

const STREETS: &[&str] = &[
    "High Street",
    "Mill Lane",
    "Station Road",
    "Church Walk",
    "Orchard Close",
    "Victoria Terrace",
];
const ETHNICITIES: &[&str] = &[
    "WBRI", "WBRI", "WBRI", "MWBC", "BAFR", "APKN", "WIRT", "NOBT",
];

fn digits(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + (rng.below(10) as u8)))
        .collect()
}

/// Adds this capability's demo data to an authority whose children are already imported.
pub async fn seed(
    store: &dyn Store,
    actor: &Actor,
    authority: &Authority,
    rng: &mut Rng,
) -> StoreResult<()> {
    let today = actor.today();
    let staff = store.staff_list().await?;
    let mut warned = 0;
    for (worker, _) in authority.case_holders.iter().take(CASE_HOLDERS) {
        let Some(member) = staff.iter().find(|s| s.id == *worker) else {
            continue;
        };
        let as_worker = Actor::staff(
            member.id,
            member.role,
            member.display_name.clone(),
            "demo:person_details",
            actor.at,
        );
        for entry in store.caseload(*worker, today).await? {
            let access = super::permitted(store, as_worker.clone(), entry.child).await?;
            let born = entry.date_of_birth.is_some();
            // LA 938 is fictional enough for a demo; school-age children have a UPN.
            let upn = born
                .then(|| Upn::with_check_letter(&format!("938{}", digits(rng, 9))))
                .flatten();
            // An NHS number is issued at birth.
            let nhs = if born {
                (0..5).find_map(|_| NhsNumber::with_check_digit(&digits(rng, 9)))
            } else {
                None
            };
            let details = Demographics {
                upn,
                nhs_number: nhs,
                gender: None,
                ethnicity: rng.pick(ETHNICITIES).map(|e| (*e).to_owned()),
                disabilities: vec![if rng.chance(10) { "LD" } else { "NONE" }.to_owned()],
            };
            // A clash of random identifiers is possible in a large demo: skip, never fail.
            let _ = store.update_demographics(&access, &details).await;
            let street = rng.pick(STREETS).copied().unwrap_or("High Street");
            let number = rng.below(120) + 1;
            let letters = rng
                .pick(&["AA", "BD", "EJ", "HX"][..])
                .copied()
                .unwrap_or("AA");
            let postcode = format!("NT{} {}{letters}", rng.below(9) + 1, rng.below(9) + 1);
            let Ok(postcode) = Postcode::parse(&postcode) else {
                continue;
            };
            let moved_in = today - Months::new(6 + rng.below(30) as u32);
            let first = NewAddress {
                line_1: format!("{number} {street}"),
                line_2: None,
                line_3: None,
                town: "Northtown".into(),
                postcode: postcode.clone(),
                from: entry.date_of_birth.map_or(moved_in, |b| b.max(moved_in)),
            };
            store.move_address(&access, &first).await?;
            if rng.chance(30) {
                let later = NewAddress {
                    line_1: format!(
                        "Flat {}, {} Station Road",
                        rng.below(20) + 1,
                        rng.below(80) + 1
                    ),
                    from: first.from + Months::new(3),
                    ..first.clone()
                };
                if later.from <= today {
                    store.move_address(&access, &later).await?;
                }
            }
            if warned < 6 && rng.chance(25) {
                let (category, text) = if warned % 2 == 0 {
                    (WarningCategory::Animals, "Dog at the property")
                } else {
                    (
                        WarningCategory::Violence,
                        "Father has been violent towards professionals: visit in pairs",
                    )
                };
                store
                    .add_warning(
                        &access,
                        &NewWarning {
                            category,
                            text: text.into(),
                            from: today - Months::new(2),
                            until: None,
                        },
                    )
                    .await?;
                warned += 1;
            }
        }
    }
    Ok(())
}
