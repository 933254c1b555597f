/**
 * Builds the plain lookups the storage checks take from the loaded fixtures (the same data the
 * database is seeded with), so the rules never read files and a repository can offer the same
 * shape from the `codes` table.
 */
import type { LoadedFixtures } from "../../fixtures/load.js";
import { CODE_SYSTEMS } from "./code-systems.js";
import type { CodeLookup, CodeValidity, StorageCheckInput } from "./types.js";

export function codeLookupFromFixtures(fixtures: LoadedFixtures): CodeLookup {
  const table = new Map<string, CodeValidity>();
  const put = (system: string, code: string, validFrom?: string, validTo?: string) =>
    table.set(`${system}|${code}`, { ...(validFrom ? { validFrom } : {}), ...(validTo ? { validTo } : {}) });
  for (const list of fixtures.codeLists) for (const c of list.codes) put(list.oid, c.code, c.valid_from, c.valid_to);
  // Organisations and service units answer for THL's organisation register.
  for (const o of fixtures.world.organisations) put(CODE_SYSTEMS.organisationRegister, o.oid);
  for (const u of fixtures.world.service_units) put(CODE_SYSTEMS.organisationRegister, u.oid, u.valid_from, u.valid_to);
  return (codeSystem, code) => table.get(`${codeSystem}|${code}`);
}

type SignatureNeed = ReturnType<StorageCheckInput["professionalSignatureOf"]>;
const NEEDS = new Set<string>(["professional", "professional-and-private", "private-or-professional"]);

/** professional_signature of each specifying document type (table 9.10.1 in document-type-specific.json). */
export function professionalSignatureFromFixtures(fixtures: LoadedFixtures): StorageCheckInput["professionalSignatureOf"] {
  const list = fixtures.codeLists.find((l) => l.oid === CODE_SYSTEMS.specificType);
  const byCode = new Map<string, SignatureNeed>();
  for (const c of list?.codes ?? []) {
    const need = (c as { professional_signature?: string }).professional_signature;
    if (need !== undefined && NEEDS.has(need)) byCode.set(c.code, need as SignatureNeed);
  }
  return (code) => byCode.get(code);
}
