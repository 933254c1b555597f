import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrate, MigrationError, readMigrations } from "../../src/db/migrate.js";
import { loadFixtures, readFixtures } from "../../src/fixtures/load.js";
import { useTestDatabase } from "../support/database.js";

describe("migrations on the suite's backend (the suite runs once on PGlite and once on a Postgres server)", () => {
  const t = useTestDatabase("empty");

  it("applies every migration to an empty database, in order", async () => {
    const applied = await migrate(t.database);
    expect(applied.map((m) => m.version)).toEqual(readMigrations().map((m) => m.version));
    const tables = await sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`.execute(t.database.db);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(["organisations", "service_units", "registers", "persons", "documents", "document_versions", "message_log", "code_systems", "codes", "schema_migrations"]),
    );
  });

  it("applies nothing the second time", async () => {
    expect(await migrate(t.database)).toEqual([]);
  });

  it("refuses a migration file changed after it was applied", async () => {
    const changed = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
    await expect(migrate(t.database, changed)).rejects.toThrow(MigrationError);
  });

  it("rolls a failing migration back whole and records nothing", async () => {
    const broken = [...readMigrations(), { version: 9999, name: "9999_broken", sql: "CREATE TABLE half_done (x int); SELECT no_such_function();", checksum: "f".repeat(64) }];
    await expect(migrate(t.database, broken)).rejects.toThrow(/9999_broken/);
    const exists = await sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'half_done'`.execute(t.database.db);
    expect(exists.rows[0]?.n).toBe(0);
    const recorded = await t.database.db.selectFrom("schema_migrations").select("version").where("version", "=", 9999).execute();
    expect(recorded).toEqual([]);
  });

  it("loads the fixtures idempotently", async () => {
    const first = await loadFixtures(t.database);
    const second = await loadFixtures(t.database);
    expect(second).toEqual(first);
    const fixtures = readFixtures();
    const persons = await t.database.db.selectFrom("persons").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(persons.n)).toBe(fixtures.world.persons.length);
    const codes = await t.database.db.selectFrom("codes").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(codes.n)).toBe(first.codes);
  });
});
