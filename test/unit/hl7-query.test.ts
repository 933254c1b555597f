import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { XmlDocument, XmlValidateError, XsdValidator } from "libxml2-wasm";
import { describe, expect, it } from "vitest";
import { finding } from "../../src/errors/catalogue.js";
import { loadUsageSituationCodes } from "../../src/hl7/frame.js";
import { buildQueryRequestFrame, buildQueryResponse, buildQueryResponseElement, parseQueryResponse, readQueryRequestFrame, type QueryRequestFrameInput } from "../../src/hl7/query.js";
import { matchesCriteria, NOT_SEARCHABLE_CRITERIA, QUERY_CRITERIA } from "../../src/hl7/query-criteria.js";
import { loadServiceRequests } from "../../src/hl7/service-requests.js";
import { ARCHIVE_DEVICE_OID } from "../../src/hl7/types.js";
import { buildSoapResponse } from "../../src/soap/envelope.js";
import { parseXml } from "../../src/soap/xml.js";
import { clientDocumentMetadata } from "../support/metadata.js";

const options = { serviceRequests: loadServiceRequests(), usageSituations: loadUsageSituationCodes() };
const SP = "1.2.246.10.99990000.1.1";
const ROOT = "/hl7:RCMR_IN100016FI01";
const LIST = `${ROOT}/hl7:controlActProcess/hl7:queryByParameter/hl7:parameterList`;

function input(overrides: Partial<QueryRequestFrameInput> = {}): QueryRequestFrameInput {
  return {
    messageId: { root: "1.2.246.10.99990001.60", extension: "q-1" },
    creationTime: new Date("2026-11-28T10:00:00Z"),
    senderDeviceId: { root: "1.2.246.10.99990001.70.1" },
    senderOrganisationOid: "1.2.246.10.99990001.10.0",
    serviceRequest: { code: "SP5", codeSystem: SP },
    usageSituation: "1",
    serviceUnitOid: "1.2.246.10.99990001.10.104",
    clientId: "190790-981S",
    ...overrides,
  };
}

function read(xml: string) {
  const parsed = parseXml(xml);
  if (!parsed.ok) throw new Error("test frame is not XML");
  return readQueryRequestFrame(parsed.document.documentElement!, options);
}

function codes(xml: string): { code: string; location: string }[] {
  const result = read(xml);
  if (result.ok) return [];
  return result.findings.map((f) => ({ code: f.code, location: f.location }));
}

