-- Schema version 2: cross-document resolution.
-- entities.canonical_id points to the entity that names the cluster (NULL: itself).
-- merge_candidates is derived state, rewritten on every resolution run;
-- the judgements that steer resolution live in the append-only decisions table.

ALTER TABLE entities ADD COLUMN canonical_id TEXT REFERENCES entities(id);
CREATE INDEX entities_canonical ON entities(canonical_id);

CREATE VIEW canon AS SELECT id, coalesce(canonical_id, id) AS cid FROM entities;

CREATE TABLE merge_candidates (
    a           TEXT NOT NULL REFERENCES entities(id),
    b           TEXT NOT NULL REFERENCES entities(id),
    score       REAL NOT NULL,
    explanation TEXT NOT NULL,
    PRIMARY KEY (a, b)
);

CREATE TABLE resolution_runs (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    at                TEXT NOT NULL,
    entities          INTEGER NOT NULL,
    compared          INTEGER NOT NULL,
    merged_machine    INTEGER NOT NULL,
    merged_judgement  INTEGER NOT NULL,
    review            INTEGER NOT NULL,
    refused           INTEGER NOT NULL
);
