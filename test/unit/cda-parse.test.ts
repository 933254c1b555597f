import type { Document } from "@xmldom/xmldom";
import xpath from "xpath";
import { describe, expect, it } from "vitest";
import { buildCdaDocument } from "../../src/cda/build.js";
import { parseCda } from "../../src/cda/parse.js";
import { sampleBody, sampleMetadataWithEveryField, sampleMinimalMetadata } from "../../src/cda/samples.js";
import { CATALOGUE } from "../../src/errors/catalogue.js";
import type { DocumentBody, DocumentMetadata } from "../../src/model/document.js";
import { parseXmlSafely } from "../../src/xml/safe-parse.js";

function dom(xml: string): Document {
  const result = parseXmlSafely(xml);
  if (!result.ok) throw new Error(`test document is not well-formed: ${JSON.stringify(result.findings)}`);
  return result.document;
}

function parsed(xml: string) {
  return parseCda(dom(xml));
}

function built(metadata: DocumentMetadata = sampleMetadataWithEveryField(), body: DocumentBody = sampleBody()): string {
  return buildCdaDocument(metadata, body);
}

/** Replaces exactly one occurrence (so a test cannot silently edit nothing). */
function edit(xml: string, from: string | RegExp, to: string): string {
  const matches = typeof from === "string" ? xml.split(from).length - 1 : (xml.match(new RegExp(from, "g")) ?? []).length;
  if (matches !== 1) throw new Error(`expected one occurrence of ${String(from)}, found ${matches}`);
  return xml.replace(from, to);
}

const select = xpath.useNamespaces({ v3: "urn:hl7-org:v3", hl7fi: "urn:hl7finland" });
function values(doc: Document, expression: string): string[] {
  return (select(expression, doc as unknown as Node) as Array<{ nodeValue: string | null; textContent: string | null }>).map((n) => n.nodeValue ?? n.textContent ?? "");
}

