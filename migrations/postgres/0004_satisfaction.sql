-- Customer satisfaction (§4.2.5): half-year survey periods with one single-use link per
-- active customer, the answers, targets per dimension, and the corrective actions a closed
-- period opens for a dimension below target or declining.

CREATE TABLE survey_period (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version BIGINT NOT NULL DEFAULT 1,
    year INTEGER NOT NULL,
    half INTEGER NOT NULL CHECK (half IN (1, 2)),
    status TEXT NOT NULL,
    target_quality DOUBLE PRECISION NOT NULL,
    target_delivery DOUBLE PRECISION NOT NULL,
    target_service DOUBLE PRECISION NOT NULL,
    target_price DOUBLE PRECISION NOT NULL,
    opened_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    closed_by TEXT,
    closed_at BIGINT
);
CREATE UNIQUE INDEX survey_period_half ON survey_period (year, half);

CREATE TABLE survey_link (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    period_id BIGINT NOT NULL REFERENCES survey_period (id),
    customer_id BIGINT NOT NULL REFERENCES customer (id),
    token TEXT NOT NULL UNIQUE,
    answered_at BIGINT
);
CREATE UNIQUE INDEX survey_link_customer ON survey_link (period_id, customer_id);

CREATE TABLE survey_response (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    link_id BIGINT NOT NULL UNIQUE REFERENCES survey_link (id),
    period_id BIGINT NOT NULL REFERENCES survey_period (id),
    customer_id BIGINT NOT NULL REFERENCES customer (id),
    quality INTEGER NOT NULL CHECK (quality BETWEEN 1 AND 5),
    delivery INTEGER NOT NULL CHECK (delivery BETWEEN 1 AND 5),
    service INTEGER NOT NULL CHECK (service BETWEEN 1 AND 5),
    price INTEGER NOT NULL CHECK (price BETWEEN 1 AND 5),
    comment TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX survey_response_period ON survey_response (period_id, customer_id);

CREATE TABLE satisfaction_target (
    dimension TEXT PRIMARY KEY,
    target DOUBLE PRECISION NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE corrective_action (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version BIGINT NOT NULL DEFAULT 1,
    number TEXT NOT NULL UNIQUE,
    period_id BIGINT NOT NULL REFERENCES survey_period (id),
    dimension TEXT NOT NULL,
    average DOUBLE PRECISION NOT NULL,
    target DOUBLE PRECISION NOT NULL,
    previous DOUBLE PRECISION,
    below_target BOOLEAN NOT NULL,
    declining BOOLEAN NOT NULL,
    owner TEXT NOT NULL,
    status TEXT NOT NULL,
    cause_analysis TEXT,
    measures TEXT,
    verification TEXT,
    result TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    closed_by TEXT,
    closed_at BIGINT
);
CREATE UNIQUE INDEX corrective_action_dimension ON corrective_action (period_id, dimension);
CREATE INDEX corrective_action_status ON corrective_action (status, created_at);
