/**
 * Access control over the wire (issue 5): a producer's store travels buildApp → POST /soap/archive as a
 * real SOAP envelope and gets the acknowledgement the handbook asks for, with the access code, its
 * XPath and the texts in Finnish, Swedish and English; the usage log records it.
 */
import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { queryUsageLog } from "../../src/archive/access.js";
import { buildCdaDocument } from "../../src/cda/build.js";
import { TEST_CLOCK_HEADER } from "../../src/clock.js";
import { parseAcknowledgement } from "../../src/hl7/acknowledgement.js";
import { buildArchiveRequestFrame } from "../../src/hl7/frame.js";
import type { DocumentBody, DocumentMetadata } from "../../src/model/document.js";
import { signCdaDocument } from "../../src/signature/sign.js";
import { buildSoapEnvelope, contentTypeOf } from "../../src/soap/envelope.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";
import { testOid } from "../support/metadata.js";

const NOW = "2026-11-28T12:00:00Z";
const SP = "1.2.246.10.99990000.1.1";
const TESTBY = { oid: "1.2.246.10.99990001.10.0", name: "Testbyns välfärdsområde" };
const TESTBY_UNIT = "1.2.246.10.99990001.10.104";
const OMSORG = { oid: "1.2.246.10.99990003.10.0", name: "Omsorg Privat Ab" };
const OMSORG_UNIT = "1.2.246.10.99990003.10.301";
const signerOf = (oid: string) => ({ keyPem: readFileSync(`certs/test/signers/system-${oid}.test-key.pem`, "utf8"), certPem: readFileSync(`certs/test/signers/system-${oid}.pem`, "utf8") });

function journalEntry(client: string): DocumentMetadata {
  const setId = testOid("1.2.246.10.99990001.84");
  return {
    documentId: `${setId}.1`,
    setId,
    versionNumber: 1,
    status: "ready",
    createdAt: "2026-11-28T10:00:00+02:00",
    title: "Anteckning",
    organiser: TESTBY,
    producer: OMSORG,
    serviceUnit: { oid: OMSORG_UNIT },
    storer: { givenName: "Petter", familyName: "Handledare" },
    registerCode: { code: "1", codeSystem: "1.2.246.537.6.1264" },
    clients: [client],
    caseId: testOid("1.2.246.10.99990001.85"),
    serviceTasks: [{ code: "26", codeSystem: "1.2.246.537.6.1299" }],
    socialServices: [],
    documentGroup: "journal-entry",
    serviceProcess: { code: "2", codeSystem: "1.2.246.10.99990000.3.1" },
    generalType: { code: "2", codeSystem: "1.2.246.10.99990000.3.4" },
    specificType: { code: "105", codeSystem: "1.2.246.10.99990000.3.6" },
  };
}
const body = (m: DocumentMetadata): DocumentBody => ({ xhtml: "<paragraph>Besök.</paragraph>", json: { asiakkaat: m.clients, merkinta: "Besök.", merkintapaiva: "2026-11-28" }, jsonSchemaOid: "1.2.246.10.99990000.6.4" });

describe("access control over SOAP (issue 5)", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(testConfig(), { database: t.database });
  });
  afterAll(async () => app.close());

  async function post(metadata: DocumentMetadata, usageSituation: string, sender: { oid: string }, unit: string) {
    const document = signCdaDocument(buildCdaDocument(metadata, body(metadata)), signerOf(sender.oid));
    const frame = buildArchiveRequestFrame({
      messageId: { root: "1.2.246.10.99990003.60", extension: testOid("1") },
      creationTime: new Date(NOW),
      senderDeviceId: { root: "1.2.246.10.99990003.70.1" },
      senderOrganisationOid: sender.oid,
      serviceRequest: { code: "SP1", codeSystem: SP },
      usageSituation,
      serviceUnitOid: unit,
      document,
    });
    const res = await app.inject({ method: "POST", url: "/soap/archive", headers: { "content-type": contentTypeOf("1.1"), [TEST_CLOCK_HEADER]: NOW }, payload: buildSoapEnvelope("1.1", frame) });
    expect(res.statusCode).toBe(200);
    return parseAcknowledgement(res.body);
  }

  it("a producer without a production agreement gets AR with ACCESS-NO-PRODUCTION-AGREEMENT at the acting unit, in three languages, and is logged [D08-R14 L32264-32266, D07-R56]", async () => {
    const client = testOid("1.2.246.10.99990001.86");
    const ack = await post(journalEntry(client), "2", OMSORG, OMSORG_UNIT);
    expect(ack.typeCode).toBe("AR");
    const detail = ack.details.find((d) => d.code === "ACCESS-NO-PRODUCTION-AGREEMENT");
    expect(detail).toMatchObject({ typeCode: "E", location: "/hl7:RCMR_IN200002FI01/hl7:controlActProcess/hl7:authorOrPerformer/hl7:assignedPerson/hl7:representedOrganization/hl7:id/@root" });
    expect(detail!.text.sv.length).toBeGreaterThan(0);
    expect(detail!.text.fi).not.toEqual(detail!.text.en);
    expect(await queryUsageLog(t.database.db, { client })).toEqual([expect.objectContaining({ outcome: "refused", refusalCode: "ACCESS-NO-PRODUCTION-AGREEMENT", usageSituation: "2", organisationOid: OMSORG.oid })]);
  });

  it("usage situation 1 for another organiser's register is AE with ACCESS-USAGE-SITUATION-REGISTER-MISMATCH at the usage-situation reasonCode [D08-R72 L29888-29929]", async () => {
    const ack = await post(journalEntry(testOid("1.2.246.10.99990001.86")), "1", OMSORG, OMSORG_UNIT);
    expect(ack.details.map((d) => d.code)).toContain("ACCESS-USAGE-SITUATION-REGISTER-MISMATCH");
    expect(ack.details.find((d) => d.code === "ACCESS-USAGE-SITUATION-REGISTER-MISMATCH")!.location).toContain("reasonCode[@codeSystem='1.2.246.537.6.1289.201901']");
    expect(ack.typeCode).not.toBe("AA");
  });

  it("the organiser's own store under usage situation 1 is not refused by access control [D07-R60 L29953-29979]", async () => {
    const client = testOid("1.2.246.10.99990001.86");
    const entry = { ...journalEntry(client), producer: TESTBY, serviceUnit: { oid: TESTBY_UNIT } };
    const ack = await post(entry, "1", TESTBY, TESTBY_UNIT);
    expect(ack.details.filter((d) => d.typeCode === "E" && d.code.startsWith("ACCESS-"))).toEqual([]);
  });
});
