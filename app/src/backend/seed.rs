//! Demo data for `server serve --demo`: one user per role (user name = role key, plus a
//! second driver `driver2` and a second rep `sales2`, all with password `demo`), customers with and without
//! hazardous-chemical permits (one expired), hazardous and ordinary products with their
//! technical indicators, and current list prices. Seeds only an empty database.

use super::audit::{self, snapshot, Change};
use super::auth::hash_password_blocking;
use super::db::{now_ms, today, Db, Tx};
use super::store::{customers, prices, products, users};
use crate::domain::customer::CustomerInput;
use crate::domain::price::PriceInput;
use crate::domain::product::{Indicator, ProductInput};
use crate::domain::Role;
use crate::error::AppError;

const ACTOR: &str = "seed";

struct DemoCustomer(
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<(&'static str, i64)>,
);

const CUSTOMERS: &[DemoCustomer] = &[
    DemoCustomer(
        "C-001",
        "华东精细化工有限公司",
        "上海市金山区月工路 88 号",
        "王建国",
        "021-5728 1100",
        "AAA",
        Some(("沪危化经字〔2024〕000123", 400)),
    ),
    DemoCustomer(
        "C-002",
        "江苏恒润新材料股份有限公司",
        "江苏省南京市江北新区化工园 12 号",
        "李芳",
        "025-5839 2200",
        "AA",
        Some(("苏宁危化经字〔2023〕004512", 200)),
    ),
    DemoCustomer(
        "C-003",
        "浙江清源水处理科技有限公司",
        "浙江省杭州市萧山区临江工业园 7 号",
        "陈志强",
        "0571-8288 3300",
        "A",
        Some(("浙杭危化经字〔2022〕001876", -30)),
    ),
    DemoCustomer(
        "C-004",
        "山东鲁北印染有限公司",
        "山东省滨州市无棣县鲁北路 66 号",
        "张丽",
        "0543-6421 4400",
        "AA",
        None,
    ),
    DemoCustomer(
        "C-005",
        "广东粤海电子材料有限公司",
        "广东省惠州市大亚湾石化区 18 号",
        "黄伟",
        "0752-5566 5500",
        "A",
        Some(("粤惠危化经字〔2024〕002301", 600)),
    ),
    DemoCustomer(
        "C-006",
        "Pacific Coatings (Suzhou) Co., Ltd.",
        "Suzhou Industrial Park, 200 Xinghu St",
        "Emily Zhao",
        "0512-6288 6600",
        "AAA",
        Some(("苏苏危化经字〔2025〕000771", 500)),
    ),
    DemoCustomer(
        "C-007",
        "安徽皖江造纸有限公司",
        "安徽省铜陵市经济开发区翠湖路 5 号",
        "刘洋",
        "0562-2831 7700",
        "B",
        None,
    ),
    DemoCustomer(
        "C-008",
        "湖北楚天制药有限公司",
        "湖北省宜昌市猇亭区化工园 9 号",
        "周敏",
        "0717-6655 8800",
        "AA",
        Some(("鄂宜危化经字〔2023〕000455", 90)),
    ),
    DemoCustomer(
        "C-009",
        "天津滨海金属表面处理厂",
        "天津市滨海新区临港经济区 3 号",
        "吴刚",
        "022-2532 9900",
        "C",
        None,
    ),
    DemoCustomer(
        "C-010",
        "四川蜀南农化有限公司",
        "四川省泸州市纳溪区化工园 21 号",
        "郑华",
        "0830-4112 1010",
        "A",
        Some(("川泸危化经字〔2024〕001234", 300)),
    ),
];

fn indicator(name: &str, unit: &str, min: Option<f64>, max: Option<f64>) -> Indicator {
    Indicator { name: name.into(), unit: unit.into(), min, max }
}

fn demo_products() -> Vec<(ProductInput, i64)> {
    let p =
        |code: &str, name: &str, spec: &str, unit: &str, un: Option<(&str, &str)>, ind: Vec<Indicator>| ProductInput {
            code: code.into(),
            name: name.into(),
            specification: spec.into(),
            unit: unit.into(),
            hazardous: un.is_some(),
            un_number: un.map(|u| u.0.into()),
            hazard_class: un.map(|u| u.1.into()),
            indicators: ind,
            version: None,
        };
    vec![
        (
            p(
                "P-HCL31",
                "工业盐酸",
                "31%",
                "t",
                Some(("1789", "8")),
                vec![
                    indicator("总酸度(以HCl计)", "%", Some(31.0), None),
                    indicator("铁(Fe)", "%", None, Some(0.008)),
                    indicator("灼烧残渣", "%", None, Some(0.10)),
                ],
            ),
            68_000,
        ),
        (
            p(
                "P-NAOH32",
                "液体氢氧化钠",
                "32%",
                "t",
                Some(("1824", "8")),
                vec![
                    indicator("氢氧化钠(NaOH)", "%", Some(32.0), None),
                    indicator("碳酸钠(Na2CO3)", "%", None, Some(0.5)),
                    indicator("氯化钠(NaCl)", "%", None, Some(0.007)),
                ],
            ),
            92_000,
        ),
        (
            p(
                "P-H2O2",
                "过氧化氢",
                "27.5%",
                "t",
                Some(("2014", "5.1")),
                vec![
                    indicator("过氧化氢(H2O2)", "%", Some(27.5), None),
                    indicator("游离酸(以H2SO4计)", "%", None, Some(0.040)),
                    indicator("稳定度", "%", Some(97.0), None),
                ],
            ),
            115_000,
        ),
        (
            p(
                "P-NACLO",
                "次氯酸钠溶液",
                "有效氯 10%",
                "t",
                Some(("1791", "8")),
                vec![
                    indicator("有效氯", "%", Some(10.0), None),
                    indicator("游离碱(以NaOH计)", "%", Some(0.1), Some(1.0)),
                ],
            ),
            58_000,
        ),
        (
            p(
                "P-PAC",
                "聚合氯化铝",
                "固体 30%",
                "t",
                None,
                vec![
                    indicator("氧化铝(Al2O3)", "%", Some(29.0), None),
                    indicator("盐基度", "%", Some(40.0), Some(90.0)),
                    indicator("pH(1%水溶液)", "", Some(3.5), Some(5.0)),
                ],
            ),
            185_000,
        ),
        (
            p(
                "P-CACL2",
                "氯化钙",
                "二水 74%",
                "t",
                None,
                vec![indicator("氯化钙(CaCl2)", "%", Some(74.0), None), indicator("水不溶物", "%", None, Some(0.15))],
            ),
            98_000,
        ),
        (
            p(
                "P-NA2SO4",
                "无水硫酸钠",
                "一等品",
                "t",
                None,
                vec![indicator("硫酸钠(Na2SO4)", "%", Some(98.0), None), indicator("水分", "%", None, Some(0.5))],
            ),
            62_000,
        ),
        (
            p(
                "P-PAM",
                "聚丙烯酰胺",
                "阴离子 1200 万",
                "kg",
                None,
                vec![
                    indicator("固含量", "%", Some(88.0), None),
                    indicator("分子量", "10^4", Some(1200.0), None),
                    indicator("溶解时间", "min", None, Some(60.0)),
                ],
            ),
            1_450,
        ),
    ]
}

async fn record(tx: &mut Tx, entity: &str, id: i64, after: Option<serde_json::Value>) -> Result<(), AppError> {
    audit::append(tx, Change { actor: ACTOR, action: "create", entity, entity_id: Some(id), before: None, after })
        .await?;
    Ok(())
}

/// Seeds the demo data if the database has no users yet. Returns whether it did.
pub async fn seed_demo(db: &Db) -> Result<bool, AppError> {
    let mut conn = db.read.acquire().await?;
    if users::count(&mut conn).await? > 0
        || customers::count(&mut conn).await? > 0
        || products::count(&mut conn).await? > 0
    {
        return Ok(false);
    }
    drop(conn);
    let now = now_ms();
    let demo_hash = hash_password_blocking("demo".to_string()).await?;
    let names: &[(&str, &str, &[Role])] = &[
        ("sales", "张销售 Zhang (Sales)", &[Role::Sales]),
        ("sales_manager", "李经理 Li (Sales Manager)", &[Role::SalesManager]),
        ("deputy_gm", "赵副总 Zhao (Deputy GM)", &[Role::DeputyGm]),
        ("lab", "孙化验 Sun (Lab)", &[Role::Lab]),
        ("quality", "周质量 Zhou (Quality)", &[Role::Quality]),
        ("warehouse", "吴仓管 Wu (Warehouse)", &[Role::Warehouse]),
        ("logistics", "郑物流 Zheng (Logistics)", &[Role::Logistics]),
        ("driver", "王师傅 Wang (Driver)", &[Role::Driver]),
        ("driver2", "刘师傅 Liu (Driver)", &[Role::Driver]),
        ("service", "陈售后 Chen (Service)", &[Role::Service]),
        ("executive", "钱总 Qian (Executive)", &[Role::Executive]),
        ("admin", "系统管理员 Admin", &[Role::Admin]),
        ("sales2", "何销售 He (Sales)", &[Role::Sales]),
    ];
    for (username, display, roles) in names {
        let mut tx = db.begin().await?;
        let id = users::insert(&mut tx, username, display, &demo_hash, true, now).await?;
        users::set_roles(&mut tx, id, roles).await?;
        let user = users::get(&mut tx, id).await?;
        record(&mut tx, "user", id, user.as_ref().and_then(snapshot)).await?;
        tx.commit().await?;
    }
    let day = today();
    for c in CUSTOMERS {
        let input = CustomerInput {
            code: c.0.into(),
            name: c.1.into(),
            address: c.2.into(),
            contact_name: c.3.into(),
            contact_phone: c.4.into(),
            credit_rating: c.5.into(),
            license_no: format!("91{:016}", c.0.trim_start_matches("C-").parse::<u64>().unwrap_or(0) * 7_919_101),
            hazardous_permit_no: c.6.map(|p| p.0.to_string()),
            hazardous_permit_scope: c.6.map(|_| "酸类、碱类、氧化剂".to_string()),
            hazardous_permit_valid_until: c
                .6
                .map(|p| (day + chrono::Duration::days(p.1)).format("%Y-%m-%d").to_string()),
            version: None,
        };
        let valid = input.validate()?;
        let mut tx = db.begin().await?;
        let id = customers::insert(&mut tx, &valid, "sales", now).await?;
        let created = customers::get(&mut tx, id).await?;
        record(&mut tx, "customer", id, created.as_ref().and_then(snapshot)).await?;
        tx.commit().await?;
    }
    // list prices since before the sales history began
    let year_start = format!("{}-01-01", chrono::Datelike::year(&day) - 4);
    for (input, price_fen) in demo_products() {
        let valid = input.validate()?;
        let mut tx = db.begin().await?;
        let id = products::insert(&mut tx, &valid, now).await?;
        let created = products::get(&mut tx, id).await?;
        record(&mut tx, "product", id, created.as_ref().and_then(snapshot)).await?;
        tx.commit().await?;
        let price =
            PriceInput { product_id: id, unit_price_fen: price_fen, valid_from: year_start.clone(), valid_to: None }
                .validate()?;
        let mut tx = db.begin().await?;
        let pid = prices::insert(&mut tx, &price, "admin", now).await?;
        let created = prices::get(&mut tx, pid).await?;
        record(&mut tx, "price", pid, created.as_ref().and_then(snapshot)).await?;
        tx.commit().await?;
    }
    Ok(true)
}

/// Demo orders, made through the services as the demo users (so they are audited like any
/// other): approved, submitted, one with a price exception, one with a pending amendment,
/// a draft. Seeds only when no order exists.
pub async fn seed_demo_orders(state: &super::AppState) -> Result<(), AppError> {
    use super::{amendments, orders, SessionUser};
    use crate::domain::order::{AmendmentInput, LineInput, OrderInput};
    let mut conn = state.db.read.acquire().await?;
    let existing = super::store::orders::list(&mut conn, &Default::default(), None, 1).await?;
    drop(conn);
    if !existing.is_empty() {
        return Ok(());
    }
    let as_user = |name: &str, role: Role| SessionUser {
        user_id: 0,
        me: crate::domain::user::Me { username: name.into(), display_name: name.into(), roles: vec![role] },
    };
    let sales = as_user("sales", Role::Sales);
    let gm = as_user("deputy_gm", Role::DeputyGm);
    let day = |n: i64| (today() + chrono::Duration::days(n)).format("%Y-%m-%d").to_string();
    let order = |customer: i64, product: i64, qty: f64, price: Option<i64>, due: i64| OrderInput {
        customer_id: customer,
        requested_delivery_date: day(due),
        contract_ref: Some(format!("HT-{}-{customer:03}{product:02}", chrono::Datelike::year(&today()))),
        lines: vec![LineInput { product_id: product, quantity: qty, unit_price_fen: price }],
        version: None,
    };
    let mut conn = state.db.read.acquire().await?;
    let all = products::list(&mut conn, "", None, 100).await?;
    drop(conn);
    let product = |code: &str| all.iter().find(|p| p.code == code).map(|p| p.id).ok_or(AppError::Internal);
    let (pac, naoh, cacl2, h2o2) = (product("P-PAC")?, product("P-NAOH32")?, product("P-CACL2")?, product("P-H2O2")?);
    use orders::Step;
    let due_soon = orders::create(state, &sales, &order(1, pac, 20.0, None, 1)).await?;
    orders::step(state, &sales, due_soon.id, Step::Submit, None, None).await?;
    orders::step(state, &gm, due_soon.id, Step::Approve, None, None).await?;
    let discounted = orders::create(state, &sales, &order(2, naoh, 30.0, Some(88_000), 6)).await?;
    orders::step(state, &sales, discounted.id, Step::Submit, None, None).await?;
    let waiting = orders::create(state, &sales, &order(5, cacl2, 15.0, None, 9)).await?;
    orders::step(state, &sales, waiting.id, Step::Submit, None, None).await?;
    orders::create(state, &sales, &order(6, h2o2, 10.0, None, 12)).await?;
    let amended = orders::create(state, &sales, &order(8, pac, 8.0, None, 14)).await?;
    orders::step(state, &sales, amended.id, Step::Submit, None, None).await?;
    orders::step(state, &gm, amended.id, Step::Approve, None, None).await?;
    let more = AmendmentInput {
        lines: Some(vec![LineInput { product_id: pac, quantity: 12.0, unit_price_fen: None }]),
        requested_delivery_date: None,
        reason: "客户追加 4 吨".into(),
    };
    amendments::request(state, &sales, amended.id, &more).await?;
    let stock = seed_demo_batches(state, &all, due_soon.id).await?;
    super::readiness::check(state, today(), "seed").await?;
    super::seed_surveys::seed_demo_surveys(state).await?;
    super::seed_service::seed_demo_inquiries(state).await?;
    super::seed_service::seed_demo_complaints(state).await?;
    super::seed_service::seed_demo_tickets(state).await?;
    super::seed_service::seed_demo_liaison(state).await?;
    super::seed_documents::seed_demo_documents(state).await?;
    // after today's records: their seeds run only while their registers are empty
    super::seed_sales::seed_demo_sales(state, &all, &stock).await?;
    super::seed_history::seed_demo_history(state).await?;
    Ok(())
}

/// A final inspection in which every indicator sits inside its limits.
pub(super) fn passing_inspection(p: &crate::domain::product::Product) -> crate::domain::batch::InspectionInput {
    use crate::domain::batch::{InspectionInput, ResultInput};
    InspectionInput {
        results: p
            .indicators
            .iter()
            .map(|i| ResultInput {
                indicator: i.name.clone(),
                value: match (i.min, i.max) {
                    (Some(a), Some(b)) => (a + b) / 2.0,
                    (Some(a), None) => (a * 1.02 * 1000.0).round() / 1000.0 + 0.1,
                    (None, Some(b)) => b / 2.0,
                    (None, None) => 1.0,
                },
            })
            .collect(),
        is_final: true,
    }
}

/// Demo batches: one inspected and in stock per product, one polyaluminium chloride batch
/// still in inspection and one caustic soda batch just produced; and a delivery note for the
/// order due tomorrow, waiting for the sales manager. Returns each product's stocked batch.
async fn seed_demo_batches(
    state: &super::AppState,
    products: &[crate::domain::product::Product],
    due_soon: i64,
) -> Result<std::collections::BTreeMap<i64, i64>, AppError> {
    use super::{batches, delivery_notes, SessionUser};
    use crate::domain::batch::BatchInput;
    use crate::domain::delivery::{NoteInput, NoteLineInput};
    let as_user = |name: &str, role: Role| SessionUser {
        user_id: 0,
        me: crate::domain::user::Me { username: name.into(), display_name: name.into(), roles: vec![role] },
    };
    let (lab, warehouse, sales) =
        (as_user("lab", Role::Lab), as_user("warehouse", Role::Warehouse), as_user("sales", Role::Sales));
    let stamp = today().format("%y%m%d").to_string();
    let produced = (today() - chrono::Duration::days(2)).format("%Y-%m-%d").to_string();
    let passing = passing_inspection;
    let mut stock = std::collections::BTreeMap::new();
    let mut pac_stock = None;
    for p in products {
        let code = p.code.trim_start_matches("P-");
        let input = BatchInput {
            product_id: p.id,
            batch_no: format!("{code}-{stamp}-01"),
            quantity: 60.0,
            produced_on: produced.clone(),
        };
        let b = batches::create(state, &lab, &input).await?;
        batches::inspect(state, &lab, b.summary.id, &passing(p)).await?;
        batches::stock_in(state, &warehouse, b.summary.id, None, None).await?;
        stock.insert(p.id, b.summary.id);
        if p.code == "P-PAC" {
            pac_stock = Some(b.summary.id);
            let open = BatchInput {
                product_id: p.id,
                batch_no: format!("{code}-{stamp}-02"),
                quantity: 40.0,
                produced_on: produced.clone(),
            };
            let b2 = batches::create(state, &lab, &open).await?;
            let mut interim = passing(p);
            interim.results.truncate(1);
            interim.is_final = false;
            batches::inspect(state, &lab, b2.summary.id, &interim).await?;
        }
        if p.code == "P-NAOH32" {
            let new = BatchInput {
                product_id: p.id,
                batch_no: format!("{code}-{stamp}-02"),
                quantity: 50.0,
                produced_on: produced.clone(),
            };
            batches::create(state, &lab, &new).await?;
        }
    }
    let order =
        super::store::orders::get(&mut *state.db.read.acquire().await?, due_soon).await?.ok_or(AppError::Internal)?;
    let note = NoteInput {
        order_id: due_soon,
        delivery_date: order.requested_delivery_date.clone(),
        lines: vec![NoteLineInput {
            order_line_id: order.lines[0].id,
            batch_id: pac_stock,
            quantity: order.lines[0].quantity,
        }],
        version: None,
    };
    delivery_notes::create(state, &sales, &note).await?;
    Ok(stock)
}
