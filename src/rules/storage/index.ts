/**
 * The archive's storage checks as one pure function: plain facts in, findings out, no I/O. A
 * repository loads the facts (StorageCheckInput), the archive service refuses on any `error`.
 * Each finding's severity follows its catalogue entry (archive → error, client-system → warning);
 * strict mode turns the client-system warnings into refusals (DESIGN §7 decision 0).
 */
import type { Finding } from "../../errors/types.js";
import { checkCodes } from "./codes.js";
import { checkClientIdentity } from "./identity.js";
import { checkMetadataMatrix } from "./metadata-matrix.js";
import { checkMinors } from "./minors.js";
import { checkSignatureRequirements } from "./signature-requirements.js";
import { checkStorageForm } from "./storage-form.js";
import { checkStructure } from "./structure.js";
import { checkVersioning } from "./versioning.js";
import { DEFAULT_STORAGE_SETTINGS, type StorageCheckInput, type StorageCheckSettings } from "./types.js";

export * from "./types.js";
export { CODE_SYSTEMS } from "./code-systems.js";
export { metadataPath } from "./paths.js";
export { codeLookupFromFixtures, professionalSignatureFromFixtures } from "./code-lookup.js";

/** Runs every storage-check family in the order of handbook 9.12.3 (immutability, client, metadata, content). */
export function runStorageChecks(input: StorageCheckInput, settings: Partial<StorageCheckSettings> & { strict: boolean }): Finding[] {
  const effective: StorageCheckSettings = { ...DEFAULT_STORAGE_SETTINGS, ...settings };
  const findings = [
    ...checkVersioning(input),
    ...checkClientIdentity(input),
    ...checkMetadataMatrix(input, effective),
    ...checkCodes(input),
    ...checkMinors(input),
    ...checkStorageForm(input),
    ...checkStructure(input, effective),
    ...checkSignatureRequirements(input),
  ];
  return effective.strict ? findings.map((f) => (f.severity === "warning" ? { ...f, severity: "error" as const } : f)) : findings;
}

/** True when the findings refuse the request. */
export function refuses(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === "error");
}

