/** Load generation and latency statistics for the benchmark (global fetch = undici, keep-alive). */

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
  const started = performance.now();
  const loop = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const t0 = performance.now();
      const response = await fetch(`${url}/soap/archive`, { method: "POST", headers: { "content-type": "text/xml; charset=utf-8" }, body });
      const text = await response.text();
      latencies.push(performance.now() - t0);
      if (/<(?:\w+:)?acknowledgement[^>]*typeCode="AA"/.test(text)) accepted++;
      else if (refusals.length < 3) refusals.push(text.slice(0, 2000));
      onProgress?.(++done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
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
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    if (i >= budget.minCount && performance.now() - started > budget.ms) break;
    for (const [p, path] of paths.entries()) {
      const t0 = performance.now();
      const response = await fetch(`${url}${path}`, { headers });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`bench: GET ${path} answered ${response.status}`);
      out[p]!.push(performance.now() - t0);
      onProgress?.(++done);
    }
  }
  return out;
}
