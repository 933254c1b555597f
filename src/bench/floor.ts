/**
 * The floor of the store path: what storing a document cannot cost less than, measured in process on
 * the same pre-signed requests — safe XML parse of the request, signature verification of the
 * document (the server's libraries and settings: src/xml/safe-parse.ts, src/signature/verify.ts) and
 * one INSERT of the bytes into a table with document_versions' columns, constraints and indexes.
 * On one core (a tight loop) and on all cores (worker_threads parse and verify; the main thread inserts).
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { sql } from "kysely";
import { createHash } from "node:crypto";
import type { ArchiveDatabase } from "../db/database.js";
import { resolveTrustDirs } from "../config.js";
import { loadTrustStore, type TrustStore } from "../signature/trust.js";
import { verifyCdaSignature } from "../signature/verify.js";
import { parseXmlSafely } from "../xml/safe-parse.js";

export interface FloorItem {
  /** The whole SOAP request. */
  request: string;
  /** The signed CDA document inside it. */
  document: string;
}

export interface FloorResult {
  docsPerSecond: number;
  documents: number;
  threads: number;
}

/** Parse + verify of one item; throws when the item would not be stored (the floor counts stored documents only). */
export function parseAndVerify(item: FloorItem, trust: TrustStore, at: Date): Buffer {
  const parsed = parseXmlSafely(item.request);
  if (!parsed.ok) throw new Error(`floor: request does not parse: ${parsed.findings[0]?.code}`);
  const bytes = Buffer.from(item.document, "utf8");
  const verified = verifyCdaSignature(bytes, { trust, at });
  if (!verified.ok) throw new Error(`floor: signature does not verify: ${verified.findings[0]?.code}`);
  return bytes;
}

/** Documents parsed and verified (not inserted, not timed) before each measurement. */
const WARMUP = 20;

let tableReady = false;

/** A table like document_versions (columns, CHECKs incl. the SHA-256 one, unique constraints, indexes; no FK, no trigger). */
async function floorTable(database: ArchiveDatabase): Promise<void> {
  if (tableReady) return;
  await database.exec("DROP TABLE IF EXISTS bench_floor; CREATE TABLE bench_floor (LIKE document_versions INCLUDING ALL);");
  tableReady = true;
}

let floorSeq = 0;
async function insertOne(database: ArchiveDatabase, bytes: Buffer): Promise<void> {
  const n = ++floorSeq;
  const id = `bench-floor-${process.pid}-${Date.now()}-${n}`;
  const sha = createHash("sha256").update(bytes).digest();
  await sql`INSERT INTO bench_floor (version_id, set_id, version_number, status, message_id, received_at, metadata, content, content_sha256)
            VALUES (${id}, ${id}, 1, 'active', ${id}, now(), ${JSON.stringify({ clients: ["bench"] })}::jsonb, ${bytes}, ${sha})`.execute(database.db);
}

/** One core: parse, verify, insert, one document after the other. */
export async function floorOneCore(database: ArchiveDatabase, items: readonly FloorItem[], trustDirs: string[], onProgress?: (done: number) => void): Promise<FloorResult> {
  await floorTable(database);
  const trust = loadTrustStore(resolveTrustDirs(trustDirs));
  const at = new Date();
  for (const item of items.slice(0, WARMUP)) parseAndVerify(item, trust, at); // not measured: compiles the code paths
  const started = performance.now();
  let done = 0;
  for (const item of items) {
    await insertOne(database, parseAndVerify(item, trust, at));
    onProgress?.(++done);
  }
  const seconds = (performance.now() - started) / 1000;
  return { docsPerSecond: items.length / seconds, documents: items.length, threads: 1 };
}

/** The worker thread: the compiled floor-worker.js, or (running from src/ through tsx) floor-worker.ts behind tsx's loader. */
function startWorker(trustDirs: string[]): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./floor-worker.js", import.meta.url), { workerData: { trustDirs } });
  const tsx = import.meta.resolve("tsx/esm/api");
  const source = new URL("./floor-worker.ts", import.meta.url).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(code, { eval: true, workerData: { trustDirs } });
}

/** All cores: one worker thread per core parses and verifies; the main thread inserts (concurrently on Postgres). */
export async function floorAllCores(database: ArchiveDatabase, items: readonly FloorItem[], trustDirs: string[], onProgress?: (done: number) => void, threads = availableParallelism()): Promise<FloorResult> {
  await floorTable(database);
  const workers = Array.from({ length: threads }, () => startWorker(trustDirs));
  try {
    // Workers load their modules and warm up before the clock starts.
    const warmup = items.slice(0, WARMUP);
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            w.once("message", () => resolve());
            w.once("error", reject);
            w.postMessage({ warmup });
          }),
      ),
    );
    const started = performance.now();
    let done = 0;
    const inserts: Promise<void>[] = [];
    const maxConcurrentInserts = database.kind === "postgres" ? threads * 2 : 1;
    let running = 0;
    const waiting: (() => void)[] = [];
    const insert = async (bytes: Buffer) => {
      if (running >= maxConcurrentInserts) await new Promise<void>((r) => waiting.push(r));
      running++;
      try {
        await insertOne(database, bytes);
        onProgress?.(++done);
      } finally {
        running--;
        waiting.shift()?.();
      }
    };
    await Promise.all(
      workers.map((worker, w) => {
        const mine = items.filter((_, i) => i % threads === w);
        return new Promise<void>((resolve, reject) => {
          let received = 0;
          worker.on("message", (message: { bytes?: Uint8Array; error?: string }) => {
            if (message.error) return reject(new Error(message.error));
            inserts.push(insert(Buffer.from(message.bytes!)));
            if (++received === mine.length) resolve();
          });
          worker.once("error", reject);
          worker.postMessage({ items: mine });
          if (mine.length === 0) resolve();
        });
      }),
    );
    await Promise.all(inserts);
    const seconds = (performance.now() - started) / 1000;
    return { docsPerSecond: items.length / seconds, documents: items.length, threads };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
