-- Controlled documents (§4.2.1): per product a manual, SDS, certificate template or licence
-- copies (三证), each with revisions whose file lives in the file store (the hash here). A
-- delivery note records, at loading, which revision of each of its products' documents went
-- with it. A new SDS revision opens a distribution to every customer who received the product
-- in the preceding 12 months (from the sales ledger); each recipient is sent it and
-- acknowledges it, by a single-use link or through staff.
CREATE TABLE product_document (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version BIGINT NOT NULL DEFAULT 1,
    product_id BIGINT NOT NULL REFERENCES product (id),
    kind TEXT NOT NULL CHECK (kind IN ('manual', 'sds', 'certificate', 'licence')),
    title TEXT NOT NULL,
    current_revision_id BIGINT,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (product_id, kind, title)
);
CREATE INDEX product_document_product ON product_document (product_id, kind, id);

CREATE TABLE document_revision (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id BIGINT NOT NULL REFERENCES product_document (id),
    revision TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    changes TEXT NOT NULL,
    file_name TEXT NOT NULL,
    file_hash TEXT NOT NULL REFERENCES stored_file (hash),
    entered_by TEXT NOT NULL,
    entered_at BIGINT NOT NULL,
    UNIQUE (document_id, revision)
);
CREATE INDEX document_revision_document ON document_revision (document_id, id);

CREATE TABLE delivery_note_document (
    note_id BIGINT NOT NULL REFERENCES delivery_note (id),
    document_id BIGINT NOT NULL REFERENCES product_document (id),
    revision_id BIGINT NOT NULL REFERENCES document_revision (id),
    PRIMARY KEY (note_id, document_id)
);

CREATE TABLE sds_distribution (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version BIGINT NOT NULL DEFAULT 1,
    number TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('open', 'complete')),
    document_id BIGINT NOT NULL REFERENCES product_document (id),
    revision_id BIGINT NOT NULL UNIQUE REFERENCES document_revision (id),
    product_id BIGINT NOT NULL REFERENCES product (id),
    supplied_from TEXT NOT NULL,
    supplied_to TEXT NOT NULL,
    recipients BIGINT NOT NULL,
    acknowledged BIGINT NOT NULL DEFAULT 0,
    opened_by TEXT NOT NULL,
    opened_at BIGINT NOT NULL,
    completed_at BIGINT
);
CREATE INDEX sds_distribution_status ON sds_distribution (status, id);
CREATE INDEX sds_distribution_product ON sds_distribution (product_id, id);

CREATE TABLE sds_recipient (
    distribution_id BIGINT NOT NULL REFERENCES sds_distribution (id),
    customer_id BIGINT NOT NULL REFERENCES customer (id),
    last_delivery_on TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    sent_channel TEXT,
    sent_by TEXT,
    sent_at BIGINT,
    acknowledged_channel TEXT,
    acknowledged_by TEXT,
    acknowledged_at BIGINT,
    PRIMARY KEY (distribution_id, customer_id)
);
CREATE INDEX sds_recipient_customer ON sds_recipient (customer_id, distribution_id);

-- Who received a product, and when: the distribution's recipients come from here.
CREATE INDEX ledger_entry_product ON ledger_entry (product_id, delivered_on, customer_id);

-- Customer training (§4.2.1): attendees one per line; materials are document revisions.
CREATE TABLE training (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customer (id),
    held_on TEXT NOT NULL,
    topic TEXT NOT NULL,
    trainer TEXT NOT NULL,
    attendees TEXT NOT NULL,
    product_id BIGINT REFERENCES product (id),
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX training_held ON training (held_on, id);
CREATE INDEX training_customer ON training (customer_id, held_on, id);

CREATE TABLE training_material (
    training_id BIGINT NOT NULL REFERENCES training (id),
    revision_id BIGINT NOT NULL REFERENCES document_revision (id),
    PRIMARY KEY (training_id, revision_id)
);
