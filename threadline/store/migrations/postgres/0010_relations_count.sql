-- Schema version 10: an entity's relations are counted from indexes alone (store/profile.py). The total
-- was one query on subject_id OR object_id, a bitmap heap scan of every matching row (68 ms for the
-- busiest entity at 20,000 documents); it is now the rows with the entity as subject plus those with it
-- as object and another subject, index-only scans of relations_subject and relations_object_subject.
-- The new index replaces relations_object (its leading column).

CREATE INDEX relations_object_subject ON relations (object_id, subject_id);
DROP INDEX relations_object;