describe("parseCda — every metadata field, read from its documented place (docs/profile/cda.md)", () => {
  const m = sampleMetadataWithEveryField();
  const xml = built(m);
  const doc = dom(xml);
  const result = parseCda(doc);

  it("reads the document without findings, and every field equals what was built", () => {
    expect(result.findings).toEqual([]);
    expect(result.metadata).toEqual(m);
  });

  // [field, #/M number of 07 §3.4 / 03 §3.1, XPath in the document, wire values, model value]
  const rows: Array<[string, string, string, string[], unknown]> = [
    ["documentId", "id", "/v3:ClinicalDocument/v3:id/@root", [m.documentId], result.metadata?.documentId],
    ["setId", "setId", "/v3:ClinicalDocument/v3:setId/@root", [m.setId], result.metadata?.setId],
    ["versionNumber", "M14", "/v3:ClinicalDocument/v3:versionNumber/@value", ["2"], result.metadata?.versionNumber],
    ["replacesDocumentId", "RPLC", "/v3:ClinicalDocument/v3:relatedDocument[@typeCode='RPLC']/v3:parentDocument/v3:id/@root", [m.replacesDocumentId!], result.metadata?.replacesDocumentId],
    ["status", "M13", "/v3:ClinicalDocument/hl7fi:localHeader/hl7fi:documentStatus/@code", ["ready"], result.metadata?.status],
    ["createdAt", "M16", "/v3:ClinicalDocument/v3:effectiveTime/@value", ["20261120093000+0200"], result.metadata?.createdAt],
    ["title", "M18", "/v3:ClinicalDocument/v3:title", [m.title!], result.metadata?.title],
    ["schemaVersion", "M15", "/v3:ClinicalDocument/hl7fi:localHeader/hl7fi:schemaVersion/@value", [m.schemaVersion!], result.metadata?.schemaVersion],
    ["organiser", "#1", "/v3:ClinicalDocument/v3:custodian/v3:assignedCustodian/v3:representedCustodianOrganization/v3:id/@root", [m.organiser.oid], result.metadata?.organiser.oid],
    ["organiser name", "#2", "/v3:ClinicalDocument/v3:custodian/v3:assignedCustodian/v3:representedCustodianOrganization/v3:name", [m.organiser.name!], result.metadata?.organiser.name],
    ["producer", "#3", "/v3:ClinicalDocument/v3:author/v3:assignedAuthor/v3:representedOrganization/v3:id/@root", [m.producer!.oid], result.metadata?.producer?.oid],
    ["producer name", "#4", "/v3:ClinicalDocument/v3:author/v3:assignedAuthor/v3:representedOrganization/v3:name", [m.producer!.name!], result.metadata?.producer?.name],
    ["subcontractor", "#5", "/v3:ClinicalDocument/hl7fi:localHeader/hl7fi:subcontractor/@root", [m.subcontractor!.oid], result.metadata?.subcontractor?.oid],
    ["subcontractor name", "#6", "/v3:ClinicalDocument/hl7fi:localHeader/hl7fi:subcontractor/@name", [m.subcontractor!.name!], result.metadata?.subcontractor?.name],
    ["serviceUnit", "#7", "/v3:ClinicalDocument/hl7fi:localHeader/hl7fi:serviceUnit/@root", [m.serviceUnit!.oid], result.metadata?.serviceUnit?.oid],
    ["storer given name", "#8", "/v3:ClinicalDocument/v3:author/v3:assignedAuthor/v3:assignedPerson/v3:name/v3:given", ["Sara"], result.metadata?.storer?.givenName],
    ["storer family name", "#9", "/v3:ClinicalDocument/v3:author/v3:assignedAuthor/v3:assignedPerson/v3:name/v3:family", ["Socionom"], result.metadata?.storer?.familyName],
    ["registerCode", "register", "/v3:ClinicalDocument/hl7fi:localHeader/hl7fi:registerCode/@code", ["1"], result.metadata?.registerCode?.code],
    ["clients", "#10 M12", "/v3:ClinicalDocument/v3:recordTarget/v3:patientRole/v3:id[@root='1.2.246.21']/@extension", m.clients, result.metadata?.clients],
    ["caseId", "#11", "/v3:ClinicalDocument/v3:componentOf/v3:encompassingEncounter/v3:id/@root", [m.caseId!], result.metadata?.caseId],
    ["caseName", "#12", "/v3:ClinicalDocument/hl7fi:localHeader/hl7fi:caseName/@originalText", [m.caseName!.text!], result.metadata?.caseName?.text],
    ["caseOpenedAt", "#13", "/v3:ClinicalDocument/v3:componentOf/v3:encompassingEncounter/v3:effectiveTime/v3:low/@value", ["20261001"], result.metadata?.caseOpenedAt],
    ["caseClosedAt", "#14", "/v3:ClinicalDocument/v3:componentOf/v3:encompassingEncounter/v3:effectiveTime/v3:high/@value", ["20261231"], result.metadata?.caseClosedAt],
    ["caseStatus", "#15", "/v3:ClinicalDocument/hl7fi:localHeader/hl7fi:caseStatus/@code", ["1"], result.metadata?.caseStatus?.code],
    ["linkedCaseIds", "#16", "/v3:ClinicalDocument/hl7fi:localHeader/hl7fi:linkedCase/@root", m.linkedCaseIds!, result.metadata?.linkedCaseIds],
    ["caseLinks", "#17", "/v3:ClinicalDocument/hl7fi:localHeader/hl7fi:caseLink/@root", m.caseLinks!, result.metadata?.caseLinks],
    ["serviceProcess", "#18", "/v3:ClinicalDocument/v3:documentationOf/v3:serviceEvent/v3:code/@code", ["3"], result.metadata?.serviceProcess?.code],
    ["serviceTasks", "#19 M10", "/v3:ClinicalDocument/hl7fi:localHeader/hl7fi:serviceTask/@code", ["10"], result.metadata?.serviceTasks.map((c) => c.code)],
    ["socialServices", "#20 M8", "/v3:ClinicalDocument/hl7fi:localHeader/hl7fi:socialService/@code", ["201", "202"], result.metadata?.socialServices.map((c) => c.code)],
    ["documentGroup", "#21 M1", "/v3:ClinicalDocument/v3:code[@codeSystem='1.2.246.537.6.1505']/@code", ["5"], result.metadata?.documentGroup],
    ["generalType", "#22", "/v3:ClinicalDocument/hl7fi:localHeader/hl7fi:generalDocumentType/@code", ["40"], result.metadata?.generalType?.code],
    ["specificType", "#23 M9", "/v3:ClinicalDocument/hl7fi:localHeader/hl7fi:specificDocumentType/@code", ["4012"], result.metadata?.specificType?.code],
    ["receivedAt", "#24", "/v3:ClinicalDocument/hl7fi:localHeader/hl7fi:receivedAt/@value", ["20261119150000+0000"], result.metadata?.receivedAt],
    ["arrivalMethod", "#25", "/v3:ClinicalDocument/hl7fi:localHeader/hl7fi:arrivalMethod/@code", ["2"], result.metadata?.arrivalMethod?.code],
    ["senderOrAgent", "#26", "/v3:ClinicalDocument/hl7fi:localHeader/hl7fi:senderOrAgent", [m.senderOrAgent!], result.metadata?.senderOrAgent],
    ["signerPersonId", "#27", "/v3:ClinicalDocument/v3:legalAuthenticator/v3:assignedEntity/v3:id[@root='1.2.246.21']/@extension", ["140375-921H"], result.metadata?.signatureMetadata?.signerPersonId],
    ["registrationNumber", "#28", "/v3:ClinicalDocument/v3:legalAuthenticator/v3:assignedEntity/v3:id[@root='1.2.246.537.26']/@extension", ["100200300"], result.metadata?.signatureMetadata?.registrationNumber],
    ["signer given name", "#29", "/v3:ClinicalDocument/v3:legalAuthenticator/v3:assignedEntity/v3:assignedPerson/v3:name/v3:given", ["Sara"], result.metadata?.signatureMetadata?.givenName],
    ["signer family name", "#30", "/v3:ClinicalDocument/v3:legalAuthenticator/v3:assignedEntity/v3:assignedPerson/v3:name/v3:family", ["Socionom"], result.metadata?.signatureMetadata?.familyName],
    ["identificationMethod", "#31", "/v3:ClinicalDocument/hl7fi:localHeader/hl7fi:signerIdentificationMethod/@code", ["1"], result.metadata?.signatureMetadata?.identificationMethod?.code],
    ["signedAt", "#32", "/v3:ClinicalDocument/v3:legalAuthenticator/v3:time/@value", ["20261120094512.500+0200"], result.metadata?.signatureMetadata?.signedAt],
    ["description", "correction", "/v3:ClinicalDocument/hl7fi:localHeader/hl7fi:description", [m.description!], result.metadata?.description],
    ["correctionReason", "correction", "/v3:ClinicalDocument/hl7fi:localHeader/hl7fi:correctionReason/@code", ["2"], result.metadata?.correctionReason?.code],
    ["specialContent", "M2", "/v3:ClinicalDocument/v3:confidentialityCode/@code", ["N"], result.metadata?.specialContent],
    ["delayedUntil", "M3", "/v3:ClinicalDocument/hl7fi:localHeader/hl7fi:delayedUntil/@value", ["20270115"], result.metadata?.delayedUntil],
    ["restrictionReasons", "M4", "/v3:ClinicalDocument/hl7fi:localHeader/hl7fi:restrictionReason/@code", ["1"], result.metadata?.restrictionReasons?.map((c) => c.code)],
    ["restrictionText", "M5", "/v3:ClinicalDocument/hl7fi:localHeader/hl7fi:restrictionText", [m.restrictionText!], result.metadata?.restrictionText],
    ["guardianDisclosure", "M6", "/v3:ClinicalDocument/hl7fi:localHeader/hl7fi:guardianDisclosure/@code", ["3"], result.metadata?.guardianDisclosure],
    ["disclosureDespiteBanReasons", "M7", "/v3:ClinicalDocument/hl7fi:localHeader/hl7fi:disclosureDespiteBanReason/@code", ["2"], result.metadata?.disclosureDespiteBanReasons?.map((c) => c.code)],
    ["attachmentOf", "attachment", "/v3:ClinicalDocument/hl7fi:localHeader/hl7fi:attachmentOf/@root", [m.attachmentOf!], result.metadata?.attachmentOf],
  ];

  it.each(rows)("%s (%s) lives at %s [07 §3.4 L27644-29151, 03 §3.1]", (field, _number, expression, wire, parsedValue) => {
    expect(values(doc, expression)).toEqual(wire);
    const expected = field === "documentGroup" ? m.documentGroup : field === "specialContent" ? m.specialContent : (sampleMetadataWithEveryField() as unknown as Record<string, unknown>)[field];
    if (expected !== undefined && typeof expected !== "object") expect(parsedValue).toEqual(expected);
    expect(parsedValue).toBeDefined();
  });

  it("places hl7fi:localHeader right after versionNumber and never emits hl7fi:signatures", () => {
    expect(select("local-name(/v3:ClinicalDocument/hl7fi:localHeader/preceding-sibling::*[1])", doc as unknown as Node)).toBe("versionNumber");
    expect(select("count(//hl7fi:signatures)", doc as unknown as Node)).toBe(0);
  });

  it("reads the body: display form, structured JSON and its schema OID", () => {
    expect(result.body).toEqual(sampleBody());
  });

  it("reads a minimal document; optional fields stay absent", () => {
    const minimal = sampleMinimalMetadata();
    const r = parsed(built(minimal, { xhtml: "<paragraph>x</paragraph>" }));
    expect(r.findings).toEqual([]);
    expect(r.metadata).toEqual(minimal);
  });

  it("specialContent: R/V → true, N → false, nullFlavor → absent (M2, 03 §3.1 L7776-7780)", () => {
    const base = built({ ...sampleMinimalMetadata(), specialContent: true }, { xhtml: "x" });
    expect(parsed(base).metadata?.specialContent).toBe(true);
    expect(parsed(base.replace('code="R" codeSystem="2.16.840.1.113883.5.25"', 'code="V" codeSystem="2.16.840.1.113883.5.25"')).metadata?.specialContent).toBe(true);
    expect(parsed(built({ ...sampleMinimalMetadata(), specialContent: false }, { xhtml: "x" })).metadata?.specialContent).toBe(false);
    expect(parsed(built(sampleMinimalMetadata(), { xhtml: "x" })).metadata).not.toHaveProperty("specialContent");
  });

  it("a cancellation version (makulering) reads as status cancelled [D06-R16 L25960]", () => {
    expect(parsed(built({ ...sampleMinimalMetadata(), status: "cancelled" }, { xhtml: "x" })).metadata?.status).toBe("cancelled");
  });

  it("an id with an extension is flattened root.extension; a temporary client id keeps its value", () => {
    const xml = edit(built(sampleMinimalMetadata(), { xhtml: "x" }), '<id root="1.2.246.10.99990002.20.1"/>', '<id root="1.2.246.10.99990002.20" extension="1"/>');
    expect(parsed(xml).metadata?.documentId).toBe("1.2.246.10.99990002.20.1");
    const temporary = parsed(built({ ...sampleMinimalMetadata(), clients: ["TMP-2026-0001"] }, { xhtml: "x" }));
    expect(temporary.metadata?.clients).toEqual(["TMP-2026-0001"]);
  });
});

