//! Group commit for access records.
//!
//! One task owns the access file's only write connection. Requests hand it their records and
//! wait; it takes everything waiting, writes it in one transaction, commits (a durable fsync
//! under `synchronous=FULL`), then answers every request in the batch. Under load this turns
//! hundreds of commits a second into a few dozen, and no page leaves before its record is safe.

use std::time::Duration;

use journey_store::{AccessLogEntry, StoreError, StoreResult};
use sqlx::SqlitePool;
use tokio::sync::{mpsc, oneshot};

use crate::codec::{db_err, ts};

/// The most records one transaction takes: bounds the time the first waiter waits.
const MAX_BATCH: usize = 512;
/// How often the log is copied back into the access file. Between checkpoints the log grows
/// by what is written in that time (a few MB at full load).
const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);
/// The log (in pages) beyond which a checkpoint empties it: a safety valve. A PASSIVE
/// checkpoint never waits, so while writes never pause it never finds the whole log copied, and
/// SQLite starts the log afresh only then: at the benchmark's full load the log grows about
/// 13 MB a second. Past this size (1 GiB at the access file's 1 KiB pages, over a minute of
/// full load) the checkpoint waits for the batch in hand, holds the next back while it copies
/// the rest and truncates the log. That pause costs the waiting requests tens of milliseconds,
/// so it is kept for the case it is for (docs/benchmarks.md measured it at 64 MiB).
const LOG_LIMIT_PAGES: i64 = 1024 * 1024;

type Reply = oneshot::Sender<Result<(), String>>;

pub struct AccessWriter {
    queue: mpsc::Sender<(Vec<AccessLogEntry>, Reply)>,
    pool: SqlitePool,
}

impl AccessWriter {
    /// Starts the writer on `pool` (its only connection, with automatic checkpoints off) and
    /// the checkpoints on `checkpointer`.
    pub fn start(pool: SqlitePool, checkpointer: SqlitePool) -> Self {
        let (queue, inbox) = mpsc::channel(4096);
        tokio::spawn(run(pool.clone(), inbox));
        tokio::spawn(checkpoint(checkpointer, queue.downgrade()));
        Self { queue, pool }
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Writes the records durably; returns once they are committed.
    pub async fn write(&self, records: Vec<AccessLogEntry>) -> StoreResult<()> {
        if records.is_empty() {
            return Ok(());
        }
        let (reply, answer) = oneshot::channel();
        self.queue
            .send((records, reply))
            .await
            .map_err(|_| StoreError::Database("the access record writer has stopped".into()))?;
        answer
            .await
            .map_err(|_| StoreError::Database("the access record writer has stopped".into()))?
            .map_err(StoreError::Database)
    }
}

async fn run(pool: SqlitePool, mut inbox: mpsc::Receiver<(Vec<AccessLogEntry>, Reply)>) {
    while let Some(first) = inbox.recv().await {
        let mut batch = vec![first];
        let mut count = batch.iter().map(|(r, _)| r.len()).sum::<usize>();
        while count < MAX_BATCH {
            match inbox.try_recv() {
                Ok(next) => {
                    count += next.0.len();
                    batch.push(next);
                }
                Err(_) => break,
            }
        }
        let result = commit(&pool, &batch).await.map_err(|e| e.to_string());
        if let Err(e) = &result {
            tracing::error!(error = %e, "access records could not be written");
        }
        for (_, reply) in batch {
            // A request that gave up waiting has nobody to tell.
            let _ = reply.send(result.clone());
        }
    }
}

/// Copies committed log pages back into the file, beside the writer rather than in its commits
/// (PASSIVE: it never waits for the writer, nor the writer for it). Stops once the writer is
/// gone (its queue has no senders left).
async fn checkpoint(pool: SqlitePool, writer: mpsc::WeakSender<(Vec<AccessLogEntry>, Reply)>) {
    let mut ticks = tokio::time::interval(CHECKPOINT_EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        if writer.upgrade().is_none() {
            return;
        }
        if let Err(e) = checkpoint_once(&pool, LOG_LIMIT_PAGES).await {
            tracing::warn!(error = %e, "the access file's checkpoint failed; the next will retry");
        }
    }
}

async fn checkpoint_once(pool: &SqlitePool, log_limit_pages: i64) -> Result<(), sqlx::Error> {
    let (_busy, log_pages, _copied): (i64, i64, i64) =
        sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
            .fetch_one(pool)
            .await?;
    if log_pages > log_limit_pages {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(pool)
            .await?;
    }
    Ok(())
}

async fn commit(
    pool: &SqlitePool,
    batch: &[(Vec<AccessLogEntry>, Reply)],
) -> Result<(), StoreError> {
    // The whole batch as one JSON array and one statement: a statement per record would be a
    // thread hand-off per record (json_read.rs).
    let rows: Vec<_> = batch
        .iter()
        .flat_map(|(records, _)| records)
        .map(|record| {
            (
                ts(record.occurred_at),
                record.staff.map(|s| s.0),
                &record.staff_name,
                &record.role,
                record.relationship.map(|r| r.code()),
                record.child.map(|c| c.0),
                record.kind.code(),
                record.stored_detail(),
                &record.request_id,
                // NULL for records that are not a result list.
                record
                    .kind
                    .is_list()
                    .then(|| record.people_shown.iter().map(|p| p.0).collect::<Vec<_>>()),
            )
        })
        .collect();
    let rows = serde_json::to_string(&rows)
        .map_err(|e| StoreError::Database(format!("cannot write access records: {e}")))?;
    let mut tx = pool.begin().await.map_err(db_err)?;
    sqlx::query(
        // OR FAIL: an error ends the whole batch's transaction anyway, so SQLite need not
        // copy every page the statement touches into a statement journal first.
        "INSERT OR FAIL INTO access_record (occurred_at, staff_id, staff_name, role, relationship, \
         child_id, kind, detail, request_id, people_shown) \
         SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, \
         value->>7, value->>8, value->>9 FROM json_each(?1) ORDER BY key",
    )
    .bind(rows)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    tx.commit().await.map_err(db_err)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::checkpoint_once;
    use sqlx::sqlite::SqlitePoolOptions;

    fn log_bytes(dir: &std::path::Path) -> u64 {
        std::fs::metadata(dir.join("access.db-wal")).map_or(0, |m| m.len())
    }

    #[tokio::test]
    async fn a_log_over_its_limit_is_emptied_and_one_under_it_is_left_to_grow() {
        let dir = tempfile::tempdir().unwrap();
        let options = crate::options(&dir.path().join("access.db"))
            .create_if_missing(true)
            .pragma("wal_autocheckpoint", "0");
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .unwrap();
        sqlx::query("CREATE TABLE t (x TEXT)")
            .execute(&pool)
            .await
            .unwrap();
        for _ in 0..50 {
            sqlx::query("INSERT INTO t VALUES (hex(randomblob(500)))")
                .execute(&pool)
                .await
                .unwrap();
        }
        checkpoint_once(&pool, i64::MAX).await.unwrap();
        let under_the_limit = log_bytes(dir.path());
        assert!(under_the_limit > 0, "a passive checkpoint leaves the log");
        checkpoint_once(&pool, 10).await.unwrap();
        assert_eq!(
            log_bytes(dir.path()),
            0,
            "over the limit the log is emptied"
        );
    }
}
