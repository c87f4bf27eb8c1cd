//! What waits for a decision, oldest first, from the status indexes.

use super::Conn;
use sqlx::Row;

pub struct Waiting {
    pub kind: &'static str,
    pub id: i64,
    pub order_id: Option<i64>,
    /// The page where the item is seen in full.
    pub link: String,
    pub title: String,
    pub requested_by: String,
    pub created_at: i64,
}

pub async fn waiting(conn: &mut Conn) -> sqlx::Result<Vec<Waiting>> {
    let mut out = Vec::new();
    let orders = sqlx::query(
        "SELECT o.id, o.number, c.name AS customer_name, o.sales_rep, COALESCE(o.submitted_at, o.created_at) AS at, o.total_fen \
         FROM sales_order o JOIN customer c ON c.id = o.customer_id WHERE o.status = 'submitted' ORDER BY o.submitted_at, o.id LIMIT 500",
    )
    .fetch_all(&mut *conn)
    .await?;
    for r in orders {
        out.push(Waiting {
            kind: "order",
            id: r.try_get("id")?,
            order_id: Some(r.try_get("id")?),
            link: format!("/orders/{}", r.try_get::<i64, _>("id")?),
            title: format!("{} · {}", r.try_get::<String, _>("number")?, r.try_get::<String, _>("customer_name")?),
            requested_by: r.try_get("sales_rep")?,
            created_at: r.try_get("at")?,
        });
    }
    let amendments = sqlx::query(
        "SELECT a.id, a.order_id, o.number, a.reason, a.requested_by, a.created_at FROM order_amendment a \
         JOIN sales_order o ON o.id = a.order_id WHERE a.status = 'pending' ORDER BY a.id LIMIT 500",
    )
    .fetch_all(&mut *conn)
    .await?;
    for r in amendments {
        out.push(Waiting {
            kind: "amendment",
            id: r.try_get("id")?,
            order_id: Some(r.try_get("order_id")?),
            link: format!("/orders/{}", r.try_get::<i64, _>("order_id")?),
            title: format!("{} · {}", r.try_get::<String, _>("number")?, r.try_get::<String, _>("reason")?),
            requested_by: r.try_get("requested_by")?,
            created_at: r.try_get("created_at")?,
        });
    }
    let exceptions = sqlx::query(
        "SELECT x.id, x.order_id, o.number, p.name AS product_name, x.list_price_fen, x.unit_price_fen, x.requested_by, x.created_at \
         FROM price_exception x JOIN sales_order o ON o.id = x.order_id JOIN product p ON p.id = x.product_id \
         WHERE x.status = 'pending' ORDER BY x.id LIMIT 500",
    )
    .fetch_all(&mut *conn)
    .await?;
    for r in exceptions {
        let list: i64 = r.try_get("list_price_fen")?;
        let price: i64 = r.try_get("unit_price_fen")?;
        out.push(Waiting {
            kind: "price_exception",
            id: r.try_get("id")?,
            order_id: Some(r.try_get("order_id")?),
            link: format!("/orders/{}", r.try_get::<i64, _>("order_id")?),
            title: format!(
                "{} · {} {} → {}",
                r.try_get::<String, _>("number")?,
                r.try_get::<String, _>("product_name")?,
                crate::domain::format_fen(list),
                crate::domain::format_fen(price)
            ),
            requested_by: r.try_get("requested_by")?,
            created_at: r.try_get("created_at")?,
        });
    }
    for (id, order_id, number, customer, by, at) in super::delivery_notes::waiting_approval(conn).await? {
        out.push(Waiting {
            kind: "delivery_note",
            id,
            order_id: Some(order_id),
            link: format!("/delivery-notes/{id}"),
            title: format!("{number} · {customer}"),
            requested_by: by,
            created_at: at,
        });
    }
    for r in super::batches::releases_by_status(conn, "pending", 500).await? {
        out.push(Waiting {
            kind: "emergency_release",
            id: r.id,
            order_id: None,
            link: format!("/delivery-notes/{}", r.delivery_note_id),
            title: format!("{} · {} · {} · {}", r.batch_no, r.product_name, r.delivery_note_number, r.customer_name),
            requested_by: r.requested_by.clone(),
            created_at: chrono::DateTime::parse_from_rfc3339(&r.created_at).map(|t| t.timestamp_millis()).unwrap_or(0),
        });
    }
    out.sort_by_key(|w| w.created_at);
    Ok(out)
}
