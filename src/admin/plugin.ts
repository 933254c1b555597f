import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join, normalize } from "node:path";
import { Ajv } from "ajv";
import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import { sql } from "kysely";
import { IntegrityError, readVersion } from "../archive/store.js";
import { queryUsageLog } from "../archive/access.js";
import { escapeHtml, inspectorPage } from "../inspector/plugin.js";
import { loadClientRelationships } from "../archive/client-relationships.js";
import { listControllerChanges, recordControllerChange } from "../archive/controller-changes.js";
import { parseTestClockHeader, type SimulatedClock } from "../clock.js";
import { errorEntry, type ErrorCode } from "../errors/catalogue.js";
import { TEST_CERTS_DIR } from "../fixtures/load.js";
import { checkPersonalIdentityCode } from "../rules/identity.js";
import { insertWorldRecord, readWorldRecords, updateWorldRecord, WORLD_RECORD_KINDS, type WorldRecordKind } from "./world-records.js";

export interface AdminPluginOptions {
  clock: SimulatedClock;
}

/** Sends a refusal: the catalogue's HTTP status, the stable code, the three texts and a concrete detail. */
function refuse(code: ErrorCode, reply: FastifyReply, detail?: unknown): FastifyReply {
  const entry = errorEntry(code);
  return reply.code(entry.http).send({ error: code, message: entry.en, text: { fi: entry.fi, sv: entry.sv, en: entry.en }, ...(detail !== undefined && { detail }) });
}

/** Database refusals that mean "your record is wrong", by SQLSTATE; anything else is a server error. */
const SQLSTATE_REFUSALS: Readonly<Record<string, ErrorCode>> = {
  "23505": "ADMIN-ALREADY-EXISTS", // unique_violation
  "23503": "ADMIN-REFERENCE-UNKNOWN", // foreign_key_violation
  "23514": "ADMIN-BODY-INVALID", // check_violation (e.g. valid_to before valid_from)
  "22007": "ADMIN-BODY-INVALID", // invalid_datetime_format
  "22008": "ADMIN-BODY-INVALID", // datetime_field_overflow (2026-02-30)
};

const idParams = { type: "object", required: ["id"], properties: { id: { type: "string", minLength: 1, maxLength: 200 } } } as const;

/** Checks a record beyond its schema; returns the refusal, or undefined when the record may be written. */
function recordProblem(recordKind: WorldRecordKind, record: Record<string, unknown>): { code: ErrorCode; detail: string } | undefined {
  if (recordKind.table === "persons" && record.is_temporary_id !== true) {
    const check = checkPersonalIdentityCode(String(record.person_id));
    if (!check.valid) return { code: "ADMIN-PERSON-ID-INVALID", detail: `${String(record.person_id)}: ${check.problem}` };
    if (check.birthDate !== record.birth_date) return { code: "ADMIN-PERSON-ID-INVALID", detail: `${String(record.person_id)} is born ${check.birthDate}, not ${String(record.birth_date)}` };
  }
  if (recordKind.table === "professionals" && typeof record.certificate_file === "string") {
    const file = normalize(record.certificate_file);
    if (file.startsWith("..") || !existsSync(join(TEST_CERTS_DIR, file))) return { code: "ADMIN-CERTIFICATE-UNKNOWN", detail: record.certificate_file };
  }
  return undefined;
}

