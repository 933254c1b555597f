import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/server-process.js";

// The command as a user runs it, on its own embedded database: wired into the CLI, refusals named.
describe("kanta-sim export sosdata (real process, embedded database)", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "kanta-sim-export-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { DATA_DIR: dataDir, DATABASE_URL: "" };

  it("exports an empty archive as empty families, and refuses a reversed period with its code", { timeout: 180_000 }, async () => {
    expect((await runCli(["migrate"], env, 170_000)).code).toBe(0);
    const out = join(dataDir, "out");
    const ok = await runCli(["export", "sosdata", "--from", "2026-01-01", "--to", "2026-12-31", "--organiser", "1.2.246.10.99990001.10.0", "--format", "json", "--out", out], env);
    expect(ok.code).toBe(0);
    const json = JSON.parse(readFileSync(join(out, "sosdata-2026-01-01-2026-12-31.json"), "utf8")) as Record<string, unknown[]>;
    expect({ periods: json["clientRelationshipPeriods"], services: json["socialServices"] }).toEqual({ periods: [], services: [] });
    const reversed = await runCli(["export", "sosdata", "--from", "2026-12-31", "--to", "2026-01-01", "--organiser", "1.2.246.10.99990001.10.0"], env);
    expect(reversed.code).toBe(2);
    expect(reversed.stderr + reversed.stdout).toContain("EXPORT-PERIOD-REVERSED");
  });
});
