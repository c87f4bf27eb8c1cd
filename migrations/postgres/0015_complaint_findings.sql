-- A quality complaint can open a nonconformity of its batch or start the batch's recall
-- (SPEC §5); the complaint keeps which, so its page and 8D report link to them. A complaint
-- also keeps the sales rep it counts against on the performance page: the rep of its
-- delivery note's order, else of the customer's latest order.
ALTER TABLE complaint ADD COLUMN nonconformity_id BIGINT REFERENCES nonconformity (id);
ALTER TABLE complaint ADD COLUMN recall_id BIGINT REFERENCES recall (id);
ALTER TABLE complaint ADD COLUMN sales_rep TEXT;
UPDATE complaint SET sales_rep = (SELECT o.sales_rep FROM delivery_note n JOIN sales_order o ON o.id = n.order_id
    WHERE n.id = complaint.delivery_note_id) WHERE delivery_note_id IS NOT NULL;
UPDATE complaint SET sales_rep = (SELECT o.sales_rep FROM sales_order o WHERE o.customer_id = complaint.customer_id
    ORDER BY o.order_date DESC, o.id DESC LIMIT 1) WHERE sales_rep IS NULL;
