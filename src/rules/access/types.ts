/**
 * Plain-data inputs and outputs of the access-control decision engine (PARC shape, like Cedar's
 * `isAuthorized(principal, action, resource, context)`). Everything here is data the archive already
 * knows or the request carries; the evaluator does no I/O (domain/08 §5.0, DESIGN §10).
 */
import type { Coded, DocumentMetadata, SignerInfo } from "../../model/document.js";

/** Socialvård – Användningssituation i Klientdataarkivet (1.2.246.537.6.1289.201901), D07-R59/R60. */
export type UsageSituation = "1" | "2" | "3" | "4";

/** What the request wants to do. Search kinds follow D07-R51; the last two are the ANV 3 disclosure searches. */
export type AccessAction =
  | "store"
  | "new-version"
  | "cancel"
  | "search-client-relationship"
  | "search-case"
  | "search-metadata"
  | "fetch-document"
  | "summary"
  | "disclosure-search"
  | "extended-information";

/** Who acts: the acting organisation and its one acting service unit (never the sending system, D08-R26). */
export interface Principal {
  organisationOid: string;
  serviceUnitOid: string;
  professional?: { id: string; registrationNumber?: string };
  /** From signature verification; carried for the log only. */
  signer?: SignerInfo;
  /**
   * Set when the principal reaches the archive through someone else's joint (gemensam) or parallel
   * connection: the main joiner's OID. Used only to give the precise refusal D08-R26.
   */
  sharedConnection?: { kind: "joint" | "parallel"; mainJoinerOid: string };
}

/** Person data that a spärrmarkering can cover (domain/08 §4.6) plus the uncovered telephone number. */
export type NonDisclosureItem =
  | "permanentAddressFinland"
  | "temporaryAddressFinland"
  | "postalAddress"
  | "permanentAddressAbroad"
  | "temporaryAddressAbroad"
  | "emailAddress"
  | "permanentHomeMunicipalityCode"
  | "temporaryHomeMunicipalityCode"
  | "homeMunicipality"
  | "temporaryMunicipality"
  | "municipalitySubdivision"
  | "municipalityAtYearEnd"
  | "lutheranOrOrthodoxParish"
  | "registeredReligiousCommunity"
  | "electionData";

export type PersonalDataItem = NonDisclosureItem | "phoneNumber" | "name";

/** The person data a record (KRH or document content) carries about one person. */
export interface PersonalDataEntry {
  personId: string;
  items: Partial<Record<PersonalDataItem, string>>;
}

/** A spärrmarkering in the population-register fixture: valid from..until (until absent = indefinite), D08-R63. */
export interface NonDisclosureMarking {
  personId: string;
  validFrom: string;
  validUntil?: string;
}

/** One service-unit entry in a client's klientrelationshandling (KRH). Dates are ISO dates (YYYY-MM-DD). */
export interface ServiceUnitEntry {
  serviceUnitOid: string;
  /** The organisation the unit belongs to (organiser, producer or servicegivare). */
  organisationOid: string;
  role: "organiser" | "producer" | "subcontractor";
  /** For a servicegivare: the producer unit that designated it (D08-R13). */
  designatedByServiceUnitOid?: string;
  serviceTask?: Coded;
  start: string;
  end?: string;
}

/** Facts from the client's current KRH in one register (D08-R10/R12; the current, non-cancelled version). */
export interface ClientRelationshipFacts {
  registerId: string;
  clientId: string;
  units: readonly ServiceUnitEntry[];
  socialCareStart?: string;
  socialCareEnd?: string;
  responsibleWorkers?: readonly { id: string; serviceUnitOid?: string }[];
  /** Stored with *Gammal klientrelation* (frozen, D08-R44). */
  oldRelationship?: boolean;
  /** Person data recorded in the KRH (the only place spärr-covered data may be stored, D08-R65). */
  personalData?: readonly PersonalDataEntry[];
}

/** Facts about the case (ärende) a document is attached to, looked up by the caller from the AH. */
export interface CaseFacts {
  caseId: string;
  registerId: string;
  clientIds: readonly string[];
  createdByOrganisationOid: string;
}

/** One organisation as the organisation-register fixture knows it. */
export interface OrganisationFacts {
  oid: string;
  kind: "public" | "private";
  joinedArchive: boolean;
  /** The Kanta phase the organisation's client system implements (D08-R15). */
  phase: 1 | 2;
}

/** An extended-access grant (omfattande åtkomsträtt, D08-R27): approval + agreed verification. */
export interface ExtendedAccessGrant {
  organiserOid: string;
  producerOid: string;
  serviceUnitOids: readonly string[];
  validFrom: string;
  validTo?: string;
  /** Organiser and producer agreed on archiving old client data (D08-R35). */
  oldDataAgreement: boolean;
}

/** Which producers an organiser has given normal or extended register access (plain data). */
export interface RegisterAccessFacts {
  /** Production agreements organiser ↔ producer (D08-R14a). */
  agreements: readonly { organiserOid: string; producerOid: string }[];
  extendedGrants: readonly ExtendedAccessGrant[];
}

