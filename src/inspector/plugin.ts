import type { FastifyInstance } from "fastify";
import { CATALOGUE } from "../errors/catalogue.js";
import type { Finding } from "../errors/types.js";
import { getMessage, queryMessages, type LoggedMessage, type MessageFilter, type MessageResult } from "./message-log.js";
import { prettyXml } from "./pretty-xml.js";

const RESULTS = ["AA", "AE", "AR", "fault"] as const;

const listQuerySchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    sender: { type: "string", maxLength: 200 },
    // The HTML form submits empty fields: "" means "no filter".
    from: { type: "string", anyOf: [{ format: "date-time" }, { maxLength: 0 }] },
    to: { type: "string", anyOf: [{ format: "date-time" }, { maxLength: 0 }] },
    result: { enum: [...RESULTS, ""] },
    limit: { anyOf: [{ type: "integer", minimum: 1, maximum: 500 }, { type: "string", maxLength: 0 }] },
  },
} as const;

interface ListQuery {
  sender?: string;
  from?: string;
  to?: string;
  result?: MessageResult | "";
  limit?: number | "";
}

function toFilter(q: ListQuery): MessageFilter {
  const filter: MessageFilter = {};
  if (q.sender) filter.sender = q.sender;
  if (q.from) filter.from = new Date(q.from);
  if (q.to) filter.to = new Date(q.to);
  if (q.result) filter.result = q.result;
  if (q.limit) filter.limit = q.limit;
  return filter;
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** An accessible inspector page around `body` (shared with the log pages of src/admin). */
export function inspectorPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — kanta-sim inspector</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1rem 2rem; color: #111; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eee; }
pre { background: #f6f6f6; border: 1px solid #ccc; padding: .5rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
form { display: flex; flex-wrap: wrap; gap: 1rem; align-items: end; margin-bottom: 1rem; }
label { display: flex; flex-direction: column; font-weight: 600; }
.AA { color: #05620b; } .AE, .AR, .fault { color: #a00000; font-weight: 600; }
a:focus, input:focus, select:focus, button:focus { outline: 3px solid #1a5fb4; }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function listPage(messages: LoggedMessage[], q: ListQuery): string {
  const option = (value: string, label: string) => `<option value="${escapeHtml(value)}"${(q.result ?? "") === value ? " selected" : ""}>${escapeHtml(label)}</option>`;
  const rows = messages
    .map(
      (m) => `<tr>
<td><a href="/inspector/messages/${m.id}">${m.id}</a></td>
<td><time datetime="${escapeHtml(m.receivedAt)}">${escapeHtml(m.receivedAt)}</time></td>
<td>${escapeHtml(m.endpoint)}</td>
<td>${escapeHtml(m.senderOid ?? "")}</td>
<td>${escapeHtml(m.messageId ?? "")}</td>
<td>${escapeHtml(m.serviceRequest ?? "")}</td>
<td class="${escapeHtml(m.result ?? "")}">${escapeHtml(m.result ?? "")}</td>
<td>${escapeHtml(m.findings.map((f) => f.code).join(", "))}</td>
</tr>`,
    )
    .join("\n");
  return inspectorPage(
    "Messages",
    `<header><h1>Messages</h1><p>Every request the SOAP endpoint received and what it answered, newest first. JSON: <a href="/inspector/api/messages">/inspector/api/messages</a>.</p></header>
<main>
<form method="get" action="/inspector" aria-label="Filter messages">
<label for="sender">Sending organisation OID<input id="sender" name="sender" value="${escapeHtml(q.sender ?? "")}"></label>
<label for="from">From (ISO 8601)<input id="from" name="from" value="${escapeHtml(q.from ?? "")}" placeholder="2026-11-28T00:00:00Z"></label>
<label for="to">To (ISO 8601)<input id="to" name="to" value="${escapeHtml(q.to ?? "")}" placeholder="2026-11-29T00:00:00Z"></label>
<label for="result">Result<select id="result" name="result">${option("", "any")}${RESULTS.map((r) => option(r, r)).join("")}</select></label>
<label for="limit">Rows<input id="limit" name="limit" type="number" min="1" max="500" value="${escapeHtml(q.limit ?? 50)}"></label>
<button type="submit">Filter</button>
</form>
<table>
<caption>${messages.length} message(s)</caption>
<thead><tr><th scope="col">#</th><th scope="col">Received</th><th scope="col">Endpoint</th><th scope="col">Sender</th><th scope="col">Message id</th><th scope="col">Service request</th><th scope="col">Result</th><th scope="col">Findings</th></tr></thead>
<tbody>
${rows || `<tr><td colspan="8">No messages match.</td></tr>`}
</tbody>
</table>
</main>`,
  );
}

function findingsHtml(findings: Finding[]): string {
  if (findings.length === 0) return "<p>No findings.</p>";
  const items = findings.map((f) => {
    const entry = CATALOGUE[f.code];
    const texts = entry
      ? `<dl><dt>fi</dt><dd lang="fi">${escapeHtml(entry.fi)}</dd><dt>sv</dt><dd lang="sv">${escapeHtml(entry.sv)}</dd><dt>en</dt><dd lang="en">${escapeHtml(entry.en)}</dd></dl>`
      : "<p>(code not in the current catalogue)</p>";
    return `<li><strong>${escapeHtml(f.code)}</strong> (${escapeHtml(f.severity)}${entry ? `, ${escapeHtml(entry.enforcement)}` : ""}) at <code>${escapeHtml(f.location)}</code>${f.detail ? ` — ${escapeHtml(f.detail)}` : ""}${texts}</li>`;
  });
  return `<ul>${items.join("\n")}</ul>`;
}

/** The message inspector: GET /inspector/api/messages[/:id] and the HTML pages GET /inspector[/messages/:id]. */
export async function inspectorPlugin(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: ListQuery }>("/inspector/api/messages", { schema: { querystring: listQuerySchema } }, async (request) => {
    return { messages: await queryMessages(app.archiveDb.db, toFilter(request.query)) };
  });

  app.get<{ Params: { id: number } }>(
    "/inspector/api/messages/:id",
    { schema: { params: { type: "object", properties: { id: { type: "integer", minimum: 1 } }, required: ["id"] } } },
    async (request, reply) => {
      const message = await getMessage(app.archiveDb.db, request.params.id);
      if (!message) return reply.code(404).send({ error: "not found", id: request.params.id });
      return message;
    },
  );

  app.get<{ Querystring: ListQuery }>("/inspector", { schema: { querystring: listQuerySchema } }, async (request, reply) => {
    const messages = await queryMessages(app.archiveDb.db, toFilter(request.query));
    return reply.type("text/html; charset=utf-8").send(listPage(messages, request.query));
  });

  app.get<{ Params: { id: number } }>(
    "/inspector/messages/:id",
    { schema: { params: { type: "object", properties: { id: { type: "integer", minimum: 1 } }, required: ["id"] } } },
    async (request, reply) => {
      const m = await getMessage(app.archiveDb.db, request.params.id);
      if (!m) return reply.code(404).type("text/html; charset=utf-8").send(inspectorPage("Not found", `<main><h1>No message ${escapeHtml(request.params.id)}</h1><p><a href="/inspector">All messages</a></p></main>`));
      const facts: [string, unknown][] = [
        ["Received", m.receivedAt],
        ["Endpoint", m.endpoint],
        ["Result", m.result],
        ["Message id", m.messageId],
        ["Sender organisation", m.senderOid],
        ["Interaction", m.interaction],
        ["Service request", m.serviceRequest],
        ["Request SHA-256", m.requestSha256],
        ["Duration (ms)", m.durationMs === null ? "" : m.durationMs.toFixed(1)],
      ];
      const body = `<nav><a href="/inspector">← All messages</a></nav>
<main>
<h1>Message ${m.id}: <span class="${escapeHtml(m.result ?? "")}">${escapeHtml(m.result ?? "")}</span></h1>
<table><caption>Facts</caption><tbody>${facts.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v ?? "")}</td></tr>`).join("")}</tbody></table>
<h2>Findings</h2>
${findingsHtml(m.findings)}
<h2>Summary</h2>
<pre>${escapeHtml(JSON.stringify(m.summary, null, 2))}</pre>
<h2>Request</h2>
<pre>${escapeHtml(m.requestBody === null ? "(no body)" : prettyXml(m.requestBody))}</pre>
<h2>Response</h2>
<pre>${escapeHtml(m.responseBody === null ? "(no body)" : prettyXml(m.responseBody))}</pre>
<p><a href="/inspector/api/messages/${m.id}">As JSON (exact bodies)</a></p>
</main>`;
      return reply.type("text/html; charset=utf-8").send(inspectorPage(`Message ${m.id}`, body));
    },
  );
}
