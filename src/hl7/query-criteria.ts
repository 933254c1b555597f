/**
 * Metadata usable as search criteria (D07-R58 L27845-27856; table 11.2.2 L27644-29151, domain/07 §3.4).
 * Pure: the table of criterion names, what kind of value each takes, and the match of one document's
 * metadata against a list of criteria. The client (#10) and the case number (#11) are query parameters
 * of their own (clientId, caseId), not criteria.
 */
import { DOCUMENT_GROUP_CODES, type Coded, type DocumentMetadata } from "../model/document.js";
import { calendarDate } from "../rules/visibility/dates.js";
import type { QueryCriterion } from "./types.js";

/** How a criterion's value is written and compared. */
export type CriterionKind = "coded" | "oid" | "text" | "date";

interface CriterionDefinition {
  kind: CriterionKind;
  /** Row of table 11.2.2 (domain/07 §3.4). */
  row: string;
  /** The metadata values the criterion compares against (any one may match). */
  values: (m: DocumentMetadata) => readonly (string | Coded | undefined)[];
}

const DOCUMENT_GROUP_SYSTEM = "1.2.246.537.6.1505";

/** Searchable criteria by the name used on the wire (parameterList/metadataCriterion/code/@code). */
export const QUERY_CRITERIA: Readonly<Record<string, CriterionDefinition>> = {
  organiser: { kind: "oid", row: "#1", values: (m) => [m.organiser.oid] },
  organiserName: { kind: "text", row: "#2", values: (m) => [m.organiser.name] },
  producer: { kind: "oid", row: "#3", values: (m) => [m.producer?.oid] },
  producerName: { kind: "text", row: "#4", values: (m) => [m.producer?.name] },
  subcontractor: { kind: "oid", row: "#5", values: (m) => [m.subcontractor?.oid] },
  subcontractorName: { kind: "text", row: "#6", values: (m) => [m.subcontractor?.name] },
  serviceUnit: { kind: "oid", row: "#7 (OID only)", values: (m) => [m.serviceUnit?.oid] },
  storerGivenName: { kind: "text", row: "#8", values: (m) => [m.storer?.givenName] },
  storerFamilyName: { kind: "text", row: "#9", values: (m) => [m.storer?.familyName] },
  caseName: { kind: "coded", row: "#12", values: (m) => [m.caseName?.code] },
  caseOpenedAt: { kind: "date", row: "#13", values: (m) => [m.caseOpenedAt] },
  caseClosedAt: { kind: "date", row: "#14", values: (m) => [m.caseClosedAt] },
  caseStatus: { kind: "coded", row: "#15", values: (m) => [m.caseStatus] },
  linkedCase: { kind: "oid", row: "#16", values: (m) => m.linkedCaseIds ?? [] },
  caseLink: { kind: "oid", row: "#17", values: (m) => m.caseLinks ?? [] },
  serviceProcess: { kind: "coded", row: "#18", values: (m) => [m.serviceProcess] },
  serviceTask: { kind: "coded", row: "#19", values: (m) => m.serviceTasks },
  socialService: { kind: "coded", row: "#20", values: (m) => m.socialServices },
  documentGroup: { kind: "coded", row: "#21", values: (m) => [{ code: DOCUMENT_GROUP_CODES[m.documentGroup], codeSystem: DOCUMENT_GROUP_SYSTEM }] },
  generalType: { kind: "coded", row: "#22", values: (m) => [m.generalType] },
  specificType: { kind: "coded", row: "#23", values: (m) => [m.specificType] },
  receivedAt: { kind: "date", row: "#24", values: (m) => [m.receivedAt] },
};

/**
 * Metadata the handbook says "kan inte användas som sökvillkor" (D07-R58 L27845-27856, L28890-29151):
 * a query naming one of them is refused with QUERY-CRITERION-NOT-SEARCHABLE, not ignored.
 */
export const NOT_SEARCHABLE_CRITERIA: ReadonlySet<string> = new Set([
  "serviceUnitName", // #7 name
  "arrivalMethod", // #25 Handlingens ankomstsätt
  "senderOrAgent", // #26 Handlingens avsändare eller ombud
  "signerPersonId", // #27–#32 e-signature group
  "signerRegistrationNumber",
  "signerGivenName",
  "signerFamilyName",
  "identificationMethod",
  "signedAt",
]);

export const OID_PATTERN = /^[0-2](\.(0|[1-9][0-9]*))+$/;
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Why a criterion as sent cannot be used, or undefined when it can. */
export function criterionProblem(criterion: QueryCriterion): "unknown" | "not-searchable" | "invalid-value" | undefined {
  if (NOT_SEARCHABLE_CRITERIA.has(criterion.name)) return "not-searchable";
  const definition = QUERY_CRITERIA[criterion.name];
  if (!definition) return "unknown";
  if (criterion.value === "") return "invalid-value";
  if (definition.kind === "oid" && !OID_PATTERN.test(criterion.value)) return "invalid-value";
  if (definition.kind === "date" && (!DATE_PATTERN.test(criterion.value) || calendarDate(criterion.value) === undefined)) return "invalid-value";
  return undefined;
}

function matchesOne(kind: CriterionKind, actual: string | Coded | undefined, criterion: QueryCriterion): boolean {
  if (actual === undefined) return false;
  switch (kind) {
    case "coded": {
      const coded = typeof actual === "string" ? { code: actual, codeSystem: undefined } : actual;
      return coded.code === criterion.value && (criterion.codeSystem === undefined || coded.codeSystem === criterion.codeSystem);
    }
    case "oid":
      return (typeof actual === "string" ? actual : actual.code) === criterion.value;
    case "text":
      return typeof actual === "string" && actual.trim().toLocaleLowerCase("sv") === criterion.value.trim().toLocaleLowerCase("sv");
    case "date":
      return typeof actual === "string" && calendarDate(actual) === criterion.value;
  }
}

/** True when the metadata meets every criterion (criteria are combined with AND; a repeating field matches when any value does). */
export function matchesCriteria(metadata: DocumentMetadata, criteria: readonly QueryCriterion[]): boolean {
  return criteria.every((criterion) => {
    const definition = QUERY_CRITERIA[criterion.name];
    if (!definition) return false;
    return definition.values(metadata).some((actual) => matchesOne(definition.kind, actual, criterion));
  });
}
