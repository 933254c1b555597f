/**
 * Crash safety (issue #9): a real `kanta-sim serve` process under store load is killed with SIGKILL
 * at random moments (0.3–3.3 s into the load) and restarted, round after round, on a Postgres server and on PGlite. After every
 * restart each request that got AA is fetched back over the wire (SP6) and its SHA-256 compared with
 * the bytes sent; at the end the database itself is checked: every AA'd version byte-identical, and no
 * half-written rows (a document without versions, a KR version without its client-relationship facts,
 * a broken version chain, a hash that does not match, an AA in the message log without its version).
 *
 *   npx tsx scripts/reliability/crash.ts [--rounds 20] [--backend postgres|pglite|both] [--json]
 */
import { createHash, randomInt } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { openDatabase, type ArchiveDatabase } from "../../src/db/database.js";
import { signedScenario } from "../../src/samples/generate.js";
import { createServerDatabase, postgresServerUrl, stopStartedPostgres } from "./lib/postgres.js";
import { startServerProcess, type ServerProcess } from "./lib/server.js";
import { classifyAnswer, freshIds, parseQuery, postWire, queryRequest, storeRequest } from "./lib/wire.js";

export interface CrashResult {
  backend: "postgres" | "pglite";
  rounds: number;
  sent: number;
  acknowledged: number;
  refused: number;
  unknown: number;
  lost: number;
  changed: number;
  halfWritten: Record<string, number>;
  problems: string[];
  seconds: number;
}

interface SentVersion {
  setId: string;
  client: string;
  version: number;
  sha256: string;
  outcome: "AA" | "refused" | "unknown";
}

const sha = (s: string | Uint8Array) => createHash("sha256").update(s).digest("hex");

