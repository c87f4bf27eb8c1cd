-- Customer inquiries (顾客咨询, §4.2.2). `received_at` is when the customer asked (it may lie
-- before `entered_at`, when the record was typed in); `due_at` is one working day after
-- `received_at` on the company calendar as it was when entered. `consulted` holds the
-- department keys, comma-separated. Each list filter ends in the list's sort
-- (received_at DESC, id DESC).
CREATE TABLE inquiry (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version BIGINT NOT NULL DEFAULT 1,
    number TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('open', 'answered')),
    customer_id BIGINT NOT NULL REFERENCES customer (id),
    channel TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    entered_at BIGINT NOT NULL,
    entered_by TEXT NOT NULL,
    product_id BIGINT REFERENCES product (id),
    question TEXT NOT NULL,
    answer TEXT,
    answered_by TEXT,
    answered_at BIGINT,
    consulted TEXT NOT NULL DEFAULT '',
    due_at BIGINT NOT NULL
);
CREATE INDEX inquiry_received ON inquiry (received_at, id);
CREATE INDEX inquiry_status ON inquiry (status, received_at, id);
CREATE INDEX inquiry_customer ON inquiry (customer_id, received_at, id);
CREATE INDEX inquiry_product ON inquiry (product_id, received_at, id);
