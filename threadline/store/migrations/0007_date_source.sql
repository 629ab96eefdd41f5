-- Where a document's publication date came from: "front matter", "page metadata", "feed entry",
-- "e-mail Date header", "dateline" (the text's own), "metadata" (given by the caller); NULL when it has none.
-- A file's creation date is never a publication date, so it has no value here.
ALTER TABLE documents ADD COLUMN date_source TEXT;
