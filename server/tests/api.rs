//! API and storage tests: the real router on a random port against a fresh database —
//! SQLite in a temporary folder, and PostgreSQL (a database with a random name) when
//! `TEST_POSTGRES_URL` is set. Every case runs on both.

#[macro_use]
mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::TestApp;

fn customer(code: &str) -> Value {
    json!({
        "code": code, "name": "测试化工有限公司", "address": "上海市浦东新区 1 号", "contact_name": "王经理",
        "contact_phone": "021-5555 0000", "credit_rating": "A", "license_no": "91310000MA1K00000X"
    })
}

both!(health_and_readiness, |app: TestApp| async move {
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);
});

both!(signing_in_returns_the_user_and_an_http_only_cookie, |app: TestApp| async move {
    let res = app.post("/api/v1/session", &json!({"username": "sales", "password": "demo"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite"), "{cookie}");
    let me: Value = res.json().await.unwrap();
    assert_eq!(me["username"], "sales");
    assert_eq!(me["roles"], json!(["sales"]));
    let me: Value = app.get("/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["username"], "sales");
    assert_eq!(app.delete("/api/v1/session").await.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.get("/api/v1/me").await.status(), StatusCode::UNAUTHORIZED);
});

both!(wrong_passwords_get_401_then_429, |app: TestApp| async move {
    for _ in 0..5 {
        let res = app.post("/api/v1/session", &json!({"username": "admin", "password": "nope"})).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = app.post("/api/v1/session", &json!({"username": "admin", "password": "demo"})).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "rate_limited");
    // another user is not locked out by it
    app.sign_in("sales").await;
});

both!(anonymous_callers_get_401_everywhere, |app: TestApp| async move {
    for path in ["/api/v1/me", "/api/v1/customers", "/api/v1/products", "/api/v1/prices", "/api/v1/users"] {
        let res = app.get(path).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "unauthenticated");
    }
});

both!(a_foreign_origin_is_refused_but_scripts_and_same_origin_pass, |app: TestApp| async move {
    app.sign_in("sales").await;
    let res = app
        .client
        .post(app.url("/api/v1/customers"))
        .header("Origin", "https://evil.example")
        .json(&customer("X-1"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let same = format!("http://{}", app.addr);
    let res = app
        .client
        .post(app.url("/api/v1/customers"))
        .header("Origin", same)
        .json(&customer("X-2"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(app.post("/api/v1/customers", &customer("X-3")).await.status(), StatusCode::CREATED);
});

both!(roles_decide_who_writes_master_data, |app: TestApp| async move {
    // (role, may create customers, may create products, may read master data)
    let rules = [
        ("sales", true, false, true),
        ("admin", true, true, true),
        ("lab", false, false, true),
        ("executive", false, false, true),
        ("driver", false, false, false),
    ];
    for (n, (role, customers, products, read)) in rules.into_iter().enumerate() {
        app.sign_in(role).await;
        let c = app.post("/api/v1/customers", &customer(&format!("R-{n}"))).await.status();
        assert_eq!(c == StatusCode::CREATED, customers, "{role} customers: {c}");
        if !customers {
            assert_eq!(c, StatusCode::FORBIDDEN);
        }
        let p = app
            .post(
                "/api/v1/products",
                &json!({"code": format!("P-{n}"), "name": "x", "unit": "t", "hazardous": false, "indicators": []}),
            )
            .await
            .status();
        assert_eq!(p == StatusCode::CREATED, products, "{role} products: {p}");
        let r = app.get("/api/v1/customers").await.status();
        assert_eq!(r == StatusCode::OK, read, "{role} read: {r}");
        let u = app.get("/api/v1/users").await.status();
        assert_eq!(u == StatusCode::OK, role == "admin", "{role} users: {u}");
    }
});

both!(customers_are_created_listed_searched_and_paged, |app: TestApp| async move {
    app.sign_in("sales").await;
    let created: Value = app.post("/api/v1/customers", &customer("new-1")).await.json().await.unwrap();
    assert_eq!(created["code"], "NEW-1");
    assert_eq!(created["version"], 1);
    assert_eq!(created["qualification_checked_by"], "sales");
    let id = created["id"].as_i64().unwrap();
    let one: Value = app.get(&format!("/api/v1/customers/{id}")).await.json().await.unwrap();
    assert_eq!(one["name"], "测试化工有限公司");
    let found: Value = app.get("/api/v1/customers?q=new-").await.json().await.unwrap();
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    // paging: 11 customers, pages of 4
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/customers?limit=4&cursor={c}"),
            None => "/api/v1/customers?limit=4".to_string(),
        };
        let page: Value = app.get(&path).await.json().await.unwrap();
        for item in page["items"].as_array().unwrap() {
            seen.push(item["code"].as_str().unwrap().to_string());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 11);
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, seen);
    assert_eq!(app.get("/api/v1/customers?limit=501").await.status(), StatusCode::UNPROCESSABLE_ENTITY);
});

both!(a_stale_edit_is_refused_not_overwritten, |app: TestApp| async move {
    app.sign_in("sales").await;
    let c: Value = app.post("/api/v1/customers", &customer("V-1")).await.json().await.unwrap();
    let id = c["id"].as_i64().unwrap();
    let mut first = customer("V-1");
    first["name"] = json!("First editor");
    first["version"] = json!(1);
    let res = app.put(&format!("/api/v1/customers/{id}"), &first).await;
    assert_eq!(res.status(), StatusCode::OK);
    let saved: Value = res.json().await.unwrap();
    assert_eq!(saved["version"], 2);
    let mut second = customer("V-1");
    second["name"] = json!("Second editor");
    second["version"] = json!(1);
    let res = app.put(&format!("/api/v1/customers/{id}"), &second).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let now: Value = app.get(&format!("/api/v1/customers/{id}")).await.json().await.unwrap();
    assert_eq!(now["name"], "First editor");
    let mut no_version = customer("V-1");
    no_version["name"] = json!("x");
    let res = app.put(&format!("/api/v1/customers/{id}"), &no_version).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
});

both!(bad_input_gets_the_error_shape_with_the_field, |app: TestApp| async move {
    app.sign_in("sales").await;
    let raw = |body: &'static str| {
        app.client.post(app.url("/api/v1/customers")).header("content-type", "application/json").body(body).send()
    };
    let res = raw("{\"code\": ").await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "bad_request");

    let mut missing = customer("B-1");
    missing.as_object_mut().unwrap().remove("name");
    let res = app.post("/api/v1/customers", &missing).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["field"], "name");

    let mut wrong_type = customer("B-1");
    wrong_type["name"] = json!(42);
    let res = app.post("/api/v1/customers", &wrong_type).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["field"], "name");

    let mut bad_date = customer("B-1");
    bad_date["hazardous_permit_no"] = json!("P-1");
    bad_date["hazardous_permit_valid_until"] = json!("2026-02-30");
    let res = app.post("/api/v1/customers", &bad_date).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["field"], "hazardous_permit_valid_until");

    let mut empty = customer("B-1");
    empty["contact_phone"] = json!("   ");
    let res = app.post("/api/v1/customers", &empty).await;
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["field"], "contact_phone");

    let res = app.post("/api/v1/customers", &customer("C-001")).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["field"], "code");

    assert_eq!(app.get("/api/v1/customers/999999").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get("/api/v1/customers/abc").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get("/api/v1/nowhere").await.status(), StatusCode::NOT_FOUND);

    // nothing half-written: the count of customers is unchanged by all of the above
    let page: Value = app.get("/api/v1/customers?limit=500").await.json().await.unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 10);

    // last: the server answers an oversized body and closes that connection
    let big = "x".repeat(5 * 1024 * 1024);
    let mut huge = customer("B-2");
    huge["address"] = json!(big);
    assert_eq!(app.post("/api/v1/customers", &huge).await.status(), StatusCode::PAYLOAD_TOO_LARGE);
});

