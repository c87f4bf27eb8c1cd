//! Three years of sales for the demo, made through the same services (and audit trail) as real
//! use, each step at its own past instant (`db::as_of`): every quarter the lab inspects and the
//! warehouse stocks a batch of each product sold; every month orders are entered, approved,
//! put on delivery notes, approved, assigned, loaded and signed for on the driver's phone, so
//! the ledger, the reps' delivered value and the on-time rate come from real receipts — a few
//! late, more of them lately. Then today's work for every role: notes loaded for `driver`
//! (one hazardous) and `driver2`, one waiting for the warehouse, an order past its date and
//! one that stock cannot cover, and an emergency release waiting for the deputy GM.

use super::db::{as_of, company_offset, today};
use super::seed_history::Dice;
use super::seed_service::as_user;
use super::{batches, delivery_notes, orders, performance, readiness, AppState, SessionUser};
use crate::domain::batch::{BatchInput, EmergencyReleaseInput};
use crate::domain::customer::Customer;
use crate::domain::delivery::{AssignInput, LoadInput, NoteInput, NoteLineInput, ReceiptInput, ReceiptLineInput};
use crate::domain::order::{LineInput, OrderInput};
use crate::domain::performance::SalesTargetInput;
use crate::domain::product::Product;
use crate::domain::satisfaction::Period;
use crate::domain::Role;
use crate::error::AppError;
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use std::collections::BTreeMap;

/// How many months of sales, before the current one.
pub const MONTHS: i64 = 36;

/// A drawn signature (a one-pixel PNG): the file store keeps it once, by its hash.
const SIGNATURE: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

const VEHICLES: [&str; 3] = ["沪A·D2371", "苏E·8K629", "浙A·3F915"];

/// The rep who looks after a customer: `sales` the odd ones, `sales2` the even ones.
fn rep_name(customer: i64) -> &'static str {
    if customer % 2 == 1 {
        "sales"
    } else {
        "sales2"
    }
}

fn rep_of(customer: i64) -> SessionUser {
    as_user(rep_name(customer), Role::Sales)
}

