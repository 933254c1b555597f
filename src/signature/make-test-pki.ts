/**
 * Regenerates the committed test PKI in certs/test/ (or the directory given as the first argument):
 *   npx tsx src/signature/make-test-pki.ts [certs/test]
 * Every key is a fresh test key; after regenerating, commit the whole directory at once so that
 * certificates, keys, revoked.json and index.json stay consistent.
 */
import { fileURLToPath } from "node:url";
import { initPkiDirectory } from "./pki-directory.js";

const out = process.argv[2] ?? fileURLToPath(new URL("../../certs/test/", import.meta.url));
const index = initPkiDirectory(out, { testCases: true });
process.stdout.write(`test PKI written to ${out}: ${index.certificates.length} certificates\n`);
