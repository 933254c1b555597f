/**
 * The MittKanta citizen API over the archive (domain/03 §2, DESIGN §7.7): read-only JSON under
 * /mittkanta/api/ (D03-R01). Which documents are shown is decided by the pure engine in
 * src/rules/visibility; this plugin only loads the facts from the database and reports the decisions.
 *
 * Login is a SIMULATOR-ONLY test login (D03-R08 is out of scope): POST a personal identity code and get a
 * bearer token. Sessions live in this process's memory.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { loadProxyRelation } from "../admin/world-facts.js";
import { parseCda } from "../cda/parse.js";
import type { DocumentMetadata, SignerInfo } from "../model/document.js";
import { parseXmlSafely } from "../xml/safe-parse.js";
import { checkPersonalIdentityCode } from "../rules/identity.js";
import {
  decideClientRelationshipLandingData,
  decideProxyEligibility,
  decideVisibility,
  explainVisibility,
  INFO_TEXT,
  VISIBILITY_ERRORS,
  type ProxyRelationFacts,
  type SubjectClient,
  type Viewer,
  type VisibilityDocument,
} from "../rules/visibility/index.js";
import { MITTKANTA_ERRORS } from "./errors.js";

export interface MittKantaOptions {
  /** DESIGN §7.7: the MittKanta rollout phase (1 hides journal notes, joint cases, adoption counselling, KR). */
  phase: 1 | 2;
  /** Explain mode: GET …/explain lists every document with the rule that showed or hid it. Off by default. */
  explain?: boolean;
}

/** Lower bound of the date search (D03-R17, L7729-7731). */
export const DATE_SEARCH_LOWER_BOUND = "2023-01-01";

const ERRORS = { ...VISIBILITY_ERRORS, ...MITTKANTA_ERRORS };
type ErrorCode = keyof typeof ERRORS;

function refuse(reply: FastifyReply, code: ErrorCode, detail?: string) {
  const entry = ERRORS[code];
  return reply.code(entry.http).send({ error: code, fi: entry.fi, sv: entry.sv, en: entry.en, rule: entry.rule, ...(detail === undefined ? {} : { detail }) });
}

interface Session {
  personId: string;
  loginAt: string;
  /** The login before this one (D03-R15 "Ny"); absent on the first login. */
  previousLoginAt?: string;
}

interface StoredDocument {
  document: VisibilityDocument;
  versions: number;
  /** document_versions.version_id of the latest version. */
  versionId: string;
}

