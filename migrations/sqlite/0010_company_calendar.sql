-- The company calendar (工作日历): one row, the calendar as the API reads it (JSON), with a
-- version for concurrent edits. Without a row the standard calendar applies
-- (Monday–Friday 08:30–12:00 and 13:30–17:30, Asia/Shanghai).
CREATE TABLE company_calendar (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    body TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
