/**
 * Access control in the archive (issue 5), end to end through SOAP: every store and search is a signed
 * HL7 V3 envelope posted to POST /soap/archive of the app on the suite's database backend, the
 * acknowledgement parsed back; facts from the test world
 * (fixtures/world/agreements.json: Hemhjälp Producent Oy has normal register access to Testby from
 * 2023-01-01; Familjestöd had normal access to Exempelstad until 2025-12-31). Each test uses a fresh
 * temporary client id, so no two tests share a client relationship.
 */
import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { queryUsageLog } from "../../src/archive/access.js";
import { buildCdaDocument } from "../../src/cda/build.js";
import { TEST_CLOCK_HEADER } from "../../src/clock.js";
import { parseAcknowledgement } from "../../src/hl7/acknowledgement.js";
import { buildArchiveRequestFrame } from "../../src/hl7/frame.js";
import { buildQueryRequestFrame, parseQueryResponse } from "../../src/hl7/query.js";
import { loadServiceRequests } from "../../src/hl7/service-requests.js";
import type { DocumentBody, DocumentMetadata } from "../../src/model/document.js";
import { signCdaDocument } from "../../src/signature/sign.js";
import { buildSoapEnvelope, contentTypeOf } from "../../src/soap/envelope.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";
import { metadataFactory, testOid } from "../support/metadata.js";

const signerOf = (oid: string) => ({ keyPem: readFileSync(`certs/test/signers/system-${oid}.test-key.pem`, "utf8"), certPem: readFileSync(`certs/test/signers/system-${oid}.pem`, "utf8") });
const NOW = new Date("2026-11-28T12:00:00Z");
const SERVICE_REQUESTS = loadServiceRequests();

const TESTBY = { oid: "1.2.246.10.99990001.10.0", name: "Testbyns välfärdsområde" };
const TESTBY_UNIT = "1.2.246.10.99990001.10.104";
const TESTBY_OTHER_UNIT = "1.2.246.10.99990001.10.105";
const HEMHJALP = { oid: "1.2.246.10.99990004.10.0", name: "Hemhjälp Producent Oy" };
const HEMHJALP_UNIT = "1.2.246.10.99990004.10.401";
const OMSORG = { oid: "1.2.246.10.99990003.10.0", name: "Omsorg Privat Ab" };
const OMSORG_UNIT = "1.2.246.10.99990003.10.301";
const EXEMPELSTAD = { oid: "1.2.246.10.99990002.10.0", name: "Exempelstad (socialväsendet)" };
const TASK = { code: "26", codeSystem: "1.2.246.537.6.1299" };

const C = {
  caseName: { code: { code: "1", codeSystem: "1.2.246.537.6.1265.202301" } },
  open: { code: "1", codeSystem: "1.2.246.10.99990000.3.3" },
  process: { code: "2", codeSystem: "1.2.246.10.99990000.3.1" },
  journal: { code: "2", codeSystem: "1.2.246.10.99990000.3.4" },
  visit: { code: "105", codeSystem: "1.2.246.10.99990000.3.6" },
} as const;

const base = metadataFactory("1.2.246.10.99990001.81", { organiser: TESTBY, serviceUnit: { oid: TESTBY_UNIT }, documentGroup: "journal-entry", serviceTasks: [TASK] });

interface Unit {
  serviceUnitOid: string;
  organisationOid: string;
  start: string;
  end?: string;
}
/** A KR recording the organiser's unit and, when given, producer units (domain/05 serviceTasks form). */
const krOf = (client: string, producerUnits: Unit[] = [], organiserUnit: Unit = { serviceUnitOid: TESTBY_UNIT, organisationOid: TESTBY.oid, start: "2026-11-01" }) => ({
  metadata: base({ title: "Klientrelationshandling", documentGroup: "client-relationship", serviceTasks: [], clients: [client] }),
  body: {
    xhtml: "<paragraph>Klientrelation.</paragraph>",
    json: { asiakkaat: [client], asiakkuusAlkanut: "2026-11-01", palvelutehtava: "26", serviceTasks: [{ serviceTask: TASK, organiserUnits: [organiserUnit], producerUnits }] },
    jsonSchemaOid: "1.2.246.10.99990000.6.2",
  } satisfies DocumentBody,
});
const caseOf = (client: string, caseId: string) =>
  base({ title: "Ärendehandling", documentGroup: "case", clients: [client], caseId, caseName: C.caseName, caseOpenedAt: "2026-11-01", caseStatus: C.open });
const entryOf = (client: string, caseId: string, overrides: Partial<DocumentMetadata> = {}) =>
  base({ clients: [client], caseId, producer: TESTBY, serviceProcess: C.process, generalType: C.journal, specificType: C.visit, ...overrides });
/** A journal entry of the producer Hemhjälp in Testby's register. */
const producerEntryOf = (client: string, caseId: string, overrides: Partial<DocumentMetadata> = {}) =>
  entryOf(client, caseId, { producer: HEMHJALP, serviceUnit: { oid: HEMHJALP_UNIT }, ...overrides });
const nextOf = (m: DocumentMetadata, overrides: Partial<DocumentMetadata> = {}): DocumentMetadata => ({
  ...m,
  documentId: `${m.setId}.${m.versionNumber + 1}`,
  versionNumber: m.versionNumber + 1,
  replacesDocumentId: m.documentId,
  ...overrides,
});

function bodyFor(m: DocumentMetadata): DocumentBody {
  const asiakkaat = m.clients;
  if (m.documentGroup === "case") return { xhtml: "<paragraph>Ärende.</paragraph>", json: { asiakkaat, asiaAvattu: "2026-11-01", asianTila: "avoin" }, jsonSchemaOid: "1.2.246.10.99990000.6.3" };
  return { xhtml: "<paragraph>Anteckning.</paragraph>", json: { asiakkaat, merkinta: "Besök.", merkintapaiva: "2026-11-28" }, jsonSchemaOid: "1.2.246.10.99990000.6.4" };
}