both!(errors_follow_accept_language, |app: TestApp| async move {
    app.sign_in("sales").await;
    let mut bad = customer("L-1");
    bad["credit_rating"] = json!("Z");
    let zh: Value = app
        .client
        .post(app.url("/api/v1/customers"))
        .header("Accept-Language", "zh-CN")
        .json(&bad)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let en: Value = app
        .client
        .post(app.url("/api/v1/customers"))
        .header("Accept-Language", "en")
        .json(&bad)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(zh["error"]["field"], "credit_rating");
    assert!(zh["error"]["message"].as_str().unwrap().contains("请选择"), "{zh}");
    assert!(en["error"]["message"].as_str().unwrap().contains("Choose"), "{en}");
});

both!(products_keep_hazard_data_and_indicators, |app: TestApp| async move {
    app.sign_in("admin").await;
    let body = json!({"code": "P-NEW", "name": "硫酸", "unit": "t", "hazardous": true, "un_number": "1830", "hazard_class": "8",
        "indicators": [{"name": "H2SO4", "unit": "%", "min": 98.0}, {"name": "Fe", "unit": "%", "max": 0.005}]});
    let res = app.post("/api/v1/products", &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let p: Value = res.json().await.unwrap();
    assert_eq!(p["un_number"], "UN1830");
    assert_eq!(p["indicators"][1]["max"], 0.005);
    let mut no_un = body.clone();
    no_un["code"] = json!("P-NEW2");
    no_un.as_object_mut().unwrap().remove("un_number");
    let res = app.post("/api/v1/products", &no_un).await;
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["field"], "un_number");
    let mut bad_limits = body.clone();
    bad_limits["code"] = json!("P-NEW3");
    bad_limits["indicators"] = json!([{"name": "pH", "min": 9.0, "max": 6.0}]);
    let res = app.post("/api/v1/products", &bad_limits).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["field"], "indicators[0].max");
    let mut edit = body.clone();
    edit["version"] = json!(1);
    edit["name"] = json!("硫酸 98%");
    let res = app.put(&format!("/api/v1/products/{}", p["id"]), &edit).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.put(&format!("/api/v1/products/{}", p["id"]), &edit).await.status(), StatusCode::CONFLICT);
});

