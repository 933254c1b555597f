/**
 * Controller changes (handbook 12.4; D08-R37…R46): the simulated organisation register's record of which controller
 * ceased, when, and by which model. Model 1 transfers the ceasing controller's registers to the starting
 * one (only the active controller changes, D08-R38); model 2 leaves them and ends the ceasing
 * controller's validity on the effective date (D08-R43). Read by access control and the searches.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { worldRead } from "../db/world-cache.js";
import { finnishDay } from "../admin/world-facts.js";

type Db = Kysely<Database>;

/** The table of migrations/0006, beside the generated schema. */
export type ControllerChangeTables = {
  controller_changes: { id: string; model: number; from_oid: string; to_oid: string; effective_date: string; recorded_at: Date };
};

export interface ControllerChange {
  id: string;
  model: 1 | 2;
  fromOid: string;
  toOid: string;
  /** First day the starting controller is the controller (Helsinki date). */
  effectiveDate: string;
}

export async function listControllerChanges(db: Db): Promise<readonly ControllerChange[]> {
  return worldRead(db, "controller-changes", () => readControllerChanges(db));
}

async function readControllerChanges(db: Db): Promise<ControllerChange[]> {
  const rows = await sql<{ id: string; model: number; from_oid: string; to_oid: string; effective_date: string }>`
    SELECT id::text AS id, model, from_oid, to_oid, to_char(effective_date, 'YYYY-MM-DD') AS effective_date FROM controller_changes ORDER BY id`.execute(db);
  return rows.rows.map((r) => ({ id: r.id, model: Number(r.model) === 1 ? 1 : 2, fromOid: r.from_oid, toOid: r.to_oid, effectiveDate: r.effective_date }));
}

/** Records one change; a controller ceases once (UNIQUE from_oid). */
export async function recordControllerChange(db: Db, change: Omit<ControllerChange, "id">): Promise<ControllerChange> {
  const row = await db
    .withTables<ControllerChangeTables>()
    .insertInto("controller_changes")
    .values({ model: change.model, from_oid: change.fromOid, to_oid: change.toOid, effective_date: change.effectiveDate } as never)
    .returning(sql<string>`id::text`.as("id"))
    .executeTakeFirstOrThrow();
  return { id: row.id, ...change };
}

/** The change that ended `oid` as a controller on or before the day of `at`, if any (pure, over the list). */
export function ceasedBy(changes: readonly ControllerChange[], oid: string, at: Date): ControllerChange | undefined {
  const day = finnishDay(at);
  return changes.find((c) => c.fromOid === oid && c.effectiveDate <= day);
}

/**
 * The organisers whose registers `oid` is the active controller of on the day of `at`: itself and every
 * controller transferred to it by model 1 (transitively: a merged controller's own predecessors too). Pure.
 */
export function registerOrganisersOf(changes: readonly ControllerChange[], oid: string, at: Date): string[] {
  const day = finnishDay(at);
  const transfers = changes.filter((c) => c.model === 1 && c.effectiveDate <= day);
  const result = [oid];
  for (let i = 0; i < result.length; i++) for (const t of transfers) if (t.toOid === result[i] && !result.includes(t.fromOid)) result.push(t.fromOid);
  return result;
}

/** registerOrganisersOf over the recorded changes. */
export async function activeRegisterOrganisers(db: Db, oid: string, at: Date): Promise<string[]> {
  return registerOrganisersOf(await listControllerChanges(db), oid, at);
}
