//! The satisfaction service (§4.2.5): the sales manager opens a half-year period (one
//! single-use link per active customer), customers answer without an account, closing the
//! period opens a corrective action for each dimension below target or declining, and the
//! trends dashboard shows every period against the targets.

use super::audit::{self, snapshot, Change};
use super::db::{now_ms, rfc3339, today};
use super::store::orders::next_number;
use super::store::satisfaction as store;
use super::{AppState, SessionUser};
use crate::domain::satisfaction::*;
use crate::domain::Action;
use crate::error::{AppError, Msg};
use chrono::Datelike;
use std::collections::HashMap;

fn new_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 18];
    rand::thread_rng().fill_bytes(&mut bytes);
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub async fn open(state: &AppState, user: &SessionUser, input: &PeriodInput) -> Result<SurveyPeriod, AppError> {
    user.require(Action::ManageSurveys)?;
    let period = Period::new(input.year, input.half)?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    if store::period_of(&mut tx, period).await?.is_some() {
        return Err(AppError::Duplicate {
            field: "half".into(),
            msg: Msg::new("survey.rule.exists").arg("period", period.label()),
        });
    }
    let targets = store::targets(&mut tx).await?;
    let id = store::insert_period(&mut tx, period, &targets, user.username(), now).await?;
    for customer in store::active_customers(&mut tx).await? {
        store::insert_link(&mut tx, id, customer, &new_token()).await?;
    }
    let created = load(&mut tx, id).await?;
    audit::append(
        &mut tx,
        Change {
            actor: user.username(),
            action: "open",
            entity: "survey_period",
            entity_id: Some(id),
            before: None,
            after: snapshot(&created),
        },
    )
    .await?;
    tx.commit().await?;
    state.publish("survey", id);
    Ok(created)
}

/// A period with its links, averages, comparisons, low scores and corrective actions.
async fn load(conn: &mut super::store::Conn, id: i64) -> Result<SurveyPeriod, AppError> {
    let row = store::period(conn, id).await?.ok_or(AppError::NotFound)?;
    let links = store::links(conn, id).await?;
    let answers = store::answers(conn, id).await?;
    let scores: Vec<Scores> = answers.iter().map(|a| a.2).collect();
    let mut low_scores = Vec::new();
    for (customer_id, customer_name, s, comment) in &answers {
        for d in Dimension::ALL {
            if is_low(s.get(d)) {
                low_scores.push(LowScore {
                    customer_id: *customer_id,
                    customer_name: customer_name.clone(),
                    dimension: d,
                    score: s.get(d),
                    comment: comment.clone(),
                });
            }
        }
    }
    let previous = averages_of(conn, row.period.previous()).await?;
    let mut same_half_earlier = Vec::new();
    for p in row.period.same_half_earlier(3) {
        if let Some(a) = averages_of(conn, p).await? {
            same_half_earlier.push(Comparison { label: p.label(), averages: a });
        }
    }
    let answered = links.iter().filter(|l| l.answered).count();
    Ok(SurveyPeriod {
        id,
        version: row.version,
        year: row.period.year,
        half: row.period.half,
        label: row.period.label(),
        status: row.status,
        response_rate: response_rate(answered, links.len()),
        links,
        averages: Averages::of(&scores),
        previous,
        same_half_earlier,
        targets: row.targets,
        low_scores,
        corrective_actions: store::actions(conn, Some(id)).await?,
        created_at: rfc3339(row.created_at),
        closed_at: row.closed_at.map(rfc3339),
    })
}

/// The averages of another period, if it was surveyed.
async fn averages_of(conn: &mut super::store::Conn, p: Period) -> Result<Option<Averages>, AppError> {
    match store::period_of(conn, p).await? {
        Some(other) => {
            let a: Vec<Scores> = store::answers(conn, other.id).await?.into_iter().map(|a| a.2).collect();
            Ok(Some(Averages::of(&a)))
        }
        None => Ok(None),
    }
}

pub async fn get(state: &AppState, user: &SessionUser, id: i64) -> Result<SurveyPeriod, AppError> {
    user.require(Action::ReadSatisfaction)?;
    let mut conn = state.db.read.acquire().await?;
    load(&mut conn, id).await
}

/// Closes a period: no more answers; each dimension below its target or declining against
/// the previous half year opens one corrective action for the sales department.
pub async fn close(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    version: Option<i64>,
) -> Result<SurveyPeriod, AppError> {
    user.require(Action::ManageSurveys)?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let before = load(&mut tx, id).await?;
    if before.status != "open" {
        return Err(AppError::conflict("survey.rule.closed"));
    }
    if !store::close_period(&mut tx, id, version.unwrap_or(before.version), user.username(), now).await? {
        return Err(AppError::conflict("conflict.stale"));
    }
    let year = today().year();
    for t in triggers(&before.averages, before.previous.as_ref(), &before.targets) {
        let number = format!("CA-{year}-{:06}", next_number(&mut tx, "corrective_action", year).await?);
        store::insert_action(&mut tx, &number, id, &t, now).await?;
    }
    let after = load(&mut tx, id).await?;
    audit::append(
        &mut tx,
        Change {
            actor: user.username(),
            action: "close",
            entity: "survey_period",
            entity_id: Some(id),
            before: snapshot(&before),
            after: snapshot(&after),
        },
    )
    .await?;
    tx.commit().await?;
    state.publish("survey", id);
    state.publish("corrective_action", id);
    Ok(after)
}

