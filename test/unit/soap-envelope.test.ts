import { describe, expect, it } from "vitest";
import {
  buildSoapFault,
  buildSoapResponse,
  faultHttpStatus,
  parseSoapFault,
  parseSoapRequest,
  soapResponsePayload,
  soapVersionOfContentType,
  type SoapVersion,
} from "../../src/soap/envelope.js";
import { finding } from "../../src/errors/catalogue.js";
import { NS, parseXml } from "../../src/soap/xml.js";

const PAYLOADS = [{ namespace: NS.hl7, localName: "RCMR_IN200002FI01" }];
const PAYLOAD = `<RCMR_IN200002FI01 xmlns="urn:hl7-org:v3"><id root="1.2.3"/></RCMR_IN200002FI01>`;
const ENV = { "1.1": NS.soap11, "1.2": NS.soap12 } as const;
const CT = { "1.1": "text/xml; charset=utf-8", "1.2": 'application/soap+xml; charset=utf-8; action="x"' } as const;

function envelope(version: SoapVersion, body: string, header = ""): string {
  return `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="${ENV[version]}">${header}<s:Body>${body}</s:Body></s:Envelope>`;
}

function codeOf(result: ReturnType<typeof parseSoapRequest>): string | undefined {
  return result.ok ? undefined : result.fault.findings[0]?.code;
}

describe.each(["1.1", "1.2"] as const)("SOAP %s request envelope", (version) => {
  it("yields the version, the single body child and no header", () => {
    const result = parseSoapRequest(envelope(version, PAYLOAD), CT[version], PAYLOADS);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.request.soapVersion).toBe(version);
    expect(result.request.header).toBeNull();
    expect(result.request.payload.localName).toBe("RCMR_IN200002FI01");
    expect(result.request.addressing).toBeUndefined();
  });

  it("reads WS-Addressing headers and tolerates them with mustUnderstand", () => {
    const mu = version === "1.1" ? `s:mustUnderstand="1"` : `s:mustUnderstand="true"`;
    const header = `<s:Header xmlns:wsa="${NS.wsa}"><wsa:MessageID ${mu}>urn:uuid:1</wsa:MessageID><wsa:Action>urn:act</wsa:Action><wsa:To>http://x/soap/archive</wsa:To><wsa:ReplyTo><wsa:Address>http://reply</wsa:Address></wsa:ReplyTo></s:Header>`;
    const result = parseSoapRequest(envelope(version, PAYLOAD, header), CT[version], PAYLOADS);
    expect(result.ok && result.request.addressing).toEqual({ messageId: "urn:uuid:1", action: "urn:act", to: "http://x/soap/archive", replyTo: "http://reply" });
  });

  it.each([
    ["a body with no element", "", "SOAP-BODY-EMPTY", "Sender"],
    ["a body with two elements", PAYLOAD + PAYLOAD, "SOAP-BODY-MULTIPLE-CHILDREN", "Sender"],
    ["an unknown interaction", `<QUQI_IN000003UV01 xmlns="urn:hl7-org:v3"/>`, "SOAP-UNKNOWN-INTERACTION", "Sender"],
    ["the right name in the wrong namespace", `<RCMR_IN200002FI01 xmlns="urn:other"/>`, "SOAP-UNKNOWN-INTERACTION", "Sender"],
  ])("refuses %s", (_name, body, code, faultClass) => {
    const result = parseSoapRequest(envelope(version, body), CT[version], PAYLOADS);
    expect(codeOf(result)).toBe(code);
    expect(!result.ok && result.fault.faultClass).toBe(faultClass);
    expect(!result.ok && result.fault.version).toBe(version);
  });

  it("refuses a mustUnderstand header it does not know, naming it", () => {
    const mu = version === "1.1" ? `s:mustUnderstand="1"` : `s:mustUnderstand="true"`;
    const header = `<s:Header><sec:Security xmlns:sec="urn:example:security" ${mu}/></s:Header>`;
    const result = parseSoapRequest(envelope(version, PAYLOAD, header), CT[version], PAYLOADS);
    expect(codeOf(result)).toBe("SOAP-MUST-UNDERSTAND");
    expect(!result.ok && result.fault.faultClass).toBe("MustUnderstand");
    expect(!result.ok && result.fault.notUnderstood).toEqual([{ namespace: "urn:example:security", localName: "Security" }]);
  });

  it("ignores an unknown header without mustUnderstand, or addressed to another role", () => {
    const other = version === "1.1" ? `s:actor="urn:someone-else" s:mustUnderstand="1"` : `s:role="urn:someone-else" s:mustUnderstand="true"`;
    const header = `<s:Header><x:Trace xmlns:x="urn:example:trace">1</x:Trace><x:Sec xmlns:x="urn:example:sec" ${other}/></s:Header>`;
    expect(parseSoapRequest(envelope(version, PAYLOAD, header), CT[version], PAYLOADS).ok).toBe(true);
  });

  it("refuses an envelope without Body, and elements after the Body", () => {
    const noBody = `<s:Envelope xmlns:s="${ENV[version]}"><s:Header/></s:Envelope>`;
    expect(codeOf(parseSoapRequest(noBody, CT[version], PAYLOADS))).toBe("SOAP-BODY-MISSING");
    const trailer = `<s:Envelope xmlns:s="${ENV[version]}"><s:Body>${PAYLOAD}</s:Body><s:Body/></s:Envelope>`;
    expect(codeOf(parseSoapRequest(trailer, CT[version], PAYLOADS))).toBe("SOAP-ENVELOPE-STRUCTURE-INVALID");
  });

  it("answers a Content-Type of the other version with SOAP-VERSION-MISMATCH in the announced version", () => {
    const other: SoapVersion = version === "1.1" ? "1.2" : "1.1";
    const result = parseSoapRequest(envelope(version, PAYLOAD), CT[other], PAYLOADS);
    expect(codeOf(result)).toBe("SOAP-VERSION-MISMATCH");
    expect(!result.ok && result.fault).toMatchObject({ version: other, faultClass: "VersionMismatch" });
  });
});

