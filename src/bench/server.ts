/** A `kanta-sim serve` child process for the benchmark: start (timed), resident memory, stop. */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { processTree } from "./cores.js";

const CLI = fileURLToPath(new URL("../../bin/kanta-sim.mjs", import.meta.url));

export interface BenchServer {
  url: string;
  /** Spawn to "kanta-sim ready", in ms. */
  startMs: number;
  process: ChildProcess;
  /** Resident memory of the server and its worker processes now, in MB (Linux /proc; undefined elsewhere). */
  rssMb(): number | undefined;
  stop(): Promise<void>;
}

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export async function startBenchServer(env: Record<string, string | undefined>, timeoutMs = 180_000): Promise<BenchServer> {
  const started = performance.now();
  // BENCH_CPU_PROF_DIR: the server (and its workers, which inherit execArgv) writes V8 CPU profiles there.
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const nodeArgs = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, CLI, "serve"], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", LOG_PRETTY: "false", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  child.stderr!.on("data", (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench: server not ready in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`bench: server exited with ${code}:\n${out}`));
    });
    const check = () => {
      const listening = /listening at (http:\/\/127\.0\.0\.1:\d+)/i.exec(out);
      if (listening && out.includes("kanta-sim ready")) {
        clearTimeout(timer);
        resolve(listening[1]!);
      }
    };
    child.stdout!.on("data", check);
    child.stderr!.on("data", check);
  });
  const startMs = performance.now() - started;
  return {
    url,
    startMs,
    process: child,
    rssMb() {
      if (!child.pid || process.platform !== "linux") return undefined;
      const pids = processTree(child.pid);
      return pids.reduce((sum, pid) => sum + rssKb(pid), 0) / 1024;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}
