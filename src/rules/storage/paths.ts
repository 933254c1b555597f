import type { DocumentMetadata } from "../../model/document.js";

/**
 * Where each metadata field sits in the standalone CDA document, for the XPath of a finding: the
 * placements of docs/profile/cda.md §2 (the CDA engineer's table). The one place to edit if they move.
 */
export type MetadataField =
  | keyof DocumentMetadata
  | "organiser.name"
  | "producer.name"
  | "storer.givenName"
  | "storer.familyName"
  | "caseName.text"
  | "body"
  | "body.json"
  | "body.xhtml"
  | "body.pdf";

const ROOT = "/ClinicalDocument";
const LOCAL = `${ROOT}/hl7fi:localHeader`;
const CUSTODIAN = `${ROOT}/custodian/assignedCustodian/representedCustodianOrganization`;
const AUTHOR = `${ROOT}/author/assignedAuthor`;
const ENCOUNTER = `${ROOT}/componentOf/encompassingEncounter`;
const SECTION = `${ROOT}/component/structuredBody/component/section`;

const PLACES: Readonly<Record<MetadataField, string>> = {
  documentId: `${ROOT}/id`,
  setId: `${ROOT}/setId`,
  versionNumber: `${ROOT}/versionNumber`,
  replacesDocumentId: `${ROOT}/relatedDocument[@typeCode='RPLC']/parentDocument/id`,
  status: `${LOCAL}/hl7fi:documentStatus`,
  createdAt: `${ROOT}/effectiveTime`,
  title: `${ROOT}/title`,
  schemaVersion: `${LOCAL}/hl7fi:schemaVersion`,
  organiser: `${CUSTODIAN}/id`,
  "organiser.name": `${CUSTODIAN}/name`,
  producer: `${AUTHOR}/representedOrganization/id`,
  "producer.name": `${AUTHOR}/representedOrganization/name`,
  subcontractor: `${LOCAL}/hl7fi:subcontractor`,
  originalController: `${LOCAL}/hl7fi:originalController`,
  serviceUnit: `${LOCAL}/hl7fi:serviceUnit`,
  storer: `${AUTHOR}/assignedPerson/name`,
  "storer.givenName": `${AUTHOR}/assignedPerson/name/given`,
  "storer.familyName": `${AUTHOR}/assignedPerson/name/family`,
  registerCode: `${LOCAL}/hl7fi:registerCode`,
  clients: `${ROOT}/recordTarget/patientRole/id`,
  caseId: `${ENCOUNTER}/id`,
  caseName: `${LOCAL}/hl7fi:caseName`,
  "caseName.text": `${LOCAL}/hl7fi:caseName/@originalText`,
  caseOpenedAt: `${ENCOUNTER}/effectiveTime/low`,
  caseClosedAt: `${ENCOUNTER}/effectiveTime/high`,
  caseStatus: `${LOCAL}/hl7fi:caseStatus`,
  linkedCaseIds: `${LOCAL}/hl7fi:linkedCase`,
  caseLinks: `${LOCAL}/hl7fi:caseLink`,
  serviceProcess: `${ROOT}/documentationOf/serviceEvent/code`,
  serviceTasks: `${LOCAL}/hl7fi:serviceTask`,
  socialServices: `${LOCAL}/hl7fi:socialService`,
  documentGroup: `${ROOT}/code`,
  generalType: `${LOCAL}/hl7fi:generalDocumentType`,
  specificType: `${LOCAL}/hl7fi:specificDocumentType`,
  receivedAt: `${LOCAL}/hl7fi:receivedAt`,
  arrivalMethod: `${LOCAL}/hl7fi:arrivalMethod`,
  senderOrAgent: `${LOCAL}/hl7fi:senderOrAgent`,
  signatureMetadata: `${ROOT}/legalAuthenticator`,
  description: `${LOCAL}/hl7fi:description`,
  correctionReason: `${LOCAL}/hl7fi:correctionReason`,
  specialContent: `${ROOT}/confidentialityCode`,
  delayedUntil: `${LOCAL}/hl7fi:delayedUntil`,
  restrictionReasons: `${LOCAL}/hl7fi:restrictionReason`,
  restrictionText: `${LOCAL}/hl7fi:restrictionText`,
  guardianDisclosure: `${LOCAL}/hl7fi:guardianDisclosure`,
  disclosureDespiteBanReasons: `${LOCAL}/hl7fi:disclosureDespiteBanReason`,
  attachmentOf: `${LOCAL}/hl7fi:attachmentOf`,
  oldClientRelationship: `${SECTION}/hl7fi:json`, // a KR content field, not a header element
  clientDeathDate: `${LOCAL}/hl7fi:clientDeathDate`,
  body: `${ROOT}/component`,
  "body.json": `${SECTION}/hl7fi:json`,
  "body.xhtml": `${SECTION}/text`,
  "body.pdf": `${ROOT}/component/nonXMLBody/text[@mediaType='application/pdf']`,
};

/** Every field a finding can point at. */
export const METADATA_FIELDS = Object.keys(PLACES) as readonly MetadataField[];

/** XPath of a metadata field in the standalone CDA document. */
export function metadataPath(field: MetadataField): string {
  return PLACES[field];
}

/** XPath of the n-th (0-based) repetition of a repeating field. */
export function metadataItemPath(field: MetadataField, index: number): string {
  if (field === "clients") return `${ROOT}/recordTarget[${index + 1}]/patientRole/id`;
  return `${metadataPath(field)}[${index + 1}]`;
}
