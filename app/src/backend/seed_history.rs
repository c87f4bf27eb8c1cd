//! Three years of after-sales history for the demo, made through the same services (and audit
//! trail) as real use, each step at its own past instant (`db::as_of`): every quarter's
//! inquiries answered, complaints taken through 8D to closure, service tickets responded,
//! resolved and confirmed, liaison forms routed and closed — fewer complaints and quicker
//! answers as the years go by — and each quarter's analysis issued to its departments, who
//! acknowledge it (the last quarter's still waits for some; production has no demo user).

use super::db::{as_of, company_offset, today};
use super::seed_service::as_user;
use super::{complaints, feedback, inquiries, liaison, tickets, AppState, SessionUser};
use crate::domain::calendar::Calendar;
use crate::domain::complaint::{Category, ComplaintInput, Step as C, StepInput};
use crate::domain::feedback::{IssueInput, Quarter};
use crate::domain::inquiry::{AnswerInput, InquiryInput};
use crate::domain::liaison::{LiaisonInput, LiaisonStepInput, Step as L};
use crate::domain::service::Channel;
use crate::domain::ticket::{Kind, Step as T, TicketInput, TicketStepInput};
use crate::domain::Role;
use crate::error::AppError;
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// How many quarters of history, before the current one.
pub const QUARTERS: u32 = 12;

/// A small deterministic generator: the same demo every time.
pub(super) struct Dice(pub(super) u64);

