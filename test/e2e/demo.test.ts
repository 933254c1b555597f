import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { runDemo } from "../../src/demo/demo.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";
import { runCli } from "../support/server-process.js";

/**
 * Issue 4 acceptance: one client's story through SOAP over real HTTP — client relationship, case, five
 * client documents, a new version, a makulering, then all search kinds — with every answer checked
 * [D07-R51 L29793-29803] [D07-R32 L29266-29270] [D07-R39 L29294-29300] [D07-R40 L29300-29314].
 */
describe("kanta-sim demo against a running archive", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  let url: string;
  beforeAll(async () => {
    app = await buildApp(testConfig(), { database: t.database });
    url = await app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => app.close());

  it("every store is acknowledged AA and every search answers as the handbook says", { timeout: 120_000 }, async () => {
    const result = await runDemo({ url });
    expect(result.steps.filter((s) => !s.ok)).toEqual([]);
    expect(result.steps.map((s) => s.title.slice(0, 3))).toEqual(["SP1", "SP1", "SP1", "SP1", "SP1", "SP1", "SP1", "SP1", "SP2", "SP3", "SP4", "SP5", "SP6", "SP6", "SP7"]);
    const versions = await t.database.db.selectFrom("document_versions").select(["set_id", "version_number", "status"]).execute();
    expect(versions).toHaveLength(9);
    expect(versions.filter((v) => v.status === "cancelled")).toHaveLength(1);
  });

  it("the command runs again against the same server (fresh client each run) and exits 0", { timeout: 120_000 }, async () => {
    const r = await runCli(["demo", "--url", url]);
    expect(r.stdout).toMatch(/demo: 15 passed, 0 failed/);
    expect(r.code).toBe(0);
  });
});
