-- Performance (issue #8, docs/performance.md): every store reads the same reference data of the world
-- (registers, organisations, service units, codes, producer agreements, persons, controller changes),
-- and it changes only through fixtures and the admin API. A revision number that every change to those
-- tables bumps, in the changing transaction, lets a store read it once with its locks and answer the
-- reference reads from memory while the revision stands (src/db/world-cache.ts).
CREATE TABLE world_revision (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  revision bigint NOT NULL
);
INSERT INTO world_revision (revision) VALUES (1);

CREATE FUNCTION bump_world_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE world_revision SET revision = revision + 1;
  RETURN NULL;
END $$;

CREATE TRIGGER registers_world_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON registers FOR EACH STATEMENT EXECUTE FUNCTION bump_world_revision();
CREATE TRIGGER organisations_world_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisations FOR EACH STATEMENT EXECUTE FUNCTION bump_world_revision();
CREATE TRIGGER service_units_world_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_units FOR EACH STATEMENT EXECUTE FUNCTION bump_world_revision();
CREATE TRIGGER codes_world_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON codes FOR EACH STATEMENT EXECUTE FUNCTION bump_world_revision();
CREATE TRIGGER producer_agreements_world_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON producer_agreements FOR EACH STATEMENT EXECUTE FUNCTION bump_world_revision();
CREATE TRIGGER persons_world_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON persons FOR EACH STATEMENT EXECUTE FUNCTION bump_world_revision();
CREATE TRIGGER controller_changes_world_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON controller_changes FOR EACH STATEMENT EXECUTE FUNCTION bump_world_revision();
