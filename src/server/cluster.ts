/**
 * `serve` with WORKERS > 1 (Postgres only, src/config.ts refuses it with PGlite): the primary process
 * migrates once, then forks WORKERS worker processes (node:cluster) that each run the whole app and
 * share the listening port; the primary reports ready when every worker is, restarts a worker that
 * dies, and stops them all on SIGTERM/SIGINT. The service keeps no state of its own in a process
 * except MittKanta test-login sessions (DESIGN §6); see docs/performance.md.
 */
import cluster, { type Worker } from "node:cluster";
import pino from "pino";
import type { Config } from "../config.js";
import { openDatabase } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import { loadFixtures } from "../fixtures/load.js";
import { loggerOptions } from "../logger.js";

/** What a worker tells the primary once it listens. */
export interface WorkerReady {
  kind: "kanta-sim-worker-ready";
  url: string;
}

export const isClusterWorker = (): boolean => cluster.isWorker;

/** Called by a worker after listen(). */
export function reportWorkerReady(url: string): void {
  if (cluster.isWorker) process.send?.({ kind: "kanta-sim-worker-ready", url } satisfies WorkerReady);
}

export async function runClusterPrimary(config: Config): Promise<void> {
  const options = loggerOptions(config);
  const log = options === false ? pino({ enabled: false }) : pino(options as pino.LoggerOptions);
  const started = performance.now();
  // Migrations and fixtures once, before the workers start (they would serialise on the advisory lock anyway).
  const database = await openDatabase(config);
  try {
    await migrate(database);
    await loadFixtures(database);
  } finally {
    await database.close();
  }

  let stopping = false;
  let url: string | undefined;
  const ready = new Set<number>();
  const fork = (): Worker => {
    const worker = cluster.fork({ KANTA_SIM_CLUSTER_WORKER: "1" });
    worker.on("message", (message: WorkerReady) => {
      if (message?.kind !== "kanta-sim-worker-ready") return;
      ready.add(worker.id);
      if (url === undefined) {
        url = message.url;
      }
      if (ready.size === config.workers) {
        log.info(`Server listening at ${url}`);
        log.info({ db: "postgres", workers: config.workers, startup_ms: Math.round(performance.now() - started) }, "kanta-sim ready");
      }
    });
    return worker;
  };
  cluster.on("exit", (worker, code, signal) => {
    const wasReady = ready.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    if (!wasReady) {
      log.error({ worker: worker.id, code, signal }, "a worker failed to start; stopping");
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.kill("SIGTERM");
      process.exitCode = 1;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(1);
      return;
    }
    log.warn({ worker: worker.id, code, signal }, "worker exited; starting another");
    fork();
  });
  const shutdown = (signal: NodeJS.Signals) => {
    log.info({ signal }, "shutting down workers");
    stopping = true;
    process.once(signal, () => process.exit(1));
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(0);
    for (const w of workers) w?.kill("SIGTERM");
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
  for (let i = 0; i < config.workers; i++) fork();
}
