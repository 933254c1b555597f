import { createHash } from "node:crypto";
import fc from "fast-check";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { runDemo, type DemoResult } from "../../src/demo/demo.js";
import { createMittKantaService, DEFAULT_ORDER, isRefusal, newestFirst, SWEDISH_ORDER, VersionCache, type OpenView } from "../../src/mittkanta/service.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";

/**
 * The MittKanta read path (docs/mittkanta.md "Read path"): parsed versions are cached by version_id,
 * and the landing page picks the newest five without sorting everything. Neither may change an answer.
 */
describe("MittKanta read path: the version cache and the ordering change no answer", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  let url: string;
  let demo: DemoResult;

  const login = async (personId: string) => {
    const res = await fetch(`${url}/mittkanta/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ personId }) });
    return ((await res.json()) as { token: string }).token;
  };
  const getText = async (path: string, token: string) => {
    const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return res.text();
  };
  /** A view of the demo client by a service of its own (its own cache). */
  const openWith = async (versionCacheChars?: number) => {
    const service = createMittKantaService(t.database.db, { phase: 1, ...(versionCacheChars !== undefined && { versionCacheChars }) });
    const now = new Date();
    const session = service.login(demo.client, now);
    if (isRefusal(session)) throw new Error(session.error);
    const view = await service.openView(session, demo.client, now);
    if (isRefusal(view)) throw new Error(view.error);
    return { service, view: view as OpenView };
  };

  beforeAll(async () => {
    app = await buildApp(testConfig(), { database: t.database });
    url = await app.listen({ port: 0, host: "127.0.0.1" });
    demo = await runDemo({ url });
  }, 120_000);
  afterAll(async () => app.close());

  it("a service whose cache holds nothing answers exactly as one that reuses its cache", async () => {
    const cached = await openWith();
    const uncached = await openWith(0);
    for (let round = 0; round < 2; round++) {
      expect(await cached.service.documents(cached.view, {})).toEqual(await uncached.service.documents(uncached.view, {}));
      expect(await cached.service.landing(cached.view)).toEqual(await uncached.service.landing(uncached.view));
      expect(await cached.service.documents(cached.view, { sort: "name" })).toEqual(await uncached.service.documents(uncached.view, { sort: "name" }));
    }
  });

  it("the list route answers exactly what the service decides, info text included [D03-R06 L7660-7671]", async () => {
    const token = await login(demo.client);
    const text = await getText(`/mittkanta/api/people/${demo.client}/documents`, token);
    const { service, view } = await openWith();
    const direct = await service.documents(view, {});
    expect(direct.infoText).not.toBeNull();
    // Both sessions are the client's first in their service, so the same documents are Ny in both.
    expect(JSON.parse(text)).toEqual(direct);
    expect(text).toBe(JSON.stringify(direct));
  });

  it("a new version stored after a cached read is what the next read shows (the cache is keyed by version) [D03-R16 L7723-7727]", async () => {
    const { service, view } = await openWith();
    const before = await service.documents(view, {});
    const target = before.documents[0]!;
    const latest = await sql<{ version_id: string; version_number: number }>`
      SELECT version_id, version_number FROM document_versions WHERE set_id = ${target.setId} ORDER BY version_number DESC LIMIT 1`.execute(t.database.db);
    const { version_id: previous, version_number: number } = latest.rows[0]!;
    const content = Buffer.from(`read-path test version of ${target.setId}`);
    await sql`
      INSERT INTO document_versions (version_id, set_id, version_number, replaces_version_id, status, received_at, metadata, content, content_sha256)
      SELECT ${`${previous}.readpath`}, set_id, ${number + 1}, version_id, 'active', now(),
             jsonb_set(jsonb_set(metadata, '{title}', '"Korrigerad titel"'), '{versionNumber}', to_jsonb(${number + 1}::int)),
             ${content}, ${createHash("sha256").update(content).digest()}
        FROM document_versions WHERE version_id = ${previous}`.execute(t.database.db);
    const after = await service.documents(view, {});
    expect(after.documents.find((d) => d.setId === target.setId)).toMatchObject({ title: "Korrigerad titel", versionNumber: number + 1, corrected: true });
  });

  it("cached versions are frozen: no caller can change what another request reads", async () => {
    const { service, view } = await openWith();
    const list = await service.documents(view, {});
    expect(() => (list.documents[0]!.serviceTasks as { code: string }[]).push({ code: "x" })).toThrow(TypeError);
  });
});

describe("VersionCache", () => {
  it("keeps the sum of sizes within its bound, evicting the oldest unused entry first", () => {
    const cache = new VersionCache<string>(10);
    cache.set("a", "A", 4);
    cache.set("b", "B", 4);
    cache.get("a"); // a is used again: b leaves first
    cache.set("c", "C", 4);
    expect(cache.size).toBeLessThanOrEqual(10);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual(["A", undefined, "C"]);
  });

  it("holds nothing larger than its bound, and nothing at all with bound 0", () => {
    const cache = new VersionCache<string>(3);
    cache.set("big", "B", 4);
    expect(cache.get("big")).toBeUndefined();
    const none = new VersionCache<string>(0);
    none.set("a", "A", 1);
    expect([none.get("a"), none.size]).toEqual([undefined, 0]);
  });

  it("never exceeds its bound under any sequence of reads and writes", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 6 }))), (ops) => {
        const cache = new VersionCache<number>(12);
        for (const [write, key, size] of ops) {
          if (write) cache.set(String(key), key, size);
          else expect([undefined, key]).toContain(cache.get(String(key)));
          expect(cache.size).toBeLessThanOrEqual(12);
        }
      }),
    );
  });
});

describe("ordering helpers", () => {
  const sign = (n: number) => Math.sign(n);
  const texts = fc.string({ unit: fc.constantFrom(..."0123456789:-+.TZ aäåöAÖb_".split("")), maxLength: 12 });

  it("DEFAULT_ORDER and SWEDISH_ORDER order as localeCompare does", () => {
    fc.assert(
      fc.property(texts, texts, (a, b) => {
        expect(sign(DEFAULT_ORDER(a, b))).toBe(sign(a.localeCompare(b)));
        expect(sign(SWEDISH_ORDER(a, b))).toBe(sign(a.localeCompare(b, "sv")));
      }),
      { numRuns: 2000 },
    );
    expect(sign(DEFAULT_ORDER("2026-09-26T10:00:00+02:00", "2026-10-01T10:00:00+03:00"))).toBe(-1);
  });

  it("newestFirst gives what a stable sort by createdAt (newest first) and slice give, ties in input order", () => {
    const dates = fc.constantFrom("2025-01-01", "2025-01-02", "2025-01-02T10:00:00+02:00", "2024-12-31", "2026-03-03T00:00:00Z");
    fc.assert(
      fc.property(fc.array(dates, { maxLength: 30 }), fc.integer({ min: 0, max: 7 }), (createdAts, limit) => {
        const entries = createdAts.map((createdAt, i) => ({ createdAt, i }));
        const sorted = [...entries].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
        expect(newestFirst(entries, limit)).toEqual(sorted);
      }),
    );
  });
});
