import { XMLSerializer, type Element } from "@xmldom/xmldom";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildCdaDocument, escapeXml } from "../../src/cda/build.js";
import { parseCda } from "../../src/cda/parse.js";
import { hl7TsToIso, isoToHl7Ts } from "../../src/cda/time.js";
import { validateCdaSchema } from "../../src/cda/xsd.js";
import type { Coded, DocumentGroup, DocumentMetadata, GuardianDisclosureCode } from "../../src/model/document.js";
import { makePersonalIdentityCode } from "../../src/rules/identity.js";
import { parseXmlSafely } from "../../src/xml/safe-parse.js";

// ── generators of model values the profile can carry ──
const oid = fc.array(fc.nat({ max: 99_999 }), { minLength: 1, maxLength: 7 }).map((parts) => `1.2.246.${parts.join(".")}`);
/** Free text (an empty coded display name is not representable: HL7 st is non-empty, the builder omits it): Nordic letters, XML-special characters, a surrogate pair; one inner space allowed, no other whitespace. */
const freeText = fc
  .string({ unit: fc.constantFrom(..."abcåäöÅÄÖxyz ABC019-.,&<>\"'/😀".match(/./gu)!), maxLength: 24 })
  .map((s) => s.trim().replace(/ {2,}/g, " "));
const token = fc.string({ unit: fc.constantFrom(..."ABCXYZabc0123456789.-_".split("")), minLength: 1, maxLength: 10 });
const coded: fc.Arbitrary<Coded> = fc.record({ code: token, codeSystem: oid, displayName: freeText.filter((t) => t.length > 0) }, { requiredKeys: ["code", "codeSystem"] });
const organisation = fc.record({ oid, name: freeText }, { requiredKeys: ["oid"] });
const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const date = fc.record({ y: fc.integer({ min: 1900, max: 2099 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) }).map(({ y, m, d }) => `${y}-${pad(m)}-${pad(d)}`);
const zone = fc.oneof(
  fc.constant("Z"),
  fc.record({ sign: fc.constantFrom("+", "-"), h: fc.integer({ min: 0, max: 14 }), m: fc.constantFrom(0, 30, 45) }).filter(({ h, m }) => h + m > 0).map(({ sign, h, m }) => `${sign}${pad(h)}:${pad(m)}`),
);
const dateTime = fc
  .record({ day: date, h: fc.integer({ min: 0, max: 23 }), mi: fc.integer({ min: 0, max: 59 }), s: fc.integer({ min: 0, max: 59 }), ms: fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined }), zone: fc.option(zone, { nil: undefined }) })
  .map(({ day, h, mi, s, ms, zone }) => `${day}T${pad(h)}:${pad(mi)}:${pad(s)}${ms === undefined ? "" : `.${pad(ms, 3)}`}${zone ?? ""}`);
const pointInTime = fc.oneof(date, dateTime);
const personalIdentityCode = fc.record({ day: date, n: fc.integer({ min: 2, max: 999 }) }).map(({ day, n }) => makePersonalIdentityCode(day, n));
const clientId = fc.oneof(personalIdentityCode, token.map((t) => `TMP-${t}`));
const groups: DocumentGroup[] = ["client-relationship", "case", "old", "phase-1", "phase-2", "journal-entry"];
const nonEmpty = <T>(a: fc.Arbitrary<T>) => fc.array(a, { minLength: 1, maxLength: 3 });

const metadata: fc.Arbitrary<DocumentMetadata> = fc.record(
  {
    documentId: oid,
    setId: oid,
    versionNumber: fc.integer({ min: 1, max: 999_999 }),
    replacesDocumentId: oid,
    status: fc.constantFrom("ready" as const, "cancelled" as const),
    createdAt: pointInTime,
    title: freeText,
    schemaVersion: token,
    organiser: organisation,
    producer: organisation,
    subcontractor: organisation,
    serviceUnit: organisation,
    storer: fc.record({ givenName: freeText, familyName: freeText }),
    registerCode: coded,
    clients: nonEmpty(clientId),
    caseId: oid,
    caseName: fc.record({ code: coded, text: freeText }, { requiredKeys: ["code"] }),
    caseOpenedAt: pointInTime,
    caseClosedAt: pointInTime,
    caseStatus: coded,
    linkedCaseIds: nonEmpty(oid),
    caseLinks: nonEmpty(oid),
    serviceProcess: coded,
    serviceTasks: fc.array(coded, { maxLength: 3 }),
    socialServices: fc.array(coded, { maxLength: 3 }),
    documentGroup: fc.constantFrom(...groups),
    generalType: coded,
    specificType: coded,
    receivedAt: pointInTime,
    arrivalMethod: coded,
    senderOrAgent: freeText,
    signatureMetadata: fc.record(
      { signerPersonId: personalIdentityCode, registrationNumber: token, givenName: freeText, familyName: freeText, identificationMethod: coded, signedAt: pointInTime },
      { requiredKeys: [] },
    ),
    description: freeText,
    correctionReason: coded,
    specialContent: fc.boolean(),
    delayedUntil: pointInTime,
    restrictionReasons: nonEmpty(coded),
    restrictionText: freeText,
    guardianDisclosure: fc.constantFrom<GuardianDisclosureCode>("1", "2", "3", "4"),
    disclosureDespiteBanReasons: nonEmpty(coded),
    attachmentOf: oid,
  },
  { requiredKeys: ["documentId", "setId", "versionNumber", "status", "createdAt", "organiser", "clients", "serviceTasks", "socialServices", "documentGroup"] },
);

