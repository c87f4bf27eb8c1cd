//! The satisfaction service (§4.2.5): the sales manager opens a half-year period (one
//! single-use link per active customer), customers answer without an account, closing the
//! period opens a corrective action for each dimension below target or declining, and the
//! trends dashboard shows every period against the targets.

use super::audit::{self, snapshot, Change};
use super::db::{now_ms, rfc3339, today};
use super::links::{self, LinkKind};
use super::store::orders::next_number;
use super::store::satisfaction as store;
use super::{AppState, SessionUser};
use crate::domain::satisfaction::*;
use crate::domain::Action;
use crate::error::{AppError, Msg};
use chrono::Datelike;
use std::collections::HashMap;

/// A period as stored: its links carry no token yet; `keys` holds each link's token salt and
/// hash, in the same order.
struct Loaded {
    period: SurveyPeriod,
    keys: Vec<(Option<String>, Option<String>)>,
}

impl Loaded {
    /// The period as `user` reads it: the links' tokens only for the sales manager, who sends
    /// them (everyone else who reads satisfaction could otherwise answer for a customer).
    fn for_user(self, state: &AppState, user: &SessionUser) -> SurveyPeriod {
        let mut p = self.period;
        if crate::domain::can(&user.me.roles, Action::ManageSurveys) {
            let id = p.id;
            for (link, (salt, _)) in p.links.iter_mut().zip(&self.keys) {
                let row = links::survey_row(id, link.customer_id);
                link.token = state.link_secret.token_of(LinkKind::Survey, &row, salt.as_deref());
            }
        }
        p
    }

    /// The audit's snapshot: each link's token hash, never its token.
    fn snapshot(&self) -> Option<serde_json::Value> {
        let mut v = snapshot(&self.period)?;
        if let Some(list) = v.get_mut("links").and_then(|l| l.as_array_mut()) {
            for (l, (_, hash)) in list.iter_mut().zip(&self.keys) {
                if let Some(o) = l.as_object_mut() {
                    o.insert("token_hash".into(), serde_json::json!(hash));
                }
            }
        }
        Some(v)
    }
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
    let expires_at = links::survey_expiry(period, now, links::link_days(&mut tx).await?);
    for customer in store::active_customers(&mut tx).await? {
        let link = state.link_secret.issue(LinkKind::Survey, &links::survey_row(id, customer));
        store::insert_link(&mut tx, id, customer, &link.salt, &link.hash, expires_at).await?;
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
            after: created.snapshot(),
        },
    )
    .await?;
    tx.commit().await?;
    state.publish("survey", id);
    Ok(created.for_user(state, user))
}

/// A period with its links, averages, comparisons, low scores and corrective actions.
async fn load(conn: &mut super::store::Conn, id: i64) -> Result<Loaded, AppError> {
    let row = store::period(conn, id).await?.ok_or(AppError::NotFound)?;
    let (links, keys): (Vec<SurveyLink>, Vec<_>) =
        store::links(conn, id).await?.into_iter().map(|(link, salt, hash)| (link, (salt, hash))).unzip();
    let answers = store::answers(conn, id).await?;
    let scores: Vec<Scores> = answers.iter().map(|a| a.2).collect();
    let low_scores = low_scores(&answers);
    let previous = averages_of(conn, row.period.previous()).await?;
    let mut same_half_earlier = Vec::new();
    for p in row.period.same_half_earlier(3) {
        if let Some(a) = averages_of(conn, p).await? {
            same_half_earlier.push(Comparison { label: p.label(), averages: a });
        }
    }
    let answered = links.iter().filter(|l| l.answered).count();
    let period = SurveyPeriod {
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
        main_dissatisfaction: main_dissatisfaction(&low_scores),
        low_scores,
        corrective_actions: store::actions(conn, Some(id)).await?,
        created_at: rfc3339(row.created_at),
        closed_at: row.closed_at.map(rfc3339),
    };
    Ok(Loaded { period, keys })
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
    Ok(load(&mut conn, id).await?.for_user(state, user))
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
    if before.period.status != "open" {
        return Err(AppError::conflict("survey.rule.closed"));
    }
    if !store::close_period(&mut tx, id, version.unwrap_or(before.period.version), user.username(), now).await? {
        return Err(AppError::conflict("conflict.stale"));
    }
    let year = today().year();
    let p = &before.period;
    for t in triggers(&p.averages, p.previous.as_ref(), &p.targets) {
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
            before: before.snapshot(),
            after: after.snapshot(),
        },
    )
    .await?;
    tx.commit().await?;
    state.publish("survey", id);
    state.publish("corrective_action", id);
    Ok(after.for_user(state, user))
}

