-- Schema version 5: settings of the investigation, one value per name.
-- 'ftm_namespace' is the key that signs FollowTheMoney ids (as OpenAleph namespaces a collection),
-- so two investigations' exports never share an id; it is made on first export and copied by migrate.

CREATE TABLE settings (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
