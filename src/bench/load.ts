/**
 * Load generation and latency statistics for the benchmark. Requests go through node:http with a
 * keep-alive agent: on a 2-core machine the load generator shares the cores with the server, and
 * node:http costs about half the CPU per request of fetch (measured: 1.8 → 0.8 ms per 27 KB store).
 */
import { Agent, request } from "node:http";

export interface LatencyStats {
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
}

/** Nearest-rank percentile of sorted samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

export function latencyStats(samples: readonly number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50_ms: round(percentile(sorted, 50)), p95_ms: round(percentile(sorted, 95)), p99_ms: round(percentile(sorted, 99)) };
}

export interface StoreRun extends LatencyStats {
  docs_per_s: number;
  requests: number;
  accepted: number;
  refused: number;
}

interface Answer {
  status: number;
  text: string;
}

/** One request on a keep-alive agent; the whole answer as text. */
function send(agent: Agent, url: string, method: "GET" | "POST", headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers: body === undefined ? headers : { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * Sends every body once, `concurrency` at a time (each worker loop takes the next unsent body), and
 * counts an answer as accepted when it is an HL7 acknowledgement with typeCode AA.
 */
export async function sendAll(url: string, bodies: readonly string[], concurrency: number, onProgress?: (done: number) => void): Promise<StoreRun> {
  let next = 0;
  let done = 0;
  let accepted = 0;
  const latencies: number[] = [];
  const refusals: string[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const started = performance.now();
  const loop = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const t0 = performance.now();
      const { text } = await send(agent, `${url}/soap/archive`, "POST", { "content-type": "text/xml; charset=utf-8" }, body);
      latencies.push(performance.now() - t0);
      if (/<(?:\w+:)?acknowledgement[^>]*typeCode="AA"/.test(text)) accepted++;
      else if (refusals.length < 3) refusals.push(text.slice(0, 2000));
      onProgress?.(++done);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, loop));
  } finally {
    agent.destroy();
  }
  const seconds = (performance.now() - started) / 1000;
  if (accepted < bodies.length && refusals.length > 0) process.stderr.write(`bench: ${bodies.length - accepted} store request(s) not accepted; first answer:\n${refusals[0]}\n`);
  return { docs_per_s: Math.round((accepted / seconds) * 10) / 10, ...latencyStats(latencies), requests: bodies.length, accepted, refused: bodies.length - accepted };
}

/**
 * Times `count` sequential GETs of each path (round robin); returns the latencies per path (ms). Stops
 * early once `budgetMs` has passed and every path has `minCount` samples, so a slow read path cannot
 * stretch the whole benchmark.
 */
export async function timeGets(url: string, paths: readonly string[], count: number, headers: Record<string, string>, onProgress?: (done: number) => void, budget: { ms: number; minCount: number } = { ms: 60_000, minCount: 20 }): Promise<number[][]> {
  const out: number[][] = paths.map(() => []);
  let done = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const started = performance.now();
  try {
  for (let i = 0; i < count; i++) {
    if (i >= budget.minCount && performance.now() - started > budget.ms) break;
    for (const [p, path] of paths.entries()) {
      const t0 = performance.now();
      const { status } = await send(agent, `${url}${path}`, "GET", headers);
      if (status !== 200) throw new Error(`bench: GET ${path} answered ${status}`);
      out[p]!.push(performance.now() - t0);
      onProgress?.(++done);
    }
  }
  } finally {
    agent.destroy();
  }
  return out;
}
