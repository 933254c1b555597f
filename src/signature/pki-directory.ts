/**
 * Writes a test PKI to a directory, laid out so that the directory itself is a trust directory
 * (trust.ts): the root CA and revoked.json at the top level, signer certificates under `signers/`,
 * and — with `testCases` — certificates that must be refused (expired, not yet valid, revoked, no
 * signing policy) plus a CA that is deliberately NOT trusted, under `untrusted/`.
 * Used by `kanta-sim certs init` and by make-test-pki.ts (the committed certs/test/).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { makePersonalIdentityCode } from "../rules/identity.js";
import {
  classifyCertificate,
  createRootCa,
  distinguishedName,
  issueOtherCertificate,
  issueProfessionalCertificate,
  issueSystemCertificate,
  revocationEntry,
  type KeyedCertificate,
  type RevocationEntry,
} from "./pki.js";

const ORGANISATIONS_FILE = fileURLToPath(new URL("../../fixtures/world/organisations.json", import.meta.url));

/** The two fictional professionals of the test PKI (valid test identity codes, individual numbers 900–999). */
export const TEST_PROFESSIONALS = [
  {
    file: "professional-sara-socionom",
    givenName: "Sara",
    familyName: "Socionom",
    personId: makePersonalIdentityCode("1985-05-15", 951),
    registrationNumber: "9999991",
    organisation: { oid: "1.2.246.10.99990001.10.0", name: "Testbyns välfärdsområde" },
  },
  {
    file: "professional-petter-handledare",
    givenName: "Petter",
    familyName: "Handledare",
    // Registration number only: a professional certificate may carry either identifier.
    registrationNumber: "9999992",
    organisation: { oid: "1.2.246.10.99990003.10.0", name: "Omsorg Privat Ab" },
  },
] as const;

export interface PkiIndexEntry {
  /** Certificate file, relative to the PKI directory. */
  cert: string;
  /** Private key file (test key). */
  key: string;
  role: "root-ca" | "professional" | "system" | "other";
  subject: string;
  serial: string;
  identifier?: string;
  organisationOid?: string;
  notBefore: string;
  notAfter: string;
  trusted: boolean;
  /** Why the certificate exists (for the refused cases: the code it must produce). */
  purpose: string;
}

export interface PkiIndex {
  $comment: string;
  generatedBy: string;
  certificates: PkiIndexEntry[];
}

export interface InitOptions {
  /** Also write the certificates that must be refused and an untrusted CA. */
  testCases?: boolean;
}

function readOrganisations(): { oid: string; name: string }[] {
  return (JSON.parse(readFileSync(ORGANISATIONS_FILE, "utf8")) as { organisations: { oid: string; name: string }[] }).organisations;
}

function write(out: string, relative: string, content: string): void {
  const file = resolve(out, relative); // an absolute `relative` (certs issue --out /abs/prefix) stays absolute
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/** Writes `<prefix>.pem` and `<prefix>.test-key.pem` under `out`; returns the index entry. */
export function writeKeyedCertificate(out: string, prefix: string, keyed: KeyedCertificate, role: PkiIndexEntry["role"], trusted: boolean, purpose: string): PkiIndexEntry {
  write(out, `${prefix}.pem`, keyed.certPem);
  write(out, `${prefix}.test-key.pem`, keyed.keyPem);
  const classification = classifyCertificate(keyed.cert);
  return {
    cert: `${prefix}.pem`,
    key: `${prefix}.test-key.pem`,
    role,
    subject: distinguishedName(keyed.cert.subject.attributes),
    serial: keyed.serial,
    ...(classification?.identifier ? { identifier: classification.identifier } : {}),
    ...(classification?.organisationOid ? { organisationOid: classification.organisationOid } : {}),
    notBefore: keyed.cert.validity.notBefore.toISOString(),
    notAfter: keyed.cert.validity.notAfter.toISOString(),
    trusted,
    purpose,
  };
}

/** Creates a complete test PKI in `out` and returns its index (also written as `out/index.json`). */
export function initPkiDirectory(out: string, options: InitOptions = {}): PkiIndex {
  const entries: PkiIndexEntry[] = [];
  const revoked: RevocationEntry[] = [];
  const root = createRootCa("kanta-sim Test Root CA");
  entries.push(writeKeyedCertificate(out, "root-ca", root, "root-ca", true, "trust anchor"));

  for (const organisation of readOrganisations()) {
    const system = issueSystemCertificate(root, { organisationOid: organisation.oid, organisationName: organisation.name });
    entries.push(writeKeyedCertificate(out, `signers/system-${organisation.oid}`, system, "system", true, "valid system signature"));
  }
  for (const professional of TEST_PROFESSIONALS) {
    const { file, ...person } = professional;
    entries.push(writeKeyedCertificate(out, `signers/${file}`, issueProfessionalCertificate(root, person), "professional", true, "valid professional signature"));
  }

  if (options.testCases) {
    const organisation = readOrganisations()[0]!;
    const system = (systemName: string, validity: { notBefore?: Date; notAfter?: Date } = {}) =>
      issueSystemCertificate(root, { organisationOid: organisation.oid, organisationName: organisation.name, systemName, ...validity });

    const expired = system("Expired test system", { notBefore: new Date("2020-01-01T00:00:00Z"), notAfter: new Date("2021-12-31T23:59:59Z") });
    entries.push(writeKeyedCertificate(out, "signers/expired-system", expired, "system", true, "refused: SIG-CERT-EXPIRED (valid 2020–2021)"));

    const notYetValid = system("Future test system", { notBefore: new Date("2040-01-01T00:00:00Z") });
    entries.push(writeKeyedCertificate(out, "signers/not-yet-valid-system", notYetValid, "system", true, "refused: SIG-CERT-NOT-YET-VALID (valid from 2040)"));

    const revokedSystem = system("Revoked test system");
    revoked.push(revocationEntry(revokedSystem.cert, new Date("2024-06-01T00:00:00Z"), "keyCompromise"));
    entries.push(writeKeyedCertificate(out, "signers/revoked-system", revokedSystem, "system", true, "refused: SIG-CERT-REVOKED (from 2024-06-01, revoked.json)"));

    const other = issueOtherCertificate(root, "kanta-sim test TLS server");
    entries.push(writeKeyedCertificate(out, "signers/no-signing-policy", other, "other", true, "refused: SIG-CERT-PURPOSE (neither professional nor system policy)"));

    const untrustedRoot = createRootCa("Untrusted Test Root CA");
    entries.push(writeKeyedCertificate(out, "untrusted/untrusted-root-ca", untrustedRoot, "root-ca", false, "NOT a trust anchor (sub-directory is not read)"));
    const untrusted = issueSystemCertificate(untrustedRoot, { organisationOid: organisation.oid, organisationName: organisation.name, systemName: "Untrusted test system" });
    entries.push(writeKeyedCertificate(out, "untrusted/untrusted-system", untrusted, "system", false, "refused: SIG-CERT-UNTRUSTED (issued by the untrusted CA)"));
  }

  write(out, "revoked.json", JSON.stringify(revoked, null, 2) + "\n");
  const index: PkiIndex = {
    $comment: "Test PKI of kanta-sim. Test keys only: nothing here is a real key or certificate. The top level is a trust directory (root-ca.pem + revoked.json).",
    generatedBy: options.testCases ? "src/signature/make-test-pki.ts" : "kanta-sim certs init",
    certificates: entries,
  };
  write(out, "index.json", JSON.stringify(index, null, 2) + "\n");
  return index;
}
