//! The delivery deadlines dashboard (§8): the next days by date with each open order's
//! readiness, overdue deliveries, and the on-time delivery rate by month.

use super::db::today;
use super::store::{orders, rep_figures};
use super::{AppState, SessionUser};
use crate::domain::delivery::{on_time_by_month, DeliveryBoard, DueDay, DueOrder};
use crate::domain::order::Readiness;
use crate::domain::Action;
use crate::error::AppError;
use chrono::{Datelike, Duration};

pub async fn dashboard(state: &AppState, user: &SessionUser, days: Option<i64>) -> Result<DeliveryBoard, AppError> {
    user.require(Action::ViewDeliveries)?;
    let days = days.unwrap_or(14);
    if !(1..=60).contains(&days) {
        return Err(AppError::validation("days", "validation.days"));
    }
    let day = today();
    let until = (day + Duration::days(days - 1)).format("%Y-%m-%d").to_string();
    let mut conn = state.db.read.acquire().await?;
    let mut board = DeliveryBoard::default();
    let due = orders::open_due(&mut conn, &until).await?;
    for d in 0..days {
        let date = (day + Duration::days(d)).format("%Y-%m-%d").to_string();
        board.days.push(DueDay { date, orders: Vec::new() });
    }
    let today_text = day.format("%Y-%m-%d").to_string();
    for o in due {
        let row = DueOrder {
            id: o.id,
            number: o.number,
            customer_name: o.customer_name,
            requested_delivery_date: o.requested_delivery_date.clone(),
            // past its date it is late whatever the last check said; otherwise the check's mark
            readiness: if o.requested_delivery_date < today_text { Readiness::Late } else { o.readiness },
            status: o.status,
        };
        if row.requested_delivery_date < today_text {
            board.overdue.push(row);
        } else if let Some(slot) = board.days.iter_mut().find(|d| d.date == row.requested_delivery_date) {
            slot.orders.push(row);
        }
    }
    // the last twelve months, oldest first
    let mut months = Vec::new();
    let (mut y, mut m) = (day.year(), day.month() as i32);
    for _ in 0..12 {
        months.push(format!("{y:04}-{m:02}"));
        m -= 1;
        if m == 0 {
            m = 12;
            y -= 1;
        }
    }
    months.reverse();
    let counts = rep_figures::on_time_by_month(&mut conn, &months[0], &months[months.len() - 1]).await?;
    board.on_time = on_time_by_month(&counts, &months);
    Ok(board)
}
