import { ADMIN_ERRORS } from "../admin/errors.js";
import { ARCHIVE_ERRORS } from "../archive/errors.js";
import { QUERY_ERRORS } from "../archive/query-errors.js";
import { CDA_ERRORS } from "../cda/errors.js";
import { EXPORT_ERRORS } from "../export/errors.js";
import { MITTKANTA_ERRORS } from "../mittkanta/errors.js";
import { ACCESS_ERRORS } from "../rules/access/errors.js";
import { RULES_STORAGE_ERRORS } from "../rules/storage/errors.js";
import { VISIBILITY_ERRORS } from "../rules/visibility/errors.js";
import { SIGNATURE_ERRORS } from "../signature/errors.js";
import { SOAP_ERRORS } from "../soap/errors.js";
import { XML_ERRORS } from "../xml/errors.js";
import { HARDENING_ERRORS } from "../hardening/errors.js";
import { REHEARSAL_ERRORS } from "../rehearsal/errors.js";
import type { ErrorEntry, Finding } from "./types.js";

const FRAGMENTS = { xml: XML_ERRORS, cda: CDA_ERRORS, signature: SIGNATURE_ERRORS, soap: SOAP_ERRORS, storage: RULES_STORAGE_ERRORS, archive: ARCHIVE_ERRORS, access: ACCESS_ERRORS, visibility: VISIBILITY_ERRORS, query: QUERY_ERRORS, admin: ADMIN_ERRORS, export: EXPORT_ERRORS, mittkanta: MITTKANTA_ERRORS, hardening: HARDENING_ERRORS, rehearsal: REHEARSAL_ERRORS } as const;

type Codes<F> = F extends Readonly<Record<infer K, ErrorEntry>> ? K : never;
/** Every code the simulator can emit. */
export type ErrorCode = { [R in keyof typeof FRAGMENTS]: Codes<(typeof FRAGMENTS)[R]> }[keyof typeof FRAGMENTS] & string;

function merge(): Readonly<Record<string, ErrorEntry & { room: string }>> {
  const all: Record<string, ErrorEntry & { room: string }> = {};
  for (const [room, fragment] of Object.entries(FRAGMENTS)) {
    for (const [code, entry] of Object.entries(fragment as Readonly<Record<string, ErrorEntry>>)) {
      if (all[code]) throw new Error(`error code ${code} is defined by both ${all[code].room} and ${room}`);
      all[code] = { ...entry, room };
    }
  }
  return all;
}

/** The one catalogue: code → how it is reported, who enforces it, fi/sv/en text. */
export const CATALOGUE = merge();

export function errorEntry(code: string): ErrorEntry & { room: string } {
  const entry = CATALOGUE[code];
  if (!entry) throw new Error(`unknown error code ${code}: every code must be in the catalogue`);
  return entry;
}

/** Builds a finding; the code must exist in the catalogue (checked at the call, not at the wire). */
export function finding(code: ErrorCode, location: string, detail?: string, severity: Finding["severity"] = "error"): Finding {
  errorEntry(code);
  return detail === undefined ? { code, location, severity } : { code, location, detail, severity };
}
