-- Customer complaints (顾客投诉记录) worked in 8D steps. Each step keeps who and when; a
-- verification that found the action not effective sends the complaint back to its root
-- cause (`failed_verifications` counts them; the audit trail keeps each one). Each list
-- filter ends in the list's sort (received_at DESC, id DESC); repeats are found by
-- (product_id, category, received_at).
CREATE TABLE complaint (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version BIGINT NOT NULL DEFAULT 1,
    number TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('open', 'contained', 'analysed', 'action', 'verified', 'closed')),
    customer_id BIGINT NOT NULL REFERENCES customer (id),
    product_id BIGINT NOT NULL REFERENCES product (id),
    batch_id BIGINT REFERENCES batch (id),
    delivery_note_id BIGINT REFERENCES delivery_note (id),
    severity TEXT NOT NULL,
    category TEXT NOT NULL,
    channel TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    entered_at BIGINT NOT NULL,
    entered_by TEXT NOT NULL,
    description TEXT NOT NULL,
    containment_due_at BIGINT NOT NULL,
    containment TEXT,
    contained_by TEXT,
    contained_at BIGINT,
    root_cause TEXT,
    analysed_by TEXT,
    analysed_at BIGINT,
    action TEXT,
    action_owner TEXT,
    action_due_on TEXT,
    verify_on TEXT,
    action_by TEXT,
    action_at BIGINT,
    evidence TEXT,
    effective BOOLEAN,
    verified_by TEXT,
    verified_at BIGINT,
    failed_verifications BIGINT NOT NULL DEFAULT 0,
    closed_by TEXT,
    closed_at BIGINT
);
CREATE INDEX complaint_received ON complaint (received_at, id);
CREATE INDEX complaint_status ON complaint (status, received_at, id);
CREATE INDEX complaint_customer ON complaint (customer_id, received_at, id);
CREATE INDEX complaint_product ON complaint (product_id, category, received_at, id);
CREATE INDEX complaint_product_only ON complaint (product_id, received_at, id);
CREATE INDEX complaint_batch ON complaint (batch_id, received_at, id);
