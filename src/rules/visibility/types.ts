/**
 * Plain-data input and output of the MittKanta visibility engine (domain/03, DESIGN §7 decisions 3, 4, 7, 12).
 * Everything here is data: the engine reads no database, no clock and no configuration file.
 */
import type { DocumentMetadata, GuardianDisclosureCode } from "../../model/document.js";

/** How the MittKanta view is opened: the client himself, or someone acting for the client. */
export type ViewerRole =
  | "client" // own view (the subject himself)
  | "guardian" // vårdnadshavare acting for a minor (D03-R05)
  | "information-right" // person with a §7 (Act 361/1983) right to information (D03-R66)
  | "proxy"; // any other person acting for the client (electronic mandate; out of scope D03-R09)

export interface Viewer {
  role: ViewerRole;
  personId: string;
}

/** The client whose MittKanta is being looked at. */
export interface SubjectClient {
  personId: string;
  /** ISO date; when absent it is read from the personal identity code. */
  birthDate?: string;
  /** Spärrmarkering (turvakielto) in the population register. */
  nonDisclosure: boolean;
}

/** Version facts the archive knows about the stored version (not sent by the client system). */
export interface VersionFacts {
  versionNumber: number;
  isLatestVersion: boolean;
  /** The document has been makulerad (a version with status "raderad" exists, D07-R39). */
  cancelled: boolean;
  /** When the archive stored this version (ISO instant); drives the "Ny" marker (D03-R15). */
  storedAt: string;
}

/** Facts of the ärendehandling the document belongs to (its latest version). */
export interface CaseFacts {
  caseId?: string;
  /** Date the ärende was closed: starts the active-use period (D03-R16, D07-R45). */
  closedAt?: string;
  /** M3 on the ärendehandling. */
  delayedUntil?: string;
  /** M2 on the ärendehandling. */
  specialContent?: boolean;
  /** M6 on the ärendehandling. */
  guardianDisclosure?: GuardianDisclosureCode;
}

/** Membership changes of a joint case (gemensamt ärende), DESIGN §7.4. */
export interface JointCaseFacts {
  removals: ReadonlyArray<{ personId: string; removedAt: string }>;
}

/**
 * Shared-custody arrangement registered for the child (§5.3, L8762-8776):
 * - `none`: no agreement/order limiting this guardian;
 * - `housing-only`: concerns only housing arrangements → does not block;
 * - `structured-no-social-welfare-decisions`: structured agreement removing the right to decide in
 *   social-welfare matters → reading is still allowed ("hindrar dock inte att uppgifterna läses");
 * - `unstructured-before-structured-recording`: agreement recorded before structured recording → blocks.
 */
export type CustodyArrangement =
  | "none"
  | "housing-only"
  | "structured-no-social-welfare-decisions"
  | "unstructured-before-structured-recording";

/**
 * What the population register (DVV/MDB) and the Fullmakter service say about the viewer's relation
 * to the subject (§5.3, L8722-8776). The simulator's fake register fills this.
 */
export interface ProxyRelationFacts {
  /** Viewer registered as the child's guardian (vårdnadshavare). */
  registeredGuardian: boolean;
  /** Viewer holds a §7 (Act 361/1983) information right about the child. */
  informationRight: boolean;
  /** Spärrmarkering on the viewer himself. */
  viewerNonDisclosure: boolean;
  /** Spärrmarkering on any *other* guardian of the child. */
  otherGuardianNonDisclosure: boolean;
  /** Viewer declared incapacitated (förklarats omyndig). */
  viewerDeclaredIncapacitated: boolean;
  /** An intressebevakare appointed for the viewer. */
  viewerHasInterestGuardian: boolean;
  custodyArrangement: CustodyArrangement;
  /** Facts that do NOT block (recorded so explain mode can say so): L8766-8774. */
  childHasInterestGuardian?: boolean;
  childTakenIntoCare?: boolean;
  /** Decision not to disclose the child's whereabouts (62 § child welfare act): no automatic effect (D03-R69). */
  whereaboutsNotDisclosed?: boolean;
  /** Role "proxy" only: an electronic mandate was verified outside the simulator (D03-R09 is OUT). */
  electronicMandate?: boolean;
}

