//! Every write path audits (issue 31, item 8), on SQLite and PostgreSQL: a walk through every
//! mutating route of `/api/v1` (POST, PUT, DELETE, as the OpenAPI document lists them) with a
//! valid request as the right role, checking after each 2xx answer that the audit head moved.
//! A route that answers 2xx without an audit entry fails the test by name; so does a route
//! the walk does not reach. Only signing in and out are exempt: sessions are not records
//! (they are logged as security events and swept by housekeeping).

#[macro_use]
mod support;

use serde_json::{json, Value};
use sqlx::Row;
use std::collections::BTreeSet;
use support::flow::*;
use support::TestApp;

const EXEMPT: [(&str, &str); 2] = [("POST", "/session"), ("DELETE", "/session")];

struct Walk<'a> {
    app: &'a TestApp,
    anonymous: TestApp,
    role: String,
    walked: BTreeSet<(String, String)>,
    silent: Vec<String>,
}

impl<'a> Walk<'a> {
    async fn new(app: &'a TestApp) -> Walk<'a> {
        Walk {
            app,
            anonymous: TestApp::client_for(app).await,
            role: String::new(),
            walked: Default::default(),
            silent: Vec::new(),
        }
    }

    async fn head(&self) -> i64 {
        sqlx::query("SELECT seq FROM audit_head").fetch_one(self.app.pool()).await.unwrap().get::<i64, _>("seq")
    }

    /// `method template` (the OpenAPI path; `path` fills it in) as `role` ("" for no
    /// account): must answer 2xx; the audit head must move.
    async fn call(&mut self, role: &str, method: &str, template: &str, path: &str, body: Value) -> Value {
        let client = if role.is_empty() {
            &self.anonymous
        } else {
            if self.role != role {
                self.app.sign_in(role).await;
                self.role = role.to_string();
            }
            self.app
        };
        let before = self.head().await;
        let url = client.url(&format!("/api/v1{path}"));
        let req = match method {
            "POST" => client.client.post(url),
            "PUT" => client.client.put(url),
            "DELETE" => client.client.delete(url),
            m => panic!("not a write: {m}"),
        };
        let res = req.json(&body).send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        assert!(status.is_success(), "{method} {path} as {role:?}: {status} {text}");
        if self.head().await <= before {
            self.silent.push(format!("{method} {template} answered {status} without an audit entry"));
        }
        self.walked.insert((method.to_string(), template.to_string()));
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    async fn post(&mut self, role: &str, template: &str, path: &str, body: Value) -> Value {
        self.call(role, "POST", template, path, body).await
    }

    async fn put(&mut self, role: &str, template: &str, path: &str, body: Value) -> Value {
        self.call(role, "PUT", template, path, body).await
    }

    /// The same template with its own path.
    async fn post_at(&mut self, role: &str, template: &str, body: Value, ids: &[(&str, String)]) -> Value {
        let mut path = template.to_string();
        for (k, v) in ids {
            path = path.replace(&format!("{{{k}}}"), v);
        }
        self.post(role, template, &path, body).await
    }
}

fn id(v: &Value) -> String {
    v["id"].as_i64().unwrap_or_else(|| panic!("no id in {v}")).to_string()
}

fn customer(code: &str) -> Value {
    json!({"code": code, "name": format!("巡检客户 {code}"), "address": "上海市 1 号", "contact_name": "王经理",
        "contact_phone": "021-5555 0000", "credit_rating": "A", "license_no": "91310000MA1K00000X"})
}

fn order(price: Option<i64>) -> Value {
    let mut line = json!({"product_id": 5, "quantity": 12.5});
    if let Some(p) = price {
        line["unit_price_fen"] = json!(p);
    }
    json!({"customer_id": 1, "requested_delivery_date": in_days(10), "contract_ref": "HT-WALK", "lines": [line]})
}

async fn master_data(w: &mut Walk<'_>) {
    let c = w.post("admin", "/customers", "/customers", customer("WALK1")).await;
    let cid = id(&c);
    let mut edit = customer("WALK1");
    edit["name"] = json!("巡检客户 改名");
    edit["version"] = c["version"].clone();
    let c = w.put("admin", "/customers/{id}", &format!("/customers/{cid}"), edit).await;
    let c = w
        .post_at(
            "admin",
            "/customers/{id}/deactivate",
            json!({"reason": "停业", "version": c["version"]}),
            &[("id", cid.clone())],
        )
        .await;
    w.post_at(
        "admin",
        "/customers/{id}/reactivate",
        json!({"reason": "复业", "version": c["version"]}),
        &[("id", cid)],
    )
    .await;

    let body = json!({"code": "P-WALK", "name": "巡检产品", "unit": "t", "hazardous": false, "indicators": []});
    let p = w.post("admin", "/products", "/products", body.clone()).await;
    let pid = id(&p);
    let mut edit = body;
    edit["name"] = json!("巡检产品 改名");
    edit["version"] = p["version"].clone();
    let p = w.put("admin", "/products/{id}", &format!("/products/{pid}"), edit).await;
    let p = w
        .post_at(
            "admin",
            "/products/{id}/deactivate",
            json!({"reason": "停产", "version": p["version"]}),
            &[("id", pid.clone())],
        )
        .await;
    w.post_at(
        "admin",
        "/products/{id}/reactivate",
        json!({"reason": "复产", "version": p["version"]}),
        &[("id", pid.clone())],
    )
    .await;
    let price =
        json!({"product_id": pid.parse::<i64>().unwrap(), "unit_price_fen": 100000, "valid_from": "2026-01-01"});
    w.post("admin", "/prices", "/prices", price).await;

    let version = w.app.get("/api/v1/calendar").await.json::<Value>().await.unwrap()["version"].clone();
    let day = json!([["00:00", "23:59"]]);
    let calendar = json!({"timezone": "Asia/Shanghai", "version": version,
        "hours": {"mon": day, "tue": day, "wed": day, "thu": day, "fri": day, "sat": day, "sun": day}});
    w.put("admin", "/calendar", "/calendar", calendar).await;
    let u = w
        .post(
            "admin",
            "/users",
            "/users",
            json!({"username": "walker", "display_name": "Walker", "roles": ["sales"], "password": "long enough"}),
        )
        .await;
    let body = json!({"username": "walker", "display_name": "Walker Two", "roles": ["sales"], "active": true, "version": u["version"]});
    w.put("admin", "/users/{id}", &format!("/users/{}", id(&u)), body).await;
    w.put("admin", "/departments/{department}", "/departments/rd", json!({"members": ["lab"]})).await;
    let mut limits: Value = w.app.get("/api/v1/ticket-limits").await.json().await.unwrap();
    limits["high"]["response_minutes"] = json!(240);
    w.put("admin", "/ticket-limits", "/ticket-limits", limits).await;
    let year = chrono::Utc::now().format("%Y").to_string().parse::<i64>().unwrap();
    let target = json!({"sales_rep": "sales", "year": year, "half": 1, "amount_fen": 100_000_000});
    w.put("sales_manager", "/sales-targets", "/sales-targets", target).await;
    let targets = json!({"quality": 4.5, "delivery": 4.5, "service": 4.5, "price": 4.5});
    w.put("sales_manager", "/satisfaction-targets", "/satisfaction-targets", targets).await;
}

async fn orders(w: &mut Walk<'_>) {
    let o = w.post("sales", "/orders", "/orders", order(None)).await;
    let oid = id(&o);
    let mut edit = order(None);
    edit["version"] = o["version"].clone();
    edit["lines"][0]["quantity"] = json!(30);
    w.put("sales", "/orders/{id}", &format!("/orders/{oid}"), edit).await;
    let at = |s: &str| vec![("id", s.to_string())];
    w.post_at("sales", "/orders/{id}/submit", json!({}), &at(&oid)).await;
    w.post_at("sales", "/orders/{id}/withdraw", json!({}), &at(&oid)).await;
    w.post_at("sales", "/orders/{id}/submit", json!({}), &at(&oid)).await;
    w.post_at("deputy_gm", "/orders/{id}/reject", json!({"reason": "资料不全"}), &at(&oid)).await;
    w.post_at("sales", "/orders/{id}/revise", json!({}), &at(&oid)).await;
    w.post_at(
        "sales",
        "/orders/{id}/delivery-date-changes",
        json!({"new_date": in_days(20), "reason": "客户仓库检修",
        "agreed_by": "王建国", "agreed_at": "2026-11-20T10:00:00+08:00"}),
        &at(&oid),
    )
    .await;
    w.post_at("sales", "/orders/{id}/cancel", json!({"reason": "客户取消"}), &at(&oid)).await;

    // A price exception approved, the order approved, amended twice.
    let o = w.post("sales", "/orders", "/orders", order(Some(170000))).await;
    let oid = id(&o);
    let exception = o["price_exceptions"][0]["id"].as_i64().unwrap().to_string();
    w.post_at("sales_manager", "/price-exceptions/{id}/approve", json!({}), &at(&exception)).await;
    w.post_at("sales", "/orders/{id}/submit", json!({}), &at(&oid)).await;
    w.post_at("deputy_gm", "/orders/{id}/approve", json!({}), &at(&oid)).await;
    let a = w
        .post_at(
            "sales",
            "/orders/{id}/amendments",
            json!({"reason": "改期", "requested_delivery_date": in_days(14)}),
            &at(&oid),
        )
        .await;
    w.post_at("sales_manager", "/amendments/{id}/reject", json!({"reason": "不同意"}), &at(&id(&a))).await;
    let a = w
        .post_at(
            "sales",
            "/orders/{id}/amendments",
            json!({"reason": "改期", "requested_delivery_date": in_days(15)}),
            &at(&oid),
        )
        .await;
    w.post_at("sales_manager", "/amendments/{id}/approve", json!({}), &at(&id(&a))).await;

    // A price exception refused.
    let o = w.post("sales", "/orders", "/orders", order(Some(100000))).await;
    let exception = o["price_exceptions"][0]["id"].as_i64().unwrap().to_string();
    w.post_at("sales", "/orders/{id}/submit", json!({}), &at(&id(&o))).await;
    w.post_at("sales_manager", "/price-exceptions/{id}/reject", json!({"reason": "低于成本"}), &at(&exception)).await;
    w.post("sales", "/readiness/check", "/readiness/check", json!({})).await;
}

async fn batch(w: &mut Walk<'_>, no: &str, results: Value) -> String {
    let body = json!({"product_id": 5, "batch_no": no, "quantity": 40.0, "produced_on": in_days(-1)});
    let b = w.post("lab", "/batches", "/batches", body).await;
    let bid = id(&b);
    w.post_at("lab", "/batches/{id}/inspections", results, &[("id", bid.clone())]).await;
    bid
}

/// The gate and the way of a note; returns (the stocked batch, the delivered note).
async fn gate_and_delivery(w: &mut Walk<'_>) -> (String, String) {
    let good = batch(w, "WALK-OK", pac_results(true, true)).await;
    w.post_at("warehouse", "/batches/{id}/stock-in", json!({}), &[("id", good.clone())]).await;
    let failed = batch(w, "WALK-ACC", pac_results(false, true)).await;
    w.post_at("quality", "/batches/{id}/accept", json!({"reason": "客户同意让步接收"}), &[("id", failed)]).await;
    let failed = batch(w, "WALK-NC", pac_results(false, true)).await;
    let nc = json!({"classification": "major", "disposition": "rework", "responsible": "张三 (production)"});
    let record = w.post_at("quality", "/batches/{id}/nonconformity", nc, &[("id", failed)]).await;
    w.post_at("quality", "/nonconformities/{id}/close", json!({"result": "已返工"}), &[("id", id(&record))]).await;

    // Emergency releases: one approved, one rejected.
    let interim = batch(w, "WALK-ER", pac_results(true, false)).await;
    for (n, decision) in [(1, "approve"), (2, "reject")] {
        let (order, line) = approved_order(w.app, n, 5, 4.0).await;
        let note: Value = note(w.app, order, line, None, 4.0).await.json().await.unwrap();
        w.role.clear();
        let er = w
            .post(
                "sales",
                "/emergency-releases",
                "/emergency-releases",
                release_body(note["id"].as_i64().unwrap(), interim.parse().unwrap()),
            )
            .await;
        let template = format!("/emergency-releases/{{id}}/{decision}");
        let body = if decision == "reject" { json!({"reason": "风险过高"}) } else { json!({}) };
        w.post_at("deputy_gm", &template, body, &[("id", id(&er))]).await;
    }

    // A note edited, approved, assigned, loaded and received; another cancelled.
    let (order, line) = approved_order(w.app, 1, 5, 10.0).await;
    w.role.clear();
    let body = |q: f64| json!({"order_id": order, "delivery_date": in_days(3), "lines": [{"order_line_id": line, "batch_id": good.parse::<i64>().unwrap(), "quantity": q}]});
    let n = w.post("sales", "/delivery-notes", "/delivery-notes", body(9.0)).await;
    let nid = id(&n);
    let mut edit = body(10.0);
    edit["version"] = n["version"].clone();
    w.put("sales", "/delivery-notes/{id}", &format!("/delivery-notes/{nid}"), edit).await;
    let at = vec![("id", nid.clone())];
    w.post_at("sales_manager", "/delivery-notes/{id}/approve", json!({}), &at).await;
    w.post_at(
        "logistics",
        "/delivery-notes/{id}/assign",
        json!({"driver_username": "driver", "vehicle": "浙A·12345"}),
        &at,
    )
    .await;
    let load = json!({"packaging_ok": true, "labels_ok": true, "warehouse_signature": PNG, "driver_signature": PNG});
    let n = w.post_at("warehouse", "/delivery-notes/{id}/load", load, &at).await;
    w.post_at("driver", "/delivery-notes/{id}/receipt", receipt(&n, 10.0), &at).await;
    let (order, line) = approved_order(w.app, 2, 5, 2.0).await;
    w.role.clear();
    let other = w
        .post("sales", "/delivery-notes", "/delivery-notes", json!({"order_id": order, "delivery_date": in_days(3), "lines": [{"order_line_id": line, "batch_id": good.parse::<i64>().unwrap(), "quantity": 2.0}]}))
        .await;
    w.post_at("sales", "/delivery-notes/{id}/cancel", json!({"reason": "客户取消"}), &[("id", id(&other))]).await;
    (good, nid)
}

async fn after_sales(w: &mut Walk<'_>, batch: &str, note: &str) {
    let i = w
        .post(
            "sales",
            "/inquiries",
            "/inquiries",
            json!({"customer_id": 1, "channel": "phone", "question": "保质期多久?"}),
        )
        .await;
    w.post_at(
        "sales",
        "/inquiries/{id}/answer",
        json!({"version": i["version"], "answer": "十二个月"}),
        &[("id", id(&i))],
    )
    .await;

    // A complaint worked to closure.
    let (b, n) = (batch.parse::<i64>().unwrap(), note.parse::<i64>().unwrap());
    let c = w
        .post(
            "sales",
            "/complaints",
            "/complaints",
            json!({"customer_id": 1, "product_id": 5, "batch_id": b, "delivery_note_id": n,
            "severity": "critical", "category": "quality", "channel": "phone", "description": "絮凝效果差"}),
        )
        .await;
    let at = vec![("id", id(&c))];
    w.post_at("quality", "/complaints/{id}/containment", json!({"text": "封存库存"}), &at).await;
    w.post_at("quality", "/complaints/{id}/root-cause", json!({"text": "盐基度偏低"}), &at).await;
    let action = json!({"text": "每两小时检测", "owner": "quality", "due_on": in_days(0), "verify_on": in_days(0)});
    w.post_at("quality", "/complaints/{id}/action", action, &at).await;
    w.post_at("service", "/complaints/{id}/verify", json!({"evidence": "四周记录合格", "effective": true}), &at).await;
    w.post_at("service", "/complaints/{id}/close", json!({}), &at).await;
    // Another: nonconforming product and a recall, and a return from the customer.
    let c = w
        .post(
            "sales",
            "/complaints",
            "/complaints",
            json!({"customer_id": 1, "product_id": 5, "batch_id": b,
            "severity": "major", "category": "quality", "description": "浊度超标"}),
        )
        .await;
    let at = vec![("id", id(&c))];
    let nc = json!({"classification": "major", "disposition": "rework", "responsible": "Production"});
    w.post_at("quality", "/complaints/{id}/nonconformity", nc, &at).await;
    let c = w.post_at("quality", "/complaints/{id}/recall", json!({"reason": "浊度超标"}), &at).await;
    let recall = c["recall_id"].as_i64().unwrap().to_string();
    w.post_at("quality", "/recalls/{id}/returns", json!({"customer_id": 1, "quantity": 1.0}), &[("id", recall)]).await;

    // A liaison form through its department.
    let mut f = w
        .post(
            "sales",
            "/liaison-forms",
            "/liaison-forms",
            json!({"customer_id": 1, "kind": "suggestion", "description": "桶盖也印批号"}),
        )
        .await;
    let due = in_days(14);
    for (role, step, body) in [
        ("sales", "route", json!({"department": "quality"})),
        ("quality", "acknowledge", json!({})),
        ("quality", "analysis", json!({"text": "灌装前贴标"})),
        ("quality", "measure", json!({"text": "灌装后贴标", "owner": "sales", "due_on": due})),
        ("service", "verify", json!({"text": "抽查十桶", "effective": true})),
        ("service", "close", json!({"result": "已告知客户"})),
    ] {
        let mut body = body;
        body["version"] = f["version"].clone();
        f = w.post_at(role, "/liaison-forms/{id}/{step}", body, &[("id", id(&f)), ("step", step.into())]).await;
    }

    // Service tickets: the customer confirms one by link, staff record the other.
    let ticket = json!({"customer_id": 1, "kind": "repair", "urgency": "normal", "description": "计量泵漏液"});
    let t = w.post("service", "/service-tickets", "/service-tickets", ticket.clone()).await;
    let mut t = t;
    for (step, body) in [
        ("respond", json!({"response": "明天上门"})),
        ("wait", json!({"reason": "等客户照片"})),
        ("resume", json!({})),
        ("resolve", json!({"result": "更换法兰垫片", "fee_fen": 0})),
    ] {
        let mut body = body;
        body["version"] = t["version"].clone();
        t = w.post_at("service", "/service-tickets/{id}/{step}", body, &[("id", id(&t)), ("step", step.into())]).await;
    }
    let token = t["confirmation_link"].as_str().unwrap().trim_start_matches("/confirm/").to_string();
    w.post_at("", "/confirmations/{token}", json!({"satisfied": true}), &[("token", token)]).await;
    let t = w.post("service", "/service-tickets", "/service-tickets", ticket).await;
    let t = w
        .post_at(
            "service",
            "/service-tickets/{id}/{step}",
            json!({"version": t["version"], "result": "已处理"}),
            &[("id", id(&t)), ("step", "resolve".into())],
        )
        .await;
    let body = json!({"version": t["version"], "channel": "phone", "note": "电话确认"});
    w.post_at("service", "/service-tickets/{id}/{step}", body, &[("id", id(&t)), ("step", "confirm".into())]).await;
}

async fn documents_and_surveys(w: &mut Walk<'_>) {
    use base64::Engine;
    let d = w
        .post(
            "quality",
            "/products/{id}/documents",
            "/products/5/documents",
            json!({"kind": "sds", "title": "SDS 巡检"}),
        )
        .await;
    let pdf = base64::engine::general_purpose::STANDARD.encode(b"%PDF-1.4\nwalk\n%%EOF\n");
    let body = json!({"revision": "1.0", "issued_on": in_days(0), "changes": "首次发布", "file_name": "SDS.pdf", "content_base64": pdf});
    let d = w.post_at("quality", "/documents/{id}/revisions", body, &[("id", id(&d))]).await;
    let distribution = d["distribution_id"].as_i64().expect("customer 1 was supplied: a distribution").to_string();
    let revision = d["current"]["id"].as_i64().unwrap();
    let at = vec![("id", distribution.clone()), ("customer_id", "1".to_string()), ("step", "sent".to_string())];
    w.post_at("service", "/sds-distributions/{id}/recipients/{customer_id}/{step}", json!({"channel": "email"}), &at)
        .await;
    let got: Value = w.app.get(&format!("/api/v1/sds-distributions/{distribution}")).await.json().await.unwrap();
    let link = got["recipients"][0]["link"].as_str().unwrap_or_else(|| panic!("a link: {got}"));
    let token = link.trim_start_matches("/sds/").to_string();
    w.post_at("", "/sds-acknowledgements/{token}", json!({}), &[("token", token)]).await;
    let training = json!({"customer_id": 1, "held_on": in_days(-2), "topic": "安全操作", "trainer": "王工",
        "attendees": ["李明"], "product_id": 5, "materials": [revision]});
    w.post("service", "/trainings", "/trainings", training).await;

    use chrono::Datelike;
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let quarter = json!({"year": today.year(), "quarter": (today.month() - 1) / 3 + 1});
    let r = w.post("service", "/feedback-reports", "/feedback-reports", quarter).await;
    // A member of one of its departments (rd's member is the lab, set above).
    let departments: Vec<&str> =
        r["departments"].as_array().unwrap().iter().filter_map(|d| d["department"].as_str()).collect();
    let role = departments
        .iter()
        .find_map(|d| match *d {
            "management" => Some("deputy_gm"),
            "rd" => Some("lab"),
            "sales" | "quality" | "lab" | "logistics" | "warehouse" | "service" => Some(*d),
            _ => None,
        })
        .unwrap_or_else(|| panic!("departments: {r}"));
    w.post_at(role, "/feedback-reports/{id}/acknowledge", json!({}), &[("id", id(&r))]).await;

    let p = w.post("sales_manager", "/survey-periods", "/survey-periods", json!({"year": 2025, "half": 2})).await;
    let token = p["links"][0]["token"].as_str().unwrap_or_else(|| panic!("links: {p}")).to_string();
    let scores = json!({"quality": 2, "delivery": 2, "service": 2, "price": 2, "comment": "差"});
    w.post_at("", "/surveys/{token}", scores, &[("token", token)]).await;
    let closed = w.post_at("sales_manager", "/survey-periods/{id}/close", json!({}), &[("id", id(&p))]).await;
    let action = id(&closed["corrective_actions"][0]);
    let body = json!({"cause_analysis": "司机短缺"});
    w.put("sales_manager", "/corrective-actions/{id}", &format!("/corrective-actions/{action}"), body).await;
}

both!(every_mutating_route_writes_an_audit_entry, |app: TestApp| async move {
    let mut w = Walk::new(&app).await;
    master_data(&mut w).await;
    orders(&mut w).await;
    let (batch, note) = gate_and_delivery(&mut w).await;
    after_sales(&mut w, &batch, &note).await;
    documents_and_surveys(&mut w).await;

    assert!(w.silent.is_empty(), "writes without an audit entry:\n{}", w.silent.join("\n"));
    // Every write the API documents was walked.
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let mut missing = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in ["post", "put", "delete"] {
            let m = method.to_uppercase();
            if item.get(method).is_some()
                && !EXEMPT.contains(&(m.as_str(), path.as_str()))
                && !w.walked.contains(&(m.clone(), path.clone()))
            {
                missing.push(format!("{m} {path}"));
            }
        }
    }
    assert!(missing.is_empty(), "mutating routes not walked:\n{}", missing.join("\n"));
    assert!(w.walked.len() >= 70, "{} routes walked", w.walked.len());
    let (ok, text) = app.audit_verify();
    assert!(ok, "{text}");
});
