/**
 * `kanta-sim bench` / `npm run bench` (issue #8, docs/performance.md): in one run, on the backend the
 * configuration names (PGlite by default, Postgres with DATABASE_URL),
 *   1. the floor: parse + verify + one INSERT, in process, one core and all cores;
 *   2. signed store throughput and latency over HTTP/SOAP at concurrency 1, 8, 32 (pre-signed unique documents);
 *   3. the ratio store ÷ floor (at the highest concurrency);
 *   4. MittKanta landing and service-task list latency for a client with 1 000 documents, per archive size;
 *   5. cold start with existing data, peak RSS under load, and the seed rate.
 * Writes bench/results/latest.json and latest.md.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ArchiveDatabase } from "../db/database.js";
import { prepareDatabase } from "../app.js";
import { clientDocument, clientDocumentBody, signedDocument, storeRequest } from "../seed/documents.js";
import { seedArchive, type SeedResult } from "../seed/seed.js";
import { VERSION } from "../version.js";
import { floorAllCores, floorOneCore, type FloorItem } from "./floor.js";
import { latencyStats, sendAll, timeGets, type StoreRun } from "./load.js";
import { progressBar, status } from "./progress.js";
import { startBenchServer, type BenchServer } from "./server.js";
import { pin, pinDatabase, processTree } from "./cores.js";

export const RESULTS_DIR = fileURLToPath(new URL("../../bench/results/", import.meta.url));

export interface BenchOptions {
  quick?: boolean;
  databaseUrl?: string | undefined;
  /** PGlite data directory (default: a fresh temporary one, removed afterwards). */
  dataDir?: string;
  trustDirs?: string[];
  /** Archive sizes for the MittKanta measurement (default: quick 10 k; PGlite 10 k, 100 k; Postgres 10 k, 100 k, 1 M). */
  sizes?: number[];
  /** Documents of the MittKanta client (default 1 000). */
  clientDocuments?: number;
  concurrencies?: number[];
  /** Store requests per concurrency level (default: quick 40 per connection level, full 300 × …). */
  storeRequests?: (concurrency: number) => number;
  /** Documents in each floor measurement. */
  floorDocuments?: number;
  /** Sequential GETs per MittKanta path and archive size. */
  mittkantaRequests?: number;
  /** Approximate size of each store document, bytes. */
  documentBytes?: number;
  /** WORKERS for the server (default: Postgres all cores, PGlite 1). With more than 1, the highest concurrency is measured with WORKERS=1 too. */
  workers?: number;
  /** Where to write latest.json and latest.md; undefined = do not write. */
  outDir?: string | undefined;
  progress?: boolean;
}

export interface BenchResult {
  backend: "pglite" | "postgres";
  version: string;
  quick: boolean;
  measured_at: string;
  machine: { cpus: number; cpu_model: string; memory_gb: number; node: string; platform: string };
  workers: number;
  document_bytes: number;
  floor_docs_per_s: number;
  floor: { one_core_docs_per_s: number; all_cores_docs_per_s: number; threads: number; documents: number };
  store: Record<string, StoreRun>;
  ratio_store_to_floor: number;
  /**
   * WORKERS > 1 only: the highest concurrency again with the archive on one core (WORKERS=1, the server
   * and — when local — the Postgres server confined to CPU 0, src/bench/cores.ts), and all cores ÷ one.
   */
  store_one_core: StoreRun | null;
  one_core_database_pinned: boolean | null;
  scaling_all_cores_to_one: number | null;
  mittkanta: Record<string, { p50_ms: number; p99_ms: number; landing: { p50_ms: number; p99_ms: number }; list: { p50_ms: number; p99_ms: number }; documents_listed: number; requests: number }>;
  seed_docs_per_s: number;
  seed: { documents: number; seconds: number; docs_per_s: number }[];
  cold_start_ms: number;
  cold_starts_ms: Record<string, number>;
  peak_rss_mb: number | null;
}

