-- Schema version 9: indexes for reading a busy entity a page at a time (store/profile.py) and for a
-- document's facts. documents_order walks documents in the order an entity's lists use (publication
-- date, undated first, then id), so a page of a busy entity's mentions is found in the first documents
-- instead of by sorting all of them; mentions_entity_doc counts the documents an entity is mentioned in
-- from the index alone, and replaces mentions_entity (its leading column). PostgreSQL had the
-- per-document indexes from the start.

CREATE INDEX documents_order ON documents(published, id);
CREATE INDEX mentions_entity_doc ON mentions(entity_id, doc_id);
DROP INDEX mentions_entity;
CREATE INDEX claims_doc ON claims(doc_id);
CREATE INDEX relations_doc ON relations(doc_id);
CREATE INDEX events_doc ON events(doc_id);
CREATE INDEX event_entities_entity ON event_entities(entity_id);
