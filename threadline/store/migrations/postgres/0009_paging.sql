-- Schema version 9: indexes for reading a busy entity a page at a time (store/profile.py).
-- documents_order walks documents in the order an entity's lists use (publication date, undated first,
-- then id), so a page of a busy entity's mentions is found in the first documents instead of by sorting
-- all of them; mentions_entity_doc counts the documents an entity is mentioned in from the index alone,
-- and replaces mentions_entity (its leading column).

CREATE INDEX documents_order ON documents (published NULLS FIRST, id);
CREATE INDEX mentions_entity_doc ON mentions (entity_id, doc_id);
DROP INDEX mentions_entity;
