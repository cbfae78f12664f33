//! Store calls abandoned part way (a client that hangs up, a proxy's timeout) must leave the
//! store as if they had never started or had finished: every write and access record that was
//! acknowledged is there, and no connection goes back to its pool inside a transaction, where
//! later single-statement writes would answer success without being committed.

use crate::contract::permitted;
use std::future::{Future, poll_fn};
use std::pin::pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::{Duration, Instant};

use chrono::TimeDelta;
use journey_domain::access::Relationship;
use journey_domain::staff::Role;

use super::{World, acting, allocated_child, at};
use crate::{Actor, Backend, NewChronologyEntry, NewSession, Store};

pub fn cases() -> Vec<(&'static str, super::Case)> {
    crate::contract_cases!(store_calls_cancelled_at_their_await_points_lose_nothing_acknowledged)
}

/// Runs `call` for at most `budget` (polling it, letting the runtime run between polls) and
/// drops it if it has not finished by then: cancelled at whichever await point it had reached.
async fn cancel_after<F: Future>(call: F, budget: Duration) -> Option<F::Output> {
    let deadline = Instant::now() + budget;
    let mut call = pin!(call);
    loop {
        if let Poll::Ready(output) = poll_fn(|cx| Poll::Ready(call.as_mut().poll(cx))).await {
            return Some(output);
        }
        if Instant::now() >= deadline {
            return None;
        }
        tokio::task::yield_now().await;
    }
}

/// The worker as one request: its own request id, so its access record can be found.
fn worker(world: &World, request: &str) -> Actor {
    Actor {
        request_id: request.to_owned(),
        ..acting(world.worker_a, Role::SocialWorker)
    }
}

async fn store_calls_cancelled_at_their_await_points_lose_nothing_acknowledged(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let child = allocated_child(store.as_ref(), &world).await;
    let session = NewSession {
        token_hash: vec![9u8; 32],
        staff: world.worker_a,
        csrf_token: "csrf".into(),
        created_at: at(2026, 3, 2, 9),
    };
    store.create_session(&session).await.unwrap();
    let store = store.as_ref();
    let access = async |request: &str| {
        permitted(
            store,
            worker(&world, request),
            child,
            Relationship::AllocatedWorker,
        )
        .await
    };
    let entry = |summary: String| NewChronologyEntry {
        occurred_at: at(2026, 3, 1, 9),
        summary,
        significant: false,
    };

    let mut written = Vec::new();
    let mut read = Vec::new();
    let mut cancelled = 0;
    // Budgets growing from 40 µs to past the time each call takes even on a busy machine
    // (8 % a round, to about 90 ms), so calls are dropped at each of their await points
    // (acquiring, BEGIN, statements, COMMIT, the access record's commit).
    let mut budget = Duration::from_micros(40);
    for round in 0..100u32 {
        budget = budget.mul_f64(1.08);
        let written_as = access(&format!("cancel-write-{round}")).await;
        let summary = format!("Entry of round {round}");
        let new_entry = entry(summary.clone());
        let write = store.add_chronology_entry(&written_as, &new_entry);
        match cancel_after(write, budget).await {
            Some(result) => {
                result.unwrap();
                written.push(summary);
            }
            None => cancelled += 1,
        }

        let request = format!("cancel-read-{round}");
        let opened = access(&request).await;
        match cancel_after(store.open_child_record(&opened), budget).await {
            Some(result) => {
                result.unwrap();
                read.push(request);
            }
            None => cancelled += 1,
        }

        let seen = at(2026, 3, 2, 10) + TimeDelta::seconds(i64::from(round));
        if let Some(result) =
            cancel_after(store.touch_session(&session.token_hash, seen), budget).await
        {
            result.unwrap();
        }
    }
    assert!(
        cancelled > 20,
        "the calls were cancelled part way {cancelled} times"
    );
    assert!(
        !written.is_empty() && !read.is_empty(),
        "some calls finished"
    );

    // Later calls, whatever connection they are given, commit what they acknowledge.
    for round in 0..20 {
        let summary = format!("Entry after the cancellations {round}");
        store
            .add_chronology_entry(&access("after").await, &entry(summary.clone()))
            .await
            .unwrap();
        written.push(summary);
        let request = format!("after-read-{round}");
        store
            .open_child_record(&access(&request).await)
            .await
            .unwrap();
        read.push(request);
    }
    let last_seen = at(2026, 3, 3, 9);
    store
        .touch_session(&session.token_hash, last_seen)
        .await
        .unwrap();

    let chronology = store.full_chronology(&access("check").await).await.unwrap();
    for summary in &written {
        assert!(
            chronology.iter().any(|line| &line.summary == summary),
            "acknowledged entry lost: {summary}"
        );
    }
    let log = store.access_by_staff(world.worker_a, 10_000).await.unwrap();
    for request in &read {
        assert!(
            log.iter().any(|record| &record.request_id == request),
            "acknowledged read lost its access record: {request}"
        );
    }
    let after = store.session(&session.token_hash).await.unwrap().unwrap();
    assert_eq!(
        after.last_seen_at, last_seen,
        "the last touch was committed"
    );
}