describe("RCMR_IN100016FI01 query frame: build and read are mirror images", () => {
  it("reads every parameter the builder writes (metadata search) [D07-R51 L29793-29803, D07-R58 L27845-27856]", () => {
    const xml = buildQueryRequestFrame(
      input({
        queryId: { root: "1.2.246.10.99990001.61", extension: "qid-1" },
        professionalId: { root: "1.2.246.537.26", extension: "PRO-1" },
        registerOrganiserOid: "1.2.246.10.99990001.10.0",
        caseId: "1.2.246.10.99990001.56.1",
        createdFrom: "2026-01-01",
        createdTo: "2026-12-31",
        criteria: [
          { name: "serviceTask", value: "26", codeSystem: "1.2.246.537.6.1299" },
          { name: "documentGroup", value: "5" },
          { name: "serviceUnit", value: "1.2.246.10.99990001.10.104" },
          { name: "storerFamilyName", value: "Socialarbetare" },
          { name: "caseOpenedAt", value: "2026-11-01" },
        ],
        specialReason: { code: "2", codeSystem: "1.2.246.10.99990000.3.12" },
      }),
    );
    const result = read(xml);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.frame).toMatchObject({
      interaction: "RCMR_IN100016FI01",
      messageId: { root: "1.2.246.10.99990001.60", extension: "q-1" },
      processingCode: "P",
      acceptAckCode: "AL",
      sender: { deviceId: { root: "1.2.246.10.99990001.70.1" }, organisationOid: "1.2.246.10.99990001.10.0" },
      receiver: { deviceId: { root: ARCHIVE_DEVICE_OID } },
      serviceRequest: { code: "SP5", codeSystem: SP, operation: "search-metadata" },
      usageSituation: { code: "1" },
      actor: { serviceUnitOid: "1.2.246.10.99990001.10.104", professionalId: { root: "1.2.246.537.26", extension: "PRO-1" } },
    });
    expect(result.frame.query).toEqual({
      queryId: { root: "1.2.246.10.99990001.61", extension: "qid-1" },
      clientId: "190790-981S",
      registerOrganiserOid: "1.2.246.10.99990001.10.0",
      caseId: "1.2.246.10.99990001.56.1",
      createdFrom: "2026-01-01",
      createdTo: "2026-12-31",
      criteria: [
        { name: "serviceTask", value: "26", codeSystem: "1.2.246.537.6.1299" },
        { name: "documentGroup", value: "5" },
        { name: "serviceUnit", value: "1.2.246.10.99990001.10.104" },
        { name: "storerFamilyName", value: "Socialarbetare" },
        { name: "caseOpenedAt", value: "2026-11-01" },
      ],
      specialReason: { code: "2", codeSystem: "1.2.246.10.99990000.3.12" },
    });
  });

  it("reads a document fetch by setId + version number and by version id", () => {
    const bySet = read(buildQueryRequestFrame(input({ serviceRequest: { code: "SP6", codeSystem: SP }, setId: "1.2.246.10.99990001.55.7", versionNumber: 2 })));
    expect(bySet.ok && bySet.frame.query).toMatchObject({ setId: "1.2.246.10.99990001.55.7", versionNumber: 2 });
    const byId = read(buildQueryRequestFrame(input({ serviceRequest: { code: "SP6", codeSystem: SP }, documentId: "1.2.246.10.99990001.55.7.1" })));
    expect(byId.ok && byId.frame.query).toMatchObject({ documentId: "1.2.246.10.99990001.55.7.1" });
  });

  it.each([
    ["SP3", "search-client-relationship"],
    ["SP4", "search-case"],
    ["SP5", "search-metadata"],
    ["SP7", "summary"],
  ] as const)("service request %s is the search kind %s [D07-R51 L29793-29803]", (code, operation) => {
    const result = read(buildQueryRequestFrame(input({ serviceRequest: { code, codeSystem: SP } })));
    expect(result.ok && result.frame.serviceRequest.operation).toBe(operation);
  });
});

