import { CATALOGUE } from "./catalogue.js";

const ENFORCEMENT_TEXT = {
  archive: "archive — the real archive checks it: always refused",
  "client-system": "client system's duty — warning (`W`) inside `AA` by default; refused in strict mode",
  transport: "transport — the message cannot be read as a message: SOAP Fault",
} as const;

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** Renders the whole catalogue as docs/errors.md (generated: `npm run docs:errors`). */
export function renderErrorsMarkdown(): string {
  const rooms = [...new Set(Object.values(CATALOGUE).map((e) => e.room))];
  const lines = [
    "# Error catalogue",
    "",
    "<!-- Generated from src/errors/catalogue.ts by `npm run docs:errors`; a test fails when this file is stale. -->",
    "",
    "Every code the simulator can emit. Codes are stable: scripts may match on them. Each finding in an",
    "acknowledgement carries the code, an XPath location and the text in Finnish, Swedish and English.",
    "",
    "Enforcement (DESIGN §7 decision 0):",
    "",
    ...Object.values(ENFORCEMENT_TEXT).map((t) => `- ${t}`),
    "",
    `${Object.keys(CATALOGUE).length} codes.`,
  ];
  for (const room of rooms) {
    lines.push("", `## ${room}`, "", "| code | enforcement | ack | HTTP | en | fi | sv | rule |", "|---|---|---|---|---|---|---|---|");
    for (const [code, e] of Object.entries(CATALOGUE).filter(([, e]) => e.room === room)) {
      lines.push(`| \`${code}\` | ${e.enforcement} | ${e.ack} | ${e.http} | ${cell(e.en)} | ${cell(e.fi)} | ${cell(e.sv)} | ${cell(e.rule ?? "")} |`);
    }
  }
  return lines.join("\n") + "\n";
}
