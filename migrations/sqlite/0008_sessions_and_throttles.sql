-- Sessions end after a time without requests as well as at their absolute expiry (ASVS 5.0
-- 7.3.1): the last request's time, written at most once a minute.
ALTER TABLE user_session ADD COLUMN last_seen_at BIGINT NOT NULL DEFAULT 0;
UPDATE user_session SET last_seen_at = created_at;

-- One table for every throttle (failed sign-ins per user name and per address, guessed
-- survey and confirmation links per address), so that several `server` processes on one
-- PostgreSQL count together. `bucket` names the throttle, `subject` what it counts.
CREATE TABLE throttle_event (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    bucket TEXT NOT NULL,
    subject TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX throttle_event_subject ON throttle_event (bucket, subject, at);
CREATE INDEX throttle_event_at ON throttle_event (at);

INSERT INTO throttle_event (bucket, subject, at) SELECT 'signin.user', username, at FROM login_failure;
INSERT INTO throttle_event (bucket, subject, at) SELECT 'signin.ip', ip, at FROM login_failure;
DROP TABLE login_failure;
