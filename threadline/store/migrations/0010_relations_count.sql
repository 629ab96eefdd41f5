-- Schema version 10: an entity's relations are counted from indexes alone (store/profile.py). The total
-- was one query on subject_id OR object_id, which read every matching row from the table (68 ms for the
-- busiest entity at 20,000 documents on PostgreSQL); it is now the rows with the entity as subject plus
-- those with it as object and another subject, and relations_object_subject answers the second without
-- the table. It replaces relations_object (its leading column).

CREATE INDEX relations_object_subject ON relations(object_id, subject_id);
DROP INDEX relations_object;
