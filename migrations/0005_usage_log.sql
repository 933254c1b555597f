-- 0005 usage log: the archive's användningslogg and utlämningslogg (D07-R56, D08-R59/R60, DESIGN §7.8).
-- One row per client per access decision: every store (written in the store transaction) and every
-- search, refusals included with their code and reason. Runs unchanged on PGlite and on a Postgres
-- server (>= 15). Forward-only: never edit an applied file.
CREATE TABLE usage_log (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  log_kind             text NOT NULL CHECK (log_kind IN ('usage', 'disclosure')),
  logged_at            timestamptz NOT NULL,                 -- the request's archive time
  register_oid         text NOT NULL,                        -- controller (organiser) of the target register
  client_id            text NOT NULL,
  organisation_oid     text NOT NULL,                        -- acting organisation
  service_unit_oid     text NOT NULL,                        -- acting service unit
  professional_id      text,
  action               text NOT NULL,
  usage_situation      text NOT NULL,
  outcome              text NOT NULL CHECK (outcome IN ('allowed', 'refused')),
  basis                text,
  special_reason_code  text,
  refusal_code         text,
  reason               text NOT NULL,
  rule                 text NOT NULL,
  document_id          text,
  message_id           text
);
CREATE INDEX usage_log_client_idx ON usage_log (client_id, logged_at);
CREATE INDEX usage_log_organisation_idx ON usage_log (organisation_oid, logged_at);

-- A log that can be edited proves nothing: append-only like document_versions (append_only() of 0002).
CREATE TRIGGER usage_log_no_update_delete
  BEFORE UPDATE OR DELETE ON usage_log
  FOR EACH ROW EXECUTE FUNCTION append_only();
CREATE TRIGGER usage_log_no_truncate
  BEFORE TRUNCATE ON usage_log
  FOR EACH STATEMENT EXECUTE FUNCTION append_only();