/** How many newest documents the landing page shows per service task (domain/03 §2.1). */
export const LANDING_DOCUMENTS_PER_SERVICE_TASK = 5;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export async function mittkantaPlugin(app: FastifyInstance, options: MittKantaOptions): Promise<void> {
  const sessions = new Map<string, Session>();
  const lastLogin = new Map<string, string>();
  const settings = { mittkantaPhase: options.phase };
  const db = app.archiveDb.db;

  function sessionOf(request: FastifyRequest): Session | undefined {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "");
    return match ? sessions.get(match[1]!) : undefined;
  }

  async function subjectOf(personId: string): Promise<SubjectClient> {
    const person = await db.selectFrom("persons").select(["non_disclosure"]).where("person_id", "=", personId).executeTakeFirst();
    return { personId, nonDisclosure: person?.non_disclosure ?? false };
  }

  /** The viewer's role towards the subject, from the registers: own view, guardian, §7 right, or mandate. */
  async function viewingOf(session: Session, personId: string, now: Date): Promise<{ viewer: Viewer; relation?: ProxyRelationFacts }> {
    if (personId === session.personId) return { viewer: { role: "client", personId } };
    const relation = await loadProxyRelation(db, session.personId, personId, now);
    const role: Viewer["role"] = relation.registeredGuardian ? "guardian" : relation.informationRight ? "information-right" : relation.electronicMandate ? "proxy" : "guardian";
    return { viewer: { role, personId: session.personId }, relation };
  }

  /** Latest version of every document naming the client, with the facts the engine needs (D07-R39: makulerad = latest cancelled). */
  async function documentsOf(personId: string): Promise<StoredDocument[]> {
    const rows = await db
      .selectFrom("document_versions as v")
      .innerJoin("documents as d", "d.set_id", "v.set_id")
      .select(["v.version_id", "v.set_id", "v.version_number", "v.status", "v.received_at", "v.metadata"])
      .where((eb) => eb(eb.val(personId), "=", eb.fn.any("d.client_ids")))
      .orderBy("v.set_id")
      .orderBy("v.version_number")
      .execute();
    const bySet = new Map<string, typeof rows>();
    for (const row of rows) bySet.set(row.set_id, [...(bySet.get(row.set_id) ?? []), row]);
    return [...bySet.values()].map((versions) => {
      const latest = versions[versions.length - 1]!;
      const metadata = (typeof latest.metadata === "string" ? JSON.parse(latest.metadata) : latest.metadata) as DocumentMetadata;
      return {
        versionId: latest.version_id,
        versions: versions.length,
        document: {
          metadata,
          version: { versionNumber: latest.version_number, isLatestVersion: true, cancelled: latest.status === "cancelled", storedAt: new Date(latest.received_at).toISOString() },
        },
      };
    });
  }

  /** Opens the subject's view: the session, the viewer's eligibility (403 with its MK-* code otherwise). */
  async function openView(request: FastifyRequest<{ Params: { personId: string } }>, reply: FastifyReply) {
    const session = sessionOf(request);
    if (!session) return void refuse(reply, "MK-SESSION-MISSING");
    const now = request.archiveNow;
    const { viewer, relation } = await viewingOf(session, request.params.personId, now);
    const subject = await subjectOf(request.params.personId);
    const eligibility = decideProxyEligibility({ viewer, subject, ...(relation && { relation }), now });
    if (!eligibility.eligible) return void refuse(reply, eligibility.reason as ErrorCode);
    return { session, context: { viewer, subject, ...(relation && { relation }), settings, ...(session.previousLoginAt && { viewerPreviousLoginAt: session.previousLoginAt }), now } };
  }

  app.post<{ Body: { personId?: unknown } }>("/mittkanta/api/session", async (request, reply) => {
    const personId = request.body?.personId;
    if (typeof personId !== "string" || !checkPersonalIdentityCode(personId).valid) return refuse(reply, "MK-PERSON-ID-INVALID");
    const token = randomUUID();
    const loginAt = request.archiveNow.toISOString();
    const previousLoginAt = lastLogin.get(personId);
    sessions.set(token, { personId, loginAt, ...(previousLoginAt && { previousLoginAt }) });
    lastLogin.set(personId, loginAt);
    return { token, personId, loginAt, previousLoginAt: previousLoginAt ?? null, notice: "Simulator test login: no strong authentication (D03-R08 L7610-7616)." };
  });

  app.get("/mittkanta/api/people", async (request, reply) => {
    const session = sessionOf(request);
    if (!session) return refuse(reply, "MK-SESSION-MISSING");
    const now = request.archiveNow;
    const me = session.personId;
    const [children, rights, principals] = await Promise.all([
      db.selectFrom("guardianships").select("child_id as id").where("guardian_id", "=", me).execute(),
      db.selectFrom("information_rights").select("child_id as id").where("holder_id", "=", me).execute(),
      db.selectFrom("mandates").select("principal_id as id").where("agent_id", "=", me).execute(),
    ]);
    const others = [...new Set([...children, ...rights, ...principals].map((r) => r.id))].filter((id) => id !== me).sort();
    const people = [{ personId: me, role: "client" as const, eligible: true, reason: "ELIGIBLE-OWN-VIEW", rule: "D03-R02", seedLines: "L7630-7636" }];
    for (const personId of others) {
      const { viewer, relation } = await viewingOf(session, personId, now);
      const decision = decideProxyEligibility({ viewer, subject: await subjectOf(personId), ...(relation && { relation }), now });
      const refusal = decision.eligible ? undefined : ERRORS[decision.reason as ErrorCode];
      people.push({ personId, role: viewer.role, eligible: decision.eligible, reason: decision.reason, rule: decision.rule, seedLines: decision.seedLines, ...(refusal && { fi: refusal.fi, sv: refusal.sv, en: refusal.en }) } as (typeof people)[number]);
    }
    return { me, people };
  });

  app.get<{ Params: { personId: string } }>("/mittkanta/api/people/:personId/landing", async (request, reply) => {
    const view = await openView(request, reply);
    if (!view) return reply;
    const stored = await documentsOf(request.params.personId);
    let hiddenForInfoText = false;
    const byTask = new Map<string, { setId: string; title: string | null; createdAt: string; notices: string[] }[]>();
    let newCount = 0;
    for (const { document } of stored) {
      const decision = decideVisibility({ document, ...view.context });
      if (!decision.shown) {
        hiddenForInfoText ||= decision.countsForInfoText;
        continue;
      }
      const m = document.metadata;
      const notices = decision.notices.map((n) => n.code);
      if (notices.includes("NEW")) newCount++;
      for (const task of m.serviceTasks) byTask.set(task.code, [...(byTask.get(task.code) ?? []), { setId: m.setId, title: m.title ?? null, createdAt: m.createdAt, notices }]);
    }
    const serviceTasks = [...byTask.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([serviceTask, documents]) => ({ serviceTask, newest: documents.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, LANDING_DOCUMENTS_PER_SERVICE_TASK) }));
    // KR landing data (D03-R11–R14, R75): dates and the own contact person, unless a restriction hides them.
    const clientRelationships = [];
    for (const { document, versionId } of stored.filter((s) => s.document.metadata.documentGroup === "client-relationship")) {
      const usable = decideClientRelationshipLandingData(document, view.context);
      if (!usable.usable) {
        clientRelationships.push({ setId: document.metadata.setId, shown: false, reason: usable.reason, rule: usable.rule, seedLines: usable.seedLines });
        continue;
      }
      const row = await db
        .selectFrom("client_relationship_versions")
        .select((eb) => [
          eb.cast<string | null>("social_care_start", "text").as("social_care_start"),
          eb.cast<string | null>("social_care_end", "text").as("social_care_end"),
          eb.cast<string | null>("child_protection_start", "text").as("child_protection_start"),
          eb.cast<string | null>("child_protection_end", "text").as("child_protection_end"),
          "responsible_workers",
        ])
        .where("version_id", "=", versionId)
        .where("client_id", "=", request.params.personId)
        .executeTakeFirst();
      const workers = (typeof row?.responsible_workers === "string" ? JSON.parse(row.responsible_workers) : (row?.responsible_workers ?? [])) as { name?: string; contact?: string }[];
      // "Only the newest is shown" (D03-R13): the KR lists no dates per worker, so the last recorded one counts as newest.
      const contact = workers[workers.length - 1];
      clientRelationships.push({
        setId: document.metadata.setId,
        shown: true,
        organiser: document.metadata.organiser,
        socialCare: row?.social_care_start ? { start: row.social_care_start, end: row.social_care_end ?? null } : null,
        childProtection: row?.child_protection_start ? { start: row.child_protection_start, end: row.child_protection_end ?? null } : null,
        ownContactPerson: contact ? { name: contact.name ?? null, contact: contact.contact ?? null } : null,
      });
    }
    return { personId: request.params.personId, viewerRole: view.context.viewer.role, newDocuments: newCount, serviceTasks, clientRelationships, infoText: hiddenForInfoText ? { ...INFO_TEXT } : null };
  });

  app.get<{ Params: { personId: string }; Querystring: { serviceTask?: string; from?: string; to?: string; sort?: string } }>(
    "/mittkanta/api/people/:personId/documents",
    async (request, reply) => {
      const { serviceTask, from, to, sort = "date" } = request.query;
      if ((from !== undefined && !ISO_DATE.test(from)) || (to !== undefined && !ISO_DATE.test(to)) || !["date", "name"].includes(sort)) return refuse(reply, "MK-QUERY-INVALID");
      // The seed allows "rejected or clamped"; rejecting tells the caller plainly (D03-R17 L7729-7731).
      if (from !== undefined && from < DATE_SEARCH_LOWER_BOUND) return refuse(reply, "MK-DATE-BEFORE-LOWER-BOUND", `from=${from}`);
      const view = await openView(request, reply);
      if (!view) return reply;
      const documents = [];
      let hiddenForInfoText = false;
      for (const { document, versions } of await documentsOf(request.params.personId)) {
        const decision = decideVisibility({ document, ...view.context });
        if (!decision.shown) {
          hiddenForInfoText ||= decision.countsForInfoText;
          continue;
        }
        const m = document.metadata;
        const created = m.createdAt.slice(0, 10);
        if (serviceTask !== undefined && !m.serviceTasks.some((t) => t.code === serviceTask)) continue;
        if ((from !== undefined && created < from) || (to !== undefined && created > to)) continue;
        documents.push({
          setId: m.setId,
          title: m.title ?? null,
          createdAt: m.createdAt,
          versionNumber: m.versionNumber,
          corrected: versions > 1,
          serviceTasks: m.serviceTasks,
          socialServices: m.socialServices,
          controller: m.organiser,
          notices: decision.notices.map((n) => ({ code: n.code, rule: n.rule, seedLines: n.seedLines, fi: n.fi, sv: n.sv, en: n.en })),
        });
      }
      documents.sort((a, b) => (sort === "name" ? (a.title ?? "").localeCompare(b.title ?? "", "sv") : b.createdAt.localeCompare(a.createdAt)) || a.setId.localeCompare(b.setId));
      return { personId: request.params.personId, viewerRole: view.context.viewer.role, documents, infoText: hiddenForInfoText ? { ...INFO_TEXT } : null };
    },
  );

  app.get<{ Params: { personId: string; setId: string } }>("/mittkanta/api/people/:personId/documents/:setId", async (request, reply) => {
    const view = await openView(request, reply);
    if (!view) return reply;
    const found = (await documentsOf(request.params.personId)).find((s) => s.document.metadata.setId === request.params.setId);
    // A hidden document answers exactly like a missing one: the view must not reveal that it exists.
    if (!found || !decideVisibility({ document: found.document, ...view.context }).shown) return refuse(reply, "MK-DOCUMENT-NOT-FOUND");
    const m = found.document.metadata as DocumentMetadata & { signer?: SignerInfo };
    const row = await db.selectFrom("document_versions").select("content").where("set_id", "=", m.setId).where("version_number", "=", m.versionNumber).executeTakeFirstOrThrow();
    const parsed = parseXmlSafely(row.content);
    const body = parsed.ok ? parseCda(parsed.document).body : {};
    // Display form: PDF or XHTML (D03-R21 L7741-7743).
    const display = body.pdf ? { format: "pdf", pdfBase64: Buffer.from(body.pdf).toString("base64") } : { format: "xhtml", xhtml: body.xhtml ?? "" };
    return {
      setId: m.setId,
      title: m.title ?? null,
      createdAt: m.createdAt,
      versionNumber: m.versionNumber,
      display,
      // Correction details of the latest version (D07-R34): the corrector's position and the reason.
      correction: found.versions > 1 ? { correctedAt: m.createdAt, description: m.description ?? null, reason: m.correctionReason ?? null } : null,
      signature: {
        signedAt: m.signatureMetadata?.signedAt ?? null,
        signer: m.signer ? { kind: m.signer.kind, subject: m.signer.subject, certificateSerial: m.signer.certificateSerial } : null,
      },
    };
  });

  app.get<{ Params: { personId: string } }>("/mittkanta/api/people/:personId/explain", async (request, reply) => {
    if (options.explain !== true) return refuse(reply, "MK-EXPLAIN-OFF");
    const session = sessionOf(request);
    if (!session) return refuse(reply, "MK-SESSION-MISSING");
    const now = request.archiveNow;
    const { viewer, relation } = await viewingOf(session, request.params.personId, now);
    const subject = await subjectOf(request.params.personId);
    const context = { viewer, subject, ...(relation && { relation }), settings, now };
    const stored = await documentsOf(request.params.personId);
    const explanation = explainVisibility(
      stored.map((s) => s.document),
      context,
    );
    return { personId: request.params.personId, phase: options.phase, ...explanation };
  });

  app.get("/mittkanta/api/openapi.json", async () => OPENAPI);
}

