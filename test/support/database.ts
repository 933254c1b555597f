import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { openPostgres, PGLITE_BYTEA_OPTIONS, wrapPGlite, type ArchiveDatabase } from "../../src/db/database.js";

export type TestDatabaseTarget =
  | { kind: "pglite"; source: string; snapshot: string }
  | { kind: "postgres"; source: string; adminUrl: string; template: string };

export function testDatabaseTarget(): TestDatabaseTarget {
  return inject("testDatabase");
}

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(adminUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await run(admin);
  } finally {
    await admin.end();
  }
}

/**
 * A database of the suite's backend. `migrated` (default) clones the migrated, seeded template;
 * `empty` gives a database with nothing in it (for migration tests).
 */
export async function createTestDatabase(state: "migrated" | "empty" = "migrated"): Promise<ArchiveDatabase> {
  const target = testDatabaseTarget();
  if (target.kind === "pglite") {
    const pglite =
      state === "migrated"
        ? await PGlite.create({ loadDataDir: new Blob([readFileSync(target.snapshot)]), ...PGLITE_BYTEA_OPTIONS })
        : await PGlite.create(PGLITE_BYTEA_OPTIONS);
    return wrapPGlite(pglite);
  }
  const name = `kanta_sim_test_${randomBytes(6).toString("hex")}`;
  await withAdmin(target.adminUrl, (admin) => admin.query(state === "migrated" ? `CREATE DATABASE ${name} TEMPLATE ${target.template}` : `CREATE DATABASE ${name}`));
  const database = openPostgres(databaseUrl(target.adminUrl, name), 5);
  return {
    ...database,
    kind: database.kind,
    db: database.db,
    exec: database.exec,
    async close() {
      await database.close();
      await withAdmin(target.adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** One database for the whole test file: `const t = useTestDatabase(); … t.database`. */
export function useTestDatabase(state: "migrated" | "empty" = "migrated"): { readonly database: ArchiveDatabase } {
  const holder: { database?: ArchiveDatabase } = {};
  beforeAll(async () => {
    holder.database = await createTestDatabase(state);
  });
  afterAll(async () => {
    await holder.database?.close();
  });
  return {
    get database() {
      if (!holder.database) throw new Error("useTestDatabase: the database is opened in beforeAll");
      return holder.database;
    },
  };
}
