import type { RequestWrapper } from "./wrapper.js";
import type { Finding } from "../errors/types.js";
import type { SoapVersion } from "../soap/envelope.js";
import type { Operation } from "./service-requests.js";

/** HL7 V3 interaction ids of the simulator profile. */
export const ARCHIVE_INTERACTION = "RCMR_IN200002FI01";
export const ACKNOWLEDGEMENT_INTERACTION = "MCCI_IN000002UV01";
/**
 * Query interactions (the five own-register search kinds of D07-R51 L29793-29803: client relationship,
 * case, metadata, document fetch, summary). Simulator-assigned names (docs/profile/wire.md §10):
 * `query` is the request (read by src/hl7/query.ts), `queryResponse` the answer carrying the
 * acknowledgement and the results.
 */
export const QUERY_INTERACTIONS = {
  query: "RCMR_IN100016FI01",
  queryResponse: "RCMR_IN100017FI01",
} as const;
export type QueryInteraction = (typeof QUERY_INTERACTIONS)[keyof typeof QUERY_INTERACTIONS];

/** HL7 interaction-id code system (interactionId/@root). */
export const HL7_INTERACTION_ROOT = "2.16.840.1.113883.1.6";
/** Usage situation code system, Socialvård – Användningssituation i Klientdataarkivet (D07-R59 L29880-29886). */
export const USAGE_SITUATION_SYSTEM = "1.2.246.537.6.1289.201901";
/** The simulator's error catalogue as a code system (acknowledgementDetail/code/@codeSystem), simulator-assigned. */
export const ERROR_CODE_SYSTEM = "1.2.246.10.99990000.1.2";
/** Device id of the simulated archive (receiver of requests, sender of acknowledgements), simulator-assigned. */
export const ARCHIVE_DEVICE_OID = "1.2.246.10.99990000.4.1";

/** Root of acknowledgement ids (extension: a UUID), simulator-assigned. */
export const ACKNOWLEDGEMENT_ID_ROOT = "1.2.246.10.99990000.4.2";

export type ProcessingCode = "P" | "T" | "D";
export type AcceptAckCode = "AL" | "ER" | "NE";
export type AckTypeCode = "AA" | "AE" | "AR";

export interface InstanceId {
  root: string;
  extension?: string;
}

export interface CodedValue {
  code: string;
  codeSystem?: string;
}

/**
 * An RCMR_IN200002FI01 request (store, new version, makulera) as the archive reads it: the shared
 * wrapper (src/hl7/wrapper.ts — message id, sender, service request, usage situation, acting unit) and
 * the decoded CDA document, the exact bytes the archive stores and hashes.
 */
export interface ArchiveRequestFrame extends RequestWrapper<Operation> {
  interaction: typeof ARCHIVE_INTERACTION;
  document: Uint8Array;
}

/** What the pipeline gets besides the frame. */
export interface ArchiveRequestContext {
  /** The whole HTTP request body as received. */
  rawRequest: Uint8Array;
  receivedAt: Date;
  /** POST /soap/validate: run every check, store nothing. */
  validateOnly: boolean;
  soapVersion: SoapVersion;
}

/** The pipeline's decision; the SOAP plugin turns it into the acknowledgement. */
export interface ArchiveRequestOutcome {
  typeCode: AckTypeCode;
  /** Errors and warnings, each one acknowledgementDetail. */
  findings: Finding[];
  /** Short parsed facts for the message log and the inspector (setId, version, client …). */
  summary: Record<string, unknown>;
}

/** Provided by src/archive (the lead engineer) and passed to soapPlugin as `handleArchiveRequest`. */
export type HandleArchiveRequest = (frame: ArchiveRequestFrame, context: ArchiveRequestContext) => Promise<ArchiveRequestOutcome>;

/** Operations a query frame (RCMR_IN100016FI01) may carry. */
export type QueryOperation = Exclude<Operation, "store" | "cancel">;

/** One metadata search criterion (D07-R58 L27845-27856): a criterion name of QUERY_CRITERIA and the value sent. */
export interface QueryCriterion {
  name: string;
  /** Coded criteria: the code; OID criteria: the OID; text criteria: the text. */
  value: string;
  /** Coded criteria only, when sent: the value must then also match the code system. */
  codeSystem?: string;
}

/** The query parameters (controlActProcess/queryByParameter/parameterList), read and checked for shape. */
export interface QueryParameters {
  /** queryByParameter/queryId, when sent (echoed in the response). */
  queryId?: InstanceId;
  /** The one client the search concerns (D07-R53 L29832-29836): personal identity code or temporary id. */
  clientId: string;
  /** Organiser whose register is searched; default the sending organisation (own register, usage situation 1). */
  registerOrganiserOid?: string;
  caseId?: string;
  /** ClinicalDocument/id of the version to fetch. */
  documentId?: string;
  /** ClinicalDocument/setId of the document to fetch, optionally with a version number. */
  setId?: string;
  versionNumber?: number;
  /** Creation date range (Datum för upprättande), inclusive, YYYY-MM-DD (Helsinki calendar dates). */
  createdFrom?: string;
  createdTo?: string;
  criteria: QueryCriterion[];
  /** THL – Särskild anledning till åtkomst till klientuppgifter (D07-R54 L29836-29842); decided by the access rules. */
  specialReason?: CodedValue;
  /** Socialvård – Grund för omfattande informationssökning (D07-R72): extended-information only. */
  extendedInformationBasis?: CodedValue;
}

/** An RCMR_IN100016FI01 query as the archive reads it. */
/** An RCMR_IN100016FI01 query: the shared wrapper and the query parameters. */
export interface QueryRequestFrame extends Omit<RequestWrapper<QueryOperation>, "interactionId"> {
  interaction: typeof QUERY_INTERACTIONS.query;
  query: QueryParameters;
}

export interface QueryRequestContext {
  rawRequest: Uint8Array;
  /** The archive's "now" for the request (request.archiveNow): active-use periods are measured against it. */
  receivedAt: Date;
  soapVersion: SoapVersion;
}

/** One result: a document version with its metadata, the bytes only where the search kind returns documents. */
export interface QueryResultItem {
  documentId: string;
  setId: string;
  versionNumber: number;
  /** The stored metadata (DocumentMetadata plus the archive's signer facts). */
  metadata: Record<string, unknown>;
  /** The exact stored bytes (SHA-256 re-checked on read); absent in metadata-only results. */
  document?: Uint8Array;
}

export interface QueryRequestOutcome {
  typeCode: AckTypeCode;
  findings: Finding[];
  results: QueryResultItem[];
  summary: Record<string, unknown>;
}

/** Provided by src/archive/queries.ts and passed to soapPlugin as `handleQueryRequest`. */
export type HandleQueryRequest = (frame: QueryRequestFrame, context: QueryRequestContext) => Promise<QueryRequestOutcome>;
