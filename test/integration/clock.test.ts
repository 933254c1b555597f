import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { fixedClock, parseTestClockHeader, SimulatedClock } from "../../src/clock.js";
import { SAMPLES_DIR } from "../../src/samples/generate.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";

describe("simulated clock", () => {
  it("is the real time until set; frozen stays, running moves on from the set time", () => {
    let real = new Date("2026-11-28T10:00:00Z").getTime();
    const clock = new SimulatedClock(() => new Date(real));
    expect(clock.now().toISOString()).toBe("2026-11-28T10:00:00.000Z");
    clock.set(new Date("2030-01-01T00:00:00Z"), "frozen");
    real += 60_000;
    expect(clock.now().toISOString()).toBe("2030-01-01T00:00:00.000Z");
    clock.set(new Date("2030-01-01T00:00:00Z"), "running");
    real += 5_000;
    expect(clock.now().toISOString()).toBe("2030-01-01T00:00:05.000Z");
    clock.reset();
    expect(clock.describe()).toEqual({ now: new Date(real).toISOString(), simulated: false });
  });

  it.each([
    ["2027-01-01T12:00:00Z", "2027-01-01T12:00:00.000Z"],
    ["2027-01-01T12:00:00+02:00", "2027-01-01T10:00:00.000Z"],
    ["2027-01-01", "invalid"],
    ["tomorrow", "invalid"],
  ])("reads the test-clock header %s", (value, expected) => {
    const r = parseTestClockHeader(value);
    expect(r === "invalid" ? r : r?.toISOString()).toBe(expected);
  });
});

describe("X-Kanta-Sim-Now moves one request in time (ENABLE_TEST_CLOCK)", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  const envelope = readFileSync(join(SAMPLES_DIR, "valid/01-client-relationship.xml"), "utf8");
  beforeAll(async () => {
    app = await buildApp(testConfig(), { database: t.database, clock: fixedClock("2026-11-28T10:00:00Z") });
  });
  afterAll(async () => app.close());

  const validate = (headers: Record<string, string>) => app.inject({ method: "POST", url: "/soap/validate", headers: { "content-type": "text/xml", ...headers }, payload: envelope });

  it("a certificate valid today is expired in 2046", async () => {
    expect((await validate({})).body).toContain('typeCode="AA"');
    const later = await validate({ "x-kanta-sim-now": "2046-06-01T00:00:00Z" });
    expect(later.body).toContain("SIG-CERT-EXPIRED");
  });

  it("refuses a malformed header with 400 and changes nothing", async () => {
    const res = await validate({ "x-kanta-sim-now": "next week" });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: "TEST-CLOCK-INVALID" });
  });

  it("is ignored when the test clock is not enabled", async () => {
    const strictApp = await buildApp(testConfig({ enableTestClock: false }), { database: t.database, clock: fixedClock("2026-11-28T10:00:00Z") });
    try {
      const res = await strictApp.inject({ method: "POST", url: "/soap/validate", headers: { "content-type": "text/xml", "x-kanta-sim-now": "2046-06-01T00:00:00Z" }, payload: envelope });
      expect(res.body).toContain('typeCode="AA"');
    } finally {
      await strictApp.close();
    }
  });
});
