//! The audit trail's gaps closed (issue 31, item 8), on SQLite and PostgreSQL: the readiness
//! check (the job and the button) audits what it changes, loading audits the SDS recipients
//! it marks sent, the start-up move of inline images audits each note; and the chain is
//! anchored outside the database (`server audit anchor`, every backup's manifest), so a
//! consistent rewrite that `audit verify` cannot see fails `audit verify --anchors`.

#[macro_use]
mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::Row;
use support::flow::*;
use support::TestApp;

async fn head(app: &TestApp) -> i64 {
    sqlx::query("SELECT seq FROM audit_head").fetch_one(app.pool()).await.unwrap().get::<i64, _>("seq")
}

/// The entries after `after`: (actor, action, entity, entity id).
async fn entries_after(app: &TestApp, after: i64) -> Vec<(String, String, String, Option<i64>)> {
    sqlx::query("SELECT actor, action, entity, entity_id FROM audit_log WHERE seq > $1 ORDER BY seq")
        .bind(after)
        .fetch_all(app.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get("actor"), r.get("action"), r.get("entity"), r.get("entity_id")))
        .collect()
}

fn has(entries: &[(String, String, String, Option<i64>)], actor: &str, action: &str, id: Option<i64>) -> bool {
    entries.iter().any(|(a, x, _, i)| a == actor && x == action && (id.is_none() || *i == id))
}

/// `server ARGS…` on this app's database: (success, stdout and stderr).
fn cli(app: &TestApp, args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["--database-url", &app.database_url])
        .args(args)
        .output()
        .unwrap();
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

both!(the_readiness_check_audits_what_it_changes, |app: TestApp| async move {
    let (order, _) = approved_order(&app, 1, 5, 4.0).await;
    app.execute(&format!("UPDATE sales_order SET requested_delivery_date = '{}' WHERE id = {order}", in_days(1))).await;
    // The background job: the same check as `system`, through a second process's state.
    let before = head(&app).await;
    let state = server::state(&app.database_url, "127.0.0.1:0".parse().unwrap(), false).await.unwrap();
    let report = app::backend::readiness::check(&state, app::backend::db::today(), "system").await.unwrap();
    assert!(report.escalations_opened >= 1, "{report:?}");
    let found = entries_after(&app, before).await;
    assert!(has(&found, "system", "readiness", Some(order)), "{found:?}");
    assert!(has(&found, "system", "open_escalation", Some(order)), "{found:?}");
    // Stock arrives; sales runs the check: the order is ready, its escalation closed.
    let batch = new_batch(&app, 5, "pac-ready-01", 10.0).await;
    inspect(&app, batch, &pac_results(true, true)).await;
    assert_eq!(stock_in(&app, batch).await.status(), StatusCode::OK);
    let before = head(&app).await;
    app.sign_in("sales").await;
    assert_eq!(app.post("/api/v1/readiness/check", &json!({})).await.status(), StatusCode::OK);
    let found = entries_after(&app, before).await;
    assert!(has(&found, "sales", "readiness", Some(order)), "{found:?}");
    assert!(has(&found, "sales", "close_escalations", Some(order)), "{found:?}");
    assert!(has(&found, "sales", "readiness_check", None), "{found:?}");
    // A job run that changes nothing writes nothing.
    let before = head(&app).await;
    app::backend::readiness::check(&state, app::backend::db::today(), "system").await.unwrap();
    assert_eq!(head(&app).await, before);
    let (ok, text) = app.audit_verify();
    assert!(ok, "{text}");
});

