//! The read-only connections to the main file, lent to one request at a time.
//!
//! sqlx's own pool pings a connection on its thread each time it comes back: a thread hand-off
//! per statement on top of the statement's own, and on the record page those hand-offs were
//! the cost (docs/benchmarks.md). These are read-only connections to a file on the same
//! machine, with no transaction ever left open on them, so there is nothing for a ping to find:
//! they sit in slots, each opened when first needed, and are lent and taken back with a lock.

use std::ops::{Deref, DerefMut};

use journey_store::{StoreError, StoreResult};
use sqlx::ConnectOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use tokio::sync::{Mutex, MutexGuard, OnceCell, Semaphore, SemaphorePermit};

use crate::codec::db_err;

pub struct Readers {
    options: SqliteConnectOptions,
    slots: Vec<OnceCell<Mutex<SqliteConnection>>>,
    /// One per slot: whoever holds a permit will find a slot free.
    permits: Semaphore,
}

/// A connection lent to the caller until dropped.
pub struct Reader<'a> {
    connection: MutexGuard<'a, SqliteConnection>,
    _permit: SemaphorePermit<'a>,
}

impl Readers {
    /// At most `count` connections, each opened when first needed.
    pub fn new(options: SqliteConnectOptions, count: usize) -> Self {
        Self {
            options,
            slots: (0..count).map(|_| OnceCell::new()).collect(),
            permits: Semaphore::new(count),
        }
    }

    /// Waits for a connection (every one may be lent out).
    pub async fn get(&self) -> StoreResult<Reader<'_>> {
        let permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| StoreError::Database("the readers are closed".into()))?;
        loop {
            for slot in &self.slots {
                let cell = match slot.get() {
                    Some(cell) => cell,
                    None => {
                        slot.get_or_try_init(|| async {
                            self.options.connect().await.map(Mutex::new).map_err(db_err)
                        })
                        .await?
                    }
                };
                if let Ok(connection) = cell.try_lock() {
                    return Ok(Reader {
                        connection,
                        _permit: permit,
                    });
                }
            }
            // Holding a permit, a slot is free; another request just took the one seen free
            // first. Look again.
            tokio::task::yield_now().await;
        }
    }
}

impl Deref for Reader<'_> {
    type Target = SqliteConnection;

    fn deref(&self) -> &SqliteConnection {
        &self.connection
    }
}

impl DerefMut for Reader<'_> {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.connection
    }
}
