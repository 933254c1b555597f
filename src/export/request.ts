/**
 * The parameters of a Sosdata export (admin API query and CLI options), checked once for both, so
 * both refuse the same input with the same code (src/export/errors.ts).
 */
import type { SosdataCsv } from "../rules/sosdata/index.js";
import type { ExportErrorCode } from "./errors.js";
import type { SosdataFormat } from "./sosdata.js";

export const CSV_FAMILIES = ["clientRelationshipPeriods", "childProtectionRelationships", "socialServices", "completeness"] as const satisfies readonly (keyof SosdataCsv)[];
export type CsvFamily = (typeof CSV_FAMILIES)[number];

export interface ExportRequest {
  from: string;
  to: string;
  organiserOid: string;
  format: SosdataFormat;
  /** One CSV file per response (API); absent = every family (CLI writes all four files). */
  family?: CsvFamily;
}

export type ExportRequestCheck = { ok: true; request: ExportRequest } | { ok: false; code: ExportErrorCode; detail: string };

const ALLOWED = new Set(["from", "to", "organiser", "format", "family"]);
const OID = /^[0-2](\.(0|[1-9][0-9]*))+$/;

/** A real calendar date written YYYY-MM-DD (2023-02-30 is not one). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/**
 * Checks raw parameters. `familyRequiredForCsv`: the admin API answers one CSV per request, so CSV needs
 * `family`; the CLI writes all four files and lets `family` narrow them to one.
 */
export function checkExportRequest(params: Record<string, unknown>, options: { familyRequiredForCsv: boolean }): ExportRequestCheck {
  const unknown = Object.keys(params).filter((k) => !ALLOWED.has(k) && params[k] !== undefined);
  if (unknown.length > 0) return { ok: false, code: "EXPORT-PARAMETER-UNKNOWN", detail: unknown.join(", ") };
  const missing = ["from", "to", "organiser"].filter((k) => params[k] === undefined || params[k] === "");
  if (missing.length > 0) return { ok: false, code: "EXPORT-PARAMETER-MISSING", detail: missing.join(", ") };
  const { from, to, organiser } = params;
  for (const [name, value] of [["from", from], ["to", to]] as const) {
    if (typeof value !== "string" || !isCalendarDate(value)) return { ok: false, code: "EXPORT-DATE-INVALID", detail: `${name}=${String(value)}` };
  }
  if ((from as string) > (to as string)) return { ok: false, code: "EXPORT-PERIOD-REVERSED", detail: `${String(from)} > ${String(to)}` };
  if (typeof organiser !== "string" || !OID.test(organiser)) return { ok: false, code: "EXPORT-ORGANISER-INVALID", detail: String(organiser) };
  const format = params.format ?? "json";
  if (format !== "csv" && format !== "json") return { ok: false, code: "EXPORT-FORMAT-UNKNOWN", detail: String(format) };
  const family = params.family;
  if (family !== undefined && !(CSV_FAMILIES as readonly unknown[]).includes(family)) return { ok: false, code: "EXPORT-FAMILY-UNKNOWN", detail: String(family) };
  if (format === "json" && family !== undefined) return { ok: false, code: "EXPORT-PARAMETER-UNKNOWN", detail: "family applies to format=csv only (the JSON holds every family)" };
  if (format === "csv" && family === undefined && options.familyRequiredForCsv) return { ok: false, code: "EXPORT-PARAMETER-MISSING", detail: `family (one of ${CSV_FAMILIES.join(", ")})` };
  return { ok: true, request: { from: from as string, to: to as string, organiserOid: organiser, format, ...(family !== undefined && { family: family as CsvFamily }) } };
}
