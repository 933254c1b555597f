/**
 * The simulator's test PKI: a root CA (optionally intermediate CAs), professional certificates
 * (a natural person) and system certificates (an organisation's signing system). Certificates are
 * built with node-forge; RSA keys come from Node's crypto (native, fast enough to make keys per test
 * file). Nothing made here is ever a real key or certificate.
 *
 * How a certificate says what it is (docs/profile/signature.md "Professional or system"):
 * - certificatePolicies carries exactly one of the simulator's fictional policy OIDs
 *   `1.2.246.10.99990000.2.1` (professional signing) or `…2.2` (system signing);
 * - the certificate is an end-entity (no basicConstraints cA) allowed to sign (keyUsage
 *   digitalSignature or nonRepudiation);
 * - a professional's subject carries the personal identity code in `serialNumber` (2.5.4.5) and/or the
 *   professional registration number in the simulator attribute `1.2.246.10.99990000.2.3`;
 * - a system's subject carries the organisation OID in `organizationIdentifier` (2.5.4.97) and the
 *   organisation name in `O`.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import forge from "node-forge";

const { pki, asn1 } = forge;

/** Certificate policy of a professional's signing certificate (simulator arc, fictional). */
export const POLICY_PROFESSIONAL = "1.2.246.10.99990000.2.1";
/** Certificate policy of an organisation's system-signing certificate (simulator arc, fictional). */
export const POLICY_SYSTEM = "1.2.246.10.99990000.2.2";
/** Subject attribute type carrying a professional registration number (simulator arc, fictional). */
export const ATTRIBUTE_REGISTRATION_NUMBER = "1.2.246.10.99990000.2.3";
/** X.520 organizationIdentifier: the organisation OID of a system certificate. */
export const ATTRIBUTE_ORGANISATION_IDENTIFIER = "2.5.4.97";
const ATTRIBUTE_SERIAL_NUMBER = "2.5.4.5";
const EXTENSION_CERTIFICATE_POLICIES = "2.5.29.32";

/** The default validity of test certificates: long, so committed fixtures keep working. */
export const DEFAULT_NOT_BEFORE = new Date("2020-01-01T00:00:00Z");
export const DEFAULT_NOT_AFTER = new Date("2045-12-31T23:59:59Z");

export interface Validity {
  notBefore?: Date;
  notAfter?: Date;
}

/** A certificate with its private key, as PEM, plus the parsed forge certificate. */
export interface KeyedCertificate {
  certPem: string;
  keyPem: string;
  cert: forge.pki.Certificate;
  /** Serial number, lower-case hex as forge prints it. */
  serial: string;
}

export interface ProfessionalSubject extends Validity {
  givenName: string;
  familyName: string;
  /** Personal identity code (henkilötunnus) → subject serialNumber. */
  personId?: string;
  /** Professional registration number (Terhikki/Suosikki) → simulator attribute. */
  registrationNumber?: string;
  /** Employer, shown in the subject (informational). */
  organisation?: { oid: string; name: string };
}

export interface SystemSubject extends Validity {
  organisationOid: string;
  organisationName: string;
  /** Name of the signing system (subject CN); defaults to "<organisation name> system signature". */
  systemName?: string;
}

export type CertificateKind = "professional" | "system";

export interface CertificateClassification {
  kind: CertificateKind;
  /** Professional: identity code or else registration number; system: organisation OID. */
  identifier?: string;
  personId?: string;
  registrationNumber?: string;
  organisationOid?: string;
}

/** A fresh RSA 2048 key pair as PKCS#1 PEM (readable by forge, Node and xmlsec1). */
export function generateRsaKeyPem(): string {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return privateKey.export({ type: "pkcs1", format: "pem" }).toString();
}

/** A positive random 128-bit serial number in hex. */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f; // positive INTEGER
  if (bytes[0] === 0) bytes[0] = 1; // no leading zero byte, so forge prints the same hex back
  return bytes.toString("hex");
}

type Attribute = { type?: string; name?: string; shortName?: string; value: string; valueTagClass?: number };

/**
 * Subject attributes are listed most specific first (CN …, C) as people read a DN; they are encoded
 * in the conventional X.509 order, most general first. UTF8String for every attribute (test-world
 * names contain å, ä, ö), PrintableString for the country.
 */
function utf8(attributes: Attribute[]): forge.pki.CertificateField[] {
  return [...attributes].reverse().map(
    (a) => ({ ...a, valueTagClass: a.name === "countryName" ? asn1.Type.PRINTABLESTRING : asn1.Type.UTF8 }) as unknown as forge.pki.CertificateField,
  );
}

function policiesExtension(policyOids: string[]) {
  const value = asn1.create(
    asn1.Class.UNIVERSAL,
    asn1.Type.SEQUENCE,
    true,
    policyOids.map((oid) =>
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(oid).getBytes()),
      ]),
    ),
  );
  return { id: EXTENSION_CERTIFICATE_POLICIES, name: "certificatePolicies", value };
}

