import type { Finding } from "../errors/types.js";
import type { SoapVersion } from "../soap/envelope.js";
import type { Operation } from "./service-requests.js";

/** HL7 V3 interaction ids of the simulator profile. */
export const ARCHIVE_INTERACTION = "RCMR_IN200002FI01";
export const ACKNOWLEDGEMENT_INTERACTION = "MCCI_IN000002UV01";
/**
 * Query interactions (search kinds, fetch, summary) come with the next issue. Their names are fixed
 * here so the WSDL, the inspector and the lead engineer's pipeline can refer to them; nothing parses them yet.
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

/** An RCMR_IN200002FI01 request (store, new version, makulera) as the archive reads it. */
export interface ArchiveRequestFrame {
  interaction: typeof ARCHIVE_INTERACTION;
  messageId: InstanceId;
  creationTime: Date;
  /** creationTime/@value as sent (HL7 TS). */
  creationTimeText: string;
  interactionId: string;
  processingCode: ProcessingCode;
  /** AL when absent. */
  acceptAckCode: AcceptAckCode;
  sender: { deviceId: InstanceId; organisationOid: string };
  receiver?: { deviceId: InstanceId };
  serviceRequest: CodedValue & { operation: Operation };
  usageSituation: CodedValue & { code: "1" | "2" | "3" | "4" };
  /** controlActProcess/authorOrPerformer: the acting service unit and, when sent, the professional. */
  actor: { serviceUnitOid: string; professionalId?: InstanceId };
  /** The decoded CDA document: the exact bytes the archive stores and hashes. */
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