/// The instant `hour:minute` on `day` in the company's time zone.
fn at(day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let local = day.and_hms_opt(hour, minute, 0).expect("valid time");
    company_offset().from_local_datetime(&local).single().expect("fixed offset").with_timezone(&Utc)
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The first day of the month `back` months before `day`'s.
fn month_start(day: NaiveDate, back: i64) -> NaiveDate {
    let index = day.year() as i64 * 12 + day.month0() as i64 - back;
    NaiveDate::from_ymd_opt((index / 12) as i32, (index % 12) as u32 + 1, 1).expect("valid month")
}

/// Whether `customer` may take hazardous goods on `day` (a permit valid then).
fn permitted(customer: &Customer, day: NaiveDate) -> bool {
    customer.hazardous_permit_no.is_some()
        && customer.hazardous_permit_valid_until.as_deref().is_some_and(|until| until >= date(day).as_str())
}

/// One planned sale of the history.
struct Sale {
    customer: i64,
    rep: &'static str,
    product: i64,
    tonnes: f64,
    ordered: NaiveDate,
    delivery: NaiveDate,
    /// Days after the promised date the customer signed (0 = on time).
    late_days: i64,
    driver: &'static str,
}

/// The people who act in the sales history.
struct Cast {
    lab: SessionUser,
    warehouse: SessionUser,
    gm: SessionUser,
    manager: SessionUser,
    logistics: SessionUser,
}

/// Seeds the sales once: when no delivery has ever been received.
pub async fn seed_demo_sales(
    state: &AppState,
    products: &[Product],
    stock_today: &BTreeMap<i64, i64>,
) -> Result<(), AppError> {
    let mut conn = state.db.read.acquire().await?;
    if super::store::ledger::any(&mut conn).await? {
        return Ok(());
    }
    let mut customers = Vec::new();
    for id in 1..=10 {
        if let Some(c) = super::store::customers::get(&mut conn, id).await? {
            customers.push(c);
        }
    }
    drop(conn);
    let cast = Cast {
        lab: as_user("lab", Role::Lab),
        warehouse: as_user("warehouse", Role::Warehouse),
        gm: as_user("deputy_gm", Role::DeputyGm),
        manager: as_user("sales_manager", Role::SalesManager),
        logistics: as_user("logistics", Role::Logistics),
    };
    let sales = plan(&customers, products);
    // one batch per product and quarter, produced for what that quarter sells
    let mut stock: BTreeMap<(i64, i64), i64> = BTreeMap::new();
    let first = month_start(today(), MONTHS);
    let quarter_of =
        |d: NaiveDate| ((d.year() - first.year()) as i64 * 12 + d.month0() as i64 - first.month0() as i64) / 3;
    let mut demand: BTreeMap<(i64, i64), f64> = BTreeMap::new();
    for s in &sales {
        *demand.entry((quarter_of(s.ordered), s.product)).or_default() += s.tonnes;
    }
    for (&(quarter, product), &tonnes) in &demand {
        let p = products.iter().find(|p| p.id == product).ok_or(AppError::Internal)?;
        let produced = month_start(first, -3 * quarter);
        let batch = as_of(at(produced, 8, 30), produce(state, &cast, p, produced, tonnes)).await?;
        stock.insert((quarter, product), batch);
    }
    for s in &sales {
        let batch = stock[&(quarter_of(s.ordered), s.product)];
        deliver(state, &cast, s, batch).await?;
    }
    seed_targets(state, &cast).await?;
    seed_today(state, &cast, &customers, products, stock_today).await?;
    readiness::check(state, today(), "seed").await?;
    Ok(())
}

/// Every month five or six sales, to customers who may take what they buy; a late delivery now
/// and then, more often in the last eighteen months (the trend the surveys complain about).
fn plan(customers: &[Customer], products: &[Product]) -> Vec<Sale> {
    let mut dice = Dice(20_231_201);
    let mut out = Vec::new();
    let end = today() - Duration::days(14);
    for back in (1..=MONTHS).rev() {
        let start = month_start(today(), back);
        for n in 0..(5 + dice.below(2) as i64) {
            let ordered = start + Duration::days(2 + n * 5 + dice.below(3) as i64);
            let delivery = ordered + Duration::days(5 + dice.below(4) as i64);
            if delivery > end {
                continue;
            }
            let customer = &customers[dice.below(customers.len() as u64) as usize];
            let choices: Vec<&Product> =
                products.iter().filter(|p| !p.hazardous || permitted(customer, delivery)).collect();
            let product = choices[dice.below(choices.len() as u64) as usize];
            let late_one_in = if back > 18 { 15 } else { 6 };
            out.push(Sale {
                customer: customer.id,
                rep: rep_name(customer.id),
                product: product.id,
                tonnes: (8 + dice.below(23)) as f64,
                ordered,
                delivery,
                late_days: if dice.below(late_one_in) == 0 { 1 + dice.below(2) as i64 } else { 0 },
                driver: if n % 2 == 0 { "driver" } else { "driver2" },
            });
        }
    }
    out
}

/// A batch made, inspected to its final passing result and stocked the same day.
async fn produce(
    state: &AppState,
    cast: &Cast,
    p: &Product,
    produced: NaiveDate,
    tonnes: f64,
) -> Result<i64, AppError> {
    let code = p.code.trim_start_matches("P-");
    let input = BatchInput {
        product_id: p.id,
        batch_no: format!("{code}-{}-01", produced.format("%y%m%d")),
        quantity: tonnes,
        produced_on: date(produced),
    };
    let b = batches::create(state, &cast.lab, &input).await?;
    let inspection = super::seed::passing_inspection(p);
    as_of(at(produced, 11, 0), batches::inspect(state, &cast.lab, b.summary.id, &inspection)).await?;
    as_of(at(produced, 15, 0), batches::stock_in(state, &cast.warehouse, b.summary.id, None, None)).await?;
    Ok(b.summary.id)
}

/// One sale from order to signature: the rep enters it, the deputy GM approves; two days
/// before the date the rep makes the note, the sales manager approves it, logistics assigns
/// the driver; the warehouse loads on the morning and the customer signs in the afternoon.
async fn deliver(state: &AppState, cast: &Cast, s: &Sale, batch: i64) -> Result<(), AppError> {
    let rep = as_user(s.rep, Role::Sales);
    let order = OrderInput {
        customer_id: s.customer,
        requested_delivery_date: date(s.delivery),
        contract_ref: Some(format!("HT-{}-{:03}", s.ordered.format("%Y%m"), s.customer)),
        lines: vec![LineInput { product_id: s.product, quantity: s.tonnes, unit_price_fen: None }],
        version: None,
    };
    let o = as_of(at(s.ordered, 9, 40), orders::create(state, &rep, &order)).await?;
    as_of(at(s.ordered, 9, 45), orders::step(state, &rep, o.id, orders::Step::Submit, None, None)).await?;
    as_of(at(s.ordered, 14, 10), orders::step(state, &cast.gm, o.id, orders::Step::Approve, None, None)).await?;
    let eve = s.delivery - Duration::days(2);
    let note = ready_note(state, cast, &rep, o.id, o.lines[0].id, s.delivery, batch, s.tonnes, s.driver, eve).await?;
    let n = as_of(at(s.delivery, 7, 30), load(state, cast, note)).await?;
    let signed = at(s.delivery + Duration::days(s.late_days), 14, 20);
    let customer = super::store::customers::get(&mut *state.db.read.acquire().await?, s.customer).await?;
    let receiver = customer.map(|c| c.contact_name).unwrap_or_default();
    as_of(signed, receive(state, s.driver, &n, &receiver, signed)).await
}

/// A note made, approved and assigned on `day` (loading is the warehouse's, later).
#[allow(clippy::too_many_arguments)]
async fn ready_note(
    state: &AppState,
    cast: &Cast,
    rep: &SessionUser,
    order: i64,
    order_line: i64,
    delivery: NaiveDate,
    batch: i64,
    tonnes: f64,
    driver: &str,
    day: NaiveDate,
) -> Result<i64, AppError> {
    let input = NoteInput {
        order_id: order,
        delivery_date: date(delivery),
        lines: vec![NoteLineInput { order_line_id: order_line, batch_id: Some(batch), quantity: tonnes }],
        version: None,
    };
    let n = as_of(at(day, 10, 0), delivery_notes::create(state, rep, &input)).await?;
    as_of(at(day, 11, 30), delivery_notes::approve(state, &cast.manager, n.id, None)).await?;
    let vehicle = VEHICLES[(n.id % VEHICLES.len() as i64) as usize].to_string();
    let assign = AssignInput { driver_username: driver.into(), vehicle, version: None };
    as_of(at(day, 16, 0), delivery_notes::assign(state, &cast.logistics, n.id, &assign)).await?;
    Ok(n.id)
}

/// The warehouse keeper and the driver sign for packaging and labels.
async fn load(state: &AppState, cast: &Cast, note: i64) -> Result<crate::domain::delivery::DeliveryNote, AppError> {
    let input = LoadInput {
        packaging_ok: true,
        labels_ok: true,
        warehouse_signature: SIGNATURE.into(),
        driver_signature: SIGNATURE.into(),
        version: None,
    };
    delivery_notes::load_goods(state, &cast.warehouse, note, &input).await
}

/// The customer signs for every line in full on the driver's phone.
async fn receive(
    state: &AppState,
    driver: &str,
    note: &crate::domain::delivery::DeliveryNote,
    receiver: &str,
    signed: DateTime<Utc>,
) -> Result<(), AppError> {
    let input = ReceiptInput {
        receiver_name: receiver.into(),
        signature: SIGNATURE.into(),
        received_at: signed.to_rfc3339(),
        lines: note
            .lines
            .iter()
            .map(|l| ReceiptLineInput { line_id: l.id, received_quantity: l.quantity, note: None })
            .collect(),
        photo: None,
        latitude: None,
        longitude: None,
    };
    delivery_notes::receive(state, &as_user(driver, Role::Driver), note.id, &input, None).await?;
    Ok(())
}

/// The second rep's targets beside the first's (set by the surveys' seed): the two half years
/// before this one and this one.
async fn seed_targets(state: &AppState, cast: &Cast) -> Result<(), AppError> {
    let mut period = Period::of_date(today());
    for _ in 0..3 {
        let target = SalesTargetInput {
            sales_rep: "sales2".into(),
            year: period.year,
            half: period.half,
            amount_fen: 60_000_000,
        };
        performance::set_target(state, &cast.manager, &target).await?;
        period = period.previous();
    }
    Ok(())
}

/// Today's work: two notes loaded for `driver` (one hazardous) and one for `driver2`, a note
/// for tomorrow waiting for the warehouse, an order three days late and one the stock cannot
/// cover. Steps before today happen at their own instants; today's at the seeding instant.
async fn seed_today(
    state: &AppState,
    cast: &Cast,
    customers: &[Customer],
    products: &[Product],
    stock: &BTreeMap<i64, i64>,
) -> Result<(), AppError> {
    let day = today();
    let product = |code: &str| products.iter().find(|p| p.code == code).ok_or(AppError::Internal);
    let hazardous_customer =
        customers.iter().find(|c| permitted(c, day + Duration::days(30))).ok_or(AppError::Internal)?;
    let plain_customer = customers.iter().find(|c| c.hazardous_permit_no.is_none()).ok_or(AppError::Internal)?;
    let today_work: [(&Customer, &str, f64, &str, i64); 4] = [
        (hazardous_customer, "P-HCL31", 12.0, "driver", 0),
        (plain_customer, "P-CACL2", 8.0, "driver", 0),
        (&customers[5], "P-NA2SO4", 10.0, "driver2", 0),
        (&customers[9], "P-PAM", 6.0, "driver", 1),
    ];
    for (customer, code, tonnes, driver, in_days) in today_work {
        let p = product(code)?;
        let batch = *stock.get(&p.id).ok_or(AppError::Internal)?;
        let delivery = day + Duration::days(in_days);
        let rep = rep_of(customer.id);
        let ordered = day - Duration::days(6);
        let o = approved_order(state, cast, &rep, customer.id, p.id, tonnes, ordered, delivery).await?;
        let eve = day - Duration::days(1);
        let note = ready_note(state, cast, &rep, o.id, o.lines[0].id, delivery, batch, tonnes, driver, eve).await?;
        if in_days == 0 {
            load(state, cast, note).await?;
        }
    }
    // past its date and not delivered; and more than the stock holds
    let late = &customers[6];
    let pam = product("P-PAM")?;
    let rep = rep_of(late.id);
    approved_order(state, cast, &rep, late.id, pam.id, 14.0, day - Duration::days(12), day - Duration::days(3)).await?;
    let big = &customers[1];
    let rep = rep_of(big.id);
    approved_order(state, cast, &rep, big.id, pam.id, 180.0, day - Duration::days(2), day + Duration::days(2)).await?;
    emergency_request(state, cast, &customers[3], product("P-PAC")?).await
}

/// A customer's line stops tomorrow without PAC whose batch the lab has not closed: sales asks
/// the deputy GM for an emergency release this morning.
async fn emergency_request(state: &AppState, cast: &Cast, customer: &Customer, pac: &Product) -> Result<(), AppError> {
    let open = {
        let mut conn = state.db.read.acquire().await?;
        super::store::batches::awaiting_inspection(&mut conn, 50).await?
    };
    let batch = open.iter().find(|b| b.product_id == pac.id).ok_or(AppError::Internal)?;
    let day = today();
    let rep = rep_of(customer.id);
    let o =
        approved_order(state, cast, &rep, customer.id, pac.id, 10.0, day - Duration::days(1), day + Duration::days(1))
            .await?;
    let input = NoteInput {
        order_id: o.id,
        delivery_date: date(day + Duration::days(1)),
        lines: vec![NoteLineInput { order_line_id: o.lines[0].id, batch_id: None, quantity: 10.0 }],
        version: None,
    };
    let note = as_of(at(day, 8, 40), delivery_notes::create(state, &rep, &input)).await?;
    let request = EmergencyReleaseInput {
        delivery_note_id: note.id,
        batch_id: batch.id,
        quantity: None,
        reason: "客户生产线明日停产待料 The customer's line stops tomorrow without it".into(),
        risk_level: "medium".into(),
        risk_assessment: "中间检验氧化铝含量合格，pH 待测 Interim Al2O3 within limits; pH pending".into(),
        customer_consent_by: format!("{}（采购）", customer.contact_name),
        customer_consent_how: Some("电话并邮件确认 phone, confirmed by e-mail".into()),
        customer_consent_at: at(day, 8, 30).to_rfc3339(),
        retained_sample_ref: format!("RS-{}-01", batch.batch_no),
    };
    as_of(at(day, 8, 50), super::releases::request(state, &rep, &request)).await?;
    Ok(())
}

/// An order entered on `ordered` and approved that afternoon.
#[allow(clippy::too_many_arguments)]
async fn approved_order(
    state: &AppState,
    cast: &Cast,
    rep: &SessionUser,
    customer: i64,
    product: i64,
    tonnes: f64,
    ordered: NaiveDate,
    delivery: NaiveDate,
) -> Result<crate::domain::order::Order, AppError> {
    let input = OrderInput {
        customer_id: customer,
        requested_delivery_date: date(delivery),
        contract_ref: Some(format!("HT-{}-{customer:03}", ordered.format("%Y%m"))),
        lines: vec![LineInput { product_id: product, quantity: tonnes, unit_price_fen: None }],
        version: None,
    };
    let o = as_of(at(ordered, 9, 20), orders::create(state, rep, &input)).await?;
    as_of(at(ordered, 9, 25), orders::step(state, rep, o.id, orders::Step::Submit, None, None)).await?;
    as_of(at(ordered, 15, 0), orders::step(state, &cast.gm, o.id, orders::Step::Approve, None, None)).await
}
