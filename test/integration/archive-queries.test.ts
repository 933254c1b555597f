/**
 * The archive's searches and fetches over SOAP, on the real database of the suite's backend:
 * documents are built with the CDA builder, signed with the committed test keys and stored with
 * storeVersion (the storage checks are wired by another room); queries travel the real wire
 * (buildApp → POST /soap/archive) with the request time set by the test-clock header.
 * Each test uses its own client (a fresh temporary id), so tests never see each other's documents.
 */
import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import * as soap from "soap";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { activeUseEndDate, latestVersionsOfClient } from "../../src/archive/queries.js";
import { storeVersion } from "../../src/archive/store.js";
import { buildCdaDocument } from "../../src/cda/build.js";
import { TEST_CLOCK_HEADER } from "../../src/clock.js";
import { buildQueryRequestFrame, parseQueryResponse, type ParsedQueryResponse, type QueryRequestFrameInput } from "../../src/hl7/query.js";
import type { DocumentBody, DocumentMetadata } from "../../src/model/document.js";
import { signCdaDocument } from "../../src/signature/sign.js";
import { buildSoapEnvelope, contentTypeOf, parseSoapFault } from "../../src/soap/envelope.js";
import { runQueryCommand } from "../../src/soap/cli.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";
import { metadataFactory, TEST_SIGNER, testOid } from "../support/metadata.js";
import { runCli } from "../support/server-process.js";

const SYSTEM = { keyPem: readFileSync("certs/test/signers/system-1.2.246.10.99990001.10.0.test-key.pem", "utf8"), certPem: readFileSync("certs/test/signers/system-1.2.246.10.99990001.10.0.pem", "utf8") };
const ORGANISER = { oid: "1.2.246.10.99990001.10.0", name: "Testbyns välfärdsområde" };
const OTHER_ORGANISER = { oid: "1.2.246.10.99990002.10.0", name: "Exempelstad (socialväsendet)" };
const SP = "1.2.246.10.99990000.1.1";
const STORED_AT = new Date("2026-11-28T10:00:00Z");
const NOW = "2026-11-28T12:00:00Z";

const C = {
  caseName: { code: { code: "1", codeSystem: "1.2.246.537.6.1265.202301" } },
  open: { code: "1", codeSystem: "1.2.246.10.99990000.3.3" },
  closed: { code: "2", codeSystem: "1.2.246.10.99990000.3.3" },
  process: { code: "2", codeSystem: "1.2.246.10.99990000.3.1" },
  serviceTask: { code: "26", codeSystem: "1.2.246.537.6.1299" },
  otherTask: { code: "27", codeSystem: "1.2.246.537.6.1299" },
  // General document types (fixtures/code-lists/document-type-general.json): 1 bedömning, 12 beslut, 16 plan, 2 journal entry, 3 ansökan.
  assessment: { code: "1", codeSystem: "1.2.246.10.99990000.3.4" },
  decision: { code: "12", codeSystem: "1.2.246.10.99990000.3.4" },
  plan: { code: "16", codeSystem: "1.2.246.10.99990000.3.4" },
  journal: { code: "2", codeSystem: "1.2.246.10.99990000.3.4" },
  application: { code: "3", codeSystem: "1.2.246.10.99990000.3.4" },
  oldDecision: { code: "12", codeSystem: "1.2.246.10.99990000.3.5" },
  specific: { code: "105", codeSystem: "1.2.246.10.99990000.3.6" },
} as const;

const base = metadataFactory("1.2.246.10.99990001.72", { organiser: ORGANISER, createdAt: "2026-11-20T10:00:00+02:00", title: "Handling", serviceTasks: [C.serviceTask] });
const krOf = (client: string, o: Partial<DocumentMetadata> = {}) => base({ title: "Klientrelationshandling", documentGroup: "client-relationship", serviceTasks: [], clients: [client], ...o });
const caseOf = (client: string, caseId: string, o: Partial<DocumentMetadata> = {}) =>
  base({ title: "Ärendehandling", documentGroup: "case", clients: [client], caseId, caseName: C.caseName, caseOpenedAt: "2026-11-01", caseStatus: C.open, ...o });
