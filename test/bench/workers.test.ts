import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { testDatabaseTarget } from "../support/database.js";
import { startServer } from "../support/server-process.js";

describe("WORKERS: serve as N worker processes (Postgres only)", () => {
  it("defaults to 1 and refuses more than 1 without DATABASE_URL, naming the setting", () => {
    expect(loadConfig({}, false).workers).toBe(1);
    expect(() => loadConfig({ WORKERS: "2" }, false)).toThrow(ConfigError);
    try {
      loadConfig({ WORKERS: "2" }, false);
    } catch (e) {
      expect((e as ConfigError).settings).toEqual(["WORKERS"]);
      expect((e as Error).message).toContain("WORKERS > 1 needs DATABASE_URL");
    }
    expect(loadConfig({ WORKERS: "2", DATABASE_URL: "postgres://u@h/db" }, false).workers).toBe(2);
    expect(() => loadConfig({ WORKERS: "0" }, false)).toThrow(ConfigError);
  });

  const target = testDatabaseTarget();
  it.runIf(target.kind === "postgres")("serve with WORKERS=2 on Postgres: two workers share the port, the primary says ready once, SIGTERM stops all", async () => {
    if (target.kind !== "postgres") return;
    const name = `kanta_sim_workers_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: target.adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${target.template}`);
    const url = new URL(target.adminUrl);
    url.pathname = `/${name}`;
    try {
      const server = await startServer({ DATABASE_URL: url.toString(), WORKERS: "2" });
      try {
        const health = await fetch(`${server.url}/health`);
        expect(await health.json()).toMatchObject({ status: "ok", db: "postgres" });
        expect(server.output().match(/kanta-sim worker ready/g)).toHaveLength(2);
        expect(server.output().match(/"msg":"kanta-sim ready"/g)).toHaveLength(1);
      } finally {
        expect(await server.stop()).toBe(0);
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }, 200_000);
});
