-- Sales figures kept per sales rep and month (第十八条): the receipt adds its ledger value
-- (by the ledger's day), the delivery and whether it was on time (by the delivery date) in its
-- own transaction, so the performance report and the on-time chart read a few dozen rows at
-- any size of the ledger. `server` fills them from the ledger and the delivery notes once, on
-- the first start after this migration.

CREATE TABLE sales_rep_month (
    month TEXT NOT NULL,
    sales_rep TEXT NOT NULL,
    delivered_fen BIGINT NOT NULL DEFAULT 0,
    deliveries BIGINT NOT NULL DEFAULT 0,
    on_time BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (month, sales_rep)
);

-- The customers each rep delivered to in a half year: the report averages their survey scores.
CREATE TABLE sales_rep_customer (
    year INTEGER NOT NULL,
    half INTEGER NOT NULL CHECK (half IN (1, 2)),
    sales_rep TEXT NOT NULL,
    customer_id BIGINT NOT NULL,
    PRIMARY KEY (year, half, sales_rep, customer_id)
);