both!(a_new_price_closes_the_open_one_and_overlaps_are_refused, |app: TestApp| async move {
    app.sign_in("admin").await;
    let p: Value = app
        .post(
            "/api/v1/products",
            &json!({"code": "PR-1", "name": "x", "unit": "t", "hazardous": false, "indicators": []}),
        )
        .await
        .json()
        .await
        .unwrap();
    let pid = p["id"].as_i64().unwrap();
    let first = app
        .post("/api/v1/prices", &json!({"product_id": pid, "unit_price_fen": 100000, "valid_from": "2026-01-01"}))
        .await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let second = app
        .post("/api/v1/prices", &json!({"product_id": pid, "unit_price_fen": 110000, "valid_from": "2027-01-01"}))
        .await;
    assert_eq!(second.status(), StatusCode::CREATED);
    let list: Value = app.get(&format!("/api/v1/prices?product_id={pid}")).await.json().await.unwrap();
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["valid_to"], "2026-12-31");
    assert_eq!(items[1]["valid_to"], Value::Null);
    let overlap = app
        .post(
            "/api/v1/prices",
            &json!({"product_id": pid, "unit_price_fen": 90000, "valid_from": "2026-06-01", "valid_to": "2026-07-01"}),
        )
        .await;
    assert_eq!(overlap.status(), StatusCode::CONFLICT);
    let unknown = app
        .post("/api/v1/prices", &json!({"product_id": 999999, "unit_price_fen": 1, "valid_from": "2026-01-01"}))
        .await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let zero =
        app.post("/api/v1/prices", &json!({"product_id": pid, "unit_price_fen": 0, "valid_from": "2030-01-01"})).await;
    assert_eq!(zero.json::<Value>().await.unwrap()["error"]["field"], "unit_price_fen");
    app.sign_in("sales").await;
    let res =
        app.post("/api/v1/prices", &json!({"product_id": pid, "unit_price_fen": 1, "valid_from": "2031-01-01"})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
});

both!(an_idempotency_key_creates_once, |app: TestApp| async move {
    app.sign_in("sales").await;
    let send = |body: Value| {
        app.client.post(app.url("/api/v1/customers")).header("Idempotency-Key", "k-123").json(&body).send()
    };
    let a: Value = send(customer("I-1")).await.unwrap().json().await.unwrap();
    let b = send(customer("I-1")).await.unwrap();
    assert_eq!(b.status(), StatusCode::CREATED);
    let b: Value = b.json().await.unwrap();
    assert_eq!(a["id"], b["id"]);
    let other = send(customer("I-2")).await.unwrap();
    assert_eq!(other.status(), StatusCode::CONFLICT);
    let found: Value = app.get("/api/v1/customers?q=I-").await.json().await.unwrap();
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
});

