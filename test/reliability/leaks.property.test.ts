/**
 * Leak hunt over every read path that exists (issue #9): fast-check generates worlds — a minor's
 * documents, each visible to the guardian or not (guardian-disclosure code 1/2), new versions and
 * makuleringar in random order — stored through POST /soap/archive; then every read path is asked:
 * the archive's searches (SP4 case, SP5 metadata, SP6 fetch per set, SP7 summary) through the query
 * handler, MittKanta for the client, the guardian and a proxy (mandate). Never a makulerad document,
 * never an earlier version, never a guardian-hidden document to the guardian, nothing of the child to
 * a proxy of someone else.
 * With ENABLE_ADMIN off, the admin and export APIs do not exist (404).
 * (Disclosure search and spärrmarkering checks come later, with those read paths.)
 * [D06-R15 L25956-25958] [D03-R55 L8934-8950] [D03-R09 L7592-7610] DESIGN §6
 */
import fc from "fast-check";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { buildCdaDocument } from "../../src/cda/build.js";
import { sampleBody } from "../../src/cda/samples.js";
import type { DocumentBody, DocumentMetadata } from "../../src/model/document.js";
import { scenarioDocuments } from "../../src/samples/generate.js";
import { signCdaDocument } from "../../src/signature/sign.js";
import { classifyAnswer, freshIds, parseQuery, queryRequest, storeRequest, testSigner } from "../../scripts/reliability/lib/wire.js";
import { testConfig } from "../support/config.js";
import { testDatabaseTarget, useTestDatabase } from "../support/database.js";

/** Ella (10), her guardian Anna; Lisa holds a mandate from Jonas (fixtures/world). */
const CHILD = "300116A962A";
const GUARDIAN = "140375-921H";
const PROXY_AGENT = "250788-987A";
const PROXY_PRINCIPAL = "040479Y915P";
const SPECIAL_REASON = { code: "2", codeSystem: "1.2.246.10.99990000.3.12" };
const MINOR = { guardianDisclosure: "1" as const };
const NO_GUARDIAN = { guardianDisclosure: "2" as const, restrictionText: "Barnet har bett att uppgifterna inte visas för vårdnadshavaren." };

type Op = { kind: "create"; hidden: boolean } | { kind: "version"; target: number } | { kind: "cancel"; target: number };

interface Doc {
  metadata: DocumentMetadata;
  hidden: boolean;
  cancelled: boolean;
}

