-- Every list and dashboard is served by an index for its filter together with its sort, so a
-- page reads only its own rows however many years the tables hold (the plan test in
-- server/tests/plans.rs guards this). Lists sort newest first with the id as tie-break: the id
-- is spelled out because PostgreSQL, unlike SQLite, does not append it to an index.

-- The order register: by status, customer or sales rep, newest first.
DROP INDEX sales_order_customer;
CREATE INDEX sales_order_customer ON sales_order (customer_id, order_date, id);
DROP INDEX sales_order_rep;
CREATE INDEX sales_order_rep ON sales_order (sales_rep, order_date, id);
CREATE INDEX sales_order_status_date ON sales_order (status, order_date, id);
-- Orders waiting for the deputy GM, oldest submission first.
CREATE INDEX sales_order_submitted ON sales_order (status, submitted_at, id);

-- Delivery notes: by status, order or driver, newest delivery date first; drafts waiting for
-- approval, earliest delivery date first.
DROP INDEX delivery_note_status;
CREATE INDEX delivery_note_status ON delivery_note (status, delivery_date, id);
DROP INDEX delivery_note_order;
CREATE INDEX delivery_note_order ON delivery_note (order_id, delivery_date, id);
DROP INDEX delivery_note_driver;
CREATE INDEX delivery_note_driver ON delivery_note (driver_username, delivery_date, id);

-- The ledger: by customer or sales rep, newest first.
DROP INDEX ledger_entry_customer;
CREATE INDEX ledger_entry_customer ON ledger_entry (customer_id, delivered_on, id);
DROP INDEX ledger_entry_rep;
CREATE INDEX ledger_entry_rep ON ledger_entry (sales_rep, delivered_on, id);

-- Batches: by status or product, newest first; the laboratory's queue, oldest first, one
-- status at a time.
DROP INDEX batch_status;
CREATE INDEX batch_status ON batch (status, id);
DROP INDEX batch_product;
CREATE INDEX batch_product ON batch (product_id, id);

-- Open first, then the latest closed: one status at a time, newest first.
DROP INDEX nonconformity_status;
CREATE INDEX nonconformity_status ON nonconformity (status, id);
DROP INDEX recall_status;
CREATE INDEX recall_status ON recall (status, id);
DROP INDEX corrective_action_status;
CREATE INDEX corrective_action_status ON corrective_action (status, id);
DROP INDEX emergency_release_status;
CREATE INDEX emergency_release_status ON emergency_release (status, id);
DROP INDEX price_exception_status;
CREATE INDEX price_exception_status ON price_exception (status, id);
DROP INDEX order_amendment_status;
CREATE INDEX order_amendment_status ON order_amendment (status, id);

-- The audit trail of one kind of record, newest first.
DROP INDEX audit_log_entity;
CREATE INDEX audit_log_entity ON audit_log (entity, seq);

-- A period's corrective actions in the order they were opened.
CREATE INDEX corrective_action_period ON corrective_action (period_id, id);

-- A batch's emergency releases in order; a note's releases.
DROP INDEX emergency_release_batch;
CREATE INDEX emergency_release_batch ON emergency_release (batch_id, id);
CREATE INDEX emergency_release_note ON emergency_release (delivery_note_id, status);

-- Open readiness escalations, oldest first; an order's escalations.
DROP INDEX escalation_open;
CREATE INDEX escalation_open ON escalation (status, id);
CREATE INDEX escalation_order ON escalation (order_id, status);

-- The satisfaction trends read each period's scores from this index alone.
CREATE INDEX survey_response_scores ON survey_response (period_id, quality, delivery, service, price);

-- An order's price exceptions, amendments and date changes, and a batch's nonconformities, in
-- the order they were made.
DROP INDEX price_exception_order;
CREATE INDEX price_exception_order ON price_exception (order_id, id);
DROP INDEX order_amendment_order;
CREATE INDEX order_amendment_order ON order_amendment (order_id, id);
DROP INDEX delivery_date_change_order;
CREATE INDEX delivery_date_change_order ON delivery_date_change (order_id, id);
DROP INDEX nonconformity_batch;
CREATE INDEX nonconformity_batch ON nonconformity (batch_id, id);

-- The performance report reads the kept figures (0007), not the ledger: its covering index goes.
DROP INDEX ledger_entry_rep_value;