export interface VisibilitySettings {
  /** DESIGN §7.7: phase 1 hides journal notes, joint-case documents, adoption counselling and the KR document. */
  mittkantaPhase: 1 | 2;
  /** D07-R45 / DESIGN §7.3: 15 years … */
  activeUsePeriodYears: number;
  /** … counted from 2 years after the case closed. */
  activeUseStartOffsetYears: number;
  /** DESIGN §7.4: a person removed from a joint case keeps seeing documents created before removal. */
  keepAccessAfterJointCaseRemoval: boolean;
  /**
   * DESIGN §7.12: the archive never propagates case marks, so by default only the marks stored in the
   * document itself decide. `true` applies the ärendehandling's marks as well (literal §5.1 V10/V11/V17).
   */
  applyCaseLevelMarks: boolean;
  /** Q19: does a makulerad document make MittKanta show the info text? Literal reading: yes. */
  infoTextForCancelled: boolean;
  /** Q19: does the KR document hidden in phase 1 make MittKanta show the info text? Suggested: no. */
  infoTextForClientRelationshipDocument: boolean;
  /** Q4/Q5: also filter violence-prevention types and the payment commitment by type, not only by the flag. */
  filterRestrictedTypesDefensively: boolean;
}

export const DEFAULT_VISIBILITY_SETTINGS: Readonly<VisibilitySettings> = {
  mittkantaPhase: 1,
  activeUsePeriodYears: 15,
  activeUseStartOffsetYears: 2,
  keepAccessAfterJointCaseRemoval: true,
  applyCaseLevelMarks: false,
  infoTextForCancelled: true,
  infoTextForClientRelationshipDocument: false,
  filterRestrictedTypesDefensively: true,
};

/** The document to decide on: metadata of its latest version plus what the archive knows of it. */
export interface VisibilityDocument {
  metadata: DocumentMetadata;
  version: VersionFacts;
  case?: CaseFacts;
  jointCase?: JointCaseFacts;
  /** For an attachment (metadata.attachmentOf set): its main document, decided first (Q9). */
  mainDocument?: VisibilityDocument;
}

export interface VisibilityInput {
  document: VisibilityDocument;
  viewer: Viewer;
  subject: SubjectClient;
  /** Required when viewer.role ≠ "client". */
  relation?: ProxyRelationFacts;
  settings?: Partial<VisibilitySettings>;
  /** The viewer's previous login (D03-R15). */
  viewerPreviousLoginAt?: string;
  now: Date;
}

/** Stable reason codes of a visibility decision (docs/rules/visibility.md lists them all). */
export type VisibilityReason =
  | "SHOWN"
  | "HIDDEN-VIEWER-NOT-SUBJECT"
  | "HIDDEN-PROXY-NOT-ELIGIBLE"
  | "HIDDEN-NOT-A-CLIENT"
  | "HIDDEN-EARLIER-VERSION"
  | "HIDDEN-CANCELLED"
  | "HIDDEN-ACTIVE-USE-ENDED"
  | "HIDDEN-OLD-OR-PHASE-1-DOCUMENT"
  | "HIDDEN-CLIENT-RELATIONSHIP-PHASE-1-SCHEMA"
  | "HIDDEN-CLIENT-RELATIONSHIP-DOCUMENT"
  | "HIDDEN-JOURNAL-ENTRY-PHASE-1"
  | "HIDDEN-JOINT-CASE-PHASE-1"
  | "HIDDEN-ADOPTION-COUNSELLING-PHASE-1"
  | "HIDDEN-PARENTHOOD-INVESTIGATION"
  | "HIDDEN-SHELTER-SERVICES"
  | "HIDDEN-VIOLENCE-PREVENTION"
  | "HIDDEN-PAYMENT-COMMITMENT"
  | "HIDDEN-SPECIAL-CONTENT"
  | "HIDDEN-CASE-SPECIAL-CONTENT"
  | "HIDDEN-DELAYED"
  | "HIDDEN-CASE-DELAYED"
  | "HIDDEN-MAIN-DOCUMENT-HIDDEN"
  | "HIDDEN-REMOVED-FROM-JOINT-CASE"
  | "HIDDEN-JOINT-CASE-PROXY-NOT-MEMBER"
  | "HIDDEN-GUARDIAN-BAN";

/** Markers MittKanta shows beside a shown document (§4.1 "Other UI markers"). */
export type NoticeCode = "NEW" | "DELAY-ENDED" | "NOT-SHOWN-TO-GUARDIAN" | "JOINTLY-CREATED";

export interface Notice {
  code: NoticeCode;
  rule: string;
  seedLines: string;
  sv: string;
  fi: string;
  en: string;
}

/** One rule that matched while deciding (explain mode prints them all). */
export interface RuleHit {
  reason: VisibilityReason;
  rule: string;
  seedLines: string;
  countsForInfoText: boolean;
}

export interface VisibilityDecision {
  shown: boolean;
  reason: VisibilityReason;
  rule: string;
  seedLines: string;
  notices: Notice[];
  /** Whether this hiding makes MittKanta show the info text of §4.1 (always false when shown). */
  countsForInfoText: boolean;
  /** Every hiding rule that matched, in evaluation order; the first one decided. */
  hits: RuleHit[];
}
