/** Rehearsal reports: JSON (machines), HTML (people, with links into the inspector), JUnit XML (CI). */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CATALOGUE } from "../errors/catalogue.js";
import type { SessionReport } from "./session.js";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const STATUS_TEXT: Record<string, string> = { pass: "pass", fail: "FAIL", "not-run": "not run", pending: "not run (feature pending)", "in-progress": "in progress" };

/** One line per total, e.g. "62 cases: 58 pass, 0 fail, 0 not run, 4 pending". */
export function totalsLine(r: SessionReport): string {
  const t = r.totals;
  return `${t.total} cases: ${t.pass} pass, ${t.fail} fail, ${t["not-run"] + t["in-progress"]} not run, ${t.pending} not run (feature pending)`;
}

export function renderJson(r: SessionReport): string {
  return JSON.stringify(r, null, 2) + "\n";
}

/**
 * JUnit XML: one testsuite per profile group; a pending case is skipped, a case not run is skipped too.
 * The testsuites element carries tests, failures, errors and skipped, as scripts/junit-summary.mjs reads them.
 */
export function renderJunit(r: SessionReport): string {
  const groups = new Map<string, SessionReport["cases"]>();
  for (const c of r.cases) groups.set(c.profile, [...(groups.get(c.profile) ?? []), c]);
  const suites = [...groups].map(([profile, cases]) => {
    const failures = cases.filter((c) => c.status === "fail").length;
    const skipped = cases.filter((c) => c.status !== "pass" && c.status !== "fail").length;
    const tests = cases.map((c) => {
      const name = esc(`${c.id} ${c.title.en} [${[...c.rules, ...c.seed_lines].join(" ")}]`);
      const body =
        c.status === "fail"
          ? `<failure message="${esc(c.steps.filter((s) => !s.ok).flatMap((s) => s.reasons).join("; "))}">${esc(c.steps.map((s) => `step ${s.step + 1}: ${s.result} ${s.codes.join(",")} (message log ${s.logId}, ${s.messageId ?? "no message id"})`).join("\n"))}</failure>`
          : c.status === "pass"
            ? ""
            : `<skipped message="${esc(c.note ?? STATUS_TEXT[c.status]!)}"/>`;
      return `    <testcase classname="rehearsal.${esc(profile)}" name="${name}">${body}</testcase>`;
    });
    return `  <testsuite name="rehearsal ${esc(profile)}" tests="${cases.length}" failures="${failures}" skipped="${skipped}" errors="0" timestamp="${esc(r.generatedAt)}">\n${tests.join("\n")}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="kanta-sim rehearse ${esc(r.profile)}" tests="${r.totals.total}" failures="${r.totals.fail}" errors="0" skipped="${r.totals.total - r.totals.pass - r.totals.fail}">\n${suites.join("\n")}\n</testsuites>\n`;
}

/** HTML for people: per case pass/fail/not run, the messages that decided it, links into the inspector. */
export function renderHtml(r: SessionReport, baseUrl = ""): string {
  const base = baseUrl.replace(/\/+$/, "");
  const rows = r.cases.map((c) => {
    const steps = c.steps
      .map((s) => {
        const reasons = s.codes.map((code) => `<code>${esc(code)}</code> ${esc(CATALOGUE[code]?.en ?? "")}`).join("<br>");
        return `<li>step ${s.step + 1}: <a href="${esc(base)}/inspector/messages/${s.logId}">message ${s.logId}</a> ${esc(s.messageId ?? "")} → <b>${esc(s.result)}</b> (expected ${esc(s.expected)})${reasons ? `<br>${reasons}` : ""}${s.ok ? "" : `<br><i>${esc(s.reasons.join("; "))}</i>`}</li>`;
      })
      .join("");
    return `<tr class="${c.status}"><td>${esc(c.id)}</td><td>${esc(c.title.en)}<br><small lang="sv">${esc(c.title.sv)}</small><br><small lang="fi">${esc(c.title.fi)}</small></td><td>${esc(c.profile)}</td><td>${esc(c.note ?? STATUS_TEXT[c.status]!)}</td><td>${steps ? `<ul>${steps}</ul>` : ""}</td><td>${esc([...c.rules, ...c.seed_lines].join(" "))}</td></tr>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kanta-sim rehearsal ${esc(r.profile)} — ${esc(r.sender)}</title>
<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px;vertical-align:top;font-size:13px}
tr.pass td:nth-child(4){background:#d9f2d9}tr.fail td:nth-child(4){background:#f8d0d0}tr.pending td:nth-child(4),tr.not-run td:nth-child(4){background:#eee}ul{margin:0;padding-left:1.2em}</style></head>
<body><h1>Samtestning rehearsal</h1>
<p>Session <code>${esc(r.id)}</code> · profile <b>${esc(r.profile)}</b> · sender <code>${esc(r.sender)}</code> · opened ${esc(r.openedAt)} · report ${esc(r.generatedAt)}</p>
<p><b>${esc(totalsLine(r))}</b>; ${r.unmatched.length} message(s) matched no case.</p>
<table><thead><tr><th>case</th><th>title</th><th>profile</th><th>result</th><th>messages that decided it</th><th>rules, seed lines</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table></body></html>
`;
}

/** Writes report.json, report.html and (when asked) JUnit XML; returns the files written. */
export function writeReports(r: SessionReport, options: { reportDir?: string; junit?: string; baseUrl?: string }): string[] {
  const written: string[] = [];
  if (options.reportDir) {
    mkdirSync(options.reportDir, { recursive: true });
    for (const [name, text] of [["report.json", renderJson(r)], ["report.html", renderHtml(r, options.baseUrl)], ["junit.xml", renderJunit(r)]] as const) {
      writeFileSync(join(options.reportDir, name), text);
      written.push(join(options.reportDir, name));
    }
  }
  if (options.junit) {
    const dir = options.junit.includes("/") ? options.junit.slice(0, options.junit.lastIndexOf("/")) : "";
    if (dir) mkdirSync(dir, { recursive: true });
    writeFileSync(options.junit, renderJunit(r));
    written.push(options.junit);
  }
  return written;
}
