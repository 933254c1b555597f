/**
 * Fuzzing, full set (issue #9): ≥ 10 000 generated malformed and hostile messages (the families of
 * ./lib/fuzz-cases.ts) sent to a real `kanta-sim serve` process. Each must be answered with a SOAP
 * Fault or AE/AR (a 4xx/refusing JSON answer on /validate); document_versions must not grow; the process
 * must still answer /health afterwards, and its RSS must stay bounded (sampled every 500 cases).
 *
 *   npx tsx scripts/reliability/fuzz.ts [--cases 10000] [--seed 9] [--backend pglite|postgres] [--json]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { openDatabase } from "../../src/db/database.js";
import { FAMILIES, fuzzCaseStream, judge, validSamples } from "./lib/fuzz-cases.js";
import { createServerDatabase, postgresServerUrl, stopStartedPostgres } from "./lib/postgres.js";
import { startServerProcess, type ServerProcess } from "./lib/server.js";
import { classifyAnswer, postWire } from "./lib/wire.js";

export interface FuzzResult {
  backend: string;
  cases: number;
  families: Record<string, number>;
  failures: string[];
  storedBefore: number;
  storedAfter: number;
  alive: boolean;
  rssStartMb: number;
  rssPeakMb: number;
  rssEndMb: number;
  seconds: number;
}

const BODY_LIMIT = 2 * 1024 * 1024;
/** RSS may grow this much over the run (WASM Postgres, caches, GC slack) before we call it unbounded. */
export const RSS_GROWTH_LIMIT_MB = 400;

/** document_versions rows; PGlite belongs to one process, so for it the server is stopped first (and restarted by the caller). */
async function countVersions(databaseUrl: string | undefined, dataDir: string | undefined): Promise<number> {
  const database = await openDatabase({ databaseUrl, dataDir: dataDir ?? "./data" });
  try {
    return Number((await sql<{ n: string }>`SELECT count(*) AS n FROM document_versions`.execute(database.db)).rows[0]!.n);
  } finally {
    await database.close();
  }
}

export async function runFuzz(options: { cases: number; seed: number; backend: "pglite" | "postgres"; log?: (line: string) => void }): Promise<FuzzResult | { backend: string; skipped: string } | { backend: string; error: string }> {
  try {
    return await fuzzRun(options);
  } catch (e) {
    return { backend: options.backend, error: (e as Error).message.split("\n").slice(0, 3).join(" ") };
  }
}

