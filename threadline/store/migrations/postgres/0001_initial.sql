-- Threadline store on PostgreSQL, schema version 1: the tables of ../0001_initial.sql.
-- The same columns and constraints, and these differences only:
--   * every table where SQLite's implicit rowid gives insertion order has an explicit
--     "rowid" identity column, so the shared queries (store/sql.py) order alike;
--   * text compares and sorts in byte order (COLLATE "C"), as in SQLite, whatever the
--     database's locale;
--   * "end" and "user" are reserved words here, so they are quoted;
--   * full-text search is a generated tsvector column, documents.search, instead of
--     the FTS5 table: 'simple' parsing, accents removed when unaccent is installed.

CREATE TABLE documents (
    id          TEXT COLLATE "C" PRIMARY KEY,
    path        TEXT COLLATE "C",
    url         TEXT COLLATE "C",
    title       TEXT COLLATE "C",
    publisher   TEXT COLLATE "C",
    published   TEXT COLLATE "C",
    language    TEXT COLLATE "C",
    text        TEXT COLLATE "C" NOT NULL,
    meta        TEXT COLLATE "C" NOT NULL DEFAULT '{}',
    extractor   TEXT COLLATE "C",
    added_at    TEXT COLLATE "C" NOT NULL,
    rowid       BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);

CREATE TABLE document_locations (
    doc_id   TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    location TEXT COLLATE "C" NOT NULL,
    seen_at  TEXT COLLATE "C" NOT NULL,
    rowid    BIGINT GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (doc_id, location)
);

-- Search: the unaccent dictionary in front of 'simple' when the extension is there (or
-- can be created), plain 'simple' otherwise.
CREATE TEXT SEARCH CONFIGURATION threadline_search (COPY = pg_catalog.simple);
DO $$
DECLARE
    home TEXT;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') THEN
        BEGIN
            CREATE EXTENSION unaccent SCHEMA public;
        EXCEPTION WHEN OTHERS THEN
            RAISE NOTICE 'unaccent is not available (%): search will not ignore accents', SQLERRM;
        END;
    END IF;
    SELECT n.nspname INTO home FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent';
    IF home IS NOT NULL THEN
        EXECUTE format('ALTER TEXT SEARCH CONFIGURATION threadline_search'
                       ' ALTER MAPPING FOR hword, hword_part, word WITH %I.unaccent, simple', home);
    END IF;
END
$$;
ALTER TABLE documents ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('threadline_search', coalesce(title, '')), 'A') || to_tsvector('threadline_search', text)
) STORED;
CREATE INDEX documents_search ON documents USING gin (search);

CREATE TABLE entities (
    id          TEXT COLLATE "C" PRIMARY KEY,
    type        TEXT COLLATE "C" NOT NULL,
    name        TEXT COLLATE "C" NOT NULL,
    country     TEXT COLLATE "C",
    kind        TEXT COLLATE "C",
    gazetteer   TEXT COLLATE "C",
    protected   INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT COLLATE "C" NOT NULL,
    rowid       BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);
CREATE INDEX entities_type ON entities(type);

CREATE TABLE aliases (
    entity_id TEXT COLLATE "C" NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias     TEXT COLLATE "C" NOT NULL,
    folded    TEXT COLLATE "C" NOT NULL,
    doc_id    TEXT COLLATE "C" REFERENCES documents(id) ON DELETE CASCADE,
    rowid     BIGINT GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (entity_id, folded)
);
CREATE INDEX aliases_folded ON aliases(folded);

