/** `kanta-sim rehearse`: sessions on a running simulator (start, status, report) and the self-test (--self). */
import type { Command } from "commander";
import { ConfigError, loadConfig } from "../config.js";
import { renderHtml, totalsLine, writeReports } from "./report.js";
import { fetchReport, openSession, runSelfTest } from "./selftest.js";
import type { SessionReport } from "./session.js";

const DEFAULT_URL = "http://localhost:8080";
const trim = (url: string) => url.replace(/\/+$/, "");

async function latestSessionId(url: string): Promise<string> {
  const response = await fetch(`${url}/admin/api/rehearsals`);
  if (response.status === 404) throw new Error(`${url} serves no rehearsal API: start it with ENABLE_ADMIN=true`);
  const list = (await response.json()) as { id: string }[];
  if (!list.length) throw new Error(`no rehearsal session on ${url}: run \`kanta-sim rehearse start --profile P --sender ORG\` first`);
  return list.at(-1)!.id;
}

function progressBar(r: SessionReport, width = 30): string {
  const runnable = r.totals.total - r.totals.pending;
  const decided = r.totals.pass + r.totals.fail;
  const filled = runnable ? Math.round((decided / runnable) * width) : width;
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${decided}/${runnable} decided · ${r.totals.pass} pass · ${r.totals.fail} fail · ${r.totals.pending} pending`;
}

function printCases(r: SessionReport, write: (s: string) => void): void {
  for (const c of r.cases) {
    const mark = c.status === "pass" ? "✓" : c.status === "fail" ? "✗" : "·";
    const why = c.status === "fail" ? ` — ${c.steps.filter((s) => !s.ok).flatMap((s) => s.reasons).join("; ")}` : c.note ? ` — ${c.note}` : c.status !== "pass" ? ` — ${c.status}` : "";
    write(`${mark} ${c.id} ${c.title.en}${why}\n`);
  }
}

export function registerRehearseCommands(program: Command): void {
  const rehearse = program
    .command("rehearse")
    .description("rehearse Kela's samtestning: sessions that match a vendor's traffic to the catalogue's cases; --self plays every case with the reference client")
    .option("--self", "play every case with the reference client against an in-process simulator (or --url) and report")
    .option("--profile <profile>", "information-system profile whose cases to run (or all)", "all")
    .option("--url <url>", "with --self: a running simulator (ENABLE_ADMIN=true) instead of an in-process one")
    .option("--junit <file>", "write JUnit XML here")
    .option("--report-dir <dir>", "write report.json, report.html and junit.xml here")
    .action(async (opts: { self?: boolean; profile: string; url?: string; junit?: string; reportDir?: string }) => {
      if (!opts.self) {
        rehearse.help();
        return;
      }
      let config;
      if (!opts.url) {
        try {
          config = loadConfig({ LOG_LEVEL: "warn", ...process.env, ...(process.env.DATABASE_URL || process.env.DATA_DIR ? {} : { DATA_DIR: "memory://" }), PORT: "0" });
        } catch (e) {
          if (e instanceof ConfigError) throw new Error(`invalid configuration: ${e.message}`);
          throw e;
        }
      }
      const started = performance.now();
      const { report, url, db, setupFailures } = await runSelfTest({ profile: opts.profile, ...(opts.url ? { url: trim(opts.url) } : {}), ...(config ? { config } : {}), log: (l) => process.stderr.write(`${l}\n`) });
      printCases(report, (s) => process.stdout.write(s));
      for (const file of writeReports(report, { ...(opts.reportDir && { reportDir: opts.reportDir }), ...(opts.junit && { junit: opts.junit }), ...(opts.url && { baseUrl: url }) })) process.stderr.write(`wrote ${file}\n`);
      const setup = setupFailures.length ? `; preconditions not met in ${setupFailures.length} case(s): ${setupFailures.map((f) => f.caseId).join(", ")}` : "";
      process.stdout.write(`rehearse --self${db ? ` (${db})` : ""}: ${totalsLine(report)}${setup} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      const unfinished = report.totals["not-run"] + report.totals["in-progress"];
      process.exitCode = report.totals.fail === 0 && unfinished === 0 && setupFailures.length === 0 ? 0 : 1;
    });

  rehearse
    .command("start")
    .description("open a rehearsal session on a running simulator (ENABLE_ADMIN=true) for a sender organisation and a profile")
    .requiredOption("--profile <profile>", "information-system profile (phase2-base, phase2-producer, phase2-search, phase2-sender, obligation-structured, register-access, disclosure, all)")
    .requiredOption("--sender <oid>", "the sender organisation OID of the vendor system's traffic")
    .option("--url <url>", "the simulator's base URL", DEFAULT_URL)
    .action(async (opts: { profile: string; sender: string; url: string }) => {
      const url = trim(opts.url);
      const session = await openSession(url, opts.profile, opts.sender);
      const report = await fetchReport(url, session.id);
      process.stdout.write(`${session.id}\n`);
      process.stderr.write(`session ${session.id}: ${report.totals.total} cases for ${opts.profile}; send from ${opts.sender} to ${url}/soap/archive, then \`kanta-sim rehearse status --watch\`\n`);
    });

  rehearse
    .command("status [session]")
    .description("progress of a session (default: the latest); --watch redraws a progress bar on stderr")
    .option("--url <url>", "the simulator's base URL", DEFAULT_URL)
    .option("--watch", "redraw every second until every runnable case is decided (Ctrl-C stops)")
    .option("--json", "the report as JSON on stdout")
    .action(async (id: string | undefined, opts: { url: string; watch?: boolean; json?: boolean }) => {
      const url = trim(opts.url);
      const sessionId = id ?? (await latestSessionId(url));
      let report = await fetchReport(url, sessionId);
      if (opts.watch) {
        const tty = process.stderr.isTTY;
        for (;;) {
          process.stderr.write(tty ? `\r\x1b[2K${progressBar(report)}` : `${progressBar(report)}\n`);
          if (report.totals["not-run"] + report.totals["in-progress"] === 0) break;
          await new Promise((r) => setTimeout(r, 1000));
          report = await fetchReport(url, sessionId);
        }
        if (tty) process.stderr.write("\n");
      } else {
        process.stderr.write(`${progressBar(report)}\n`);
      }
      if (opts.json) process.stdout.write(JSON.stringify(report, null, 2) + "\n");
      else printCases(report, (s) => process.stdout.write(s));
    });

  rehearse
    .command("report [session]")
    .description("write a session's report (HTML, JSON, JUnit XML) — default: the latest session")
    .option("--url <url>", "the simulator's base URL", DEFAULT_URL)
    .option("--report-dir <dir>", "write report.json, report.html and junit.xml here")
    .option("--junit <file>", "write JUnit XML here")
    .action(async (id: string | undefined, opts: { url: string; reportDir?: string; junit?: string }) => {
      const url = trim(opts.url);
      const report = await fetchReport(url, id ?? (await latestSessionId(url)));
      const written = writeReports(report, { ...(opts.reportDir && { reportDir: opts.reportDir }), ...(opts.junit && { junit: opts.junit }), baseUrl: url });
      if (!written.length) process.stdout.write(renderHtml(report, url));
      for (const file of written) process.stderr.write(`wrote ${file}\n`);
      process.stderr.write(`${totalsLine(report)}\n`);
      process.exitCode = report.totals.fail === 0 ? 0 : 1;
    });
}
