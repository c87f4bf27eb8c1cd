//! The sales performance service (第十八条): one half year's report per sales rep, and the
//! sales manager's targets.

use super::audit::{self, Change};
use super::db::{company_date, now_ms, today};
use super::desk::day_start;
use super::store::complaints;
use super::store::performance as store;
use super::store::rep_figures;
use super::store::satisfaction::period_of;
use super::{AppState, SessionUser};
use crate::domain::performance::*;
use crate::domain::satisfaction::Period;
use crate::domain::Action;
use crate::error::AppError;
use std::collections::BTreeMap;

/// The half year asked for, or the current one.
pub fn period_or_current(year: Option<i32>, half: Option<u8>) -> Result<Period, AppError> {
    let current = Period::of_date(today());
    Period::new(year.unwrap_or(current.year), half.unwrap_or(current.half))
}

/// Every rep with deliveries, a target or the sales role in the half year.
pub async fn report(state: &AppState, user: &SessionUser, period: Period) -> Result<PerformanceReport, AppError> {
    user.require(Action::ViewPerformance)?;
    // the calendar first: reading it takes a connection of its own
    let (cal, _) = super::calendar::current(state).await?;
    let (first, last) = period.bounds();
    let (from, to) = (day_start(&cal, "year", &first, 0)?, day_start(&cal, "year", &last, 1)?);
    let mut conn = state.db.read.acquire().await?;
    let mut figures: BTreeMap<String, RepFigures> = BTreeMap::new();
    for (rep, _) in store::sales_reps(&mut conn).await? {
        figures.entry(rep).or_default();
    }
    for (rep, kept) in rep_figures::of_half(&mut conn, period).await? {
        let f = figures.entry(rep).or_default();
        f.delivered_fen = kept.delivered_fen;
        f.deliveries = kept.deliveries;
        f.on_time = kept.on_time;
    }
    for (rep, fen) in store::targets(&mut conn, period).await? {
        figures.entry(rep).or_default().target_fen = Some(fen);
    }
    if let Some(survey) = period_of(&mut conn, period).await? {
        for (rep, score, answers) in rep_figures::satisfaction(&mut conn, period, survey.id).await? {
            let f = figures.entry(rep).or_default();
            f.satisfaction = Some(score);
            f.satisfaction_answers = answers;
        }
    }
    for rep in complaints::reps_between(&mut conn, from, to).await?.into_iter().flatten() {
        figures.entry(rep).or_default().complaints += 1;
    }
    let names: BTreeMap<String, String> = store::names(&mut conn).await?.into_iter().collect();
    let reps = figures
        .into_iter()
        .map(|(rep, f)| {
            let name = names.get(&rep).cloned();
            f.into_row(rep, name)
        })
        .collect();
    Ok(PerformanceReport::new(period, reps))
}

/// Whether a delivery received at `received_ms` (the phone's clock) was on time for its
/// delivery date: received on or before that day in the company's time zone.
pub fn on_time(delivery_date: &str, received_ms: i64) -> bool {
    let got = company_date(received_ms);
    !got.is_empty() && got.as_str() <= delivery_date
}

/// Fills the kept figures from the ledger and the delivery notes when a database has a ledger
/// but no figures yet (the first start after they were introduced, or a bulk load).
pub async fn rebuild_if_missing(db: &super::db::Db) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    if !rep_figures::missing(&mut tx).await? {
        return Ok(false);
    }
    let figures = rep_figures::recompute(&mut tx, on_time).await?;
    rep_figures::replace(&mut tx, &figures).await?;
    tx.commit().await?;
    Ok(true)
}

/// Sets (or with 0 removes) a rep's target for a half year; audited.
pub async fn set_target(
    state: &AppState,
    user: &SessionUser,
    input: &SalesTargetInput,
) -> Result<PerformanceReport, AppError> {
    user.require(Action::ManageSalesTargets)?;
    let (period, rep, amount) = input.validate()?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let before = store::target(&mut tx, &rep, period).await?;
    store::set_target(&mut tx, &rep, period, amount, user.username(), now).await?;
    audit::append(
        &mut tx,
        Change {
            actor: user.username(),
            action: "set",
            entity: "sales_target",
            entity_id: None,
            before: before.map(|b| serde_json::json!({"sales_rep": rep, "period": period.label(), "amount_fen": b})),
            after: Some(serde_json::json!({"sales_rep": rep, "period": period.label(), "amount_fen": amount})),
        },
    )
    .await?;
    tx.commit().await?;
    state.publish("sales_target", 0);
    report(state, user, period).await
}
