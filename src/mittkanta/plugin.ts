/**
 * The MittKanta citizen API over the archive (domain/03 §2, DESIGN §7.7): read-only JSON under
 * /mittkanta/api/ (D03-R01). Which documents are shown is decided by the pure engine in
 * src/rules/visibility; the service functions (service.ts, shared with the web page in web.ts) load the
 * facts from the database and collect the decisions; this plugin only maps them to HTTP.
 *
 * Login is a SIMULATOR-ONLY test login (D03-R08 is out of scope): POST a personal identity code and get a
 * bearer token. Sessions live in this process's memory.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { createMittKantaService, DATE_SEARCH_LOWER_BOUND, isRefusal, MITTKANTA_API_ERRORS, type MittKantaOptions, type Refusal, type Session } from "./service.js";
import { mittkantaWebPlugin } from "./web.js";
import { createWillExpressionService, isWillRefusal, parseWillAction, WILL_ACTIONS, type WillRefusal } from "./will-expressions.js";

export { DATE_SEARCH_LOWER_BOUND, LANDING_DOCUMENTS_PER_SERVICE_TASK, type MittKantaOptions } from "./service.js";

function refuse(reply: FastifyReply, refusal: Refusal) {
  const entry = MITTKANTA_API_ERRORS[refusal.error];
  return reply.code(entry.http).send({ error: refusal.error, fi: entry.fi, sv: entry.sv, en: entry.en, rule: entry.rule, ...(refusal.detail === undefined ? {} : { detail: refusal.detail }) });
}

/** A refusal of the will-expression routes: an MK-* code or the archive's own WILL-* code, with its texts. */
function refuseWill(reply: FastifyReply, refusal: WillRefusal) {
  const { http, ...body } = refusal;
  return reply.code(http).send(body);
}

