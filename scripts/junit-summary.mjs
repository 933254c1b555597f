#!/usr/bin/env node
// Adds up JUnit XML files and prints one closing line per file and a total: "N passed, N failed, N skipped".
import { readFileSync } from "node:fs";

let total = { passed: 0, failed: 0, skipped: 0 };
for (const file of process.argv.slice(2)) {
  const xml = readFileSync(file, "utf8");
  const suites = /<testsuites[^>]*\btests="(\d+)"[^>]*\bfailures="(\d+)"[^>]*\berrors="(\d+)"/.exec(xml);
  const skipped = (xml.match(/<skipped\b/g) ?? []).length;
  if (!suites) throw new Error(`${file}: not a JUnit report`);
  const [tests, failures, errors] = suites.slice(1).map(Number);
  const r = { passed: tests - failures - errors - skipped, failed: failures + errors, skipped };
  console.log(`${file}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
  for (const k of Object.keys(total)) total[k] += r[k];
}
console.log(`total: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