both!(admins_manage_users_and_cannot_lock_themselves_out, |app: TestApp| async move {
    app.sign_in("admin").await;
    let res = app.post("/api/v1/users", &json!({"username": "newbie", "display_name": "New", "roles": ["sales", "service"], "password": "long enough"})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let u: Value = res.json().await.unwrap();
    assert_eq!(u["roles"], json!(["sales", "service"]));
    let short = app
        .post("/api/v1/users", &json!({"username": "x2", "display_name": "", "roles": ["sales"], "password": "short"}))
        .await;
    assert_eq!(short.json::<Value>().await.unwrap()["error"]["field"], "password");
    let dup = app
        .post(
            "/api/v1/users",
            &json!({"username": "newbie", "display_name": "", "roles": ["sales"], "password": "long enough"}),
        )
        .await;
    assert_eq!(dup.status(), StatusCode::CONFLICT);
    let me: Value = app.get("/api/v1/users?limit=500").await.json().await.unwrap();
    let admin = me["items"].as_array().unwrap().iter().find(|u| u["username"] == "admin").unwrap().clone();
    let lock = app.put(&format!("/api/v1/users/{}", admin["id"]), &json!({"username": "admin", "display_name": "A", "roles": ["admin"], "active": false, "version": admin["version"]})).await;
    assert_eq!(lock.status(), StatusCode::CONFLICT);
    // deactivating a user ends their sessions
    let other = support::TestApp::client_for(&app).await;
    other.sign_in_with("newbie", "long enough").await;
    let deact = app.put(&format!("/api/v1/users/{}", u["id"]), &json!({"username": "newbie", "display_name": "New", "roles": ["sales"], "active": false, "version": u["version"]})).await;
    assert_eq!(deact.status(), StatusCode::OK);
    assert_eq!(other.get("/api/v1/me").await.status(), StatusCode::UNAUTHORIZED);
});

both!(every_change_is_in_the_audit_trail_and_tampering_is_detected, |app: TestApp| async move {
    app.sign_in("sales").await;
    let c: Value = app.post("/api/v1/customers", &customer("A-1")).await.json().await.unwrap();
    let mut edit = customer("A-1");
    edit["version"] = json!(1);
    edit["name"] = json!("Renamed");
    app.put(&format!("/api/v1/customers/{}", c["id"]), &edit).await;
    let verify = app.audit_verify();
    assert!(verify.0, "intact chain must verify: {}", verify.1);
    // the update's entry names who, before and after
    let entries = app.query_strings("SELECT actor || '|' || before_json || '|' || after_json AS s FROM audit_log WHERE entity = 'customer' AND action = 'update'").await;
    assert_eq!(entries.len(), 1);
    assert!(
        entries[0].starts_with("sales|") && entries[0].contains("测试化工有限公司") && entries[0].contains("Renamed")
    );
    // alter one entry directly in the database
    app.execute("UPDATE audit_log SET after_json = REPLACE(after_json, 'Renamed', 'Forged') WHERE entity = 'customer' AND action = 'update'").await;
    let verify = app.audit_verify();
    assert!(!verify.0, "an altered row must fail verification");
    assert!(verify.1.contains("altered"), "{}", verify.1);
});

both!(removing_an_audit_entry_is_detected, |app: TestApp| async move {
    app.sign_in("sales").await;
    app.post("/api/v1/customers", &customer("D-1")).await;
    app.execute("DELETE FROM audit_log WHERE seq = 3").await;
    let verify = app.audit_verify();
    assert!(!verify.0);
    assert!(verify.1.contains("entry 3"), "{}", verify.1);
});

both!(removing_the_newest_audit_entry_is_detected, |app: TestApp| async move {
    app.sign_in("sales").await;
    app.post("/api/v1/customers", &customer("D-2")).await;
    app.execute("DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)").await;
    assert!(!app.audit_verify().0);
});

both!(the_openapi_document_names_every_endpoint, |app: TestApp| async move {
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let source = include_str!("../src/rest/mod.rs");
    for piece in source.split(".route(").skip(1) {
        let path = piece.split('"').nth(1).unwrap();
        assert!(doc["paths"].get(path).is_some(), "{path} is missing from openapi.json");
    }
});

both!(pages_render_in_the_requested_language_with_security_headers, |app: TestApp| async move {
    let res = app
        .client
        .get(app.url("/signin"))
        .header("Accept-Language", "zh-CN,zh;q=0.9")
        .header("Accept-Encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
    assert!(h["referrer-policy"].to_str().unwrap().contains("strict-origin"));
    assert_eq!(h.get("content-encoding").map(|v| v.to_str().unwrap()), Some("gzip"));
    let csp = h["content-security-policy"].to_str().unwrap().to_string();
    let res = app.client.get(app.url("/signin")).header("Accept-Language", "zh-CN,zh;q=0.9").send().await.unwrap();
    let html = res.text().await.unwrap();
    // the hydration script carries the nonce that the page's CSP allows
    let nonce = csp.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).expect("CSP with a nonce");
    assert!(!nonce.is_empty());
    assert!(html.contains("<html lang=\"zh-CN\""), "{}", &html[..300.min(html.len())]);
    assert!(html.contains("登录"));
    // an anonymous visitor of a page is sent to sign in
    let res = app.client.get(app.url("/customers")).send().await.unwrap();
    assert!(res.url().path() == "/signin" || res.text().await.unwrap().contains("/signin"));
});

both!(a_page_names_its_languages_texts_which_anyone_may_fetch_and_cache, |app: TestApp| async move {
    // the page's head names the catalogue of its language (the browser fetches it to hydrate)
    let html = app.client.get(app.url("/signin")).header("Accept-Language", "zh-CN").send().await.unwrap();
    let html = html.text().await.unwrap();
    let href = html.split("id=\"i18n\" href=\"").nth(1).and_then(|r| r.split('"').next()).expect("<link id=i18n>");
    assert!(href.starts_with("/i18n/zh-CN.") && href.ends_with(".txt"), "{href}");
    // an anonymous visitor gets it, cacheable for good
    let res = app.client.get(app.url(href)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let text = res.text().await.unwrap();
    assert!(text.contains("nav.orders\t合同/订单\n"), "{}", &text[..200]);
    assert!(!text.contains("\tOrders\n"));
    // an older version's name (a page from before an upgrade) gets today's texts, not cached
    let res = app.client.get(app.url("/i18n/en.0000000000000000.txt")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "no-cache");
    assert!(res.text().await.unwrap().contains("nav.orders\tOrders\n"));
    // anything else is not found
    for bad in ["/i18n/fr.1.txt", "/i18n/zh-CN.abc", "/i18n/..txt", "/i18n/%00.txt"] {
        assert_eq!(app.get(bad).await.status(), StatusCode::NOT_FOUND, "{bad}");
    }
});

#[test]
fn sqlite_and_postgres_migrations_stay_in_lockstep() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../migrations");
    let names = |dir: &str| {
        let mut v: Vec<String> = std::fs::read_dir(format!("{root}/{dir}"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names("sqlite"), names("postgres"));
    for file in names("sqlite") {
        let shape = |dir: &str| {
            let sql = std::fs::read_to_string(format!("{root}/{dir}/{file}")).unwrap();
            sql.lines()
                .map(str::trim)
                .filter(|l| !l.starts_with("--") && !l.is_empty())
                .map(|l| l.split_whitespace().next().unwrap_or("").to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(shape("sqlite"), shape("postgres"), "{file}: tables, columns and indexes differ");
    }
}

both!(a_user_added_on_the_command_line_can_sign_in, |app: TestApp| async move {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["--database-url", &app.database_url, "user", "add", "--username", "cli_user", "--role", "sales,service"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"cli password 1\n").unwrap();
    assert!(child.wait().unwrap().success());
    app.sign_in_with("cli_user", "cli password 1").await;
    let me: Value = app.get("/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["roles"], json!(["sales", "service"]));
    // the creation is audited, by "cli"
    let who =
        app.query_strings("SELECT actor AS s FROM audit_log WHERE entity = 'user' ORDER BY seq DESC LIMIT 1").await;
    assert_eq!(who, vec!["cli".to_string()]);
});

#[tokio::test]
async fn without_demo_no_user_exists() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/empty.db", dir.path().display());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["--database-url", &url, "migrate"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let db = app::backend::db::Db::connect(&url).await.unwrap();
    let mut conn = db.read.acquire().await.unwrap();
    assert_eq!(app::backend::store::users::count(&mut conn).await.unwrap(), 0);
}

both!(customers_are_deactivated_with_a_reason_never_deleted, |app: TestApp| async move {
    app.sign_in("sales").await;
    let c: Value = app.post("/api/v1/customers", &customer("VOID-1")).await.json().await.unwrap();
    let id = c["id"].as_i64().unwrap();
    let no_reason =
        app.post(&format!("/api/v1/customers/{id}/deactivate"), &json!({"reason": " ", "version": 1})).await;
    assert_eq!(no_reason.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_reason.json::<Value>().await.unwrap()["error"]["field"], "reason");
    let res =
        app.post(&format!("/api/v1/customers/{id}/deactivate"), &json!({"reason": "营业执照吊销", "version": 1})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["active"], false);
    let stale =
        app.post(&format!("/api/v1/customers/{id}/reactivate"), &json!({"reason": "复核通过", "version": 1})).await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let still: Value = app.get(&format!("/api/v1/customers/{id}")).await.json().await.unwrap();
    assert_eq!(still["code"], "VOID-1");
    let why = app.query_strings("SELECT after_json AS s FROM audit_log WHERE action = 'deactivate'").await;
    assert!(why[0].contains("营业执照吊销"));
    app.sign_in("lab").await;
    let res = app.post(&format!("/api/v1/customers/{id}/reactivate"), &json!({"reason": "x y", "version": 2})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
});

both!(live_events_reach_every_server_process, |app: TestApp| async move {
    // a second process on the same database (on SQLite the same process serves both roles)
    let other = if app.database_url.starts_with("postgres") {
        support::spawn_on(&app.database_url).await
    } else {
        TestApp::client_for(&app).await
    };
    other.sign_in("executive").await;
    let mut stream = other.client.get(other.url("/api/v1/events")).send().await.unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    app.sign_in("sales").await;
    let c: Value = app.post("/api/v1/customers", &customer("EV-1")).await.json().await.unwrap();
    let wanted = format!("\"id\":{}", c["id"]);
    let mut seen = String::new();
    let found = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        while let Some(chunk) = stream.chunk().await.unwrap() {
            seen.push_str(&String::from_utf8_lossy(&chunk));
            if seen.contains("event: customer") && seen.contains(&wanted) {
                return true;
            }
        }
        false
    })
    .await;
    assert_eq!(found, Ok(true), "events seen: {seen}");
});

both!(concurrent_retries_with_one_idempotency_key_create_once, |app: TestApp| async move {
    app.sign_in("sales").await;
    let send = || {
        app.client
            .post(app.url("/api/v1/customers"))
            .header("Idempotency-Key", "burst-1")
            .json(&customer("BURST-1"))
            .send()
    };
    let answers = futures::future::join_all((0..6).map(|_| send())).await;
    let mut ids = Vec::new();
    for a in answers {
        let a = a.unwrap();
        match a.status() {
            StatusCode::CREATED => ids.push(a.json::<Value>().await.unwrap()["id"].clone()),
            StatusCode::CONFLICT => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert!(!ids.is_empty());
    assert!(ids.iter().all(|i| *i == ids[0]), "{ids:?}");
    let found: Value = app.get("/api/v1/customers?q=BURST").await.json().await.unwrap();
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    // a failed create frees its key: the corrected retry goes through
    let mut bad = customer("KEYFIX-1");
    bad["contact_phone"] = json!("none");
    let first = app
        .client
        .post(app.url("/api/v1/customers"))
        .header("Idempotency-Key", "fix-1")
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let retry = app
        .client
        .post(app.url("/api/v1/customers"))
        .header("Idempotency-Key", "fix-1")
        .json(&customer("KEYFIX-1"))
        .send()
        .await
        .unwrap();
    assert_eq!(retry.status(), StatusCode::CREATED);
});
