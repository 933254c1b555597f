/**
 * Interop: a document signed by xmlsec1 (libxmlsec1, the reference XMLDSig implementation most
 * vendor stacks wrap) with a certificate issued by our PKI code is accepted by verifyCdaSignature,
 * and one changed byte after signing is refused as SIG-DIGEST-MISMATCH [D06-R09 L25929, L25427-25429].
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRootCa, issueProfessionalCertificate, issueSystemCertificate, type KeyedCertificate } from "../../src/signature/pki.js";
import { loadTrustStore, type TrustStore } from "../../src/signature/trust.js";
import { verifyCdaSignature } from "../../src/signature/verify.js";
import { REQUEST_TIME, SAMPLE_CDA } from "../support/signature-fixtures.js";

const XMLSEC1 = "/usr/bin/xmlsec1";

/** The profile's ds:Signature skeleton under hl7fi:signatures; xmlsec1 fills in digest, value and certificate. */
const SIGNATURE_TEMPLATE = `<hl7fi:signatures><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
<ds:SignedInfo>
<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
<ds:Reference URI="">
<ds:Transforms>
<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
</ds:Transforms>
<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
<ds:DigestValue></ds:DigestValue>
</ds:Reference>
</ds:SignedInfo>
<ds:SignatureValue></ds:SignatureValue>
<ds:KeyInfo><ds:X509Data></ds:X509Data></ds:KeyInfo>
</ds:Signature></hl7fi:signatures>
</ClinicalDocument>`;

let work: string;
let trust: TrustStore;
let system: KeyedCertificate;
let professional: KeyedCertificate;

function signWithXmlsec1(signer: KeyedCertificate, name: string): string {
  writeFileSync(join(work, `${name}.key.pem`), signer.keyPem);
  writeFileSync(join(work, `${name}.cert.pem`), signer.certPem);
  const template = join(work, `${name}.template.xml`);
  const output = join(work, `${name}.signed.xml`);
  writeFileSync(template, SAMPLE_CDA.replace("</ClinicalDocument>", SIGNATURE_TEMPLATE));
  execFileSync(XMLSEC1, ["--sign", "--privkey-pem", `${join(work, `${name}.key.pem`)},${join(work, `${name}.cert.pem`)}`, "--output", output, template]);
  return readFileSync(output, "utf8");
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "kanta-sim-xmlsec1-"));
  const root = createRootCa("Interop Test Root CA");
  system = issueSystemCertificate(root, { organisationOid: "1.2.246.10.99990002.10.0", organisationName: "Exempelstad (socialväsendet)" });
  professional = issueProfessionalCertificate(root, { givenName: "Sara", familyName: "Socionom", personId: "150585-951A" });
  writeFileSync(join(work, "root-ca.pem"), root.certPem);
  trust = loadTrustStore([work]);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("xmlsec1 interop [D06-R09 L25929]", () => {
  it("accepts a system signature made by xmlsec1 and exposes the signer", () => {
    const signed = signWithXmlsec1(system, "system");
    expect(signed).toContain("<ds:X509Certificate>");
    const result = verifyCdaSignature(signed, { trust, at: REQUEST_TIME });
    expect(result).toMatchObject({ ok: true, signer: { kind: "system", organisationOid: "1.2.246.10.99990002.10.0", certificateSerial: system.serial } });
  });

  it("accepts a professional signature made by xmlsec1", () => {
    const result = verifyCdaSignature(signWithXmlsec1(professional, "professional"), { trust, at: REQUEST_TIME });
    expect(result).toMatchObject({ ok: true, signer: { kind: "professional", identifier: "150585-951A" } });
  });

  it("refuses the xmlsec1-signed document after one byte of content changed: SIG-DIGEST-MISMATCH [D06-R09 L25427-25429]", () => {
    const signed = signWithXmlsec1(system, "tampered");
    const at = signed.indexOf("den 28 november");
    expect(at).toBeGreaterThan(0);
    const tampered = signed.slice(0, at + 5) + "2" + signed.slice(at + 6); // "28" → "22"
    expect(tampered).not.toBe(signed);
    expect(tampered.length).toBe(signed.length);
    const result = verifyCdaSignature(tampered, { trust, at: REQUEST_TIME });
    expect(result).toEqual({ ok: false, findings: [expect.objectContaining({ code: "SIG-DIGEST-MISMATCH" })] });
  });

  it("xmlsec1 itself verifies what our signer produced (the other direction)", async () => {
    const { signCdaDocument } = await import("../../src/signature/sign.js");
    const file = join(work, "ours.signed.xml");
    writeFileSync(file, signCdaDocument(SAMPLE_CDA, system));
    const out = execFileSync(XMLSEC1, ["--verify", "--trusted-pem", join(work, "root-ca.pem"), "--verification-time", "2026-11-28 12:00:00", file], { stdio: "pipe" });
    expect(out.toString()).toBe("");
  });
});
