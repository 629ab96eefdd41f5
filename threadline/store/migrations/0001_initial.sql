-- Threadline store, schema version 1.
-- Every fact row carries its evidence: document, offsets, verbatim sentence,
-- extractor and version, and a review status. Ids are derived from content,
-- so re-running an ingest inserts nothing new.

CREATE TABLE documents (
    id          TEXT PRIMARY KEY,            -- doc- + sha256 of the text
    path        TEXT,
    url         TEXT,
    title       TEXT,
    publisher   TEXT,
    published   TEXT,                        -- ISO date at the precision known
    language    TEXT,
    text        TEXT NOT NULL,
    meta        TEXT NOT NULL DEFAULT '{}',  -- JSON
    extractor   TEXT,                        -- name+version that extracted it; NULL = not yet
    added_at    TEXT NOT NULL
);

-- Other places the same text was found (re-added under another path or URL).
CREATE TABLE document_locations (
    doc_id   TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    location TEXT NOT NULL,
    seen_at  TEXT NOT NULL,
    PRIMARY KEY (doc_id, location)
);

CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;

CREATE TABLE entities (
    id          TEXT PRIMARY KEY,            -- ent- + hash of type and folded canonical name
    type        TEXT NOT NULL,
    name        TEXT NOT NULL,
    country     TEXT,
    kind        TEXT,
    gazetteer   TEXT,
    protected   INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL
);
CREATE INDEX entities_type ON entities(type);

CREATE TABLE aliases (
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias     TEXT NOT NULL,
    folded    TEXT NOT NULL,
    doc_id    TEXT REFERENCES documents(id) ON DELETE CASCADE,   -- where it was seen
    PRIMARY KEY (entity_id, folded)
);
CREATE INDEX aliases_folded ON aliases(folded);

CREATE TABLE mentions (
    id          TEXT PRIMARY KEY,
    entity_id   TEXT NOT NULL REFERENCES entities(id),
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    sentence    TEXT NOT NULL,
    source      TEXT NOT NULL,
    extractor   TEXT NOT NULL,
    version     TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'machine' CHECK (status IN ('machine', 'accepted', 'rejected'))
);
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE INDEX mentions_doc ON mentions(doc_id);

CREATE TABLE relations (
    id          TEXT PRIMARY KEY,
    subject_id  TEXT NOT NULL REFERENCES entities(id),
    predicate   TEXT NOT NULL,
    object_id   TEXT NOT NULL REFERENCES entities(id),
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    sentence    TEXT NOT NULL,
    extractor   TEXT NOT NULL,
    version     TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'machine' CHECK (status IN ('machine', 'accepted', 'rejected'))
);
CREATE INDEX relations_subject ON relations(subject_id);
CREATE INDEX relations_object ON relations(object_id);

CREATE TABLE claims (
    id          TEXT PRIMARY KEY,
    claimant_id TEXT REFERENCES entities(id),   -- NULL: the document's own voice
    stance      TEXT NOT NULL CHECK (stance IN ('alleges', 'states', 'confirms', 'denies', 'reports')),
    text        TEXT NOT NULL,
    cue         TEXT,
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    sentence    TEXT NOT NULL,
    extractor   TEXT NOT NULL,
    version     TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'machine' CHECK (status IN ('machine', 'accepted', 'rejected'))
);
CREATE INDEX claims_claimant ON claims(claimant_id);

CREATE TABLE claim_about (
    claim_id  TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL REFERENCES entities(id),
    PRIMARY KEY (claim_id, entity_id)
);
CREATE INDEX claim_about_entity ON claim_about(entity_id);

CREATE TABLE events (
    id          TEXT PRIMARY KEY,
    what        TEXT NOT NULL,
    date        TEXT NOT NULL,
    precision   TEXT NOT NULL CHECK (precision IN ('year', 'month', 'day')),
    anchored    INTEGER NOT NULL DEFAULT 0,    -- 1: resolved from a relative date and the publication date
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    sentence    TEXT NOT NULL,
    extractor   TEXT NOT NULL,
    version     TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'machine' CHECK (status IN ('machine', 'accepted', 'rejected'))
);
CREATE INDEX events_date ON events(date);

CREATE TABLE event_entities (
    event_id  TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL REFERENCES entities(id),
    PRIMARY KEY (event_id, entity_id)
);

-- Human review decisions: append-only; a later decision supersedes, nothing is deleted.
CREATE TABLE decisions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    target      TEXT NOT NULL,                 -- id of a fact or entity
    action      TEXT NOT NULL,                 -- accept, reject, merge, split, not_same, protect, ...
    value       TEXT,                          -- JSON payload, e.g. the other entity of a merge
    user        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE INDEX decisions_target ON decisions(target);