describe("RCMR_IN100016FI01 refusals: one finding per problem, with the XPath", () => {
  it("no client → QUERY-CLIENT-MISSING [D07-R53 L29832-29836]", () => {
    expect(codes(buildQueryRequestFrame(input({ clientId: [] })))).toEqual([{ code: "QUERY-CLIENT-MISSING", location: `${LIST}/hl7:clientId/hl7:value` }]);
  });

  it("two clients → QUERY-CLIENT-REPEATED: one search concerns one client [D07-R53 L29832-29836]", () => {
    expect(codes(buildQueryRequestFrame(input({ clientId: ["190790-981S", "010101A123N"] })))).toEqual([{ code: "QUERY-CLIENT-REPEATED", location: `${LIST}/hl7:clientId[2]` }]);
  });

  it("no parameter list → QUERY-PARAMETERS-MISSING [D07-R57 L29864-29870]", () => {
    const xml = buildQueryRequestFrame(input()).replace(/<queryByParameter>[\s\S]*<\/queryByParameter>/, "");
    expect(codes(xml)).toEqual([{ code: "QUERY-PARAMETERS-MISSING", location: LIST }]);
  });

  it("a store service request in a query frame → FRAME-SERVICE-REQUEST-WRONG-INTERACTION", () => {
    expect(codes(buildQueryRequestFrame(input({ serviceRequest: { code: "SP1", codeSystem: SP } })))).toEqual([
      { code: "FRAME-SERVICE-REQUEST-WRONG-INTERACTION", location: `${ROOT}/hl7:controlActProcess/hl7:reasonCode[1]/@code` },
    ]);
  });

  it("the interaction id must name the query interaction", () => {
    const xml = buildQueryRequestFrame(input()).replace('extension="RCMR_IN100016FI01"', 'extension="RCMR_IN200002FI01"');
    expect(codes(xml)).toEqual([{ code: "FRAME-INTERACTION-ID-MISMATCH", location: `${ROOT}/hl7:interactionId/@extension` }]);
  });

  it.each([
    ["caseId in a client-relationship search", { serviceRequest: { code: "SP3", codeSystem: SP }, caseId: "1.2.246.10.99990001.56.1" }, "QUERY-PARAMETER-NOT-APPLICABLE", `${LIST}/hl7:caseId`],
    ["a document id in a metadata search", { documentId: "1.2.246.10.99990001.55.1" }, "QUERY-PARAMETER-NOT-APPLICABLE", `${LIST}/hl7:documentId`],
    ["criteria in a summary", { serviceRequest: { code: "SP7", codeSystem: SP }, criteria: [{ name: "serviceTask", value: "26" }] }, "QUERY-PARAMETER-NOT-APPLICABLE", `${LIST}/hl7:metadataCriterion`],
    ["a case id that is not an OID", { caseId: "case-17" }, "QUERY-PARAMETER-INVALID", `${LIST}/hl7:caseId/hl7:value/@root`],
    ["a version number without setId", { serviceRequest: { code: "SP6", codeSystem: SP }, documentId: "1.2.246.10.99990001.55.1", versionNumber: 2 }, "QUERY-PARAMETER-INVALID", `${LIST}/hl7:versionNumber`],
    ["a date range whose low is after its high", { createdFrom: "2026-12-31", createdTo: "2026-01-01" }, "QUERY-PARAMETER-INVALID", `${LIST}/hl7:createdTime/hl7:value`],
    ["an impossible date", { createdFrom: "2026-02-30" }, "QUERY-PARAMETER-INVALID", `${LIST}/hl7:createdTime/hl7:value/hl7:low/@value`],
    ["an unknown criterion", { criteria: [{ name: "favouriteColour", value: "blue" }] }, "QUERY-CRITERION-UNKNOWN", `${LIST}/hl7:metadataCriterion[1]/hl7:code/@code`],
    ["an OID criterion with a non-OID value", { criteria: [{ name: "serviceUnit", value: "unit 4" }] }, "QUERY-PARAMETER-INVALID", `${LIST}/hl7:metadataCriterion[1]/hl7:value`],
    ["a fetch naming no document [D07-R52 L29807-29812]", { serviceRequest: { code: "SP6", codeSystem: SP } }, "QUERY-DOCUMENT-ID-MISSING", `${LIST}/hl7:documentId`],
    ["a fetch naming both a version id and a setId", { serviceRequest: { code: "SP6", codeSystem: SP }, documentId: "1.2.246.10.99990001.55.1.1", setId: "1.2.246.10.99990001.55.1" }, "QUERY-DOCUMENT-ID-CONFLICT", `${LIST}/hl7:setId`],
  ] as const)("%s → %s", (_name, overrides, code, location) => {
    expect(codes(buildQueryRequestFrame(input(overrides as Partial<QueryRequestFrameInput>)))).toEqual([{ code, location }]);
  });

  it.each([...NOT_SEARCHABLE_CRITERIA])("criterion %s is refused: it cannot be used as a search criterion [D07-R58 L27845-27856]", (name) => {
    expect(codes(buildQueryRequestFrame(input({ criteria: [{ name, value: "x" }] })))).toEqual([{ code: "QUERY-CRITERION-NOT-SEARCHABLE", location: `${LIST}/hl7:metadataCriterion[1]/hl7:code/@code` }]);
  });

  it("a repeated single-valued parameter → QUERY-PARAMETER-REPEATED", () => {
    const xml = buildQueryRequestFrame(input({ caseId: "1.2.246.10.99990001.56.1" })).replace(/(<caseId>[\s\S]*?<\/caseId>)/, "$1$1");
    expect(codes(xml)).toEqual([{ code: "QUERY-PARAMETER-REPEATED", location: `${LIST}/hl7:caseId[2]` }]);
  });

  it("every wrapper problem is reported at once (no sender device, no usage situation, no client)", () => {
    const xml = buildQueryRequestFrame(input({ clientId: [] }))
      .replace(/<reasonCode code="1"[^>]*\/>/, "")
      .replace(/<sender typeCode="SND">\s*<device[^>]*>\s*<id[^>]*\/>/, '<sender typeCode="SND"><device classCode="DEV" determinerCode="INSTANCE">');
    expect(codes(xml).map((c) => c.code).sort()).toEqual(["FRAME-SENDER-DEVICE-MISSING", "FRAME-USAGE-SITUATION-MISSING", "QUERY-CLIENT-MISSING"]);
  });
});

