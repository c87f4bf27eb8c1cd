-- The file store (data/files/ab/cdef…): every stored file by its SHA-256, with its content
-- type and size. Rows refer to files by hash; `server` moves the images that delivery notes
-- still hold as data URLs into the store when it starts.
CREATE TABLE stored_file (
    hash TEXT PRIMARY KEY,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
