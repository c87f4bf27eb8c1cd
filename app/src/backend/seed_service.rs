//! The service desk's demo records, made through the services as the demo users: inquiries of
//! the last weeks, answered, and today's still open — one of them already near its limit.

use super::{complaints, inquiries, AppState, SessionUser};
use crate::domain::complaint::{ComplaintInput, Step, StepInput};
use crate::domain::inquiry::{AnswerInput, InquiryInput};
use crate::domain::{service::DeskQuery, Role};
use crate::error::AppError;
use chrono::{Duration, Utc};

fn as_user(name: &str, role: Role) -> SessionUser {
    SessionUser {
        user_id: 0,
        me: crate::domain::user::Me { username: name.into(), display_name: name.into(), roles: vec![role] },
    }
}

/// (customer, channel, hours ago, product code, question, answer and departments consulted)
type Demo =
    (i64, &'static str, i64, Option<&'static str>, &'static str, Option<(&'static str, &'static [&'static str])>);

const INQUIRIES: [Demo; 7] = [
    (
        1,
        "phone",
        24 * 20,
        Some("P-PAC"),
        "聚合氯化铝夏季储存多久不结块？How long does PAC keep in summer?",
        Some(("密闭阴凉处保存 12 个月；开袋后尽快用完。12 months closed, in the shade.", &["rd", "lab"])),
    ),
    (
        3,
        "email",
        24 * 14,
        Some("P-NAOH32"),
        "能否提供 32% 液碱的 MSDS 英文版？English SDS for 32% caustic soda?",
        Some(("已发送最新英文版 SDS。Sent the current English SDS.", &["quality"])),
    ),
    (
        2,
        "wechat",
        24 * 9,
        None,
        "下月起能否改为每周二送货？Can deliveries move to Tuesdays from next month?",
        Some(("可以，已通知物流部排班。Yes, logistics has it in the plan.", &["logistics"])),
    ),
    (
        5,
        "visit",
        24 * 6,
        Some("P-CACL2"),
        "氯化钙在低温下的溶解速度？Dissolving rate of CaCl2 in cold water?",
        Some(("5 °C 下约 20 分钟完全溶解，附试验数据。About 20 minutes at 5 °C.", &["lab", "rd"])),
    ),
    (
        8,
        "fax",
        24 * 3,
        Some("P-PAC"),
        "批次 PAC 的检验报告能否加盖公章？Stamped inspection report for the last PAC batch?",
        Some(("已盖章寄出。Stamped and posted.", &["quality"])),
    ),
    (6, "phone", 26, Some("P-H2O2"), "双氧水包装桶能否回收？Do you take back the H2O2 drums?", None),
    (4, "website", 1, None, "想了解贵公司的水处理剂产品目录。Product catalogue for water treatment, please.", None),
];

/// Seeds the inquiries once (when none exist).
pub async fn seed_demo_inquiries(state: &AppState) -> Result<(), AppError> {
    let service = as_user("service", Role::Service);
    let sales = as_user("sales", Role::Sales);
    if !inquiries::list(state, &service, &Default::default()).await?.items.is_empty() {
        return Ok(());
    }
    let mut conn = state.db.read.acquire().await?;
    let products = super::store::products::list(&mut conn, "", None, 100).await?;
    drop(conn);
    let (calendar, _) = super::calendar::current(state).await?;
    for (n, (customer, channel, hours, product, question, answer)) in INQUIRIES.into_iter().enumerate() {
        let received = Utc::now() - Duration::hours(hours);
        let input = InquiryInput {
            customer_id: customer,
            channel: channel.into(),
            received_at: Some(received.to_rfc3339()),
            product_id: product.and_then(|code| products.iter().find(|p| p.code == code).map(|p| p.id)),
            question: question.into(),
        };
        let q = inquiries::create(state, &sales, &input).await?;
        if let Some((text, consulted)) = answer {
            // answered within two to seven working hours; the fourth a day and a half late
            let minutes = if n == 3 { 1_000 } else { 120 + 60 * n as i64 };
            let at = calendar.add_working(received, minutes).filter(|a| *a < Utc::now()).unwrap_or_else(Utc::now);
            let a = AnswerInput {
                version: Some(q.version),
                answer: text.into(),
                consulted: consulted.iter().map(|d| d.to_string()).collect(),
                answered_at: Some(at.to_rfc3339()),
            };
            inquiries::answer(state, &service, q.id, &a).await?;
        }
    }
    Ok(())
}

/// Seeds the complaints once (when none exist): one with its corrective action waiting for
/// verification, a repeat of it still to be contained, and a critical one from this morning.
pub async fn seed_demo_complaints(state: &AppState) -> Result<(), AppError> {
    let sales = as_user("sales", Role::Sales);
    let quality = as_user("quality", Role::Quality);
    if !complaints::list(state, &quality, &DeskQuery::default()).await?.items.is_empty() {
        return Ok(());
    }
    let mut conn = state.db.read.acquire().await?;
    let products = super::store::products::list(&mut conn, "", None, 100).await?;
    drop(conn);
    let product = |code: &str| products.iter().find(|p| p.code == code).map(|p| p.id).ok_or(AppError::Internal);
    let complaint =
        |customer: i64, product: i64, severity: &str, category: &str, hours: i64, text: &str| ComplaintInput {
            customer_id: customer,
            product_id: product,
            severity: severity.into(),
            category: category.into(),
            channel: Some("phone".into()),
            received_at: Some((Utc::now() - Duration::hours(hours)).to_rfc3339()),
            description: text.into(),
            ..Default::default()
        };
    let pac = product("P-PAC")?;
    let first = complaints::create(
        state,
        &sales,
        &complaint(
            1,
            pac,
            "major",
            "quality",
            24 * 21,
            "絮凝效果差，投加量比平时多 30%。Flocculation poor: 30 % more dosing needed.",
        ),
    )
    .await?;
    let text = |t: &str| StepInput { text: Some(t.into()), ..Default::default() };
    complaints::step(
        state,
        &quality,
        first.id,
        Step::Containment,
        &text("暂停使用该批次，调换合格批次。Batch put on hold at the customer, replaced."),
    )
    .await?;
    complaints::step(
        state,
        &quality,
        first.id,
        Step::RootCause,
        &text("盐基度偏低：2 号反应釜温控漂移。Basicity low: reactor 2 temperature drifted."),
    )
    .await?;
    let today = super::db::today();
    let action = StepInput {
        text: Some("反应釜温控每班校准，盐基度每两小时检测。Calibrate each shift; basicity every two hours.".into()),
        owner: Some("quality".into()),
        due_on: Some(today.format("%Y-%m-%d").to_string()),
        verify_on: Some((today + Duration::days(14)).format("%Y-%m-%d").to_string()),
        ..Default::default()
    };
    complaints::step(state, &quality, first.id, Step::Action, &action).await?;
    complaints::create(
        state,
        &sales,
        &complaint(4, pac, "minor", "quality", 30, "溶解后有少量不溶物。Some insoluble matter after dissolving."),
    )
    .await?;
    let naoh = product("P-NAOH32")?;
    complaints::create(
        state,
        &sales,
        &complaint(7, naoh, "critical", "packaging", 3, "IBC 吨桶阀门渗漏。The IBC valve leaks."),
    )
    .await?;
    Ok(())
}
