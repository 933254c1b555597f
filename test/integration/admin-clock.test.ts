import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { fixedClock } from "../../src/clock.js";
import { SAMPLES_DIR } from "../../src/samples/generate.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";

const REAL_NOW = "2026-11-28T10:00:00.000Z";

describe("admin API: the archive's clock (/admin/api/clock)", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  const envelope = readFileSync(join(SAMPLES_DIR, "valid/01-client-relationship.xml"), "utf8");
  beforeAll(async () => {
    app = await buildApp(testConfig(), { database: t.database, clock: fixedClock(REAL_NOW) });
  });
  afterAll(async () => app.close());

  const clock = (method: "GET" | "PUT" | "DELETE", payload?: unknown) => app.inject({ method, url: "/admin/api/clock", ...(payload !== undefined && { payload: payload as object }) });
  const archiveNow = async () => (await app.inject({ method: "GET", url: "/admin/api/client-relationships?client=190790-981S&organiser=1.2.246.10.99990001.10.0" })).json().at as string;

  it("is the real time until set", async () => {
    expect((await clock("GET")).json()).toEqual({ now: REAL_NOW, simulated: false });
    expect(await archiveNow()).toBe(REAL_NOW);
  });

  it("PUT sets the archive's time for every following request; DELETE goes back to the real time", async () => {
    const set = await clock("PUT", { at: "2046-06-01T00:00:00+03:00", mode: "frozen" });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ now: "2046-05-31T21:00:00.000Z", simulated: true, mode: "frozen" });
    expect(await archiveNow()).toBe("2046-05-31T21:00:00.000Z");
    // The wire sees it too: a certificate valid until 2045 has expired by then.
    const validated = await app.inject({ method: "POST", url: "/soap/validate", headers: { "content-type": "text/xml" }, payload: envelope });
    expect(validated.body).toContain("SIG-CERT-EXPIRED");

    const reset = await clock("DELETE");
    expect(reset.json()).toEqual({ now: REAL_NOW, simulated: false });
    expect(await archiveNow()).toBe(REAL_NOW);
    const today = await app.inject({ method: "POST", url: "/soap/validate", headers: { "content-type": "text/xml" }, payload: envelope });
    expect(today.body).not.toContain("SIG-CERT-EXPIRED");
  });

  it("mode defaults to frozen; running is accepted", async () => {
    expect((await clock("PUT", { at: "2027-01-01T00:00:00Z" })).json()).toMatchObject({ mode: "frozen" });
    expect((await clock("PUT", { at: "2027-01-01T00:00:00Z", mode: "running" })).json()).toEqual({ now: "2027-01-01T00:00:00.000Z", simulated: true, mode: "running" });
    await clock("DELETE");
  });

  it.each([
    ["a date without time", { at: "2027-01-01" }, "ADMIN-CLOCK-INVALID"],
    ["a time without zone", { at: "2027-01-01T12:00:00" }, "ADMIN-CLOCK-INVALID"],
    ["words", { at: "next week" }, "ADMIN-CLOCK-INVALID"],
    ["an unknown mode", { at: "2027-01-01T00:00:00Z", mode: "backwards" }, "ADMIN-BODY-INVALID"],
    ["no time at all", {}, "ADMIN-BODY-INVALID"],
  ])("refuses %s and leaves the clock alone", async (_, body, code) => {
    const res = await clock("PUT", body);
    expect([res.statusCode, res.json().error]).toEqual([400, code]);
    expect((await clock("GET")).json()).toEqual({ now: REAL_NOW, simulated: false });
  });
});
