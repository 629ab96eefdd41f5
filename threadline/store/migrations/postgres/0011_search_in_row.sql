-- Schema version 11: documents.search, the tsvector, is kept in the row (STORAGE MAIN) rather than in the
-- TOAST table, where most were (about 2.5 kB each, which pglz does not compress). Search ranks the newest
-- matches (store/postgres.py) and reading a tsvector from TOAST cost about 18 µs, so ranking 2,000 took
-- 38 ms at 20,000 documents; read from the row it is about 1 µs, cheap enough to walk the newest
-- documents for a common word instead of reading all its matches. The text moves out of the row in turn
-- (it is read for the 20 snippets only). CLUSTER rewrites the rows already stored, in rowid order, the
-- order that walk reads them; SET WITHOUT CLUSTER leaves no clustering behind.

ALTER TABLE documents ALTER COLUMN search SET STORAGE MAIN;
CLUSTER documents USING documents_rowid_key;
ALTER TABLE documents SET WITHOUT CLUSTER;