const bearer = [{ bearer: [] }];
const refusal = { description: "Refusal: { error, fi, sv, en, rule } (codes in docs/errors.md)" };
const personId = { name: "personId", in: "path", required: true, schema: { type: "string" } };
/** OpenAPI 3.1 description of this API (handwritten: no OpenAPI generator is a dependency). */
export const OPENAPI = {
  openapi: "3.1.0",
  info: { title: "kanta-sim MittKanta citizen API (simulator)", version: "1" },
  components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "Token from POST /mittkanta/api/session (simulator test login)" } } },
  paths: {
    "/mittkanta/api/session": {
      post: {
        summary: "Simulator-only test login (D03-R08 is out of scope)",
        requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["personId"], properties: { personId: { type: "string" } } } } } },
        responses: { "200": { description: "{ token, personId, loginAt, previousLoginAt }" }, "400": refusal },
      },
    },
    "/mittkanta/api/people": { get: { summary: "Me and the people I may act for, with eligibility", security: bearer, responses: { "200": { description: "{ me, people[] }" }, "401": refusal } } },
    "/mittkanta/api/people/{personId}/landing": {
      get: {
        summary: "Landing page: 5 newest shown documents per service task, KR dates and own contact person, Ny count, info text (D03-R10–R15)",
        security: bearer,
        parameters: [personId],
        responses: { "200": { description: "{ newDocuments, serviceTasks[], clientRelationships[], infoText }" }, "401": refusal, "403": refusal },
      },
    },
    "/mittkanta/api/people/{personId}/documents": {
      get: {
        summary: "Service-task view: shown documents (D03-R16–R19)",
        security: bearer,
        parameters: [
          personId,
          { name: "serviceTask", in: "query", schema: { type: "string" } },
          { name: "from", in: "query", schema: { type: "string", format: "date", minimum: DATE_SEARCH_LOWER_BOUND } },
          { name: "to", in: "query", schema: { type: "string", format: "date" } },
          { name: "sort", in: "query", schema: { type: "string", enum: ["date", "name"] } },
        ],
        responses: { "200": { description: "{ personId, viewerRole, documents[], infoText }" }, "400": refusal, "401": refusal, "403": refusal },
      },
    },
    "/mittkanta/api/people/{personId}/documents/{setId}": {
      get: {
        summary: "Display form of a shown document: XHTML or PDF, correction and signature details (D03-R21)",
        security: bearer,
        parameters: [personId, { name: "setId", in: "path", required: true, schema: { type: "string" } }],
        responses: { "200": { description: "{ setId, title, display: { format, xhtml | pdfBase64 }, correction, signature }" }, "401": refusal, "403": refusal, "404": refusal },
      },
    },
    "/mittkanta/api/people/{personId}/explain": {
      get: { summary: "Explain mode: every document with the rule that showed or hid it", security: bearer, parameters: [personId], responses: { "200": { description: "{ eligibility, documents[], infoText }" }, "401": refusal, "404": refusal } },
    },
  },
} as const;