CREATE TABLE mentions (
    id          TEXT COLLATE "C" PRIMARY KEY,
    entity_id   TEXT COLLATE "C" NOT NULL REFERENCES entities(id),
    doc_id      TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        TEXT COLLATE "C" NOT NULL,
    sentence    TEXT COLLATE "C" NOT NULL,
    source      TEXT COLLATE "C" NOT NULL,
    extractor   TEXT COLLATE "C" NOT NULL,
    version     TEXT COLLATE "C" NOT NULL,
    status      TEXT COLLATE "C" NOT NULL DEFAULT 'machine' CHECK (status IN ('machine', 'accepted', 'rejected')),
    rowid       BIGINT GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE INDEX mentions_doc ON mentions(doc_id);

CREATE TABLE relations (
    id          TEXT COLLATE "C" PRIMARY KEY,
    subject_id  TEXT COLLATE "C" NOT NULL REFERENCES entities(id),
    predicate   TEXT COLLATE "C" NOT NULL,
    object_id   TEXT COLLATE "C" NOT NULL REFERENCES entities(id),
    doc_id      TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    sentence    TEXT COLLATE "C" NOT NULL,
    extractor   TEXT COLLATE "C" NOT NULL,
    version     TEXT COLLATE "C" NOT NULL,
    status      TEXT COLLATE "C" NOT NULL DEFAULT 'machine' CHECK (status IN ('machine', 'accepted', 'rejected')),
    rowid       BIGINT GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX relations_subject ON relations(subject_id);
CREATE INDEX relations_object ON relations(object_id);
CREATE INDEX relations_doc ON relations(doc_id);

CREATE TABLE claims (
    id          TEXT COLLATE "C" PRIMARY KEY,
    claimant_id TEXT COLLATE "C" REFERENCES entities(id),
    stance      TEXT COLLATE "C" NOT NULL CHECK (stance IN ('alleges', 'states', 'confirms', 'denies', 'reports')),
    text        TEXT COLLATE "C" NOT NULL,
    cue         TEXT COLLATE "C",
    doc_id      TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    sentence    TEXT COLLATE "C" NOT NULL,
    extractor   TEXT COLLATE "C" NOT NULL,
    version     TEXT COLLATE "C" NOT NULL,
    status      TEXT COLLATE "C" NOT NULL DEFAULT 'machine' CHECK (status IN ('machine', 'accepted', 'rejected')),
    rowid       BIGINT GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX claims_claimant ON claims(claimant_id);
CREATE INDEX claims_doc ON claims(doc_id);

CREATE TABLE claim_about (
    claim_id  TEXT COLLATE "C" NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    entity_id TEXT COLLATE "C" NOT NULL REFERENCES entities(id),
    rowid     BIGINT GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (claim_id, entity_id)
);
CREATE INDEX claim_about_entity ON claim_about(entity_id);

CREATE TABLE events (
    id          TEXT COLLATE "C" PRIMARY KEY,
    what        TEXT COLLATE "C" NOT NULL,
    date        TEXT COLLATE "C" NOT NULL,
    precision   TEXT COLLATE "C" NOT NULL CHECK (precision IN ('year', 'month', 'day')),
    anchored    INTEGER NOT NULL DEFAULT 0,
    doc_id      TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    sentence    TEXT COLLATE "C" NOT NULL,
    extractor   TEXT COLLATE "C" NOT NULL,
    version     TEXT COLLATE "C" NOT NULL,
    status      TEXT COLLATE "C" NOT NULL DEFAULT 'machine' CHECK (status IN ('machine', 'accepted', 'rejected')),
    rowid       BIGINT GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_doc ON events(doc_id);

CREATE TABLE event_entities (
    event_id  TEXT COLLATE "C" NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    entity_id TEXT COLLATE "C" NOT NULL REFERENCES entities(id),
    rowid     BIGINT GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (event_id, entity_id)
);
CREATE INDEX event_entities_entity ON event_entities(entity_id);

-- Human review decisions: append-only; a later decision supersedes, nothing is deleted.
-- Ids are given BY DEFAULT so that 'threadline migrate' can copy them unchanged.
CREATE TABLE decisions (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    target      TEXT COLLATE "C" NOT NULL,
    action      TEXT COLLATE "C" NOT NULL,
    value       TEXT COLLATE "C",
    "user"      TEXT COLLATE "C" NOT NULL,
    created_at  TEXT COLLATE "C" NOT NULL,
    deleted_at  TEXT COLLATE "C"
);
CREATE INDEX decisions_target ON decisions(target);
