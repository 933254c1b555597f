import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import type { Database } from "./schema.js";

export type DatabaseKind = "pglite" | "postgres";

/**
 * One open database: kysely for queries, `exec` for multi-statement SQL (migrations, fixtures).
 * The same interface over PGlite and a Postgres server, so nothing above this file knows which.
 */
export interface ArchiveDatabase {
  readonly kind: DatabaseKind;
  readonly db: Kysely<Database>;
  /** Runs a script of one or more SQL statements without parameters. */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

// Postgres returns bigint (int8) as text by default; our bigints (ids, counts) fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** Planner cost of a random page for the archive's sessions (Postgres default: 4.0, for spinning disks). */
export const RANDOM_PAGE_COST = 1.1;

export function openPostgres(url: string, poolSize = 10): ArchiveDatabase {
  // The archive's pages are on SSD or in memory: a random page costs about a sequential one. With the
  // default 4.0 the planner scans `documents` whole instead of using the client GIN index for a client
  // with 1 000 documents (MittKanta list: 28 ms → 9 ms at 100 k; docs/performance.md).
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: `-c random_page_cost=${RANDOM_PAGE_COST}` });
  pool.on("connect", (client) => prepareStatementsOf(client));
  // An idle connection the server drops (restart, failover, admin command) must not crash the
  // process: pg-pool discards that client and the next query opens a new one.
  pool.on("error", () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: "postgres",
    db,
    async exec(script) {
      // No parameters → simple query protocol, which accepts several statements. One dedicated
      // connection, so a failed script's open transaction is rolled back before the pool reuses it.
      const client = await pool.connect();
      try {
        await client.query(script);
      } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    async close() {
      await db.destroy(); // ends the pool
    },
  };
}

/** Distinct statement texts one connection keeps prepared (the archive issues a few dozen). */
const PREPARED_PER_CONNECTION = 500;

/**
 * Runs each parameterised statement as a named prepared statement of its connection: Postgres parses
 * and analyses a statement text once per connection and, once its plan proves general, plans it once
 * too (plan_cache_mode auto). Measured on the store path: 4.0 → 2.4 ms of Postgres CPU per stored
 * document (docs/performance.md). Statements without parameters (BEGIN, COMMIT, scripts) stay unnamed.
 */
function prepareStatementsOf(client: pg.PoolClient): void {
  const names = new Map<string, string>();
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (args.length === 2 && typeof text === "string" && Array.isArray(values) && values.length > 0) {
      let name = names.get(text);
      if (name === undefined && names.size < PREPARED_PER_CONNECTION) names.set(text, (name = `kanta_sim_${names.size}`));
      if (name !== undefined) return query({ name, text, values });
    }
    return query(...args);
  };
}

/** Wraps an already-created PGlite instance (tests create theirs from a migrated snapshot). */
export function wrapPGlite(pglite: PGlite): ArchiveDatabase {
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    kind: "pglite",
    db,
    async exec(script) {
      try {
        await pglite.exec(script);
      } catch (e) {
        // PGlite is one connection: never leave it inside the failed script's transaction.
        await pglite.exec("ROLLBACK").catch(() => undefined);
        throw e;
      }
    },
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/**
 * bytea (type 17) through Buffer instead of PGlite's byte-by-byte hex conversion: 0.6 ms instead of 32 ms
 * per 70 KB document (measured in docs/performance.md). Same text format on the wire.
 */
export const PGLITE_BYTEA_OPTIONS = {
  serializers: { 17: (v: unknown) => (v instanceof Uint8Array ? `\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("hex")}` : String(v)) },
  parsers: { 17: (text: string) => new Uint8Array(Buffer.from(text.slice(2), "hex")) },
};

/** `dataDir` is a directory, or `memory://` for a throwaway in-memory database. */
export async function openPGlite(dataDir: string): Promise<ArchiveDatabase> {
  let location = dataDir;
  if (!dataDir.startsWith("memory://")) {
    location = join(resolve(dataDir), "pgdata");
    mkdirSync(location, { recursive: true });
  }
  const pglite = await PGlite.create(location, PGLITE_BYTEA_OPTIONS);
  await pglite.exec(`SET random_page_cost = ${RANDOM_PAGE_COST}`);
  return wrapPGlite(pglite);
}

export async function openDatabase(options: { databaseUrl?: string | undefined; dataDir: string }): Promise<ArchiveDatabase> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPGlite(options.dataDir);
}
