//! The sales performance service (第十八条): one half year's report per sales rep, and the
//! sales manager's targets.

use super::audit::{self, Change};
use super::db::{company_date, now_ms, today};
use super::store::performance as store;
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
    let (from, to) = period.bounds();
    let mut conn = state.db.read.acquire().await?;
    let mut figures: BTreeMap<String, RepFigures> = BTreeMap::new();
    for (rep, _) in store::sales_reps(&mut conn).await? {
        figures.entry(rep).or_default();
    }
    for (rep, fen) in store::delivered(&mut conn, &from, &to).await? {
        figures.entry(rep).or_default().delivered_fen = fen;
    }
    for (rep, fen) in store::targets(&mut conn, period).await? {
        figures.entry(rep).or_default().target_fen = Some(fen);
    }
    if let Some(survey) = period_of(&mut conn, period).await? {
        for (rep, score, answers) in store::satisfaction(&mut conn, &from, &to, survey.id).await? {
            let f = figures.entry(rep).or_default();
            f.satisfaction = Some(score);
            f.satisfaction_answers = answers;
        }
    }
    for (rep, due, received_ms) in store::deliveries(&mut conn, &from, &to).await? {
        let got = company_date(received_ms);
        let f = figures.entry(rep).or_default();
        f.deliveries += 1;
        if !got.is_empty() && got <= due {
            f.on_time += 1;
        }
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