const khOf = (client: string, caseId: string, o: Partial<DocumentMetadata> = {}) =>
  base({ title: "Klienthandling", clients: [client], caseId, producer: ORGANISER, serviceProcess: C.process, generalType: C.journal, specificType: C.specific, ...o });
const nextOf = (m: DocumentMetadata, o: Partial<DocumentMetadata> = {}): DocumentMetadata => ({ ...m, documentId: `${m.setId}.${m.versionNumber + 1}`, versionNumber: m.versionNumber + 1, replacesDocumentId: m.documentId, ...o });

function bodyFor(m: DocumentMetadata): DocumentBody {
  return { xhtml: `<paragraph>${m.title ?? "Handling"} v${m.versionNumber}.</paragraph>`, json: { asiakkaat: m.clients, versio: m.versionNumber }, jsonSchemaOid: "1.2.246.10.99990000.6.4" };
}

describe("the archive's searches and fetches (issue 4)", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  let messages = 0;
  /** The signed bytes stored for each version id, to compare byte for byte with what a fetch returns. */
  const storedBytes = new Map<string, Uint8Array>();

  beforeAll(async () => {
    app = await buildApp(testConfig(), { database: t.database });
  });
  afterAll(async () => app.close());

  async function store(metadata: DocumentMetadata, receivedAt: Date = STORED_AT): Promise<DocumentMetadata> {
    const content = new TextEncoder().encode(signCdaDocument(buildCdaDocument(metadata, bodyFor(metadata)), SYSTEM));
    const result = await storeVersion(t.database.db, { metadata, content, signer: TEST_SIGNER, messageId: `store-${++messages}`, receivedAt });
    if (!result.ok) throw new Error(`store failed: ${JSON.stringify(result.findings)}`);
    storedBytes.set(metadata.documentId, content);
    return metadata;
  }

  function frame(code: string, client: string | string[], o: Partial<QueryRequestFrameInput> = {}): string {
    return buildQueryRequestFrame({
      messageId: { root: "1.2.246.10.99990001.60", extension: `query-${++messages}` },
      creationTime: new Date(NOW),
      senderDeviceId: { root: "1.2.246.10.99990001.70.1" },
      senderOrganisationOid: ORGANISER.oid,
      serviceRequest: { code, codeSystem: SP },
      usageSituation: "1",
      serviceUnitOid: "1.2.246.10.99990001.10.104",
      professionalId: { root: "1.2.246.537.26", extension: "PRO-1" },
      clientId: client,
      // These tests are about what a search returns; who may search is test/integration/access-*.
      // Each search is motivated by a special-reason code, as a search without saklig anknytning must be
      // (D07-R54 L29836-29842); the archive logs it.
      specialReason: { code: "2", codeSystem: "1.2.246.10.99990000.3.12" },
      ...o,
    });
  }

  async function ask(code: string, client: string | string[], o: Partial<QueryRequestFrameInput> = {}, at: string = NOW): Promise<ParsedQueryResponse & { sets: string[] }> {
    const res = await app.inject({
      method: "POST",
      url: "/soap/archive",
      headers: { "content-type": contentTypeOf("1.1"), [TEST_CLOCK_HEADER]: at },
      payload: buildSoapEnvelope("1.1", frame(code, client, o)),
    });
    expect(res.statusCode).toBe(200);
    const parsed = parseQueryResponse(res.body);
    return { ...parsed, sets: parsed.results.map((r) => r.setId) };
  }

  const newClient = () => testOid("1.2.246.10.99990001.73");

  it("SP3 client-relationship search returns the client's KR with its exact bytes and metadata [D07-R51 L29793-29803, D07-R52 L29807-29812]", async () => {
    const client = newClient();
    const kr = await store(krOf(client));
    const caseId = testOid();
    await store(caseOf(client, caseId));
    await store(khOf(client, caseId));
    const answer = await ask("SP3", client);
    expect(answer).toMatchObject({ typeCode: "AA", queryResponseCode: "OK", resultTotalQuantity: 1, sets: [kr.setId] });
    expect(Buffer.from(answer.results[0]!.document!).equals(Buffer.from(storedBytes.get(kr.documentId)!))).toBe(true);
    expect(answer.results[0]!.metadata).toMatchObject({ setId: kr.setId, documentGroup: "client-relationship", clients: [client] });
  });

  it("SP4 case search returns the case documents, all or one case by caseId [D07-R51 L29793-29803]", async () => {
    const client = newClient();
    const [caseA, caseB] = [testOid(), testOid()];
    const a = await store(caseOf(client, caseA));
    const b = await store(caseOf(client, caseB, { createdAt: "2026-11-21T10:00:00+02:00" }));
    await store(khOf(client, caseA));
    expect((await ask("SP4", client)).sets).toEqual([a.setId, b.setId]);
    const one = await ask("SP4", client, { caseId: caseB });
    expect(one.sets).toEqual([b.setId]);
    expect(one.results[0]!.document).toBeDefined();
  });

  it("SP5 metadata search returns metadata only, of every matching document of the client [D07-R52 L29812-29816]", async () => {
    const client = newClient();
    const caseId = testOid();
    const kr = await store(krOf(client));
    const ar = await store(caseOf(client, caseId));
    const kh = await store(khOf(client, caseId));
    const answer = await ask("SP5", client);
    expect(answer.sets.sort()).toEqual([kr.setId, ar.setId, kh.setId].sort());
    for (const result of answer.results) expect(result.document).toBeUndefined();
    expect(answer.results.find((r) => r.setId === kh.setId)!.metadata).toMatchObject({ generalType: C.journal, serviceUnit: { oid: "1.2.246.10.99990001.10.104" } });
  });

  it("SP5 criteria filter on the metadata of table 11.2.2; criteria combine with AND [D07-R58 L27845-27856]", async () => {
    const client = newClient();
    const caseId = testOid();
    const decision = await store(khOf(client, caseId, { generalType: C.decision, serviceTasks: [C.serviceTask, C.otherTask], createdAt: "2026-10-05T10:00:00+03:00" }));
    const note = await store(khOf(client, caseId, { serviceUnit: { oid: "1.2.246.10.99990001.10.105" } }));
    const kr = await store(krOf(client));
    const sets = async (o: Partial<QueryRequestFrameInput>) => (await ask("SP5", client, o)).sets.sort();
    expect(await sets({ criteria: [{ name: "generalType", value: "12", codeSystem: C.decision.codeSystem }] })).toEqual([decision.setId]);
    expect(await sets({ criteria: [{ name: "serviceTask", value: "27" }] })).toEqual([decision.setId]);
    expect(await sets({ criteria: [{ name: "serviceUnit", value: "1.2.246.10.99990001.10.105" }] })).toEqual([note.setId]);
    expect(await sets({ criteria: [{ name: "documentGroup", value: "1" }] })).toEqual([kr.setId]);
    expect(await sets({ criteria: [{ name: "serviceTask", value: "26" }, { name: "generalType", value: "2" }] })).toEqual([note.setId]);
    expect(await sets({ createdFrom: "2026-10-01", createdTo: "2026-10-31" })).toEqual([decision.setId]);
    expect(await sets({ caseId })).toEqual([decision.setId, note.setId].sort());
    const none = await ask("SP5", client, { criteria: [{ name: "storerFamilyName", value: "Ingen" }] });
    expect(none).toMatchObject({ typeCode: "AA", queryResponseCode: "NF", resultTotalQuantity: 0 });
  });

  it("a criterion the handbook excludes is refused, not ignored [D07-R58 L27845-27856]", async () => {
    const answer = await ask("SP5", newClient(), { criteria: [{ name: "arrivalMethod", value: "1" }] });
    expect(answer).toMatchObject({ typeCode: "AE", queryResponseCode: "AE" });
    expect(answer.details.map((d) => d.code)).toEqual(["QUERY-CRITERION-NOT-SEARCHABLE"]);
  });

  it("one client per search: two clients are refused with AE and the XPath of the second [D07-R53 L29832-29836]", async () => {
    const answer = await ask("SP5", [newClient(), newClient()]);
    expect(answer.typeCode).toBe("AE");
    expect(answer.details).toEqual([expect.objectContaining({ code: "QUERY-CLIENT-REPEATED", location: "/hl7:RCMR_IN100016FI01/hl7:controlActProcess/hl7:queryByParameter/hl7:parameterList/hl7:clientId[2]" })]);
    const rows = await t.database.db.selectFrom("message_log").select(["interaction", "result", "service_request"]).where("message_id", "like", "1.2.246.10.99990001.60:query-%").orderBy("id", "desc").limit(1).execute();
    expect(rows[0]).toEqual({ interaction: "RCMR_IN100016FI01", result: "AE", service_request: "SP5" });
  });

  it("only the latest version is returned: a new version replaces the old in every search kind [D07-R32 L29266-29270, D07-R31 L29169-29171]", async () => {
    const client = newClient();
    const caseId = testOid();
    const v1 = await store(khOf(client, caseId, { generalType: C.decision }));
    const v2 = await store(nextOf(v1, { title: "Rättad" }));
    const answer = await ask("SP5", client);
    expect(answer.results.map((r) => r.documentId)).toEqual([v2.documentId]);
    expect(answer.results[0]!.versionNumber).toBe(2);
    const summary = await ask("SP7", client);
    expect(summary.results.map((r) => r.documentId)).toEqual([v2.documentId]);
    const fetched = await ask("SP6", client, { setId: v1.setId });
    expect(fetched.results.map((r) => r.documentId)).toEqual([v2.documentId]);
    expect(Buffer.from(fetched.results[0]!.document!).equals(Buffer.from(storedBytes.get(v2.documentId)!))).toBe(true);
  });

  it("SP6 fetches the latest version by version id or by setId + version; an earlier version is the archivist's (QUERY-VERSION-SUPERSEDED) [D07-R32 L29266-29270, L29290-29293]", async () => {
    const client = newClient();
    const v1 = await store(khOf(client, testOid()));
    const byId = await ask("SP6", client, { documentId: v1.documentId });
    expect(byId).toMatchObject({ typeCode: "AA", queryResponseCode: "OK", results: [expect.objectContaining({ documentId: v1.documentId, versionNumber: 1 })] });
    const v2 = await store(nextOf(v1));
    const latest = await ask("SP6", client, { setId: v1.setId, versionNumber: 2 });
    expect(latest.results.map((r) => r.documentId)).toEqual([v2.documentId]);
    for (const older of [{ documentId: v1.documentId }, { setId: v1.setId, versionNumber: 1 }]) {
      const refused = await ask("SP6", client, older);
      expect(refused).toMatchObject({ typeCode: "AE", results: [] });
      expect(refused.details[0]).toMatchObject({ code: "QUERY-VERSION-SUPERSEDED" });
      expect(refused.details[0]!.text.en).toContain(`the latest is version 2 (${v2.documentId})`);
    }
    // A version that does not exist yet, another client's document, an unknown id: nothing found, nothing disclosed.
    expect(await ask("SP6", client, { setId: v1.setId, versionNumber: 3 })).toMatchObject({ typeCode: "AA", queryResponseCode: "NF" });
    expect(await ask("SP6", newClient(), { setId: v1.setId })).toMatchObject({ typeCode: "AA", queryResponseCode: "NF" });
    expect(await ask("SP6", client, { documentId: testOid() })).toMatchObject({ typeCode: "AA", queryResponseCode: "NF" });
  });

  it("a makulerad document vanishes from every search and fetch, as if it had never existed [D07-R39 L29294-29300]", async () => {
    const client = newClient();
    const caseId = testOid();
    const kh = await store(khOf(client, caseId, { generalType: C.plan }));
    const kept = await store(khOf(client, caseId, { generalType: C.assessment }));
    expect((await ask("SP5", client)).sets.sort()).toEqual([kh.setId, kept.setId].sort());
    await store(nextOf(kh, { status: "cancelled" }));
    expect((await ask("SP5", client)).sets).toEqual([kept.setId]);
    expect((await ask("SP7", client)).sets).toEqual([kept.setId]);
    expect(await ask("SP6", client, { setId: kh.setId })).toMatchObject({ typeCode: "AA", queryResponseCode: "NF", results: [] });
    expect(await ask("SP6", client, { documentId: kh.documentId })).toMatchObject({ typeCode: "AA", queryResponseCode: "NF", results: [] });
  });

  it("SP7 summary: the KR with its bytes plus the metadata of client documents whose general type is bedömning, beslut or plan [D07-R52 L29816-29826]", async () => {
    const client = newClient();
    const caseId = testOid();
    const kr = await store(krOf(client));
    await store(caseOf(client, caseId));
    const assessment = await store(khOf(client, caseId, { generalType: C.assessment }));
    const decision = await store(khOf(client, caseId, { generalType: C.decision, createdAt: "2026-11-21T10:00:00+02:00" }));
    const plan = await store(khOf(client, caseId, { generalType: C.plan, createdAt: "2026-11-22T10:00:00+02:00" }));
    const oldDecision = await store(khOf(client, caseId, { documentGroup: "old", generalType: C.oldDecision, createdAt: "2026-11-23T10:00:00+02:00" }));
    await store(khOf(client, caseId, { generalType: C.journal }));
    await store(khOf(client, caseId, { generalType: C.application }));
    const answer = await ask("SP7", client);
    expect(answer.typeCode).toBe("AA");
    expect(answer.sets).toEqual([kr.setId, assessment.setId, decision.setId, plan.setId, oldDecision.setId]);
    expect(answer.results[0]!.document).toBeDefined();
    expect(answer.results.slice(1).every((r) => r.document === undefined)).toBe(true);
  });

  it("searches stay in the register searched: the sender's own by default; another organiser's register is not open under usage situation 1 [D07-R51 L29791 (own register)] [D07-R60 L29953-30031]", async () => {
    const client = newClient();
    const own = await store(krOf(client));
    await store(krOf(client, { organiser: OTHER_ORGANISER }));
    expect((await ask("SP3", client)).sets).toEqual([own.setId]);
    const other = await ask("SP3", client, { registerOrganiserOid: OTHER_ORGANISER.oid });
    expect({ typeCode: other.typeCode, sets: other.sets }).toEqual({ typeCode: "AE", sets: [] });
    expect(other.details.map((d) => d.code)).toEqual([expect.stringMatching(/^ACCESS-/)]);
  });

  it("a document past its active-use period is no longer returned; the period is measured at the request's archive time [D07-R45 L29193-29195, D07-R49 L29179-29191]", async () => {
    const client = newClient();
    const caseId = testOid();
    const ar = await store(caseOf(client, caseId));
    const kh = await store(khOf(client, caseId));
    // The case closes on 2026-11-25: active use runs 2 + 15 years, to 2043-11-25 (Helsinki date).
    await store(nextOf(ar, { caseStatus: C.closed, caseClosedAt: "2026-11-25" }));
    expect((await ask("SP5", client, {}, "2043-11-24T12:00:00Z")).sets.sort()).toEqual([ar.setId, kh.setId].sort());
    expect((await ask("SP5", client, {}, "2043-11-25T12:00:00Z")).sets).toEqual([]);
    expect(await ask("SP6", client, { setId: kh.setId }, "2043-11-25T12:00:00Z")).toMatchObject({ typeCode: "AA", queryResponseCode: "NF" });
  });

  it("a current KR's active use runs 2 years from the client's death in the population register [D07-R46 L29195-29205, D07-R47 L29205-29217]", async () => {
    // 080248-9936 died on 2025-10-01 (fixtures/world/persons.json).
    const kr = await store(krOf("080248-9936"));
    expect((await ask("SP3", "080248-9936", {}, "2027-09-30T12:00:00Z")).sets).toEqual([kr.setId]);
    expect((await ask("SP3", "080248-9936", {}, "2027-10-01T12:00:00Z")).sets).toEqual([]);
  });

  it("a gammal klientrelation KR counts its 2 years from archiving [D07-R46 L29195-29199]", async () => {
    const client = newClient();
    const kr = await store(krOf(client, { oldClientRelationship: true }), new Date("2026-11-28T10:00:00Z"));
    expect((await ask("SP3", client, {}, "2028-11-27T12:00:00Z")).sets).toEqual([kr.setId]);
    expect((await ask("SP3", client, {}, "2028-11-28T12:00:00Z")).sets).toEqual([]);
  });

  it.each([
    ["an open case: no end", { documentGroup: "phase-2" as const }, {}, undefined],
    ["a closed case: close + 2 + 15 years", { documentGroup: "case" as const }, { caseClosedAt: "2026-03-01" }, "2043-03-01"],
    ["a current KR of a living client: no end", { documentGroup: "client-relationship" as const }, {}, undefined],
    ["a current KR: death + 2 years; ending the relationship does not start it", { documentGroup: "client-relationship" as const }, { clientDeathDate: "2025-10-01", caseClosedAt: "2020-01-01" }, "2027-10-01"],
    ["a gammal klientrelation: archiving + 2 years", { documentGroup: "client-relationship" as const, oldClientRelationship: true }, {}, "2028-11-28"],
    ["29 February + 17 years falls on 28 February", { documentGroup: "phase-2" as const }, { caseClosedAt: "2028-02-29" }, "2045-02-28"],
  ])("active-use end: %s [D07-R45 L29193-29195, D07-R46 L29195-29205]", (_name, metadata, facts, expected) => {
    expect(activeUseEndDate(metadata, { firstArchivedAt: new Date("2026-11-28T10:00:00Z"), ...facts })).toBe(expected);
  });

  it("an SP8 disclosure search always goes through access control: under usage situation 1 it is refused; a store request in a query frame is the wrong interaction [D07-R60 L29953-30031]", async () => {
    expect((await ask("SP8", newClient())).details.map((d) => d.code)).toEqual(["ACCESS-ACTION-NOT-IN-USAGE-SITUATION"]);
    expect((await ask("SP1", newClient())).details.map((d) => d.code)).toEqual(["FRAME-SERVICE-REQUEST-WRONG-INTERACTION"]);
  });

  it("POST /soap/validate does not serve queries (SOAP-UNKNOWN-INTERACTION): a query stores nothing to validate", async () => {
    const res = await app.inject({ method: "POST", url: "/soap/validate", headers: { "content-type": contentTypeOf("1.1") }, payload: buildSoapEnvelope("1.1", frame("SP3", newClient())) });
    expect(res.statusCode).toBe(500);
    expect(parseSoapFault(res.body)?.codes).toEqual(["SOAP-UNKNOWN-INTERACTION"]);
  });

  it("the client search uses the GIN index on metadata->'clients' (EXPLAIN) and finds the latest versions", async () => {
    const client = newClient();
    const kr = await store(krOf(client));
    await store(nextOf(kr));
    const versions = await latestVersionsOfClient(t.database.db, client, ORGANISER.oid);
    expect(versions.map((v) => v.versionNumber)).toEqual([2]);
    // Tiny test tables favour a sequential scan; with it switched off the planner shows whether the index can serve the predicate.
    const plan = await t.database.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      return sql<{ "QUERY PLAN": string }>`EXPLAIN SELECT version_id FROM document_versions v WHERE v.metadata -> 'clients' @> ${JSON.stringify([client])}::jsonb`.execute(trx);
    });
    expect(plan.rows.map((r) => r["QUERY PLAN"]).join("\n")).toContain("document_versions_clients_idx");
  });

  it("the `soap` npm package reads the WSDL and calls both operations", async () => {
    const client = newClient();
    const kr = await store(krOf(client));
    const base = await app.listen({ port: 0, host: "127.0.0.1" });
    const soapClient = await soap.createClientAsync(`${base}/soap/archive?wsdl`);
    const description = soapClient.describe() as Record<string, Record<string, Record<string, unknown>>>;
    expect(Object.keys(description["QueryService"]!["QuerySoap11Port"]!)).toEqual(["RCMR_IN100016FI01"]);
    expect(Object.keys(description["ArchiveService"]!["ArchiveSoap11Port"]!)).toEqual(["RCMR_IN200002FI01"]);
    const content = frame("SP3", client).replace(/^<RCMR_IN100016FI01[^>]*>/, "").replace(/<\/RCMR_IN100016FI01>$/, "");
    const [, rawResponse] = (await soapClient.RCMR_IN100016FI01Async({ $xml: content })) as [unknown, string];
    const answer = parseQueryResponse(rawResponse);
    expect(answer).toMatchObject({ typeCode: "AA", queryResponseCode: "OK" });
    expect(answer.results.map((r) => r.setId)).toEqual([kr.setId]);
    // The archive operation of the same WSDL still answers (here: an unsigned document, refused with an acknowledgement).
    const archiveFrame = `<id root="1.2.246.10.99990001.60" extension="soap-store-${++messages}"/><creationTime value="20261128100000+0000"/><interactionId root="2.16.840.1.113883.1.6" extension="RCMR_IN200002FI01"/><processingCode code="P"/><acceptAckCode code="AL"/><sender typeCode="SND"><device classCode="DEV" determinerCode="INSTANCE"><id root="1.2.246.10.99990001.70.1"/><asAgent classCode="AGNT"><representedOrganization classCode="ORG" determinerCode="INSTANCE"><id root="${ORGANISER.oid}"/></representedOrganization></asAgent></device></sender><controlActProcess classCode="CACT" moodCode="EVN"><reasonCode code="SP1" codeSystem="${SP}"/><reasonCode code="1" codeSystem="1.2.246.537.6.1289.201901"/><authorOrPerformer typeCode="AUT"><assignedPerson classCode="ASSIGNED"><representedOrganization classCode="ORG" determinerCode="INSTANCE"><id root="1.2.246.10.99990001.10.104"/></representedOrganization></assignedPerson></authorOrPerformer><subject typeCode="SUBJ"><clinicalDocument classCode="DOCCLIN" moodCode="EVN"><text mediaType="text/xml" representation="B64">${Buffer.from("<ClinicalDocument xmlns='urn:hl7-org:v3'/>").toString("base64")}</text></clinicalDocument></subject></controlActProcess>`;
    const [, archiveResponse] = (await soapClient.RCMR_IN200002FI01Async({ $xml: archiveFrame })) as [unknown, string];
    expect(archiveResponse).toContain("MCCI_IN000002UV01");

    // The reference client against the same server: exit 0 on AA, 1 on AE, 2 when nothing answers.
    const ok = await runQueryCommand({ url: base, senderOrg: ORGANISER.oid, serviceRequest: "SP3", client, criteria: [], soap: "1.1", specialReason: "2" });
    expect(ok.exitCode).toBe(0);
    expect(ok.output).toContain(kr.setId);
    const json = await runQueryCommand({ url: base, senderOrg: ORGANISER.oid, serviceRequest: "SP5", client, criteria: ["documentGroup=1"], soap: "1.2", json: true, specialReason: "2" });
    expect(JSON.parse(json.output)).toMatchObject({ typeCode: "AA", results: [expect.objectContaining({ setId: kr.setId })] });
    const refused = await runQueryCommand({ url: base, senderOrg: ORGANISER.oid, serviceRequest: "SP5", client, criteria: ["signedAt=2026-11-01"], soap: "1.1", specialReason: "2" });
    expect(refused.exitCode).toBe(1);
    expect(refused.output).toContain("QUERY-CRITERION-NOT-SEARCHABLE");
    const unreachable = await runQueryCommand({ url: "http://127.0.0.1:1", senderOrg: ORGANISER.oid, serviceRequest: "SP3", client, criteria: [], soap: "1.1", specialReason: "2" });
    expect(unreachable.exitCode).toBe(2);

    // The real command line: `--version N` is the document version here, not the program's --version.
    const v2 = await store(nextOf(kr));
    const fetched = await runCli(["query", "--url", base, "--sender-org", ORGANISER.oid, "--service-request", "SP6", "--client", client, "--set-id", kr.setId, "--version", "2", "--special-reason", "2", "--json"]);
    expect(fetched.code).toBe(0);
    expect(JSON.parse(fetched.stdout)).toMatchObject({ typeCode: "AA", results: [expect.objectContaining({ documentId: v2.documentId })] });
    const older = await runCli(["query", "--url", base, "--sender-org", ORGANISER.oid, "--service-request", "SP6", "--client", client, "--set-id", kr.setId, "--version", "1", "--special-reason", "2"]);
    expect(older.code).toBe(1);
    expect(older.stdout).toContain("QUERY-VERSION-SUPERSEDED");
  });
});
