import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../src/app.js";
import { VERSION } from "../../src/version.js";
import { testConfig } from "../support/config.js";
import { testDatabaseTarget, useTestDatabase } from "../support/database.js";

describe("GET /health", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(testConfig(), { database: t.database });
  });
  afterAll(async () => app.close());

  it("answers ok with the backend in use and the version", async () => {
    const res = await app.inject({ method: "GET", url: "/health" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: "ok", db: testDatabaseTarget().kind, version: VERSION });
  });

  it("answers 404 in JSON for an unknown route", async () => {
    const res = await app.inject({ method: "GET", url: "/nope" });
    expect(res.statusCode).toBe(404);
  });
});
