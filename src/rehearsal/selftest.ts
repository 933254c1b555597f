/**
 * `kanta-sim rehearse --self`: the reference client plays every case against a simulator (in-process
 * by default, or --url), through a real rehearsal session opened over the admin API; the session's
 * report is the verdict. Proves every case is passable and that the simulator agrees with itself.
 */
import type { FastifyInstance } from "fastify";
import { buildApp } from "../app.js";
import type { Config } from "../config.js";
import { casesForProfile, loadCatalogue } from "./catalogue.js";
import { ENABLED_FEATURES } from "./features.js";
import { playCase, REFERENCE_SENDER, setupProblems } from "./player.js";
import type { SessionReport } from "./session.js";

export interface SelfTestOptions {
  /** A running simulator with ENABLE_ADMIN; when absent one is built in-process from config. */
  url?: string;
  config?: Config;
  profile?: string;
  log?: (line: string) => void;
}

export async function openSession(url: string, profile: string, sender: string): Promise<{ id: string }> {
  const response = await fetch(`${url}/admin/api/rehearsals`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ profile, sender }) });
  const body = (await response.json()) as { id?: string; error?: string; message?: string; detail?: unknown };
  if (response.status !== 201 || !body.id) throw new Error(`cannot open a rehearsal session at ${url}: ${response.status} ${body.error ?? ""} ${body.message ?? ""} ${body.detail ? JSON.stringify(body.detail) : ""}`.trim());
  return { id: body.id };
}

export async function fetchReport(url: string, id: string): Promise<SessionReport> {
  const response = await fetch(`${url}/admin/api/rehearsals/${encodeURIComponent(id)}`);
  const body = (await response.json()) as SessionReport & { error?: string; message?: string };
  if (response.status !== 200) throw new Error(`${body.error ?? response.status}: ${body.message ?? ""}`);
  return body;
}

export interface SelfTestResult {
  report: SessionReport;
  url: string;
  db?: string;
  /** Cases whose preconditions the archive refused (setup messages not answered AA). */
  setupFailures: { caseId: string; problems: string[] }[];
}

export async function runSelfTest(options: SelfTestOptions): Promise<SelfTestResult> {
  const log = options.log ?? (() => undefined);
  const profile = options.profile ?? "all";
  let app: FastifyInstance | undefined;
  let url = options.url?.replace(/\/+$/, "");
  if (!url) {
    if (!options.config) throw new Error("runSelfTest: give url or config");
    app = await buildApp({ ...options.config, enableAdmin: true });
    url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace(/\/+$/, "");
  }
  try {
    const cases = casesForProfile(loadCatalogue(), profile);
    const session = await openSession(url, profile, REFERENCE_SENDER);
    log(`session ${session.id}: ${cases.length} cases, profile ${profile}, sender ${REFERENCE_SENDER}${app ? ` (${app.archiveDb.kind}, in-process ${url})` : ` (${url})`}`);
    const setupFailures: SelfTestResult["setupFailures"] = [];
    for (const c of cases) {
      if (c.requires && !ENABLED_FEATURES.has(c.requires)) continue;
      const problems = setupProblems(await playCase(c, { url, sender: REFERENCE_SENDER }));
      if (problems.length) {
        setupFailures.push({ caseId: c.id, problems });
        log(`! ${c.id}: preconditions not met: ${problems.join("; ")}`);
      }
    }
    const report = await fetchReport(url, session.id);
    return { report, url, ...(app && { db: app.archiveDb.kind }), setupFailures };
  } finally {
    if (app) await app.close();
  }
}
