//! `GET /api/v1/openapi.json`: the OpenAPI 3 description of the JSON API. Written out here
//! (rather than derived) so it reads like the contract in API.md; a test checks that every
//! route of the router appears in it.

use axum::Json;
use serde_json::{json, Value};

fn error_responses() -> Value {
    json!({
        "400": {"$ref": "#/components/responses/Error"},
        "401": {"$ref": "#/components/responses/Error"},
        "403": {"$ref": "#/components/responses/Error"},
        "404": {"$ref": "#/components/responses/Error"},
        "409": {"$ref": "#/components/responses/Error"},
        "422": {"$ref": "#/components/responses/Error"}
    })
}

fn op(summary: &str, body: Option<&str>, ok: &str, schema: Value) -> Value {
    let mut responses = error_responses();
    responses[ok] = json!({"description": "OK", "content": {"application/json": {"schema": schema}}});
    let mut o = json!({"summary": summary, "responses": responses});
    if let Some(b) = body {
        o["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{b}")}}}});
    }
    o
}

fn r(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn page(name: &str) -> Value {
    json!({"type": "object", "properties": {"items": {"type": "array", "items": r(name)}, "next_cursor": {"type": ["string", "null"]}}})
}

fn id_param() -> Value {
    json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}])
}

fn list_params() -> Value {
    json!([
        {"name": "q", "in": "query", "schema": {"type": "string"}, "description": "search in code and name"},
        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}},
        {"name": "cursor", "in": "query", "schema": {"type": "string"}}
    ])
}