describe("RCMR_IN100017FI01 query response", () => {
  const ack = {
    messageId: { root: "1.2.246.10.99990000.4.2", extension: "a-1" },
    inReplyTo: { root: "1.2.246.10.99990001.60", extension: "q-1" },
    creationTime: new Date("2026-11-28T10:00:01Z"),
    receiver: { root: "1.2.246.10.99990001.70.1" },
  };
  const documentBytes = new TextEncoder().encode("<ClinicalDocument xmlns='urn:hl7-org:v3'>ä</ClinicalDocument>");
  const results = [
    { documentId: "1.2.246.10.99990001.55.1.2", setId: "1.2.246.10.99990001.55.1", versionNumber: 2, metadata: { documentGroup: "client-relationship" }, document: documentBytes },
    { documentId: "1.2.246.10.99990001.55.2.1", setId: "1.2.246.10.99990001.55.2", versionNumber: 1, metadata: { documentGroup: "phase-2", generalType: { code: "12" } } },
  ];

  it("carries the documents' exact bytes and the metadata, read back by parseQueryResponse (also inside SOAP)", () => {
    const element = buildQueryResponseElement({ acknowledgement: { ...ack, typeCode: "AA", details: [] }, serviceRequest: { code: "SP7", codeSystem: SP }, queryId: { root: "1.2.3", extension: "q" }, results });
    const parsed = parseQueryResponse(buildSoapResponse("1.2", element));
    expect(parsed).toMatchObject({ typeCode: "AA", inReplyTo: ack.inReplyTo, queryResponseCode: "OK", resultTotalQuantity: 2, details: [] });
    expect(parsed.results).toHaveLength(2);
    expect(Buffer.from(parsed.results[0]!.document!).equals(Buffer.from(documentBytes))).toBe(true);
    expect(parsed.results[0]!.metadata).toEqual({ documentGroup: "client-relationship" });
    expect(parsed.results[1]!.document).toBeUndefined();
    expect(parsed.results[1]).toMatchObject({ setId: "1.2.246.10.99990001.55.2", versionNumber: 1, metadata: { generalType: { code: "12" } } });
  });

  it("queryResponseCode is NF for no results and AE for a refusal, whose details carry fi/sv/en and the XPath", () => {
    expect(parseQueryResponse(buildQueryResponse({ acknowledgement: { ...ack, typeCode: "AA", details: [] }, results: [] })).queryResponseCode).toBe("NF");
    const refused = parseQueryResponse(buildQueryResponse({ acknowledgement: { ...ack, typeCode: "AE", details: [finding("QUERY-CLIENT-REPEATED", `${LIST}/hl7:clientId[2]`, "2 clients")] }, results: [] }));
    expect(refused).toMatchObject({ typeCode: "AE", queryResponseCode: "AE", resultTotalQuantity: 0 });
    expect(refused.details[0]).toMatchObject({ code: "QUERY-CLIENT-REPEATED", location: `${LIST}/hl7:clientId[2]` });
    expect(refused.details[0]!.text.fi).toContain("yhtä asiakasta");
    expect(refused.details[0]!.text.sv).toContain("en klient åt gången");
    expect(refused.details[0]!.text.en).toContain("one client at a time");
  });

  describe("hl7/xsd/hl7-wire.xsd describes the query and the response", () => {
    const schemaPath = fileURLToPath(new URL("../../hl7/xsd/hl7-wire.xsd", import.meta.url));
    const validate = (xml: string): string[] => {
      const schema = XmlDocument.fromBuffer(readFileSync(schemaPath), { url: schemaPath });
      const validator = XsdValidator.fromDoc(schema);
      schema.dispose();
      const doc = XmlDocument.fromString(xml);
      try {
        validator.validate(doc);
        return [];
      } catch (e) {
        if (e instanceof XmlValidateError) return e.details.map((d) => d.message.trim());
        throw e;
      } finally {
        doc.dispose();
        validator.dispose();
      }
    };

    it("a query with every parameter, a response with results and a refusal are valid; a query without client is not", () => {
      const full = buildQueryRequestFrame(
        input({
          queryId: { root: "1.2.3" },
          caseId: "1.2.246.10.99990001.56.1",
          createdFrom: "2026-01-01",
          criteria: [{ name: "serviceTask", value: "26" }, { name: "serviceUnit", value: "1.2.3.4" }, { name: "storerFamilyName", value: "X" }],
          specialReason: { code: "1", codeSystem: "1.2.246.10.99990000.3.12" },
        }),
      );
      expect(validate(full)).toEqual([]);
      expect(validate(buildQueryRequestFrame(input({ serviceRequest: { code: "SP6", codeSystem: SP }, setId: "1.2.3", versionNumber: 2 })))).toEqual([]);
      expect(validate(buildQueryResponse({ acknowledgement: { ...ack, typeCode: "AA", details: [] }, serviceRequest: { code: "SP7", codeSystem: SP }, results }))).toEqual([]);
      expect(validate(buildQueryResponse({ acknowledgement: { ...ack, typeCode: "AE", details: [finding("QUERY-CLIENT-MISSING", "/x")] }, results: [] }))).toEqual([]);
      expect(validate(buildQueryRequestFrame(input({ clientId: [] }))).join("\n")).toMatch(/clientId|parameterList/);
    });
  });
});