/// The link behind a token (by its hash): unknown → 404.
async fn link_of(conn: &mut super::store::Conn, token: &str) -> Result<store::LinkRow, AppError> {
    if !links::plausible(token) {
        return Err(AppError::NotFound);
    }
    store::link_by_hash(conn, &links::hash(token)).await?.ok_or(AppError::NotFound)
}

/// What the customer's page shows for a token: who is asked, for which half year, and
/// whether it was answered. Unknown → 404; not answered but past its expiry → 410.
pub async fn survey_for(state: &AppState, token: &str) -> Result<(String, Period, bool, bool), AppError> {
    let mut conn = state.db.read.acquire().await?;
    let link = link_of(&mut conn, token).await?;
    if !link.answered && link.period_open {
        links::check_expiry(link.expires_at, now_ms())?;
    }
    Ok((link.customer_name, link.period, link.answered, link.period_open))
}

/// The customer's answer, without an account. Once per link (409 after), only while the
/// period is open and the link has not expired (410).
pub async fn answer(state: &AppState, token: &str, input: &ScoresInput) -> Result<(), AppError> {
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    // the token first: an unknown one is a guess (404, counted) whatever the scores
    let link = link_of(&mut tx, token).await?;
    let (scores, comment) = input.validate()?;
    if link.answered {
        return Err(AppError::conflict("survey.rule.answered"));
    }
    if !link.period_open {
        return Err(AppError::conflict("survey.rule.closed"));
    }
    links::check_expiry(link.expires_at, now)?;
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

pub async fn action(state: &AppState, user: &SessionUser, id: i64) -> Result<CorrectiveAction, AppError> {
    user.require(Action::ReadSatisfaction)?;
    let mut conn = state.db.read.acquire().await?;
    store::action(&mut conn, id).await?.ok_or(AppError::NotFound)
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
        board.low_scores = low_scores(&store::answers(&mut conn, latest.id).await?);
    }
    board.open_actions = store::actions(&mut conn, None).await?.into_iter().filter(|a| a.status == "open").collect();
    Ok(board)
}

