//! What waits for a decision, oldest first, from the status indexes.

use super::Conn;
use sqlx::Row;

pub struct Waiting {
    pub kind: &'static str,
    pub id: i64,
    pub order_id: Option<i64>,
    pub title: String,
    pub requested_by: String,
    pub created_at: i64,
}

pub async fn waiting(conn: &mut Conn) -> sqlx::Result<Vec<Waiting>> {
    let mut out = Vec::new();
    let orders = sqlx::query(
        "SELECT o.id, o.number, c.name AS customer_name, o.sales_rep, COALESCE(o.submitted_at, o.created_at) AS at, o.total_fen \
         FROM sales_order o JOIN customer c ON c.id = o.customer_id WHERE o.status = 'submitted' ORDER BY at LIMIT 500",
    )
    .fetch_all(&mut *conn)
    .await?;
    for r in orders {
        out.push(Waiting {
            kind: "order",
            id: r.try_get("id")?,
            order_id: Some(r.try_get("id")?),
            title: format!("{} · {}", r.try_get::<String, _>("number")?, r.try_get::<String, _>("customer_name")?),
            requested_by: r.try_get("sales_rep")?,
            created_at: r.try_get("at")?,
        });
    }
    let amendments = sqlx::query(
        "SELECT a.id, a.order_id, o.number, a.reason, a.requested_by, a.created_at FROM order_amendment a \
         JOIN sales_order o ON o.id = a.order_id WHERE a.status = 'pending' ORDER BY a.created_at LIMIT 500",
    )
    .fetch_all(&mut *conn)
    .await?;
    for r in amendments {
        out.push(Waiting {
            kind: "amendment",
            id: r.try_get("id")?,
            order_id: Some(r.try_get("order_id")?),
            title: format!("{} · {}", r.try_get::<String, _>("number")?, r.try_get::<String, _>("reason")?),
            requested_by: r.try_get("requested_by")?,
            created_at: r.try_get("created_at")?,
        });
    }
    let exceptions = sqlx::query(
        "SELECT x.id, x.order_id, o.number, p.name AS product_name, x.list_price_fen, x.unit_price_fen, x.requested_by, x.created_at \
         FROM price_exception x JOIN sales_order o ON o.id = x.order_id JOIN product p ON p.id = x.product_id \
         WHERE x.status = 'pending' ORDER BY x.created_at LIMIT 500",
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
    out.sort_by_key(|w| w.created_at);
    Ok(out)
}
