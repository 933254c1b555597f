/**
 * Mandatory and conditionally mandatory metadata per document group: the matrix of the handbook's
 * table 11.2.2 (domain/07 §3.4, L27644-29151; D07-R25), the presence checks the archive makes on
 * service task / process / social service (D07-R21), Serviceenhet with its 09/2023 cut-over (D07-R29)
 * and the electronic-signature group (D07-R28). The archive checks presence only, never which values
 * of task, process or service are combined (D07-R22, D04-R04) — that is left to codes.ts (existence)
 * and to nobody (combinations). Archive-produced metadata from a sender (D07-R24) is refused by the
 * CDA parser (CDA-ARCHIVE-PRODUCED), not here.
 */
import type { Finding } from "../../errors/types.js";
import type { DocumentGroup, DocumentMetadata } from "../../model/document.js";
import { CASE_STATUS_CLOSED, CODE_SYSTEMS, SERVICE_PROCESS_IMPLEMENTATION, SOCIAL_SERVICE_SHELTER_HOME } from "./code-systems.js";
import { metadataPath, type MetadataField } from "./paths.js";
import { dateOf, report, type StorageCheckInput, type StorageCheckSettings } from "./types.js";

const ALL: readonly DocumentGroup[] = ["client-relationship", "case", "old", "phase-1", "phase-2", "journal-entry"];
const OPERATIONAL: readonly DocumentGroup[] = ["phase-1", "phase-2", "journal-entry"]; // "KH-op" + AKJ
const CLIENT_DOCUMENTS: readonly DocumentGroup[] = ["old", ...OPERATIONAL];

/** Plain mandatory elements: field → the groups that must carry it (table 11.2.2 columns KR, ÄR, KH-op, AKJ, GK). */
const MANDATORY: readonly { field: MetadataField; element: string; groups: readonly DocumentGroup[]; present: (d: DocumentMetadata) => boolean }[] = [
  { field: "organiser", element: "#1 Tjänsteanordnarens identifikationskod", groups: ["client-relationship", "case", ...OPERATIONAL], present: (d) => nonEmpty(d.organiser?.oid) },
  { field: "organiser.name", element: "#2 Namn på tjänsteanordnaren", groups: ["client-relationship", "case", ...OPERATIONAL], present: (d) => nonEmpty(d.organiser?.name) },
  { field: "producer", element: "#3 Tjänsteproducentens identifikationskod", groups: OPERATIONAL, present: (d) => nonEmpty(d.producer?.oid) },
  { field: "producer.name", element: "#4 Tjänsteproducentens namn", groups: OPERATIONAL, present: (d) => nonEmpty(d.producer?.name) },
  { field: "storer.givenName", element: "#8 Förnamnet för den yrkesutbildade person som har lagrat klienthandlingen", groups: OPERATIONAL, present: (d) => nonEmpty(d.storer?.givenName) },
  { field: "storer.familyName", element: "#9 Efternamn för den yrkesutbildade person som har lagrat klienthandlingen", groups: OPERATIONAL, present: (d) => nonEmpty(d.storer?.familyName) },
  { field: "clients", element: "#10 Klientens personbeteckning", groups: ALL, present: (d) => d.clients.length > 0 },
  { field: "caseId", element: "#11 Ärendenummer", groups: ["case", ...CLIENT_DOCUMENTS], present: (d) => nonEmpty(d.caseId) },
  { field: "caseName", element: "#12 Ärendets namn", groups: ["case"], present: (d) => d.caseName !== undefined },
  { field: "caseOpenedAt", element: "#13 Ärendets öppningsdatum", groups: ["case"], present: (d) => nonEmpty(d.caseOpenedAt) },
  { field: "caseStatus", element: "#15 Ärendets status", groups: ["case"], present: (d) => d.caseStatus !== undefined },
  { field: "generalType", element: "#22 Allmän handlingstyp", groups: CLIENT_DOCUMENTS, present: (d) => d.generalType !== undefined },
  { field: "specificType", element: "#23 Handlingens preciserande handlingstyp", groups: ["phase-2", "journal-entry"], present: (d) => d.specificType !== undefined },
];

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== "";
}

function hasSocialService(d: DocumentMetadata, code: string): boolean {
  return d.socialServices.some((s) => s.codeSystem === CODE_SYSTEMS.socialService && s.code === code);
}

/** Is Serviceenhet mandatory for this document (D07-R29, 07 §3.4 #7)? */
function serviceUnitRequired(input: StorageCheckInput, settings: StorageCheckSettings): boolean {
  const d = input.document;
  switch (d.documentGroup) {
    case "phase-2":
    case "journal-entry":
      return true;
    case "client-relationship":
    case "case": {
      const measured = settings.serviceUnitCutoverBasis === "created" ? dateOf(d.createdAt) : dateOf(input.now);
      return measured >= settings.serviceUnitCutover;
    }
    case "old":
      return hasSocialService(d, SOCIAL_SERVICE_SHELTER_HOME);
    case "phase-1":
    case "will-expression": // VYT documents have their own checks (src/rules/access/will-expression.ts)
      return false;
  }
}

/** Metadata presence and cardinality for the document's group. Not applied to makulering, which
 * re-sends a stored document's metadata and is checked in a simplified way (D06-R25, D07-R42). */
