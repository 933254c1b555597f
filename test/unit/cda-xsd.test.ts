import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildCdaDocument } from "../../src/cda/build.js";
import { sampleBody, sampleMetadataWithEveryField, sampleMinimalMetadata } from "../../src/cda/samples.js";
import { LOCAL_HEADER_ELEMENTS } from "../../src/cda/profile.js";
import { validateCdaSchema } from "../../src/cda/xsd.js";

const everyField = () => buildCdaDocument(sampleMetadataWithEveryField(), sampleBody());
const SIGNATURE = `<hl7fi:signatures><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/><ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature></hl7fi:signatures>`;

function edit(xml: string, from: string, to: string): string {
  if (xml.split(from).length !== 2) throw new Error(`expected one occurrence of ${from}`);
  return xml.replace(from, to);
}

describe("validateCdaSchema (CDA R2 + hl7/schemas/kanta-sim extension, libxml2-wasm)", () => {
  it.each([
    ["a built document with every metadata field", everyField()],
    ["a minimal built document", buildCdaDocument(sampleMinimalMetadata(), { xhtml: "<paragraph>x</paragraph>" })],
    ["a PDF body", buildCdaDocument(sampleMinimalMetadata(), { pdf: new TextEncoder().encode("%PDF-1.7") })],
    ["HL7's own CDA R2 sample document (no Finnish extensions)", readFileSync("hl7/schemas/cda-r2/infrastructure/cda/SampleCDADocument.xml", "utf8")],
  ])("accepts %s", (_name, xml) => {
    expect(validateCdaSchema(xml)).toEqual([]);
  });

  it("accepts bytes as well as text", () => {
    expect(validateCdaSchema(new TextEncoder().encode(everyField()))).toEqual([]);
  });

  it("accepts hl7fi:signatures with one ds:Signature as the last child of ClinicalDocument (profile)", () => {
    expect(validateCdaSchema(edit(everyField(), "</ClinicalDocument>", `${SIGNATURE}</ClinicalDocument>`))).toEqual([]);
  });

  it.each([
    ["hl7fi:signatures before the body (not the last child)", (xml: string) => edit(xml, "<component><structuredBody>", `${SIGNATURE}<component><structuredBody>`), "signatures"],
    ["two ds:Signature elements", (xml: string) => edit(xml, "</ClinicalDocument>", SIGNATURE.replace("</hl7fi:signatures>", '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/></hl7fi:signatures>') + "</ClinicalDocument>"), "Signature"],
    ["an unknown element in hl7fi:localHeader [D07-R23 L27605-27611]", (xml: string) => edit(xml, "</hl7fi:localHeader>", '<hl7fi:favouriteColour value="blue"/></hl7fi:localHeader>'), "favouriteColour"],
    ["hl7fi:localHeader in the wrong place", (xml: string) => edit(xml.replace(/<hl7fi:localHeader>.*<\/hl7fi:localHeader>/, ""), "<custodian>", "<hl7fi:localHeader/><custodian>"), "localHeader"],
    ["a missing custodian", (xml: string) => xml.replace(/<custodian>.*<\/custodian>/, ""), "custodian"],
    ["a date that is not an HL7 TS", (xml: string) => edit(xml, 'hl7fi:delayedUntil value="20270115"', 'hl7fi:delayedUntil value="2027-01-15"'), "delayedUntil"],
    ["an unknown document status", (xml: string) => edit(xml, '<hl7fi:documentStatus code="ready"/>', '<hl7fi:documentStatus code="draft"/>'), "documentStatus"],
    ["an XHTML element in section text", (xml: string) => edit(xml, "<paragraph>Bedömningen", '<p xmlns="http://www.w3.org/1999/xhtml">x</p><paragraph>Bedömningen'), "{http://www.w3.org/1999/xhtml}p"],
  ])("refuses %s with CDA-SCHEMA findings (line and message)", (_name, change, mentioned) => {
    const findings = validateCdaSchema(change(everyField()));
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.code).toBe("CDA-SCHEMA");
      expect(f.severity).toBe("error");
      expect(f.detail).toMatch(/^line \d+: /);
    }
    expect(findings.map((f) => f.detail).join("\n")).toContain(mentioned);
  });

  it("locates a schema error by XPath where libxml2 gives one", () => {
    const [first] = validateCdaSchema(edit(everyField(), "</hl7fi:localHeader>", '<hl7fi:favouriteColour value="blue"/></hl7fi:localHeader>'));
    expect(first?.location).toMatch(/^\/ClinicalDocument|^\/\*/);
  });

  it("reports a document that is not well-formed as CDA-SCHEMA with its line, never throws", () => {
    const findings = validateCdaSchema("<ClinicalDocument xmlns='urn:hl7-org:v3'>\n<id>");
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0]!.code).toBe("CDA-SCHEMA");
    expect(findings[0]!.detail).toMatch(/^line 2: /);
  });
});

describe("profile consistency: parser, schema and docs/profile/cda.md name the same hl7fi:localHeader elements", () => {
  const xsd = readFileSync("hl7/schemas/kanta-sim/hl7finland.xsd", "utf8");
  const localHeaderChoice = xsd.slice(xsd.indexOf('<xs:element name="localHeader">'), xsd.indexOf("</xs:choice>"));
  const inSchema = [...localHeaderChoice.matchAll(/<xs:element name="(\w+)"/g)].map((m) => m[1]).filter((n) => n !== "localHeader");
  const docs = readFileSync("docs/profile/cda.md", "utf8");

  it("the schema's localHeader choice equals the parser's known elements", () => {
    expect(inSchema.sort()).toEqual(Object.keys(LOCAL_HEADER_ELEMENTS).sort());
  });

  it.each(Object.keys(LOCAL_HEADER_ELEMENTS))("hl7fi:%s is documented", (name) => {
    expect(docs).toContain(`hl7fi:${name}`);
  });
});