const body = fc.record({
  paragraph: freeText.filter((t) => t.length > 0),
  json: fc.option(fc.json().map((text) => JSON.parse(text) as unknown), { nil: undefined }),
});

describe("buildCdaDocument ↔ parseCda round trip (property)", () => {
  it("parseCda(parse(buildCdaDocument(m, b))) returns m and b, and the document is schema-valid", () => {
    fc.assert(
      fc.property(metadata, body, (m, b) => {
        const xml = buildCdaDocument(m, { xhtml: `<paragraph>${escapeXml(b.paragraph)}</paragraph>`, ...(b.json === undefined ? {} : { json: b.json }) });
        const dom = parseXmlSafely(xml);
        expect(dom.ok).toBe(true);
        if (!dom.ok) return;
        const parsed = parseCda(dom.document);
        expect(parsed.findings).toEqual([]);
        expect(parsed.metadata).toEqual(m);
        expect(parsed.body.json).toEqual(b.json);
        const paragraph = dom.document.getElementsByTagName("paragraph")[0];
        expect(paragraph?.textContent).toBe(b.paragraph);
        // The display form read back is a fixed point: building from it and reading again gives it unchanged.
        const again = parseXmlSafely(buildCdaDocument(m, { xhtml: parsed.body.xhtml! }));
        expect(again.ok && parseCda(again.document).body.xhtml).toBe(parsed.body.xhtml);
        expect(validateCdaSchema(xml)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it("a PDF/A body round-trips byte for byte", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (tail) => {
        const pdf = new Uint8Array([...new TextEncoder().encode("%PDF-1.7 <pdfaid:part>1</pdfaid:part>"), ...tail]);
        const m: DocumentMetadata = { documentId: "1.2.3", setId: "1.2.3", versionNumber: 1, status: "ready", createdAt: "2026-11-28", organiser: { oid: "1.2.4" }, clients: ["TMP-1"], serviceTasks: [], socialServices: [], documentGroup: "phase-1" };
        const dom = parseXmlSafely(buildCdaDocument(m, { pdf }));
        if (!dom.ok) throw new Error("not well-formed");
        const parsed = parseCda(dom.document);
        expect(parsed.findings).toEqual([]);
        expect(parsed.body.pdf).toEqual(pdf);
      }),
      { numRuns: 50 },
    );
  });
});

describe("ISO 8601 ↔ HL7 TS (docs/profile/cda.md, dates)", () => {
  it.each([
    ["2026-11-28", "20261128"],
    ["2026-11-28T14:05", "202611281405"],
    ["2026-11-28T14:05:09", "20261128140509"],
    ["2026-11-28T14:05:09.250+02:00", "20261128140509.250+0200"],
    ["2026-11-28T14:05:09Z", "20261128140509+0000"],
    ["2026-11-28T14:05:09-05:30", "20261128140509-0530"],
  ])("%s ↔ %s", (iso, ts) => {
    expect(isoToHl7Ts(iso)).toBe(ts);
    expect(hl7TsToIso(ts)).toBe(iso);
  });

  it.each(["2026-02-30", "2026-13-01", "2026-11-28T24:00:00", "28.11.2026", "2026-11-28T14:05+02:00", ""])("refuses the model value %j", (iso) => {
    expect(isoToHl7Ts(iso)).toBeUndefined();
  });

  it.each(["20260230", "2026", "202611", "20261128T1405", "20261128140509+02", "20261128140509+0275", "2026-11-28"])("refuses the wire value %j", (ts) => {
    expect(hl7TsToIso(ts)).toBeUndefined();
  });

  it("the builder refuses a model date it cannot write", () => {
    const m: DocumentMetadata = { documentId: "1.2.3", setId: "1.2.3", versionNumber: 1, status: "ready", createdAt: "28.11.2026", organiser: { oid: "1.2.4" }, clients: ["TMP-1"], serviceTasks: [], socialServices: [], documentGroup: "old" };
    expect(() => buildCdaDocument(m, { xhtml: "x" })).toThrow(/createdAt "28.11.2026"/);
  });
});

describe("parseCda never throws on a damaged document (property)", () => {
  it("removing any one element of a valid document gives findings or metadata, never an exception", () => {
    fc.assert(
      fc.property(metadata, fc.nat(), (m, pick) => {
        const dom = parseXmlSafely(buildCdaDocument(m, { xhtml: "<paragraph>x</paragraph>", json: { a: 1 } }));
        if (!dom.ok) throw new Error("not well-formed");
        const elements = Array.from(dom.document.getElementsByTagName("*")) as Element[];
        const victim = elements[1 + (pick % (elements.length - 1))]!; // never the root
        victim.parentNode!.removeChild(victim);
        const damaged = parseXmlSafely(new XMLSerializer().serializeToString(dom.document));
        if (!damaged.ok) throw new Error("not well-formed after removal");
        const parsed = parseCda(damaged.document);
        expect(parsed.metadata !== undefined || parsed.findings.length > 0).toBe(true);
        if (parsed.metadata === undefined) expect(parsed.findings.some((f) => f.code === "CDA-METADATA-MISSING" || f.code === "CDA-METADATA-INVALID")).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