impl Dice {
    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

/// The people who act in the history.
struct Cast {
    sales: SessionUser,
    service: SessionUser,
    quality: SessionUser,
    logistics: SessionUser,
    cal: Calendar,
    products: Vec<i64>,
}

impl Cast {
    /// The working instant `minutes` working minutes after `from`.
    fn after(&self, from: DateTime<Utc>, minutes: i64) -> DateTime<Utc> {
        self.cal.add_working(from, minutes).unwrap_or(from + Duration::minutes(minutes))
    }
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Seeds the history once: when the first of its quarters has no issued analysis yet.
pub async fn seed_demo_history(state: &AppState) -> Result<(), AppError> {
    let mut quarter = Quarter::of(today());
    for _ in 0..QUARTERS {
        quarter = quarter.previous();
    }
    let mut conn = state.db.read.acquire().await?;
    if super::store::feedback::of_quarter(&mut conn, quarter.year, quarter.quarter).await?.is_some() {
        return Ok(());
    }
    let products = super::store::products::list(&mut conn, "", None, 100).await?.into_iter().map(|p| p.id).collect();
    drop(conn);
    let (cal, _) = super::calendar::current(state).await?;
    let cast = Cast {
        sales: as_user("sales", Role::Sales),
        service: as_user("service", Role::Service),
        quality: as_user("quality", Role::Quality),
        logistics: as_user("logistics", Role::Logistics),
        cal,
        products,
    };
    let mut dice = Dice(20_160_104);
    for age in (1..=QUARTERS).rev() {
        let (start, _) = quarter.bounds(company_offset());
        // from the first working morning of the quarter, records every week or two
        let begin = cast.after(start, 60);
        let k = (QUARTERS - age) as i64; // 0 = the oldest
                                         // a record starts only if all its steps (five weeks at most) are behind us
        let past = |at: DateTime<Utc>| at + Duration::days(35) < Utc::now();
        for n in 0..(7 + dice.below(4) as i64) {
            let at = begin + Duration::days(n * 8 + 1);
            if past(at) {
                inquiry(state, &cast, &mut dice, at, k).await?;
            }
        }
        for n in 0..(6 - k / 3) {
            let at = begin + Duration::days(n * 13 + 2);
            if past(at) {
                complaint(state, &cast, &mut dice, at, k).await?;
            }
        }
        for n in 0..(3 + dice.below(3) as i64) {
            let at = begin + Duration::days(n * 17 + 4);
            if past(at) {
                ticket(state, &cast, &mut dice, at).await?;
            }
        }
        for n in 0..2 {
            let at = begin + Duration::days(n * 29 + 6);
            if past(at) {
                liaison_form(state, &cast, &mut dice, at).await?;
            }
        }
        issue(state, &cast, quarter, age == 1).await?;
        quarter = quarter.next();
    }
    Ok(())
}

fn pick<T: Copy>(dice: &mut Dice, from: &[T]) -> T {
    from[dice.below(from.len() as u64) as usize]
}

/// An inquiry answered within a few working hours (slower in the early years).
async fn inquiry(state: &AppState, cast: &Cast, dice: &mut Dice, at: DateTime<Utc>, k: i64) -> Result<(), AppError> {
    const QUESTIONS: [&str; 4] = [
        "储存条件与保质期？Storage conditions and shelf life?",
        "能否提供检验报告原件？Original inspection report, please.",
        "冬季运输是否需要保温？Heated transport in winter?",
        "推荐投加量是多少？Recommended dosage?",
    ];
    let input = InquiryInput {
        customer_id: 1 + dice.below(10) as i64,
        channel: pick(dice, &Channel::ALL).key().into(),
        received_at: None,
        product_id: (dice.below(3) > 0).then(|| pick(dice, &cast.products)),
        question: pick(dice, &QUESTIONS).into(),
    };
    let q = as_of(at, inquiries::create(state, &cast.sales, &input)).await?;
    let minutes = 60 + dice.below(240) as i64 + (11 - k).max(0) * 40;
    let answer = AnswerInput {
        version: Some(q.version),
        answer: "已按技术说明书答复。Answered from the technical data sheet.".into(),
        consulted: vec![pick(dice, &["lab", "quality", "rd", "logistics"]).into()],
        answered_at: None,
    };
    as_of(cast.after(at, minutes), inquiries::answer(state, &cast.service, q.id, &answer)).await?;
    Ok(())
}

/// A complaint taken through 8D and closed: contained within hours, analysed, acted on and
/// verified effective two weeks later by someone other than the action's owner.
async fn complaint(state: &AppState, cast: &Cast, dice: &mut Dice, at: DateTime<Utc>, k: i64) -> Result<(), AppError> {
    const WHAT: [(&str, &str); 4] = [
        ("quality", "絮凝效果差。Poor flocculation."),
        ("packaging", "包装袋破损。Torn bags."),
        ("delivery", "晚到一天。A day late."),
        ("labelling", "标签批号模糊。Batch number blurred on the label."),
    ];
    let (category, text) = pick(dice, &WHAT);
    debug_assert!(Category::parse(category).is_some());
    let input = ComplaintInput {
        customer_id: 1 + dice.below(10) as i64,
        product_id: pick(dice, &cast.products),
        severity: pick(dice, &["minor", "major", "major", "critical"]).into(),
        category: category.into(),
        channel: Some(pick(dice, &Channel::ALL).key().into()),
        description: text.into(),
        ..Default::default()
    };
    let c = as_of(at, complaints::create(state, &cast.sales, &input)).await?;
    let step = |t: &str| StepInput { text: Some(t.into()), ..Default::default() };
    let contained = cast.after(at, 60 + dice.below(300) as i64 + (11 - k).max(0) * 30);
    as_of(
        contained,
        complaints::step(state, &cast.quality, c.id, C::Containment, &step("隔离批次，调换。Held and replaced.")),
    )
    .await?;
    let analysed = cast.after(contained, 480 * (1 + dice.below(3) as i64));
    as_of(analysed, complaints::step(state, &cast.quality, c.id, C::RootCause, &step("工艺参数漂移。Process drift.")))
        .await?;
    let acted = cast.after(analysed, 240);
    let day = acted.with_timezone(&company_offset()).date_naive();
    let plan = StepInput {
        text: Some("加严过程检验。Tighter in-process checks.".into()),
        owner: Some("quality".into()),
        due_on: Some(date(day + Duration::days(7))),
        verify_on: Some(date(day + Duration::days(14))),
        ..Default::default()
    };
    as_of(acted, complaints::step(state, &cast.quality, c.id, C::Action, &plan)).await?;
    let verified = cast.after(acted + Duration::days(15), 60);
    let check = StepInput {
        evidence: Some("后续三批无同类问题。Next three batches fine.".into()),
        effective: Some(true),
        ..Default::default()
    };
    as_of(verified, complaints::step(state, &cast.service, c.id, C::Verify, &check)).await?;
    as_of(cast.after(verified, 30), complaints::step(state, &cast.service, c.id, C::Close, &StepInput::default()))
        .await?;
    Ok(())
}

/// A service ticket responded to, resolved and confirmed by the customer by phone.
async fn ticket(state: &AppState, cast: &Cast, dice: &mut Dice, at: DateTime<Utc>) -> Result<(), AppError> {
    let input = TicketInput {
        customer_id: 1 + dice.below(10) as i64,
        kind: pick(dice, &Kind::ALL).key().into(),
        urgency: pick(dice, &["normal", "normal", "high", "urgent"]).into(),
        channel: Some(pick(dice, &Channel::ALL).key().into()),
        product_id: Some(pick(dice, &cast.products)),
        engineer: Some("王工 Wang".into()),
        description: "现场使用问题。A problem on site.".into(),
        ..Default::default()
    };
    let t = as_of(at, tickets::create(state, &cast.service, &input)).await?;
    let responded = cast.after(at, 30 + dice.below(200) as i64);
    let respond = TicketStepInput { response: Some("已电话指导。Guided by phone.".into()), ..Default::default() };
    let t = as_of(responded, tickets::step(state, &cast.service, t.id, T::Respond, &respond)).await?;
    let resolved = cast.after(responded, 240 + dice.below(1_800) as i64);
    let resolve =
        TicketStepInput { result: Some("已处理。Done.".into()), version: Some(t.version), ..Default::default() };
    let t = as_of(resolved, tickets::step(state, &cast.service, t.id, T::Resolve, &resolve)).await?;
    let confirm = TicketStepInput {
        version: Some(t.version),
        channel: Some("phone".into()),
        note: Some("顾客确认。Confirmed.".into()),
        ..Default::default()
    };
    as_of(cast.after(resolved, 120), tickets::step(state, &cast.service, t.id, T::Confirm, &confirm)).await?;
    Ok(())
}

/// A liaison form routed to logistics, acknowledged, analysed, its measure verified and closed.
async fn liaison_form(state: &AppState, cast: &Cast, dice: &mut Dice, at: DateTime<Utc>) -> Result<(), AppError> {
    let input = LiaisonInput {
        customer_id: 1 + dice.below(10) as i64,
        kind: pick(dice, &["complaint", "suggestion", "expectation"]).into(),
        channel: Some("phone".into()),
        description: "希望提前一天通知送货时间。Tell us the delivery time a day ahead.".into(),
        department: Some("logistics".into()),
        ..Default::default()
    };
    let f = as_of(at, liaison::create(state, &cast.sales, &input)).await?;
    let text = |t: &str| LiaisonStepInput { text: Some(t.into()), ..Default::default() };
    let acked = cast.after(at, 120 + dice.below(400) as i64);
    as_of(acked, liaison::step(state, &cast.logistics, f.id, L::Acknowledge, &Default::default())).await?;
    let analysed = cast.after(acked, 480);
    as_of(
        analysed,
        liaison::step(state, &cast.logistics, f.id, L::Analysis, &text("排班未提前发布。Plan not shared.")),
    )
    .await?;
    let day = analysed.with_timezone(&company_offset()).date_naive();
    let measure = LiaisonStepInput {
        text: Some("前一天下午短信通知。Text the customer the afternoon before.".into()),
        owner: Some("logistics".into()),
        due_on: Some(date(day + Duration::days(5))),
        ..Default::default()
    };
    let measured = cast.after(analysed, 120);
    as_of(measured, liaison::step(state, &cast.logistics, f.id, L::Measure, &measure)).await?;
    let verified = cast.after(measured + Duration::days(10), 60);
    let verify =
        LiaisonStepInput { effective: Some(true), ..text("顾客反馈已改善。The customer says it is better.") };
    as_of(verified, liaison::step(state, &cast.service, f.id, L::Verify, &verify)).await?;
    let close = LiaisonStepInput { result: Some("已改善。Improved.".into()), ..Default::default() };
    as_of(cast.after(verified, 30), liaison::step(state, &cast.service, f.id, L::Close, &close)).await?;
    Ok(())
}

/// The quarter's analysis, issued by service in the first week of the next quarter and
/// acknowledged by the departments it went to (the last one only by sales, service and quality).
async fn issue(state: &AppState, cast: &Cast, q: Quarter, last: bool) -> Result<(), AppError> {
    let (_, end) = q.bounds(company_offset());
    let at = cast.after(end, 600);
    if at + Duration::days(1) > Utc::now() {
        return Ok(());
    }
    let input = IssueInput { year: q.year, quarter: q.quarter };
    let report = as_of(at, feedback::issue(state, &cast.service, &input)).await?;
    let id = report.id.ok_or(AppError::Internal)?;
    let people: &[(&str, Role)] = &[
        ("sales", Role::Sales),
        ("service", Role::Service),
        ("quality", Role::Quality),
        ("lab", Role::Lab),
        ("warehouse", Role::Warehouse),
        ("logistics", Role::Logistics),
    ];
    // the last quarter's report still waits for some departments
    let people = if last { &people[..3] } else { people };
    for (n, (name, role)) in people.iter().enumerate() {
        let when = cast.after(at, 60 * (n as i64 + 1));
        match as_of(when, feedback::acknowledge(state, &as_user(name, *role), id)).await {
            Ok(_) | Err(AppError::Forbidden) | Err(AppError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