both!(loading_audits_the_sds_recipients_it_marks_sent, |app: TestApp| async move {
    // Customer 1 was supplied with product 5; a new SDS revision lists it as a recipient.
    let first = loaded_note(&app, "pac-sds-audit-01").await;
    app.sign_in("driver").await;
    let res = app.post(&format!("/api/v1/delivery-notes/{}/receipt", first["id"]), &receipt(&first, 4.0)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    app.sign_in("quality").await;
    let res = app.post("/api/v1/products/5/documents", &json!({"kind": "sds", "title": "SDS audit test"})).await;
    let doc = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    use base64::Engine;
    let pdf = base64::engine::general_purpose::STANDARD.encode(b"%PDF-1.4\nsds audit\n%%EOF\n");
    let body = json!({"revision": "2.0", "issued_on": in_days(0), "changes": "Section 8", "file_name": "SDS.pdf",
        "content_base64": pdf});
    let res = app.post(&format!("/api/v1/documents/{doc}/revisions"), &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let distribution = res.json::<Value>().await.unwrap()["distribution_id"].as_i64().unwrap();
    // The next loading for customer 1 carries the revision: the recipient is marked sent.
    let before = head(&app).await;
    loaded_note(&app, "pac-sds-audit-02").await;
    let found = entries_after(&app, before).await;
    assert!(has(&found, "warehouse", "sds_sent", Some(distribution)), "{found:?}");
    let sent = app
        .query_strings(&format!(
            "SELECT sent_channel AS s FROM sds_recipient WHERE distribution_id = {distribution} AND customer_id = 1"
        ))
        .await;
    assert_eq!(sent, ["delivery"]);
    let (ok, text) = app.audit_verify();
    assert!(ok, "{text}");
});

both!(the_start_up_move_of_inline_images_is_audited, |app: TestApp| async move {
    let n = loaded_note(&app, "pac-move-audit-01").await;
    let id = n["id"].as_i64().unwrap();
    app.execute(&format!(
        "UPDATE delivery_note SET warehouse_signature = '{PNG}', driver_signature = '{PNG}' WHERE id = {id}"
    ))
    .await;
    let before = head(&app).await;
    let _restarted = support::spawn_on(&app.database_url).await;
    let found = entries_after(&app, before).await;
    assert_eq!(
        found,
        [(String::from("system"), String::from("move_images"), String::from("delivery_note"), Some(id))],
        "one entry per note"
    );
    let after: String = sqlx::query("SELECT after_json FROM audit_log WHERE seq = $1")
        .bind(before + 1)
        .fetch_one(app.pool())
        .await
        .unwrap()
        .get("after_json");
    let after: Value = serde_json::from_str(&after).unwrap();
    assert!(after["warehouse_signature"].as_str().unwrap().starts_with("/files/"), "{after}");
    assert!(after["driver_signature"].as_str().unwrap().starts_with("/files/"), "{after}");
    let (ok, text) = app.audit_verify();
    assert!(ok, "{text}");
});

/// Rewrites the chain from `from` on as a forger would: entry `from` altered, every hash after
/// it recomputed and the head moved along, so that `audit verify` finds nothing.
async fn rewrite_from(app: &TestApp, from: i64) {
    let rows = sqlx::query(
        "SELECT seq, at, actor, action, entity, entity_id, before_json, after_json FROM audit_log \
         WHERE seq >= $1 ORDER BY seq",
    )
    .bind(from)
    .fetch_all(app.pool())
    .await
    .unwrap();
    let mut prev: String = sqlx::query("SELECT prev_hash FROM audit_log WHERE seq = $1")
        .bind(from)
        .fetch_one(app.pool())
        .await
        .unwrap()
        .get("prev_hash");
    for r in rows {
        let seq: i64 = r.get("seq");
        let actor: String = if seq == from { "someone else".into() } else { r.get("actor") };
        let (before, after): (Option<String>, Option<String>) = (r.get("before_json"), r.get("after_json"));
        let hash = app::backend::audit::entry_hash(
            seq,
            r.get("at"),
            &actor,
            &r.get::<String, _>("action"),
            &r.get::<String, _>("entity"),
            r.get("entity_id"),
            before.as_deref(),
            after.as_deref(),
            &prev,
        );
        sqlx::query("UPDATE audit_log SET actor = $1, prev_hash = $2, hash = $3 WHERE seq = $4")
            .bind(&actor)
            .bind(&prev)
            .bind(&hash)
            .bind(seq)
            .execute(app.pool())
            .await
            .unwrap();
        prev = hash;
    }
    sqlx::query("UPDATE audit_head SET hash = $1").bind(&prev).execute(app.pool()).await.unwrap();
}

both!(anchors_outside_the_database_catch_a_rewritten_chain, |app: TestApp| async move {
    app.sign_in("sales").await;
    let customer = |n: u32| {
        json!({"code": format!("AN{n:04}"), "name": format!("锚点客户 {n}"), "address": "上海市 1 号",
            "contact_name": "王经理", "contact_phone": "021-5555 0000", "credit_rating": "A", "license_no": "91310000MA1K00000X"})
    };
    assert_eq!(app.post("/api/v1/customers", &customer(1)).await.status(), StatusCode::CREATED);
    let dir = tempfile::tempdir().unwrap();
    let anchors = dir.path().join("anchors.txt");
    let anchors = anchors.to_str().unwrap();
    let (ok, text) = cli(&app, &["audit", "anchor", "--to", anchors]);
    assert!(ok, "{text}");
    let first = head(&app).await;
    for n in 2..4 {
        assert_eq!(app.post("/api/v1/customers", &customer(n)).await.status(), StatusCode::CREATED);
    }
    let (ok, text) = cli(&app, &["audit", "anchor", "--to", anchors]);
    assert!(ok, "{text}");
    let lines = std::fs::read_to_string(anchors).unwrap();
    assert_eq!(lines.lines().count(), 2, "{lines}");
    assert!(lines.lines().next().unwrap().contains(&format!(" {first} ")), "{lines}");
    let backup = dir.path().join("backup.zip");
    let with_backup = app.database_url.starts_with("sqlite") || !server::backup::backup_tool_missing();
    if with_backup {
        let (ok, text) = cli(&app, &["backup", "--to", backup.to_str().unwrap()]);
        assert!(ok, "{text}");
        let manifest = server::backup::manifest_of(&backup).unwrap();
        assert!(manifest.audit_anchor.ends_with(&format!(" {} {}", manifest.audit_head.seq, manifest.audit_head.hash)));
        let (ok, text) = cli(&app, &["audit", "verify", "--anchors", backup.to_str().unwrap()]);
        assert!(ok && text.contains("audit anchors hold: 1"), "{text}");
    }
    let (ok, text) = cli(&app, &["audit", "verify", "--anchors", anchors]);
    assert!(ok && text.contains("audit anchors hold: 2"), "{text}");

    // A consistent rewrite from the first anchored entry on: the chain alone looks intact…
    rewrite_from(&app, first).await;
    let (ok, text) = app.audit_verify();
    assert!(ok, "the rewritten chain is consistent: {text}");
    // …but not against its anchors, nor against the backup's.
    let (ok, text) = cli(&app, &["audit", "verify", "--anchors", anchors]);
    assert!(!ok && text.contains(&format!("MISMATCH at entry {first}")), "{text}");
    if with_backup {
        let (ok, text) = cli(&app, &["audit", "verify", "--anchors", backup.to_str().unwrap()]);
        assert!(!ok && text.contains("MISMATCH"), "{text}");
    }
});

both!(a_tampered_hash_fails_verify_with_anchors, |app: TestApp| async move {
    app.sign_in("sales").await;
    let body = json!({"code": "TAMPER1", "name": "篡改客户", "address": "上海市 1 号", "contact_name": "王经理",
        "contact_phone": "021-5555 0000", "credit_rating": "A", "license_no": "91310000MA1K00000X"});
    assert_eq!(app.post("/api/v1/customers", &body).await.status(), StatusCode::CREATED);
    let dir = tempfile::tempdir().unwrap();
    let anchors = dir.path().join("anchors.txt");
    let anchors = anchors.to_str().unwrap();
    assert!(cli(&app, &["audit", "anchor", "--to", anchors]).0);
    let (ok, text) = cli(&app, &["audit", "verify", "--anchors", anchors]);
    assert!(ok, "{text}");
    let seq = head(&app).await;
    app.execute(&format!("UPDATE audit_log SET hash = '{}' WHERE seq = {seq}", "0".repeat(64))).await;
    let (ok, text) = cli(&app, &["audit", "verify", "--anchors", anchors]);
    assert!(!ok, "{text}");
    assert!(text.contains(&format!("entry {seq}")), "{text}");
});
