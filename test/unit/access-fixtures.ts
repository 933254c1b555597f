/**
 * The fictional world of domain/08 §7 for the access tests: organiser A with units A-SU1/A-SU2,
 * producer P (P-SU1) and its servicegivare G (G-SU1), second producer P2, tenant T in P's joint
 * connection, organiser B, THL with extended-access producers X1 and X2, clients K1…K4 (K2 with spärr).
 */
import type { DocumentMetadata } from "../../src/model/document.js";
import type {
  AccessContext,
  AccessResource,
  ClientRelationshipFacts,
  OrganisationFacts,
  Principal,
  ServiceUnitEntry,
} from "../../src/rules/access/types.js";
import { clientDocumentMetadata } from "../support/metadata.js";

export const A = "1.2.246.10.9990001.10.0";
export const P = "1.2.246.10.9990002.10.0";
export const G = "1.2.246.10.9990003.10.0";
export const P2 = "1.2.246.10.9990004.10.0";
export const T = "1.2.246.10.9990005.10.0";
export const B = "1.2.246.10.9990006.10.0";
export const THL = "1.2.246.10.9990007.10.0";
export const X1 = "1.2.246.10.9990008.10.0";
export const X2 = "1.2.246.10.9990009.10.0";
export const PRIVATE_ORG = "1.2.246.10.9990010.10.0";

export const unit = (org: string, n: number): string => `${org.replace(/\.10\.0$/, "")}.20.${n}`;
export const A_SU1 = unit(A, 1);
export const A_SU2 = unit(A, 2);
export const P_SU1 = unit(P, 1);
export const G_SU1 = unit(G, 1);
export const P2_SU1 = unit(P2, 1);
export const T_SU1 = unit(T, 1);
export const B_SU1 = unit(B, 1);
export const X1_SU1 = unit(X1, 1);
export const X1_SU9 = unit(X1, 9);
export const X2_SU1 = unit(X2, 1);
export const PRIVATE_SU1 = unit(PRIVATE_ORG, 1);

export const K1 = "010170-123F";
export const K2 = "020280-456H";
export const K3 = "030390-789J";
export const K4 = "040404A1234";

/** "Today" of every test: Wednesday 2026-11-18 at noon in Helsinki. */
export const NOW = new Date("2026-11-18T10:00:00Z");
export const TODAY = "2026-11-18";
export const YESTERDAY = "2026-11-17";
export const TOMORROW = "2026-11-19";
export const DAYS_AGO_3 = "2026-11-15";

export const CASE_X = "1.2.246.10.9990001.56.100";
export const CASE_JOINT = "1.2.246.10.9990001.56.200";

export function principal(organisationOid: string, serviceUnitOid: string, extra: Partial<Principal> = {}): Principal {
  return { organisationOid, serviceUnitOid, professional: { id: `worker@${serviceUnitOid}` }, ...extra };
}

export const ORGANISATIONS: OrganisationFacts[] = [
  { oid: A, kind: "public", joinedArchive: true, phase: 2 },
  { oid: B, kind: "public", joinedArchive: true, phase: 2 },
  { oid: THL, kind: "public", joinedArchive: true, phase: 2 },
  { oid: P, kind: "private", joinedArchive: true, phase: 2 },
  { oid: G, kind: "private", joinedArchive: true, phase: 2 },
  { oid: P2, kind: "private", joinedArchive: true, phase: 2 },
  { oid: T, kind: "private", joinedArchive: true, phase: 2 },
  { oid: X1, kind: "private", joinedArchive: true, phase: 2 },
  { oid: X2, kind: "private", joinedArchive: true, phase: 2 },
  { oid: PRIVATE_ORG, kind: "private", joinedArchive: true, phase: 2 },
];

export function entry(serviceUnitOid: string, organisationOid: string, role: ServiceUnitEntry["role"], start: string, end?: string, designatedBy?: string): ServiceUnitEntry {
  return {
    serviceUnitOid,
    organisationOid,
    role,
    start,
    ...(end ? { end } : {}),
    ...(designatedBy ? { designatedByServiceUnitOid: designatedBy } : {}),
  };
}

/** K1's KRH in A's register: A-SU1 active, P-SU1 active since 3 days, G-SU1 under P-SU1, P2-SU1 active. */
export function krhK1(overrides: Partial<ClientRelationshipFacts> = {}): ClientRelationshipFacts {
  return {
    registerId: A,
    clientId: K1,
    units: [
      entry(A_SU1, A, "organiser", "2025-01-01"),
      entry(P_SU1, P, "producer", DAYS_AGO_3),
      entry(G_SU1, G, "subcontractor", DAYS_AGO_3, undefined, P_SU1),
      entry(P2_SU1, P2, "producer", DAYS_AGO_3),
    ],
    ...overrides,
  };
}

export function context(overrides: Partial<AccessContext> = {}): AccessContext {
  return {
    usageSituation: "1",
    now: NOW,
    clientRelationship: krhK1(),
    caseFacts: { caseId: CASE_X, registerId: A, clientIds: [K1], createdByOrganisationOid: A },
    organisations: ORGANISATIONS,
    registerAccess: {
      agreements: [
        { organiserOid: A, producerOid: P },
        { organiserOid: A, producerOid: G },
        { organiserOid: A, producerOid: P2 },
      ],
      extendedGrants: [
        { organiserOid: THL, producerOid: X1, serviceUnitOids: [X1_SU1], validFrom: "2025-01-01", oldDataAgreement: false },
        { organiserOid: THL, producerOid: X2, serviceUnitOids: [X2_SU1], validFrom: "2025-01-01", oldDataAgreement: false },
      ],
    },
    nonDisclosure: [{ personId: K2, validFrom: "2024-01-01", validUntil: "2028-12-31" }],
    ...overrides,
  };
}

export function doc(overrides: Partial<DocumentMetadata> = {}): DocumentMetadata {
  return clientDocumentMetadata({
    organiser: { oid: A, name: "Välfärdsområde Alfa" },
    producer: { oid: P, name: "Hoiva Oy" },
    clients: [K1],
    caseId: CASE_X,
    documentGroup: "phase-2",
    ...overrides,
  });
}

export function resource(overrides: Partial<AccessResource> = {}): AccessResource {
  return { registerId: A, organiserOid: A, clientId: K1, ...overrides };
}
