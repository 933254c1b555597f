-- 0002 world and relationships: the population-register, Fullmakter, professional and agreement facts of
-- the test world, and the client-relationship model read from stored klientrelationshandlingar (KR).
-- Runs unchanged on PGlite and on a Postgres server (>= 15). Forward-only: never edit an applied file.

-- Custody (vårdnad) as the population register records it: who is the child's vårdnadshavare, from when,
-- and which shared-custody arrangement limits this guardian (domain/03 §5.3, L8722-8776).
CREATE TABLE guardianships (
  id                  text PRIMARY KEY,
  guardian_id         text NOT NULL REFERENCES persons (person_id),
  child_id            text NOT NULL REFERENCES persons (person_id),
  kind                text NOT NULL DEFAULT 'parent' CHECK (kind IN ('parent', 'appointed')),
  valid_from          date NOT NULL,
  valid_to            date,
  -- none | housing-only | structured-no-social-welfare-decisions | unstructured-before-structured-recording
  custody_arrangement text NOT NULL DEFAULT 'none'
    CHECK (custody_arrangement IN ('none', 'housing-only', 'structured-no-social-welfare-decisions', 'unstructured-before-structured-recording')),
  -- An agreement/order recorded before structured recording began (the "old custody agreement", L8770-8776).
  old_custody_agreement boolean GENERATED ALWAYS AS (custody_arrangement = 'unstructured-before-structured-recording') STORED,
  CHECK (guardian_id <> child_id),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX guardianships_child_idx ON guardianships (child_id);
CREATE INDEX guardianships_guardian_idx ON guardianships (guardian_id);

-- Incapacity (förklarad omyndig) and interest guardianship (intressebevakning) of a person (L8766-8768).
CREATE TABLE interest_guardianships (
  id                      text PRIMARY KEY,
  principal_id            text NOT NULL REFERENCES persons (person_id),
  interest_guardian_id    text REFERENCES persons (person_id),
  declared_incapacitated  boolean NOT NULL DEFAULT false,
  valid_from              date NOT NULL,
  valid_to                date,
  CHECK (interest_guardian_id IS NULL OR interest_guardian_id <> principal_id),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX interest_guardianships_principal_idx ON interest_guardianships (principal_id);

-- A §7 (Act 361/1983) right to information about a child (D03-R66, L8711-8719).
CREATE TABLE information_rights (
  id          text PRIMARY KEY,
  holder_id   text NOT NULL REFERENCES persons (person_id),
  child_id    text NOT NULL REFERENCES persons (person_id),
  scope       text NOT NULL DEFAULT 'all' CHECK (scope IN ('all', 'named-matters')),
  valid_from  date NOT NULL,
  valid_to    date,
  CHECK (holder_id <> child_id),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX information_rights_child_idx ON information_rights (child_id);

-- Suomi.fi-style electronic mandates (Fullmakter): the agent may act for the principal (D03-R09 is OUT for
-- MittKanta; the facts are kept so a proxy view can say why it refuses).
CREATE TABLE mandates (
  id            text PRIMARY KEY,
  principal_id  text NOT NULL REFERENCES persons (person_id),
  agent_id      text NOT NULL REFERENCES persons (person_id),
  scope         text NOT NULL,
  valid_from    date NOT NULL,
  valid_to      date,
  CHECK (agent_id <> principal_id),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX mandates_principal_idx ON mandates (principal_id);

-- Social-welfare professionals (the test PKI holds certificates for some of them).
CREATE TABLE professionals (
  id                   text PRIMARY KEY,   -- personal identity code, or the registration number when none
  registration_number  text UNIQUE,        -- Valvira/JulkiTerhikki-style registration number
  given_name           text NOT NULL,
  family_name          text NOT NULL,
  organisation_oid     text NOT NULL REFERENCES organisations (oid),
  service_unit_oid     text REFERENCES service_units (oid),
  title                text,
  certificate_file     text                -- path under certs/test, e.g. signers/professional-sara-socionom.pem
);
CREATE INDEX professionals_organisation_idx ON professionals (organisation_oid);

-- Production agreements organiser → producer and the register access they give (D08-R14a, R27):
-- normal access, or extended access (omfattande åtkomsträtt) limited to named producer units.
CREATE TABLE producer_agreements (
  id                  text PRIMARY KEY,
  organiser_oid       text NOT NULL REFERENCES organisations (oid),
  producer_oid        text NOT NULL REFERENCES organisations (oid),
  access              text NOT NULL CHECK (access IN ('normal', 'extended')),
  service_unit_oids   text[] NOT NULL DEFAULT '{}',
  valid_from          date NOT NULL,
  valid_to            date,
  old_data_agreement  boolean NOT NULL DEFAULT false,   -- D08-R35
  CHECK (organiser_oid <> producer_oid),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX producer_agreements_organiser_idx ON producer_agreements (organiser_oid);
CREATE INDEX producer_agreements_producer_idx ON producer_agreements (producer_oid);

-- The client-relationship model: facts extracted from each stored KR version (src/archive/client-relationships.ts).
-- One row per KR version; readers take the latest version of a set that has not been makulerad (D05-R29).
CREATE TABLE client_relationship_versions (
  version_id               text PRIMARY KEY REFERENCES document_versions (version_id),
  set_id                   text NOT NULL REFERENCES documents (set_id),
  version_number           integer NOT NULL,
  register_id              text NOT NULL REFERENCES registers (id),
  organiser_oid            text NOT NULL,
  client_id                text NOT NULL,
  social_care_start        date,
  social_care_end          date,
  child_protection_start   date,
  child_protection_end     date,
  old_relationship         boolean NOT NULL DEFAULT false,   -- "gammal klientrelation" (D05-R27)
  non_disclosure_note      text,                             -- spärrmarkering note of the KR (D05-R37, D08-R65)
  responsible_workers      jsonb NOT NULL DEFAULT '[]'::jsonb,
  personal_data            jsonb NOT NULL DEFAULT '[]'::jsonb,
  UNIQUE (set_id, version_number)
);
CREATE INDEX client_relationship_versions_client_idx ON client_relationship_versions (client_id, register_id, set_id, version_number DESC);

-- Serviceuppgift inom socialvården → service-unit entries of one KR version (cumulative, D05-R31).
CREATE TABLE client_relationship_units (
  version_id                    text NOT NULL REFERENCES client_relationship_versions (version_id),
  ordinal                       integer NOT NULL,
  service_task_code             text,
  service_task_code_system      text,
  service_unit_oid              text NOT NULL,
  organisation_oid              text NOT NULL,
  role                          text NOT NULL CHECK (role IN ('organiser', 'producer', 'subcontractor')),
  designated_by_service_unit_oid text,
  start_date                    date NOT NULL,
  end_date                      date,
  PRIMARY KEY (version_id, ordinal)
);
CREATE INDEX client_relationship_units_unit_idx ON client_relationship_units (service_unit_oid);

-- Facts derived from immutable versions are immutable too.
CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
CREATE TRIGGER client_relationship_versions_no_update_delete
  BEFORE UPDATE OR DELETE ON client_relationship_versions
  FOR EACH ROW EXECUTE FUNCTION append_only();
CREATE TRIGGER client_relationship_units_no_update_delete
  BEFORE UPDATE OR DELETE ON client_relationship_units
  FOR EACH ROW EXECUTE FUNCTION append_only();