const FULL_SIZES_POSTGRES = [10_000, 100_000, 1_000_000];
const FULL_SIZES_PGLITE = [10_000, 100_000];

const r1 = (n: number) => Math.round(n * 10) / 10;

export async function runBench(options: BenchOptions = {}): Promise<BenchResult> {
  const quick = options.quick ?? false;
  const backend = options.databaseUrl ? "postgres" : "pglite";
  const sizes = options.sizes ?? (quick ? [10_000] : backend === "postgres" ? FULL_SIZES_POSTGRES : FULL_SIZES_PGLITE);
  const concurrencies = options.concurrencies ?? [1, 8, 32];
  const storeRequests = options.storeRequests ?? ((c: number) => (quick ? Math.max(40, c * 4) : Math.max(300, c * 60)));
  const floorDocuments = options.floorDocuments ?? (quick ? 100 : 600);
  const mittkantaRequests = options.mittkantaRequests ?? (quick ? 20 : 200);
  const clientDocuments = options.clientDocuments ?? 1000;
  const documentBytes = options.documentBytes ?? 20 * 1024;
  const workers = options.workers ?? (backend === "postgres" ? availableParallelism() : 1);
  if (workers > 1 && backend !== "postgres") throw new Error("bench: WORKERS > 1 needs DATABASE_URL (a Postgres server)");
  const trustDirs = options.trustDirs ?? ["certs/test", "certs"];
  const show = options.progress ?? true;
  const bar = (label: string) => (show ? progressBar(label) : { update: () => undefined, done: () => undefined });
  const say = (line: string) => show && status(line);

  const ownDataDir = backend === "pglite" && !options.dataDir ? mkdtempSync(join(tmpdir(), "kanta-sim-bench-")) : undefined;
  const dataDir = options.dataDir ?? ownDataDir ?? "./data";
  const dbConfig = { databaseUrl: options.databaseUrl, dataDir };
  const serverEnv = { ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : { DATA_DIR: dataDir, DATABASE_URL: "" }), TRUST_DIRS: trustDirs.join(","), WORKERS: String(workers), LOG_LEVEL: "info" };
  const seedRuns: BenchResult["seed"] = [];
  const coldStarts: Record<string, number> = {};
  let server: BenchServer | undefined;
  let database: ArchiveDatabase | undefined;
  let peakRss: number | undefined;

  try {
    say(`bench: ${backend}${quick ? " (quick)" : ""}, sizes ${sizes.join(", ")}, concurrency ${concurrencies.join(", ")}, ${availableParallelism()} cores`);
    database = await prepareDatabase(dbConfig);

    // ── store documents: clients with KR + case already archived, then unique pre-signed ~20 KB documents ──
    const warmupRequests = 16; // 8 per server start that is measured under load
    const topConcurrency = Math.max(...concurrencies);
    const oneCoreRequests = workers > 1 ? storeRequests(topConcurrency) : 0;
    const totalStore = concurrencies.reduce((sum, c) => sum + storeRequests(c), 0) + oneCoreRequests + warmupRequests;
    const storeClients = Math.max(...concurrencies) * 2;
    const setup = await seedArchive(database, { documents: storeClients * 2, clients: storeClients, trustDirs });
    const natural = signedDocument(clientDocument({ ids: setup.idsOf(0), ordinal: 2 }, clientDocumentBody(0)).metadata, clientDocumentBody(0), "professional").length;
    const body = clientDocumentBody(Math.max(0, documentBytes - natural));
    const items: FloorItem[] = [];
    const signing = bar("pre-sign");
    for (let i = 0; i < totalStore; i++) {
      const doc = clientDocument({ ids: setup.idsOf(i % storeClients), ordinal: 2 + Math.floor(i / storeClients) }, body);
      const document = signedDocument(doc.metadata, doc.body, doc.signer);
      items.push({ document, request: storeRequest(document, randomUUID()) });
      signing.update(i + 1, totalStore);
    }
    signing.done(`${totalStore} documents of ~${Math.round(Buffer.byteLength(items[0]!.document) / 1024)} KB signed`);

    // ── 1. floor ──
    const floorItems = items.slice(0, Math.min(floorDocuments, items.length));
    let b = bar("floor 1 core");
    const one = await floorOneCore(database, floorItems, trustDirs, (d) => b.update(d, floorItems.length));
    b.done(`${Math.round(one.docsPerSecond)} docs/s`);
    b = bar("floor all cores");
    const all = await floorAllCores(database, floorItems, trustDirs, (d) => b.update(d, floorItems.length));
    b.done(`${Math.round(all.docsPerSecond)} docs/s (${all.threads} threads)`);
    await database.exec("DROP TABLE IF EXISTS bench_floor");

    // ── the first archive size, with the MittKanta client ──
    const seedTo = async (size: number, withClient: boolean): Promise<SeedResult | undefined> => {
      const count = Number((await database!.db.selectFrom("documents").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
      const missing = size - count;
      if (missing <= 0 && !withClient) return undefined;
      const documents = Math.max(missing, withClient ? clientDocuments : 0);
      const s = bar(`seed → ${size}`);
      const result = await seedArchive(database!, { documents, clients: Math.max(1, Math.floor((documents - (withClient ? clientDocuments : 0)) / 10)), clientWith: withClient ? clientDocuments : 0, trustDirs, onProgress: (d, t) => s.update(d, t) });
      s.done(`${documents} documents in ${result.seconds.toFixed(1)} s — ${Math.round(result.docsPerSecond)} docs/s`);
      seedRuns.push({ documents, seconds: r1(result.seconds), docs_per_s: Math.round(result.docsPerSecond) });
      return result;
    };
    const first = await seedTo(sizes[0]!, true);
    const focusClient = first!.focusClient!;
    await database.close();
    database = undefined;

    // ── 2. store over HTTP/SOAP ──
    server = await startBenchServer(serverEnv);
    coldStarts[String(sizes[0])] = Math.round(server.startMs);
    say(`server ready in ${Math.round(server.startMs)} ms at ${server.url} (WORKERS=${workers})`);
    // Warm-up: the first requests compile the server's code paths (sent, not measured).
    const warmup = items.slice(items.length - warmupRequests).map((i) => i.request);
    await sendAll(server.url, warmup.slice(0, 8), 1);
    const store: Record<string, StoreRun> = {};
    let offset = 0;
    for (const c of concurrencies) {
      const bodies = items.slice(offset, offset + storeRequests(c)).map((i) => i.request);
      offset += bodies.length;
      const s = bar(`store c=${c}`);
      const rssTimer = setInterval(() => {
        const rss = server?.rssMb();
        if (rss !== undefined) peakRss = Math.max(peakRss ?? 0, rss);
      }, 100);
      try {
        store[String(c)] = await sendAll(server.url, bodies, c, (d) => s.update(d, bodies.length));
      } finally {
        clearInterval(rssTimer);
      }
      const run = store[String(c)]!;
      s.done(`${run.docs_per_s} docs/s, p50 ${run.p50_ms} ms, p95 ${run.p95_ms} ms, p99 ${run.p99_ms} ms${run.refused ? `, ${run.refused} NOT accepted` : ""}`);
    }

    // ── the same load with the archive on one core: how throughput scales with the cores ──
    let storeOneCore: StoreRun | null = null;
    let databasePinned: boolean | null = null;
    if (workers > 1) {
      await server.stop();
      server = undefined;
      const unpinDatabase = options.databaseUrl ? await pinDatabase(options.databaseUrl, "0") : undefined;
      databasePinned = unpinDatabase !== undefined;
      try {
        server = await startBenchServer({ ...serverEnv, WORKERS: "1" });
        if (!pin(processTree(server.process.pid!), "0")) throw new Error("bench: could not confine the server to CPU 0 (taskset)");
        say(`one core: server${databasePinned ? " and Postgres server" : " (Postgres server not local or not ours: not pinned)"} confined to CPU 0`);
        await sendAll(server.url, warmup.slice(8), 1);
        const bodies = items.slice(offset, offset + oneCoreRequests).map((i) => i.request);
        offset += bodies.length;
        const s = bar(`store c=${topConcurrency} one core`);
        storeOneCore = await sendAll(server.url, bodies, topConcurrency, (d) => s.update(d, bodies.length));
        s.done(`${storeOneCore.docs_per_s} docs/s, p50 ${storeOneCore.p50_ms} ms, p99 ${storeOneCore.p99_ms} ms`);
      } finally {
        unpinDatabase?.();
      }
    }

    // ── 4. MittKanta per archive size ──
    const mittkanta: BenchResult["mittkanta"] = {};
    for (const [index, size] of sizes.entries()) {
      if (index > 0) {
        await server.stop();
        server = undefined;
        database = await prepareDatabase(dbConfig);
        await seedTo(size, false);
        await database.close();
        database = undefined;
        // One worker: MittKanta test-login sessions live in the memory of the worker that issued them.
        server = await startBenchServer({ ...serverEnv, WORKERS: "1" });
        coldStarts[String(size)] = Math.round(server.startMs);
        say(`server ready in ${Math.round(server.startMs)} ms with ${size} documents`);
      }
      const login = await fetch(`${server.url}/mittkanta/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ personId: focusClient }) });
      const { token } = (await login.json()) as { token: string };
      const headers = { authorization: `Bearer ${token}` };
      const paths = [`/mittkanta/api/people/${focusClient}/landing`, `/mittkanta/api/people/${focusClient}/documents`];
      const listed = (await (await fetch(`${server.url}${paths[1]}`, { headers })).json()) as { documents?: unknown[] };
      const m = bar(`mittkanta @${size}`);
      const [landing, list] = await timeGets(server.url, paths, mittkantaRequests, headers, (d) => m.update(d, mittkantaRequests * 2));
      const l = latencyStats(landing!);
      const t = latencyStats(list!);
      mittkanta[String(size)] = {
        p50_ms: Math.max(l.p50_ms, t.p50_ms),
        p99_ms: Math.max(l.p99_ms, t.p99_ms),
        landing: { p50_ms: l.p50_ms, p99_ms: l.p99_ms },
        list: { p50_ms: t.p50_ms, p99_ms: t.p99_ms },
        documents_listed: listed.documents?.length ?? 0,
        requests: landing!.length + list!.length,
      };
      m.done(`landing p50 ${l.p50_ms} / p99 ${l.p99_ms} ms, list p50 ${t.p50_ms} / p99 ${t.p99_ms} ms (${listed.documents?.length ?? 0} documents listed)`);
    }
    await server.stop();
    server = undefined;

    const top = store[String(topConcurrency)]!;
    const largest = seedRuns.reduce((a, s) => (s.documents > a.documents ? s : a), seedRuns[0]!);
    const result: BenchResult = {
      backend,
      version: VERSION,
      quick,
      measured_at: new Date().toISOString(),
      machine: { cpus: availableParallelism(), cpu_model: cpus()[0]?.model ?? "unknown", memory_gb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform}-${process.arch}` },
      workers,
      document_bytes: Buffer.byteLength(items[0]!.document),
      floor_docs_per_s: r1(all.docsPerSecond),
      floor: { one_core_docs_per_s: r1(one.docsPerSecond), all_cores_docs_per_s: r1(all.docsPerSecond), threads: all.threads, documents: floorItems.length },
      store,
      ratio_store_to_floor: Math.round((top.docs_per_s / all.docsPerSecond) * 100) / 100,
      store_one_core: storeOneCore,
      one_core_database_pinned: databasePinned,
      scaling_all_cores_to_one: storeOneCore ? Math.round((top.docs_per_s / storeOneCore.docs_per_s) * 100) / 100 : null,
      mittkanta,
      seed_docs_per_s: largest.docs_per_s,
      seed: seedRuns,
      cold_start_ms: coldStarts[String(sizes[sizes.length - 1])] ?? coldStarts[String(sizes[0])]!,
      cold_starts_ms: coldStarts,
      peak_rss_mb: peakRss === undefined ? null : Math.round(peakRss),
    };
    if (options.outDir) writeResults(result, options.outDir);
    return result;
  } finally {
    await server?.stop();
    await database?.close();
    if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
  }
}

export function writeResults(result: BenchResult, outDir = RESULTS_DIR): { json: string; markdown: string } {
  mkdirSync(outDir, { recursive: true });
  const json = join(outDir, "latest.json");
  const markdown = join(outDir, "latest.md");
  writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(markdown, renderMarkdown(result));
  return { json, markdown };
}

export function renderMarkdown(r: BenchResult): string {
  const lines = [
    `# kanta-sim benchmark — ${r.backend}${r.quick ? " (quick)" : ""}`,
    "",
    `${r.measured_at} · kanta-sim ${r.version} · ${r.machine.cpus} × ${r.machine.cpu_model} · ${r.machine.memory_gb} GB · Node ${r.machine.node} · WORKERS=${r.workers} · documents of ${Math.round(r.document_bytes / 1024)} KB`,
    "",
    "## Store (signed SOAP store requests)",
    "",
    "| | docs/s | p50 ms | p95 ms | p99 ms | accepted |",
    "|---|---:|---:|---:|---:|---:|",
    `| floor, 1 core (parse + verify + INSERT) | ${r.floor.one_core_docs_per_s} | | | | |`,
    `| floor, ${r.floor.threads} threads | ${r.floor.all_cores_docs_per_s} | | | | |`,
    ...Object.entries(r.store).map(([c, s]) => `| HTTP/SOAP, concurrency ${c} | ${s.docs_per_s} | ${s.p50_ms} | ${s.p95_ms} | ${s.p99_ms} | ${s.accepted}/${s.requests} |`),
    "",
    `Store ÷ floor at the highest concurrency: **${r.ratio_store_to_floor}**`,
    ...(r.store_one_core
      ? [
          "",
          `With the archive on one core (WORKERS=1; server${r.one_core_database_pinned ? " and Postgres server" : " only — the Postgres server was not pinned"} confined to CPU 0) at the highest concurrency: ${r.store_one_core.docs_per_s} docs/s (p99 ${r.store_one_core.p99_ms} ms); ${r.machine.cpus} cores ÷ 1 core: **${r.scaling_all_cores_to_one}**`,
        ]
      : []),
    "",
    "## MittKanta (client with 1 000 documents)",
    "",
    "| archive documents | landing p50 / p99 ms | list p50 / p99 ms | documents listed | cold start ms |",
    "|---:|---:|---:|---:|---:|",
    ...Object.entries(r.mittkanta).map(([size, m]) => `| ${Number(size).toLocaleString("en")} | ${m.landing.p50_ms} / ${m.landing.p99_ms} | ${m.list.p50_ms} / ${m.list.p99_ms} | ${m.documents_listed} | ${r.cold_starts_ms[size] ?? ""} |`),
    "",
    "## Other",
    "",
    `- seed: ${r.seed_docs_per_s} docs/s (largest step; ${r.seed.map((s) => `${s.documents} in ${s.seconds} s`).join(", ")})`,
    `- cold start with existing data: ${r.cold_start_ms} ms`,
    `- peak RSS under store load: ${r.peak_rss_mb ?? "n/a"} MB`,
    "",
  ];
  return lines.join("\n");
}
