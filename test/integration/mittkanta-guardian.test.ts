import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { sampleBody } from "../../src/cda/samples.js";
import type { DocumentBody, DocumentMetadata } from "../../src/model/document.js";
import { scenarioDocuments } from "../../src/samples/generate.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";
// Ella (10) and her only guardian Anna, from the test world (fixtures/world/persons.json, guardianship.json).
import { CHILD, GUARDIAN, sendDocument } from "../browser/mittkanta-story.js";

const DELAY_ONLY = { code: "6", codeSystem: "1.2.246.10.99990000.3.7" };

/**
 * A guardian acting for a minor, over documents of the minor stored through the real SOAP endpoint:
 * an ordinary assessment, one the guardian may not see (code 2) and one delayed until 15.1.2027.
 */
describe("MittKanta citizen API: a guardian acting for a minor", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  let url: string;
  const run = `${Date.now()}`;
  const ids = { client: CHILD, setIdPrefix: `1.2.246.10.99990001.22.${run}`, caseId: `1.2.246.10.99990001.32.${run}` };
  const docs = scenarioDocuments(ids);
  const minorMarks = { guardianDisclosure: "1" as const };
  const kr: DocumentMetadata = { ...docs.KR, ...minorMarks };
  const theCase: DocumentMetadata = { ...docs.CASE, ...minorMarks };
  const document = (n: number, title: string, marks: Partial<DocumentMetadata>): DocumentMetadata => ({
    ...docs.CLIENT_DOCUMENT,
    ...minorMarks,
    documentId: `${ids.setIdPrefix}.${n}.1`,
    setId: `${ids.setIdPrefix}.${n}`,
    title,
    ...marks,
  });
  const ordinary = document(3, "Bedömning av servicebehov", {});
  // The guardian restriction of a case must be on its documents (DESIGN §7.12), so the code-2 document has its own case.
  const noGuardian = { guardianDisclosure: "2" as const, restrictionText: "Barnet har bett att uppgifterna inte visas för vårdnadshavaren." };
  const secondCase: DocumentMetadata = { ...theCase, ...noGuardian, documentId: `${ids.setIdPrefix}.6.1`, setId: `${ids.setIdPrefix}.6`, caseId: `${ids.caseId}.2` };
  const notForGuardian = document(4, "Samtal med barnet", { ...noGuardian, caseId: `${ids.caseId}.2` });
  const delayed = document(5, "Utredning pågår", { delayedUntil: "2027-01-15", restrictionReasons: [DELAY_ONLY] });
  const bodies: Record<string, DocumentBody> = {
    [kr.setId]: { xhtml: "<paragraph>Klientrelationen inleddes 1.11.2026.</paragraph>", json: { asiakkaat: [CHILD], asiakkuusAlkanut: "2026-11-01", palvelutehtava: "26" }, jsonSchemaOid: "1.2.246.10.99990000.6.2" },
    [secondCase.setId]: { xhtml: "<paragraph>Ärendet öppnades 1.11.2026.</paragraph>", json: { asiakkaat: [CHILD], asiaAvattu: "2026-11-01", asianTila: "avoin" }, jsonSchemaOid: "1.2.246.10.99990000.6.3" },
    [theCase.setId]: { xhtml: "<paragraph>Ärendet öppnades 1.11.2026.</paragraph>", json: { asiakkaat: [CHILD], asiaAvattu: "2026-11-01", asianTila: "avoin" }, jsonSchemaOid: "1.2.246.10.99990000.6.3" },
  };

  const send = (metadata: DocumentMetadata) => sendDocument(url, metadata, bodies[metadata.setId] ?? sampleBody());
  const login = async (personId: string) => {
    const res = await fetch(`${url}/mittkanta/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ personId }) });
    return ((await res.json()) as { token: string }).token;
  };
  const titles = async (personId: string, token: string, now?: string) => {
    const headers = { authorization: `Bearer ${token}`, ...(now && { "x-kanta-sim-now": now }) };
    const res = await fetch(`${url}/mittkanta/api/people/${personId}/documents`, { headers });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { documents: { title: string; notices: { code: string }[] }[] };
    return Object.fromEntries(body.documents.map((d) => [d.title, d.notices.map((n) => n.code).filter((c) => c !== "NEW")]));
  };

  let acks: string[] = [];
  beforeAll(async () => {
    app = await buildApp(testConfig(), { database: t.database });
    url = await app.listen({ port: 0, host: "127.0.0.1" });
    acks = [];
    for (const metadata of [kr, theCase, ordinary, secondCase, notForGuardian, delayed]) acks.push(await send(metadata));
  }, 120_000);
  afterAll(async () => app.close());

  it("stored the minor's documents over SOAP (precondition)", () => {
    expect(acks).toEqual(["AA", "AA", "AA", "AA", "AA", "AA"]);
  });

  it("lists the minor among the people the guardian may act for [D03-R05 L7620-7624, D03-R67 L8722-8776]", async () => {
    const res = await fetch(`${url}/mittkanta/api/people`, { headers: { authorization: `Bearer ${await login(GUARDIAN)}` } });
    const body = (await res.json()) as { people: unknown[] };
    expect(body.people).toContainEqual(expect.objectContaining({ personId: CHILD, role: "guardian", eligible: true, reason: "ELIGIBLE-GUARDIAN" }));
  });

  it("hides a code-2 document from the guardian but shows it to the child, marked not shown to the guardian [D03-R55 L8934-8950, D03-R19 L7735-7737]", async () => {
    const guardianView = await titles(CHILD, await login(GUARDIAN));
    expect(Object.keys(guardianView)).toContain("Bedömning av servicebehov");
    expect(Object.keys(guardianView)).not.toContain("Samtal med barnet");
    const childView = await titles(CHILD, await login(CHILD));
    expect(childView["Samtal med barnet"]).toContain("NOT-SHOWN-TO-GUARDIAN");
  });

  it("hides a delayed document before its date and shows it after, with the notice [D03-R36 L8288-8308, D03-R38 L8308-8312]", async () => {
    const token = await login(CHILD);
    expect(Object.keys(await titles(CHILD, token, "2027-01-14T12:00:00Z"))).not.toContain("Utredning pågår");
    expect((await titles(CHILD, token, "2027-01-16T12:00:00Z"))["Utredning pågår"]).toContain("DELAY-ENDED");
  });
});