export function checkMetadataMatrix(input: StorageCheckInput, settings: StorageCheckSettings): Finding[] {
  if (input.operation === "cancel") return [];
  const d = input.document;
  const group = d.documentGroup;
  const findings: Finding[] = [];

  for (const rule of MANDATORY) {
    if (rule.groups.includes(group) && !rule.present(d)) findings.push(report("MET-MANDATORY-MISSING", metadataPath(rule.field), `${rule.element} (${group})`));
  }
  // #10: the client relationship document is client-specific (L27943-27962).
  if (group === "client-relationship" && d.clients.length > 1) {
    findings.push(report("MET-CARDINALITY", metadataPath("clients"), `a client relationship document names one client, not ${d.clients.length}`));
  }
  // D07-R21a: Serviceuppgift on every document except KR.
  if (group !== "client-relationship" && d.serviceTasks.length === 0) findings.push(report("MET-SERVICE-TASK-MISSING", metadataPath("serviceTasks"), group));
  // D07-R111: an old document carries its original task (Serviceuppgift 1989 or 2011) beside the 2016 one.
  if (group === "old" && d.serviceTasks.length > 0) {
    const has = (system: string) => d.serviceTasks.some((t) => t.codeSystem === system);
    if (!has(CODE_SYSTEMS.serviceTask)) findings.push(report("MET-MANDATORY-MISSING", metadataPath("serviceTasks"), "#19 Serviceuppgift (Socialvård – Serviceuppgift) (old)"));
    if (!has(CODE_SYSTEMS.serviceTask1989) && !has(CODE_SYSTEMS.serviceTask2011)) {
      findings.push(report("MET-MANDATORY-MISSING", metadataPath("serviceTasks"), "#19 original service task (Serviceuppgift 1989 or 2011) (old)"));
    }
  }
  // D04-R41: a case belongs to one (2016) service task — a simulator proposal, so a client-system duty.
  if (group === "case" && d.serviceTasks.filter((t) => t.codeSystem === CODE_SYSTEMS.serviceTask).length > 1) {
    findings.push(report("MET-CASE-ONE-SERVICE-TASK", metadataPath("serviceTasks"), d.serviceTasks.map((t) => t.code).join(", ")));
  }
  // D07-R21b: Serviceprocess on documents arising in operations (not KR, ÄR; optional for GK).
  if (OPERATIONAL.includes(group) && d.serviceProcess === undefined) findings.push(report("MET-SERVICE-PROCESS-MISSING", metadataPath("serviceProcess"), group));
  // D07-R21c: Socialservice when the process is service implementation.
  const implementing = d.serviceProcess?.codeSystem === CODE_SYSTEMS.serviceProcess && d.serviceProcess.code === SERVICE_PROCESS_IMPLEMENTATION;
  if (implementing && CLIENT_DOCUMENTS.includes(group) && d.socialServices.length === 0) {
    findings.push(report("MET-SOCIAL-SERVICE-MISSING", metadataPath("socialServices"), "serviceProcess = Genomförande av tjänster"));
  }
  if (!nonEmpty(d.serviceUnit?.oid) && serviceUnitRequired(input, settings)) findings.push(report("MET-SERVICE-UNIT-MISSING", metadataPath("serviceUnit"), group));
  // #14: closing date when the case is closed.
  if (group === "case" && isClosedStatus(d) && !nonEmpty(d.caseClosedAt)) {
    findings.push(report("MET-CASE-CLOSED-DATE-MISSING", metadataPath("caseClosedAt")));
  }
  // #24-#26: incoming client documents.
  if (input.incoming && OPERATIONAL.includes(group) && group !== "journal-entry") {
    const missing: [MetadataField, string][] = [];
    if (!nonEmpty(d.receivedAt)) missing.push(["receivedAt", "#24 Tidpunkt för mottagande av handlingen"]);
    if (!d.arrivalMethod) missing.push(["arrivalMethod", "#25 Handlingens ankomstsätt"]);
    if (!nonEmpty(d.senderOrAgent)) missing.push(["senderOrAgent", "#26 Handlingens avsändare eller ombud"]);
    for (const [field, element] of missing) findings.push(report("MET-INCOMING-MISSING", metadataPath(field), element));
  }
  // D07-R28: phase-2 client documents with a personal electronic signature.
  if (group === "phase-2" && input.signature.signer?.kind === "professional") {
    const s = d.signatureMetadata;
    const missing = [
      nonEmpty(s?.registrationNumber) || nonEmpty(s?.signerPersonId) ? undefined : "#27/#28 registration number or personal identity code",
      nonEmpty(s?.givenName) ? undefined : "#29 Förnamn för handlingens undertecknare",
      nonEmpty(s?.familyName) ? undefined : "#30 Efternamn för handlingens undertecknare",
      s?.identificationMethod ? undefined : "#31 Identifieringssätt",
      nonEmpty(s?.signedAt) ? undefined : "#32 Tidpunkten för underskrift",
    ].filter((m): m is string => m !== undefined);
    if (missing.length) findings.push(report("MET-SIGNER-MISSING", metadataPath("signatureMetadata"), missing.join("; ")));
  }
  return findings;
}

export function isClosedStatus(d: Pick<DocumentMetadata, "caseStatus">): boolean {
  return d.caseStatus?.codeSystem === CODE_SYSTEMS.caseStatus && d.caseStatus.code === CASE_STATUS_CLOSED;
}
