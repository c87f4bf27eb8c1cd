-- Customers' single-use links are stored hashed (like sessions): `token_hash` is the SHA-256
-- of the token, looked up by it; `token_salt` lets the server derive the token again
-- (HMAC with its secret) for the role that sends the link; rows hashed at start-up from
-- a plain token have no salt. Each link expires (`expires_at`, unix ms). The old plain
-- `token` columns no longer hold tokens: the survey's and the SDS recipient's (UNIQUE NOT
-- NULL, which SQLite cannot relax without rebuilding the tables) hold the hash as well, the
-- ticket's `confirm_token` is NULL.
ALTER TABLE survey_link ADD COLUMN token_hash TEXT;
ALTER TABLE survey_link ADD COLUMN token_salt TEXT;
ALTER TABLE survey_link ADD COLUMN expires_at BIGINT;
CREATE UNIQUE INDEX survey_link_token_hash ON survey_link (token_hash);

ALTER TABLE service_ticket ADD COLUMN confirm_token_hash TEXT;
ALTER TABLE service_ticket ADD COLUMN confirm_token_salt TEXT;
ALTER TABLE service_ticket ADD COLUMN confirm_expires_at BIGINT;
CREATE UNIQUE INDEX service_ticket_confirm_token_hash ON service_ticket (confirm_token_hash);

ALTER TABLE sds_recipient ADD COLUMN token_hash TEXT;
ALTER TABLE sds_recipient ADD COLUMN token_salt TEXT;
ALTER TABLE sds_recipient ADD COLUMN expires_at BIGINT;
CREATE UNIQUE INDEX sds_recipient_token_hash ON sds_recipient (token_hash);
