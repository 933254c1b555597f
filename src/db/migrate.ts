import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ArchiveDatabase } from "./database.js";

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "migrations");

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), "utf8");
      return {
        version: Number(file.slice(0, 4)),
        name: file.replace(/\.sql$/, ""),
        sql: text,
        checksum: createHash("sha256").update(text).digest("hex"),
      };
    });
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

// Any 64-bit number: serialises concurrent `migrate` runs (several instances on one Postgres server).
const MIGRATION_LOCK_KEY = 4_716_031_990;

async function appliedMigrations(database: ArchiveDatabase) {
  return new Map((await database.db.selectFrom("schema_migrations").selectAll().execute()).map((m) => [m.version, m]));
}

/**
 * Applies the forward-only migrations not yet applied, each in its own transaction.
 * An applied migration whose file changed afterwards is an error, never silently re-run.
 */
export async function migrate(database: ArchiveDatabase, migrations = readMigrations()): Promise<Migration[]> {
  await database.exec(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      checksum   text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    );`);
  const applied = await appliedMigrations(database);
  for (const m of migrations) {
    const done = applied.get(m.version);
    if (done && done.checksum !== m.checksum) {
      throw new MigrationError(`migration ${m.name} was changed after it was applied (forward-only: add a new migration instead)`);
    }
  }
  const pending = migrations.filter((m) => !applied.has(m.version));
  const ran: Migration[] = [];
  for (const m of pending) {
    // The version row goes in first, under a transaction-scoped lock: a second instance racing for
    // the same migration fails on the primary key and then finds it applied, instead of re-running DDL.
    // Inlined values are safe: version is a number, name and checksum match [a-z0-9_].
    const script = `BEGIN;
SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY});
INSERT INTO schema_migrations (version, name, checksum) VALUES (${m.version}, '${m.name}', '${m.checksum}');
${m.sql}
;
COMMIT;`;
    try {
      await database.exec(script);
      ran.push(m);
    } catch (e) {
      if ((await appliedMigrations(database)).get(m.version)?.checksum === m.checksum) continue; // another instance won
      throw new MigrationError(`migration ${m.name} failed: ${(e as Error).message}`);
    }
  }
  return ran;
}
