-- The document revisions each customer holds (§4.2.1): per customer and document, the newest
-- revision it was given — with goods at loading, by an SDS distribution (sent or
-- acknowledged), or as training material — and since when. The customer page reads it by
-- its key; the sources stay where they are.
CREATE TABLE customer_document (
    customer_id BIGINT NOT NULL REFERENCES customer (id),
    document_id BIGINT NOT NULL REFERENCES product_document (id),
    revision_id BIGINT NOT NULL REFERENCES document_revision (id),
    held_since BIGINT NOT NULL,
    PRIMARY KEY (customer_id, document_id)
);

WITH held AS (
    SELECT n.customer_id, d.document_id, d.revision_id, COALESCE(n.loaded_at, 0) AS at
    FROM delivery_note_document d JOIN delivery_note n ON n.id = d.note_id
    UNION ALL
    SELECT x.customer_id, s.document_id, s.revision_id, x.sent_at
    FROM sds_recipient x JOIN sds_distribution s ON s.id = x.distribution_id
    WHERE x.sent_at IS NOT NULL
    UNION ALL
    SELECT t.customer_id, r.document_id, m.revision_id, t.created_at
    FROM training_material m JOIN training t ON t.id = m.training_id
    JOIN document_revision r ON r.id = m.revision_id
),
newest AS (
    SELECT customer_id, document_id, MAX(revision_id) AS revision_id FROM held GROUP BY customer_id, document_id
)
INSERT INTO customer_document (customer_id, document_id, revision_id, held_since)
SELECT w.customer_id, w.document_id, w.revision_id,
       (SELECT MIN(h.at) FROM held h WHERE h.customer_id = w.customer_id AND h.document_id = w.document_id
        AND h.revision_id = w.revision_id)
FROM newest w;
