-- A quality complaint can open a nonconformity of its batch or start the batch's recall
-- (SPEC §5); the complaint keeps which, so its page and 8D report link to them.
ALTER TABLE complaint ADD COLUMN nonconformity_id BIGINT REFERENCES nonconformity (id);
ALTER TABLE complaint ADD COLUMN recall_id BIGINT REFERENCES recall (id);
