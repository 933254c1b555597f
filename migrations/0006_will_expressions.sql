-- 0006 will expressions: the facts of the documents of Viljeyttringstjänsten (VYT) — Kanta-information,
-- disclosure permission, disclosure prohibition (D07-R63…R69, R104, R105). The documents themselves are
-- ordinary archived versions (document_versions, register "<Kela>:VYT"); one row here per stored
-- version, written in the same transaction. Append-only: a revocation is a new version (D07-R43), a
-- makulering of a first version is a new row with cancelled = true. Forward-only: never edit an applied file.
CREATE TABLE will_expressions (
  version_id            text PRIMARY KEY,            -- document_versions.version_id (written first in the same transaction)
  set_id                text NOT NULL,
  version_number        integer NOT NULL,
  client_id             text NOT NULL,
  kind                  text NOT NULL CHECK (kind IN ('kanta-information', 'disclosure-permission', 'disclosure-prohibition')),
  sector                text NOT NULL CHECK (sector IN ('social', 'health')),
  positive              boolean,                 -- permission: positive or negative (D07-R64)
  in_force              boolean NOT NULL,        -- prohibition: false = removed by this version
  target_kind           text CHECK (target_kind IN ('all', 'controller', 'service-task', 'document')),
  target_value          text,                    -- controller OID, service-task code or document set id
  target_code_system    text,
  issuer_role           text NOT NULL CHECK (issuer_role IN ('client', 'guardians', 'mandate')),
  issuer_ids            jsonb NOT NULL DEFAULT '[]'::jsonb,
  channel               text NOT NULL CHECK (channel IN ('provider', 'mittkanta')),
  recorded_by           text NOT NULL,           -- the organisation that stored it (or VYT for MittKanta)
  cancelled             boolean NOT NULL DEFAULT false,
  stored_at             timestamptz NOT NULL,
  UNIQUE (set_id, version_number)
);
CREATE INDEX will_expressions_client_idx ON will_expressions (client_id, stored_at);

CREATE TRIGGER will_expressions_no_update_delete
  BEFORE UPDATE OR DELETE ON will_expressions
  FOR EACH ROW EXECUTE FUNCTION append_only();
CREATE TRIGGER will_expressions_no_truncate
  BEFORE TRUNCATE ON will_expressions
  FOR EACH STATEMENT EXECUTE FUNCTION append_only();

-- The organisation register's archive facts the access rules need (D08-R14, R15): has the organisation
-- joined the archive, and in which phase does it use it. Defaults: joined, phase 2 (the test world).
ALTER TABLE organisations ADD COLUMN joined_archive boolean NOT NULL DEFAULT true;
ALTER TABLE organisations ADD COLUMN archive_phase smallint NOT NULL DEFAULT 2 CHECK (archive_phase IN (1, 2));

-- Controller changes (D08-R37…R46, handbook 12.4): when operating units registered as controllers in the
-- organisation register merge or split. Model 1: the archive transfers the ceasing controller's registers —
-- only the active controller changes, no versions are written. Model 2: no transfer; the ceasing controller
-- closes its relationships and cases and is valid ("i kraft") until the effective date. Append-only.
CREATE TABLE controller_changes (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  model           smallint NOT NULL CHECK (model IN (1, 2)),
  from_oid        text NOT NULL REFERENCES organisations (oid),
  to_oid          text NOT NULL REFERENCES organisations (oid),
  effective_date  date NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (from_oid <> to_oid),
  UNIQUE (from_oid)
);
CREATE TRIGGER controller_changes_no_update_delete
  BEFORE UPDATE OR DELETE ON controller_changes
  FOR EACH ROW EXECUTE FUNCTION append_only();
CREATE TRIGGER controller_changes_no_truncate
  BEFORE TRUNCATE ON controller_changes
  FOR EACH STATEMENT EXECUTE FUNCTION append_only();

-- Message ids are idempotent (DESIGN §6): the archive looks a message id up before storing.
CREATE INDEX document_versions_message_id_idx ON document_versions (message_id);