/** The admin API (/admin/api/…): test world, archivist view, clock. Registered only when ENABLE_ADMIN. */
export async function adminPlugin(app: FastifyInstance, options: AdminPluginOptions): Promise<void> {
  const db = app.archiveDb.db;
  // Our own ajv: Fastify's default one removes unknown properties and coerces types; a tester's typo
  // must be refused, not silently dropped.
  const ajv = new Ajv({ allErrors: true, strict: false });
  app.setValidatorCompiler(({ schema }) => ajv.compile(schema));
  app.setErrorHandler((error: FastifyError & { code?: string }, request, reply) => {
    if (error.validation) return refuse("ADMIN-BODY-INVALID", reply, error.validation.map((v) => `${error.validationContext ?? "body"}${v.instancePath} ${v.message ?? ""}`.trim()));
    const mapped = error.code ? SQLSTATE_REFUSALS[error.code] : undefined;
    if (mapped) return refuse(mapped, reply, (error as { detail?: string }).detail ?? error.message);
    // Fastify's own 4xx (body not JSON, wrong content type, too large): the request cannot be read as a record.
    if (error.statusCode && error.statusCode < 500) return refuse("ADMIN-BODY-INVALID", reply, error.message);
    request.log.error({ err: error }, "admin API failure");
    return reply.code(500).send({ error: "internal", message: "internal error" });
  });

  // ── test world ──
  for (const recordKind of WORLD_RECORD_KINDS) {
    const base = `/admin/api/world/${recordKind.path}`;
    app.get(base, async () => readWorldRecords(db, recordKind));
    app.get<{ Params: { id: string } }>(`${base}/:id`, { schema: { params: idParams } }, async (request, reply) => {
      const [record] = await readWorldRecords(db, recordKind, request.params.id);
      return record ?? refuse("ADMIN-NOT-FOUND", reply, `${recordKind.path}/${request.params.id}`);
    });
    app.post<{ Body: Record<string, unknown> }>(base, { schema: { body: recordKind.schema } }, async (request, reply) => {
      const problem = recordProblem(recordKind, request.body);
      if (problem) return refuse(problem.code, reply, problem.detail);
      await insertWorldRecord(db, recordKind, request.body);
      const [record] = await readWorldRecords(db, recordKind, String(request.body[recordKind.key]));
      return reply.code(201).send(record);
    });
    if (!recordKind.updatable) continue;
    app.put<{ Params: { id: string }; Body: Record<string, unknown> }>(`${base}/:id`, { schema: { params: idParams, body: recordKind.schema } }, async (request, reply) => {
      if (request.body[recordKind.key] !== request.params.id) return refuse("ADMIN-ID-MISMATCH", reply, `${String(request.body[recordKind.key])} ≠ ${request.params.id}`);
      const problem = recordProblem(recordKind, request.body);
      if (problem) return refuse(problem.code, reply, problem.detail);
      if (!(await updateWorldRecord(db, recordKind, request.body))) return refuse("ADMIN-NOT-FOUND", reply, `${recordKind.path}/${request.params.id}`);
      const [record] = await readWorldRecords(db, recordKind, request.params.id);
      return record;
    });
  }

  // ── archivist view: every document of a client, every version incl. earlier and makulerade ones ──
  app.get<{ Querystring: { client: string } }>(
    "/admin/api/documents",
    { schema: { querystring: { type: "object", required: ["client"], properties: { client: { type: "string", minLength: 1, maxLength: 64 } } } } },
    async (request) => {
      const rows = await db
        .selectFrom("documents as d")
        .innerJoin("document_versions as v", "v.set_id", "d.set_id")
        .select((eb) => [
          "d.set_id",
          "d.register_id",
          "d.client_ids",
          "d.document_class",
          "d.case_oid",
          eb.fn.count<number>("v.version_id").as("versions"),
          eb.fn.max("v.version_number").as("latest_version"),
          sql<boolean>`bool_or(v.status = 'cancelled')`.as("cancelled"),
          eb.fn.min("v.received_at").as("first_received_at"),
        ])
        .where(sql<boolean>`${request.query.client} = ANY(d.client_ids)`)
        .groupBy(["d.set_id", "d.register_id", "d.client_ids", "d.document_class", "d.case_oid"])
        .orderBy("first_received_at")
        .orderBy("d.set_id")
        .execute();
      return rows.map((r) => ({
        setId: r.set_id,
        registerId: r.register_id,
        clients: r.client_ids,
        documentClass: r.document_class,
        caseId: r.case_oid,
        versions: Number(r.versions),
        latestVersion: Number(r.latest_version),
        status: r.cancelled ? "cancelled" : "active",
        firstReceivedAt: new Date(r.first_received_at as Date | string).toISOString(),
      }));
    },
  );

  const setParams = { type: "object", required: ["setId"], properties: { setId: { type: "string", minLength: 1, maxLength: 200 } } } as const;
  app.get<{ Params: { setId: string } }>("/admin/api/documents/:setId/versions", { schema: { params: setParams } }, async (request, reply) => {
    const document = await db.selectFrom("documents").selectAll().where("set_id", "=", request.params.setId).executeTakeFirst();
    if (!document) return refuse("ADMIN-DOCUMENT-NOT-FOUND", reply, request.params.setId);
    const versions = await db
      .selectFrom("document_versions")
      .select((eb) => ["version_id", "version_number", "replaces_version_id", "status", "message_id", "received_at", "metadata", "content_sha256", sql<number>`octet_length(content)`.as("size")])
      .where("set_id", "=", request.params.setId)
      .orderBy("version_number")
      .execute();
    const latest = Math.max(...versions.map((v) => v.version_number));
    const cancelled = versions.some((v) => v.status === "cancelled");
    return {
      setId: document.set_id,
      registerId: document.register_id,
      clients: document.client_ids,
      documentClass: document.document_class,
      caseId: document.case_oid,
      status: cancelled ? "cancelled" : "active",
      versions: versions.map((v) => {
        const metadata = (typeof v.metadata === "string" ? JSON.parse(v.metadata) : v.metadata) as { createdAt?: string; title?: string; documentGroup?: string; signer?: { subject?: string } };
        return {
          versionId: v.version_id,
          versionNumber: v.version_number,
          replacesVersionId: v.replaces_version_id,
          status: v.status,
          latest: v.version_number === latest,
          messageId: v.message_id,
          receivedAt: new Date(v.received_at).toISOString(),
          createdAt: metadata.createdAt ?? null,
          title: metadata.title ?? null,
          documentGroup: metadata.documentGroup ?? null,
          signer: metadata.signer?.subject ?? null,
          size: Number(v.size),
          sha256: Buffer.from(v.content_sha256).toString("hex"),
        };
      }),
    };
  });

  app.get<{ Params: { setId: string; n: string } }>(
    "/admin/api/documents/:setId/versions/:n/content",
    { schema: { params: { type: "object", required: ["setId", "n"], properties: { setId: setParams.properties.setId, n: { type: "string", pattern: "^[1-9][0-9]{0,8}$" } } } } },
    async (request, reply) => {
      const row = await db.selectFrom("document_versions").select("version_id").where("set_id", "=", request.params.setId).where("version_number", "=", Number(request.params.n)).executeTakeFirst();
      if (!row) {
        const exists = await db.selectFrom("documents").select("set_id").where("set_id", "=", request.params.setId).executeTakeFirst();
        return exists ? refuse("ADMIN-VERSION-NOT-FOUND", reply, `${request.params.setId} version ${request.params.n}`) : refuse("ADMIN-DOCUMENT-NOT-FOUND", reply, request.params.setId);
      }
      try {
        const version = await readVersion(db, row.version_id);
        if (!version) return refuse("ADMIN-VERSION-NOT-FOUND", reply, row.version_id);
        const bytes = Buffer.from(version.content);
        return reply
          .type("application/xml")
          .header("x-content-sha256", createHash("sha256").update(bytes).digest("hex"))
          .header("x-version-status", version.status)
          .send(bytes);
      } catch (e) {
        if (e instanceof IntegrityError) return refuse("ADMIN-CONTENT-INTEGRITY", reply, e.message);
        throw e;
      }
    },
  );

  // ── client-relationship model (what the access rules read for a client at an organiser) ──
  app.get<{ Querystring: { client: string; organiser: string; at?: string } }>(
    "/admin/api/client-relationships",
    {
      schema: {
        querystring: {
          type: "object",
          required: ["client", "organiser"],
          properties: { client: { type: "string", minLength: 1, maxLength: 64 }, organiser: { type: "string", minLength: 1, maxLength: 200 }, at: { type: "string", maxLength: 64 } },
        },
      },
    },
    async (request, reply) => {
      let at = request.archiveNow;
      if (request.query.at !== undefined) {
        const parsed = parseTestClockHeader(request.query.at);
        if (parsed === "invalid" || parsed === undefined) return refuse("ADMIN-CLOCK-INVALID", reply, request.query.at);
        at = parsed;
      }
      return { at: at.toISOString(), relationships: await loadClientRelationships(db, request.query.client, request.query.organiser, at) };
    },
  );

  // ── the usage log (D07-R56 L29858-29864) and the disclosure log (D08-R60): every store and search, refusals too (DESIGN §7.8) ──
  const logQuerystring = {
    type: "object",
    additionalProperties: false,
    properties: {
      log: { enum: ["usage", "disclosure"] },
      client: { type: "string", minLength: 1, maxLength: 64 },
      organisation: { type: "string", minLength: 1, maxLength: 200 },
      from: { type: "string", maxLength: 64 },
      to: { type: "string", maxLength: 64 },
    },
  } as const;
  type LogQuery = { log?: "usage" | "disclosure"; client?: string; organisation?: string; from?: string; to?: string };
  const readLog = async (query: LogQuery, reply: FastifyReply) => {
    for (const bound of [query.from, query.to]) {
      const parsed = bound === undefined ? undefined : parseTestClockHeader(bound);
      if (parsed === "invalid") {
        refuse("ADMIN-CLOCK-INVALID", reply, bound);
        return undefined;
      }
    }
    return queryUsageLog(db, query);
  };
  app.get<{ Querystring: LogQuery }>("/admin/api/usage-log", { schema: { querystring: logQuerystring } }, async (request, reply) => {
    const entries = await readLog(request.query, reply);
    return entries === undefined ? reply : { entries };
  });
  app.get<{ Querystring: Omit<LogQuery, "log"> }>("/admin/api/disclosure-log", { schema: { querystring: { ...logQuerystring, properties: { ...logQuerystring.properties, log: { const: "disclosure" } } } } }, async (request, reply) => {
    const entries = await readLog({ ...request.query, log: "disclosure" }, reply);
    return entries === undefined ? reply : { entries };
  });
  /** The two logs for people, in the inspector's look (only with the admin API on: the logs name clients). */
  app.get<{ Querystring: LogQuery }>("/inspector/logs", { schema: { querystring: logQuerystring } }, async (request, reply) => {
    const entries = await readLog(request.query, reply);
    if (entries === undefined) return reply;
    const q = request.query;
    const option = (value: string, label: string) => `<option value="${value}"${q.log === value ? " selected" : ""}>${label}</option>`;
    const rows = entries
      .slice(-500)
      .reverse()
      .map(
        (e) =>
          `<tr><td>${escapeHtml(e.at)}</td><td>${e.log === "disclosure" ? "utlämningslogg" : "användningslogg"}</td><td>${escapeHtml(e.clientId)}</td><td>${escapeHtml(e.registerOid)}</td><td>${escapeHtml(e.organisationOid)}<br>${escapeHtml(e.serviceUnitOid)}</td><td>${escapeHtml(e.action)} (${escapeHtml(e.usageSituation)})</td><td class="${e.outcome === "allowed" ? "AA" : "AR"}">${escapeHtml(e.outcome)}${e.refusalCode ? `<br>${escapeHtml(e.refusalCode)}` : ""}</td><td>${escapeHtml(e.basis ?? "")}${e.specialReasonCode ? ` (${escapeHtml(e.specialReasonCode)})` : ""}</td><td>${escapeHtml(e.documentId ?? "")}</td><td>${escapeHtml(e.rule)}</td></tr>`,
      )
      .join("\n");
    const body = `<header><h1>Usage and disclosure logs</h1><p>The archive's användningslogg and utlämningslogg (D07-R56, D08-R59, D08-R60), newest first, at most 500 rows. JSON: <a href="/admin/api/usage-log">/admin/api/usage-log</a>, <a href="/admin/api/disclosure-log">/admin/api/disclosure-log</a>. <a href="/inspector">Messages</a>.</p></header>
<main>
<form method="get" action="/inspector/logs" aria-label="Filter the logs">
<label for="log">Log<select id="log" name="log"><option value="">both</option>${option("usage", "användningslogg (usage)")}${option("disclosure", "utlämningslogg (disclosure)")}</select></label>
<label for="client">Client<input id="client" name="client" value="${escapeHtml(q.client ?? "")}"></label>
<label for="organisation">Acting organisation<input id="organisation" name="organisation" value="${escapeHtml(q.organisation ?? "")}"></label>
<button type="submit">Show</button>
</form>
<table><caption>${entries.length} entries</caption>
<thead><tr><th scope="col">Time</th><th scope="col">Log</th><th scope="col">Client</th><th scope="col">Register</th><th scope="col">Organisation / unit</th><th scope="col">Action (usage situation)</th><th scope="col">Outcome</th><th scope="col">Basis</th><th scope="col">Document</th><th scope="col">Rule</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</main>`;
    return reply.type("text/html; charset=utf-8").send(inspectorPage("Usage and disclosure logs", body));
  });

  // ── controller changes (handbook 12.4, D08-R37…R46): merges and splits of the simulated organisation register ──
  app.get("/admin/api/controller-changes", async () => ({ changes: await listControllerChanges(db) }));
  app.post<{ Body: { model: 1 | 2; from: string; to: string; effectiveDate: string } }>(
    "/admin/api/controller-changes",
    {
      schema: {
        body: {
          type: "object",
          required: ["model", "from", "to", "effectiveDate"],
          additionalProperties: false,
          properties: {
            model: { enum: [1, 2] },
            from: { type: "string", pattern: "^[0-2](\\.(0|[1-9][0-9]*))+$", maxLength: 200 },
            to: { type: "string", pattern: "^[0-2](\\.(0|[1-9][0-9]*))+$", maxLength: 200 },
            effectiveDate: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" },
          },
        },
      },
    },
    async (request, reply) => {
      const { model, from, to, effectiveDate } = request.body;
      if (from === to) return refuse("ADMIN-BODY-INVALID", reply, "from and to are the same controller");
      const known = await db.selectFrom("organisations").select("oid").where("oid", "in", [from, to]).execute();
      if (known.length !== 2) return refuse("ADMIN-REFERENCE-UNKNOWN", reply, [from, to].filter((o) => !known.some((k) => k.oid === o)));
      if ((await listControllerChanges(db)).some((c) => c.fromOid === from)) return refuse("ADMIN-ALREADY-EXISTS", reply, `${from} has already ceased`);
      try {
        return reply.code(201).send(await recordControllerChange(db, { model, fromOid: from, toOid: to, effectiveDate }));
      } catch (e) {
        const code = SQLSTATE_REFUSALS[(e as { code?: string }).code ?? ""];
        if (code) return refuse(code, reply, (e as Error).message);
        throw e;
      }
    },
  );

  // ── the archive's clock ──
  app.get("/admin/api/clock", async () => options.clock.describe());
  app.put<{ Body: { at: string; mode?: "frozen" | "running" } }>(
    "/admin/api/clock",
    { schema: { body: { type: "object", required: ["at"], properties: { at: { type: "string", maxLength: 64 }, mode: { enum: ["frozen", "running"] } }, additionalProperties: false } } },
    async (request, reply) => {
      const at = parseTestClockHeader(request.body.at);
      if (at === "invalid" || at === undefined) return refuse("ADMIN-CLOCK-INVALID", reply, request.body.at);
      options.clock.set(at, request.body.mode ?? "frozen");
      return options.clock.describe();
    },
  );
  app.delete("/admin/api/clock", async () => {
    options.clock.reset();
    return options.clock.describe();
  });
}