interface BuildOptions extends Validity {
  subject: Attribute[];
  issuer?: { cert: forge.pki.Certificate; keyPem: string };
  extensions: object[];
}

function build(options: BuildOptions): KeyedCertificate {
  const keyPem = generateRsaKeyPem();
  const privateKey = pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = pki.createCertificate();
  cert.publicKey = pki.setRsaPublicKey(privateKey.n, privateKey.e);
  cert.serialNumber = randomSerial();
  cert.validity.notBefore = options.notBefore ?? DEFAULT_NOT_BEFORE;
  cert.validity.notAfter = options.notAfter ?? DEFAULT_NOT_AFTER;
  const subject = utf8(options.subject);
  cert.setSubject(subject);
  // Parsed attributes hold UTF-8 bytes, which forge would encode again: give it text.
  cert.setIssuer(options.issuer ? options.issuer.cert.subject.attributes.map((a) => ({ ...a, value: decodeUtf8(a) })) : subject);
  cert.setExtensions([
    ...options.extensions,
    { name: "subjectKeyIdentifier" },
    ...(options.issuer ? [{ name: "authorityKeyIdentifier", keyIdentifier: options.issuer.cert.generateSubjectKeyIdentifier().getBytes() }] : []),
  ]);
  const signingKey = options.issuer ? pki.privateKeyFromPem(options.issuer.keyPem) : privateKey;
  cert.sign(signingKey as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  // Hand back the certificate as a reader sees it (parsed from PEM), so every caller sees one form.
  return keyedCertificateFromPem(pki.certificateToPem(cert), keyPem);
}

/** A CA certificate: self-signed (a root) when no issuer is given, else an intermediate under it. */
function caCertificate(name: string, validity: Validity, issuer?: KeyedCertificate): KeyedCertificate {
  return build({
    ...validity,
    ...(issuer && { issuer }),
    subject: [
      { name: "commonName", value: name },
      { name: "organizationName", value: "kanta-sim test PKI" },
      { name: "countryName", value: "FI" },
    ],
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
}

/** A self-signed root CA. */
export function createRootCa(name: string, validity: Validity = {}): KeyedCertificate {
  return caCertificate(name, validity);
}

/** An intermediate CA issued by `issuer`. */
export function issueIntermediateCa(issuer: KeyedCertificate, name: string, validity: Validity = {}): KeyedCertificate {
  return caCertificate(name, validity, issuer);
}

const SIGNING_KEY_USAGE = { name: "keyUsage", digitalSignature: true, nonRepudiation: true, critical: true };

/** A professional's signing certificate (the personal certificate of a professional card). */
export function issueProfessionalCertificate(issuer: KeyedCertificate, person: ProfessionalSubject): KeyedCertificate {
  if (!person.personId && !person.registrationNumber) {
    throw new TypeError("a professional certificate needs a personal identity code or a registration number");
  }
  const subject: Attribute[] = [
    { name: "commonName", value: `${person.givenName} ${person.familyName}` },
    { name: "givenName", value: person.givenName },
    { type: "2.5.4.4", shortName: "SN", value: person.familyName },
  ];
  if (person.personId) subject.push({ type: ATTRIBUTE_SERIAL_NUMBER, value: person.personId });
  if (person.registrationNumber) subject.push({ type: ATTRIBUTE_REGISTRATION_NUMBER, value: person.registrationNumber });
  if (person.organisation) subject.push({ name: "organizationName", value: person.organisation.name });
  subject.push({ name: "countryName", value: "FI" });
  return build({
    ...person,
    issuer,
    subject,
    extensions: [{ name: "basicConstraints", cA: false }, SIGNING_KEY_USAGE, policiesExtension([POLICY_PROFESSIONAL])],
  });
}

/** An organisation's system-signing certificate. */
export function issueSystemCertificate(issuer: KeyedCertificate, system: SystemSubject): KeyedCertificate {
  return build({
    ...system,
    issuer,
    subject: [
      { name: "commonName", value: system.systemName ?? `${system.organisationName} system signature` },
      { name: "organizationName", value: system.organisationName },
      { type: ATTRIBUTE_ORGANISATION_IDENTIFIER, value: system.organisationOid },
      { name: "countryName", value: "FI" },
    ],
    extensions: [{ name: "basicConstraints", cA: false }, SIGNING_KEY_USAGE, policiesExtension([POLICY_SYSTEM])],
  });
}

/**
 * An end-entity certificate with neither policy (e.g. a TLS server certificate of the same CA): a
 * certificate that must be refused as a signing certificate (SIG-CERT-PURPOSE).
 */
export function issueOtherCertificate(issuer: KeyedCertificate, commonName: string, validity: Validity = {}): KeyedCertificate {
  return build({
    ...validity,
    issuer,
    subject: [{ name: "commonName", value: commonName }, { name: "countryName", value: "FI" }],
    extensions: [{ name: "basicConstraints", cA: false }, { name: "keyUsage", digitalSignature: true, keyEncipherment: true }],
  });
}

/** Reads a keyed certificate back from PEM (e.g. the committed test PKI). */
export function keyedCertificateFromPem(certPem: string, keyPem: string): KeyedCertificate {
  const cert = pki.certificateFromPem(certPem);
  return { certPem, keyPem, cert, serial: cert.serialNumber };
}

/** The policy OIDs of a certificate's certificatePolicies extension (empty when absent). */
export function certificatePolicies(cert: forge.pki.Certificate): string[] {
  // forge's typings want a numeric id here; at run time it compares the dotted OID string.
  const extension = cert.getExtension({ id: EXTENSION_CERTIFICATE_POLICIES } as unknown as { id: number }) as { value?: string } | null;
  if (!extension?.value) return [];
  const policies: string[] = [];
  try {
    const sequence = asn1.fromDer(extension.value);
    for (const information of sequence.value as forge.asn1.Asn1[]) {
      const identifier = (information.value as forge.asn1.Asn1[])[0];
      if (identifier && identifier.type === asn1.Type.OID) policies.push(asn1.derToOid(identifier.value as string));
    }
  } catch {
    return []; // an unreadable extension names no policy (the certificate is then neither kind)
  }
  return policies;
}

function subjectValue(cert: forge.pki.Certificate, type: string): string | undefined {
  const field = cert.subject.attributes.find((a) => a.type === type);
  return typeof field?.value === "string" && field.value !== "" ? decodeUtf8(field) : undefined;
}

/**
 * A parsed certificate keeps UTF8String values as UTF-8 byte strings; give them back as text. A
 * damaged certificate may hold bytes that are not UTF-8: those are decoded with replacement
 * characters instead of throwing, so a broken certificate becomes a finding, never a crash.
 */
function decodeUtf8(field: forge.pki.CertificateField): string {
  const value = field.value as string;
  if ((field.valueTagClass as number | undefined) !== asn1.Type.UTF8) return value;
  return new TextDecoder("utf-8").decode(Buffer.from(value, "binary"));
}

const ATTRIBUTE_LABELS: Readonly<Record<string, string>> = {
  [ATTRIBUTE_ORGANISATION_IDENTIFIER]: "organizationIdentifier",
  [ATTRIBUTE_REGISTRATION_NUMBER]: "registrationNumber",
};

/** An RFC 4514-style rendering of a distinguished name (most specific first), for reports and revocation entries. */
export function distinguishedName(attributes: forge.pki.CertificateField[]): string {
  return [...attributes]
    .reverse()
    .map((a) => `${a.shortName ?? ATTRIBUTE_LABELS[a.type ?? ""] ?? a.name ?? a.type}=${decodeUtf8(a)}`)
    .join(",");
}

function isCa(cert: forge.pki.Certificate): boolean {
  const constraints = cert.getExtension("basicConstraints") as { cA?: boolean } | null;
  return constraints?.cA === true;
}

function maySign(cert: forge.pki.Certificate): boolean {
  const usage = cert.getExtension("keyUsage") as { digitalSignature?: boolean; nonRepudiation?: boolean } | null;
  // No keyUsage extension means no restriction (RFC 5280 §4.2.1.3).
  return usage === null || usage.digitalSignature === true || usage.nonRepudiation === true;
}

/**
 * Professional or system, by the rule at the top of this file; `undefined` when the certificate is
 * neither (or claims both).
 */
export function classifyCertificate(cert: forge.pki.Certificate): CertificateClassification | undefined {
  if (isCa(cert) || !maySign(cert)) return undefined;
  const policies = certificatePolicies(cert);
  const professional = policies.includes(POLICY_PROFESSIONAL);
  const system = policies.includes(POLICY_SYSTEM);
  if (professional === system) return undefined;
  if (professional) {
    const personId = subjectValue(cert, ATTRIBUTE_SERIAL_NUMBER);
    const registrationNumber = subjectValue(cert, ATTRIBUTE_REGISTRATION_NUMBER);
    if (!personId && !registrationNumber) return undefined;
    return {
      kind: "professional",
      identifier: personId ?? registrationNumber,
      ...(personId ? { personId } : {}),
      ...(registrationNumber ? { registrationNumber } : {}),
    };
  }
  const organisationOid = subjectValue(cert, ATTRIBUTE_ORGANISATION_IDENTIFIER);
  if (!organisationOid) return undefined;
  return { kind: "system", identifier: organisationOid, organisationOid };
}

/** One line of a trust directory's revoked.json. */
export interface RevocationEntry {
  /** Issuer distinguished name as `distinguishedName()` renders it. */
  issuer: string;
  /** Serial number in hex (case-insensitive). */
  serial: string;
  /** ISO timestamp: the certificate is revoked from this moment on. */
  revokedAt: string;
  /** RFC 5280 reason name, e.g. "keyCompromise". */
  reason: string;
}

export function revocationEntry(cert: forge.pki.Certificate, revokedAt: Date, reason = "keyCompromise"): RevocationEntry {
  return { issuer: distinguishedName(cert.issuer.attributes), serial: cert.serialNumber, revokedAt: revokedAt.toISOString(), reason };
}
