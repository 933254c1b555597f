/**
 * Signature attacks over the wire (issue #9): XML-signature wrapping variants and tampering, each sent
 * as a complete store request to POST /soap/archive of the in-process app over its real database,
 * and each refused (AE) with the signature code the wire profile gives it — nothing stored. The unit
 * tests (test/unit/signature-verify.test.ts) prove verifyCdaSignature on each variant; these prove the
 * archive pipeline acts on it (the frame, the CDA reader and the store never see a document whose
 * signature does not cover exactly what is stored), plus variants only the wire has (ID confusion with
 * duplicate ids, a second document in the frame, a valid signature by another organisation's key).
 * Rules: D06-R09 (a signature shows the content is unchanged, L25929, L25427-25429), D06-R36
 * (professional or system signature, L24531-24537), D06-R46 (trusted certificates, L25261-25279).
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SignedXml } from "xml-crypto";
import { buildApp } from "../../src/app.js";
import { signedScenario, type ScenarioStep } from "../../src/samples/generate.js";
import { ALGORITHM_ENVELOPED, ALGORITHM_EXC_C14N, ALGORITHM_RSA_SHA256, ALGORITHM_SHA256, signCdaDocument } from "../../src/signature/sign.js";
import { classifyAnswer, freshIds, storeRequest, testSigner } from "../../scripts/reliability/lib/wire.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";

const DSIG = "http://www.w3.org/2000/09/xmldsig#";
const unsign = (signed: string) => signed.replace(/<hl7fi:signatures>[\s\S]*<\/hl7fi:signatures>/, "");
const signatureOf = (signed: string) => /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(signed)![0];
const certBase64 = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, "");

function once(xml: string, from: string | RegExp, to: string): string {
  const n = typeof from === "string" ? xml.split(from).length - 1 : (xml.match(new RegExp(from, "g")) ?? []).length;
  if (n !== 1) throw new Error(`expected one occurrence of ${String(from)}, found ${n}`);
  return xml.replace(from, to);
}

/** A valid xml-crypto signature over `xpath` (not the document), placed where the profile puts the signature. */
function signOver(unsigned: string, xpath: string, signerName?: string): string {
  const { keyPem, certPem } = testSigner(signerName);
  const withContainer = unsigned.replace("</ClinicalDocument>", "<hl7fi:signatures/></ClinicalDocument>");
  const signer = new SignedXml({
    privateKey: keyPem,
    signatureAlgorithm: ALGORITHM_RSA_SHA256,
    canonicalizationAlgorithm: ALGORITHM_EXC_C14N,
    getKeyInfoContent: () => `<ds:X509Data><ds:X509Certificate>${certBase64(certPem)}</ds:X509Certificate></ds:X509Data>`,
  });
  signer.addReference({ xpath, transforms: [ALGORITHM_ENVELOPED, ALGORITHM_EXC_C14N], digestAlgorithm: ALGORITHM_SHA256 });
  signer.computeSignature(withContainer, { prefix: "ds", location: { reference: "//*[local-name()='signatures']", action: "append" } });
  return signer.getSignedXml();
}

