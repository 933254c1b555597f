import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReferenceVendor } from "../../src/rehearsal/player.js";
import { runCli, startServer, type RunningServer } from "../support/server-process.js";

/**
 * `kanta-sim rehearse start|status|report` against a real server process, and `rehearse --self` with
 * JUnit output (issue 7) [D02 L7407-7435].
 */
describe("kanta-sim rehearse (CLI)", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ ENABLE_ADMIN: "true", DATA_DIR: "memory://" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("start opens a session, status shows progress, report writes HTML, JSON and JUnit", { timeout: 120_000 }, async () => {
    const started = await runCli(["rehearse", "start", "--profile", "phase2-base", "--sender", "1.2.246.10.99990001.10.0", "--url", server.url]);
    expect(started.code).toBe(0);
    const id = started.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const vendor = new ReferenceVendor({ url: server.url });
    await vendor.store("kr");
    await vendor.store("journal"); // before its case: fails P2-JOURNAL-01
    await vendor.store("case");

    const status = await runCli(["rehearse", "status", "--url", server.url]);
    expect(status.code).toBe(0);
    expect(status.stderr).toMatch(/\[#+\.+\] 3\/\d+ decided · 2 pass · 1 fail · \d+ pending/);
    expect(status.stdout).toMatch(/✗ P2-JOURNAL-01 .* STR-CASE-MISSING/);

    const dir = mkdtempSync(join(tmpdir(), "rehearse-report-"));
    const report = await runCli(["rehearse", "report", id, "--url", server.url, "--report-dir", dir]);
    expect(report.code).toBe(1); // a case failed
    for (const f of ["report.json", "report.html", "junit.xml"]) expect(existsSync(join(dir, f)), f).toBe(true);
    const json = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as { totals: { pass: number; fail: number } };
    expect(json.totals).toMatchObject({ pass: 2, fail: 1 });
    expect(readFileSync(join(dir, "report.html"), "utf8")).toContain(`${server.url}/inspector/messages/`);
  });

  it("rehearse --self passes every runnable case of a profile and writes JUnit", { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "rehearse-self-"));
    const junit = join(dir, "out.xml");
    const r = await runCli(["rehearse", "--self", "--profile", "register-access", "--junit", junit], { DATA_DIR: "memory://" }, 110_000);
    expect(r.stdout).toMatch(/rehearse --self \((pglite|postgres)\): 8 cases: 8 pass, 0 fail, 0 not run, 0 not run \(feature pending\) in/);
    expect(r.code).toBe(0);
    const xml = readFileSync(junit, "utf8");
    expect(xml).toContain('tests="8" failures="0" errors="0" skipped="0"');
    // scripts/junit-summary.mjs (the closing line of .ci/run) reads the rehearsal's JUnit file.
    const summary = execFileSync(process.execPath, [fileURLToPath(new URL("../../scripts/junit-summary.mjs", import.meta.url)), junit], { encoding: "utf8" });
    expect(summary).toContain(`${junit}: 8 passed, 0 failed, 0 skipped`);
  });
});