/** Target of a disclosure prohibition (förbud, D07-R66). */
export type ProhibitionTarget =
  | { kind: "all" }
  | { kind: "controller"; oid: string }
  | { kind: "service-task"; code: string; codeSystem: string }
  | { kind: "document"; setId: string };

/** The client's Kanta-information, disclosure permissions and prohibitions as stored in VYT (D07-R63…R69). */
export interface DisclosureConsentFacts {
  kantaInformationGivenAt?: string;
  /** Each stored permission version; the latest stored one at `now` is in force. */
  permissions: readonly { positive: boolean; storedAt: string }[];
  prohibitions: readonly { target: ProhibitionTarget; storedAt: string; revokedAt?: string }[];
}

export interface AccessContext {
  usageSituation: UsageSituation;
  /** Code from THL – Särskild anledning till åtkomst till klientuppgifter (D08-R53). */
  specialReasonCode?: string;
  /** Code from Socialvård – Grund för omfattande informationssökning (D07-R72), extended-information only. */
  extendedInformationBasisCode?: string;
  now: Date;
  /** Every service-unit OID the request names as acting; exactly one is allowed (D07-R54). */
  requestServiceUnitOids?: readonly string[];
  /** The client's current KRH in the target register; absent = the client has none there. */
  clientRelationship?: ClientRelationshipFacts;
  /** Joint case: the KRHs of the other clients of the document in the target register (D08-R25). */
  otherClientRelationships?: readonly ClientRelationshipFacts[];
  /** ANV 3: the client's KRH in the searcher's own register (saklig anknytning is verified there, D07-R70). */
  searcherRelationship?: ClientRelationshipFacts;
  /** The case of resource.caseId, when it exists in the archive. */
  caseFacts?: CaseFacts;
  organisations: readonly OrganisationFacts[];
  registerAccess: RegisterAccessFacts;
  nonDisclosure: readonly NonDisclosureMarking[];
  consent?: DisclosureConsentFacts;
  clientDeceased?: boolean;
  /** The target register's organiser ceased as a controller by a controller change in force (D08-R37…R43). */
  organiserCeased?: { model: 1 | 2; successorOid: string; effectiveDate: string };
}

export interface AccessResource {
  /** Controller OID of the target register. */
  registerId: string;
  organiserOid: string;
  clientId: string;
  caseId?: string;
  /** The document being stored / versioned / cancelled / fetched. */
  document?: DocumentMetadata;
  /** new-version / cancel: organisation that stored version 1 of the document (Q7: creator = version 1). */
  creatorOrganisationOid?: string;
  /** store / new-version of a KRH: the relationship facts the new KRH version records. */
  relationshipAfter?: ClientRelationshipFacts;
  /** Person data the stored document carries (for the spärr storage rule, D08-R65). */
  personalData?: readonly PersonalDataEntry[];
}

export type LogKind = "usage" | "disclosure";

/** What the archive's användningslogg / utlämningslogg records for one request (D08-R59/R60, DESIGN §7.8). */
export interface LogEntry {
  log: LogKind;
  at: string;
  registerId: string;
  clientId: string;
  organisationOid: string;
  serviceUnitOid: string;
  professionalId?: string;
  action: AccessAction;
  usageSituation: UsageSituation;
  outcome: "allowed" | "refused";
  basis?: AccessBasis;
  specialReasonCode?: string;
  extendedInformationBasisCode?: string;
  refusalCode?: string;
  documentId?: string;
}

export type AccessBasis =
  | "saklig-anknytning"
  | "special-reason"
  | "new-client-relationship"
  | "register-access"
  | "extended-register-access"
  | "disclosure-permission"
  | "extended-right-to-information";

/** A client-system duty that was not met: reported as a warning by default (DESIGN §7 decision 0). */
export interface AccessWarning {
  code: string;
  detail?: string;
}

export interface AccessDecision {
  allow: boolean;
  /** The error code when refused. */
  code?: string;
  reason: string;
  rule: string;
  seedLines: string;
  basis?: AccessBasis;
  log: LogEntry[];
  warnings: AccessWarning[];
}

/** A stored document as the disclosure filter sees it. */
export interface ArchivedDocument {
  registerId: string;
  metadata: DocumentMetadata;
  personalData?: readonly PersonalDataEntry[];
}

export type DisclosureMode = "simple" | "extended";

export interface DisclosureFilterContext {
  mode: DisclosureMode;
  now: Date;
  clientId: string;
  searcherOrganisationOid: string;
  searcherKind: "public" | "private";
  consent?: DisclosureConsentFacts;
  nonDisclosure: readonly NonDisclosureMarking[];
}

export type DisclosureExclusion =
  | "no-basis"
  | "client-relationship-document"
  | "old-document"
  | "phase-1-document"
  | "shelter-service"
  | "prohibited-all"
  | "prohibited-controller"
  | "prohibited-service-task"
  | "prohibited-document"
  | "own-register";

export interface DisclosureVerdict {
  document: ArchivedDocument;
  disclose: boolean;
  exclusion?: DisclosureExclusion;
  reason: string;
  rule: string;
  seedLines: string;
  /** Spärr-covered items removed from the disclosed copy (disclose = true only). */
  withheld: readonly { personId: string; item: NonDisclosureItem }[];
}
