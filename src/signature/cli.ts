import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { InvalidArgumentError, Option, type Command } from "commander";
import { initPkiDirectory, writeKeyedCertificate } from "./pki-directory.js";
import { issueProfessionalCertificate, issueSystemCertificate, keyedCertificateFromPem, type Validity } from "./pki.js";
import { signCdaDocument } from "./sign.js";
import { loadTrustStore } from "./trust.js";
import { verifyCdaSignature } from "./verify.js";

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError("must be a positive whole number of days");
  return n;
}

function isoDate(value: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new InvalidArgumentError("must be an ISO date-time, e.g. 2026-11-28T12:00:00Z");
  return at;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

interface IssueOptions {
  caDir: string;
  role: "professional" | "system";
  name: string;
  personId?: string;
  registrationNumber?: string;
  organisationOid?: string;
  organisationName?: string;
  days?: number;
  out: string;
}

function issue(opts: IssueOptions): string {
  const issuer = keyedCertificateFromPem(readFileSync(join(opts.caDir, "root-ca.pem"), "utf8"), readFileSync(join(opts.caDir, "root-ca.test-key.pem"), "utf8"));
  const validity: Validity = opts.days ? { notBefore: new Date(), notAfter: new Date(Date.now() + opts.days * 86_400_000) } : {};
  if (opts.role === "professional") {
    if (!opts.personId && !opts.registrationNumber) throw new InvalidArgumentError("--role professional needs --person-id and/or --registration-number");
    const words = opts.name.trim().split(/\s+/);
    const familyName = words.length > 1 ? words.pop()! : words[0]!;
    const keyed = issueProfessionalCertificate(issuer, {
      ...validity,
      givenName: words.join(" "),
      familyName,
      ...(opts.personId ? { personId: opts.personId } : {}),
      ...(opts.registrationNumber ? { registrationNumber: opts.registrationNumber } : {}),
      ...(opts.organisationOid ? { organisation: { oid: opts.organisationOid, name: opts.organisationName ?? opts.organisationOid } } : {}),
    });
    return JSON.stringify(writeKeyedCertificate(".", opts.out, keyed, "professional", true, "issued with kanta-sim certs issue"));
  }
  if (!opts.organisationOid) throw new InvalidArgumentError("--role system needs --organisation-oid");
  const keyed = issueSystemCertificate(issuer, {
    ...validity,
    organisationOid: opts.organisationOid,
    organisationName: opts.organisationName ?? opts.name,
    systemName: opts.name,
  });
  return JSON.stringify(writeKeyedCertificate(".", opts.out, keyed, "system", true, "issued with kanta-sim certs issue"));
}

/** `kanta-sim certs init|issue` and `kanta-sim sign` (test PKI and the reference signer). */
export function registerSignatureCommands(program: Command): void {
  const certs = program.command("certs").description("the test PKI (test keys only)");

  certs
    .command("init")
    .description("create a root CA, a system certificate per test-world organisation and two professional certificates")
    .requiredOption("--out <dir>", "directory to write (becomes a trust directory: root-ca.pem + revoked.json)")
    .option("--test-cases", "also write expired, not-yet-valid, revoked, no-policy and untrusted certificates")
    .action((opts: { out: string; testCases?: boolean }) => {
      const index = initPkiDirectory(opts.out, { testCases: opts.testCases === true });
      process.stdout.write(`${index.certificates.length} certificates written to ${opts.out} (see ${join(opts.out, "index.json")})\n`);
    });

  certs
    .command("issue")
    .description("issue one professional or system signing certificate from a CA directory")
    .requiredOption("--ca-dir <dir>", "directory holding root-ca.pem and root-ca.test-key.pem")
    .addOption(new Option("--role <role>", "certificate kind").choices(["professional", "system"]).makeOptionMandatory())
    .requiredOption("--name <name>", "professional: \"Given Family\"; system: the system's name")
    .option("--person-id <code>", "professional: personal identity code (subject serialNumber)")
    .option("--registration-number <number>", "professional: professional registration number")
    .option("--organisation-oid <oid>", "system: organisation OID (required); professional: employer")
    .option("--organisation-name <name>", "organisation name (system: defaults to --name)")
    .option("--days <n>", "valid from now for n days (default: 2020-01-01 to 2045-12-31)", positiveInteger)
    .requiredOption("--out <prefix>", "writes <prefix>.pem and <prefix>.test-key.pem")
    .action((opts: IssueOptions) => {
      process.stdout.write(issue(opts) + "\n");
    });

  program
    .command("sign")
    .description("sign a standalone CDA document (enveloped XMLDSig in hl7fi:signatures)")
    .requiredOption("--key <file>", "signer private key (PEM)")
    .requiredOption("--cert <file>", "signer certificate (PEM)")
    .option("--chain <file>", "intermediate CA certificate to carry in KeyInfo (repeatable)", collect)
    .argument("<in>", "unsigned CDA document")
    .argument("<out>", "signed CDA document to write")
    .action((input: string, output: string, opts: { key: string; cert: string; chain?: string[] }) => {
      const signed = signCdaDocument(readFileSync(input, "utf8"), {
        keyPem: readFileSync(opts.key, "utf8"),
        certPem: readFileSync(opts.cert, "utf8"),
        ...(opts.chain ? { chainPem: opts.chain.map((f) => readFileSync(f, "utf8")) } : {}),
      });
      writeFileSync(output, signed);
      process.stdout.write(`signed ${input} → ${output}\n`);
    });

  program
    .command("verify-signature")
    .description("verify the signature of a standalone CDA document as the archive does; prints the signer or the findings as JSON")
    .option("--trust-dir <dir>", "trust directory (repeatable; default certs/test)", collect)
    .option("--at <iso>", "the request time certificates must be valid at (default: now)", isoDate)
    .argument("<file>", "signed CDA document")
    .action((file: string, opts: { trustDir?: string[]; at?: Date }) => {
      const result = verifyCdaSignature(readFileSync(file, "utf8"), { trust: loadTrustStore(opts.trustDir ?? ["certs/test"]), at: opts.at ?? new Date() });
      process.stdout.write(JSON.stringify(result, null, 2) + "\n");
      if (!result.ok) process.exitCode = 1;
    });
}
