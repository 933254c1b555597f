import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runBench } from "../../src/bench/bench.js";
import { latencyStats, percentile } from "../../src/bench/load.js";

const out = mkdtempSync(join(tmpdir(), "kanta-sim-bench-test-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("kanta-sim bench: the pieces of the quick run at tiny counts (no timing thresholds)", () => {
  it("percentiles are nearest-rank over the samples", () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(latencyStats([3, 1, 2])).toEqual({ p50_ms: 2, p95_ms: 3, p99_ms: 3 });
  });

  it("writes latest.json with the fields issue #8 lists, and latest.md", async () => {
    const result = await runBench({
      quick: true,
      sizes: [120],
      clientDocuments: 15,
      concurrencies: [1, 2],
      storeRequests: () => 3,
      floorDocuments: 3,
      mittkantaRequests: 2,
      trustDirs: ["certs/test"],
      outDir: out,
      progress: false,
    });
    const json = JSON.parse(readFileSync(join(out, "latest.json"), "utf8"));
    expect(json).toEqual(JSON.parse(JSON.stringify(result)));
    expect(json.backend).toBe("pglite");
    expect(json.floor_docs_per_s).toBeGreaterThan(0);
    expect(Object.keys(json.store).sort()).toEqual(["1", "2"]);
    for (const run of Object.values(json.store) as Record<string, number>[]) {
      expect(run).toMatchObject({ docs_per_s: expect.any(Number), p50_ms: expect.any(Number), p95_ms: expect.any(Number), p99_ms: expect.any(Number) });
      // Every pre-signed document is a valid, unique store request: all are accepted.
      expect(run).toMatchObject({ requests: 3, accepted: 3, refused: 0 });
    }
    expect(json.ratio_store_to_floor).toEqual(expect.any(Number));
    expect(Object.keys(json.mittkanta)).toEqual(["120"]);
    expect(json.mittkanta["120"]).toMatchObject({ p50_ms: expect.any(Number), p99_ms: expect.any(Number), requests: 4 });
    // The MittKanta client's documents are listed (phase 1 shows the client documents, not the KR or case).
    expect(json.mittkanta["120"].documents_listed).toBeGreaterThan(0);
    expect(json.seed_docs_per_s).toBeGreaterThan(0);
    expect(json.cold_start_ms).toBeGreaterThan(0);
    expect(json.peak_rss_mb === null || json.peak_rss_mb > 0).toBe(true);
    const markdown = readFileSync(join(out, "latest.md"), "utf8");
    expect(markdown).toContain("# kanta-sim benchmark — pglite");
    expect(markdown).toContain("Store ÷ floor");
  }, 300_000);
});
