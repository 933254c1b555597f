/**
 * Output shapes of the Sosdata export: four CSV files (one per row family + the completeness report,
 * RFC 4180) and one JSON document. Column order is part of the contract; see docs/sosdata.md.
 */
import type { SosdataPeriod, SosdataResult } from "./types.js";

/** Columns of each CSV file, in order. Multi-valued cells (case ids, tasks, documents) are joined with "|". */
export const CSV_COLUMNS = {
  clientRelationshipPeriods: ["organiser_oid", "client", "service_task", "start", "end", "case_ids"],
  childProtectionRelationships: ["organiser_oid", "client", "start", "end", "document_id"],
  socialServices: [
    "organiser_oid", "client", "social_service", "service_tasks", "source", "start", "end", "service_unit_oid",
    "decision_category", "decision_type", "decided_at", "valid_from", "valid_to", "document_ids",
  ],
  completeness: ["family", "reason", "client", "document_id", "service_task", "detail", "source"],
} as const;

export interface SosdataCsv {
  clientRelationshipPeriods: string;
  childProtectionRelationships: string;
  socialServices: string;
  completeness: string;
}

/** One RFC 4180 CSV per family: header row, CRLF line ends, fields quoted when they hold `"`, `,`, CR or LF. */
export function toCsv(result: SosdataResult): SosdataCsv {
  const join = (values: readonly string[]): string => values.join("|");
  return {
    clientRelationshipPeriods: csv(
      CSV_COLUMNS.clientRelationshipPeriods,
      result.clientRelationshipPeriods.map((r) => [r.organiserOid, r.client, r.serviceTask, r.start, r.end, join(r.caseIds)]),
    ),
    childProtectionRelationships: csv(
      CSV_COLUMNS.childProtectionRelationships,
      result.childProtectionRelationships.map((r) => [r.organiserOid, r.client, r.start, r.end, r.documentId]),
    ),
    socialServices: csv(
      CSV_COLUMNS.socialServices,
      result.socialServices.map((r) => [
        r.organiserOid, r.client, r.socialService, join(r.serviceTasks), r.source, r.start, r.end, r.serviceUnitOid,
        r.decisionCategory, r.decisionType, r.decidedAt, r.validFrom, r.validTo, join(r.documentIds),
      ]),
    ),
    completeness: csv(
      CSV_COLUMNS.completeness,
      result.completeness.map((i) => [i.family, i.reason, i.client, i.documentId, i.serviceTask, i.detail, i.source]),
    ),
  };
}

function csv(header: readonly string[], rows: readonly (readonly (string | undefined)[])[]): string {
  return [header, ...rows].map((fields) => fields.map((f) => csvField(f ?? "")).join(",") + "\r\n").join("");
}

/** RFC 4180 §2.6-2.7: quote a field holding a quote, comma or line break; double the quotes inside. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The JSON export: a versioned envelope with the period and the four arrays as derived. */
export interface SosdataJson extends SosdataResult {
  format: "kanta-sim/sosdata";
  formatVersion: 1;
  period: SosdataPeriod;
}

export function toJson(result: SosdataResult, period: SosdataPeriod): SosdataJson {
  return { format: "kanta-sim/sosdata", formatVersion: 1, period: { ...period }, ...result };
}