async function fuzzRun(options: { cases: number; seed: number; backend: "pglite" | "postgres"; log?: (line: string) => void }): Promise<FuzzResult | { backend: string; skipped: string }> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  let env: Record<string, string> = { MAX_BODY_BYTES: String(BODY_LIMIT), LOG_LEVEL: "info" };
  let dataDir: string | undefined;
  let cleanup: () => Promise<void>;
  let databaseUrl: string | undefined;
  if (options.backend === "postgres") {
    const admin = postgresServerUrl(log);
    if (!admin) return { backend: "postgres", skipped: "no Postgres server" };
    const database = await createServerDatabase(admin, "kanta_sim_fuzz");
    databaseUrl = database.url;
    env = { ...env, DATABASE_URL: database.url };
    cleanup = () => database.drop();
  } else {
    const dir = mkdtempSync(join(tmpdir(), "kanta-sim-fuzz-"));
    dataDir = dir;
    env = { ...env, DATA_DIR: dir };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  let server: ServerProcess | undefined = await startServerProcess(env);
  try {
    for (const sample of validSamples()) {
      const { status, text } = await postWire(server.url, { body: sample.content, contentType: sample.contentType });
      const answer = classifyAnswer(status, text);
      if (!(answer.kind === "ack" && answer.typeCode === "AA")) throw new Error(`valid sample ${sample.file} not accepted: ${JSON.stringify(answer)}`);
    }
    if (dataDir) await server.kill("SIGTERM");
    const storedBefore = await countVersions(databaseUrl, dataDir);
    if (dataDir) server = await startServerProcess(env);
    const live = server;
    const rssStart = server.rss() ?? 0;
    let rssPeak = rssStart;
    const failures: string[] = [];
    const families: Record<string, number> = {};
    const cases = fuzzCaseStream({ seed: options.seed, count: options.cases, bodyLimit: BODY_LIMIT });
    // A few requests in flight at once, as clients would send them; cases are generated as they are sent.
    const inFlight = 4;
    let next = 0;
    const worker = async () => {
      for (let item = cases.next(); !item.done; item = cases.next()) {
        const i = next++;
        const c = item.value;
        families[c.family] = (families[c.family] ?? 0) + 1;
        try {
          const response = await fetch(`${live.url}${c.path}`, { method: "POST", headers: c.contentType ? { "content-type": c.contentType } : {}, body: new Uint8Array(c.body) });
          const text = await response.text();
          const problem = judge(c, response.status, text, classifyAnswer);
          if (problem) failures.push(`#${i} [${c.family}] ${c.name}: ${problem}`);
        } catch (e) {
          // The server may close the connection on an oversize body before reading it all: that is a refusal, not a crash — if it still answers.
          const health = await fetch(`${live.url}/health`).then((r) => r.ok).catch(() => false);
          if (!health) failures.push(`#${i} [${c.family}] ${c.name}: no answer and the server is down (${(e as Error).message})`);
          else if (c.family !== "oversize") failures.push(`#${i} [${c.family}] ${c.name}: no answer (${(e as Error).message})`);
        }
        if (i % 500 === 0) {
          rssPeak = Math.max(rssPeak, live.rss() ?? 0);
          if (i > 0) log(`fuzz: ${i}/${options.cases}, ${failures.length} failures, RSS ${Math.round((live.rss() ?? 0) / 1048576)} MB`);
        }
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    const alive = await fetch(`${server.url}/health`).then((r) => r.ok).catch(() => false);
    const rssEnd = server.rss() ?? 0;
    rssPeak = Math.max(rssPeak, rssEnd);
    await server.kill("SIGTERM");
    server = undefined;
    const storedAfter = await countVersions(databaseUrl, dataDir);
    return {
      backend: options.backend,
      cases: next,
      families,
      failures,
      storedBefore,
      storedAfter,
      alive,
      rssStartMb: Math.round(rssStart / 1048576),
      rssPeakMb: Math.round(rssPeak / 1048576),
      rssEndMb: Math.round(rssEnd / 1048576),
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    await server?.kill("SIGTERM");
    await cleanup();
  }
}

export function fuzzSummary(r: FuzzResult | { backend: string; skipped: string } | { backend: string; error: string }): string {
  if ("skipped" in r) return `fuzz/${r.backend}: SKIPPED — ${r.skipped}`;
  if ("error" in r) return `fuzz/${r.backend}: FAIL — the run stopped: ${r.error}`;
  const ok = r.failures.length === 0 && r.storedAfter === r.storedBefore && r.alive && r.rssPeakMb - r.rssStartMb <= RSS_GROWTH_LIMIT_MB;
  return `fuzz/${r.backend}: ${ok ? "PASS" : "FAIL"} — ${r.cases} cases in ${Object.keys(r.families).length}/${FAMILIES.length} families, ${r.failures.length} not refused, stored ${r.storedBefore}→${r.storedAfter}, ${r.alive ? "alive" : "DOWN"}, RSS ${r.rssStartMb}→${r.rssPeakMb} (peak)→${r.rssEndMb} MB (${r.seconds} s)`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  try {
    const result = await runFuzz({ cases: Number(arg("--cases") ?? 10_000), seed: Number(arg("--seed") ?? 9), backend: (arg("--backend") as "pglite" | "postgres") ?? "pglite", log: (l) => process.stderr.write(`${l}\n`) });
    if (args.includes("--json")) process.stdout.write(JSON.stringify(result) + "\n");
    process.stdout.write(fuzzSummary(result) + "\n");
    if ("failures" in result) for (const f of result.failures.slice(0, 20)) process.stdout.write(`  ${f}\n`);
    process.exitCode = fuzzSummary(result).includes("FAIL") ? 1 : 0;
  } finally {
    stopStartedPostgres();
  }
}