pub fn spec() -> Value {
    let mut doc = json!({
        "openapi": "3.1.0",
        "info": {"title": "Sales and after-sales service API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "components": {
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "sid"}},
            "responses": {"Error": {"description": "Error", "content": {"application/json": {"schema": r("Error")}}}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "field": {"type": "string"}}}}},
                "Credentials": {"type": "object", "required": ["username", "password"], "properties": {"username": {"type": "string"}, "password": {"type": "string"}}},
                "Me": {"type": "object", "properties": {"username": {"type": "string"}, "display_name": {"type": "string"}, "roles": {"type": "array", "items": {"type": "string"}}}},
                "CustomerInput": {"type": "object", "required": ["code", "name", "address", "contact_name", "contact_phone", "credit_rating", "license_no"], "properties": {
                    "code": {"type": "string"}, "name": {"type": "string"}, "address": {"type": "string"}, "contact_name": {"type": "string"},
                    "contact_phone": {"type": "string"}, "credit_rating": {"type": "string", "enum": ["AAA", "AA", "A", "B", "C"]},
                    "license_no": {"type": "string"}, "hazardous_permit_no": {"type": ["string", "null"]}, "hazardous_permit_scope": {"type": ["string", "null"]},
                    "hazardous_permit_valid_until": {"type": ["string", "null"], "format": "date"}, "version": {"type": "integer", "description": "required on PUT"}}},
                "Customer": {"allOf": [r("CustomerInput"), {"type": "object", "properties": {"id": {"type": "integer"}, "version": {"type": "integer"},
                    "permit_status": {"type": "string", "enum": ["none", "valid", "expired"]}, "qualification_checked_by": {"type": ["string", "null"]},
                    "qualification_checked_at": {"type": ["string", "null"], "format": "date-time"}, "active": {"type": "boolean"},
                    "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}}}]},
                "Indicator": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "unit": {"type": "string"}, "min": {"type": ["number", "null"]}, "max": {"type": ["number", "null"]}}},
                "ProductInput": {"type": "object", "required": ["code", "name", "unit", "hazardous"], "properties": {
                    "code": {"type": "string"}, "name": {"type": "string"}, "specification": {"type": "string"}, "unit": {"type": "string"},
                    "hazardous": {"type": "boolean"}, "un_number": {"type": ["string", "null"]}, "hazard_class": {"type": ["string", "null"]},
                    "indicators": {"type": "array", "items": r("Indicator")}, "version": {"type": "integer", "description": "required on PUT"}}},
                "Product": {"allOf": [r("ProductInput"), {"type": "object", "properties": {"id": {"type": "integer"}, "version": {"type": "integer"}, "active": {"type": "boolean"}}}]},
                "StatusChange": {"type": "object", "required": ["reason", "version"], "properties": {"reason": {"type": "string"}, "version": {"type": "integer"}}},
                "Step": {"type": "object", "properties": {"version": {"type": "integer"}, "reason": {"type": "string"}}},
                "LineInput": {"type": "object", "required": ["product_id", "quantity"], "properties": {"product_id": {"type": "integer"}, "quantity": {"type": "number"}, "unit_price_fen": {"type": "integer"}}},
                "OrderInput": {"type": "object", "required": ["customer_id", "requested_delivery_date", "lines"], "properties": {
                    "customer_id": {"type": "integer"}, "requested_delivery_date": {"type": "string", "format": "date"}, "contract_ref": {"type": ["string", "null"]},
                    "lines": {"type": "array", "items": r("LineInput")}, "version": {"type": "integer", "description": "required on PUT"}}},
                "AmendmentInput": {"type": "object", "required": ["reason"], "properties": {"lines": {"type": "array", "items": r("LineInput")}, "requested_delivery_date": {"type": "string", "format": "date"}, "reason": {"type": "string"}}},
                "OrderSummary": {"type": "object", "properties": {"id": {"type": "integer"}, "version": {"type": "integer"}, "number": {"type": "string"}, "customer_id": {"type": "integer"}, "customer_name": {"type": "string"}, "sales_rep": {"type": "string"}, "status": {"type": "string"}, "order_date": {"type": "string"}, "requested_delivery_date": {"type": "string"}, "readiness": {"type": "string", "enum": ["ready", "at_risk", "late", "n/a"]}, "total_fen": {"type": "integer"}}},
                "Order": {"allOf": [r("OrderSummary"), {"type": "object", "properties": {"lines": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}, "product_id": {"type": "integer"}, "quantity": {"type": "number"}, "unit_price_fen": {"type": "integer"}, "list_price_fen": {"type": "integer"}, "delivered_quantity": {"type": "number"}}}}, "price_exceptions": {"type": "array"}, "amendments": {"type": "array"}, "revisions": {"type": "array"}, "date_changes": {"type": "array"}}}]},
                "PriceInput": {"type": "object", "required": ["product_id", "unit_price_fen", "valid_from"], "properties": {
                    "product_id": {"type": "integer"}, "unit_price_fen": {"type": "integer", "minimum": 1}, "valid_from": {"type": "string", "format": "date"}, "valid_to": {"type": ["string", "null"], "format": "date"}}},
                "Price": {"allOf": [r("PriceInput"), {"type": "object", "properties": {"id": {"type": "integer"}, "version": {"type": "integer"}, "product_code": {"type": "string"}, "product_name": {"type": "string"}, "created_by": {"type": "string"}}}]},
                "BatchInput": {"type": "object", "required": ["product_id", "batch_no", "quantity", "produced_on"], "properties": {"product_id": {"type": "integer"}, "batch_no": {"type": "string"}, "quantity": {"type": "number"}, "produced_on": {"type": "string", "format": "date"}}},
                "Batch": {"type": "object", "properties": {"id": {"type": "integer"}, "version": {"type": "integer"}, "product_id": {"type": "integer"}, "batch_no": {"type": "string"}, "quantity": {"type": "number"}, "allocated": {"type": "number"},
                    "status": {"type": "string", "enum": ["produced", "inspecting", "passed", "in_stock", "failed", "nonconforming"]}, "emergency_released": {"type": "boolean"}, "report_no": {"type": ["string", "null"]}, "certificate_no": {"type": ["string", "null"]},
                    "inspections": {"type": "array"}, "releases": {"type": "array"}, "nonconformities": {"type": "array"}}},
                "InspectionInput": {"type": "object", "required": ["results"], "properties": {"results": {"type": "array", "items": {"type": "object", "required": ["indicator", "value"], "properties": {"indicator": {"type": "string"}, "value": {"type": "number"}}}}, "final": {"type": "boolean"}}},
                "NonconformityInput": {"type": "object", "required": ["classification", "disposition", "responsible"], "properties": {"classification": {"type": "string", "enum": ["minor", "major", "critical"]}, "disposition": {"type": "string", "enum": ["rework", "scrap", "return_to_supplier"]}, "responsible": {"type": "string"}, "description": {"type": "string"}}},
                "EmergencyReleaseInput": {"type": "object", "required": ["delivery_note_id", "batch_id", "reason", "risk_level", "risk_assessment", "customer_consent_by", "customer_consent_at", "retained_sample_ref"], "properties": {
                    "delivery_note_id": {"type": "integer"}, "batch_id": {"type": "integer"}, "quantity": {"type": "number", "description": "defaults to the note's quantity of the batch's product"}, "reason": {"type": "string"},
                    "risk_level": {"type": "string", "enum": ["low", "medium", "high"]}, "risk_assessment": {"type": "string"}, "customer_consent_by": {"type": "string"}, "customer_consent_how": {"type": "string"},
                    "customer_consent_at": {"type": "string", "description": "RFC 3339 or YYYY-MM-DD"}, "retained_sample_ref": {"type": "string"}}},
                "ReturnInput": {"type": "object", "required": ["customer_id", "quantity"], "properties": {"customer_id": {"type": "integer"}, "quantity": {"type": "number"}, "note": {"type": "string"}}},
                "NoteInput": {"type": "object", "required": ["order_id", "delivery_date", "lines"], "properties": {"order_id": {"type": "integer"}, "delivery_date": {"type": "string", "format": "date"},
                    "lines": {"type": "array", "items": {"type": "object", "required": ["order_line_id", "quantity"], "properties": {"order_line_id": {"type": "integer"}, "batch_id": {"type": ["integer", "null"]}, "quantity": {"type": "number"}}}}, "version": {"type": "integer", "description": "required on PUT"}}},
                "InquiryInput": {"type": "object", "required": ["customer_id", "channel", "question"], "properties": {"customer_id": {"type": "integer"}, "channel": {"type": "string", "enum": ["phone", "letter", "fax", "email", "website", "wechat", "visit"]}, "received_at": {"type": "string", "description": "RFC 3339, or YYYY-MM-DDTHH:MM in the company's time zone; empty for now; not in the future, at most a year back"}, "product_id": {"type": "integer"}, "question": {"type": "string"}}},
                "AnswerInput": {"type": "object", "required": ["answer"], "properties": {"version": {"type": "integer"}, "answer": {"type": "string"}, "consulted": {"type": "array", "items": {"type": "string", "enum": ["sales", "quality", "lab", "production", "rd", "logistics", "warehouse", "service", "management"]}}, "answered_at": {"type": "string", "description": "when the customer was answered, if earlier than now (RFC 3339 or local YYYY-MM-DDTHH:MM); not before received_at"}}},
                "Inquiry": {"type": "object", "properties": {"id": {"type": "integer"}, "number": {"type": "string"}, "version": {"type": "integer"}, "status": {"type": "string", "enum": ["open", "answered"]}, "customer_id": {"type": "integer"}, "channel": {"type": "string"}, "received_at": {"type": "string"}, "entered_at": {"type": "string"}, "question": {"type": "string"}, "answer": {"type": ["string", "null"]}, "answered_by": {"type": ["string", "null"]}, "first_response_at": {"type": ["string", "null"]}, "answered_at": {"type": ["string", "null"]}, "consulted": {"type": "array", "items": {"type": "string"}}, "due_at": {"type": ["string", "null"]}, "sla": {"type": "string", "enum": ["on_time", "near", "overdue", "met", "missed"]}, "working_minutes": {"type": "integer"}}},
                "LiaisonInput": {"type": "object", "required": ["customer_id", "kind", "description"], "properties": {"customer_id": {"type": "integer"}, "kind": {"type": "string", "enum": ["complaint", "suggestion", "expectation"]}, "inquiry_id": {"type": "integer"}, "product_id": {"type": "integer"}, "channel": {"type": "string"}, "received_at": {"type": "string"}, "description": {"type": "string"}, "department": {"type": "string"}}},
                "LiaisonStep": {"type": "object", "properties": {"version": {"type": "integer"}, "department": {"type": "string"}, "text": {"type": "string"}, "owner": {"type": "string"}, "due_on": {"type": "string", "format": "date"}, "effective": {"type": "boolean"}, "result": {"type": "string"}}},
                "Liaison": {"type": "object", "properties": {"id": {"type": "integer"}, "number": {"type": "string"}, "version": {"type": "integer"}, "status": {"type": "string", "enum": ["open", "routed", "acknowledged", "analysed", "measure", "verified", "closed"]}, "kind": {"type": "string"}, "department": {"type": ["string", "null"]}, "routed": {"type": ["object", "null"]}, "acknowledged": {"type": ["object", "null"]}, "analysed": {"type": ["object", "null"]}, "measure_set": {"type": ["object", "null"]}, "verified": {"type": ["object", "null"]}, "closed": {"type": ["object", "null"]}, "failed_verifications": {"type": "integer"}}},
                "TicketInput": {"type": "object", "required": ["customer_id", "kind", "urgency", "description"], "properties": {"customer_id": {"type": "integer"}, "kind": {"type": "string", "enum": ["repair", "return", "exchange", "refund", "guidance"]}, "urgency": {"type": "string", "enum": ["urgent", "high", "normal"]}, "channel": {"type": "string"}, "received_at": {"type": "string"}, "product_id": {"type": "integer"}, "batch_id": {"type": "integer"}, "delivery_note_id": {"type": "integer"}, "inquiry_id": {"type": "integer"}, "engineer": {"type": "string"}, "description": {"type": "string"}}},
                "TicketStep": {"type": "object", "properties": {"version": {"type": "integer"}, "at": {"type": "string"}, "response": {"type": "string"}, "reason": {"type": "string"}, "result": {"type": "string"}, "fee_fen": {"type": "integer"}, "channel": {"type": "string"}, "note": {"type": "string"}, "satisfied": {"type": "boolean"}}},
                "Ticket": {"type": "object", "properties": {"id": {"type": "integer"}, "number": {"type": "string"}, "version": {"type": "integer"}, "status": {"type": "string", "enum": ["open", "responded", "waiting", "resolved", "closed"]}, "response_due_at": {"type": ["string", "null"]}, "resolution_due_at": {"type": ["string", "null"]}, "paused_ms": {"type": "integer"}, "sla": {"type": "string"}, "confirmation_link": {"type": ["string", "null"]}}},
                "ComplaintInput": {"type": "object", "required": ["customer_id", "product_id", "severity", "category", "description"], "properties": {"customer_id": {"type": "integer"}, "product_id": {"type": "integer"}, "batch_id": {"type": "integer"}, "delivery_note_id": {"type": "integer"}, "severity": {"type": "string", "enum": ["minor", "major", "critical"]}, "category": {"type": "string", "enum": ["quality", "packaging", "labelling", "documents", "delivery", "service", "price"]}, "channel": {"type": "string"}, "received_at": {"type": "string"}, "description": {"type": "string"}}},
                "ComplaintStep": {"type": "object", "properties": {"version": {"type": "integer"}, "text": {"type": "string", "description": "containment, root cause, action"}, "owner": {"type": "string", "description": "action: the owner's user name"}, "due_on": {"type": "string", "format": "date"}, "verify_on": {"type": "string", "format": "date"}, "evidence": {"type": "string", "description": "verify"}, "effective": {"type": "boolean", "description": "verify: false sends the complaint back to its root cause"}}},
                "Complaint": {"type": "object", "properties": {"id": {"type": "integer"}, "number": {"type": "string"}, "version": {"type": "integer"}, "status": {"type": "string", "enum": ["open", "contained", "analysed", "action", "verified", "closed"]}, "severity": {"type": "string"}, "category": {"type": "string"}, "batch_id": {"type": ["integer", "null"]}, "delivery_note_id": {"type": ["integer", "null"]}, "containment_due_at": {"type": ["string", "null"]}, "sla": {"type": "string"}, "action_owner": {"type": ["string", "null"]}, "verify_on": {"type": ["string", "null"]}, "effective": {"type": ["boolean", "null"]}, "failed_verifications": {"type": "integer"}, "repeat_of": {"type": "array", "items": {"type": "integer"}}, "batch_recipients": {"type": "array", "items": {"type": "object", "properties": {"customer_id": {"type": "integer"}, "customer_name": {"type": "string"}, "quantity": {"type": "number"}}}}}},
                "DeliveryNote": {"type": "object", "properties": {"id": {"type": "integer"}, "version": {"type": "integer"}, "number": {"type": "string"}, "order_id": {"type": "integer"}, "status": {"type": "string", "enum": ["draft", "approved", "assigned", "loaded", "delivered", "cancelled"]}, "emergency": {"type": "boolean"}, "lines": {"type": "array"}, "receipt": {"type": ["object", "null"]}}},
                "AssignInput": {"type": "object", "required": ["driver_username", "vehicle"], "properties": {"driver_username": {"type": "string"}, "vehicle": {"type": "string"}, "version": {"type": "integer"}}},
                "LoadInput": {"type": "object", "required": ["packaging_ok", "labels_ok", "warehouse_signature", "driver_signature"], "properties": {"packaging_ok": {"type": "boolean"}, "labels_ok": {"type": "boolean"}, "warehouse_signature": {"type": "string", "description": "PNG data URL"}, "driver_signature": {"type": "string", "description": "PNG data URL"}, "version": {"type": "integer"}}},
                "ReceiptInput": {"type": "object", "required": ["receiver_name", "signature", "received_at", "lines"], "properties": {"receiver_name": {"type": "string"}, "signature": {"type": "string", "description": "PNG data URL"}, "received_at": {"type": "string", "format": "date-time", "description": "the phone's clock"},
                    "lines": {"type": "array", "items": {"type": "object", "required": ["line_id", "received_quantity"], "properties": {"line_id": {"type": "integer"}, "received_quantity": {"type": "number"}, "note": {"type": "string"}}}}, "photo": {"type": "string"}, "latitude": {"type": "number"}, "longitude": {"type": "number"}}}
            }
        },
        "security": [{"session": []}],
        "paths": {}
    });
    let paths = json!({
        "/session": {
            "post": op("Sign in; sets the HttpOnly session cookie", Some("Credentials"), "200", r("Me")),
            "delete": {"summary": "Sign out; answers Clear-Site-Data: \"cache\", \"storage\" (a shared phone forgets the driver's pages and queue)", "responses": {"204": {"description": "Signed out"}}}
        },
        "/me": {"get": op("The signed-in user", None, "200", r("Me"))},
        "/customers": {
            "get": {"parameters": list_params(), "summary": "List customers", "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": page("Customer")}}}}},
            "post": op("Create a customer (sales, admin); honours Idempotency-Key", Some("CustomerInput"), "201", r("Customer"))
        },
        "/customers/{id}": {
            "parameters": id_param(),
            "get": op("One customer", None, "200", r("Customer")),
            "put": op("Edit a customer; send the version you read (stale → 409)", Some("CustomerInput"), "200", r("Customer"))
        },
        "/customers/{id}/deactivate": {"parameters": id_param(), "post": op("Deactivate a customer: {reason, version}; never deleted", Some("StatusChange"), "200", r("Customer"))},
        "/customers/{id}/reactivate": {"parameters": id_param(), "post": op("Reactivate a customer: {reason, version}", Some("StatusChange"), "200", r("Customer"))},
        "/products": {
            "get": {"parameters": list_params(), "summary": "List products", "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": page("Product")}}}}},
            "post": op("Create a product (admin); honours Idempotency-Key", Some("ProductInput"), "201", r("Product"))
        },
        "/products/{id}": {
            "parameters": id_param(),
            "get": op("One product", None, "200", r("Product")),
            "put": op("Edit a product; send the version you read (stale → 409)", Some("ProductInput"), "200", r("Product"))
        },
        "/products/{id}/deactivate": {"parameters": id_param(), "post": op("Deactivate a product: {reason, version}; never deleted", Some("StatusChange"), "200", r("Product"))},
        "/products/{id}/reactivate": {"parameters": id_param(), "post": op("Reactivate a product: {reason, version}", Some("StatusChange"), "200", r("Product"))},
        "/prices": {
            "get": {"parameters": [{"name": "product_id", "in": "query", "schema": {"type": "integer"}}, {"name": "limit", "in": "query", "schema": {"type": "integer"}}, {"name": "cursor", "in": "query", "schema": {"type": "string"}}],
                "summary": "The price list", "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": page("Price")}}}}},
            "post": op("Add a list price (admin); closes an open-ended earlier price, refuses other overlaps (409)", Some("PriceInput"), "201", r("Price"))
        },
        "/prices/{id}": {"parameters": id_param(), "get": op("One price", None, "200", r("Price"))},
        "/calendar": {
            "get": op("The company calendar: {timezone, hours:{mon:[[\"08:30\",\"12:00\"],…],…}, holidays:[date], workdays:[date], version}", None, "200", json!({"type": "object"})),
            "put": op("Set the company calendar (admin); send the version you read (stale → 409)", None, "200", json!({"type": "object"}))
        },
        "/inquiries": {
            "get": {"summary": "Customer inquiries, newest received first, each with its SLA state on the company calendar (one working day to answer)",
                "parameters": [{"name": "format", "in": "query", "schema": {"type": "string", "enum": ["json", "csv", "xlsx"]}, "description": "csv or xlsx: every matching record as a file"}, {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["open", "answered"]}}, {"name": "customer_id", "in": "query", "schema": {"type": "integer"}}, {"name": "product_id", "in": "query", "schema": {"type": "integer"}}, {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}, "description": "received on or after"}, {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}, "description": "received on or before"}, {"name": "limit", "in": "query", "schema": {"type": "integer"}}, {"name": "cursor", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": page("Inquiry")}}}}},
            "post": op("Record an inquiry (sales, service); received_at may lie in the past", Some("InquiryInput"), "201", r("Inquiry"))
        },
        "/inquiries/{id}": {"parameters": id_param(), "get": op("One inquiry", None, "200", r("Inquiry"))},
        "/inquiries/{id}/answer": {"parameters": id_param(), "post": op("Answer (sales, service), once: answered → 409; send the version you read", Some("AnswerInput"), "200", r("Inquiry"))},
        "/complaints": {
            "get": {"summary": "Complaints, newest received first, each with its containment limit and its repeats (earlier complaints of the same product and category in 12 months)",
                "parameters": [{"name": "format", "in": "query", "schema": {"type": "string", "enum": ["json", "csv", "xlsx"]}, "description": "csv or xlsx: every matching record as a file"}, {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["open", "contained", "analysed", "action", "verified", "closed"]}}, {"name": "customer_id", "in": "query", "schema": {"type": "integer"}}, {"name": "product_id", "in": "query", "schema": {"type": "integer"}}, {"name": "batch_id", "in": "query", "schema": {"type": "integer"}}, {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}}, {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}}, {"name": "limit", "in": "query", "schema": {"type": "integer"}}, {"name": "cursor", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": page("Complaint")}}}}},
            "post": op("Register a complaint (sales, service, quality); the batch must be of the product, the note to the customer", Some("ComplaintInput"), "201", r("Complaint"))
        },
        "/departments": {"get": op("Every department with its members: by role (quality → quality, lab → lab, logistics → logistics, deputy GM and executive → management, …) and assigned by the admin", None, "200", json!({"type": "array"}))},
        "/departments/{department}": {"parameters": [{"name": "department", "in": "path", "required": true, "schema": {"type": "string", "enum": ["sales", "quality", "lab", "production", "rd", "logistics", "warehouse", "service", "management"]}}],
            "put": op("The admin replaces the people assigned to a department: {members:[username]} (active users only, else 422); audited", None, "200", json!({"type": "array"}))},
        "/liaison-forms": {
            "get": {"summary": "Liaison forms (信息联络处理单), newest received first; ?department= those routed to it",
                "parameters": [{"name": "format", "in": "query", "schema": {"type": "string", "enum": ["json", "csv", "xlsx"]}, "description": "csv or xlsx: every matching record as a file"}, {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["open", "routed", "acknowledged", "analysed", "measure", "verified", "closed"]}}, {"name": "department", "in": "query", "schema": {"type": "string", "enum": ["sales", "quality", "lab", "production", "rd", "logistics", "warehouse", "service", "management"]}}, {"name": "customer_id", "in": "query", "schema": {"type": "integer"}}, {"name": "product_id", "in": "query", "schema": {"type": "integer"}}, {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}}, {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}}, {"name": "limit", "in": "query", "schema": {"type": "integer"}}, {"name": "cursor", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": page("Liaison")}}}}},
            "post": op("Record a liaison form (sales, service): {customer_id, kind: complaint|suggestion|expectation, inquiry_id?, product_id?, channel?, received_at?, description, department?} — with a department it is routed at once", Some("LiaisonInput"), "201", r("Liaison"))
        },
        "/liaison-forms/{id}": {"parameters": id_param(), "get": op("One liaison form with each step's who and when", None, "200", r("Liaison"))},
        "/liaison-forms/{id}/{step}": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}, {"name": "step", "in": "path", "required": true, "schema": {"type": "string", "enum": ["route", "acknowledge", "analysis", "measure", "verify", "close"]}}],
            "post": op("A step with the version read: route {department} (sales, service; again until acknowledged); acknowledge, analysis {text}, measure {text, owner, due_on} (the routed department's people, else 403); verify {text, effective} (sales, service; never the measure's owner → 409; not effective → back to the analysis); close {result}. Out of order → 409", Some("LiaisonStep"), "200", r("Liaison"))},
        "/dashboards/service": {"get": op("The service board (service, managers, executive, quality): open records by SLA state, the ones overdue or near their limit, unanswered inquiries by age, complaints by 8D stage, tickets' first-response and resolution times by month (median, 90th percentile, working hours)", None, "200", json!({"type": "object", "properties": {"sla": {"type": "array"}, "attention": {"type": "array"}, "inquiry_ages": {"type": "array"}, "complaint_stages": {"type": "array"}, "months": {"type": "array"}, "as_of": {"type": "string"}}}))},
        "/service-tickets": {
            "get": {"summary": "Service tickets, newest received first, each with its response and resolution clocks on the company calendar (paused while waiting for the customer)",
                "parameters": [{"name": "format", "in": "query", "schema": {"type": "string", "enum": ["json", "csv", "xlsx"]}, "description": "csv or xlsx: every matching record as a file"}, {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["open", "responded", "waiting", "resolved", "closed"]}}, {"name": "customer_id", "in": "query", "schema": {"type": "integer"}}, {"name": "product_id", "in": "query", "schema": {"type": "integer"}}, {"name": "batch_id", "in": "query", "schema": {"type": "integer"}}, {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}}, {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}}, {"name": "limit", "in": "query", "schema": {"type": "integer"}}, {"name": "cursor", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": page("Ticket")}}}}},
            "post": op("Record a service ticket (service); the urgency's limits in force are kept on it", Some("TicketInput"), "201", r("Ticket"))
        },
        "/service-tickets/{id}": {"parameters": id_param(), "get": op("One service ticket; confirmation_link (while the customer may confirm, for 30 days by default) only for the service desk and the ticket's engineer, null for other readers", None, "200", r("Ticket"))},
        "/service-tickets/{id}/{step}": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}, {"name": "step", "in": "path", "required": true, "schema": {"type": "string", "enum": ["respond", "wait", "resume", "resolve", "confirm"]}}],
            "post": op("A step (service) with the version read and `at` when it happened earlier: respond {response} from open; wait {reason?} from open or responded; resume from waiting; resolve {result, fee_fen?} (makes the customer's link); confirm {channel, note?, satisfied?} from resolved. Out of order → 409", Some("TicketStep"), "200", r("Ticket"))},
        "/products/{id}/documents": {"parameters": id_param(),
            "get": op("A product's controlled documents (manual, SDS, certificate template, licence copies), each with its revisions, newest first, and the one in force", None, "200", json!({"type": "array"})),
            "post": op("Add a document {kind: manual|sds|certificate|licence, title} (service, quality); a kind and title once per product (409)", None, "201", json!({"type": "object"}))},
        "/documents/{id}": {"parameters": id_param(), "get": op("One document with its revisions", None, "200", json!({"type": "object"}))},
        "/documents/{id}/revisions": {"parameters": id_param(),
            "post": op("Add a revision {revision, issued_on, changes, file_name, content_base64} (service, quality): a PDF, PNG or JPEG by its bytes (else 422 on content_base64), at most 10 MiB (else 413), checked before anything is stored; a label once per document (409). A new SDS revision opens its distribution (distribution_id)", None, "201", json!({"type": "object"}))},
        "/documents/{id}/revisions/{rev}/file": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}, {"name": "rev", "in": "path", "required": true, "schema": {"type": "string"}}],
            "get": {"summary": "The revision's file with its content type (signed in)", "responses": {"200": {"description": "The file", "content": {"application/pdf": {}, "image/png": {}, "image/jpeg": {}}}}}},
        "/sds-distributions": {
            "get": {"summary": "SDS distributions (service, quality), newest first: each new SDS revision's customers supplied in the 12 months before it, until every one has acknowledged",
                "parameters": [{"name": "status", "in": "query", "schema": {"type": "string", "enum": ["open", "complete"]}}, {"name": "product_id", "in": "query", "schema": {"type": "integer"}}, {"name": "limit", "in": "query", "schema": {"type": "integer"}}, {"name": "cursor", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
        "/sds-distributions/{id}": {"parameters": id_param(), "get": op("One distribution with its recipients: {customer_id, last_delivery_on, sent?, acknowledged?, link?}; link (expires after 30 days by default → 410) only for the service desk, who sends it", None, "200", json!({"type": "object"}))},
        "/sds-distributions/{id}/recipients/{customer_id}/{step}": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}, {"name": "customer_id", "in": "path", "required": true, "schema": {"type": "integer"}}, {"name": "step", "in": "path", "required": true, "schema": {"type": "string", "enum": ["sent", "acknowledged"]}}],
            "post": op("Record a recipient's sending or acknowledgement {channel: email|letter|fax|wechat|visit} (service, quality): once each (409); not a recipient → 404. Acknowledging counts as sent", None, "200", json!({"type": "object"}))},
        "/sds-acknowledgements/{token}": {"parameters": [{"name": "token", "in": "path", "required": true, "schema": {"type": "string"}}],
            "post": op("The customer acknowledges the new SDS, no account (the link /sds/{token} shows it): used → 409, unknown → 404, guessing → 429", None, "200", json!({"type": "object"}))},
        "/customers/{id}/documents": {"parameters": id_param(), "get": op("The document revisions the customer holds (with goods, by an SDS distribution, at a training), one per document: {document_id, kind, title, product_name, revision, issued_on, held_since, newer_revision?, url}; newer_revision names the revision in force when the customer holds an older one", None, "200", json!({"type": "array"}))},
        "/trainings": {
            "get": {"summary": "Customer training sessions, newest held first, each with its attendees and materials (document revisions)",
                "parameters": [{"name": "customer_id", "in": "query", "schema": {"type": "integer"}}, {"name": "limit", "in": "query", "schema": {"type": "integer"}}, {"name": "cursor", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}}},
            "post": op("Record a training (service): {customer_id, held_on, topic, trainer, attendees:[name], product_id?, materials:[revision id]}", None, "201", json!({"type": "object"}))},
        "/feedback-reports": {
            "get": {"summary": "The quarterly feedback analysis (everyone at a desk): counts by type, channel, product and category; first-response and resolution times in working hours (median, 90th percentile, within-limit %); repeat complaints; main issues with their actions; the previous quarter beside it; as issued (with each department's acknowledgement) or worked out now. Both year and quarter, or neither (this quarter)",
                "parameters": [{"name": "year", "in": "query", "schema": {"type": "integer", "example": 2026}}, {"name": "quarter", "in": "query", "schema": {"type": "integer", "example": 1}}],
                "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}}},
            "post": op("Issue a quarter's analysis {year, quarter} to the departments concerned (service, sales manager): once per quarter (409), not a future quarter (422)", None, "201", json!({"type": "object"}))},
        "/feedback-reports/{id}/acknowledge": {"parameters": id_param(),
            "post": op("Acknowledge the report for the caller's departments it went to: none of them → 403; already → 409", None, "200", json!({"type": "object"}))},
        "/feedback-reports/{id}/report.xlsx": {"parameters": id_param(),
            "get": op("The issued report as an Excel workbook, in the reader's language", None, "200", json!({"type": "string", "format": "binary"}))},
        "/ticket-limits": {
            "get": op("The urgencies' limits in working minutes: {urgent:{response_minutes, resolution_minutes}, high, normal, version}", None, "200", json!({"type": "object"})),
            "put": op("Set the limits (admin); send the version you read (stale → 409)", None, "200", json!({"type": "object"}))
        },
        "/confirmations/{token}": {"parameters": [{"name": "token", "in": "path", "required": true, "schema": {"type": "string"}}],
            "post": op("The customer's confirmation {satisfied, comment?}, no account: used → 409, unknown → 404, guessing → 429; not satisfied reopens the ticket", None, "200", json!({"type": "object"}))},
        "/complaints/{id}": {"parameters": id_param(), "get": op("One complaint, with the batch's other recipients", None, "200", r("Complaint"))},
        "/complaints/{id}/containment": {"parameters": id_param(), "post": op("Containment {text}: from open", Some("ComplaintStep"), "200", r("Complaint"))},
        "/complaints/{id}/root-cause": {"parameters": id_param(), "post": op("Root cause {text}: from contained", Some("ComplaintStep"), "200", r("Complaint"))},
        "/complaints/{id}/action": {"parameters": id_param(), "post": op("Corrective action {text, owner, due_on, verify_on}: from analysed", Some("ComplaintStep"), "200", r("Complaint"))},
        "/complaints/{id}/verify": {"parameters": id_param(), "post": op("Effectiveness verification {evidence, effective}: not by the owner (409), not before verify_on (409); not effective → back to contained", Some("ComplaintStep"), "200", r("Complaint"))},
        "/complaints/{id}/close": {"parameters": id_param(), "post": op("Close: only after an effective verification", Some("ComplaintStep"), "200", r("Complaint"))},
        "/complaints/{id}/nonconformity": {"parameters": id_param(), "post": op("Quality: record the complaint's batch as nonconforming {classification, disposition, responsible, description?} — the batch stops shipping; only a quality complaint with a batch, not closed, once (409)", None, "200", r("Complaint"))},
        "/complaints/{id}/recall": {"parameters": id_param(), "post": op("Quality: start the recall of the complaint's batch {reason} — a task per customer who received it; only a quality complaint with a batch, not closed, once (409)", None, "200", r("Complaint"))},
        "/users": {
            "get": {"summary": "Users and their roles (admin)", "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}, {"name": "cursor", "in": "query", "schema": {"type": "string"}}], "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": page("Me")}}}}},
            "post": op("Create a user (admin): {username, display_name, roles:[…], password}", None, "201", r("Me"))
        },
        "/users/{id}": {
            "parameters": id_param(),
            "get": op("One user (admin)", None, "200", r("Me")),
            "put": op("Edit name, roles, active flag or password (admin); send the version you read", None, "200", r("Me"))
        },
        "/orders": {
            "get": {"summary": "The order register, newest first", "parameters": [
                {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["draft", "submitted", "approved", "in_fulfilment", "delivered", "closed", "rejected", "cancelled"]}},
                {"name": "customer_id", "in": "query", "schema": {"type": "integer"}},
                {"name": "sales_rep", "in": "query", "schema": {"type": "string"}},
                {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
                {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
                {"name": "limit", "in": "query", "schema": {"type": "integer"}}, {"name": "cursor", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": page("OrderSummary")}}}}},
            "post": op("Create an order (sales) at list price; another unit_price_fen opens a price exception; honours Idempotency-Key", Some("OrderInput"), "201", r("Order"))
        },
        "/orders/{id}": {"parameters": id_param(), "get": op("One order with lines, price exceptions, amendments, revisions and date changes", None, "200", r("Order")),
            "put": op("Edit a draft; send the version you read (stale → 409)", Some("OrderInput"), "200", r("Order"))},
        "/orders/{id}/submit": {"parameters": id_param(), "post": op("draft → submitted (its rep); optional {version}", Some("Step"), "200", r("Order"))},
        "/orders/{id}/approve": {"parameters": id_param(), "post": op("submitted → approved (deputy_gm, not the creator; no open price exception)", Some("Step"), "200", r("Order"))},
        "/orders/{id}/reject": {"parameters": id_param(), "post": op("submitted → rejected (deputy_gm); {reason}", Some("Step"), "200", r("Order"))},
        "/orders/{id}/withdraw": {"parameters": id_param(), "post": op("submitted → draft (its creator)", Some("Step"), "200", r("Order"))},
        "/orders/{id}/revise": {"parameters": id_param(), "post": op("rejected → draft (its rep)", Some("Step"), "200", r("Order"))},
        "/orders/{id}/cancel": {"parameters": id_param(), "post": op("cancel an order nothing of which was delivered; {reason}. Its rep or the sales manager; another rep → 403", Some("Step"), "200", r("Order"))},
        "/orders/{id}/amendments": {"parameters": id_param(), "post": op("Request an amendment of an approved order: {lines?, requested_delivery_date?, reason}. The order's rep only; another rep → 403", Some("AmendmentInput"), "201", json!({"type": "object"}))},
        "/orders/{id}/delivery-date-changes": {"parameters": id_param(), "post": op("A delivery date agreed with the customer: {new_date, reason, agreed_by, agreed_at}. Its rep or the sales manager; another rep → 403", None, "201", r("Order"))},
        "/amendments/{id}/approve": {"parameters": id_param(), "post": op("Approve an amendment (sales_manager, not the requester): a new revision", Some("Step"), "200", json!({"type": "object"}))},
        "/amendments/{id}/reject": {"parameters": id_param(), "post": op("Reject an amendment (sales_manager)", Some("Step"), "200", json!({"type": "object"}))},
        "/price-exceptions/{id}/approve": {"parameters": id_param(), "post": op("Approve a price exception (sales_manager, not the requester)", Some("Step"), "200", json!({"type": "object"}))},
        "/price-exceptions/{id}/reject": {"parameters": id_param(), "post": op("Refuse a price exception; a submitted order returns to draft", Some("Step"), "200", json!({"type": "object"}))},
        "/readiness/check": {"post": op("Run the two-day readiness check now (sales, sales_manager)", None, "200", json!({"type": "object"}))},
        "/escalations": {"get": op("Open readiness escalations (sales, sales_manager)", None, "200", json!({"type": "array"}))},
        "/ledger": {"get": {"summary": "The product sales ledger; ?format=csv|xlsx exports every matching row", "parameters": [
                {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["json", "csv", "xlsx"]}},
                {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}}, {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
                {"name": "customer_id", "in": "query", "schema": {"type": "integer"}}, {"name": "sales_rep", "in": "query", "schema": {"type": "string"}}],
            "responses": {"200": {"description": "JSON page, CSV or XLSX"}}}},
        "/batches": {
            "get": {"summary": "Batches, newest first", "parameters": [{"name": "status", "in": "query", "schema": {"type": "string"}}, {"name": "product_id", "in": "query", "schema": {"type": "integer"}}, {"name": "q", "in": "query", "schema": {"type": "string"}, "description": "a whole batch number (case-insensitive)"}, {"name": "limit", "in": "query", "schema": {"type": "integer"}}, {"name": "cursor", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": page("Batch")}}}}},
            "post": op("Register a production batch (lab, quality); honours Idempotency-Key", Some("BatchInput"), "201", r("Batch"))
        },
        "/batches/{id}": {"parameters": id_param(), "get": op("One batch with inspections, emergency releases and nonconformities", None, "200", r("Batch"))},
        "/batches/{id}/inspections": {"parameters": id_param(), "post": op("Interim or final results (lab); the verdict follows from the indicators; a final pass issues report and certificate numbers", Some("InspectionInput"), "201", r("Batch"))},
        "/batches/{id}/accept": {"parameters": id_param(), "post": op("Accept a failed final result with a recorded reason (quality): {reason, version?}", Some("Step"), "200", r("Batch"))},
        "/batches/{id}/stock-in": {"parameters": id_param(), "post": op("Verify the certificate and label into stock (warehouse); passed batches only: {certificate_no?, version?}", None, "200", r("Batch"))},
        "/batches/{id}/nonconformity": {"parameters": id_param(), "post": op("Record nonconforming product (quality)", Some("NonconformityInput"), "201", json!({"type": "object"}))},
        "/batches/{id}/trace": {"parameters": id_param(), "get": op("Every delivery note and customer that received the batch (quality, managers)", None, "200", json!({"type": "object", "properties": {"deliveries": {"type": "array"}}}))},
        "/nonconformities": {"get": op("Nonconformity records, open first", None, "200", json!({"type": "object"}))},
        "/nonconformities/{id}/close": {"parameters": id_param(), "post": op("Close a nonconformity with its result (quality): {result, version?}", None, "200", json!({"type": "object"}))},
        "/emergency-releases": {
            "get": {"summary": "Emergency releases by ?status=pending|approved|rejected", "parameters": [{"name": "status", "in": "query", "schema": {"type": "string", "enum": ["pending", "approved", "rejected"]}}], "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object", "properties": {"items": {"type": "array"}, "next_cursor": {"type": "null"}}}}}}}},
            "post": op("Request an emergency release for one delivery note and batch (sales)", Some("EmergencyReleaseInput"), "201", json!({"type": "object"}))
        },
        "/emergency-releases/{id}": {"parameters": id_param(), "get": op("One emergency release", None, "200", json!({"type": "object"}))},
        "/emergency-releases/{id}/approve": {"parameters": id_param(), "post": op("Approve (deputy_gm, not the requester): marks the batch, allocates it to the note", Some("Step"), "200", json!({"type": "object"}))},
        "/emergency-releases/{id}/reject": {"parameters": id_param(), "post": op("Reject (deputy_gm): {reason}", Some("Step"), "200", json!({"type": "object"}))},
        "/recalls": {"get": op("Recalls, open first (?status=open)", None, "200", json!({"type": "object"}))},
        "/recalls/{id}": {"parameters": id_param(), "get": op("One recall with a task per customer", None, "200", json!({"type": "object"}))},
        "/recalls/{id}/returns": {"parameters": id_param(), "post": op("Record returned goods from a customer (quality)", Some("ReturnInput"), "201", json!({"type": "object"}))},
        "/delivery-notes": {
            "get": {"summary": "Delivery notes by delivery date (a driver sees only their own)", "parameters": [{"name": "status", "in": "query", "schema": {"type": "string"}}, {"name": "order_id", "in": "query", "schema": {"type": "integer"}}, {"name": "limit", "in": "query", "schema": {"type": "integer"}}, {"name": "cursor", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": page("DeliveryNote")}}}}},
            "post": op("Issue a delivery note from an approved order (sales); a batch the gate does not allow → 409", Some("NoteInput"), "201", r("DeliveryNote"))
        },
        "/delivery-notes/{id}": {"parameters": id_param(), "get": op("One delivery note", None, "200", r("DeliveryNote")), "put": op("Edit a draft; send the version you read", Some("NoteInput"), "200", r("DeliveryNote"))},
        "/delivery-notes/{id}/approve": {"parameters": id_param(), "post": op("Approve (sales_manager, not the creator); every line allocated", Some("Step"), "200", r("DeliveryNote"))},
        "/delivery-notes/{id}/cancel": {"parameters": id_param(), "post": op("Cancel a note not yet loaded (sales): {reason}", Some("Step"), "200", r("DeliveryNote"))},
        "/delivery-notes/{id}/assign": {"parameters": id_param(), "post": op("Assign driver and vehicle (logistics)", Some("AssignInput"), "200", r("DeliveryNote"))},
        "/delivery-notes/{id}/load": {"parameters": id_param(), "post": op("Confirm loading, both sign (warehouse); permit and gate checked again", Some("LoadInput"), "200", r("DeliveryNote"))},
        "/delivery-notes/{id}/receipt": {"parameters": id_param(), "post": op("The customer's receipt (the assigned driver); honours Idempotency-Key; once per note", Some("ReceiptInput"), "201", r("DeliveryNote"))},
        "/delivery-notes/{id}/print": {"parameters": id_param(), "get": {"summary": "The printable three-copy A4 HTML page (?lang=zh|en), QR code to the receipt page", "responses": {"200": {"description": "The page", "content": {"text/html": {"schema": {"type": "string"}}}}}}},
        "/drivers": {"get": op("Active drivers (logistics)", None, "200", json!({"type": "array"}))},
        "/dashboards/approvals": {"get": op("Everything waiting for approval, and what waits on me", None, "200", json!({"type": "object", "properties": {"pending": {"type": "array"}, "waiting_on_me": {"type": "array"}}}))},
        "/dashboards/deliveries": {"get": {"summary": "Delivery deadlines: the next ?days=14 by date with readiness, overdue orders, on-time rate by month", "parameters": [{"name": "days", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 60, "default": 14}}], "responses": {"200": {"description": "OK"}}}},
        "/dashboards/satisfaction": {"get": op("Satisfaction trends: every period with response rate and averages, the targets, open corrective actions, the latest low scores", None, "200", json!({"type": "object"}))},
        "/survey-periods": {"post": op("Open a half-year survey (sales_manager): {year, half}; one single-use link per active customer", None, "201", json!({"type": "object"}))},
        "/survey-periods/{id}": {"parameters": id_param(), "get": op("A period: links [{customer_id, token, answered}] (token only for the sales manager, who sends the links; null for other readers; a link expires at the end of its half year → 410), response rate, averages, previous half year, same half of earlier years, targets, low scores, corrective actions", None, "200", json!({"type": "object"}))},
        "/survey-periods/{id}/close": {"parameters": id_param(), "post": op("Close a period (sales_manager): a dimension below target or declining opens a corrective action", Some("Step"), "200", json!({"type": "object"}))},
        "/surveys/{token}": {"parameters": [{"name": "token", "in": "path", "required": true, "schema": {"type": "string"}}], "post": {"summary": "The customer's answer, no account: {quality, delivery, service, price: 1–5, comment?}; used → 409, unknown → 404; rate limited", "security": [], "responses": {"201": {"description": "Recorded"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}, "429": {"$ref": "#/components/responses/Error"}}}},
        "/corrective-actions": {"get": op("Corrective actions, open first (sales_manager, quality, managers)", None, "200", json!({"type": "object"}))},
        "/survey-periods/{id}/report.xlsx": {"parameters": id_param(), "get": {"summary": "The period's results for top management as an XLSX workbook: summary with comparisons, main dissatisfaction items, low scores, corrective actions", "responses": {"200": {"description": "XLSX", "content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}, "404": {"$ref": "#/components/responses/Error"}}}},
        "/dashboards/performance": {"get": {"summary": "Sales performance per rep for a half year (default: the current one): delivered value, target and completion, satisfaction of the rep's customers, on-time delivery rate, complaints", "parameters": [{"name": "year", "in": "query", "schema": {"type": "integer"}}, {"name": "half", "in": "query", "schema": {"type": "integer", "enum": [1, 2]}}], "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}, "422": {"$ref": "#/components/responses/Error"}}}},
        "/sales-targets": {"put": op("A rep's sales target for a half year (sales_manager): {sales_rep, year, half, amount_fen}; 0 removes it; answers with the half year's performance report", None, "200", json!({"type": "object"}))},
        "/corrective-actions/{id}": {"parameters": id_param(), "get": op("One corrective action", None, "200", json!({"type": "object"})), "put": op("Record cause analysis, measures, verification, result; {close: true} closes it (all four needed)", None, "200", json!({"type": "object"}))},
        "/satisfaction-targets": {"put": op("Targets per dimension (sales_manager): {quality, delivery, service, price}, 1–5", None, "200", json!({"type": "object"}))},
        "/events": {"get": {"summary": "Server-Sent Events: {kind, id} of each change the caller may hear (a driver: their own notes'); ends with the session", "responses": {"200": {"description": "text/event-stream"}}}},
        "/openapi.json": {"get": {"summary": "This document", "security": [], "responses": {"200": {"description": "OpenAPI 3", "content": {"application/json": {"schema": {"type": "object", "required": ["openapi", "paths"]}}}}}}}
    });
    doc["paths"] = paths;
    complete(&mut doc["paths"]);
    doc
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// What every operation may answer besides its success (API.md "Conventions"), filled in
/// where an entry above does not say: the error statuses in the error shape (a public link
/// route never 401/403, but 410 once expired), 413 for a body over the limit, 429 where a
/// throttle counts (sign-in, the customers' links); `?format=csv|xlsx` exports their files.
/// The schemathesis run in `make test` (end2end/fuzz) holds every answer to this.
fn complete(paths: &mut Value) {
    let Some(paths) = paths.as_object_mut() else { return };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else { continue };
        let public_link = path.contains("{token}");
        for (method, op) in item.iter_mut() {
            if !matches!(method.as_str(), "get" | "put" | "post" | "delete") {
                continue;
            }
            let exports = op["parameters"].as_array().is_some_and(|ps| {
                ps.iter().any(|p| p["name"] == "format" && p["schema"]["enum"].to_string().contains("xlsx"))
            });
            let responses = &mut op["responses"];
            let mut codes = vec!["400", "404", "409", "422"];
            if public_link {
                codes.extend(["410", "429"]);
            } else {
                codes.extend(["401", "403"]);
            }
            if path == "/session" && method == "post" {
                codes.push("429");
            }
            if method != "get" {
                codes.push("413");
            }
            for code in codes {
                if responses.get(code).is_none() {
                    responses[code] = json!({"$ref": "#/components/responses/Error"});
                }
            }
            if exports {
                let content = &mut responses["200"]["content"];
                if content.get("application/json").is_none() {
                    content["application/json"] = json!({"schema": {"type": "object"}});
                }
                content["text/csv"] = json!({"schema": {"type": "string"}});
                content[XLSX] = json!({"schema": {"type": "string", "format": "binary"}});
            }
            if path.ends_with(".xlsx") {
                responses["200"]["content"] = json!({XLSX: {"schema": {"type": "string", "format": "binary"}}});
            }
        }
    }
}

pub async fn document() -> Json<Value> {
    Json(spec())
}
