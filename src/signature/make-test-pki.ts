/**
 * Regenerates the committed test PKI in certs/test/ (or the directory given as the first argument):
 *   npx tsx src/signature/make-test-pki.ts [certs/test]
 * Every key is a fresh test key; after regenerating, commit the whole directory at once so that
 * certificates, keys, revoked.json and index.json stay consistent.
 *
 * A regeneration writes a system signer for every organisation of fixtures/world/organisations.json
 * (Kela's VYT signer 1.2.246.10.99990009.10.0, used by MittKanta, included). To add only the signers of
 * organisations that have none yet, issued by the EXISTING root CA, without touching any other
 * certificate or key:
 *   npx tsx src/signature/make-test-pki.ts --add-missing-signers [certs/test]
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { initPkiDirectory, writeKeyedCertificate, type PkiIndex } from "./pki-directory.js";
import { issueSystemCertificate, keyedCertificateFromPem } from "./pki.js";

const ORGANISATIONS_FILE = fileURLToPath(new URL("../../fixtures/world/organisations.json", import.meta.url));

/**
 * Issues, with the directory's own root CA, a system signer for each test-world organisation that has
 * none in `dir`, and inserts its index entry after the last valid system signer. Returns the new entries.
 */
export function addMissingSystemSigners(dir: string): PkiIndex["certificates"] {
  const indexFile = join(dir, "index.json");
  const index = JSON.parse(readFileSync(indexFile, "utf8")) as PkiIndex;
  const rootEntry = index.certificates.find((c) => c.role === "root-ca" && c.trusted);
  if (!rootEntry) throw new Error(`${indexFile}: no trusted root CA`);
  const root = keyedCertificateFromPem(readFileSync(join(dir, rootEntry.cert), "utf8"), readFileSync(join(dir, rootEntry.key), "utf8"));
  const organisations = (JSON.parse(readFileSync(ORGANISATIONS_FILE, "utf8")) as { organisations: { oid: string; name: string }[] }).organisations;
  const isSigner = (c: PkiIndex["certificates"][number]) => c.role === "system" && c.purpose === "valid system signature";
  const added: PkiIndex["certificates"] = [];
  for (const organisation of organisations) {
    if (index.certificates.some((c) => isSigner(c) && c.organisationOid === organisation.oid)) continue;
    const prefix = `signers/system-${organisation.oid}`;
    if (existsSync(join(dir, `${prefix}.pem`))) throw new Error(`${prefix}.pem exists but is not in index.json: not overwritten`);
    const system = issueSystemCertificate(root, { organisationOid: organisation.oid, organisationName: organisation.name });
    added.push(writeKeyedCertificate(dir, prefix, system, "system", true, "valid system signature"));
  }
  if (added.length > 0) {
    const last = index.certificates.map(isSigner).lastIndexOf(true);
    index.certificates.splice(last + 1, 0, ...added);
    writeFileSync(indexFile, JSON.stringify(index, null, 2) + "\n");
  }
  return added;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const addOnly = process.argv.includes("--add-missing-signers");
  const out = process.argv.slice(2).find((a) => !a.startsWith("--")) ?? fileURLToPath(new URL("../../certs/test/", import.meta.url));
  if (addOnly) {
    const added = addMissingSystemSigners(out);
    process.stdout.write(`${added.length} system signer(s) added to ${out}${added.map((e) => `\n  ${e.cert}`).join("")}\n`);
  } else {
    const index = initPkiDirectory(out, { testCases: true });
    process.stdout.write(`test PKI written to ${out}: ${index.certificates.length} certificates\n`);
  }
}
