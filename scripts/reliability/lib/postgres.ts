/** A throwaway database on a Postgres server for a reliability run (a server from TEST_DATABASE_URL or scripts/postgres-server.sh). */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import pg from "pg";
import { ROOT } from "./wire.js";

export interface ServerDatabase {
  url: string;
  drop(): Promise<void>;
}

let started: { url: string; dir: string } | undefined;

/** The admin URL of a Postgres server: TEST_DATABASE_URL, else one started with scripts/postgres-server.sh (root only); undefined if neither. */
export function postgresServerUrl(log: (line: string) => void = () => undefined): string | undefined {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  if (started) return started.url;
  if (process.getuid?.() !== 0) return undefined;
  try {
    const out = execFileSync(join(ROOT, "scripts", "postgres-server.sh"), ["start"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const url = /TEST_DATABASE_URL=(\S+)/.exec(out)?.[1];
    const dir = /PGTEST_DIR=(\S+)/.exec(out)?.[1];
    if (!url || !dir) return undefined;
    started = { url, dir };
    log(`started a Postgres server for this run: ${url}`);
    return url;
  } catch (e) {
    log(`no Postgres server: ${(e as Error).message.split("\n")[0]}`);
    return undefined;
  }
}

/** Stops the server postgresServerUrl started, if it did. */
export function stopStartedPostgres(): void {
  if (!started) return;
  execFileSync(join(ROOT, "scripts", "postgres-server.sh"), ["stop", started.dir], { stdio: "ignore" });
  started = undefined;
}

export async function createServerDatabase(adminUrl: string, prefix = "kanta_sim_rel"): Promise<ServerDatabase> {
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