describe("SOAP transport problems before the envelope", () => {
  it.each([
    ["application/json", "SOAP-CONTENT-TYPE-UNSUPPORTED"],
    [undefined, "SOAP-CONTENT-TYPE-UNSUPPORTED"],
  ])("Content-Type %s → %s", (contentType, code) => {
    expect(codeOf(parseSoapRequest(envelope("1.1", PAYLOAD), contentType, PAYLOADS))).toBe(code);
  });

  it.each([
    ["not XML", "<s:Envelope", "XML-MALFORMED"],
    ["a DOCTYPE (entity expansion)", `<!DOCTYPE x [<!ENTITY a "b">]><s:Envelope xmlns:s="${NS.soap11}"><s:Body/></s:Envelope>`, "XML-DOCTYPE-FORBIDDEN"],
    ["a root that is no Envelope", PAYLOAD, "SOAP-ENVELOPE-MISSING"],
  ])("refuses %s", (_name, body, code) => {
    expect(codeOf(parseSoapRequest(body, "text/xml", PAYLOADS))).toBe(code);
  });

  it("answers an Envelope in an unknown namespace with a VersionMismatch fault", () => {
    const result = parseSoapRequest(`<Envelope xmlns="urn:soap-2.0"><Body/></Envelope>`, "text/xml", PAYLOADS);
    expect(codeOf(result)).toBe("SOAP-ENVELOPE-NAMESPACE-UNKNOWN");
    expect(!result.ok && result.fault.faultClass).toBe("VersionMismatch");
  });

  it.each([
    ["text/xml", "1.1"],
    ["Text/XML; charset=UTF-8", "1.1"],
    ["application/soap+xml;charset=utf-8", "1.2"],
    ["application/xml", undefined],
  ])("Content-Type %s announces SOAP %s", (ct, version) => {
    expect(soapVersionOfContentType(ct)).toBe(version);
  });
});

