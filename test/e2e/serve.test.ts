import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDatabaseTarget } from "../support/database.js";
import { runCli, startServer } from "../support/server-process.js";

describe("kanta-sim serve as a real process", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "kanta-sim-serve-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("exits non-zero and names PORT when PORT=abc", async () => {
    const r = await runCli(["serve"], { PORT: "abc", DATA_DIR: dataDir });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("PORT");
  });

  // A first start runs initdb; on a loaded 2-core machine that can take far longer than the usual ~7 s.
  it("starts on embedded Postgres, answers /health, restarts on the same data and stops on SIGTERM", { timeout: 180_000 }, async () => {
    for (const round of ["first start (initdb)", "restart on existing data"]) {
      const started = performance.now();
      const server = await startServer({ DATA_DIR: dataDir, DATABASE_URL: "" });
      const res = await fetch(`${server.url}/health`);
      console.log(`[serve] ${round}: /health after ${Math.round(performance.now() - started)} ms`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: "ok", db: "pglite" });
      expect(await server.stop()).toBe(0);
      expect(server.output()).toContain("shutting down");
    }
  });

  it.runIf(testDatabaseTarget().kind === "postgres")("answers db=postgres when DATABASE_URL points at a server", { timeout: 120_000 }, async () => {
    const database = await createTestDatabase("empty");
    const target = testDatabaseTarget();
    if (target.kind !== "postgres") return;
    // The empty database's URL: the serve process migrates and seeds it itself.
    const name = await database.db.selectNoFrom((eb) => eb.fn<string>("current_database", []).as("name")).executeTakeFirstOrThrow();
    const url = new URL(target.adminUrl);
    url.pathname = `/${name.name}`;
    const server = await startServer({ DATABASE_URL: url.toString(), DATA_DIR: dataDir });
    try {
      const res = await fetch(`${server.url}/health`);
      expect(await res.json()).toMatchObject({ status: "ok", db: "postgres" });
      const migrate = await runCli(["migrate"], { DATABASE_URL: url.toString() });
      expect(migrate.stdout).toContain("postgres: no pending migrations");
    } finally {
      expect(await server.stop()).toBe(0);
      await database.close();
    }
  });
});
