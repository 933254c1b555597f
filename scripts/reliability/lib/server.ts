/** Starting and killing real `kanta-sim serve` processes for the reliability scripts. */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./wire.js";

export const CLI = join(ROOT, "bin", "kanta-sim.mjs");

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** Resident set size in bytes (Linux /proc), or undefined. */
  rss(): number | undefined;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Servers this process started and has not seen exit: killed if this process ends first (Ctrl-C, SIGTERM). */
const live = new Set<ChildProcess>();
let exitHooked = false;
function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.once("exit", () => {
    for (const child of live) child.kill("SIGKILL");
  });
  // In the scripts only: a test runner manages its own workers' signals.
  if (!process.env["VITEST"]) for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));
}

export async function startServerProcess(env: Record<string, string>, timeoutMs = 120_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, [CLI, "serve"], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", LOG_PRETTY: "false", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  hookExit();
  live.add(child);
  child.once("exit", () => live.delete(child));
  let out = "";
  const append = (d: Buffer) => {
    out += d.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on("data", append);
  child.stderr!.on("data", append);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server not ready in ${timeoutMs} ms:\n${out.slice(-2000)}`));
    }, timeoutMs);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out.slice(-2000)}`));
    };
    child.once("exit", onExit);
    child.stdout!.on("data", () => {
      const listening = /Server listening at (https?:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (listening && out.includes("kanta-sim ready")) {
        clearTimeout(timer);
        child.off("exit", onExit);
        resolve(listening[1]!);
      }
    });
  });
  return {
    url,
    child,
    output: () => out,
    rss() {
      try {
        const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
        return kb ? Number(kb[1]) * 1024 : undefined;
      } catch {
        return undefined;
      }
    },
    kill: (signal = "SIGTERM") =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => resolve(code));
        child.kill(signal);
      }),
  };
}
