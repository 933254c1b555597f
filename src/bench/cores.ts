/**
 * Core scaling for the benchmark (issue #8: "throughput with 2 cores ≥ 1.6 × throughput with 1 core").
 * The archive is the server and its database. For the one-core run both are confined to CPU 0 with the
 * Linux scheduler's affinity (util-linux `taskset`): the server's processes, and — when the Postgres
 * server runs on this machine and may be changed by this user — the postmaster and every backend
 * (backends forked later inherit the postmaster's affinity). Without the database pinned, "one core"
 * would still lend the database the other core; the result says which was done. The load generator
 * (this process) is not the archive and stays unpinned.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import pg from "pg";

/** The process and all its descendants (Linux /proc). */
export function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // gone, or not Linux
  }
  return [pid, ...children.flatMap(processTree)];
}

/** Sets the CPU affinity of every thread of the processes; false when taskset is missing or refuses. */
export function pin(pids: readonly number[], cpuList: string): boolean {
  try {
    for (const pid of pids) execFileSync("taskset", ["--all-tasks", "--pid", "--cpu-list", cpuList, String(pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export const ALL_CPUS = `0-${availableParallelism() - 1}`;

/** The postmaster of the Postgres server behind `databaseUrl`, when it is a process of this machine. */
export async function localPostmaster(databaseUrl: string): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const backend = Number((await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid);
    const status = readFileSync(`/proc/${backend}/status`, "utf8");
    const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
    const command = readFileSync(`/proc/${parent}/comm`, "utf8").trim();
    return command === "postgres" || command === "postmaster" ? parent : undefined;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Confines the Postgres server to `cpuList`; returns the function that gives it every CPU again. */
export async function pinDatabase(databaseUrl: string, cpuList: string): Promise<(() => void) | undefined> {
  const postmaster = await localPostmaster(databaseUrl);
  if (postmaster === undefined || !pin(processTree(postmaster), cpuList)) return undefined;
  return () => void pin(processTree(postmaster), ALL_CPUS);
}