describe("metadata criteria match the stored metadata [D07-R58 L27845-27856]", () => {
  const m = clientDocumentMetadata({
    serviceTasks: [
      { code: "26", codeSystem: "1.2.246.537.6.1299" },
      { code: "27", codeSystem: "1.2.246.537.6.1299" },
    ],
    generalType: { code: "12", codeSystem: "1.2.246.10.99990000.3.4" },
    caseOpenedAt: "2026-11-01T09:00:00+02:00",
  });
  it.each([
    ["serviceTask any of a repeating field", [{ name: "serviceTask", value: "27" }], true],
    ["serviceTask with the right code system", [{ name: "serviceTask", value: "26", codeSystem: "1.2.246.537.6.1299" }], true],
    ["serviceTask with another code system", [{ name: "serviceTask", value: "26", codeSystem: "1.2.246.537.6.9999" }], false],
    ["documentGroup by the group's code (5 = phase 2)", [{ name: "documentGroup", value: "5" }], true],
    ["documentGroup of another group", [{ name: "documentGroup", value: "1" }], false],
    ["generalType beslut", [{ name: "generalType", value: "12" }], true],
    ["serviceUnit OID", [{ name: "serviceUnit", value: "1.2.246.10.99990001.10.104" }], true],
    ["storer surname, case-insensitive", [{ name: "storerFamilyName", value: "socialarbetare" }], true],
    ["case opened date as a Helsinki calendar date", [{ name: "caseOpenedAt", value: "2026-11-01" }], true],
    ["criteria are combined with AND", [{ name: "serviceTask", value: "26" }, { name: "generalType", value: "7" }], false],
    ["a criterion on an absent field never matches", [{ name: "caseStatus", value: "1" }], false],
  ] as const)("%s", (_name, criteria, expected) => {
    expect(matchesCriteria(m, criteria as never)).toBe(expected);
  });

  it("no criterion is both searchable and excluded", () => {
    for (const name of NOT_SEARCHABLE_CRITERIA) expect(QUERY_CRITERIA[name]).toBeUndefined();
  });
});
