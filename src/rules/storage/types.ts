import { errorEntry, finding } from "../../errors/catalogue.js";
import type { Finding } from "../../errors/types.js";
import type { DocumentBody, DocumentMetadata, GuardianDisclosureCode, SignerInfo } from "../../model/document.js";
import type { StorageErrorCode } from "./errors.js";

/** What the request asks the archive to do with the document (D06-R13..R16). */
export type StorageOperation = "store" | "version" | "cancel";

/** The organiser's Kanta phase in the register the document is stored into (01 §phases). */
export type RegisterPhase = 1 | 2;

/** A code's validity in the code service, as a repository loads it; undefined = no such code. */
export interface CodeValidity {
  validFrom?: string;
  validTo?: string;
}
export type CodeLookup = (codeSystem: string, code: string) => CodeValidity | undefined;

/** Signature facts from signature verification (never from the sender's claims). */
export interface SignatureFacts {
  signer?: Pick<SignerInfo, "kind">;
  /** "Underskriftens typ" in the content says the document is signed by hand (06 §3.4). */
  signedByHand?: boolean;
}

/** Client ids the HL7 frame and the structured content name (D06-R21, D06-R28). */
export interface ClientIdFacts {
  /** Client ids the HL7 frame names; absent when the frame carries none (the simulator's frame today). */
  frameClientIds?: string[];
  /** Personal identity codes and temporary ids found in the content; absent = content not read (unstructured). */
  contentClientIds?: string[];
  /** Birth dates stated in metadata or content, per client id (D06-R19). */
  statedBirthDates?: Record<string, string>;
}

/** A temporary id that the organiser's register has switched to an official code (06 §5.2). */
export interface IdentityLink {
  temporaryId: string;
  officialCode: string;
  /** setId of the client relationship document whose version made the switch. */
  clientRelationshipSetId: string;
}

/** The document's stored versions, if its setId is known to the archive (D06-R11..R16). */
export interface VersionFacts {
  latestVersionNumber: number;
  latestDocumentId: string;
  latestCancelled: boolean;
  /** The metadata of the latest version (for identity switches and mark removal). */
  latest: DocumentMetadata;
}

/** A stored client relationship document of one of the clients in the same register. */
export interface ClientRelationshipFacts {
  setId: string;
  clientId: string;
  organiserOid: string;
  oldClientRelationship: boolean;
  cancelled: boolean;
}

/** The case a document names (its latest case-document version), as stored. */
export interface CaseFacts {
  setId: string;
  caseId: string;
  registerCode?: string;
  cancelled: boolean;
  closed: boolean;
  /** Clients of the case with join/leave times (joint cases, D04-R51). */
  participants: { clientId: string; joinedAt?: string; leftAt?: string }[];
  specialContent?: boolean;
  delayedUntil?: string;
  guardianDisclosure?: GuardianDisclosureCode;
}

/** The main document an attachment names. */
export interface MainDocumentFacts {
  setId: string;
  cancelled: boolean;
}

/** A non-cancelled document that references the document being cancelled (D07-R40). */
export interface DependantFacts {
  setId: string;
  kind: "attachment" | "client-document" | "case";
}

/** Everything the storage checks need: the document and plain facts a repository loads. */
export interface StorageCheckInput {
  operation: StorageOperation;
  /** Storage time (injected clock). */
  now: Date;
  document: DocumentMetadata;
  /** The body forms the document carries (D07-R26). */
  body: DocumentBody;
  registerPhase: RegisterPhase;
  /** The document arrived from outside social welfare (metadata #24-#26 become mandatory). */
  incoming?: boolean;
  clientIds: ClientIdFacts;
  identityLinks: IdentityLink[];
  /** Stored versions of document.setId, if any. */
  versions?: VersionFacts;
  /** Whether document.documentId already exists anywhere in the archive (D06-R11). */
  documentIdExists: boolean;
  /** Stored client relationship documents of the document's clients in this register. */
  clientRelationships: ClientRelationshipFacts[];
  /** The stored case named by document.caseId, if any (client documents and case versions). */
  case?: CaseFacts;
  /** setId of another case document already holding document.caseId (D04-R33). */
  caseIdHeldBySetId?: string;
  /** Stored cases named by document.caseLinks (Ärendekoppling), wherever they are (D07-R106). */
  linkedCases?: { caseId: string; registerCode?: string; organiserOid: string }[];
  /** The stored main document named by document.attachmentOf, if any. */
  mainDocument?: MainDocumentFacts;
  /** Non-cancelled documents that reference this document (for makulering). */
  dependants: DependantFacts[];
  signature: SignatureFacts;
  codes: CodeLookup;
  /** professional_signature of a specifying type code, from fixtures/code-lists/document-type-specific.json. */
  professionalSignatureOf: (specificTypeCode: string) => "professional" | "professional-and-private" | "private-or-professional" | undefined;
}

export interface StorageCheckSettings {
  /** Client-system duties become refusals (DESIGN §7 decision 0). */
  strict: boolean;
  /** Serviceenhet mandatory on KR and ÄR from this date (D07-R29, "09/2023"). */
  serviceUnitCutover: string;
  /** Which date the cut-over is measured against: storage time (default) or the document's creation. */
  serviceUnitCutoverBasis: "storage" | "created";
  /** Last day a 2017 case name is valid on an open case (D04-R37). */
  caseName2017ValidTo: string;
  /** First day of the 2023 case names (D04-R37). */
  caseName2023ValidFrom: string;
}

export const DEFAULT_STORAGE_SETTINGS: StorageCheckSettings = {
  strict: false,
  serviceUnitCutover: "2023-09-01",
  serviceUnitCutoverBasis: "storage",
  caseName2017ValidTo: "2024-08-31",
  caseName2023ValidFrom: "2023-01-01",
};

/** A finding whose severity follows who enforces the rule: archive → error, client system → warning. */
export function report(code: StorageErrorCode, location: string, detail?: string): Finding {
  return finding(code, location, detail, errorEntry(code).enforcement === "client-system" ? "warning" : "error");
}

/** Calendar date (YYYY-MM-DD) of an instant or a date/time string, in UTC. */
export function dateOf(value: Date | string): string {
  if (typeof value === "string") return value.slice(0, 10);
  return value.toISOString().slice(0, 10);
}

export const isClientDocumentGroup = (group: DocumentMetadata["documentGroup"]): boolean =>
  group === "old" || group === "phase-1" || group === "phase-2" || group === "journal-entry";
