-- Schema version 3: reference sets.
-- FollowTheMoney entities loaded from outside (e.g. an OpenSanctions dataset the
-- user downloaded) to cross-reference the investigation's entities against.
-- They are never merged into the evidence graph; loading a dataset again replaces it.

CREATE TABLE reference_entities (
    id         TEXT NOT NULL,                 -- the FollowTheMoney entity id
    schema     TEXT NOT NULL,                 -- Person, Organization, Company, PublicBody, ...
    name       TEXT NOT NULL,
    names      TEXT NOT NULL DEFAULT '[]',    -- JSON: name, aliases, previous names
    countries  TEXT NOT NULL DEFAULT '[]',    -- JSON: ISO codes, upper case
    dataset    TEXT NOT NULL,
    raw        TEXT NOT NULL,                 -- JSON: the entity as read
    PRIMARY KEY (dataset, id)
);
CREATE INDEX reference_entities_schema ON reference_entities(schema);
