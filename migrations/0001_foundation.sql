-- 0001 foundation: the first tables of the archive and the immutability of document versions.
-- Runs unchanged on PGlite and on a Postgres server (>= 15). Forward-only: never edit an applied file.

-- Code lists (code systems and their values); some from the handbook, some simulator-assigned.
CREATE TABLE code_systems (
  oid          text PRIMARY KEY,
  name_sv      text NOT NULL,
  name_fi      text,
  source       text NOT NULL CHECK (source IN ('handbook', 'simulator')),
  note         text
);

CREATE TABLE codes (
  code_system_oid text NOT NULL REFERENCES code_systems (oid),
  code            text NOT NULL,
  display_sv      text NOT NULL,
  display_fi      text,
  valid_from      date,
  valid_to        date,
  PRIMARY KEY (code_system_oid, code)
);

-- Organisations: organisers (welfare regions, municipalities, private organisations) and producers.
CREATE TABLE organisations (
  oid        text PRIMARY KEY,
  name       text NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('welfare_region', 'municipality', 'joint_authority', 'private', 'state')),
  is_public  boolean NOT NULL,
  business_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE service_units (
  oid               text PRIMARY KEY,
  organisation_oid  text NOT NULL REFERENCES organisations (oid),
  name              text NOT NULL,
  service_tasks     text[] NOT NULL DEFAULT '{}',
  valid_from        date,
  valid_to          date
);
CREATE INDEX service_units_organisation_idx ON service_units (organisation_oid);

-- A register (personregister) is kept by one organiser (controller) for one register kind
-- (code system 1.2.246.537.6.1264).
CREATE TABLE registers (
  id             text PRIMARY KEY,
  organiser_oid  text NOT NULL REFERENCES organisations (oid),
  register_code  text NOT NULL,
  name           text NOT NULL,
  UNIQUE (organiser_oid, register_code)
);

-- The population-register facts the archive knows of a person.
CREATE TABLE persons (
  person_id        text PRIMARY KEY,           -- personal identity code or temporary id
  is_temporary_id  boolean NOT NULL DEFAULT false,
  given_name       text NOT NULL,
  family_name      text NOT NULL,
  birth_date       date NOT NULL,
  death_date       date,
  non_disclosure   boolean NOT NULL DEFAULT false, -- spärrmarkering (turvakielto)
  municipality     text
);

-- A document (handling) is the setId; its versions are immutable rows in document_versions.
CREATE TABLE documents (
  set_id          text PRIMARY KEY,
  register_id     text NOT NULL REFERENCES registers (id),
  client_ids      text[] NOT NULL,
  document_class  text NOT NULL,              -- KR, AR (ärendehandling), KH, AKJ, GK, VYT …
  case_oid        text,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX documents_register_idx ON documents (register_id);
CREATE INDEX documents_clients_idx ON documents USING gin (client_ids);
CREATE INDEX documents_case_idx ON documents (case_oid);

CREATE TABLE document_versions (
  version_id      text PRIMARY KEY,           -- ClinicalDocument/id of this version
  set_id          text NOT NULL REFERENCES documents (set_id),
  version_number  integer NOT NULL CHECK (version_number >= 1),
  replaces_version_id text REFERENCES document_versions (version_id),
  status          text NOT NULL CHECK (status IN ('active', 'cancelled')),
  message_id      text,
  received_at     timestamptz NOT NULL,
  metadata        jsonb NOT NULL DEFAULT '{}'::jsonb,
  content         bytea NOT NULL,             -- the exact signed bytes received
  content_sha256  bytea NOT NULL,
  -- The hash is checked by the database itself, so no code path can store bytes and a wrong hash.
  CONSTRAINT document_versions_sha256_matches CHECK (content_sha256 = sha256(content)),
  -- Two writers racing for the same next version: exactly one wins.
  CONSTRAINT document_versions_set_version_unique UNIQUE (set_id, version_number),
  -- A version can be replaced once only (no forks in the history).
  CONSTRAINT document_versions_replaces_unique UNIQUE (replaces_version_id)
);
CREATE INDEX document_versions_set_idx ON document_versions (set_id, version_number DESC);

-- Immutability is the database's promise, not only the code's.
CREATE FUNCTION document_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'document_versions is append-only: % refused', TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER document_versions_no_update_delete
  BEFORE UPDATE OR DELETE ON document_versions
  FOR EACH ROW EXECUTE FUNCTION document_versions_immutable();

CREATE TRIGGER document_versions_no_truncate
  BEFORE TRUNCATE ON document_versions
  FOR EACH STATEMENT EXECUTE FUNCTION document_versions_immutable();

-- Every request and response on the wire, for the inspector and for idempotent replays.
CREATE TABLE message_log (
  id              bigserial PRIMARY KEY,
  received_at     timestamptz NOT NULL,
  message_id      text,
  sender_oid      text,
  endpoint        text NOT NULL,
  interaction     text,
  service_request text,
  result          text,                       -- AA / AE / AR / fault
  request_body    bytea,
  request_sha256  bytea,
  response_body   bytea,
  summary         jsonb NOT NULL DEFAULT '{}'::jsonb,
  findings        jsonb NOT NULL DEFAULT '[]'::jsonb,
  duration_ms     double precision
);
CREATE INDEX message_log_received_idx ON message_log (received_at DESC);
CREATE INDEX message_log_sender_idx ON message_log (sender_oid, received_at DESC);
CREATE INDEX message_log_message_id_idx ON message_log (message_id);
