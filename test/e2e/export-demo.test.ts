import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { runDemo, type DemoResult } from "../../src/demo/demo.js";
import { exportPlugin } from "../../src/export/plugin.js";
import { exportSosdata } from "../../src/export/sosdata.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";

const ORGANISER = "1.2.246.10.99990001.10.0";

/**
 * Issue 10 acceptance: the archive `kanta-sim demo` produces over SOAP (KR in the compact form, an open
 * case of service task 26 opened 2026-11-01, assessment-phase documents, a makulering) exported over HTTP
 * for the follow-up period 2026-10-01 – 2026-12-31 [S003 L45, L49, L53, L63, L64].
 */
describe("Sosdata export of the demo archive", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  let url: string;
  let demo: DemoResult;
  beforeAll(async () => {
    app = await buildApp(testConfig(), { database: t.database });
    if (!app.hasRoute({ method: "GET", url: "/admin/api/export/sosdata" })) await app.register(exportPlugin);
    url = await app.listen({ port: 0, host: "127.0.0.1" });
    demo = await runDemo({ url });
  }, 120_000);
  afterAll(async () => app.close());

  it("the demo stored everything (precondition)", () => {
    expect(demo.steps.filter((s) => !s.ok)).toEqual([]);
  });

  it("gives the client's one open client-relationship period in task 26 and reports the KR's unit without a social service [S003 L45, L64]", async () => {
    const res = await fetch(`${url}/admin/api/export/sosdata?from=2026-10-01&to=2026-12-31&organiser=${ORGANISER}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    const [caseRow] = await t.database.db.selectFrom("documents").select("case_oid").where("document_class", "=", "AR").execute();
    const [kr] = await t.database.db.selectFrom("document_versions as v").innerJoin("documents as d", "d.set_id", "v.set_id").select("v.version_id").where("d.document_class", "=", "KR").execute();
    expect(body.clientRelationshipPeriods).toEqual([{ organiserOid: ORGANISER, client: demo.client, serviceTask: "26", start: "2026-11-01", caseIds: [caseRow!.case_oid] }]);
    // The demo's KR has no child-protection item; its documents are of the assessment phase, not implementation (#18 ≠ 5).
    expect(body.childProtectionRelationships).toEqual([]);
    expect(body.socialServices).toEqual([]);
    // The compact KR names the relationship at the header's service unit, but neither it nor its header names a social service.
    expect(body.completeness).toEqual([
      expect.objectContaining({ family: "social-services", reason: "service-unit-relationship-without-social-service", client: demo.client, documentId: kr!.version_id, serviceTask: "26" }),
    ]);
  });

  it("a follow-up period before the client relationship gives no rows [S003 L45]", async () => {
    const result = await exportSosdata(t.database.db, { from: "2026-01-01", to: "2026-03-31", organiserOid: ORGANISER, format: "json" });
    expect(result.result).toEqual({ clientRelationshipPeriods: [], childProtectionRelationships: [], socialServices: [], completeness: [] });
  });
});
