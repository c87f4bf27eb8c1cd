//! The service desk's demo records, made through the services as the demo users: inquiries of
//! the last weeks, answered, and today's still open — one of them already near its limit.

use super::{complaints, inquiries, AppState, SessionUser};
use crate::domain::complaint::{ComplaintInput, Step, StepInput};
use crate::domain::inquiry::{AnswerInput, InquiryInput};
use crate::domain::{service::DeskQuery, Role};
use crate::error::AppError;
use chrono::{Duration, Utc};

pub(crate) fn as_user(name: &str, role: Role) -> SessionUser {
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

/// The instant `minutes` working minutes before now on the calendar (found in quarter-hour
/// steps, at most three weeks back), so a demo ticket is near or past its limit whatever the
/// time of day the demo is seeded.
fn working_ago(calendar: &crate::domain::calendar::Calendar, minutes: i64) -> chrono::DateTime<Utc> {
    let now = Utc::now();
    (1..=21 * 96)
        .map(|q| now - Duration::minutes(15 * q))
        .find(|at| calendar.working_between(*at, now) >= minutes)
        .unwrap_or(now - Duration::days(21))
}

/// Seeds the service tickets once (when none exist): one closed with the customer's
/// confirmation, one resolved waiting for it (its link to try), one waiting for the customer,
/// an urgent one near its response limit (escalated to the sales manager) and one past its
/// limit (escalated to the deputy GM).
pub async fn seed_demo_tickets(state: &AppState) -> Result<(), AppError> {
    use super::tickets;
    use crate::domain::ticket::{Step as T, TicketInput, TicketStepInput};
    let service = as_user("service", Role::Service);
    if !tickets::list(state, &service, &DeskQuery::default()).await?.items.is_empty() {
        return Ok(());
    }
    let (calendar, _) = super::calendar::current(state).await?;
    let mut conn = state.db.read.acquire().await?;
    let products = super::store::products::list(&mut conn, "", None, 100).await?;
    drop(conn);
    let product = |code: &str| products.iter().find(|p| p.code == code).map(|p| p.id);
    let ticket = |customer: i64, kind: &str, urgency: &str, code: &str, received: chrono::DateTime<Utc>, text: &str| {
        TicketInput {
            customer_id: customer,
            kind: kind.into(),
            urgency: urgency.into(),
            channel: Some("phone".into()),
            received_at: Some(received.to_rfc3339()),
            product_id: product(code),
            engineer: Some("王工 Wang".into()),
            description: text.into(),
            ..Default::default()
        }
    };
    let step = |version: i64, at: chrono::DateTime<Utc>| TicketStepInput {
        version: Some(version),
        at: Some(at.min(Utc::now()).to_rfc3339()),
        ..Default::default()
    };
    // closed: a pump repaired last week and confirmed by phone
    let received = Utc::now() - Duration::days(9);
    let t = tickets::create(
        state,
        &service,
        &ticket(2, "repair", "high", "P-PAC", received, "加药泵堵塞。Dosing pump clogged with PAC."),
    )
    .await?;
    let at = |m| calendar.add_working(received, m).unwrap_or(received);
    let t = tickets::step(
        state,
        &service,
        t.id,
        T::Respond,
        &TicketStepInput {
            response: Some("已约工程师明早上门。Engineer on site tomorrow morning.".into()),
            ..step(t.version, at(90))
        },
    )
    .await?;
    let t = tickets::step(
        state,
        &service,
        t.id,
        T::Resolve,
        &TicketStepInput {
            result: Some("清洗泵头并更换单向阀。Pump head cleaned, check valve replaced.".into()),
            fee_fen: Some(35_000),
            ..step(t.version, at(900))
        },
    )
    .await?;
    tickets::step(
        state,
        &service,
        t.id,
        T::Confirm,
        &TicketStepInput {
            channel: Some("phone".into()),
            note: Some("运行正常。Running fine.".into()),
            ..step(t.version, at(1000))
        },
    )
    .await?;
    // resolved, the customer's confirmation link waiting
    let received = Utc::now() - Duration::days(4);
    let t = tickets::create(
        state,
        &service,
        &ticket(3, "exchange", "normal", "P-NAOH32", received, "到货吨桶外壁凹陷。IBC arrived dented."),
    )
    .await?;
    let at = |m| calendar.add_working(received, m).unwrap_or(received);
    tickets::step(
        state,
        &service,
        t.id,
        T::Resolve,
        &TicketStepInput { result: Some("已换新桶。Drum exchanged.".into()), ..step(t.version, at(400)) },
    )
    .await?;
    // waiting for the customer's photos
    let received = working_ago(&calendar, 60);
    let t = tickets::create(
        state,
        &service,
        &ticket(5, "return", "normal", "P-CACL2", received, "部分袋装结块，要求退货。Caked bags: return requested."),
    )
    .await?;
    tickets::step(
        state,
        &service,
        t.id,
        T::Wait,
        &TicketStepInput {
            reason: Some("等待顾客提供照片和批号。Photos and batch number.".into()),
            ..step(t.version, received + Duration::minutes(20))
        },
    )
    .await?;
    // urgent and near its two-hour response limit; another past it
    tickets::create(
        state,
        &service,
        &ticket(
            6,
            "guidance",
            "urgent",
            "P-H2O2",
            working_ago(&calendar, 105),
            "双氧水储罐温度升高，如何处置？H2O2 tank warming: what to do?",
        ),
    )
    .await?;
    tickets::create(
        state,
        &service,
        &ticket(
            8,
            "refund",
            "high",
            "P-PAC",
            working_ago(&calendar, 600),
            "重复开票，要求退款。Invoiced twice: refund requested.",
        ),
    )
    .await?;
    Ok(())
}

/// Seeds the liaison forms once (when none exist): one closed after its measure worked, one
/// with its measure waiting for verification, one waiting for the department's
/// acknowledgement, and one not yet routed.
pub async fn seed_demo_liaison(state: &AppState) -> Result<(), AppError> {
    use super::liaison;
    use crate::domain::liaison::{LiaisonInput, LiaisonStepInput, Step as L};
    let sales = as_user("sales", Role::Sales);
    let service = as_user("service", Role::Service);
    if !liaison::list(state, &service, &Default::default()).await?.items.is_empty() {
        return Ok(());
    }
    let quality = as_user("quality", Role::Quality);
    let logistics = as_user("logistics", Role::Logistics);
    let form = |customer, kind: &str, days: i64, text: &str, department: Option<&str>| LiaisonInput {
        customer_id: customer,
        kind: kind.into(),
        channel: Some("phone".into()),
        received_at: Some((Utc::now() - Duration::days(days)).to_rfc3339()),
        description: text.into(),
        department: department.map(str::to_string),
        ..Default::default()
    };
    let due = (Utc::now() + Duration::days(10)).format("%Y-%m-%d").to_string();
    let text = |t: &str| LiaisonStepInput { text: Some(t.into()), ..Default::default() };
    let measure = |t: &str, owner: &str| LiaisonStepInput {
        text: Some(t.into()),
        owner: Some(owner.into()),
        due_on: Some(due.clone()),
        ..Default::default()
    };
    // closed: the measure worked
    let f = liaison::create(
        state,
        &sales,
        &form(2, "complaint", 30, "司机卸货时未戴防护手套。The driver unloaded without gloves.", Some("logistics")),
    )
    .await?;
    liaison::step(state, &logistics, f.id, L::Acknowledge, &Default::default()).await?;
    liaison::step(
        state,
        &logistics,
        f.id,
        L::Analysis,
        &text("新司机未参加危化品培训。New driver missed the training."),
    )
    .await?;
    liaison::step(
        state,
        &logistics,
        f.id,
        L::Measure,
        &measure("补训并每车配发手套。Training; gloves on every truck.", "logistics"),
    )
    .await?;
    liaison::step(
        state,
        &service,
        f.id,
        L::Verify,
        &LiaisonStepInput {
            effective: Some(true), ..text("回访顾客：近三次送货均规范。Last three deliveries fine.")
        },
    )
    .await?;
    let close = LiaisonStepInput {
        result: Some("已整改，顾客满意。Fixed; customer satisfied.".into()),
        ..Default::default()
    };
    liaison::step(state, &service, f.id, L::Close, &close).await?;
    // the measure set, waiting for verification
    let f = liaison::create(
        state,
        &sales,
        &form(1, "suggestion", 12, "希望桶盖上也印批号。Print the batch number on the drum lid too.", Some("quality")),
    )
    .await?;
    liaison::step(state, &quality, f.id, L::Acknowledge, &Default::default()).await?;
    liaison::step(
        state,
        &quality,
        f.id,
        L::Analysis,
        &text("桶盖标签在灌装前贴，易脱落。Lid label applied before filling."),
    )
    .await?;
    liaison::step(state, &quality, f.id, L::Measure, &measure("灌装后贴盖标。Label the lid after filling.", "quality"))
        .await?;
    // routed, waiting for the department's acknowledgement; and one not yet routed
    liaison::create(
        state,
        &service,
        &form(7, "expectation", 2, "希望早上 8 点前送达。Deliveries before 8:00, please.", Some("logistics")),
    )
    .await?;
    liaison::create(state, &sales, &form(4, "suggestion", 0, "希望提供小包装试用装。Small trial packs, please.", None))
        .await?;
    Ok(())
}
