-- Schema version 3: reference sets (see ../0003_reference.sql).

CREATE TABLE reference_entities (
    id         TEXT COLLATE "C" NOT NULL,
    schema     TEXT COLLATE "C" NOT NULL,
    name       TEXT COLLATE "C" NOT NULL,
    names      TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    countries  TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    dataset    TEXT COLLATE "C" NOT NULL,
    raw        TEXT COLLATE "C" NOT NULL,
    rowid      BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    PRIMARY KEY (dataset, id)
);
CREATE INDEX reference_entities_schema ON reference_entities(schema);