/** Store load until the signal aborts: workers each send fresh clients' stories (KR, case, documents, a new version). */
async function load(url: string, signal: AbortSignal, sent: SentVersion[], workers: number): Promise<void> {
  const worker = async (w: number) => {
    while (!signal.aborted) {
      const ids = freshIds(`${w}`);
      // Everything but the makulering (a makulerad document vanishes from the fetch used to check).
      const steps = signedScenario(ids).filter((s) => s.serviceRequest === "SP1");
      for (const step of steps) {
        if (signal.aborted) return;
        const record: SentVersion = { setId: step.setId, client: ids.client, version: step.versionNumber, sha256: sha(step.document), outcome: "unknown" };
        sent.push(record);
        try {
          const answer = await postWire(url, storeRequest(step.document), "/soap/archive", signal);
          const a = classifyAnswer(answer.status, answer.text);
          record.outcome = a.kind === "ack" && a.typeCode === "AA" ? "AA" : "refused";
          if (record.outcome === "refused") break; // the story cannot go on (e.g. its KR was lost to the kill)
        } catch {
          return; // the server died under us: the outcome stays unknown
        }
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
}

/** Every AA'd set is fetched (SP6, latest version) and compared with what was sent. */
async function checkOverWire(url: string, sent: SentVersion[], problems: string[]): Promise<{ lost: number; changed: number }> {
  const bySet = new Map<string, SentVersion[]>();
  for (const s of sent) bySet.set(s.setId, [...(bySet.get(s.setId) ?? []), s]);
  let lost = 0;
  let changed = 0;
  const sets = [...bySet.entries()].filter(([, versions]) => versions.some((v) => v.outcome === "AA"));
  const check = async ([setId, versions]: [string, SentVersion[]]) => {
    const newestAA = Math.max(...versions.filter((v) => v.outcome === "AA").map((v) => v.version));
    const answer = await postWire(url, queryRequest("SP6", { clientId: versions[0]!.client, setId, specialReason: { code: "2", codeSystem: "1.2.246.10.99990000.3.12" } }));
    const response = parseQuery(answer.text);
    const item = response.results[0];
    if (!item || !item.document) {
      lost++;
      problems.push(`${setId} v${newestAA}: AA but not retrievable (${response.typeCode} ${response.details.map((d) => d.code).join(",")})`);
      return;
    }
    const expected = versions.find((v) => v.version === item.versionNumber);
    if (item.versionNumber < newestAA) {
      lost++;
      problems.push(`${setId}: AA for v${newestAA} but the archive returns v${item.versionNumber}`);
    } else if (!expected || expected.sha256 !== sha(item.document)) {
      changed++;
      problems.push(`${setId} v${item.versionNumber}: the returned bytes are not the bytes sent`);
    }
  };
  for (let i = 0; i < sets.length; i += 8) await Promise.all(sets.slice(i, i + 8).map(check));
  return { lost, changed };
}

/** The database checks: AA'd versions byte-identical and no half-written rows. */
export async function checkDatabase(database: ArchiveDatabase, sent: SentVersion[], problems: string[]): Promise<{ lost: number; changed: number; halfWritten: Record<string, number> }> {
  const db = database.db;
  const count = async (name: string, query: ReturnType<typeof sql<{ n: number | string }>>) => [name, Number((await query.execute(db)).rows[0]?.n ?? 0)] as const;
  const halfWritten = Object.fromEntries(
    await Promise.all([
      count("documents without a version", sql`SELECT count(*) AS n FROM documents d WHERE NOT EXISTS (SELECT 1 FROM document_versions v WHERE v.set_id = d.set_id)`),
      count("KR versions without their client-relationship facts", sql`SELECT count(*) AS n FROM document_versions v WHERE v.metadata->>'documentGroup' = 'client-relationship' AND NOT EXISTS (SELECT 1 FROM client_relationship_versions c WHERE c.version_id = v.version_id)`),
      count("versions without their predecessor", sql`SELECT count(*) AS n FROM document_versions v WHERE v.version_number > 1 AND NOT EXISTS (SELECT 1 FROM document_versions p WHERE p.version_id = v.replaces_version_id AND p.set_id = v.set_id AND p.version_number = v.version_number - 1)`),
      count("versions whose SHA-256 does not match", sql`SELECT count(*) AS n FROM document_versions WHERE content_sha256 <> sha256(content)`),
      count("AA store log rows without their version", sql`SELECT count(*) AS n FROM message_log m WHERE m.result = 'AA' AND m.endpoint = '/soap/archive' AND m.interaction = 'RCMR_IN200002FI01' AND NOT EXISTS (SELECT 1 FROM document_versions v WHERE v.message_id = m.message_id)`),
    ]),
  );
  let lost = 0;
  let changed = 0;
  const acknowledged = sent.filter((s) => s.outcome === "AA");
  for (let i = 0; i < acknowledged.length; i += 500) {
    const chunk = acknowledged.slice(i, i + 500);
    const rows = await db
      .selectFrom("document_versions")
      .select(["set_id", "version_number", sql<string>`encode(content_sha256, 'hex')`.as("sha")])
      .where("set_id", "in", chunk.map((c) => c.setId))
      .execute();
    const stored = new Map(rows.map((r) => [`${r.set_id}#${r.version_number}`, r.sha]));
    for (const s of chunk) {
      const found = stored.get(`${s.setId}#${s.version}`);
      if (found === undefined) {
        lost++;
        problems.push(`${s.setId} v${s.version}: AA but not in document_versions`);
      } else if (found !== s.sha256) {
        changed++;
        problems.push(`${s.setId} v${s.version}: stored bytes differ from the bytes sent`);
      }
    }
  }
  return { lost, changed, halfWritten };
}

export async function runCrash(options: { backend: "postgres" | "pglite"; rounds: number; workers?: number; log?: (line: string) => void }): Promise<CrashResult | { backend: string; skipped: string } | { backend: string; error: string }> {
  try {
    return await crashRounds(options);
  } catch (e) {
    return { backend: options.backend, error: (e as Error).message.split("\n").slice(0, 3).join(" ") };
  }
}

async function crashRounds(options: { backend: "postgres" | "pglite"; rounds: number; workers?: number; log?: (line: string) => void }): Promise<CrashResult | { backend: string; skipped: string }> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let dataDir: string | undefined;
  if (options.backend === "postgres") {
    const admin = postgresServerUrl(log);
    if (!admin) return { backend: "postgres", skipped: "no Postgres server (set TEST_DATABASE_URL or run as root with postgresql installed)" };
    const database = await createServerDatabase(admin, "kanta_sim_crash");
    env = { DATABASE_URL: database.url };
    cleanup = () => database.drop();
  } else {
    dataDir = mkdtempSync(join(tmpdir(), "kanta-sim-crash-"));
    env = { DATA_DIR: dataDir };
    cleanup = async () => rmSync(dataDir!, { recursive: true, force: true });
  }
  env = { ...env, LOG_LEVEL: "warn" };
  const sent: SentVersion[] = [];
  const problems: string[] = [];
  let lost = 0;
  let changed = 0;
  let server: ServerProcess | undefined;
  try {
    for (let round = 1; round <= options.rounds; round++) {
      server = await startServerProcess({ ...env, LOG_LEVEL: "info" });
      if (round > 1) {
        const wire = await checkOverWire(server.url, sent, problems);
        lost += wire.lost;
        changed += wire.changed;
      }
      const controller = new AbortController();
      const running = load(server.url, controller.signal, sent, options.workers ?? 4);
      await new Promise((r) => setTimeout(r, 300 + randomInt(3000)));
      await server.kill("SIGKILL");
      controller.abort();
      await running;
      server = undefined;
      log(`${options.backend} round ${round}: ${sent.filter((s) => s.outcome === "AA").length} AA so far, ${sent.filter((s) => s.outcome === "unknown").length} unanswered`);
    }
    // The last restart: the wire check, then the database checks with the server stopped (PGlite is one process's).
    server = await startServerProcess({ ...env, LOG_LEVEL: "info" });
    const wire = await checkOverWire(server.url, sent, problems);
    lost += wire.lost;
    changed += wire.changed;
    await server.kill("SIGTERM");
    server = undefined;
    const database = await openDatabase({ databaseUrl: env["DATABASE_URL"], dataDir: dataDir ?? "./data" });
    let checked;
    try {
      checked = await checkDatabase(database, sent, problems);
    } finally {
      await database.close();
    }
    for (const [name, n] of Object.entries(checked.halfWritten)) if (n > 0) problems.push(`${n} ${name}`);
    return {
      backend: options.backend,
      rounds: options.rounds,
      sent: sent.length,
      acknowledged: sent.filter((s) => s.outcome === "AA").length,
      refused: sent.filter((s) => s.outcome === "refused").length,
      unknown: sent.filter((s) => s.outcome === "unknown").length,
      lost: lost + checked.lost,
      changed: changed + checked.changed,
      halfWritten: checked.halfWritten,
      problems,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    if (server) await server.kill("SIGKILL");
    await cleanup();
  }
}

export function crashSummary(r: CrashResult | { backend: string; skipped: string } | { backend: string; error: string }): string {
  if ("skipped" in r) return `crash/${r.backend}: SKIPPED — ${r.skipped}`;
  if ("error" in r) return `crash/${r.backend}: FAIL — the run stopped: ${r.error}`;
  const half = Object.values(r.halfWritten).reduce((a, b) => a + b, 0);
  const ok = r.lost === 0 && r.changed === 0 && half === 0 && r.problems.length === 0;
  return `crash/${r.backend}: ${ok ? "PASS" : "FAIL"} — ${r.rounds} SIGKILL rounds, ${r.sent} requests (${r.acknowledged} AA, ${r.refused} refused, ${r.unknown} unanswered), ${r.lost} lost, ${r.changed} changed, ${half} half-written rows (${r.seconds} s)`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const rounds = Number(arg("--rounds") ?? 20);
  const backend = arg("--backend") ?? "both";
  const backends = backend === "both" ? (["postgres", "pglite"] as const) : [backend as "postgres" | "pglite"];
  let failed = false;
  try {
    for (const b of backends) {
      const result = await runCrash({ backend: b, rounds, log: (l) => process.stderr.write(`${l}\n`) });
      if (args.includes("--json")) process.stdout.write(JSON.stringify(result) + "\n");
      process.stdout.write(crashSummary(result) + "\n");
      if ("problems" in result) for (const p of result.problems.slice(0, 20)) process.stdout.write(`  ${p}\n`);
      if (crashSummary(result).includes(": FAIL")) failed = true;
    }
  } finally {
    stopStartedPostgres();
  }
  process.exitCode = failed ? 1 : 0;
}
