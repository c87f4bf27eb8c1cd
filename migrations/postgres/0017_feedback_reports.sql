-- The quarterly feedback analysis (§4.2.3), once issued: its figures and the quarter before
-- as they were sent (JSON), and each department's acknowledgement (who, when).
CREATE TABLE feedback_report (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year INTEGER NOT NULL,
    quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    figures TEXT NOT NULL,
    previous TEXT NOT NULL,
    issued_by TEXT NOT NULL,
    issued_at BIGINT NOT NULL,
    UNIQUE (year, quarter)
);

CREATE TABLE feedback_ack (
    report_id BIGINT NOT NULL REFERENCES feedback_report (id),
    department TEXT NOT NULL,
    acknowledged_by TEXT,
    acknowledged_at BIGINT,
    PRIMARY KEY (report_id, department)
);
