import { describe, expect, it } from "vitest";
import { buildArchiveRequestFrame, formatHl7Timestamp, loadUsageSituationCodes, parseHl7Timestamp, readArchiveRequestFrame, type ArchiveRequestFrameInput } from "../../src/hl7/frame.js";
import { OPERATIONS, loadServiceRequests, serviceRequestCatalogue, ServiceRequestFileError } from "../../src/hl7/service-requests.js";
import { USAGE_SITUATION_SYSTEM } from "../../src/hl7/types.js";
import { parseXml, type Element } from "../../src/soap/xml.js";

const serviceRequests = loadServiceRequests();
const usageSituations = loadUsageSituationCodes();
const options = { serviceRequests, usageSituations };
const CDA = `<?xml version="1.0" encoding="UTF-8"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3"><id root="1.2.246.10.99990001.50.1"/></ClinicalDocument>`;

const input: ArchiveRequestFrameInput = {
  messageId: { root: "1.2.246.10.99990001.60", extension: "msg-1" },
  creationTime: new Date("2026-11-28T10:00:00Z"),
  senderDeviceId: { root: "1.2.246.10.99990001.70.1" },
  senderOrganisationOid: "1.2.246.10.99990001.10.0",
  serviceRequest: { code: "SP1", codeSystem: serviceRequests.codeSystem },
  usageSituation: "1",
  serviceUnitOid: "1.2.246.10.99990001.10.101",
  professionalId: { root: "1.2.246.537.26", extension: "PRO-1" },
  document: CDA,
};

function payloadOf(xml: string): Element {
  const parsed = parseXml(xml);
  if (!parsed.ok) throw new Error("frame is not XML");
  return parsed.document.documentElement!;
}

/** Builds a frame, lets `edit` change the XML text, and reads it back. */
function read(edit: (xml: string) => string = (x) => x, overrides: Partial<ArchiveRequestFrameInput> = {}) {
  return readArchiveRequestFrame(payloadOf(edit(buildArchiveRequestFrame({ ...input, ...overrides }))), options);
}

function codes(result: ReturnType<typeof read>): string[] {
  return result.ok ? [] : result.findings.map((f) => f.code);
}

describe("RCMR_IN200002FI01 frame: build → read round trip", () => {
  it("reads back every field the builder wrote, with the document bytes exact", () => {
    const result = read();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { frame } = result;
    expect(frame.messageId).toEqual(input.messageId);
    expect(frame.creationTime.toISOString()).toBe("2026-11-28T10:00:00.000Z");
    expect(frame.interactionId).toBe("RCMR_IN200002FI01");
    expect(frame.processingCode).toBe("P");
    expect(frame.acceptAckCode).toBe("AL");
    expect(frame.sender).toEqual({ deviceId: input.senderDeviceId, organisationOid: input.senderOrganisationOid });
    expect(frame.serviceRequest).toEqual({ code: "SP1", codeSystem: serviceRequests.codeSystem, operation: "store" });
    expect(frame.usageSituation).toEqual({ code: "1", codeSystem: USAGE_SITUATION_SYSTEM });
    expect(frame.actor).toEqual({ serviceUnitOid: input.serviceUnitOid, professionalId: input.professionalId });
    expect(Buffer.from(frame.document).toString("utf8")).toBe(CDA);
  });

  it("keeps arbitrary document bytes exact (no re-encoding)", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x3c, 0x61, 0x2f, 0x3e, 0x0d, 0x0a, 0xc3, 0xa4]);
    const result = read(undefined, { document: bytes });
    expect(result.ok && Array.from(result.frame.document)).toEqual(Array.from(bytes));
  });

  it.each([["SP1", "store"], ["SP2", "cancel"]])("service request %s is the archive operation %s", (code, operation) => {
    const result = read(undefined, { serviceRequest: { code, codeSystem: serviceRequests.codeSystem } });
    expect(result.ok && result.frame.serviceRequest.operation).toBe(operation);
  });

  it("accepts a service-request reasonCode without codeSystem when the code is known (vendor tooling form)", () => {
    const result = read((x) => x.replace(`codeSystem="${serviceRequests.codeSystem}"`, ""));
    expect(result.ok && result.frame.serviceRequest.code).toBe("SP1");
  });

  it.each(["P", "T", "D"] as const)("processingCode %s is read", (code) => {
    const result = read(undefined, { processingCode: code });
    expect(result.ok && result.frame.processingCode).toBe(code);
  });
});

