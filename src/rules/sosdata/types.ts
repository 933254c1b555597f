/**
 * Plain data of the Sosdata derivation (issue 10): what goes in (the archive's latest non-cancelled
 * document versions + the few structured facts read from KR and decision content) and what comes out
 * (three row families + a completeness report). Seed 003 = THL's notice on delivering data to Sosdata,
 * cited `S003 Lnn`; seed 002 = the Kanta handbook, cited `Lnnnnn`. See docs/sosdata.md.
 */
import type { Coded, DocumentMetadata, OrganisationRef } from "../../model/document.js";

/** The follow-up period (uppföljningsperiod, S003 L39) and the organiser whose register is exported. Dates are inclusive `YYYY-MM-DD`. */
export interface SosdataPeriod {
  from: string;
  to: string;
  organiserOid: string;
}

/** Which unit of a service-task entry the relationship is with (the three nested groups of the KR, D05 §3.4, L20357-20369). */
export type ServiceUnitRole = "organiser" | "producer" | "subcontractor";

/** A service-unit client relationship recorded in the KR, with the social services given in it (S003 L64, L122). */
export interface ServiceUnitRelationship {
  role: ServiceUnitRole;
  serviceUnit: OrganisationRef;
  /** Start / end of the client relationship at the unit (ISO date or date-time); end absent = ongoing. */
  start?: string;
  end?: string;
  socialServices: Coded[];
}

/** One entry of the KR information group "Serviceuppgift inom socialvården" (cumulative, D05-R31, L20594-20637). */
export interface ServiceTaskEntry {
  serviceTask: Coded;
  serviceUnits: ServiceUnitRelationship[];
}

/** Structured facts read from one client-relationship document (klientrelationshandling) version. */
export interface ClientRelationshipFacts {
  /** documentId of the KR version the facts were read from (must be a document of `SosdataInput.documents`). */
  documentId: string;
  /** Child-protection client relationship (BSL 27 §), only in the child's KR (D05-R33, L20580-20592; S003 L53). */
  childProtection?: { start?: string; end?: string };
  serviceTaskEntries: ServiceTaskEntry[];
}

/** Structured facts read from one decision (beslut) version; the metadata gives type, services and tasks. */
export interface DecisionFacts {
  documentId: string;
  /** Positive (service granted) or negative (refused) decision (S003 L114-117). Absent = not readable. */
  outcome?: "positive" | "negative";
  /** Date the decision was made; when absent the document's creation date (#M16) is used. */
  decidedAt?: string;
  /** Validity period (giltighetstid, S003 L65, L67). `validTo` absent = valid until further notice. */
  validFrom?: string;
  validTo?: string;
}

/** The derivation's input: the latest non-cancelled version of each archived document (D05-R29, L20568-20570) + content facts. */
export interface SosdataInput {
  documents: readonly DocumentMetadata[];
  clientRelationships?: readonly ClientRelationshipFacts[];
  decisions?: readonly DecisionFacts[];
}

/** Family 1: a client-relationship period in one service task (S003 L45). */
export interface ClientRelationshipPeriodRow {
  organiserOid: string;
  client: string;
  serviceTask: string;
  /** Opening date of the first case of the period (YYYY-MM-DD). */
  start: string;
  /** Closing date of the last case; absent while a case of the period is open. */
  end?: string;
  /** The cases (ärendekod) the period is made of, in opening order. */
  caseIds: string[];
}

/** Family 2: a child-protection client relationship under the Child Welfare Act (S003 L53). */
export interface ChildProtectionRow {
  organiserOid: string;
  client: string;
  start: string;
  end?: string;
  /** documentId of the KR version the dates come from. */
  documentId: string;
}

/** The three phase-1 sources of social-service data (S003 L61-65). */
export type SocialServiceSource = "implementation-document" | "service-unit-relationship" | "service-decision";

/** The four kinds of service-decision data (S003 L112-117). */
export type DecisionCategory = "positive-made-in-period" | "positive-in-force-through-period" | "positive-ending-in-period" | "negative";

/** Family 3: a social service the client received (or was refused) in the follow-up period. */
export interface SocialServiceRow {
  organiserOid: string;
  client: string;
  socialService: string;
  /** Service tasks (2016 codes) the source document or KR entry names. */
  serviceTasks: string[];
  source: SocialServiceSource;
  /** implementation-document: first/last document date in the period; service-unit-relationship: unit relationship start/end. */
  start?: string;
  end?: string;
  serviceUnitOid?: string;
  decisionCategory?: DecisionCategory;
  /** Specifying document type (#23) of the decision. */
  decisionType?: string;
  decidedAt?: string;
  validFrom?: string;
  validTo?: string;
  /** The documents the row rests on. */
  documentIds: string[];
}

export type SosdataFamily = "client-relationship-periods" | "child-protection" | "social-services";

/** Why something could not be derived; stable codes, documented in docs/sosdata.md. */
export type CompletenessReason =
  | "case-without-opening-date"
  | "case-closed-without-closing-date"
  | "case-without-service-task"
  | "case-several-service-tasks"
  | "client-relationship-document-missing"
  | "client-relationship-facts-missing"
  | "client-relationship-document-several-clients"
  | "child-protection-without-start"
  | "service-task-entry-without-service-unit"
  | "service-unit-relationship-without-start"
  | "service-unit-relationship-without-social-service"
  | "implementation-document-without-social-service"
  | "decision-without-specific-type"
  | "decision-facts-missing"
  | "decision-outcome-missing"
  | "decision-without-social-service"
  | "decision-without-validity-period";

export interface CompletenessIssue {
  family: SosdataFamily;
  reason: CompletenessReason;
  /** The client concerned (every client of the document when it names several). */
  client?: string;
  documentId?: string;
  serviceTask?: string;
  /** English explanation for the reader of the report. */
  detail: string;
  /** Where the rule comes from (`S003 Lnn` / `Lnnnnn`). */
  source: string;
}

export interface SosdataResult {
  clientRelationshipPeriods: ClientRelationshipPeriodRow[];
  childProtectionRelationships: ChildProtectionRow[];
  socialServices: SocialServiceRow[];
  completeness: CompletenessIssue[];
}
