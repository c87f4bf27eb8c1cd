-- Sales targets per sales rep and half year (第十八条), set by the sales manager; the sales
-- performance report compares each rep's delivered value with them.

CREATE TABLE sales_target (
    sales_rep TEXT NOT NULL,
    year INTEGER NOT NULL,
    half INTEGER NOT NULL CHECK (half IN (1, 2)),
    amount_fen BIGINT NOT NULL CHECK (amount_fen >= 0),
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (sales_rep, year, half)
);


-- the performance report sums each rep's delivered value and finds their customers per half
-- year from this index alone
CREATE INDEX ledger_entry_rep_value ON ledger_entry (sales_rep, delivered_on, customer_id, amount_fen);