describe("SOAP responses and faults", () => {
  it.each(["1.1", "1.2"] as const)("SOAP %s response carries the payload and echoes wsa:MessageID as RelatesTo", (version) => {
    const xml = buildSoapResponse(version, PAYLOAD, { relatesTo: "urn:uuid:42" });
    const parsed = parseXml(xml);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.document.documentElement!.namespaceURI).toBe(ENV[version]);
    expect(parsed.document.getElementsByTagNameNS(NS.wsa, "RelatesTo")[0]?.textContent).toBe("urn:uuid:42");
    expect(soapResponsePayload(xml)).toContain("RCMR_IN200002FI01");
    expect(parseSoapFault(xml)).toBeUndefined();
  });

  it("SOAP 1.1 fault: faultcode, faultstring and the finding with fi/sv/en texts in detail; escaping is right", () => {
    const xml = buildSoapFault({ version: "1.1", faultClass: "Sender", findings: [finding("SOAP-BODY-EMPTY", "/soap:Envelope/soap:Body", `a <b> & "c"`)] });
    const parsed = parseXml(xml);
    expect(parsed.ok).toBe(true);
    expect(parseSoapFault(xml)).toEqual({ version: "1.1", faultCode: "soap:Client", codes: ["SOAP-BODY-EMPTY"], reason: "SOAP-BODY-EMPTY: The SOAP Body is empty." });
    expect(xml).toContain("SOAP Body on tyhjä.");
    expect(xml).toContain("SOAP Body är tom.");
    // Built with the DOM: the detail text survives a round trip unchanged.
    expect(parsed.ok && parsed.document.getElementsByTagNameNS(NS.ks, "detail")[0]?.textContent).toBe(`a <b> & "c"`);
    expect(faultHttpStatus({ version: "1.1", faultClass: "Sender", findings: [finding("SOAP-BODY-EMPTY", "/")] })).toBe(500);
  });

  it("SOAP 1.2 fault: Code/Value + Subcode with our code, Reason/Text in three languages, NotUnderstood header", () => {
    const fault = { version: "1.2", faultClass: "MustUnderstand", findings: [finding("SOAP-MUST-UNDERSTAND", "/env:Envelope/env:Header/*[1]")], notUnderstood: [{ namespace: "urn:example:security", localName: "Security" }] } as const;
    const xml = buildSoapFault({ ...fault, findings: [...fault.findings], notUnderstood: [...fault.notUnderstood] });
    const parsed = parseXml(xml);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const doc = parsed.document;
    const values = Array.from(doc.getElementsByTagNameNS(NS.soap12, "Value")).map((v) => v.textContent);
    expect(values).toEqual(["env:MustUnderstand", "ks:SOAP-MUST-UNDERSTAND"]);
    const langs = Array.from(doc.getElementsByTagNameNS(NS.soap12, "Text")).map((t) => t.getAttributeNS(NS.xml, "lang"));
    expect(langs).toEqual(["fi", "sv", "en"]);
    const nu = doc.getElementsByTagNameNS(NS.soap12, "NotUnderstood")[0]!;
    expect(nu.getAttribute("qname")).toBe("nu:Security");
    expect(nu.lookupNamespaceURI("nu")).toBe("urn:example:security");
    expect(parseSoapFault(xml)?.codes).toEqual(["SOAP-MUST-UNDERSTAND"]);
    expect(faultHttpStatus({ version: "1.2", faultClass: "Sender", findings: [finding("SOAP-BODY-EMPTY", "/")] })).toBe(400);
    expect(faultHttpStatus({ version: "1.2", faultClass: "Sender", findings: [finding("SOAP-CONTENT-TYPE-UNSUPPORTED", "/")] })).toBe(415);
  });
});