/// What the customer's page shows for a token: who is asked, for which half year, and
/// whether it was answered. Unknown → 404.
pub async fn survey_for(state: &AppState, token: &str) -> Result<(String, Period, bool, bool), AppError> {
    let mut conn = state.db.read.acquire().await?;
    let link = store::link_by_token(&mut conn, token.trim()).await?.ok_or(AppError::NotFound)?;
    Ok((link.customer_name, link.period, link.answered, link.period_open))
}

/// The customer's answer, without an account. Once per link (409 after), only while the
/// period is open.
pub async fn answer(state: &AppState, token: &str, input: &ScoresInput) -> Result<(), AppError> {
    let (scores, comment) = input.validate()?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let link = store::link_by_token(&mut tx, token.trim()).await?.ok_or(AppError::NotFound)?;
    if link.answered {
        return Err(AppError::conflict("survey.rule.answered"));
    }
    if !link.period_open {
        return Err(AppError::conflict("survey.rule.closed"));
    }
    if !store::use_link(&mut tx, link.id, now).await? {
        return Err(AppError::conflict("survey.rule.answered"));
    }
    store::insert_answer(&mut tx, &link, scores, comment.as_deref(), now).await?;
    audit::append(
        &mut tx,
        Change {
            actor: "customer",
            action: "answer",
            entity: "survey_period",
            entity_id: Some(link.period_id),
            before: None,
            after: Some(serde_json::json!({"customer_id": link.customer_id, "scores": scores.0, "comment": comment})),
        },
    )
    .await?;
    tx.commit().await?;
    state.publish("survey", link.period_id);
    Ok(())
}

pub async fn actions(state: &AppState, user: &SessionUser) -> Result<Vec<CorrectiveAction>, AppError> {
    user.require(Action::ReadSatisfaction)?;
    let mut conn = state.db.read.acquire().await?;
    Ok(store::actions(&mut conn, None).await?)
}

/// The sales department records cause analysis, measures, verification and result; closing
/// needs all four.
pub async fn update_action(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    input: &CorrectiveActionInput,
) -> Result<CorrectiveAction, AppError> {
    user.require(Action::ManageCorrectiveActions)?;
    let texts = input.validate()?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let before = store::action(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if before.status != "open" {
        return Err(AppError::conflict("corrective.rule.closed"));
    }
    let close_by = input.close.then(|| user.username());
    if !store::update_action(&mut tx, id, input.version.unwrap_or(before.version), &texts, close_by, now).await? {
        return Err(AppError::conflict("conflict.stale"));
    }
    let after = store::action(&mut tx, id).await?.ok_or(AppError::Internal)?;
    audit::append(
        &mut tx,
        Change {
            actor: user.username(),
            action: if input.close { "close" } else { "update" },
            entity: "corrective_action",
            entity_id: Some(id),
            before: snapshot(&before),
            after: snapshot(&after),
        },
    )
    .await?;
    tx.commit().await?;
    state.publish("corrective_action", id);
    Ok(after)
}

pub async fn set_targets(state: &AppState, user: &SessionUser, targets: &Targets) -> Result<Targets, AppError> {
    user.require(Action::ManageSurveys)?;
    targets.validate()?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let before = store::targets(&mut tx).await?;
    for d in Dimension::ALL {
        store::set_target(&mut tx, d, targets.get(d), user.username(), now).await?;
    }
    audit::append(
        &mut tx,
        Change {
            actor: user.username(),
            action: "set",
            entity: "satisfaction_target",
            entity_id: None,
            before: snapshot(&before),
            after: snapshot(targets),
        },
    )
    .await?;
    tx.commit().await?;
    state.publish("survey", 0);
    Ok(*targets)
}

/// The trends dashboard: every period (oldest first) with response rate and averages, the
/// targets, open corrective actions and the low scores of the latest answered period.
pub async fn dashboard(state: &AppState, user: &SessionUser) -> Result<SatisfactionBoard, AppError> {
    user.require(Action::ReadSatisfaction)?;
    let mut conn = state.db.read.acquire().await?;
    let periods = store::periods(&mut conn).await?;
    let counts: HashMap<i64, (i64, i64)> =
        store::link_counts(&mut conn).await?.into_iter().map(|(p, l, a)| (p, (l, a))).collect();
    let averages: HashMap<i64, Averages> = store::averages_by_period(&mut conn).await?.into_iter().collect();
    let mut board = SatisfactionBoard { targets: store::targets(&mut conn).await?, ..Default::default() };
    for p in &periods {
        let (links, answered) = counts.get(&p.id).copied().unwrap_or((0, 0));
        board.periods.push(PeriodPoint {
            id: p.id,
            label: p.period.label(),
            status: p.status.clone(),
            links: links as usize,
            answered: answered as usize,
            response_rate: response_rate(answered as usize, links as usize),
            averages: averages.get(&p.id).copied().unwrap_or_default(),
        });
    }
    if let Some(latest) = board.periods.iter().rev().find(|p| p.answered > 0) {
        for (customer_id, customer_name, s, comment) in store::answers(&mut conn, latest.id).await? {
            for d in Dimension::ALL {
                if is_low(s.get(d)) {
                    board.low_scores.push(LowScore {
                        customer_id,
                        customer_name: customer_name.clone(),
                        dimension: d,
                        score: s.get(d),
                        comment: comment.clone(),
                    });
                }
            }
        }
    }
    board.open_actions = store::actions(&mut conn, None).await?.into_iter().filter(|a| a.status == "open").collect();
    Ok(board)
}
