-- Schema version 12: the first page of a busy entity's claims about it and of its events is read from the
-- first documents (or events) in list order, testing each of their claims (events) for the entity
-- (store/profile_pages.py). The test was a look-up in the primary key, (claim_id, entity_id): claim ids are
-- hashes, so the look-ups of one page land all over that index, a page of the file each (at 100,000
-- documents about 6-8 µs a claim or event, most of the entity's page). Keyed (entity_id, claim_id) they land
-- among that entity's entries only, closer together (those reads 10-25 % faster, bench/results/store_scale.md).
-- UNIQUE (the primary key says so already) is what makes SQLite's planner prefer it for the look-up; it
-- replaces claim_about_entity and event_entities_entity (its leading column), so counting an entity's rows
-- reads it alone as before.
-- PostgreSQL is unchanged (migrations/postgres/0012_probe_by_entity.sql).

CREATE UNIQUE INDEX claim_about_entity_claim ON claim_about(entity_id, claim_id);
DROP INDEX claim_about_entity;
CREATE UNIQUE INDEX event_entities_entity_event ON event_entities(entity_id, event_id);
DROP INDEX event_entities_entity;
