-- Schema version 7: an analyst's corrections, replayed onto the rows on every run.
-- The decisions table holds every correction (who, when, retractable); these columns only carry
-- its effect. entities.rejected: a spurious entity, left out of every analysis and export.
-- machine: the values the machine gave a corrected row (JSON), kept beside the corrected ones and
-- restored when the correction is retracted. Rows the analyst made by hand have extractor 'hand'.

ALTER TABLE entities ADD COLUMN rejected INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entities ADD COLUMN machine TEXT;
ALTER TABLE claims ADD COLUMN machine TEXT;
ALTER TABLE relations ADD COLUMN machine TEXT;
ALTER TABLE events ADD COLUMN machine TEXT;
