import type { Config } from "../../src/config.js";

/** A configuration for in-process tests: silent logs, any free port, data in memory. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { port: 0, host: "127.0.0.1", dataDir: "memory://", databaseUrl: undefined, logLevel: "silent", logPretty: false, trustDirs: ["certs/test"], maxBodyBytes: 20 * 1024 * 1024, strictMode: false, environmentProfile: "test", enableAdmin: true, enableInspector: true, enableTestClock: true, mittkantaPhase: 1, mittkantaExplain: false, mittkantaLogs: false, requestTimeoutMs: 120000, rateLimitPerMinute: 0, tlsCert: undefined, tlsKey: undefined, tlsClientCa: undefined, workers: 1, ...overrides };
}
