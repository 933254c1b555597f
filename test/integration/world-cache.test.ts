/**
 * The world reference cache (src/db/world-cache.ts, migration 0008, issue #8): every change to a world
 * table bumps world_revision in the changing statement's transaction, and a store sees a change made
 * between two stores even though the first filled the process's cache. Also the grouped message log
 * (src/inspector/message-log.ts): exchanges recorded together each get their own row and id.
 */
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { stampWorldRevision, worldCacheStats, worldRead } from "../../src/db/world-cache.js";
import { makePersonalIdentityCode } from "../../src/rules/identity.js";
import { recordMessage, observeMessages } from "../../src/inspector/message-log.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";
import { documentsOf, soapWorld, WORLD, type Actor } from "../support/soap-world.js";

const NOW = "2026-11-28T12:00:00Z";

describe("world revision and the reference cache", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  let world: ReturnType<typeof soapWorld>;
  beforeAll(async () => {
    app = await buildApp(testConfig(), { database: t.database });
    world = soapWorld(app, { at: NOW });
  });
  afterAll(async () => app.close());

  const revision = async () => Number((await sql<{ r: string }>`SELECT revision::text AS r FROM world_revision`.execute(t.database.db)).rows[0]!.r);

  const changes: [table: string, statement: string][] = [
    ["registers", "UPDATE registers SET name = name"],
    ["organisations", "UPDATE organisations SET name = name WHERE oid = '1.2.246.10.99990001.10.0'"],
    ["service_units", "UPDATE service_units SET name = name"],
    ["codes", "UPDATE codes SET display_sv = display_sv WHERE false"],
    ["producer_agreements", "UPDATE producer_agreements SET access = access"],
    ["persons", "INSERT INTO persons (person_id, given_name, family_name, birth_date) VALUES ('010101A998X', 'Test', 'Person', '1901-01-01')"],
    ["persons", "DELETE FROM persons WHERE person_id = '010101A998X'"],
    ["controller_changes", "DELETE FROM controller_changes WHERE false"],
  ];
  it.each(changes)("a statement on %s bumps the revision, even one that changes no row: %s", async (_table, statement) => {
    const before = await revision();
    await sql.raw(statement).execute(t.database.db);
    expect(await revision()).toBe(before + 1);
  });

  it("a rolled-back change leaves the revision as it was", async () => {
    const before = await revision();
    await expect(
      t.database.db.transaction().execute(async (trx) => {
        await sql`UPDATE organisations SET name = name`.execute(trx);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await revision()).toBe(before);
  });

  it("worldRead remembers per revision only in a stamped transaction, and freezes what it shares", async () => {
    let loads = 0;
    const load = async () => ({ loads: ++loads, rows: [{ oid: "x" }] });
    const unstamped = {};
    await worldRead(unstamped, "k", load);
    await worldRead(unstamped, "k", load);
    expect(loads).toBe(2);
    const a = {};
    const b = {};
    stampWorldRevision(a, "900001");
    stampWorldRevision(b, "900001");
    const hits = worldCacheStats.hits;
    const first = await worldRead(a, "k", load);
    const second = await worldRead(b, "k", load);
    expect(second).toBe(first);
    expect(worldCacheStats.hits).toBe(hits + 1);
    expect(() => (first.rows as { oid: string }[]).push({ oid: "y" })).toThrow(TypeError);
    const c = {};
    stampWorldRevision(c, "900002");
    expect((await worldRead(c, "k", load)).loads).toBe(4);
  });

  it("a store sees a code go out of force between two stores, though the first filled the cache [D06-R24]", async () => {
    const E = WORLD.testby;
    const asE: Actor = { organisation: E, usageSituation: "1" };
    const d = documentsOf(E);
    const first = makePersonalIdentityCode("1971-03-04", 611);
    const second = makePersonalIdentityCode("1971-03-04", 612);
    // The KR's register code (1.2.246.537.6.1264 / 1) is looked up through the cache on every store.
    const registerCode = sql`code_system_oid = '1.2.246.537.6.1264' AND code = '1'`;
    expect((await world.send(d.kr(first), asE)).typeCode).toBe("AA");
    await sql`UPDATE codes SET valid_to = '2020-12-31' WHERE ${registerCode}`.execute(t.database.db);
    try {
      const ack = await world.send(d.kr(second), asE);
      expect(ack.codes).toContain("MET-CODE-NOT-IN-FORCE");
    } finally {
      await sql`UPDATE codes SET valid_to = NULL WHERE ${registerCode}`.execute(t.database.db);
    }
    expect((await world.send(d.kr(second), asE)).typeCode).toBe("AA");
  });

  it("exchanges recorded at the same time each get their own row, id and observer call", async () => {
    const seen = new Map<number, string>();
    const stop = observeMessages((_db, id, record) => void seen.set(id, record.messageId!));
    try {
      const records = Array.from({ length: 40 }, (_, i) => ({
        receivedAt: new Date(NOW),
        endpoint: "/soap/archive",
        messageId: `group-${i}`,
        result: "AA" as const,
        requestBody: new TextEncoder().encode(`<request n="${i}"/>`),
        responseBody: `<response n="${i}"/>`,
      }));
      const ids = await Promise.all(records.map((r) => recordMessage(t.database.db, r)));
      expect(new Set(ids).size).toBe(40);
      const rows = await t.database.db.selectFrom("message_log").select(["id", "message_id", "request_body", "response_body"]).where("id", "in", ids.map(String)).execute();
      for (const [i, id] of ids.entries()) {
        const row = rows.find((r) => Number(r.id) === id)!;
        expect(row.message_id).toBe(`group-${i}`);
        expect(Buffer.from(row.request_body!).toString()).toBe(`<request n="${i}"/>`);
        expect(Buffer.from(row.response_body!).toString()).toBe(`<response n="${i}"/>`);
        expect(seen.get(id)).toBe(`group-${i}`);
      }
    } finally {
      stop();
    }
  });
});
