/**
 * Constants of the simulator's CDA profile (docs/profile/cda.md): namespaces, identifier roots and code
 * systems the builder writes and the parser reads.
 */
import type { DocumentGroup } from "../model/document.js";

export const HL7_V3_NS = "urn:hl7-org:v3";
export const HL7FI_NS = "urn:hl7finland";
export const XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

/** HL7 CDA R2 typeId of the ClinicalDocument. */
export const CDA_TYPE_ID = { root: "2.16.840.1.113883.1.3", extension: "POCD_HD000040" } as const;

/** Finnish personal identity codes (outside knowledge: the OID of the population register's identity code). */
export const PERSONAL_IDENTITY_CODE_ROOT = "1.2.246.21";
/** Temporary client identifiers (simulator-assigned root in the test arc; the real root is organisation-specific). */
export const TEMPORARY_CLIENT_ID_ROOT = "1.2.246.10.99990000.5.1";
/** Registration numbers of professionals (outside knowledge: Valvira's professional register, Terhikki/Suosikki). */
export const PROFESSIONAL_REGISTRATION_ROOT = "1.2.246.537.26";

/** Socialvård – Handlingsgrupp (fixtures/code-lists/document-group.json). */
export const DOCUMENT_GROUP_CODE_SYSTEM = "1.2.246.537.6.1505";
export const DOCUMENT_GROUP_NAMES_SV: Readonly<Record<DocumentGroup, string>> = {
  "client-relationship": "Klientrelationshandling",
  case: "Ärendehandling",
  old: "Gammal klienthandling",
  "phase-1": "Klienthandling i första fasen",
  "phase-2": "Klienthandling i andra fasen och senare",
  "journal-entry": "Anteckning i klientjournal",
  "will-expression": "Viljeyttring (VYT)",
};

/** HL7 Confidentiality (2.16.840.1.113883.5.25): carries M2 Specialinnehåll (R = yes, N = no). */
export const CONFIDENTIALITY_CODE_SYSTEM = "2.16.840.1.113883.5.25";

/** Known children of hl7fi:localHeader; anything else is refused (D07-R23). `repeats` = may occur more than once. */
export const LOCAL_HEADER_ELEMENTS = {
  documentStatus: { repeats: false },
  schemaVersion: { repeats: false },
  serviceUnit: { repeats: false },
  subcontractor: { repeats: false },
  originalController: { repeats: false },
  registerCode: { repeats: false },
  caseName: { repeats: false },
  caseStatus: { repeats: false },
  linkedCase: { repeats: true },
  caseLink: { repeats: true },
  serviceTask: { repeats: true },
  socialService: { repeats: true },
  generalDocumentType: { repeats: false },
  specificDocumentType: { repeats: false },
  receivedAt: { repeats: false },
  arrivalMethod: { repeats: false },
  senderOrAgent: { repeats: false },
  signerIdentificationMethod: { repeats: false },
  description: { repeats: false },
  correctionReason: { repeats: false },
  delayedUntil: { repeats: false },
  restrictionReason: { repeats: true },
  restrictionText: { repeats: false },
  guardianDisclosure: { repeats: false },
  disclosureDespiteBanReason: { repeats: true },
  attachmentOf: { repeats: false },
  clientDeathDate: { repeats: false },
} as const satisfies Record<string, { repeats: boolean }>;

export type LocalHeaderElement = keyof typeof LOCAL_HEADER_ELEMENTS;
