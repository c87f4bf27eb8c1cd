-- Service tickets (售后服务记录). The limits in force when the ticket was received are kept on
-- it (working minutes), so a later change of the settings does not move its due times.
-- `pauses` holds the waiting-for-the-customer intervals as `from:until` Unix milliseconds,
-- comma-separated (an open pause has no `until`). `confirm_token` is the customer's single-use
-- link, set when the ticket is resolved and cleared once used. Each list filter ends in the
-- list's sort (received_at DESC, id DESC).
CREATE TABLE service_ticket (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL DEFAULT 1,
    number TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('open', 'responded', 'waiting', 'resolved', 'closed')),
    customer_id BIGINT NOT NULL REFERENCES customer (id),
    kind TEXT NOT NULL,
    urgency TEXT NOT NULL,
    channel TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    entered_at BIGINT NOT NULL,
    entered_by TEXT NOT NULL,
    product_id BIGINT REFERENCES product (id),
    batch_id BIGINT REFERENCES batch (id),
    delivery_note_id BIGINT REFERENCES delivery_note (id),
    inquiry_id BIGINT REFERENCES inquiry (id),
    engineer TEXT,
    description TEXT NOT NULL,
    response_limit BIGINT NOT NULL,
    resolution_limit BIGINT NOT NULL,
    pauses TEXT NOT NULL DEFAULT '',
    wait_reason TEXT,
    response TEXT,
    responded_by TEXT,
    responded_at BIGINT,
    result TEXT,
    fee_fen BIGINT,
    resolved_by TEXT,
    resolved_at BIGINT,
    confirm_token TEXT UNIQUE,
    confirmed_via TEXT,
    confirmed_by TEXT,
    confirmed_at BIGINT,
    satisfied INTEGER CHECK (satisfied IN (0, 1)),
    confirmation_note TEXT,
    reopened BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX service_ticket_received ON service_ticket (received_at, id);
CREATE INDEX service_ticket_status ON service_ticket (status, received_at, id);
CREATE INDEX service_ticket_customer ON service_ticket (customer_id, received_at, id);
CREATE INDEX service_ticket_product ON service_ticket (product_id, received_at, id);
CREATE INDEX service_ticket_batch ON service_ticket (batch_id, received_at, id);

-- Settings kept as one JSON body per key, with a version for concurrent edits
-- (`ticket_limits`: the urgencies' limits). Without a row the standard settings apply.
CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
