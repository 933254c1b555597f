-- 0004 storage facts: what the archive's storage checks read besides the documents themselves.
-- Runs unchanged on PGlite and on a Postgres server (>= 15). Forward-only: never edit an applied file.

-- A temporary client id switched to an official personal identity code by a version of the client
-- relationship document (06 §5.2, D06-R55..R57, R78). Written in the store transaction; after it the
-- temporary id is dead for every sender, and the official code cannot be set again by another switch.
CREATE TABLE client_id_links (
  temporary_id   text NOT NULL,
  official_code  text NOT NULL,
  register_id    text NOT NULL REFERENCES registers (id),
  kr_set_id      text NOT NULL REFERENCES documents (set_id),
  version_id     text NOT NULL REFERENCES document_versions (version_id),
  PRIMARY KEY (temporary_id)
);
CREATE INDEX client_id_links_official_idx ON client_id_links (official_code);

-- Makulering order (D07-R40 L29300-29308): the attachments that name a document as their main
-- document are found by this index, not by scanning every version's metadata.
CREATE INDEX document_versions_attachment_of_idx ON document_versions ((metadata ->> 'attachmentOf'))
  WHERE metadata ? 'attachmentOf';

-- Cases and client relationship documents of a client in a register (documents_clients_idx covers
-- the client; this one the class within a register).
CREATE INDEX documents_register_class_idx ON documents (register_id, document_class);
