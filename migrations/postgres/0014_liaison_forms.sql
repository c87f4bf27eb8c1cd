-- Liaison forms (信息联络处理单, §4.2.4): a complaint, suggestion or expectation routed to a
-- department, acknowledged, analysed, given an improvement measure, verified and closed with
-- its result; each step keeps who and when. Each list filter ends in the list's sort
-- (received_at DESC, id DESC).
CREATE TABLE liaison_form (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version BIGINT NOT NULL DEFAULT 1,
    number TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('open', 'routed', 'acknowledged', 'analysed', 'measure', 'verified', 'closed')),
    kind TEXT NOT NULL CHECK (kind IN ('complaint', 'suggestion', 'expectation')),
    customer_id BIGINT NOT NULL REFERENCES customer (id),
    product_id BIGINT REFERENCES product (id),
    inquiry_id BIGINT REFERENCES inquiry (id),
    channel TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    entered_at BIGINT NOT NULL,
    entered_by TEXT NOT NULL,
    description TEXT NOT NULL,
    department TEXT,
    routed_by TEXT,
    routed_at BIGINT,
    acknowledged_by TEXT,
    acknowledged_at BIGINT,
    analysis TEXT,
    analysed_by TEXT,
    analysed_at BIGINT,
    measure TEXT,
    measure_owner TEXT,
    measure_due_on TEXT,
    measure_by TEXT,
    measure_at BIGINT,
    verification TEXT,
    effective BOOLEAN,
    verified_by TEXT,
    verified_at BIGINT,
    failed_verifications BIGINT NOT NULL DEFAULT 0,
    result TEXT,
    closed_by TEXT,
    closed_at BIGINT
);
CREATE INDEX liaison_form_received ON liaison_form (received_at, id);
CREATE INDEX liaison_form_status ON liaison_form (status, received_at, id);
CREATE INDEX liaison_form_customer ON liaison_form (customer_id, received_at, id);
CREATE INDEX liaison_form_product ON liaison_form (product_id, received_at, id);
CREATE INDEX liaison_form_department ON liaison_form (department, received_at, id);

-- The departments the admin assigned to a person, beyond those of their roles.
CREATE TABLE user_department (
    username TEXT NOT NULL,
    department TEXT NOT NULL,
    PRIMARY KEY (username, department)
);