describe("RCMR_IN200002FI01 frame: each problem is one finding with its XPath", () => {
  const R = "/hl7:RCMR_IN200002FI01";
  it.each([
    ["no message id", (x: string) => x.replace(`<id root="1.2.246.10.99990001.60" extension="msg-1"/>`, ""), "FRAME-MESSAGE-ID-MISSING", `${R}/hl7:id/@root`],
    ["a creation time that is no date", (x: string) => x.replace(/creationTime value="\d+\+0000"/, `creationTime value="20261331"`), "FRAME-CREATION-TIME-INVALID", `${R}/hl7:creationTime/@value`],
    ["another interaction id", (x: string) => x.replace(`extension="RCMR_IN200002FI01"`, `extension="RCMR_IN100016FI01"`), "FRAME-INTERACTION-ID-MISMATCH", `${R}/hl7:interactionId/@extension`],
    ["processingCode X", (x: string) => x.replace(`<processingCode code="P"/>`, `<processingCode code="X"/>`), "FRAME-PROCESSING-CODE-INVALID", `${R}/hl7:processingCode/@code`],
    ["acceptAckCode XX", (x: string) => x.replace(`<acceptAckCode code="AL"/>`, `<acceptAckCode code="XX"/>`), "FRAME-ACCEPT-ACK-CODE-INVALID", `${R}/hl7:acceptAckCode/@code`],
    ["no sender device id", (x: string) => x.replace(`<id root="1.2.246.10.99990001.70.1"/>`, ""), "FRAME-SENDER-DEVICE-MISSING", `${R}/hl7:sender/hl7:device/hl7:id/@root`],
    ["no sending organisation", (x: string) => x.replace(`<id root="1.2.246.10.99990001.10.0"/>`, ""), "FRAME-SENDER-ORGANISATION-MISSING", `${R}/hl7:sender/hl7:device/hl7:asAgent/hl7:representedOrganization/hl7:id/@root`],
    ["no service request", (x: string) => x.replace(/<reasonCode code="SP1"[^>]*\/>/, ""), "FRAME-SERVICE-REQUEST-MISSING", `${R}/hl7:controlActProcess/hl7:reasonCode`],
    ["an unknown service request", (x: string) => x.replace(`code="SP1"`, `code="SP99"`), "FRAME-SERVICE-REQUEST-UNKNOWN", `${R}/hl7:controlActProcess/hl7:reasonCode[1]/@code`],
    ["a search service request in an archive frame", (x: string) => x.replace(`code="SP1"`, `code="SP5"`), "FRAME-SERVICE-REQUEST-WRONG-INTERACTION", `${R}/hl7:controlActProcess/hl7:reasonCode[1]/@code`],
    ["two service requests", (x: string) => x.replace(/(<reasonCode code="SP1"[^>]*\/>)/, "$1$1"), "FRAME-SERVICE-REQUEST-REPEATED", `${R}/hl7:controlActProcess/hl7:reasonCode[2]`],
    // D07-R59 L29880-29886: every message carries the usage situation.
    ["no usage situation [D07-R59 L29880-29886]", (x: string) => x.replace(/<reasonCode code="1"[^>]*\/>/, ""), "FRAME-USAGE-SITUATION-MISSING", `${R}/hl7:controlActProcess/hl7:reasonCode`],
    // D07-R60 L29953-30031: the code list has the values 1–4 only.
    ["usage situation 5 [D07-R60 L29953-30031]", (x: string) => x.replace(`<reasonCode code="1"`, `<reasonCode code="5"`), "FRAME-USAGE-SITUATION-UNKNOWN", `${R}/hl7:controlActProcess/hl7:reasonCode[2]/@code`],
    ["two usage situations [D07-R59 L29880-29886]", (x: string) => x.replace(/(<reasonCode code="1"[^>]*\/>)/, "$1$1"), "FRAME-USAGE-SITUATION-REPEATED", `${R}/hl7:controlActProcess/hl7:reasonCode[3]`],
    ["no acting service unit", (x: string) => x.replace(`<id root="1.2.246.10.99990001.10.101"/>`, ""), "FRAME-SERVICE-UNIT-MISSING", `${R}/hl7:controlActProcess/hl7:authorOrPerformer/hl7:assignedPerson/hl7:representedOrganization/hl7:id/@root`],
    ["two actors", (x: string) => x.replace(/(<authorOrPerformer[\s\S]*<\/authorOrPerformer>)/, "$1$1"), "FRAME-ACTOR-REPEATED", `${R}/hl7:controlActProcess/hl7:authorOrPerformer[2]`],
    ["no document", (x: string) => x.replace(/<text [^>]*>[^<]*<\/text>/, ""), "FRAME-DOCUMENT-MISSING", `${R}/hl7:controlActProcess/hl7:subject/hl7:clinicalDocument/hl7:text`],
    ["two documents", (x: string) => x.replace(/(<text [^>]*>[^<]*<\/text>)/, "$1$1"), "FRAME-DOCUMENT-REPEATED", `${R}/hl7:controlActProcess/hl7:subject/hl7:clinicalDocument/hl7:text[2]`],
    ["a document as PDF", (x: string) => x.replace(`mediaType="text/xml"`, `mediaType="application/pdf"`), "FRAME-DOCUMENT-ENCODING-INVALID", `${R}/hl7:controlActProcess/hl7:subject/hl7:clinicalDocument/hl7:text`],
    ["a document not in B64", (x: string) => x.replace(`representation="B64"`, `representation="TXT"`), "FRAME-DOCUMENT-ENCODING-INVALID", `${R}/hl7:controlActProcess/hl7:subject/hl7:clinicalDocument/hl7:text`],
    ["an empty document", (x: string) => x.replace(/(<text [^>]*>)[^<]*(<\/text>)/, "$1 $2"), "FRAME-DOCUMENT-EMPTY", `${R}/hl7:controlActProcess/hl7:subject/hl7:clinicalDocument/hl7:text`],
    ["base64 with a foreign character", (x: string) => x.replace(/(<text [^>]*>)([^<]{8})/, "$1$2*"), "FRAME-DOCUMENT-BASE64-INVALID", `${R}/hl7:controlActProcess/hl7:subject/hl7:clinicalDocument/hl7:text`],
    ["base64 cut short", (x: string) => x.replace(/(<text [^>]*>[^<]*)[^<](<\/text>)/, "$1$2"), "FRAME-DOCUMENT-BASE64-INVALID", `${R}/hl7:controlActProcess/hl7:subject/hl7:clinicalDocument/hl7:text`],
  ])("%s → %s", (_name, edit, code, location) => {
    const result = read(edit);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.findings.map((f) => [f.code, f.location])).toEqual([[code, location]]);
  });

  it("reports several problems at once and keeps the facts it could read", () => {
    const result = read((x) => x.replace(`code="SP1"`, `code="SP99"`).replace(`<reasonCode code="1"`, `<reasonCode code="9"`));
    expect(codes(result)).toEqual(["FRAME-SERVICE-REQUEST-UNKNOWN", "FRAME-USAGE-SITUATION-UNKNOWN"]);
    expect(result.facts).toMatchObject({ messageId: input.messageId, senderOrganisationOid: input.senderOrganisationOid, serviceRequestCode: "SP99" });
  });

  it.each(["1", "2", "3", "4"])("usage situation %s of the code list is accepted [D07-R60 L29953-30031]", (code) => {
    const result = read(undefined, { usageSituation: code });
    expect(result.ok && result.frame.usageSituation.code).toBe(code);
  });
});

