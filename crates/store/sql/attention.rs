// "For your attention": one list per member of staff, posted to in the transaction of the
// event that causes each item and acknowledged by its owner. Written once for both databases:
// `include!`d by each backend's `attention.rs` (names from its `dialect.rs`).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use journey_domain::ids::{PersonId, StaffId};
use journey_store::{
    Actor, Attention, AttentionItem, AttentionKind, NewAttention, StoreError, StoreResult,
};
use sqlx::QueryBuilder;

use crate::journal::{Event, Journal};

/// id, kind, child, summary, link, created
type ItemRow = (i64, String, Option<i64>, String, String, DateTime<Utc>);

fn item(row: ItemRow) -> StoreResult<AttentionItem> {
    let (id, kind, child, summary, link, created_at) = row;
    let kind = AttentionKind::from_code(&kind)
        .ok_or_else(|| StoreError::Database(format!("unknown attention kind {kind}")))?;
    Ok(AttentionItem {
        id,
        kind,
        child: child.map(PersonId),
        summary,
        link,
        created_at,
    })
}

/// Posts items to their owners' lists in the journal's transaction, so an item exists exactly
/// when the event that caused it was saved.
pub(crate) async fn post(
    tx: &mut Journal,
    at: DateTime<Utc>,
    items: &[NewAttention],
) -> StoreResult<()> {
    if items.is_empty() {
        return Ok(());
    }
    let mut sql: QueryBuilder<Database> = QueryBuilder::new(
        "INSERT INTO attention_item (staff_id, kind, child_id, summary, link, created_at) ",
    );
    sql.push_values(items, |mut row, item| {
        row.push_bind(item.staff.0)
            .push_bind(item.kind.code())
            .push_bind(item.child.map(|c| c.0))
            .push_bind(item.summary.as_str())
            .push_bind(item.link.as_str())
            .push_bind(ts(at));
    });
    sql.build().execute(&mut **tx).await.map_err(db_err)?;
    Ok(())
}

#[async_trait]
impl Attention for SqlStore {
    async fn waiting_for(&self, staff: StaffId) -> StoreResult<Vec<AttentionItem>> {
        let rows: Vec<ItemRow> = sqlx::query_as(
            "SELECT id, kind, child_id, summary, link, created_at \
             FROM attention_item WHERE staff_id = $1 AND acknowledged_at IS NULL ORDER BY id",
        )
        .bind(staff.0)
        .fetch_all(&mut *self.read().await?)
        .await
        .map_err(db_err)?;
        rows.into_iter().map(item).collect()
    }

    async fn acknowledge(&self, actor: &Actor, id: i64) -> StoreResult<()> {
        let staff = actor.staff_id().ok_or(StoreError::NotFound)?;
        let mut tx = self.journal().await?;
        let acknowledged: Option<(String, Option<i64>)> = sqlx::query_as(
            "UPDATE attention_item SET acknowledged_at = $1, acknowledged_by = $2 \
             WHERE id = $3 AND staff_id = $2 AND acknowledged_at IS NULL RETURNING kind, child_id",
        )
        .bind(ts(actor.at))
        .bind(staff.0)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let (kind, child) = acknowledged.ok_or(StoreError::NotFound)?;
        let subject = format!("{kind} {id}");
        tx.record(Event {
            actor,
            relationship: None,
            child: child.map(PersonId),
            action: "attention_acknowledged",
            subject: Some(&subject),
            lines: &[],
        })
        .await?;
        tx.commit().await
    }
}
