/**
 * Builders of constructed archives for the Sosdata derivation tests: real DocumentMetadata values (via
 * the shared test metadata builder) with the code systems the archive uses, plus KR and decision facts.
 */
import type { Coded, DocumentMetadata } from "../../src/model/document.js";
import { CODE_SYSTEMS } from "../../src/rules/storage/code-systems.js";
import type { ClientRelationshipFacts, DecisionFacts, ServiceUnitRelationship, SosdataPeriod } from "../../src/rules/sosdata/index.js";
import { clientDocumentMetadata } from "../support/metadata.js";

export const ORGANISER = "1.2.246.10.99990001.10.0";
export const OTHER_ORGANISER = "1.2.246.10.99990001.20.0";
/** The first Sosdata follow-up period (S003 L39). */
export const Q1_2023: SosdataPeriod = { from: "2023-01-01", to: "2023-03-31", organiserOid: ORGANISER };

export const ANNA = "010150-123A";
export const BO = "020260-234B";
export const CHILD = "030315A345C";

/** Service tasks (Serviceuppgift 2016). */
export const TASK = { childProtection: "10", elderly: "23", families: "24", workingAge: "26", disability: "27" } as const;
/** Social services (fixtures/code-lists/social-service.json). */
export const SERVICE = { personalAssistance: "11", homeCare: "15", carerSupport: "30", familyCare: "35", familyWork: "37", socialWork: "47", intensifiedFamilyWork: "50", roundTheClockHousing: "69" } as const;
/** Specifying document types that are service decisions (S003 L96-106) and one that is not. */
export const DECISION_TYPE = { elderly: "308", workingAge: "311", families: "310", childProtection: "387", disability: "390", livelihood: "304", urgentPlacement: "364" } as const;

const task = (code: string): Coded => ({ code, codeSystem: CODE_SYSTEMS.serviceTask });
const service = (code: string): Coded => ({ code, codeSystem: CODE_SYSTEMS.socialService });

let sequence = 0;
function nextSetId(): string {
  sequence += 1;
  return `1.2.246.10.99990001.77.${sequence}`;
}

export interface CaseSpec {
  clients: string | string[];
  task: string | string[];
  opened?: string;
  closed?: string;
  /** "open" / "closed" status code; default: closed when a closing date is given. */
  status?: "open" | "closed";
  caseId?: string;
  organiser?: string;
}

/** A case document (ärendehandling) with opening/closing dates (#13, #14) and status (#15). */
export function caseDoc(spec: CaseSpec): DocumentMetadata {
  const setId = nextSetId();
  const caseId = spec.caseId ?? `${setId}.1`;
  return clientDocumentMetadata({
    setId,
    documentId: `${setId}.v1`,
    documentGroup: "case",
    organiser: { oid: spec.organiser ?? ORGANISER },
    clients: [spec.clients].flat(),
    caseId,
    serviceTasks: [spec.task].flat().map(task),
    ...(spec.opened !== undefined && { caseOpenedAt: spec.opened }),
    ...(spec.closed !== undefined && { caseClosedAt: spec.closed }),
    ...(spec.status !== undefined && { caseStatus: { code: spec.status === "closed" ? "2" : "1", codeSystem: CODE_SYSTEMS.caseStatus } }),
  });
}

/** A later version of the same document (same setId) with overrides. */
export function nextVersion(doc: DocumentMetadata, overrides: Partial<DocumentMetadata> = {}): DocumentMetadata {
  const versionNumber = doc.versionNumber + 1;
  return { ...doc, documentId: `${doc.setId}.v${versionNumber}`, versionNumber, replacesDocumentId: doc.documentId, ...overrides };
}

/** A client-relationship document (KR, no case id) and its facts. */
export function krDoc(client: string | string[], facts: Omit<ClientRelationshipFacts, "documentId"> = { serviceTaskEntries: [] }, organiser = ORGANISER): { doc: DocumentMetadata; facts: ClientRelationshipFacts } {
  const setId = nextSetId();
  const doc = clientDocumentMetadata({ setId, documentId: `${setId}.v1`, documentGroup: "client-relationship", organiser: { oid: organiser }, clients: [client].flat(), serviceTasks: [] });
  delete doc.caseId;
  return { doc, facts: { ...facts, documentId: doc.documentId } };
}

export function unit(oid: string, start: string | undefined, end: string | undefined, services: string[], role: ServiceUnitRelationship["role"] = "organiser"): ServiceUnitRelationship {
  return { role, serviceUnit: { oid }, ...(start !== undefined && { start }), ...(end !== undefined && { end }), socialServices: services.map(service) };
}

export function taskEntry(code: string, units: ServiceUnitRelationship[]): ClientRelationshipFacts["serviceTaskEntries"][number] {
  return { serviceTask: task(code), serviceUnits: units };
}

/** A client document of the given service process (5 = Genomförande av tjänster), e.g. a journal entry. */
export function clientDoc(spec: { clients: string | string[]; createdAt: string; task: string; services: string[]; process?: string; organiser?: string }): DocumentMetadata {
  const setId = nextSetId();
  return clientDocumentMetadata({
    setId,
    documentId: `${setId}.v1`,
    organiser: { oid: spec.organiser ?? ORGANISER },
    clients: [spec.clients].flat(),
    createdAt: spec.createdAt,
    serviceProcess: { code: spec.process ?? "5", codeSystem: CODE_SYSTEMS.serviceProcess },
    serviceTasks: [task(spec.task)],
    socialServices: spec.services.map(service),
    generalType: { code: "2", codeSystem: CODE_SYSTEMS.generalType },
  });
}

/** A decision (general type Beslut) with its specifying type and facts. */
export function decisionDoc(spec: {
  client: string;
  type?: string;
  task: string;
  services: string[];
  createdAt?: string;
  facts?: Omit<DecisionFacts, "documentId">;
}): { doc: DocumentMetadata; facts?: DecisionFacts } {
  const setId = nextSetId();
  const doc = clientDocumentMetadata({
    setId,
    documentId: `${setId}.v1`,
    clients: [spec.client],
    createdAt: spec.createdAt ?? spec.facts?.decidedAt ?? "2023-01-10T09:00:00+02:00",
    serviceProcess: { code: "4", codeSystem: CODE_SYSTEMS.serviceProcess },
    serviceTasks: [task(spec.task)],
    socialServices: spec.services.map(service),
    generalType: { code: "12", codeSystem: CODE_SYSTEMS.generalType },
    ...(spec.type !== undefined && { specificType: { code: spec.type, codeSystem: CODE_SYSTEMS.specificType } }),
  });
  return { doc, ...(spec.facts && { facts: { ...spec.facts, documentId: doc.documentId } }) };
}
