import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openPostgres, wrapPGlite } from "../../src/db/database.js";
import { migrate } from "../../src/db/migrate.js";
import { loadFixtures } from "../../src/fixtures/load.js";
import type { TestDatabaseTarget } from "./database.js";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: TestDatabaseTarget;
  }
}

async function dockerAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import("testcontainers");
    await Promise.race([getContainerRuntimeClient(), new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 5000))]);
    return true;
  } catch {
    return false;
  }
}

/** Makes a migrated, seeded template database on a server; each test file clones it. */
async function prepareServerTemplate(serverUrl: string): Promise<{ adminUrl: string; template: string }> {
  const template = `kanta_sim_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${template}`;
  const database = openPostgres(url.toString(), 2);
  await migrate(database);
  await loadFixtures(database);
  await database.close();
  return { adminUrl: serverUrl, template };
}

export default async function setup(project: TestProject) {
  let target: TestDatabaseTarget;
  const cleanups: (() => Promise<void>)[] = [];
  if (process.env.TEST_DATABASE_URL) {
    target = { kind: "postgres", source: "TEST_DATABASE_URL", ...(await prepareServerTemplate(process.env.TEST_DATABASE_URL)) };
  } else if (await dockerAnswers()) {
    const { PostgreSqlContainer } = await import("@testcontainers/postgresql");
    const container = await new PostgreSqlContainer("postgres:15").start();
    cleanups.push(async () => void (await container.stop()));
    target = { kind: "postgres", source: "testcontainers", ...(await prepareServerTemplate(container.getConnectionUri())) };
  } else {
    // A fresh PGlite costs an initdb (~5 s); a clone of a dumped, migrated data dir ~1 s.
    const pglite = await PGlite.create();
    const database = wrapPGlite(pglite);
    await migrate(database);
    await loadFixtures(database);
    const dump = await pglite.dumpDataDir("none");
    await database.close();
    const dir = mkdtempSync(join(tmpdir(), "kanta-sim-test-"));
    const snapshot = join(dir, "migrated.tar");
    writeFileSync(snapshot, Buffer.from(await dump.arrayBuffer()));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    target = { kind: "pglite", source: "PGlite (no TEST_DATABASE_URL, no Docker engine)", snapshot };
  }
  console.log(`[kanta-sim tests] database: ${target.kind} via ${target.source}`);
  project.provide("testDatabase", target);
  return async () => {
    if (target.kind === "postgres") {
      const admin = new pg.Client({ connectionString: target.adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${target.template}`);
      await admin.end();
    }
    for (const c of cleanups) await c();
  };
}
