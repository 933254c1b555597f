/**
 * One round trip for a store's reads after its locks (src/archive/transaction-reads.ts, issue #8): what
 * the prefetch remembers is exactly what the query reads, only inside a transaction, and a query it did
 * not foresee still reads the database.
 */
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { prefetchRows, readRows, type RowsQuery } from "../../src/archive/transaction-reads.js";
import { useTestDatabase } from "../support/database.js";

describe("store transaction reads in one statement", () => {
  const t = useTestDatabase();
  const organisations = (prefix: string): RowsQuery => ({ key: `test-organisations:${prefix}`, sql: sql`SELECT oid, name, is_public FROM organisations WHERE oid LIKE ${`${prefix}%`} ORDER BY oid` });
  const revision: RowsQuery = { key: "test-revision", sql: sql`SELECT revision FROM world_revision` };

  it("a prefetched query gives the rows a direct read gives, without reading again in the transaction", async () => {
    const direct = await readRows(t.database.db, organisations("1.2.246.10.9999000"));
    expect(direct.length).toBeGreaterThan(1);
    const changedThenRolledBack = t.database.db.transaction().execute(async (trx) => {
      await prefetchRows(trx, [organisations("1.2.246.10.9999000"), revision]);
      // A change inside the transaction after the prefetch is not seen through the remembered rows:
      // the store only reads before it writes, so remembering is safe there.
      await sql`UPDATE organisations SET name = name || ' (changed)' WHERE oid LIKE '1.2.246.10.9999000%'`.execute(trx);
      expect(await readRows(trx, organisations("1.2.246.10.9999000"))).toEqual(direct);
      // Not foreseen: read from the database, so the change is seen.
      const other = await readRows<{ name: string }>(trx, organisations("1.2.246.10.99990001"));
      expect(other.every((o) => o.name.endsWith(" (changed)"))).toBe(true);
      throw new Error("roll back");
    });
    await expect(changedThenRolledBack).rejects.toThrow("roll back");
  });

  it("outside a transaction nothing is remembered", async () => {
    await prefetchRows(t.database.db, [revision]);
    const before = await readRows<{ revision: number }>(t.database.db, revision);
    await sql`UPDATE organisations SET name = name WHERE false`.execute(t.database.db);
    const after = await readRows<{ revision: number }>(t.database.db, revision);
    expect(Number(after[0]!.revision)).toBe(Number(before[0]!.revision) + 1);
  });
});
