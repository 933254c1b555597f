import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractClientRelationshipFacts, SERVICE_TASK_CODE_SYSTEM } from "../../src/archive/client-relationships.js";
import { parseCda } from "../../src/cda/parse.js";
import { SAMPLES_DIR } from "../../src/samples/generate.js";
import { parseXmlSafely } from "../../src/xml/safe-parse.js";
import type { DocumentMetadata } from "../../src/model/document.js";
import { clientDocumentMetadata } from "../support/metadata.js";

const ORGANISER = "1.2.246.10.99990001.10.0";
const PRODUCER = "1.2.246.10.99990005.10.0";
const task = (code: string) => ({ code, codeSystem: SERVICE_TASK_CODE_SYSTEM });

function kr(overrides: Partial<DocumentMetadata> = {}): DocumentMetadata {
  return clientDocumentMetadata({ documentGroup: "client-relationship", clients: ["050912A958F"], serviceUnit: { oid: "1.2.246.10.99990001.10.101" }, producer: undefined, caseId: undefined, ...overrides });
}

describe("extractClientRelationshipFacts: the KR's structured content as facts (domain/05 §3.4)", () => {
  it("reads the social-care and child-protection periods of the child's KR [D05-R32 L20379-20393, D05-R33 L20580-20592]", () => {
    const facts = extractClientRelationshipFacts(kr(), {
      json: { socialCareRelationship: { start: "2026-01-10", end: "2026-10-31" }, childProtectionRelationship: { start: "2026-02-01" } },
    });
    expect(facts).toMatchObject({ clientId: "050912A958F", organiserOid: ORGANISER, registerId: `${ORGANISER}:1`, socialCareStart: "2026-01-10", socialCareEnd: "2026-10-31", childProtectionStart: "2026-02-01" });
    expect(facts.childProtectionEnd).toBeUndefined();
  });

  it("keeps every service task and its organiser, producer and subcontractor units with their dates — the history is cumulative [D05-R30 L20357-20369, D05-R31 L20608-20637]", () => {
    const facts = extractClientRelationshipFacts(kr({ producer: { oid: PRODUCER } }), {
      json: {
        serviceTasks: [
          { serviceTask: task("24"), organiserUnits: [{ serviceUnitOid: "1.2.246.10.99990001.10.103", start: "2025-03-01", end: "2025-12-31" }] },
          {
            serviceTask: task("10"),
            organiserUnits: [{ serviceUnitOid: "1.2.246.10.99990001.10.101", start: "2026-01-10" }],
            producerUnits: [{ serviceUnitOid: "1.2.246.10.99990005.10.501", start: "2026-02-01" }],
            subcontractorUnits: [{ serviceUnitOid: "1.2.246.10.99990004.10.401", organisationOid: "1.2.246.10.99990004.10.0", designatedByServiceUnitOid: "1.2.246.10.99990005.10.501", start: "2026-03-01T08:00:00+02:00" }],
          },
        ],
      },
    });
    expect(facts.units).toEqual([
      { serviceUnitOid: "1.2.246.10.99990001.10.103", organisationOid: ORGANISER, role: "organiser", serviceTask: task("24"), start: "2025-03-01", end: "2025-12-31" },
      { serviceUnitOid: "1.2.246.10.99990001.10.101", organisationOid: ORGANISER, role: "organiser", serviceTask: task("10"), start: "2026-01-10" },
      // The producer's organisation falls back to the header's producer (#3).
      { serviceUnitOid: "1.2.246.10.99990005.10.501", organisationOid: PRODUCER, role: "producer", serviceTask: task("10"), start: "2026-02-01" },
      { serviceUnitOid: "1.2.246.10.99990004.10.401", organisationOid: "1.2.246.10.99990004.10.0", role: "subcontractor", designatedByServiceUnitOid: "1.2.246.10.99990005.10.501", serviceTask: task("10"), start: "2026-03-01" },
    ]);
    expect(facts.skipped).toEqual([]);
  });

  it.each([
    ["a unit without a start date", { serviceTasks: [{ serviceTask: task("10"), organiserUnits: [{ serviceUnitOid: "1.2.246.10.99990001.10.101" }] }] }, "/serviceTasks/0/organiserUnits/0"],
    ["a producer unit with no organisation anywhere", { serviceTasks: [{ serviceTask: task("10"), producerUnits: [{ serviceUnitOid: "1.2.246.10.99990005.10.501", start: "2026-01-01" }] }] }, "/serviceTasks/0/producerUnits/0"],
    ["an impossible date", { serviceTasks: [{ serviceTask: task("10"), organiserUnits: [{ serviceUnitOid: "1.2.246.10.99990001.10.101", start: "2026-13-01" }] }] }, "/serviceTasks/0/organiserUnits/0"],
    ["a service task that is not an object", { serviceTasks: ["10"] }, "/serviceTasks/0"],
    ["a responsible worker without id", { responsibleWorkers: [{ name: "Sara" }] }, "/responsibleWorkers/0"],
  ])("skips %s and says where (JSON pointer), reading the rest", (_, json, pointer) => {
    const facts = extractClientRelationshipFacts(kr(), { json });
    expect(facts.units).toEqual([]);
    expect(facts.skipped.map((s) => s.pointer)).toEqual([pointer]);
  });

  it("reads the responsible workers, the spärrmarkering note and only the person-data items a spärrmarkering can cover (+ phone, name) [D05-R34 L20453-20467, D05-R37 L20706-20742, D08-R65]", () => {
    const facts = extractClientRelationshipFacts(kr(), {
      json: {
        responsibleWorkers: [{ id: "150585-951A", name: "Sara Socionom", serviceUnitOid: "1.2.246.10.99990001.10.101", contact: "029 000 0000" }],
        nonDisclosure: { note: "Spärrmarkering från 2026-05-01" },
        personalData: [{ personId: "050912A958F", items: { permanentAddressFinland: "Testgatan 1", phoneNumber: "040 000", shoeSize: "38" } }],
      },
    });
    expect(facts.responsibleWorkers).toEqual([{ id: "150585-951A", name: "Sara Socionom", serviceUnitOid: "1.2.246.10.99990001.10.101", contact: "029 000 0000" }]);
    expect(facts.nonDisclosureNote).toBe("Spärrmarkering från 2026-05-01");
    expect(facts.personalData).toEqual([{ personId: "050912A958F", items: { permanentAddressFinland: "Testgatan 1", phoneNumber: "040 000" } }]);
  });

  it.each([
    ["the CDA header flag", { oldClientRelationship: true }, {}, true],
    ["the content's brytare", {}, { oldClientRelationship: true }, true],
    ["neither", {}, {}, false],
  ])("marks a gammal klientrelation from %s [D05-R27 L20423-20443]", (_, header, json, expected) => {
    expect(extractClientRelationshipFacts(kr(header), { json }).oldRelationship).toBe(expected);
  });

  it("reads the compact structure of fixtures/schemas/client-relationship.schema.json: the task is handled at the header's unit", () => {
    const facts = extractClientRelationshipFacts(kr(), { json: { asiakkaat: ["050912A958F"], asiakkuusAlkanut: "2026-01-10", palvelutehtava: "10", vastuutyontekija: "150585-951A" } });
    expect(facts).toMatchObject({ socialCareStart: "2026-01-10", responsibleWorkers: [{ id: "150585-951A" }] });
    expect(facts.units).toEqual([{ serviceUnitOid: "1.2.246.10.99990001.10.101", organisationOid: ORGANISER, role: "organiser", serviceTask: task("10"), start: "2026-01-10" }]);
  });

  it("reads the reference sample's KR (hl7/samples/valid/01-client-relationship.xml) through the real CDA parser", () => {
    const envelope = readFileSync(join(SAMPLES_DIR, "valid/01-client-relationship.xml"), "utf8");
    const cda = [...envelope.matchAll(/>([A-Za-z0-9+/=\s]{200,})</g)].map((m) => Buffer.from(m[1]!, "base64").toString("utf8")).find((text) => text.includes("ClinicalDocument"));
    const xml = parseXmlSafely(cda ?? "");
    if (!xml.ok) throw new Error("the sample's CDA does not parse");
    const { metadata, body } = parseCda(xml.document);
    if (!metadata) throw new Error("the sample's CDA has no metadata");
    const content = body.json as { asiakkuusAlkanut: string; palvelutehtava: string };
    const facts = extractClientRelationshipFacts(metadata, body);
    expect(facts).toMatchObject({ setId: metadata.setId, clientId: metadata.clients[0], socialCareStart: content.asiakkuusAlkanut, skipped: [] });
    expect(facts.units).toEqual([{ serviceUnitOid: metadata.serviceUnit?.oid, organisationOid: metadata.organiser.oid, role: "organiser", serviceTask: task(content.palvelutehtava), start: content.asiakkuusAlkanut }]);
  });

  it("records no unit relationship from a makulering version", () => {
    const facts = extractClientRelationshipFacts(kr({ status: "cancelled", versionNumber: 2 }), { json: { asiakkuusAlkanut: "2026-01-10", palvelutehtava: "10" } });
    expect(facts.units).toEqual([]);
    expect(facts.versionNumber).toBe(2);
  });

  it.each([[undefined], [null], ["text"], [[1, 2]], [{ serviceTasks: "no" }]])("never throws on content %j", (json) => {
    const facts = extractClientRelationshipFacts(kr(), { json });
    expect(facts.units).toEqual([]);
    expect(facts.clientId).toBe("050912A958F");
  });
});