describe("parseCda — findings", () => {
  const minimal = () => built(sampleMinimalMetadata(), { xhtml: "<paragraph>x</paragraph>" });

  it.each([
    ["wrong root element", `<Document xmlns="urn:hl7-org:v3"/>`, "found {urn:hl7-org:v3}Document"],
    ["ClinicalDocument without namespace", `<ClinicalDocument/>`, "found {}ClinicalDocument"],
    ["ClinicalDocument in another namespace", `<ClinicalDocument xmlns="urn:hl7-org:v2"/>`, "found {urn:hl7-org:v2}ClinicalDocument"],
  ])("%s → CDA-NOT-CLINICAL-DOCUMENT", (_name, xml, detail) => {
    const r = parsed(xml);
    expect(r.metadata).toBeUndefined();
    expect(r.findings).toEqual([{ code: "CDA-NOT-CLINICAL-DOCUMENT", location: "/", detail, severity: "error" }]);
  });

  it.each([
    ["document id", '<id root="1.2.246.10.99990002.20.1"/>', "", "/ClinicalDocument/id"],
    ["set id", '<setId root="1.2.246.10.99990002.20.1"/>', "", "/ClinicalDocument/setId"],
    ["set id root", '<setId root="1.2.246.10.99990002.20.1"/>', "<setId/>", "/ClinicalDocument/setId/@root"],
    ["version number", '<versionNumber value="1"/>', "", "/ClinicalDocument/versionNumber"],
    ["document group (#21)", /<code code="3"[^>]*\/>/, "", "/ClinicalDocument/code"],
    ["creation date (M16)", '<effectiveTime value="20261128"/>', "", "/ClinicalDocument/effectiveTime"],
    ["organiser (#1)", /<custodian>.*<\/custodian>/, "<custodian/>", "/ClinicalDocument/custodian/assignedCustodian/representedCustodianOrganization"],
    ["client (#10) [D07-R20 L27179-27187]", /<recordTarget>.*?<\/recordTarget>/, "", "/ClinicalDocument/recordTarget"],
    ["client id extension", 'extension="190790-981S"', "", "/ClinicalDocument/recordTarget/patientRole/id/@extension"],
  ])("missing %s → CDA-METADATA-MISSING, no metadata", (_name, from, to, location) => {
    const r = parsed(edit(minimal(), from, to));
    expect(r.metadata).toBeUndefined();
    expect(r.findings.map((f) => [f.code, f.location])).toContainEqual(["CDA-METADATA-MISSING", location]);
  });

  it.each([
    ["non-numeric versionNumber", '<versionNumber value="1"/>', '<versionNumber value="one"/>', "/ClinicalDocument/versionNumber/@value", true],
    ["versionNumber 0", '<versionNumber value="1"/>', '<versionNumber value="0"/>', "/ClinicalDocument/versionNumber/@value", true],
    ["impossible creation date", '<effectiveTime value="20261128"/>', '<effectiveTime value="20260230"/>', "/ClinicalDocument/effectiveTime/@value", true],
    ["document group from another code system", 'codeSystem="1.2.246.537.6.1505"', 'codeSystem="1.2.3"', "/ClinicalDocument/code", true],
    ["unknown document group code", '<code code="3"', '<code code="9"', "/ClinicalDocument/code", true],
    ["confidentialityCode outside N/R/V", '<confidentialityCode nullFlavor="NI"/>', '<confidentialityCode code="X" codeSystem="2.16.840.1.113883.5.25"/>', "/ClinicalDocument/confidentialityCode/@code", false],
    ["document status other than ready/cancelled", '<hl7fi:documentStatus code="ready"/>', '<hl7fi:documentStatus code="draft"/>', "/ClinicalDocument/hl7fi:localHeader/hl7fi:documentStatus/@code", false],
    ["guardian disclosure code 5 (table 5.4.1 L9003-9113)", '<hl7fi:documentStatus code="ready"/>', '<hl7fi:documentStatus code="ready"/><hl7fi:guardianDisclosure code="5"/>', "/ClinicalDocument/hl7fi:localHeader/hl7fi:guardianDisclosure/@code", false],
    ["a single-valued element repeated", '<hl7fi:documentStatus code="ready"/>', '<hl7fi:documentStatus code="ready"/><hl7fi:documentStatus code="ready"/>', "/ClinicalDocument/hl7fi:localHeader/hl7fi:documentStatus[2]", false],
    ["a coded element without codeSystem", '<hl7fi:documentStatus code="ready"/>', '<hl7fi:documentStatus code="ready"/><hl7fi:serviceTask code="10"/>', "/ClinicalDocument/hl7fi:localHeader/hl7fi:serviceTask", false],
    ["a bad date in hl7fi:delayedUntil (M3)", '<hl7fi:documentStatus code="ready"/>', '<hl7fi:documentStatus code="ready"/><hl7fi:delayedUntil value="2027-01-15"/>', "/ClinicalDocument/hl7fi:localHeader/hl7fi:delayedUntil/@value", false],
    ["a second author: one storer (#8/#9 L27869-27941)", /<\/author>/, '</author><author><time value="20261128"/><assignedAuthor><id nullFlavor="NI"/></assignedAuthor></author>', "/ClinicalDocument/author[2]", false],
    ["two replaced versions", "<custodian>", '<relatedDocument typeCode="RPLC"><parentDocument><id root="1.2.3"/></parentDocument></relatedDocument><relatedDocument typeCode="RPLC"><parentDocument><id root="1.2.4"/></parentDocument></relatedDocument><custodian>', "/ClinicalDocument/relatedDocument[2]", false],
  ])("%s → CDA-METADATA-INVALID", (_name, from, to, location, unreadable) => {
    const r = parsed(edit(minimal(), from, to));
    expect(r.findings.map((f) => [f.code, f.location])).toContainEqual(["CDA-METADATA-INVALID", location]);
    expect(r.metadata === undefined).toBe(unreadable);
  });

  it.each([
    ["an element outside the model", "<hl7fi:favouriteColour value='blue'/>", "/ClinicalDocument/hl7fi:localHeader/hl7fi:favouriteColour", "{urn:hl7finland}favouriteColour"],
    ["an element in another namespace", "<x:note xmlns:x='urn:vendor'>internal</x:note>", "/ClinicalDocument/hl7fi:localHeader/*[local-name()='note']", "{urn:vendor}note"],
    ["a v3 element", "<title>t</title>", "/ClinicalDocument/hl7fi:localHeader/title", "{urn:hl7-org:v3}title"],
  ])("%s inside hl7fi:localHeader → CDA-METADATA-UNKNOWN naming it [D07-R23 L27605-27611]", (_name, element, location, detail) => {
    const r = parsed(edit(minimal(), "</hl7fi:localHeader>", `${element}</hl7fi:localHeader>`));
    expect(r.findings).toEqual([{ code: "CDA-METADATA-UNKNOWN", location, detail, severity: "error" }]);
  });

  it("the sender supplying Klientens dödsdag → CDA-ARCHIVE-PRODUCED, and the value is not taken [D07-R24 L27613-27618, L29207-29213]", () => {
    const r = parsed(built({ ...sampleMinimalMetadata(), clientDeathDate: "2025-10-01" }, { xhtml: "x" }));
    expect(r.findings).toEqual([
      { code: "CDA-ARCHIVE-PRODUCED", location: "/ClinicalDocument/hl7fi:localHeader/hl7fi:clientDeathDate", detail: "Klientens dödsdag (client's date of death)", severity: "error" },
    ]);
    expect(r.metadata).not.toHaveProperty("clientDeathDate");
  });
});