interface Actor {
  organisation: { oid: string };
  unit: string;
  usageSituation: "1" | "2" | "3" | "4";
}
const ORGANISER_ACTOR: Actor = { organisation: TESTBY, unit: TESTBY_UNIT, usageSituation: "1" };
const PRODUCER_ACTOR: Actor = { organisation: HEMHJALP, unit: HEMHJALP_UNIT, usageSituation: "2" };

describe("access control in the archive, through SOAP (issue 5)", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  let strictApp: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(testConfig(), { database: t.database });
    strictApp = await buildApp(testConfig({ strictMode: true }), { database: t.database });
  });
  afterAll(async () => {
    await app.close();
    await strictApp.close();
  });
  let messages = 0;
  const newClient = () => testOid("1.2.246.10.99990001.82");

  /** One signed store (SP1) or makulering (SP2) through POST /soap/archive of the app (strict: the strict app). */
  async function send(metadata: DocumentMetadata, actor: Actor = ORGANISER_ACTOR, options: { body?: DocumentBody; at?: Date; strict?: boolean } = {}) {
    const document = signCdaDocument(buildCdaDocument(metadata, options.body ?? bodyFor(metadata)), signerOf(actor.organisation.oid));
    const code = metadata.status === "cancelled" ? "SP2" : "SP1";
    const at = (options.at ?? NOW).toISOString();
    const frame = buildArchiveRequestFrame({
      messageId: { root: "1.2.246.10.99990001.99.8", extension: `access-${++messages}` },
      creationTime: options.at ?? NOW,
      senderDeviceId: { root: "1.2.246.10.99990001.99.8" },
      senderOrganisationOid: actor.organisation.oid,
      serviceRequest: { code, codeSystem: SERVICE_REQUESTS.codeSystem },
      usageSituation: actor.usageSituation,
      serviceUnitOid: actor.unit,
      professionalId: { root: "1.2.246.537.26", extension: "PRO-ACCESS" },
      document,
    });
    const res = await (options.strict ? strictApp : app).inject({ method: "POST", url: "/soap/archive", headers: { "content-type": contentTypeOf("1.1"), [TEST_CLOCK_HEADER]: at }, payload: buildSoapEnvelope("1.1", frame) });
    expect(res.statusCode, res.body.slice(0, 400)).toBe(200);
    const ack = parseAcknowledgement(res.body);
    const findings = ack.details.map((d) => ({ code: d.code, location: d.location, severity: d.typeCode === "E" ? "error" : "warning" }));
    const stored = (await t.database.db.selectFrom("document_versions").select("version_id").where("version_id", "=", metadata.documentId).executeTakeFirst()) !== undefined;
    return { typeCode: ack.typeCode, findings, summary: { stored }, errors: findings.filter((f) => f.severity === "error").map((f) => f.code), warnings: findings.filter((f) => f.severity === "warning").map((f) => f.code) };
  }

  async function accepted(metadata: DocumentMetadata, actor: Actor = ORGANISER_ACTOR, body?: DocumentBody) {
    const outcome = await send(metadata, actor, body ? { body } : {});
    expect(outcome.errors, JSON.stringify(outcome.findings)).toEqual([]);
    expect(outcome.typeCode).toBe("AA");
    return metadata;
  }

  /** One search (SP3–SP7) through POST /soap/archive. */
  async function search(code: string, clientId: string, actor: Actor = ORGANISER_ACTOR, query: { registerOrganiserOid?: string; specialReason?: { code: string } } = {}, at: Date = NOW) {
    const frame = buildQueryRequestFrame({
      messageId: { root: "1.2.246.10.99990001.99.9", extension: `access-query-${++messages}` },
      creationTime: at,
      senderDeviceId: { root: "1.2.246.10.99990001.99.9" },
      senderOrganisationOid: actor.organisation.oid,
      serviceRequest: { code, codeSystem: SERVICE_REQUESTS.codeSystem },
      usageSituation: actor.usageSituation,
      serviceUnitOid: actor.unit,
      clientId,
      ...(query.registerOrganiserOid && { registerOrganiserOid: query.registerOrganiserOid }),
      ...(query.specialReason && { specialReason: { code: query.specialReason.code, codeSystem: "1.2.246.10.99990000.3.12" } }),
    });
    const res = await app.inject({ method: "POST", url: "/soap/archive", headers: { "content-type": contentTypeOf("1.1"), [TEST_CLOCK_HEADER]: at.toISOString() }, payload: buildSoapEnvelope("1.1", frame) });
    expect(res.statusCode, res.body.slice(0, 400)).toBe(200);
    const answer = parseQueryResponse(res.body);
    return { ...answer, errors: answer.details.filter((d) => d.typeCode === "E").map((d) => d.code), sets: answer.results.map((r) => r.setId) };
  }

  /** A client whose KR records the organiser unit and Hemhjälp's unit from 2026-11-01, and an organiser case. */
  async function clientServedByProducer(producerUnit: Partial<Unit> = {}) {
    const client = newClient();
    const caseId = testOid("1.2.246.10.99990001.83");
    const kr = krOf(client, [{ serviceUnitOid: HEMHJALP_UNIT, organisationOid: HEMHJALP.oid, start: "2026-11-01", ...producerUnit }]);
    await accepted(kr.metadata, ORGANISER_ACTOR, kr.body);
    await accepted(caseOf(client, caseId));
    return { client, caseId };
  }

  describe("stores (SP1/SP2)", () => {
    it("the organiser stores in its own register under usage situation 1; the store is logged as allowed [D07-R60 L29953-29979, D08-R52 L34238-34240, D07-R56]", async () => {
      const client = newClient();
      const kr = krOf(client);
      await accepted(kr.metadata, ORGANISER_ACTOR, kr.body);
      const log = await queryUsageLog(t.database.db, { client });
      expect(log).toEqual([expect.objectContaining({ action: "store", usageSituation: "1", outcome: "allowed", basis: "new-client-relationship", organisationOid: TESTBY.oid, serviceUnitOid: TESTBY_UNIT, professionalId: "PRO-ACCESS", documentId: kr.metadata.documentId })]);
    });

    it("usage situation 1 names the own register only: a producer storing in the organiser's register under 1 is refused [D08-R72 L29888-29929, L34604-34610]", async () => {
      const { client, caseId } = await clientServedByProducer();
      const outcome = await send(producerEntryOf(client, caseId), { ...PRODUCER_ACTOR, usageSituation: "1" });
      expect(outcome.errors).toEqual(["ACCESS-USAGE-SITUATION-REGISTER-MISMATCH"]);
      expect(outcome.findings[0]!.location).toContain("reasonCode[@codeSystem='1.2.246.537.6.1289.201901']");
      expect(outcome.summary).toMatchObject({ stored: false });
    });

    it("a producer with a production agreement and a valid KR entry stores a journal entry in the organiser's case under usage situation 2 [D08-R17 L32318-32338, D08-R12 L32220-32254]", async () => {
      const { client, caseId } = await clientServedByProducer();
      const entry = await accepted(producerEntryOf(client, caseId), PRODUCER_ACTOR);
      const log = await queryUsageLog(t.database.db, { client, organisation: HEMHJALP.oid });
      expect(log).toEqual([expect.objectContaining({ action: "store", usageSituation: "2", outcome: "allowed", basis: "register-access", documentId: entry.documentId })]);
    });

    it("a producer without an agreement with the organiser is refused and nothing is stored [D08-R14 L32264-32266]", async () => {
      const client = newClient();
      const caseId = testOid("1.2.246.10.99990001.83");
      const kr = krOf(client, [{ serviceUnitOid: OMSORG_UNIT, organisationOid: OMSORG.oid, start: "2026-11-01" }]);
      await accepted(kr.metadata, ORGANISER_ACTOR, kr.body);
      await accepted(caseOf(client, caseId));
      const entry = entryOf(client, caseId, { producer: OMSORG, serviceUnit: { oid: OMSORG_UNIT } });
      const outcome = await send(entry, { organisation: OMSORG, unit: OMSORG_UNIT, usageSituation: "2" });
      expect(outcome.errors).toEqual(["ACCESS-NO-PRODUCTION-AGREEMENT"]);
      const stored = await t.database.db.selectFrom("document_versions").select("version_id").where("set_id", "=", entry.setId).execute();
      expect(stored).toEqual([]);
      expect(await queryUsageLog(t.database.db, { client, organisation: OMSORG.oid })).toEqual([expect.objectContaining({ outcome: "refused", refusalCode: "ACCESS-NO-PRODUCTION-AGREEMENT" })]);
    });

    it("the producer's register access follows its KR entry: before the start and after the end it is refused [D08-R12 L32220-32250, table DT-4]", async () => {
      const future = await clientServedByProducer({ start: "2026-12-01" });
      expect((await send(producerEntryOf(future.client, future.caseId), PRODUCER_ACTOR)).errors).toEqual(["ACCESS-NO-REGISTER-ACCESS"]);
      const ended = await clientServedByProducer({ start: "2026-11-01", end: "2026-11-20" });
      expect((await send(producerEntryOf(ended.client, ended.caseId), PRODUCER_ACTOR)).errors).toEqual(["ACCESS-NO-REGISTER-ACCESS"]);
      const unrecorded = await clientServedByProducer({ serviceUnitOid: "1.2.246.10.99990004.10.499" });
      expect((await send(producerEntryOf(unrecorded.client, unrecorded.caseId), PRODUCER_ACTOR)).errors).toEqual(["ACCESS-NO-REGISTER-ACCESS"]);
    });

    it("a producer under normal register access maintains no KR or case documents [D08-R21 L32344-32348, L34590-34594]", async () => {
      const { client } = await clientServedByProducer();
      const theCase = { ...caseOf(client, testOid("1.2.246.10.99990001.83")), producer: HEMHJALP, serviceUnit: { oid: HEMHJALP_UNIT } };
      expect((await send(theCase, PRODUCER_ACTOR)).errors).toEqual(["ACCESS-PRODUCER-DOCUMENT-GROUP-FORBIDDEN"]);
    });

    it("a producer attaches its documents only to a case the organiser opened for the client [D08-R17 L32318-32330]", async () => {
      const { client } = await clientServedByProducer();
      // The storage checks refuse the unknown case too (STR-CASE-MISSING); access says why the producer may not use it.
      const outcome = await send(producerEntryOf(client, testOid("1.2.246.10.99990001.83")), PRODUCER_ACTOR);
      expect(outcome.errors).toContain("ACCESS-CASE-NOT-ORGANISER");
      expect(outcome.findings.find((f) => f.code === "ACCESS-CASE-NOT-ORGANISER")!.location).toBe("/ClinicalDocument");
    });

    it("a producer versions and cancels only its own documents, not the organiser's [D08-R22 L32342-32344, L32352-32356]", async () => {
      const { client, caseId } = await clientServedByProducer();
      const own = await accepted(producerEntryOf(client, caseId), PRODUCER_ACTOR);
      await accepted(nextOf(own), PRODUCER_ACTOR);
      const organisers = await accepted(entryOf(client, caseId));
      expect((await send(nextOf(organisers, { producer: HEMHJALP, serviceUnit: { oid: HEMHJALP_UNIT } }), PRODUCER_ACTOR)).errors).toEqual(["ACCESS-NOT-DOCUMENT-CREATOR"]);
      expect((await send(nextOf(organisers, { status: "cancelled" }), PRODUCER_ACTOR)).errors).toEqual(["ACCESS-NOT-DOCUMENT-CREATOR"]);
    });

    it("the agreement must be in force on the request date: before its start and after its end there is no register access [D08-R14 L32264-32266]", async () => {
      // An agreement Omsorg Privat → Testby for 29–30 November only (the world has none between them).
      await t.database.db
        .insertInto("producer_agreements")
        .values({ id: `ended-${testOid()}`, organiser_oid: TESTBY.oid, producer_oid: OMSORG.oid, access: "normal", service_unit_oids: [OMSORG_UNIT], valid_from: "2026-11-29", valid_to: "2026-11-30", old_data_agreement: false })
        .execute();
      const client = newClient();
      const caseId = testOid("1.2.246.10.99990001.83");
      const kr = krOf(client, [{ serviceUnitOid: OMSORG_UNIT, organisationOid: OMSORG.oid, start: "2026-11-01" }]);
      await accepted(kr.metadata, ORGANISER_ACTOR, kr.body);
      await accepted(caseOf(client, caseId));
      const omsorg: Actor = { organisation: OMSORG, unit: OMSORG_UNIT, usageSituation: "2" };
      const entry = entryOf(client, caseId, { producer: OMSORG, serviceUnit: { oid: OMSORG_UNIT } });
      expect((await send(entry, omsorg)).errors).toEqual(["ACCESS-NO-PRODUCTION-AGREEMENT"]);
      expect((await send(entry, omsorg, { at: new Date("2026-12-01T12:00:00Z") })).errors).toEqual(["ACCESS-NO-PRODUCTION-AGREEMENT"]);
      expect((await send(entry, omsorg, { at: new Date("2026-11-30T12:00:00Z") })).errors).toEqual([]);
    });

    it("a store without saklig anknytning of the acting unit is the client system's duty: a warning, an error in strict mode [D08-R54 L34139-34147, DESIGN §7 decision 0]", async () => {
      const client = newClient();
      const caseId = testOid("1.2.246.10.99990001.83");
      const kr = krOf(client);
      await accepted(kr.metadata, ORGANISER_ACTOR, kr.body);
      await accepted(caseOf(client, caseId));
      const otherUnit: Actor = { organisation: TESTBY, unit: TESTBY_OTHER_UNIT, usageSituation: "1" };
      const lenient = await send(entryOf(client, caseId), otherUnit);
      expect(lenient).toMatchObject({ typeCode: "AA", errors: [], warnings: ["ACCESS-STORE-WITHOUT-SAKLIG-ANKNYTNING"] });
      const strict = await send(entryOf(client, caseId), otherUnit, { strict: true });
      expect(strict).toMatchObject({ typeCode: "AE", errors: ["ACCESS-STORE-WITHOUT-SAKLIG-ANKNYTNING"] });
    });
  });

  describe("searches (SP3–SP7)", () => {
    it("the acting unit with an active client relationship searches its own register; the search is logged with its basis [02 S5(a), D08-R52 L34067-34069, L34284-34286, D07-R56]", async () => {
      const client = newClient();
      const kr = krOf(client);
      await accepted(kr.metadata, ORGANISER_ACTOR, kr.body);
      const answer = await search("SP3", client);
      expect(answer).toMatchObject({ typeCode: "AA", errors: [], sets: [kr.metadata.setId] });
      const log = await queryUsageLog(t.database.db, { client, organisation: TESTBY.oid });
      expect(log.at(-1)).toMatchObject({ action: "search-client-relationship", outcome: "allowed", basis: "saklig-anknytning", serviceUnitOid: TESTBY_UNIT });
    });

    it("without saklig anknytning the search is refused and logged as refused; a valid special reason opens it and is logged [02 S5(b)(c) L5457-5603, D08-R53 L34252-34262, L34319-34321]", async () => {
      const client = newClient();
      const kr = krOf(client);
      await accepted(kr.metadata, ORGANISER_ACTOR, kr.body);
      const otherUnit: Actor = { organisation: TESTBY, unit: TESTBY_OTHER_UNIT, usageSituation: "1" };
      const refused = await search("SP5", client, otherUnit);
      expect(refused).toMatchObject({ typeCode: "AR", errors: ["ACCESS-NO-SAKLIG-ANKNYTNING"], sets: [] });
      expect(refused.details[0]!.location).toContain("authorOrPerformer");
      const { SPECIAL_REASON_CODES } = await import("../../src/rules/access/policy.js");
      const reason = SPECIAL_REASON_CODES[0]!.code;
      const opened = await search("SP5", client, otherUnit, { specialReason: { code: reason } });
      expect(opened).toMatchObject({ typeCode: "AA", sets: [kr.metadata.setId] });
      const unknown = await search("SP5", client, otherUnit, { specialReason: { code: "no-such-reason" } });
      expect(unknown.errors).toEqual(["ACCESS-SPECIAL-REASON-UNKNOWN"]);
      const log = await queryUsageLog(t.database.db, { client, organisation: TESTBY.oid });
      expect(log.filter((r) => r.serviceUnitOid === TESTBY_OTHER_UNIT).map((r) => [r.outcome, r.refusalCode ?? r.basis, r.specialReasonCode])).toEqual([
        ["refused", "ACCESS-NO-SAKLIG-ANKNYTNING", undefined],
        ["allowed", "special-reason", reason],
        ["refused", "ACCESS-SPECIAL-REASON-UNKNOWN", undefined],
      ]);
    });

    it("saklig anknytning is judged on the request date: after the relationship ends the search is refused [D08-R52 L34284-34286, D08-R55]", async () => {
      const client = newClient();
      const kr = krOf(client, [], { serviceUnitOid: TESTBY_UNIT, organisationOid: TESTBY.oid, start: "2026-11-01", end: "2026-11-30" });
      await accepted(kr.metadata, ORGANISER_ACTOR, kr.body);
      expect((await search("SP3", client, ORGANISER_ACTOR, {}, new Date("2026-11-30T12:00:00Z"))).errors).toEqual([]);
      expect((await search("SP3", client, ORGANISER_ACTOR, {}, new Date("2026-12-01T12:00:00Z"))).errors).toEqual(["ACCESS-NO-SAKLIG-ANKNYTNING"]);
    });

    it("another controller's register is not searched under usage situation 1; under 3 the own-register search kinds are refused (the disclosure search is a later part) [D08-R72 L29888-29929, D07-R60 L29997-30005]", async () => {
      const client = newClient();
      const kr = krOf(client);
      await accepted(kr.metadata, ORGANISER_ACTOR, kr.body);
      const exempelstad: Actor = { organisation: EXEMPELSTAD, unit: "1.2.246.10.99990002.10.201", usageSituation: "1" };
      expect((await search("SP3", client, exempelstad, { registerOrganiserOid: TESTBY.oid })).errors).toEqual(["ACCESS-USAGE-SITUATION-REGISTER-MISMATCH"]);
      expect((await search("SP3", client, { ...exempelstad, usageSituation: "3" }, { registerOrganiserOid: TESTBY.oid })).errors).toEqual(["ACCESS-ACTION-NOT-IN-USAGE-SITUATION"]);
    });

    it("a producer searches the organiser's register under usage situation 2 while its KR entry is valid [D08-R12 L32220-32254]", async () => {
      const { client, caseId } = await clientServedByProducer();
      const entry = await accepted(producerEntryOf(client, caseId), PRODUCER_ACTOR);
      const answer = await search("SP5", client, PRODUCER_ACTOR, { registerOrganiserOid: TESTBY.oid });
      expect(answer.errors).toEqual([]);
      expect(answer.sets).toContain(entry.setId);
      const after = await search("SP5", newClient(), PRODUCER_ACTOR, { registerOrganiserOid: TESTBY.oid });
      expect(after.errors).toEqual(["ACCESS-NO-REGISTER-ACCESS"]);
    });
  });

  describe("domain/08 §7 scenarios", () => {
    it("scenario 1: happy-path register access — the producer searches and stores; two usage-log entries in the organiser's register name the producer unit and usage situation 2, no disclosure entry [D08-R10, D08-R12 L32220-32254, D08-R17 L32318-32338, DT-8.2]", async () => {
      const { client, caseId } = await clientServedByProducer();
      expect((await search("SP3", client, PRODUCER_ACTOR, { registerOrganiserOid: TESTBY.oid })).errors).toEqual([]);
      await accepted(producerEntryOf(client, caseId), PRODUCER_ACTOR);
      const producerRows = await queryUsageLog(t.database.db, { client, organisation: HEMHJALP.oid });
      expect(producerRows.map((r) => [r.log, r.action, r.usageSituation, r.registerOid, r.serviceUnitOid, r.outcome])).toEqual([
        ["usage", "search-client-relationship", "2", TESTBY.oid, HEMHJALP_UNIT, "allowed"],
        ["usage", "store", "2", TESTBY.oid, HEMHJALP_UNIT, "allowed"],
      ]);
    });

    it("scenario 2: after the producer's KR entry ends it cannot store, and the organiser (usage situation 1, saklig anknytning) versions the producer's entry [D08-R12 L32220-32250, D08-R23, DT-5]", async () => {
      const client = newClient();
      const caseId = testOid("1.2.246.10.99990001.83");
      const kr = krOf(client, [{ serviceUnitOid: HEMHJALP_UNIT, organisationOid: HEMHJALP.oid, start: "2026-11-01" }]);
      await accepted(kr.metadata, ORGANISER_ACTOR, kr.body);
      await accepted(caseOf(client, caseId));
      const entry = await accepted(producerEntryOf(client, caseId), PRODUCER_ACTOR);
      const ended = krOf(client, [{ serviceUnitOid: HEMHJALP_UNIT, organisationOid: HEMHJALP.oid, start: "2026-11-01", end: "2026-11-27" }]);
      await accepted(nextOf(kr.metadata), ORGANISER_ACTOR, ended.body);
      expect((await send(producerEntryOf(client, caseId), PRODUCER_ACTOR)).errors).toEqual(["ACCESS-NO-REGISTER-ACCESS"]);
      await accepted(nextOf(entry), ORGANISER_ACTOR);
    });

    it("scenario 5: old client documents cannot be stored under normal register access [D08-R19 L32338-32342]", async () => {
      const { client, caseId } = await clientServedByProducer();
      const outcome = await send(producerEntryOf(client, caseId, { documentGroup: "old" }), PRODUCER_ACTOR);
      expect(outcome.errors).toContain("ACCESS-OLD-DATA-FORBIDDEN");
    });

    it("scenario 3: the producer may not version the KR, store or makulera a case document, or use a case the organiser did not open [D08-R17 L32318-32330, D08-R21 L32344-32348]", async () => {
      const client = newClient();
      const caseId = testOid("1.2.246.10.99990001.83");
      const kr = krOf(client, [{ serviceUnitOid: HEMHJALP_UNIT, organisationOid: HEMHJALP.oid, start: "2026-11-01" }]);
      await accepted(kr.metadata, ORGANISER_ACTOR, kr.body);
      const theCase = await accepted(caseOf(client, caseId));
      expect((await send(nextOf(kr.metadata), PRODUCER_ACTOR, { body: kr.body })).errors).toContain("ACCESS-PRODUCER-DOCUMENT-GROUP-FORBIDDEN");
      expect((await send(nextOf(theCase, { status: "cancelled" }), PRODUCER_ACTOR)).errors).toContain("ACCESS-PRODUCER-DOCUMENT-GROUP-FORBIDDEN");
    });

    it("scenario 4: authorship — a second recorded producer's document is not the first producer's to makulera [D08-R20, D08-R22 L32342-32344, L32352-32356]", async () => {
      const { client, caseId } = await clientServedByProducer();
      const own = await accepted(producerEntryOf(client, caseId), PRODUCER_ACTOR);
      await accepted(nextOf(own, { status: "cancelled" }), PRODUCER_ACTOR);
      // A document whose version 1 names another producer (#3) was not created by Hemhjälp.
      const others = await accepted(entryOf(client, caseId, { producer: { oid: "1.2.246.10.99990005.10.0", name: "Familjestöd Producent Ab" } }));
      expect((await send(nextOf(others, { status: "cancelled" }), PRODUCER_ACTOR)).errors).toEqual(["ACCESS-NOT-DOCUMENT-CREATOR"]);
    });

    it("scenario 6: a servicegivare designated by the producer has the producer's access through its own KR entry [D08-R13 L32236]", async () => {
      const client = newClient();
      const caseId = testOid("1.2.246.10.99990001.83");
      const kr = {
        metadata: krOf(client).metadata,
        body: {
          ...krOf(client).body,
          json: {
            asiakkaat: [client],
            asiakkuusAlkanut: "2026-11-01",
            palvelutehtava: "26",
            serviceTasks: [
              {
                serviceTask: TASK,
                organiserUnits: [{ serviceUnitOid: TESTBY_UNIT, organisationOid: TESTBY.oid, start: "2026-11-01" }],
                producerUnits: [{ serviceUnitOid: HEMHJALP_UNIT, organisationOid: HEMHJALP.oid, start: "2026-11-01" }],
                subcontractorUnits: [{ serviceUnitOid: OMSORG_UNIT, organisationOid: OMSORG.oid, designatedByServiceUnitOid: HEMHJALP_UNIT, start: "2026-11-01" }],
              },
            ],
          },
        },
      };
      await accepted(kr.metadata, ORGANISER_ACTOR, kr.body);
      await accepted(caseOf(client, caseId));
      const servicegivare: Actor = { organisation: OMSORG, unit: OMSORG_UNIT, usageSituation: "2" };
      const entry = entryOf(client, caseId, { producer: HEMHJALP, subcontractor: OMSORG, serviceUnit: { oid: OMSORG_UNIT } });
      const outcome = await send(entry, servicegivare);
      expect(outcome.errors, JSON.stringify(outcome.findings)).toEqual([]);
      expect(await queryUsageLog(t.database.db, { client, organisation: OMSORG.oid })).toEqual([expect.objectContaining({ outcome: "allowed", basis: "register-access", serviceUnitOid: OMSORG_UNIT })]);
    });

    it("scenario 8: a joint-case document of a producer needs the producer unit in every client's KR; then one log entry per client [D08-R25 L32204-32218, Q4]", async () => {
      const k1 = newClient();
      const k3 = newClient();
      const caseId = testOid("1.2.246.10.99990001.83");
      const producerUnit = { serviceUnitOid: HEMHJALP_UNIT, organisationOid: HEMHJALP.oid, start: "2026-11-01" };
      const kr1 = krOf(k1, [producerUnit]);
      const kr3 = krOf(k3);
      await accepted(kr1.metadata, ORGANISER_ACTOR, kr1.body);
      await accepted(kr3.metadata, ORGANISER_ACTOR, kr3.body);
      await accepted({ ...caseOf(k1, caseId), clients: [k1, k3] });
      const joint = producerEntryOf(k1, caseId, { clients: [k1, k3] });
      expect((await send(joint, PRODUCER_ACTOR)).errors).toEqual(["ACCESS-JOINT-CASE-CLIENT-NOT-COVERED"]);
      const kr3v2 = krOf(k3, [producerUnit]);
      await accepted(nextOf(kr3.metadata), ORGANISER_ACTOR, kr3v2.body);
      await accepted(joint, PRODUCER_ACTOR);
      const rows = (await queryUsageLog(t.database.db, { organisation: HEMHJALP.oid })).filter((r) => r.documentId === joint.documentId);
      // The refusal is logged for the client the request names; the accepted store once per client.
      expect(rows.filter((r) => r.outcome === "refused").map((r) => [r.clientId, r.refusalCode])).toEqual([[k1, "ACCESS-JOINT-CASE-CLIENT-NOT-COVERED"]]);
      expect(rows.filter((r) => r.outcome === "allowed").map((r) => r.clientId).sort()).toEqual([k1, k3].sort());
    });

    it("scenario 9: extended register access — the granted producer unit creates the KR, a case and an entry under usage situation 4; a producer without a grant and a non-granted unit are refused [D08-R27 L33826-33838, D08-R28 L33840-33858]", async () => {
      const familjestod = { oid: "1.2.246.10.99990005.10.0", name: "Familjestöd Producent Ab" };
      const grantedUnit = "1.2.246.10.99990005.10.501";
      const x1: Actor = { organisation: familjestod, unit: grantedUnit, usageSituation: "4" };
      const client = newClient();
      const caseId = testOid("1.2.246.10.99990001.83");
      const asProducer = (m: DocumentMetadata) => ({ ...m, producer: familjestod, serviceUnit: { oid: grantedUnit } });
      const kr = krOf(client, [{ serviceUnitOid: grantedUnit, organisationOid: familjestod.oid, start: "2026-11-01" }]);
      const sent = await send(asProducer(kr.metadata), x1, { body: kr.body });
      // Familjestöd has no system certificate in the test PKI; the documents are signed by Testby's system.
      expect(sent.errors.filter((c) => c.startsWith("ACCESS-")), JSON.stringify(sent.findings)).toEqual([]);
      expect(sent.typeCode, JSON.stringify(sent.findings)).toBe("AA");
      await accepted(asProducer(caseOf(client, caseId)), x1);
      await accepted(asProducer(entryOf(client, caseId)), x1);
      expect((await queryUsageLog(t.database.db, { client, organisation: familjestod.oid })).map((r) => [r.usageSituation, r.basis])).toEqual([
        ["4", "extended-register-access"],
        ["4", "extended-register-access"],
        ["4", "extended-register-access"],
      ]);
      const other = newClient();
      const noGrant = krOf(other, [{ serviceUnitOid: HEMHJALP_UNIT, organisationOid: HEMHJALP.oid, start: "2026-11-01" }]);
      expect((await send({ ...noGrant.metadata, producer: HEMHJALP, serviceUnit: { oid: HEMHJALP_UNIT } }, { ...PRODUCER_ACTOR, usageSituation: "4" }, { body: noGrant.body })).errors).toEqual(["ACCESS-NO-EXTENDED-GRANT"]);
      const ungranted = krOf(newClient(), [
        { serviceUnitOid: grantedUnit, organisationOid: familjestod.oid, start: "2026-11-01" },
        { serviceUnitOid: HEMHJALP_UNIT, organisationOid: HEMHJALP.oid, start: "2026-11-01" },
      ]);
      expect((await send(asProducer(ungranted.metadata), x1, { body: ungranted.body })).errors).toContain("ACCESS-EXTENDED-UNIT-NOT-GRANTED");
    });

    it("scenario 10: extended old data — only with an old-data agreement, never in a joint case, an old shelter-service document with its mandatory metadata [D08-R35 L33945-33967]", async () => {
      const familjestod = { oid: "1.2.246.10.99990005.10.0", name: "Familjestöd Producent Ab" };
      const grantedUnit = "1.2.246.10.99990005.10.501";
      const x1: Actor = { organisation: familjestod, unit: grantedUnit, usageSituation: "4" };
      const post = await app.inject({ method: "POST", url: "/admin/api/world/agreements", payload: { id: "a-testby-omsorg-extended", organiser_oid: TESTBY.oid, producer_oid: OMSORG.oid, access: "extended", service_unit_oids: [OMSORG_UNIT], valid_from: "2024-01-01", old_data_agreement: false } });
      expect(post.statusCode).toBe(201);
      const client = newClient();
      const other = newClient();
      const units = [
        { serviceUnitOid: grantedUnit, organisationOid: familjestod.oid, start: "2026-11-01" },
        { serviceUnitOid: OMSORG_UNIT, organisationOid: OMSORG.oid, start: "2026-11-01" },
      ];
      for (const c of [client, other]) {
        const kr = krOf(c, units);
        await accepted(kr.metadata, ORGANISER_ACTOR, kr.body);
      }
      const caseId = testOid("1.2.246.10.99990001.83");
      await accepted(caseOf(client, caseId));
      const oldOf = (producer: { oid: string; name: string }, unit: string, overrides: Partial<DocumentMetadata> = {}) =>
        entryOf(client, caseId, { documentGroup: "old", producer, serviceUnit: { oid: unit, name: "Enhet" }, ...overrides });
      const accessErrors = async (m: DocumentMetadata, actor: Actor) => (await send(m, actor)).errors.filter((c) => c.startsWith("ACCESS-"));
      expect(await accessErrors(oldOf(OMSORG, OMSORG_UNIT), { organisation: OMSORG, unit: OMSORG_UNIT, usageSituation: "4" })).toEqual(["ACCESS-OLD-DATA-FORBIDDEN"]);
      expect(await accessErrors(oldOf(familjestod, grantedUnit, { clients: [client, other] }), x1)).toEqual(["ACCESS-OLD-DATA-JOINT-CASE"]);
      const shelter = [{ code: "56", codeSystem: "1.2.246.10.99990000.3.2" }];
      expect(await accessErrors(oldOf(familjestod, grantedUnit, { socialServices: shelter, serviceUnit: { oid: grantedUnit } }), x1)).toEqual(["ACCESS-OLD-SHELTER-METADATA-MISSING"]);
      expect(await accessErrors(oldOf(familjestod, grantedUnit, { socialServices: shelter }), x1)).toEqual([]);
    });

    it("scenario 11: a worker at another unit of the organiser searches with no motive → refused; a child-welfare worker with a special reason → allowed and logged [D08-R52…D08-R55 L34252-34262, L34284-34286]", async () => {
      const client = newClient();
      const kr = krOf(client);
      await accepted(kr.metadata, ORGANISER_ACTOR, kr.body);
      const childWelfare: Actor = { organisation: TESTBY, unit: "1.2.246.10.99990001.10.101", usageSituation: "1" };
      expect((await search("SP7", client, childWelfare)).errors).toEqual(["ACCESS-NO-SAKLIG-ANKNYTNING"]);
      const { SPECIAL_REASON_CODES } = await import("../../src/rules/access/policy.js");
      const code = SPECIAL_REASON_CODES.at(-1)!.code;
      expect((await search("SP7", client, childWelfare, { specialReason: { code } })).errors).toEqual([]);
      expect((await queryUsageLog(t.database.db, { client })).at(-1)).toMatchObject({ action: "summary", outcome: "allowed", basis: "special-reason", specialReasonCode: code });
    });

    it("scenario 7: register access needs an organiser that joined the archive and uses phase 2 (organisation register facts, set through the admin world API) [D08-R14 L32264-32278, D08-R15 L32132, L32288-32306]", async () => {
      const post = (path: string, body: object) => app.inject({ method: "POST", url: `/admin/api/world/${path}`, payload: body });
      const phase1 = "1.2.246.10.99990007.10.0";
      const notJoined = "1.2.246.10.99990008.10.0";
      expect((await post("organisations", { oid: phase1, name: "Fasettby kommun", kind: "municipality", is_public: true, archive_phase: 1 })).statusCode).toBe(201);
      expect((await post("organisations", { oid: notJoined, name: "Utanförby kommun", kind: "municipality", is_public: true, joined_archive: false })).statusCode).toBe(201);
      for (const organiser of [phase1, notJoined]) {
        expect((await post("agreements", { id: `a-${organiser}-hemhjalp`, organiser_oid: organiser, producer_oid: HEMHJALP.oid, access: "normal", service_unit_oids: [HEMHJALP_UNIT], valid_from: "2023-01-01" })).statusCode).toBe(201);
      }
      const client = newClient();
      expect((await search("SP5", client, PRODUCER_ACTOR, { registerOrganiserOid: phase1 })).errors).toEqual(["ACCESS-PHASE-INCOMPATIBLE"]);
      expect((await search("SP5", client, PRODUCER_ACTOR, { registerOrganiserOid: notJoined })).errors).toEqual(["ACCESS-ORGANISATION-NOT-JOINED"]);
      // The same producer in a phase-2 organiser's register passes these checks (and is judged on its KR entry).
      expect((await search("SP5", client, PRODUCER_ACTOR, { registerOrganiserOid: TESTBY.oid })).errors).toEqual(["ACCESS-NO-REGISTER-ACCESS"]);
      // A phase-2 organiser with a phase-1 producer: allowed — the producer's phase does not matter (DT-2).
      const phase1Producer = { oid: "1.2.246.10.99990010.10.0", name: "Fasett Producent Ab" };
      const phase1Unit = "1.2.246.10.99990010.10.901";
      expect((await post("organisations", { ...phase1Producer, kind: "private", is_public: false, archive_phase: 1 })).statusCode).toBe(201);
      expect((await post("agreements", { id: "a-testby-fasett", organiser_oid: TESTBY.oid, producer_oid: phase1Producer.oid, access: "normal", service_unit_oids: [phase1Unit], valid_from: "2023-01-01" })).statusCode).toBe(201);
      const served = newClient();
      const kr = krOf(served, [{ serviceUnitOid: phase1Unit, organisationOid: phase1Producer.oid, start: "2026-11-01" }]);
      await accepted(kr.metadata, ORGANISER_ACTOR, kr.body);
      const byPhase1 = await search("SP5", served, { organisation: phase1Producer, unit: phase1Unit, usageSituation: "2" }, { registerOrganiserOid: TESTBY.oid });
      expect(byPhase1).toMatchObject({ typeCode: "AA", errors: [], sets: [kr.metadata.setId] });
    });

    it("scenario 12: spärr storage — covered items belong in the KR only; a journal entry carrying the address is a client-system duty broken (warning, refused in strict mode), empty fields or the phone number are fine [D08-R64, D08-R65 L34472-34494, DT-9]", async () => {
      const client = "230684-946V"; // Cecilia: spärrmarkering in the population-register fixture
      const kr = krOf(client);
      const krBody = { ...kr.body, json: { ...(kr.body.json as object), personalData: [{ personId: client, items: { permanentAddressFinland: "Hemlig gatan 1", homeMunicipality: "Testby" } }] } };
      const krOutcome = await send(kr.metadata, ORGANISER_ACTOR, { body: krBody });
      expect(krOutcome).toMatchObject({ typeCode: "AA", errors: [], warnings: [] });
      const caseId = testOid("1.2.246.10.99990001.83");
      await accepted(caseOf(client, caseId));
      const entryWith = (items: Record<string, string>) => {
        const metadata = entryOf(client, caseId);
        const body = bodyFor(metadata);
        return { metadata, body: { ...body, json: { ...(body.json as object), personalData: [{ personId: client, items }] } } };
      };
      const address = entryWith({ permanentAddressFinland: "Hemlig gatan 1" });
      expect(await send(address.metadata, ORGANISER_ACTOR, { body: address.body, strict: true })).toMatchObject({ errors: ["ACCESS-NON-DISCLOSURE-DATA-IN-DOCUMENT"], summary: { stored: false } });
      expect(await send(address.metadata, ORGANISER_ACTOR, { body: address.body })).toMatchObject({ typeCode: "AA", warnings: ["ACCESS-NON-DISCLOSURE-DATA-IN-DOCUMENT"] });
      const empty = entryWith({ permanentAddressFinland: "" });
      expect(await send(empty.metadata, ORGANISER_ACTOR, { body: empty.body, strict: true })).toMatchObject({ typeCode: "AA", errors: [], warnings: [] });
      const phone = entryWith({ phoneNumber: "040 123 4567" });
      expect(await send(phone.metadata, ORGANISER_ACTOR, { body: phone.body, strict: true })).toMatchObject({ typeCode: "AA", errors: [], warnings: [] });
    });

    it("scenario 22: a message signed with a test-CA certificate is accepted; an expired certificate is refused [D08-R70 L34559-34569]", async () => {
      const client = newClient();
      const kr = krOf(client);
      await accepted(kr.metadata, ORGANISER_ACTOR, kr.body);
      const expired = { keyPem: readFileSync("certs/test/signers/expired-system.test-key.pem", "utf8"), certPem: readFileSync("certs/test/signers/expired-system.pem", "utf8") };
      const metadata = caseOf(client, testOid("1.2.246.10.99990001.83"));
      const document = signCdaDocument(buildCdaDocument(metadata, bodyFor(metadata)), expired);
      const frame = buildArchiveRequestFrame({
        messageId: { root: "1.2.246.10.99990001.99.8", extension: `access-expired-${++messages}` },
        creationTime: NOW,
        senderDeviceId: { root: "1.2.246.10.99990001.99.8" },
        senderOrganisationOid: TESTBY.oid,
        serviceRequest: { code: "SP1", codeSystem: SERVICE_REQUESTS.codeSystem },
        usageSituation: "1",
        serviceUnitOid: TESTBY_UNIT,
        document,
      });
      const res = await app.inject({ method: "POST", url: "/soap/archive", headers: { "content-type": contentTypeOf("1.1"), [TEST_CLOCK_HEADER]: NOW.toISOString() }, payload: buildSoapEnvelope("1.1", frame) });
      const ack = parseAcknowledgement(res.body);
      expect(ack.typeCode).not.toBe("AA");
      expect(ack.details.map((d) => d.code)).toContain("SIG-CERT-EXPIRED");
    });
  });

  it("the usage log is append-only: updates and deletes are refused by the database [D07-R56, DESIGN §7.8]", async () => {
    const client = newClient();
    const kr = krOf(client);
    await accepted(kr.metadata, ORGANISER_ACTOR, kr.body);
    await expect(sql`UPDATE usage_log SET outcome = 'refused' WHERE client_id = ${client}`.execute(t.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM usage_log WHERE client_id = ${client}`.execute(t.database.db)).rejects.toThrow(/append-only/);
    expect(await queryUsageLog(t.database.db, { client })).toHaveLength(1);
    expect(await queryUsageLog(t.database.db, { client, from: "2026-11-29T00:00:00Z" })).toEqual([]);
    expect(await queryUsageLog(t.database.db, { client, to: "2026-11-28T12:00:00Z" })).toHaveLength(1);
  });
});
