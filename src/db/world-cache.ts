/**
 * Reference data of the world — registers, organisations, service units, codes, producer agreements,
 * persons, controller changes — is read by every store but changes only through fixtures and the admin
 * API. Migration 0008 keeps `world_revision`, which every change to those tables bumps inside the
 * changing transaction. A store reads the revision together with its locks (src/archive/store.ts) and
 * stamps its transaction with it; reads through `worldRead` in a stamped transaction are then answered
 * from this process's memory while the revision stands, and go to the database once per revision.
 *
 * Why this is as correct as reading the tables: the revision is read inside the store's transaction
 * (READ COMMITTED), so every later read there sees at least that revision; a value remembered under
 * revision R was read by a statement that saw R or later, and R+1 empties the memory. Reads in an
 * unstamped connection (searches, admin, MittKanta) go to the database every time.
 */
import { sql } from "kysely";

/** Entries kept per revision; beyond this the oldest go (the keys are small: ids and code pairs). */
const LIMIT = 5_000;

const revisionOf = new WeakMap<object, string>();
let cachedRevision: string | undefined;
const cache = new Map<string, unknown>();

/** Statistics for tests and the benchmark's explanation (hits are reads that did not reach the database). */
export const worldCacheStats = { hits: 0, misses: 0 };

/** The SQL expression that reads the revision (select it in the statement that takes the locks). */
export const WORLD_REVISION_SQL = sql<string>`(SELECT revision::text FROM world_revision)`;

/** Marks `db` (a transaction) as reading the world at `revision`. */
export function stampWorldRevision(db: object, revision: string | null | undefined): void {
  if (revision) revisionOf.set(db, revision);
}

/**
 * Freezes a value shared by requests (this cache, MittKanta's version cache) and everything in it, so
 * a caller that tried to change it throws instead of changing what another request reads.
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (value instanceof Map || value instanceof Set) return value;
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * `load()` once per revision and key when `db` is stamped; every time otherwise. The value is frozen:
 * requests share it, so a caller that tried to change it would throw rather than leak into another.
 */
export async function worldRead<T>(db: object, key: string, load: () => Promise<T>): Promise<T> {
  const revision = revisionOf.get(db);
  if (revision === undefined) return load();
  if (revision !== cachedRevision) {
    cache.clear();
    cachedRevision = revision;
  }
  if (cache.has(key)) {
    worldCacheStats.hits++;
    return cache.get(key) as T;
  }
  worldCacheStats.misses++;
  const value = deepFreeze(await load());
  // A newer revision may have arrived while this one loaded; only the current one keeps entries.
  if (cachedRevision === revision) {
    if (cache.size >= LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, value);
  }
  return value;
}
