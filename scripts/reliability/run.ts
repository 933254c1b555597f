/**
 * `npm run reliability [-- --quick]`: every reliability family of issue #9, one summary line each.
 *
 *   crash      scripts/reliability/crash.ts   SIGKILL rounds on a Postgres server and on PGlite
 *   fuzz       scripts/reliability/fuzz.ts    10 000 hostile messages to a real server process
 *   fuzz-quick test/reliability/fuzz.test.ts  300 of them in-process (also part of `npm test`)
 *   signature  test/reliability/signature-attacks.test.ts
 *   races      test/reliability/races.test.ts
 *   leaks      test/reliability/leaks.property.test.ts
 *   hardening  test/reliability/hardening.test.ts
 *
 * --quick (< 60 s on an idle 2-core machine): the test files, and 3 crash rounds on one backend
 * (the Postgres server of TEST_DATABASE_URL when set, else PGlite); no full fuzz run.
 * The full run: 20 crash rounds on each backend and the 10 000-case fuzz run.
 * A Postgres server comes from TEST_DATABASE_URL, else scripts/postgres-server.sh (as root), else it is skipped.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crashSummary, runCrash } from "./crash.js";
import { fuzzSummary, runFuzz } from "./fuzz.js";
import { postgresServerUrl, stopStartedPostgres } from "./lib/postgres.js";
import { ROOT } from "./lib/wire.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const verbose = args.includes("--verbose");
const log = (line: string) => {
  if (verbose) process.stderr.write(`${line}\n`);
};
const started = performance.now();
const lines: string[] = [];
let failed = false;
const report = (line: string) => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
  if (/: FAIL/.test(line)) failed = true;
};

const TEST_FILES: [string, string, string][] = [
  ["signature", "test/reliability/signature-attacks.test.ts", "wrapping variants and tampering over the wire"],
  ["races", "test/reliability/races.test.ts", "concurrent versions, makulering vs version, duplicate message ids"],
  ["leaks", "test/reliability/leaks.property.test.ts", "fast-check worlds over archive searches and MittKanta"],
  ["hardening", "test/reliability/hardening.test.ts", "body limit, timeout, rate limit, admin off, TLS/mTLS"],
  ["fuzz-quick", "test/reliability/fuzz.test.ts", "300 hostile messages in-process"],
];

interface VitestJson {
  testResults: { name: string; status: string; startTime: number; endTime: number; assertionResults: { status: string; title: string; failureMessages: string[] }[] }[];
}

function runTestFiles(): void {
  const dir = mkdtempSync(join(tmpdir(), "kanta-sim-rel-"));
  const out = join(dir, "vitest.json");
  const t0 = performance.now();
  const env = { ...process.env };
  delete env["JUNIT_FILE"];
  if (quick) env["RELIABILITY_QUICK"] = "1";
  const result = spawnSync(process.execPath, [join(ROOT, "node_modules", "vitest", "vitest.mjs"), "run", ...TEST_FILES.map(([, f]) => f), "--reporter=json", `--outputFile=${out}`], { cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const seconds = Math.round((performance.now() - t0) / 100) / 10;
  let json: VitestJson | undefined;
  try {
    json = JSON.parse(readFileSync(out, "utf8")) as VitestJson;
  } catch {
    report(`tests: FAIL — vitest produced no report (exit ${result.status}): ${(result.stderr || result.stdout).slice(-500)}`);
  }
  rmSync(dir, { recursive: true, force: true });
  if (!json) return;
  const backend = /database: (\w+)/.exec(result.stdout + result.stderr)?.[1] ?? "?";
  for (const [family, file, what] of TEST_FILES) {
    const fileResult = json.testResults.find((r) => r.name.endsWith(file));
    if (!fileResult) {
      report(`${family}: FAIL — ${file} did not run`);
      continue;
    }
    const tests = fileResult.assertionResults;
    const passed = tests.filter((a) => a.status === "passed").length;
    const bad = tests.filter((a) => a.status === "failed");
    const secs = Math.round((fileResult.endTime - fileResult.startTime) / 100) / 10;
    const other = tests.length - passed - bad.length;
    report(`${family}: ${bad.length === 0 && passed > 0 ? "PASS" : "FAIL"} — ${passed} passed, ${bad.length} failed${other ? `, ${other} skipped/todo` : ""} (${what}; ${backend}; ${secs} s)`);
    for (const b of bad.slice(0, 5)) report(`  ✗ ${b.title}: ${(b.failureMessages[0] ?? "").split("\n")[0]}`);
  }
  log(`test files: ${seconds} s`);
}

try {
  runTestFiles();
  if (quick) {
    const backend = postgresServerUrl(log) ? "postgres" : "pglite";
    report(crashSummary(await runCrash({ backend, rounds: 3, workers: 3, log })));
  } else {
    for (const backend of ["postgres", "pglite"] as const) report(crashSummary(await runCrash({ backend, rounds: 20, log })));
    report(fuzzSummary(await runFuzz({ cases: 10_000, seed: 9, backend: postgresServerUrl(log) ? "postgres" : "pglite", log })));
  }
} finally {
  stopStartedPostgres();
}
process.stdout.write(`reliability${quick ? " --quick" : ""}: ${failed ? "FAIL" : "PASS"} in ${Math.round((performance.now() - started) / 1000)} s\n`);
process.exitCode = failed ? 1 : 0;