describe("parseCda — body forms [D07-R26 L27561-27567]", () => {
  const withBody = (body: DocumentBody) => built(sampleMinimalMetadata(), body);
  const jsonElement = (content: string, attributes = "") =>
    edit(withBody({ xhtml: "<paragraph>x</paragraph>" }), "</text>", `</text><hl7fi:json${attributes}>${content}</hl7fi:json>`);
  /** A nonXMLBody document; a string is the PDF's content as latin1 text, `base64` overrides the encoded form. */
  const pdfDocument = (pdf: string, mediaType = "application/pdf", base64 = Buffer.from(pdf, "latin1").toString("base64")) =>
    edit(
      withBody({ pdf: new Uint8Array([1]) }),
      /<text mediaType="application\/pdf" representation="B64">[^<]*<\/text>/,
      `<text mediaType="${mediaType}" representation="B64">${base64}</text>`,
    );
  const PDFA = `%PDF-1.7\n1 0 obj<</Type/Metadata/Subtype/XML>>stream\n<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description></rdf:RDF></x:xmpmeta>\nendstream endobj\n%%EOF`;

  it("JSON as text (representation TXT or none) and as base64", () => {
    expect(parsed(jsonElement('{"a":[1,"å"]}', ' representation="TXT"')).body.json).toEqual({ a: [1, "å"] });
    expect(parsed(jsonElement('  [1, 2]  ')).body.json).toEqual([1, 2]);
    expect(parsed(jsonElement(Buffer.from('{"b":true}').toString("base64"))).body.json).toEqual({ b: true });
    expect(parsed(jsonElement(`\n  ${Buffer.from('{"c":"ä"}').toString("base64").replace(/(.{4})/g, "$1\n")}`, ' representation="B64"')).body.json).toEqual({ c: "ä" });
  });

  it.each([
    ["characters outside the alphabet", "@@@@", ' representation="B64"'],
    ["a wrong length", "eyJhIjoxfQ=", ' representation="B64"'],
    ["padding in the middle", "eyJ=IjoxfQ==", ""],
  ])("hl7fi:json base64 with %s → CDA-BODY-BASE64", (_name, content, attributes) => {
    const r = parsed(jsonElement(content, attributes));
    expect(r.findings.map((f) => [f.code, f.location])).toEqual([["CDA-BODY-BASE64", "/ClinicalDocument/component/structuredBody/component/section/hl7fi:json"]]);
    expect(r.body).not.toHaveProperty("json");
  });

  it.each([
    ["JSON text that does not parse", "{bad", ' representation="TXT"'],
    ["base64 of invalid JSON", Buffer.from("{bad").toString("base64"), ' representation="B64"'],
    ["base64 of bytes that are not UTF-8", Buffer.from([0x7b, 0xff, 0x7d]).toString("base64"), ' representation="B64"'],
  ])("%s → CDA-BODY-JSON", (_name, content, attributes) => {
    const r = parsed(jsonElement(content, attributes));
    expect(r.findings.map((f) => f.code)).toEqual(["CDA-BODY-JSON"]);
  });

  it("section text with an XHTML-namespace element → CDA-BODY-XHTML at that element", () => {
    const r = parsed(withBody({ xhtml: '<paragraph>ok</paragraph><p xmlns="http://www.w3.org/1999/xhtml">wrong namespace</p>' }));
    expect(r.findings).toEqual([
      {
        code: "CDA-BODY-XHTML",
        location: "/ClinicalDocument/component/structuredBody/component/section/text/*[local-name()='p']",
        detail: "{http://www.w3.org/1999/xhtml}p: the display form uses the CDA narrative block (namespace urn:hl7-org:v3)",
        severity: "error",
      },
    ]);
  });

  it("nested sections contribute their display text", () => {
    const xml = edit(withBody({ xhtml: "<paragraph>a</paragraph>" }), "</text>", "</text><component><section><text><paragraph>b</paragraph></text></section></component>");
    expect(parsed(xml).body.xhtml).toBe("<paragraph>a</paragraph>\n<paragraph>b</paragraph>");
  });

  it.each([
    ["an empty section", withBody({}), "/ClinicalDocument/component/structuredBody"],
    ["whitespace-only section text", withBody({ xhtml: "  \n " }), "/ClinicalDocument/component/structuredBody"],
    ["an empty nonXMLBody text", pdfDocument(""), "/ClinicalDocument/component/nonXMLBody/text"],
  ])("%s → CDA-BODY-MISSING", (_name, xml, location) => {
    expect(parsed(xml).findings.map((f) => [f.code, f.location])).toEqual([["CDA-BODY-MISSING", location]]);
  });

  it("a PDF/A body is returned as bytes", () => {
    const r = parsed(pdfDocument(PDFA));
    expect(r.findings).toEqual([]);
    expect(Buffer.from(r.body.pdf!).toString("latin1")).toBe(PDFA);
  });

  it("PDF/A identification as an XMP attribute is accepted too", () => {
    expect(parsed(pdfDocument(PDFA.replace("<pdfaid:part>2</pdfaid:part>", "").replace("<rdf:Description ", '<rdf:Description pdfaid:part="1" '))).findings).toEqual([]);
  });

  it.each([
    ["malformed base64", () => pdfDocument("", "application/pdf", "JVBERi0$"), "CDA-BODY-BASE64"],
    ["no %PDF- header", () => pdfDocument("Hello, not a PDF"), "CDA-BODY-PDF"],
    ["another media type", () => pdfDocument(PDFA, "text/plain"), "CDA-BODY-PDF"],
    ["a PDF without pdfaid:part (not claimed PDF/A)", () => pdfDocument("%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF"), "CDA-BODY-PDFA"],
  ])("nonXMLBody with %s → %s", (_name, xml, code) => {
    expect(parsed(xml()).findings.map((f) => f.code)).toEqual([code]);
  });
});

describe("error catalogue entries of src/cda", () => {
  it.each(Object.keys(CATALOGUE).filter((code) => CATALOGUE[code]!.room === "cda"))("%s has fi/sv/en texts and is an archive refusal (AE)", (code) => {
    const entry = CATALOGUE[code]!;
    expect([entry.enforcement, entry.ack]).toEqual(["archive", "AE"]);
    for (const text of [entry.fi, entry.sv, entry.en]) expect(text.length).toBeGreaterThan(10);
  });
});
