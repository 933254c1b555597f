import type { Command } from "commander";
import { join } from "node:path";
import { loadConfig } from "../config.js";
import { RESULTS_DIR, runBench } from "./bench.js";

/** `kanta-sim bench [--quick]`: the performance benchmark of issue #8 (src/bench/bench.ts, docs/performance.md). */
export function registerBenchCommand(program: Command): void {
  program
    .command("bench")
    .description("measure floor, signed store throughput, MittKanta latency per archive size, cold start and RSS; writes bench/results/latest.{json,md}")
    .option("--quick", "small counts and the 10 k archive only (under a minute)")
    .option("--sizes <list>", "archive sizes for MittKanta, comma-separated (default: 10000,100000[,1000000 on Postgres])")
    .option("--workers <n>", "WORKERS for the server under test (Postgres only)")
    .option("--out <dir>", "results directory", RESULTS_DIR)
    .action(async (opts: { quick?: boolean; sizes?: string; workers?: string; out: string }) => {
      const config = loadConfig();
      const sizes = opts.sizes?.split(",").map((s) => Number(s.trim()));
      if (sizes?.some((n) => !Number.isInteger(n) || n < 1)) throw new Error("--sizes must be positive integers");
      const workers = opts.workers === undefined ? undefined : Number(opts.workers);
      const result = await runBench({
        quick: Boolean(opts.quick),
        databaseUrl: config.databaseUrl,
        trustDirs: config.trustDirs,
        ...(sizes && { sizes }),
        ...(workers !== undefined && { workers }),
        outDir: opts.out,
      });
      const top = result.store[String(Math.max(...Object.keys(result.store).map(Number)))];
      process.stdout.write(
        `${result.backend}: floor ${result.floor_docs_per_s} docs/s; store ${top?.docs_per_s} docs/s (p99 ${top?.p99_ms} ms), ratio ${result.ratio_store_to_floor}; ` +
          `MittKanta ${Object.entries(result.mittkanta).map(([s, m]) => `${s}: p99 ${m.p99_ms} ms`).join(", ")}; seed ${result.seed_docs_per_s} docs/s; ` +
          `cold start ${result.cold_start_ms} ms; peak RSS ${result.peak_rss_mb} MB\nwritten to ${join(opts.out, "latest.json")} and latest.md\n`,
      );
    });
}
