-- Contract/order register: orders and lines, price exceptions, amendments with every
-- approved revision kept, negotiated delivery-date changes, readiness escalations, the
-- product sales ledger, and numbering sequences.

CREATE TABLE number_sequence (
    name TEXT NOT NULL,
    year INTEGER NOT NULL,
    next_value BIGINT NOT NULL,
    PRIMARY KEY (name, year)
);

CREATE TABLE sales_order (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL DEFAULT 1,
    number TEXT NOT NULL UNIQUE,
    customer_id BIGINT NOT NULL REFERENCES customer (id),
    sales_rep TEXT NOT NULL,
    status TEXT NOT NULL,
    order_date TEXT NOT NULL,
    requested_delivery_date TEXT NOT NULL,
    contract_ref TEXT,
    readiness TEXT NOT NULL DEFAULT 'n/a',
    revision BIGINT NOT NULL DEFAULT 1,
    total_fen BIGINT NOT NULL,
    submitted_at BIGINT,
    approved_by TEXT,
    approved_at BIGINT,
    status_reason TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX sales_order_status ON sales_order (status, requested_delivery_date);
CREATE INDEX sales_order_customer ON sales_order (customer_id, order_date);
CREATE INDEX sales_order_rep ON sales_order (sales_rep, order_date);
CREATE INDEX sales_order_date ON sales_order (order_date, id);
CREATE INDEX sales_order_delivery ON sales_order (requested_delivery_date);

CREATE TABLE order_line (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id BIGINT NOT NULL REFERENCES sales_order (id),
    position INTEGER NOT NULL,
    product_id BIGINT NOT NULL REFERENCES product (id),
    quantity_milli BIGINT NOT NULL CHECK (quantity_milli > 0),
    unit_price_fen BIGINT NOT NULL CHECK (unit_price_fen > 0),
    list_price_fen BIGINT NOT NULL,
    delivered_milli BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX order_line_order ON order_line (order_id, position);
CREATE INDEX order_line_product ON order_line (product_id);

CREATE TABLE price_exception (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL DEFAULT 1,
    order_id BIGINT NOT NULL REFERENCES sales_order (id),
    product_id BIGINT NOT NULL REFERENCES product (id),
    list_price_fen BIGINT NOT NULL,
    unit_price_fen BIGINT NOT NULL,
    status TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    decided_by TEXT,
    decided_at BIGINT,
    decision_reason TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX price_exception_status ON price_exception (status, created_at);
CREATE INDEX price_exception_order ON price_exception (order_id);

CREATE TABLE order_amendment (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL DEFAULT 1,
    order_id BIGINT NOT NULL REFERENCES sales_order (id),
    status TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    reason TEXT NOT NULL,
    changes_json TEXT NOT NULL,
    base_revision BIGINT NOT NULL,
    decided_by TEXT,
    decided_at BIGINT,
    decision_reason TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX order_amendment_status ON order_amendment (status, created_at);
CREATE INDEX order_amendment_order ON order_amendment (order_id);

CREATE TABLE order_revision (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id BIGINT NOT NULL REFERENCES sales_order (id),
    revision BIGINT NOT NULL,
    snapshot_json TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    approved_at BIGINT NOT NULL,
    amendment_id BIGINT
);
CREATE UNIQUE INDEX order_revision_order ON order_revision (order_id, revision);

CREATE TABLE delivery_date_change (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id BIGINT NOT NULL REFERENCES sales_order (id),
    old_date TEXT NOT NULL,
    new_date TEXT NOT NULL,
    reason TEXT NOT NULL,
    agreed_by TEXT NOT NULL,
    agreed_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX delivery_date_change_order ON delivery_date_change (order_id);

CREATE TABLE escalation (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id BIGINT NOT NULL REFERENCES sales_order (id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    closed_at BIGINT,
    closed_by TEXT
);
CREATE INDEX escalation_open ON escalation (status, order_id);

CREATE TABLE ledger_entry (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    delivered_on TEXT NOT NULL,
    customer_id BIGINT NOT NULL REFERENCES customer (id),
    product_id BIGINT NOT NULL REFERENCES product (id),
    order_id BIGINT NOT NULL REFERENCES sales_order (id),
    delivery_note_id BIGINT,
    batch_no TEXT,
    quantity_milli BIGINT NOT NULL,
    amount_fen BIGINT NOT NULL,
    sales_rep TEXT NOT NULL,
    permit_no TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX ledger_entry_date ON ledger_entry (delivered_on, id);
CREATE INDEX ledger_entry_customer ON ledger_entry (customer_id, delivered_on);
CREATE INDEX ledger_entry_rep ON ledger_entry (sales_rep, delivered_on);