describe("service-request codes as data", () => {
  it("the fixture maps SP1–SP10 onto the ten operations one to one, simulator-assigned", () => {
    expect(serviceRequests.simulatorAssigned).toBe(true);
    expect(serviceRequests.codeSystem).toBe("1.2.246.10.99990000.1.1");
    expect(serviceRequests.codes.map((c) => c.code)).toEqual(OPERATIONS.map((_, i) => `SP${i + 1}`));
    expect(serviceRequests.codes.map((c) => c.operation)).toEqual([...OPERATIONS]);
  });

  it("a vendor remap: another code and an extra code system are read without code changes", () => {
    const remapped = serviceRequestCatalogue({ code_system: "1.2.246.10.99990000.1.1", also_accept_code_systems: ["1.2.246.537.6.9999"], codes: [{ code: "ARK", operation: "store", fi: "a", sv: "a", en: "a" }] });
    const result = readArchiveRequestFrame(payloadOf(buildArchiveRequestFrame({ ...input, serviceRequest: { code: "ARK", codeSystem: "1.2.246.537.6.9999" } })), { serviceRequests: remapped, usageSituations });
    expect(result.ok && result.frame.serviceRequest.operation).toBe("store");
  });

  it.each([
    [{ codes: [] }, /code_system/],
    [{ code_system: "1.2.3", codes: [{ code: "X", operation: "teleport", fi: "a", sv: "a", en: "a" }] }, /operation/],
    [{ code_system: "1.2.3", codes: [{ code: "X", operation: "store", fi: "a", sv: "a", en: "a" }, { code: "X", operation: "cancel", fi: "a", sv: "a", en: "a" }] }, /twice/],
  ])("a broken file is refused with the problem named (%#)", (data, message) => {
    expect(() => serviceRequestCatalogue(data)).toThrow(ServiceRequestFileError);
    expect(() => serviceRequestCatalogue(data)).toThrow(message);
  });
});

describe("HL7 timestamps", () => {
  it.each([
    ["20261128", "2026-11-28T00:00:00.000Z"],
    ["202611281530", "2026-11-28T15:30:00.000Z"],
    ["20261128153045+0200", "2026-11-28T13:30:45.000Z"],
    ["20261128153045.5-0100", "2026-11-28T16:30:45.500Z"],
  ])("%s → %s", (value, iso) => {
    expect(parseHl7Timestamp(value)?.toISOString()).toBe(iso);
  });
  it.each(["2026-11-28", "20260230", "20261128256000", ""])("%s is refused", (value) => {
    expect(parseHl7Timestamp(value)).toBeUndefined();
  });
  it("format → parse is the identity to the second", () => {
    const d = new Date("2026-01-02T03:04:05Z");
    expect(parseHl7Timestamp(formatHl7Timestamp(d))?.getTime()).toBe(d.getTime());
  });
});