describe("signature wrapping and tampering over the wire: refused with the right code, nothing stored [D06-R09 L25929, L25427-25429] [D06-R46 L25261-25279]", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  let journal: ScenarioStep;
  let signed: string;

  const countVersions = async () => Number((await t.database.db.selectFrom("document_versions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  const send = async (document: string, body?: string) => {
    const request = storeRequest(document);
    const response = await app.inject({ method: "POST", url: "/soap/archive", headers: { "content-type": request.contentType }, payload: body ?? request.body });
    return classifyAnswer(response.statusCode, response.body);
  };

  beforeAll(async () => {
    app = await buildApp(testConfig(), { database: t.database });
    const steps = signedScenario(freshIds("7"));
    for (const step of steps.slice(0, 2)) expect(await send(step.document), step.title).toMatchObject({ kind: "ack", typeCode: "AA" });
    journal = steps.find((s) => s.title.startsWith("journal entry"))!;
    signed = journal.document;
  });
  afterAll(async () => {
    await app?.close();
  });

  const wrapping: [string, () => string, string][] = [
    [
      "1. moved signed element: the signed document hidden in a forged root's local header, the forged root unsigned",
      () => once(unsign(signed), "</ClinicalDocument>", `<hl7fi:localHeader><hl7fi:original>${signed.replace(/^<\?xml[^>]*\?>/, "")}</hl7fi:original></hl7fi:localHeader></ClinicalDocument>`).replace("besökte byrån", "uteblev"),
      "SIG-MISPLACED",
    ],
    [
      "2. moved signed element: forged root carrying the original signature, original hidden inside",
      () => once(unsign(signed).replace("besökte byrån", "uteblev"), "</ClinicalDocument>", `<hl7fi:localHeader><hl7fi:original>${unsign(signed).replace(/^<\?xml[^>]*\?>/, "")}</hl7fi:original></hl7fi:localHeader><hl7fi:signatures>${signatureOf(signed)}</hl7fi:signatures></ClinicalDocument>`),
      "SIG-DIGEST-MISMATCH",
    ],
    [
      "3. duplicate ids: the Reference points at ID=\"doc\", carried both by the root and by a forged sibling",
      () => once(once(once(signed, '<ds:Reference URI="">', '<ds:Reference URI="#doc">'), "<ClinicalDocument ", '<ClinicalDocument ID="doc" '), "<section>", '<section ID="doc">'),
      "SIG-REFERENCE",
    ],
    ["4. duplicate Signature: a copy of the signature inside the body", () => once(signed, "</section>", `${signatureOf(signed)}</section>`), "SIG-MULTIPLE"],
    ["5. comment injection that changes the signed text", () => once(signed, "Klienten besökte byrån.", "Klienten <!--besökte byrån-->uteblev."), "SIG-DIGEST-MISMATCH"],
    [
      "6. extra Reference to a second, attacker-controlled element",
      () => {
        const reference = /<ds:Reference URI="">[\s\S]*?<\/ds:Reference>/.exec(signed)![0];
        return once(signed, "</ds:SignedInfo>", `${reference.replace('URI=""', 'URI="#evil"')}</ds:SignedInfo>`);
      },
      "SIG-REFERENCE",
    ],
    [
      "7. transform trick: an XPath filter that excludes the body from the digest",
      () => once(signed, "</ds:Transforms>", `<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"><ds:XPath>not(ancestor-or-self::*[local-name()='section'])</ds:XPath></ds:Transform></ds:Transforms>`),
      "SIG-TRANSFORM",
    ],
    ["7b. transform trick: c14n with comments instead of the enveloped-signature transform", () => once(signed, `<ds:Transform Algorithm="${ALGORITHM_ENVELOPED}"/>`, '<ds:Transform Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments"/>'), "SIG-TRANSFORM"],
    ["7c. transform trick: an XSLT transform", () => once(signed, "</ds:Transforms>", '<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xslt-19991116"><xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0"/></ds:Transform></ds:Transforms>'), "SIG-TRANSFORM"],
    ["8. KeyInfo swap: another trusted organisation's certificate in KeyInfo, signature unchanged", () => signed.replace(/<ds:X509Certificate>[^<]+/, `<ds:X509Certificate>${certBase64(testSigner("signers/system-1.2.246.10.99990003.10.0").certPem)}`), "SIG-SIGNATURE-INVALID"],
    ["8b. KeyInfo swap: an untrusted CA's certificate and key (re-signed)", () => signCdaDocument(unsign(signed), testSigner("untrusted/untrusted-system")), "SIG-CERT-UNTRUSTED"],
    ["9. signature over a sibling: a valid signature whose Reference covers only the section", () => signOver(unsign(signed).replace("<section>", '<section ID="section-1">'), "//*[local-name()='section']"), "SIG-REFERENCE"],
    ["10. namespace redefinition: the section moved to another default namespace", () => once(signed, "<section>", '<section xmlns="urn:hl7-org:v3:forged">'), "SIG-DIGEST-MISMATCH"],
    [
      "10b. namespace redefinition: the ds prefix of SignedInfo rebound",
      () => {
        const signedInfo = /<ds:SignedInfo>[\s\S]*<\/ds:SignedInfo>/.exec(signed)![0];
        return once(signed, signedInfo, signedInfo.replace(/<(\/?)ds:/g, "<$1dsig:").replace("<dsig:SignedInfo>", `<dsig:SignedInfo xmlns:dsig="${DSIG}">`));
      },
      "SIG-SIGNATURE-INVALID",
    ],
    ["10c. namespace redefinition: the signature moved out of the XMLDSig namespace", () => once(signed, `<ds:Signature xmlns:ds="${DSIG}">`, '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig-forged#">'), "SIG-MISSING"],
    ["11. downgrade: RSA-SHA1 signature method", () => once(signed, ALGORITHM_RSA_SHA256, "http://www.w3.org/2000/09/xmldsig#rsa-sha1"), "SIG-ALGORITHM"],
  ];

  const tampering: [string, string | RegExp, string][] = [
    ["header: the client's identity code", /extension="\d{6}[-+ABCDEFUVWXY]\d{3}[0-9A-Y]"/, 'extension="190790-981S"'],
    ["header: the title", "<title>Anteckning i klientjournal</title><effectiveTime", "<title>Beslut</title><effectiveTime"],
    ["header: the version number", '<versionNumber value="1"/>', '<versionNumber value="2"/>'],
    ["body: the section text", "Klienten besökte byrån.", "Klienten uteblev."],
    ["body: the structured JSON content", /(<hl7fi:json [^>]*>)[^<]+/, "$1eyJhc2lha2thYXQiOltdfQ=="],
    ["metadata: the service task in hl7fi:localHeader", '<hl7fi:serviceTask code="26"', '<hl7fi:serviceTask code="27"'],
    ["metadata: the document status", '<hl7fi:documentStatus code="ready"/>', '<hl7fi:documentStatus code="cancelled"/>'],
    ["metadata: the service unit", /<hl7fi:serviceUnit root="[^"]+"/, '<hl7fi:serviceUnit root="1.2.246.10.99990003.10.1"'],
  ];

  it.each(wrapping.map(([name, attack, code]) => [name, code, attack] as const))("%s → %s", async (_name, code, attack) => {
    const before = await countVersions();
    const document = attack();
    expect(document).not.toBe(signed);
    const answer = await send(document);
    expect(answer).toMatchObject({ kind: "ack", typeCode: "AE" });
    // The signature finding is among the refusal's codes (the CDA reader may report the forged structure too).
    expect(answer.kind === "ack" ? answer.codes : []).toContain(code);
    expect(await countVersions()).toBe(before);
  });

  it.each(tampering)("tampering of the %s after signing → SIG-DIGEST-MISMATCH", async (_name, from, to) => {
    const before = await countVersions();
    const tampered = once(signed, from, to);
    expect(tampered).not.toBe(signed);
    const answer = await send(tampered);
    expect(answer).toMatchObject({ kind: "ack", typeCode: "AE" });
    expect(answer.kind === "ack" ? answer.codes : []).toContain("SIG-DIGEST-MISMATCH");
    expect(await countVersions()).toBe(before);
  });

  it("frame wrapping: a second clinicalDocument in the frame (forged first, signed second) → FRAME-DOCUMENT-REPEATED (AR)", async () => {
    const before = await countVersions();
    const body = storeRequest(signed).body;
    const text = /<clinicalDocument[\s\S]*?<\/clinicalDocument>/.exec(body)![0];
    const forged = text.replace(/>[^<]+<\/text>/, `>${Buffer.from(unsign(signed).replace("besökte byrån", "uteblev")).toString("base64")}</text>`);
    const answer = await send(signed, once(body, text, forged + text));
    expect(answer).toMatchObject({ kind: "ack", typeCode: "AR" });
    expect(answer.kind === "ack" ? answer.codes : []).toContain("FRAME-DOCUMENT-REPEATED");
    expect(await countVersions()).toBe(before);
  });

  it("control: the untouched signed document is accepted (AA) — every attack above was otherwise a valid store", async () => {
    const before = await countVersions();
    expect(await send(signed)).toMatchObject({ kind: "ack", typeCode: "AA" });
    expect(await countVersions()).toBe(before + 1);
  });
});