/// The period's results as a workbook for top management: the summary per dimension with
/// its comparisons, the main dissatisfaction items, the customers behind low scores, and
/// the corrective actions.
pub async fn report_xlsx(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    locale: crate::i18n::Locale,
) -> Result<Vec<u8>, AppError> {
    use crate::i18n::t;
    use rust_xlsxwriter::{Format, Workbook};
    let p = get(state, user, id).await?;
    let xlsx = |e: rust_xlsxwriter::XlsxError| {
        tracing::error!("xlsx: {e}");
        AppError::Internal
    };
    let bold = Format::new().set_bold();
    let num = Format::new().set_num_format("0.00");
    let mut book = Workbook::new();

    let sheet = book.add_worksheet();
    sheet.set_name(t(locale, "survey.report.summary")).map_err(xlsx)?;
    sheet
        .write_string_with_format(0, 0, format!("{} {}", t(locale, "survey.report.title"), p.label), &bold)
        .map_err(xlsx)?;
    sheet.write_string(1, 0, t(locale, "survey.response_rate")).map_err(xlsx)?;
    let answered = p.links.iter().filter(|l| l.answered).count();
    sheet
        .write_string(1, 1, format!("{} % ({answered}/{})", p.response_rate.unwrap_or(0.0), p.links.len()))
        .map_err(xlsx)?;
    let mut head = vec![t(locale, "survey.dimension"), t(locale, "survey.average"), t(locale, "survey.target")];
    head.push(t(locale, "survey.previous"));
    for c in &p.same_half_earlier {
        head.push(c.label.clone());
    }
    for (c, h) in head.iter().enumerate() {
        sheet.write_string_with_format(3, c as u16, h, &bold).map_err(xlsx)?;
    }
    for (r, d) in Dimension::ALL.into_iter().enumerate() {
        let row = 4 + r as u32;
        sheet.write_string(row, 0, t(locale, &format!("survey.dim.{}", d.key()))).map_err(xlsx)?;
        let mut put = |col: u16, v: Option<f64>| match v {
            Some(v) => sheet.write_number_with_format(row, col, v, &num).map(|_| ()),
            None => sheet.write_string(row, col, "—").map(|_| ()),
        };
        put(1, p.averages.get(d)).map_err(xlsx)?;
        put(2, Some(p.targets.get(d))).map_err(xlsx)?;
        put(3, p.previous.and_then(|a| a.get(d))).map_err(xlsx)?;
        for (k, c) in p.same_half_earlier.iter().enumerate() {
            put(4 + k as u16, c.averages.get(d)).map_err(xlsx)?;
        }
    }
    let mut row = 10u32;
    sheet.write_string_with_format(row, 0, t(locale, "survey.main_items"), &bold).map_err(xlsx)?;
    for item in &p.main_dissatisfaction {
        row += 1;
        sheet.write_string(row, 0, t(locale, &format!("survey.dim.{}", item.dimension.key()))).map_err(xlsx)?;
        sheet.write_number(row, 1, item.low_count as f64).map_err(xlsx)?;
        sheet.write_string(row, 2, item.comments.join(" / ")).map_err(xlsx)?;
    }
    sheet.autofit();

    let low = book.add_worksheet();
    low.set_name(t(locale, "survey.low_customers")).map_err(xlsx)?;
    for (c, key) in ["order.customer", "survey.dimension", "survey.score", "survey.comment_short"].iter().enumerate() {
        low.write_string_with_format(0, c as u16, t(locale, key), &bold).map_err(xlsx)?;
    }
    for (r, l) in p.low_scores.iter().enumerate() {
        let row = r as u32 + 1;
        low.write_string(row, 0, &l.customer_name).map_err(xlsx)?;
        low.write_string(row, 1, t(locale, &format!("survey.dim.{}", l.dimension.key()))).map_err(xlsx)?;
        low.write_number(row, 2, l.score as f64).map_err(xlsx)?;
        low.write_string(row, 3, l.comment.as_deref().unwrap_or("")).map_err(xlsx)?;
    }
    low.autofit();

    let ca = book.add_worksheet();
    ca.set_name(t(locale, "corrective.title")).map_err(xlsx)?;
    let head = [
        "corrective.number",
        "survey.dimension",
        "survey.average",
        "survey.target",
        "corrective.status",
        "corrective.cause_analysis",
        "corrective.measures",
        "corrective.verification",
        "corrective.result",
    ];
    for (c, key) in head.iter().enumerate() {
        ca.write_string_with_format(0, c as u16, t(locale, key), &bold).map_err(xlsx)?;
    }
    for (r, a) in p.corrective_actions.iter().enumerate() {
        let row = r as u32 + 1;
        let cells = [
            a.number.clone(),
            t(locale, &format!("survey.dim.{}", a.dimension.key())),
            format!("{:.2}", a.average),
            format!("{:.2}", a.target),
            t(locale, &format!("corrective.status.{}", a.status)),
            a.cause_analysis.clone().unwrap_or_default(),
            a.measures.clone().unwrap_or_default(),
            a.verification.clone().unwrap_or_default(),
            a.result.clone().unwrap_or_default(),
        ];
        for (c, v) in cells.iter().enumerate() {
            ca.write_string(row, c as u16, v).map_err(xlsx)?;
        }
    }
    ca.autofit();
    book.save_to_buffer().map_err(xlsx)
}
