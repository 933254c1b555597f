import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { renderHtml, renderJunit } from "../../src/rehearsal/report.js";
import { ReferenceVendor, REFERENCE_SENDER } from "../../src/rehearsal/player.js";
import { fetchReport, openSession, runSelfTest } from "../../src/rehearsal/selftest.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";

/**
 * Issue 7 acceptance: a session watches a scripted vendor's real SOAP traffic, untagged as a real
 * vendor's would be, and the report marks exactly the cases the vendor got wrong failed, with the
 * simulator's reasons — storage order [D06-R12 L25940-25948] and versions of a makulerad document
 * [D06-R15 L25956-25958] — then the reference client passes every runnable case of a profile.
 */
describe("rehearsal sessions over the wire", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  let url: string;
  beforeAll(async () => {
    app = await buildApp(testConfig({ enableAdmin: true }), { database: t.database });
    url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace(/\/+$/, "");
  });
  afterAll(async () => app.close());

  it("a wrong sequence fails exactly the cases it breaks, with the simulator's error codes [D06-R12 L25940-25948] [D06-R15 L25956-25958]", { timeout: 60_000 }, async () => {
    const session = await openSession(url, "phase2-base", REFERENCE_SENDER);
    const vendor = new ReferenceVendor({ url });
    expect(await vendor.store("kr")).toBe(true);
    expect(await vendor.store("journal")).toBe(false); // a client document before its case
    expect(await vendor.store("case")).toBe(true);
    expect(await vendor.store("assessment")).toBe(true);
    expect(await vendor.replace("assessment", true)).toBe(true); // makulering
    expect(await vendor.replace("assessment", false)).toBe(false); // a new version of the makulerad document
    // Another sender's traffic never reaches the session.
    await new ReferenceVendor({ url, sender: "1.2.246.10.99990002.10.0" }).store("kr");

    const report = await fetchReport(url, session.id);
    const by = (status: string) => report.cases.filter((c) => c.status === status).map((c) => c.id);
    expect(by("fail")).toEqual(["P2-JOURNAL-01", "P2-VERSION-01"]);
    expect(by("pass")).toEqual(["P2-KR-01", "P2-CASE-01", "P2-DOC-01", "P2-CANCEL-02"]);
    const failed = Object.fromEntries(report.cases.filter((c) => c.status === "fail").map((c) => [c.id, c.steps[0]!]));
    expect(failed["P2-JOURNAL-01"]!.codes).toEqual(["STR-CASE-MISSING"]);
    expect(failed["P2-JOURNAL-01"]!.reasons[0]).toMatch(/expected AA, the simulator answered AE STR-CASE-MISSING/);
    expect(failed["P2-VERSION-01"]!.codes).toEqual(["VER-PREVIOUS-CANCELLED"]);
    expect(report.unmatched).toEqual([]);
    expect(report.totals.pending).toBe(0); // disclosure and spärrmarkering are enabled (src/rehearsal/features.ts)

    // The messages that decided a case link into the inspector, and the inspector has them.
    const html = renderHtml(report, url);
    const logId = failed["P2-VERSION-01"]!.logId;
    expect(html).toContain(`href="${url}/inspector/messages/${logId}"`);
    expect(html).toContain("VER-PREVIOUS-CANCELLED");
    const inspected = (await (await fetch(`${url}/inspector/api/messages/${logId}`)).json()) as { findings: { code: string }[] };
    expect(inspected.findings.map((f) => f.code)).toContain("VER-PREVIOUS-CANCELLED");
    const junit = renderJunit(report);
    expect(junit.match(/<failure /g)).toHaveLength(2);
    expect(junit).toMatch(/name="P2-VERSION-01 [^"]*"><failure message="expected AA, the simulator answered AE VER-PREVIOUS-CANCELLED; expected the document stored; it was not"/);
  });

  it("a tagged retry of a failed case starts it again and can pass it", { timeout: 60_000 }, async () => {
    const session = await openSession(url, "phase2-base", REFERENCE_SENDER);
    const vendor = new ReferenceVendor({ url });
    await vendor.store("kr");
    await vendor.store("journal", { tag: "P2-JOURNAL-01:1" });
    expect((await fetchReport(url, session.id)).cases.find((c) => c.id === "P2-JOURNAL-01")!.status).toBe("fail");
    await vendor.store("case");
    const retry = new ReferenceVendor({ url }, { ...vendor.story.ids, setIdPrefix: `${vendor.story.ids.setIdPrefix}1` });
    await retry.store("journal", { tag: "P2-JOURNAL-01:1" });
    expect((await fetchReport(url, session.id)).cases.find((c) => c.id === "P2-JOURNAL-01")!.status).toBe("pass");
  });

  it("the admin API refuses an unknown profile, sender and session with catalogue codes", async () => {
    const post = (body: unknown) => fetch(`${url}/admin/api/rehearsals`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect(((await (await post({ profile: "nope", sender: REFERENCE_SENDER })).json()) as { error: string }).error).toBe("REHEARSAL-PROFILE-UNKNOWN");
    expect(((await (await post({ profile: "all", sender: "1.2.3.4" })).json()) as { error: string }).error).toBe("REHEARSAL-SENDER-UNKNOWN");
    expect(((await (await post({})).json()) as { error: string }).error).toBe("REHEARSAL-BODY-INVALID");
    const missing = await fetch(`${url}/admin/api/rehearsals/no-such-session`);
    expect(missing.status).toBe(404);
  });

  it("the reference client passes every runnable case of the search and register-access profiles (self-test)", { timeout: 120_000 }, async () => {
    for (const profile of ["phase2-search", "register-access"]) {
      const { report, setupFailures } = await runSelfTest({ url, profile });
      expect(setupFailures).toEqual([]);
      expect(report.cases.filter((c) => c.status !== "pass" && c.status !== "pending").map((c) => `${c.id} ${c.status} ${c.steps.flatMap((s) => s.reasons).join("; ")}`)).toEqual([]);
      expect(report.totals.pass).toBeGreaterThan(5);
    }
  });
});
