import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { runDemo } from "../../src/demo/demo.js";
import { buildQueryRequestFrame } from "../../src/hl7/query.js";
import { loadServiceRequests } from "../../src/hl7/service-requests.js";
import { buildSoapEnvelope } from "../../src/soap/envelope.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";

// The usage log records every own-register use, refusals with their reason [D07-R56 L29858-29864] (DESIGN §7.8).
describe("GET /admin/api/usage-log", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  let url: string;
  beforeAll(async () => {
    app = await buildApp(testConfig(), { database: t.database });
    url = await app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => app.close());

  it("lists the demo's stores and searches, and a refused search with its code", { timeout: 120_000 }, async () => {
    const demo = await runDemo({ url });
    expect(demo.ok).toBe(true);
    // A search by a unit with no relationship to the client and no special reason: refused and logged.
    const frame = buildQueryRequestFrame({
      messageId: { root: "1.2.246.10.99990001.10.0", extension: "unmotivated-1" },
      creationTime: new Date(),
      senderDeviceId: { root: "1.2.246.10.99990001.10.0" },
      senderOrganisationOid: "1.2.246.10.99990001.10.0",
      serviceRequest: { code: "SP5", codeSystem: loadServiceRequests().codeSystem },
      usageSituation: "1",
      serviceUnitOid: "1.2.246.10.99990001.10.101",
      clientId: demo.client,
    });
    const refused = await app.inject({ method: "POST", url: "/soap/archive", headers: { "content-type": "text/xml" }, payload: buildSoapEnvelope("1.1", frame) });
    expect(refused.body).toContain("ACCESS-NO-SAKLIG-ANKNYTNING");

    const res = await app.inject({ method: "GET", url: `/admin/api/usage-log?client=${demo.client}` });
    expect(res.statusCode).toBe(200);
    const entries = (res.json() as { entries: { action: string; outcome: string; refusalCode?: string; serviceUnitOid: string }[] }).entries;
    const allowed = entries.filter((e) => e.outcome !== "refused");
    expect(allowed.length).toBeGreaterThanOrEqual(15); // 9 stores + 6 searches of the demo
    expect(entries.filter((e) => e.refusalCode === "ACCESS-NO-SAKLIG-ANKNYTNING")).toEqual([expect.objectContaining({ serviceUnitOid: "1.2.246.10.99990001.10.101" })]);
  });

  it("refuses an unreadable time bound with its code", async () => {
    const res = await app.inject({ method: "GET", url: "/admin/api/usage-log?from=yesterday" });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: "ADMIN-CLOCK-INVALID" });
  });
});
