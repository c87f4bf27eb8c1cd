//! The demo's satisfaction surveys and sales targets.

use super::db::today;
use crate::domain::Role;
use crate::error::AppError;

/// Three years of half-year surveys before the current one, with delivery-date satisfaction
/// sliding from 4.6 to about 3.6 while the other dimensions hold (so the trends dashboard
/// shows a real decline, its corrective actions, and the customers behind the low scores),
/// sales targets for the demo rep, and the current half year's survey open with some answers.
pub async fn seed_demo_surveys(state: &super::AppState) -> Result<(), AppError> {
    use super::{performance, satisfaction, SessionUser};
    use crate::domain::performance::SalesTargetInput;
    use crate::domain::satisfaction::{CorrectiveActionInput, Period, PeriodInput, ScoresInput};
    let manager = SessionUser {
        user_id: 0,
        me: crate::domain::user::Me {
            username: "sales_manager".into(),
            display_name: "sales_manager".into(),
            roles: vec![Role::SalesManager],
        },
    };
    // average per dimension (quality, delivery, service, price) of the six past half years
    // (the other dimensions hold steady, so only delivery opens corrective actions)
    const PLAN: [[f64; 4]; 6] = [
        [4.5, 4.6, 4.4, 4.2],
        [4.5, 4.5, 4.4, 4.2],
        [4.5, 4.3, 4.4, 4.2],
        [4.5, 4.1, 4.4, 4.2],
        [4.5, 3.9, 4.4, 4.2],
        [4.5, 3.6, 4.4, 4.2],
    ];
    const SPREAD: [f64; 11] = [0.4, -0.6, 0.1, -0.2, 0.5, -0.3, 0.2, -0.1, 0.0, 0.3, -0.4];
    const COMMENTS: [&str; 2] = [
        "最近两次送货都晚了一天，影响我们排产。Two deliveries were a day late.",
        "希望送货前一天电话确认。Please call the day before delivery.",
    ];
    let quality = SessionUser {
        user_id: 0,
        me: crate::domain::user::Me {
            username: "quality".into(),
            display_name: "quality".into(),
            roles: vec![Role::Quality],
        },
    };
    let current = Period::of_date(today());
    let mut period = current;
    let mut past = Vec::new();
    for _ in 0..PLAN.len() {
        period = period.previous();
        past.push(period);
    }
    past.reverse();
    for (j, p) in past.iter().enumerate() {
        let opened = satisfaction::open(state, &manager, &PeriodInput { year: p.year, half: p.half }).await?;
        for (k, link) in opened.links.iter().enumerate() {
            // about four in five answer
            if k % 5 == 4 {
                continue;
            }
            let score = |d: usize| {
                let drift = if d == 1 { j * 5 } else { 0 };
                let v = PLAN[j][d] + SPREAD[(k * 3 + drift + d * 7) % SPREAD.len()];
                (v.round() as i64).clamp(1, 5)
            };
            let late = j >= 4 && k % 4 == 1;
            let input = ScoresInput {
                quality: score(0),
                delivery: if late { 2 } else { score(1) },
                service: score(2),
                price: score(3),
                comment: if late { Some(COMMENTS[(k / 4) % 2].to_string()) } else { None },
            };
            satisfaction::answer(state, link.token.as_deref().unwrap_or_default(), &input).await?;
        }
        let closed = satisfaction::close(state, &manager, opened.id, None).await?;
        // the older corrective actions were worked through and closed
        if j + 2 < PLAN.len() {
            for a in &closed.corrective_actions {
                let done = CorrectiveActionInput {
                    cause_analysis: Some(
                        "物流承运商运力不足，排车晚于订单。Carrier short of trucks; dispatch planned too late.".into(),
                    ),
                    measures: Some(
                        "增加第二家承运商；交货前一天电话确认。A second carrier; a call the day before delivery."
                            .into(),
                    ),
                    verification: Some(
                        "下一期回访 12 家客户中 10 家准时。10 of 12 customers on time at follow-up.".into(),
                    ),
                    result: Some("措施有效，继续跟踪。Effective; keep monitoring.".into()),
                    close: true,
                    version: Some(a.version),
                };
                satisfaction::update_action(state, &quality, a.id, &done).await?;
            }
        }
    }
    let now = satisfaction::open(state, &manager, &PeriodInput { year: current.year, half: current.half }).await?;
    for (k, link) in now.links.iter().enumerate().filter(|(k, _)| k % 3 == 0) {
        let input =
            ScoresInput { quality: 5, delivery: if k == 0 { 3 } else { 4 }, service: 4, price: 4, comment: None };
        satisfaction::answer(state, link.token.as_deref().unwrap_or_default(), &input).await?;
    }
    for p in past.iter().rev().take(2).chain([&current]) {
        let target = SalesTargetInput { sales_rep: "sales".into(), year: p.year, half: p.half, amount_fen: 50_000_000 };
        performance::set_target(state, &manager, &target).await?;
    }
    Ok(())
}
