-- Release gate (§4.1.1, §4.1.5): production batches, laboratory inspections with their
-- report and certificate numbers, nonconforming product, emergency releases, recalls with a
-- task per customer; and delivery notes with their batch allocations, which only the gate
-- lets through.

CREATE TABLE batch (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL DEFAULT 1,
    product_id BIGINT NOT NULL REFERENCES product (id),
    batch_no TEXT NOT NULL UNIQUE,
    quantity_milli BIGINT NOT NULL CHECK (quantity_milli > 0),
    produced_on TEXT NOT NULL,
    status TEXT NOT NULL,
    emergency_released INTEGER NOT NULL DEFAULT 0 CHECK (emergency_released IN (0, 1)),
    report_no TEXT,
    certificate_no TEXT,
    stocked_by TEXT,
    stocked_at BIGINT,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX batch_status ON batch (status, created_at);
CREATE INDEX batch_product ON batch (product_id, status);

CREATE TABLE inspection (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    batch_id BIGINT NOT NULL REFERENCES batch (id),
    results_json TEXT NOT NULL,
    final INTEGER NOT NULL CHECK (final IN (0, 1)),
    verdict TEXT NOT NULL,
    inspector TEXT NOT NULL,
    accepted_by TEXT,
    accepted_reason TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX inspection_batch ON inspection (batch_id, id);

CREATE TABLE nonconformity (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL DEFAULT 1,
    batch_id BIGINT NOT NULL REFERENCES batch (id),
    classification TEXT NOT NULL,
    disposition TEXT NOT NULL,
    responsible TEXT NOT NULL,
    description TEXT,
    status TEXT NOT NULL,
    result TEXT,
    opened_by TEXT NOT NULL,
    closed_by TEXT,
    closed_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX nonconformity_status ON nonconformity (status, created_at);
CREATE INDEX nonconformity_batch ON nonconformity (batch_id);

CREATE TABLE delivery_note (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL DEFAULT 1,
    number TEXT NOT NULL UNIQUE,
    order_id BIGINT NOT NULL REFERENCES sales_order (id),
    customer_id BIGINT NOT NULL REFERENCES customer (id),
    delivery_date TEXT NOT NULL,
    status TEXT NOT NULL,
    created_by TEXT NOT NULL,
    approved_by TEXT,
    approved_at BIGINT,
    driver_username TEXT,
    vehicle TEXT,
    assigned_by TEXT,
    packaging_ok INTEGER CHECK (packaging_ok IN (0, 1)),
    labels_ok INTEGER CHECK (labels_ok IN (0, 1)),
    warehouse_signature TEXT,
    driver_signature TEXT,
    loaded_by TEXT,
    loaded_at BIGINT,
    receiver_name TEXT,
    customer_signature TEXT,
    photo TEXT,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    received_at_device BIGINT,
    received_at_server BIGINT,
    receipt_flagged INTEGER NOT NULL DEFAULT 0 CHECK (receipt_flagged IN (0, 1)),
    receipt_key TEXT,
    status_reason TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX delivery_note_order ON delivery_note (order_id);
CREATE INDEX delivery_note_status ON delivery_note (status, delivery_date);
CREATE INDEX delivery_note_driver ON delivery_note (driver_username, delivery_date);
CREATE INDEX delivery_note_date ON delivery_note (delivery_date, id);

CREATE TABLE delivery_note_line (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    note_id BIGINT NOT NULL REFERENCES delivery_note (id),
    position INTEGER NOT NULL,
    order_line_id BIGINT NOT NULL REFERENCES order_line (id),
    product_id BIGINT NOT NULL REFERENCES product (id),
    batch_id BIGINT REFERENCES batch (id),
    quantity_milli BIGINT NOT NULL CHECK (quantity_milli > 0),
    received_milli BIGINT,
    exception_note TEXT
);
CREATE INDEX delivery_note_line_note ON delivery_note_line (note_id, position);
CREATE INDEX delivery_note_line_batch ON delivery_note_line (batch_id);
CREATE INDEX delivery_note_line_order_line ON delivery_note_line (order_line_id);

CREATE TABLE emergency_release (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL DEFAULT 1,
    delivery_note_id BIGINT NOT NULL REFERENCES delivery_note (id),
    batch_id BIGINT NOT NULL REFERENCES batch (id),
    quantity_milli BIGINT NOT NULL CHECK (quantity_milli > 0),
    reason TEXT NOT NULL,
    risk_level TEXT NOT NULL,
    risk_assessment TEXT NOT NULL,
    customer_consent_by TEXT NOT NULL,
    customer_consent_how TEXT,
    customer_consent_at TEXT NOT NULL,
    retained_sample_ref TEXT NOT NULL,
    status TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    decided_by TEXT,
    decided_at BIGINT,
    decision_reason TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX emergency_release_status ON emergency_release (status, created_at);
CREATE INDEX emergency_release_batch ON emergency_release (batch_id, delivery_note_id);

CREATE TABLE recall (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL DEFAULT 1,
    number TEXT NOT NULL UNIQUE,
    batch_id BIGINT NOT NULL REFERENCES batch (id),
    status TEXT NOT NULL,
    reason TEXT NOT NULL,
    opened_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    closed_at BIGINT
);
CREATE INDEX recall_status ON recall (status, created_at);
CREATE INDEX recall_batch ON recall (batch_id);

CREATE TABLE recall_task (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recall_id BIGINT NOT NULL REFERENCES recall (id),
    customer_id BIGINT NOT NULL REFERENCES customer (id),
    delivered_milli BIGINT NOT NULL,
    returned_milli BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    closed_at BIGINT
);
CREATE UNIQUE INDEX recall_task_customer ON recall_task (recall_id, customer_id);

CREATE TABLE recall_return (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id BIGINT NOT NULL REFERENCES recall_task (id),
    quantity_milli BIGINT NOT NULL CHECK (quantity_milli > 0),
    recorded_by TEXT NOT NULL,
    note TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX recall_return_task ON recall_return (task_id);