export async function mittkantaPlugin(app: FastifyInstance, options: MittKantaOptions): Promise<void> {
  const service = createMittKantaService(app.archiveDb.db, options);
  const wills = createWillExpressionService({ db: app.archiveDb.db, mittkanta: service, ...(options.handleArchiveRequest && { handleArchiveRequest: options.handleArchiveRequest }) });

  function sessionOf(request: FastifyRequest): Session | undefined {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "");
    return service.session(match?.[1]);
  }

  /** The session and the opened view of :personId, or the refusal already sent. */
  async function openView(request: FastifyRequest<{ Params: { personId: string } }>, reply: FastifyReply, forWills = false) {
    const session = sessionOf(request);
    if (!session) return void refuse(reply, { error: "MK-SESSION-MISSING" });
    const view = await (forWills ? service.openWillView(session, request.params.personId, request.archiveNow) : service.openView(session, request.params.personId, request.archiveNow));
    if (isRefusal(view)) return void refuse(reply, view);
    return view;
  }

  app.post<{ Body: { personId?: unknown } }>("/mittkanta/api/session", async (request, reply) => {
    const session = service.login(request.body?.personId, request.archiveNow);
    if (isRefusal(session)) return refuse(reply, session);
    return { token: session.token, personId: session.personId, loginAt: session.loginAt, previousLoginAt: session.previousLoginAt ?? null, notice: "Simulator test login: no strong authentication (D03-R08 L7610-7616)." };
  });

  app.get("/mittkanta/api/people", async (request, reply) => {
    const session = sessionOf(request);
    if (!session) return refuse(reply, { error: "MK-SESSION-MISSING" });
    return service.people(session, request.archiveNow);
  });

  app.get<{ Params: { personId: string } }>("/mittkanta/api/people/:personId/landing", async (request, reply) => {
    const view = await openView(request, reply);
    if (!view) return reply;
    return service.landing(view);
  });

  app.get<{ Params: { personId: string }; Querystring: { serviceTask?: string; from?: string; to?: string; sort?: string } }>(
    "/mittkanta/api/people/:personId/documents",
    async (request, reply) => {
      const invalid = service.checkQuery(request.query);
      if (invalid) return refuse(reply, invalid);
      const view = await openView(request, reply);
      if (!view) return reply;
      return service.documents(view, request.query);
    },
  );

  app.get<{ Params: { personId: string; setId: string } }>("/mittkanta/api/people/:personId/documents/:setId", async (request, reply) => {
    const view = await openView(request, reply);
    if (!view) return reply;
    const document = await service.document(view, request.params.setId);
    if (isRefusal(document)) return refuse(reply, document);
    return document;
  });

  app.get<{ Params: { personId: string } }>("/mittkanta/api/people/:personId/explain", async (request, reply) => {
    if (options.explain !== true) return refuse(reply, { error: "MK-EXPLAIN-OFF" });
    const session = sessionOf(request);
    if (!session) return refuse(reply, { error: "MK-SESSION-MISSING" });
    const explanation = await service.explain(session, request.params.personId, request.archiveNow);
    if (isRefusal(explanation)) return refuse(reply, explanation);
    return explanation;
  });

  // ── will expressions (issue 11): Kanta-information, disclosure permission, prohibitions ──
  app.get<{ Params: { personId: string } }>("/mittkanta/api/people/:personId/will-expressions", async (request, reply) => {
    const view = await openView(request, reply, true);
    if (!view) return reply;
    return wills.overview(view);
  });

  if (options.handleArchiveRequest) {
    app.post<{ Params: { personId: string }; Body: unknown }>("/mittkanta/api/people/:personId/will-expressions", async (request, reply) => {
      const view = await openView(request, reply, true);
      if (!view) return reply;
      const action = parseWillAction(request.body);
      if (!action) return refuseWill(reply, { ...MITTKANTA_API_ERRORS["MK-WILL-ACTION-INVALID"], error: "MK-WILL-ACTION-INVALID" });
      const result = await wills.act(view, action);
      if (isWillRefusal(result)) return refuseWill(reply, result);
      return reply.code(result.stored ? 201 : 200).send(result);
    });
  }

  app.get<{ Params: { personId: string } }>("/mittkanta/api/people/:personId/logs", async (request, reply) => {
    if (options.logs !== true) return refuse(reply, { error: "MK-LOGS-OFF" });
    const view = await openView(request, reply);
    if (!view) return reply;
    const logs = await wills.logs(view);
    if (isWillRefusal(logs)) return refuseWill(reply, logs);
    return logs;
  });

  app.get("/mittkanta/api/openapi.json", async () => OPENAPI);

  // The citizen web page (/mittkanta/), over the same service functions and sessions.
  await app.register(mittkantaWebPlugin, { service, wills });
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
        responses: { "200": { description: "{ newDocuments, serviceTasks[] ({ serviceTask, name, newest[] }), clientRelationships[], infoText }" }, "401": refusal, "403": refusal },
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
        responses: { "200": { description: "{ personId, viewerRole, documents[] ({ setId, title, createdAt, versionNumber, corrected, attachments, serviceTasks, socialServices, controller, notices }), infoText }" }, "400": refusal, "401": refusal, "403": refusal },
      },
    },
    "/mittkanta/api/people/{personId}/documents/{setId}": {
      get: {
        summary: "Display form of a shown document: XHTML or PDF, correction and signature details (D03-R21)",
        security: bearer,
        parameters: [personId, { name: "setId", in: "path", required: true, schema: { type: "string" } }],
        responses: { "200": { description: "{ setId, title, display: { format, xhtml | pdfBase64 }, correction, signature, notices }" }, "401": refusal, "403": refusal, "404": refusal },
      },
    },
    "/mittkanta/api/people/{personId}/will-expressions": {
      get: {
        summary: "Will expressions (VYT): Kanta-information, disclosure permission, prohibitions in force and their history (D07-R86…R93, R104; a guardian does not see prohibitions, D07-R88)",
        security: bearer,
        parameters: [personId],
        responses: { "200": { description: "{ personId, viewerRole, issuer, minor, kantaInformation, permission, prohibitions[], prohibitionsHidden, history[] }" }, "401": refusal, "403": refusal },
      },
      post: {
        summary: "One action, stored as a will-expression document through the archive (Kela's VYT signer, channel mittkanta); refusals are the archive's WILL-* codes",
        security: bearer,
        parameters: [personId],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["action"],
                properties: {
                  action: { type: "string", enum: WILL_ACTIONS },
                  target: {
                    description: "add-prohibition: { kind: all } | { kind: controller, oid } | { kind: service-task, code, codeSystem? } | { kind: document, setId }",
                    type: "object",
                    required: ["kind"],
                    properties: { kind: { type: "string", enum: ["all", "controller", "service-task", "document"] }, oid: { type: "string" }, code: { type: "string" }, codeSystem: { type: "string" }, setId: { type: "string" } },
                  },
                  setId: { type: "string", description: "remove-prohibition: the prohibition's setId" },
                },
              },
            },
          },
        },
        responses: { "201": { description: "stored: { action, stored: true, setId, versionNumber, documentId, warnings[] }" }, "200": { description: "already in force, nothing stored: { action, stored: false, unchanged: true }" }, "400": refusal, "401": refusal, "403": refusal, "404": refusal },
      },
    },
    "/mittkanta/api/people/{personId}/logs": {
      get: {
        summary: "MITTKANTA_LOGS only: the citizen's disclosure and usage log of their own data (time, organisation, register, document; never the professional)",
        security: bearer,
        parameters: [personId],
        responses: { "200": { description: "{ personId, entries[] ({ at, log, action, outcome, organisation, register, document }) }" }, "401": refusal, "403": refusal, "404": refusal },
      },
    },
    "/mittkanta/api/people/{personId}/explain": {
      get: { summary: "Explain mode: every document with the rule that showed or hid it", security: bearer, parameters: [personId], responses: { "200": { description: "{ eligibility, documents[], infoText }" }, "401": refusal, "404": refusal } },
    },
  },
} as const;
