import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

describe("configuration", () => {
  it("has defaults for every setting", () => {
    expect(loadConfig({}, false)).toEqual({
      port: 8080,
      host: "0.0.0.0",
      dataDir: "./data",
      databaseUrl: undefined,
      logLevel: "info",
      logPretty: false,
      trustDirs: ["certs/test", "certs"],
      maxBodyBytes: 20971520,
      strictMode: false,
      environmentProfile: "test",
      enableAdmin: false,
      enableInspector: true,
      enableTestClock: false,
      mittkantaPhase: 1,
      mittkantaExplain: false,
      mittkantaLogs: false,
      requestTimeoutMs: 120000,
      rateLimitPerMinute: 0,
      tlsCert: undefined,
      tlsKey: undefined,
      tlsClientCa: undefined,
      workers: 1,
    });
  });

  it("reads the environment and coerces numbers and booleans", () => {
    const c = loadConfig({ PORT: "9000", HOST: "127.0.0.1", DATA_DIR: "/tmp/x", DATABASE_URL: "postgres://u@h/db", LOG_LEVEL: "warn", LOG_PRETTY: "true" }, false);
    expect(c).toMatchObject({ port: 9000, host: "127.0.0.1", dataDir: "/tmp/x", databaseUrl: "postgres://u@h/db", logLevel: "warn", logPretty: true });
  });

  it("pretty logs default to whether stdout is a terminal", () => {
    expect(loadConfig({}, true).logPretty).toBe(true);
    expect(loadConfig({ LOG_PRETTY: "false" }, true).logPretty).toBe(false);
  });

  it.each([
    [{ PORT: "abc" }, ["PORT"]],
    [{ PORT: "70000" }, ["PORT"]],
    [{ LOG_LEVEL: "loud" }, ["LOG_LEVEL"]],
    [{ DATABASE_URL: "mysql://x" }, ["DATABASE_URL"]],
    [{ PORT: "-1", LOG_LEVEL: "x" }, ["PORT", "LOG_LEVEL"]],
    [{ MAX_BODY_BYTES: "12" }, ["MAX_BODY_BYTES"]],
    [{ STRICT_MODE: "maybe" }, ["STRICT_MODE"]],
    [{ MITTKANTA_PHASE: "3" }, ["MITTKANTA_PHASE"]],
  ])("refuses %o and names %o", (env, names) => {
    let error: unknown;
    try {
      loadConfig(env, false);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).settings.sort()).toEqual([...names].sort());
    for (const name of names) expect((error as Error).message).toContain(name);
  });

  it("reads a YAML or JSON config file; the environment wins over it", () => {
    const dir = mkdtempSync(join(tmpdir(), "kanta-sim-config-"));
    writeFileSync(join(dir, "c.yaml"), "PORT: 7000\nLOG_LEVEL: debug\n");
    writeFileSync(join(dir, "c.json"), JSON.stringify({ PORT: 7001 }));
    expect(loadConfig({ KANTA_SIM_CONFIG: join(dir, "c.yaml") }, false)).toMatchObject({ port: 7000, logLevel: "debug" });
    expect(loadConfig({ KANTA_SIM_CONFIG: join(dir, "c.json"), PORT: "7002" }, false).port).toBe(7002);
  });

  it("refuses an unknown setting in the config file, naming it", () => {
    const dir = mkdtempSync(join(tmpdir(), "kanta-sim-config-"));
    writeFileSync(join(dir, "c.json"), JSON.stringify({ PROT: 1 }));
    expect(() => loadConfig({ KANTA_SIM_CONFIG: join(dir, "c.json") }, false)).toThrow(/PROT: unknown setting/);
  });

  it("refuses a config file that cannot be read", () => {
    expect(() => loadConfig({ KANTA_SIM_CONFIG: "/nonexistent/kanta.yaml" }, false)).toThrow(/KANTA_SIM_CONFIG/);
  });
});
