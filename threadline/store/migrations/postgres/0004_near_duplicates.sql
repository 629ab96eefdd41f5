-- Schema version 4: near-duplicates (see ../0004_near_duplicates.sql).

ALTER TABLE document_locations ADD COLUMN similarity DOUBLE PRECISION;
ALTER TABLE document_locations ADD COLUMN note TEXT COLLATE "C";

CREATE TABLE document_signatures (
    doc_id    TEXT COLLATE "C" PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    scheme    TEXT COLLATE "C" NOT NULL,
    signature BYTEA NOT NULL
);
