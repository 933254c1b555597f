/**
 * The rehearsal API (/admin/api/rehearsals, served only when ENABLE_ADMIN): open a session for a sender
 * and a profile; every exchange the message log records from that sender is matched to the session's
 * cases as it happens (observer hook of src/inspector/message-log.ts); read progress and reports.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { errorEntry } from "../errors/catalogue.js";
import { observeMessages, type MessageRecord } from "../inspector/message-log.js";
import { CatalogueError, casesForProfile, loadCatalogue, PROFILES, type Catalogue } from "./catalogue.js";
import { ENABLED_FEATURES } from "./features.js";
import { renderHtml, renderJunit } from "./report.js";
import { RehearsalSession } from "./session.js";
import type { ObservedMessage } from "./types.js";
import type { REHEARSAL_ERRORS } from "./errors.js";

type Code = keyof typeof REHEARSAL_ERRORS;

function refuse(code: Code, reply: FastifyReply, detail?: unknown): FastifyReply {
  const entry = errorEntry(code);
  return reply.code(entry.http).send({ error: code, message: entry.en, text: { fi: entry.fi, sv: entry.sv, en: entry.en }, ...(detail !== undefined && { detail }) });
}

export function toObserved(logId: number, record: MessageRecord): ObservedMessage {
  return {
    logId,
    receivedAt: record.receivedAt.toISOString(),
    endpoint: record.endpoint,
    messageId: record.messageId,
    senderOid: record.senderOid,
    serviceRequest: record.serviceRequest,
    result: record.result,
    summary: record.summary ?? {},
    findings: (record.findings ?? []).map((f) => ({ code: f.code, severity: f.severity, location: f.location, ...(f.detail !== undefined && { detail: f.detail }) })),
  };
}

const sessionSummary = (s: RehearsalSession) => {
  const r = s.report();
  return { id: s.id, profile: s.profile, sender: s.sender, openedAt: r.openedAt, totals: r.totals };
};

export async function rehearsalPlugin(app: FastifyInstance, options: { catalogue?: Catalogue; features?: ReadonlySet<string> } = {}): Promise<void> {
  const catalogue = options.catalogue ?? loadCatalogue();
  const features = options.features ?? ENABLED_FEATURES;
  const sessions = new Map<string, RehearsalSession>();
  const db = app.archiveDb.db;
  const stop = observeMessages((fromDb, id, record) => {
    if (fromDb !== db) return;
    const observed = toObserved(id, record);
    for (const s of sessions.values()) s.observe(observed);
  });
  app.addHook("onClose", async () => stop());

  app.post<{ Body: { profile?: unknown; sender?: unknown } }>("/admin/api/rehearsals", async (request, reply) => {
    const body = (request.body ?? {}) as { profile?: unknown; sender?: unknown };
    if (typeof body.profile !== "string" || typeof body.sender !== "string") return refuse("REHEARSAL-BODY-INVALID", reply, { profiles: [...PROFILES, "all"] });
    let cases;
    try {
      cases = casesForProfile(catalogue, body.profile);
    } catch (e) {
      if (e instanceof CatalogueError) return refuse("REHEARSAL-PROFILE-UNKNOWN", reply, e.message);
      throw e;
    }
    const organisation = await db.selectFrom("organisations").select("oid").where("oid", "=", body.sender).executeTakeFirst();
    if (!organisation) return refuse("REHEARSAL-SENDER-UNKNOWN", reply, body.sender);
    const session = new RehearsalSession(body.profile, body.sender, cases, features);
    sessions.set(session.id, session);
    return reply.code(201).send(sessionSummary(session));
  });

  app.get("/admin/api/rehearsals", async () => [...sessions.values()].map(sessionSummary));

  app.get("/admin/api/rehearsals/catalogue", async () => catalogue);

  app.get<{ Params: { id: string; format?: string } }>("/admin/api/rehearsals/:id", async (request, reply) => {
    const session = sessions.get(request.params.id);
    return session ? session.report() : refuse("REHEARSAL-SESSION-NOT-FOUND", reply, request.params.id);
  });

  app.get<{ Params: { id: string } }>("/admin/api/rehearsals/:id/report.html", async (request, reply) => {
    const session = sessions.get(request.params.id);
    if (!session) return refuse("REHEARSAL-SESSION-NOT-FOUND", reply, request.params.id);
    return reply.type("text/html; charset=utf-8").send(renderHtml(session.report()));
  });

  app.get<{ Params: { id: string } }>("/admin/api/rehearsals/:id/junit.xml", async (request, reply) => {
    const session = sessions.get(request.params.id);
    if (!session) return refuse("REHEARSAL-SESSION-NOT-FOUND", reply, request.params.id);
    return reply.type("application/xml; charset=utf-8").send(renderJunit(session.report()));
  });

  app.delete<{ Params: { id: string } }>("/admin/api/rehearsals/:id", async (request, reply) => {
    const session = sessions.get(request.params.id);
    if (!session) return refuse("REHEARSAL-SESSION-NOT-FOUND", reply, request.params.id);
    sessions.delete(session.id);
    return session.report();
  });
}
