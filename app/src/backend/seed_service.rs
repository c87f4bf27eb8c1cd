//! The service desk's demo records, made through the services as the demo users: inquiries of
//! the last weeks, answered, and today's still open — one of them already near its limit.

use super::{inquiries, AppState, SessionUser};
use crate::domain::inquiry::{AnswerInput, InquiryInput};
use crate::domain::Role;
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
