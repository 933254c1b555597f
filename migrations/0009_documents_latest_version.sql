-- Performance (issue #8, docs/performance.md): MittKanta lists a client's documents by their latest
-- versions. Finding each one's latest version among its versions (DISTINCT ON over document_versions,
-- a window for the count) cost ~4 ms per 1 000 documents at 1 M; the documents row now names its
-- latest version and counts its versions, so the list reads only `documents` through the client GIN
-- index. The database keeps the columns right: every inserted version moves them forward (a store
-- writes a first version's documents row with them already set, so that row is not rewritten).
ALTER TABLE documents
  ADD COLUMN latest_version_id text,
  ADD COLUMN latest_version_number integer,
  ADD COLUMN version_count integer NOT NULL DEFAULT 0;

UPDATE documents d
   SET latest_version_id = l.version_id, latest_version_number = l.version_number, version_count = l.versions
  FROM (SELECT DISTINCT ON (set_id) set_id, version_id, version_number, count(*) OVER (PARTITION BY set_id) AS versions
          FROM document_versions ORDER BY set_id, version_number DESC) l
 WHERE l.set_id = d.set_id;

CREATE FUNCTION documents_follow_latest_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE documents
     SET latest_version_id = NEW.version_id, latest_version_number = NEW.version_number, version_count = version_count + 1
   WHERE set_id = NEW.set_id AND (latest_version_number IS NULL OR latest_version_number < NEW.version_number);
  RETURN NULL;
END $$;

CREATE TRIGGER document_versions_follow_latest AFTER INSERT ON document_versions
  FOR EACH ROW EXECUTE FUNCTION documents_follow_latest_version();
