/**
 * The test PKI (pki.ts), the trust store (trust.ts), the committed certs/test/ directory and the CLI
 * commands `certs init`, `certs issue`, `sign`, `verify-signature`.
 * Professional vs system signatures: D06-R36 (L24531-24537), D06-R46 (professional card certificate,
 * L25261-25279), D06-R47 (system signature, L25314-25326).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPersonalIdentityCode } from "../../src/rules/identity.js";
import type { PkiIndex } from "../../src/signature/pki-directory.js";
import {
  certificatePolicies,
  classifyCertificate,
  createRootCa,
  distinguishedName,
  issueIntermediateCa,
  issueOtherCertificate,
  issueProfessionalCertificate,
  issueSystemCertificate,
  POLICY_PROFESSIONAL,
  POLICY_SYSTEM,
  revocationEntry,
  type KeyedCertificate,
} from "../../src/signature/pki.js";
import { loadTrustStore, revocationOf, TrustStoreError } from "../../src/signature/trust.js";
import { runCli } from "../support/server-process.js";
import { SAMPLE_CDA, TEST_PKI_DIR } from "../support/signature-fixtures.js";

let work: string;
let root: KeyedCertificate;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "kanta-sim-pki-"));
  root = createRootCa("PKI Unit Test Root");
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("professional or system, told by the certificate [D06-R36 L24531-24537, D06-R46 L25261-25279, D06-R47 L25314-25326]", () => {
  it("a professional certificate: professional policy, identity code in serialNumber, registration number, UTF-8 names", () => {
    const cert = issueProfessionalCertificate(root, { givenName: "Åsa", familyName: "Öberg", personId: "150585-951A", registrationNumber: "9999991" }).cert;
    expect(certificatePolicies(cert)).toEqual([POLICY_PROFESSIONAL]);
    expect(classifyCertificate(cert)).toEqual({ kind: "professional", identifier: "150585-951A", personId: "150585-951A", registrationNumber: "9999991" });
    expect(distinguishedName(cert.subject.attributes)).toBe("CN=Åsa Öberg,givenName=Åsa,surname=Öberg,serialNumber=150585-951A,registrationNumber=9999991,C=FI");
  });

  it("a professional certificate with only a registration number", () => {
    const cert = issueProfessionalCertificate(root, { givenName: "Petter", familyName: "Handledare", registrationNumber: "9999992" }).cert;
    expect(classifyCertificate(cert)).toEqual({ kind: "professional", identifier: "9999992", registrationNumber: "9999992" });
  });

  it("a professional certificate needs an identifier", () => {
    expect(() => issueProfessionalCertificate(root, { givenName: "No", familyName: "Identifier" })).toThrow(TypeError);
  });

  it("a system certificate: system policy, organisation OID in organizationIdentifier", () => {
    const cert = issueSystemCertificate(root, { organisationOid: "1.2.246.10.99990005.10.0", organisationName: "Familjestöd Producent Ab" }).cert;
    expect(certificatePolicies(cert)).toEqual([POLICY_SYSTEM]);
    expect(classifyCertificate(cert)).toEqual({ kind: "system", identifier: "1.2.246.10.99990005.10.0", organisationOid: "1.2.246.10.99990005.10.0" });
  });

  it.each([
    ["a certificate without a signing policy", () => issueOtherCertificate(root, "tls.example").cert],
    ["a root CA", () => root.cert],
    ["an intermediate CA", () => issueIntermediateCa(root, "Intermediate").cert],
  ])("%s is neither", (_name, make) => {
    expect(classifyCertificate(make())).toBeUndefined();
  });

  it("validity is what was asked for (expired and not-yet-valid certificates can be made)", () => {
    const cert = issueSystemCertificate(root, {
      organisationOid: "1.2.246.10.99990001.10.0",
      organisationName: "Testbyns välfärdsområde",
      notBefore: new Date("2020-01-01T00:00:00Z"),
      notAfter: new Date("2020-12-31T00:00:00Z"),
    }).cert;
    expect(cert.validity.notAfter.toISOString()).toBe("2020-12-31T00:00:00.000Z");
  });
});

describe("trust store", () => {
  it("reads CA certificates and revoked.json from the top level only; end-entity certificates never become anchors", () => {
    const dir = join(work, "trust-a");
    const leaf = issueSystemCertificate(root, { organisationOid: "1.2.246.10.99990001.10.0", organisationName: "Testbyns välfärdsområde" });
    const other = createRootCa("Other Root");
    for (const [file, content] of [
      ["root.pem", root.certPem],
      ["leaf.pem", leaf.certPem],
      ["root.test-key.pem", root.keyPem],
      ["nested/other-root.pem", other.certPem],
      ["revoked.json", JSON.stringify([revocationEntry(leaf.cert, new Date("2025-01-01T00:00:00Z"), "superseded")])],
    ] as const) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), content);
    }
    const trust = loadTrustStore([dir, join(work, "does-not-exist")]);
    expect(trust.anchors.map((a) => distinguishedName(a.subject.attributes))).toEqual(["CN=PKI Unit Test Root,O=kanta-sim test PKI,C=FI"]);
    expect(revocationOf(trust, leaf.cert, new Date("2024-12-31T00:00:00Z"))).toBeUndefined();
    expect(revocationOf(trust, leaf.cert, new Date("2025-01-01T00:00:00Z"))).toMatchObject({ reason: "superseded" });
  });

  it("a malformed revoked.json is an error naming the file", () => {
    const dir = mkdtempSync(join(work, "trust-b-"));
    writeFileSync(join(dir, "revoked.json"), JSON.stringify([{ issuer: "CN=x", serial: "01" }]));
    expect(() => loadTrustStore([dir])).toThrow(TrustStoreError);
    expect(() => loadTrustStore([dir])).toThrow(/revoked\.json\[0\]/);
  });
});

describe("the committed test PKI (certs/test/)", () => {
  const index = JSON.parse(readFileSync(join(TEST_PKI_DIR, "index.json"), "utf8")) as PkiIndex;

  it("has the root CA, a system certificate per test-world organisation, two professionals and the refused cases", () => {
    const organisations = (JSON.parse(readFileSync(new URL("../../fixtures/world/organisations.json", import.meta.url), "utf8")) as { organisations: { oid: string }[] })
      .organisations;
    const validSystems = index.certificates.filter((c) => c.role === "system" && c.purpose === "valid system signature");
    expect(validSystems.map((c) => c.organisationOid).sort()).toEqual(organisations.map((o) => o.oid).sort());
    expect(index.certificates.filter((c) => c.role === "professional")).toHaveLength(2);
    expect(index.certificates.filter((c) => c.purpose.startsWith("refused:")).map((c) => c.purpose.split(" ")[1])).toEqual([
      "SIG-CERT-EXPIRED",
      "SIG-CERT-NOT-YET-VALID",
      "SIG-CERT-REVOKED",
      "SIG-CERT-PURPOSE",
      "SIG-CERT-UNTRUSTED",
    ]);
  });

  it("every file in the index exists, keys are named *.test-key.pem, and untrusted ones are outside the trust directory", () => {
    for (const entry of index.certificates) {
      expect(existsSync(join(TEST_PKI_DIR, entry.cert))).toBe(true);
      expect(entry.key).toMatch(/\.test-key\.pem$/);
      expect(existsSync(join(TEST_PKI_DIR, entry.key))).toBe(true);
      expect(entry.cert.startsWith("untrusted/")).toBe(!entry.trusted);
    }
    const trust = loadTrustStore([TEST_PKI_DIR]);
    expect(trust.anchors).toHaveLength(1);
    expect(trust.revoked).toHaveLength(1);
  });

  it("professional identity codes are valid test codes (individual number 900–999)", () => {
    const withIdentityCode = index.certificates.filter((c) => c.role === "professional" && /^\d{6}[-+A-FU-Y]/.test(c.identifier ?? ""));
    expect(withIdentityCode).toHaveLength(1);
    for (const entry of withIdentityCode) {
      expect(checkPersonalIdentityCode(entry.identifier!)).toMatchObject({ valid: true, isTemporaryRange: true });
    }
  });
});

// Real processes (tsx start-up + RSA key generation) on a shared 2-core machine: a generous limit, not a timing assertion.
const CLI_TEST_TIMEOUT = 240_000;

describe("CLI: certs init, certs issue, sign, verify-signature", () => {
  it("builds a PKI, issues a professional certificate, signs with it and verifies; a tampered file is refused", async () => {
    const pki = join(work, "cli-pki");
    const init = await runCli(["certs", "init", "--out", pki]);
    expect(init.stderr).toBe("");
    expect(init.code).toBe(0);
    // The root, one system signer per fixture organisation, and the fixed test certificates besides.
    const organisations = (JSON.parse(readFileSync("fixtures/world/organisations.json", "utf8")) as { organisations: unknown[] }).organisations.length;
    const certificates = (JSON.parse(readFileSync(join(pki, "index.json"), "utf8")) as PkiIndex).certificates;
    expect(certificates.filter((c) => c.role === "system" && c.cert.startsWith("signers/system-1.2."))).toHaveLength(organisations);
    expect(certificates).toHaveLength(organisations + 3);

    const issued = await runCli([
      "certs", "issue", "--ca-dir", pki, "--role", "professional", "--name", "Karin Kurator",
      "--person-id", "150585-951A", "--days", "30", "--out", join(pki, "signers", "karin"),
    ]);
    expect(issued.code).toBe(0);
    expect(JSON.parse(issued.stdout)).toMatchObject({ role: "professional", identifier: "150585-951A" });

    const unsigned = join(work, "unsigned.xml");
    const signed = join(work, "signed.xml");
    writeFileSync(unsigned, SAMPLE_CDA);
    const sign = await runCli(["sign", "--key", join(pki, "signers", "karin.test-key.pem"), "--cert", join(pki, "signers", "karin.pem"), unsigned, signed]);
    expect(sign.code).toBe(0);

    const verified = await runCli(["verify-signature", "--trust-dir", pki, signed]);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, signer: { kind: "professional", identifier: "150585-951A" } });

    // --at: the 30-day certificate has expired a year from now.
    const later = await runCli(["verify-signature", "--trust-dir", pki, "--at", new Date(Date.now() + 365 * 86_400_000).toISOString(), signed]);
    expect(later.code).toBe(1);
    expect(JSON.parse(later.stdout)).toMatchObject({ ok: false, findings: [{ code: "SIG-CERT-EXPIRED" }] });

    writeFileSync(signed, readFileSync(signed, "utf8").replace("inletts", "avslutats"));
    const refused = await runCli(["verify-signature", "--trust-dir", pki, signed]);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, findings: [{ code: "SIG-DIGEST-MISMATCH" }] });
  }, CLI_TEST_TIMEOUT);

  it("certs issue --role system without --organisation-oid is refused with a message", async () => {
    const result = await runCli(["certs", "issue", "--ca-dir", TEST_PKI_DIR, "--role", "system", "--name", "X", "--out", join(work, "x")]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("--organisation-oid");
  }, CLI_TEST_TIMEOUT);
});
