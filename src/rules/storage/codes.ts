/**
 * Every coded metadata value exists in the code service, comes from the classification its element
 * uses, and is in force on the storage date (D06-R24, L25988-25990). Makulering is checked in the
 * simplified way (D06-R25, L25990-25994): codes must exist, but need not be in force any more — an
 * expired organisation, service or type does not stop a cancellation.
 * Case names are checked for existence only; their 2017/2023 validity has its own rule (D04-R37,
 * structure.ts), because closed cases keep expired 2017 names.
 */
import type { Finding } from "../../errors/types.js";
import type { Coded, DocumentMetadata } from "../../model/document.js";
import { CODE_SYSTEMS } from "./code-systems.js";
import { metadataItemPath, metadataPath, type MetadataField } from "./paths.js";
import { dateOf, report, type CodeValidity, type StorageCheckInput } from "./types.js";

interface CodedElement {
  field: MetadataField;
  /** Allowed code systems; undefined = any (the lookup alone decides). */
  systems?: readonly string[];
  values: (d: DocumentMetadata) => readonly (Coded | undefined)[];
  /** A repeating element: locations carry the index. */
  repeating?: boolean;
  /** Validity on the storage date is checked by another rule. */
  validityElsewhere?: boolean;
}

const organisation = (ref: { oid: string } | undefined): Coded | undefined => (ref ? { code: ref.oid, codeSystem: CODE_SYSTEMS.organisationRegister } : undefined);

const CODED_ELEMENTS: readonly CodedElement[] = [
  { field: "organiser", systems: [CODE_SYSTEMS.organisationRegister], values: (d) => [organisation(d.organiser)] },
  { field: "producer", systems: [CODE_SYSTEMS.organisationRegister], values: (d) => [organisation(d.producer)] },
  { field: "subcontractor", systems: [CODE_SYSTEMS.organisationRegister], values: (d) => [organisation(d.subcontractor)] },
  { field: "serviceUnit", systems: [CODE_SYSTEMS.organisationRegister], values: (d) => [organisation(d.serviceUnit)] },
  { field: "registerCode", systems: [CODE_SYSTEMS.register], values: (d) => [d.registerCode] },
  { field: "serviceProcess", systems: [CODE_SYSTEMS.serviceProcess], values: (d) => [d.serviceProcess] },
  // Old documents also carry their original task from Serviceuppgift 1989 or 2011 (07 §3.4 #19).
  { repeating: true, field: "serviceTasks", systems: [CODE_SYSTEMS.serviceTask, CODE_SYSTEMS.serviceTask1989, CODE_SYSTEMS.serviceTask2011], values: (d) => d.serviceTasks },
  { repeating: true, field: "socialServices", systems: [CODE_SYSTEMS.socialService], values: (d) => d.socialServices },
  { field: "generalType", systems: [CODE_SYSTEMS.generalType, CODE_SYSTEMS.generalType2016], values: (d) => [d.generalType] },
  { field: "specificType", systems: [CODE_SYSTEMS.specificType], values: (d) => [d.specificType] },
  { field: "caseName", values: (d) => [d.caseName?.code], validityElsewhere: true },
  { field: "caseStatus", systems: [CODE_SYSTEMS.caseStatus], values: (d) => [d.caseStatus] },
  { field: "arrivalMethod", systems: [CODE_SYSTEMS.arrivalMethod], values: (d) => [d.arrivalMethod] },
  { repeating: true, field: "restrictionReasons", systems: [CODE_SYSTEMS.restrictionReason], values: (d) => d.restrictionReasons ?? [] },
  { repeating: true, field: "disclosureDespiteBanReasons", systems: [CODE_SYSTEMS.disclosureDespiteBan], values: (d) => d.disclosureDespiteBanReasons ?? [] },
  { field: "correctionReason", systems: [CODE_SYSTEMS.correctionReason], values: (d) => [d.correctionReason] },
];

/** Is the code in force on the date (YYYY-MM-DD), both ends inclusive? */
export function inForce(validity: CodeValidity, date: string): boolean {
  return (validity.validFrom === undefined || validity.validFrom <= date) && (validity.validTo === undefined || date <= validity.validTo);
}

export function checkCodes(input: StorageCheckInput): Finding[] {
  const d = input.document;
  const date = dateOf(input.now);
  const simplified = input.operation === "cancel";
  const findings: Finding[] = [];
  for (const element of CODED_ELEMENTS) {
    const values = element.values(d);
    values.forEach((value, i) => {
      if (value === undefined) return;
      const where = element.repeating ? metadataItemPath(element.field, i) : metadataPath(element.field);
      const what = `${value.code} (${value.codeSystem})`;
      if (element.systems && !element.systems.includes(value.codeSystem)) {
        findings.push(report("MET-CODE-SYSTEM-WRONG", where, `${what}; expected ${element.systems.join(" or ")}`));
        return;
      }
      const validity = input.codes(value.codeSystem, value.code);
      if (validity === undefined) findings.push(report("MET-CODE-UNKNOWN", where, what));
      else if (!simplified && !element.validityElsewhere && !inForce(validity, date)) {
        findings.push(report("MET-CODE-NOT-IN-FORCE", where, `${what} valid ${validity.validFrom ?? "…"} – ${validity.validTo ?? "…"}, storage date ${date}`));
      }
    });
  }
  return findings;
}
