/**
 * The reads of a store transaction, in one round trip (issue #8). After a store has taken its locks,
 * access control and the storage facts read five independent things — the client's relationship in
 * the register, the case, the document's own latest version, the client's KRs, identity links — one
 * statement each, each a round trip. `prefetchRows` asks them all in one statement and remembers the
 * rows for the transaction; each loader then asks `readRows` with the same query and gets them without
 * a round trip. A query is known by its name and parameters, so a loader whose query the prefetch did
 * not foresee simply reads the database: the prefetch can make a store faster, never different.
 *
 * Both paths return the rows as JSON (json_agg over the query), so their types are the same either way
 * (timestamps as ISO text, jsonb as objects). Outside a transaction nothing is remembered.
 */
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "../db/schema.js";

export interface RowsQuery {
  /** Name and parameters: equal keys must mean the same SQL with the same values. */
  key: string;
  sql: RawBuilder<unknown>;
}

const perTransaction = new WeakMap<object, Map<string, unknown[]>>();

const asRows = (value: unknown): unknown[] => (typeof value === "string" ? (JSON.parse(value) as unknown[]) : ((value as unknown[] | null) ?? []));
const aggregated = (query: RowsQuery) => sql`(SELECT coalesce(json_agg(q), '[]'::json) FROM (${query.sql}) AS q)`;

/** The rows of `query`: remembered ones inside a transaction, else read (and remembered there). */
export async function readRows<T>(db: Kysely<Database>, query: RowsQuery): Promise<T[]> {
  const memo = db.isTransaction ? perTransaction.get(db) : undefined;
  const remembered = memo?.get(query.key);
  if (remembered) return remembered as T[];
  const result = await sql<{ rows: unknown }>`SELECT ${aggregated(query)} AS rows`.execute(db);
  const rows = asRows(result.rows[0]?.rows);
  if (db.isTransaction) rememberRows(db, query.key, rows);
  return rows as T[];
}

/** Reads every query in one statement and remembers the rows for the transaction (nothing outside one). */
export async function prefetchRows(db: Kysely<Database>, queries: readonly RowsQuery[]): Promise<void> {
  if (!db.isTransaction || queries.length === 0) return;
  const unique = [...new Map(queries.map((q) => [q.key, q])).values()];
  const columns = unique.map((query, i) => sql`${aggregated(query)} AS ${sql.ref(`r${i}`)}`);
  const row = (await sql<Record<string, unknown>>`SELECT ${sql.join(columns)}`.execute(db)).rows[0] ?? {};
  unique.forEach((query, i) => rememberRows(db, query.key, asRows(row[`r${i}`])));
}

function rememberRows(db: object, key: string, rows: unknown[]): void {
  let memo = perTransaction.get(db);
  if (!memo) perTransaction.set(db, (memo = new Map()));
  memo.set(key, rows);
}
