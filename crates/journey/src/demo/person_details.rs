//! Demo data of the `person details` capability (issue 3).

use journey_store::{Actor, Store, StoreResult};

use super::authority::Authority;
use super::rng::Rng;

/// Adds this capability's demo data to an authority whose children are already imported.
pub async fn seed(
    _store: &dyn Store,
    _actor: &Actor,
    _authority: &Authority,
    _rng: &mut Rng,
) -> StoreResult<()> {
    Ok(())
}
