import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { loadClientRelationship } from "../../src/archive/client-relationships.js";
import { readSampleManifest, SAMPLES_DIR } from "../../src/samples/generate.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";

// A stored klientrelationshandling feeds the client-relationship model in the same transaction, so the
// access rules read saklig anknytning from it [D05-R30] [D08-R10 L32129-32131 (see domain/08)].
describe("storing a client-relationship document through SOAP records its facts", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(testConfig(), { database: t.database });
  });
  afterAll(async () => app.close());

  it("the KR sample is stored (AA) and its client relationship is then readable", async () => {
    const kr = readSampleManifest().find((e) => e.file === "valid/01-client-relationship.xml")!;
    const res = await app.inject({ method: "POST", url: "/soap/archive", headers: { "content-type": kr.contentType }, payload: readFileSync(join(SAMPLES_DIR, kr.file)) });
    expect(res.body).toContain('typeCode="AA"');
    const relationship = await loadClientRelationship(t.database.db, "190790-981S", "1.2.246.10.99990001.10.0", new Date("2026-12-01T12:00:00Z"));
    expect(relationship).toBeDefined();
    expect(relationship).toMatchObject({ clientId: "190790-981S", registerId: "1.2.246.10.99990001.10.0:1" });
    expect(relationship!.units.length).toBeGreaterThan(0);
  });

  it("nothing is recorded for a client without a stored KR", async () => {
    expect(await loadClientRelationship(t.database.db, "021182-934E", "1.2.246.10.99990001.10.0", new Date("2026-12-01T12:00:00Z"))).toBeUndefined();
  });
});
