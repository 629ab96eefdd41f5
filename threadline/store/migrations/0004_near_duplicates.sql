-- Schema version 4: near-duplicates.
-- A near-duplicate (a syndicated copy of a stored story under another headline or
-- footer) is not stored or extracted again: it becomes another location of the
-- original, with its similarity (exact Jaccard of word 5-shingles, see
-- resolve/duplicates.py) and a note naming the copy. NULL similarity: the same text.
-- document_signatures keeps each document's MinHash signature, so the index that
-- finds copies is rebuilt from here rather than from every text.

ALTER TABLE document_locations ADD COLUMN similarity REAL;
ALTER TABLE document_locations ADD COLUMN note TEXT;

CREATE TABLE document_signatures (
    doc_id    TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    scheme    TEXT NOT NULL,                 -- shingle size, permutations, seed: resolve.duplicates.SCHEME
    signature BLOB NOT NULL                  -- one little-endian uint32 per permutation
);
