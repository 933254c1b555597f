import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { XmlDocument, XmlValidateError, XsdValidator } from "libxml2-wasm";
import { describe, expect, it } from "vitest";
import { errorEntry, finding } from "../../src/errors/catalogue.js";
import { buildAcknowledgement, parseAcknowledgement } from "../../src/hl7/acknowledgement.js";
import { buildArchiveRequestFrame } from "../../src/hl7/frame.js";
import { ARCHIVE_DEVICE_OID, ERROR_CODE_SYSTEM } from "../../src/hl7/types.js";
import { buildSoapResponse } from "../../src/soap/envelope.js";
import { NS, parseXml } from "../../src/soap/xml.js";

const base = {
  messageId: { root: "1.2.246.10.99990000.4.2", extension: "ack-1" },
  inReplyTo: { root: "1.2.246.10.99990001.60", extension: "msg-1" },
  creationTime: new Date("2026-11-28T10:00:01Z"),
  receiver: { root: "1.2.246.10.99990001.70.1" },
};

describe("MCCI_IN000002UV01 acknowledgement", () => {
  it("AA without details: ids, target message and sender round-trip", () => {
    const ack = parseAcknowledgement(buildAcknowledgement({ ...base, typeCode: "AA", details: [] }));
    expect(ack).toEqual({
      typeCode: "AA",
      messageId: base.messageId,
      creationTime: base.creationTime,
      inReplyTo: base.inReplyTo,
      receiver: base.receiver,
      sender: { root: ARCHIVE_DEVICE_OID },
      details: [],
    });
  });

  it("one acknowledgementDetail per finding: E/W, our code and code system, fi/sv/en texts from the catalogue, XPath location", () => {
    const details = [
      finding("FRAME-USAGE-SITUATION-UNKNOWN", "/hl7:RCMR_IN200002FI01/hl7:controlActProcess/hl7:reasonCode[2]/@code", "7"),
      finding("FRAME-SERVICE-UNIT-MISSING", "/hl7:RCMR_IN200002FI01/hl7:controlActProcess", undefined, "warning"),
    ];
    const ack = parseAcknowledgement(buildAcknowledgement({ ...base, typeCode: "AE", details }));
    expect(ack.typeCode).toBe("AE");
    const usage = errorEntry("FRAME-USAGE-SITUATION-UNKNOWN");
    const unit = errorEntry("FRAME-SERVICE-UNIT-MISSING");
    expect(ack.details).toEqual([
      {
        typeCode: "E",
        code: "FRAME-USAGE-SITUATION-UNKNOWN",
        codeSystem: ERROR_CODE_SYSTEM,
        text: { fi: `${usage.fi} — 7`, sv: `${usage.sv} — 7`, en: `${usage.en} — 7` },
        location: details[0]!.location,
      },
      { typeCode: "W", code: "FRAME-SERVICE-UNIT-MISSING", codeSystem: ERROR_CODE_SYSTEM, text: { fi: unit.fi, sv: unit.sv, en: unit.en }, location: details[1]!.location },
    ]);
  });

  it("a request without a message id is acknowledged with targetMessage/id nullFlavor NI", () => {
    const xml = buildAcknowledgement({ ...base, inReplyTo: undefined, typeCode: "AR", details: [finding("FRAME-MESSAGE-ID-MISSING", "/hl7:RCMR_IN200002FI01/hl7:id/@root")] });
    const parsed = parseXml(xml);
    expect(parsed.ok && parsed.document.getElementsByTagNameNS(NS.hl7, "targetMessage")[0]!.getElementsByTagNameNS(NS.hl7, "id")[0]!.getAttribute("nullFlavor")).toBe("NI");
    expect(parseAcknowledgement(xml).inReplyTo).toBeUndefined();
  });

  it("is read from inside a SOAP response too", () => {
    const soap = buildSoapResponse("1.2", buildAcknowledgement({ ...base, typeCode: "AA", details: [] }));
    expect(parseAcknowledgement(soap).typeCode).toBe("AA");
  });

  it("refuses a catalogue-less code at build time, and a response without acknowledgement at parse time", () => {
    expect(() => buildAcknowledgement({ ...base, typeCode: "AE", details: [{ code: "NOT-A-CODE", location: "/", severity: "error" }] })).toThrow(/unknown error code/);
    expect(() => parseAcknowledgement(`<x xmlns="urn:hl7-org:v3"/>`)).toThrow(/MCCI_IN000002UV01/);
  });
});

describe("hl7/xsd/hl7-wire.xsd describes what the builders write", () => {
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
  const frameInput = {
    messageId: { root: "1.2.246.10.99990001.60", extension: "m" },
    creationTime: new Date("2026-11-28T10:00:00Z"),
    senderDeviceId: { root: "1.2.246.10.99990001.70.1" },
    senderOrganisationOid: "1.2.246.10.99990001.10.0",
    serviceRequest: { code: "SP1", codeSystem: "1.2.246.10.99990000.1.1" },
    usageSituation: "1",
    serviceUnitOid: "1.2.246.10.99990001.10.101",
    professionalId: { root: "1.2.246.537.26", extension: "P" },
    document: "<ClinicalDocument/>",
  };

  it("the frame and an acknowledgement with details are valid; a frame without sender is not", () => {
    expect(validate(buildArchiveRequestFrame(frameInput))).toEqual([]);
    const ack = buildAcknowledgement({ ...base, typeCode: "AE", details: [finding("FRAME-USAGE-SITUATION-UNKNOWN", "/x", "7"), finding("FRAME-SERVICE-UNIT-MISSING", "/y", undefined, "warning")] });
    expect(validate(ack)).toEqual([]);
    expect(validate(buildAcknowledgement({ ...base, inReplyTo: undefined, typeCode: "AA", details: [] }))).toEqual([]);
    const noSender = buildArchiveRequestFrame(frameInput).replace(/<sender[\s\S]*<\/sender>/, "");
    expect(validate(noSender).join("\n")).toMatch(/controlActProcess/);
  });
});