describe("leak hunt: no makulerad document, no earlier version, no guardian-hidden document to the guardian, nothing to a proxy [D06-R15 L25956-25958] [D03-R55 L8934-8950]", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  const signer = testSigner();
  const base = freshIds("5");
  const ids = { ...base, client: CHILD };
  const docs = scenarioDocuments(ids);
  const hiddenCaseId = `${ids.caseId}.2`;
  let docCounter = 10;
  let checks = 0;

  const sign = (metadata: DocumentMetadata, body: DocumentBody = sampleBody()) => signCdaDocument(buildCdaDocument(metadata, body), signer);
  const store = async (metadata: DocumentMetadata, body?: DocumentBody) => {
    const request = storeRequest(sign(metadata, body), { serviceRequest: metadata.status === "cancelled" ? "SP2" : "SP1" });
    const response = await app.inject({ method: "POST", url: "/soap/archive", headers: { "content-type": request.contentType }, payload: request.body });
    return classifyAnswer(response.statusCode, response.body);
  };
  const query = async (serviceRequest: "SP4" | "SP5" | "SP6" | "SP7", extra: Record<string, unknown> = {}) => {
    const request = queryRequest(serviceRequest, { clientId: CHILD, specialReason: SPECIAL_REASON, ...extra });
    const response = await app.inject({ method: "POST", url: "/soap/archive", headers: { "content-type": request.contentType }, payload: request.body });
    return parseQuery(response.body);
  };
  const token = async (personId: string) => (await app.inject({ method: "POST", url: "/mittkanta/api/session", payload: { personId } })).json<{ token: string }>().token;
  const mittkanta = (personId: string, asPerson: string, tokens: Map<string, string>, path = "documents") =>
    app.inject({ method: "GET", url: `/mittkanta/api/people/${asPerson}/${path}`, headers: { authorization: `Bearer ${tokens.get(personId)}` } });

  beforeAll(async () => {
    app = await buildApp(testConfig({ enableAdmin: false }), { database: t.database });
    const caseBody = (): DocumentBody => ({ xhtml: "<paragraph>Ärendet öppnades 1.11.2026.</paragraph>", json: { asiakkaat: [CHILD], asiaAvattu: "2026-11-01", asianTila: "avoin" }, jsonSchemaOid: "1.2.246.10.99990000.6.3" });
    const kr = { ...docs.KR, ...MINOR };
    const theCase = { ...docs.CASE, ...MINOR };
    // The guardian restriction of a case must be on its documents (DESIGN §7.12): hidden documents get their own case.
    const hiddenCase = { ...docs.CASE, ...NO_GUARDIAN, documentId: `${ids.setIdPrefix}.6.1`, setId: `${ids.setIdPrefix}.6`, caseId: hiddenCaseId };
    const krBody: DocumentBody = { xhtml: "<paragraph>Klientrelationen inleddes 1.11.2026.</paragraph>", json: { asiakkaat: [CHILD], asiakkuusAlkanut: "2026-11-01", palvelutehtava: "26" }, jsonSchemaOid: "1.2.246.10.99990000.6.2" };
    for (const [m, body] of [[kr, krBody], [theCase, caseBody()], [hiddenCase, caseBody()]] as const) {
      expect(await store(m, body), m.title).toMatchObject({ kind: "ack", typeCode: "AA" });
    }
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
    { weight: 3, arbitrary: fc.boolean().map((hidden): Op => ({ kind: "create", hidden })) },
    { weight: 2, arbitrary: fc.nat(20).map((target): Op => ({ kind: "version", target })) },
    { weight: 1, arbitrary: fc.nat(20).map((target): Op => ({ kind: "cancel", target })) },
  );

  it("over generated worlds, every read path shows only what it may", { timeout: 600_000 }, async () => {
    const runs = testDatabaseTarget().kind === "postgres" && !process.env.RELIABILITY_QUICK ? 20 : 8;
    const tokens = new Map<string, string>();
    for (const person of [CHILD, GUARDIAN, PROXY_AGENT]) tokens.set(person, await token(person));
    await fc.assert(
      fc.asyncProperty(fc.array(opArbitrary, { minLength: 2, maxLength: 7 }), async (ops) => {
        const world: Doc[] = [];
        for (const op of ops) {
          if (op.kind === "create") {
            const n = docCounter++;
            const setId = `${ids.setIdPrefix}.${n}`;
            const metadata: DocumentMetadata = { ...docs.CLIENT_DOCUMENT, ...(op.hidden ? { ...NO_GUARDIAN, caseId: hiddenCaseId } : MINOR), setId, documentId: `${setId}.1`, title: `Dokument ${n}` };
            expect(await store(metadata), `create ${setId}`).toMatchObject({ kind: "ack", typeCode: "AA" });
            world.push({ metadata, hidden: op.hidden, cancelled: false });
          } else {
            const live = world.filter((d) => !d.cancelled);
            const doc = live[op.target % Math.max(1, live.length)];
            if (!doc) continue;
            const previous = doc.metadata;
            const next: DocumentMetadata = { ...previous, documentId: `${previous.setId}.${previous.versionNumber + 1}`, versionNumber: previous.versionNumber + 1, replacesDocumentId: previous.documentId, ...(op.kind === "cancel" ? { status: "cancelled" as const } : { title: `${previous.title?.replace(/ v\d+$/, "")} v${previous.versionNumber + 1}` }) };
            expect(await store(next), `${op.kind} ${next.documentId}`).toMatchObject({ kind: "ack", typeCode: "AA" });
            doc.metadata = next;
            doc.cancelled = op.kind === "cancel";
          }
        }
        const bySet = new Map(world.map((d) => [d.metadata.setId, d]));
        const latest = (setId: string) => bySet.get(setId)!.metadata.versionNumber;
        /** Results about this world's sets must be latest, live versions. */
        const checkArchive = (label: string, results: { setId: string; versionNumber: number }[]) => {
          for (const r of results.filter((x) => bySet.has(x.setId))) {
            checks++;
            expect(bySet.get(r.setId)!.cancelled, `${label}: makulerad ${r.setId} returned`).toBe(false);
            expect(r.versionNumber, `${label}: ${r.setId} v${r.versionNumber}, latest v${latest(r.setId)}`).toBe(latest(r.setId));
          }
        };
        // The archive's searches.
        const sp5 = await query("SP5", { criteria: [{ name: "serviceTask", value: "26" }] });
        checkArchive("SP5", sp5.results);
        checkArchive("SP7", (await query("SP7")).results);
        checkArchive("SP4", (await query("SP4", { caseId: ids.caseId })).results);
        checkArchive("SP4 hidden case", (await query("SP4", { caseId: hiddenCaseId })).results);
        for (const d of world) {
          const sp6 = await query("SP6", { setId: d.metadata.setId });
          checkArchive(`SP6 ${d.metadata.setId}`, sp6.results);
          checks++;
          expect(sp6.results.filter((r) => r.setId === d.metadata.setId).length, `SP6 ${d.metadata.setId}`).toBe(d.cancelled ? 0 : 1);
        }
        // Every live document is found by the metadata search (the check above is not vacuous).
        for (const d of world.filter((x) => !x.cancelled)) expect(sp5.results.some((r) => r.setId === d.metadata.setId), `SP5 misses ${d.metadata.setId}`).toBe(true);

        // MittKanta: the client, the guardian, a proxy.
        for (const viewer of [CHILD, GUARDIAN]) {
          const response = await mittkanta(viewer, CHILD, tokens);
          expect(response.statusCode, `${viewer}: ${response.body.slice(0, 200)}`).toBe(200);
          const listed = response.json<{ documents: { setId: string; versionNumber: number }[] }>().documents;
          for (const item of listed.filter((x) => bySet.has(x.setId))) {
            checks++;
            const d = bySet.get(item.setId)!;
            expect(d.cancelled, `MittKanta ${viewer}: makulerad ${item.setId}`).toBe(false);
            expect(item.versionNumber, `MittKanta ${viewer}: ${item.setId} not latest`).toBe(latest(item.setId));
            if (viewer === GUARDIAN) expect(d.hidden, `MittKanta guardian sees guardian-hidden ${item.setId}`).toBe(false);
          }
          for (const d of world) {
            const single = await mittkanta(viewer, CHILD, tokens, `documents/${encodeURIComponent(d.metadata.setId)}`);
            const mayShow = !d.cancelled && !(viewer === GUARDIAN && d.hidden);
            checks++;
            if (!mayShow) expect(single.statusCode, `MittKanta ${viewer} single ${d.metadata.setId} (cancelled ${d.cancelled}, hidden ${d.hidden})`).toBeGreaterThanOrEqual(400);
            if (single.statusCode === 200) expect(single.body).toContain(bySet.get(d.metadata.setId)!.metadata.title ?? "");
          }
        }
        // A proxy on a mandate (D03-R09) sees their principal's view — none of this child's documents —
        // and is refused the child's view.
        const asPrincipal = await mittkanta(PROXY_AGENT, PROXY_PRINCIPAL, tokens);
        const asChild = await mittkanta(PROXY_AGENT, CHILD, tokens);
        checks += 2;
        expect(asChild.statusCode, `proxy ${PROXY_AGENT} as the child`).toBeGreaterThanOrEqual(400);
        for (const d of world) {
          expect(asPrincipal.body).not.toContain(d.metadata.setId);
          expect(asChild.body).not.toContain(d.metadata.setId);
        }
      }),
      { numRuns: runs, seed: 9, endOnFailure: true },
    );
    console.log(`[leaks] ${runs} worlds, ${checks} visibility checks, 0 leaks`);
  });

  // The inspector (/inspector, /inspector/api/messages) is registered whatever ENABLE_ADMIN says and
  // shows every request and response body, documents included: a read path without a basis once the
  // simulator is reachable by others. Whether it should follow ENABLE_ADMIN (or its own setting) is the
  // lead's decision (reported with issue #9); until then it is not asserted here.
  it("with ENABLE_INSPECTOR off, the inspector endpoints do not exist either (404)", async () => {
    const closed = await buildApp(testConfig({ enableAdmin: false, enableInspector: false, enableTestClock: false }), { database: t.database });
    try {
      for (const url of ["/inspector", "/inspector/api/messages", "/inspector/messages/1", "/inspector/logs"]) expect((await closed.inject({ method: "GET", url })).statusCode, url).toBe(404);
    } finally {
      await closed.close();
    }
  });

  it("with ENABLE_ADMIN off, the admin and export APIs do not exist (404)", async () => {
    for (const url of ["/admin/api/clock", `/admin/api/documents/${ids.setIdPrefix}.10/versions`, `/admin/api/documents?client=${CHILD}`, "/admin/api/usage-log", "/admin/api/export/sosdata", "/admin/api/world/persons"]) {
      const response = await app.inject({ method: "GET", url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json()).toMatchObject({ error: "Not Found" });
    }
  });
});
