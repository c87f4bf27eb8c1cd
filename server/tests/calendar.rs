//! The company calendar: everyone reads it, the admin sets it (checked, versioned, audited).

#[macro_use]
mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::TestApp;

both!(the_admin_sets_the_calendar_and_everyone_reads_it, |app: TestApp| async move {
    app.sign_in("service").await;
    let standard: Value = app.get("/api/v1/calendar").await.json().await.unwrap();
    assert_eq!(standard["timezone"], "Asia/Shanghai");
    assert_eq!(standard["hours"]["mon"], json!([["08:30", "12:00"], ["13:30", "17:30"]]));
    assert_eq!(standard["hours"]["sat"], json!([]));
    assert_eq!(standard["version"], 0);
    let mut changed = standard.clone();
    changed["hours"]["sat"] = json!([["09:00", "12:00"]]);
    changed["holidays"] = json!(["2026-10-01", "2026-10-02"]);
    changed["workdays"] = json!(["2026-09-27"]);
    assert_eq!(app.put("/api/v1/calendar", &changed).await.status(), StatusCode::FORBIDDEN);

    app.sign_in("admin").await;
    let res = app.put("/api/v1/calendar", &changed).await;
    assert_eq!(res.status(), StatusCode::OK);
    let saved: Value = res.json().await.unwrap();
    assert_eq!(saved["version"], 1);
    assert_eq!(saved["hours"]["sat"], json!([["09:00", "12:00"]]));
    // The same version again is stale.
    assert_eq!(app.put("/api/v1/calendar", &changed).await.status(), StatusCode::CONFLICT);
    // A bad calendar is refused with the field, in the caller's language, and nothing changes.
    let mut bad = saved.clone();
    bad["hours"]["tue"] = json!([["08:00", "12:00"], ["11:00", "13:00"]]);
    let res =
        app.client.put(app.url("/api/v1/calendar")).header("Accept-Language", "zh-CN").json(&bad).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["field"], "hours.tue");
    assert_eq!(body["error"]["message"], "同一天的工作时段不能重叠。");
    let mut bad = saved.clone();
    bad["timezone"] = json!("Mars/Olympus");
    assert_eq!(app.put("/api/v1/calendar", &bad).await.status(), StatusCode::UNPROCESSABLE_ENTITY);

    app.sign_in("driver").await;
    let read: Value = app.get("/api/v1/calendar").await.json().await.unwrap();
    assert_eq!(read, saved);
    // The change is in the audit trail.
    let audit = app.query_strings("SELECT entity AS s FROM audit_log WHERE entity = 'calendar'").await;
    assert_eq!(audit, ["calendar"]);
});
